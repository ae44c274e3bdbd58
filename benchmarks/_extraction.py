"""Shared parts of the article-extraction benchmarks: data loading and the official metrics.

The metrics are re-implementations of the reference scorers described in
``../shared/benchmarks/article-extraction/README.md``:

* AEB shingle P/R/F1 (scrapinghub ``evaluate.py``) and newspaper4k's "Corpus" variant of it;
* trafilatura's snippet P/R/F1 (``tests/eval_common.py``);
* htmldate's date outcome counts (``tests/evaluation.py``).

Nothing here reads the network; the HTML archives are unpacked once into a cache folder.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import re
import statistics
import tarfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "article-extraction"
CACHE = Path(os.environ.get("PARALLAX_BENCH_CACHE", "/tmp/parallax-article-extraction"))

# ---------------------------------------------------------------------------------------------
# data


def unpacked(corpus: str) -> Path:
    """The folder holding ``corpus``'s HTML files, unpacking ``html.tar.xz`` on first use."""
    target = CACHE / corpus
    done = target / ".complete"
    if done.exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(DATA / corpus / "html.tar.xz") as archive:
        for member in archive:
            if not member.isfile():
                continue
            handle = archive.extractfile(member)
            assert handle is not None
            (target / Path(member.name).name).write_bytes(handle.read())
    done.write_text("ok\n")
    return target


def read_html_bytes(corpus: str, name: str) -> bytes:
    return (unpacked(corpus) / name).read_bytes()


def aeb_truth() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(
        (DATA / "scrapinghub-aeb" / "ground-truth.json").read_text(encoding="utf-8"))
    return data


def aeb_reference_output(system: str) -> dict[str, dict[str, str]]:
    """A published output of the AEB repository (``{id: {"articleBody": ...}}``)."""
    path = DATA / "scrapinghub-aeb" / "reference-outputs" / f"{system}.json.gz"
    data = json.loads(gzip.decompress(path.read_bytes()).decode("utf-8"))
    output: dict[str, dict[str, str]] = data.get("output", data) if "output" in data else data
    return output


def naeb_labels() -> dict[str, dict[str, str]]:
    """NAEB labels of the pages whose HTML is present (421 of 424)."""
    raw = gzip.decompress((DATA / "naeb" / "articles.json.gz").read_bytes())
    labels: dict[str, dict[str, str]] = json.loads(raw.decode("utf-8"))
    folder = unpacked("naeb")
    return {key: value for key, value in labels.items() if (folder / f"{key}.html").exists()}


def trafilatura_evaldata() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(
        (DATA / "trafilatura-eval" / "evaldata.json").read_text(encoding="utf-8"))
    return data


def htmldate_labels() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(
        (DATA / "trafilatura-eval" / "htmldate-dates.json").read_text(encoding="utf-8"))
    return data


def is_dev(key: str) -> bool:
    """The tuning half: ids whose SHA-256 ends in an even byte. The other half is held out."""
    return hashlib.sha256(key.encode("utf-8")).digest()[-1] % 2 == 0


def halves(keys: Iterable[str]) -> dict[str, list[str]]:
    keys = list(keys)
    return {
        "all": keys,
        "dev": [k for k in keys if is_dev(k)],
        "held-out": [k for k in keys if not is_dev(k)],
    }


# ---------------------------------------------------------------------------------------------
# AEB shingle metric (scrapinghub evaluate.py)

_TOKEN_RE = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)

Counts = tuple[float, float, float]


def tokenize(text: str | None) -> list[str]:
    return _TOKEN_RE.findall(text or "")


def aeb_shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """4-token shingles; a text of 1-3 tokens gives one shingle of all its tokens."""
    tokens = tokenize(text)
    result: Counter[tuple[str, ...]] = Counter()
    for i in range(max(1, len(tokens) - n + 1)):
        shingle = tuple(tokens[i : i + n])
        if shingle:
            result[shingle] += 1
    return result


