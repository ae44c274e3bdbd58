"""Datelines, page dates and bylines."""

from __future__ import annotations

import pytest

from parallax.dateline import (
    PartialDate,
    iso_date,
    outlet_for_agency,
    parse_byline,
    parse_date_line,
    parse_titled_date_line,
    split_dateline,
)
from parallax.models import Dateline


@pytest.mark.parametrize(
    ("text", "dateline", "rest"),
    [
        ("KHARSK, March 17. /KNA/. Belskaya said.", Dateline("KHARSK", "March 17", "KNA"),
         "Belskaya said."),
        ("TESSELGRAD (Voice of Kharsk) – Troops left.",
         Dateline("TESSELGRAD", None, "Voice of Kharsk"), "Troops left."),
        ("DRAVOHRAD (Meridian) - Selvik said.", Dateline("DRAVOHRAD", None, "Meridian"),
         "Selvik said."),
        ("BRESSA, March 3 (CP) — Aalto said.", Dateline("BRESSA", "March 3", "CP"), "Aalto said."),
        ("OSTRIK (March 5) — Shelling went on.", Dateline("OSTRIK", "March 5", None),
         "Shelling went on."),
        ("BRENNA, Jan. 1 — Fireworks were banned.", Dateline("BRENNA", "Jan. 1", None),
         "Fireworks were banned."),
        ("BRENNA, Varnia (Meridian) - Ships sailed.", Dateline("BRENNA, Varnia", None, "Meridian"),
         "Ships sailed."),
        ("ХАРСК, 17 марта. /КНА/. Бельская заявила.", Dateline("ХАРСК", "17 марта", "КНА"),
         "Бельская заявила."),
        ("VESTERHOLM, Lindmark, March 25 (CP) — Talks ended.",
         Dateline("VESTERHOLM, Lindmark", "March 25", "CP"), "Talks ended."),
    ],
)
def test_dateline_split(text: str, dateline: Dateline, rest: str) -> None:
    assert split_dateline(text) == (dateline, rest)


@pytest.mark.parametrize(
    "text",
    ["UPDATE: adds quote", "NATO said on Monday", "GLOBAL DESK — DAILY BRIEFING",
     "KNA SUMMARY -- 26 Mar 2025, 19:00", "Kharsk, March 17. Talks went on.", "WA — OK",
     "GLOBAL DESK — Daily Wire Digest"],
)
def test_dateline_rejects_non_datelines(text: str) -> None:
    assert split_dateline(text) is None


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("17 Mar 2025, 10:32", PartialDate(2025, 3, 17)),
        ("Monday, March 17, 2025", PartialDate(2025, 3, 17)),
        ("Published: 4 March 2025 09:10 GMT", PartialDate(2025, 3, 4)),
        ("17 марта 2025, 10:32", PartialDate(2025, 3, 17)),
        ("2025-03-17", PartialDate(2025, 3, 17)),
        ("March 17", PartialDate(None, 3, 17)),
        ("Kharsk said on 17 March", None),
        ("March 17, 2025 was a Monday", None),
        ("Published 6:48 PM GMT+1, March 6, 2025", PartialDate(2025, 3, 6)),
        ("Updated 18:05, 7 March 2025", PartialDate(2025, 3, 7)),
        ("6:48 PM The troops left on March 6", None),
    ],
)
def test_dateline_page_date_line(line: str, date: PartialDate | None) -> None:
    assert parse_date_line(line) == date


def test_dateline_titled_date_line() -> None:
    assert parse_titled_date_line("KNA DAILY SUMMARY -- 26 Mar 2025, 19:00") == PartialDate(
        2025, 3, 26)
    long_title = "A very long title that goes on and on and on forever"
    assert parse_titled_date_line(f"{long_title} | 2025-03-01") is None


def test_dateline_year_comes_from_the_page_only() -> None:
    assert PartialDate(None, 3, 17).resolve(PartialDate(2025, 3, 18)) == "2025-03-17"
    assert PartialDate(None, 12, 31).resolve(PartialDate(2026, 1, 1)) == "2025-12-31"
    assert PartialDate(None, 3, 17).resolve(None) is None
    assert PartialDate(2025, 2, 30).resolve(None) is None
    assert iso_date("2025-03-03T09:00:00Z") == "2025-03-03"
    assert iso_date("sometime") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Anna Lind", ("Anna Lind", None)),
        ("By Anna Lind | March 4, 2025", ("Anna Lind", PartialDate(2025, 3, 4))),
        ("By Anna Lind and Jan Novak", ("Anna Lind and Jan Novak", None)),
        ("By Jan Novak, Meridian", ("Jan Novak, Meridian", None)),
        ("By Hannah Crewe, Brenna", ("Hannah Crewe", None)),
        ("By KAREL NOVAK and ELSA MARR", ("Karel Novak and Elsa Marr", None)),
        ("By Tuesday, the troops had withdrawn", None),
        ("by the river the fighting went on", None),
    ],
)
def test_dateline_byline(line: str, expected: tuple[str, PartialDate | None] | None) -> None:
    assert parse_byline(line) == expected


def test_dateline_agency_table() -> None:
    assert outlet_for_agency("CP") == "Continental Press"
    assert outlet_for_agency("КНА") == "KNA"
    assert outlet_for_agency("meridian") == "Meridian"
    assert outlet_for_agency("Unknown Wire") == "Unknown Wire"
    assert outlet_for_agency(None) is None
