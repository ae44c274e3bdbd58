"""The spaCy factory and paragraph chunking."""

from __future__ import annotations

import pytest

from parallax.errors import ConfigError
from parallax.nlp import load_nlp, paragraph_chunks, parse_chunks, split_paragraph


def test_nlp_split_paragraph_keeps_offsets_and_limit() -> None:
    text = "One sentence here. " * 400
    chunks = split_paragraph(3, text, max_chars=500)
    assert len(chunks) > 1
    assert all(len(c.text) <= 500 and c.paragraph == 3 for c in chunks)
    assert "".join(c.text for c in chunks) == text
    assert all(text[c.offset:c.offset + len(c.text)] == c.text for c in chunks)


def test_nlp_paragraph_chunks_short_paragraphs_stay_whole() -> None:
    chunks = paragraph_chunks(["a b", "", "c"])
    assert [(c.paragraph, c.offset, c.text) for c in chunks] == [(0, 0, "a b"), (1, 0, ""),
                                                                 (2, 0, "c")]


def test_nlp_missing_model_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="not installed"):
        load_nlp("no_such_model_xyz")


@pytest.mark.slow
def test_nlp_load_once_and_parse_in_batches() -> None:
    assert load_nlp() is load_nlp()
    chunks = paragraph_chunks(["Daria Holm spoke in Dravohrad.", "Irina Belskaya replied."])
    parsed = list(parse_chunks(load_nlp(), chunks, batch_size=2))
    assert [c.paragraph for c, _ in parsed] == [0, 1]
    assert {"parser", "ner", "lemmatizer"} <= set(load_nlp().pipe_names)
    assert any(e.label_ == "PERSON" for e in parsed[0][1].ents)
