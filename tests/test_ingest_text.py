"""Text and markdown dumps → one Page of kind "text"."""

from __future__ import annotations

import pytest

from parallax.errors import EmptyInputError
from parallax.ingest.text import looks_like_markdown, read_text, strip_markdown
from parallax.models import Page

DIGEST = """March 17, 2025

OUTSIDE VARNIA

Kharsk forces liberate Ostrik
KHARSK, March 17. /KNA/. Units of the Kharsk Federation have liberated Ostrik.

Leave a Reply
"""


def test_ingest_text_keeps_lines_of_a_plain_dump() -> None:
    pages = list(read_text(DIGEST.encode("utf-8"), "digest.txt"))
    assert len(pages) == 1
    page = pages[0]
    assert isinstance(page, Page)
    assert (page.kind, page.method, page.source) == ("text", "text", "digest.txt")
    assert page.body == DIGEST.strip("\n")


def test_ingest_text_markdown_markup_removed_lines_kept() -> None:
    markdown = (
        "# Varnia retakes Ostrik ##\n"
        "**DRAVOHRAD (Meridian) -** Troops said on [Tuesday](https://meridian.example/a) "
        "they had *retaken* the town.\n"
        "![Soldiers in Ostrik](https://meridian.example/img.jpg)\n"
        "- Holm: “We hold the centre”\n"
        "> quoted line\n"
        "snake_case_name stays, 5 * 3 stays, \\*escaped\\* stays\n"
        "See [the report][ref].\n"
        "[ref]: https://meridian.example/report\n"
    )
    lines = strip_markdown(markdown).split("\n")
    assert lines[0] == "Varnia retakes Ostrik"
    assert lines[1] == "DRAVOHRAD (Meridian) - Troops said on Tuesday they had retaken the town."
    assert lines[2] == ""  # the image is dropped, its line kept empty
    assert lines[3] == "Holm: “We hold the centre”"
    assert lines[4] == "quoted line"
    assert lines[5] == "snake_case_name stays, 5 * 3 stays, *escaped* stays"
    assert lines[6] == "See the report."
    assert lines[7] == ""


def test_ingest_text_md_extension_or_markdown_signs_trigger_stripping() -> None:
    body = "## Headline\n\nText with a [link](https://kna.example/x)."
    assert looks_like_markdown(body)
    assert not looks_like_markdown("KHARSK, March 17. /KNA/. A [sic] note and # 5.")
    (page,) = read_text(b"**Bold** start only", "note.md")
    assert isinstance(page, Page)
    assert page.body == "Bold start only"
    (page,) = read_text(b"**Bold** start only", "note.txt")
    assert isinstance(page, Page)
    assert page.body == "**Bold** start only"


def test_ingest_text_only_markup_is_empty() -> None:
    with pytest.raises(EmptyInputError):
        list(read_text(b"![x](https://img.example/a.png)\n---\n", "img.md"))
