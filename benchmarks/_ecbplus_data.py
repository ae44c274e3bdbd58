"""ECB+ as parallax Articles, with cached MiniLM embeddings (shared by the ecbplus scripts).

ECB+ documents have no headline field and no timestamps: the first sentence stands in for the
headline, the rest are the paragraphs, and ``published`` stays None (so the time gate is neutral).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from parallax.models import Article

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "news-clustering"
ECB = DATA / "ecbplus"
CACHE = Path.home() / ".cache" / "parallax"


@dataclass(frozen=True)
class Split:
    name: str
    articles: list[Article]
    gold: list[str]
    embeddings: np.ndarray


def load_docs() -> list[dict[str, object]]:
    with (ECB / "docs.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def to_article(doc: dict[str, object]) -> Article:
    sentences = [str(s) for s in doc["sentences"]]  # type: ignore[attr-defined]
    return Article(id=str(doc["doc_id"]), source=str(doc["file"]),
                   headline=sentences[0] if sentences else "", paragraphs=tuple(sentences[1:]))


def embeddings_for(articles: Sequence[Article]) -> np.ndarray:
    """MiniLM vectors of the articles, computed once and cached under ~/.cache/parallax."""
    from parallax.embed import native_bf16

    precision = "bf16" if native_bf16() else "fp32"  # the vectors differ in rounding
    key = hashlib.sha256("\n".join([precision, *(a.id for a in articles)]).encode()
                         ).hexdigest()[:16]
    path = CACHE / f"ecbplus-minilm-{key}.npy"
    if path.exists():
        return np.load(path)
    import torch

    from parallax.embed import embed_articles, load_embedder

    torch.set_num_threads(1)
    vectors = embed_articles(articles, load_embedder())
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def load_splits() -> dict[str, Split]:
    docs = load_docs()
    articles = [to_article(d) for d in docs]
    vectors = embeddings_for(articles)
    splits: dict[str, Split] = {}
    for name in ("train", "dev", "test"):
        rows = [i for i, d in enumerate(docs) if d["split"] == name]
        splits[name] = Split(name, [articles[i] for i in rows],
                             [str(docs[i]["event"]) for i in rows], vectors[rows])
    return splits


def bcubed(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float, float]:
    """BCubed P, R, F1 as the data README defines them (the sets include the document)."""
    n = len(gold)
    pairs: dict[tuple[str, str], int] = {}
    for g, p in zip(gold, predicted, strict=True):
        pairs[(g, p)] = pairs.get((g, p), 0) + 1
    g_size: dict[str, int] = {}
    p_size: dict[str, int] = {}
    for g, p in zip(gold, predicted, strict=True):
        g_size[g] = g_size.get(g, 0) + 1
        p_size[p] = p_size.get(p, 0) + 1
    precision = sum(c * c / p_size[p] for (_g, p), c in pairs.items()) / n
    recall = sum(c * c / g_size[g] for (g, _p), c in pairs.items()) / n
    return precision, recall, _f1(precision, recall)


def pairwise(gold: Sequence[str], predicted: Sequence[str]) -> tuple[float, float, float]:
    """Miranda et al. 2018 pairwise ("standard") P, R, F1 over document pairs."""
    def c2(k: int) -> float:
        return k * (k - 1) / 2

    pairs: dict[tuple[str, str], int] = {}
    g_size: dict[str, int] = {}
    p_size: dict[str, int] = {}
    for g, p in zip(gold, predicted, strict=True):
        pairs[(g, p)] = pairs.get((g, p), 0) + 1
        g_size[g] = g_size.get(g, 0) + 1
        p_size[p] = p_size.get(p, 0) + 1
    tp = sum(c2(c) for c in pairs.values())
    predicted_pairs = sum(c2(c) for c in p_size.values())
    gold_pairs = sum(c2(c) for c in g_size.values())
    precision = tp / predicted_pairs if predicted_pairs else 0.0
    recall = tp / gold_pairs if gold_pairs else 0.0
    return precision, recall, _f1(precision, recall)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0
