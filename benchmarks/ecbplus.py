"""ECB+ test (topics 36–45): same-event clustering, BCubed and Miranda pairwise F1.

    .venv/bin/python benchmarks/ecbplus.py

Parameters come from src/parallax/data/story_params.json (fitted on train/dev by
benchmarks/fit_story_params.py); the 210 test documents are clustered together, topics unknown.
Modes: batch (average link), streaming (one pass in 5 seeded random orders: mean ± std), and
streaming followed by one merge pass. Also a sanity check of the reprint detector: no reprint
group may span two gold events. MiniLM vectors are cached under ~/.cache/parallax.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _ecbplus_data as ecb
from parallax.stories import StoryIndex, StoryOptions, cluster_batch, find_reprints

SEEDS = range(5)


def scores(gold: list[str], labels: list[str]) -> dict[str, float]:
    bp, br, bf = ecb.bcubed(gold, labels)
    pp, pr, pf = ecb.pairwise(gold, labels)
    return {"bcubed_p": bp, "bcubed_r": br, "bcubed_f1": bf, "pairwise_p": pp,
            "pairwise_r": pr, "pairwise_f1": pf, "clusters": float(len(set(labels)))}


def streaming(split: ecb.Split, options: StoryOptions, *, merge: bool) -> list[dict[str, float]]:
    runs = []
    for seed in SEEDS:
        order = list(range(len(split.articles)))
        random.Random(seed).shuffle(order)
        index = StoryIndex(options)
        index.add([split.articles[i] for i in order], split.embeddings[order])
        if merge:
            index.merge_pass()
        runs.append(scores(split.gold, [index.story_of(a.id) or "" for a in split.articles]))
    return runs


def summarise(runs: list[dict[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for key in runs[0]:
        values = [r[key] for r in runs]
        out[key] = round(statistics.mean(values), 4)
        out[key + "_std"] = round(statistics.pstdev(values), 4)
    return out


def line(name: str, s: dict[str, float]) -> str:
    return (f"{name:<22} pairwise P/R/F1 {s['pairwise_p']:.3f}/{s['pairwise_r']:.3f}/"
            f"{s['pairwise_f1']:.3f}   BCubed P/R/F1 {s['bcubed_p']:.3f}/{s['bcubed_r']:.3f}/"
            f"{s['bcubed_f1']:.3f}" + (f" ±{s['bcubed_f1_std']:.3f}" if "bcubed_f1_std" in s
                                       else "") + f"   clusters {s['clusters']:.1f}")


def main() -> None:
    if not ecb.ECB.is_dir():
        print(f"skipped: {ecb.ECB} is absent")
        print(json.dumps({"benchmark": "ecbplus", "skipped": True}))
        return
    splits = ecb.load_splits()
    test = splits["test"]
    options = StoryOptions()
    print(f"ECB+ test: {len(test.articles)} docs, {len(set(test.gold))} gold events; params "
          f"meaning={options.w_embedding} wording={options.w_wording} actors={options.w_actors}")
    started = time.perf_counter()
    batch = {k: round(v, 4) for k, v in
             scores(test.gold, cluster_batch(test.articles, test.embeddings, options=options))
             .items()}
    stream = summarise(streaming(test, options, merge=False))
    merged = summarise(streaming(test, options, merge=True))
    elapsed = time.perf_counter() - started
    print(line("batch (average link)", batch))
    print(line("streaming, 5 orders", stream))
    print(line("streaming + merge", merged))
    print("baselines (README): TF-IDF average-link BCubed F1 .874, MiniLM .841, "
          "streaming TF-IDF .843")

    gold_of = {a.id: g for a, g in zip(test.articles, test.gold, strict=True)}
    every = [a for s in splits.values() for a in s.articles]
    gold_of.update({a.id: g for s in splits.values()
                    for a, g in zip(s.articles, s.gold, strict=True)})
    groups = find_reprints(every)
    crossing = sum(len({gold_of[i] for i in g.article_ids}) > 1 for g in groups)
    print(f"reprints over all 982 docs: {len(groups)} groups, "
          f"{sum(len(g.article_ids) for g in groups)} docs, {crossing} crossing gold events")
    print(json.dumps({
        "benchmark": "ecbplus", "split": "test", "docs": len(test.articles),
        "gold_events": len(set(test.gold)), "batch": batch, "streaming": stream,
        "streaming_merge": merged, "reprint_groups": len(groups),
        "reprint_groups_crossing_events": crossing, "seconds": round(elapsed, 2),
    }))


if __name__ == "__main__":
    main()
