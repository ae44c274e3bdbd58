"""Furniture: the lines of a page dump that are not article text, and the line pass that drops it.

Menus (``|``-separated, space-separated, or one word a line), mastheads (``KNA | Kharsk News
Agency``), share buttons, sign-in and newsletter prompts, cookie banners, copyright and legal
footers, comment forms, photo captions with credits, gallery counters and related-link blocks.
The ``is_*``/``starts_*`` tests look at one line on its own; :func:`read_lines` adds what needs
context (runs of menu words, the links under "Read more:", the lines under a newsletter prompt,
a caption line set right above its credit line, a bare name beside the date line as the byline,
everything from "Leave a Reply" on) and turns the remaining lines into units for ``segment``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, cast

from parallax.dateline import (
    PartialDate,
    known_outlet_names,
    outlet_for_agency,
    parse_byline,
    parse_date_line,
    parse_titled_date_line,
    split_dateline,
)

# Whole lines, compared case-folded with trailing punctuation, stars and arrows stripped.
_EXACT = frozenset(
    """
    share|share this|share this article|share on facebook|share on twitter|share on x|
    share on linkedin|share on telegram|share on whatsapp|share via email|tweet|copy link|
    link copied|email|print|whatsapp|telegram|facebook|twitter|x|linkedin|vk|reddit|
    read more|more|see more|show more|load more|continue reading|advertisement|advert|ad|
    sponsored|sponsored content|skip to content|skip to main content|menu|main menu|search|
    home|back to top|top|close|sign in|log in|login|logout|log out|register|subscribe|
    subscribe now|create a free account|sign in or create a free account|my account|
    terms of use|terms of service|terms and conditions|terms & conditions|privacy policy|
    privacy|cookie policy|cookies|cookie settings|manage cookies|accept|accept all|
    accept cookies|reject all|manage preferences|contact|contact us|about|about us|
    sign up for our newsletter|subscribe to our newsletter|newsletter|newsletters|
    sign up|get the newsletter|related|related articles|related stories|related coverage|
    more on this story|more stories|most read|most popular|trending|latest|latest news|
    follow us|leave a reply|leave a comment|cancel reply|comment|comments|name|email|website|
    post comment|submit|you may also like|recommended|editor's picks|view gallery|
    open gallery|enlarge this image|expand|listen to this article|listen|
    поделиться|читать далее|читайте также|реклама|подписаться|комментарии|
    оставить комментарий|политика конфиденциальности|все права защищены|войти
    """.replace("\n", "").replace("    ", "").split("|")
)

_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(©|\(c\)|copyright\b|all rights reserved)",
        r"all rights reserved\.?$",
        r"^your email address will not be published",
        r"^required fields are marked",
        r"^save my name, email,? and website",
        r"^(name|email|e-mail|website|comment)\s*\*$",
        r"^\d+\s+(comments?|responses?|replies)$",
        r"^(comments|replies)\s*\(\d+\)$",
        r"^sign (in|up) (to|for) ",
        r"^(subscribe|sign up) (to|for) (our|the) .*(newsletter|updates|briefing)",
        r"^get (our|the) .{0,40}newsletter",
        r"^we use cookies\b",
        r"^this (site|website) uses cookies\b",
        r"^by (continuing|using) (to use )?(this|our) (site|website)",
        r"^follow (us|[\w ]{2,30}) on (facebook|twitter|x|telegram|instagram|vk)",
        r"^(share|follow) (on|us on) ",
        r"^share( this( article| story| page)?)?\s*:",
        r"^sign in or create (a )?(free )?account\b",
        r"^newsletters?\s*:",
        r"(?:[.!?]|\s[—–-])\s+sign up( now| free)?[.!]?$",  # a prompt's button, not "to sign up."
        r"^our standards\s*:",
        r"^(read more|related|see also|also read|more on this|читайте также)\s*:\s*\S",
        r"^\(?(reporting|writing|editing|additional reporting|compiled) by\b.*\)?$",
        r"^(photo|photograph|image|picture|illustration|video|credit|фото)s?\s*(\d+\s*(of|/)\s*\d+)?\s*[:|/]",
        r"\((photo|photograph|image|credit|фото)\s*:[^)]*\)\.?$",
        r"[.!?]\s+(photo|photograph|image|picture|credit|фото)s?\s*:\s*[^.!?]{2,80}$",
        r"\b(pool|handout) via \w+",
        r"^.{0,200}[.!?]\s+©\s*[^.!?]{2,80}$",  # a caption with its credit (not a long paragraph)
        r"^(photo|image|picture|slide)\s+\d+\s*(of|/)\s*\d+\b",
        r"^\d{1,2}\s*(/|of)\s*\d{1,2}$",
        r"^!\[[^\]]*\]\([^)]*\)$",
        r"^\d+\s+min(ute)?s?\s+read$",
        r"^(updated|published) \d+ (minutes?|hours?|days?) ago$",
    )
]

_RELATED_START = re.compile(
    r"^(read more|related|see also|also read|more on this( story)?|related coverage|"
    r"читайте также)\s*:?\s*$",
    re.IGNORECASE,
)
_PROMPT_START = re.compile(
    r"^(sign up for|subscribe to|get) (our|the) .{0,40}(newsletter|briefing|updates)|"
    r"^we use cookies\b|^this (site|website) uses cookies\b",
    re.IGNORECASE,
)
_COMMENTS_START = re.compile(
    r"^(leave a reply|leave a comment|post a comment|join the conversation|add a comment|"
    r"\d+\s+(comments?|responses?)|comments\s*\(\d+\)|оставить комментарий)\s*:?$",
    re.IGNORECASE,
)
_NAV_SEPARATORS = re.compile(r"\s+[|·•»›/]\s+")
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?P<holder>[^.|©]+?)"
    r"(?:\.|\||,|\s+all rights reserved|$)",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"[\s.:*|»›→>\-–—]+$")
_PERSON = r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’.-]+){1,2}"
_CREDIT_TAIL = re.compile(
    rf"(?:^|[.!?]\s+|\s[-–—/|]\s){_PERSON}\s*[,/]\s*(?P<outlet>[^,/]{{2,40}})$"
)


def _key(line: str) -> str:
    return _TRAILING.sub("", line.strip()).casefold()


def is_furniture(line: str) -> bool:
    """Whether one line, on its own, is page furniture."""
    text = line.strip()
    if not text:
        return False
    if _key(text) in _EXACT or _key(text) in known_outlet_names():
        return True  # a menu word, a button, or the site's name alone (its masthead)
    if is_nav_line(text) or is_credit_line(text) or masthead(text):
        return True
    return any(pattern.search(text) for pattern in _PATTERNS)


def is_nav_line(line: str) -> bool:
    """A menu on one line: ``Home | World | Politics | Sport``, ``Terms of Use · Privacy``."""
    items = _NAV_SEPARATORS.split(line.strip())
    if len(items) >= 3 and all(0 < len(item.split()) <= 3 for item in items):
        return True
    # Legal and account links run longer ("Do Not Sell or Share My Personal Information"):
    # two or more of them, joined by separators, make a footer line.
    return len(items) >= 2 and sum(_is_link_word(item) for item in items) >= 2


_LINK_WORD = re.compile(r"^(terms|privacy|cookie|do not sell|your privacy|accessibility)\b", re.I)


def _is_link_word(item: str) -> bool:
    return _key(item) in _EXACT or bool(_LINK_WORD.match(item.strip()))


def is_spaced_menu(raw: str) -> bool:
    """A menu set apart by runs of spaces, as dumps flatten it: ``NEWS  WAR  POLITICS  ECONOMY``."""
    items = re.split(r"\s{2,}|\t+", raw.strip())
    return len(items) >= 4 and all(
        0 < len(item.split()) <= 3 and item[-1] not in ".!?,;:" for item in items
    )


_VIA_CREDIT = re.compile(r"^[^.!?]{2,60}?,?\s+via\s+(?P<outlet>[^.!?,]{2,40})$", re.I)


def is_credit_line(line: str) -> bool:
    """A photo credit on its own line: ``Photo: Petar Lind``, ``Lev Dana, CP, pool via CP``,
    ``Kharsk Defence Ministry, via CP`` (a short line naming a known outlet after "via")."""
    text = line.strip()
    if _CREDIT_START.match(text) or is_photo_credit(text) or _POOL.search(text):
        return True
    match = _VIA_CREDIT.match(text)
    return match is not None and match.group("outlet").strip().casefold() in known_outlet_names()


_CREDIT_START = re.compile(
    r"^(?:(?:photo|photograph|image|picture|illustration|credit|фото)s?\s*:|©(?!\s*\d{4}))", re.I)
_POOL = re.compile(r"\b(?:pool|handout) via \w+", re.I)


def is_photo_credit(line: str) -> bool:
    """A caption ending in a credit: ``Holm in Bressa. Jan Novak, Meridian, pool via CP``."""
    text = line.strip()
    if len(text) > 300:
        return False
    match = _CREDIT_TAIL.search(text)
    return match is not None and match.group("outlet").strip().casefold() in known_outlet_names()


def is_menu_word(line: str) -> bool:
    """A short line that could be one item of a vertical menu (checked in runs of three)."""
    text = line.strip()
    return 0 < len(text) <= 25 and len(text.split()) <= 3 and text[-1] not in ".!?:;,\"”»"


def starts_related_block(line: str) -> bool:
    """``Read more:`` alone on a line: the links under it are furniture too."""
    return bool(_RELATED_START.match(line.strip()))


def starts_prompt(line: str) -> bool:
    """A newsletter or cookie prompt: the short lines right under it belong to it."""
    return bool(_PROMPT_START.match(line.strip()))


def starts_comments(line: str) -> bool:
    """The comment form or thread: nothing after it is article text."""
    return bool(_COMMENTS_START.match(line.strip()))


_MASTHEAD_SEPARATORS = re.compile(r"\s+(?:[|·•»›/]|[-–—]{1,2})\s+")


def masthead(line: str) -> str | None:
    """A known outlet's name alone on a line, or with its other names or a short title after a
    separator (``KNA | Kharsk News Agency``, ``GLOBAL DESK — Daily Wire Digest``) → the outlet."""
    parts = _MASTHEAD_SEPARATORS.split(line.strip())
    if _key(parts[0]) not in known_outlet_names():
        return None
    rest = parts[1:]
    named = all(_key(part) in known_outlet_names() for part in rest)
    title = len(rest) == 1 and _is_title(rest[0])
    return outlet_for_agency(_key(parts[0])) if not rest or named or title else None


def _is_title(text: str) -> bool:
    """A short name-like title: every word capitalised, no sentence punctuation, no digits."""
    words = text.split()
    return 0 < len(words) <= 5 and all(w[0].isupper() for w in words) and not any(
        c in ".!?,;:" or c.isdigit() for c in text)


def copyright_holder(line: str) -> str | None:
    """``© 2025 Varnia Today. All rights reserved.`` → "Varnia Today"."""
    match = _COPYRIGHT.match(line.strip())
    if not match:
        return None
    holder = match.group("holder").strip(" ,-–—")
    return holder if holder and holder.casefold() != "all rights reserved" else None


# --- the line pass: a page dump → units ------------------------------------------------

Role = Literal["text", "section", "date", "byline", "note"]

_BULLET = re.compile(r"^(?:[-*+•·▪]|\d{1,2}[.)])\s+")
_HEADING = re.compile(r"^#{1,6}\s+")
_RULE = re.compile(r"^(?:[-*_=]\s*){3,}$")
_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])|(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_NOTE = re.compile(
    r"^(?:update\b[^:]{0,20}:|editor['’]?s note\b|correction\s*:|clarification\s*:|"
    r"примечание редакции)", re.IGNORECASE)
_TERMINAL = ".!?:;,…"


@dataclass
class Unit:
    """A paragraph or metadata line of the page, in page order."""

    role: Role
    text: str
    heading: bool = False
    item: bool = False
    date: PartialDate | None = None
    last_line: str = ""
    after_blank: bool = True
    """Whether a blank line (or the page top) comes before it: headline and standfirst lines
    sit together in one block, the body's paragraphs are set apart."""


