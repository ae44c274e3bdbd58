"""Claim alignment: the sentences of one story's articles matched across outlets.

Every article is split into sentences (``techniques.split_sentences``) and furniture is dropped.
Each pair of sentences from two outlets gets a probability of stating the same fact from a small
logistic regression over four signals (``pair_features``): the sentence encoder's cosine, TF-IDF
cosine, the overlap of content-word stems and the numbers the two share. The weights are fitted on
the dev events of our own gold (``benchmarks/fit_claims.py``) and live in ``CompareOptions``.
Facts are average-linkage clusters over that probability, so one loose pair cannot chain two
facts together. From the facts come ``shared_with``, ``omitted`` and ``disagreements``: numbers
that conflict inside a fact, or between two facts about the same slot (one actor, one measure
word: "86% of the region" vs "most of the region").
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from parallax.models import Article, normalise_for_id
from parallax.reprints import find_reprints
from parallax.techniques import split_sentences, word_set


class SentenceEncoder(Protocol):
    """Anything that turns sentences into L2-normalised row vectors (``embed.Embedder`` does)."""

    def encode(self, sentences: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Claim:
    """A sentence of one article: ``paragraphs[paragraph][start:end] == text``."""

    text: str
    article_id: str
    paragraph: int
    start: int
    end: int
    shared_with: tuple[str, ...] = ()
    via_wire: tuple[str, ...] = ()
    """Outlets in ``shared_with`` that carry the same wire text (not independent confirmation)."""
    fact: int = -1
    """The fact cluster, an index shared by every aligned claim of the story."""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "article_id": self.article_id, "paragraph": self.paragraph,
                "start": self.start, "end": self.end, "shared_with": list(self.shared_with),
                "via_wire": list(self.via_wire), "fact": self.fact}


@dataclass(frozen=True)
class Omission:
    """A fact other outlets report and this one does not."""

    text: str
    reported_by: tuple[str, ...]
    fact: int = -1
    article_id: str = ""
    paragraph: int = -1
    start: int = 0
    end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "reported_by": list(self.reported_by), "fact": self.fact,
                "article_id": self.article_id, "paragraph": self.paragraph,
                "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Version:
    """One outlet's wording of a disputed fact and the quantities it gives."""

    outlet: str
    text: str
    article_id: str
    paragraph: int
    start: int
    end: int
    values: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"outlet": self.outlet, "text": self.text, "article_id": self.article_id,
                "paragraph": self.paragraph, "start": self.start, "end": self.end,
                "values": list(self.values)}


@dataclass(frozen=True)
class Disagreement:
    """Outlets that report one fact with conflicting numbers or proportions."""

    fact: int
    kind: str
    """``number`` (different counts or percentages) or ``proportion`` (a figure vs "most")."""
    versions: tuple[Version, ...]
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "kind": self.kind, "reason": self.reason,
                "versions": [v.to_dict() for v in self.versions]}




# ---------------------------------------------------------------- sentences


@dataclass(frozen=True)
class Sentence:
    """A candidate claim with the outlet that published it."""

    outlet: str
    article_id: str
    paragraph: int
    start: int
    end: int
    text: str

    @property
    def core(self) -> str:
        """The text without a wire dateline, for similarity."""
        return _DATELINE.sub("", self.text, count=1)


_DATELINE = re.compile(
    r"^[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Z][a-z]+\.? \d{1,2})?\s*"
    r"(?:\.\s*/[A-Za-z ]+/\.?|\([^)]{1,40}\))\s*[-–—]?\s*"
)
_FURNITURE = re.compile(
    r"^(?:published|updated|sign (?:in|up)|read more|share|newsletter|terms of|copyright|©|"
    r"photo:|advertisement)|\|.*\||\b(?:via [A-Z]{2,}|pool via|getty images)\s*$",
    re.IGNORECASE,
)
_WORDS = re.compile(r"[\w][\w'’%-]*")


