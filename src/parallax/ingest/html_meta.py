"""Metadata of an HTML article page: headline, standfirst, byline, date, outlet, language.

Each field is read from the evidence pages carry, strongest first:

* JSON-LD (``<script type="application/ld+json">``) of the article object: ``headline``,
  ``author``, ``datePublished``, ``publisher``, ``description``, ``articleBody``;
* OpenGraph / article / Twitter / Dublin Core ``<meta>`` tags;
* the page itself: the ``<h1>``, ``<title>``, ``rel=author`` links and byline elements.

Which source wins for the headline and the byline was chosen by measurement on the dev half of
NAEB (``benchmarks/article_extraction.py naeb``); see docs/decisions.md.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from lxml import html as lxml_html

log = logging.getLogger(__name__)

_ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting",
    "socialmediaposting", "webpage", "report", "scholarlyarticle", "techarticle",
})
_SPACE = re.compile(r"\s+")


@dataclass
class Evidence:
    """Everything the page says about itself, before any choice is made."""

    meta: dict[str, str] = field(default_factory=dict)
    """``<meta>`` tags by lower-cased ``property``/``name`` (first value wins)."""
    jsonld: dict[str, Any] = field(default_factory=dict)
    """The article object of the page's JSON-LD, or {}."""
    jsonld_publisher: str | None = None
    title: str | None = None
    h1: list[str] = field(default_factory=list)
    lang: str | None = None
    canonical: str | None = None
    byline_texts: list[str] = field(default_factory=list)
    paragraph_chars: int = 0
    """Characters of text in the page's ``<p>`` elements: how much prose the page holds."""


def clean(text: str | None) -> str | None:
    """Collapse white space; None for empty text."""
    if text is None:
        return None
    text = _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return text or None


# ---------------------------------------------------------------------------------------------
# gathering


def gather_evidence(tree: lxml_html.HtmlElement) -> Evidence:
    evidence = Evidence()
    for node in tree.iter("meta"):
        key = (node.get("property") or node.get("name") or node.get("itemprop") or "").lower()
        value = clean(node.get("content"))
        if key and value and key not in evidence.meta:
            evidence.meta[key] = value
    evidence.jsonld, evidence.jsonld_publisher = _jsonld_article(tree)
    title = tree.find(".//title")
    evidence.title = clean(title.text_content()) if title is not None else None
    evidence.h1 = [t for t in (clean(h.text_content()) for h in tree.iter("h1")) if t]
    root_lang = tree.getroottree().getroot().get("lang") or tree.get("lang")
    evidence.lang = clean(root_lang)
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            evidence.canonical = link.get("href", "").strip() or None
            break
    evidence.byline_texts = list(_byline_texts(tree))
    evidence.paragraph_chars = sum(len(p.text_content().strip()) for p in tree.iter("p"))
    return evidence


def _jsonld_objects(tree: lxml_html.HtmlElement) -> Iterator[dict[str, Any]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue  # broken JSON-LD is common; the other sources remain
        yield from _walk(data)


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in data:
                yield from _walk(data[key])


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds if k}


def _jsonld_article(tree: lxml_html.HtmlElement) -> tuple[dict[str, Any], str | None]:
    """The most article-like JSON-LD object (a news article before a plain web page)."""
    best: dict[str, Any] = {}
    best_rank = 99
    publisher: str | None = None
    for obj in _jsonld_objects(tree):
        kinds = _types(obj)
        if publisher is None and kinds & {"newsmediaorganization", "organization"}:
            publisher = _name_of(obj)
        if not kinds & _ARTICLE_TYPES:
            continue
        rank = 2 if "webpage" in kinds else (0 if obj.get("headline") else 1)
        if rank < best_rank:
            best, best_rank = obj, rank
    if best:
        publisher = _name_of(best.get("publisher")) or publisher
    return best, publisher


