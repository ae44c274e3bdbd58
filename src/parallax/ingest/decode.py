"""Bytes → text: byte-order mark, then declared charset, then detection, then mojibake repair.

Order of evidence, strongest first:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. a declared charset: the ``declared`` argument (e.g. an HTTP header), else a
   ``<meta charset>``, ``<meta http-equiv="Content-Type">`` or ``<?xml encoding=?>`` found in the
   first 2 KB. Decoding is strict: bytes invalid for the declared encoding are an error;
3. strict UTF-8;
4. charset_normalizer among the encodings news pages actually use, with a letter-case check
   that tells cp1251 from KOI8-R (the two map Cyrillic to mirrored byte ranges).

The text is then repaired with ftfy (``Ã©`` → ``é``) and its newlines normalised to ``\\n``.
"""

from __future__ import annotations

import codecs
import logging
import re

import ftfy

from parallax.errors import MalformedInputError

log = logging.getLogger(__name__)

SNIFF_BYTES = 2048

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 LE first: its BOM starts with the UTF-16 LE one.
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_XML_DECL = re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)", re.I)
_META_CHARSET = re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)

# What news pages are written in when they are not UTF-8; limiting charset_normalizer to these
# keeps it from answering exotic code pages for short texts.
DETECTION_CANDIDATES: tuple[str, ...] = (
    "cp1251", "koi8_r", "cp1252", "iso8859_15", "iso8859_2", "cp1250", "iso8859_5", "cp866",
    "mac_cyrillic", "utf_16", "utf_32", "cp1253", "cp1254", "cp1256", "iso8859_7", "iso8859_9",
    "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr",
)
_LATIN_RIVALS = frozenset({"cp1250", "iso8859_2", "iso8859_15", "latin_1"})
_CYRILLIC_SINGLE_BYTE = frozenset({"cp1251", "koi8_r", "iso8859_5", "cp866", "mac_cyrillic"})

# WHATWG: labels for Latin-1 and ASCII mean windows-1252 on the web.
_WEB_ALIASES = {"latin_1": "cp1252", "ascii": "cp1252"}

# The traces mojibake leaves: UTF-8 read as windows-1252/Latin-1 ("Ã©", "â€™", "Â "), UTF-8 read
# as windows-1251 ("Рџ", "СЃ"), stray C1 control characters. A cheap gate before ftfy, whose full
# pass costs ~80 ms on a web page: a lead character, then a continuation from the right set.
_MOJIBAKE_LEAD = re.compile("[\u00c2-\u00f4\u0420\u0421\u0080-\u009f]")
_PUNCT = set("\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030")
_PUNCT |= set("\u2039\u203a\u20ac\u2122")
_CP1252_TAIL = frozenset(
    {chr(c) for c in range(0x80, 0xC0)} | set("\u0152\u0153\u0160\u0161\u0178\u017d\u017e")
    | set("\u0192\u02c6\u02dc") | _PUNCT
)
_CP1251_TAIL = frozenset(
    {chr(c) for c in (*range(0x401, 0x410), *range(0x451, 0x460), 0x490, 0x491, 0x2116)}
    | {chr(c) for c in range(0xA0, 0xC0)} | _PUNCT
)


def _has_mojibake_hint(text: str) -> bool:
    for match in _MOJIBAKE_LEAD.finditer(text):
        lead = match.group()
        if lead < "\u00a0":
            return True  # a C1 control character
        following = text[match.end() : match.end() + 1]
        tails = _CP1251_TAIL if lead in "\u0420\u0421" else _CP1252_TAIL
        if following in tails:
            return True
    return False


_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,  # keep ’ and “ ” as the outlet wrote them
    fix_character_width=False,  # full-width forms are meaningful in CJK text
    explain=False,
)


def decode_bytes(
    data: bytes, source: str, *, declared: str | None = None, strict: bool = True
) -> str:
    """Decode ``data`` to clean text; raise MalformedInputError for bytes invalid as declared.

    ``strict=False`` replaces such bytes with U+FFFD instead (what a browser shows).
    """
    bom_encoding = _bom_encoding(data)
    if bom_encoding is not None:
        text = _decode_declared(data, bom_encoding, source, "its byte-order mark", strict)
    else:
        encoding, how = _declared_encoding(data, declared)
        if encoding is not None:
            text = _decode_declared(data, encoding, source, how, strict)
        else:
            text = _decode_undeclared(data, source)
    return repair_text(text)


