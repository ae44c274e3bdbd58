"""The jobs that chain the stages: each takes a store and settings and returns a summary.

The CLI and the web layer call these and nothing else; no stage is run from a shell directly.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from parallax.config import SegmentOptions, Settings
from parallax.engines import Engine, batched, open_engine
from parallax.errors import NotFoundError
from parallax.ingest import PageWork, expand_inputs, finish_page, iter_page_work
from parallax.models import Article, Rejected
from parallax.segment import segment_pages
from parallax.store import ArticleFilter, Store
from parallax.store.base import ArticleResults

if TYPE_CHECKING:
    import numpy as np

    from parallax.compare import Comparison, SentenceEncoder
    from parallax.sides import OutletRegistry, StoryRow
    from parallax.terms import TermTable

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


PAGE_BATCH = 16
"""Pages per unit of work sent to an engine worker during ingest."""

PAGE_BYTES_GUESS = 4096
"""Input bytes per page, to guess before reading whether an ingest is big enough for workers."""


@dataclass(frozen=True)
class SegmentWork:
    """Ingest's per-batch work: extract unextracted HTML, split pages into articles."""

    opts: SegmentOptions

    def __call__(self, items: list[PageWork]) -> list[Article | Rejected]:
        return list(segment_pages(map(finish_page, items), opts=self.opts))


def _input_bytes(inputs: Sequence[str], settings: Settings) -> int:
    total = 0
    for path in expand_inputs(inputs, follow_symlinks=settings.ingest.follow_symlinks):
        if not isinstance(path, Rejected):
            with suppress(OSError):
                total += path.stat().st_size
    return total


