"""Followed sources: the store's migration 3, sources.py and the `parallax sources` commands."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from parallax.cli import main
from parallax.errors import InputError
from parallax.sources import SourceRow, add_source, remove_source, source_rows, source_table
from parallax.store import FetchState, Source, Store, open_store
from parallax.store.sqlite import sqlite_path

FEED = "https://kna.example/rss/varnia.xml"
PAGE = "https://varniatoday.example/2025/03/21/refinery"


@pytest.fixture
def store(tmp_db: str) -> Iterator[Store]:
    opened = open_store(tmp_db)
    yield opened
    opened.close()


def test_sources_migration_3_creates_the_tables(store: Store, tmp_db: str) -> None:
    with sqlite3.connect(sqlite_path(tmp_db)) as db:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert version >= 3
    assert {"sources", "fetch_state", "seen_links"} <= tables


def test_sources_add_list_relabel_remove(store: Store) -> None:
    source, new = add_source(store, f"  {FEED} ", outlet="KNA", side="Kharsk")
    assert new and source == Source(FEED, "KNA", "Kharsk", source.added_at)
    _, new_again = add_source(store, FEED, outlet="Kharsk News Agency", side="Kharsk")
    add_source(store, PAGE, outlet="Varnia Today", side="")
    assert not new_again
    listed = store.list_sources()
    assert [(s.url, s.outlet, s.side) for s in listed] == [
        (FEED, "Kharsk News Agency", "Kharsk"), (PAGE, "Varnia Today", None)]
    assert remove_source(store, FEED)
    assert not remove_source(store, FEED)
    assert [s.url for s in store.list_sources()] == [PAGE]


@pytest.mark.parametrize("bad", ["ftp://kna.example/feed", "kna.example/feed", "https://", ""])
def test_sources_add_refuses_what_is_not_an_http_url(store: Store, bad: str) -> None:
    with pytest.raises(InputError, match="not an http"):
        add_source(store, bad)
    assert store.list_sources() == []


def test_sources_fetch_state_round_trips_and_is_forgotten_on_remove(store: Store) -> None:
    add_source(store, FEED)
    state = FetchState(FEED, etag='"abc"', last_modified="Mon, 17 Mar 2025 09:00:00 GMT",
                       last_status=200, last_fetched="2025-03-17T09:00:00+00:00", failures=2,
                       next_try="2025-03-17T10:00:00+00:00", last_error="HTTP 503")
    store.save_fetch_state(state)
    assert store.get_fetch_state(FEED) == state
    store.save_fetch_state(FetchState(FEED, etag='"def"'))
    assert store.get_fetch_state(FEED) == FetchState(FEED, etag='"def"')
    store.mark_seen(FEED, {PAGE: "f1"})
    remove_source(store, FEED)
    assert store.get_fetch_state(FEED) is None
    assert store.seen_links(FEED, [PAGE]) == {}


def test_sources_seen_links_remember_fingerprints_per_feed(store: Store) -> None:
    links = [f"https://kna.example/news/{n}" for n in range(1200)]  # more than one SQL batch
    store.mark_seen(FEED, dict.fromkeys(links[:1000], "v1"))
    store.mark_seen(FEED, {links[0]: "v2"})
    seen = store.seen_links(FEED, links)
    assert len(seen) == 1000 and seen[links[0]] == "v2" and seen[links[1]] == "v1"
    assert store.seen_links("https://other.example/feed", links) == {}


def test_sources_status_and_table() -> None:
    fresh = SourceRow(Source(FEED, "KNA", "Kharsk"), None)
    failing = SourceRow(Source(PAGE), FetchState(PAGE, last_fetched="2025-03-17T09:00:00+00:00",
                                                 failures=3, last_error="HTTP 500",
                                                 next_try="2025-03-17T11:00:00+00:00"))
    assert fresh.status == "not polled yet"
    assert failing.status == "failing (3×): HTTP 500"
    table = source_table([fresh, failing])
    assert "outlet: KNA  side: Kharsk" in table
    assert "next try 2025-03-17T11:00:00+00:00" in table
    assert "parallax sources add" in source_table([])


def test_sources_rows_join_state(store: Store) -> None:
    add_source(store, FEED)
    store.save_fetch_state(FetchState(FEED, last_status=304, last_fetched="2025-03-17"))
    [row] = source_rows(store)
    assert row.status == "ok"


def test_sources_cli_add_list_remove(tmp_db: str) -> None:
    runner = CliRunner()
    added = runner.invoke(main, ["sources", "add", FEED, "--outlet", "KNA", "--side", "Kharsk",
                                 "--db", tmp_db])
    assert added.exit_code == 0, added.output
    assert added.output == f"following {FEED}\n"
    listed = runner.invoke(main, ["sources", "list", "--db", tmp_db])
    assert FEED in listed.output and "not polled yet" in listed.output
    bad = runner.invoke(main, ["sources", "add", "kna.example", "--db", tmp_db])
    assert bad.exit_code == 2 and "not an http(s) URL" in bad.output
    assert "Traceback" not in bad.output
    gone = runner.invoke(main, ["sources", "remove", FEED, "--db", tmp_db])
    assert gone.exit_code == 0 and "stopped following" in gone.output
    unknown = runner.invoke(main, ["sources", "remove", FEED, "--db", tmp_db])
    assert unknown.exit_code == 1 and "not a followed source" in unknown.output
