"""The jobs that chain the stages: each takes a store and settings and returns a summary.

The CLI and the web layer call these and nothing else; no stage is run from a shell directly.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from parallax.config import Settings
from parallax.ingest import iter_pages
from parallax.models import Article, Rejected
from parallax.segment import segment_pages
from parallax.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
"""Called once per input item handled, with its source; the CLI turns it into a progress bar."""

SAVE_BATCH = 200
"""Articles per transaction: large enough to be fast, small enough that a crash loses little."""


@dataclass
class IngestSummary:
    """What one ingest run did."""

    added: int = 0
    unchanged: int = 0
    revised: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.added + self.unchanged + self.revised


def _batches(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _split(
    items: Iterable[Article | Rejected], rejected: list[Rejected], progress: Progress | None
) -> Iterator[Article]:
    for item in items:
        if isinstance(item, Rejected):
            log.info("rejected %s", item)
            rejected.append(item)
        else:
            if progress is not None:
                progress(item.source)
            yield item


def ingest(
    inputs: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    progress: Progress | None = None,
) -> IngestSummary:
    """Read inputs, split and clean them into articles, store them; bad inputs are recorded."""
    summary = IngestSummary()
    pages = iter_pages(inputs, settings.ingest)
    articles = _split(segment_pages(pages, opts=settings.segment), summary.rejected, progress)
    for batch in _batches(articles, SAVE_BATCH):
        for result in store.save_articles(batch):
            setattr(summary, result.status, getattr(summary, result.status) + 1)
            summary.article_ids.append(result.article_id)
    if summary.rejected:
        store.save_rejected(summary.rejected)
    return summary
