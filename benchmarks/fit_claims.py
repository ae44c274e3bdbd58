"""Fit the claim-alignment weights of CompareOptions on the DEV events of our gold.

For every cross-outlet sentence pair of the dev events: the ``parallax.claims.pair_features``
and whether both sentences state one gold fact (pairs the metric does not score are left out).
A logistic regression over those pairs gives the weights; the threshold on the average pair
probability is the one with the best pairwise F1 of the resulting facts on dev. Test events are
never read. Paste the printed values into CompareOptions.

    .venv/bin/python benchmarks/fit_claims.py [--no-encoder]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import claims as bench
from parallax.claims import (
    Sentence,
    article_sentences,
    cluster_facts,
    pair_features,
    pair_probability,
)
from parallax.compare import CompareOptions
from parallax.models import normalise_for_id
from parallax.sides import load_registry

Event = tuple[list[Sentence], list[int], list[set[int]], list[bool]]


def event_sentences(articles: Sequence[Any], story: Any, gold_event: dict[str, Any]) -> Event:
    """The story's sentences with their gold fact, every fact they state, and ignore flags."""
    fact_of, facts_of, ignore = bench.gold_index(gold_event)
    by_text = {text: f for (_, text), f in fact_of.items()}
    registry = load_registry()
    mine = [a for a in articles if a.id in set(story.article_ids)]
    sentences = [s for a in mine
                 for s in article_sentences(a, registry.canonical(a.outlet) or "?", 4)]
    labels, facts, ignored = [], [], []
    for n, sentence in enumerate(sentences):
        text = normalise_for_id(sentence.text)
        fact = by_text.get(text, -1 - n)
        labels.append(fact)
        facts.append(next((v for (_, t), v in facts_of.items() if t == text), {fact}))
        ignored.append(any(t == text for _, t in ignore))
    return sentences, labels, facts, ignored


def scored_pairs(event: Event) -> list[tuple[int, int, bool]]:
    sentences, labels, facts, ignored = event
    found = []
    for i in range(len(sentences)):
        for j in range(i + 1, len(sentences)):
            if sentences[i].outlet == sentences[j].outlet or ignored[i] or ignored[j]:
                continue
            same = labels[i] == labels[j]
            if same or not facts[i] & facts[j]:
                found.append((i, j, same))
    return found


def f1_at(events: list[Event], probabilities: list[np.ndarray], threshold: float) -> float:
    tp = fp = fn = 0
    for event, probability in zip(events, probabilities, strict=True):
        labels = cluster_facts(probability, threshold)
        for i, j, gold in scored_pairs(event):
            predicted = labels[i] == labels[j]
            tp, fp, fn = tp + (gold and predicted), fp + (predicted and not gold), \
                fn + (gold and not predicted)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def fit(events: list[Event], encoder: Any) -> dict[str, Any]:
    from sklearn.linear_model import LogisticRegression

    features = [pair_features([s.core for s in e[0]], encoder) for e in events]
    columns = slice(0, None) if encoder is not None else slice(1, None)
    x = np.concatenate([f[i, j, columns][None] for f, e in zip(features, events, strict=True)
                        for i, j, _ in scored_pairs(e)])
    y = np.array([gold for e in events for _, _, gold in scored_pairs(e)])
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y)
    weights = tuple(round(float(w), 2) for w in model.coef_[0])
    bias = round(float(model.intercept_[0]), 2)
    probabilities = [pair_probability(f, weights, bias) for f in features]
    grid = np.round(np.arange(0.05, 0.951, 0.025), 3)
    scores = {float(t): f1_at(events, probabilities, float(t)) for t in grid}
    threshold = max(scores, key=lambda t: scores[t])
    return {"weights": weights, "bias": bias, "threshold": threshold,
            "dev_f1": round(scores[threshold], 4), "pairs": len(y),
            "positives": int(y.sum())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-encoder", action="store_true", help="fit the fallback only")
    args = parser.parse_args()
    gold = json.loads(bench.GOLD.read_text(encoding="utf-8"))
    articles = bench.load_articles()
    stories = bench.stories_by_event(articles, gold)
    dev = [event_sentences(articles, stories[e], gold["events"][e]) for e in gold["split"]["dev"]]
    result = {"tfidf": fit(dev, None)}
    if not args.no_encoder:
        from parallax.embed import load_embedder

        result["encoder"] = fit(dev, bench.CachedEncoder(load_embedder()))
    defaults = CompareOptions()
    print("current defaults: encoder", defaults.encoder_weights, defaults.encoder_bias,
          defaults.encoder_threshold, "| tfidf", defaults.tfidf_weights, defaults.tfidf_bias,
          defaults.tfidf_threshold)
    for name, fitted in result.items():
        print(f"{name}_weights = {fitted['weights']}  {name}_bias = {fitted['bias']}  "
              f"{name}_threshold = {fitted['threshold']}  (dev F1 {fitted['dev_f1']}, "
              f"{fitted['pairs']} pairs, {fitted['positives']} positive)")
    print(json.dumps({"benchmark": "fit_claims", **result}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