def is_furniture(text: str, min_words: int) -> bool:
    """Credit lines, time stamps, link bars and fragments too short to state a fact."""
    if not _DATELINE.sub("", text.strip(), count=1).strip():
        return True  # a dateline split off as a sentence of its own
    return len(_WORDS.findall(text)) < min_words or bool(_FURNITURE.search(text.strip()))


def article_sentences(article: Article, outlet: str, min_words: int) -> list[Sentence]:
    """The claim candidates of one article, in reading order."""
    found: list[Sentence] = []
    for index, paragraph in enumerate(article.paragraphs):
        for start, end in split_sentences(paragraph):
            text = paragraph[start:end]
            if not is_furniture(text, min_words):
                found.append(Sentence(outlet, article.id, index, start, end, text))
    return found


# ---------------------------------------------------------------- numbers and names

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24,
}
_PROPORTION_WORDS = (
    "most", "majority", "almost all", "nearly all", "two thirds", "two-thirds", "half",
    "a third", "one third", "much of", "large part", "all of",
)
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(%|percent|per cent)|\s*(million|billion))?"
    r"|\b(" + "|".join(_NUMBER_WORDS) + r")(?:[- ](one|two|three|four|five|six|seven|eight|nine))?"
    r"\b(?:\s*(%|percent|per cent))?",
    re.IGNORECASE,
)
_MONTHS = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE
)
_NOT_A_COUNT_AFTER = re.compile(r"^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|:\d|gmt|km|kilomet|year|day|"
                                r"hour|week|month|minute|time|st\b|nd\b|rd\b|th\b)",
                                re.IGNORECASE)
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")
_STOP = word_set(
    "a an the of in on at to and or for by with from as is was were are be been has had have "
    "that this it its their his her up about some more than over nearly around"
)


@dataclass(frozen=True)
class Quantity:
    """A count, a percentage or a vague proportion, with the words that follow it."""

    value: float | None
    kind: str
    """``count``, ``percent`` or ``proportion``."""
    surface: str
    context: frozenset[str]


def _context_after(text: str, end: int, words: int = 4) -> frozenset[str]:
    found = [w.lower() for w in _WORDS.findall(text[end : end + 60])][:words]
    return frozenset(w for w in found if w not in _STOP and not w.isdigit())


def quantities(text: str) -> list[Quantity]:
    """The counts, percentages and proportion words of a sentence; dates, times, years and
    distances are not counts."""
    return list(_quantities(text))


@functools.lru_cache(maxsize=65536)
def _quantities(text: str) -> tuple[Quantity, ...]:
    # Cached: a comparison asks for the same sentence's figures once per pair it is part of.
    found: list[Quantity] = []
    for m in _NUMBER.finditer(text):
        before = text[max(0, m.start() - 12) : m.start()]
        after = text[m.end() : m.end() + 12]
        if _MONTHS.search(before) or _NOT_A_COUNT_AFTER.match(after):
            continue
        if m.group(1):
            value = float(m.group(1).replace(",", ""))
            if m.group(3):
                value *= 1e6 if m.group(3).lower() == "million" else 1e9
            if not m.group(2) and 1900 <= value <= 2100 and "." not in m.group(1):
                continue  # a year
            kind = "percent" if m.group(2) else "count"
        else:
            if m.group(4).lower() == "one" and not m.group(6):
                continue  # "one of", "one step": rarely a count
            value = float(_NUMBER_WORDS[m.group(4).lower()])
            if m.group(5):
                value += _NUMBER_WORDS[m.group(5).lower()]
            kind = "percent" if m.group(6) else "count"
        found.append(Quantity(value, kind, m.group(0), _context_after(text, m.end())))
    lowered = text.lower()
    for word in _PROPORTION_WORDS:
        for m in re.finditer(rf"\b{re.escape(word)}\b", lowered):
            if word == "most" and not re.match(r"\s+(?:of|,|but)", lowered[m.end():]):
                continue  # "most" as a proportion: "most of the region", "most, but not all"
            found.append(Quantity(None, "proportion", text[m.start() : m.end()],
                                  _context_after(text, m.end())))
    return tuple(found)


