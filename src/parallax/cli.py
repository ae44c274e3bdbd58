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
from typing import Any, TypeVar

import click

from parallax import pipeline
from parallax.config import Settings, load_settings
from parallax.errors import ParallaxError
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


def _settings(db: str | None) -> Settings:
    try:
        settings = load_settings()
    except ParallaxError as exc:
        _fail(str(exc), 2)
        raise  # unreachable: _fail exits
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
def ingest(paths: tuple[str, ...], db: str | None) -> None:
    """Read files, folders (recursively), globs or URLs; store clean articles."""
    settings = _settings(db)
    with _open(settings) as store, _progress("ingesting") as progress:
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
def process(db: str | None) -> None:
    """Find actors, quotations and techniques in stored articles not yet processed."""
    settings = _settings(db)
    with _open(settings) as store, _progress("processing") as progress:
        summary = pipeline.process(store, settings, progress=progress)
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


def _story_table(store: Store, limit: int | None) -> None:
    from parallax.report.text import story_table

    click.echo(story_table(store.list_stories(limit=limit)), nl=False)


@main.command()
@click.option("--limit", default=None, type=click.IntRange(1), help="Show at most this many.")
@db_option
def stories(limit: int | None, db: str | None) -> None:
    """Table of stories: id, title, articles, outlets, first and last date."""
    settings = _settings(db)
    with _open(settings) as store:
        _story_table(store, limit)


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
