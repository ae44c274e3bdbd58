"""The storage interface every backend implements (SQLite by default, PostgreSQL for scale).

The pipeline, CLI and web layers only ever talk to a :class:`Store`; one contract test suite
(tests/test_store.py) runs against each implementation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from parallax.models import Article, Entity, Quote, Rejected, SaveResult, Story, Technique


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
    unclustered: bool = False
    """Only articles in no story yet."""
    published_from: str | None = None
    """Only articles published on or after this ISO date (``2026-03-17``)."""
    published_before: str | None = None
    """Only articles published before this ISO date (exclusive: ``2026-03-18`` ends the 17th)."""
    story_ids: Sequence[str] | None = None
    """Only articles of these stories."""


@dataclass(frozen=True)
class QuoteFilter:
    """Which quotations to list; every field narrows the selection."""

    speaker: str | None = None
    """Matches the canonical speaker or the mention, case-insensitively, as a substring."""
    story_id: str | None = None
    article_id: str | None = None
    outlet: str | None = None
    group_id: str | None = None
    speech_only: bool = True
    """Leave out scare quotes and quoted terms (``is_speech`` false)."""


@dataclass(frozen=True)
class ArticleResults:
    """Everything the NLP stage derived from one revision of one article."""

    article_id: str
    content_hash: str
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    techniques: tuple[Technique, ...] = ()


@dataclass(frozen=True)
class Source:
    """A feed or page followed by ``parallax watch``."""

    url: str
    outlet: str | None = None
    """Overrides the outlet read from the pages, when set."""
    side: str | None = None
    added_at: str = ""


@dataclass(frozen=True)
class FetchState:
    """What the last fetch of one URL left behind: validators for a conditional GET, and the
    failure count and time of the next try of a failing source."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_status: int | None = None
    last_fetched: str | None = None
    failures: int = 0
    next_try: str | None = None
    """ISO 8601 UTC; the source is not polled before then."""
    last_error: str | None = None


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

    # -- NLP results ----------------------------------------------------------------------
    def save_results(self, results: Iterable[ArticleResults]) -> None:
        """Replace an article's actors, quotes and techniques, and mark that revision processed
        (an article revised since then stays unprocessed)."""
        ...

    def iter_quotes(self, where: QuoteFilter | None = None) -> Iterator[Quote]: ...

    def set_quote_groups(self, groups: Mapping[str, str]) -> None:
        """quote id → group id (the same quote across articles and outlets)."""
        ...

    def iter_techniques(self, article_id: str | None = None) -> Iterator[Technique]: ...

    def actor_articles(self, canonical: str) -> list[str]:
        """Ids of the articles that mention an actor."""
        ...

    # -- embeddings and stories -----------------------------------------------------------
    def save_embeddings(self, model: str, rows: Iterable[tuple[str, str, bytes]]) -> None:
        """(article id, content hash, float32 vector bytes) for one embedding model."""
        ...

    def load_embeddings(
        self, model: str, ids: Sequence[str] | None = None
    ) -> dict[str, tuple[str, bytes]]:
        """article id → (content hash the vector was computed from, vector bytes)."""
        ...

    def load_text_vectors(self, model: str, keys: Sequence[str]) -> dict[str, bytes]:
        """Cached vectors of texts (sentences) by key (a hash of the text)."""
        ...

    def save_text_vectors(self, model: str, rows: Iterable[tuple[str, bytes]]) -> None: ...

    def save_stories(self, stories: Iterable[Story], *, removed: Sequence[str] = ()) -> None:
        """Upsert stories, point their articles at them, delete ``removed`` (merged away)."""
        ...

    def list_stories(self, *, limit: int | None = None, offset: int = 0) -> list[Story]:
        """Most recent first (last publication date), then largest."""
        ...

    def get_story(self, story_id: str) -> Story | None: ...

    def count_stories(self) -> int: ...

    # -- followed sources (migration 3) ---------------------------------------------------
    def add_source(self, source: Source) -> bool:
        """Follow a URL; True when it was new (a known one gets the new outlet and side)."""
        ...

    def list_sources(self) -> list[Source]:
        """In the order they were added."""
        ...

    def remove_source(self, url: str) -> bool:
        """Stop following a URL and forget its fetch state and seen links; False if unknown."""
        ...

    def get_fetch_state(self, url: str) -> FetchState | None: ...

    def save_fetch_state(self, state: FetchState) -> None: ...

    def seen_links(self, source_url: str, links: Sequence[str]) -> dict[str, str]:
        """Which of ``links`` of a feed were seen before: link → fingerprint of the entry then."""
        ...

    def mark_seen(self, source_url: str, links: Mapping[str, str]) -> None:
        """Record feed links as seen (link → fingerprint of the entry)."""
        ...

    def close(self) -> None: ...
