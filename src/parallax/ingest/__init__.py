"""Readers: files, folders, globs and fetched bytes → ``Page`` records (or ``Rejected`` ones).

    inputs ─expand_inputs─▶ paths ─detect (first bytes)─▶ text.py   .txt .md dumps
                                                        ├▶ html.py   HTML pages
                                                        ├▶ feeds.py  RSS / Atom entries
                                                        ├▶ warc.py   WARC(.gz) records, streamed
                                                        ├▶ jsonl.py  JSON Lines of articles
                                                        └▶ gzip: opened, then detected again

:func:`iter_pages` is the one entry point of the pipeline; it never raises for bad input: every
problem becomes a ``Rejected(source, "ingest", reason)`` and the batch goes on.

Reading and extracting are two steps: the readers yield HTML unextracted (``HtmlRecord``), and
:func:`finish_page` runs the costly extraction. :func:`iter_pages` does both in turn;
:func:`iter_page_work` stops after the first, so that a parallel engine can stream the cheap
reading from one process and spread the extraction over its workers.
"""

from __future__ import annotations

import errno
import glob
import gzip
import logging
import os
import stat
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from parallax.config import IngestOptions
from parallax.errors import InputError, MalformedInputError
from parallax.ingest.detect import (
    GZIP_MAGIC,
    HEAD_BYTES,
    InputFormat,
    charset_of,
    detect_format,
    inner_name,
)
from parallax.ingest.jsonl import first_line_is_record, stream_jsonl
from parallax.ingest.warc import HtmlRecord
from parallax.models import Page, Rejected

__all__ = ["HtmlRecord", "PageWork", "expand_inputs", "finish_page", "iter_page_work",
           "iter_pages", "read_bytes", "read_path"]

PageWork = Page | HtmlRecord | Rejected
"""What the readers yield: a page, HTML still to extract, or a rejected input."""

log = logging.getLogger(__name__)

STAGE = "ingest"
_GLOB_CHARS = frozenset("*?[")

def iter_pages(inputs: Sequence[str], opts: IngestOptions) -> Iterator[Page | Rejected]:
    """Every page of every input, in order; bad inputs and items come out as Rejected."""
    return map(finish_page, iter_page_work(inputs, opts))


def iter_page_work(inputs: Sequence[str], opts: IngestOptions) -> Iterator[PageWork]:
    """:func:`iter_pages` without the HTML extraction (see :func:`finish_page`)."""
    for item in expand_inputs(inputs, follow_symlinks=opts.follow_symlinks):
        if isinstance(item, Rejected):
            yield item
        else:
            yield from _read_path_work(item, opts)


def finish_page(item: PageWork) -> Page | Rejected:
    """Extract the article of unextracted HTML; pages and rejections pass through. Never
    raises: a failure becomes a Rejected naming the input."""
    if not isinstance(item, HtmlRecord):
        return item
    from parallax.ingest.warc import html_record_page

    try:
        return html_record_page(item)
    except Exception as exc:  # a reader bug must not end the batch; say what happened
        log.debug("unexpected error extracting %s", item.source, exc_info=True)
        return Rejected(item.source, STAGE, f"could not be read ({type(exc).__name__}: {exc})")


def expand_inputs(
    inputs: Sequence[str], *, follow_symlinks: bool = False
) -> Iterator[Path | Rejected]:
    """Files, folders (recursively, sorted, hidden entries skipped) and globs → file paths.

    A path given twice is read once. Symbolic links met inside folders are followed only with
    ``follow_symlinks``; a link named on the command line is always followed.
    """
    seen: set[Path] = set()
    for raw in inputs:
        for item in _expand_one(raw, follow_symlinks):
            if isinstance(item, Path):
                key = _identity(item)
                if key in seen:
                    continue
                seen.add(key)
            yield item


def read_path(path: Path, opts: IngestOptions) -> Iterator[Page | Rejected]:
    """The pages of one file; never raises for bad input."""
    return map(finish_page, _read_path_work(path, opts))


def _read_path_work(path: Path, opts: IngestOptions) -> Iterator[PageWork]:
    source = str(path)
    try:
        yield from _guard(_read_file(path, source, opts), source)
    except OSError as exc:
        yield Rejected(source, STAGE, _os_problem(exc))


