"""The feeds and pages ``parallax watch`` follows, with the outlet and side an analyst gives them.

A source is only its URL plus labels; how its last fetch went (validators for a conditional GET,
failures, when to try again) lives in the store's fetch state, shown here by :func:`source_rows`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from parallax.errors import InputError
from parallax.fetch import Clock, SystemClock, is_url, iso_time
from parallax.store.base import FetchState, Source, Store

__all__ = ["SourceRow", "add_source", "check_url", "remove_source", "source_rows", "source_table"]


@dataclass(frozen=True)
class SourceRow:
    """A followed source and how polling it went so far."""

    source: Source
    state: FetchState | None

    @property
    def status(self) -> str:
        state = self.state
        if state is None or state.last_fetched is None:
            return "not polled yet"
        if state.failures:
            return f"failing ({state.failures}×): {state.last_error or 'unknown error'}"
        return "ok" if state.last_status in (200, 304, None) else f"HTTP {state.last_status}"


def check_url(url: str) -> str:
    """The URL stripped of blanks; InputError unless it is http(s) with a host name."""
    url = url.strip()
    if not is_url(url) or not urlsplit(url).hostname:
        raise InputError(url, "not an http(s) URL (a source must start with http:// or https://)")
    return url


def add_source(
    store: Store, url: str, *, outlet: str | None = None, side: str | None = None,
    clock: Clock | None = None,
) -> tuple[Source, bool]:
    """Follow ``url``; returns the source and whether it is new (a known one is relabelled)."""
    source = Source(check_url(url), _label(outlet), _label(side),
                    iso_time((clock or SystemClock()).time()))
    return source, store.add_source(source)


def remove_source(store: Store, url: str) -> bool:
    """Stop following ``url``; False when it was not followed."""
    return store.remove_source(url.strip())


def source_rows(store: Store) -> list[SourceRow]:
    return [SourceRow(s, store.get_fetch_state(s.url)) for s in store.list_sources()]


def source_table(rows: Sequence[SourceRow]) -> str:
    """A plain table for the terminal: URL, outlet, side, last fetch, status."""
    if not rows:
        return "no sources (add one with: parallax sources add URL)\n"
    lines = []
    for row in rows:
        state = row.state
        last = state.last_fetched if state and state.last_fetched else "-"
        retry = f"; next try {state.next_try}" if state and state.failures and state.next_try \
            else ""
        lines.append(f"{row.source.url}\n    outlet: {row.source.outlet or '-'}  side: "
                     f"{row.source.side or '-'}  last fetched: {last}  status: {row.status}"
                     f"{retry}")
    return "\n".join(lines) + "\n"


def _label(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
