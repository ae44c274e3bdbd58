"""The HTML reader on fiction pages, and the article-extraction metrics on hand-computed cases."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from parallax.errors import EmptyInputError
from parallax.ingest.html import extract_html, is_news_article, read_html, trim_furniture
from parallax.ingest.html_meta import (
    Evidence,
    header_date,
    normalise_byline,
    title_without_site,
    url_day,
    written_date,
)
from parallax.models import Page, Rejected

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import _extraction as ax  # noqa: E402  (benchmarks/ is no package)


def read_one(path: Path, url: str | None = None) -> Page | Rejected:
    items = list(read_html(path.read_bytes(), path.name, url=url))
    assert len(items) == 1
    return items[0]


def read_page(path: Path) -> Page:
    item = read_one(path)
    assert isinstance(item, Page), item
    return item


@pytest.fixture
def html_dir(fixtures_dir: Path) -> Path:
    return fixtures_dir / "html"


def test_ingest_html_news_page_with_og_and_jsonld(html_dir: Path) -> None:
    page = read_page(html_dir / "meridian_og_jsonld.html")
    assert page.kind == "article"
    assert page.meta.headline == "Varnia says Brenna port reopens after shelling"
    assert page.meta.byline == "Lena Marsh, Piotr Alvin"
    assert page.meta.published == "2026-03-14"  # datePublished, not dateModified
    assert page.meta.outlet == "Meridian"
    assert page.meta.language == "en"
    assert page.url == "https://meridian.example/world/brenna-port-reopens"
    assert page.meta.standfirst is not None and page.meta.standfirst.startswith("Grain ships")
    paragraphs = page.body.split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("DRAVOHRAD (Meridian) - Grain ships")
    assert paragraphs[-1].startswith("UN envoy Lucia Brandt")
    for furniture in ("newsletter", "All rights reserved", "Markets", "By Lena Marsh"):
        assert furniture not in page.body


def test_ingest_html_byline_caption_footer(html_dir: Path) -> None:
    page = read_page(html_dir / "ledger_byline_caption_footer.html")
    assert page.meta.headline == "In Ostrik, a border town waits for the next convoy"
    assert page.meta.byline == "Hannah Crest, Omar Vell"
    assert page.meta.published == "2026-02-02"
    assert page.meta.outlet == "The Atlantic Ledger"
    assert page.meta.language == "en"
    assert page.url == "https://atlanticledger.example/2026/02/02/ostrik-border-town"
    paragraphs = page.body.split("\n\n")
    assert paragraphs[0].startswith("OSTRIK — The bakery")
    assert paragraphs[-1].startswith("WA Secretary General Henrik Aalto")
    assert len(paragraphs) == 4
    for furniture in ("Share this article", "Sign in", "Privacy policy", "Copyright", "Photo:"):
        assert furniture not in page.body


def test_ingest_html_windows_1251_declared_by_meta(html_dir: Path) -> None:
    page = read_page(html_dir / "kharsk_herald_cp1251.html")
    assert page.meta.headline == "Министр Бельская провела переговоры в Харске"
    assert page.meta.byline == "Илья Воронов"
    assert page.meta.outlet == "Kharsk Herald"
    assert page.meta.published == "2026-03-17"
    assert page.meta.language == "ru"
    assert page.body.startswith("ХАРСК, 17 марта. /KNA/.")
    assert len(page.body.split("\n\n")) == 4


def test_ingest_html_script_in_text_is_gone(html_dir: Path) -> None:
    page = read_page(html_dir / "script_in_text.html")
    assert page.meta.headline == "Talks on Tessel resume in Bressa"
    assert page.meta.outlet == "Global Desk"
    assert page.meta.byline is None  # the page names no author: nothing is invented
    assert page.meta.published is None
    for code in ("trackPageView", "document.write", "display: none", "enable JavaScript"):
        assert code not in page.body
    paragraphs = page.body.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[1].startswith("Varnian Foreign Minister Tomas Reil")


def test_ingest_html_explicit_url_wins(html_dir: Path) -> None:
    page = read_one(html_dir / "script_in_text.html", url="https://globaldesk.example/a/1")
    assert isinstance(page, Page)
    assert page.url == "https://globaldesk.example/a/1"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (None, "no article text"),  # no_text.html, read below
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (b"\x00\x01\x02PK\x03\x04 binary junk" * 20, ""),
        (b"<html><body><p>Too short.</p></body></html>", "no article text"),
    ],
)
def test_ingest_html_bad_input_is_rejected(html_dir: Path, data: bytes | None, words: str) -> None:
    source = "bad.html"
    if data is None:
        data = (html_dir / "no_text.html").read_bytes()
    items = list(read_html(data, source))
    assert len(items) == 1
    rejected = items[0]
    assert isinstance(rejected, Rejected)
    assert rejected.stage == "ingest"
    assert rejected.source == source
    assert words in rejected.reason
    assert "Traceback" not in rejected.reason


def test_ingest_html_extract_raises_with_source_name() -> None:
    with pytest.raises(EmptyInputError, match=r"^page-7\.html: "):
        extract_html("<html><body></body></html>", source="page-7.html")


def test_ingest_html_byline_normalisation() -> None:
    assert normalise_byline("By Anna Kova and Jon Pell") == "Anna Kova, Jon Pell"
    assert normalise_byline("by Anna Kova, Jon Pell & Ria Sand") == "Anna Kova, Jon Pell, Ria Sand"
    assert normalise_byline("Staff reporter") is None
    assert normalise_byline("Lena Marsh, Meridian", not_names=("Meridian",)) == "Lena Marsh"
    assert normalise_byline("Robert E. Moffit, Ph.D.") == "Robert E. Moffit"


def test_ingest_html_title_without_site_suffix() -> None:
    assert title_without_site("Talks resume | Global Desk", ["Global Desk"]) == "Talks resume"
    assert title_without_site("KNA - Talks resume in Kharsk", ["KNA"]) == "Talks resume in Kharsk"
    assert title_without_site("Tessel: the long winter", []) == "Tessel: the long winter"


def test_ingest_html_trailing_furniture_trimmed() -> None:
    body = "First real paragraph.\n\nRead also: Another story\n\nSecond.\n\n© 2026 KNA"
    assert trim_furniture(body) == "First real paragraph.\n\nSecond."


# ---------------------------------------------------------------------------------------------
# the benchmark metrics, on hand-computed examples


def test_ingest_html_aeb_metric_hand_computed() -> None:
    truth = "a b c d e"  # shingles: (a b c d), (b c d e)
    pred = "a b c d x y"  # shingles: (a b c d), (b c d x), (c d x y)
    tp, fp, fn = ax.shingle_counts(truth, pred)  # raw 1, 2, 1 → normalised by 4
    assert (tp, fp, fn) == pytest.approx((0.25, 0.5, 0.25))
    assert ax.precision_score(tp, fp, fn) == pytest.approx(1 / 3)
    assert ax.recall_score(tp, fp, fn) == pytest.approx(1 / 2)
    # a second page predicted exactly: P = R = 1; corpus P = mean(1/3, 1), R = mean(1/2, 1)
    counts = [(tp, fp, fn), ax.shingle_counts("x y z", "x, y z!")]
    figures = ax.aeb_metrics(counts)
    assert figures["precision"] == pytest.approx(2 / 3)
    assert figures["recall"] == pytest.approx(3 / 4)
    assert figures["f1"] == pytest.approx(2 * (2 / 3) * (3 / 4) / (2 / 3 + 3 / 4))


def test_ingest_html_aeb_metric_empty_output_leaves_precision() -> None:
    scores = ax.aeb_score({"p1": "one two three four five", "p2": "a b c d"},
                         {"p1": "one two three four five", "p2": ""}, n_bootstrap=0)
    assert scores["precision"] == pytest.approx(1.0)  # p2 gave nothing: out of precision
    assert scores["recall"] == pytest.approx(0.5)
    assert scores["accuracy"] == pytest.approx(0.5)
    variant = ax.newspaper4k_score({"p1": "one two three four five", "p2": "a b c d"},
                                  {"p1": "one two three four five", "p2": ""})
    assert variant["precision"] == pytest.approx(0.5)  # newspaper4k counts it as 0


def test_ingest_html_snippet_and_date_metrics() -> None:
    counts = ax.SnippetCounts()
    counts.add("Kharsk  said\nthe talks\tended.", ["said the talks", "missing"], ["ended.", "ads"])
    counts.add(None, ["lost"], ["absent"])
    assert (counts.tp, counts.fn, counts.fp, counts.tn) == (1, 2, 1, 2)
    assert counts.figures()["f1"] == pytest.approx(2 / (2 + 1 + 2))
    dates = ax.DateCounts()
    for found, expected in (("2026-03-14", "2026-03-14"), ("2026-03-15", "2026-03-14"),
                            (None, "2026-01-01")):
        dates.add(found, expected)
    assert (dates.tp, dates.fp, dates.fn) == (1, 1, 1)
    assert dates.figures()["accuracy"] == pytest.approx(1 / 3)


def test_ingest_html_metadata_exact_definitions() -> None:
    assert ax.title_exact("Talks  resume — in Bressa!", "talks resume in bressa")
    assert not ax.title_exact("Talks resume | Global Desk", "Talks resume")
    assert ax.author_exact("Jon Pell, Anna Kova", "Anna Kova,Jon Pell")
    assert not ax.author_exact("Anna Kova", "Anna Kova, Jon Pell")
    assert ax.author_exact(None, "")


# ---------------------------------------------------------------------------------------------
# real data (skips when ../shared/benchmarks is absent)


@pytest.mark.benchmark
def test_ingest_html_aeb_floor_on_20_pages(shared_benchmarks: Path) -> None:
    truth = ax.aeb_truth()
    keys = sorted(truth)[:20]
    pred = {}
    for key in keys:
        data = ax.read_html_bytes("scrapinghub-aeb", f"{key}.html")
        items = list(read_html(data, key, url=truth[key]["url"]))
        pred[key] = items[0].body if isinstance(items[0], Page) else ""
    scores = ax.aeb_score({k: truth[k]["articleBody"] for k in keys}, pred, n_bootstrap=0)
    assert scores["f1"] >= 0.93, scores


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


_STORY = ("<p>" + "Varnian engineers reopened the Brenna river port after three weeks. " * 6
          + "</p>") * 3


def test_ingest_html_url_day_needs_a_whole_date() -> None:
    assert url_day("https://varniatoday.example/2023/01/19/port-reopens/") == "2023-01-19"
    assert url_day("https://kna.example/news/2023-03-07/talks") == "2023-03-07"
    # "16-new-officers" is a slug, not a day
    assert url_day("https://kna.example/local/2023/12/16-new-officers.html") is None
    assert url_day("https://kna.example/2023/13/40/") is None
    assert url_day(None) is None


def test_ingest_html_written_date_forms() -> None:
    assert written_date("Published Dec. 19, 2023 at 5 pm") == ("2023-12-19", "Published ")
    assert written_date("19 December 2023") == ("2023-12-19", "")
    assert written_date("on 2023-03-17, KNA said") == ("2023-03-17", "on ")
    assert written_date("three weeks later") is None


def test_ingest_html_header_date_prefers_published_over_updated() -> None:
    tree = lxml_html.document_fromstring(_page(
        "<h1>Port of Brenna reopens</h1><p class='byline'>By Daria Holm</p>"
        "<span>Updated</span> <time>Dec. 23, 2023</time> <span>Published</span> "
        "<time datetime='2023-12-22T23:10:00Z'>Dec. 22, 2023</time>" + _STORY))
    assert header_date(tree) == "2023-12-22"


def test_ingest_html_header_date_local_day_as_written() -> None:
    # 22:30 UTC on the 25th is the 26th in Dravohrad: the page's own text decides
    tree = lxml_html.document_fromstring(_page(
        "<h1>Ceasefire talks resume</h1>"
        "<time datetime='2023-12-25T22:30:00Z'>26 December 2023</time>" + _STORY))
    assert header_date(tree) == "2023-12-26"
    assert header_date(lxml_html.document_fromstring(_page(_STORY))) is None


def test_ingest_html_header_date_replaces_a_draft_date_but_not_a_body_date() -> None:
    head = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
            '"Ceasefire talks resume", "datePublished": "2019-03-30T08:00:00Z", '
            '"dateModified": "2023-12-19T09:00:00Z"}</script>')
    shown = _page("<h1>Ceasefire talks resume</h1><p>Updated Dec. 19, 2023</p>" + _STORY, head)
    page = extract_html(shown, source="talks.html")
    assert page.meta.published == "2023-12-19"
    # a date far after anything the page declares is a date in the story, not the page's
    later = _page("<h1>Ceasefire talks resume</h1><p>Talks resume on 1 July 2026.</p>" + _STORY,
                  head.replace("2023-12-19", "2019-03-30"))
    assert extract_html(later, source="talks.html").meta.published == "2019-03-30"


def test_ingest_html_news_article_needs_two_signals() -> None:
    assert not is_news_article(Evidence(meta={"og:type": "article"}))
    assert is_news_article(Evidence(meta={"og:type": "article",
                                          "article:published_time": "2023-03-17"}))
    assert is_news_article(Evidence(meta={"og:type": "article"},
                                    jsonld={"@type": "NewsArticle"}))
    assert not is_news_article(Evidence(meta={"og:type": "article"},
                                        jsonld={"@type": "WebPage"}))
