"""Datelines, dates and bylines: the small metadata lines of a news page.

    KHARSK, March 17. /KNA/. Text…          → Dateline("KHARSK", "March 17", "KNA"), "Text…"
    TESSELGRAD (Voice of Kharsk) – Text…    → Dateline("TESSELGRAD", None, "Voice of Kharsk")
    BRESSA, March 3 (CP) — Text…            → Dateline("BRESSA", "March 3", "CP")
    OSTRIK (March 5) — Text…                → Dateline("OSTRIK", "March 5", None)
    BRENNA, March 4 — Text…                 → Dateline("BRENNA", "March 4", None)

Dates are read, never guessed: a dateline's "March 17" becomes 2025-03-17 only when the page says
which year it is. Agencies map to outlet names through ``data/agencies.tsv`` (editable).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from parallax.models import Dateline

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan янв января январь",
        "february feb feb. февраля февраль фев",
        "march mar марта март мар",
        "april apr апреля апрель апр",
        "may мая май",
        "june jun июня июнь",
        "july jul июля июль",
        "august aug августа август авг",
        "september sep sept сентября сентябрь сен",
        "october oct октября октябрь окт",
        "november nov ноября ноябрь ноя",
        "december dec декабря декабрь дек",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name.rstrip(".")] = _number

_WEEKDAYS = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thurs|fri|sat|"
    "sun|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье"
)
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"

# One date in the forms news pages print; each names its groups day, month, year.
_DATE_FORMS = [
    re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)"),
    re.compile(r"(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)"),
    re.compile(rf"(?P<month>{_MONTH})\.?\s+{_DAY}(?:,?\s+{_YEAR})?", re.IGNORECASE),
    re.compile(rf"{_DAY}\s+(?P<month>{_MONTH})\.?,?(?:\s+{_YEAR}(?:\s*г\.?)?)?", re.IGNORECASE),
]
_WEEKDAY_PREFIX = re.compile(rf"^(?:{_WEEKDAYS})\.?,?\s+", re.IGNORECASE)
_TIME_SUFFIX = re.compile(
    r"^[\s,|·•–—-]*(?:at\s+|в\s+)?(?:[0-2]?\d[:.][0-5]\d(?::[0-5]\d)?\s*(?:[ap]\.?m\.?)?"
    r"(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?)?[\s.]*$",
    re.IGNORECASE,
)
_DATE_PREFIX = re.compile(
    r"^(?:published|updated|posted|last updated|date|опубликовано|обновлено)\s*:?\s*(?:on\s+)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PartialDate:
    """A date as printed: the year may be missing ("March 17")."""

    year: int | None
    month: int
    day: int

    def resolve(self, reference: PartialDate | None) -> str | None:
        """ISO date, borrowing the year from ``reference``; None when no year is known."""
        year = self.year
        if year is None and reference is not None and reference.year is not None:
            year = reference.year
            # A "December 31" item on a page dated January 1 belongs to the year before.
            if self.month - reference.month > 6:
                year -= 1
        if year is None:
            return None
        try:
            return dt.date(year, self.month, self.day).isoformat()
        except ValueError:
            return None


def _partial(match: re.Match[str]) -> PartialDate | None:
    month_text = match.group("month").lower().rstrip(".")
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
    year = match.group("year")
    day = int(match.group("day"))
    if month is None or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    return PartialDate(int(year) if year else None, month, day)


def find_date(text: str) -> PartialDate | None:
    """The first date written anywhere in ``text``."""
    found: list[tuple[int, PartialDate]] = []
    for form in _DATE_FORMS:
        match = form.search(text)
        if match and (date := _partial(match)):
            found.append((match.start(), date))
    return min(found, key=lambda item: item[0])[1] if found else None


_TIME_PREFIX = re.compile(
    r"^(?:at\s+)?[0-2]?\d[:.][0-5]\d\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:[A-Z]{2,5}(?:[+-]\d{1,2})?)?"
    r"\s*[,|·•–—-]?\s+"
)


def parse_date_line(line: str) -> PartialDate | None:
    """A line that is only a date (with weekday, time, "Published:" allowed): the page date.

    The time may come first, as wire sites print it: ``Published 6:48 PM GMT+1, March 6, 2025``.
    """
    text = _WEEKDAY_PREFIX.sub("", _DATE_PREFIX.sub("", line.strip()))
    text = _WEEKDAY_PREFIX.sub("", _TIME_PREFIX.sub("", text))
    for form in _DATE_FORMS:
        match = form.match(text)
        if match and _TIME_SUFFIX.match(text[match.end() :]) and (date := _partial(match)):
            return date
    return None


_TITLE_SEPARATOR = re.compile(r"\s+(?:[|·•]|-{1,2}|[–—])\s+")


def parse_titled_date_line(line: str) -> PartialDate | None:
    """A date line, or a short page title with the date after a separator (``DIGEST -- 26 Mar``)."""
    if date := parse_date_line(line):
        return date
    parts = _TITLE_SEPARATOR.split(line.strip())
    if len(parts) >= 2 and len(parts[0]) <= 40:
        return parse_date_line(parts[-1])
    return None


def is_date_text(text: str) -> bool:
    """Whether ``text`` is just a date ("March 17", "17 марта", "Monday")."""
    stripped = text.strip().rstrip(".")
    return bool(parse_date_line(stripped)) or bool(re.fullmatch(_WEEKDAYS, stripped, re.I))


def iso_date(text: str | None) -> str | None:
    """A full ISO date from a meta field ("2025-03-17T10:00Z", "March 17, 2025"), else None."""
    if not text:
        return None
    date = find_date(text)
    return date.resolve(None) if date else None


# --- datelines -------------------------------------------------------------------------------

_CITY = r"(?P<city>[A-ZА-ЯЁ][A-ZА-ЯЁ'’.\-]+(?:\s+[A-ZА-ЯЁ][A-ZА-ЯЁ'’.\-]+){0,3})"
_DASH = r"[-–—]{1,2}"
_SLASH_AGENCY = re.compile(
    rf"^{_CITY}(?:,\s*(?P<date>[^/()\n]{{3,40}}?))?\.?\s*/(?P<agency>[^/\n]{{1,40}})/\.?"
    rf"(?:\s*{_DASH})?\s+"
)
_PAREN = re.compile(
    rf"^{_CITY}(?:,\s*(?P<date>[^()\n]{{3,40}}?))?\s*\((?P<paren>[^()\n]{{1,40}})\)\s*"
    rf"(?:{_DASH}|:)\s*"
)
_DASH_ONLY = re.compile(rf"^{_CITY}(?:,\s*(?P<date>[^()\n–—]{{3,40}}?))?\s+{_DASH}\s+")
_REGION = re.compile(r"[A-ZА-ЯЁ][\w'’-]+(?:\s+[A-ZА-ЯЁ][\w'’-]+){0,2}")


def _city_ok(city: str) -> bool:
    letters = [c for c in city if c.isalpha()]
    return len(letters) >= 3


def split_dateline(paragraph: str) -> tuple[Dateline, str] | None:
    """Split the dateline off a paragraph's start → ``(Dateline, rest)``; None without one."""
    for pattern in (_SLASH_AGENCY, _PAREN, _DASH_ONLY):
        match = pattern.match(paragraph)
        if not match or not _city_ok(match.group("city")):
            continue
        city = match.group("city").strip()
        date_text = (match.group("date") or "").strip().rstrip(".") or None
        agency = match.groupdict().get("agency")
        paren = match.groupdict().get("paren")
        if paren is not None:
            if is_date_text(paren) and date_text is None:
                date_text, agency = paren.strip(), None
            else:
                agency = paren
        if date_text is not None and not is_date_text(date_text):
            region, _, when = date_text.partition(", ")
            if _REGION.fullmatch(date_text):
                city, date_text = f"{city}, {date_text}", None
            elif _REGION.fullmatch(region) and is_date_text(when):
                city, date_text = f"{city}, {region}", when  # VESTERHOLM, Lindmark, March 25 (CP)
            else:
                continue
        rest = paragraph[match.end() :].strip()
        if rest and (not any(c.islower() for c in rest) or parse_date_line(rest)
                     or _is_title(rest)):
            continue  # "GLOBAL DESK — DAILY BRIEFING", "KNA — Daily Wire Digest": titles
        agency = agency.strip() if agency else None
        return Dateline(city=city, date_text=date_text, agency=agency), rest
    return None


