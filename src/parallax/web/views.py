"""View-models of the web UI: plain functions ``store + state + params → dataclass``.

Each page of the UI and its JSON twin under ``/api/`` are built from the one view-model returned
here (the template reads its fields, the API returns its ``to_dict()``). This is the only place
where the web layer composes queries; the analysis itself is done by ``pipeline``, ``compare``,
``sides``, ``terms`` and ``tone``. Every list is paginated: ``page``/``per_page`` in, a
:class:`Pagination` out (``has_next`` is found by asking for one row more, so no page ever counts
a whole table).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Literal

from parallax import pipeline
from parallax.compare import Comparison, quote_views
from parallax.config import Settings
from parallax.errors import NotFoundError
from parallax.models import Article, Entity, Quote, Story, Technique, stable_id
from parallax.sides import (
    OutletInfo,
    OutletRegistry,
    StoryRow,
    TimelinePoint,
    coverage_timeline,
    load_registry,
    story_rows,
)
from parallax.store import ArticleFilter, Store
from parallax.store.base import QuoteFilter
from parallax.terms import (
    TermEntry,
    TermExample,
    TermTable,
    article_term_counts,
    distinctive_terms,
    find_terms,
    load_term_table,
)
from parallax.tone import actor_tone, merge_tones

MAX_PER_PAGE = 100
SCAN_CHUNK = 500
"""Stories read per query while filtering the story list."""
TEXT_FILTER_HITS = 500
"""Full-text hits whose stories a text filter of the story list takes in (beyond titles)."""
PROFILE_SAMPLE = 2000
"""Articles of an outlet (or mentions of an actor) read for its terms, techniques and tone."""


def slugify(name: str) -> str:
    """A URL-safe id for an actor or outlet name: ``Oleg Varyonov`` → ``oleg-varyonov``."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return slug or "x" + stable_id(name, length=10)


@dataclass(frozen=True)
class Pagination:
    page: int
    per_page: int
    has_next: bool
    total: int | None = None

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def to_dict(self) -> dict[str, Any]:
        return {"page": self.page, "per_page": self.per_page, "has_next": self.has_next,
                "total": self.total}


