"""The demo corpus through the real readers and the segmenter, checked against examples/gold.json.

Every gold article must come out with its source, headline, outlet, published date and section;
no other article may appear; paragraphs carry no page furniture; every gold quote's words are in
its article's paragraphs; and an article whose body opens with a dateline has that dateline.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from parallax.config import IngestOptions, SegmentOptions
from parallax.furniture import is_nav_line, is_photo_credit
from parallax.ingest import iter_pages
from parallax.models import Article, Rejected
from parallax.segment import segment_pages

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DEMO = EXAMPLES / "demo"
GOLD: dict[str, Any] = json.loads((EXAMPLES / "gold.json").read_text("utf-8"))
GOLD_ARTICLES: list[dict[str, Any]] = GOLD["articles"]
SOURCES = [article["source"] for article in GOLD_ARTICLES]

# The dateline (city, agency) of every demo article whose body opens with one, read off the files.
DATELINES: dict[str, tuple[str, str | None]] = {
    **{f"kna-digest-2025-03-03.txt#{n}": ("KHARSK", "KNA") for n in (1, 2, 3)},
    **{f"kna-digest-2025-03-07.txt#{n}": ("KHARSK", "KNA") for n in (1, 2, 3)},
    **{f"kna-digest-2025-03-18.txt#{n}": ("KHARSK", "KNA") for n in (1, 2, 3)},
    **{f"kna-digest-2025-03-21.txt#{n}": ("KHARSK", "KNA") for n in (1, 2)},
    **{f"voice-of-kharsk-digest-2025-03-04.txt#{n}": ("TESSELGRAD", "Voice of Kharsk")
       for n in (1, 2)},
    **{f"voice-of-kharsk-digest-2025-03-28.txt#{n}": ("TESSELGRAD", "Voice of Kharsk")
       for n in (1, 2)},
    "global-desk-digest-2025-03-11.txt#1": ("DRAVOHRAD", "Meridian"),
    "global-desk-digest-2025-03-11.txt#2": ("KHARSK", "KNA"),
    "global-desk-digest-2025-03-11.txt#3": ("KHARSK", "CP"),
    "global-desk-digest-2025-03-11.txt#4": ("TESSELGRAD", "Voice of Kharsk"),
    "cp-2025-03-06-ostrik.txt": ("DRAVOHRAD", "CP"),
    "cp-2025-03-17-wa-summit.txt": ("BRESSA", "CP"),
    "voice-of-kharsk-2025-03-25-grain.txt": ("VESTERHOLM", "Voice of Kharsk"),
    "atlantic-ledger-2025-03-04-brenna.md": ("BRENNA, Varnia", None),
    "meridian-2025-03-03-brenna.html": ("DRAVOHRAD", "Meridian"),
    "voice-of-kharsk-2025-03-14-exchange.html": ("TESSELGRAD", "Voice of Kharsk"),
    "archive/crawl-2025-03.warc.gz#3": ("DRAVOHRAD", "CP"),
    "archive/crawl-2025-03.warc.gz#13": ("VESTERHOLM, Lindmark", "CP"),
    "meridian-feed-2025-03.xml#1": ("DRAVOHRAD", "Meridian"),
    "meridian-feed-2025-03.xml#2": ("VESTERHOLM, Lindmark", "Meridian"),
    "meridian-feed-2025-03.xml#3": ("DRAVOHRAD", "Meridian"),
    "meridian-feed-2025-03.xml#4": ("BRESSA", "Meridian"),
    "meridian-feed-2025-03.xml#5": ("DRAVOHRAD", "Meridian"),
    "partner-export-2025-03.jsonl#3": ("KHARSK", "KNA"),
    "partner-export-2025-03.jsonl#4": ("VESTERHOLM", "KNA"),
    "partner-export-2025-03.jsonl#6": ("DRAVOHRAD", "CP"),
}

# Furniture written into the demo pages: none of it may reach a paragraph.
FURNITURE_PHRASES = [
    "©", "All rights reserved", "Sign in", "Create a free account", "Sign up", "Newsletter:",
    "Terms of", "Privacy", "Cookie", "Share:", "Share this", "Read more", "Leave a Reply",
    "Your email address", "Post Comment", "Save my name", "pool via", "Photo:", "Handout via",
    "Reporting by", "Our Standards", "Subscribe", "Published ", "Do Not Sell",
    " via CP", " via Meridian", " via Varnia Today", "Reproduction only",
]
# The photo captions of the demo pages (their openings): captions are not article text.
CAPTIONS = [
    "Firefighters battle a blaze at the grain terminal", "A Varnian soldier walks past",
    "Alliance Secretary General Henrik Aalto, center,", "A Kharsk flag flies over the damaged",
    "Deputy Foreign Minister Pavel Grushenko at a briefing", "Children read in the new library",
    "President Anton Selvik and UN envoy Lucia Brandt at the", "A column of smoke rises over",
    "A freed Varnian soldier embraces", "Kharsk Deputy Foreign Minister Pavel Grushenko signs",
    "Dock workers clear debris", "Henrik Aalto, left, and Anton Selvik",
    "Kharsk servicemen raise the national flag", "Smoke rises from the grain terminal",
    "Evacuees from Ostrik arrive", "Foreign Minister Tomas Reil signs the grain corridor",
    "Kharsk servicemen freed in the exchange arrive", "Freed Varnian prisoners of war wrapped",
    "A freed serviceman speaks to his mother", "Western Alliance leaders pose for a family photo",
]
_SPACED_MENU = re.compile(r"^\S+(?:\s{2,}\S+){3,}$")
_BYLINE_LINE = re.compile(r"^By [A-Z]")


@lru_cache(maxsize=1)
def demo_output() -> tuple[dict[str, Article], tuple[Rejected, ...]]:
    """Every demo page read and segmented once: articles by gold source, and the rejections."""
    results = segment_pages(iter_pages([str(DEMO)], IngestOptions()), opts=SegmentOptions())
    articles: dict[str, Article] = {}
    rejected: list[Rejected] = []
    prefix = f"{DEMO}/"
    for result in results:
        if isinstance(result, Rejected):
            rejected.append(result)
            continue
        source = result.source.removeprefix(prefix)
        assert source not in articles, f"two articles with source {source}"
        articles[source] = result
    return articles, tuple(rejected)


def _article(source: str) -> Article:
    articles, _ = demo_output()
    assert source in articles, f"no article for {source}; got {sorted(articles)}"
    return articles[source]


def _spaces(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


def _fold(text: str) -> str:
    folded = text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")
    return " ".join(folded.split())


def test_demo_corpus_has_exactly_the_gold_articles() -> None:
    articles, rejected = demo_output()
    assert sorted(articles) == sorted(SOURCES)
    # The one rejection is the PNG record of the WARC (README: "#9 is the PNG").
    assert [r.source.removeprefix(f"{DEMO}/") for r in rejected] == [
        "archive/crawl-2025-03.warc.gz#9"]


@pytest.mark.parametrize("gold", GOLD_ARTICLES, ids=SOURCES)
def test_demo_corpus_article_fields_match_gold(gold: dict[str, Any]) -> None:
    article = _article(gold["source"])
    if gold["headline"] is None:
        assert "+headline-from-lead" in article.method, article.headline
    else:
        assert _spaces(article.headline) == _spaces(gold["headline"])
        assert "+headline-from-lead" not in article.method
    assert article.outlet == gold["outlet"]
    assert article.published == gold["published"]
    if "section" in gold:
        assert article.section == gold["section"]
    elif Path(gold["file"]).suffix in (".txt", ".md"):
        assert article.section is None  # no section header on these dumps
    if "byline" in gold and Path(gold["file"]).suffix in (".txt", ".md"):
        # Bylines of HTML, feed and JSONL pages come from the readers' metadata (tested there).
        assert article.byline == gold["byline"]


@pytest.mark.parametrize("gold", GOLD_ARTICLES, ids=SOURCES)
def test_demo_corpus_paragraphs_are_clean(gold: dict[str, Any]) -> None:
    article = _article(gold["source"])
    assert article.paragraphs
    for paragraph in article.paragraphs:
        assert paragraph == " ".join(paragraph.split())
        assert not is_nav_line(paragraph) and not _SPACED_MENU.match(paragraph), paragraph
        assert not is_photo_credit(paragraph), paragraph
        assert not _BYLINE_LINE.match(paragraph), paragraph
        for phrase in FURNITURE_PHRASES:
            assert phrase not in paragraph, f"{phrase!r} in {paragraph!r}"
        for caption in CAPTIONS:
            assert not paragraph.startswith(caption), f"caption kept: {paragraph!r}"
    if article.headline and gold["headline"] is not None:
        # The headline and standfirst are not repeated as paragraphs.
        assert _spaces(article.paragraphs[0]) != _spaces(article.headline)
        assert all(_spaces(p) != _spaces(article.standfirst) for p in article.paragraphs)


@pytest.mark.parametrize("gold", GOLD_ARTICLES, ids=SOURCES)
def test_demo_corpus_dateline(gold: dict[str, Any]) -> None:
    article = _article(gold["source"])
    expected = DATELINES.get(gold["source"])
    if expected is None:
        assert article.dateline is None, article.dateline
        return
    assert article.dateline is not None
    assert (article.dateline.city, article.dateline.agency) == expected
    # The dateline was split off: the body opens with the lead's words.
    assert not article.paragraphs[0].startswith(expected[0])


QUOTES = [(quote["article"], quote["text"]) for quote in GOLD["quotes"]]


@pytest.mark.parametrize(("source", "text"), QUOTES, ids=[f"{s}:{t[:30]}" for s, t in QUOTES])
def test_demo_corpus_quotes_are_in_the_paragraphs(source: str, text: str) -> None:
    body = _fold(" ".join(_article(source).paragraphs))
    assert _fold(text).rstrip(",.;:") in body


def test_demo_corpus_no_text_lost_between_items() -> None:
    """Each digest's items tile its text: every gold headline appears once, as a headline."""
    articles, _ = demo_output()
    headlines = [_spaces(a.headline) for a in articles.values()]
    for gold in GOLD_ARTICLES:
        if gold["headline"] is not None:
            assert headlines.count(_spaces(gold["headline"])) == 1
            inside = [s for s, a in articles.items()
                      if any(_spaces(gold["headline"]) == _spaces(p) for p in a.paragraphs)]
            assert not inside, f"headline of {gold['source']} is a paragraph of {inside}"
