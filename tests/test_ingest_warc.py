"""WARC and WARC.gz: HTML response records → pages, streamed record by record."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parallax.config import IngestOptions
from parallax.ingest import finish_page, iter_pages
from parallax.ingest.warc import read_warc
from parallax.models import Page, Rejected

KNA_PAGE = """<!DOCTYPE html><html><head><title>Kharsk forces liberate Ostrik | KNA</title>
<meta property="og:site_name" content="KNA"></head><body><article>
<h1>Kharsk forces liberate Ostrik</h1>
<p>KHARSK, March 17. /KNA/. Units of the Kharsk Federation have liberated the town of Ostrik,
the Defence Ministry said on Monday.</p>
<p>Maj. Gen. Arkady Lomov said the militants had withdrawn towards Brenna after two days of
fighting and that the special security operation would continue.</p>
</article></body></html>"""

VT_PAGE = """<!DOCTYPE html><html><head><meta charset="windows-1251">
<title>Ostrik holds | Varnia Today</title></head><body><article><h1>Ostrik holds</h1>
<p>DRAVOHRAD — Varnian troops said on Monday they still held the centre of Ostrik despite a
night of heavy shelling by Kharsk forces.</p>
<p>Defence Minister Daria Holm called the assault an invasion of sovereign territory and asked
the Western Alliance for more air defences.</p>
</article></body></html>"""


def build_warc(path: Path, *, gzip: bool = True) -> None:
    """Two HTML responses, an image response and a request record (fiction, made here)."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)

        def response(url: str, body: bytes, content_type: str, date: str) -> None:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body),
                http_headers=headers, warc_headers_dict={"WARC-Date": date}))

        request = b"GET /news/ostrik HTTP/1.1\r\nHost: kna.example\r\n\r\n"
        writer.write_record(writer.create_warc_record(
            "https://kna.example/news/ostrik", "request", payload=io.BytesIO(request),
            length=len(request)))
        response("https://kna.example/news/ostrik", KNA_PAGE.encode(),
                 "text/html; charset=utf-8", "2025-03-17T10:00:00Z")
        response("https://kna.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64),
                 "image/png", "2025-03-17T10:00:01Z")
        response("https://varniatoday.example/ostrik-holds", VT_PAGE.encode("cp1251"),
                 "text/html", "2025-03-17T11:30:00Z")


@pytest.mark.parametrize("gzip", [True, False])
def test_ingest_warc_html_responses_become_pages(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    build_warc(path, gzip=gzip)
    results = list(iter_pages([str(path)], IngestOptions()))
    assert len(results) == 3  # the request record is skipped silently
    kna, image, vt = results
    assert isinstance(kna, Page) and isinstance(vt, Page)
    assert kna.source == f"{path}#2" and vt.source == f"{path}#4"
    assert kna.url == "https://kna.example/news/ostrik"
    assert kna.fetched == "2025-03-17T10:00:00Z"
    assert vt.url == "https://varniatoday.example/ostrik-holds"
    assert vt.fetched == "2025-03-17T11:30:00Z"
    assert "liberated the town of Ostrik" in kna.body
    assert "Daria Holm" in vt.body
    assert isinstance(image, Rejected)
    assert image.source == f"{path}#3"
    assert image.reason == "record 3: not HTML (image/png)"


class CountingReader(io.RawIOBase):
    """A file that counts how many bytes were read from it."""

    def __init__(self, data: bytes) -> None:
        self._inner = io.BytesIO(data)
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self._inner.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.bytes_read += len(chunk)
        return len(chunk)


def test_ingest_warc_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    build_warc(path)
    # Pad the archive with many more records after the first page.
    padding = io.BytesIO()
    writer = WARCWriter(padding, gzip=True)
    blob = bytes(range(256)) * 8
    for n in range(300):
        writer.write_record(writer.create_warc_record(
            f"https://kna.example/r/{n}", "resource", payload=io.BytesIO(blob), length=len(blob),
            warc_content_type="application/octet-stream"))
    data = path.read_bytes() + padding.getvalue()
    stream = CountingReader(data)
    pages: Iterator[Page | Rejected] = map(finish_page, read_warc(
        io.BufferedReader(stream, buffer_size=4096), "big.warc.gz", max_bytes=10_000_000))
    first = next(pages)
    assert isinstance(first, Page)
    assert stream.bytes_read < len(data) / 4  # the first page came before the rest was read
    rest = list(pages)
    assert stream.bytes_read == len(data)
    assert sum(isinstance(r, Rejected) for r in rest) == 301  # the image and 300 resources


def test_ingest_warc_record_over_the_size_limit_rejected(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    build_warc(path)
    results = list(iter_pages([str(path)], IngestOptions(max_bytes=300)))
    assert all(isinstance(r, Rejected) for r in results)
    assert any("over the size limit" in r.reason for r in results if isinstance(r, Rejected))
