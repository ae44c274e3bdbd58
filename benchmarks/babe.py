"""BABE: sentence-level media bias and biased words, scored by the loaded-language detector.

Evaluation only: ``parallax.techniques.sentence_bias`` is a word-list scorer whose threshold (0.5,
"at least one loaded word") was fixed before this script was first run; nothing is fitted here.

Official metric (../shared/benchmarks/babe/README.md): Biased vs Non-biased on SG2 ("No agreement"
rows dropped), StratifiedKFold(n_splits=5, shuffle=True, random_state=42), scores averaged over the
folds; both macro-F1 and weighted-F1 are reported. With no training, the folds only change the
averaging; the whole-set figures are printed too. Word level (not official, the README's
suggestion): recall of the marked biased words, and token-level precision/recall/F1 against
``biased_words`` on Biased sentences.

Speed: docs/s, and the ratio against a naive baseline that runs each list entry as its own regular
expression, measured in the same run on the same sentences.

    .venv/bin/python benchmarks/babe.py
"""

from __future__ import annotations

import ast
import csv
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from sklearn.metrics import f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold

from parallax.techniques import (
    BIAS_LEXICONS,
    BIAS_THRESHOLD,
    entry_regex,
    load_lexicon,
    sentence_bias,
)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "babe"
ANCHOR_MACRO_F1 = 0.804
WORD = re.compile(r"[\w][\w'’-]*")


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    return [r for r in rows if r["label_bias"] in {"Biased", "Non-biased"}]


def gold_words(row: dict[str, str]) -> list[str]:
    try:
        words = ast.literal_eval(row.get("biased_words") or "[]")
    except (ValueError, SyntaxError):
        return []
    return [str(w) for w in words if str(w).strip()]


def locate(word: str, text: str) -> tuple[int, int] | None:
    match = re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text, re.IGNORECASE)
    return (match.start(), match.end()) if match else None


def sentence_scores(y_true: Sequence[int], y_pred: Sequence[int]) -> dict[str, float]:
    return {
        "macro_f1": float(f1_score(y_true, y_pred, average="macro")),
        "weighted_f1": float(f1_score(y_true, y_pred, average="weighted")),
        "precision_biased": float(precision_score(y_true, y_pred, zero_division=0)),
        "recall_biased": float(recall_score(y_true, y_pred, zero_division=0)),
    }


def word_scores(
    rows: Sequence[dict[str, str]], spans: Sequence[list[tuple[int, int]]]
) -> dict[str, float]:
    """Recall of marked words (any overlap), and token-level P/R/F1, on Biased sentences."""
    found = located = missing = 0
    tp = fp = fn = 0
    for row, predicted in zip(rows, spans, strict=True):
        if row["label_bias"] != "Biased":
            continue
        text = row["text"]
        gold_spans = []
        for word in gold_words(row):
            where = locate(word, text)
            if where is None:
                missing += 1
                continue
            located += 1
            gold_spans.append(where)
            found += any(s < where[1] and where[0] < e for s, e in predicted)
        gold_set = {m.start() for m in WORD.finditer(text)
                    if any(s <= m.start() < e for s, e in gold_spans)}
        pred_set = {m.start() for m in WORD.finditer(text)
                    if any(s <= m.start() < e for s, e in predicted)}
        tp += len(gold_set & pred_set)
        fp += len(pred_set - gold_set)
        fn += len(gold_set - pred_set)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "word_recall": found / located if located else 0.0,
        "words_located": located,
        "words_not_in_text": missing,
        "token_precision": precision,
        "token_recall": recall,
        "token_f1": f1,
    }


def naive_bias(sentence: str, patterns: Sequence[re.Pattern[str]]) -> int:
    return sum(1 for p in patterns if p.search(sentence))


