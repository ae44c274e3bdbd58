"""Tone toward each main actor of an article, in [-1, 1], with the sentences that carry it.

A lexicon scorer, no model: ``data/lexicons/positive.txt`` and ``negative.txt`` give each tone
word a weight; a negation word ("not", "never", "no", "n't", "without", ...) up to
``negation_window`` words before a tone word flips and damps it (×−0.75, as VADER does), an
intensifier ("very", "utterly") before it strengthens it (×1.3). A sentence's score is
``x / sqrt(x² + alpha)`` of the summed values ``x`` (VADER's normalisation), so it stays in
(−1, 1). An actor's score is the mean over the sentences that mention it (neutral sentences
count as 0: an outlet that names an actor in plain words has a neutral tone toward it).

Known limit: every actor named in a sentence gets that sentence's tone; "Kharsk shelled a
Varnian hospital" is negative for both. Pass ``quotes`` with ``exclude_quoted`` to keep only the
outlet's own words.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from parallax.errors import ConfigError
from parallax.models import Article, Entity, Quote
from parallax.techniques import Lexicon, load_lexicon, split_sentences, weight_of, word_set

NEGATORS = word_set(
    "not no never none nobody nothing neither nor without hardly barely cannot cant dont doesnt "
    "didnt isnt wasnt arent werent wont wouldnt couldnt shouldnt"
)
INTENSIFIERS = word_set(
    "very extremely deeply utterly truly highly so totally completely particularly especially "
    "exceptionally incredibly remarkably"
)
_CLAUSE_BREAK = word_set("but however although though yet whereas")
_PRONOUNS = word_set("he she it they him her them his hers its their theirs we us i me you")
_TOKEN = re.compile(r"[\w][\w'’-]*|[,;:]")


@dataclass(frozen=True)
class ToneOptions:
    """How ``actor_tone`` scores; the defaults are the documented behaviour."""

    negation_window: int = 3
    """A negation this many words before a tone word (or fewer) flips it."""
    alpha: float = 2.0
    """Normalisation constant: one word of weight 1 scores 1/sqrt(3) ≈ 0.58."""
    exclude_quoted: bool = False
    """Ignore tone words inside quoted speech (needs ``quotes``): the outlet's own voice only."""
    positive: str = "positive"
    negative: str = "negative"
    """Names of the word lists (files in ``data/lexicons``)."""


@dataclass(frozen=True)
class ToneWord:
    """A word that carried tone, with its value after negation and intensifiers."""

    word: str
    value: float
    negated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"word": self.word, "value": round(self.value, 3), "negated": self.negated}


@dataclass(frozen=True)
class ToneSentence:
    """A sentence that mentions the actor: ``paragraphs[paragraph][start:end] == text``."""

    paragraph: int
    start: int
    end: int
    text: str
    score: float
    words: tuple[ToneWord, ...] = ()
    article_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "paragraph": self.paragraph,
                "start": self.start, "end": self.end,
                "text": self.text, "score": round(self.score, 3),
                "words": [w.to_dict() for w in self.words]}


@dataclass(frozen=True)
class ActorTone:
    """The tone of one article toward one actor."""

    actor: str
    score: float
    sentences: tuple[ToneSentence, ...]

    @property
    def words(self) -> tuple[ToneWord, ...]:
        return tuple(w for s in self.sentences for w in s.words)

    def to_dict(self) -> dict[str, Any]:
        return {"actor": self.actor, "score": round(self.score, 3),
                "sentences": [s.to_dict() for s in self.sentences]}


@functools.lru_cache(maxsize=65536)
def _valence(word: str, positive: Lexicon, negative: Lexicon) -> float:
    lowered = word.lower().replace("’", "'")
    if negative.pattern.fullmatch(lowered):
        return -weight_of(negative, lowered)
    if positive.pattern.fullmatch(lowered):
        return weight_of(positive, lowered)
    return 0.0


