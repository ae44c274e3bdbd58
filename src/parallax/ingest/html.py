"""HTML page → one article Page: main text with trafilatura, metadata from the page's own tags.

    bytes ─decode_bytes─▶ str ─lxml─▶ tree ──▶ Evidence (meta tags, JSON-LD, h1, title, bylines)
                               ├─ news article: trafilatura precision run; a fast balanced run
                               │  only when that text looks short ─▶ the better candidate
                               └─ other page: trafilatura balanced run with its fallbacks
                                                                   └─▶ furniture lines trimmed

The body rules (which trafilatura candidate to keep, which edge lines are furniture) were tuned on
the dev half of the AEB, NAEB and trafilatura-eval corpora and checked on the held-out half
(``benchmarks/article_extraction.py``); no rule names a site.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml import html as lxml_html

from parallax.errors import EmptyInputError, InputError, MalformedInputError
from parallax.ingest.decode import decode_bytes
from parallax.ingest.html_meta import (
    Evidence,
    choose_byline,
    choose_headline,
    choose_outlet,
    choose_standfirst,
    clean,
    declared_date,
    declared_language,
    gather_evidence,
    header_date,
    modified_date,
    page_url,
    url_day,
)
from parallax.models import Page, PageMeta, Rejected

log = logging.getLogger(__name__)

MIN_BODY_CHARS = 25
"""A body shorter than this is no article (a cookie wall, an empty template)."""


@dataclass(frozen=True)
class BodyChoice:
    text: str
    method: str


def read_html(
    data: bytes, source: str, *, url: str | None = None, fetched: str | None = None,
    declared: str | None = None,
) -> Iterator[Page | Rejected]:
    """Decode an HTML file (with the ``declared`` charset, else sniffed) and yield its article
    Page, or one Rejected saying why not."""
    try:
        text = decode_bytes(data, source, declared=declared)
        yield extract_html(text, source=source, url=url, fetched=fetched)
    except InputError as exc:
        yield Rejected(source=source, stage="ingest", reason=exc.problem)


def extract_html(
    html: str, *, source: str, url: str | None = None, fetched: str | None = None
) -> Page:
    """The article of an HTML page: body paragraphs separated by blank lines, and its metadata."""
    tree = parse_html(html, source)
    evidence = gather_evidence(tree)
    url = url or page_url(evidence)
    body = extract_body(html, evidence, url=url)
    if len(body.text) < MIN_BODY_CHARS:
        raise EmptyInputError(source, "no article text found in the HTML page")
    outlet, site_name = choose_outlet(evidence, url)
    site_names = [n for n in (site_name, outlet, evidence.jsonld_publisher) if n]
    headline = choose_headline(evidence, site_names)
    text = drop_leading_headline(body.text, [headline, *title_candidates(evidence)])
    meta = PageMeta(
        headline=headline,
        standfirst=choose_standfirst(evidence, text),
        byline=choose_byline(evidence, tuple(site_names)),
        published=publication_date(tree, evidence, url),
        outlet=outlet,
        site_name=site_name,
        language=declared_language(evidence) or detect_language(text),
    )
    return Page(source=source, kind="article", body=text, url=url, fetched=fetched, meta=meta,
                method=body.method)


def parse_html(html: str, source: str) -> lxml_html.HtmlElement:
    if not html.strip():
        raise EmptyInputError(source, "the HTML page is empty")
    if "\x00" in html[:4096]:
        raise MalformedInputError(source, "binary content where an HTML page was expected")
    try:
        tree = lxml_html.document_fromstring(html.encode("utf-8", "surrogatepass"),
                                             parser=_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise MalformedInputError(source, f"cannot parse the HTML: {exc}") from None
    if tree is None or (tree.find(".//body") is None and not tree.text_content().strip()):
        raise MalformedInputError(source, "the HTML page has no body")
    return tree


_PARSER = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, recover=True)


# ---------------------------------------------------------------------------------------------
# body


def extract_body(html: str, evidence: Evidence, *, url: str | None) -> BodyChoice:
    """trafilatura's precision extraction; its balanced one only when the first looks short."""
    if not is_news_article(evidence):
        # Other pages (shops, docs, forums): trafilatura's balanced run with its fallback
        # extractors beat the precision candidate on trafilatura-eval's dev half (0.930 vs 0.922).
        text = _trafilatura(html, url=url, mode=GENERAL_MODE)
        return BodyChoice(trim_furniture(text), "trafilatura")
    precise = _trafilatura(html, url=url, mode=PRECISION_MODE)
    if _looks_complete(precise, evidence):
        text, method = precise, "trafilatura-precision"
    else:
        balanced = _trafilatura(html, url=url, mode=RECALL_MODE)
        text, method = choose_candidate(balanced, precise)
    jsonld_body = evidence.jsonld.get("articleBody")
    if isinstance(jsonld_body, str) and _prefer_jsonld(jsonld_body, text):
        text, method = _paragraphs(jsonld_body), "jsonld"
    return BodyChoice(trim_furniture(text), method)


