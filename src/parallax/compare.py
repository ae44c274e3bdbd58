"""One story, every outlet, sentence by sentence: the Comparison of SPEC section 4.

``compare_story`` takes a story's articles, quotes and techniques (found by earlier stages) and:

- splits every paragraph into sentences (``techniques.split_sentences``: a light regex splitter,
  no spaCy) and drops furniture (credit lines, "Published ..." stamps, link bars, fragments);
- aligns sentences across outlets by similarity — the sentence encoder's cosine when one is given,
  else TF-IDF cosine plus a bonus for shared numbers and names — and groups them into facts by
  average-linkage clustering, so that one loose pair cannot chain two facts together;
- per claim: ``shared_with`` (the other outlets reporting the fact) and, among them, ``via_wire``
  (outlets whose matching sentence is a copy of the same wire item: a reprint, or the same words),
  which are not independent confirmation;
- per outlet: ``omitted``, the facts other outlets report and it does not, most-reported first;
- ``disagreements``: facts whose numbers conflict between outlets ("seven killed" vs "up to 40
  killed", "86%" vs "most");
- quotes with ``also_quoted_by`` and each outlet's cut; terms (contested and distinctive); tone
  toward the main actors; techniques, with the voice (outlet or quoted speaker) of each.

The renderers in ``parallax.report`` only display the result.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from parallax.errors import ConfigError
from parallax.models import Article, Entity, Quote, Story, Technique, normalise_for_id
from parallax.reprints import find_reprints
from parallax.sides import OutletRegistry, SideCoverage, side_coverage
from parallax.techniques import split_sentences, word_set
from parallax.terms import TermTable, article_term_counts, contested_terms, distinctive_terms
from parallax.tone import ToneOptions, actor_tone, merge_tones


class SentenceEncoder(Protocol):
    """Anything that turns sentences into L2-normalised row vectors (``embed.Embedder`` does)."""

    def encode(self, sentences: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class CompareOptions:
    """How ``compare_story`` aligns and reports; defaults fitted on the demo gold's dev half
    (``benchmarks/claims.py``)."""

    encoder_threshold: float = 0.60
    """Average cosine (sentence encoder) at which two sentences state the same fact."""
    tfidf_threshold: float = 0.16
    """The same for the fallback similarity (TF-IDF cosine + overlap bonus)."""
    overlap_bonus: float = 0.10
    """Fallback only: added per shared number or multi-word name, up to two."""
    min_words: int = 4
    """Shorter sentences are furniture or fragments, not claims."""
    wire_copy_ratio: float = 0.9
    """Two sentences whose words overlap this much (Dice) are copies of one wire text."""
    max_omitted: int = 40
    """Omissions kept per outlet (most-reported first)."""
    max_actors: int = 6
    distinctive_top: int = 10
    tone: ToneOptions = field(default_factory=ToneOptions)


# ---------------------------------------------------------------- the JSON records


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


@dataclass(frozen=True)
class QuoteView:
    """A quote of one outlet, the others carrying it, and how this outlet cut it."""

    quote: Quote
    also_quoted_by: tuple[str, ...] = ()
    full_text: str = ""
    """The longest version any outlet of the story carried."""
    dropped_before: str = ""
    dropped_after: str = ""
    """What this cut left out of the longest version, before and after the kept words."""

    def to_dict(self) -> dict[str, Any]:
        return {**self.quote.to_dict(), "also_quoted_by": list(self.also_quoted_by),
                "full_text": self.full_text, "dropped_before": self.dropped_before,
                "dropped_after": self.dropped_after,
                "is_cut": bool(self.dropped_before or self.dropped_after)}


@dataclass(frozen=True)
class TermView:
    """A contested term as one outlet used it (SPEC ``{term, count, contrast}``)."""

    term: str
    count: int
    contrast: tuple[str, ...]
    group: str = ""
    framing: str = ""
    examples: tuple[tuple[str, int, int, int], ...] = ()
    """(article_id, paragraph, start, end) of some uses."""

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "count": self.count, "contrast": list(self.contrast),
                "group": self.group, "framing": self.framing,
                "examples": [{"article_id": a, "paragraph": p, "start": s, "end": e}
                             for a, p, s, e in self.examples]}


@dataclass(frozen=True)
class ToneView:
    """Tone of one outlet toward one actor (SPEC ``{actor, score, sentences}``)."""

    actor: str
    score: float
    sentences: tuple[dict[str, Any], ...]

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "score": round(self.score, 3),
                "sentences": list(self.sentences)}


@dataclass(frozen=True)
class OutletView:
    """One outlet's column of the comparison."""

    outlet: str
    side: str
    article_ids: tuple[str, ...]
    claims: tuple[Claim, ...] = ()
    omitted: tuple[Omission, ...] = ()
    quotes: tuple[QuoteView, ...] = ()
    terms: tuple[TermView, ...] = ()
    distinctive: tuple[dict[str, Any], ...] = ()
    """Data-driven distinctive words and phrases (log-odds z-scores), ``terms.DistinctiveTerm``."""
    tone: tuple[ToneView, ...] = ()
    techniques: tuple[Technique, ...] = ()
    headlines: tuple[tuple[str, str, str | None], ...] = ()
    """(article_id, headline, published) of each article, for the renderers."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "outlet": self.outlet, "side": self.side, "article_ids": list(self.article_ids),
            "claims": [c.to_dict() for c in self.claims],
            "omitted": [o.to_dict() for o in self.omitted],
            "quotes": [q.to_dict() for q in self.quotes],
            "terms": [t.to_dict() for t in self.terms],
            "distinctive_terms": list(self.distinctive),
            "tone": [t.to_dict() for t in self.tone],
            "techniques": [t.to_dict() for t in self.techniques],
            "articles": [{"id": i, "headline": h, "published": p} for i, h, p in self.headlines],
        }


@dataclass(frozen=True)
class Comparison:
    """SPEC section 4: one story, one entry per outlet, plus coverage and disagreements."""

    story_id: str
    title: str
    outlets: tuple[OutletView, ...]
    sides: tuple[SideCoverage, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    paragraphs: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    """Article id → paragraphs, so a renderer can show the text with spans highlighted."""
    method: str = "tfidf"

    def to_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id, "title": self.title,
            "outlets": [o.to_dict() for o in self.outlets],
            "sides": [s.to_dict() for s in self.sides],
            "disagreements": [d.to_dict() for d in self.disagreements],
            "method": self.method,
        }


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
    return found


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


# ---------------------------------------------------------------- similarity and clustering


def similarity_matrix(
    sentences: Sequence[Sentence], encoder: SentenceEncoder | None, opts: CompareOptions
) -> np.ndarray:
    """Pairwise similarity of the sentences' core texts."""
    texts = [s.core for s in sentences]
    if encoder is not None:
        vectors = np.asarray(encoder.encode(texts), dtype=np.float64)
        return np.clip(vectors @ vectors.T, -1.0, 1.0)
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, 2),
                                 token_pattern=r"(?u)\b\w[\w%]*\b")
    matrix = vectorizer.fit_transform(texts)
    score = np.asarray((matrix @ matrix.T).todense(), dtype=np.float64)
    keys = [_overlap_keys(t) for t in texts]
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            bonus = opts.overlap_bonus * min(2, len(keys[i] & keys[j]))
            score[i, j] = score[j, i] = score[i, j] + bonus
    return score


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


