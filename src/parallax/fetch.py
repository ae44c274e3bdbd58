"""Fetching pages and feeds over HTTP(S), politely.

    url ─robots.txt allows?─▶ wait for the host's turn ─▶ GET (conditional) ─▶ redirect? ─┐
         (cached per host)     (rate limit, Crawl-delay)   retried on 5xx/resets          │
                                                                                          ▼
    Fetched(200 + bytes | 304)  ◀── content type checked, body streamed up to max_bytes ──┘

Every failure comes back as a ``Rejected(url, "fetch", reason)`` whose reason is one line a user
can act on; :meth:`Fetcher.fetch` never raises for a bad URL or a bad server. Time is read and
waited through a :class:`Clock`, so tests and benchmarks can compress it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Protocol
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from parallax.models import Rejected

__all__ = [
    "Clock", "FetchOptions", "Fetched", "Fetcher", "SystemClock", "Validators", "is_url",
    "iso_time",
]

log = logging.getLogger(__name__)

STAGE = "fetch"

PAGE_TYPES = (
    "text/html", "application/xhtml+xml", "application/rss+xml", "application/atom+xml",
    "application/rdf+xml", "application/xml", "text/xml", "text/plain", "application/feed+json",
    "application/warc", "application/x-ndjson", "application/jsonl",
)
"""Media types worth reading; anything else (images, PDFs, video) is refused unread."""

_FORBID_ALL = ("User-agent: *", "Disallow: /")
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class FetchOptions:
    """How parallax behaves as an HTTP client (``[fetch]`` in parallax.toml)."""

    contact: str = "contact not configured: set fetch.contact"
    """Where a site owner can learn who is fetching; part of the User-Agent."""
    timeout: float = 20.0
    """Seconds to connect, and seconds to wait for each chunk of the response."""
    max_bytes: int = 10 * 1024 * 1024
    """A response larger than this (after decompression) is abandoned."""
    max_redirects: int = 5
    retries: int = 2
    """Further attempts after a 5xx, a 429, a reset or a time-out."""
    backoff: float = 1.0
    """Seconds before the first retry; doubled for each further one."""
    max_backoff: float = 60.0
    """A server's Retry-After longer than this is not waited for."""
    rate_limit: float = 1.0
    """Seconds between two requests to the same host (robots.txt's Crawl-delay may raise it)."""
    respect_robots: bool = True
    robots_ttl: float = 3600.0
    """Seconds a host's robots.txt is trusted before it is fetched again."""
    trust_env: bool = True
    """Read proxy settings from the environment (tests turn it off)."""

    @property
    def user_agent(self) -> str:
        from parallax import __version__  # late: config.py imports this module

        return f"parallax/{__version__} (+{self.contact})"


class Clock(Protocol):
    """Wall time and waiting; tests and benchmarks pass a clock that only pretends to wait."""

    def time(self) -> float:
        """Seconds since the epoch."""
        ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def time(self) -> float:
        return time.time()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