GENERAL_MODE = "balanced-full"
NEWS_SIGNALS = 2


def is_news_article(evidence: Evidence) -> bool:
    """Does the page call itself an article in two ways of three (JSON-LD article, og:type,
    article:published_time)? One alone is common on shop and portal templates."""
    signals = (
        bool(evidence.jsonld) and "webpage" not in str(evidence.jsonld.get("@type")).lower(),
        evidence.meta.get("og:type", "").lower() == "article",
        "article:published_time" in evidence.meta,
    )
    return sum(signals) >= NEWS_SIGNALS


PRECISION_MODE = "precision"
RECALL_MODE = "balanced"
# mode → (favor_precision, fast); "-full" adds trafilatura's fallback extractors (readability,
# jusText), which cost about as much as the main run.
_MODES = {
    "precision": (True, True),
    "balanced": (False, True),
    "balanced-full": (False, False),
}


def _trafilatura(html: str, *, url: str | None, mode: str) -> str:
    precision, fast = _MODES[mode]
    text = trafilatura.extract(html, url=url, include_comments=False, include_tables=True,
                               favor_precision=precision, fast=fast)
    return _paragraphs(text or "")


def _looks_complete(precise: str, evidence: Evidence) -> bool:
    """No second run when the precision text is long and structured, or covers most of the
    page's paragraph text."""
    paragraphs = precise.count("\n\n") + 1
    if len(precise) >= COMPLETE_MIN_CHARS and paragraphs >= COMPLETE_MIN_PARAGRAPHS:
        return True
    return bool(precise) and len(precise) >= COMPLETE_SHARE * evidence.paragraph_chars


COMPLETE_MIN_CHARS = 1500
COMPLETE_MIN_PARAGRAPHS = 5
COMPLETE_SHARE = 0.6


def choose_candidate(balanced: str, precise: str) -> tuple[str, str]:
    """The precision extraction unless it lost much of the balanced one's text."""
    if not precise:
        return balanced, "trafilatura"
    if not balanced:
        return precise, "trafilatura-precision"
    long_and_structured = (precise.count("\n\n") + 1 >= PRECISION_MIN_PARAGRAPHS
                           and len(precise) >= PRECISION_MIN_CHARS)
    if len(precise) >= PRECISION_KEEP_SHARE * len(balanced) or long_and_structured:
        return precise, "trafilatura-precision"
    return balanced, "trafilatura"


PRECISION_KEEP_SHARE = 0.6
PRECISION_MIN_PARAGRAPHS = 5
PRECISION_MIN_CHARS = 1500


def _prefer_jsonld(jsonld_body: str, text: str) -> bool:
    return len(jsonld_body) > 1.3 * len(text) + 200 and "<" not in jsonld_body[:200]


def _paragraphs(text: str) -> str:
    lines = (clean(line) for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


# ---------------------------------------------------------------------------------------------
# furniture at the edges of the body

_TRAILING_FURNITURE = re.compile(
    r"^(?:read more\b|related\b|more from\b|sign up\b|subscribe\b|follow us\b|share (?:this|on)\b|"
    r"click here\b|©|\(c\)\s|copyright\b|all rights reserved|advertisement$|"
    r"get (?:the|our) .*newsletter|newsletter\b|this (?:article|story) (?:was|has been) "
    r"(?:updated|corrected)|image:|photo:|updated at\b|have a tip\b|write to .{3,60} at \S+@|"
    r"follow (?:him|her|them|us|me) on\b)", re.I)
# "Read also: <link title>" teasers in the common languages of news pages, anywhere in the body.
_READ_ALSO = re.compile(
    r"^(?:read (?:more|also)|see also|also read|related(?: article| story)?|"
    r"lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|das könnte sie auch interessieren|"
    r"(?:à )?lire aussi|voir aussi|lea (?:también|más)|le puede interesar|te puede interesar|"
    r"leggi anche|leia também|veja também|czytaj (?:też|także|więcej))\b\s*[:.–-]", re.I)
# Short lines that are furniture wherever they stand: photo credits, time stamps.
_ANYWHERE_FURNITURE = re.compile(
    r"^(?:(?:photo|image|picture|credit|foto|bild)s?\s*:|(?:published|updated|posted|last updated)"
    r"\b.{0,40}\d{4}.{0,12}$|advertisement$|anzeige$|werbung$)", re.I)
# A closing sign-up box or an author's biography ends the article.
_CLOSING_BLOCK = re.compile(
    r"^(?:by (?:submitting|signing up|entering|clicking)|enter your email|sign up (?:for|to)\b|"
    r"get (?:our|the) .{0,40}(?:newsletter|in your inbox)|"
    r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3} (?:is|was) an? (?:[\w-]+ ){0,4}"
    r"(?:writer|editor|reporter|journalist|correspondent|contributor|columnist|freelancer)\b)")