def evaluate(name: str, rows: Sequence[dict[str, str]]) -> dict[str, float]:
    texts = [r["text"] for r in rows]
    y_true = [1 if r["label_bias"] == "Biased" else 0 for r in rows]
    started = time.perf_counter()
    results = [sentence_bias(t) for t in texts]
    elapsed = time.perf_counter() - started
    y_pred = [1 if score >= BIAS_THRESHOLD else 0 for score, _ in results]
    whole = sentence_scores(y_true, y_pred)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    per_fold = [sentence_scores([y_true[i] for i in test], [y_pred[i] for i in test])
                for _, test in folds.split(texts, y_true)]
    figures: dict[str, float] = {
        "sentences": len(rows),
        "macro_f1_5fold": sum(f["macro_f1"] for f in per_fold) / len(per_fold),
        "weighted_f1_5fold": sum(f["weighted_f1"] for f in per_fold) / len(per_fold),
        **{f"{k}_all": v for k, v in whole.items()},
        "majority_macro_f1": float(f1_score(y_true, [max(set(y_true), key=y_true.count)] * len(
            y_true), average="macro")),
        "docs_per_s": len(rows) / elapsed if elapsed else 0.0,
    }
    figures.update(word_scores(rows, [spans for _, spans in results]))
    print(f"\n{name}: {len(rows)} sentences")
    for key, value in figures.items():
        print(f"  {key:22s} {value:.4f}" if isinstance(value, float) else f"  {key:22s} {value}")
    return figures


def speed_ratio(texts: Sequence[str]) -> tuple[float, float]:
    """(speed-up over one regex per entry, the baseline's sentences per second)."""
    patterns = [re.compile(entry_regex(e), re.IGNORECASE)
                for name in BIAS_LEXICONS for e in load_lexicon(name).entries]
    started = time.perf_counter()
    for text in texts:
        naive_bias(text, patterns)
    naive = time.perf_counter() - started
    started = time.perf_counter()
    for text in texts:
        sentence_bias(text)
    ours = time.perf_counter() - started
    return (naive / ours if ours else 0.0), (len(texts) / naive if naive else 0.0)


def main() -> int:
    if not DATA.is_dir():
        print(f"{DATA}: BABE is absent; nothing to score", file=sys.stderr)
        print(json.dumps({"benchmark": "babe", "skipped": True}))
        return 0
    sentence_bias("warm up the compiled word lists")
    sg2 = evaluate("SG2 (BABE proper, official)", read_rows(DATA / "final_labels_SG2.csv"))
    sg1 = evaluate("SG1 (MBIC sentences, 8 experts; information)",
                   read_rows(DATA / "final_labels_SG1.csv"))
    ratio, naive_rate = speed_ratio([r["text"] for r in read_rows(DATA / "final_labels_SG2.csv")])
    print(f"\nanchor (fine-tuned RoBERTa/BERT, SG2): macro F1 {ANCHOR_MACRO_F1}")
    print(f"speed: {ratio:.1f}x the naive one-regex-per-entry scan ({naive_rate:.0f} sentences/s)")
    summary = {
        "benchmark": "babe",
        "dataset": "SG2",
        "threshold": BIAS_THRESHOLD,
        "threshold_source": "a priori (one loaded word), not fitted",
        "macro_f1": round(sg2["macro_f1_5fold"], 4),
        "weighted_f1": round(sg2["weighted_f1_5fold"], 4),
        "macro_f1_all": round(sg2["macro_f1_all"], 4),
        "precision_biased": round(sg2["precision_biased_all"], 4),
        "recall_biased": round(sg2["recall_biased_all"], 4),
        "word_recall": round(sg2["word_recall"], 4),
        "token_f1": round(sg2["token_f1"], 4),
        "sg1_macro_f1": round(sg1["macro_f1_all"], 4),
        "anchor_macro_f1": ANCHOR_MACRO_F1,
        "speedup_vs_naive_regex": round(ratio, 2),
        "docs_per_s": round(sg2["docs_per_s"], 1),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