def _is_title(rest: str) -> bool:
    """A few capitalised words and no sentence end: a page title, not a lead's opening."""
    words = rest.split()
    return len(words) <= 6 and rest[-1] not in ".!?:;,\"”" and all(w[0].isupper() for w in words)


# --- agencies --------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def agency_table() -> dict[str, str]:
    """alias (case-folded) → outlet name, from ``data/agencies.tsv``."""
    text = resources.files("parallax").joinpath("data/agencies.tsv").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        alias, _, name = line.partition("\t")
        table[alias.strip().casefold()] = (name or alias).strip()
    return table


def outlet_for_agency(agency: str | None) -> str | None:
    """The outlet an agency stands for; an unknown agency is kept as the page wrote it."""
    if not agency:
        return None
    return agency_table().get(agency.strip().casefold(), agency.strip())


@lru_cache(maxsize=1)
def known_outlet_names() -> frozenset[str]:
    """Every alias and name in the table, case-folded (used to spot photo credits)."""
    table = agency_table()
    return frozenset(table) | frozenset(name.casefold() for name in table.values())


# --- bylines ---------------------------------------------------------------------------------

_BYLINE = re.compile(
    r"^(?:[Bb][Yy]|[Оо]т|[Аа]втор:?)\s+"
    r"(?P<who>[A-ZА-ЯЁ][\w.'’-]*(?:[ \t]+(?:and|и|&|[A-ZА-ЯЁ][\w.'’-]*),?)*"
    r"(?:,[ \t]+[A-ZА-ЯЁ][\w'’-]*(?:[ \t]+[A-ZА-ЯЁ][\w'’-]*){0,3})?)"
    r"(?:[ \t]*[|·•–—,-][ \t]*(?P<when>.+))?$"
)


