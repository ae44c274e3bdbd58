"""Renderers of a Comparison and of the story table; no analysis happens here.

- ``text``: the terminal view (``render_comparison_text``, ``render_story_table``);
- ``html``: one self-contained HTML file that works offline (``render_report``,
  ``render_comparison_html``).
"""

from __future__ import annotations

from parallax.report.html import render_comparison_html, render_report
from parallax.report.text import render_comparison_text, render_story_table

__all__ = [
    "render_comparison_html",
    "render_comparison_text",
    "render_report",
    "render_story_table",
]
