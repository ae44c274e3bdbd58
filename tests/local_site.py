"""A small web site on 127.0.0.1 made from the demo corpus, with every way a server misbehaves.

Used by tests/test_fetch.py, test_sources.py, test_watch.py and benchmarks/watch.py; run it alone
to follow it by hand (docs/following.md)::

    .venv/bin/python tests/local_site.py --port 8765

Paths:
    /robots.txt                 forbids /private/
    /pages/<name>.html          the demo HTML pages (ETag, Last-Modified, gzip when asked)
    /feeds/pages.xml            RSS listing every page in ``site.pages``
    /feeds/meridian.xml         the demo Meridian feed; its entry pages do not exist (404)
    /feeds/globaldesk.xml       the demo Global Desk Atom feed, same
    /feeds/broken.xml           a truncated feed
    /private/secret.html        forbidden by robots.txt
    /slow                       answers after ``slow_seconds``
    /fail                       500, always
    /flaky                      503 (Retry-After: 0) ``flaky_failures`` times, then a page
    /reset                      closes the connection with a TCP reset
    /redirect                   302 → /pages/<first page>
    /loop/a                     302 → /loop/b → /loop/a …
    /chain/<n>                  302 → /chain/<n-1> … /chain/0 → a page
    /huge                       ``huge_bytes`` of HTML with a Content-Length
    /huge-stream                the same without one (the client must count)
    /photo.html                 PNG bytes served as image/png
    /gen/<n>.html               page number n, made from a demo page (nothing stored)
    /feeds/rolling.xml          RSS of the ``window`` pages up to /gen/<rolling>.html
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import re
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def demo_pages() -> dict[str, bytes]:
    """name → HTML of every demo page (``meridian-2025-03-03-brenna`` …)."""
    return {p.stem: p.read_bytes() for p in sorted(DEMO.glob("*.html"))}


def rewrite_feed(data: bytes, base: str) -> bytes:
    """Point a demo feed's https://*.example links at this site (paths kept)."""
    return re.sub(rb"https://[a-z.]+\.example", base.encode(), data)


class FakeClock:
    """Time that moves only when someone sleeps (or a test says so); records the sleeps."""

    def __init__(self, start: float = 1_750_000_000.0, *, record: bool = True) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self.record = record  # off in long benchmarks: the list would grow

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        if self.record:
            self.sleeps.append(seconds)
        self.now += max(seconds, 0.0)


@dataclass
class Request:
    path: str
    at: float
    headers: dict[str, str]


@dataclass
class LocalSite:
    """The site's content and counters; tests change them while the server runs."""

    pages: dict[str, bytes] = field(default_factory=demo_pages)
    slow_seconds: float = 2.0
    flaky_failures: int = 1
    huge_bytes: int = 3 * 1024 * 1024
    robots: str = "User-agent: *\nDisallow: /private/\n"
    robots_status: int = 200
    updated: dict[str, str] = field(default_factory=dict)
    """page name → date shown in the feed entry (changing it marks the entry as changed)."""
    hits: Counter[str] = field(default_factory=Counter)
    log: list[Request] = field(default_factory=list)
    keep_log: bool = True
    """Off in long benchmarks: the log and the hit counts would grow."""
    rolling: int = 0
    window: int = 10
    base: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def page_url(self, name: str) -> str:
        return self.url(f"/pages/{name}.html")

    def record(self, path: str, headers: dict[str, str]) -> None:
        if not self.keep_log:
            return
        with self.lock:
            self.hits[path] += 1
            self.log.append(Request(path, time.monotonic(), headers))

    def generated_page(self, number: int) -> bytes:
        """A distinct page per number, from the first demo page (headline and lead changed)."""
        html = next(iter(self.pages.values()))
        html = re.sub(rb"(<h1[^>]*>)", rb"\1Update %d: " % number, html, count=1)
        html = re.sub(rb"(<title>)", rb"\1Update %d: " % number, html, count=1)
        lead = (b"<p>Update %d: Varnian officials gave new figures for the damage at the port "
                b"on the %d%s day of the month.</p>" % (number, number % 28 + 1, b"th"))
        return html.replace(b"<p>", lead + b"<p>", 1)

    def rolling_feed(self) -> bytes:
        first = max(1, self.rolling - self.window + 1)
        items = "".join(
            f"<item><title>Update {n}</title><link>{self.url(f'/gen/{n}.html')}</link>"
            f"<description>Update {n} on the Brenna port.</description></item>"
            for n in range(self.rolling, first - 1, -1))
        return ("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Rolling</title>"
                f"<link>{self.url('/')}</link>{items}</channel></rss>\n").encode()

    def pages_feed(self) -> bytes:
        items = []
        for name, html in self.pages.items():
            title = _title(html) or name
            date = self.updated.get(name, "Mon, 03 Mar 2025 09:00:00 GMT")
            items.append(
                f"<item><title>{escape(title)}</title><link>{self.page_url(name)}</link>"
                f"<guid>{self.page_url(name)}</guid><pubDate>{date}</pubDate>"
                f"<description>{escape(_description(html) or title)}</description></item>")
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                f"<title>Demo pages</title><link>{self.url('/')}</link><language>en</language>"
                + "".join(items) + "</channel></rss>\n").encode("utf-8")


