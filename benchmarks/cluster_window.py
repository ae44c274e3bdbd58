"""Adding one day's articles to a large database: the sliding window against the whole history.

    .venv/bin/python benchmarks/cluster_window.py [--sizes 10000,100000,300000] [--new 500]

For each size, a fresh SQLite database holds that many synthetic articles already clustered —
``--per-day`` articles a day (a steady feed, so a bigger database is a longer history), each with
a 384-d vector near its story's centre (the ``cluster_scale.py`` recipe: stories of 1–3 days,
shared topic words and names). Then ``--new`` articles of the next day arrive and
``parallax.pipeline.cluster`` places them, twice on copies of the same database:

* **window** — the default: only stories with an article within ``window_days`` of a new
  article are loaded from the store and scored;
* **all** — the same code with a window wider than the history, i.e. every stored story
  restored and a candidate: what clustering cost before the window.

Both must place the new articles in the same stories (old stories cannot take a new article:
they are out of the time window either way). The time of the window run should stay flat as the
history grows; the other grows with it.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from parallax import pipeline
from parallax.config import Settings
from parallax.embed import MODEL_NAME, to_blob
from parallax.models import Article, Story, stable_id
from parallax.store import open_store

DIMS = 384
START = date(2025, 1, 1)


def synthetic_day(day: int, count: int, seed: int) -> tuple[list[Article], np.ndarray, list[int]]:
    """``count`` articles of one day: stories of that day, Zipf-like sizes."""
    rng = np.random.default_rng(seed * 100_003 + day)
    n_stories = max(1, count // 5)
    weights = 1.0 / np.arange(1, n_stories + 1) ** 0.8
    story = rng.choice(n_stories, size=count, p=weights / weights.sum())
    centres = rng.normal(size=(n_stories, DIMS)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    noise = rng.normal(size=(count, DIMS)).astype(np.float32) / math.sqrt(DIMS)
    vectors = centres[story] + noise
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    topic = rng.integers(0, 50_000, size=(n_stories, 25))
    published = (START + timedelta(days=day)).isoformat()
    articles = []
    for i in range(count):
        words = [f"w{w}" for w in rng.choice(topic[story[i]], 20)]
        words += [f"w{w}" for w in rng.zipf(1.3, size=30) % 50_000]
        articles.append(Article(
            id=stable_id("bench", str(day), str(i)), source=f"synthetic#{day}-{i}",
            headline=" ".join(words[:6]), paragraphs=(" ".join(words[6:]),),
            published=published, outlet=f"outlet{i % 8}", language="en",
        ))
    return articles, vectors, [int(s) for s in story]


def build(url: str, size: int, per_day: int, seed: int) -> None:
    """A database of ``size`` articles in ``size / per_day`` days, clustered by their truth."""
    store = open_store(url)
    for day in range(size // per_day):
        articles, vectors, truth = synthetic_day(day, per_day, seed)
        store.save_articles(articles)
        store.save_embeddings(MODEL_NAME, [(a.id, a.content_hash, to_blob(v))
                                           for a, v in zip(articles, vectors, strict=True)])
        members: dict[int, list[Article]] = {}
        for article, label in zip(articles, truth, strict=True):
            members.setdefault(label, []).append(article)
        store.save_stories([
            Story(id=stable_id("story", group[0].id), title=group[0].headline,
                  article_ids=tuple(a.id for a in group),
                  outlets=tuple(sorted({a.outlet or "" for a in group})),
                  first_published=group[0].published, last_published=group[0].published)
            for group in members.values()])
    store.close()


def add_day(url: str, size: int, per_day: int, new: int, seed: int,
            window_days: int) -> tuple[float, dict[str, str | None]]:
    store = open_store(url)
    articles, vectors, _ = synthetic_day(size // per_day, new, seed + 1)
    store.save_articles(articles)
    store.save_embeddings(MODEL_NAME, [(a.id, a.content_hash, to_blob(v))
                                       for a, v in zip(articles, vectors, strict=True)])
    settings = Settings()
    settings = dataclasses.replace(
        settings, stories=dataclasses.replace(settings.stories, window_days=window_days))
    started = time.perf_counter()
    pipeline.cluster(store, settings)
    seconds = time.perf_counter() - started
    placed = {a.id: store.get_article(a.id) for a in articles}
    store.close()
    return seconds, {k: (v.story_id if v else None) for k, v in placed.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000,300000")
    parser.add_argument("--per-day", type=int, default=1000)
    parser.add_argument("--new", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as warm:  # imports and first-call costs, not timed
        build(f"sqlite:///{warm}/w.db", args.per_day, args.per_day, args.seed)
        add_day(f"sqlite:///{warm}/w.db", args.per_day, args.per_day, 10, args.seed, 1)
    for size in (int(s) for s in args.sizes.split(",")):
        folder = Path(tempfile.mkdtemp(prefix="parallax-window-"))
        try:
            t = time.perf_counter()
            build(f"sqlite:///{folder / 'base.db'}", size, args.per_day, args.seed)
            built = time.perf_counter() - t
            shutil.copy(folder / "base.db", folder / "all.db")
            window_s, window_placed = add_day(f"sqlite:///{folder / 'base.db'}", size,
                                              args.per_day, args.new, args.seed, 1)
            all_s, all_placed = add_day(f"sqlite:///{folder / 'all.db'}", size, args.per_day,
                                        args.new, args.seed, 100_000)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        same = window_placed == all_placed
        rows.append({"history": size, "new": args.new, "window_s": round(window_s, 2),
                     "all_s": round(all_s, 2), "same_stories": same})
        print(f"history {size:>7} articles (built in {built:.0f} s): adding {args.new} -> "
              f"window {window_s:6.2f} s, all stories {all_s:7.2f} s "
              f"({all_s / window_s:.1f}x); same placement: {same}", flush=True)
    print(json.dumps({"benchmark": "cluster_window", "per_day": args.per_day, "results": rows}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