def ingest(
    inputs: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> IngestSummary:
    """Read inputs, split and clean them into articles, store them; bad inputs are recorded.

    Reading streams in this process; extraction and segmentation run on the engine."""
    with _engine(settings, engine, lambda: _input_bytes(inputs, settings) // PAGE_BYTES_GUESS
                 ) as runner:
        summary = IngestSummary()
        work = batched(iter_page_work(inputs, settings.ingest), PAGE_BATCH)
        segmented = (item for batch in runner.map(SegmentWork(settings.segment), work)
                     for item in batch)
        articles = _split(segmented, summary.rejected, progress)
        for batch in batched(articles, SAVE_BATCH):
            for result in store.save_articles(batch):
                setattr(summary, result.status, getattr(summary, result.status) + 1)
                summary.article_ids.append(result.article_id)
    if summary.rejected:
        store.save_rejected(summary.rejected)
    return summary


@contextmanager
def _engine(settings: Settings, given: Engine | None,
            size: Callable[[], int]) -> Iterator[Engine]:
    """The engine a job was handed, or one of its own sized for the job (closed after it)."""
    if given is not None:
        yield given
        return
    engine = open_engine(settings.engine, items=size())
    try:
        yield engine
    finally:
        engine.close()


# -- process: actors, quotes, techniques, embeddings -----------------------------------------

NLP_BATCH = 64


@dataclass
class ProcessSummary:
    processed: int = 0
    quotes: int = 0
    techniques: int = 0
    embedded: int = 0
    quote_groups: int = 0
    rejected: list[Rejected] = field(default_factory=list)


@dataclass(frozen=True)
class Analysed:
    """What the NLP stage derived from one article, ready to store."""

    results: ArticleResults
    rejected: Rejected | None = None
    embedding: bytes | None = None
    """The article's lead vector (``embed.to_blob``); none for articles not in English."""
    sentence_vectors: tuple[tuple[str, bytes], ...] = ()
    """Claim sentences encoded ahead of comparisons (only with ``compare.sentence_encoder``)."""


@dataclass(frozen=True)
class AnalyseWork:
    """Process's per-batch work: actors, quotes, techniques and the lead embedding of each
    article (models load once per worker process)."""

    settings: Settings

    def __call__(self, batch: list[Article]) -> list[Analysed]:
        analysed = _analyse_batch(batch, self.settings)
        english = [a for a in batch if a.language == "en"]
        blobs = _embed(english)
        vectors = _sentence_vectors(english, self.settings) \
            if self.settings.compare.sentence_encoder else {}
        return [replace(item, embedding=blobs.get(item.results.article_id),
                        sentence_vectors=vectors.get(item.results.article_id, ()))
                for item in analysed]


def _analyse_batch(batch: Sequence[Article], settings: Settings) -> list[Analysed]:
    from parallax.nlp import load_nlp
    from parallax.quotes import analyze_articles
    from parallax.techniques import find_techniques

    by_source = {article.source: article for article in batch}
    by_id = {article.id: article for article in batch}
    results: list[Analysed] = []
    for item in analyze_articles(batch, load_nlp(), opts=settings.quotes):
        if isinstance(item, Rejected):
            # Skipped (e.g. not English) is still processed: it is not tried again each run.
            article = by_source[item.source]
            results.append(Analysed(ArticleResults(article.id, article.content_hash), item))
            continue
        article = by_id[item.article_id]
        techniques = find_techniques(article, item.quotes, opts=settings.techniques)
        results.append(Analysed(ArticleResults(article.id, article.content_hash, item.entities,
                                               item.quotes, tuple(techniques))))
    return results


def _embed(articles: Sequence[Article]) -> dict[str, bytes]:
    from parallax.embed import embed_articles, load_embedder, to_blob

    if not articles:
        return {}
    vectors = embed_articles(articles, load_embedder())
    return {a.id: to_blob(v) for a, v in zip(articles, vectors, strict=True)}


def _sentence_vectors(articles: Sequence[Article],
                      settings: Settings) -> dict[str, tuple[tuple[str, bytes], ...]]:
    """The claim sentences of each article encoded, keyed as ``embed.CachedEncoder`` keys them."""
    from parallax.claims import article_sentences
    from parallax.embed import load_embedder, sentence_key, to_blob

    min_words = settings.compare.min_words
    texts = {a.id: [s.text for s in article_sentences(a, "", min_words)] for a in articles}
    unique = list(dict.fromkeys(t for ts in texts.values() for t in ts))
    vectors = dict(zip(unique, load_embedder().encode(unique), strict=True))
    return {aid: tuple((sentence_key(t), to_blob(vectors[t])) for t in ts)
            for aid, ts in texts.items()}


def _store_analysed(store: Store, items: Sequence[Analysed]) -> None:
    """Vectors first, results last: results mark an article processed, so a crash in between
    leaves it unprocessed (done again), never processed without its vector."""
    from parallax.embed import MODEL_NAME

    store.save_embeddings(MODEL_NAME, [(i.results.article_id, i.results.content_hash,
                                        i.embedding) for i in items if i.embedding is not None])
    sentences = [pair for i in items for pair in i.sentence_vectors]
    if sentences:
        store.save_text_vectors(MODEL_NAME, sentences)
    store.save_results([i.results for i in items])


def _regroup_quotes(store: Store) -> int:
    """Link the same quotation across articles and outlets (group ids on the stored quotes)."""
    from parallax.quotes import group_quotes

    outlets = {a.id: a.outlet or "unknown" for a in store.iter_articles()}
    quotes = [(q, outlets.get(q.article_id, "unknown")) for q in store.iter_quotes()]
    groups = group_quotes(quotes)
    store.set_quote_groups({q.id: g.id for g in groups for q, _outlet in g.members})
    return len(groups)


def process(
    store: Store,
    settings: Settings,
    *,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> ProcessSummary:
    """Run the NLP stages on every stored article not yet processed at its current revision."""
    summary = ProcessSummary()
    # Ids only up front; the articles are read a batch at a time, as the workers ask for them,
    # so the driver's memory does not grow with the corpus.
    pending = [a.id for a in store.iter_articles(ArticleFilter(unprocessed=True))]
    sources: dict[str, str] = {}

    def batches() -> Iterator[list[Article]]:
        for start in range(0, len(pending), NLP_BATCH):
            batch = list(store.iter_articles(ArticleFilter(
                ids=pending[start:start + NLP_BATCH], unprocessed=True)))
            sources.update((a.id, a.source) for a in batch)
            yield batch

    with _engine(settings, engine, lambda: len(pending)) as runner:
        for analysed in runner.map(AnalyseWork(settings), batches()):
            _store_analysed(store, analysed)
            for item in analysed:
                _count(summary, item)
                source = sources.pop(item.results.article_id)
                if progress is not None:
                    progress(source)
    if pending:
        summary.quote_groups = _regroup_quotes(store)
    if summary.rejected:
        store.save_rejected(summary.rejected)
    return summary


def _count(summary: ProcessSummary, item: Analysed) -> None:
    summary.processed += 1
    summary.quotes += len(item.results.quotes)
    summary.techniques += len(item.results.techniques)
    summary.embedded += item.embedding is not None
    if item.rejected is not None:
        summary.rejected.append(item.rejected)


# -- cluster: stories --------------------------------------------------------------------------


@dataclass
class ClusterSummary:
    stories: int = 0
    new_articles: int = 0
    merged: int = 0
    unembedded: int = 0


def cluster(store: Store, settings: Settings) -> ClusterSummary:
    """Group embedded articles into stories; articles already in a story stay where they are.

    A sliding time window keeps the work per run proportional to what is new: only the stories
    with an article within ``stories.window_days`` of a new article can take it, so only those
    stories (all their members) are loaded from the store, never the whole corpus."""
    from parallax.embed import MODEL_NAME
    from parallax.stories import StoryIndex

    summary = ClusterSummary()
    waiting = list(store.iter_articles(ArticleFilter(unclustered=True)))
    vectors = store.load_embeddings(MODEL_NAME, [a.id for a in waiting])
    fresh = [a for a in waiting if a.id in vectors]
    summary.unembedded = len(waiting) - len(fresh)
    placed = _window_articles(store, fresh, settings.stories.window_days)
    vectors.update(store.load_embeddings(MODEL_NAME, [a.id for a in placed]))
    # The clustering weights were fitted with its own name spotting (capitalised words and
    # numbers); the entities stage's canonical actors (every article names Varnia and Kharsk)
    # would swamp that signal, so they are not passed in.
    index = StoryIndex.restore(placed, _matrix(placed, vectors),
                               [a.story_id or "" for a in placed], None, settings.stories)
    index.add(fresh, _matrix(fresh, vectors), None)
    merged = index.merge_pass()
    before = _memberships(placed)
    stories = index.stories({a.id: a for a in [*placed, *fresh]})
    changed = [s for s in stories if before.get(s.id) != frozenset(s.article_ids)]
    live = {s.id for s in stories}
    store.save_stories(changed, removed=sorted((set(before) | set(merged)) - live))
    summary.stories = store.count_stories()
    summary.new_articles = len(fresh)
    summary.merged = len(merged)
    return summary


def _matrix(items: Sequence[Article], vectors: dict[str, tuple[str, bytes]]) -> np.ndarray:
    import numpy as np

    from parallax.embed import DIMENSIONS, from_blob

    if not items:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.stack([from_blob(vectors[a.id][1]) for a in items])


def _memberships(articles: Iterable[Article]) -> dict[str, frozenset[str]]:
    members: dict[str, set[str]] = {}
    for article in articles:
        if article.story_id:
            members.setdefault(article.story_id, set()).add(article.id)
    return {story: frozenset(ids) for story, ids in members.items()}


def _window_articles(store: Store, fresh: Sequence[Article], window_days: int) -> list[Article]:
    """Every member of every stored story a new article could join: the stories with an article
    published within ``window_days`` of a new one (an undated article is placed by the newest
    stored story's date). In publication order, as ``StoryIndex.restore`` wants them."""
    from parallax.story_text import parse_day

    if not fresh:
        return []
    days = [parse_day(a.published) for a in fresh]
    if None in days:
        newest = store.list_stories(limit=1)
        days.append(parse_day(newest[0].last_published) if newest else None)
    dated = [d for d in days if d is not None]
    if not dated:  # nothing has a date: every story is a candidate
        return [a for a in store.iter_articles() if a.story_id]
    near = ArticleFilter(published_from=date.fromordinal(min(dated) - window_days).isoformat(),
                         published_before=date.fromordinal(max(dated) + window_days + 1
                                                           ).isoformat())
    story_ids = sorted({a.story_id for a in store.iter_articles(near) if a.story_id})
    members: list[Article] = []
    for start in range(0, len(story_ids), 500):  # SQLite caps the parameters of one query
        members.extend(store.iter_articles(ArticleFilter(story_ids=story_ids[start:start + 500])))
    members.sort(key=lambda a: (a.published is None, a.published or "", a.id))
    return members


# -- compare and analyze -------------------------------------------------------------------


@dataclass(frozen=True)
class CompareContext:
    """What every comparison of one run shares: loaded once, passed to each story."""

    registry: OutletRegistry
    term_table: TermTable
    encoder: SentenceEncoder | None
    background: Counter[str]


def compare_context(store: Store, settings: Settings, *, encoder: bool = True) -> CompareContext:
    """Load the outlet registry, the contested-terms table, the sentence encoder and the
    corpus word counts (the prior of the distinctive-terms measure)."""
    from parallax.embed import CachedEncoder, load_embedder
    from parallax.sides import load_registry
    from parallax.terms import article_term_counts, load_term_table

    return CompareContext(
        registry=load_registry(settings.sides.outlets_file,
                               sides_path=settings.sides.sides_file),
        term_table=load_term_table(settings.sides.terms_file),
        encoder=CachedEncoder(load_embedder(), store.url)
        if encoder and settings.compare.sentence_encoder else None,
        background=article_term_counts(list(store.iter_articles())),
    )


def compare(
    store: Store, settings: Settings, story_id: str, *, context: CompareContext | None = None
) -> Comparison:
    """The side-by-side comparison of one stored story."""
    from parallax.compare import compare_story
    from parallax.store.base import QuoteFilter

    story = store.get_story(story_id)
    if story is None:
        raise NotFoundError(f"story {story_id!r} does not exist (see `parallax stories`)")
    context = context or compare_context(store, settings)
    articles = list(store.iter_articles(ArticleFilter(ids=story.article_ids)))
    quotes = list(store.iter_quotes(QuoteFilter(story_id=story_id, speech_only=False)))
    techniques = [t for a in articles for t in store.iter_techniques(a.id)]
    return compare_story(
        story, articles, quotes, techniques, encoder=context.encoder,
        registry=context.registry, term_table=context.term_table, opts=settings.compare,
        background=context.background,
    )


def story_rows(store: Store, settings: Settings, *, limit: int | None = None) -> list[StoryRow]:
    """The story table with coverage per side and blindspots."""
    from parallax.sides import load_registry
    from parallax.sides import story_rows as rows_of

    stories = store.list_stories(limit=limit)
    ids = [i for s in stories for i in s.article_ids]
    articles = {a.id: a for a in store.iter_articles(ArticleFilter(ids=ids))}
    registry = load_registry(settings.sides.outlets_file, sides_path=settings.sides.sides_file)
    return rows_of(stories, articles, registry)


@dataclass
class AnalyzeSummary:
    ingest: IngestSummary
    process: ProcessSummary
    cluster: ClusterSummary
    rows: list[StoryRow]
    comparisons: list[Comparison]


def analyze(
    inputs: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    out: Path | None,
    progress: Progress | None = None,
    engine: Engine | None = None,
) -> AnalyzeSummary:
    """The main job: ingest → process → cluster → compare every story → HTML report."""
    from parallax.report.html import render_report
    from parallax.sides import coverage_timeline

    # One engine for both per-article stages: its workers keep their models between them.
    size = _input_bytes(inputs, settings) // PAGE_BYTES_GUESS + store.count_articles(
        ArticleFilter(unprocessed=True))
    with _engine(settings, engine, lambda: size) as runner:
        ingested = ingest(inputs, store, settings, progress=progress, engine=runner)
        processed = process(store, settings, progress=progress, engine=runner)
    clustered = cluster(store, settings)
    rows = story_rows(store, settings)
    context = compare_context(store, settings)
    comparisons = [compare(store, settings, row.story.id, context=context) for row in rows
                   if len(row.story.outlets) > 1]
    if out is not None:
        story_articles = store.iter_articles(
            ArticleFilter(ids=[i for r in rows for i in r.story.article_ids]))
        timeline = coverage_timeline(story_articles, context.registry)
        html = render_report(comparisons, rows, timeline=timeline)
        out.write_text(html, encoding="utf-8")
    return AnalyzeSummary(ingested, processed, clustered, rows, comparisons)
