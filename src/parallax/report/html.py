"""One self-contained HTML report (inline CSS, a little inline JS, inline SVG; nothing fetched).

Jinja2 with autoescape on: every piece of article text reaches the page escaped. This module only
lays out what the Comparison holds: it cuts paragraphs at the span boundaries the comparison
gives (claims, quotes, terms, techniques) so each piece can carry its highlight classes.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from parallax.compare import Comparison, OutletView
from parallax.sides import StoryRow, TimelinePoint

PALETTE = ("#b2182b", "#2166ac", "#4d9221", "#8073ac", "#e08214", "#35978f", "#777777")


@dataclass(frozen=True)
class Piece:
    """A run of paragraph text with the highlight classes and notes that cover it."""

    text: str
    classes: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


Mark = tuple[int, int, str, str]
"""(start, end, css class, note) within one paragraph."""


def cut_paragraph(text: str, marks: Iterable[Mark]) -> list[Piece]:
    """The paragraph as pieces split at every mark boundary; overlapping marks stack."""
    marks = [m for m in marks if 0 <= m[0] < m[1] <= len(text)]
    bounds = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    pieces: list[Piece] = []
    for start, end in itertools.pairwise(bounds):
        covering = [m for m in marks if m[0] <= start and end <= m[1]]
        pieces.append(Piece(text[start:end],
                            tuple(dict.fromkeys(m[2] for m in covering)),
                            tuple(dict.fromkeys(m[3] for m in covering if m[3]))))
    return pieces


def _marks_by_paragraph(view: OutletView, article_id: str) -> dict[int, list[Mark]]:
    marks: dict[int, list[Mark]] = {}

    def add(paragraph: int, mark: Mark) -> None:
        marks.setdefault(paragraph, []).append(mark)

    for claim in view.claims:
        if claim.article_id != article_id:
            continue
        independent = [o for o in claim.shared_with if o not in claim.via_wire]
        kind = "shared" if independent else "wire" if claim.shared_with else "unique"
        note = ("also reported by " + ", ".join(claim.shared_with)) if claim.shared_with \
            else "only this outlet"
        add(claim.paragraph, (claim.start, claim.end, f"claim-{kind}", note))
    for q in view.quotes:
        if q.quote.article_id == article_id:
            note = f"quote: {q.quote.speaker or 'unknown speaker'}"
            if q.also_quoted_by:
                note += "; also quoted by " + ", ".join(q.also_quoted_by)
            add(q.quote.paragraph, (q.quote.start, q.quote.end, "quote", note))
    for term in view.terms:
        for example_article, paragraph, start, end in term.examples:
            if example_article == article_id:
                contrast = f" (others: {', '.join(term.contrast)})" if term.contrast else ""
                add(paragraph, (start, end, "term", f"term: {term.term}{contrast}"))
    for t in view.techniques:
        if t.article_id == article_id:
            who = f" — {t.speaker or 'quoted speaker'}" if t.voice == "quoted" else ""
            add(t.paragraph, (t.start, t.end, f"tech tech-{t.voice}",
                              f"{t.technique}{who}: {t.reason}"))
    return marks


def article_pieces(comparison: Comparison, view: OutletView) -> list[dict[str, Any]]:
    """Each article of the outlet as paragraphs of highlighted pieces."""
    articles: list[dict[str, Any]] = []
    for article_id, headline, published in view.headlines:
        marks = _marks_by_paragraph(view, article_id)
        paragraphs = comparison.paragraphs.get(article_id, ())
        articles.append({
            "id": article_id, "headline": headline, "published": published,
            "paragraphs": [cut_paragraph(p, marks.get(i, ())) for i, p in enumerate(paragraphs)],
        })
    return articles


def side_colours(sides: Iterable[str]) -> dict[str, str]:
    return {side: PALETTE[i % len(PALETTE)] for i, side in enumerate(dict.fromkeys(sides))}


def timeline_bars(
    points: Sequence[TimelinePoint], colours: dict[str, str], *, width: int = 720,
    height: int = 160,
) -> dict[str, Any]:
    """Stacked bars of articles per day and side, laid out for an inline SVG."""
    if not points:
        return {"width": width, "height": height, "bars": [], "labels": []}
    top = max(sum(c for _, c in p.counts) for p in points) or 1
    step = width / len(points)
    bars: list[dict[str, Any]] = []
    labels: list[dict[str, Any]] = []
    plot = height - 20
    for i, point in enumerate(points):
        y = float(plot)
        for side, count in point.counts:
            h = plot * count / top
            y -= h
            bars.append({"x": round(i * step + 2, 1), "y": round(y, 1),
                         "w": round(max(step - 4, 1), 1), "h": round(h, 1),
                         "fill": colours.get(side, PALETTE[-1]),
                         "title": f"{point.day}: {side} {count}"})
        labels.append({"x": round(i * step + step / 2, 1), "text": point.day[5:]})
    return {"width": width, "height": height, "bars": bars, "labels": labels, "top": top}


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("parallax", "report/templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _story_context(comparison: Comparison) -> dict[str, Any]:
    by_side: dict[str, list[OutletView]] = {}
    for view in comparison.outlets:
        by_side.setdefault(view.side, []).append(view)
    return {
        "c": comparison,
        "sides": [
            {"side": side, "outlets": [
                {"view": view, "articles": article_pieces(comparison, view)} for view in views
            ]}
            for side, views in by_side.items()
        ],
    }


def render_report(
    comparisons: Sequence[Comparison],
    stories: Sequence[StoryRow],
    *,
    timeline: Sequence[TimelinePoint] = (),
    title: str = "parallax report",
    generated: str | None = None,
) -> str:
    """The whole HTML document: story table with coverage per side, a chart of coverage over
    time, and one side-by-side section per compared story."""
    sides = [c.side for row in stories for c in row.coverage] + [
        s.side for comparison in comparisons for s in comparison.sides]
    colours = side_colours(sides)
    return _environment().get_template("report.html").render(
        title=title,
        generated=generated,
        rows=stories,
        colours=colours,
        chart=timeline_bars(timeline, colours),
        stories=[_story_context(c) for c in comparisons],
        compared={c.story_id for c in comparisons},
    )


def render_comparison_html(comparison: Comparison, row: StoryRow | None = None) -> str:
    """One story as a complete HTML document (``parallax compare --format html``)."""
    return render_report([comparison], [row] if row else [], title=comparison.title)