def read_bytes(
    data: bytes,
    source: str,
    *,
    url: str | None = None,
    fetched: str | None = None,
    content_type: str | None = None,
    opts: IngestOptions,
) -> Iterator[Page | Rejected]:
    """The pages of an input already in memory (e.g. an HTTP response); never raises."""
    if len(data) > opts.max_bytes:
        yield Rejected(source, STAGE, too_big(len(data), opts.max_bytes))
        return
    yield from map(finish_page, _guard(
        _read_data(data, source, url=url, fetched=fetched, content_type=content_type, opts=opts),
        source,
    ))


# ── files ──────────────────────────────────────────────────────────────────────────────────


def _read_file(path: Path, source: str, opts: IngestOptions) -> Iterator[PageWork]:
    with open(path, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise InputError(source, "not a regular file")
        head = stream.read(HEAD_BYTES)
        fmt = detect_format(head, source)
        if fmt == "warc" or (fmt == "gzip" and _gzip_holds_warc(head)):
            # Streamed record by record: the size limit applies to each record, not the file.
            stream.seek(0)
            yield from _read_warc(stream, source, opts)
            return
        if fmt == "jsonl" and first_line_is_record(head):
            # Streamed line by line, as a WARC is: JSON Lines dumps are often gigabytes.
            stream.seek(0)
            yield from stream_jsonl(stream, source, max_bytes=opts.max_bytes)
            return
        if info.st_size > opts.max_bytes:
            raise InputError(source, too_big(info.st_size, opts.max_bytes))
        data = head + stream.read(opts.max_bytes + 1 - len(head))
    if len(data) > opts.max_bytes:  # the file grew while we read it
        raise InputError(source, too_big(len(data), opts.max_bytes))
    yield from _dispatch(fmt, data, source, opts=opts)


def _read_data(
    data: bytes,
    source: str,
    *,
    url: str | None,
    fetched: str | None,
    content_type: str | None,
    opts: IngestOptions,
) -> Iterator[PageWork]:
    name = url or source
    fmt = detect_format(data[:HEAD_BYTES], source, name=name, content_type=content_type)
    if fmt == "gzip" and _gzip_holds_warc(data[:HEAD_BYTES]):
        fmt = "warc"
    if fmt == "warc":
        import io

        yield from _read_warc(io.BytesIO(data), source, opts)
        return
    yield from _dispatch(fmt, data, source, opts=opts, url=url, fetched=fetched,
                         declared=charset_of(content_type), name=name)


def _dispatch(
    fmt: InputFormat,
    data: bytes,
    source: str,
    *,
    opts: IngestOptions,
    url: str | None = None,
    fetched: str | None = None,
    declared: str | None = None,
    name: str | None = None,
) -> Iterator[PageWork]:
    """Hand decoded-format bytes to their reader (a gzip is opened and detected again)."""
    if fmt == "gzip":
        inner = gunzip(data, source, max_bytes=opts.max_bytes)
        inner_fmt = detect_format(inner[:HEAD_BYTES], source, name=inner_name(name or source))
        if inner_fmt == "gzip":
            raise MalformedInputError(source, "a gzip file inside a gzip file")
        if inner_fmt == "warc":
            import io

            yield from _read_warc(io.BytesIO(inner), source, opts)
            return
        yield from _dispatch(inner_fmt, inner, source, opts=opts, url=url, fetched=fetched,
                             declared=declared, name=inner_name(name or source))
        return
    if fmt == "text":
        from parallax.ingest.text import read_text

        yield from read_text(data, source, declared=declared)
    elif fmt == "html":
        yield from _read_html(data, source, url=url, fetched=fetched, declared=declared)
    elif fmt == "feed":
        from parallax.ingest.feeds import read_feed

        yield from read_feed(data, source, declared=declared)
    elif fmt == "jsonl":
        from parallax.ingest.jsonl import read_jsonl

        yield from read_jsonl(data, source, declared=declared)
    else:  # "warc" is streamed by the callers
        raise AssertionError(f"unexpected format {fmt}")


def _read_html(
    data: bytes, source: str, *, url: str | None, fetched: str | None, declared: str | None
) -> Iterator[PageWork]:
    # Extracted later by finish_page; decoded there too (sniffed when nothing is declared).
    yield HtmlRecord(body=data, source=source, number=None, url=url, fetched=fetched,
                     declared=declared)


def _read_warc(stream: IO[bytes], source: str, opts: IngestOptions) -> Iterator[PageWork]:
    from parallax.ingest.warc import read_warc

    yield from read_warc(stream, source, max_bytes=opts.max_bytes)


def gunzip(data: bytes, source: str, *, max_bytes: int) -> bytes:
    """Decompress a whole gzip input, refusing truncated data and output over ``max_bytes``."""
    decompressor = zlib.decompressobj(wbits=31)
    try:
        out = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise MalformedInputError(source, f"broken gzip data ({exc})") from None
    if len(out) > max_bytes:
        raise InputError(source, f"decompresses to more than the size limit of "
                                 f"{max_bytes / 1e6:.1f} MB (ingest.max_bytes)")
    if not decompressor.eof:
        raise MalformedInputError(source, "truncated gzip file (it ends before its last block)")
    rest = decompressor.unused_data
    if rest.startswith(GZIP_MAGIC):  # several members, as `cat a.gz b.gz` makes
        try:
            return out + gzip.decompress(rest)[: max_bytes + 1 - len(out)]
        except (OSError, EOFError, zlib.error) as exc:
            raise MalformedInputError(source, f"broken gzip data ({exc})") from None
    return out


def _gzip_holds_warc(head: bytes) -> bool:
    """Does this gzip data start with a WARC record? (Peeks at the first member only.)"""
    try:
        start = zlib.decompressobj(wbits=31).decompress(head, 64)
    except zlib.error:
        return False
    return start.lstrip().startswith((b"WARC/", b"warc/"))


def too_big(size: int, limit: int) -> str:
    return (f"file is {size / 1e6:.1f} MB, over the size limit of {limit / 1e6:.1f} MB "
            f"(ingest.max_bytes)")


def _guard(pages: Iterator[PageWork], source: str) -> Iterator[PageWork]:
    """Pass pages through; an error while reading becomes one Rejected for the input."""
    try:
        yield from pages
    except InputError as exc:
        yield Rejected(exc.source if exc.source.startswith(source) else source, STAGE,
                       exc.problem)
    except OSError as exc:
        yield Rejected(source, STAGE, _os_problem(exc))
    except Exception as exc:  # a reader bug must not end the batch; say what happened
        log.debug("unexpected error reading %s", source, exc_info=True)
        yield Rejected(source, STAGE, f"could not be read ({type(exc).__name__}: {exc})")


# ── paths ──────────────────────────────────────────────────────────────────────────────────


def _expand_one(raw: str, follow_symlinks: bool) -> Iterator[Path | Rejected]:
    try:
        yield from _expand_path(raw, follow_symlinks)
    except OSError as exc:  # e.g. a path inside a folder we may not enter
        yield Rejected(raw, STAGE, _os_problem(exc))


def _expand_path(raw: str, follow_symlinks: bool) -> Iterator[Path | Rejected]:
    if raw.startswith(("http://", "https://")):
        yield Rejected(raw, STAGE, "reading URLs is not supported here; pass files or folders")
        return
    path = Path(raw).expanduser()
    if path.is_dir():
        yield from _walk(path, follow_symlinks, set())
    elif path.exists():
        yield path
    elif _GLOB_CHARS & set(raw):
        # glob.glob, not Path.glob: the pattern may be absolute or start with "**".
        matches = sorted(glob.glob(str(path), recursive=True))  # noqa: PTH207
        if not matches:
            yield Rejected(raw, STAGE, "no file matches this pattern")
        for match in matches:
            found = Path(match)
            yield from _walk(found, follow_symlinks, set()) if found.is_dir() else iter([found])
    elif path.is_symlink():
        yield Rejected(raw, STAGE, "broken symbolic link")
    else:
        yield Rejected(raw, STAGE, "no such file or directory")


def _walk(folder: Path, follow_symlinks: bool, visited: set[Path]) -> Iterator[Path | Rejected]:
    """The files under ``folder``, depth first in name order; unreadable folders are Rejected."""
    key = _identity(folder)
    if key in visited:  # a symbolic link back up the tree
        return
    visited.add(key)
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        yield Rejected(str(folder), STAGE, f"cannot read the directory: {_os_problem(exc)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_symlink() and not follow_symlinks:
            log.info("skipping symbolic link %s (ingest.follow_symlinks is off)", entry.path)
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, follow_symlinks, visited)
        else:
            yield path


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def _os_problem(exc: OSError) -> str:
    if exc.errno == errno.EACCES or isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ENOENT:
        return "no such file or directory"
    if exc.errno == errno.EISDIR:
        return "is a directory"
    return exc.strerror or str(exc)
