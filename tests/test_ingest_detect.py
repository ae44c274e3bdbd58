"""Format detection from content; the extension only breaks ties."""

from __future__ import annotations

import codecs
import gzip

import pytest

from parallax.errors import EmptyInputError, UnsupportedFormatError
from parallax.ingest.detect import detect_format

RSS = b'<?xml version="1.0"?>\n<rss version="2.0"><channel><title>KNA</title></channel></rss>'
ATOM = b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>KNA</title></feed>'
RDF = b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
HTML = b"<!DOCTYPE html>\n<html><head><title>Ostrik</title></head><body><p>x</p></body></html>"


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (RSS, "feed.txt", "feed"),  # content wins over a wrong extension
        (ATOM, "kna", "feed"),
        (RDF, "x.xml", "feed"),
        (HTML, "page.txt", "html"),
        (b"<div><p>Fragment from Meridian</p></div>", "x.bin", "html"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "archive.dat", "warc"),
        (b'{"headline": "Ostrik", "paragraphs": ["x"]}\n', "articles.txt", "jsonl"),
        (b"KHARSK, March 17. /KNA/. Units ...\n", "digest.html", "text"),
        (b"# Varnia Today\n\nDRAVOHRAD (Meridian) - ...", "page.md", "text"),
        (gzip.compress(b"anything"), "x.gz", "gzip"),
    ],
)
def test_ingest_detect_from_content(head: bytes, name: str, expected: str) -> None:
    assert detect_format(head, name) == expected


def test_ingest_detect_extension_breaks_ties() -> None:
    # A "<" that opens no known tag: the extension decides.
    assert detect_format(b"<custom-root>text</custom-root>", "a.rss") == "feed"


def test_ingest_detect_utf16_html_with_bom_is_text_not_binary() -> None:
    data = codecs.BOM_UTF16_LE + "<html><body>Ostrik</body></html>".encode("utf-16-le")
    assert detect_format(data, "p.html") == "html"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        (b"PK\x03\x04\x14\x00\x00\x00", "a zip archive"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a Word document"),
        (b"plain text then \x00\x01\x02 NUL bytes", "NUL bytes"),
    ],
)
def test_ingest_detect_binary_names_the_kind(head: bytes, kind: str) -> None:
    with pytest.raises(UnsupportedFormatError) as caught:
        detect_format(head, "in/file.txt")
    assert kind in str(caught.value)
    assert str(caught.value).startswith("in/file.txt: ")


def test_ingest_detect_empty_and_blank() -> None:
    with pytest.raises(EmptyInputError, match="empty file"):
        detect_format(b"", "e.txt")
    with pytest.raises(EmptyInputError, match="only blanks"):
        detect_format(b" \n\t\n", "e.txt")