def _page_of(items: Iterator[Any], page: int, per_page: int) -> tuple[list[Any], Pagination]:
    """One page of an iterator, reading one item more to know whether another page follows."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    chunk = list(islice(items, (page - 1) * per_page, page * per_page + 1))
    return chunk[:per_page], Pagination(page, per_page, len(chunk) > per_page)


# ---------------------------------------------------------------- shared, per-app state


ComparisonKey = tuple[str, tuple[tuple[str, str], ...]]


class AppState:
    """What the app loads once and shares between requests: the outlet registry, the term
    table, the comparison context (sentence encoder, corpus counts) and a cache of comparisons
    keyed by story id and the (id, content hash) of its articles, so a revised or re-clustered
    story is compared again."""

    def __init__(self, settings: Settings, *, use_encoder: bool = True,
                 cache_size: int = 128) -> None:
        self.settings = settings
        self.use_encoder = use_encoder
        self.registry: OutletRegistry = load_registry(settings.sides.outlets_file,
                                                      sides_path=settings.sides.sides_file)
        self.term_table: TermTable = load_term_table(settings.sides.terms_file)
        self._lock = threading.RLock()
        self._context: pipeline.CompareContext | None = None
        self._comparisons: OrderedDict[ComparisonKey, Comparison] = OrderedDict()
        self._cache_size = cache_size
        self._actors: dict[str, str] | None = None
        self._profiles: dict[tuple[str, int], OutletProfile] = {}

    def context(self, store: Store) -> pipeline.CompareContext:
        with self._lock:
            if self._context is None:
                self._context = pipeline.compare_context(store, self.settings,
                                                         encoder=self.use_encoder)
            return self._context

    def comparison(self, store: Store, story: Story, articles: Sequence[Article]) -> Comparison:
        key: ComparisonKey = (story.id, tuple(sorted((a.id, a.content_hash) for a in articles)))
        with self._lock:
            cached = self._comparisons.get(key)
            if cached is not None:
                self._comparisons.move_to_end(key)
                return cached
        context = self.context(store)
        result = pipeline.compare(store, self.settings, story.id, context=context)
        with self._lock:
            self._comparisons[key] = result
            while len(self._comparisons) > self._cache_size:
                self._comparisons.popitem(last=False)
        return result

    def actor_index(self, store: Store) -> dict[str, str]:
        """slug → canonical name of every stored actor (built once; reset after an ingest)."""
        with self._lock:
            if self._actors is None:
                counts: Counter[str] = Counter(
                    e.canonical for a in store.iter_articles() for e in a.entities)
                index: dict[str, str] = {}
                for name, _count in counts.most_common():
                    index.setdefault(slugify(name), name)
                self._actors = index
            return self._actors

    def cached_profile(self, outlet: str, count: int) -> OutletProfile | None:
        with self._lock:
            return self._profiles.get((outlet, count))

    def keep_profile(self, outlet: str, count: int, profile: OutletProfile) -> None:
        with self._lock:
            self._profiles[(outlet, count)] = profile

    def invalidate(self) -> None:
        """New articles were stored: corpus counts and indexes are stale (comparisons are keyed
        by content and stay valid)."""
        with self._lock:
            self._context = None
            self._actors = None
            self._profiles.clear()


# ---------------------------------------------------------------- stories


Sort = Literal["recent", "size"]


@dataclass(frozen=True)
class StoryQuery:
    q: str | None = None
    outlet: str | None = None
    side: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    sort: Sort = "recent"
    page: int = 1
    per_page: int = 25

    def to_dict(self) -> dict[str, Any]:
        return {"q": self.q, "outlet": self.outlet, "side": self.side,
                "from": self.date_from, "to": self.date_to, "sort": self.sort}

    @property
    def is_filtered(self) -> bool:
        return any((self.q, self.outlet, self.side, self.date_from, self.date_to))


@dataclass(frozen=True)
class StoriesView:
    query: StoryQuery
    rows: list[StoryRow]
    pagination: Pagination
    sides: tuple[str, ...]
    outlets: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"filters": self.query.to_dict(), "stories": [r.to_dict() for r in self.rows],
                "pagination": self.pagination.to_dict(), "sides": list(self.sides)}


def _all_stories(store: Store) -> Iterator[Story]:
    offset = 0
    while chunk := store.list_stories(limit=SCAN_CHUNK, offset=offset):
        yield from chunk
        offset += len(chunk)


def _text_story_ids(store: Store, text: str) -> set[str]:
    hits = store.search(text, limit=TEXT_FILTER_HITS)
    ids = [h.article_id for h in hits]
    return {a.story_id for a in store.iter_articles(ArticleFilter(ids=ids)) if a.story_id}


def _story_matches(story: Story, query: StoryQuery, registry: OutletRegistry,
                   text_ids: set[str]) -> bool:
    if query.q and query.q.casefold() not in story.title.casefold() and story.id not in text_ids:
        return False
    if query.outlet:
        wanted = (registry.canonical(query.outlet) or query.outlet).casefold()
        if wanted not in {(registry.canonical(o) or o).casefold() for o in story.outlets}:
            return False
    if query.side and query.side not in {registry.side_of(o) for o in story.outlets}:
        return False
    if query.date_from and (story.last_published or "")[:10] < query.date_from:
        return False
    return not (query.date_to and (story.first_published or "9999")[:10] > query.date_to)


def stories_view(store: Store, state: AppState, query: StoryQuery) -> StoriesView:
    """The story list: filtered, most recent (or largest) first, one page of it."""
    registry = state.registry
    stories: Iterator[Story]
    if not query.is_filtered and query.sort == "recent":
        per_page = max(1, min(query.per_page, MAX_PER_PAGE))
        found = store.list_stories(limit=per_page + 1, offset=(query.page - 1) * per_page)
        page = found[:per_page]
        pagination = Pagination(query.page, per_page, len(found) > per_page)
    else:
        text_ids = _text_story_ids(store, query.q) if query.q else set()
        stories = (s for s in _all_stories(store)
                   if _story_matches(s, query, registry, text_ids))
        if query.sort == "size":
            stories = iter(sorted(stories, key=lambda s: (-len(s.article_ids), s.id)))
        page, pagination = _page_of(stories, query.page, query.per_page)
    ids = [i for s in page for i in s.article_ids]
    articles = {a.id: a for a in store.iter_articles(ArticleFilter(ids=ids))}
    outlets = tuple(info.outlet for info in registry.outlets)
    return StoriesView(query, story_rows(page, articles, registry), pagination,
                       registry.sides(), outlets)


# ---------------------------------------------------------------- one story


@dataclass(frozen=True)
class StoryView:
    story: Story
    comparison: Comparison
    row: StoryRow
    timeline: tuple[TimelinePoint, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"story": self.row.to_dict(), "comparison": self.comparison.to_dict(),
                "timeline": [p.to_dict() for p in self.timeline]}


def story_view(store: Store, state: AppState, story_id: str) -> StoryView:
    story = store.get_story(story_id)
    if story is None:
        raise NotFoundError(f"story {story_id!r} does not exist")
    articles = list(store.iter_articles(ArticleFilter(ids=story.article_ids)))
    comparison = state.comparison(store, story, articles)
    row = story_rows([story], {a.id: a for a in articles}, state.registry)[0]
    return StoryView(story, comparison, row, coverage_timeline(articles, state.registry))


# ---------------------------------------------------------------- one article


@dataclass(frozen=True)
class ArticleView:
    article: Article
    side: str
    story: Story | None
    quotes: list[Quote]
    techniques: list[Technique]
    terms: list[tuple[TermEntry, TermExample]]
    revisions: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_dict(), "side": self.side,
            "story": {"id": self.story.id, "title": self.story.title} if self.story else None,
            "quotes": [q.to_dict() for q in self.quotes],
            "techniques": [t.to_dict() for t in self.techniques],
            "terms": [{**e.to_dict(), "term": entry.term, "group": entry.group,
                       "framing": entry.framing} for entry, e in self.terms],
            "actors": [{"canonical": e.canonical, "type": e.type, "id": slugify(e.canonical)}
                       for e in self.article.entities],
            "revisions": self.revisions,
        }


def article_view(store: Store, state: AppState, article_id: str) -> ArticleView:
    article = store.get_article(article_id)
    if article is None:
        raise NotFoundError(f"article {article_id!r} does not exist")
    story = store.get_story(article.story_id) if article.story_id else None
    quotes = list(store.iter_quotes(QuoteFilter(article_id=article.id, speech_only=False)))
    return ArticleView(
        article, state.registry.side_of(article.outlet), story, quotes,
        list(store.iter_techniques(article.id)), find_terms(article, state.term_table),
        len(store.revisions(article.id)),
    )


# ---------------------------------------------------------------- quotes


@dataclass(frozen=True)
class QuoteQuery:
    speaker: str | None = None
    outlet: str | None = None
    story: str | None = None
    group: str | None = None
    page: int = 1
    per_page: int = 50

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "outlet": self.outlet, "story": self.story,
                "group": self.group}


@dataclass(frozen=True)
class QuoteRow:
    quote: Quote
    outlet: str | None
    headline: str
    published: str | None

    def to_dict(self) -> dict[str, Any]:
        return {**self.quote.to_dict(), "outlet": self.outlet, "headline": self.headline,
                "published": self.published}


@dataclass(frozen=True)
class QuoteCut:
    """One outlet's version of a quote carried by several: what it kept and what it dropped."""

    row: QuoteRow
    full_text: str
    dropped_before: str
    dropped_after: str

    def to_dict(self) -> dict[str, Any]:
        return {**self.row.to_dict(), "full_text": self.full_text,
                "dropped_before": self.dropped_before, "dropped_after": self.dropped_after,
                "is_cut": bool(self.dropped_before or self.dropped_after)}


