"""The attribution tagger: BIO runs, relation assembly, Viterbi decoding, the packaged model."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from parallax.attribution_model import (
    LABELS,
    AttributionModel,
    assemble,
    bio_tags,
    load_model,
    runs,
)
from parallax.errors import ConfigError
from parallax.models import Article
from parallax.quotes import QuoteOptions, analyze_article, attributions_of_parsed


def _doc(text: str, sentence_starts: tuple[int, ...] = (0,)) -> Doc:
    words = text.split()
    return Doc(Vocab(), words=words, sent_starts=[i in sentence_starts for i in range(len(words))])


def test_attribution_model_bio_round_trip() -> None:
    spans = [("CON", 0, 3), ("SRC", 4, 5), ("CUE", 5, 6), ("CON", 6, 9)]
    tags = bio_tags(10, spans)
    assert tags[:4] == ["B-CON", "I-CON", "I-CON", "O"]
    assert runs(tags) == spans


def test_attribution_model_runs_split_on_role_change_and_new_b() -> None:
    assert runs(["B-CON", "I-CON", "B-CON", "I-SRC", "O", "I-CUE"]) == [
        ("CON", 0, 2), ("CON", 2, 3), ("SRC", 3, 4), ("CUE", 5, 6)]


def test_attribution_model_assemble_split_quote_is_one_relation() -> None:
    # “ We stay , ” Holm said , “ and we fight . ”
    doc = _doc("“ We stay , ” Holm said , “ and we fight . ”")
    found = [("CON", 0, 5), ("SRC", 5, 6), ("CUE", 6, 7), ("CON", 8, 14)]
    (relation,) = assemble(doc, found)
    assert relation.content == ((0, 5), (8, 14))
    assert relation.source == (5, 6)
    assert relation.cue == (6, 7)


def test_attribution_model_assemble_prefers_cue_of_same_sentence() -> None:
    doc = _doc("Holm said the port fell . Reil warned of more strikes", (0, 6))
    found = [("SRC", 0, 1), ("CUE", 1, 2), ("CON", 2, 5), ("SRC", 6, 7), ("CUE", 7, 8),
             ("CON", 8, 11)]
    first, second = assemble(doc, found)
    assert (first.source, first.content) == ((0, 1), ((2, 5),))
    assert (second.source, second.content) == ((6, 7), ((8, 11),))


def _brute_force(model: AttributionModel, features: list[list[str]]) -> list[str]:
    emit = model.scores(features)
    best, best_path = -np.inf, None
    for path in itertools.product(range(len(LABELS)), repeat=len(features)):
        score = sum(emit[i, k] for i, k in enumerate(path)) + sum(
            model.transitions[a, b] for a, b in itertools.pairwise(path))
        if score > best:
            best, best_path = score, path
    assert best_path is not None
    return [LABELS[k] for k in best_path]


def test_attribution_model_viterbi_matches_brute_force() -> None:
    rng = np.random.default_rng(7)
    names = ["b", "w=said", "w=holm", "q=1"]
    model = AttributionModel(names, rng.normal(size=(4, len(LABELS))).astype(np.float32),
                             rng.normal(size=(len(LABELS), len(LABELS))).astype(np.float32))
    features = [["b", "w=holm"], ["b", "w=said", "unknown"], ["b", "q=1"], ["b"]]
    assert model.tag(features) == _brute_force(model, features)


def test_attribution_model_save_load_round_trip(tmp_path: Path) -> None:
    weights = np.arange(14, dtype=np.float32).reshape(2, 7) / 4
    model = AttributionModel(["b", "w=x"], weights, np.eye(7, dtype=np.float32))
    model.save(tmp_path / "m.npz")
    loaded = AttributionModel.load(tmp_path / "m.npz")
    assert loaded.labels == LABELS
    assert loaded.index == {"b": 0, "w=x": 1}
    assert np.allclose(loaded.weights, weights)


def test_attribution_model_unreadable_file_names_it(tmp_path: Path) -> None:
    bad = tmp_path / "broken.npz"
    bad.write_text("not a model", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.npz"):
        AttributionModel.load(bad)


def test_attribution_model_packaged_file_is_small_and_loads() -> None:
    model = load_model()
    assert len(model.index) > 1000
    packaged = Path(__file__).resolve().parents[1] / "src/parallax/data/attribution_model.npz"
    assert packaged.stat().st_size < 5_000_000


@pytest.fixture(scope="module")
def nlp() -> Language:
    from parallax.nlp import load_nlp

    return load_nlp()


@pytest.mark.slow
def test_attribution_model_hybrid_finds_reported_speech_and_keeps_offsets(nlp: Language) -> None:
    paragraphs = (
        "Varnian Defence Minister Daria Holm said on Tuesday that the river port of Brenna "
        "would be rebuilt within a year.",
        "“We will not leave Ostrik,” Holm told reporters, “whatever Kharsk decides.”",
        "Kharsk called the convoy a provocation, according to the Kharsk News Agency.",
    )
    article = Article("a", "a.txt", "h", paragraphs)
    result = analyze_article(article, nlp, opts=QuoteOptions(model="hybrid"))
    for quote in result.quotes:
        assert paragraphs[quote.paragraph][quote.start:quote.end] == quote.text
    indirect = [q for q in result.quotes if q.kind == "indirect" and q.paragraph == 0]
    assert indirect and indirect[0].speaker == "Daria Holm"
    assert indirect[0].method == "hybrid"
    assert "Brenna" in indirect[0].text
    direct = [q for q in result.quotes if q.kind == "direct" and q.paragraph == 1]
    assert {q.text for q in direct} == {"We will not leave Ostrik", "whatever Kharsk decides."}
    assert all(q.speaker == "Daria Holm" for q in direct)


@pytest.mark.slow
def test_attribution_model_hybrid_groups_split_quote_as_one_relation(nlp: Language) -> None:
    from parallax.nlp import paragraph_chunks, parse_chunks

    paragraphs = ("“The talks are over,” Foreign Minister Irina Belskaya said, “and the "
                  "blame lies with Dravohrad.”",)
    article = Article("b", "b.txt", "h", paragraphs)
    parsed = list(parse_chunks(nlp, paragraph_chunks(paragraphs)))
    found = attributions_of_parsed(article, parsed, opts=QuoteOptions(model="hybrid"))
    speech = [a for a in found if a.is_speech]
    assert len(speech) == 2
    assert len({a.relation for a in speech}) == 1
    assert speech[0].cue_text == "said"
