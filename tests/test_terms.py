"""Word choice per outlet: the contested-term table and weighted log-odds (Monroe et al. 2008)."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest

from parallax.errors import ConfigError
from parallax.models import Article
from parallax.terms import (
    article_term_counts,
    contested_terms,
    distinctive_terms,
    load_term_table,
    log_odds_z,
    term_counts,
)


def _article(article_id: str, *paragraphs: str) -> Article:
    return Article(id=article_id, source=article_id, headline="", paragraphs=paragraphs)


KNA = _article(
    "kna-1",
    "Kharsk troops liberated Ostrik on Monday, the ministry in Kharsk said.",
    "Officials in Kiev did not comment. Units also liberated two villages near Tesselgrad.",
)
MERIDIAN = _article(
    "mer-1",
    "Kharsk forces captured the border town of Ostrik, officials in Kyiv and Dravohrad said.",
)


def test_terms_contested_two_outlets_with_contrast() -> None:
    table = load_term_table()
    uses = contested_terms({"KNA": [KNA], "Meridian": [MERIDIAN]}, table)
    kna = {u.term: u for u in uses["KNA"]}
    meridian = {u.term: u for u in uses["Meridian"]}
    assert kna["liberated"].count == 2
    assert kna["liberated"].contrast == ("captured",)
    assert kna["liberated"].contrast_by_outlet == (("Meridian", "captured", 1),)
    assert kna["Kiev"].count == 1 and kna["Kiev"].contrast == ("Kyiv",)
    assert meridian["Kyiv"].contrast == ("Kiev",)
    assert meridian["captured"].contrast == ("liberated",)
    assert kna["Kiev"].framing != meridian["Kyiv"].framing
    example = kna["liberated"].examples[1]
    assert KNA.paragraphs[example.paragraph][example.start : example.end] == "liberated"
    assert (example.article_id, example.paragraph) == ("kna-1", 1)
    assert uses["KNA"][0].term == "liberated"  # most used first
    assert kna["Tesselgrad"].contrast == ()  # Meridian did not name the city
    assert kna["liberated"].to_dict()["contrast_by_outlet"][0]["outlet"] == "Meridian"


def test_terms_longest_phrase_wins() -> None:
    article = _article("a", "The special military operation and the war went on.")
    uses = contested_terms({"X": [article]}, load_term_table())
    assert sorted(u.term for u in uses["X"]) == ["special military operation", "war"]


def test_terms_user_table_adds_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "mine.tsv"
    extra.write_text("# mine\nname of the port\tBrenna\tvarnian\nname of the port\tBrennagrad"
                     "\tkharsk\ncapital of Ukraine\tKiev\tkharsk-russian\n", encoding="utf-8")
    table = load_term_table(extra)
    article = _article("a", "Ships left Brennagrad for Kiev.")
    uses = {u.term: u for u in contested_terms({"X": [article]}, table)["X"]}
    assert uses["Brennagrad"].group == "name of the port"
    assert uses["Kiev"].framing == "kharsk-russian"


def test_terms_bad_table_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("group\tterm\tframing\nonly one field\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.tsv:2: expected"):
        load_term_table(bad)
    with pytest.raises(ConfigError, match="not found"):
        load_term_table(tmp_path / "missing.tsv")


def test_terms_log_odds_hand_computed() -> None:
    # Outlet A: kiev 3, war 1 (n=4); outlet B: kyiv 4, war 2 (n=6).
    # Prior = background counts: kiev 1, kyiv 1, war 2, so alpha_0 = 4.
    # kiev for A: delta = log((3+1)/(4+4-3-1)) - log((0+1)/(6+4-0-1)) = log(1) - log(1/9) = log 9
    #             var = 1/(3+1) + 1/(0+1) = 1.25
    # kyiv for B: delta = log((4+1)/(6+4-4-1)) - log(1/(4+4-0-1)) = log 7; var = 1/5 + 1 = 1.2
    # war for B:  delta = log(4/6) - log(3/5) = log(10/9); var = 1/4 + 1/3
    # war for A is negative (log(9/10)) and so not listed for A.
    counts = {"A": Counter({"kiev": 3, "war": 1}), "B": Counter({"kyiv": 4, "war": 2})}
    background = Counter({"kiev": 1, "kyiv": 1, "war": 2})
    result = distinctive_terms(counts, background, min_count=1)
    a = {t.term: t for t in result["A"]}
    b = {t.term: t for t in result["B"]}
    assert set(a) == {"kiev"}
    assert a["kiev"].delta == pytest.approx(math.log(9))
    assert a["kiev"].z == pytest.approx(math.log(9) / math.sqrt(1.25))
    assert b["kyiv"].delta == pytest.approx(math.log(7))
    assert b["kyiv"].z == pytest.approx(math.log(7) / math.sqrt(1.2))
    assert b["war"].z == pytest.approx(math.log(10 / 9) / math.sqrt(1 / 4 + 1 / 3))
    assert [t.term for t in result["B"]] == ["kyiv", "war"]  # ranked by z
    assert (b["kyiv"].count, b["kyiv"].count_others) == (4, 0)


def test_terms_log_odds_function_matches_formula() -> None:
    delta, z = log_odds_z(5, 20, 1, 30, 0.5, 10)
    expected = math.log(5.5 / (20 + 10 - 5 - 0.5)) - math.log(1.5 / (30 + 10 - 1 - 0.5))
    assert delta == pytest.approx(expected)
    assert z == pytest.approx(expected / math.sqrt(1 / 5.5 + 1 / 1.5))


def test_terms_distinctive_on_articles() -> None:
    kna = [_article("k", "Units liberated Ostrik. The special security operation continues. "
                    "Troops liberated Brenna and liberated Tesselgrad.")]
    mer = [_article("m", "Kharsk forces captured Ostrik in the invasion. Kharsk forces also "
                    "captured Brenna, and the invasion of Tessel continues.")]
    counts = {"KNA": article_term_counts(kna), "Meridian": article_term_counts(mer)}
    background = counts["KNA"] + counts["Meridian"]
    result = distinctive_terms(counts, background, top=3)
    assert result["KNA"][0].term == "liberated"
    assert {t.term for t in result["Meridian"]} >= {"captured", "invasion"}
    assert "ostrik" not in {t.term for t in result["KNA"]}  # both use it: no contrast
    with pytest.raises(ConfigError):
        distinctive_terms(counts, background, top=-1)


def test_terms_counts_drop_stop_words_and_make_bigrams() -> None:
    counts = term_counts(["The special security operation in Tesselgrad continued. Kharsk's "
                          "troops advanced."])
    assert counts["special security"] == 1 and counts["security operation"] == 1
    assert counts["kharsk"] == 1 and counts["kharsk troops"] == 1
    assert "the" not in counts and "operation tesselgrad" not in counts
    assert "continued kharsk" not in counts  # no bigram across sentences
