"""Claim alignment on the demo stories: pairwise precision, recall and F1 against our own gold.

Gold: tests/fixtures/compare/demo_claims.json, written by reading examples/demo (its "notes" list
the corrections). For each of the eight multi-outlet events it lists the facts: the body sentences
(outlet + text) that state the same thing; every other sentence of a story is a fact of its own.
A sentence that also states a second fact lists it under "also".

Metric (printed by the script): over every pair of sentences from two different outlets of one
event, a pair is gold-positive when both sentences have the same (primary) gold fact, and
predicted-positive when the Comparison puts both claims in one fact cluster. Pairs where one
sentence is "ignore"d, or where the two share a fact only through "also", are not scored
(neither answer is wrong). Gold sentences the system does not produce count as missed pairs.

Weights and thresholds (CompareOptions defaults) are fitted on the dev events by
benchmarks/fit_claims.py; this script only scores them, on dev and on test.

    .venv/bin/python benchmarks/claims.py [--no-encoder]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from parallax.compare import CompareOptions, Comparison, compare_story  # noqa: E402
from parallax.config import IngestOptions, SegmentOptions  # noqa: E402
from parallax.ingest import iter_pages  # noqa: E402
from parallax.models import Article, Story, normalise_for_id  # noqa: E402
from parallax.segment import segment_pages  # noqa: E402
from parallax.sides import load_registry  # noqa: E402
from parallax.terms import load_term_table  # noqa: E402

GOLD = REPO / "tests" / "fixtures" / "compare" / "demo_claims.json"
DEMO = REPO / "examples" / "demo"
EVENTS_GOLD = REPO / "examples" / "gold.json"


EMBEDDINGS = Path(tempfile.gettempdir()) / "parallax-claims-embeddings.pkl"
DEFINITION = ("pairwise P/R/F1 over all cross-outlet sentence pairs of each event; gold pair = "
              "both sentences in one gold fact; unlisted sentences are singletons (negatives); "
              "pairs with an 'ignore' sentence or sharing a fact only via 'also' are not scored")


class CachedEncoder:
    """Encodes each distinct sentence once, cached on disk by text hash (the encoder is slow on
    a busy machine; the cache only ever holds vectors of the demo's own sentences)."""

    def __init__(self, inner: Any, path: Path = EMBEDDINGS) -> None:
        self.inner, self.path = inner, path
        self.cache: dict[str, np.ndarray] = {}
        if path.exists():
            self.cache = pickle.loads(path.read_bytes())
        self.seconds = 0.0
        self.encoded = 0

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def encode(self, sentences: Sequence[str]) -> np.ndarray:
        missing = [s for s in dict.fromkeys(sentences) if self.key(s) not in self.cache]
        if missing:
            start = time.perf_counter()
            for text, row in zip(missing, self.inner.encode(missing), strict=True):
                self.cache[self.key(text)] = row
            self.seconds += time.perf_counter() - start
            self.encoded += len(missing)
            self.path.write_bytes(pickle.dumps(self.cache))
        return np.stack([self.cache[self.key(s)] for s in sentences])


def load_articles() -> list[Article]:
    items = segment_pages(iter_pages([str(DEMO)], IngestOptions()), opts=SegmentOptions())
    return [a for a in items if isinstance(a, Article)]


def stories_by_event(articles: list[Article], gold: dict[str, Any]) -> dict[str, Story]:
    """Each gold event's articles: by headline or source in examples/gold.json, else by holding
    a gold sentence of the event (robust to digest items numbered differently)."""
    meta = json.loads(EVENTS_GOLD.read_text(encoding="utf-8"))["articles"]
    by_key = {m["source"]: m["event"] for m in meta}
    by_key.update({normalise_for_id(m["headline"]): m["event"] for m in meta if m["headline"]})
    members: dict[str, list[str]] = defaultdict(list)
    for article in articles:
        source = article.source.removeprefix(str(DEMO) + "/").removeprefix("examples/demo/")
        event = by_key.get(normalise_for_id(article.headline)) or by_key.get(source)
        if event not in gold["events"]:
            text = normalise_for_id(" ".join(article.paragraphs))
            event = next((e for e, g in gold["events"].items()
                          if any(normalise_for_id(m["text"]) in text
                                 for f in g["facts"] for m in f)), None)
        if event in gold["events"]:
            members[event].append(article.id)
    return {e: Story(e, e, tuple(ids), ()) for e, ids in members.items()}


GoldKey = tuple[str, str]


def gold_index(
    event: dict[str, Any],
) -> tuple[dict[GoldKey, int], dict[GoldKey, set[int]], set[GoldKey]]:
    """(outlet, normalised text) → primary fact, → every fact it states, and the ignored."""
    fact_of: dict[GoldKey, int] = {}
    facts_of: dict[GoldKey, set[int]] = {}
    for i, fact in enumerate(event["facts"]):
        for m in fact:
            key = (m["outlet"] or "", normalise_for_id(m["text"]))
            fact_of[key] = i
            facts_of[key] = {i, *m.get("also", ())}
    ignore = {(m["outlet"] or "", normalise_for_id(m["text"])) for m in event["ignore"]}
    return fact_of, facts_of, ignore


def score_event(comparison: Comparison, event: dict[str, Any]) -> dict[str, int]:
    fact_of, facts_of, ignore = gold_index(event)
    claims = [(view.outlet, normalise_for_id(c.text), c.fact)
              for view in comparison.outlets for c in view.claims]
    ignore_texts = {t for _, t in ignore}
    keyed = []
    for n, (outlet, text, label) in enumerate(claims):
        key = (outlet, text)
        if key not in fact_of:  # outlet spelled differently: match on the text alone
            key = next((k for k in fact_of if k[1] == text), key)
        gold_fact = fact_of.get(key, -1 - n)  # unlisted sentences are singletons
        keyed.append((outlet, key, label, gold_fact, text in ignore_texts,
                      facts_of.get(key, {gold_fact})))
    tp = fp = 0
    found_gold_pairs: set[frozenset[tuple[str, str]]] = set()
    for i in range(len(keyed)):
        for j in range(i + 1, len(keyed)):
            a, b = keyed[i], keyed[j]
            if a[0] == b[0] or a[4] or b[4]:
                continue
            same_gold = a[3] == b[3]
            if not same_gold and a[5] & b[5]:
                continue  # one sentence also states the other's fact: not scored
            if a[2] == b[2]:
                tp += same_gold
                fp += not same_gold
            if same_gold:
                found_gold_pairs.add(frozenset((a[1], b[1])))
    gold_pairs = sum(
        1 for fact in event["facts"] for x in range(len(fact)) for y in range(x + 1, len(fact))
        if (fact[x]["outlet"] or "") != (fact[y]["outlet"] or "")
    )
    return {"tp": tp, "fp": fp, "gold_pairs": gold_pairs}


def score_omissions(comparison: Comparison, event: dict[str, Any]) -> dict[str, int]:
    """Over (outlet, gold fact reported by another outlet): gold omits = the outlet is not among
    the fact's outlets; system omits = no sentence of the other outlets for that fact shares a
    cluster with one of the outlet's claims."""
    label_of = {(v.outlet, normalise_for_id(c.text)): c.fact
                for v in comparison.outlets for c in v.claims}
    counts = {"tp": 0, "fp": 0, "fn": 0}
    for fact in event["facts"]:
        reporters = {m["outlet"] for m in fact}
        for view in comparison.outlets:
            mine = {c.fact for c in view.claims}
            labels = [label_of.get((m["outlet"], normalise_for_id(m["text"])))
                      for m in fact if m["outlet"] != view.outlet]
            if not labels:
                continue
            gold = view.outlet not in reporters
            system = not any(label is not None and label in mine for label in labels)
            counts["tp"] += gold and system
            counts["fp"] += system and not gold
            counts["fn"] += gold and not system
    return counts


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def run(articles: list[Article], stories: dict[str, Story], gold: dict[str, Any],
        events: list[str], encoder: Any, opts: CompareOptions) -> dict[str, Any]:
    registry, table = load_registry(), load_term_table()
    tp = fp = gold_pairs = 0
    om = {"tp": 0, "fp": 0, "fn": 0}
    disagreements = 0
    for event in events:
        comparison = compare_story(stories[event], articles, [], [], encoder=encoder,
                                   registry=registry, term_table=table, opts=opts)
        s = score_event(comparison, gold["events"][event])
        tp, fp, gold_pairs = tp + s["tp"], fp + s["fp"], gold_pairs + s["gold_pairs"]
        for k, v in score_omissions(comparison, gold["events"][event]).items():
            om[k] += v
        disagreements += len(comparison.disagreements)
    return {"claims": prf(tp, fp, gold_pairs - tp), "omissions": prf(om["tp"], om["fp"],
                                                                     om["fn"]),
            "pairs": {"tp": tp, "fp": fp, "gold": gold_pairs}, "disagreements": disagreements}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-encoder", action="store_true", help="TF-IDF fallback only")
    args = parser.parse_args()
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    start = time.perf_counter()
    articles = load_articles()
    stories = stories_by_event(articles, gold)
    print(f"demo corpus: {len(articles)} articles, {len(stories)} gold events "
          f"({time.perf_counter() - start:.1f}s to read)")
    print(f"metric: {DEFINITION}")
    figures: dict[str, Any] = {"benchmark": "claims", "metric": "pairwise_f1"}
    methods: list[tuple[str, Any]] = [("tfidf", None)]
    if not args.no_encoder:
        try:
            from parallax.embed import load_embedder

            methods.append(("encoder", CachedEncoder(load_embedder())))
        except Exception as exc:  # the benchmark still reports the fallback
            print(f"encoder unavailable ({exc}); TF-IDF only")
    opts = CompareOptions()
    for name, encoder in methods:
        timer = time.perf_counter()
        dev = run(articles, stories, gold, gold["split"]["dev"], encoder, opts)
        test = run(articles, stories, gold, gold["split"]["test"], encoder, opts)
        seconds = time.perf_counter() - timer
        print(f"\n[{name}] dev  claims {dev['claims']}  pairs {dev['pairs']}")
        print(f"[{name}] test claims {test['claims']}  pairs {test['pairs']}")
        print(f"[{name}] test omissions {test['omissions']}; disagreements flagged: "
              f"dev {dev['disagreements']}, test {test['disagreements']} ({seconds:.1f}s)")
        figures[name] = {"dev": dev["claims"], "test": test["claims"],
                         "test_omissions": test["omissions"],
                         "disagreements": dev["disagreements"] + test["disagreements"]}
        if isinstance(encoder, CachedEncoder) and encoder.seconds:
            figures[name]["sentences_per_s"] = round(encoder.encoded / encoder.seconds, 1)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