def nltk_shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """nltk.util.ngrams as newspaper4k uses it: fewer than n tokens give no shingle."""
    tokens = tokenize(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _match(true: Counter[tuple[str, ...]], pred: Counter[tuple[str, ...]]) -> Counts:
    tp = fp = fn = 0.0
    for key in set(true) | set(pred):
        t, p = true.get(key, 0), pred.get(key, 0)
        tp += min(t, p)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    if total > 0:  # every page weighs the same, however long
        return tp / total, fp / total, fn / total
    return tp, fp, fn


def shingle_counts(true: str | None, pred: str | None) -> Counts:
    return _match(aeb_shingles(true), aeb_shingles(pred))


def precision_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def aeb_metrics(counts: Sequence[Counts]) -> dict[str, float]:
    """Corpus P = mean page P over pages with output; R = mean page R; F1 of the two means."""
    precisions = [precision_score(*c) for c in counts if c[0] + c[1] > 0]
    recalls = [recall_score(*c) for c in counts if c[0] + c[2] > 0]
    precision = statistics.mean(precisions) if precisions else 0.0
    recall = statistics.mean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


def aeb_score(
    truth: Mapping[str, str], pred: Mapping[str, str], *, n_bootstrap: int = 1000, seed: int = 0
) -> dict[str, float]:
    """AEB figures for ``pred`` against ``truth`` (same keys).

    ``f1_sd`` is the standard deviation of F1 over bootstrap resamples of pages, the "±" of the
    published table (upstream ``evaluate.py`` prints 1.96 times it).
    """
    keys = sorted(truth)
    counts = [shingle_counts(truth[k], pred.get(k, "")) for k in keys]
    result = aeb_metrics(counts)
    result["accuracy"] = statistics.mean(
        float(tokenize(truth[k]) == tokenize(pred.get(k, ""))) for k in keys)
    rng = random.Random(seed)
    f1s: list[float] = []
    for _ in range(n_bootstrap):
        sample = [counts[rng.randrange(len(counts))] for _ in counts]
        f1s.append(aeb_metrics(sample)["f1"])
    result["f1_sd"] = statistics.stdev(f1s) if len(f1s) > 1 else 0.0
    result["pages"] = len(keys)
    return result


def newspaper4k_score(truth: Mapping[str, str], pred: Mapping[str, str]) -> dict[str, float]:
    """newspaper4k's "Corpus" variant: nltk shingles, P averaged over all pages (empty = 0)."""
    pages = []
    for key in sorted(truth):
        tp, fp, fn = _match(nltk_shingles(truth[key]), nltk_shingles(pred.get(key, "")))
        accuracy = tp / (tp + fp + fn) if tp + fp + fn > 0 else 0.0
        pages.append((accuracy, precision_score(tp, fp, fn), recall_score(tp, fp, fn)))
    accuracy = statistics.mean(p[0] for p in pages)
    precision = statistics.mean(p[1] for p in pages)
    recall = statistics.mean(p[2] for p in pages)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall, "accuracy": accuracy}


# ---------------------------------------------------------------------------------------------
# trafilatura snippet metric (tests/eval_common.py)


@dataclass
class SnippetCounts:
    tp: int = 0
    fp: int = 0
    tn: int = 0
    fn: int = 0

    def add(self, output: str | None, with_: Sequence[str], without: Sequence[str]) -> None:
        if output is None:
            self.fn += len(with_)
            self.tn += len(without)
            return
        text = _squash(output)
        for snippet in with_:
            if _squash(snippet) in text:
                self.tp += 1
            else:
                self.fn += 1
        for snippet in without:
            if _squash(snippet) in text:
                self.fp += 1
            else:
                self.tn += 1

    def figures(self) -> dict[str, float]:
        total = self.tp + self.fp + self.tn + self.fn
        return {
            "precision": self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0,
            "recall": self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0,
            "accuracy": (self.tp + self.tn) / total if total else 0.0,
            "f1": 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0,
        }


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------------------------
# dates (htmldate tests/evaluation.py) and NAEB metadata


@dataclass
class DateCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, found: str | None, expected: str) -> None:
        if not found:
            self.fn += 1
        elif found == expected:
            self.tp += 1
        else:
            self.fp += 1  # a wrong date is not also a miss

    def figures(self) -> dict[str, float]:
        tp, fp, fn = self.tp, self.fp, self.fn
        return {
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": tp / (tp + fn) if tp + fn else 0.0,
            "accuracy": tp / (tp + fp + fn) if tp + fp + fn else 0.0,
            "f1": 2 * tp / (2 * tp + fp + fn) if tp else 0.0,
        }


TITLE_EXACT_DEFINITION = (
    "title exact: equal after NFKC, case folding, and collapsing every run of punctuation and "
    "white space to one space (the README's definition)")
AUTHOR_EXACT_DEFINITION = (
    "author exact: the set of names equals the label's set (label split on commas; each name "
    "normalised like titles); pages labelled without author count as exact only when we give "
    "none")


def normalise_title(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return re.sub(r"[\W_]+", " ", text).strip()


def title_exact(found: str | None, expected: str) -> bool:
    return normalise_title(found) == normalise_title(expected)


def author_set(text: str | None) -> frozenset[str]:
    names = (normalise_title(part) for part in re.split(r"[,;]", text or ""))
    return frozenset(name for name in names if name)


def author_exact(found: str | None, expected: str) -> bool:
    return author_set(found) == author_set(expected)
