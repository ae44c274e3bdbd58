"""The ``parallax`` command: a thin shell that turns flags into settings and calls one job.

Exit codes (SPEC section 2): 0 success (also when some inputs were rejected: they are listed on
stderr), 1 nothing could be processed, 2 usage error.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import click

from parallax import pipeline
from parallax.config import Settings, load_settings
from parallax.errors import ConfigError, ParallaxError
from parallax.models import Rejected
from parallax.store import Store, open_store

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"parallax: {message}", err=True)
    sys.exit(code)


def db_option(command: F) -> F:
    """Every command takes ``--db URL`` (default: $PARALLAX_DB, else sqlite:///parallax.db)."""
    return click.option(
        "--db",
        "db",
        default=None,
        metavar="URL",
        help="Database URL: sqlite:///file.db (default $PARALLAX_DB or sqlite:///parallax.db) "
        "or postgresql://user:pass@host:port/name.",
    )(command)


def engine_options(command: F) -> F:
    """``--engine local|ray``, ``--address`` and ``--workers`` for the commands that run the
    per-article stages."""
    command = click.option(
        "--workers", default=None, type=click.IntRange(0), metavar="N",
        help="Worker processes or Ray actors (default engine.workers; 0 = one per core).")(command)
    command = click.option(
        "--address", default=None, metavar="ADDRESS",
        help="Ray cluster to join, e.g. auto or ray://host:10001 (with --engine ray; default: "
        "a private local Ray).")(command)
    return click.option(
        "--engine", "engine_kind", type=click.Choice(["local", "ray"]), default=None,
        help="Where the per-article stages run: local process pool (default) or Ray.")(command)


def _settings(db: str | None, *, engine_kind: str | None = None, address: str | None = None,
              workers: int | None = None) -> Settings:
    try:
        settings = load_settings()
        engine = settings.engine
        if engine_kind is not None:
            engine = dataclasses.replace(engine, kind=engine_kind)
        if address is not None:
            if engine.kind != "ray":
                raise ConfigError("--address names a Ray cluster: use it with --engine ray")
            engine = dataclasses.replace(engine, address=address)
        if workers is not None:
            engine = dataclasses.replace(engine, workers=workers)
    except ParallaxError as exc:
        _fail(str(exc), 2)
        raise  # unreachable: _fail exits
    settings = dataclasses.replace(settings, engine=engine)
    return dataclasses.replace(settings, db=db) if db else settings


@contextmanager
def _open(settings: Settings) -> Iterator[Store]:
    try:
        store = open_store(settings.db)
    except ParallaxError as exc:
        _fail(str(exc))
        raise
    try:
        yield store
    finally:
        store.close()


@contextmanager
def _progress(label: str) -> Iterator[Callable[[str], None] | None]:
    """A live counter on a terminal; nothing when stdout is a pipe or a file."""
    if not sys.stdout.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed}"),
               TextColumn("{task.fields[last]}", style="dim"), TimeElapsedColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task(label, total=None, last="")

        def advance(source: str) -> None:
            bar.update(task, advance=1, last=source[-60:])

        yield advance


def _report_rejected(rejected: list[Rejected]) -> None:
    for item in rejected:
        click.echo(f"parallax: rejected {item.source}: {item.reason}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-v info, -vv debug).")
