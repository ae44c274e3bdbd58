"""Engines: where the per-article stages run — in this process, a local process pool, or Ray.

A stage hands an engine a *work* object and a stream of batches; the engine returns the results
batch by batch, **in input order**, so the driver writes them to the store exactly as a serial
run would (the same results whatever the engine or the number of workers)::

    engine.map(work, batches) ─▶ [results of batch 0], [results of batch 1], ...

* ``work`` is a picklable callable ``list[item] -> list[result]``. Models are loaded on first use
  in the process that runs it and cached there (``nlp.load_nlp``, ``embed.load_embedder``), so
  each worker process or Ray actor loads spaCy and the embedder once, not once per batch.
* Backpressure: at most ``inflight`` batches per worker are outstanding; the driver reads its
  inputs (a WARC, a JSON Lines file) only as fast as the workers take them, so memory stays flat
  however large the input.
* Only the driver writes to the store: SQLite has one writer, and results written in input order
  make a resumed run (after ``kill -9``) pick up exactly where the last committed batch ended.

``local`` (the default) is a process pool of ``workers`` processes (0 = one per core); a job
smaller than ``min_parallel_items`` runs in-process, where starting workers would cost more than
it saves. ``ray`` runs the same work on Ray actors (``parallax.engines.ray_engine``).
"""

from __future__ import annotations

import ctypes
import functools
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice
from typing import Protocol, TypeVar

from parallax.errors import ConfigError, ParallaxError

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

Work = Callable[[list[T]], list[R]]
"""A stage's per-batch function: a picklable callable object (see ``pipeline``)."""



@dataclass(frozen=True)
class EngineOptions:
    """Where the per-article stages (HTML extraction and segmentation; NLP and embeddings) run."""

    kind: str = "local"
    """``local`` (a process pool on this machine) or ``ray`` (a Ray cluster)."""
    workers: int = 0
    """Worker processes or Ray actors; 0 = one per CPU core (of this machine, or of the Ray
    cluster)."""
    address: str | None = None
    """Ray only: the cluster to join (``auto`` = the one started with ``ray start``); none
    starts a private local Ray."""
    inflight: int = 2
    """Batches outstanding per worker: enough to keep every worker busy, few enough that memory
    stays flat."""
    min_parallel_items: int = 256
    """Smaller jobs run in-process: starting workers and loading models in each costs seconds."""

    def __post_init__(self) -> None:
        if self.kind not in ("local", "ray"):
            raise ConfigError(f"engine: kind must be 'local' or 'ray', not {self.kind!r}")
        if self.workers < 0 or self.inflight < 1 or self.min_parallel_items < 0:
            raise ConfigError("engine: workers and min_parallel_items must be >= 0, "
                              "inflight >= 1")


class Engine(Protocol):
    """Runs batches of one stage and yields their results in input order."""

    name: str
    workers: int

    def map(self, work: Work[T, R], batches: Iterable[list[T]]) -> Iterator[list[R]]: ...

    def close(self) -> None: ...


class SerialEngine:
    """Everything in this process, one batch after another."""

    name = "serial"
    workers = 1

    def map(self, work: Work[T, R], batches: Iterable[list[T]]) -> Iterator[list[R]]:
        for batch in batches:
            yield run_batch(work, batch)

    def close(self) -> None:
        pass


def _quiet_worker() -> None:
    """Each worker gets one core's worth of threads: two workers with torch's default of one
    thread per core each would fight over the same cores."""
    os.environ["OMP_NUM_THREADS"] = "1"
    os.environ["MKL_NUM_THREADS"] = "1"
    os.environ["TOKENIZERS_PARALLELISM"] = "false"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    libc = _glibc()
    if libc is not None:
        libc.mallopt(_M_ARENA_MAX, 2)


_M_ARENA_MAX = -8


@functools.cache
def _glibc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.malloc_trim  # noqa: B018 - glibc only
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return None
    return libc


def release_memory() -> None:
    """Hand freed heap back to the system. Parsing and embedding free many mid-sized blocks
    that glibc otherwise keeps: measured on one worker, 15 batches grew it from 690 to 930 MB;
    trimmed after each batch it stays at 650 MB."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


def run_batch(work: Work[T, R], batch: list[T]) -> list[R]:
    """What a worker process runs for one batch."""
    try:
        return work(batch)
    finally:
        release_memory()


class PoolEngine:
    """A pool of local worker processes (started with ``spawn``: no inherited threads or locks).

    The pool starts on the first batch and lives until :meth:`close`, so the models each worker
    loaded serve every later stage of the run.
    """

    name = "local"

    def __init__(self, workers: int, *, inflight: int = 2) -> None:
        self.workers = max(1, workers)
        self._inflight = max(1, inflight) * self.workers
        self._pool: ProcessPoolExecutor | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=_quiet_worker)
        return self._pool

    def map(self, work: Work[T, R], batches: Iterable[list[T]]) -> Iterator[list[R]]:
        pending: deque[Future[list[R]]] = deque()
        try:
            for batch in batches:
                pending.append(self._executor().submit(run_batch, work, batch))
                if len(pending) >= self._inflight:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        except BrokenProcessPool as exc:
            self.close()
            raise ParallaxError(
                f"a worker process died ({exc}); the results saved so far are kept, run the "
                "command again to resume (if memory ran out, lower engine.workers)") from None
        finally:
            for future in pending:
                future.cancel()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def cpu_count() -> int:
    """The cores this process may use (its affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def open_engine(options: EngineOptions, *, items: int | None = None) -> Engine:
    """The engine ``options`` ask for; ``items`` (when known) lets a small local job run
    in-process."""
    if options.kind == "ray":
        from parallax.engines.ray_engine import RayEngine

        return RayEngine(options.workers, address=options.address, inflight=options.inflight)
    workers = options.workers or cpu_count()
    small = items is not None and items < options.min_parallel_items
    if workers == 1 or small:
        return SerialEngine()
    return PoolEngine(workers, inflight=options.inflight)


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last one shorter), read lazily."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


__all__ = ["Engine", "EngineOptions", "PoolEngine", "SerialEngine", "Work",
           "batched", "cpu_count", "open_engine", "release_memory", "run_batch"]
