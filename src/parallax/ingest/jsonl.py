"""JSON Lines of articles → one ``Page(kind="article")`` per line.

Each line is one object with the Article fields of SPEC section 3 (``headline``, ``paragraphs``
or ``text``/``body``, ``outlet``, ``url``, ``published``, ``byline``, ``standfirst``, ``section``,
``language``, ``fetched`` ...); unknown fields are ignored, so a file written by
``parallax export articles`` reads back. A bad line becomes a Rejected naming ``file:line``;
the other lines are kept.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from parallax.errors import EmptyInputError, MalformedInputError
from parallax.ingest.decode import decode_bytes
from parallax.models import Page, PageMeta, Rejected

_META_FIELDS = ("headline", "standfirst", "outlet", "byline", "published", "section", "language",
                "site_name")
_BODY_FIELDS = ("text", "body", "content")


class BadRecordError(ValueError):
    """One line that is not a usable article; the message says why."""


MAX_LEADING_BAD_LINES = 20
"""So many bad lines before any good one: the file is not JSON Lines at all (one Rejected)."""


def read_jsonl(
    data: bytes, source: str, *, declared: str | None = None
) -> Iterator[Page | Rejected]:
    """Yield a Page for each good line of a JSON Lines file and a Rejected for each bad one.

    A pretty-printed JSON document (one object, or an array of objects) is read too.
    """
    text = decode_bytes(data, source, declared=declared)
    lines = [(n, line) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    if not lines:
        raise EmptyInputError(source, "no JSON lines in the file")
    document = _whole_document(text, lines[0][1])
    if document is not None:
        yield from _read_document(document, source)
        return
    yield from _pages_of_lines(lines, source)


def stream_jsonl(stream: IO[bytes], source: str, *, max_bytes: int) -> Iterator[Page | Rejected]:
    """JSON Lines read one line at a time from an open file, so that a file of any size streams
    through in constant memory; ``max_bytes`` applies to each line. Lines are UTF-8 (RFC 8259);
    a line that is not becomes a Rejected like any other bad line."""

    def lines() -> Iterator[tuple[int, str | BadRecordError]]:
        for number, raw in enumerate(stream, start=1):
            if number == 1:
                raw = raw.removeprefix(codecs.BOM_UTF8)
            if not raw.strip():
                continue
            if len(raw) > max_bytes:
                yield number, BadRecordError(
                    f"line of {len(raw) / 1e6:.1f} MB, over the size limit of "
                    f"{max_bytes / 1e6:.1f} MB (ingest.max_bytes)")
                continue
            try:
                yield number, raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, BadRecordError(f"not UTF-8 text ({exc.reason} at byte {exc.start})")

    produced = False
    for item in _pages_of_lines(lines(), source):
        produced = True
        yield item
    if not produced:
        raise EmptyInputError(source, "no JSON lines in the file")


def first_line_is_record(head: bytes) -> bool:
    """Does ``head`` start with one complete line holding a JSON object (JSON Lines, not one
    pretty-printed document)?"""
    line, newline, _ = head.removeprefix(codecs.BOM_UTF8).lstrip().partition(b"\n")
    if not newline:
        return False
    try:
        return isinstance(json.loads(line.decode("utf-8")), dict)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return False


def _pages_of_lines(
    lines: Iterable[tuple[int, str | BadRecordError]], source: str
) -> Iterator[Page | Rejected]:
    pending: list[Rejected] = []  # bad lines held back until a good line shows the format
    seen_good = False
    for number, line in lines:
        try:
            if isinstance(line, BadRecordError):
                raise line
            page = page_from_record(parse_line(line), f"{source}#{number}")
        except BadRecordError as exc:
            rejected = Rejected(source=f"{source}:{number}", stage="ingest", reason=str(exc))
            if seen_good:
                yield rejected
                continue
            pending.append(rejected)
            if len(pending) >= MAX_LEADING_BAD_LINES:
                raise MalformedInputError(
                    source, f"not JSON Lines of articles ({pending[0].source}: {pending[0].reason})"
                ) from None
            continue
        if not seen_good:
            seen_good = True
            yield from pending
        yield page
    if not seen_good:
        yield from pending


def _whole_document(text: str, first_line: str) -> Any:
    """The parsed file when it is one multi-line JSON document rather than JSON Lines."""
    try:
        json.loads(first_line)
        return None
    except json.JSONDecodeError:
        pass
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return None


def _read_document(document: Any, source: str) -> Iterator[Page | Rejected]:
    if isinstance(document, dict):
        try:
            yield page_from_record(document, source)
        except BadRecordError as exc:
            problem = f"a JSON document but not an article: {exc}"
            raise MalformedInputError(source, problem) from None
        return
    if not isinstance(document, list):
        raise MalformedInputError(source, "a JSON document but not an article or a list of them")
    for number, item in enumerate(document, start=1):
        try:
            if not isinstance(item, dict):
                raise BadRecordError(f"expected a JSON object, found {type(item).__name__}")
            yield page_from_record(item, f"{source}#{number}")
        except BadRecordError as exc:
            yield Rejected(source=f"{source}#{number}", stage="ingest", reason=str(exc))


def parse_line(line: str) -> Mapping[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise BadRecordError(f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise BadRecordError(f"expected a JSON object, found {type(record).__name__}")
    return record


def page_from_record(record: Mapping[str, Any], source: str) -> Page:
    """An article Page from one JSON object; BadRecordError when it has no text or wrong types."""
    body = record_body(record)
    if not body.strip():
        raise BadRecordError("no article text (give 'paragraphs', 'text' or 'body')")
    meta = PageMeta(**{name: optional_str(record, name) for name in _META_FIELDS})
    return Page(
        source=source,
        kind="article",
        body=body,
        url=optional_str(record, "url"),
        fetched=optional_str(record, "fetched"),
        meta=meta,
        method="jsonl",
    )


def record_body(record: Mapping[str, Any]) -> str:
    """The body text: ``paragraphs`` joined by blank lines, else the first text field."""
    paragraphs = record.get("paragraphs")
    if paragraphs is not None:
        if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
            raise BadRecordError("'paragraphs' must be a list of strings")
        return "\n\n".join(p.strip() for p in paragraphs if p.strip())
    for name in _BODY_FIELDS:
        value = record.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise BadRecordError(f"'{name}' must be a string")
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return ""


def optional_str(record: Mapping[str, Any], name: str) -> str | None:
    """A string field, None when absent, null or blank; numbers and lists of strings accepted."""
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ", ".join(v.strip() for v in value if v.strip())  # e.g. several authors
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise BadRecordError(f"'{name}' must be a string, found {type(value).__name__}")
    text = str(value).strip()
    return text or None