def conflicting(a: Sequence[Quantity], b: Sequence[Quantity]) -> str | None:
    """Why two aligned claims disagree on numbers, or None.

    Percentages that differ, a percentage against a proportion word, or counts that share no
    value while qualifying the same thing (a word after the number in common, e.g. "killed").
    """
    pa = {q.value for q in a if q.kind == "percent"}
    pb = {q.value for q in b if q.kind == "percent"}
    if pa and pb and not pa & pb:
        return "percent"
    if (pa and any(q.kind == "proportion" for q in b)) or (
        pb and any(q.kind == "proportion" for q in a)
    ):
        return "proportion"
    ca = [q for q in a if q.kind == "count"]
    cb = [q for q in b if q.kind == "count"]
    if ca and cb and not {q.value for q in ca} & {q.value for q in cb}:
        for qa in ca:
            for qb in cb:
                if qa.context & qb.context:
                    return "number"
    return None


def _overlap_keys(text: str) -> set[str]:
    keys = {f"#{q.value:g}" for q in quantities(text) if q.value is not None}
    keys |= {m.group().lower() for m in _NAME.finditer(text)}
    return keys




# ---------------------------------------------------------------- pair features

FEATURES = ("encoder_cosine", "tfidf_cosine", "stem_overlap", "shared_numbers")
"""The signals of ``pair_features``, in column order (the encoder column is 0 without one)."""

_TOKEN = re.compile(r"[A-Za-z][\w'’-]*")
_FEATURE_STOP = _STOP | word_set(
    "he she they said says told would will not but which who after before also its into"
)


def stems(text: str) -> frozenset[str]:
    """Content words cut to six letters: a crude stemmer, enough for "shelled"/"shelling"."""
    return frozenset(w.lower()[:6] for w in _TOKEN.findall(text)
                     if len(w) > 2 and w.lower() not in _FEATURE_STOP)


def numbers(text: str) -> frozenset[float]:
    """The values of the counts and percentages of a sentence."""
    return frozenset(q.value for q in quantities(text) if q.value is not None)


def tfidf_cosine(texts: Sequence[str]) -> np.ndarray:
    """TF-IDF (words and word pairs, fitted on the story's own sentences) cosine matrix."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, 2),
                                 token_pattern=r"(?u)\b\w[\w%]*\b")
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # only stop words in the whole story
        return np.eye(len(texts))
    return np.asarray((matrix @ matrix.T).todense(), dtype=np.float64)


def pair_features(texts: Sequence[str], encoder: SentenceEncoder | None) -> np.ndarray:
    """An (n, n, 4) array of the ``FEATURES`` of every pair of sentences."""
    n = len(texts)
    features = np.zeros((n, n, len(FEATURES)))
    if n == 0:
        return features
    if encoder is not None:
        vectors = np.asarray(encoder.encode(list(texts)), dtype=np.float64)
        features[:, :, 0] = np.clip(vectors @ vectors.T, -1.0, 1.0)
    features[:, :, 1] = tfidf_cosine(texts)
    stem_sets = [stems(t) for t in texts]
    shared_stems, sizes = _overlaps(stem_sets)
    union = sizes[:, None] + sizes[None, :] - shared_stems
    nonempty = (sizes[:, None] > 0) & (sizes[None, :] > 0)
    features[:, :, 2] = np.where(nonempty, shared_stems / np.maximum(union, 1), 0.0)
    shared_numbers, _ = _overlaps([numbers(t) for t in texts])
    features[:, :, 3] = np.minimum(2, shared_numbers) / 2
    return features


def _overlaps(sets: Sequence[frozenset[Any]]) -> tuple[np.ndarray, np.ndarray]:
    """|a ∩ b| for every pair of sets, and each set's size, by one sparse matrix product (a
    story of 500 sentences has 125,000 pairs: a Python loop over them dominated comparisons)."""
    from scipy.sparse import csr_matrix

    vocabulary: dict[Any, int] = {}
    rows: list[int] = []
    columns: list[int] = []
    for row, items in enumerate(sets):
        for item in items:
            rows.append(row)
            columns.append(vocabulary.setdefault(item, len(vocabulary)))
    matrix = csr_matrix((np.ones(len(rows)), (rows, columns)),
                        shape=(len(sets), max(1, len(vocabulary))))
    shared = np.asarray((matrix @ matrix.T).todense(), dtype=np.float64)
    return shared, np.asarray([len(items) for items in sets], dtype=np.float64)


def pair_probability(
    features: np.ndarray, weights: Sequence[float], bias: float
) -> np.ndarray:
    """The logistic regression's probability that two sentences state one fact."""
    w = np.asarray(weights, dtype=np.float64)
    if len(w) == features.shape[-1] - 1:  # fallback weights: no encoder column
        w = np.concatenate(([0.0], w))
    return 1.0 / (1.0 + np.exp(-(features @ w + bias)))