def iso_time(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds")


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


@dataclass(frozen=True)
class Validators:
    """What the last response said about its version, for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Fetched:
    """A successful fetch: a 200 with its body, or a 304 (``not_modified``) without one."""

    url: str
    """The URL asked for."""
    final_url: str
    """Where the content was found, after redirects."""
    status: int
    content: bytes
    content_type: str | None
    fetched: str
    """ISO 8601 UTC time of the response."""
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class AttemptError(Exception):
    """Internal: one attempt failed; ``retry`` says whether trying again may help."""

    def __init__(self, reason: str, *, retry: bool = False, wait: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry
        self.wait = wait


class Fetcher:
    """One HTTP client with per-host manners; use as a context manager or call :meth:`close`."""

    def __init__(
        self,
        opts: FetchOptions | None = None,
        *,
        clock: Clock | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.opts = opts or FetchOptions()
        self.clock: Clock = clock or SystemClock()
        self._client = httpx.Client(
            headers={"User-Agent": self.opts.user_agent},
            timeout=httpx.Timeout(self.opts.timeout),
            follow_redirects=False,  # followed by hand: each hop is checked against robots.txt
            trust_env=self.opts.trust_env,
            transport=transport,
        )
        self._robots: dict[str, tuple[RobotFileParser, float]] = {}
        self._next_turn: dict[str, float] = {}
        self.requests = 0
        """Requests sent, robots.txt included (for tests and benchmarks)."""

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # -- the one public call ----------------------------------------------------------------
    def fetch(self, url: str, *, validators: Validators | None = None) -> Fetched | Rejected:
        """GET ``url`` politely; never raises for a bad URL or server."""
        if not is_url(url) or not urlsplit(url).hostname:
            return Rejected(url, STAGE, "not an http(s) URL")
        seen = [url]
        current = url
        while True:
            try:
                response = self._get_allowed(current, validators if current == url else None,
                                             hop=current != url)
            except AttemptError as failure:
                return Rejected(url, STAGE, failure.reason)
            if isinstance(response, str):  # a redirect: the next URL
                if response in seen:
                    return Rejected(url, STAGE, f"redirect loop ({' → '.join([*seen, response])})")
                if len(seen) > self.opts.max_redirects:
                    return Rejected(url, STAGE, f"more than {self.opts.max_redirects} redirects "
                                                "(fetch.max_redirects)")
                seen.append(response)
                current = response
                continue
            return _with_request_url(response, url)

    # -- one hop ----------------------------------------------------------------------------
    def _get_allowed(self, url: str, validators: Validators | None, *, hop: bool) -> Fetched | str:
        if not is_url(url):
            raise AttemptError(f"redirected to {url}, which is not an http(s) URL")
        if self.opts.respect_robots and not self._robots_allow(url):
            where = f" (redirected to {url})" if hop else ""
            raise AttemptError(f"forbidden by the site's robots.txt{where}")
        return self._get_with_retries(url, validators)

    def _get_with_retries(self, url: str, validators: Validators | None) -> Fetched | str:
        attempt = 0
        while True:
            try:
                return self._get_once(url, validators)
            except AttemptError as failure:
                if not failure.retry or attempt >= self.opts.retries:
                    suffix = f" (after {attempt + 1} attempts)" if attempt else ""
                    raise AttemptError(failure.reason + suffix) from None
                pause = self.opts.backoff * 2 ** attempt
                if failure.wait is not None and failure.wait <= self.opts.max_backoff:
                    pause = max(pause, failure.wait)
                log.info("%s: %s; trying again in %.1f s", url, failure.reason, pause)
                self.clock.sleep(pause)
                attempt += 1

    def _get_once(self, url: str, validators: Validators | None) -> Fetched | str:
        headers = _conditional_headers(validators)
        self._wait_turn(url)
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                result: Fetched | str = self._read_response(url, response)
                return result
        except httpx.TimeoutException:
            raise AttemptError(f"timed out (no answer within {self.opts.timeout:g} s; "
                              "fetch.timeout)", retry=True) from None
        except httpx.DecodingError as exc:
            raise AttemptError(f"broken compressed response ({exc})") from None
        except (httpx.ReadError, httpx.RemoteProtocolError, httpx.WriteError):
            raise AttemptError("connection reset by the server", retry=True) from None
        except httpx.ConnectError as exc:
            raise AttemptError(f"cannot connect ({_short(exc)})", retry=True) from None
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise AttemptError(f"HTTP error ({type(exc).__name__}: {_short(exc)})") from None

    def _read_response(self, url: str, response: httpx.Response) -> Fetched | str:
        status = response.status_code
        if status in _REDIRECT_STATUSES:
            location = response.headers.get("location")
            if not location:
                raise AttemptError(f"HTTP {status} redirect without a Location header")
            return urljoin(url, str(location))
        if status == 304:
            return _fetched(url, response, b"", self.clock)
        if status in _RETRY_STATUSES:
            raise AttemptError(f"HTTP {status} {response.reason_phrase}".rstrip(), retry=True,
                               wait=_retry_after(response.headers.get("retry-after"), self.clock))
        if status != 200:
            raise AttemptError(f"HTTP {status} {response.reason_phrase}".rstrip())
        check_content_type(response.headers.get("content-type"))
        return _fetched(url, response, self._read_body(response), self.clock)

    def _read_body(self, response: httpx.Response) -> bytes:
        limit = self.opts.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise AttemptError(too_big(int(declared), limit))
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():  # decompressed: a gzip bomb stops here too
            size += len(chunk)
            if size > limit:
                raise AttemptError(too_big(size, limit, partial=True))
            chunks.append(chunk)
        return b"".join(chunks)

    # -- manners ----------------------------------------------------------------------------
    def _wait_turn(self, url: str) -> None:
        """Sleep until this host may be asked again; then book its next turn."""
        host = _host_key(url)
        now = self.clock.time()
        turn = self._next_turn.get(host, now)
        if turn > now:
            self.clock.sleep(turn - now)
            now = turn
        self._next_turn[host] = now + self._host_delay(host)
        self.requests += 1

    def _host_delay(self, host: str) -> float:
        cached = self._robots.get(host)
        delay = cached[0].crawl_delay(self.opts.user_agent) if cached else None
        return max(self.opts.rate_limit, float(delay or 0))

    def _robots_allow(self, url: str) -> bool:
        host = _host_key(url)
        cached = self._robots.get(host)
        if cached is None or cached[1] <= self.clock.time():
            cached = (self._load_robots(host), self.clock.time() + self.opts.robots_ttl)
            self._robots[host] = cached
        return cached[0].can_fetch(self.opts.user_agent, url)

    def _load_robots(self, host: str) -> RobotFileParser:
        """The host's robots.txt; missing (4xx) allows all, unreachable (5xx) forbids all.

        This follows RFC 9309: a server error on robots.txt means "do not crawl for now".
        """
        parser = RobotFileParser(f"{host}/robots.txt")
        try:
            self._wait_turn(f"{host}/robots.txt")
            response = self._client.get(f"{host}/robots.txt", follow_redirects=True)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            log.info("%s/robots.txt unreachable (%s): not fetching from it for now", host, exc)
            parser.parse(_FORBID_ALL)
            return parser
        if response.status_code >= 500:
            parser.parse(_FORBID_ALL)
        elif response.status_code >= 400:
            parser.parse([])
        else:
            parser.parse(response.text.splitlines())
        return parser


def check_content_type(content_type: str | None) -> None:
    """Refuse media that is no page or feed before reading it (no type: detected later)."""
    if not content_type:
        return
    media = content_type.split(";", 1)[0].strip().lower()
    if media in PAGE_TYPES or media.endswith(("+xml", "+json")):
        return
    raise AttemptError(f"content type {media} is not a page or a feed")


def too_big(size: int, limit: int, *, partial: bool = False) -> str:
    amount = f"more than {limit / 1e6:.1f} MB" if partial else f"{size / 1e6:.1f} MB"
    return f"response is {amount}, over the size limit of {limit / 1e6:.1f} MB (fetch.max_bytes)"


def _fetched(url: str, response: httpx.Response, content: bytes, clock: Clock) -> Fetched:
    return Fetched(
        url=url, final_url=url, status=response.status_code, content=content,
        content_type=response.headers.get("content-type"), fetched=iso_time(clock.time()),
        validators=Validators(response.headers.get("etag"),
                              response.headers.get("last-modified")),
    )


def _with_request_url(response: Fetched, requested: str) -> Fetched:
    return Fetched(requested, response.final_url, response.status, response.content,
                   response.content_type, response.fetched, response.validators)


def _conditional_headers(validators: Validators | None) -> Mapping[str, str]:
    headers: dict[str, str] = {}
    if validators and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _retry_after(value: str | None, clock: Clock) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - clock.time())
    except (TypeError, ValueError, IndexError):
        return None


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def _short(exc: Exception) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:120]
