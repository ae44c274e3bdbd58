"""Bytes → text: byte-order marks, declared charsets, detection, mojibake repair."""

from __future__ import annotations

import codecs

import pytest

from parallax.errors import MalformedInputError
from parallax.ingest.decode import decode_bytes, detect_encoding, sniff_declared_charset

RUSSIAN = (
    "Министр иностранных дел Кхарской Федерации Ирина Бельская заявила, что переговоры "
    "о перемирии в Тесселграде продолжатся на следующей неделе."
)
RUSSIAN_SHORT = "Президент Варнии Антон Сельвик ответил, что войска не покинут Острик."
FRENCH = "Le ministre a déclaré à la presse que l’armée était prête à négocier. Ça avance."
ENGLISH = "The envoy’s “last chance” talks — held in Bressa — ended without a deal."


def test_ingest_decode_utf8() -> None:
    assert decode_bytes(ENGLISH.encode("utf-8"), "a.txt") == ENGLISH


def test_ingest_decode_utf8_with_bom_drops_the_bom() -> None:
    assert decode_bytes(codecs.BOM_UTF8 + ENGLISH.encode("utf-8"), "a.txt") == ENGLISH


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_ingest_decode_utf16_and_utf32_with_bom(codec: str) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec, b"")
    data = bom + RUSSIAN.encode(codec)
    assert decode_bytes(data, "a.txt") == RUSSIAN


@pytest.mark.parametrize("text", [RUSSIAN, RUSSIAN_SHORT])
@pytest.mark.parametrize("codec", ["cp1251", "koi8_r"])
def test_ingest_decode_tells_cp1251_from_koi8r(text: str, codec: str) -> None:
    data = text.encode(codec)
    assert detect_encoding(data) == codec
    assert decode_bytes(data, "ru.txt") == text


def test_ingest_decode_cp1252_undeclared() -> None:
    assert decode_bytes(FRENCH.encode("cp1252"), "fr.txt") == FRENCH


def test_ingest_decode_uses_the_declared_charset_of_an_html_page() -> None:
    page = f'<html><head><meta charset="windows-1251"></head><body>{RUSSIAN}</body></html>'
    assert RUSSIAN in decode_bytes(page.encode("cp1251"), "ru.html")


def test_ingest_decode_declared_argument_wins_over_detection() -> None:
    # KOI8-R bytes of a short word are ambiguous; the HTTP header settles it.
    assert decode_bytes("Мир".encode("koi8_r"), "x", declared="koi8-r") == "Мир"


def test_ingest_decode_sniffs_meta_http_equiv_and_xml_declaration() -> None:
    http_equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=KOI8-R">'
    assert sniff_declared_charset(http_equiv) == "koi8-r"
    assert sniff_declared_charset(b"<?xml version='1.0' encoding='windows-1252'?><rss/>") == (
        "windows-1252"
    )
    assert sniff_declared_charset(b"<html><body>no declaration</body></html>") is None


def test_ingest_decode_invalid_bytes_for_declared_encoding_name_source_encoding_offset() -> None:
    data = b'<html><head><meta charset="utf-8"></head><body>caf\xe9 au lait</body></html>'
    with pytest.raises(MalformedInputError) as caught:
        decode_bytes(data, "pages/cafe.html")
    message = str(caught.value)
    assert message.startswith("pages/cafe.html: ")
    assert "UTF-8" in message
    offset = data.index(b"\xe9")
    assert f"byte offset {offset}" in message


def test_ingest_decode_invalid_bytes_lenient_mode_replaces_them() -> None:
    data = b'<meta charset="utf-8"><p>caf\xe9</p>'
    assert "caf\ufffd" in decode_bytes(data, "x.html", strict=False)


def test_ingest_decode_repairs_mojibake() -> None:
    broken = "Café in Dravohrad: itâ€™s â€œopenâ€\x9d again".encode()
    assert decode_bytes(broken, "x.txt") == "Café in Dravohrad: it’s “open” again"


def test_ingest_decode_repairs_utf8_read_as_cp1251() -> None:
    broken = "Привет, Кхарск".encode().decode("cp1251").encode()
    assert decode_bytes(broken, "x.txt") == "Привет, Кхарск"


def test_ingest_decode_keeps_curly_quotes_and_normalises_newlines() -> None:
    text = decode_bytes("“Quoted” line\r\nsecond\rthird".encode(), "x.txt")
    assert text == "“Quoted” line\nsecond\nthird"


def test_ingest_decode_latin1_label_reads_as_windows_1252() -> None:
    # Browsers read "iso-8859-1" as windows-1252: 0x92 is a right quote, not a control.
    data = b'<meta charset="iso-8859-1"><p>it\x92s</p>'
    assert "it’s" in decode_bytes(data, "x.html")
