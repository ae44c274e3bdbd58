"""Claim alignment helpers: pair features, the learned pair probability, slot disagreements."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from parallax.claims import (
    FEATURES,
    Sentence,
    find_disagreements,
    pair_features,
    pair_probability,
    same_slot,
    stems,
)
from parallax.compare import CompareOptions

GOLD = Path(__file__).resolve().parent / "fixtures" / "compare" / "demo_claims.json"


def sentence(outlet: str, text: str) -> Sentence:
    return Sentence(outlet, outlet.lower(), 0, 0, len(text), text)


def test_claims_stems_ignore_stop_words_and_suffixes() -> None:
    shared = stems("It demanded the port be demilitarised") & stems("demilitarisation of the port")
    assert shared == {"demili", "port"}


def test_claims_pair_features_shape_and_numbers() -> None:
    texts = ["Seven civilians were killed at the Brenna port.",
             "Brenna port attack killed 7 civilians, officials said 7 times.",
             "The summit opens in Bressa on Monday."]
    features = pair_features(texts, None)
    assert features.shape == (3, 3, len(FEATURES))
    assert features[0, 1, 0] == 0.0  # no encoder column without an encoder
    assert features[0, 1, 3] == 0.5 and features[0, 2, 3] == 0.0
    assert features[0, 1, 1] > features[0, 2, 1]


def test_claims_probability_prefers_paraphrases() -> None:
    opts = CompareOptions()
    texts = ["Varnia and Kharsk exchanged 150 prisoners each at the Kalva crossing.",
             "One hundred and fifty prisoners were exchanged at the Kalva crossing, 150 each.",
             "Wheat futures in Bressa rose 1.8% in early trading."]
    p = pair_probability(pair_features(texts, None), opts.tfidf_weights, opts.tfidf_bias)
    assert p[0, 1] > opts.tfidf_threshold > p[0, 2]
    assert np.allclose(p, p.T)


def test_claims_slot_disagreement_between_facts() -> None:
    a = sentence("KNA", "According to Lomov, Kharsk forces now control 86% of the Molvany region.")
    b = sentence("Continental Press", "Kharsk troops now hold most of the Molvany region.")
    c = sentence("Meridian", "Kharsk freed 150 prisoners at the Kalva crossing.")
    assert same_slot(a.core, b.core) and not same_slot(a.core, c.core)
    found = find_disagreements([a, b, c], [0, 1, 2])
    assert len(found) == 1 and found[0].kind == "proportion"
    assert {v.outlet for v in found[0].versions} == {"KNA", "Continental Press"}


def test_claims_gold_is_consistent() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert set(gold["split"]["dev"]).isdisjoint(gold["split"]["test"])
    for event in gold["events"].values():
        seen: set[tuple[str, str]] = set()
        for fact in event["facts"]:
            for member in fact:
                key = (member["outlet"], member["text"])
                assert key not in seen, key  # one primary fact per sentence
                seen.add(key)
                also = member.get("also", [])
                assert all(0 <= f < len(event["facts"]) for f in also), key
