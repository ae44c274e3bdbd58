"""p50/p95 latency of the web UI's main pages at 100k articles.

Builds (once, then reuses) a synthetic SQLite database of fiction articles made from templates
of the Varnia–Kharsk world, spread over 60 days and grouped into stories, through the store API
in batches. Then times requests in-process (FastAPI TestClient: routing, the thread pool, the
store and the templates, no network) to ``/`` (story list pages, with and without filters),
``/stories/{id}`` (cold: the first view computes the comparison with the sentence encoder; warm:
the cached comparison) and ``/search`` (full-text, several pages). Baseline for the ratio: the
same story page cold vs warm (what the comparison cache saves).

    .venv/bin/python benchmarks/web_latency.py [--articles 100000] [--requests 60] [--rebuild]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from fastapi.testclient import TestClient

from parallax.config import Settings
from parallax.models import Article, Story, article_id
from parallax.store.sqlite import SQLiteStore
from parallax.web.app import create_app

OUTLETS = ("KNA", "Voice of Kharsk", "Kharsk Herald", "Varnia Today", "Meridian",
           "Continental Press", "The Atlantic Ledger", "Global Desk")
PLACES = ("Ostrik", "Brenna", "Tessel", "Dravohrad", "Kharsk", "Molvany", "Harno")
PEOPLE = ("Oleg Varyonov", "Irina Belskaya", "Anton Selvik", "Daria Holm", "Tomas Reil",
          "Lucia Brandt", "Henrik Aalto", "Arkady Lomov")
EVENTS = ("shelling", "prisoner exchange", "drone attack", "grain shipment", "ceasefire talks",
          "power cuts", "evacuation", "summit", "refinery fire", "bridge repair")
SENTENCES = (
    "{person} said the {event} near {place} showed that the other side could not be trusted.",
    "Officials in {place} reported {n} people hurt after the {event} on {day}.",
    "The {event} drew a sharp response from {person}, who spoke to reporters in {place2}.",
    "Residents of {place} said they had heard explosions for {n} hours before the {event}.",
    "Analysts said the {event} could change the course of talks between Varnia and Kharsk.",
    "{person} called for calm and promised help to the families of {place}.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def fake_article(rng: random.Random, number: int, day: int, event: str, place: str) -> Article:
    outlet = rng.choice(OUTLETS)
    fill = {"person": rng.choice(PEOPLE), "event": event, "place": place,
            "place2": rng.choice(PLACES), "n": rng.randint(2, 90), "day": rng.choice(DAYS)}
    paragraphs = tuple(
        " ".join(rng.choice(SENTENCES).format(**fill) for _ in range(rng.randint(1, 3)))
        for _ in range(rng.randint(4, 8)))
    headline = f"{event.capitalize()} in {place}: {fill['person']} speaks ({number})"
    published = f"2025-{3 + day // 30:02d}-{day % 30 + 1:02d}"
    url = f"https://{outlet.lower().replace(' ', '')}.example/{number}"
    return Article(id=article_id(url=url, outlet=outlet, headline=headline,
                                 paragraphs=paragraphs),
                   source=f"synthetic#{number}", headline=headline, paragraphs=paragraphs,
                   outlet=outlet, url=url, published=published)


def synthetic_stories(total: int, seed: int = 7) -> Iterator[tuple[Story, list[Article]]]:
    """Stories of 1–25 articles, each over one to three days of the 60."""
    rng = random.Random(seed)
    made = 0
    number = 0
    while made < total:
        size = min(total - made, rng.choice((1, 1, 2, 3, 5, 8, 12, 25)))
        day, event, place = rng.randrange(58), rng.choice(EVENTS), rng.choice(PLACES)
        articles = [fake_article(rng, number + i, day + rng.randrange(3), event, place)
                    for i in range(size)]
        number += size
        made += size
        dates = sorted(a.published or "" for a in articles)
        story = Story(f"s{number:07d}", articles[0].headline, tuple(a.id for a in articles),
                      tuple(sorted({a.outlet or "" for a in articles})), dates[0], dates[-1])
        yield story, articles


def build(url: str, total: int) -> float:
    start = time.perf_counter()
    store = SQLiteStore(url)
    batch_articles: list[Article] = []
    batch_stories: list[Story] = []
    for story, articles in synthetic_stories(total):
        batch_stories.append(story)
        batch_articles += articles
        if len(batch_articles) >= 2000:
            store.save_articles(batch_articles)
            store.save_stories(batch_stories)
            batch_articles, batch_stories = [], []
    if batch_articles:
        store.save_articles(batch_articles)
        store.save_stories(batch_stories)
    store.close()
    return time.perf_counter() - start


def timed(call: Callable[[], int], n: int) -> list[float]:
    times: list[float] = []
    for _ in range(n):
        start = time.perf_counter()
        status = call()
        times.append((time.perf_counter() - start) * 1000)
        if status != 200:
            raise SystemExit(f"request failed with {status}")
    return times


def summary(name: str, times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    row = {"p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1),
           "n": len(ordered)}
    print(f"{name:<22} n={row['n']:<4} p50 {row['p50_ms']:>8.1f} ms   p95 {row['p95_ms']:>8.1f} ms")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--cold-stories", type=int, default=15)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    path = args.db or Path(tempfile.gettempdir()) / f"parallax_web_latency_{args.articles}.db"
    url = f"sqlite:///{path}"
    if args.rebuild or not path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        seconds = build(url, args.articles)
        print(f"built {args.articles} articles in {seconds:.0f} s ({path})")
    store = SQLiteStore(url)
    count = store.count_articles()
    stories = store.list_stories(limit=400)
    store.close()
    print(f"database: {count} articles, {path.stat().st_size / 1e6:.0f} MB")
    rng = random.Random(1)
    app = create_app(url, Settings(db=url), token=None)
    figures: dict[str, object] = {"articles": count}
    with TestClient(app) as client:
        start = time.perf_counter()
        assert client.get(f"/stories/{stories[0].id}").status_code == 200
        figures["context_load_s"] = round(time.perf_counter() - start, 1)
        print(f"first story view (loads the encoder and corpus counts): "
              f"{figures['context_load_s']} s")
        n = args.requests
        pages = lambda: client.get("/", params={"page": rng.randint(1, 50)}).status_code  # noqa: E731
        filtered = lambda: client.get("/", params={  # noqa: E731
            "side": "Kharsk", "from": "2025-04-01", "page": rng.randint(1, 3)}).status_code
        words = ("ferry", "Ostrik shelling", "ceasefire talks", "Belskaya", "grain Brenna",
                 "explosions hours", "Selvik calm")
        search = lambda: client.get("/search", params={  # noqa: E731
            "q": rng.choice(words), "page": rng.randint(1, 5)}).status_code
        figures["/"] = summary("/ (pages)", timed(pages, n))
        figures["/ filtered"] = summary("/ (side+date filter)", timed(filtered, n))
        figures["/search"] = summary("/search", timed(search, n))
        sample = [s for s in stories[1:] if len(s.article_ids) > 1][:args.cold_stories]
        order = iter(sample)
        cold = timed(lambda: client.get(f"/stories/{next(order).id}").status_code, len(sample))
        figures["/stories/{id} cold"] = summary("/stories/{id} cold", cold)
        warm = timed(lambda: client.get(f"/stories/{rng.choice(sample).id}").status_code, n)
        figures["/stories/{id} warm"] = summary("/stories/{id} warm", warm)
        ratio = statistics.median(cold) / max(statistics.median(warm), 1e-6)
        figures["cache_speedup_vs_cold"] = round(ratio, 1)
        print(f"comparison cache: warm story pages {ratio:.1f}x faster than cold (median)")
    print(json.dumps({"benchmark": "web_latency", **figures}))


if __name__ == "__main__":
    main()
