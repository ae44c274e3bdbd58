"""JSON Lines of articles → one ``Page(kind="article")`` per line.

Each line is one object with the Article fields of SPEC section 3 (``headline``, ``paragraphs``
or ``text``/``body``, ``outlet``, ``url``, ``published``, ``byline``, ``standfirst``, ``section``,
``language``, ``fetched`` ...); unknown fields are ignored, so a file written by
``parallax export articles`` reads back. A bad line becomes a Rejected naming ``file:line``;
the other lines are kept.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from parallax.errors import EmptyInputError
from parallax.ingest.decode import decode_bytes
from parallax.models import Page, PageMeta, Rejected

_META_FIELDS = ("headline", "standfirst", "outlet", "byline", "published", "section", "language",
                "site_name")
_BODY_FIELDS = ("text", "body", "content")


class BadRecordError(ValueError):
    """One line that is not a usable article; the message says why."""


def read_jsonl(
    data: bytes, source: str, *, declared: str | None = None
) -> Iterator[Page | Rejected]:
    """Yield a Page for each good line of a JSON Lines file and a Rejected for each bad one."""
    text = decode_bytes(data, source, declared=declared)
    seen_any = False
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        seen_any = True
        try:
            yield page_from_record(parse_line(line), f"{source}#{number}")
        except BadRecordError as exc:
            yield Rejected(source=f"{source}:{number}", stage="ingest", reason=str(exc))
    if not seen_any:
        raise EmptyInputError(source, "no JSON lines in the file")


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
