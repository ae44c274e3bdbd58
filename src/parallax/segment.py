"""Page → articles: split digests, drop furniture, read headline, standfirst, dateline and dates.

A text dump is read in three steps:

1. **Lines → units.** Each line is cleaned of Markdown, then dropped as furniture
   (:mod:`parallax.furniture`), or kept as a page date, a byline, a section header (short line in
   capitals), an editor's note, or text. Text lines join into paragraphs when the dump is
   hard-wrapped (the previous line was full) or the next line plainly continues a sentence;
   otherwise a newline ends a paragraph. Everything from "Leave a Reply" on is dropped.
2. **Units → items.** Every paragraph that opens with a dateline starts an item; the headline
   (and standfirst) are the one or two short lines just above it (two lines printed in one
   block, with no blank line between, are always headline + standfirst). Under a section
   header, a headline without a dateline also starts an item. A page with no such start is one
   article whose headline is its first headline-like line; the standfirst is the short line
   under it when a byline or date follows, or when it shares the headline's block. With the
   headline line missing, a standfirst followed by the byline or date is still the standfirst.
   Text above a digest's first item becomes an article of its own when it reads like one (two
   paragraphs, or :data:`MIN_LEAD_IN_WORDS` words); a shorter blurb is logged, never silently
   dropped.
3. **Items → articles**, with fields in this order of evidence (infer, never invent):
   outlet = dateline agency (via ``data/agencies.tsv``) → footer copyright holder →
   ``meta.outlet`` → ``meta.site_name``; published = dateline date (year from the page date line)
   → byline date → page date line → ``meta.published``; a missing headline is the lead's first
   sentence, flagged ``+headline-from-lead`` in ``Article.method``.

For ``kind="article"`` pages the body is one article: only steps 1 and 3 run, and ``page.meta``
wins for headline, byline, outlet and published. A short paragraph printed just above the
dateline paragraph is the page's dek: it becomes the standfirst (over a meta summary) and the
dateline is read from the paragraph under it.

Ids: a page that yields one article keeps its URL (the id follows the URL, so later edits become
revisions). The items of a multi-article page get ``url=None`` and ids from outlet and text: they
share the page's URL, and a shared URL would give them one id (``canonical_url`` drops ``#n``).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from parallax.config import SegmentOptions
from parallax.dateline import (
    PartialDate,
    iso_date,
    outlet_for_agency,
    parse_date_line,
    split_dateline,
)
from parallax.furniture import PageLines, Unit, read_lines
from parallax.models import Article, Dateline, Page, Rejected, article_id

logger = logging.getLogger(__name__)

LANGUAGES = ("en", "ru", "uk", "be", "pl", "cs", "sk", "bg", "sr", "hr", "sl", "ro", "hu", "de",
             "fr", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "et", "lv", "lt", "tr", "el")
"""py3langid is restricted to these: European languages and the region's neighbours."""
MIN_LANGUAGE_CHARS = 40
"""Below this, py3langid guesses; the page's declared language (or English) is used instead."""

WIRE_PREFIX = re.compile(r"^(?:UPDATE\s*\d*|WRAPUP\s*\d*|EXCLUSIVE|ANALYSIS)\s*[-:]\s*")
"""Wire-service version tags that open a headline (``UPDATE 2-``): dropped from the headline."""
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’»)]*\s+(?=[\"“«(]?[A-ZА-ЯЁ0-9])")
_ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Gen|Maj|Col|Lt|Sgt|Capt|Adm|Gov|Sen|Rep|St|No|Jan|Feb|Mar|Apr|Jun|Jul|"
    r"Aug|Sep|Sept|Oct|Nov|Dec|[A-ZА-Я])\.$")
HEADLINE_FROM_LEAD_CHARS = 110
LANGUAGE_SAMPLE_CHARS = 3000
"""py3langid reads at most this much of an article: enough to tell, and long pages stay fast."""


# --- step 2: units → items -------------------------------------------------------------------


@dataclass
class Item:
    """One article's span of units: [start, end), with its head's parts located."""

    start: int
    body_start: int
    end: int = 0
    headline: int | None = None
    standfirst: int | None = None