def _name_of(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return clean(value) if isinstance(value, str) else None


_BYLINE_CLASS = re.compile(r"byline|author|writer|contributor", re.I)
_NOT_BYLINE_CLASS = re.compile(r"bio|avatar|image|photo|img|about|comment|related|social|share",
                               re.I)


def _byline_texts(tree: lxml_html.HtmlElement) -> Iterator[str]:
    for link in tree.xpath('//a[@rel="author"]'):
        text = clean(link.text_content())
        if text:
            yield text
    for node in tree.xpath(
        '//*[@class or @itemprop="author"][not(self::body) and not(self::html)]'
    )[:4000]:
        attrs = f"{node.get('class') or ''} {node.get('itemprop') or ''}"
        if _BYLINE_CLASS.search(attrs) and not _NOT_BYLINE_CLASS.search(attrs):
            text = clean(node.text_content())
            if text and len(text) <= 120:
                yield text


# ---------------------------------------------------------------------------------------------
# headline and standfirst

_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—:·•»]\s+")


def title_without_site(title: str, site_names: list[str]) -> str:
    """``Headline | Site`` → ``Headline``: drop an end part that names the site."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    keys = {_key(s) for s in site_names if s}
    for candidate in (parts[-1], parts[0]):
        if _key(candidate) in keys or any(k and (k in _key(candidate)) for k in keys):
            if candidate is parts[-1]:
                return _strip_sep(title.removesuffix(candidate))
            return _strip_sep(title.removeprefix(candidate))
    if len(parts[-1]) < 30 and len(parts[0]) > 2 * len(parts[-1]):
        return _strip_sep(title[: title.rfind(parts[-1])])
    return title


def _strip_sep(text: str) -> str:
    return text.strip().strip("|-–—:·•»").strip()


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())


def choose_headline(evidence: Evidence, site_names: list[str]) -> str | None:
    """The on-page ``<h1>`` when the meta titles confirm it, else the og/JSON-LD/title headline.

    An ``<h1>`` alone can be the site logo or a section name, so it is taken when it shares
    most words with a meta title (measured: it then equals the label more often than og:title,
    which outlets rewrite for search engines).
    """
    jsonld_headline = evidence.jsonld.get("headline")
    found = [
        clean(jsonld_headline) if isinstance(jsonld_headline, str) else None,
        evidence.meta.get("og:title"),
        evidence.meta.get("twitter:title"),
        evidence.title,
    ]
    metas = [title_without_site(m, site_names) for m in found if m]
    for h1 in evidence.h1:
        if any(_similar(h1, m) for m in metas):
            return h1
    if metas:
        return metas[0]
    return evidence.h1[0] if evidence.h1 else None


def _similar(a: str, b: str) -> bool:
    words_a, words_b = set(_words(a)), set(_words(b))
    if not words_a or not words_b:
        return False
    return len(words_a & words_b) / max(len(words_a), len(words_b)) >= 0.6


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def choose_standfirst(evidence: Evidence, body: str) -> str | None:
    """og:description or meta description, unless it only repeats the start of the body."""
    for text in (
        evidence.meta.get("og:description"),
        evidence.meta.get("description"),
        evidence.meta.get("twitter:description"),
        clean(evidence.jsonld.get("description"))
        if isinstance(evidence.jsonld.get("description"), str) else None,
    ):
        if text and len(text) >= 20 and not _repeats_body(text, body):
            return text
    return None


def _repeats_body(text: str, body: str) -> bool:
    head = " ".join(_words(text.rstrip(".… ")))[:-1]  # a description may end mid-word
    start = " ".join(_words(body[: len(text) + 200]))
    return bool(head) and (start.startswith(head[: max(20, len(head) - 10)]) or head in start)


# ---------------------------------------------------------------------------------------------
# byline

_BY = re.compile(
    r"^\s*(?:(?:written\s+|posted\s+|reported\s+)?by|von|par|por|di|автор|авторы)[:\s]+", re.I)
_SPLIT_NAMES = re.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\|)\s*", re.I)
_NOT_A_NAME = re.compile(
    r"https?://|www\.|@|\d|\b(?:staff|editor|editors|desk|team|news|reporter|correspondent|"
    r"contributor|writer|updated|published|read|min|share|follow|more|email|twitter|photo|"
    r"press|agency|newsroom|comments?|admin|guest)\b", re.I)


_CREDENTIALS = re.compile(r"(?:,?\s+(?:Ph\.?\s?D|M\.?D|M\.?S|R\.?D\.?N?|MPH|MBA)\.?)+$")
_ORGANISATION = re.compile(r"^the\s|\.com\b|\b(?:media|network|times|journal|telegram)\b", re.I)


def normalise_byline(text: str | None, *, not_names: tuple[str, ...] = ()) -> str | None:
    """``By Anna Kova and Jon Pell`` → ``Anna Kova, Jon Pell``; None when no name is left.

    ``not_names`` (the outlet's names) are dropped: pages often list the publisher among authors.
    """
    if not text:
        return None
    text = _BY.sub("", clean(text) or "")
    outlet_keys = {_key(n) for n in not_names if n}
    names: list[str] = []
    for part in _SPLIT_NAMES.split(text):
        name = _CREDENTIALS.sub("", part.strip(" .:-–—")).strip(" .,")
        if _key(name) in outlet_keys or _ORGANISATION.search(name):
            continue
        if _looks_like_name(name) and name not in names:
            names.append(name)
    return ", ".join(names) or None


def _looks_like_name(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 5 or _NOT_A_NAME.search(name):
        return False
    return sum(w[0].isupper() for w in words if w[0].isalpha()) >= 2


def jsonld_authors(evidence: Evidence) -> str | None:
    """The author names of the JSON-LD article, comma-separated (before normalisation)."""
    authors = evidence.jsonld.get("author")
    if authors is None:
        return None
    items = authors if isinstance(authors, list) else [authors]
    names = []
    for item in items:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, list):
            name = ", ".join(str(n) for n in name)
        if isinstance(name, str) and name.strip():
            names.append(name)
    return ", ".join(names) if names else None


def choose_byline(evidence: Evidence, site_names: tuple[str, ...] = ()) -> str | None:
    """JSON-LD author, then author meta tags, then rel=author links and byline elements."""
    candidates = [
        jsonld_authors(evidence),
        evidence.meta.get("author"),
        evidence.meta.get("article:author"),
        evidence.meta.get("dc.creator"),
        evidence.meta.get("sailthru.author"),
        evidence.meta.get("parsely-author"),
        *evidence.byline_texts,
    ]
    for candidate in candidates:
        byline = normalise_byline(candidate, not_names=site_names)
        if byline:
            return byline
    return None


# ---------------------------------------------------------------------------------------------
# date, outlet, url, language

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def declared_date(evidence: Evidence) -> str | None:
    """The publication date the page states in JSON-LD or article meta tags (YYYY-MM-DD)."""
    for value in (
        evidence.jsonld.get("datePublished"),
        evidence.meta.get("article:published_time"),
    ):
        if isinstance(value, str):
            match = _ISO_DATE.search(value)
            if match and 1990 <= int(match.group(1)) <= 2100:
                return match.group(0)
    return None


def modified_date(evidence: Evidence) -> str | None:
    """The last-modified date the page states in JSON-LD or article meta tags (YYYY-MM-DD)."""
    for value in (
        evidence.jsonld.get("dateModified"),
        evidence.meta.get("article:modified_time"),
    ):
        if isinstance(value, str):
            match = _ISO_DATE.search(value)
            if match and 1990 <= int(match.group(1)) <= 2100:
                return match.group(0)
    return None


def choose_outlet(evidence: Evidence, url: str | None) -> tuple[str | None, str | None]:
    """(outlet, site_name): og:site_name, JSON-LD publisher, else the URL's host."""
    site_name = evidence.meta.get("og:site_name") or evidence.meta.get("application-name")
    outlet = site_name or evidence.jsonld_publisher or _title_suffix(evidence)
    if not outlet and url:
        outlet = host_of(url)
    return outlet, site_name


def _title_suffix(evidence: Evidence) -> str | None:
    """``<title>Headline - Site</title>`` with ``<h1>Headline</h1>`` → ``Site``."""
    if not evidence.title:
        return None
    for h1 in evidence.h1:
        if evidence.title.startswith(h1):
            rest = _strip_sep(evidence.title[len(h1):])
            if rest and rest != evidence.title[len(h1):].strip() and len(rest) <= 60:
                return rest
    return None


def host_of(url: str) -> str | None:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def page_url(evidence: Evidence) -> str | None:
    for value in (evidence.canonical, evidence.meta.get("og:url")):
        if value and value.startswith(("http://", "https://")):
            return value
    return None


def declared_language(evidence: Evidence) -> str | None:
    """The ISO 639-1 code of ``<html lang>`` or a language meta tag."""
    for value in (evidence.lang, evidence.meta.get("og:locale"),
                  evidence.meta.get("content-language"), evidence.meta.get("language")):
        if value:
            code = re.split(r"[-_]", value.strip())[0].lower()
            if len(code) == 2 and code.isalpha():
                return code
    return None


# ---------------------------------------------------------------------------------------------
# dates a reader sees: in the URL path and written under the headline

_URL_DAY = re.compile(r"/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|$)")
_MONTH = (r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
          r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WRITTEN_DATES = (
    re.compile(r"\b" + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})\b",
               re.I),
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH
               + r",?\s+(?P<y>(?:19|20)\d{2})\b", re.I),
    re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
)
_MONTH_NUMBER = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_UPDATED_CUE = re.compile(r"\b(?:updated|modified|edited)\b[^\d]{0,20}$", re.I)
_PUBLISHED_CUE = re.compile(r"\b(?:published|posted|first published|created)\b[^\d]{0,20}$",
                            re.I)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template"})