@dataclass
class PageLines:
    """What step 1 made of a page: its units, each line's role, and page-wide facts."""

    units: list[Unit] = field(default_factory=list)
    roles: list[tuple[str, str]] = field(default_factory=list)
    """(cleaned line, role) per input line; role is a unit role, "furniture" or "blank"."""
    copyright_holder: str | None = None
    masthead: str | None = None
    """The site's name printed alone on a line (a known outlet), e.g. "Varnia Today"."""


def _clean_markdown(raw: str) -> tuple[str, bool, bool]:
    """One line without Markdown syntax → (text, is_heading, is_list_item)."""
    text = raw.replace("\u00a0", " ").replace("\t", " ").strip()
    heading = bool(_HEADING.match(text))
    text = _HEADING.sub("", text).rstrip("# ").removeprefix("> ").removeprefix(">")
    if _RULE.fullmatch(text):
        return "", False, False
    bullet = _BULLET.match(text)
    text = text[bullet.end() :] if bullet else text
    if _MD_IMAGE.fullmatch(text):
        return "![image]()", heading, False  # kept recognisable as furniture
    text = _MD_LINK.sub(r"\1", _MD_IMAGE.sub("", text))
    text = _MD_EM.sub(lambda m: m.group(1) or m.group(2), _MD_STRONG.sub(r"\2", text))
    return re.sub(r"\s{2,}", " ", text).strip(), heading, bool(bullet)