# ---------------------------------------------------------------- quotes


def _norm_words(text: str) -> str:
    return " ".join(re.findall(r"\w+", normalise_for_id(text.replace("’", "'"))))


def quote_groups(quotes: Sequence[Quote]) -> list[list[Quote]]:
    """Quotes that are the same words: by ``group_id`` when set, else one cut inside another."""
    groups: dict[str, list[Quote]] = defaultdict(list)
    loose: list[list[Quote]] = []
    for quote in quotes:
        if quote.group_id:
            groups[quote.group_id].append(quote)
            continue
        words = _norm_words(quote.text)
        for group in loose:
            if any(words and (words in _norm_words(q.text) or _norm_words(q.text) in words)
                   for q in group):
                group.append(quote)
                break
        else:
            loose.append([quote])
    return list(groups.values()) + loose


def _cut(quote: Quote, full: str) -> tuple[str, str]:
    """The words of ``full`` before and after this quote's words (empty when not a cut)."""
    words, longest = _norm_words(quote.text), _norm_words(full)
    at = longest.find(words) if words else -1
    if at < 0 or words == longest:
        return "", ""
    return longest[:at].strip(), longest[at + len(words) :].strip()


def quote_views(
    quotes: Sequence[Quote], outlet_of: Mapping[str, str]
) -> dict[str, list[QuoteView]]:
    """Per outlet, its quotes with the other outlets carrying them and its cut."""
    views: dict[str, list[QuoteView]] = defaultdict(list)
    for group in quote_groups(quotes):
        full = max((q.text for q in group), key=len)
        outlets = {outlet_of[q.article_id] for q in group}
        for quote in group:
            mine = outlet_of[quote.article_id]
            before, after = _cut(quote, full)
            views[mine].append(QuoteView(quote, tuple(sorted(outlets - {mine})), full,
                                         before, after))
    for found in views.values():
        found.sort(key=lambda v: (v.quote.article_id, v.quote.paragraph, v.quote.start))
    return views


