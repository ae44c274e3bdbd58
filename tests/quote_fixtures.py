"""Loading and scoring the hand-written quote fixtures (tests/fixtures/quotes/*.json, fiction)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parallax.models import Article, Quote, article_id

FIXTURE_DIR = Path(__file__).resolve().parent / "fixtures" / "quotes"


@dataclass(frozen=True)
class Fixture:
    name: str
    article: Article
    gold: list[dict[str, Any]]


def load_fixtures() -> list[Fixture]:
    fixtures = []
    for path in sorted(FIXTURE_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        paragraphs = tuple(data["paragraphs"])
        article = Article(
            id=article_id(url=None, outlet=data["outlet"], headline=path.stem,
                          paragraphs=paragraphs),
            source=path.name, headline=path.stem, paragraphs=paragraphs, outlet=data["outlet"])
        fixtures.append(Fixture(path.stem, article, data["quotes"]))
    return fixtures


def _overlap(a: str, b: str) -> float:
    wa, wb = set(a.casefold().split()), set(b.casefold().split())
    return len(wa & wb) / max(1, min(len(wa), len(wb)))


def match(gold: dict[str, Any], quotes: tuple[Quote, ...]) -> Quote | None:
    """The predicted quote of the same paragraph that best covers the gold text (≥ 0.6 words)."""
    same = [q for q in quotes if q.paragraph == gold["paragraph"]
            and q.kind == gold.get("kind", q.kind)]
    scored = sorted(((_overlap(gold["text"], q.text), q) for q in same), key=lambda s: -s[0])
    return scored[0][1] if scored and scored[0][0] >= 0.6 else None
