"""Engines: the same results, in input order, whether batches run in-process, on a local
process pool or on Ray; bounded work in flight; a dead worker is a clear error."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from parallax.engines import (
    EngineOptions,
    PoolEngine,
    SerialEngine,
    batched,
    open_engine,
)
from parallax.errors import ConfigError, ParallaxError


@dataclass(frozen=True)
class Square:
    """A picklable work object (top level, so worker processes can import it)."""

    def __call__(self, batch: list[int]) -> list[tuple[int, int]]:
        return [(n * n, os.getpid()) for n in batch]


@dataclass(frozen=True)
class DieOnSeven:
    def __call__(self, batch: list[int]) -> list[int]:
        if 7 in batch:
            os._exit(3)  # a worker killed mid-batch (as by the OOM killer)
        return batch


def test_batched_keeps_order_and_the_short_tail() -> None:
    assert list(batched(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batched([], 3)) == []


def test_pool_returns_results_in_input_order_from_several_processes() -> None:
    engine = PoolEngine(2)
    try:
        out = [r for batch in engine.map(Square(), batched(range(200), 5)) for r in batch]
    finally:
        engine.close()
    assert [square for square, _ in out] == [n * n for n in range(200)]
    assert os.getpid() not in {pid for _, pid in out}


def test_pool_reads_its_input_only_as_fast_as_workers_take_it() -> None:
    consumed = 0

    def batches() -> Iterator[list[int]]:
        nonlocal consumed
        for start in range(0, 1000, 10):
            consumed += 1
            yield list(range(start, start + 10))

    engine = PoolEngine(2, inflight=2)
    try:
        results = engine.map(Square(), batches())
        next(results)
        # 2 workers x 2 batches in flight: the first result comes back before more is read
        assert consumed <= 4
        rest = sum(1 for _ in results)
    finally:
        engine.close()
    assert rest == 99 and consumed == 100


def test_a_dead_worker_is_a_clear_error_not_a_hang() -> None:
    engine = PoolEngine(2)
    try:
        with pytest.raises(ParallaxError, match="worker process died"):
            list(engine.map(DieOnSeven(), batched(range(20), 2)))
    finally:
        engine.close()


def test_open_engine_runs_small_jobs_in_process() -> None:
    options = EngineOptions(workers=2, min_parallel_items=100)
    assert isinstance(open_engine(options, items=10), SerialEngine)
    assert isinstance(open_engine(EngineOptions(workers=1), items=10_000), SerialEngine)
    big = open_engine(options, items=1000)
    assert isinstance(big, PoolEngine) and big.workers == 2
    big.close()


def test_engine_options_are_checked() -> None:
    with pytest.raises(ConfigError, match="kind"):
        EngineOptions(kind="spark")
    with pytest.raises(ConfigError):
        EngineOptions(workers=-1)


def test_engine_settings_come_from_the_environment(tmp_path: Path) -> None:
    from parallax.config import load_settings

    environ = {"PARALLAX_ENGINE__KIND": "ray", "PARALLAX_ENGINE__WORKERS": "3",
               "PARALLAX_ENGINE__ADDRESS": "auto"}
    config = tmp_path / "parallax.toml"
    config.write_text("[engine]\ninflight = 3\n", encoding="utf-8")
    engine = load_settings(environ, config).engine
    assert engine.inflight == 3
    assert (engine.kind, engine.workers, engine.address) == ("ray", 3, "auto")