def _headline_like(unit: Unit) -> bool:
    text = unit.text
    if unit.role != "text" or unit.item:
        return False
    if unit.heading:
        return True
    return (
        8 <= len(text) <= 160 and len(text.split()) <= 24 and text[-1] not in ".,;:…"
        and not text[0].islower() and split_dateline(text) is None
    )


def _standfirst_like(unit: Unit) -> bool:
    return (
        unit.role == "text" and not unit.item and not unit.heading and 20 <= len(unit.text) <= 320
        and not unit.text.endswith(":") and split_dateline(unit.text) is None
    )


def _head_above(units: list[Unit], at: int, floor: int) -> Item:
    """Find the headline (and standfirst) in the one or two text units above index ``at``."""
    top = at
    while top - 1 > floor and units[top - 1].role in ("byline", "date", "note"):
        top -= 1
    lower = units[top - 1] if top - 1 > floor else None
    upper = units[top - 2] if top - 2 > floor else None
    if lower is None or lower.role != "text":
        return Item(start=top, body_start=at)
    upper_ok = upper is not None and _headline_like(upper)
    if _headline_like(lower):
        # Two short lines: headline + standfirst, unless the upper one ends the item before.
        # Printed together in one block (no blank line between), they are one head.
        pair = upper_ok and upper is not None and not lower.heading and (
            upper.heading or not lower.after_blank or top - 3 <= floor
            or units[top - 3].role in ("section", "date") or len(upper.text) <= len(lower.text)
        )
        if pair:
            return Item(start=top - 2, body_start=at, headline=top - 2, standfirst=top - 1)
        return Item(start=top - 1, body_start=at, headline=top - 1)
    if upper_ok and _standfirst_like(lower):
        return Item(start=top - 2, body_start=at, headline=top - 2, standfirst=top - 1)
    return Item(start=at, body_start=at)


def _head_below(units: list[Unit], at: int) -> Item:
    """A headline at ``at`` with no dateline, and the standfirst under it: a short line followed
    by the byline or date, or printed in the headline's block when the body is set apart."""
    below = at + 1
    standfirst = None
    if below + 1 < len(units) and _standfirst_like(units[below]) and (
        units[below + 1].role in ("byline", "date")
        or (not units[below].after_blank and units[below + 1].after_blank)
    ):
        standfirst, below = below, below + 1
    while below < len(units) and units[below].role in ("byline", "date"):
        below += 1
    return Item(start=at, body_start=below, headline=at, standfirst=standfirst)


def find_items(units: list[Unit]) -> list[Item]:
    """Step 2: where each article of the page starts and ends."""
    items: list[Item] = []
    floor = -1
    for index, unit in enumerate(units):
        if unit.role == "text" and not unit.item and split_dateline(unit.text):
            items.append(_head_above(units, index, floor))
            floor = index
    if len(items) == 1 and _text_before(units, items[0].start):
        items = []  # one "dateline" deep in a page's text is more likely a sentence; lose nothing
    starts = {item.start for item in items} | {item.body_start for item in items}
    for index, unit in enumerate(units[:-1]):
        after = index + 1
        while after < len(units) and units[after].role == "date":
            after += 1
        if (
            unit.role == "section" and after < len(units) and after not in starts
            and _headline_like(units[after]) and not _inside_head(items, after)
        ):
            items.append(_head_below(units, after))
    if not items:
        first = next((i for i, u in enumerate(units) if u.role in ("text", "note")), None)
        if first is None:
            return []
        items.append(_single_head(units, first))
    items.sort(key=lambda item: item.start)
    if _text_before(units, items[0].start) and (lead_in := _lead_in(units, items[0].start)):
        items.insert(0, lead_in)
    for item, following in itertools.pairwise(items):
        item.end = following.start
    items[-1].end = len(units)
    return items


def _single_head(units: list[Unit], first: int) -> Item:
    """The head of a one-article page: a headline, or (its headline line missing from the dump)
    a standfirst followed by the byline or date, or nothing: the body starts at once."""
    if _headline_like(units[first]):
        return _head_below(units, first)
    after = first + 1
    if _standfirst_like(units[first]) and after < len(units) and units[after].role in (
            "byline", "date"):
        while after < len(units) and units[after].role in ("byline", "date"):
            after += 1
        return Item(start=first, body_start=after, standfirst=first)
    return Item(start=first, body_start=first)