HEADER_WINDOW_CHARS = 600
"""How much text after the headline still counts as the article's header (byline, date)."""


def url_day(url: str | None) -> str | None:
    """The ``/2023/01/19/`` (or ``/2023-01-19/``) date of a URL path, when it has a whole one."""
    match = _URL_DAY.search(urlsplit(url).path) if url else None
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def written_date(text: str) -> tuple[str, str] | None:
    """The first date written out in ``text`` (``Dec. 19, 2023``, ``19 December 2023``,
    ``2023-12-19``) as YYYY-MM-DD, with what precedes it (for "Updated"/"Published" cues)."""
    best: tuple[int, str] | None = None
    for pattern in _WRITTEN_DATES:
        match = pattern.search(text)
        if match is None or (best is not None and match.start() >= best[0]):
            continue
        groups = match.groupdict()
        month = (_MONTH_NUMBER[groups["mon"][:3].lower()] if groups.get("mon")
                 else int(groups["m"]))
        day = int(groups["d"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            best = (match.start(), f"{groups['y']}-{month:02d}-{day:02d}")
    return (best[1], text[: best[0]]) if best else None


def header_date(tree: lxml_html.HtmlElement) -> str | None:
    """The date written just under the page's first ``<h1>``, as the reader sees it.

    A date the page calls "published" or "posted" wins over one it calls "updated"; a
    ``<time>`` element's text (the local date as written) over its ``datetime`` attribute.
    """
    headline = next(tree.iter("h1"), None)
    if headline is None:
        return None
    found: list[tuple[str, str]] = []
    seen = 0
    recent = ""
    for element in _after(tree, headline):
        pieces = [] if element.tag in _SKIPPED_TAGS else [element.text or ""]
        if element.tag == "time":
            pieces.append(element.get("datetime") or "")
        pieces.append(element.tail or "")
        for piece in pieces:
            if not piece.strip():
                continue
            hit = written_date(piece)
            if hit is not None:
                # the cue may stand in the element before ("<span>Updated</span> <time>")
                hit = (hit[0], (recent + " " + hit[1])[-40:])
                found.append(hit)
                if _PUBLISHED_CUE.search(hit[1]):
                    return hit[0]
            recent = (recent + " " + piece.strip())[-40:]
            seen += len(piece.strip())
        if seen > HEADER_WINDOW_CHARS:
            break
    plain = [day for day, before in found if not _UPDATED_CUE.search(before)]
    dates = plain or [day for day, _ in found]
    return dates[0] if dates else None


def _after(tree: lxml_html.HtmlElement, start: lxml_html.HtmlElement) -> Iterator[Any]:
    """The elements that follow ``start`` in document order (its own text excluded)."""
    started = False
    for element in tree.iter():
        if element is start:
            started = True
        elif started and isinstance(element.tag, str) and not _inside(element, start):
            yield element


def _inside(element: Any, ancestor: Any) -> bool:
    return any(parent is ancestor for parent in element.iterancestors())
