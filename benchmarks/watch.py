"""Following sources: fetch speed from a local site, and memory over a long simulated watch.

Everything is served by tests/local_site.py on 127.0.0.1; nothing leaves the machine.

1. Fetch: N generated pages fetched one after the other
   - baseline: a bare ``httpx.Client.get`` per page (no robots.txt, no limits, no checks);
   - parallax's polite Fetcher (robots.txt, size and type checks, streamed body; rate limit 0);
   - the ingest path: fetch + HTML reader + segmentation + store (``ingest_inputs``);
   - with ``--process``: then NLP and clustering of those pages (loads spaCy and the embedder).
2. Memory: ``--rounds`` polling rounds with time compressed (a fake clock: a 15-minute wait
   takes no time) over a rolling feed that gains a page every ``--new-every`` rounds, a static
   page answering 304, and a source that always fails; RSS printed every ``--report-every``
   rounds. Growth is measured from the first report (after warm-up) to the last.

    .venv/bin/python benchmarks/watch.py [--pages 150] [--rounds 3000] [--process]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from local_site import FakeClock, LocalSite, start  # noqa: E402
from parallax.config import Settings  # noqa: E402
from parallax.fetch import Fetched, Fetcher, FetchOptions  # noqa: E402
from parallax.sources import add_source  # noqa: E402
from parallax.store import open_store  # noqa: E402
from parallax.watch import WatchOptions, ingest_inputs, watch  # noqa: E402

LOCAL = FetchOptions(rate_limit=0.0, retries=0, timeout=5.0, trust_env=False)


def rss_mb() -> float:
    """Resident set size now (Linux /proc), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def fetch_speed(site: LocalSite, count: int) -> dict[str, float]:
    urls = [site.url(f"/gen/{n}.html") for n in range(1, count + 1)]
    with httpx.Client(trust_env=False) as client:
        client.get(urls[0])  # warm the connection
        started = time.perf_counter()
        for url in urls:
            client.get(url).raise_for_status()
        naive = count / (time.perf_counter() - started)
    with Fetcher(LOCAL) as fetcher:
        fetcher.fetch(urls[0])
        started = time.perf_counter()
        for url in urls:
            assert isinstance(fetcher.fetch(url), Fetched)
        polite = count / (time.perf_counter() - started)
    return {"naive_fetch_pages_per_s": naive, "fetcher_pages_per_s": polite}


def ingest_speed(site: LocalSite, count: int, folder: Path, process: bool) -> dict[str, float]:
    store = open_store(f"sqlite:///{folder / 'ingest.db'}")
    urls = [site.url(f"/gen/{n}.html") for n in range(1, count + 1)]
    settings = Settings()
    figures: dict[str, float] = {}
    with Fetcher(LOCAL) as fetcher:
        started = time.perf_counter()
        summary = ingest_inputs(urls, store, settings, fetcher=fetcher)
        elapsed = time.perf_counter() - started
    assert summary.added == count, (summary.added, summary.rejected[:3])
    figures["ingest_pages_per_s"] = count / elapsed
    if process:
        from parallax import pipeline

        started = time.perf_counter()
        pipeline.process(store, settings)
        pipeline.cluster(store, settings)
        figures["process_cluster_pages_per_s"] = count / (time.perf_counter() - started)
        figures["end_to_end_pages_per_s"] = count / (elapsed + time.perf_counter() - started)
    store.close()
    return figures


def long_watch(site: LocalSite, folder: Path, rounds: int, new_every: int, report_every: int
               ) -> dict[str, float | list[float]]:
    store = open_store(f"sqlite:///{folder / 'watch.db'}")
    site.keep_log = False
    site.rolling = 1
    add_source(store, site.url("/feeds/rolling.xml"))
    add_source(store, site.url("/pages/meridian-2025-03-03-brenna.html"))
    add_source(store, site.url("/fail"))
    clock = FakeClock(record=False)
    samples: list[float] = []
    started = time.perf_counter()

    def on_round(summary: object) -> None:
        number = getattr(summary, "number", 0)
        if number % new_every == 0:
            site.rolling += 1  # the feed gains a page
        if number % report_every == 0:
            gc.collect()
            samples.append(rss_mb())
            print(f"round {number:6d}  articles {store.count_articles():5d}  "
                  f"RSS {samples[-1]:7.1f} MB", flush=True)

    with Fetcher(FetchOptions(retries=0, timeout=5.0, trust_env=False), clock=clock) as fetcher:
        watch(store, Settings(), WatchOptions(every=900.0, process=False), rounds=rounds,
              clock=clock, fetcher=fetcher, step=None, report=on_round)
    elapsed = time.perf_counter() - started
    articles = store.count_articles()
    store.close()
    return {
        "rounds": rounds, "simulated_hours": rounds * 900 / 3600, "articles": articles,
        "rounds_per_s": rounds / elapsed, "rss_first_mb": samples[0], "rss_last_mb": samples[-1],
        "rss_growth_mb": samples[-1] - samples[0],
        "rss_growth_second_half_mb": samples[-1] - samples[len(samples) // 2],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3000)
    parser.add_argument("--new-every", type=int, default=10)
    parser.add_argument("--report-every", type=int, default=250)
    parser.add_argument("--process", action="store_true",
                        help="also time process + cluster of the ingested pages")
    args = parser.parse_args()
    site, server = start()
    figures: dict[str, object] = {"benchmark": "watch", "pages": args.pages}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            speed = fetch_speed(site, args.pages)
            speed["fetcher_vs_naive"] = speed["fetcher_pages_per_s"] / speed[
                "naive_fetch_pages_per_s"]
            speed.update(ingest_speed(site, args.pages, Path(tmp), args.process))
            for name, value in speed.items():
                print(f"{name:32s} {value:9.2f}")
            figures.update({k: round(v, 3) for k, v in speed.items()})
            memory = long_watch(site, Path(tmp), args.rounds, args.new_every, args.report_every)
            figures.update({k: round(v, 3) if isinstance(v, float) else v
                            for k, v in memory.items()})
    finally:
        server.shutdown()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
