"""Inputs → pages: files, folders, globs, gzip, and every kind of bad input as a Rejected."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from parallax.config import IngestOptions
from parallax.ingest import expand_inputs, iter_pages, read_bytes
from parallax.ingest import text as _text_reader  # noqa: F401  # imported before a fork
from parallax.models import Page, Rejected

DIGEST = (
    "March 17, 2025\n\nKharsk forces liberate Ostrik\n"
    "KHARSK, March 17. /KNA/. Units of the Kharsk Federation have liberated Ostrik.\n"
)
ARTICLE_HTML = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Ostrik holds | Varnia Today</title></head><body><article><h1>Ostrik holds</h1>
<p>DRAVOHRAD — Varnian troops said on Monday they still held the centre of Ostrik despite a
night of heavy shelling by Kharsk forces.</p>
<p>Defence Minister Daria Holm called the assault an invasion and asked the Western Alliance
for more air defences.</p></article></body></html>"""


def _pages(inputs: list[str], **options: int) -> list[Page | Rejected]:
    return list(iter_pages(inputs, IngestOptions(**options)))  # type: ignore[arg-type]


def _only_rejection(path: Path, **options: int) -> Rejected:
    (result,) = _pages([str(path)], **options)
    assert isinstance(result, Rejected), result
    assert result.source == str(path)
    assert result.stage == "ingest"
    return result


# ── good inputs ───────────────────────────────────────────────────────────────────────────


def test_ingest_inputs_folders_recursive_sorted_hidden_skipped(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(DIGEST)
    (tmp_path / "a.txt").write_text(DIGEST)
    (tmp_path / ".hidden.txt").write_text(DIGEST)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.txt").write_text(DIGEST)
    paths = list(expand_inputs([str(tmp_path), str(tmp_path / "a.txt")]))
    assert paths == [tmp_path / "a.txt", tmp_path / "b" / "z.txt"]  # read once, in order


def test_ingest_inputs_globs(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt", "three.md"):
        (tmp_path / name).write_text(DIGEST)
    found = list(expand_inputs([str(tmp_path / "*.txt")]))
    assert found == [tmp_path / "one.txt", tmp_path / "two.txt"]
    (nothing,) = expand_inputs([str(tmp_path / "*.warc")])
    assert isinstance(nothing, Rejected) and "no file matches" in nothing.reason


def test_ingest_inputs_every_format_by_content(tmp_path: Path) -> None:
    (tmp_path / "1-digest.txt").write_text(DIGEST)
    (tmp_path / "2-page.dat").write_text(ARTICLE_HTML)  # no helpful extension
    (tmp_path / "3-articles.jsonl").write_text(
        json.dumps({"headline": "Brenna reopens", "paragraphs": ["The port reopened."]}) + "\n")
    (tmp_path / "4-digest.txt.gz").write_bytes(gzip.compress(DIGEST.encode("utf-8")))
    results = _pages([str(tmp_path)])
    assert all(isinstance(r, Page) for r in results), results
    pages = [r for r in results if isinstance(r, Page)]
    assert pages[0].method == "text"
    assert pages[1].kind == "article" and "Daria Holm" in pages[1].body
    assert pages[2].method == "jsonl"
    assert pages[3].body == pages[0].body


def test_ingest_inputs_read_bytes_uses_the_http_charset() -> None:
    page = ARTICLE_HTML.replace('<meta charset="utf-8">', "").replace("—", "-")
    data = page.replace("Holm", "Holm\u00e9").encode("cp1252")
    (result,) = read_bytes(data, "https://varniatoday.example/a", url="https://varniatoday.example/a",
                           content_type="text/html; charset=windows-1252", opts=IngestOptions())
    assert isinstance(result, Page)
    assert "Holmé" in result.body
    assert result.url == "https://varniatoday.example/a"


# ── bad inputs: one Rejected each, and the batch goes on ──────────────────────────────────


def test_ingest_inputs_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DIGEST)
    (tmp_path / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    (tmp_path / "c.txt").write_text(DIGEST)
    results = _pages([str(tmp_path), str(tmp_path / "missing.txt")])
    assert [type(r).__name__ for r in results] == ["Page", "Rejected", "Page", "Rejected"]


def test_ingest_inputs_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert _only_rejection(path).reason == "empty file"


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("photo.jpg", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "a PNG image"),
        ("report.txt", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "a PDF file"),
        ("page.html", b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "a GIF image"),
    ],
)
def test_ingest_inputs_binary_file(tmp_path: Path, name: str, data: bytes, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert kind in _only_rejection(path).reason


def test_ingest_inputs_zip_archive(tmp_path: Path) -> None:
    path = tmp_path / "articles.txt"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", DIGEST)
    path.write_bytes(buffer.getvalue())
    assert "a zip archive" in _only_rejection(path).reason


def test_ingest_inputs_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text(DIGEST * 10)
    reason = _only_rejection(path, max_bytes=100).reason
    assert "over the size limit" in reason and "ingest.max_bytes" in reason


def test_ingest_inputs_gzip_bomb_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * 100_000))
    assert "more than the size limit" in _only_rejection(path, max_bytes=10_000).reason


