"""Which reader an input needs, told from its first bytes; the file name only breaks ties.

    gzip magic ───────────────▶ "gzip"   (the caller looks inside: a WARC, or any other format)
    "WARC/1.x" ───────────────▶ "warc"
    <rss> <rdf:RDF> <feed> ───▶ "feed"
    <!doctype html> <html> …──▶ "html"
    {"…": …} per line ────────▶ "jsonl"
    anything else decodable ──▶ "text"   (plain text and markdown dumps)

Binary content (PDF, images, archives, NUL bytes that no UTF-16/32 byte-order mark explains) is
refused with an UnsupportedFormatError that names what it looks like.
"""

from __future__ import annotations

import codecs
import re
from pathlib import PurePosixPath
from typing import Literal
from urllib.parse import urlsplit

from parallax.errors import EmptyInputError, UnsupportedFormatError

InputFormat = Literal["text", "html", "feed", "warc", "jsonl", "gzip"]

HEAD_BYTES = 8192
"""How much of an input detection looks at."""

GZIP_MAGIC = b"\x1f\x8b"

# (magic bytes at offset 0, what to call it in a message)
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\x00\x00\x01\x00", "an icon file"),
    (b"PK\x03\x04", "a zip archive"),
    (b"PK\x05\x06", "a zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"BZh", "a bzip2 archive"),
    (b"(\xb5/\xfd", "a Zstandard archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office (OLE) document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"ID3", "an MP3 file"),
    (b"OggS", "an Ogg media file"),
    (b"\x1aE\xdf\xa3", "a video file"),
)

_UNICODE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE,
                 codecs.BOM_UTF16_BE, codecs.BOM_UTF8)

_PROLOGUE = re.compile(r"^(\s*(<\?xml[^>]*\?>|<!--.*?-->|<\?xml-stylesheet[^>]*\?>))*\s*", re.S)
_FEED_ROOT = re.compile(r"^<(rss|rdf:RDF|RDF|feed|[\w-]+:feed|[\w-]+:rss)[\s>/]", re.I)
_HTML_START = re.compile(r"^<(!doctype\s+html|html|head|body|meta|title|link|script|style)[\s>/]",
                         re.I)
_HTML_TAG = re.compile(r"<(html|head|body|div|p|article|section|h[1-6]|span|a|table|br|meta|"
                       r"title|ul|li|main|nav|header|footer)[\s>/]", re.I)
_JSON_OBJECT_START = re.compile(r'^(\{\s*("|\})|\[\s*\{\s*")')

_EXTENSION_FORMATS: dict[str, InputFormat] = {
    ".txt": "text", ".text": "text", ".md": "text", ".markdown": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".rss": "feed", ".atom": "feed", ".xml": "feed", ".rdf": "feed",
    ".warc": "warc", ".arc": "warc",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".gz": "gzip", ".tgz": "gzip",
}


def detect_format(
    head: bytes, source: str, *, name: str | None = None, content_type: str | None = None
) -> InputFormat:
    """The reader for an input whose first bytes are ``head``.

    ``name`` (default: ``source``) gives the extension and ``content_type`` the HTTP media
    type; both only break ties. Raises EmptyInputError or UnsupportedFormatError.
    """
    if not head.strip():
        raise EmptyInputError(source, "empty file" if not head else "the file holds only blanks")
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith((b"WARC/", b"warc/")):
        return "warc"  # before the binary check: WARC records may hold images
    kind = binary_kind(head)
    if kind is not None:
        raise UnsupportedFormatError(source, f"binary content: this is {kind}, not a text format")
    hint = extension_format(name or source) or media_type_format(content_type)
    return detect_text_format(peek_text(head), hint)


def binary_kind(head: bytes) -> str | None:
    """What a binary input looks like ("a PDF file"), or None for text."""
    for magic, kind in _BINARY_MAGIC:
        if head.startswith(magic):
            if kind == "a zip archive" and b"word/" in head[:4096]:
                return "a Word document (a zip archive)"
            return kind
    if head[4:12] in (b"ftypisom", b"ftypmp42", b"ftypM4A ") or head[4:8] == b"ftyp":
        return "a video file"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "a WebP image"
    if head.startswith(_UNICODE_BOMS):
        return None  # UTF-16/32 text is full of NUL bytes
    if b"\x00" in head:
        return "binary data (it holds NUL bytes)"
    controls = sum(1 for b in head[:4096] if b < 0x09 or 0x0E <= b < 0x20)
    if controls > max(8, len(head[:4096]) // 20):
        return "binary data (it holds many control bytes)"
    return None


def peek_text(head: bytes) -> str:
    """A rough decoding of the first bytes, enough to recognise markup (not the final text)."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                          (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(encoding, errors="ignore")
    return head.decode("utf-8", errors="ignore")


def detect_text_format(text: str, hint: InputFormat | None = None) -> InputFormat:
    """Tell WARC, feed, HTML, JSON Lines and plain text apart from the start of the text."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("WARC/", "warc/")):
        return "warc"
    if _JSON_OBJECT_START.match(stripped):
        return "jsonl"
    if stripped.startswith("<"):
        body = _PROLOGUE.sub("", stripped, count=1)
        if _FEED_ROOT.match(body):
            return "feed"
        if _HTML_START.match(body) or _HTML_TAG.search(stripped[:4096]):
            return "html"
        if hint in ("feed", "html"):
            return hint
        return "html" if body.startswith("<") else "text"
    if hint == "html" and _HTML_TAG.search(stripped[:4096]):
        return "html"  # an HTML fragment that opens with text
    return "text"


def extension_format(name: str) -> InputFormat | None:
    """The format a file name or URL path suggests (``.warc.gz`` → "gzip")."""
    path = urlsplit(name).path if "://" in name else name
    suffix = PurePosixPath(path.replace("\\", "/")).suffix.lower()
    return _EXTENSION_FORMATS.get(suffix)


def inner_name(name: str) -> str:
    """The name of what a ``.gz`` file holds: ``feed.xml.gz`` → ``feed.xml``."""
    for suffix in (".gz", ".GZ", ".tgz"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def media_type_format(content_type: str | None) -> InputFormat | None:
    """The format an HTTP Content-Type suggests."""
    if not content_type:
        return None
    media = content_type.split(";", 1)[0].strip().lower()
    if media in ("text/html", "application/xhtml+xml"):
        return "html"
    if media in ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
                 "application/xml", "text/xml"):
        return "feed"
    if media in ("application/warc",):
        return "warc"
    if media in ("application/jsonl", "application/x-ndjson", "application/json-lines"):
        return "jsonl"
    if media in ("application/gzip", "application/x-gzip"):
        return "gzip"
    if media.startswith("text/"):
        return "text"
    return None


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]+)", content_type, re.I)
    return match.group(1) if match else None
