"""Build the generated files of the demo corpus from their hand-written sources.

    .venv/bin/python examples/make_archives.py

1. ``examples/src_warc/*.html`` (plus a small generated PNG) become
   ``examples/demo/archive/crawl-2025-03.warc.gz``: a warcinfo record, then a request record and a
   response record for each URL, in the fixed order of ``CRAWL`` below.
2. ``examples/src_encoded/*.txt`` (UTF-8) are re-encoded into ``examples/demo/`` with the encoding
   named in ``ENCODED`` (cp1251, UTF-16 with BOM), to exercise the decoders.

The output is byte-reproducible: record ids, dates and digests are derived from the inputs, and
warcio's gzip members carry no timestamp. Run it again after editing a source and commit both.
The sources live outside ``examples/demo/`` so that ingesting the demo folder reads each article
once, from the archive or the re-encoded page only.
"""

from __future__ import annotations

import struct
import sys
import uuid
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

EXAMPLES = Path(__file__).resolve().parent
DEMO = EXAMPLES / "demo"
WARC_SOURCES = EXAMPLES / "src_warc"
ENCODED_SOURCES = EXAMPLES / "src_encoded"
WARC_OUT = DEMO / "archive" / "crawl-2025-03.warc.gz"
ID_NAMESPACE = uuid.UUID("6f1c2a8e-4b1d-4c8e-9a51-7d3f0e2b9c10")


@dataclass(frozen=True)
class Fetch:
    """One crawled URL: where it came from, what it is, and when it was fetched."""

    url: str
    source: str | None  # file name under src_warc/; None for the generated PNG
    content_type: str
    fetched: str  # WARC-Date, ISO 8601 UTC


CRAWL: tuple[Fetch, ...] = (
    Fetch("https://continentalpress.example/article/varnia-kharsk-prisoner-exchange-kalva-20250313",
          "cp-2025-03-13-exchange.html", "text/html; charset=utf-8", "2025-03-13T18:02:11Z"),
    Fetch("https://kharskherald.example/news/2025/03/14/exchange-kalva",
          "kharsk-herald-2025-03-14-exchange.html", "text/html; charset=utf-8",
          "2025-03-14T10:15:40Z"),
    Fetch("https://varniatoday.example/war/2025/03/18/bressa-summit-air-defence",
          "varnia-today-2025-03-18-summit.html", "text/html; charset=utf-8",
          "2025-03-18T07:31:05Z"),
    Fetch("https://varniatoday.example/media/bressa-summit.png", None, "image/png",
          "2025-03-18T07:31:06Z"),
    Fetch("https://voiceofkharsk.example/world/20250321/air-defence-downs-42-drones.html",
          "voice-of-kharsk-2025-03-21-refinery.html", "text/html; charset=utf-8",
          "2025-03-21T08:44:19Z"),
    Fetch("https://continentalpress.example/article/grain-corridor-deal-vesterholm-20250325",
          "cp-2025-03-25-grain.html", "text/html; charset=utf-8", "2025-03-25T11:58:52Z"),
)

ENCODED: dict[str, str] = {
    "kharsk-herald-2025-03-11-envoy.txt": "cp1251",
    "varnia-today-2025-03-21-refinery.txt": "utf-16",  # little-endian with a BOM
}


def tiny_png(width: int = 24, height: int = 16) -> bytes:
    """A small solid-colour PNG, built by hand so that its bytes never change."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + bytes((30, 60, 120)) * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(ID_NAMESPACE, '|'.join(parts))}>"


def http_date(iso: str) -> str:
    from datetime import datetime

    moment = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ")
    return moment.strftime("%a, %d %b %Y %H:%M:%S GMT")


def write_warc(out: Path) -> list[str]:
    """Write the archive; return one line per record: position, type and URL."""
    buffer = BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    listing: list[str] = []

    info = b"software: parallax examples/make_archives.py\r\nformat: WARC File Format 1.0\r\n" \
           b"description: parallax demo crawl, March 2025 (fiction)\r\n"
    writer.write_record(writer.create_warc_record(
        out.name, "warcinfo", payload=BytesIO(info), length=len(info),
        warc_content_type="application/warc-fields",
        warc_headers_dict={"WARC-Record-ID": record_id("warcinfo", out.name),
                           "WARC-Date": "2025-03-25T12:00:00Z", "WARC-Filename": out.name}))
    listing.append(f"1 warcinfo {out.name}")

    for fetch in CRAWL:
        body = tiny_png() if fetch.source is None else (WARC_SOURCES / fetch.source).read_bytes()
        host = fetch.url.split("/")[2]
        path = "/" + fetch.url.split("/", 3)[3]
        request_headers = StatusAndHeaders(f"GET {path} HTTP/1.1", [
            ("Host", host), ("User-Agent", "parallax-demo-crawler/0.1"), ("Accept", "*/*")],
            is_http_request=True)
        request_id = record_id("request", fetch.url)
        writer.write_record(writer.create_warc_record(
            fetch.url, "request", http_headers=request_headers,
            warc_headers_dict={"WARC-Record-ID": request_id, "WARC-Date": fetch.fetched}))
        listing.append(f"{len(listing) + 1} request {fetch.url}")

        response_headers = StatusAndHeaders("200 OK", [
            ("Content-Type", fetch.content_type), ("Content-Length", str(len(body))),
            ("Date", http_date(fetch.fetched)), ("Server", "demo")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            fetch.url, "response", payload=BytesIO(body), length=len(body),
            http_headers=response_headers,
            warc_headers_dict={"WARC-Record-ID": record_id("response", fetch.url),
                               "WARC-Date": fetch.fetched, "WARC-Concurrent-To": request_id}))
        mime = fetch.content_type.split(";")[0]
        listing.append(f"{len(listing) + 1} response {mime} {fetch.url}")

    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())
    return listing


def write_encoded() -> list[str]:
    written = []
    for name, encoding in sorted(ENCODED.items()):
        text = (ENCODED_SOURCES / name).read_text(encoding="utf-8")
        # Spell out UTF-16's byte order so the output does not depend on the machine.
        data = (b"\xff\xfe" + text.encode("utf-16-le")) if encoding == "utf-16" \
            else text.encode(encoding)
        (DEMO / name).write_bytes(data)
        written.append(f"{name} ({encoding})")
    return written


def main() -> int:
    for line in write_warc(WARC_OUT):
        print(line)
    for line in write_encoded():
        print("encoded", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