@dataclass(frozen=True)
class QuotesView:
    query: QuoteQuery
    rows: list[QuoteRow]
    pagination: Pagination
    group: list[QuoteCut] = field(default_factory=list)
    """With ``group``: the same quote across outlets, each with its cut."""
    outlets: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"filters": self.query.to_dict(), "quotes": [r.to_dict() for r in self.rows],
                "pagination": self.pagination.to_dict(),
                "group": [c.to_dict() for c in self.group]}


def _quote_rows(store: Store, quotes: Sequence[Quote]) -> list[QuoteRow]:
    ids = list(dict.fromkeys(q.article_id for q in quotes))
    articles = {a.id: a for a in store.iter_articles(ArticleFilter(ids=ids))}
    rows: list[QuoteRow] = []
    for quote in quotes:
        article = articles.get(quote.article_id)
        rows.append(QuoteRow(quote, article.outlet if article else None,
                             article.headline if article else "", article.published
                             if article else None))
    return rows


def _group_cuts(store: Store, state: AppState, group_id: str) -> list[QuoteCut]:
    members = list(store.iter_quotes(QuoteFilter(group_id=group_id, speech_only=False)))
    rows = {r.quote.id: r for r in _quote_rows(store, members)}
    outlet_of = {q.article_id: state.registry.canonical(rows[q.id].outlet) or "(unknown outlet)"
                 for q in members}
    cuts = [QuoteCut(rows[v.quote.id], v.full_text, v.dropped_before, v.dropped_after)
            for views in quote_views(members, outlet_of).values() for v in views]
    return sorted(cuts, key=lambda c: (c.row.published or "", c.row.outlet or ""))