def repair_text(text: str) -> str:
    """Repair mojibake and normalise newlines (also for text that arrived already decoded)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.removeprefix("\ufeff")
    if text.isascii() or not _has_mojibake_hint(text):
        return text
    # ftfy repairs line by line anyway; only the lines that show mojibake need its cost.
    return "\n".join(
        ftfy.fix_text(line, config=_FTFY_CONFIG) if _has_mojibake_hint(line) else line
        for line in text.split("\n")
    )


def sniff_declared_charset(data: bytes) -> str | None:
    """The charset a document declares in its first 2 KB (XML declaration or HTML meta)."""
    head = data[:SNIFF_BYTES]
    match = _XML_DECL.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def normalise_encoding(name: str) -> str | None:
    """Python's codec name for an encoding label, or None when Python does not know it."""
    try:
        codec = codecs.lookup(name.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    return _WEB_ALIASES.get(codec.name.replace("-", "_"), codec.name.replace("-", "_"))


def _bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def _declared_encoding(data: bytes, declared: str | None) -> tuple[str | None, str]:
    if declared:
        encoding = normalise_encoding(declared)
        if encoding is not None:
            return encoding, "the declared charset"
        log.info("unknown declared charset %r; detecting instead", declared)
    sniffed = sniff_declared_charset(data)
    if sniffed is None:
        return None, ""
    encoding = normalise_encoding(sniffed)
    if encoding is None:
        log.info("unknown charset %r in the document; detecting instead", sniffed)
        return None, ""
    if encoding.startswith(("utf_16", "utf_32")):
        # A document that can state its charset in ASCII is not UTF-16 (WHATWG: read as UTF-8).
        encoding = "utf_8"
    return encoding, "the charset it declares"


def _decode_declared(data: bytes, encoding: str, source: str, how: str, strict: bool) -> str:
    if not strict:
        return data.decode(encoding, errors="replace")
    try:
        if encoding == "cp1252":
            return _decode_windows_1252(data)
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 4].hex(" ")
        raise MalformedInputError(
            source,
            f"invalid bytes for {_display(encoding)} (from {how}) at byte offset {exc.start}"
            f" ({bad})",
        ) from None


def _decode_windows_1252(data: bytes) -> str:
    """cp1252 as browsers read it: its five undefined bytes become the C1 controls (Latin-1)."""
    text = data.decode("cp1252", errors="surrogateescape")
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    return "".join(chr(ord(ch) - 0xDC00) if "\udc80" <= ch <= "\udcff" else ch for ch in text)


def _decode_undeclared(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(data) - 3:
            # A UTF-8 text cut inside its last character (a truncated download).
            return data[: exc.start].decode("utf-8", errors="replace")
    encoding = detect_encoding(data)
    log.debug("%s: detected %s", source, encoding)
    if encoding == "cp1252":
        return _decode_windows_1252(data)
    return data.decode(encoding, errors="replace")


def detect_encoding(data: bytes) -> str:
    """The most likely single encoding of non-UTF-8 bytes (cp1252 when nothing fits)."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=list(DETECTION_CANDIDATES))
    best = matches.best()
    encoding = normalise_encoding(best.encoding) if best is not None else None
    if best is None or encoding is None:
        return "cp1252"
    if encoding in _LATIN_RIVALS and any(
        m.encoding == "cp1252" and m.chaos <= best.chaos + 0.01 for m in matches
    ):
        # Equally clean as windows-1252: the commoner code page wins (French "à" is not "ŕ").
        return "cp1252"
    if encoding in _CYRILLIC_SINGLE_BYTE:
        return _pick_cyrillic(data, encoding)
    return encoding


def _pick_cyrillic(data: bytes, fallback: str) -> str:
    """cp1251 or KOI8-R, whichever yields mostly lower-case letters, as real prose does.

    Each maps the other's lower-case range to upper case, so the wrong one gives a text of
    capitals; detectors trained on letter frequencies often confuse them on short texts.
    """
    scores: dict[str, float] = {}
    for encoding in ("cp1251", "koi8_r"):
        text = data.decode(encoding, errors="replace")
        cyrillic = [ch for ch in text if "\u0400" <= ch <= "\u04ff"]
        if len(cyrillic) < 8:
            return fallback
        scores[encoding] = sum(ch.islower() for ch in cyrillic) / len(cyrillic)
    best = max(scores, key=lambda enc: scores[enc])
    return best if scores[best] > 0.5 else fallback


def _display(encoding: str) -> str:
    return {"utf_8": "UTF-8", "utf_8_sig": "UTF-8", "utf_16": "UTF-16", "utf_32": "UTF-32",
            "cp1252": "windows-1252", "cp1251": "windows-1251", "koi8_r": "KOI8-R"}.get(
        encoding, encoding.replace("_", "-"))
