"""The one data model that flows through the pipeline.

    reader ─Page─▶ segment ─Article─▶ store ─▶ nlp (Entity, Quote, Technique) ─▶ stories (Story)
                                                                       └─▶ compare (Comparison)

Every record is a frozen dataclass with ``to_dict``/``from_dict`` so that the store, the JSON
export and the web layer share one shape. Ids are derived from content (or the canonical URL), so
reading the same input twice yields the same ids.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

PIPELINE_VERSION = "0.1.0"

PageKind = Literal["text", "article"]
"""``text``: a raw dump of a web page, to be cleaned and split into articles by ``segment``.
``article``: one article already delimited by its reader (HTML main text, a feed entry, a JSON Lines
record); ``segment`` only cleans furniture and reads the dateline."""

EntityType = Literal["PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT"]
QuoteKind = Literal["direct", "indirect"]
Voice = Literal["outlet", "quoted"]

T = TypeVar("T")


def stable_id(*parts: str | None, length: int = 16) -> str:
    """A short hex id derived from ``parts`` (None and "" are distinct from each other)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(b"\x00" if part is None else b"\x01" + part.encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()[:length]


_SPACE = re.compile(r"\s+")


def normalise_for_id(text: str) -> str:
    """Fold case, Unicode forms and white space so that cosmetic differences keep one id."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def _from_dict(cls: type[T], data: Mapping[str, Any]) -> T:
    """Build ``cls`` from ``data``, ignoring unknown keys (records may grow new fields)."""
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(frozen=True)
class PageMeta:
    """What a reader already knows about a page: feed fields, HTML meta tags, JSON fields."""

    headline: str | None = None
    standfirst: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: str | None = None
    section: str | None = None
    language: str | None = None
    site_name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PageMeta:
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Page:
    """What a reader produced from one input (a file, a feed entry, an archive record).

    ``body`` is decoded text: the whole dump for ``kind="text"``; for ``kind="article"`` the main
    text with paragraphs separated by blank lines.
    """

    source: str
    kind: PageKind
    body: str
    url: str | None = None
    fetched: str | None = None
    meta: PageMeta = field(default_factory=PageMeta)
    method: str = "text"
    """How the body was obtained, e.g. ``text``, ``trafilatura``, ``feed``, ``jsonl``."""

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["meta"] = self.meta.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Page:
        page = _from_dict(cls, data)
        return dataclasses.replace(page, meta=PageMeta.from_dict(data.get("meta") or {}))


@dataclass(frozen=True)
class Dateline:
    """The dateline that opens a wire item: ``MOSCOW, March 17. /TASS/.`` → city, date, agency."""

    city: str | None = None
    date_text: str | None = None
    agency: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Dateline:
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Entity:
    """A canonical actor of one article with the surface forms the article used for it."""

    canonical: str
    type: EntityType
    mentions: tuple[str, ...] = ()
    attributes: tuple[str, ...] = ()
    """Titles and roles seen with the actor: "former president", "deputy chair of ..."."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "canonical": self.canonical,
            "type": self.type,
            "mentions": list(self.mentions),
            "attributes": list(self.attributes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entity:
        return cls(
            canonical=str(data["canonical"]),
            type=data["type"],
            mentions=tuple(data.get("mentions") or ()),
            attributes=tuple(data.get("attributes") or ()),
        )


@dataclass(frozen=True)
class Article:
    """One news article, cleaned: the record of SPEC section 3."""

    id: str
    source: str
    headline: str
    paragraphs: tuple[str, ...]
    outlet: str | None = None
    url: str | None = None
    standfirst: str | None = None
    byline: str | None = None
    published: str | None = None
    section: str | None = None
    dateline: Dateline | None = None
    language: str = "en"
    entities: tuple[Entity, ...] = ()
    story_id: str | None = None
    fetched: str | None = None
    method: str = "text"
    pipeline_version: str = PIPELINE_VERSION

    @property
    def content_hash(self) -> str:
        """Identifies this version of the text; a changed page gets a new revision."""
        return stable_id(
            normalise_for_id(self.headline),
            normalise_for_id("\n".join(self.paragraphs)),
            length=24,
        )

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "outlet": self.outlet,
            "url": self.url,
            "headline": self.headline,
            "standfirst": self.standfirst,
            "byline": self.byline,
            "published": self.published,
            "section": self.section,
            "dateline": self.dateline.to_dict() if self.dateline else None,
            "language": self.language,
            "paragraphs": list(self.paragraphs),
            "entities": [e.to_dict() for e in self.entities],
            "story_id": self.story_id,
            "fetched": self.fetched,
            "method": self.method,
            "pipeline_version": self.pipeline_version,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        base = _from_dict(cls, data)
        dateline = data.get("dateline")
        return dataclasses.replace(
            base,
            paragraphs=tuple(str(p) for p in data.get("paragraphs") or ()),
            dateline=Dateline.from_dict(dateline) if isinstance(dateline, Mapping) else None,
            entities=tuple(Entity.from_dict(e) for e in data.get("entities") or ()),
        )


def article_id(
    *, url: str | None, outlet: str | None, headline: str, paragraphs: Sequence[str]
) -> str:
    """An article's stable id: its canonical URL when it has one, else its outlet and text.

    With a URL, a later edit of the page keeps the id and becomes a revision. Without one, the
    outlet is part of the id so that one wire item carried by two outlets stays two articles.
    """
    if url:
        return stable_id("url", canonical_url(url))
    return stable_id(
        "text", normalise_for_id(outlet or ""), normalise_for_id(headline),
        normalise_for_id("\n".join(paragraphs)),
    )


_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_[a-z]+|ref|cmpid)$", re.IGNORECASE)


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop fragments, tracking parameters and a trailing slash."""
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    parts = urlsplit(url.strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)])
    path = parts.path.rstrip("/") or "/"
    host = parts.netloc.lower().removeprefix("www.")
    return urlunsplit((parts.scheme.lower() or "http", host, path, query, ""))


@dataclass(frozen=True)
class Rejected:
    """An input, or one item of it, that a stage could not use, and why (one line for humans)."""

    source: str
    stage: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rejected:
        return _from_dict(cls, data)

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True)
class Quote:
    """A quotation or reported speech in one article paragraph (SPEC section 3)."""

    id: str
    article_id: str
    kind: QuoteKind
    text: str
    paragraph: int
    start: int
    end: int
    speaker: str | None = None
    speaker_mention: str | None = None
    cue: str | None = None
    is_speech: bool = True
    """False for scare quotes and quoted terms ("peacekeepers"): no speaker, not speech."""
    group_id: str | None = None
    """The same quote across articles and outlets shares a group id."""
    method: str = "rules"

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Quote:
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Technique:
    """A persuasion technique found at a span of one article paragraph (SPEC section 3)."""

    id: str
    article_id: str
    technique: str
    paragraph: int
    start: int
    end: int
    text: str
    voice: Voice = "outlet"
    speaker: str | None = None
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Technique:
        return _from_dict(cls, data)


@dataclass(frozen=True)
class Story:
    """Articles from any number of outlets that report the same event (SPEC section 3)."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...]
    first_published: str | None = None
    last_published: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["article_ids"] = list(self.article_ids)
        data["outlets"] = list(self.outlets)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Story:
        story = _from_dict(cls, data)
        return dataclasses.replace(
            story,
            article_ids=tuple(data.get("article_ids") or ()),
            outlets=tuple(data.get("outlets") or ()),
        )


@dataclass(frozen=True)
class SaveResult:
    """What the store did with one article."""

    article_id: str
    status: Literal["added", "unchanged", "revised"]
