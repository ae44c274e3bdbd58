"""Scale of the online clustering step: time and peak memory for 10k, 50k, 200k articles.

    .venv/bin/python benchmarks/cluster_scale.py [--sizes 10000,50000,200000]

Synthetic articles over 60 days (no real text): n/5 stories, each with a random 384-d centre,
a start day, 1–3 days of coverage, 25 topic words from a 50,000-word vocabulary and 4 names;
story sizes follow a Zipf-like law. An article = its story's centre plus Gaussian noise
(cosine to the centre ≈ 0.7), 20 of its story's topic words + 40 background words (Zipf over the
vocabulary), 3 of its story's names mid-sentence. Articles arrive in time order, one day per
``add`` call. Each size runs in a fresh process so that the peak RSS is its own; the reported
memory is the peak minus the RSS before clustering (the embeddings themselves, n×384 float32,
are part of the input and counted before). Cost per article should stay flat if the window
keeps the work per article bounded: the script prints time / (n log2 n).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time

import numpy as np

from parallax.models import Article
from parallax.stories import StoryIndex

DAYS = 60
DIMS = 384


def synthetic(n: int, seed: int = 0) -> tuple[list[Article], np.ndarray, list[int]]:
    rng = np.random.default_rng(seed)
    n_stories = max(1, n // 5)
    weights = 1.0 / np.arange(1, n_stories + 1) ** 0.8
    story = rng.choice(n_stories, size=n, p=weights / weights.sum())
    start = rng.integers(0, DAYS - 2, size=n_stories)
    centres = rng.normal(size=(n_stories, DIMS)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    topic_words = rng.integers(0, 50_000, size=(n_stories, 25))
    names = rng.integers(0, 20_000, size=(n_stories, 4))
    day = start[story] + rng.integers(0, 3, size=n)
    order = np.argsort(day, kind="stable")
    story, day = story[order], day[order]
    noise = rng.normal(size=(n, DIMS)).astype(np.float32) / math.sqrt(DIMS)
    vectors = centres[story] + noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    zipf = rng.zipf(1.3, size=(n, 40)) % 50_000
    articles = []
    for i in range(n):
        s = story[i]
        words = [f"w{w}" for w in rng.choice(topic_words[s], 20)] + [f"w{w}" for w in zipf[i]]
        who = " and ".join(f"N{x}" for x in rng.choice(names[s], 3, replace=False))
        articles.append(Article(
            id=f"a{i}", source="synthetic", headline=" ".join(words[:6]),
            paragraphs=(" ".join(words[6:30]) + f" said {who} on the day.",
                        " ".join(words[30:])),
            published=f"2024-{1 + int(day[i]) // 28:02d}-{1 + int(day[i]) % 28:02d}",
        ))
    return articles, vectors, [int(s) for s in story]


def run_one(n: int) -> dict[str, float]:
    articles, vectors, truth = synthetic(n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    index = StoryIndex()
    started = time.perf_counter()
    days = [a.published for a in articles]
    start = 0
    while start < n:
        end = start
        while end < n and days[end] == days[start]:
            end += 1
        index.add(articles[start:end], vectors[start:end])
        start = end
    add_seconds = time.perf_counter() - started
    merge_started = time.perf_counter()
    index.merge_pass()
    merge_seconds = time.perf_counter() - merge_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    labels = [index.story_of(a.id) or "" for a in articles]
    return {"n": n, "add_seconds": round(add_seconds, 2), "merge_seconds": round(merge_seconds, 2),
            "articles_per_s": round(n / add_seconds, 1),
            "us_per_nlog2n": round(1e6 * (add_seconds + merge_seconds) / (n * math.log2(n)), 3),
            "extra_peak_mb": round((peak - before) / 1024, 1),
            "stories": len(set(labels)), "true_stories": len(set(truth)),
            "bcubed_f1_vs_synthetic_truth": round(_bcubed_f1(truth, labels), 4)}


def _bcubed_f1(gold: list[int], pred: list[str]) -> float:
    pairs: dict[tuple[int, str], int] = {}
    gs: dict[int, int] = {}
    ps: dict[str, int] = {}
    for g, p in zip(gold, pred, strict=True):
        pairs[(g, p)] = pairs.get((g, p), 0) + 1
        gs[g] = gs.get(g, 0) + 1
        ps[p] = ps.get(p, 0) + 1
    precision = sum(c * c / ps[p] for (_, p), c in pairs.items()) / len(gold)
    recall = sum(c * c / gs[g] for (g, _), c in pairs.items()) / len(gold)
    return 2 * precision * recall / (precision + recall)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,50000,200000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run([sys.executable, __file__, "--one", str(n)], check=True,
                              capture_output=True, text=True)
        row = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(row)
        print(f"n={n:>7}: add {row['add_seconds']:>7.2f} s ({row['articles_per_s']:.0f}/s), "
              f"merge {row['merge_seconds']:.2f} s, time/(n log2 n) {row['us_per_nlog2n']:.3f} µs, "
              f"extra peak {row['extra_peak_mb']:.0f} MB, stories {row['stories']} "
              f"(true {row['true_stories']}), BCubed F1 vs truth "
              f"{row['bcubed_f1_vs_synthetic_truth']:.3f}", flush=True)
    print(json.dumps({"benchmark": "cluster_scale", "days": DAYS, "results": results}))


if __name__ == "__main__":
    main()
