"""What changed between the stored revisions of a page (``parallax revisions ARTICLE_ID``).

The diff is unified (difflib) over one sentence a line: a changed figure or a softened verb shows
as one changed sentence rather than a whole rewritten paragraph.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence

from parallax.errors import NotFoundError
from parallax.store.base import Revision, Store

__all__ = ["revision_diff", "revision_lines", "revisions_report"]

_SENTENCE_END = re.compile(r"(?<=[.!?…\"”])\s+(?=[\"“‘(]?[A-Z0-9])")


def revision_lines(revision: Revision) -> list[str]:
    """The headline, a blank line, then the body one sentence a line (paragraphs apart)."""
    lines = [revision.headline, ""]
    for number, paragraph in enumerate(revision.paragraphs):
        if number:
            lines.append("")
        lines.extend(s for s in _SENTENCE_END.split(paragraph.strip()) if s)
    return lines


def revision_diff(old: Revision, new: Revision) -> list[str]:
    """Unified diff lines from ``old`` to ``new``."""
    return list(difflib.unified_diff(
        revision_lines(old), revision_lines(new),
        fromfile=f"revision {old.number}", tofile=f"revision {new.number}",
        fromfiledate=old.fetched or old.stored_at, tofiledate=new.fetched or new.stored_at,
        lineterm="",
    ))


def revisions_report(store: Store, article_id: str) -> str:
    """Every revision of an article and the diff between consecutive ones; NotFoundError if the
    article is unknown."""
    revisions = store.revisions(article_id)
    if not revisions:
        raise NotFoundError(f"{article_id}: no article with this id (see parallax export "
                            "articles)")
    return "\n".join(_report_lines(article_id, revisions)) + "\n"


def _report_lines(article_id: str, revisions: Sequence[Revision]) -> list[str]:
    lines = [f"{article_id}: {len(revisions)} revision{'s' if len(revisions) != 1 else ''}"]
    for rev in revisions:
        lines.append(f"  #{rev.number}  {rev.fetched or rev.stored_at}  {rev.content_hash[:12]}  "
                     f"{rev.headline}")
    for old, new in itertools.pairwise(revisions):
        lines.append("")
        lines.extend(revision_diff(old, new) or [f"revision {new.number}: no visible change"])
    return lines
