"""Plain-text and markdown dumps of web pages → one ``Page(kind="text")``.

The dump keeps its lines: splitting digests into articles and dropping furniture is the
segmenter's work. Markdown (by extension, or by its marks in the text) loses its markup only:
``# Title`` → ``Title``, ``**bold**`` → ``bold``, ``[text](url)`` → ``text``, images are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import PurePosixPath

from parallax.errors import EmptyInputError
from parallax.ingest.decode import decode_bytes
from parallax.models import Page, Rejected

MARKDOWN_SUFFIXES = frozenset({".md", ".markdown", ".mdown", ".mkd"})

_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|!\[[^\]\n]*\]\[[^\]\n]*\]")
_LINK = re.compile(r"\[([^\]\n]*)\]\((?:[^()\n]|\([^()\n]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]")
_REF_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*\S+.*$")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s+|$)")
_HEADING_CLOSE = re.compile(r"\s+#+\s*$")
_SETEXT_UNDERLINE = re.compile(r"^ {0,3}(=+|-{2,})\s*$")
_RULE = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+")
_QUOTE = re.compile(r"^ {0,3}(>\s?)+")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<!\w)_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")
_CODE = re.compile(r"`([^`\n]+)`")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)

# Marks that plain prose does not use; two of them make a text markdown.
_MARKDOWN_SIGNS = (
    re.compile(r"^ {0,3}#{1,6}\s+\S", re.M),
    re.compile(r"\[[^\]\n]+\]\((?:https?://|/|#)[^)\s]*\)"),
    re.compile(r"!\[[^\]\n]*\]\("),
    re.compile(r"\*\*\S[^*\n]*\S\*\*"),
    re.compile(r"^ {0,3}[-*_]{3,}\s*$", re.M),
)


def read_text(
    data: bytes, source: str, *, declared: str | None = None, markdown: bool | None = None
) -> Iterator[Page | Rejected]:
    """Decode a text dump and yield it as one Page (markdown markup removed).

    ``markdown=None`` decides from the file extension, then from the text itself.
    """
    text = decode_bytes(data, source, declared=declared)
    if markdown is None:
        markdown = is_markdown_name(source) or looks_like_markdown(text)
    body = strip_markdown(text) if markdown else text
    body = _trim_blank_edges(body)
    if not body.strip():
        raise EmptyInputError(source, "no text in the file")
    yield Page(source=source, kind="text", body=body, method="text")


def is_markdown_name(name: str) -> bool:
    suffix = PurePosixPath(name.split("#", 1)[0]).suffix.lower()
    return suffix in MARKDOWN_SUFFIXES


def looks_like_markdown(text: str) -> bool:
    """True when the text carries at least two kinds of markdown marks."""
    sample = text[:50_000]
    return sum(1 for sign in _MARKDOWN_SIGNS if sign.search(sample)) >= 2


def strip_markdown(text: str) -> str:
    """Markdown → plain lines: the words stay, one line for one line; the markup goes."""
    text = _HTML_COMMENT.sub("", text)
    lines: list[str] = []
    in_fence = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            lines.append(line)
            continue
        lines.append(strip_markdown_line(line))
    return "\n".join(lines)


def strip_markdown_line(line: str) -> str:
    """One line of markdown without its markup (a rule or a setext underline becomes blank)."""
    if _REF_DEFINITION.match(line) or _RULE.match(line) or _SETEXT_UNDERLINE.match(line):
        return ""
    line = _ESCAPE.sub(_hide_escaped, _QUOTE.sub("", line))
    if _HEADING.match(line):
        line = _HEADING_CLOSE.sub("", _HEADING.sub("", line))
    line = _BULLET.sub(r"\1", line)
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _REF_LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _CODE.sub(r"\1", line)
    line = _STRONG.sub(r"\2", line)
    line = _STRIKE.sub(r"\1", line)
    line = _EMPHASIS.sub(r"\1", line)
    line = _UNDERSCORE_EMPHASIS.sub(r"\1", line)
    return _unhide_escaped(line).rstrip()


# Escaped marks (``\*``) hide in the Private Use Area while the markup is removed.
_ESCAPABLE = "\\`*_{}[]()#+-.!"
_HIDDEN_BASE = 0xE000


def _hide_escaped(match: re.Match[str]) -> str:
    return chr(_HIDDEN_BASE + _ESCAPABLE.index(match.group(1)))


def _unhide_escaped(line: str) -> str:
    return "".join(
        _ESCAPABLE[ord(ch) - _HIDDEN_BASE]
        if _HIDDEN_BASE <= ord(ch) < _HIDDEN_BASE + len(_ESCAPABLE) else ch
        for ch in line
    )


def _trim_blank_edges(text: str) -> str:
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)
