"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds → one ``Page(kind="article")`` per entry (feedparser).

The body is the entry's full content when the feed carries it (``content:encoded``, Atom
``content``), else its summary. The summary becomes the standfirst when the full content is
there too and the summary is not merely its opening words. Entry HTML is a fragment, not a
page, so it is flattened here with lxml (trafilatura on fragments drops text).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser
from lxml import etree
from lxml import html as lxml_html

from parallax.errors import EmptyInputError, MalformedInputError
from parallax.ingest.decode import decode_bytes
from parallax.models import Page, PageMeta, Rejected

log = logging.getLogger(__name__)

_XML_ENCODING = re.compile(r"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2")
_SPACE = re.compile(r"[ \t\f\v\u00a0]+")
_TRAILING_ELLIPSIS = re.compile(
    r"\s*(\[?(…|\.\.\.)\]?|\[\s*(…|\.\.\.)\s*\])\s*(read more|continue reading|more)?\W*$", re.I)
_BREAK = "\ue0b0"  # a <br>, in the Private Use Area until paragraphs are cut
_DOUBLE_BREAK = re.compile(f"{_BREAK}\\s*{_BREAK}[\\s{_BREAK}]*")
_SPACE_ANY = re.compile(r"\s+")
_TITLE_SEPARATORS = re.compile(r"\s+[|–—:-]\s+|\s*»\s*")

_BLOCK_TAGS = frozenset({
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "section", "article", "header", "footer", "table", "tr", "dl", "dt", "dd", "hr", "main",
    "aside",
})
_DROPPED_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "img", "figure", "figcaption", "video", "audio",
    "svg", "form", "button", "object", "embed", "picture", "source",
})


def read_feed(
    data: bytes, source: str, *, declared: str | None = None
) -> Iterator[Page | Rejected]:
    """Yield one Page per usable entry and one Rejected per entry without text."""
    parsed = parse_feed(data, source, declared=declared)
    feed: Mapping[str, Any] = parsed.get("feed", {})
    outlet = feed_outlet(feed)
    site_name = detail_text(feed.get("title_detail"), feed.get("title")) or None
    language = _language(feed.get("language"))
    for number, entry in enumerate(parsed.entries, start=1):
        entry_source = f"{source}#{number}"
        try:
            yield entry_page(
                entry, entry_source, outlet=outlet, language=language, site_name=site_name
            )
        except EmptyInputError as exc:
            yield Rejected(source=entry_source, stage="ingest", reason=exc.problem)


def parse_feed(data: bytes, source: str, *, declared: str | None = None) -> Any:
    """feedparser's result; MalformedInputError when it is no feed, EmptyInputError when empty."""
    text = decode_bytes(data, source, declared=declared)
    # The text is now Unicode: tell the XML parser so instead of the original declaration.
    utf8 = _XML_ENCODING.sub(r"\1\2utf-8\2", text, count=1).encode("utf-8")
    # A stream, never bytes or str: feedparser would treat those as a path or URL to open.
    parsed = feedparser.parse(io.BytesIO(utf8), sanitize_html=True, resolve_relative_uris=False)
    has_text = any(e.get("content") or e.get("summary") for e in parsed.entries)
    if parsed.get("bozo") and not has_text:
        # Broken XML that yielded nothing readable (a truncated or garbled feed).
        problem = parsed.get("bozo_exception") or "not well-formed XML"
        raise MalformedInputError(source, f"malformed feed: {problem}")
    if not parsed.entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception") or "not well-formed XML"
            raise MalformedInputError(source, f"malformed feed: {problem}")
        if not parsed.get("version"):
            raise MalformedInputError(source, "not an RSS or Atom feed")
        raise EmptyInputError(source, "the feed has no entries")
    if parsed.get("bozo"):
        log.info("%s: feed is not well-formed (%s); reading its entries anyway", source,
                 parsed.get("bozo_exception"))
    return parsed


def entry_page(
    entry: Mapping[str, Any],
    source: str,
    *,
    outlet: str | None,
    language: str | None,
    site_name: str | None = None,
) -> Page:
    """One entry as an article Page; EmptyInputError when it carries no text at all."""
    content = entry_content_text(entry)
    summary = detail_text(entry.get("summary_detail"), entry.get("summary"))
    body = content or summary
    if not body:
        raise EmptyInputError(source, "feed entry without text (no content, no summary)")
    headline = detail_text(entry.get("title_detail"), entry.get("title")).replace("\n\n", " ")
    meta = PageMeta(
        headline=headline or None,
        standfirst=standfirst(summary, content) if content else None,
        outlet=outlet,
        byline=(entry.get("author") or "").strip() or None,
        published=entry_date(entry),
        section=_first_tag(entry),
        language=_language(_content_language(entry)) or language,
        site_name=site_name,
    )
    return Page(source=source, kind="article", body=body, url=entry.get("link") or None,
                meta=meta, method="feed")


