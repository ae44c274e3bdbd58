"""Tone toward actors: signs on clear sentences, negation, mentions and quotes."""

from __future__ import annotations

import pytest

from parallax.errors import ConfigError
from parallax.models import Article, Entity, Quote
from parallax.tone import ToneOptions, actor_tone, merge_tones, score_text

OPTS = ToneOptions()
SELVIK = Entity("Anton Selvik", "PERSON", ("Anton Selvik", "Selvik", "he"))
KHARSK = Entity("Kharsk Federation", "GPE", ("Kharsk",))
BRANDT = Entity("Lucia Brandt", "PERSON", ("Lucia Brandt", "Brandt"))


def _article(*paragraphs: str) -> Article:
    return Article(id="a", source="a", headline="", paragraphs=paragraphs)


@pytest.mark.parametrize(
    ("sentence", "sign"),
    [
        ("Kharsk launched a brutal attack on a hospital.", -1),
        ("The vile regime in Kharsk lied again.", -1),
        ("Selvik praised the brave defenders of Ostrik.", 1),
        ("Brandt welcomed the successful prisoner exchange.", 1),
        ("Brandt will travel to Bressa on Tuesday.", 0),
    ],
)
def test_tone_signs_on_clear_sentences(sentence: str, sign: int) -> None:
    score, words = score_text(sentence, OPTS)
    assert -1 < score < 1
    assert (score > 0) - (score < 0) == sign
    assert bool(words) == bool(sign)


def test_tone_negation_flips() -> None:
    plain, _ = score_text("It was a brutal attack.", OPTS)
    negated, words = score_text("It was not a brutal attack.", OPTS)
    assert plain < 0 < negated
    assert [w.word for w in words if w.negated] == ["brutal", "attack"]
    assert score_text("Selvik never praised them.", OPTS)[0] < 0
    assert score_text("He didn't lie.", OPTS)[0] > 0


def test_tone_negation_stops_at_clause_break() -> None:
    score, words = score_text("No one expected it, but the attack was brutal.", OPTS)
    assert score < 0 and not any(w.negated for w in words)


def test_tone_per_actor_with_sentences() -> None:
    article = _article(
        "Anton Selvik praised the brave defenders. The Kharsk regime launched a vicious attack.",
        "Selvik met Lucia Brandt in Dravohrad.",
    )
    tones = {t.actor: t for t in actor_tone(article, [SELVIK, KHARSK, BRANDT], opts=OPTS)}
    assert tones["Anton Selvik"].score > 0
    assert tones["Kharsk Federation"].score < 0
    assert tones["Lucia Brandt"].score == 0
    selvik = tones["Anton Selvik"]
    assert len(selvik.sentences) == 2  # "he" is never matched on its own
    for s in selvik.sentences:
        assert article.paragraphs[s.paragraph][s.start : s.end] == s.text
    assert {w.word for w in selvik.words} >= {"praised", "brave"}
    assert selvik.to_dict()["sentences"][0]["words"][0]["word"] == "praised"


def test_tone_actor_not_mentioned_is_left_out() -> None:
    article = _article("Brandt will travel to Bressa on Tuesday.")
    assert [t.actor for t in actor_tone(article, [SELVIK, BRANDT], opts=OPTS)] == ["Lucia Brandt"]


def test_tone_exclude_quoted_keeps_outlet_voice() -> None:
    text = '"Selvik is a liar and a coward," Mednev said of Selvik.'
    quote = Quote(id="q", article_id="a", kind="direct", text=text[1:31], paragraph=0, start=1,
                  end=31, speaker="Viktor Mednev")
    with_quote = actor_tone(_article(text), [SELVIK], opts=OPTS, quotes=[quote])
    outlet_only = actor_tone(_article(text), [SELVIK], opts=ToneOptions(exclude_quoted=True),
                             quotes=[quote])
    assert with_quote[0].score < 0
    assert outlet_only[0].score == 0


def test_tone_bad_options() -> None:
    with pytest.raises(ConfigError, match="alpha"):
        actor_tone(_article("x."), [SELVIK], opts=ToneOptions(alpha=0))


def test_tone_merge_over_articles() -> None:
    first = Article(id="a1", source="a1", headline="", paragraphs=("Selvik praised the troops.",))
    second = Article(id="a2", source="a2", headline="",
                     paragraphs=("Selvik spoke.", "Selvik met Brandt."))
    tones = actor_tone(first, [SELVIK], opts=OPTS) + actor_tone(second, [SELVIK], opts=OPTS)
    merged = merge_tones(tones)
    assert [t.actor for t in merged] == ["Anton Selvik"]
    assert len(merged[0].sentences) == 3
    assert merged[0].score == pytest.approx(tones[0].score / 3)
    assert {s.article_id for s in merged[0].sentences} == {"a1", "a2"}
