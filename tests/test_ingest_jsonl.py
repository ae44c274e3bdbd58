"""JSON Lines of articles: one Page per good line, one Rejected per bad line."""

from __future__ import annotations

import json

import pytest

from parallax.errors import MalformedInputError
from parallax.ingest.jsonl import read_jsonl
from parallax.models import Page, Rejected


def _line(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False)


def test_ingest_jsonl_reads_article_fields_and_ignores_unknown_ones() -> None:
    data = "\n".join([
        _line(headline="Ostrik shelled", paragraphs=["DRAVOHRAD (Meridian) - Shells fell.",
                                                     "Holm spoke."],
              outlet="Meridian", url="https://meridian.example/ostrik", published="2025-03-17",
              byline="Ana Ries", standfirst="Third night in shelters", section="World",
              language="en", story_id="s1", entities=[], mood="grim"),
        "",
        _line(headline="Brenna reopens", text="The port reopened.\r\n\r\nShips wait.",
              byline=["A. One", "B. Two"]),
    ]).encode("utf-8")
    first, second = read_jsonl(data, "a.jsonl")
    assert isinstance(first, Page) and isinstance(second, Page)
    assert first.source == "a.jsonl#1" and second.source == "a.jsonl#3"
    assert first.body == "DRAVOHRAD (Meridian) - Shells fell.\n\nHolm spoke."
    assert (first.kind, first.method, first.url) == ("article", "jsonl",
                                                     "https://meridian.example/ostrik")
    assert first.meta.outlet == "Meridian" and first.meta.standfirst == "Third night in shelters"
    assert first.meta.published == "2025-03-17" and first.meta.section == "World"
    assert second.body == "The port reopened.\n\nShips wait."
    assert second.meta.byline == "A. One, B. Two"


def test_ingest_jsonl_bad_lines_rejected_good_lines_kept() -> None:
    data = "\n".join([
        _line(headline="Good one", paragraphs=["Text."]),
        '{"headline": "broken", ',
        "[1, 2]",
        _line(headline="No text"),
        _line(headline="Wrong type", paragraphs="not a list"),
        _line(headline="Good two", body="More text."),
    ]).encode("utf-8")
    results = list(read_jsonl(data, "b.jsonl"))
    pages = [r for r in results if isinstance(r, Page)]
    rejected = [r for r in results if isinstance(r, Rejected)]
    assert [p.meta.headline for p in pages] == ["Good one", "Good two"]
    assert [r.source for r in rejected] == ["b.jsonl:2", "b.jsonl:3", "b.jsonl:4", "b.jsonl:5"]
    assert "invalid JSON" in rejected[0].reason
    assert "expected a JSON object" in rejected[1].reason
    assert "no article text" in rejected[2].reason
    assert "'paragraphs' must be a list" in rejected[3].reason


def test_ingest_jsonl_pretty_printed_json_documents() -> None:
    array = json.dumps([{"headline": "One", "paragraphs": ["A."]}, {"headline": "Two"}], indent=2)
    first, second = read_jsonl(array.encode(), "list.json")
    assert isinstance(first, Page) and first.source == "list.json#1"
    assert isinstance(second, Rejected) and second.source == "list.json#2"
    single = json.dumps({"headline": "Solo", "text": "Body."}, indent=2)
    (page,) = read_jsonl(single.encode(), "one.json")
    assert isinstance(page, Page) and page.body == "Body."


def test_ingest_jsonl_not_json_lines_at_all_is_one_error() -> None:
    text = "\n".join(f"line {n} of prose, not JSON" for n in range(40))
    with pytest.raises(MalformedInputError, match="not JSON Lines of articles"):
        list(read_jsonl(text.encode(), "prose.jsonl"))
