"""Actors: alias table, titles, within-article resolution, cross-article merging."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from parallax.entities import (
    AliasTable,
    load_aliases,
    merge_actors,
    parse_alias_lines,
    strip_titles,
)
from parallax.errors import ConfigError
from parallax.models import Article, Entity
from parallax.quotes import QuoteOptions, analyze_article


def test_entities_alias_variants_and_acronyms() -> None:
    table = load_aliases()
    assert table.get("Kiev").canonical == table.get("Kyjiw").canonical == "Kyiv"  # type: ignore[union-attr]
    assert table.get("the Kremlin").canonical == "Russian government"  # type: ignore[union-attr]
    assert table.get("Dravograd").canonical == "Dravohrad"  # type: ignore[union-attr]
    assert table.get("who") is None  # "WHO" is an acronym: case matters
    assert table.get("WHO").canonical == "World Health Organization"  # type: ignore[union-attr]
    assert table.get("Moscow").as_agent == "Russian government"  # type: ignore[union-attr]


def test_entities_user_alias_file_wins(tmp_path: Path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text("Kyiv City\tGPE\tKiev\n", encoding="utf-8")
    assert load_aliases((path,)).get("Kiev").canonical == "Kyiv City"  # type: ignore[union-attr]


def test_entities_bad_alias_line_names_file_and_line() -> None:
    with pytest.raises(ConfigError, match=r"x.tsv:2"):
        parse_alias_lines(["# c", "Kyiv\tCITY\tKiev"], "x.tsv")
    assert len(AliasTable()) == 0


def test_entities_strip_titles_keeps_roles_and_gender() -> None:
    assert strip_titles(["Mr.", "Mednev"]) == (["Mednev"], [], "m")
    assert strip_titles(["Foreign", "Minister", "Irina", "Belskaya"]) == (
        ["Irina", "Belskaya"], ["Foreign", "Minister"], "")


def test_entities_merge_across_outlets_keeps_variants() -> None:
    merged = merge_actors([
        ("a1", "KNA", [Entity("Dravohrad", "GPE", ("Dravograd",))]),
        ("a2", "Meridian", [Entity("Dravohrad", "GPE", ("Dravohrad",)),
                            Entity("Mednev", "PERSON", ("Mednev",))]),
        ("a3", "KNA", [Entity("Viktor Mednev", "PERSON", ("Viktor Mednev",))]),
    ])
    city = next(a for a in merged if a.canonical == "Dravohrad")
    assert dict(city.variants) == {"KNA": ("Dravograd",), "Meridian": ("Dravohrad",)}
    person = next(a for a in merged if a.type == "PERSON")
    assert person.canonical == "Viktor Mednev" and set(person.article_ids) == {"a2", "a3"}


@pytest.fixture(scope="module")
def nlp() -> Language:
    from parallax.nlp import load_nlp

    return load_nlp()


@pytest.mark.slow
def test_entities_within_article_one_actor_per_person(nlp: Language) -> None:
    article = Article("e1", "e.txt", "h", (
        "Kharsk Deputy Foreign Minister Pavel Grushenko met reporters in Kharsk.",
        "Viktor Mednev, deputy chair of the Kharsk Security Council, spoke later.",
        "Grushenko said the talks had failed. Mr. Mednev agreed.",
    ))
    entities = {e.canonical: e for e in analyze_article(article, nlp, opts=QuoteOptions()).entities}
    assert "Grushenko" in entities["Pavel Grushenko"].mentions
    assert any("Deputy Foreign Minister" in a for a in entities["Pavel Grushenko"].attributes)
    assert any("deputy chair" in a for a in entities["Viktor Mednev"].attributes)
    assert "Mednev" not in entities
