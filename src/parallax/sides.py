"""Outlets and sides: who publishes what, and which side of a conflict each story reaches.

The registry is ``data/outlets.tsv`` (columns ``outlet, aliases, country, owner,
state_affiliated, side, site_hosts``; aliases and hosts separated by ``|``), plus an optional user
file of the same shape whose rows add to the packaged ones or replace a row of the same outlet.

Sides are the registry's ``side`` column unless the user defines their own in a small TSV file,
one side a line, ``name<TAB>criteria``, where criteria are ``key=value`` pairs joined by ``;``::

    Kharsk state media	state_affiliated=yes;country=Kharsk Federation
    Western press	side=Western
    Wires	outlet=Meridian|Continental Press

Keys: ``outlet``, ``country``, ``owner`` (a substring), ``state_affiliated`` (yes/no), ``side``;
``|`` separates alternatives. An outlet takes the first definition it matches, else its column.

Coverage of a story is the share of its articles from each side; a blindspot is a story that one
side covers and another does not.
"""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parallax.errors import ConfigError
from parallax.models import Article, Story

OUTLETS_TSV = Path(__file__).resolve().parent / "data" / "outlets.tsv"
UNKNOWN_SIDE = "unknown"
_COLUMNS = ("outlet", "aliases", "country", "owner", "state_affiliated", "side", "site_hosts")
_CRITERIA_KEYS = frozenset({"outlet", "country", "owner", "state_affiliated", "side"})


@dataclass(frozen=True)
class OutletInfo:
    """One row of the registry."""

    outlet: str
    aliases: tuple[str, ...] = ()
    country: str = ""
    owner: str = ""
    state_affiliated: bool = False
    side: str = UNKNOWN_SIDE
    site_hosts: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "aliases": list(self.aliases), "country": self.country,
                "owner": self.owner, "state_affiliated": self.state_affiliated,
                "side": self.side, "site_hosts": list(self.site_hosts)}


@dataclass(frozen=True)
class SideDefinition:
    """A user-defined side: the outlets matching every criterion (alternatives within one)."""

    name: str
    criteria: tuple[tuple[str, tuple[str, ...]], ...]

    def matches(self, info: OutletInfo) -> bool:
        return all(_criterion_holds(info, key, values) for key, values in self.criteria)


def _criterion_holds(info: OutletInfo, key: str, values: tuple[str, ...]) -> bool:
    folded = {v.casefold() for v in values}
    if key == "outlet":
        return bool(folded & {n.casefold() for n in (info.outlet, *info.aliases)})
    if key == "owner":
        return any(v in info.owner.casefold() for v in folded)
    if key == "state_affiliated":
        return ("yes" if info.state_affiliated else "no") in folded
    return getattr(info, key).casefold() in folded


@dataclass(frozen=True)
class OutletRegistry:
    """Outlets by name, alias and site host, and the side of each."""

    outlets: tuple[OutletInfo, ...]
    definitions: tuple[SideDefinition, ...] = ()

    def lookup(self, name: str | None) -> OutletInfo | None:
        """The row for an outlet name, an alias or a site host (case-insensitive)."""
        if not name:
            return None
        key = name.strip().casefold().removeprefix("www.")
        for info in self.outlets:
            names = (info.outlet, *info.aliases, *info.site_hosts)
            if key in {n.casefold() for n in names}:
                return info
        return None

    def canonical(self, name: str | None) -> str | None:
        """The registry's spelling of an outlet, or ``name`` itself when unknown."""
        info = self.lookup(name)
        return info.outlet if info else name

    def side_of(self, name: str | None) -> str:
        """The user's side for the outlet, else the registry's, else ``unknown``."""
        info = self.lookup(name)
        if info is None:
            return UNKNOWN_SIDE
        for definition in self.definitions:
            if definition.matches(info):
                return definition.name
        return info.side or UNKNOWN_SIDE

    def sides(self) -> tuple[str, ...]:
        """Every side an outlet of the registry belongs to, in first-seen order."""
        seen: dict[str, None] = {}
        for definition in self.definitions:
            if any(definition.matches(i) for i in self.outlets):
                seen.setdefault(definition.name, None)
        for info in self.outlets:
            seen.setdefault(self.side_of(info.outlet), None)
        return tuple(seen)


def _yes(value: str) -> bool:
    return value.strip().casefold() in {"yes", "true", "1", "y"}


def _split_list(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split("|") if v.strip())


def parse_outlets(text: str, where: str) -> list[OutletInfo]:
    """Rows of an outlets TSV (a header line naming at least ``outlet`` and ``side``)."""
    reader = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = reader.fieldnames or []
    if "outlet" not in header or "side" not in header:
        raise ConfigError(f"{where}: the header must name the columns {', '.join(_COLUMNS)}")
    rows: list[OutletInfo] = []
    for number, row in enumerate(reader, 2):
        name = (row.get("outlet") or "").strip()
        if not name or name.startswith("#"):
            continue
        rows.append(OutletInfo(
            outlet=name,
            aliases=_split_list(row.get("aliases") or ""),
            country=(row.get("country") or "").strip(),
            owner=(row.get("owner") or "").strip(),
            state_affiliated=_yes(row.get("state_affiliated") or ""),
            side=(row.get("side") or "").strip() or UNKNOWN_SIDE,
            site_hosts=_split_list(row.get("site_hosts") or ""),
        ))
        if None in row:
            raise ConfigError(f"{where}:{number}: more fields than the header names")
    return rows


