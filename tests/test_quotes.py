"""Quotes: quote marks without spaCy (fast), then every fixture shape with the real pipeline."""

from __future__ import annotations

import pytest
from spacy.language import Language

from parallax.models import Article, Quote, Rejected
from parallax.quotes import (
    QuoteOptions,
    analyze_article,
    analyze_articles,
    group_quotes,
    scan_quote_marks,
)
from quote_fixtures import Fixture, load_fixtures, match

FIXTURES = load_fixtures()


@pytest.fixture(scope="module")
def nlp() -> Language:
    from parallax.nlp import load_nlp

    return load_nlp()


def _texts(paragraphs: list[str]) -> list[str]:
    return [paragraphs[m.paragraph][m.start:m.end] for m in scan_quote_marks(paragraphs)]


def test_quotes_marks_straight_curly_and_split() -> None:
    para = ['“We stay,” Holm said, “and we fight.” He called it "a turning point".']
    assert _texts(para) == ["We stay", "and we fight.", "a turning point"]


def test_quotes_marks_run_over_paragraphs() -> None:
    paras = ['"The port was hit.', '"Two silos burned," she said.', "No quote here."]
    spans = scan_quote_marks(paras)
    assert [(s.paragraph, s.closed, s.continued) for s in spans] == [
        (0, False, False), (1, True, True)]


def test_quotes_marks_unbalanced_never_run_away() -> None:
    paras = ['He said "one thing and " another "thing', "Next paragraph” stray."]
    spans = scan_quote_marks(paras)
    assert all(s.end <= len(paras[s.paragraph]) for s in spans)
    assert scan_quote_marks(['Stray close” mark.']) == []


def test_quotes_group_across_outlets_partial_and_exact() -> None:
    long = Quote("1", "a", "direct", "Any convoy means a war with the Western Alliance.", 0, 0, 5)
    short = Quote("2", "b", "direct", "a war with the Western Alliance", 0, 0, 5)
    other = Quote("3", "c", "direct", "We will rebuild Brenna in a year", 0, 0, 5)
    scare = Quote("4", "d", "direct", "peacekeepers", 0, 0, 5, is_speech=False)
    groups = group_quotes([(long, "Meridian"), (short, "KNA"), (other, "KNA"), (scare, "CP")])
    first = groups[0]
    assert first.canonical.text == long.text
    assert first.outlets == ("Meridian", "KNA")
    assert {q.text for q, _ in first.members} == {long.text, short.text}
    assert all(q.group_id == first.id for q, _ in first.members)
    assert len(groups) == 2  # the scare quote is not grouped


@pytest.mark.slow
@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.name for f in FIXTURES])
def test_quotes_offsets_point_at_text(fixture: Fixture, nlp: Language) -> None:
    result = analyze_article(fixture.article, nlp, opts=QuoteOptions())
    assert result.quotes
    for quote in result.quotes:
        paragraph = fixture.article.paragraphs[quote.paragraph]
        assert paragraph[quote.start:quote.end] == quote.text


@pytest.mark.slow
def test_quotes_speaker_accuracy_on_fixtures(nlp: Language) -> None:
    right = total = 0
    misses = []
    for fixture in FIXTURES:
        quotes = analyze_article(fixture.article, nlp, opts=QuoteOptions()).quotes
        for gold in fixture.gold:
            found = match(gold, quotes)
            total += 1
            ok = found is not None and found.speaker == gold["speaker"] \
                and found.is_speech == gold.get("is_speech", True)
            right += ok
            if not ok:
                misses.append((fixture.name, gold["text"], found))
    assert total >= 30
    assert right / total >= 0.97, misses


@pytest.mark.slow
def test_quotes_batch_rejects_other_languages_and_keeps_order(nlp: Language) -> None:
    french = Article("fr", "fr.txt", "h", ("« Nous restons », a dit Holm.",), language="fr")
    empty = Article("e", "e.txt", "h", ())
    results = list(analyze_articles([FIXTURES[0].article, french, empty, FIXTURES[1].article],
                                    nlp, opts=QuoteOptions()))
    rejected = [r for r in results if isinstance(r, Rejected)]
    assert [r.reason for r in rejected] == ["language fr: skipped"]
    ids = [r.article_id for r in results if not isinstance(r, Rejected)]
    assert ids == [FIXTURES[0].article.id, "e", FIXTURES[1].article.id]


@pytest.mark.slow
def test_quotes_survive_long_paragraphs_and_many_quotes(nlp: Language) -> None:
    many = " ".join(f'"Line {i} of the text," Holm said.' for i in range(1500))
    long = "word " * 30_000 + '"unclosed quote at the end'
    article = Article("x", "x.txt", "h", (many, long))
    opts = QuoteOptions(max_paragraph_chars=5_000)
    quotes = analyze_article(article, nlp, opts=opts).quotes
    direct = [q for q in quotes if q.paragraph == 0 and q.kind == "direct"]
    assert len(direct) == 1500
    assert all(q.speaker == "Daria Holm" for q in direct)  # via the alias table
    assert any(q.paragraph == 1 for q in quotes)
