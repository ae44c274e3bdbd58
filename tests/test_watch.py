"""The watch loop, `parallax ingest URL`, `parallax watch` and `parallax revisions`, against a
local site on 127.0.0.1 (tests/local_site.py). Time is a FakeClock: hours pass instantly."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from local_site import FakeClock, LocalSite, start
from parallax import watch as watching
from parallax.cli import main
from parallax.config import Settings
from parallax.errors import ConfigError
from parallax.fetch import Fetcher, FetchOptions
from parallax.models import Rejected
from parallax.sources import add_source
from parallax.store import ArticleFilter, Store, open_store
from parallax.watch import RoundSummary, StopFlag, WatchOptions, parse_interval

FAST = FetchOptions(timeout=0.5, retries=0, backoff=0.01, rate_limit=0.0, max_bytes=1_000_000,
                    trust_env=False)
EVERY = 900.0
PAGE = "meridian-2025-03-03-brenna"


class Recorder:
    """A pipeline step that only counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, store: Store, settings: Settings) -> str:
        self.calls += 1
        return f"step {self.calls}"


@pytest.fixture
def site() -> Iterator[LocalSite]:
    served, server = start()
    yield served
    server.shutdown()
    server.server_close()


@pytest.fixture
def store(tmp_db: str) -> Iterator[Store]:
    opened = open_store(tmp_db)
    yield opened
    opened.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def run_watch(store: Store, clock: FakeClock, *, rounds: int = 1, step: Recorder | None = None,
              stop: StopFlag | None = None, opts: WatchOptions | None = None,
              ) -> list[RoundSummary]:
    summaries: list[RoundSummary] = []
    with Fetcher(FAST, clock=clock) as fetcher:
        watching.watch(store, Settings(), opts or WatchOptions(every=EVERY), rounds=rounds,
                       fetcher=fetcher, step=step, stop=stop, report=summaries.append)
    return summaries


def page_hits(site: LocalSite) -> int:
    return sum(n for path, n in site.hits.items() if path.startswith("/pages/"))


# -- intervals --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "seconds"), [
    ("15m", 900), ("30s", 30), ("1h", 3600), ("1h30m", 5400), ("90", 90), (" 2H ", 7200),
    ("500ms", 0.5),
])
def test_watch_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == pytest.approx(seconds)


