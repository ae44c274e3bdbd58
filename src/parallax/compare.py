"""One story, every outlet, sentence by sentence: the Comparison of SPEC section 4.

``compare_story`` takes a story's articles, quotes and techniques (found by earlier stages) and:

- aligns the sentences of its articles across outlets into facts (``parallax.claims``: a pair
  probability from encoder cosine, TF-IDF cosine, shared stems and numbers, then average-linkage
  clustering, so that one loose pair cannot chain two facts together);
- per claim: ``shared_with`` (the other outlets reporting the fact) and, among them, ``via_wire``
  (outlets whose matching sentence is a copy of the same wire item: a reprint, or the same words),
  which are not independent confirmation;
- per outlet: ``omitted``, the facts other outlets report and it does not, most-reported first;
- ``disagreements``: facts (or two facts about one slot) whose numbers conflict between outlets
  ("seven killed" vs "up to 40 killed", "86%" vs "most");
- quotes with ``also_quoted_by`` and each outlet's cut; terms (contested and distinctive); tone
  toward the main actors; techniques, with the voice (outlet or quoted speaker) of each.

The renderers in ``parallax.report`` only display the result.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from parallax.claims import (
    Claim,
    Disagreement,
    Omission,
    Quantity,
    Sentence,
    SentenceEncoder,
    Version,
    article_sentences,
    claims_of_facts,
    cluster_facts,
    conflicting,
    find_disagreements,
    find_omissions,
    is_furniture,
    pair_features,
    pair_probability,
    quantities,
)
from parallax.errors import ConfigError
from parallax.models import Article, Entity, Quote, Story, Technique, normalise_for_id
from parallax.sides import OutletRegistry, SideCoverage, side_coverage
from parallax.techniques import split_sentences, word_set
from parallax.terms import TermTable, article_term_counts, contested_terms, distinctive_terms
from parallax.tone import ToneOptions, actor_tone, merge_tones

__all__ = [
    "Claim", "CompareOptions", "Comparison", "Disagreement", "Omission", "OutletView",
    "Quantity", "QuoteView", "Sentence", "SentenceEncoder", "TermView", "ToneView", "Version",
    "align_claims", "article_sentences", "cluster_facts", "compare_story", "conflicting",
    "find_disagreements", "find_omissions", "is_furniture", "main_actors", "quantities",
    "quote_groups", "quote_views", "similarity_matrix", "spotted_actors",
]


@dataclass(frozen=True)
class CompareOptions:
    """How ``compare_story`` aligns and reports. The claim weights and thresholds are fitted on
    the dev events of the demo gold by ``benchmarks/fit_claims.py`` (logistic regression over
    ``claims.FEATURES``; threshold = the pair probability at which facts are cut)."""

    sentence_encoder: bool = False
    """Use MiniLM sentence vectors as a fourth alignment signal. Off by default: on the held-out
    test events TF-IDF and the pair model alone align better (pairwise F1 0.673 vs 0.638,
    ``benchmarks/claims.py``), and encoding every sentence was the largest single cost of a
    run (``benchmarks/pipeline_speed.py``)."""
    encoder_weights: tuple[float, ...] = (6.86, 5.14, 5.24, 3.66)
    """With a sentence encoder: weights of encoder cosine, TF-IDF cosine, stem overlap, shared
    numbers."""
    encoder_bias: float = -7.13
    encoder_threshold: float = 0.15
    """Average pair probability at which sentences state the same fact (with an encoder)."""
    tfidf_weights: tuple[float, ...] = (7.74, 8.6, 4.49)
    """Without an encoder: weights of TF-IDF cosine, stem overlap, shared numbers."""
    tfidf_bias: float = -4.95
    tfidf_threshold: float = 0.125
    """The same threshold for the fallback."""
    min_words: int = 4
    """Shorter sentences are furniture or fragments, not claims."""
    max_articles_per_outlet: int = 12
    """An outlet's first (earliest) articles compared sentence by sentence; alignment costs the
    square of the story's sentences, and a story of thousands of articles would need tens of
    GB."""
    wire_copy_ratio: float = 0.9
    """Two sentences whose words overlap this much (Dice) are copies of one wire text."""
    max_omitted: int = 40
    """Omissions kept per outlet (most-reported first)."""
    max_actors: int = 6
    distinctive_top: int = 10
    tone: ToneOptions = field(default_factory=ToneOptions)


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
    articles_left_out: int = 0
    """Articles past ``max_articles_per_outlet`` (the latest of an outlet), counted in the side
    coverage but not compared sentence by sentence."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id, "title": self.title,
            "outlets": [o.to_dict() for o in self.outlets],
            "sides": [s.to_dict() for s in self.sides],
            "disagreements": [d.to_dict() for d in self.disagreements],
            "method": self.method,
            "articles_left_out": self.articles_left_out,
        }


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



def similarity_matrix(
    sentences: Sequence[Sentence], encoder: SentenceEncoder | None, opts: CompareOptions
) -> np.ndarray:
    """Pairwise probability that two sentences state one fact (``claims.pair_probability``)."""
    features = pair_features([s.core for s in sentences], encoder)
    if encoder is not None:
        return pair_probability(features, opts.encoder_weights, opts.encoder_bias)
    return pair_probability(features, opts.tfidf_weights, opts.tfidf_bias)


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
    return labels, claims_of_facts(sentences, labels, articles, opts.wire_copy_ratio)


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
    if (opts.min_words < 1 or opts.max_articles_per_outlet < 1
            or not 0 < opts.tfidf_threshold < 1
            or not 0 < opts.encoder_threshold < 1 or len(opts.encoder_weights) != 4
            or len(opts.tfidf_weights) != 3):
        raise ConfigError(f"compare: impossible options {opts}")
    wanted = set(story.article_ids) or {a.id for a in articles}
    story_articles = [a for a in articles if a.id in wanted]
    outlet_of = {a.id: registry.canonical(a.outlet) or "(unknown outlet)"
                 for a in story_articles}
    by_outlet: dict[str, list[Article]] = defaultdict(list)
    for article in story_articles:
        if len(by_outlet[outlet_of[article.id]]) < opts.max_articles_per_outlet:
            by_outlet[outlet_of[article.id]].append(article)
    kept = {a.id for group in by_outlet.values() for a in group}
    mine = [a for a in story_articles if a.id in kept]
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
        sides=side_coverage([a.outlet for a in story_articles], registry),
        disagreements=tuple(find_disagreements(sentences, labels)),
        paragraphs={a.id: a.paragraphs for a in mine},
        articles_left_out=len(story_articles) - len(mine),
        method="encoder" if encoder is not None else "tfidf",
    )
