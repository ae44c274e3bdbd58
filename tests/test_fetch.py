"""The polite HTTP client, against a local site on 127.0.0.1 (tests/local_site.py)."""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator

import pytest

from local_site import FakeClock, LocalSite, start
from parallax.fetch import Fetched, Fetcher, FetchOptions, SystemClock, Validators
from parallax.models import Rejected

PAGE = "meridian-2025-03-03-brenna"
FAST = FetchOptions(timeout=0.3, retries=1, backoff=0.01, rate_limit=0.0, max_bytes=1_000_000,
                    trust_env=False)


@pytest.fixture
def site() -> Iterator[LocalSite]:
    served, server = start()
    served.slow_seconds = 1.5
    yield served
    server.shutdown()
    server.server_close()


def fetch(site: LocalSite, path: str, opts: FetchOptions = FAST, **kwargs: object
          ) -> Fetched | Rejected:
    with Fetcher(opts) as fetcher:
        return fetcher.fetch(site.url(path), **kwargs)  # type: ignore[arg-type]


def ok(result: Fetched | Rejected) -> Fetched:
    assert isinstance(result, Fetched), str(result)
    return result


def rejected(result: Fetched | Rejected) -> Rejected:
    assert isinstance(result, Rejected), f"expected a failure, got HTTP {result}"
    assert result.stage == "fetch"
    assert "\n" not in result.reason
    return result


def test_fetch_page_with_user_agent_gzip_and_validators(site: LocalSite) -> None:
    result = ok(fetch(site, f"/pages/{PAGE}.html"))
    assert result.status == 200
    assert result.content == site.pages[PAGE]  # gzip on the wire, bytes as written
    assert result.content_type and result.content_type.startswith("text/html")
    assert result.validators.etag and result.validators.last_modified
    request = next(r for r in site.log if r.path.startswith("/pages/"))
    assert request.headers["user-agent"].startswith("parallax/")
    assert "(+" in request.headers["user-agent"]
    assert "gzip" in request.headers["accept-encoding"]
    assert len(gzip.compress(site.pages[PAGE])) < len(site.pages[PAGE])


def test_fetch_conditional_get_answers_not_modified(site: LocalSite) -> None:
    with Fetcher(FAST) as fetcher:
        first = ok(fetcher.fetch(site.page_url(PAGE)))
        again = ok(fetcher.fetch(site.page_url(PAGE), validators=first.validators))
        changed = ok(fetcher.fetch(site.page_url(PAGE), validators=Validators(etag='"old"')))
    assert again.not_modified and again.content == b""
    assert changed.status == 200
    sent = [r.headers.get("if-none-match") for r in site.log if r.path.startswith("/pages/")]
    assert sent == [None, first.validators.etag, '"old"']


def test_fetch_robots_txt_forbids_a_path_and_is_read_once(site: LocalSite) -> None:
    with Fetcher(FAST) as fetcher:
        refused = rejected(fetcher.fetch(site.url("/private/secret.html")))
        ok(fetcher.fetch(site.page_url(PAGE)))
    assert "robots.txt" in refused.reason
    assert refused.source.endswith("/private/secret.html")
    assert site.hits["/private/secret.html"] == 0
    assert site.hits["/robots.txt"] == 1


def test_fetch_robots_txt_can_be_ignored_on_purpose(site: LocalSite) -> None:
    from dataclasses import replace

    ok(fetch(site, "/private/secret.html", replace(FAST, respect_robots=False)))
    assert site.hits["/robots.txt"] == 0


@pytest.mark.parametrize(("status", "allowed"), [(404, True), (503, False)])
def test_fetch_missing_robots_allows_unreachable_forbids(
    site: LocalSite, status: int, allowed: bool
) -> None:
    site.robots_status = status
    result = fetch(site, f"/pages/{PAGE}.html")
    assert isinstance(result, Fetched) is allowed
    if not allowed:
        assert "robots.txt" in rejected(result).reason


def test_fetch_slow_server_times_out(site: LocalSite) -> None:
    from dataclasses import replace

    started = time.monotonic()
    result = rejected(fetch(site, "/slow", replace(FAST, retries=0)))
    assert "timed out" in result.reason
    assert time.monotonic() - started < 1.2


def test_fetch_500_is_retried_then_reported(site: LocalSite) -> None:
    result = rejected(fetch(site, "/fail"))
    assert "HTTP 500" in result.reason and "2 attempts" in result.reason
    assert site.hits["/fail"] == 2  # retries=1


