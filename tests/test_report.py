"""Renderers: text and HTML show the Comparison, escape article text and fetch nothing."""

from __future__ import annotations

import dataclasses
import re

from parallax.compare import CompareOptions, compare_story
from parallax.models import Story
from parallax.report import render_comparison_text, render_report, render_story_table
from parallax.report.html import cut_paragraph
from parallax.sides import coverage_timeline, load_registry, story_rows
from parallax.terms import load_term_table
from test_compare import load_fixture, run_compare


def test_report_text_shows_claims_quotes_and_terms() -> None:
    text = render_comparison_text(run_compare())
    assert "Strike on the Harno bridge" in text
    assert "── KNA [Kharsk]" in text and "Left out" in text
    assert "Dravograd ×1 (others: Dravohrad)" in text
    assert "Disagreement (number)" in text


def test_report_story_table_flags_blindspots() -> None:
    story, articles, _ = load_fixture()
    registry = load_registry()
    rows = story_rows([story, Story("solo", "Only KNA", ("kna-harno",), ("KNA",))],
                      {a.id: a for a in articles}, registry)
    table = render_story_table(rows)
    assert "Only KNA" in table and "no Western" in table


def _hostile_report() -> str:
    story, articles, quotes = load_fixture()
    hostile = "Readers saw <script>alert(1)</script> and <b>bold</b> text here."
    evil = dataclasses.replace(articles[0], headline="<b>Bold</b> headline",
                               paragraphs=(*articles[0].paragraphs, hostile))
    articles = [evil, *articles[1:]]
    registry = load_registry()
    comparison = compare_story(story, articles, quotes, [], encoder=None, registry=registry,
                               term_table=load_term_table(), opts=CompareOptions())
    rows = story_rows([story], {a.id: a for a in articles}, registry)
    return render_report([comparison], rows, timeline=coverage_timeline(articles, registry))


def test_report_html_escapes_article_text() -> None:
    html = _hostile_report()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "&lt;b&gt;Bold&lt;/b&gt; headline" in html
    assert html.count("<script>") == 1  # only the report's own inline script


def test_report_html_is_self_contained() -> None:
    html = _hostile_report()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html and "<link" not in html
    assert not re.search(r"url\(\s*['\"]?https?:", html)
    assert "<svg" in html and "<rect" in html


def test_report_html_has_columns_and_highlights() -> None:
    html = _hostile_report()
    assert 'id="story-harno-bridge"' in html
    assert html.index("<h3>Kharsk</h3>") < html.index("<h3>Western</h3>")
    assert 'class="claim-shared' in html
    assert re.search(r'class="[^"]*\bterm\b[^"]*"[^>]*>Dravograd<', html)
    assert "also quoted by Varnia Today" in html


def test_report_cut_paragraph_stacks_marks() -> None:
    pieces = cut_paragraph("abcdef", [(0, 4, "claim", "c"), (2, 3, "term", "t")])
    assert [(p.text, p.classes) for p in pieces] == [
        ("ab", ("claim",)), ("c", ("claim", "term")), ("d", ("claim",)), ("ef", ())]