def quotes_view(store: Store, state: AppState, query: QuoteQuery) -> QuotesView:
    """Quotes by speaker, outlet or story; with a group id, the same quote across outlets."""
    where = QuoteFilter(speaker=query.speaker or None, story_id=query.story or None,
                        outlet=query.outlet or None, group_id=query.group or None)
    quotes, pagination = _page_of(store.iter_quotes(where), query.page, query.per_page)
    group = _group_cuts(store, state, query.group) if query.group else []
    outlets = tuple(info.outlet for info in state.registry.outlets)
    return QuotesView(query, _quote_rows(store, quotes), pagination, group, outlets)


# ---------------------------------------------------------------- actors


@dataclass(frozen=True)
class OutletTone:
    outlet: str
    side: str
    score: float
    sentences: int
    articles: int

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "side": self.side, "score": round(self.score, 3),
                "sentences": self.sentences, "articles": self.articles}


@dataclass(frozen=True)
class ActorView:
    id: str
    canonical: str
    type: str | None
    mentions: int
    articles: list[Article]
    pagination: Pagination
    tone: list[OutletTone]
    said: list[QuoteRow]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "canonical": self.canonical, "type": self.type,
            "mentioned_in": self.mentions,
            "articles": [_article_summary(a) for a in self.articles],
            "pagination": self.pagination.to_dict(),
            "tone_by_outlet": [t.to_dict() for t in self.tone],
            "quotes": [r.to_dict() for r in self.said],
        }


def _article_summary(article: Article) -> dict[str, Any]:
    return {"id": article.id, "headline": article.headline, "outlet": article.outlet,
            "published": article.published, "story_id": article.story_id}


def _resolve_actor(store: Store, state: AppState, actor_id: str) -> str:
    guess = " ".join(word.capitalize() for word in actor_id.split("-"))
    if slugify(guess) == actor_id and store.actor_articles(guess):
        return guess  # the common case, without building the index
    name = state.actor_index(store).get(actor_id)
    if name is None:
        raise NotFoundError(f"actor {actor_id!r} does not exist")
    return name


def _entity_of(article: Article, canonical: str) -> Entity | None:
    return next((e for e in article.entities if e.canonical == canonical), None)


def _tone_by_outlet(articles: Sequence[Article], canonical: str,
                    state: AppState) -> list[OutletTone]:
    by_outlet: dict[str, list[Any]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for article in articles:
        entity = _entity_of(article, canonical)
        if entity is None:
            continue
        outlet = state.registry.canonical(article.outlet) or "(unknown outlet)"
        counts[outlet] += 1
        by_outlet[outlet] += actor_tone(article, [entity], opts=state.settings.compare.tone)
    rows = [OutletTone(outlet, state.registry.side_of(outlet), t.score, len(t.sentences),
                       counts[outlet])
            for outlet, tones in by_outlet.items() for t in merge_tones(tones)]
    return sorted(rows, key=lambda r: (r.side, r.outlet))


def actor_view(store: Store, state: AppState, actor_id: str, *, page: int = 1,
               per_page: int = 25) -> ActorView:
    """An actor's mentions, each outlet's tone toward it (over up to PROFILE_SAMPLE of its
    articles) and its quotes."""
    canonical = _resolve_actor(store, state, actor_id)
    ids = store.actor_articles(canonical)
    sample = list(store.iter_articles(ArticleFilter(ids=ids[:PROFILE_SAMPLE])))
    newest_first = sorted(sample, key=lambda a: (a.published or "", a.id), reverse=True)
    shown, pagination = _page_of(iter(newest_first), page, per_page)
    pagination = Pagination(pagination.page, pagination.per_page, pagination.has_next, len(ids))
    said: list[Quote] = []
    for quote in store.iter_quotes(QuoteFilter(speaker=canonical, speech_only=False)):
        if quote.speaker == canonical and len(said) < 50:
            said.append(quote)
    entity = next((e for a in sample if (e := _entity_of(a, canonical))), None)
    return ActorView(actor_id, canonical, entity.type if entity else None, len(ids), shown,
                     pagination, _tone_by_outlet(sample, canonical, state),
                     _quote_rows(store, said))


# ---------------------------------------------------------------- outlets


@dataclass(frozen=True)
class OutletProfile:
    """The expensive part of an outlet page, cached per outlet and article count."""

    terms: list[dict[str, Any]]
    techniques: list[tuple[str, int]]


@dataclass(frozen=True)
class OutletView:
    id: str
    outlet: str
    side: str
    info: OutletInfo | None
    articles: int
    stories: list[Story]
    pagination: Pagination
    profile: OutletProfile

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "outlet": self.outlet, "side": self.side,
            "registry": self.info.to_dict() if self.info else None,
            "articles": self.articles,
            "stories": [s.to_dict() for s in self.stories],
            "pagination": self.pagination.to_dict(),
            "distinctive_terms": self.profile.terms,
            "techniques": [{"technique": t, "count": c} for t, c in self.profile.techniques],
        }