def _wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped dump breaks at, or None when lines run to paragraph length."""
    lengths = [len(line) for line in lines if line]
    if not lengths or max(lengths) > 100:
        return None
    width = max(lengths)
    return width if sum(n >= width - 10 for n in lengths) >= 3 else None


def _is_section(text: str) -> bool:
    if len(text) > 40:
        return False
    letters = [c for c in text if c.isalpha()]
    return (
        len(letters) >= 3 and all(c.isupper() for c in letters) and len(text) <= 40
        and len(text.split()) <= 5 and text[-1] not in _TERMINAL and split_dateline(text) is None
        and not any(c.isdigit() for c in text)
    )


def _continues(unit: Unit, line: str, width: int | None) -> bool:
    """Whether ``line`` goes on the paragraph ``unit`` (same block, no blank line between)."""
    if unit.role not in ("text", "note") or unit.heading or split_dateline(line):
        return False
    previous = unit.last_line
    first_word = line.split()[0]
    if width and len(previous) + 1 + len(first_word) > width - 2:
        return True  # the word did not fit on the previous line: a hard wrap
    return previous[-1] not in _TERMINAL and line[0].islower()


def _menu_runs(cleaned: list[str]) -> set[int]:
    """Indexes of lines in runs of three or more menu-like lines (a vertical nav menu)."""
    found: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*cleaned, ""]):
        if line and is_menu_word(line) and not parse_date_line(line):
            run.append(index)
            continue
        if len(run) >= 3:
            found.update(run)
        run = []
    return found


def read_lines(body: str) -> PageLines:
    """Step 1: a page dump → units (paragraphs and metadata lines) and each line's role."""
    raw_lines = body.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    cleaned = [_clean_markdown(line) for line in raw_lines]
    texts = [text for text, _, _ in cleaned]
    width = _wrap_width(texts)
    menus = _menu_runs(texts)
    out = PageLines()
    open_unit: Unit | None = None
    under: str | None = None  # "related" or "prompt": the furniture block being read
    after_blank = False
    for index, (text, heading, item) in enumerate(cleaned):
        role = _line_role(text, heading, index in menus or is_spaced_menu(raw_lines[index]))
        if role == "text" and _bare_byline(texts, index):
            role = "byline"
        if role == "end":
            out.roles.extend((t, "furniture") for t in texts[index:])
            break
        if role == "blank":
            open_unit, after_blank = None, True
            out.roles.append((text, role))
            continue
        if _still_under(under, text, item, after_blank):
            role = "furniture"
        else:
            under = _block_start(text)
        after_blank = False
        if (role == "furniture" and open_unit is not None and out.roles
                and out.roles[-1][1] == "text" and is_credit_line(text)):
            _drop_caption(out, open_unit)
            open_unit = None
        if role == "furniture" or under:
            out.copyright_holder = out.copyright_holder or copyright_holder(text)
            out.masthead = out.masthead or masthead(text)
            out.roles.append((text, "furniture"))
            continue
        out.roles.append((text, role))
        if role == "text" and open_unit and not item and _continues(open_unit, text, width):
            open_unit.text += " " + text
            open_unit.last_line = text
            continue
        date = parse_titled_date_line(text) if role == "date" else None
        if role == "byline":
            who, date = parse_byline(text) or (text, None)
            text = who
        unit = Unit(cast(Role, role), text, heading=heading, item=item, date=date, last_line=text,
                    after_blank=not out.roles[:-1] or out.roles[-2][1] in ("blank", "furniture"))
        out.units.append(unit)
        open_unit = unit if role in ("text", "note") else None
    return out