def parse_side_definitions(text: str, where: str) -> list[SideDefinition]:
    """``name<TAB>key=value;key=value`` lines; ``#`` starts a comment."""
    found: list[SideDefinition] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        name, _, body = raw.partition("\t")
        criteria: list[tuple[str, tuple[str, ...]]] = []
        for part in body.split(";"):
            key, sep, value = part.partition("=")
            key = key.strip().casefold()
            if not sep or key not in _CRITERIA_KEYS or not _split_list(value):
                raise ConfigError(
                    f"{where}:{number}: expected 'name<TAB>key=value;...' with keys "
                    f"{sorted(_CRITERIA_KEYS)}, got {raw.strip()!r}"
                )
            criteria.append((key, _split_list(value)))
        if not name.strip():
            raise ConfigError(f"{where}:{number}: a side needs a name")
        found.append(SideDefinition(name.strip(), tuple(criteria)))
    return found


def _read(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the {what}: {exc}") from None


def load_registry(path: Path | None = None, *, sides_path: Path | None = None) -> OutletRegistry:
    """The packaged registry, plus the user's outlets file and side definitions when given."""
    rows = {r.outlet.casefold(): r for r in parse_outlets(_read(OUTLETS_TSV, "registry"),
                                                           str(OUTLETS_TSV))}
    if path is not None:
        for row in parse_outlets(_read(path, "outlet registry"), str(path)):
            rows[row.outlet.casefold()] = row
    definitions: list[SideDefinition] = []
    if sides_path is not None:
        definitions = parse_side_definitions(_read(sides_path, "side definitions"),
                                             str(sides_path))
    return OutletRegistry(tuple(rows.values()), tuple(definitions))


# ---------------------------------------------------------------- coverage and blindspots


@dataclass(frozen=True)
class SideCoverage:
    """How much of one story came from one side."""

    side: str
    articles: int
    outlets: tuple[str, ...]
    share: float
    """Share of the story's articles, in [0, 1]."""

    def to_dict(self) -> dict[str, Any]:
        return {"side": self.side, "articles": self.articles, "outlets": list(self.outlets),
                "share": round(self.share, 4)}


def side_coverage(
    outlets_of_articles: Sequence[str | None], registry: OutletRegistry
) -> tuple[SideCoverage, ...]:
    """Coverage per side from the outlet of each article; every registry side is listed (0 when
    absent), then any other side seen, so tables line up across stories."""
    counts: Counter[str] = Counter()
    outlets: dict[str, set[str]] = defaultdict(set)
    for outlet in outlets_of_articles:
        side = registry.side_of(outlet)
        counts[side] += 1
        outlets[side].add(registry.canonical(outlet) or "(unknown outlet)")
    total = sum(counts.values())
    order = list(registry.sides()) + sorted(s for s in counts if s not in registry.sides())
    return tuple(
        SideCoverage(side, counts[side], tuple(sorted(outlets[side])),
                     counts[side] / total if total else 0.0)
        for side in order
    )


@dataclass(frozen=True)
class StoryRow:
    """A story of the story table with its coverage per side and the sides that skipped it."""

    story: Story
    coverage: tuple[SideCoverage, ...]
    missing_sides: tuple[str, ...]
    """Sides that cover none of it while another side does (the blindspot)."""

    @property
    def is_blindspot(self) -> bool:
        return bool(self.missing_sides)

    def to_dict(self) -> dict[str, Any]:
        return {**self.story.to_dict(), "coverage": [c.to_dict() for c in self.coverage],
                "missing_sides": list(self.missing_sides)}


def story_rows(
    stories: Iterable[Story],
    articles: Mapping[str, Article],
    registry: OutletRegistry,
    *,
    sides: Sequence[str] | None = None,
) -> list[StoryRow]:
    """One row per story; ``sides`` limits the blindspot test (default: every registry side
    except ``neutral`` and ``unknown``, which nobody expects to cover everything)."""
    watched = tuple(sides) if sides is not None else tuple(
        s for s in registry.sides() if s not in {"neutral", UNKNOWN_SIDE}
    )
    rows: list[StoryRow] = []
    for story in stories:
        outlets = [articles[i].outlet if i in articles else None for i in story.article_ids]
        coverage = side_coverage(outlets, registry)
        covered = {c.side for c in coverage if c.articles}
        missing = tuple(s for s in watched if s not in covered) if covered & set(watched) else ()
        rows.append(StoryRow(story, coverage, missing))
    return rows


def blindspots(rows: Iterable[StoryRow]) -> list[StoryRow]:
    """The rows one side covers and another does not."""
    return [row for row in rows if row.is_blindspot]


@dataclass(frozen=True)
class TimelinePoint:
    """Articles published on one day, per side."""

    day: str
    counts: tuple[tuple[str, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"day": self.day, "counts": dict(self.counts)}


def coverage_timeline(
    articles: Iterable[Article], registry: OutletRegistry
) -> tuple[TimelinePoint, ...]:
    """Articles per day and side, days in order; undated articles are left out."""
    per_day: dict[str, Counter[str]] = defaultdict(Counter)
    for article in articles:
        if article.published:
            per_day[article.published[:10]][registry.side_of(article.outlet)] += 1
    sides = registry.sides()
    return tuple(
        TimelinePoint(day, tuple((s, per_day[day][s]) for s in sides if per_day[day][s])
                      + tuple(sorted((s, c) for s, c in per_day[day].items() if s not in sides)))
        for day in sorted(per_day)
    )
