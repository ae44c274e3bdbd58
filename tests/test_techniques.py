"""Persuasion techniques: spans, voice, word lists, and precision/recall on fiction fixtures."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from parallax.errors import ConfigError
from parallax.models import Article, Quote, stable_id
from parallax.techniques import (
    BIAS_THRESHOLD,
    TECHNIQUES,
    TechniqueOptions,
    compile_lexicon,
    entry_regex,
    find_techniques,
    find_techniques_many,
    load_lexicon,
    parse_lexicon_lines,
    sentence_bias,
    split_sentences,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "techniques"
OPTS = TechniqueOptions()


def _nth(haystack: str, needle: str, nth: int = 1) -> int:
    start = -1
    for _ in range(nth):
        start = haystack.find(needle, start + 1)
        if start < 0:
            raise AssertionError(f"fixture: {needle!r} not in {haystack!r}")
    return start


def load_item(line: str) -> tuple[Article, list[Quote], list[tuple[str, int, int, int, str]]]:
    data: dict[str, Any] = json.loads(line)
    paragraphs = tuple(data["paragraphs"])
    article = Article(id=data["id"], source=data["id"], headline="", paragraphs=paragraphs)
    quotes = []
    for i, q in enumerate(data["quotes"]):
        start = _nth(paragraphs[q["paragraph"]], q["text"])
        quotes.append(Quote(id=f"q{i}", article_id=article.id, kind=q["kind"], text=q["text"],
                            paragraph=q["paragraph"], start=start, end=start + len(q["text"]),
                            speaker=q["speaker"], is_speech=q["is_speech"]))
    gold = []
    for g in data["gold"]:
        start = _nth(paragraphs[g["paragraph"]], g["text"], g.get("nth", 1))
        gold.append((g["technique"], g["paragraph"], start, start + len(g["text"]),
                     g.get("voice", "outlet")))
    return article, quotes, gold


def score_file(name: str) -> dict[str, Counter[str]]:
    """Per technique: tp/fp (predictions) and found/missed (gold), overlap matching."""
    tally: dict[str, Counter[str]] = {t: Counter() for t in TECHNIQUES}
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        article, quotes, gold = load_item(line)
        found = find_techniques(article, quotes, opts=OPTS)
        for t in found:
            hit = any(g[0] == t.technique and g[1] == t.paragraph and t.start < g[3]
                      and g[2] < t.end for g in gold)
            tally[t.technique]["tp" if hit else "fp"] += 1
        for g in gold:
            hit = any(g[0] == t.technique and g[1] == t.paragraph and t.start < g[3]
                      and g[2] < t.end for t in found)
            tally[g[0]]["found" if hit else "missed"] += 1
    return tally


def micro(tally: dict[str, Counter[str]]) -> tuple[float, float]:
    tp = sum(c["tp"] for c in tally.values())
    fp = sum(c["fp"] for c in tally.values())
    found = sum(c["found"] for c in tally.values())
    missed = sum(c["missed"] for c in tally.values())
    return tp / (tp + fp), found / (found + missed)


def report(tally: dict[str, Counter[str]]) -> str:
    rows = []
    for technique, c in tally.items():
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else float("nan")
        r = c["found"] / (c["found"] + c["missed"]) if c["found"] + c["missed"] else float("nan")
        rows.append(f"{technique:36s} P={p:.2f} R={r:.2f} {dict(c)}")
    return "\n".join(rows)


def test_techniques_dev_fixtures_precision_recall() -> None:
    tally = score_file("dev.jsonl")
    precision, recall = micro(tally)
    print(report(tally))
    assert precision >= 0.85, report(tally)
    assert recall >= 0.90, report(tally)


def test_techniques_heldout_fixtures_precision_recall() -> None:
    # Written with dev.jsonl, never used to change the lists; floors set below the first score.
    tally = score_file("heldout.jsonl")
    precision, recall = micro(tally)
    print(report(tally))
    assert precision >= 0.70, report(tally)
    assert recall >= 0.75, report(tally)


def test_techniques_spans_index_their_paragraph() -> None:
    for line in (FIXTURES / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        article, quotes, _ = load_item(line)
        for t in find_techniques(article, quotes, opts=OPTS):
            assert article.paragraphs[t.paragraph][t.start : t.end] == t.text
            assert t.id == stable_id(article.id, t.technique, str(t.paragraph), str(t.start),
                                     str(t.end))
            assert t.technique in TECHNIQUES and t.reason


def _article(*paragraphs: str) -> Article:
    return Article(id="a1", source="test", headline="", paragraphs=paragraphs)


def _quote(paragraph: str, text: str, speaker: str | None, *, speech: bool = True) -> Quote:
    start = paragraph.index(text)
    return Quote(id="q", article_id="a1", kind="direct", text=text, paragraph=0, start=start,
                 end=start + len(text), speaker=speaker, is_speech=speech)


def test_techniques_inside_quote_credited_to_speaker() -> None:
    text = '"The Dravograd regime is a gang of neo-Nazis," Irina Belskaya said of the brutal war.'
    quote = _quote(text, "The Dravograd regime is a gang of neo-Nazis,", "Irina Belskaya")
    found = find_techniques(_article(text), [quote], opts=OPTS)
    by_text = {t.text: t for t in found}
    assert by_text["Dravograd regime"].voice == "quoted"
    assert by_text["Dravograd regime"].speaker == "Irina Belskaya"
    assert by_text["Dravograd regime"].technique == "name_calling"
    assert "Dravograd" in by_text["Dravograd regime"].reason
    assert by_text["brutal"].voice == "outlet" and by_text["brutal"].speaker is None


def test_techniques_same_words_without_quote_are_the_outlets() -> None:
    text = "The Dravograd regime is a gang of neo-Nazis."
    found = find_techniques(_article(text), [], opts=OPTS)
    assert {t.voice for t in found} == {"outlet"}
    assert any(t.technique == "name_calling" for t in found)


def test_techniques_indirect_quote_credit_is_an_option() -> None:
    text = "Lomov said the militants had fled."
    quote = Quote(id="q", article_id="a1", kind="indirect", text="the militants had fled",
                  paragraph=0, start=10, end=32, speaker="Arkady Lomov")
    credited = find_techniques(_article(text), [quote], opts=OPTS)
    assert credited[0].voice == "quoted"
    own = find_techniques(_article(text), [quote],
                          opts=TechniqueOptions(credit_indirect_quotes=False))
    assert own[0].voice == "outlet"


def test_techniques_scare_quotes_are_doubt() -> None:
    text = 'Kharsk sent "peacekeepers" to Tessel.'
    quote = _quote(text, "peacekeepers", None, speech=False)
    found = find_techniques(_article(text), [quote], opts=OPTS)
    assert [(t.technique, t.text, t.voice) for t in found] == [
        ("doubt", "peacekeepers", "outlet")
    ]


def test_techniques_neutral_report_has_none() -> None:
    text = ("The Varnian Defence Ministry said 12 drones were shot down near Ostrik overnight. "
            "Kharsk did not comment. Talks are due to resume in Bressa on Monday.")
    assert find_techniques(_article(text), [], opts=OPTS) == []


def test_techniques_filter_and_unknown_id() -> None:
    text = "The barbaric regime lied."
    only = find_techniques(_article(text), [], opts=TechniqueOptions(techniques=("name_calling",)))
    assert {t.technique for t in only} == {"name_calling"}
    with pytest.raises(ConfigError, match="unknown technique"):
        find_techniques(_article(text), [], opts=TechniqueOptions(techniques=("propaganda",)))


def test_techniques_batch_keeps_going() -> None:
    good = _article("A barbaric strike.")
    found, rejected = find_techniques_many([(good, []), (good, [])], opts=OPTS)
    assert len(found) == 2 and rejected == []


def test_techniques_user_lexicon_dir_adds_entries(tmp_path: Path) -> None:
    (tmp_path / "loaded_language.txt").write_text("dastardly\n", encoding="utf-8")
    opts = TechniqueOptions(lexicon_dirs=(tmp_path,))
    found = find_techniques(_article("A dastardly plan."), [], opts=opts)
    assert [t.text for t in found] == ["dastardly"]


def test_techniques_pattern_language() -> None:
    import re

    assert re.search(entry_regex("brutal*"), "brutally", re.I)
    assert not re.search(entry_regex("war"), "warship", re.I)
    assert re.search(entry_regex("neo-Nazi"), "neo Nazi", re.I)
    assert re.search(entry_regex("either ... or"), "either they leave or", re.I)
    assert re.search(entry_regex("glory to <X>"), "Glory to Varnia", re.I)
    assert not re.search(entry_regex("glory to <X>"), "glory to them", re.I)
    lexicon = compile_lexicon("t", parse_lexicon_lines(["war", "war crimes  # phrase"], "t"))
    assert [m.group() for m in lexicon.finditer("war crimes in a war")] == ["war crimes", "war"]


def test_techniques_bad_lexicon_weight_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match=r"x\.txt:2: weight"):
        parse_lexicon_lines(["good", "bad\tlots"], "x.txt")


def test_techniques_every_id_has_a_word_list_or_rule() -> None:
    for technique in TECHNIQUES:
        if technique != "repetition":
            assert load_lexicon(technique).entries, technique


def test_techniques_split_sentences_keeps_titles() -> None:
    text = 'Maj. Gen. Arkady Lomov spoke. "We will win!" he said. U.S. officials left.'
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "Maj. Gen. Arkady Lomov spoke.", '"We will win!" he said.', "U.S. officials left."
    ]


def test_techniques_sentence_bias_on_fixture_sentences() -> None:
    rows = [line.split("\t") for line in
            (FIXTURES / "bias_sentences.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")]
    predicted = [sentence_bias(text)[0] >= BIAS_THRESHOLD for _, text in rows]
    gold = [label == "1" for label, _ in rows]
    correct = sum(p == g for p, g in zip(predicted, gold, strict=True))
    assert correct / len(rows) >= 0.9, list(zip(predicted, gold, strict=True))


def test_techniques_sentence_bias_spans_and_range() -> None:
    sentence = "The senator's bizarre rant drew fire."
    score, spans = sentence_bias(sentence)
    assert [sentence[s:e] for s, e in spans] == ["bizarre", "rant"]
    assert score == pytest.approx(0.75)
    assert sentence_bias("The senator spoke on Tuesday.") == (0.0, [])