MIN_LEAD_IN_WORDS = 40
"""Text above a digest's first item is an article of its own from this many words (or two
paragraphs, or a headline over a paragraph); shorter, it is the page's blurb ("Compiled from
agency reports.") and is logged, never silently dropped."""


def _lead_in(units: list[Unit], end: int) -> Item | None:
    """What stands above the first item of a multi-item page: an item if it reads like one."""
    start = next(i for i, u in enumerate(units) if u.role in ("text", "note"))
    texts = [u for u in units[start:end] if u.role in ("text", "note")]
    words = sum(len(u.text.split()) for u in texts)
    if len(texts) >= 2 or words >= MIN_LEAD_IN_WORDS:
        return _single_head(units, start)
    logger.info("text above the first item kept out of the articles: %r",
                " / ".join(u.text for u in texts))
    return None


def _text_before(units: list[Unit], index: int) -> bool:
    return any(unit.role in ("text", "note") for unit in units[:index])


def _inside_head(items: list[Item], index: int) -> bool:
    return any(item.start <= index < item.body_start for item in items)


# --- step 3: items → articles ----------------------------------------------------------------


@dataclass
class _Found:
    """What one item's units say about it, before the page's own evidence is weighed."""

    paragraphs: list[str] = field(default_factory=list)
    dateline: Dateline | None = None
    byline: str | None = None
    byline_date: PartialDate | None = None
    item_date: PartialDate | None = None


def _read_item(units: list[Unit], item: Item) -> _Found:
    found = _Found()
    seen_text = False
    for index in range(item.start, item.end):
        unit = units[index]
        if index in (item.headline, item.standfirst) or unit.role == "section":
            continue
        if unit.role == "date":
            found.item_date = found.item_date or unit.date
        elif unit.role == "byline":
            if found.byline is None:
                found.byline, found.byline_date = unit.text, unit.date
        else:
            text = " ".join(unit.text.split())
            if unit.role == "text" and not seen_text and not unit.item:
                seen_text = True  # only the first text paragraph (notes may precede it)
                split = split_dateline(text)
                if split:
                    found.dateline, text = split
            if text:
                found.paragraphs.append(text)
    return found


def _first_sentence(text: str) -> str:
    for match in _SENTENCE_END.finditer(text):
        before = text[max(0, match.start() - 16) : match.start()]  # a window: keeps this linear
        if not _ABBREVIATION.search(before.rstrip("\"”’»)")):
            return text[: match.start()].strip()
    return text.strip()


def headline_from_lead(paragraph: str) -> str:
    """The lead's first sentence without its full stop; if long, cut at a clause or a word (…)."""
    sentence = _first_sentence(paragraph).rstrip(".")
    if len(sentence) <= HEADLINE_FROM_LEAD_CHARS:
        return sentence
    head = sentence[:HEADLINE_FROM_LEAD_CHARS]
    clause = head.rsplit(", ", 1)[0]
    if ", " in head and len(clause) >= HEADLINE_FROM_LEAD_CHARS // 2:
        return clause  # the sentence minus its trailing clause (often "…, officials said")
    return head.rsplit(" ", 1)[0].rstrip(",;:–—-") + "…"


@lru_cache(maxsize=1)
def language_identifier() -> LanguageIdentifier:
    """py3langid restricted to :data:`LANGUAGES` (built once; cheap to share)."""
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect_language(text: str, default: str) -> str:
    """ISO 639-1 code of ``text``; ``default`` when the text is too short to tell."""
    if len(text.strip()) < MIN_LANGUAGE_CHARS:
        return default
    language, _ = language_identifier().classify(text[:LANGUAGE_SAMPLE_CHARS])
    return str(language)


def _published(found: _Found, page_date: PartialDate | None) -> str | None:
    reference = found.item_date or found.byline_date or page_date
    date_text = found.dateline.date_text if found.dateline else None
    candidates = [parse_date_line(date_text) if date_text else None, found.byline_date,
                  found.item_date, page_date]
    for date in candidates:
        if date and (iso := date.resolve(reference)):
            return iso
    return None


