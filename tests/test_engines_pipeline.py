"""The whole pipeline on the demo corpus gives the same stored results in-process, on a local
pool of 2 worker processes and on a local Ray with 2 CPUs (2 actors)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from parallax import pipeline
from parallax.config import Settings
from parallax.embed import MODEL_NAME, from_blob
from parallax.engines import Engine, EngineOptions, PoolEngine, SerialEngine
from parallax.store import open_store
from parallax.store.base import QuoteFilter

pytestmark = pytest.mark.slow

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


def snapshot(tmp_path: Path, name: str, engine: Engine) -> dict[str, Any]:
    """Run ingest → process → cluster on ``engine``; everything the run stored."""
    store = open_store(f"sqlite:///{tmp_path / name}.db")
    settings = dataclasses.replace(Settings(), engine=EngineOptions(min_parallel_items=0))
    try:
        ingested = pipeline.ingest([str(DEMO)], store, settings, engine=engine)
        pipeline.process(store, settings, engine=engine)
        pipeline.cluster(store, settings)
    finally:
        engine.close()
    articles = list(store.iter_articles())
    quotes = sorted((q.id, q.speaker, q.text, q.group_id)
                    for q in store.iter_quotes(QuoteFilter(speech_only=False)))
    vectors = {k: from_blob(v) for k, (_h, v) in store.load_embeddings(MODEL_NAME).items()}
    result = {
        "rejected": sorted((r.source, r.reason) for r in ingested.rejected),
        "articles": [(a.id, a.headline, a.outlet, a.published, a.content_hash) for a in articles],
        "entities": {a.id: a.entities for a in articles},
        "quotes": quotes,
        "techniques": sorted((t.article_id, t.technique, t.start) for t in
                             store.iter_techniques()),
        "stories": sorted(tuple(sorted(s.article_ids)) for s in store.list_stories()),
        "vectors": vectors,
    }
    store.close()
    return result


def assert_same(a: dict[str, Any], b: dict[str, Any]) -> None:
    for key in ("rejected", "articles", "entities", "quotes", "techniques", "stories"):
        assert a[key] == b[key], key
    assert a["vectors"].keys() == b["vectors"].keys()
    for key, vector in a["vectors"].items():
        # torch may sum in another order with another thread count (and in bfloat16 where the
        # CPU has it): equal up to rounding
        assert float(vector @ b["vectors"][key]) > 0.9999


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    result = snapshot(tmp_path_factory.mktemp("serial"), "serial", SerialEngine())
    assert len(result["articles"]) == 57 and result["quotes"] and len(result["stories"]) > 5
    return result


def test_local_pool_of_two_workers_stores_what_a_serial_run_stores(
    serial: dict[str, Any], tmp_path: Path
) -> None:
    assert_same(serial, snapshot(tmp_path, "pool", PoolEngine(2)))


def test_ray_with_two_workers_stores_what_a_serial_run_stores(
    serial: dict[str, Any], tmp_path: Path
) -> None:
    from parallax.engines.ray_engine import RayEngine

    engine = RayEngine(2)  # a private local Ray with 2 CPUs, shut down by close()
    assert engine.workers == 2
    assert_same(serial, snapshot(tmp_path, "ray", engine))