def _is_negator(token: str) -> bool:
    lowered = token.lower().replace("’", "'")
    return lowered in NEGATORS or lowered.endswith("n't")


def score_text(
    text: str, opts: ToneOptions, skip: Sequence[tuple[int, int]] = ()
) -> tuple[float, tuple[ToneWord, ...]]:
    """Tone of one sentence in (−1, 1) and the words that carry it; ``skip`` spans are ignored."""
    positive, negative = load_lexicon(opts.positive), load_lexicon(opts.negative)
    tokens = list(_TOKEN.finditer(text))
    total = 0.0
    words: list[ToneWord] = []
    for i, token in enumerate(tokens):
        value = _valence(token.group(), positive, negative)
        if not value or any(s <= token.start() < e for s, e in skip):
            continue
        negated = False
        for back in range(i - 1, max(-1, i - 1 - opts.negation_window), -1):
            previous = tokens[back].group()
            if previous in {",", ";", ":"} or previous.lower() in _CLAUSE_BREAK:
                break
            if _is_negator(previous):
                negated = True
                break
        if i > 0 and tokens[i - 1].group().lower() in INTENSIFIERS:
            value *= 1.3
        if negated:
            value *= -0.75
        total += value
        words.append(ToneWord(token.group(), value, negated))
    score = total / math.sqrt(total * total + opts.alpha) if total else 0.0
    return score, tuple(words)


def mention_pattern(actor: Entity) -> re.Pattern[str] | None:
    """Word-bounded, case-sensitive forms of the actor's name (pronouns left out)."""
    forms = {actor.canonical, *actor.mentions}
    forms = {f.strip() for f in forms if len(f.strip()) > 1 and f.strip().lower() not in _PRONOUNS}
    if not forms:
        return None
    body = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?!\w)")


def _speech_spans(quotes: Sequence[Quote], paragraph: int) -> list[tuple[int, int]]:
    return [(q.start, q.end) for q in quotes if q.is_speech and q.paragraph == paragraph]


def actor_tone(
    article: Article,
    actors: Sequence[Entity],
    *,
    opts: ToneOptions,
    quotes: Sequence[Quote] = (),
) -> list[ActorTone]:
    """Per actor mentioned in the article, its tone score and the sentences that mention it.

    Actors the article never mentions are left out; the order of ``actors`` is kept.
    """
    if opts.alpha <= 0 or opts.negation_window < 0:
        raise ConfigError(f"tone: alpha={opts.alpha} must be > 0 and negation_window >= 0")
    scored: list[tuple[int, int, int, float, tuple[ToneWord, ...]]] = []
    for index, paragraph in enumerate(article.paragraphs):
        skip = _speech_spans(quotes, index) if opts.exclude_quoted else []
        for start, end in split_sentences(paragraph):
            shifted = [(s - start, e - start) for s, e in skip]
            score, words = score_text(paragraph[start:end], opts, shifted)
            scored.append((index, start, end, score, words))
    results: list[ActorTone] = []
    for actor in actors:
        pattern = mention_pattern(actor)
        if pattern is None:
            continue
        sentences = tuple(
            ToneSentence(p, s, e, article.paragraphs[p][s:e], score, words, article.id)
            for p, s, e, score, words in scored
            if pattern.search(article.paragraphs[p], s, e)
        )
        if sentences:
            mean = sum(s.score for s in sentences) / len(sentences)
            results.append(ActorTone(actor.canonical, mean, sentences))
    return results


def merge_tones(tones: Iterable[ActorTone]) -> list[ActorTone]:
    """One ``ActorTone`` per actor over many articles (e.g. all of one outlet's in a story):
    the mean over all their sentences, so a long article weighs more than a brief."""
    sentences: dict[str, list[ToneSentence]] = {}
    for tone in tones:
        sentences.setdefault(tone.actor, []).extend(tone.sentences)
    return [
        ActorTone(actor, sum(s.score for s in found) / len(found), tuple(found))
        for actor, found in sentences.items()
        if found
    ]
