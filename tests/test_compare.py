"""The Comparison of one fiction story: claims, omissions, disagreements, quotes, terms, tone,
techniques, and the SPEC section 4 JSON shape."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from parallax.compare import (
    CompareOptions,
    Comparison,
    OutletView,
    compare_story,
    conflicting,
    is_furniture,
    quantities,
    quote_groups,
)
from parallax.models import Article, Quote, Story, Technique, stable_id
from parallax.sides import load_registry
from parallax.techniques import TechniqueOptions, find_techniques
from parallax.terms import load_term_table

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "compare" / "harno_bridge.json"


def load_fixture() -> tuple[Story, list[Article], list[Quote]]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    articles: list[Article] = []
    quotes: list[Quote] = []
    for item in data["articles"]:
        articles.append(Article(id=item["id"], source=f"{item['id']}.txt",
                                headline=item["headline"], paragraphs=tuple(item["paragraphs"]),
                                outlet=item["outlet"], published=item["published"]))
        for q in item["quotes"]:
            start = item["paragraphs"][q["paragraph"]].index(q["text"])
            quotes.append(Quote(id=stable_id(item["id"], q["text"]), article_id=item["id"],
                                kind="direct", text=q["text"], paragraph=q["paragraph"],
                                start=start, end=start + len(q["text"]),
                                speaker=q["speaker"]))
    story = Story(data["story"]["id"], data["story"]["title"],
                  tuple(a.id for a in articles), tuple(a.outlet or "" for a in articles))
    return story, articles, quotes


def run_compare(encoder: Any = None) -> Comparison:
    story, articles, quotes = load_fixture()
    techniques: list[Technique] = []
    for article in articles:
        techniques += find_techniques(article, [q for q in quotes if q.article_id == article.id],
                                      opts=TechniqueOptions())
    return compare_story(story, articles, quotes, techniques, encoder=encoder,
                         registry=load_registry(), term_table=load_term_table(),
                         opts=CompareOptions())


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return run_compare()


def view(comparison: Comparison, outlet: str) -> OutletView:
    return next(v for v in comparison.outlets if v.outlet == outlet)


def claim_with(v: OutletView, words: str) -> Any:
    return next(c for c in v.claims if words in c.text)


def test_compare_outlets_grouped_by_side(comparison: Comparison) -> None:
    assert [(v.outlet, v.side) for v in comparison.outlets] == [
        ("KNA", "Kharsk"), ("Meridian", "Western"), ("Varnia Today", "Western")]
    shares = {s.side: s.share for s in comparison.sides}
    assert shares["Kharsk"] == pytest.approx(1 / 3) and shares["Western"] == pytest.approx(2 / 3)


def test_compare_claims_are_traceable(comparison: Comparison) -> None:
    for v in comparison.outlets:
        for claim in v.claims:
            assert comparison.paragraphs[claim.article_id][claim.paragraph][
                claim.start : claim.end] == claim.text


def test_compare_shared_claims(comparison: Comparison) -> None:
    killed = claim_with(view(comparison, "Meridian"), "killing four civilians")
    assert killed.shared_with == ("Varnia Today",)
    depot = claim_with(view(comparison, "KNA"), "ammunition depot")
    assert depot.shared_with == ("Meridian",)
    assert claim_with(view(comparison, "Varnia Today"), "Repair crews").shared_with == ()


def test_compare_omissions(comparison: Comparison) -> None:
    kna = view(comparison, "KNA")
    civilians = [o for o in kna.omitted if "four civilians" in o.text.lower()]
    assert civilians and civilians[0].reported_by == ("Meridian", "Varnia Today")
    assert not any("ammunition depot" in o.text for o in view(comparison, "Meridian").omitted)
    repair = [o for o in view(comparison, "Meridian").omitted if "Repair crews" in o.text]
    assert repair and repair[0].reported_by == ("Varnia Today",)


def test_compare_number_disagreement(comparison: Comparison) -> None:
    found = [d for d in comparison.disagreements
             if {v.outlet for v in d.versions} >= {"KNA", "Meridian"}]
    assert found, comparison.disagreements
    values = {v.outlet: v.values for v in found[0].versions}
    assert "Twelve" in values["KNA"] and "Three" in values["Meridian"]


def test_compare_quotes_also_quoted_by_and_cut(comparison: Comparison) -> None:
    meridian = view(comparison, "Meridian").quotes[0]
    assert meridian.also_quoted_by == ("Varnia Today",)
    assert meridian.dropped_before == "the bridge was"
    assert meridian.dropped_after == "and kharsk knew it"
    full = view(comparison, "Varnia Today").quotes[0]
    assert full.also_quoted_by == ("Meridian",) and not full.dropped_before
    assert view(comparison, "KNA").quotes[0].also_quoted_by == ()


def test_compare_contested_terms(comparison: Comparison) -> None:
    kna = {t.term: t for t in view(comparison, "KNA").terms}
    assert "Dravohrad" in kna["Dravograd"].contrast
    assert "Tessel" in kna["Tesselgrad"].contrast
    assert "invasion" in kna["special security operation"].contrast
    vt = {t.term for t in view(comparison, "Varnia Today").terms}
    assert "Dravohrad" in vt and "Dravograd" not in vt


def test_compare_quoted_technique_credited_to_speaker(comparison: Comparison) -> None:
    quoted = [t for t in view(comparison, "KNA").techniques if t.voice == "quoted"]
    assert any(t.speaker == "Arkady Lomov" and "regime" in t.text for t in quoted)


def test_compare_tone_without_entities_spots_names(comparison: Comparison) -> None:
    actors = {t.actor for v in comparison.outlets for t in v.tone}
    assert "Harno" in " ".join(actors) or "Kharsk" in actors
    assert all(-1 <= t.score <= 1 for v in comparison.outlets for t in v.tone)


def test_compare_spec_json_keys(comparison: Comparison) -> None:
    data = json.loads(json.dumps(comparison.to_dict()))
    assert {"story_id", "title", "outlets"} <= data.keys()
    outlet = data["outlets"][0]
    assert {"outlet", "article_ids", "claims", "omitted", "quotes", "terms", "tone",
            "techniques"} <= outlet.keys()
    assert {"text", "article_id", "paragraph", "shared_with"} <= outlet["claims"][0].keys()
    assert {"text", "reported_by"} <= outlet["omitted"][0].keys()
    assert {"id", "article_id", "text", "speaker", "also_quoted_by"} <= outlet["quotes"][0].keys()
    assert {"term", "count", "contrast"} <= outlet["terms"][0].keys()
    assert {"actor", "score", "sentences"} <= outlet["tone"][0].keys()
    assert {"technique", "text", "article_id", "paragraph", "start", "end"} <= \
        outlet["techniques"][0].keys()


def test_compare_wire_copy_is_not_independent() -> None:
    text = ("Kharsk air defence systems destroyed 42 Varnian drones over the Zarechye region "
            "overnight, the ministry said.")
    other = "Residents of Volsk reported loud explosions before dawn near the refinery gates."
    articles = [
        Article(id="a", source="a", headline="Drones downed", paragraphs=(text,), outlet="KNA"),
        Article(id="b", source="b", headline="Air defence downs drones",
                paragraphs=(text, other), outlet="Global Desk"),
    ]
    story = Story("s", "Drones", ("a", "b"), ("KNA", "Global Desk"))
    result = compare_story(story, articles, [], [], encoder=None, registry=load_registry(),
                           term_table=load_term_table(), opts=CompareOptions())
    claim = result.outlets[0].claims[0]
    assert claim.shared_with == ("Global Desk",) and claim.via_wire == ("Global Desk",)


def test_compare_quantities_skip_dates_and_years() -> None:
    found = quantities("On March 13, 2025, 150 prisoners were freed at 7 a.m. and 86% of them")
    assert [(q.value, q.kind) for q in found] == [(150.0, "count"), (86.0, "percent")]
    assert conflicting(quantities("Kharsk controls 86% of the region"),
                       quantities("Kharsk holds most of the region")) == "proportion"
    assert conflicting(quantities("seven civilians were killed"),
                       quantities("seven civilians were killed")) is None


def test_compare_furniture_dropped() -> None:
    assert is_furniture("Terms of Use | Privacy Policy | Cookie Settings", 4)
    assert is_furniture("Kharsk Defence Ministry, via CP", 4)
    assert not is_furniture("Kharsk forces destroyed a depot near the bridge.", 4)


def test_compare_quote_groups_by_group_id_and_containment() -> None:
    def q(i: str, text: str, group: str | None = None) -> Quote:
        return Quote(id=i, article_id=i, kind="direct", text=text, paragraph=0, start=0,
                     end=len(text), group_id=group)

    groups = quote_groups([q("1", "war with the Alliance"),
                           q("2", "one step closer to a direct war with the Alliance"),
                           q("3", "something else entirely"),
                           q("4", "different words", "g"), q("5", "other words", "g")])
    assert sorted(len(g) for g in groups) == [1, 2, 2]


class HashEncoder:
    """A stand-in encoder: bag of words hashed into a unit vector (no model needed)."""

    def encode(self, sentences: Any) -> np.ndarray:
        rows = np.zeros((len(sentences), 256))
        for i, sentence in enumerate(sentences):
            for word in sentence.lower().split():
                rows[i, hash(word.strip('.,"')) % 256] += 1.0
        return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)


def test_compare_accepts_an_encoder() -> None:
    result = run_compare(HashEncoder())
    assert result.method == "encoder"
    depot = claim_with(view(result, "Meridian"), "Three trucks")
    assert "KNA" in depot.shared_with


@pytest.mark.slow
def test_compare_with_minilm() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from parallax.embed import load_embedder

    result = run_compare(load_embedder())
    killed = claim_with(view(result, "Meridian"), "killing four civilians")
    assert "Varnia Today" in killed.shared_with


def test_compare_caps_the_articles_of_each_outlet_but_counts_them_all() -> None:
    story, articles, quotes = load_fixture()
    first = articles[0]
    extra = [dataclasses.replace(first, id=f"{first.id}-{n}") for n in range(20)]
    big = dataclasses.replace(story, article_ids=(*story.article_ids, *(a.id for a in extra)))
    opts = dataclasses.replace(CompareOptions(), max_articles_per_outlet=3)
    result = compare_story(big, [*articles, *extra], quotes, [], encoder=None,
                           registry=load_registry(), term_table=load_term_table(), opts=opts)
    per_outlet = {a.outlet for a in articles}
    kept = sum(min(3, sum(a.outlet == o for a in [*articles, *extra])) for o in per_outlet)
    assert result.articles_left_out == len(articles) + len(extra) - kept > 0
    assert len(result.paragraphs) == kept
    assert result.to_dict()["articles_left_out"] == result.articles_left_out