def entry_content_text(entry: Mapping[str, Any]) -> str:
    """The longest of the entry's full-content blocks, as plain paragraphs."""
    texts = [detail_text(c, c.get("value")) for c in entry.get("content") or ()]
    return max(texts, key=len, default="")


def detail_text(detail: Mapping[str, Any] | None, value: str | None) -> str:
    """A feedparser text construct as plain text (HTML flattened, paragraphs kept)."""
    if not value:
        return ""
    media = (detail or {}).get("type", "text/html")
    if media in ("text/plain", "text"):
        return "\n\n".join(_clean_lines(re.split(r"\n\s*\n", value)))
    return "\n\n".join(fragment_paragraphs(value))


def fragment_paragraphs(fragment: str) -> list[str]:
    """The paragraphs of an HTML fragment: block elements and ``<br>`` separate them."""
    if "<" not in fragment and "&" not in fragment:
        return _clean_lines(re.split(r"\n\s*\n", fragment))
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _clean_lines([fragment])
    paragraphs: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        paragraphs.append("".join(buffer))
        buffer.clear()

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag.lower() in _DROPPED_TAGS or not tag:  # dropped, a comment or an instruction
            buffer.append(element.tail or "")
            return
        block = tag.lower() in _BLOCK_TAGS
        if block:
            flush()
        buffer.append(element.text or "")
        for child in element:
            walk(child)
        if block:
            flush()
        elif tag.lower() == "br":
            buffer.append(_BREAK)
        buffer.append(element.tail or "")

    walk(root)
    flush()
    # One <br> breaks a line inside a paragraph; two in a row separate paragraphs.
    split = (part for p in paragraphs for part in _DOUBLE_BREAK.split(_SPACE_ANY.sub(" ", p)))
    return _clean_lines([part.replace(_BREAK, " ") for part in split])


def standfirst(summary: str, content: str) -> str | None:
    """The summary as a standfirst, unless it is only the opening of the content."""
    if not summary:
        return None
    core = _squash(_TRAILING_ELLIPSIS.sub("", summary))
    if not core or _squash(content).startswith(core) or core == _squash(content):
        return None
    return summary


def entry_date(entry: Mapping[str, Any]) -> str | None:
    """The entry's publication date as ISO ``YYYY-MM-DD`` in the feed's own time zone."""
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if raw:
            parsed = _parse_date(str(raw))
            if parsed is not None:
                return parsed
    for key in ("published_parsed", "updated_parsed"):
        struct = entry.get(key)
        if struct:
            return f"{struct.tm_year:04d}-{struct.tm_mon:02d}-{struct.tm_mday:02d}"
    return None


def feed_outlet(feed: Mapping[str, Any]) -> str | None:
    """The publisher's name from the feed title, without a "– World news" style suffix.

    When the title has parts, the one that spells the feed's host name wins.
    """
    title = detail_text(feed.get("title_detail"), feed.get("title")).strip()
    if not title:
        return None
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) < 2:
        return title
    host = urlsplit(feed.get("link") or "").netloc.lower().removeprefix("www.")
    squashed_host = re.sub(r"[^a-z0-9]", "", host.split(".")[0]) if host else ""
    for part in parts:
        squashed = re.sub(r"[^a-z0-9]", "", part.lower().removeprefix("the "))
        if squashed_host and squashed and (squashed in squashed_host or squashed_host in squashed):
            return part
    return title


def _parse_date(raw: str) -> str | None:
    try:
        return parsedate_to_datetime(raw).date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return datetime.fromisoformat(raw.strip()).date().isoformat()
    except ValueError:
        return None


def _first_tag(entry: Mapping[str, Any]) -> str | None:
    tags = entry.get("tags") or ()
    for tag in tags:
        term = (tag.get("term") or "").strip()
        if term:
            return str(term)
    return None


def _content_language(entry: Mapping[str, Any]) -> str | None:
    for content in entry.get("content") or ():
        if content.get("language"):
            return str(content["language"])
    return None


def _language(value: object) -> str | None:
    """An ISO 639-1 code from a feed language tag (``en-us`` → ``en``)."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower().replace("_", "-").split("-", 1)[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _clean_lines(paragraphs: list[str]) -> list[str]:
    cleaned = (_SPACE.sub(" ", re.sub(r"\s*\n\s*", " ", p)).strip() for p in paragraphs)
    return [p for p in cleaned if p]
