"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one article Page per entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.errors import MalformedInputError
from parallax.ingest.feeds import fragment_paragraphs, read_feed, standfirst
from parallax.models import Page, Rejected


def _read(path: Path) -> list[Page | Rejected]:
    return list(read_feed(path.read_bytes(), str(path)))


def test_ingest_feeds_rss_full_content_and_metadata(fixtures_dir: Path) -> None:
    path = fixtures_dir / "inputs" / "varnia_today.rss"
    first, second, third = _read(path)
    assert isinstance(first, Page)
    assert first.source == f"{path}#1"
    assert (first.kind, first.method) == ("article", "feed")
    assert first.url == "https://varniatoday.example/2025/03/17/ostrik-shelling"
    meta = first.meta
    assert meta.headline == "Shelling hits Ostrik as talks stall"
    assert meta.outlet == "Varnia Today"  # "– World" is the feed's name, not the outlet's
    assert meta.byline == "Mara Lind"
    assert meta.published == "2025-03-17"  # the outlet's own date, not UTC's next day
    assert meta.language == "en"
    assert meta.standfirst == "Residents of the border town spent a third night in shelters."
    paragraphs = first.body.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("OSTRIK — Artillery fire")
    assert "Photo: Varnia Today" not in first.body  # figure captions are dropped
    assert paragraphs[1].endswith("intercepted most of the rockets.")
    # A summary-only entry: its HTML summary is the body, split into paragraphs.
    assert isinstance(second, Page)
    assert second.body.split("\n\n")[1] == "Twelve ships are waiting to load."
    assert second.meta.standfirst is None
    # An entry without any text is rejected; the others are kept.
    assert isinstance(third, Rejected)
    assert third.source == f"{path}#3" and "without text" in third.reason


def test_ingest_feeds_atom_content_and_summary(fixtures_dir: Path) -> None:
    first, second = _read(fixtures_dir / "inputs" / "kna.atom")
    assert isinstance(first, Page) and isinstance(second, Page)
    assert first.meta.outlet == "KNA"
    assert first.meta.published == "2025-03-17"
    assert first.meta.byline == "KNA staff"
    assert first.meta.standfirst is None  # the summary is only the start of the content
    assert first.body.count("\n\n") == 1
    assert second.meta.published == "2025-03-18"  # from <updated> when <published> is absent
    assert second.body.startswith("Foreign Minister Irina Belskaya")


def test_ingest_feeds_rss1_rdf(fixtures_dir: Path) -> None:
    (page,) = _read(fixtures_dir / "inputs" / "global_desk.rdf")
    assert isinstance(page, Page)
    assert page.meta.headline == "UN envoy Brandt to visit Tessel"
    assert page.meta.published == "2025-03-20"
    assert page.url == "https://globaldesk.example/r/1"


def test_ingest_feeds_cp1251_feed_decoded() -> None:
    feed = (
        '<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel>'
        "<title>Голос Кхарска</title><item><title>Тесселград: новости</title>"
        "<description>Войска вошли в город.</description></item></channel></rss>"
    ).encode("cp1251")
    (page,) = read_feed(feed, "voice.xml")
    assert isinstance(page, Page)
    assert page.meta.outlet == "Голос Кхарска"
    assert page.body == "Войска вошли в город."


def test_ingest_feeds_malformed_feed_raises() -> None:
    with pytest.raises(MalformedInputError, match="malformed feed"):
        list(read_feed(b"<rss><channel><title>KNA</title><item><title>x", "bad.rss"))


def test_ingest_feeds_fragment_paragraphs_and_standfirst_rule() -> None:
    html = "<p>One<br>line</p><div>Two</div>Three<br><br>Four<script>x()</script>"
    assert fragment_paragraphs(html) == ["One line", "Two", "Three", "Four"]
    assert standfirst("Troops entered Ostrik…", "Troops entered Ostrik on Monday.") is None
    assert standfirst("A town divided", "Troops entered Ostrik.") == "A town divided"