def test_fetch_503_then_200_succeeds_after_backoff(site: LocalSite) -> None:
    from dataclasses import replace

    clock = FakeClock()
    with Fetcher(replace(FAST, backoff=3.0), clock=clock) as fetcher:
        result = ok(fetcher.fetch(site.url("/flaky")))
    assert result.status == 200
    assert site.hits["/flaky"] == 2
    assert 3.0 in clock.sleeps


def test_fetch_backoff_doubles(site: LocalSite) -> None:
    from dataclasses import replace

    clock = FakeClock()
    with Fetcher(replace(FAST, retries=3, backoff=2.0), clock=clock) as fetcher:
        rejected(fetcher.fetch(site.url("/fail")))
    assert clock.sleeps == [2.0, 4.0, 8.0]
    assert site.hits["/fail"] == 4


def test_fetch_connection_reset_is_reported(site: LocalSite) -> None:
    result = rejected(fetch(site, "/reset"))
    assert "connection reset" in result.reason
    assert site.hits["/reset"] == 2


def test_fetch_refused_connection_is_reported() -> None:
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with Fetcher(FAST) as fetcher:
        result = rejected(fetcher.fetch(f"http://127.0.0.1:{port}/feed.xml"))
    assert "cannot connect" in result.reason or "robots.txt" in result.reason


def test_fetch_follows_redirects_to_the_final_url(site: LocalSite) -> None:
    result = ok(fetch(site, "/redirect"))
    assert result.url == site.url("/redirect")
    assert result.final_url.startswith(site.url("/pages/"))
    assert ok(fetch(site, "/chain/4")).status == 200  # 5 redirects: the limit


def test_fetch_redirect_loop_and_too_many_redirects(site: LocalSite) -> None:
    loop = rejected(fetch(site, "/loop/a"))
    assert "redirect loop" in loop.reason
    assert site.hits["/loop/a"] == 1 and site.hits["/loop/b"] == 1
    chain = rejected(fetch(site, "/chain/9"))
    assert "more than 5 redirects" in chain.reason


@pytest.mark.parametrize("path", ["/huge", "/huge-stream"])
def test_fetch_response_over_the_size_limit(site: LocalSite, path: str) -> None:
    result = rejected(fetch(site, path))
    assert "size limit of 1.0 MB" in result.reason


def test_fetch_wrong_content_type(site: LocalSite) -> None:
    result = rejected(fetch(site, "/photo.html"))
    assert result.reason == "content type image/png is not a page or a feed"


def test_fetch_404_and_non_http_urls(site: LocalSite) -> None:
    assert rejected(fetch(site, "/nowhere")).reason == "HTTP 404 Not Found"
    with Fetcher(FAST) as fetcher:
        assert "not an http(s) URL" in rejected(fetcher.fetch("ftp://kna.example/x")).reason


def test_fetch_rate_limit_spaces_requests_to_one_host(site: LocalSite) -> None:
    from dataclasses import replace

    class RealClock(SystemClock):
        def __init__(self) -> None:
            self.sleeps: list[float] = []

        def sleep(self, seconds: float) -> None:
            self.sleeps.append(seconds)
            super().sleep(seconds)

    clock = RealClock()
    with Fetcher(replace(FAST, rate_limit=0.25), clock=clock) as fetcher:
        for _ in range(3):
            ok(fetcher.fetch(site.page_url(PAGE)))
    times = [r.at for r in site.log]  # robots.txt, then three pages
    assert len(times) == 4
    assert len(clock.sleeps) == 3 and all(0 < s <= 0.25 for s in clock.sleeps)
    # The server saw them spread out (a loaded machine may delay the first, never hurry one).
    assert times[-1] - times[0] >= 0.7


def test_fetch_rate_limit_is_per_host(site: LocalSite) -> None:
    from dataclasses import replace

    clock = FakeClock()
    other = site.base.replace("127.0.0.1", "localhost")
    with Fetcher(replace(FAST, rate_limit=10.0, respect_robots=False), clock=clock) as fetcher:
        ok(fetcher.fetch(site.page_url(PAGE)))
        ok(fetcher.fetch(f"{other}/pages/{PAGE}.html"))
        assert clock.sleeps == []  # another host need not wait
        ok(fetcher.fetch(site.page_url(PAGE)))
    assert clock.sleeps == [pytest.approx(10.0)]


def test_fetch_crawl_delay_raises_the_rate_limit(site: LocalSite) -> None:
    site.robots = "User-agent: *\nCrawl-delay: 7\n"
    clock = FakeClock()
    with Fetcher(FAST, clock=clock) as fetcher:
        ok(fetcher.fetch(site.page_url(PAGE)))
        ok(fetcher.fetch(site.page_url(PAGE)))
    assert clock.sleeps and max(clock.sleeps) == pytest.approx(7.0)
