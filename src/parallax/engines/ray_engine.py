"""The Ray engine: the same per-batch work as the local pool, run by Ray actors.

    parallax analyze corpus.warc.gz --engine ray                      # a private local Ray
    parallax analyze corpus.warc.gz --engine ray --address auto       # the cluster of `ray start`

Each actor is a long-lived worker process reserving one CPU: the models a work object loads
(spaCy, the embedder) are loaded once per actor and kept for every later batch and stage of the
run. Batches go to the actors round-robin with at most ``inflight`` outstanding per actor
(backpressure), and come back in input order, so the driver stores exactly what a local run
stores. Articles and results travel through Ray's object store as pickles of the frozen model
dataclasses; nothing else is shared.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from parallax.engines import Work, _quiet_worker, run_batch
from parallax.errors import ConfigError, ParallaxError

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")


class _Worker:
    """The actor body: runs whatever work it is handed, in its own long-lived process."""

    def __init__(self) -> None:
        _quiet_worker()

    def run(self, work: Work[Any, Any], batch: list[Any]) -> list[Any]:
        return run_batch(work, batch)


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ConfigError("the Ray engine needs the package ray: pip install 'ray==2.60.0' "
                          "(or use --engine local)") from None
    return ray


class RayEngine:
    """Per-batch work on ``workers`` Ray actors (0 = one per CPU of the cluster)."""

    name = "ray"

    def __init__(self, workers: int, *, address: str | None = None, inflight: int = 2) -> None:
        ray = _ray()
        self._started_here = not ray.is_initialized()
        if self._started_here:
            self._init(ray, workers, address)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.workers = max(1, workers or cpus)
        self._inflight = max(1, inflight)
        self._actor_class = ray.remote(num_cpus=1)(_Worker)
        self._actors: list[Any] = []

    @staticmethod
    def _init(ray: Any, workers: int, address: str | None) -> None:
        # A private local Ray gets as many CPUs as workers were asked for; a cluster says its own.
        own = {"num_cpus": workers or None} if address is None else {}
        os.environ.setdefault("RAY_ENABLE_UV_RUN_RUNTIME_ENV", "0")
        try:
            ray.init(address=address, include_dashboard=False, log_to_driver=False,
                     configure_logging=False, **own)
        except (ConnectionError, ValueError, RuntimeError) as exc:
            raise ConfigError(f"engine: cannot reach the Ray cluster at {address!r}: {exc} "
                              "(start one with `ray start --head`, or leave out --address "
                              "to run a private local Ray)") from None

    def _pool(self) -> list[Any]:
        if not self._actors:
            self._actors = [self._actor_class.remote() for _ in range(self.workers)]
        return self._actors

    def map(self, work: Work[T, R], batches: Iterable[list[T]]) -> Iterator[list[R]]:
        ray = _ray()
        actors = self._pool()
        work_ref = ray.put(work)  # shipped once, not with every batch
        pending: deque[Any] = deque()
        limit = self._inflight * len(actors)
        try:
            for number, batch in enumerate(batches):
                actor = actors[number % len(actors)]
                pending.append(actor.run.remote(work_ref, batch))
                if len(pending) >= limit:
                    yield ray.get(pending.popleft())
            while pending:
                yield ray.get(pending.popleft())
        except ray.exceptions.RayActorError as exc:
            raise ParallaxError(
                f"a Ray worker died ({exc.__class__.__name__}); the results saved so far are "
                "kept, run the command again to resume") from None
        finally:
            for ref in pending:
                ray.cancel(ref)

    def close(self) -> None:
        ray = _ray()
        for actor in self._actors:
            ray.kill(actor)
        self._actors = []
        if self._started_here and ray.is_initialized():
            ray.shutdown()