@pytest.mark.parametrize("text", ["", "15x", "m", "0s", "-5m", "1h and 5m"])
def test_watch_parse_interval_refuses(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_interval(text)


# -- rounds -----------------------------------------------------------------------------------


def test_watch_feed_pages_are_fetched_read_and_stored_once(
    site: LocalSite, store: Store, clock: FakeClock
) -> None:
    add_source(store, site.url("/feeds/pages.xml"), outlet="Demo Wire")
    step = Recorder()
    first, second = run_watch(store, clock, rounds=2, step=step)
    assert first.added == len(site.pages) and first.failed == 0
    articles = list(store.iter_articles())
    assert {a.url for a in articles} == {site.page_url(n) for n in site.pages}
    assert {a.outlet for a in articles} == {"Demo Wire"}
    assert all(a.method != "feed" for a in articles)  # read from the pages, not the feed
    assert page_hits(site) == len(site.pages)
    # Round two: the feed answers 304 and no page is asked for again; nothing to process.
    assert second.sources[0].status == "not modified"
    assert page_hits(site) == len(site.pages)
    assert step.calls == 1
    assert first.pipeline == "step 1" and second.pipeline is None
    assert clock.now >= 1_750_000_000.0 + EVERY  # the loop waited between rounds


def test_watch_only_new_entries_are_fetched(
    site: LocalSite, store: Store, clock: FakeClock
) -> None:
    add_source(store, site.url("/feeds/pages.xml"))
    run_watch(store, clock)
    before = dict(site.hits)
    html = site.pages[PAGE].replace(b"Brenna river port", b"Brenna grain terminal")
    site.pages["meridian-extra"] = html.replace(b"shelling kills seven", b"strike hits silos")
    [later] = run_watch(store, clock)
    fetched = {p for p, n in site.hits.items() if n > before.get(p, 0) and p.startswith("/pages")}
    assert fetched == {"/pages/meridian-extra.html"}
    assert later.added == 1 and later.sources[0].entries == 1


def test_watch_falls_back_to_the_feed_text_when_the_page_fails(
    site: LocalSite, store: Store, clock: FakeClock
) -> None:
    add_source(store, site.url("/feeds/meridian.xml"), outlet="Meridian", side="Western")
    [summary] = run_watch(store, clock)
    report = summary.sources[0]
    assert report.added == 5 and len(report.fallbacks) == 5
    assert all("HTTP 404" in r.reason for r in report.fallbacks)
    articles = list(store.iter_articles())
    assert all(a.method.startswith("feed") for a in articles)
    assert any("93 prisoners" in a.text for a in articles)
    assert "used the feed's text" in "\n".join(watching.format_round(summary))


def test_watch_failing_source_is_reported_backed_off_and_never_stops_others(
    site: LocalSite, store: Store, clock: FakeClock
) -> None:
    for path in ("/fail", "/feeds/broken.xml", "/reset", "/feeds/pages.xml"):
        add_source(store, site.url(path))
    step = Recorder()
    [first] = run_watch(store, clock, step=step)
    status = {r.url.removeprefix(site.base): r for r in first.sources}
    assert status["/fail"].status == "failed" and "HTTP 500" in (status["/fail"].error or "")
    assert "malformed feed" in (status["/feeds/broken.xml"].error or "")
    assert "connection reset" in (status["/reset"].error or "")
    assert status["/feeds/pages.xml"].added == len(site.pages)
    state = store.get_fetch_state(site.url("/fail"))
    assert state and state.failures == 1 and state.next_try
    assert [r.source for r in store.list_rejected() if r.stage == "fetch"]
    # Next round: the failing sources wait (one interval), then are tried again.
    hits = site.hits["/fail"]
    [second] = run_watch(store, clock)
    waiting = [r.url.removeprefix(site.base) for r in second.sources if r.status == "waiting"]
    assert waiting == ["/fail", "/feeds/broken.xml", "/reset"]
    assert site.hits["/fail"] == hits
    clock.sleep(EVERY)
    run_watch(store, clock)
    state = store.get_fetch_state(site.url("/fail"))
    assert state and state.failures >= 2
    assert site.hits["/fail"] > hits


def test_watch_backoff_doubles_for_a_failing_source(
    site: LocalSite, store: Store, clock: FakeClock
) -> None:
    add_source(store, site.url("/fail"))
    waits = []
    for _ in range(4):
        run_watch(store, clock, opts=WatchOptions(every=60.0))
        state = store.get_fetch_state(site.url("/fail"))
        assert state and state.next_try
        from datetime import datetime

        waits.append(datetime.fromisoformat(state.next_try).timestamp() - clock.now)
        clock.now += waits[-1]  # jump to the next try
    assert waits == [60.0, 120.0, 240.0, 480.0]


def test_watch_recovers_when_a_source_comes_back(
    site: LocalSite, store: Store, clock: FakeClock
) -> None:
    site.flaky_failures = 1
    add_source(store, site.url("/flaky"))
    [first] = run_watch(store, clock)
    assert first.failed == 1
    clock.sleep(EVERY)
    [second] = run_watch(store, clock)
    assert second.failed == 0 and second.added == 1
    state = store.get_fetch_state(site.url("/flaky"))
    assert state and state.failures == 0 and state.next_try is None


def test_watch_changed_page_becomes_a_revision_with_a_diff(
    site: LocalSite, store: Store, clock: FakeClock, tmp_db: str
) -> None:
    add_source(store, site.page_url(PAGE))
    run_watch(store, clock)
    [second] = run_watch(store, clock)
    assert second.sources[0].status == "not modified"  # 304 on the conditional GET
    site.pages[PAGE] = site.pages[PAGE].replace(b"seven", b"nine")
    [third] = run_watch(store, clock)
    assert third.revised == 1
    [article] = store.iter_articles()
    assert [r.number for r in store.revisions(article.id)] == [1, 2]
    shown = CliRunner().invoke(main, ["revisions", article.id, "--db", tmp_db])
    assert shown.exit_code == 0, shown.output
    assert "2 revisions" in shown.output
    removed = [ln for ln in shown.output.splitlines() if ln.startswith("-") and "seven" in ln]
    added = [ln for ln in shown.output.splitlines() if ln.startswith("+") and "nine" in ln]
    assert removed and added


def test_watch_changed_feed_entry_refetches_its_page(
    site: LocalSite, store: Store, clock: FakeClock
) -> None:
    add_source(store, site.url("/feeds/pages.xml"))
    run_watch(store, clock)
    site.pages[PAGE] = site.pages[PAGE].replace(b"seven", b"eight")
    site.updated[PAGE] = "Tue, 04 Mar 2025 10:00:00 GMT"
    hits = site.hits[f"/pages/{PAGE}.html"]
    [later] = run_watch(store, clock)
    assert site.hits[f"/pages/{PAGE}.html"] == hits + 1
    assert later.revised == 1 and later.added == 0


def test_watch_unknown_revisions_id_is_a_clear_error(tmp_db: str) -> None:
    shown = CliRunner().invoke(main, ["revisions", "0000", "--db", tmp_db])
    assert shown.exit_code == 1 and "no article with this id" in shown.output


def test_watch_stops_cleanly_and_a_restart_resumes(
    site: LocalSite, store: Store, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_source(store, site.url("/feeds/pages.xml"))
    add_source(store, site.url("/feeds/meridian.xml"))
    stop = StopFlag()
    step = Recorder()

    class StopAfterFirstFeed:
        def __init__(self) -> None:
            self.inner = watching.poll_source

        def __call__(self, *args: object, **kwargs: object) -> watching.SourceReport:
            report = self.inner(*args, **kwargs)  # type: ignore[arg-type]
            stop.set()
            return report

    monkeypatch.setattr(watching, "poll_source", StopAfterFirstFeed())
    rounds = run_watch(store, clock, rounds=5, step=step, stop=stop)
    monkeypatch.undo()
    assert len(rounds) == 1 and rounds[0].stopped
    assert [r.url for r in rounds[0].sources] == [site.url("/feeds/pages.xml")]
    assert step.calls == 0  # stopped before processing
    pages_before = page_hits(site)
    # A restart: the first feed's pages are not fetched again, the second feed is read, and the
    # articles the interrupted run stored are processed.
    [resumed] = run_watch(store, clock, step=step)
    assert page_hits(site) == pages_before
    assert resumed.added == 5 and step.calls == 1


def test_watch_stop_during_the_wait_ends_the_loop(
    site: LocalSite, store: Store, clock: FakeClock
) -> None:
    add_source(store, site.url("/feeds/pages.xml"))
    stop = StopFlag()

    def report(summary: RoundSummary) -> None:
        stop.set()

    with Fetcher(FAST, clock=clock) as fetcher:
        done = watching.watch(store, Settings(), WatchOptions(every=EVERY), fetcher=fetcher,
                              step=None, stop=stop, report=report)
    assert done == 1


def test_watch_signals_set_the_stop_flag_then_interrupt() -> None:
    stop = StopFlag()
    before = signal.getsignal(signal.SIGTERM)
    with stop.on_signals():
        os.kill(os.getpid(), signal.SIGTERM)
        assert stop
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
    assert signal.getsignal(signal.SIGTERM) is before


def test_watch_round_report_lines() -> None:
    summary = RoundSummary(3, "2025-03-17T09:00:00+00:00", [
        watching.SourceReport("https://kna.example/rss", added=2, revised=1),
        watching.SourceReport("https://cp.example/feed", "failed",
                              rejected=[Rejected("https://cp.example/feed", "fetch", "HTTP 500")],
                              error="HTTP 500"),
    ], pipeline="processed 3 articles")
    lines = watching.format_round(summary)
    assert lines == [
        "  2 new, 1 revised  https://kna.example/rss",
        "  failed   https://cp.example/feed: HTTP 500",
        "round 3 at 2025-03-17T09:00:00+00:00: 2 sources polled, 2 new, 1 revised, 1 failed; "
        "processed 3 articles",
    ]


# -- the command line -------------------------------------------------------------------------


@pytest.fixture
def fast_fetching(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watching, "fetch_options", lambda settings: FAST)


@pytest.mark.usefixtures("fast_fetching")
def test_watch_cli_ingest_takes_urls_and_files(site: LocalSite, tmp_db: str) -> None:
    from conftest import EXAMPLES

    result = CliRunner().invoke(main, [
        "ingest", site.page_url(PAGE), site.url("/photo.html"), site.url("/feeds/meridian.xml"),
        str(EXAMPLES / "demo" / "cp-2025-03-06-ostrik.txt"), "--db", tmp_db])
    assert result.exit_code == 0, result.output
    assert "rejected " + site.url("/photo.html") + ": content type image/png" in result.output
    assert "stored 7 articles (7 new" in result.output  # 1 page + 5 entries + 1 file
    assert "Traceback" not in result.output
    again = CliRunner().invoke(main, [
        "ingest", site.page_url(PAGE), site.url("/feeds/meridian.xml"), "--db", tmp_db])
    assert again.exit_code == 0, again.output
    assert "stored 6 articles (0 new, 6 unchanged, 0 revised)" in again.output


@pytest.mark.usefixtures("fast_fetching")
def test_watch_cli_ingest_nothing_fetched_exits_1(site: LocalSite, tmp_db: str) -> None:
    result = CliRunner().invoke(main, ["ingest", site.url("/fail"), "--db", tmp_db])
    assert result.exit_code == 1
    assert f"rejected {site.url('/fail')}: HTTP 500" in result.output


@pytest.mark.usefixtures("fast_fetching")
def test_watch_cli_once(site: LocalSite, tmp_db: str) -> None:
    runner = CliRunner()
    empty = runner.invoke(main, ["watch", "--once", "--db", tmp_db])
    assert empty.exit_code == 1 and "no sources" in empty.output
    runner.invoke(main, ["sources", "add", site.url("/feeds/pages.xml"), "--db", tmp_db])
    runner.invoke(main, ["sources", "add", site.url("/fail"), "--db", tmp_db])
    result = runner.invoke(main, ["watch", "--once", "--no-process", "--every", "30s",
                                  "--db", tmp_db])
    assert result.exit_code == 0, result.output
    assert f"{len(site.pages)} new, 0 revised  {site.url('/feeds/pages.xml')}" in result.output
    assert f"failed   {site.url('/fail')}: HTTP 500" in result.output
    assert "2 sources polled" in result.output
    bad = runner.invoke(main, ["watch", "--every", "soon", "--db", tmp_db])
    assert bad.exit_code == 2 and "not an interval" in bad.output


@pytest.mark.slow
def test_watch_new_articles_are_processed_and_clustered(
    site: LocalSite, store: Store, clock: FakeClock
) -> None:
    add_source(store, site.url("/feeds/pages.xml"))
    [summary] = run_watch(store, clock, step=None, opts=WatchOptions(every=EVERY))
    assert summary.added == len(site.pages)
    with Fetcher(FAST, clock=clock) as fetcher:
        done = watching.watch(store, Settings(), WatchOptions(every=EVERY), rounds=1,
                              fetcher=fetcher)  # the real step: pending articles get processed
    assert done == 1
    assert store.count_articles(ArticleFilter(unprocessed=True)) == 0
    assert store.list_stories()