# ---------------------------------------------------------------- clustering and alignment


def cluster_facts(score: np.ndarray, threshold: float) -> list[int]:
    """Average-linkage clusters of sentences whose mean similarity stays ≥ ``threshold``."""
    n = score.shape[0]
    if n == 0:
        return []
    if n == 1:
        return [0]
    from sklearn.cluster import AgglomerativeClustering

    distance = np.clip(1.0 - score, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=1.0 - threshold)
    return [int(label) for label in model.fit_predict(distance)]


def _dice(a: str, b: str) -> float:
    wa, wb = set(normalise_for_id(a).split()), set(normalise_for_id(b).split())
    return 2 * len(wa & wb) / (len(wa) + len(wb)) if wa and wb else 0.0


def wire_pairs(articles: Sequence[Article]) -> set[frozenset[str]]:
    """Article id pairs that are copies of one wire item."""
    pairs: set[frozenset[str]] = set()
    if len(articles) < 2:
        return pairs
    for group in find_reprints(articles):
        ids = group.article_ids
        pairs |= {frozenset((a, b)) for a in ids for b in ids if a != b}
    return pairs


def claims_of_facts(
    sentences: Sequence[Sentence], labels: Sequence[int], articles: Sequence[Article],
    wire_copy_ratio: float,
) -> list[Claim]:
    """Each sentence's claim: the other outlets of its fact, and which of them are wire copies."""
    wire = wire_pairs(articles)
    members: dict[int, list[int]] = defaultdict(list)
    for index, label in enumerate(labels):
        members[label].append(index)
    claims: list[Claim] = []
    for index, sentence in enumerate(sentences):
        others: dict[str, bool] = {}  # outlet → every matching sentence is a wire copy
        for j in members[labels[index]]:
            other = sentences[j]
            if other.outlet == sentence.outlet:
                continue
            copy = (frozenset((sentence.article_id, other.article_id)) in wire
                    or _dice(sentence.core, other.core) >= wire_copy_ratio)
            others[other.outlet] = others.get(other.outlet, True) and copy
        claims.append(Claim(sentence.text, sentence.article_id, sentence.paragraph,
                            sentence.start, sentence.end, tuple(sorted(others)),
                            tuple(sorted(o for o, copy in others.items() if copy)),
                            labels[index]))
    return claims


def find_omissions(
    outlet: str, sentences: Sequence[Sentence], labels: Sequence[int], limit: int
) -> list[Omission]:
    """Facts reported by other outlets and not by ``outlet``: most outlets first; the text is
    the first sentence of the fact in reading order of the story."""
    by_fact: dict[int, list[Sentence]] = defaultdict(list)
    for sentence, label in zip(sentences, labels, strict=True):
        by_fact[label].append(sentence)
    found: list[Omission] = []
    for label, members in by_fact.items():
        reporters = {s.outlet for s in members}
        if outlet in reporters:
            continue
        first = members[0]
        found.append(Omission(first.text, tuple(sorted(reporters)), label, first.article_id,
                              first.paragraph, first.start, first.end))
    found.sort(key=lambda o: (-len(o.reported_by), o.fact))
    return found[:limit]


