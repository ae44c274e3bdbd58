"""Speed of the whole quote stage against the bare spaCy pipeline on the same articles, one core.

    .venv/bin/python benchmarks/quotes_speed.py [--articles N]

Articles: PolNeAR dev texts when ../shared/benchmarks is present (real news length), else the
fiction fixtures repeated. Baseline: ``nlp.pipe`` over the same paragraph chunks, nothing else.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import torch

from parallax.models import Article
from parallax.nlp import load_nlp, paragraph_chunks, parse_chunks
from parallax.quotes import QuoteOptions, analyze_articles

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from polnear import DATA, article_from_text  # noqa: E402


def articles(limit: int) -> list[Article]:
    if DATA.is_dir():
        texts = sorted((DATA / "dev" / "text").glob("*.txt"))[:limit]
        return [article_from_text(p.stem, p.read_text(encoding="utf-8"))[0] for p in texts]
    sys.path.insert(0, str(HERE.parent / "tests"))
    from quote_fixtures import load_fixtures

    base = [f.article for f in load_fixtures()]
    return [base[i % len(base)] for i in range(limit)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=60)
    args = parser.parse_args()
    torch.set_num_threads(1)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    items = articles(args.articles)
    nlp = load_nlp()
    opts = QuoteOptions()
    list(analyze_articles(items[:2], nlp, opts=opts))  # warm up
    started = time.perf_counter()
    chunks = [c for a in items for c in paragraph_chunks(a.paragraphs, opts.max_paragraph_chars)]
    for _ in parse_chunks(nlp, chunks, opts.batch_size):
        pass
    bare = time.perf_counter() - started
    started = time.perf_counter()
    results = list(analyze_articles(items, nlp, opts=opts))
    stage = time.perf_counter() - started
    quotes = sum(len(getattr(r, "quotes", ())) for r in results)
    figures = {
        "benchmark": "quotes_speed", "articles": len(items), "quotes": quotes,
        "stage_articles_per_s": round(len(items) / stage, 2),
        "bare_spacy_articles_per_s": round(len(items) / bare, 2),
        "stage_over_bare_time_ratio": round(stage / bare, 3),
    }
    print(f"{len(items)} articles, {quotes} quotes")
    print(f"quote stage:       {figures['stage_articles_per_s']} articles/s")
    print(f"bare spaCy (base): {figures['bare_spacy_articles_per_s']} articles/s")
    print(f"stage time / bare spaCy time: {figures['stage_over_bare_time_ratio']}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
