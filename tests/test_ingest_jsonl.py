"""JSON Lines of articles: one Page per good line, one Rejected per bad line."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_a_jsonl_file_streams_line_by_line_past_the_file_size_limit(tmp_path: Path) -> None:
    from parallax.config import IngestOptions
    from parallax.ingest import iter_pages

    body = "Shelling resumed near Brenna overnight, the regional governor said. " * 3
    lines = [_line(headline=f"Brenna report {n}", text=body, outlet="Meridian")
             for n in range(300)]
    lines[5] = _line(headline="A huge one", text=body * 40)  # one line over the limit
    lines[9] = "{not json"
    path = tmp_path / "big.jsonl"
    path.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe{}\n")
    opts = IngestOptions(max_bytes=4_000)  # the file is ~70x this; each good line is under it
    items = list(iter_pages([str(path)], opts))
    pages = [i for i in items if isinstance(i, Page)]
    rejected = {i.source: i.reason for i in items if isinstance(i, Rejected)}
    assert len(pages) == 298 and pages[0].source == f"{path}#1"
    assert "over the size limit" in rejected[f"{path}:6"]
    assert "invalid JSON" in rejected[f"{path}:10"]
    assert "not UTF-8" in rejected[f"{path}:301"]


def test_a_pretty_printed_json_document_is_still_read_whole(tmp_path: Path) -> None:
    from parallax.config import IngestOptions
    from parallax.ingest import iter_pages

    path = tmp_path / "one.json"
    path.write_text(json.dumps([{"headline": "Talks in Velgrad", "text": "Envoys met. " * 20}],
                               indent=2), encoding="utf-8")
    pages = list(iter_pages([str(path)], IngestOptions()))
    assert [p.source for p in pages if isinstance(p, Page)] == [f"{path}#1"]
