"""The jobs that chain the stages: each takes a store and settings and returns a summary.

The CLI and the web layer call these and nothing else; no stage is run from a shell directly.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from parallax.config import Settings
from parallax.errors import NotFoundError
from parallax.ingest import iter_pages
from parallax.models import Article, Rejected
from parallax.segment import segment_pages
from parallax.store import ArticleFilter, Store
from parallax.store.base import ArticleResults

if TYPE_CHECKING:
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


def _analyse_batch(
    batch: Sequence[Article], settings: Settings, summary: ProcessSummary
) -> list[ArticleResults]:
    from parallax.nlp import load_nlp
    from parallax.quotes import analyze_articles
    from parallax.techniques import find_techniques

    by_source = {article.source: article for article in batch}
    by_id = {article.id: article for article in batch}
    results: list[ArticleResults] = []
    for item in analyze_articles(batch, load_nlp(), opts=settings.quotes):
        if isinstance(item, Rejected):
            # Skipped (e.g. not English) is still processed: it is not tried again each run.
            summary.rejected.append(item)
            article = by_source[item.source]
            results.append(ArticleResults(article.id, article.content_hash))
            continue
        article = by_id[item.article_id]
        techniques = find_techniques(article, item.quotes, opts=settings.techniques)
        results.append(ArticleResults(article.id, article.content_hash, item.entities,
                                      item.quotes, tuple(techniques)))
        summary.quotes += len(item.quotes)
        summary.techniques += len(techniques)
    return results


def _embed_missing(store: Store, articles: Sequence[Article]) -> int:
    """Embed the articles whose stored vector is missing or from an older revision."""
    from parallax.embed import MODEL_NAME, embed_articles, load_embedder, to_blob

    stored = store.load_embeddings(MODEL_NAME, [a.id for a in articles])
    missing = [a for a in articles if stored.get(a.id, ("",))[0] != a.content_hash]
    for batch in _batches(missing, NLP_BATCH):
        vectors = embed_articles(batch, load_embedder())
        store.save_embeddings(
            MODEL_NAME, [(a.id, a.content_hash, to_blob(v)) for a, v in zip(batch, vectors,
                                                                             strict=True)]
        )
    return len(missing)


def _encode_sentences(store: Store, settings: Settings, articles: Sequence[Article]) -> None:
    """Encode the claim sentences of new articles now, so that comparisons only read vectors."""
    from parallax.claims import article_sentences
    from parallax.embed import CachedEncoder, load_embedder

    encoder = CachedEncoder(load_embedder(), store.url)
    min_words = settings.compare.min_words
    for batch in _batches(articles, NLP_BATCH):
        encoder.encode([s.text for a in batch for s in article_sentences(a, "", min_words)])


def _regroup_quotes(store: Store) -> int:
    """Link the same quotation across articles and outlets (group ids on the stored quotes)."""
    from parallax.quotes import group_quotes

    outlets = {a.id: a.outlet or "unknown" for a in store.iter_articles()}
    quotes = [(q, outlets.get(q.article_id, "unknown")) for q in store.iter_quotes()]
    groups = group_quotes(quotes)
    store.set_quote_groups({q.id: g.id for g in groups for q, _outlet in g.members})
    return len(groups)


def process(
    store: Store, settings: Settings, *, progress: Progress | None = None
) -> ProcessSummary:
    """Run the NLP stages on every stored article not yet processed at its current revision."""
    summary = ProcessSummary()
    pending = list(store.iter_articles(ArticleFilter(unprocessed=True)))
    for batch in _batches(pending, NLP_BATCH):
        results = _analyse_batch(batch, settings, summary)
        store.save_results(results)
        summary.processed += len(results)
        if progress is not None:
            for article in batch:
                progress(article.source)
    english = [a for a in store.iter_articles() if a.language == "en"]
    summary.embedded = _embed_missing(store, english)
    _encode_sentences(store, settings, [a for a in pending if a.language == "en"])
    if pending:
        summary.quote_groups = _regroup_quotes(store)
    if summary.rejected:
        store.save_rejected(summary.rejected)
    return summary


# -- cluster: stories --------------------------------------------------------------------------


@dataclass
class ClusterSummary:
    stories: int = 0
    new_articles: int = 0
    merged: int = 0
    unembedded: int = 0


def _actor_names(articles: Iterable[Article]) -> dict[str, set[str]]:
    return {a.id: {e.canonical for e in a.entities} for a in articles if a.entities}


def cluster(store: Store, settings: Settings) -> ClusterSummary:
    """Group embedded articles into stories; articles already in a story stay where they are."""
    import numpy as np

    from parallax.embed import MODEL_NAME, from_blob
    from parallax.stories import StoryIndex

    summary = ClusterSummary()
    articles = list(store.iter_articles())
    vectors = store.load_embeddings(MODEL_NAME)
    embedded = [a for a in articles if a.id in vectors]
    summary.unembedded = len(articles) - len(embedded)

    def matrix(items: Sequence[Article]) -> np.ndarray:
        if not items:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack([from_blob(vectors[a.id][1]) for a in items])

    placed = [a for a in embedded if a.story_id]
    fresh = [a for a in embedded if not a.story_id]
    # The clustering weights were fitted with its own name spotting (capitalised words and
    # numbers); the entities stage's canonical actors (every article names Varnia and Kharsk)
    # would swamp that signal, so they are not passed in.
    actors = None
    index = StoryIndex.restore(placed, matrix(placed), [a.story_id or "" for a in placed],
                               actors, settings.stories)
    old_ids = {a.story_id for a in placed if a.story_id}
    index.add(fresh, matrix(fresh), actors)
    merged = index.merge_pass()
    stories = index.stories({a.id: a for a in embedded})
    live = {s.id for s in stories}
    store.save_stories(stories, removed=sorted((old_ids | set(merged)) - live))
    summary.stories = len(stories)
    summary.new_articles = len(fresh)
    summary.merged = len(merged)
    return summary


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
        encoder=CachedEncoder(load_embedder(), store.url) if encoder else None,
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
) -> AnalyzeSummary:
    """The main job: ingest → process → cluster → compare every story → HTML report."""
    from parallax.report.html import render_report
    from parallax.sides import coverage_timeline

    ingested = ingest(inputs, store, settings, progress=progress)
    processed = process(store, settings, progress=progress)
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
