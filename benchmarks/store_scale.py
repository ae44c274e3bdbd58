"""PostgreSQL vs SQLite: ingest and query times on the same 100k articles.

    export PARALLAX_TEST_POSTGRES="$(bash .ci/postgres.sh)"   # as root: a local server
    .venv/bin/python benchmarks/store_scale.py [--n 100000] [--backends sqlite,postgres]
        [--postgres URL] [--repeat 100] [--seed 0] [--json PATH]

The corpus is fiction made on the spot from a seeded RNG, so both backends get the very same
articles: stories of 1–14 articles (n/6 stories on average) over 120 days, each story one event
in one town; articles from the 8 outlets of the Varnia–Kharsk world, 6–10 paragraphs of about 60
words drawn from a Zipf-weighted vocabulary, with the story's town, event and speakers. Every
article carries exactly one of 100 invented marker words, so a search for a marker word matches
about 1% of the corpus. Each article gets 3 quotes (two from 8 public figures, one from 1,000
minor officials), 3 entities, 1 technique and one random 384-d float32 embedding.

Each backend gets a fresh database: a temporary SQLite file, or a new schema in the PostgreSQL
database (through ``search_path`` in the URL, as tests/test_store.py does) that is dropped
afterwards. Writes go through the Store API with the pipeline's batch sizes: ``save_articles``
in batches of ``SAVE_BATCH`` (as ``ingest``), ``save_results`` and ``save_embeddings`` in batches
of ``NLP_BATCH`` (as ``process``), ``save_stories`` in one call (as ``cluster``). Only the store
calls are timed, never the making of the data. Then each query runs ``--repeat`` times with
different arguments (one untimed warm-up call first; the heavy speaker query a tenth as often)
and the median and 95th percentile are reported. Nothing runs ANALYZE or VACUUM by hand: the
PostgreSQL figures are what autovacuum left behind, as in use. Size on disk: the SQLite file
after closing (WAL checkpointed), or the sum of ``pg_total_relation_size`` (tables, indexes,
TOAST) over the schema.

Prints a table and one JSON line; ``--json PATH`` also writes that line to a file.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np

from parallax.embed import to_blob
from parallax.models import (
    Article,
    Dateline,
    Entity,
    Quote,
    Story,
    Technique,
    article_id,
    stable_id,
)
from parallax.pipeline import NLP_BATCH, SAVE_BATCH
from parallax.store import ArticleFilter, Store, open_store
from parallax.store.base import ArticleResults, QuoteFilter

DAYS = 120
START = datetime(2025, 1, 6, tzinfo=UTC)
DIMS = 384
MODEL = "store-scale-random-384"
OUTLETS = ("KNA", "Voice of Kharsk", "Kharsk Herald", "Varnia Today", "Meridian",
           "Continental Press", "The Atlantic Ledger", "Global Desk")
TOWNS = ("Velgrad", "Kharsk City", "Brenna", "Ostrik", "Dalmor", "Sevnitsa", "Lutov", "Perin")
FIGURES = ("Anya Dobrev", "Pavel Ostrakov", "Ilse Marrow", "Teodor Vashin", "Maren Holt",
           "Kasimir Dorn", "Lena Sarovic", "Oskar Velin")
EVENTS = ("grain convoy", "ceasefire talks", "drone strike", "prisoner exchange", "power cuts",
          "bridge repair", "border shelling", "evacuation order", "refinery fire",
          "water shortage", "rail blockade", "hospital raid")
VERBS = ("warns", "denies", "promises", "blames", "welcomes", "questions", "rejects", "hails")
_FIRST = ("Ivo", "Mira", "Anton", "Vera", "Tomas", "Dana", "Rurik", "Alina", "Stepan", "Nadia",
          "Lev", "Katya", "Emil", "Zora", "Pyotr", "Ilka", "Marek", "Sonja", "Yuri", "Talia")
MINOR = tuple(f"{first} {stem}{end}" for first in _FIRST
              for stem in ("Vor", "Bel", "Kas", "Dro", "Mal", "Tes", "Rud", "Zan", "Hol", "Pel")
              for end in ("ovic", "ek", "ansky", "in", "ar"))
"""1,000 minor officials: each is the speaker of about 0.1% of the quotes."""
MARKERS = tuple(f"{a}{b}th" for a in ("zor", "qel", "vax", "tyr", "mub", "kiv", "jen", "olf",
                                      "ruz", "wex")
                for b in ("an", "ex", "ol", "um", "ir", "ay", "et", "ov", "ub", "is"))
"""100 invented words; every article carries exactly one, so each is in about 1% of them."""
_WORDS_TEXT = (
    "the of and to in a said on for that was with by as at from officials it has were would "
    "after forces city government people town new two week its region about over more ministry "
    "military talks more than statement minister could residents local which since three spokes"
    "man reported area army aid convoy since while front near east west north south border days "
    "under also told agency according against including river road supply line troops shelter "
    "district council mayor families water power electricity winter fuel grain bread school "
    "hospital bridge station railway factory market village villages roads checkpoint night "
    "morning evening weekend earlier later again still only despite amid during before between "
    "several dozen hundreds thousands many few some most nearly almost fighting attack attacks "
    "damage damaged repair repairs workers volunteers doctors nurses children parents elderly "
    "refugees return returned leave left remain remained claim claims deny denied accused blame "
    "warned promised announced confirmed rejected welcomed urged demanded called asked expected "
    "plan plans proposal agreement deal talks envoy mediators delegation capital parliament vote "
    "budget prices shortage queue queues trucks buses trains drones artillery shells sirens "
    "calm tension crisis pressure support sanctions exports imports harvest fields farmers"
)
VOCABULARY = tuple(dict.fromkeys(_WORDS_TEXT.split()))
CUM_WEIGHTS = tuple(accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(VOCABULARY))))
WORDS_PER_PARAGRAPH = 60
WORDS_PER_SENTENCE = 12


@dataclass(frozen=True)
class Corpus:
    articles: list[Article]
    """In publication order, the order a crawl would bring them in."""
    stories: list[Story]
    speakers: dict[str, tuple[str, str, str]]
    """Article id → the speakers of its three quotes."""


# -- the synthetic corpus ------------------------------------------------------------------------


def _paragraph(rng: random.Random, topic: Sequence[str]) -> str:
    words = rng.choices(VOCABULARY, cum_weights=CUM_WEIGHTS, k=WORDS_PER_PARAGRAPH)
    for word in topic:  # the story's town, event and speaker somewhere in the paragraph
        words[rng.randrange(WORDS_PER_PARAGRAPH)] = word
    sentences = (" ".join(words[i : i + WORDS_PER_SENTENCE])
                 for i in range(0, WORDS_PER_PARAGRAPH, WORDS_PER_SENTENCE))
    return " ".join(s[0].upper() + s[1:] + "." for s in sentences)


def _article(rng: random.Random, number: int, day: int, event: str, town: str,
             speakers: tuple[str, str, str]) -> Article:
    outlet = rng.choice(OUTLETS)
    count = rng.randint(6, 10)
    paragraphs = [_paragraph(rng, (town, event, rng.choice(speakers))) for _ in range(count)]
    marked = rng.randrange(count)  # the one marker word goes at the end of one paragraph
    paragraphs[marked] = f"{paragraphs[marked][:-1]} {MARKERS[rng.randrange(len(MARKERS))]}."
    headline = f"{event.capitalize()} in {town}: {speakers[0]} {rng.choice(VERBS)} {outlet} report"
    url = f"https://{outlet.lower().replace(' ', '-')}.example/{day}/{number}"
    published = START + timedelta(days=day, minutes=rng.randrange(24 * 60))
    return Article(
        id=article_id(url=url, outlet=outlet, headline=headline, paragraphs=paragraphs),
        source=f"synthetic#{number}", headline=headline, paragraphs=tuple(paragraphs),
        outlet=outlet, url=url, published=published.isoformat(),
        dateline=Dateline(town.upper(), published.strftime("%B %-d"), outlet),
    )


def make_corpus(n: int, seed: int = 0) -> Corpus:
    """``n`` articles in stories of 1–14 (6 on average), each story over up to 3 days."""
    rng = random.Random(seed)
    grouped: list[list[Article]] = []
    speakers: dict[str, tuple[str, str, str]] = {}
    made = 0
    while made < n:
        size = min(n - made, rng.choice((1, 2, 3, 4, 6, 8, 10, 14)))
        start, event, town = rng.randrange(DAYS - 2), rng.choice(EVENTS), rng.choice(TOWNS)
        first, second = rng.sample(FIGURES, 2)
        cast = (first, second, rng.choice(MINOR))
        members = []
        for number in range(made, made + size):
            article = _article(rng, number, start + rng.randrange(3), event, town, cast)
            members.append(article)
            speakers[article.id] = cast
        grouped.append(members)
        made += size
    stories = [_story(index, members) for index, members in enumerate(grouped)]
    articles = sorted((a for members in grouped for a in members),
                      key=lambda a: (a.published or "", a.id))
    return Corpus(articles, stories, speakers)


def _story(index: int, members: Sequence[Article]) -> Story:
    dates = sorted(a.published or "" for a in members)
    return Story(id=stable_id("story", str(index)), title=members[0].headline,
                 article_ids=tuple(a.id for a in members),
                 outlets=tuple(sorted({a.outlet or "" for a in members})),
                 first_published=dates[0], last_published=dates[-1])


def make_results(article: Article, speakers: tuple[str, str, str]) -> ArticleResults:
    """What the NLP stage could have found: a quote per speaker (the first sentence of
    paragraphs 1–3, with its exact offsets), each speaker as an entity, one technique."""
    quotes = []
    for k, speaker in enumerate(speakers):
        paragraph = k + 1
        text = article.paragraphs[paragraph].split(". ", 1)[0]
        quotes.append(Quote(
            id=stable_id(article.id, "quote", str(k)), article_id=article.id,
            kind="direct" if k < 2 else "indirect", text=text, paragraph=paragraph,
            start=0, end=len(text), speaker=speaker, speaker_mention=speaker.split()[-1],
            cue="said",
        ))
    entities = tuple(Entity(s, "PERSON", (s, s.split()[-1])) for s in speakers)
    first = article.paragraphs[0]
    technique = Technique(
        id=stable_id(article.id, "technique"), article_id=article.id,
        technique="loaded_language", paragraph=0, start=0, end=min(40, len(first)),
        text=first[:40], reason="loaded word",
    )
    return ArticleResults(article.id, article.content_hash, entities, tuple(quotes),
                          (technique,))


def batches(items: Sequence[Article], size: int) -> Iterator[Sequence[Article]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# -- fresh databases ---------------------------------------------------------------------------


@contextlib.contextmanager
def sqlite_database(folder: str | None) -> Iterator[tuple[str, Callable[[], int]]]:
    """A URL for a new SQLite file in a temporary folder, and how to read its size."""
    with tempfile.TemporaryDirectory(prefix="store_scale_", dir=folder) as tmp:
        path = Path(tmp) / "bench.db"

        def size() -> int:
            return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())

        yield f"sqlite:///{path}", size


@contextlib.contextmanager
def postgres_schema(base: str) -> Iterator[tuple[str, Callable[[], int]]]:
    """A URL whose search_path is a new schema in ``base``, dropped afterwards."""
    import psycopg

    schema = f"store_scale_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(base, autocommit=True, connect_timeout=10) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")

        def size() -> int:
            row = admin.execute(
                "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relkind = 'r'", (schema,)).fetchone()
            return int(row[0]) if row else 0

        separator = "&" if "?" in base else "?"
        try:
            yield f"{base}{separator}options=-csearch_path%3D{schema}", size
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def server_version(backend: str, url: str) -> str:
    if backend == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(url, connect_timeout=10) as db:
        row = db.execute("SHOW server_version").fetchone()
    return f"PostgreSQL {row[0] if row else '?'}"


# -- measuring ---------------------------------------------------------------------------------


def _write_rate(seconds: float, count: int) -> dict[str, float]:
    return {"seconds": round(seconds, 2), "per_s": round(count / seconds, 1) if seconds else 0.0,
            "count": count}


def _rate(timed: Sequence[tuple[int, float]]) -> float:
    return round(sum(c for c, _ in timed) / sum(t for _, t in timed), 1)


def measure_writes(store: Store, corpus: Corpus) -> dict[str, dict[str, float]]:
    articles = corpus.articles
    per_batch: list[tuple[int, float]] = []
    progress = math.ceil(len(articles) / SAVE_BATCH / 10) if len(articles) >= 20_000 else 0
    for batch in batches(articles, SAVE_BATCH):
        started = time.perf_counter()
        store.save_articles(batch)
        per_batch.append((len(batch), time.perf_counter() - started))
        if progress and len(per_batch) % progress == 0:
            done = sum(c for c, _ in per_batch)
            print(f"  save_articles {done}/{len(articles)}: {_rate(per_batch[-progress:]):.0f}"
                  "/s lately", file=sys.stderr, flush=True)
    ingest = _write_rate(sum(t for _, t in per_batch), len(articles))
    # A rate that falls as the database grows shows a cost per article that grows with it.
    tenth = max(1, len(per_batch) // 10)
    ingest["first_tenth_per_s"] = _rate(per_batch[:tenth])
    ingest["last_tenth_per_s"] = _rate(per_batch[-tenth:])

    spent = 0.0
    quotes = 0
    for batch in batches(articles, NLP_BATCH):
        results = [make_results(a, corpus.speakers[a.id]) for a in batch]
        quotes += sum(len(r.quotes) for r in results)
        started = time.perf_counter()
        store.save_results(results)
        spent += time.perf_counter() - started
    results_rate = _write_rate(spent, len(articles))
    results_rate["quotes"] = quotes

    vectors = np.random.default_rng(0)
    spent = 0.0
    for batch in batches(articles, NLP_BATCH):
        matrix = vectors.standard_normal((len(batch), DIMS), dtype=np.float32)
        rows = [(a.id, a.content_hash, to_blob(v)) for a, v in zip(batch, matrix, strict=True)]
        started = time.perf_counter()
        store.save_embeddings(MODEL, rows)
        spent += time.perf_counter() - started
    embeddings = _write_rate(spent, len(articles))

    started = time.perf_counter()
    store.save_stories(corpus.stories)
    stories = _write_rate(time.perf_counter() - started, len(corpus.stories))
    return {"save_articles": ingest, "save_results": results_rate,
            "save_embeddings": embeddings, "save_stories": stories}


Query = Callable[[Store], int]
"""One call of a store query with its arguments bound; returns how many rows it gave."""


def query_plan(corpus: Corpus, repeat: int, seed: int) -> dict[str, list[Query]]:
    """Per query, ``repeat`` calls with different arguments (one more first, as warm-up)."""
    rng = random.Random(seed + 1)
    ids = [a.id for a in corpus.articles]
    story_ids = [s.id for s in corpus.stories]
    runs = repeat + 1
    heavy_runs = max(5, repeat // 10) + 1
    phrases = [f"{event} {town}" for event in EVENTS for town in TOWNS]

    def many(make: Callable[[], Query], count: int = runs) -> list[Query]:
        return [make() for _ in range(count)]

    def get_article(i: str) -> Query:
        return lambda s: int(s.get_article(i) is not None)

    def search(text: str) -> Query:
        return lambda s: len(s.search(text))

    def by_ids(chosen: list[str]) -> Query:
        return lambda s: sum(1 for _ in s.iter_articles(ArticleFilter(ids=chosen)))

    def stories_page(offset: int) -> Query:
        return lambda s: len(s.list_stories(limit=50, offset=offset))

    def get_story(i: str) -> Query:
        return lambda s: int(s.get_story(i) is not None)

    def quotes_of(speaker: str) -> Query:
        return lambda s: sum(1 for _ in s.iter_quotes(QuoteFilter(speaker=speaker)))

    pages = max(1, min(20, len(story_ids) // 50))  # the first pages, all of them full
    minors = sorted({cast[2] for cast in corpus.speakers.values()})
    return {
        "get_article": many(lambda: get_article(rng.choice(ids))),
        "search: 1% word": many(lambda: search(rng.choice(MARKERS))),
        "search: 3 words": many(lambda: search(rng.choice(phrases))),
        "iter_articles(20 ids)": many(lambda: by_ids(rng.sample(ids, min(20, len(ids))))),
        "list_stories(50)": many(lambda: stories_page(50 * rng.randrange(pages))),
        "get_story": many(lambda: get_story(rng.choice(story_ids))),
        "iter_quotes(minor speaker)": many(lambda: quotes_of(rng.choice(minors))),
        "iter_quotes(major speaker)": many(
            lambda: quotes_of(rng.choice(FIGURES).split()[-1]), heavy_runs),
        "count_articles()": many(lambda: lambda s: int(s.count_articles() > 0)),
    }


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure_queries(store: Store, plan: dict[str, list[Query]]) -> dict[str, dict[str, float]]:
    measured: dict[str, dict[str, float]] = {}
    for name, calls in plan.items():
        calls[0](store)  # warm-up: statement preparation, first pages into the cache
        times: list[float] = []
        rows = 0
        for call in calls[1:]:
            started = time.perf_counter()
            rows += call(store)
            times.append(time.perf_counter() - started)
        if rows == 0:
            raise RuntimeError(f"{name}: every call returned nothing; the benchmark is broken")
        measured[name] = {"median_ms": round(1000 * statistics.median(times), 3),
                          "p95_ms": round(1000 * percentile(times, 0.95), 3),
                          "runs": len(times), "rows_mean": round(rows / len(times), 1)}
    return measured


def run_backend(backend: str, url: str, size: Callable[[], int], corpus: Corpus,
                plan: dict[str, list[Query]]) -> dict[str, Any]:
    store = open_store(url)
    try:
        writes = measure_writes(store, corpus)
        stored = store.count_articles()
        if stored != len(corpus.articles):
            raise RuntimeError(f"{backend}: {stored} articles stored, {len(corpus.articles)} made")
        queries = measure_queries(store, plan)
    finally:
        store.close()
    return {"version": server_version(backend, url), "writes": writes, "queries": queries,
            "size_mb": round(size() / 2**20, 1)}


# -- output ------------------------------------------------------------------------------------


def table(n: int, corpus: Corpus, results: dict[str, dict[str, Any]]) -> str:
    backends = list(results)
    lines = [f"store_scale: {n} articles, {len(corpus.stories)} stories, {3 * n} quotes; "
             + ", ".join(r["version"] for r in results.values()),
             f"{'measure':<38}" + "".join(f"{b:>26}" for b in backends)]
    for name, label in (("save_articles", f"save_articles (×{SAVE_BATCH})"),
                        ("save_results", f"save_results (×{NLP_BATCH})"),
                        ("save_embeddings", f"save_embeddings (×{NLP_BATCH})"),
                        ("save_stories", "save_stories (1 call)")):
        cells = [results[b]["writes"][name] for b in backends]
        lines.append(f"{label:<38}" + "".join(
            f"{c['seconds']:>12.2f} s {c['per_s']:>9.0f}/s" for c in cells))
    lines.append(f"{'  save_articles: first → last tenth':<38}" + "".join(
        f"{c['first_tenth_per_s']:>14.0f} → {c['last_tenth_per_s']:>5.0f}/s"
        for c in (results[b]["writes"]["save_articles"] for b in backends)))
    lines.append("queries: median / p95 ms [rows]")
    for name in next(iter(results.values()))["queries"]:
        cells = [results[b]["queries"][name] for b in backends]
        label = f"  {name} [{cells[0]['rows_mean']:g}]"
        lines.append(f"{label:<38}" + "".join(
            f"{c['median_ms']:>15.2f} / {c['p95_ms']:>8.2f}" for c in cells))
    lines.append(f"{'size on disk':<38}" + "".join(
        f"{results[b]['size_mb']:>23.1f} MB" for b in backends))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    import os

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="articles (default 100000)")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--postgres", default=os.environ.get("PARALLAX_TEST_POSTGRES"),
                        help="server URL (default: $PARALLAX_TEST_POSTGRES)")
    parser.add_argument("--repeat", type=int, default=100, help="timed calls per query")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--sqlite-dir", help="where the temporary SQLite file goes")
    parser.add_argument("--json", type=Path, help="also write the JSON line here")
    args = parser.parse_args(argv)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    unknown = set(backends) - {"sqlite", "postgres"}
    if unknown:
        parser.error(f"unknown backends: {', '.join(sorted(unknown))}")
    if "postgres" in backends and not args.postgres:
        parser.error("postgres needs --postgres URL or PARALLAX_TEST_POSTGRES "
                     "(bash .ci/postgres.sh prints one)")

    started = time.perf_counter()
    corpus = make_corpus(args.n, args.seed)
    print(f"made {args.n} articles in {time.perf_counter() - started:.1f} s", flush=True)
    results: dict[str, dict[str, Any]] = {}
    for backend in backends:
        database = (sqlite_database(args.sqlite_dir) if backend == "sqlite"
                    else postgres_schema(args.postgres))
        with database as (url, size):
            started = time.perf_counter()
            plan = query_plan(corpus, args.repeat, args.seed)
            results[backend] = run_backend(backend, url, size, corpus, plan)
            print(f"{backend}: done in {time.perf_counter() - started:.1f} s", flush=True)
            # Kept on stderr as soon as known: a long run that dies later still leaves it.
            print(json.dumps({backend: results[backend]}), file=sys.stderr, flush=True)
    print(table(args.n, corpus, results))
    line = {"benchmark": "store_scale", "n": args.n, "stories": len(corpus.stories),
            "repeat": args.repeat, "seed": args.seed, "results": results}
    text = json.dumps(line, ensure_ascii=False)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return line


if __name__ == "__main__":
    main()
