"""Outlet registry, user-defined sides, coverage per side and blindspots."""

from __future__ import annotations

from pathlib import Path

import pytest

from parallax.errors import ConfigError
from parallax.models import Article, Story
from parallax.sides import (
    blindspots,
    coverage_timeline,
    load_registry,
    side_coverage,
    story_rows,
)


def test_sides_registry_lookup_by_alias_and_host() -> None:
    registry = load_registry()
    assert registry.canonical("Kharsk News Agency") == "KNA"
    assert registry.side_of("atlanticledger.example") == "Western"
    assert registry.side_of("Global Desk") == "neutral"
    assert registry.side_of("Unheard-of Gazette") == "unknown"
    assert registry.lookup("KNA") is not None and registry.lookup("KNA").state_affiliated  # type: ignore[union-attr]


def test_sides_user_file_adds_and_overrides(tmp_path: Path) -> None:
    user = tmp_path / "outlets.tsv"
    user.write_text(
        "outlet\taliases\tcountry\towner\tstate_affiliated\tside\tsite_hosts\n"
        "Lindmark Post\tPost\tLindmark\tprivate\tno\tneutral\tpost.example\n"
        "Global Desk\t\tLindmark\tGlobal Desk Ltd\tno\tWestern\t\n",
        encoding="utf-8",
    )
    registry = load_registry(user)
    assert registry.side_of("post.example") == "neutral"
    assert registry.side_of("Global Desk") == "Western"


def test_sides_user_defined_sides(tmp_path: Path) -> None:
    sides = tmp_path / "sides.tsv"
    sides.write_text("# my sides\n"
                     "Kharsk state media\tstate_affiliated=yes;country=Kharsk Federation\n"
                     "Wires\toutlet=Meridian|Continental Press\n", encoding="utf-8")
    registry = load_registry(sides_path=sides)
    assert registry.side_of("Voice of Kharsk") == "Kharsk state media"
    assert registry.side_of("CP") == "Wires"
    assert registry.side_of("Varnia Today") == "Western"
    assert registry.sides()[:2] == ("Kharsk state media", "Wires")


def test_sides_bad_definition_names_the_file(tmp_path: Path) -> None:
    sides = tmp_path / "sides.tsv"
    sides.write_text("Broken\tcolour=red\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sides\.tsv:1"):
        load_registry(sides_path=sides)


def test_sides_coverage_share() -> None:
    coverage = {c.side: c for c in side_coverage(["KNA", "KNA", "Meridian", None],
                                                 load_registry())}
    assert coverage["Kharsk"].articles == 2 and coverage["Kharsk"].share == 0.5
    assert coverage["Western"].outlets == ("Meridian",)
    assert coverage["unknown"].articles == 1
    assert coverage["neutral"].articles == 0


def _article(i: str, outlet: str, day: str) -> Article:
    return Article(id=i, source=i, headline=i, paragraphs=("x",), outlet=outlet, published=day)


def test_sides_blindspots_and_timeline() -> None:
    registry = load_registry()
    articles = {a.id: a for a in [_article("1", "KNA", "2025-03-07"),
                                  _article("2", "Meridian", "2025-03-07"),
                                  _article("3", "Voice of Kharsk", "2025-03-08"),
                                  _article("4", "Global Desk", "2025-03-08")]}
    stories = [Story("both", "Both", ("1", "2"), ()), Story("kharsk", "Only Kharsk", ("3",), ()),
               Story("neutral", "Only neutral", ("4",), ())]
    rows = story_rows(stories, articles, registry)
    assert [r.story.id for r in blindspots(rows)] == ["kharsk"]
    assert rows[1].missing_sides == ("Western",)
    timeline = coverage_timeline(articles.values(), registry)
    assert [p.day for p in timeline] == ["2025-03-07", "2025-03-08"]
    assert dict(timeline[1].counts) == {"Kharsk": 1, "neutral": 1}