_MAX_FURNITURE_CHARS = 200
_LIST_ITEM_CHARS = 100


def trim_furniture(text: str) -> str:
    """Drop teaser and furniture lines: "Read also: ..." anywhere, newsletter/share/copyright
    lines at the end, and a closing "Heading:" followed only by short link-like lines."""
    paragraphs = [p for p in text.split("\n\n") if not _is_teaser(p)] or text.split("\n\n")
    paragraphs = _cut_closing_block(paragraphs)
    while len(paragraphs) > 1 and _is_furniture(paragraphs[-1]):
        paragraphs.pop()
    cut = _closing_link_list(paragraphs)
    if cut is not None:
        paragraphs = paragraphs[:cut]
    return "\n\n".join(paragraphs)


def _is_teaser(paragraph: str) -> bool:
    if len(paragraph) > _MAX_FURNITURE_CHARS:
        return False
    return bool(_READ_ALSO.match(paragraph) or _ANYWHERE_FURNITURE.match(paragraph))


def _cut_closing_block(paragraphs: list[str]) -> list[str]:
    """Cut at a sign-up box or author biography in the last quarter of the text."""
    total = sum(len(p) for p in paragraphs)
    seen = 0
    for index, paragraph in enumerate(paragraphs):
        if index and seen >= 0.75 * total and _CLOSING_BLOCK.match(paragraph):
            return paragraphs[:index]
        seen += len(paragraph)
    return paragraphs


def _is_furniture(paragraph: str) -> bool:
    return len(paragraph) <= _MAX_FURNITURE_CHARS and bool(_TRAILING_FURNITURE.match(paragraph))


def _closing_link_list(paragraphs: list[str]) -> int | None:
    """Index of a short "Heading:" in the last fifth that only short lines follow, if any."""
    first_candidate = max(1, len(paragraphs) * 4 // 5)
    for index in range(first_candidate, len(paragraphs)):
        line = paragraphs[index]
        if len(line) <= 60 and line.endswith(":") and all(
            len(p) <= _LIST_ITEM_CHARS for p in paragraphs[index + 1 :]
        ):
            return index
    return None


def title_candidates(evidence: Evidence) -> list[str]:
    """Every title the page gives itself (h1, og:title, <title> and its first part)."""
    titles = [*evidence.h1, evidence.meta.get("og:title"), evidence.title]
    if evidence.title:
        titles.append(re.split(r"\s+[|\-–—:·•»]\s+", evidence.title)[0])
    return [t for t in titles if t]


def drop_leading_headline(text: str, headlines: list[str | None]) -> str:
    """A body that opens by repeating the headline loses that line."""
    first, _, rest = text.partition("\n\n")
    first_words = _words(first)
    if rest and first_words and any(_words(h) == first_words for h in headlines if h):
        return rest
    return text


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


# ---------------------------------------------------------------------------------------------
# date and language


def publication_date(
    tree: lxml_html.HtmlElement, evidence: Evidence, url: str | None
) -> str | None:
    """The day the page was published, as its reader sees it.

    1. When the URL path's date and the page's declared ``datePublished`` agree, that day
       (no search needed).
    2. Else htmldate's original-date search (it reads JSON-LD, meta tags, the URL and the text),
       else the declared date: the reference.
    3. The date written under the headline replaces the reference when it is plausible: not
       before the reference's previous day, not after the page's latest declared date's next
       day. This is what readers see (and what NAEB labels): a page's ``datePublished`` is often
       a first draft's, and a date-time written in UTC can fall on the next or previous day
       where the outlet is.
    """
    declared = declared_date(evidence)
    from_url = url_day(url)
    if from_url is not None and from_url == declared:
        return from_url
    try:
        found = find_date(tree, url=url, original_date=True, extensive_search=True)
    except (ValueError, TypeError) as exc:  # htmldate rejects some odd trees
        log.debug("htmldate failed: %s", exc)
        found = None
    reference = str(found) if found else declared
    shown = header_date(tree)
    if shown is None or reference is None:
        return reference or shown
    latest = max(d for d in (reference, declared, modified_date(evidence)) if d)
    return shown if _within(shown, reference, latest) else reference


def _within(day: str, first: str, last: str) -> bool:
    """``first`` - 1 day <= ``day`` <= ``last`` + 1 day (False for a malformed date)."""
    try:
        shown, low, high = (date.fromisoformat(d) for d in (day, first, last))
    except ValueError:
        return False
    return low - timedelta(days=1) <= shown <= high + timedelta(days=1)


def detect_language(text: str) -> str | None:
    import py3langid

    code, _ = py3langid.classify(text[:2000])
    return str(code) if code else None
