"""Speed of reading plain-text page dumps: parallax's reader + segmenter against trafilatura.

The pages are the demo corpus's and the test fixtures' text dumps (fiction written for this
project). The baseline is the obvious alternative: wrap each dump's lines in <p> elements and let
plain ``trafilatura.extract`` clean it (it does not split digests or read datelines, so it does
less work). Both run on one core in the same process, pages in memory, several rounds.

    .venv/bin/python benchmarks/text_speed.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import html
import json
import time
from pathlib import Path

import trafilatura

from parallax.config import IngestOptions, SegmentOptions
from parallax.ingest import read_bytes
from parallax.models import Article
from parallax.segment import segment_pages

REPO = Path(__file__).resolve().parents[1]


def text_pages() -> list[tuple[str, bytes]]:
    folders = [REPO / "examples" / "demo", REPO / "tests" / "fixtures" / "pages"]
    return [(str(p), p.read_bytes()) for folder in folders for p in sorted(folder.glob("*.txt"))]


def ours(pages: list[tuple[str, bytes]]) -> int:
    articles = 0
    for source, data in pages:
        for item in segment_pages(read_bytes(data, source, opts=IngestOptions()),
                                  opts=SegmentOptions()):
            articles += isinstance(item, Article)
    return articles


def as_html(data: bytes) -> str:
    text = data.decode("utf-8", errors="replace")
    return "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines()
                                    if line.strip()) + "</body></html>"


def baseline(documents: list[str]) -> int:
    return sum(1 for doc in documents if trafilatura.extract(doc, include_comments=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    pages = text_pages()
    documents = [as_html(data) for _, data in pages]
    ours(pages[:2])  # warm-up: language identifier and tables load once
    baseline(documents[:2])
    timings: dict[str, list[float]] = {"parallax": [], "trafilatura": []}
    articles = 0
    for _ in range(args.rounds):
        start = time.perf_counter()
        articles = ours(pages)
        timings["parallax"].append(time.perf_counter() - start)
        start = time.perf_counter()
        baseline(documents)
        timings["trafilatura"].append(time.perf_counter() - start)
    ratios = sorted(b / a for a, b in zip(timings["parallax"], timings["trafilatura"],
                                           strict=True))
    median = {name: sorted(t)[len(t) // 2] for name, t in timings.items()}
    ours_rate = len(pages) / median["parallax"]
    base_rate = len(pages) / median["trafilatura"]
    print(f"{len(pages)} text pages → {articles} articles, {args.rounds} rounds, one core")
    print(f"parallax reader + segmenter: {ours_rate:.1f} pages/s (median round)")
    print(f"trafilatura.extract on the same dumps as <p> HTML: {base_rate:.1f} pages/s")
    print(f"speed ratio parallax / trafilatura: {ratios[len(ratios) // 2]:.2f} "
          f"(min {ratios[0]:.2f}, max {ratios[-1]:.2f}, per round)")
    print(json.dumps({"benchmark": "text_speed", "pages": len(pages), "articles": articles,
                      "pages_per_s": round(ours_rate, 1),
                      "baseline_pages_per_s": round(base_rate, 1),
                      "ratio": round(ratios[len(ratios) // 2], 2)}))


if __name__ == "__main__":
    main()
