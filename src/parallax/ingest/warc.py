"""WARC and WARC.gz archives → the HTML of each response record (warcio, streamed), extracted
later into one ``Page`` by :func:`html_record_page`.

Records are read one at a time from the open stream, so an archive of any size is never held in
memory; ``max_bytes`` applies to each record. Request, metadata, warcinfo and revisit records
hold no page and are skipped silently. A response that is not an HTML page with status 200
becomes a Rejected; a broken or truncated archive ends with a Rejected naming the record where
reading failed, the pages before it kept. Sources are ``<file>#<record number>``.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from dataclasses import dataclass
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.limitreader import LimitReader

from parallax.errors import EmptyInputError
from parallax.ingest.detect import charset_of, detect_text_format, peek_text
from parallax.models import Page, Rejected

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
CONTENT_RECORDS = frozenset({"response", "resource"})
_DRAIN_CHUNK = 1 << 16


def read_warc(
    stream: IO[bytes], source: str, *, max_bytes: int
) -> Iterator[HtmlRecord | Rejected]:
    """Yield the HTML of each response record of an open WARC (plain or gzip) stream, still to
    be extracted (:func:`html_record_page`), so that the costly extraction can run on another
    process."""
    archive = QuietArchiveIterator(stream, arc2warc=True)
    records = iter(archive)
    number = 0
    produced = False
    while True:
        number += 1
        errors_before = archive.err_count
        try:
            with _silenced_warcio():
                record = next(records, None)
        except Exception as exc:  # warcio raises many types on broken input
            yield Rejected(f"{source}#{number}", "ingest", broken_archive_reason(number, exc))
            return
        if archive.err_count > errors_before:  # warcio found junk after the previous record
            reason = f"record {number - 1}'s Content-Length does not match its content"
            yield Rejected(f"{source}#{number}", "ingest", broken_archive_reason(number, reason))
            return
        if record is None:
            unfinished = unfinished_archive_reason(archive, stream)
            if unfinished is not None:
                yield Rejected(
                    f"{source}#{number}", "ingest", broken_archive_reason(number, unfinished)
                )
                return
            break
        try:
            with _silenced_warcio():
                prepared = prepare_record(record, number, source, max_bytes=max_bytes)
                problem = record_problem(record)
        except Exception as exc:  # a record whose body cannot be read (truncated, bad gzip)
            yield Rejected(f"{source}#{number}", "ingest", broken_archive_reason(number, exc))
            return
        if problem is not None:
            yield Rejected(f"{source}#{number}", "ingest", broken_archive_reason(number, problem))
            return
        if prepared is None:
            continue
        produced = True
        yield prepared
    if not produced:
        raise EmptyInputError(source, "the WARC file holds no response records")


@dataclass(frozen=True)
class HtmlRecord:
    """The body of an HTML response record and what the archive says about it."""

    body: bytes
    source: str
    number: int | None
    """The record's place in its archive; None for an HTML file of its own."""
    url: str | None
    fetched: str | None
    declared: str | None


def prepare_record(
    record: Any, number: int, source: str, *, max_bytes: int
) -> HtmlRecord | Rejected | None:
    """Read one record: its HTML, a Rejected saying why it is no page, or None (no content)."""
    if record.rec_type not in CONTENT_RECORDS:
        return None
    record_source = f"{source}#{number}"
    content_type = record_content_type(record)
    status = _status(record)
    if status is not None and status != 200:
        return _reject(record_source, number, f"HTTP status {status}, not a page")
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media and media not in HTML_TYPES:
        return _reject(record_source, number, f"not HTML ({media})")
    if record.length is not None and record.length > max_bytes:
        return _reject(record_source, number, _too_big(record.length, max_bytes))
    body: bytes = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return _reject(record_source, number, _too_big(len(body), max_bytes))
    if not media and not _sniffs_html(body):
        return _reject(record_source, number, "not HTML (no content type)")
    return HtmlRecord(
        body=body,
        source=record_source,
        number=number,
        url=record.rec_headers.get_header("WARC-Target-URI"),
        fetched=record.rec_headers.get_header("WARC-Date"),
        declared=charset_of(content_type),
    )


def html_record_page(record: HtmlRecord) -> Page | Rejected:
    """Decode with the HTTP charset, then extract the article with the HTML reader."""
    from parallax.ingest.html import read_html

    page = next(read_html(record.body, record.source, url=record.url, fetched=record.fetched,
                          declared=record.declared))
    if isinstance(page, Rejected) and record.number is not None:
        return _reject(record.source, record.number, page.reason)
    return page


def record_content_type(record: Any) -> str | None:
    """The page's media type: the HTTP header for responses, the WARC header for resources."""
    if record.http_headers is not None:
        value = record.http_headers.get_header("Content-Type")
        if value:
            return str(value)
    value = record.rec_headers.get_header("Content-Type")
    if value and not value.startswith("application/http"):
        return str(value)
    return None


class QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]  # warcio is untyped
    """warcio's iterator without its multi-line stderr warning (``err_count`` still counts),
    remembering whether the data ended inside a gzip member (a truncated .warc.gz)."""

    INC_RECORD = ""
    ended_inside_gzip_member = False

    def close(self) -> None:
        reader = getattr(self, "reader", None)
        decompressor = getattr(reader, "decompressor", None)
        if decompressor is not None and not decompressor.eof:
            self.ended_inside_gzip_member = True
        super().close()


def unfinished_archive_reason(archive: QuietArchiveIterator, stream: IO[bytes]) -> str | None:
    """Why the archive ended early: inside a gzip member, or with an incomplete record header."""
    if archive.ended_inside_gzip_member:
        return "the gzip data ends inside a record"
    size = _stream_size(stream)
    if size is not None and archive.offset < size:
        return f"{size - archive.offset} bytes at the end do not form a complete record"
    return None


def _stream_size(stream: IO[bytes]) -> int | None:
    try:
        position = stream.tell()
        size = stream.seek(0, io.SEEK_END)
        stream.seek(position)
    except (OSError, ValueError, AttributeError):
        return None
    return size


@contextmanager
def _silenced_warcio() -> Iterator[None]:
    """warcio prints decompression problems to stderr; we report them as Rejected instead."""
    with redirect_stderr(io.StringIO()) as captured:
        yield
    if captured.getvalue().strip():
        log.debug("warcio: %s", captured.getvalue().strip())


def record_problem(record: Any) -> str | None:
    """Why a record just read is broken: it ends before its declared length (cut short)."""
    raw = record.raw_stream
    while raw.read(_DRAIN_CHUNK):  # read the rest of the record, as warcio would
        pass
    if isinstance(raw, LimitReader) and raw.limit > 0:
        return f"the record ends {raw.limit} bytes before its declared length"
    return None


def broken_archive_reason(number: int, exc: BaseException | str) -> str:
    detail = (exc if isinstance(exc, str) else str(exc)).strip() or type(exc).__name__
    return f"record {number}: broken or truncated WARC data ({detail}); reading stopped here"


def _status(record: Any) -> int | None:
    if record.http_headers is None or record.rec_type != "response":
        return None
    code = record.http_headers.get_statuscode()
    try:
        return int(code)
    except (TypeError, ValueError):
        return None


def _sniffs_html(body: bytes) -> bool:
    return detect_text_format(peek_text(body[:4096])) == "html"


def _too_big(size: int, limit: int) -> str:
    return f"{size / 1e6:.1f} MB, over the size limit of {limit / 1e6:.1f} MB (ingest.max_bytes)"


def _reject(source: str, number: int, problem: str) -> Rejected:
    return Rejected(source=source, stage="ingest", reason=f"record {number}: {problem}")