def _resolve_outlet(store: Store, state: AppState, outlet_id: str) -> str:
    for info in state.registry.outlets:
        if outlet_id in {slugify(n) for n in (info.outlet, *info.aliases)}:
            return info.outlet
    for story in _all_stories(store):
        for outlet in story.outlets:
            if slugify(outlet) == outlet_id:
                return outlet
    raise NotFoundError(f"outlet {outlet_id!r} does not exist")


def _outlet_profile(store: Store, state: AppState, outlet: str, count: int) -> OutletProfile:
    cached = state.cached_profile(outlet, count)
    if cached is not None:
        return cached
    articles = list(islice(store.iter_articles(ArticleFilter(outlet=outlet)), PROFILE_SAMPLE))
    techniques: Counter[str] = Counter(
        t.technique for a in articles for t in store.iter_techniques(a.id))
    mine = article_term_counts(articles)
    background = state.context(store).background
    rest = background - mine
    terms = distinctive_terms({outlet: mine, "(rest)": rest}, background, top=15).get(outlet, [])
    profile = OutletProfile([t.to_dict() for t in terms], techniques.most_common())
    state.keep_profile(outlet, count, profile)
    return profile


def outlet_view(store: Store, state: AppState, outlet_id: str, *, page: int = 1,
                per_page: int = 25) -> OutletView:
    """An outlet's side, the stories it covered, its distinctive terms and techniques."""
    outlet = _resolve_outlet(store, state, outlet_id)
    count = store.count_articles(ArticleFilter(outlet=outlet))
    if count == 0 and state.registry.lookup(outlet) is None:
        raise NotFoundError(f"outlet {outlet_id!r} has no articles")
    stories = (s for s in _all_stories(store) if outlet in s.outlets)
    shown, pagination = _page_of(stories, page, per_page)
    return OutletView(outlet_id, outlet, state.registry.side_of(outlet),
                      state.registry.lookup(outlet), count, shown, pagination,
                      _outlet_profile(store, state, outlet, count))


# ---------------------------------------------------------------- search


@dataclass(frozen=True)
class SearchRow:
    article_id: str
    headline: str
    outlet: str | None
    published: str | None
    snippet: list[tuple[str, bool]]
    """The snippet as (text, is_match) pieces, so the template escapes every piece."""

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "headline": self.headline, "outlet": self.outlet,
                "published": self.published,
                "snippet": "".join(f"[{t}]" if m else t for t, m in self.snippet)}


@dataclass(frozen=True)
class SearchView:
    q: str
    rows: list[SearchRow]
    pagination: Pagination

    def to_dict(self) -> dict[str, Any]:
        return {"q": self.q, "results": [r.to_dict() for r in self.rows],
                "pagination": self.pagination.to_dict()}


_MATCH = re.compile(r"\[([^\[\]]*)\]")


def snippet_pieces(snippet: str) -> list[tuple[str, bool]]:
    """``a [b] c`` → [("a ", False), ("b", True), (" c", False)]."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for match in _MATCH.finditer(snippet):
        if match.start() > at:
            pieces.append((snippet[at:match.start()], False))
        pieces.append((match.group(1), True))
        at = match.end()
    if at < len(snippet):
        pieces.append((snippet[at:], False))
    return pieces


def search_view(store: Store, q: str, *, page: int = 1, per_page: int = 20) -> SearchView:
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    hits = store.search(q, limit=per_page + 1, offset=(page - 1) * per_page) if q.strip() else []
    rows = [SearchRow(h.article_id, h.headline, h.outlet, h.published, snippet_pieces(h.snippet))
            for h in hits[:per_page]]
    return SearchView(q, rows, Pagination(page, per_page, len(hits) > per_page))


def job_articles(store: Store, ids: Sequence[str]) -> list[dict[str, Any]]:
    """Summaries of the articles an upload stored (for its status page)."""
    return [_article_summary(a) for a in store.iter_articles(ArticleFilter(ids=ids[:500]))]