@click.version_option(package_name="parallax")
def main(verbose: int) -> None:
    """parallax: how outlets on different sides of a conflict report the same story."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@engine_options
def ingest(paths: tuple[str, ...], db: str | None, engine_kind: str | None,
           address: str | None, workers: int | None) -> None:
    """Read files, folders (recursively), globs or URLs; store clean articles."""
    settings = _settings(db, engine_kind=engine_kind, address=address, workers=workers)
    with _open(settings) as store, _progress("ingesting") as progress:
        if any(p.startswith(("http://", "https://")) for p in paths):  # URLs are fetched
            from parallax.watch import ingest_inputs

            summary = ingest_inputs(list(paths), store, settings, progress=progress)
        else:
            summary = pipeline.ingest(list(paths), store, settings, progress=progress)
    _report_rejected(summary.rejected)
    click.echo(
        f"stored {summary.stored} articles ({summary.added} new, {summary.unchanged} unchanged, "
        f"{summary.revised} revised); {len(summary.rejected)} rejected"
    )
    if summary.stored == 0:
        _fail("nothing could be ingested")


@main.command()
@db_option
@engine_options
def process(db: str | None, engine_kind: str | None, address: str | None,
            workers: int | None) -> None:
    """Find actors, quotations and techniques in stored articles not yet processed."""
    settings = _settings(db, engine_kind=engine_kind, address=address, workers=workers)
    with _open(settings) as store, _progress("processing") as progress:
        try:
            summary = pipeline.process(store, settings, progress=progress)
        except ParallaxError as exc:
            _fail(str(exc))
            return
    _report_rejected(summary.rejected)
    click.echo(
        f"processed {summary.processed} articles: {summary.quotes} quotes, "
        f"{summary.techniques} techniques, {summary.embedded} embedded, "
        f"{summary.quote_groups} quote groups; {len(summary.rejected)} skipped"
    )


@main.command()
@db_option
def cluster(db: str | None) -> None:
    """Group processed articles into stories (new articles join existing stories)."""
    settings = _settings(db)
    with _open(settings) as store:
        summary = pipeline.cluster(store, settings)
    click.echo(
        f"{summary.stories} stories; {summary.new_articles} articles placed, "
        f"{summary.merged} stories merged"
        + (f"; {summary.unembedded} articles not processed yet (run parallax process)"
           if summary.unembedded else "")
    )


def _story_table(store: Store, settings: Settings, limit: int | None) -> None:
    from parallax.report.text import render_story_table

    rows = pipeline.story_rows(store, settings, limit=limit)
    click.echo(render_story_table(rows) if rows else "no stories yet (run parallax cluster)")


@main.command()
@click.option("--limit", default=None, type=click.IntRange(1), help="Show at most this many.")
@db_option
def stories(limit: int | None, db: str | None) -> None:
    """Table of stories: id, title, articles, outlets, first and last date."""
    settings = _settings(db)
    with _open(settings) as store:
        _story_table(store, settings, limit)


@main.command()
@click.argument("story_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text",
              show_default=True)
@db_option
def compare(story_id: str, fmt: str, db: str | None) -> None:
    """The side-by-side comparison of one story: claims, omissions, quotes, terms, tone."""
    from parallax.report.html import render_comparison_html
    from parallax.report.text import render_comparison_text

    settings = _settings(db)
    with _open(settings) as store:
        try:
            comparison = pipeline.compare(store, settings, story_id)
        except ParallaxError as exc:
            _fail(str(exc))
            return
    if fmt == "json":
        click.echo(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "html":
        click.echo(render_comparison_html(comparison), nl=False)
    else:
        click.echo(render_comparison_text(comparison), nl=False)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("report.html"),
              show_default=True, help="Where to write the HTML report.")
@db_option
@engine_options
def analyze(paths: tuple[str, ...], out: Path, db: str | None, engine_kind: str | None,
            address: str | None, workers: int | None) -> None:
    """The main job: ingest, process, cluster and compare; print the story table and write an
    HTML report."""
    from parallax.report.text import render_story_table

    settings = _settings(db, engine_kind=engine_kind, address=address, workers=workers)
    with _open(settings) as store, _progress("analyzing") as progress:
        try:
            summary = pipeline.analyze(list(paths), store, settings, out=out, progress=progress)
        except ParallaxError as exc:
            _fail(str(exc))
            return
    _report_rejected(summary.ingest.rejected + summary.process.rejected)
    if summary.ingest.stored == 0 and not summary.rows:
        _fail("nothing could be ingested")
    click.echo(
        f"{summary.ingest.stored} articles ({summary.ingest.added} new), "
        f"{summary.process.quotes} quotes, {len(summary.rows)} stories, "
        f"{len(summary.comparisons)} compared; report: {out}"
    )
    click.echo(render_story_table(summary.rows), nl=False)


@main.command()
@click.option("--speaker", default=None, help="Only quotes by this speaker (name or part of it).")
@click.option("--story", "story_id", default=None, help="Only quotes in this story.")
@click.option("--all", "include_terms", is_flag=True,
              help="Also list scare quotes and quoted terms (not speech).")
@db_option
def quotes(speaker: str | None, story_id: str | None, include_terms: bool,
           db: str | None) -> None:
    """Quotations with speaker, outlet and article."""
    from parallax.store.base import QuoteFilter

    settings = _settings(db)
    where = QuoteFilter(speaker=speaker, story_id=story_id, speech_only=not include_terms)
    with _open(settings) as store:
        outlets = {a.id: a.outlet for a in store.iter_articles()}
        found = list(store.iter_quotes(where))
    if not found:
        click.echo("no quotes")
        return
    for quote in found:
        who = quote.speaker or "(unknown)"
        mention = f" [{quote.speaker_mention}]" if quote.speaker_mention else ""
        click.echo(f"{who}{mention} {quote.cue or ''} — {outlets.get(quote.article_id) or '-'} "
                   f"{quote.article_id}#{quote.paragraph}")
        mark = "“{}”" if quote.kind == "direct" else "{}"
        click.echo("    " + mark.format(quote.text))


_CSV_FIELDS = {
    "articles": ["id", "source", "outlet", "url", "headline", "standfirst", "byline", "published",
                 "section", "dateline", "language", "paragraphs", "entities", "story_id"],
    "quotes": ["id", "article_id", "kind", "text", "speaker", "speaker_mention", "cue",
               "paragraph", "start", "end", "is_speech", "group_id"],
    "stories": ["id", "title", "article_ids", "outlets", "first_published", "last_published"],
    "techniques": ["id", "article_id", "technique", "paragraph", "start", "end", "text", "voice",
                   "speaker", "reason"],
}


def _records(store: Store, kind: str) -> Iterator[dict[str, Any]]:
    from parallax.store.base import QuoteFilter

    if kind == "articles":
        return (a.to_dict() for a in store.iter_articles())
    if kind == "quotes":
        return (q.to_dict() for q in store.iter_quotes(QuoteFilter(speech_only=False)))
    if kind == "stories":
        return (s.to_dict() for s in store.list_stories())
    return (t.to_dict() for t in store.iter_techniques())


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


@main.command()
@click.argument("kind", type=click.Choice(sorted(_CSV_FIELDS)))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@db_option
def export(kind: str, fmt: str, db: str | None) -> None:
    """Dump stored records to stdout, one JSON object per line (or CSV)."""
    settings = _settings(db)
    with _open(settings) as store:
        records = _records(store, kind)
        if fmt == "jsonl":
            for record in records:
                click.echo(json.dumps(record, ensure_ascii=False))
            return
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=_CSV_FIELDS[kind], extrasaction="ignore")
        writer.writeheader()
        for record in records:
            writer.writerow({k: _csv_cell(v) for k, v in record.items()})
        click.echo(buffer.getvalue(), nl=False)


@main.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0))
@db_option
def search(query: tuple[str, ...], limit: int, offset: int, db: str | None) -> None:
    """Full-text search over headlines and bodies."""
    settings = _settings(db)
    with _open(settings) as store:
        hits = store.search(" ".join(query), limit=limit, offset=offset)
    if not hits:
        click.echo("no match")
        return
    for hit in hits:
        meta = ", ".join(x for x in (hit.outlet, hit.published) if x)
        click.echo(f"{hit.article_id}  {hit.headline}  ({meta})")
        click.echo(f"    {hit.snippet}")


# -- following sources: sources, watch, revisions (issue 7) ------------------------------------


@main.group()
def sources() -> None:
    """The feeds and pages that `parallax watch` follows."""


@sources.command("add")
@click.argument("url")
@click.option("--outlet", default=None, help="Outlet name for its articles (overrides the page's).")
@click.option("--side", default=None, help="Side of the conflict, e.g. Kharsk, Western, neutral.")
@db_option
def sources_add(url: str, outlet: str | None, side: str | None, db: str | None) -> None:
    """Follow a feed or a page."""
    from parallax.sources import add_source

    settings = _settings(db)
    with _open(settings) as store:
        try:
            source, new = add_source(store, url, outlet=outlet, side=side)
        except ParallaxError as exc:
            _fail(str(exc), 2)
            return
    click.echo(f"{'following' if new else 'updated'} {source.url}")


@sources.command("list")
@db_option
def sources_list(db: str | None) -> None:
    """The followed sources and how their last fetch went."""
    from parallax.sources import source_rows, source_table

    settings = _settings(db)
    with _open(settings) as store:
        click.echo(source_table(source_rows(store)), nl=False)


@sources.command("remove")
@click.argument("url")
@db_option
def sources_remove(url: str, db: str | None) -> None:
    """Stop following a URL (its articles stay)."""
    from parallax.sources import remove_source

    settings = _settings(db)
    with _open(settings) as store:
        removed = remove_source(store, url)
    if not removed:
        _fail(f"{url}: not a followed source (see parallax sources list)")
    click.echo(f"stopped following {url}")


def _interval(ctx: click.Context, param: click.Parameter, value: str) -> float:
    from parallax.watch import parse_interval

    try:
        return parse_interval(value)
    except ParallaxError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command()
@click.option("--every", default="15m", show_default=True, callback=_interval,
              help="Time between two rounds: 30s, 15m, 1h, 1h30m.")
@click.option("--once", is_flag=True, help="Poll every source once, then stop.")
@click.option("--no-process", is_flag=True, help="Only fetch and store; skip process and cluster.")
@db_option
@engine_options
def watch(every: float, once: bool, no_process: bool, db: str | None, engine_kind: str | None,
          address: str | None, workers: int | None) -> None:
    """Poll the sources and run the pipeline on what is new; Ctrl-C stops after the current step."""
    from parallax import watch as watching

    settings = _settings(db, engine_kind=engine_kind, address=address, workers=workers)
    opts = dataclasses.replace(watching.watch_options(settings), every=every)
    if no_process:
        opts = dataclasses.replace(opts, process=False)
    stop = watching.StopFlag()

    def report(summary: watching.RoundSummary) -> None:
        for line in watching.format_round(summary):
            click.echo(line)

    with _open(settings) as store:
        if not store.list_sources():
            _fail("no sources to watch (add one with: parallax sources add URL)")
        with stop.on_signals():
            watching.watch(store, settings, opts, rounds=1 if once else None, stop=stop,
                           report=report)
    if stop:
        click.echo("stopped; run parallax watch again to resume")


@main.command()
@click.argument("article_id")
@db_option
def revisions(article_id: str, db: str | None) -> None:
    """The stored revisions of a page and what changed between them."""
    from parallax.revisions import revisions_report

    settings = _settings(db)
    with _open(settings) as store:
        try:
            text = revisions_report(store, article_id)
        except ParallaxError as exc:
            _fail(str(exc))
            return
    click.echo(text, nl=False)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; any other than 127.0.0.1/localhost needs a token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--token", envvar="PARALLAX_TOKEN", default=None, metavar="TOKEN",
              help="Required on every request (Authorization: Bearer TOKEN, or ?token= once); "
              "default $PARALLAX_TOKEN.")
@db_option
def serve(host: str, port: int, token: str | None, db: str | None) -> None:
    """The web UI and JSON API (OpenAPI at /openapi.json)."""
    import uvicorn

    from parallax.web.app import create_app, needs_token

    if needs_token(host) and not token:
        _fail(f"--host {host}: binding beyond this machine needs --token or PARALLAX_TOKEN", 2)
    settings = _settings(db)
    try:
        app = create_app(settings.db, settings, token=token)
    except ParallaxError as exc:
        _fail(str(exc))
        return
    click.echo(f"parallax: serving {settings.db} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