def _title(html: bytes) -> str | None:
    found = re.search(rb"<title>(.*?)</title>", html, re.S | re.I)
    return found.group(1).decode("utf-8", "replace").strip() if found else None


def _description(html: bytes) -> str | None:
    found = re.search(rb'<meta name="description" content="([^"]*)"', html, re.I)
    return found.group(1).decode("utf-8", "replace") if found else None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes: no 40 ms stall
    site: LocalSite

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        site = self.site
        path = self.path.split("?", 1)[0]
        site.record(path, {k.lower(): v for k, v in self.headers.items()})
        route = _ROUTES.get(path)
        if route is not None:
            route(self)
        elif path.startswith("/pages/") and path.endswith(".html"):
            html = site.pages.get(path.removeprefix("/pages/").removesuffix(".html"))
            self.send_page(html) if html is not None else self.send_status(404)
        elif path.startswith("/gen/") and path.endswith(".html"):
            self.send_page(site.generated_page(int(path[5:-5])))
        elif path.startswith("/loop/"):
            self.redirect("/loop/b" if path == "/loop/a" else "/loop/a")
        elif path.startswith("/chain/"):
            left = int(path.rsplit("/", 1)[1])
            self.redirect(f"/chain/{left - 1}" if left else f"/pages/{next(iter(site.pages))}.html")
        else:
            self.send_status(404)

    # -- answers --------------------------------------------------------------------------
    def send_status(self, status: int, headers: dict[str, str] | None = None) -> None:
        body = f"{status}\n".encode()
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def send_body(self, body: bytes, content_type: str, *, validators: bool = True) -> None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        modified = formatdate(1741000000 + int(hashlib.sha256(body).hexdigest()[:6], 16),
                              usegmt=True)
        if validators and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        gzipped = "gzip" in (self.headers.get("Accept-Encoding") or "")
        payload = gzip.compress(body) if gzipped else body
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        if validators:
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", modified)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def send_page(self, html: bytes) -> None:
        self.send_body(html, "text/html; charset=utf-8")

    def redirect(self, location: str) -> None:
        self.send_status(302, {"Location": location})

    def reset(self) -> None:
        self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.request.close()
        self.close_connection = True

    def first_page(self) -> bytes:
        return next(iter(self.site.pages.values()))


def _robots(h: _Handler) -> None:
    if h.site.robots_status != 200:
        h.send_status(h.site.robots_status)
        return
    h.send_body(h.site.robots.encode(), "text/plain", validators=False)


def _feed(name: str) -> Any:
    def serve(h: _Handler) -> None:
        h.send_body(rewrite_feed((DEMO / name).read_bytes(), h.site.base), "application/rss+xml")
    return serve


def _slow(h: _Handler) -> None:
    time.sleep(h.site.slow_seconds)
    with contextlib.suppress(OSError):  # the client gave up
        h.send_page(h.first_page())


def _flaky(h: _Handler) -> None:
    if h.site.hits["/flaky"] <= h.site.flaky_failures:
        h.send_status(503, {"Retry-After": "0"})
    else:
        h.send_page(h.first_page())


def _huge(h: _Handler, *, declared: bool) -> None:
    chunk = b"<p>" + b"Varnia and Kharsk. " * 200 + b"</p>\n"
    count = h.site.huge_bytes // len(chunk) + 1
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    if declared:
        h.send_header("Content-Length", str(count * len(chunk)))
    else:
        h.send_header("Connection", "close")
        h.close_connection = True
    h.end_headers()
    try:
        for _ in range(count):
            h.wfile.write(chunk)
    except OSError:  # the client stopped reading past its limit
        pass


_ROUTES: dict[str, Any] = {
    "/robots.txt": _robots,
    "/feeds/pages.xml": lambda h: h.send_body(h.site.pages_feed(), "application/rss+xml"),
    "/feeds/meridian.xml": _feed("meridian-feed-2025-03.xml"),
    "/feeds/rolling.xml": lambda h: h.send_body(h.site.rolling_feed(), "application/rss+xml"),
    "/feeds/globaldesk.xml": _feed("global-desk-atom-2025-03.xml"),
    "/feeds/broken.xml": lambda h: h.send_body(
        (DEMO / "meridian-feed-2025-03.xml").read_bytes()[:300], "application/rss+xml"),
    "/private/secret.html": lambda h: h.send_page(h.first_page()),
    "/slow": _slow,
    "/fail": lambda h: h.send_status(500),
    "/flaky": _flaky,
    "/reset": lambda h: h.reset(),
    "/redirect": lambda h: h.redirect(f"/pages/{next(iter(h.site.pages))}.html"),
    "/huge": lambda h: _huge(h, declared=True),
    "/huge-stream": lambda h: _huge(h, declared=False),
    "/photo.html": lambda h: h.send_body(_PNG, "image/png"),
}


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # resets and clients that hang up are part of the show


def start(site: LocalSite | None = None, port: int = 0) -> tuple[LocalSite, _Server]:
    """Serve ``site`` on 127.0.0.1 in a daemon thread; stop with ``server.shutdown()``."""
    site = site or LocalSite()
    handler = type("Handler", (_Handler,), {"site": site})
    server = _Server(("127.0.0.1", port), handler)
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    return site, server


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    served, server = start(port=args.port)
    print(f"serving the demo site on {served.base}/ (Ctrl-C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
