"""Plain-text rendering for the terminal: one Comparison, or the story table."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from parallax.compare import Comparison, OutletView
from parallax.sides import StoryRow

WIDTH = 100


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _wrap(text: str, indent: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ")


def _outlet_block(view: OutletView, max_items: int) -> list[str]:
    lines = [f"── {view.outlet} [{view.side}] · {len(view.article_ids)} article(s) "
             + "─" * max(0, WIDTH - 30 - len(view.outlet))]
    for _article_id, headline, published in view.headlines:
        lines.append(f"  {published or '(undated)'}  {_clip(headline, WIDTH - 14)}")
    lines.append("  Claims (shared with):")
    for claim in view.claims[:max_items]:
        shared = ", ".join(
            f"{o} (wire)" if o in claim.via_wire else o for o in claim.shared_with
        ) or "only here"
        lines.append(_wrap(f"• {claim.text}  [{shared}]", "    "))
    if len(view.claims) > max_items:
        lines.append(f"    … {len(view.claims) - max_items} more")
    if view.omitted:
        lines.append("  Left out (reported by others):")
        for omission in view.omitted[:max_items]:
            lines.append(_wrap(f"– {omission.text}  [{', '.join(omission.reported_by)}]", "    "))
    if view.quotes:
        lines.append("  Quotes:")
        for q in view.quotes[:max_items]:
            who = q.quote.speaker or "unknown speaker"
            also = f"; also {', '.join(q.also_quoted_by)}" if q.also_quoted_by else ""
            cut = " (cut)" if q.dropped_before or q.dropped_after else ""
            lines.append(_wrap(f"“{q.quote.text}” — {who}{cut}{also}", "    "))
    if view.terms:
        lines.append("  Terms: " + "; ".join(
            f"{t.term} ×{t.count}" + (f" (others: {', '.join(t.contrast)})" if t.contrast else "")
            for t in view.terms))
    if view.tone:
        lines.append("  Tone: " + "; ".join(f"{t.actor} {t.score:+.2f}" for t in view.tone))
    if view.techniques:
        lines.append("  Techniques:")
        for t in view.techniques[:max_items]:
            voice = f"quoted: {t.speaker or 'unknown'}" if t.voice == "quoted" else "outlet"
            lines.append(_wrap(f"{t.technique}: “{t.text}” ({voice}) — {t.reason}", "    "))
    return lines


def render_comparison_text(comparison: Comparison, *, max_items: int = 12) -> str:
    """The side-by-side comparison as stacked blocks, one per outlet, grouped by side."""
    lines = [f"Story {comparison.story_id}: {comparison.title}"]
    lines.append("Coverage: " + ", ".join(
        f"{c.side} {c.share:.0%} ({c.articles})" for c in comparison.sides if c.articles))
    for d in comparison.disagreements:
        lines.append(_wrap(f"! Disagreement ({d.kind}): {d.reason}", ""))
    for view in comparison.outlets:
        lines.append("")
        lines.extend(_outlet_block(view, max_items))
    return "\n".join(lines) + "\n"


def render_story_table(rows: Sequence[StoryRow]) -> str:
    """id, title, articles, outlets, dates and coverage per side; blindspots flagged."""
    sides = list(dict.fromkeys(c.side for row in rows for c in row.coverage))
    header = ["id", "title", "arts", "first", "last", *sides, "blindspot"]
    table = [header]
    for row in rows:
        story = row.story
        shares = {c.side: c.share for c in row.coverage}
        table.append([
            story.id[:12], _clip(story.title, 48), str(len(story.article_ids)),
            story.first_published or "", story.last_published or "",
            *[f"{shares.get(s, 0.0):.0%}" for s in sides],
            ("no " + ", ".join(row.missing_sides)) if row.missing_sides else "",
        ])
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
        for r in table
    ) + "\n"