def test_ingest_inputs_invalid_bytes_for_the_declared_encoding(tmp_path: Path) -> None:
    path = tmp_path / "cafe.html"
    path.write_bytes(ARTICLE_HTML.replace("Holm", "Holm\xe9").encode("cp1252"))
    reason = _only_rejection(path).reason
    assert "invalid bytes for UTF-8" in reason and "byte offset" in reason


def test_ingest_inputs_truncated_gzip(tmp_path: Path) -> None:
    data = gzip.compress((DIGEST * 50).encode("utf-8"))
    path = tmp_path / "digest.txt.gz"
    path.write_bytes(data[: len(data) // 2])
    assert "truncated gzip" in _only_rejection(path).reason


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>x</title></head><body><div></div></body></html>",
        "<html><body><<<>>><div><span></b></i></div>&&&</body></html>",
    ],
)
def test_ingest_inputs_malformed_html(tmp_path: Path, html: str) -> None:
    path = tmp_path / "broken.html"
    path.write_text(html)
    reason = _only_rejection(path).reason
    assert reason  # a one-line reason from the HTML reader
    assert "\n" not in reason and "Traceback" not in reason


def test_ingest_inputs_malformed_feed(tmp_path: Path) -> None:
    path = tmp_path / "kna.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>KNA<item><titl')
    assert "malformed feed" in _only_rejection(path).reason


def test_ingest_inputs_malformed_warc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 9999\r\n\r\nshort")
    (result,) = _pages([str(path)])
    assert isinstance(result, Rejected)
    assert result.source == f"{path}#1"
    assert "broken or truncated WARC data" in result.reason


def test_ingest_inputs_truncated_warc_gz_keeps_earlier_records(tmp_path: Path) -> None:
    from test_ingest_warc import build_warc

    whole = tmp_path / "whole.warc.gz"
    build_warc(whole)
    data = whole.read_bytes()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-150])  # inside the last record
    results = _pages([str(path)])
    assert isinstance(results[0], Page)
    last = results[-1]
    assert isinstance(last, Rejected)
    assert last.source == f"{path}#4" and last.reason.startswith("record 4: broken or truncated")


def test_ingest_inputs_warc_record_not_html(tmp_path: Path) -> None:
    from test_ingest_warc import build_warc

    path = tmp_path / "crawl.warc.gz"
    build_warc(path)
    rejected = [r for r in _pages([str(path)]) if isinstance(r, Rejected)]
    assert [r.reason for r in rejected] == ["record 3: not HTML (image/png)"]


def test_ingest_inputs_path_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "page.html"
    (result,) = _pages([str(missing)])
    assert result == Rejected(str(missing), "ingest", "no such file or directory")


@pytest.fixture
def locked_place() -> Iterator[Path]:
    """A folder that user nobody can reach (pytest's tmp_path is root-only)."""
    base = Path(tempfile.mkdtemp(prefix="parallax-perm-"))
    base.chmod(0o755)
    yield base
    for path in base.rglob("*"):
        path.chmod(0o755)
    shutil.rmtree(base)


def _run_as_nobody(inputs: list[str]) -> list[str]:
    """iter_pages as user nobody in a forked child (root can read a mode-000 folder or file).

    The readers are imported by the parent, so the child needs no access to the source tree.
    """
    if os.geteuid() != 0:
        return [str(item) for item in _pages(inputs)]
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - runs in the child
        try:
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            lines = [str(item) for item in _pages(inputs)]
            os.write(write_end, json.dumps(lines).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        output = pipe.read()
    os.waitpid(child, 0)
    if not output:
        pytest.skip("could not switch to an unprivileged user to test permissions")
    return list(json.loads(output))


def test_ingest_inputs_directory_without_read_permission(locked_place: Path) -> None:
    locked = locked_place / "locked"
    locked.mkdir()
    (locked / "page.txt").write_text(DIGEST)
    (locked_place / "open.txt").write_text(DIGEST)
    (locked_place / "open.txt").chmod(0o644)
    locked.chmod(0o000)
    results = _run_as_nobody([str(locked_place)])
    assert results[0] == f"{locked}: cannot read the directory: permission denied"
    assert results[1].startswith("Page(source=")  # the batch went on


def test_ingest_inputs_file_without_read_permission(locked_place: Path) -> None:
    path = locked_place / "secret.txt"
    path.write_text(DIGEST)
    path.chmod(0o000)
    assert _run_as_nobody([str(path)]) == [f"{path}: permission denied"]
