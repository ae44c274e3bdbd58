"""The storage interface every backend implements (SQLite by default, PostgreSQL for scale).

The pipeline, CLI and web layers only ever talk to a :class:`Store`; one contract test suite
(tests/test_store.py) runs against each implementation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from parallax.models import Article, Rejected, SaveResult


@dataclass(frozen=True)
class SearchHit:
    article_id: str
    headline: str
    outlet: str | None
    published: str | None
    snippet: str
    """A short extract around the match; matched words are wrapped in ``[`` and ``]``."""


@dataclass(frozen=True)
class Revision:
    article_id: str
    number: int
    content_hash: str
    headline: str
    paragraphs: tuple[str, ...]
    fetched: str | None
    stored_at: str


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles to list; every field narrows the selection."""

    outlet: str | None = None
    language: str | None = None
    unprocessed: bool = False
    """Only articles the NLP stage has not processed at their current revision."""
    story_id: str | None = None
    ids: Sequence[str] | None = None


class Store(Protocol):
    """A database of articles and everything derived from them."""

    url: str

    def save_articles(self, articles: Iterable[Article]) -> list[SaveResult]:
        """Store articles in one transaction: new ones are added; an article whose id exists
        with the same content is left alone; one with changed content becomes a new revision."""
        ...

    def save_rejected(self, rejected: Iterable[Rejected]) -> None:
        """Record inputs that could not be used (each distinct source/stage/reason once)."""
        ...

    def get_article(self, article_id: str) -> Article | None: ...

    def iter_articles(self, where: ArticleFilter | None = None) -> Iterator[Article]:
        """Articles in a stable order (publication date, then id)."""
        ...

    def count_articles(self, where: ArticleFilter | None = None) -> int: ...

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        """Full-text search over headline and body; ``query`` is plain words, not a syntax."""
        ...

    def revisions(self, article_id: str) -> list[Revision]:
        """Every stored version of an article, oldest first."""
        ...

    def list_rejected(self) -> list[Rejected]: ...

    def close(self) -> None: ...
