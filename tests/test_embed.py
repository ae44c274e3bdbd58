"""Embeddings: the lead that is embedded, the stored form, and the real model (slow)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from parallax.embed import DIMENSIONS, article_lead, embed_articles, from_blob, to_blob
from parallax.models import Article


def article(headline: str, *paragraphs: str, standfirst: str | None = None) -> Article:
    return Article(id=headline, source="fixture", headline=headline, paragraphs=paragraphs,
                   standfirst=standfirst)


def test_embed_lead_is_headline_standfirst_and_first_thousand_chars() -> None:
    body = "Brenna port was shelled overnight. " * 60
    lead = article_lead(article("Brenna shelled", body, standfirst="Ferry terminal hit"))
    assert lead.startswith("Brenna shelled\nFerry terminal hit\nBrenna port")
    assert len(lead) <= len("Brenna shelled\nFerry terminal hit\n") + 1000
    assert not lead.endswith(" ")


def test_embed_blob_round_trip() -> None:
    vector = np.linspace(-1, 1, DIMENSIONS, dtype=np.float32)
    blob = to_blob(vector)
    assert len(blob) == DIMENSIONS * 4
    assert np.array_equal(from_blob(blob), vector)


class _Fake:
    def encode(self, texts: list[str], *, batch_size: int = 32) -> np.ndarray:
        return np.ones((len(texts), DIMENSIONS), dtype=np.float32) / np.sqrt(DIMENSIONS)


def test_embed_empty_article_gets_a_zero_row() -> None:
    rows = embed_articles([article("", ""), article("Ostrik quake")], _Fake())  # type: ignore[arg-type]
    assert rows.shape == (2, DIMENSIONS) and rows.dtype == np.float32
    assert not rows[0].any() and rows[1].any()


@pytest.mark.slow
def test_embed_real_model_same_event_is_closer_than_a_lookalike() -> None:
    import torch

    from parallax.embed import load_embedder

    torch.set_num_threads(1)
    embedder = load_embedder()
    assert load_embedder() is embedder  # cached factory
    ostrik = article("Strong earthquake shakes border town of Ostrik",
                     "A magnitude 6.1 earthquake struck near Ostrik on Sunday, killing four "
                     "people when the grain depot collapsed.")
    ostrik_again = article("Ostrik counts the dead after 6.1 quake",
                           "Four people died in Ostrik when the grain depot fell in Sunday's "
                           "magnitude 6.1 earthquake, officials said.")
    summit = article("Aalto hosts Alliance summit in Bressa",
                     "WA Secretary General Henrik Aalto opened the Western Alliance summit "
                     "in Bressa on Monday.")
    vectors = embed_articles([ostrik, ostrik_again, summit], embedder, batch_size=2)
    assert vectors.shape == (3, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    one_by_one = np.vstack([embed_articles([a], embedder) for a in (ostrik, summit)])
    # batching changes nothing but rounding (bfloat16 products where the CPU has them)
    assert np.allclose(one_by_one, vectors[[0, 2]], atol=2e-3)
    assert (one_by_one * vectors[[0, 2]]).sum(axis=1).min() > 0.9999


class _CountingEncoder:
    """Deterministic vectors from the text length; counts what it was asked to encode."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        self.seen.extend(texts)
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i, text in enumerate(texts):
            out[i, len(text) % 384] = 1.0
        return out


def test_embed_cached_encoder_encodes_each_sentence_once(tmp_db: str) -> None:
    from parallax.embed import CachedEncoder

    inner = _CountingEncoder()
    encoder = CachedEncoder(inner, tmp_db)  # type: ignore[arg-type]
    first = encoder.encode(["Ceasefire talks open.", "Drones hit Brenna.", "Ceasefire talks open."])
    assert inner.seen == ["Ceasefire talks open.", "Drones hit Brenna."]
    again = CachedEncoder(inner, tmp_db).encode(["Drones hit Brenna.", "Ceasefire talks open."])
    assert inner.seen == ["Ceasefire talks open.", "Drones hit Brenna."]  # nothing new encoded
    assert np.array_equal(again[0], first[1]) and np.array_equal(again[1], first[0])
