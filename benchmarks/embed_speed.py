"""Embedding speed on one core: batched embed_articles vs one article per call.

    .venv/bin/python benchmarks/embed_speed.py [--n 96]

Leads of ~1,000 characters from ECB+ documents (the texts are read, never stored), or
synthetic fiction when the data is absent. Baseline (naive): the same model called with one
article at a time. Figures: articles/s for both and the ratio, with torch.set_num_threads(1).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _ecbplus_data as ecb
from parallax.embed import article_lead, embed_articles, load_embedder
from parallax.models import Article


def sample(n: int) -> list[Article]:
    if ecb.ECB.is_dir():
        return [ecb.to_article(d) for d in ecb.load_docs()[:n]]
    text = ("Varnian Defence Minister Daria Holm said the river port of Brenna was shelled "
            "overnight and that the ferry terminal was damaged. ") * 8
    return [Article(id=str(i), source="synthetic", headline=f"Brenna shelled, day {i}",
                    paragraphs=(text,)) for i in range(n)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=96)
    parser.add_argument("--batch-size", type=int, default=32)
    args = parser.parse_args()
    torch.set_num_threads(1)
    started = time.perf_counter()
    embedder = load_embedder()
    load_seconds = time.perf_counter() - started
    articles = sample(args.n)
    chars = float(np.mean([len(article_lead(a)) for a in articles]))
    embed_articles(articles[:4], embedder)  # warm-up
    started = time.perf_counter()
    batched = embed_articles(articles, embedder, batch_size=args.batch_size)
    batched_rate = len(articles) / (time.perf_counter() - started)
    started = time.perf_counter()
    naive = np.vstack([embed_articles([a], embedder) for a in articles])
    naive_rate = len(articles) / (time.perf_counter() - started)
    agreement = float(np.min(np.sum(batched * naive, axis=1)))
    print(f"model load {load_seconds:.2f} s; {len(articles)} leads of {chars:.0f} chars on 1 core")
    print(f"batched (batch {args.batch_size}): {batched_rate:.1f} articles/s")
    print(f"naive (one per call):   {naive_rate:.1f} articles/s")
    print(f"speed-up {batched_rate / naive_rate:.2f}x; min cosine batched vs naive {agreement:.5f}")
    print(json.dumps({"benchmark": "embed_speed", "articles": len(articles),
                      "mean_lead_chars": round(chars), "threads": 1,
                      "batched_articles_per_s": round(batched_rate, 2),
                      "naive_articles_per_s": round(naive_rate, 2),
                      "speedup_vs_naive": round(batched_rate / naive_rate, 3),
                      "model_load_s": round(load_seconds, 2)}))


if __name__ == "__main__":
    main()