_NAME_LINE = re.compile(
    r"^[A-ZА-ЯЁ][a-zа-яё'’-]+(?:\s+[A-ZА-ЯЁ][a-zа-яё'’-]+){1,2}$")


def _bare_byline(texts: list[str], index: int) -> bool:
    """A name alone on a line right above or below the date line: a byline without "By"."""
    if not _NAME_LINE.match(texts[index]):
        return False
    neighbours = texts[index - 1 : index] + texts[index + 1 : index + 2]
    return any(line and len(line) <= 80 and parse_titled_date_line(line) for line in neighbours)


def _drop_caption(out: PageLines, unit: Unit) -> None:
    """A credit line ends a photo caption: the one-line text block right above it goes too."""
    if unit.role == "text" and unit.text == unit.last_line and out.units[-1] is unit \
            and len(unit.text) <= 300 and not unit.heading:
        out.units.pop()
        out.roles[-1] = (out.roles[-1][0], "furniture")


def _block_start(text: str) -> str | None:
    if starts_related_block(text):
        return "related"
    return "prompt" if starts_prompt(text) else None


def _still_under(under: str | None, text: str, item: bool, after_blank: bool) -> bool:
    """Whether a line belongs to the "Read more:" links or the prompt above it."""
    if under == "related":
        return item or (not after_blank and text[-1] not in ".!?")
    return under == "prompt" and not after_blank and len(text) <= 120


def _line_role(text: str, heading: bool, in_menu: bool) -> str:
    if not text:
        return "blank"
    if starts_comments(text):
        return "end"
    if in_menu or is_furniture(text):
        return "furniture"
    if parse_byline(text):  # before dates: "By Anna Lind | March 4, 2025" is a byline
        return "byline"
    if len(text) <= 80 and parse_titled_date_line(text):
        return "date"
    if _is_section(text):
        return "section"
    if _NOTE.match(text):
        return "note"
    return "text"
