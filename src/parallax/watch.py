"""Following sources: poll every feed and page, store what is new, run the pipeline on it.

    round ─▶ each due source ─fetch (conditional GET)─▶ 304: nothing to do
                 │                                   ├▶ feed: entries not seen before (or changed)
                 │                                   │     └▶ fetch each entry's page → HTML reader
                 │                                   │        (the entry's own text if that fails)
                 │                                   └▶ page: read it; changed text → a revision
                 │   a failure: reported, the source waits (doubling), the others go on
                 └▶ something new? ─▶ process ─▶ cluster ─▶ wait ``every`` ─▶ next round

All state (validators, failures, next try, links seen) is in the store, so a restart resumes where
the last run stopped. Time goes through a :class:`~parallax.fetch.Clock` so tests and benchmarks can
compress hours into milliseconds. :func:`ingest_inputs` is the one-off form behind
``parallax ingest URL``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import re
import signal
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import FrameType
from typing import TYPE_CHECKING, Any

from parallax.errors import ConfigError, InputError
from parallax.fetch import Clock, Fetched, Fetcher, FetchOptions, Validators, is_url, iso_time
from parallax.models import Article, Page, PageMeta, Rejected
from parallax.store import ArticleFilter, FetchState, Source, Store

if TYPE_CHECKING:  # config.Settings will hold WatchOptions: no import cycle at run time
    from parallax import pipeline
    from parallax.config import Settings

__all__ = [
    "RoundSummary", "Run", "SourceReport", "StopFlag", "WatchOptions", "fetch_options",
    "format_round", "ingest_inputs", "parse_interval", "poll_source", "run_round", "watch",
    "watch_options",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WatchOptions:
    """How ``parallax watch`` polls (``[watch]`` in parallax.toml)."""

    every: float = 900.0
    """Seconds between two rounds (``--every 15m``)."""
    process: bool = True
    """Run process and cluster after a round that stored something new."""
    follow_entries: bool = True
    """Fetch the page of each new feed entry (else store the feed's own text)."""
    max_new_entries: int = 100
    """New entries read per feed per round; the rest wait for the next round."""
    max_backoff: float = 6 * 3600.0
    """A failing source waits ``every`` × 2^(failures-1) seconds, at most this long."""


Step = Callable[[Store, "Settings"], str]
"""The pipeline run after a round with news: returns one line for the user."""


def fetch_options(settings: Settings) -> FetchOptions:
    """``settings.fetch`` once the Settings carry it, else the defaults."""
    opts = getattr(settings, "fetch", None)
    return opts if isinstance(opts, FetchOptions) else FetchOptions()


def watch_options(settings: Settings) -> WatchOptions:
    opts = getattr(settings, "watch", None)
    return opts if isinstance(opts, WatchOptions) else WatchOptions()


_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)?", re.I)
_UNIT_SECONDS = {"h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001, "": 1.0}


def parse_interval(text: str) -> float:
    """``15m``, ``30s``, ``1h``, ``1h30m`` or plain seconds → seconds (ConfigError if not)."""
    compact = text.strip().replace(" ", "").lower()
    parts = list(_INTERVAL.finditer(compact))
    if not compact or "".join(m.group(0) for m in parts) != compact:
        raise ConfigError(f"{text!r} is not an interval (use e.g. 30s, 15m, 1h or 1h30m)")
    seconds = sum(float(m.group(1)) * _UNIT_SECONDS[(m.group(2) or "")] for m in parts)
    if seconds <= 0:
        raise ConfigError(f"{text!r}: the interval must be longer than zero")
    return seconds


# -- stopping ---------------------------------------------------------------------------------


class StopFlag:
    """Set by SIGINT/SIGTERM (or a test); the loop stops after the step it is in."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def __bool__(self) -> bool:
        return self._event.is_set()

    @contextmanager
    def on_signals(self) -> Iterator[StopFlag]:
        """While inside: the first Ctrl-C or SIGTERM sets the flag; a second Ctrl-C interrupts."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return

        def handle(signum: int, frame: FrameType | None) -> None:
            if self and signum == signal.SIGINT:
                raise KeyboardInterrupt
            log.warning("stopping after the current step (press Ctrl-C again to stop now)")
            self.set()

        previous = {s: signal.signal(s, handle) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield self
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)


# -- reports ----------------------------------------------------------------------------------


@dataclass
class SourceReport:
    """What polling one source did."""

    url: str
    status: str = "ok"
    """ok, not modified, failed, waiting (backing off after failures) or stopped."""
    added: int = 0
    revised: int = 0
    unchanged: int = 0
    entries: int = 0
    """Feed entries read this time (new or changed)."""
    fallbacks: list[Rejected] = field(default_factory=list)
    """Entry pages that failed; the feed's own text was stored instead."""
    rejected: list[Rejected] = field(default_factory=list)
    error: str | None = None
    article_ids: list[str] = field(default_factory=list)

    @property
    def news(self) -> int:
        return self.added + self.revised


@dataclass
class RoundSummary:
    number: int
    started: str
    sources: list[SourceReport] = field(default_factory=list)
    pipeline: str | None = None
    """The pipeline step's line, when it ran."""
    stopped: bool = False

    @property
    def added(self) -> int:
        return sum(s.added for s in self.sources)

    @property
    def revised(self) -> int:
        return sum(s.revised for s in self.sources)

    @property
    def failed(self) -> int:
        return sum(s.status == "failed" for s in self.sources)


def format_round(summary: RoundSummary) -> list[str]:
    """Lines for the terminal: sources with news or problems, then the round's totals."""
    lines: list[str] = []
    for report in summary.sources:
        if report.status == "failed":
            lines.append(f"  failed   {report.url}: {report.error}")
        elif report.status == "waiting":
            lines.append(f"  waiting  {report.url}: {report.error}")
        elif report.news or report.rejected:
            lines.append(f"  {report.added} new, {report.revised} revised  {report.url}"
                         + (f" ({len(report.rejected)} rejected)" if report.rejected else ""))
        lines.extend(f"    used the feed's text for {r.source}: {r.reason}"
                     for r in report.fallbacks)
        if report.status != "failed":  # a failure's reason is on its line already
            lines.extend(f"    rejected {r.source}: {r.reason}" for r in report.rejected)
    polled = sum(r.status not in ("waiting", "stopped") for r in summary.sources)
    lines.append(f"round {summary.number} at {summary.started}: {polled} sources polled, "
                 f"{summary.added} new, {summary.revised} revised, {summary.failed} failed"
                 + (f"; {summary.pipeline}" if summary.pipeline else "")
                 + ("; stopped" if summary.stopped else ""))
    return lines


# -- one source -------------------------------------------------------------------------------


@dataclass
class Run:
    """What every poll needs; built once per watch."""

    store: Store
    fetcher: Fetcher
    settings: Settings
    opts: WatchOptions
    stop: StopFlag = field(default_factory=StopFlag)

    @property
    def clock(self) -> Clock:
        return self.fetcher.clock


def poll_source(source: Source, run: Run, *, only_new: bool = True) -> SourceReport:
    """Fetch one source and store what is new; every problem ends up in the report."""
    state = run.store.get_fetch_state(source.url) or FetchState(source.url)
    validators = Validators(state.etag, state.last_modified) if only_new else None
    result = run.fetcher.fetch(source.url, validators=validators)
    if isinstance(result, Rejected):
        _record_failure(run, state, result.reason)
        run.store.save_rejected([result])
        return SourceReport(source.url, "failed", rejected=[result], error=result.reason)
    if result.not_modified:
        _record_success(run, state, result)
        return SourceReport(source.url, "not modified")
    report = SourceReport(source.url)
    try:
        pages, seen = _read_source(result, source, run, report, only_new=only_new)
    except InputError as exc:  # the whole response is unreadable: a failure like any other
        _record_failure(run, state, exc.problem, status=result.status)
        rejected = Rejected(source.url, "ingest", exc.problem)
        run.store.save_rejected([rejected])
        return SourceReport(source.url, "failed", rejected=[rejected], error=exc.problem)
    report.article_ids = _store_pages(pages, source, run, report)
    if only_new and seen:
        run.store.mark_seen(source.url, seen)  # after the articles: a crash re-reads them
    _record_success(run, state, result)
    return report


def _read_source(
    fetched: Fetched, source: Source, run: Run, report: SourceReport, *, only_new: bool
) -> tuple[list[Page | Rejected], dict[str, str]]:
    """The pages of a response; a feed's entries are followed to their pages."""
    from parallax.ingest import read_bytes
    from parallax.ingest.detect import HEAD_BYTES, detect_format

    head = fetched.content[:HEAD_BYTES]
    fmt = detect_format(head, source.url, name=fetched.final_url,
                        content_type=fetched.content_type)
    if fmt == "feed" and run.opts.follow_entries:
        return _feed_pages(fetched, source, run, report, only_new=only_new)
    pages = list(read_bytes(fetched.content, source.url, url=fetched.final_url,
                            fetched=fetched.fetched, content_type=fetched.content_type,
                            opts=run.settings.ingest))
    if pages and not any(isinstance(p, Page) for p in pages) and len(pages) == 1:
        only = pages[0]
        assert isinstance(only, Rejected)
        raise InputError(only.source, only.reason)
    return pages, {}


def _feed_pages(
    fetched: Fetched, source: Source, run: Run, report: SourceReport, *, only_new: bool
) -> tuple[list[Page | Rejected], dict[str, str]]:
    from parallax.ingest.detect import charset_of
    from parallax.ingest.feeds import parse_feed

    parsed = parse_feed(fetched.content, source.url, declared=charset_of(fetched.content_type))
    context = _feed_context(parsed.get("feed", {}))
    entries = list(enumerate(parsed.entries, start=1))
    links = [str(e.get("link")) for _, e in entries if e.get("link")]
    seen = run.store.seen_links(source.url, links) if only_new else {}
    pages: list[Page | Rejected] = []
    marks: dict[str, str] = {}
    for number, entry in entries:
        link = str(entry.get("link") or "")
        mark = entry_fingerprint(entry)
        if link and (seen.get(link) == mark or link in marks):
            continue
        if run.stop or len(marks) >= run.opts.max_new_entries:
            break
        pages.extend(_entry_pages(entry, f"{source.url}#{number}", link, context, run, report,
                                  conditional=only_new))
        report.entries += 1
        if link:
            marks[link] = mark
    return pages, marks


def _feed_context(feed: Mapping[str, Any]) -> dict[str, Any]:
    """What every entry page of a feed shares (as the feed reader fills it)."""
    from parallax.ingest.feeds import detail_text, feed_outlet

    language = str(feed.get("language") or "").strip().lower().replace("_", "-").split("-")[0]
    return {"outlet": feed_outlet(feed),
            "language": language if re.fullmatch(r"[a-z]{2}", language) else None,
            "site_name": detail_text(feed.get("title_detail"), feed.get("title")) or None}


def entry_fingerprint(entry: Mapping[str, Any]) -> str:
    """Changes when the feed says the entry changed (its date, title or text)."""
    parts = [str(entry.get(k) or "") for k in ("updated", "published", "title", "summary")]
    parts += [str(c.get("value") or "") for c in entry.get("content") or ()]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def _entry_pages(
    entry: Mapping[str, Any], entry_source: str, link: str, context: dict[str, Any], run: Run,
    report: SourceReport, *, conditional: bool,
) -> list[Page | Rejected]:
    """The entry's page read with the HTML reader, else the entry's own text."""
    from parallax.errors import EmptyInputError
    from parallax.ingest.feeds import entry_page

    try:
        fallback: Page | Rejected = entry_page(entry, entry_source, **context)
    except EmptyInputError as exc:
        fallback = Rejected(entry_source, "ingest", exc.problem)
    if not (link and is_url(link)):
        return [fallback]
    problem = _fetch_entry(link, run, conditional=conditional)
    if problem is None:  # the page has not changed although its entry did: nothing new
        return []
    if isinstance(problem, list):
        meta = fallback.meta if isinstance(fallback, Page) else PageMeta()
        return [_fill_meta(p, meta) for p in problem]
    if isinstance(fallback, Page):
        report.fallbacks.append(problem)
    else:
        report.rejected.append(problem)
    return [fallback]


def _fetch_entry(link: str, run: Run, *, conditional: bool) -> list[Page] | Rejected | None:
    """The pages at ``link``, or why there are none (None: not modified since last time)."""
    from parallax.ingest import read_bytes

    state = run.store.get_fetch_state(link) or FetchState(link)
    validators = Validators(state.etag, state.last_modified) if conditional else None
    result = run.fetcher.fetch(link, validators=validators)
    if isinstance(result, Rejected):
        return result
    if result.not_modified:
        return None
    read = list(read_bytes(result.content, link, url=result.final_url, fetched=result.fetched,
                           content_type=result.content_type, opts=run.settings.ingest))
    pages = [p for p in read if isinstance(p, Page)]
    if not pages:
        why = next((p.reason for p in read if isinstance(p, Rejected)), "no page in it")
        return Rejected(link, "ingest", why)
    _record_success(run, state, result)
    return pages


def _fill_meta(page: Page | Rejected, entry: PageMeta) -> Page | Rejected:
    """Fields the HTML page lacks are taken from its feed entry (date, byline, outlet …)."""
    if isinstance(page, Rejected):
        return page
    missing = {f.name: getattr(entry, f.name) for f in dataclasses.fields(PageMeta)
               if getattr(page.meta, f.name) is None and getattr(entry, f.name) is not None}
    if not missing:
        return page
    return dataclasses.replace(page, meta=dataclasses.replace(page.meta, **missing))


def _store_pages(
    pages: Sequence[Page | Rejected], source: Source, run: Run, report: SourceReport
) -> list[str]:
    """Segment, label with the source's outlet, save; counts go into the report."""
    from parallax.segment import segment_pages

    articles: list[Article] = []
    for item in segment_pages(pages, opts=run.settings.segment):
        if isinstance(item, Rejected):
            report.rejected.append(item)
        else:
            articles.append(dataclasses.replace(item, outlet=source.outlet)
                            if source.outlet else item)
    results = run.store.save_articles(articles) if articles else []
    for result in results:
        setattr(report, result.status, getattr(report, result.status) + 1)
    if report.rejected:
        run.store.save_rejected(report.rejected)
    return [r.article_id for r in results]


def _record_success(run: Run, state: FetchState, result: Fetched) -> None:
    keep = result.not_modified  # a 304 carries no new validators, or the same ones
    run.store.save_fetch_state(dataclasses.replace(
        state, etag=result.validators.etag or (state.etag if keep else None),
        last_modified=result.validators.last_modified or (state.last_modified if keep else None),
        last_status=result.status, last_fetched=result.fetched, failures=0, next_try=None,
        last_error=None,
    ))


def _record_failure(run: Run, state: FetchState, reason: str, *, status: int | None = None
                    ) -> None:
    failures = state.failures + 1
    now = run.clock.time()
    wait = min(run.opts.every * 2 ** (failures - 1), run.opts.max_backoff)
    run.store.save_fetch_state(dataclasses.replace(
        state, etag=None, last_modified=None, last_status=status, last_fetched=iso_time(now),
        failures=failures, next_try=iso_time(now + wait), last_error=reason,
    ))


# -- rounds and the loop ----------------------------------------------------------------------


def process_and_cluster(store: Store, settings: Settings) -> str:
    """The default step: NLP on new articles, then stories (both incremental)."""
    from parallax import pipeline

    processed = pipeline.process(store, settings)
    clustered = pipeline.cluster(store, settings)
    return (f"processed {processed.processed} articles, {clustered.stories} stories "
            f"({clustered.new_articles} articles placed)")


def run_round(run: Run, number: int, *, step: Step | None, pending: bool = False) -> RoundSummary:
    """Poll every due source once; run ``step`` if anything new arrived (or ``pending``)."""
    now = run.clock.time()
    summary = RoundSummary(number, iso_time(now))
    for source in run.store.list_sources():
        if run.stop:
            summary.stopped = True
            break
        state = run.store.get_fetch_state(source.url)
        if state and state.next_try and state.next_try > iso_time(now):
            summary.sources.append(SourceReport(
                source.url, "waiting", error=f"failed {state.failures}× ({state.last_error}); "
                                             f"next try {state.next_try}"))
            continue
        summary.sources.append(poll_source(source, run))
    if step is not None and not run.stop and (pending or summary.added or summary.revised):
        summary.pipeline = step(run.store, run.settings)
    summary.stopped = summary.stopped or bool(run.stop)
    return summary


def watch(
    store: Store,
    settings: Settings,
    opts: WatchOptions | None = None,
    *,
    rounds: int | None = None,
    clock: Clock | None = None,
    fetcher: Fetcher | None = None,
    stop: StopFlag | None = None,
    step: Step | None = process_and_cluster,
    report: Callable[[RoundSummary], None] | None = None,
) -> int:
    """Poll every ``opts.every`` seconds until stopped (or for ``rounds`` rounds); returns the
    number of rounds run. Articles left unprocessed by an interrupted run are processed first."""
    opts = opts or watch_options(settings)
    own = fetcher is None
    fetcher = fetcher or Fetcher(fetch_options(settings), clock=clock)
    run = Run(store, fetcher, settings, opts, stop if stop is not None else StopFlag())
    step = step if opts.process else None
    pending = store.count_articles(ArticleFilter(unprocessed=True)) > 0
    done = 0
    try:
        while not run.stop and (rounds is None or done < rounds):
            started = run.clock.time()
            summary = run_round(run, done + 1, step=step, pending=pending)
            pending = False
            done += 1
            if report is not None:
                report(summary)
            if rounds is not None and done >= rounds:
                break
            _wait(run, started + opts.every - run.clock.time())
    finally:
        if own:
            fetcher.close()
    return done


def _wait(run: Run, seconds: float) -> None:
    """Sleep in short slices so that a stop request is honoured within a second."""
    end = run.clock.time() + seconds
    while not run.stop and (left := end - run.clock.time()) > 0:
        run.clock.sleep(min(left, 1.0))


# -- one-off: parallax ingest URL -------------------------------------------------------------


def ingest_inputs(
    inputs: Sequence[str],
    store: Store,
    settings: Settings,
    *,
    progress: pipeline.Progress | None = None,
    fetcher: Fetcher | None = None,
) -> pipeline.IngestSummary:
    """Files as :func:`parallax.pipeline.ingest` reads them, URLs fetched (a feed's entries are
    followed to their pages); one summary for both."""
    from parallax import pipeline

    urls = [i for i in inputs if is_url(i)]
    files = [i for i in inputs if not is_url(i)]
    summary = (pipeline.ingest(files, store, settings, progress=progress) if files
               else pipeline.IngestSummary())
    if not urls:
        return summary
    own = fetcher is None
    fetcher = fetcher or Fetcher(fetch_options(settings))
    run = Run(store, fetcher, settings, watch_options(settings))
    try:
        for url in urls:
            report = poll_source(Source(url), run, only_new=False)
            summary.added += report.added
            summary.revised += report.revised
            summary.unchanged += report.unchanged
            summary.rejected.extend(report.rejected)
            summary.article_ids.extend(report.article_ids)
            if progress is not None:
                progress(url)
            for item in report.fallbacks:
                log.warning("%s: %s; stored the feed's text instead", item.source, item.reason)
    finally:
        if own:
            fetcher.close()
    return summary