# ---------------------------------------------------------------- actors

_CAPITALISED = re.compile(r"(?<![\w-])(?:[A-Z][a-z]+(?:[ -](?:of |the )?[A-Z][a-z]+)*)")
_NOT_NAMES = word_set(
    "the a an in on at he she it they we i but and or if as after before when while this that "
    "these those his her their its our monday tuesday wednesday thursday friday saturday "
    "sunday january february march april may june july august september october november "
    "december"
)


def spotted_actors(articles: Iterable[Article]) -> list[Entity]:
    """Fallback when no article has entities: capitalised names not at a sentence start (or of
    two words or more), a crude stand-in for NER (types are a guess: PERSON for two words)."""
    counts: Counter[str] = Counter()
    for article in articles:
        for paragraph in article.paragraphs:
            for start, end in split_sentences(paragraph):
                for m in _CAPITALISED.finditer(paragraph, start, end):
                    name = m.group()
                    if name.split()[0].lower() in _NOT_NAMES:
                        name = " ".join(name.split()[1:])
                    if not name or (m.start() == start and " " not in name):
                        continue
                    counts[name] += 1
    return [Entity(name, "PERSON" if len(name.split()) == 2 else "GPE", (name,))
            for name, _ in counts.most_common()]


def main_actors(
    by_outlet: Mapping[str, Sequence[Article]], limit: int
) -> list[Entity]:
    """Actors named by two outlets or more, most widely reported first; the most-mentioned one
    when none is shared. Entities come from ``Article.entities`` (else ``spotted_actors``)."""
    outlets_of: dict[str, set[str]] = defaultdict(set)
    mentions: Counter[str] = Counter()
    forms: dict[str, Entity] = {}
    for outlet, articles in by_outlet.items():
        entities = [e for a in articles for e in a.entities] or spotted_actors(articles)
        for entity in entities:
            outlets_of[entity.canonical].add(outlet)
            mentions[entity.canonical] += max(1, len(entity.mentions))
            known = forms.get(entity.canonical)
            merged = tuple(dict.fromkeys((*(known.mentions if known else ()), *entity.mentions)))
            forms[entity.canonical] = Entity(entity.canonical, entity.type, merged)
    ranked = sorted(forms, key=lambda n: (-len(outlets_of[n]), -mentions[n], n))
    shared = [n for n in ranked if len(outlets_of[n]) >= 2]
    return [forms[n] for n in (shared or ranked[:1])[:limit]]


