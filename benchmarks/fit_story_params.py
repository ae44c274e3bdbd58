"""Fit the stories stage's weights and thresholds on ECB+ train and dev; write the JSON.

    .venv/bin/python benchmarks/fit_story_params.py            # prints, writes
    src/parallax/data/story_params.json

1. Weights (meaning, wording, actors) on a simplex grid (step 0.05) and the batch threshold: the
   pair maximising the mean BCubed F1 of average-link clustering over train and dev.
2. With those weights, the online join threshold: mean BCubed F1 over 5 random orders of train
   and of dev, one pass.
3. The merge threshold (step 0.02): one pass then ``merge_pass``, same orders.
Test (topics 36–45) is never read here.
"""

from __future__ import annotations

import itertools
import json
import random
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _ecbplus_data as ecb
from parallax.stories import StoryIndex, StoryOptions, agglomerate, pairwise_scores

OUT = Path(__file__).resolve().parents[1] / "src" / "parallax" / "data" / "story_params.json"
SEEDS = range(5)


def streaming_f1(split: ecb.Split, options: StoryOptions, *, merge: bool) -> float:
    scores = []
    for seed in SEEDS:
        order = list(range(len(split.articles)))
        random.Random(seed).shuffle(order)
        index = StoryIndex(options)
        index.add([split.articles[i] for i in order], split.embeddings[order])
        if merge:
            index.merge_pass()
        labels = [index.story_of(split.articles[i].id) or "" for i in range(len(order))]
        scores.append(ecb.bcubed(split.gold, labels)[2])
    return float(np.mean(scores))


def main() -> None:
    if not ecb.ECB.is_dir():
        sys.exit(f"ECB+ not found at {ecb.ECB}")
    splits = ecb.load_splits()
    fit = [splits["train"], splits["dev"]]
    matrices = [pairwise_scores(s.articles, s.embeddings) for s in fit]
    thresholds = np.round(np.arange(0.08, 0.50, 0.01), 2)
    best = (-1.0, (0.0, 0.0, 0.0), 0.0)
    steps = 20
    for i, j in itertools.product(range(steps + 1), repeat=2):
        if i + j > steps:
            continue
        weights = (i / steps, j / steps, (steps - i - j) / steps)
        scored = [sum(w * m for w, m in zip(weights, mats, strict=True)) for mats in matrices]
        for t in thresholds:
            f1 = float(np.mean([ecb.bcubed(s.gold, [str(x) for x in agglomerate(sc, t)])[2]
                                for s, sc in zip(fit, scored, strict=True)]))
            if f1 > best[0]:
                best = (f1, weights, float(t))
    f1, (w_e, w_w, w_a), batch_t = best
    print(f"batch: weights meaning={w_e} wording={w_w} actors={w_a} threshold={batch_t} "
          f"train+dev BCubed F1={f1:.4f}")

    base = StoryOptions(w_embedding=w_e, w_wording=w_w, w_actors=w_a, batch_threshold=batch_t)
    join = max(((float(np.mean([streaming_f1(s, StoryOptions(**{**vars(base),
                                                                 "join_threshold": t}),
                                              merge=False) for s in fit])), float(t))
                for t in thresholds), key=lambda x: x[0])
    print(f"online: join threshold={join[1]} train+dev BCubed F1={join[0]:.4f}")
    merge = max(((float(np.mean([streaming_f1(s, StoryOptions(**{**vars(base),
                                                                  "join_threshold": join[1],
                                                                  "merge_threshold": t}),
                                               merge=True) for s in fit])), float(t))
                 for t in np.round(np.arange(0.08, 0.42, 0.02), 2)), key=lambda x: x[0])
    print(f"merge: merge threshold={merge[1]} train+dev BCubed F1 after merge={merge[0]:.4f}")
    params = {
        "w_embedding": w_e, "w_wording": w_w, "w_actors": w_a,
        "batch_threshold": batch_t, "join_threshold": join[1], "merge_threshold": merge[1],
        "fitted_on": "ECB+ train+dev (Cybulska & Vossen 2014, CC BY 3.0), mean BCubed F1; "
                     "benchmarks/fit_story_params.py",
        "fit_bcubed_f1": {"batch": round(f1, 4), "online": round(join[0], 4),
                          "online_merge": round(merge[0], 4)},
    }
    OUT.write_text(json.dumps(params, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")
    print(json.dumps({"benchmark": "fit_story_params", **params}))


if __name__ == "__main__":
    main()
