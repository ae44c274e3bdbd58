"""Segmentation: fixture page dumps → articles, compared with hand-checked golden JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from parallax.config import SegmentOptions
from parallax.dateline import split_dateline
from parallax.furniture import read_lines
from parallax.models import Article, Page, PageMeta, Rejected
from parallax.segment import WIRE_PREFIX, headline_from_lead, segment, segment_pages

OPTS = SegmentOptions()
PAGES = sorted((Path(__file__).parent / "fixtures" / "pages").glob("*.txt"))
VOLATILE: frozenset[str] = frozenset()
"""Fields left out of the golden files (none: every field of a text page is deterministic)."""

# Furniture phrases written into the fixtures; none may reach an article's text.
FURNITURE_PHRASES = [
    "Leave a Reply", "Your email address will not be published", "Required fields", "Post Comment",
    "Name *", "Email *", "All rights reserved", "Sign in", "Create a free account", "Terms of Use",
    "Privacy Policy", "Sign up for our newsletter", "Share on Facebook", "Share on X", "Copy link",
    "Advertisement", "ADVERTISEMENT", "Continue reading", "We use cookies", "Accept all",
    "Skip to", "Read more", "pool via", "Photo:", "View gallery", "Follow us", "Most read",
    "Reporting by", "Listen to this article", "Manage preferences", "©", "Cookie", "says:",
    "Поделиться", "Все права защищены", "Petr K.", "1/4", "Photo 3 of 4",
]


@pytest.fixture(params=PAGES, ids=[p.stem for p in PAGES])
def page(request: pytest.FixtureRequest) -> Page:
    path: Path = request.param
    # Bytes, not read_text(): the Windows-line-endings fixture must reach segment as written.
    return Page(source=f"pages/{path.name}", kind="text", body=path.read_bytes().decode("utf-8"))


def _golden_form(results: list[Article | Rejected]) -> list[dict[str, Any]]:
    out = []
    for result in results:
        data = result.to_dict()
        out.append({k: v for k, v in data.items() if k not in VOLATILE})
    return out


def test_segment_fixture_count() -> None:
    assert len(PAGES) >= 25


def test_segment_matches_golden(page: Page, golden_dir: Path, update_golden: bool) -> None:
    results = _golden_form(list(segment_pages([page], opts=OPTS)))
    golden = golden_dir / "pages" / (Path(page.source).stem + ".json")
    if update_golden:
        golden.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", "utf-8")
    assert results == json.loads(golden.read_text("utf-8"))


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _stream(articles: list[Article]) -> str:
    parts: list[str] = []
    for article in articles:
        parts += [article.headline, article.standfirst or ""]
        parts += list(article.paragraphs)
    return _words(" ".join(parts))


def test_segment_loses_no_text_line(page: Page) -> None:
    """Every line kept as text reappears, words in order, in headline/standfirst/paragraphs."""
    articles = segment(page, opts=OPTS)
    stream = _stream(articles)
    position = 0
    for line, role in read_lines(page.body).roles:
        if role not in ("text", "note") or not _words(line):
            continue
        split = split_dateline(line)  # the dateline's parts are checked by the golden files
        line = split[1] if split else WIRE_PREFIX.sub("", line)
        found = stream.find(_words(line), position)
        assert found >= 0, f"lost or out of order: {line!r}"
        position = found


def test_segment_no_furniture_survives(page: Page) -> None:
    for article in segment(page, opts=OPTS):
        text = "\n".join([article.headline, article.standfirst or "", *article.paragraphs])
        for phrase in FURNITURE_PHRASES:
            assert phrase not in text, f"{phrase!r} left in {article.source}"


def test_segment_paragraphs_are_clean(page: Page) -> None:
    for article in segment(page, opts=OPTS):
        assert article.headline
        for paragraph in article.paragraphs:
            assert paragraph == " ".join(paragraph.split()) and paragraph
            assert "\r" not in paragraph and not paragraph.startswith(("#", "**", "- "))


def test_segment_windows_line_endings_change_nothing(page: Page) -> None:
    unix = page.body.replace("\r\n", "\n")
    windows = unix.replace("\n", "\r\n")
    as_unix = segment(Page(source=page.source, kind="text", body=unix), opts=OPTS)
    as_windows = segment(Page(source=page.source, kind="text", body=windows), opts=OPTS)
    assert as_unix == as_windows


def test_segment_digest_items_have_distinct_ids_and_no_url() -> None:
    body = (PAGES[0].parent / "03_digest_three_sections.txt").read_text("utf-8")
    page = Page(source="digest.txt", kind="text", body=body, url="https://globaldesk.example/d")
    articles = segment(page, opts=OPTS)
    assert len(articles) == 6
    assert len({a.id for a in articles}) == 6
    assert all(a.url is None for a in articles)
    assert [a.source for a in articles] == [f"digest.txt#{n}" for n in range(1, 7)]


def test_segment_single_article_keeps_url_and_source() -> None:
    body = (PAGES[0].parent / "04_single_captions.txt").read_text("utf-8")
    url = "https://varniatoday.example/world/holm-bressa"
    one = segment(Page(source="a.txt", kind="text", body=body, url=url), opts=OPTS)
    again = segment(Page(source="a.txt", kind="text", body=body + "\nTweet\n", url=url + "/"),
                    opts=OPTS)
    assert len(one) == 1 and one[0].url == url and one[0].source == "a.txt"
    assert one[0].id == again[0].id


def test_segment_only_furniture_is_rejected() -> None:
    body = "Home | World | Sport\nSign in\nSubscribe\n\n© 2025 Varnia Today. All rights reserved.\n"
    results = list(segment_pages([Page(source="f.txt", kind="text", body=body)], opts=OPTS))
    assert len(results) == 1 and isinstance(results[0], Rejected)
    assert results[0].stage == "segment" and "only furniture" in results[0].reason


def test_segment_empty_page_is_rejected_and_batch_goes_on() -> None:
    earlier = Rejected(source="x.bin", stage="ingest", reason="binary file")
    good = Page(source="g.txt", kind="text",
                body="Talks resume\n\nKHARSK, March 3. /KNA/. Talks resumed on Monday.")
    results = list(segment_pages(
        [earlier, Page(source="e.txt", kind="text", body="  \n\n"), good], opts=OPTS))
    assert results[0] == earlier
    assert isinstance(results[1], Rejected) and results[1].reason.startswith("empty page")
    assert isinstance(results[2], Article) and results[2].headline == "Talks resume"


def test_segment_article_kind_meta_wins_and_furniture_goes() -> None:
    meta = PageMeta(headline="Holm in Bressa", outlet="Varnia Today", byline="Anna Lind",
                    published="2025-03-03T09:00:00Z", language="en")
    body = ("BRESSA, March 3 (CP) — Holm met alliance ministers on Monday.\n\n"
            "Share on Facebook\n\nShe asked for more air defence systems.")
    page = Page(source="feed.xml#2", kind="article", body=body, meta=meta, method="feed",
                url="https://varniatoday.example/holm")
    [article] = segment(page, opts=OPTS)
    assert article.headline == "Holm in Bressa" and article.outlet == "Varnia Today"
    assert article.published == "2025-03-03" and article.byline == "Anna Lind"
    assert article.dateline is not None and article.dateline.agency == "CP"
    assert article.paragraphs == ("Holm met alliance ministers on Monday.",
                                  "She asked for more air defence systems.")
    assert article.method == "feed+segment" and article.url == page.url


def test_segment_article_kind_agency_is_outlet_without_meta() -> None:
    body = "KHARSK, March 17. /KNA/. Belskaya spoke to reporters on Monday about the talks."
    [article] = segment(Page(source="x.jsonl#1", kind="article", body=body), opts=OPTS)
    assert article.outlet == "KNA"
    assert article.published is None  # March 17 of which year? The page does not say.
    assert article.method.endswith("+headline-from-lead")


def test_segment_language_defaults_for_short_text() -> None:
    page = Page(source="s.txt", kind="article", body="Да.", meta=PageMeta(headline="Нет"))
    assert segment(page, opts=OPTS)[0].language == "en"
    page = Page(source="s.txt", kind="article", body="Да.",
                meta=PageMeta(headline="Нет", language="ru"))
    assert segment(page, opts=OPTS)[0].language == "ru"


def test_segment_headline_from_lead_cuts_clause_or_word() -> None:
    assert headline_from_lead("Talks resumed on Monday. More later.") == "Talks resumed on Monday"
    assert headline_from_lead("Maj. Gen. Lomov spoke. Then left.") == "Maj. Gen. Lomov spoke"
    long = "Varnian officials " + "said again and again " * 10 + "that it was over."
    cut = headline_from_lead(long)
    assert cut.endswith("…") and len(cut) <= 111


def test_segment_lone_dateline_mid_article_does_not_cut_the_page() -> None:
    body = ("Holm visits the front\n\nBy Anna Lind\n\n"
            "Varnian Defence Minister Daria Holm visited positions near Ostrik on Monday.\n\n"
            "OSTRIK — the town itself, she said, was quiet for the first time in weeks.\n")
    [article] = segment(Page(source="p.txt", kind="text", body=body), opts=OPTS)
    assert article.headline == "Holm visits the front" and article.byline == "Anna Lind"
    assert len(article.paragraphs) == 2 and article.paragraphs[1].startswith("OSTRIK — the town")


def test_segment_short_blurb_above_a_digest_is_logged_not_an_article(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = ("Compiled from agency reports.\n\nTalks resume\n\n"
            "KHARSK, March 3. /KNA/. Talks resumed on Monday.\n\nHolm visits Brenna\n\n"
            "DRAVOHRAD (Meridian) - Holm visited Brenna on Monday.\n")
    with caplog.at_level("INFO", logger="parallax.segment"):
        articles = segment(Page(source="d.txt", kind="text", body=body), opts=OPTS)
    assert [a.headline for a in articles] == ["Talks resume", "Holm visits Brenna"]
    assert "Compiled from agency reports." in caplog.text


def test_segment_digest_head_lines_in_one_block_pair_up() -> None:
    """Headline and standfirst printed together; the item above ends with a full paragraph."""
    body = ("Kharsk forces strike a depot at the Brenna river port\n"
            "The ministry says the depot stored shells\n\n"
            "KHARSK, March 3. /KNA/. The ministry said the strike hit a depot where the regime "
            "kept shells supplied by Western Alliance countries.\n\n"
            "The special security operation continues, the ministry said.\n\n"
            "Kharsk Foreign Ministry accuses Dravograd of hiding weapons in Brenna port\n"
            "The regime hides shells behind grain, the statement says\n\n"
            "KHARSK, March 3. /KNA/. The Foreign Ministry said the port was a depot.\n")
    first, second = segment(Page(source="d.txt", kind="text", body=body), opts=OPTS)
    assert first.paragraphs[-1] == "The special security operation continues, the ministry said."
    assert second.headline.startswith("Kharsk Foreign Ministry accuses")
    assert second.standfirst == "The regime hides shells behind grain, the statement says"


def test_segment_article_kind_dek_above_the_dateline_is_the_standfirst() -> None:
    meta = PageMeta(headline="Shelling hits Brenna port", standfirst="A summary from og tags.")
    body = ("Officials say a grain terminal burned; Kharsk says it hit a depot\n\n"
            "DRAVOHRAD (Meridian) - Kharsk artillery shelled the Brenna river port overnight.\n\n"
            "Seven civilians were killed.")
    [article] = segment(Page(source="m.html", kind="article", body=body, meta=meta), opts=OPTS)
    assert article.standfirst == "Officials say a grain terminal burned; Kharsk says it hit a depot"
    assert article.dateline is not None and article.dateline.agency == "Meridian"
    assert article.paragraphs == ("Kharsk artillery shelled the Brenna river port overnight.",
                                  "Seven civilians were killed.")