# ---------------------------------------------------------------- the comparison


def _outlet_order(outlets: Iterable[str], registry: OutletRegistry) -> list[str]:
    sides = list(registry.sides())

    def key(outlet: str) -> tuple[int, str]:
        side = registry.side_of(outlet)
        return (sides.index(side) if side in sides else len(sides), outlet.casefold())

    return sorted(set(outlets), key=key)


def _wire_pairs(articles: Sequence[Article]) -> set[frozenset[str]]:
    """Article id pairs that are copies of one wire item."""
    pairs: set[frozenset[str]] = set()
    if len(articles) < 2:
        return pairs
    for group in find_reprints(articles):
        ids = group.article_ids
        pairs |= {frozenset((a, b)) for a in ids for b in ids if a != b}
    return pairs


def align_claims(
    sentences: Sequence[Sentence],
    articles: Sequence[Article],
    encoder: SentenceEncoder | None,
    opts: CompareOptions,
) -> tuple[list[int], list[Claim]]:
    """Fact labels of the sentences and their claims with ``shared_with`` and ``via_wire``."""
    score = similarity_matrix(sentences, encoder, opts)
    threshold = opts.encoder_threshold if encoder is not None else opts.tfidf_threshold
    labels = cluster_facts(score, threshold)
    wire = _wire_pairs(articles)
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
                    or _dice(sentence.core, other.core) >= opts.wire_copy_ratio)
            others[other.outlet] = others.get(other.outlet, True) and copy
        claims.append(Claim(sentence.text, sentence.article_id, sentence.paragraph,
                            sentence.start, sentence.end, tuple(sorted(others)),
                            tuple(sorted(o for o, copy in others.items() if copy)),
                            labels[index]))
    return labels, claims


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


def find_disagreements(
    sentences: Sequence[Sentence], labels: Sequence[int]
) -> list[Disagreement]:
    """Facts whose outlets give conflicting numbers (one version per outlet, the first)."""
    by_fact: dict[int, dict[str, Sentence]] = defaultdict(dict)
    for sentence, label in zip(sentences, labels, strict=True):
        by_fact[label].setdefault(sentence.outlet, sentence)
    found: list[Disagreement] = []
    for label in sorted(by_fact):
        versions = list(by_fact[label].values())
        if len(versions) < 2:
            continue
        amounts = {v.outlet: quantities(v.core) for v in versions}
        kinds = {
            why for a in versions for b in versions if a.outlet < b.outlet
            for why in [conflicting(amounts[a.outlet], amounts[b.outlet])] if why
        }
        if not kinds:
            continue
        kind = "proportion" if kinds == {"proportion"} else "number"
        found.append(Disagreement(
            label, kind,
            tuple(Version(v.outlet, v.text, v.article_id, v.paragraph, v.start, v.end,
                          tuple(q.surface for q in amounts[v.outlet])) for v in versions),
            "outlets give " + " vs ".join(
                f"{v.outlet}: {', '.join(q.surface for q in amounts[v.outlet]) or 'no figure'}"
                for v in versions),
        ))
    return found


def _term_views(
    by_outlet: Mapping[str, Sequence[Article]], table: TermTable
) -> dict[str, tuple[TermView, ...]]:
    uses = contested_terms(by_outlet, table)
    return {
        outlet: tuple(
            TermView(u.term, u.count, u.contrast, u.group, u.framing,
                     tuple((e.article_id, e.paragraph, e.start, e.end) for e in u.examples))
            for u in rows
        )
        for outlet, rows in uses.items()
    }