def _article(page: Page, units: list[Unit], item: Item, found: _Found, facts: PageLines,
             position: tuple[int, int], opts: SegmentOptions) -> Article:
    meta, is_article = page.meta, page.kind == "article"
    method = f"{page.method}+segment"
    headline = WIRE_PREFIX.sub("", units[item.headline].text) if item.headline is not None else ""
    if is_article and meta.headline:
        headline = meta.headline.strip()
    if not headline:
        headline = headline_from_lead(found.paragraphs[0])
        method += "+headline-from-lead"
    standfirst = units[item.standfirst].text if item.standfirst is not None else None
    agency_outlet = outlet_for_agency(found.dateline.agency if found.dateline else None)
    on_page = [facts.copyright_holder, facts.masthead]
    outlets = [meta.outlet, agency_outlet, meta.site_name, *on_page] if is_article \
        else [agency_outlet, *on_page, meta.outlet, meta.site_name]
    page_date = next((u.date for u in units if u.role == "date" and u.date), None)
    published = _published(found, page_date)
    if is_article or published is None:
        published = iso_date(meta.published) or published
    number, total = position
    text = "\n".join([headline, *found.paragraphs])
    default_language = meta.language or "en"
    paragraphs = tuple(found.paragraphs)
    outlet = next((o for o in outlets if o), None)
    url = page.url if total == 1 else None
    return Article(
        id=article_id(url=url, outlet=outlet, headline=headline, paragraphs=paragraphs),
        source=page.source if total == 1 else f"{page.source}#{number}",
        headline=headline,
        paragraphs=paragraphs,
        outlet=outlet,
        url=url,
        # The dek printed above the dateline wins over a meta summary (often the lead reworded).
        standfirst=standfirst or (meta.standfirst if is_article else None),
        byline=(meta.byline if is_article and meta.byline else found.byline),
        published=published,
        section=_section(units, item) or meta.section,
        dateline=found.dateline,
        language=detect_language(text, default_language) if opts.detect_language
        else default_language,
        fetched=page.fetched,
        method=method,
    )


def _section(units: list[Unit], item: Item) -> str | None:
    above = [u.text for u in units[: item.start] if u.role == "section"]
    return above[-1] if above else None


def segment(page: Page, *, opts: SegmentOptions) -> list[Article]:
    """One page → its articles (none when the page holds only furniture)."""
    facts = read_lines(page.body)
    units = facts.units
    if page.kind == "article":
        items = [_article_item(units, page.meta.headline)] if units else []
    else:
        items = find_items(units)
    founds = [(item, found) for item in items if (found := _read_item(units, item)).paragraphs]
    total = len(founds)
    return [
        _article(page, units, item, found, facts, (number, total), opts)
        for number, (item, found) in enumerate(founds, start=1)
    ]


def _article_item(units: list[Unit], headline: str | None) -> Item:
    """A whole page body as one item; a short paragraph set above the dateline is its standfirst
    (the dek an HTML page prints under its headline), unless it only repeats the headline."""
    item = Item(start=0, body_start=0, end=len(units))
    first = next((i for i, u in enumerate(units) if u.role == "text"), None)
    if first is None or first + 1 >= len(units):
        return item
    below = units[first + 1]
    dek = units[first].text
    if (
        _standfirst_like(units[first]) and below.role == "text" and not below.item
        and split_dateline(below.text) is not None
        and " ".join(dek.split()) != " ".join((headline or "").split())
    ):
        item.standfirst = first
    return item


def _why_empty(page: Page) -> str:
    if not page.body.strip():
        return "empty page: no text to segment"
    facts = read_lines(page.body)
    dropped = sum(role == "furniture" for _, role in facts.roles)
    if not facts.units:
        return f"no article text: the page holds only furniture ({dropped} lines removed)"
    return f"no article body found under any headline ({dropped} furniture lines removed)"


def segment_pages(
    pages: Iterable[Page | Rejected], *, opts: SegmentOptions
) -> Iterator[Article | Rejected]:
    """The batch form: articles in page order; a page without articles becomes a Rejected."""
    for page in pages:
        if isinstance(page, Rejected):
            yield page
            continue
        articles = segment(page, opts=opts)
        if not articles:
            yield Rejected(source=page.source, stage="segment", reason=_why_empty(page))
        yield from articles