def parse_byline(line: str) -> tuple[str, PartialDate | None] | None:
    """``By Anna Lind | March 4, 2025`` → ("Anna Lind", 2025-03-04); None for other lines."""
    text = line.strip()
    if len(text) > 120:
        return None
    match = _BYLINE.match(text)
    if not match:
        return None
    who = match.group("who").strip().rstrip(",")
    when = match.group("when")
    date = parse_date_line(when) if when else None
    if when and date is None:
        return None
    if not who[:1].isupper() or len(who.split()) > 10:
        return None
    return _name_case(_without_place(who)), date


def _without_place(who: str) -> str:
    """``Hannah Crewe, Brenna`` → "Hannah Crewe": one word after the comma says where, not who
    (an outlet there stays: "Jan Novak, Meridian" says whom the writer works for)."""
    name, _, tail = who.rpartition(", ")
    place = len(tail.split()) == 1 and tail.casefold() not in known_outlet_names()
    return name if name and place and len(name.split()) >= 2 else who


def _name_case(who: str) -> str:
    """``KAREL NOVAK and ELSA MARR`` → "Karel Novak and Elsa Marr" (names set in capitals)."""
    letters = [c for w in who.split() if w.lower() not in _JOINERS for c in w if c.isalpha()]
    if len(letters) < 4 or not all(c.isupper() for c in letters):
        return who
    return " ".join(w if w.lower() in _JOINERS else _capitalize(w) for w in who.split())


_JOINERS = ("and", "и", "&")


def _capitalize(word: str) -> str:
    """``O'NEILL`` → "O'Neill", ``HOLM-BERG`` → "Holm-Berg"."""
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), word)