# ---------------------------------------------------------------- disagreements


def _version(sentence: Sentence, amounts: Sequence[Quantity]) -> Version:
    return Version(sentence.outlet, sentence.text, sentence.article_id, sentence.paragraph,
                   sentence.start, sentence.end, tuple(q.surface for q in amounts))


def _disagreement(label: int, versions: Sequence[Sentence], kinds: set[str],
                  why: str = "") -> Disagreement:
    amounts = {id(v): quantities(v.core) for v in versions}
    kind = "proportion" if kinds == {"proportion"} else "number"
    return Disagreement(
        label, kind, tuple(_version(v, amounts[id(v)]) for v in versions),
        why + "outlets give " + " vs ".join(
            f"{v.outlet}: {', '.join(q.surface for q in amounts[id(v)]) or 'no figure'}"
            for v in versions),
    )


@functools.lru_cache(maxsize=65536)
def _names(text: str) -> frozenset[str]:
    """Capitalised words not opening the sentence: a stand-in for the actors it names."""
    words = _TOKEN.findall(text)
    return frozenset(w.lower() for w in words[1:] if w[0].isupper()
                     and w.lower() not in _FEATURE_STOP)


def same_slot(a: str, b: str) -> bool:
    """Two sentences about one event slot: they share an actor or place and a measured thing
    ("drones", "prisoners", "region") right after their numbers."""
    if not _names(a) & _names(b):
        return False
    ca = frozenset().union(*(q.context for q in quantities(a))) if quantities(a) else frozenset()
    cb = frozenset().union(*(q.context for q in quantities(b))) if quantities(b) else frozenset()
    return bool({w[:6] for w in ca} & {w[:6] for w in cb})


def find_disagreements(
    sentences: Sequence[Sentence], labels: Sequence[int]
) -> list[Disagreement]:
    """Facts whose outlets give conflicting numbers (one version per outlet, the first), then
    pairs of outlets whose sentences in two different facts fill one slot with other numbers."""
    by_fact: dict[int, dict[str, Sentence]] = defaultdict(dict)
    for sentence, label in zip(sentences, labels, strict=True):
        by_fact[label].setdefault(sentence.outlet, sentence)
    found: list[Disagreement] = []
    flagged: set[frozenset[int]] = set()
    for label in sorted(by_fact):
        versions = list(by_fact[label].values())
        amounts = {v.outlet: quantities(v.core) for v in versions}
        kinds = {
            why for a in versions for b in versions if a.outlet < b.outlet
            for why in [conflicting(amounts[a.outlet], amounts[b.outlet])] if why
        }
        if len(versions) > 1 and kinds:
            found.append(_disagreement(label, versions, kinds))
            flagged.add(frozenset((label,)))
    found += slot_disagreements(sentences, labels, flagged)
    return found


def slot_disagreements(
    sentences: Sequence[Sentence], labels: Sequence[int], flagged: set[frozenset[int]]
) -> list[Disagreement]:
    """Sentences of two outlets in different facts that give one slot conflicting shares
    ("86% of the region" vs "most of the region"): the alignment kept them apart because the
    figures differ."""
    found: list[Disagreement] = []
    measured = [(s, label, quantities(s.core)) for s, label in zip(sentences, labels, strict=True)]
    measured = [m for m in measured if m[2]]
    for i, (a, la, qa) in enumerate(measured):
        for b, lb, qb in measured[i + 1 :]:
            pair = frozenset((la, lb))
            if (a.outlet == b.outlet or la == lb or pair in flagged
                    or not same_slot(a.core, b.core)):
                continue
            why = conflicting(qa, qb)
            # counts of one slot differ legitimately between facts (150 freed, 22 wounded,
            # 6,000 still held): only shares of one whole ("86%" vs "most") are flagged
            if why in ("percent", "proportion"):
                flagged.add(pair)
                found.append(_disagreement(min(la, lb), (a, b), {why}, "same slot; "))
    return found