def _tone_views(
    articles: Sequence[Article], quotes_of: Mapping[str, Sequence[Quote]],
    actors: Sequence[Entity], opts: ToneOptions,
) -> tuple[ToneView, ...]:
    tones = [t for a in articles
             for t in actor_tone(a, actors, opts=opts, quotes=quotes_of.get(a.id, ()))]
    return tuple(
        ToneView(t.actor, t.score, tuple(
            {k: v for k, v in s.to_dict().items() if k != "words"} for s in t.sentences))
        for t in merge_tones(tones)
    )


def compare_story(
    story: Story,
    articles: Sequence[Article],
    quotes: Sequence[Quote],
    techniques: Sequence[Technique],
    *,
    encoder: SentenceEncoder | None,
    registry: OutletRegistry,
    term_table: TermTable,
    opts: CompareOptions,
    background: Counter[str] | None = None,
) -> Comparison:
    """The side-by-side comparison of one story.

    ``articles`` are the story's articles (others are ignored); ``quotes`` and ``techniques``
    may cover more articles than the story's. ``background`` adds corpus term counts to the
    prior of the distinctive terms (the story's own counts are always in it).
    """
    if (opts.min_words < 1 or not 0 < opts.tfidf_threshold < 2
            or not -1 < opts.encoder_threshold < 1):
        raise ConfigError(f"compare: impossible options {opts}")
    wanted = set(story.article_ids) or {a.id for a in articles}
    mine = [a for a in articles if a.id in wanted]
    outlet_of = {a.id: registry.canonical(a.outlet) or "(unknown outlet)" for a in mine}
    by_outlet: dict[str, list[Article]] = defaultdict(list)
    for article in mine:
        by_outlet[outlet_of[article.id]].append(article)
    order = _outlet_order(by_outlet, registry)

    sentences = [s for o in order for a in by_outlet[o]
                 for s in article_sentences(a, o, opts.min_words)]
    labels, claims = align_claims(sentences, mine, encoder, opts)
    claims_of: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        claims_of[outlet_of[claim.article_id]].append(claim)

    story_quotes = [q for q in quotes if q.article_id in outlet_of]
    quotes_of: dict[str, list[Quote]] = defaultdict(list)
    for quote in story_quotes:
        quotes_of[quote.article_id].append(quote)
    quotes_by_outlet = quote_views(story_quotes, outlet_of)
    terms = _term_views(by_outlet, term_table)
    counts = {o: article_term_counts(arts) for o, arts in by_outlet.items()}
    prior: Counter[str] = Counter(background or {})
    for c in counts.values():
        prior.update(c)
    distinctive = distinctive_terms(counts, prior, top=opts.distinctive_top) if len(counts) > 1 \
        else {}
    actors = main_actors(by_outlet, opts.max_actors)

    views = tuple(
        OutletView(
            outlet=outlet,
            side=registry.side_of(outlet),
            article_ids=tuple(a.id for a in by_outlet[outlet]),
            claims=tuple(claims_of[outlet]),
            omitted=tuple(find_omissions(outlet, sentences, labels, opts.max_omitted)),
            quotes=tuple(quotes_by_outlet.get(outlet, ())),
            terms=terms.get(outlet, ()),
            distinctive=tuple(d.to_dict() for d in distinctive.get(outlet, ())),
            tone=_tone_views(by_outlet[outlet], quotes_of, actors, opts.tone),
            techniques=tuple(sorted(
                (t for t in techniques if outlet_of.get(t.article_id) == outlet),
                key=lambda t: (t.article_id, t.paragraph, t.start))),
            headlines=tuple((a.id, a.headline, a.published) for a in by_outlet[outlet]),
        )
        for outlet in order
    )
    return Comparison(
        story_id=story.id,
        title=story.title,
        outlets=views,
        sides=side_coverage([a.outlet for a in mine], registry),
        disagreements=tuple(find_disagreements(sentences, labels)),
        paragraphs={a.id: a.paragraphs for a in mine},
        method="encoder" if encoder is not None else "tfidf",
    )
