"""Word choice per outlet: contested-term pairs and data-driven distinctive words.

Two views of the same question, "which words did this outlet choose?":

- ``contested_terms`` counts the terms of an editable table (``data/contested_terms.tsv``) of
  alternatives for one thing (Kyiv/Kiev, liberated/captured/occupied, regime/government, ...) and,
  for each term an outlet used, what the other outlets used instead (``contrast``).
- ``distinctive_terms`` finds the words and two-word phrases that set an outlet apart from the
  others, by weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi and Quinn
  2008, "Fightin' Words", section 3.5), with z-scores. For word ``w``, outlet ``a`` against all
  other outlets ``b`` together, and prior counts ``α_w`` from the background (story + corpus):

      δ_w = log((y_wa + α_w) / (n_a + α_0 − y_wa − α_w))
          − log((y_wb + α_w) / (n_b + α_0 − y_wb − α_w))
      σ²_w ≈ 1 / (y_wa + α_w) + 1 / (y_wb + α_w),      z_w = δ_w / σ_w

  where ``n`` are the totals and ``α_0 = Σ α_w`` over the vocabulary.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parallax.errors import ConfigError
from parallax.models import Article
from parallax.techniques import entry_regex, normalise_quotes, split_sentences, word_set

TERM_TABLE = Path(__file__).resolve().parent / "data" / "contested_terms.tsv"


# ---------------------------------------------------------------- contested terms


@dataclass(frozen=True)
class TermEntry:
    """One term of the table: the word, the thing it names (group) and the framing it signals."""

    term: str
    group: str
    framing: str


@dataclass(frozen=True)
class TermTable:
    """Groups of alternative terms, compiled into one expression (longest terms first)."""

    entries: tuple[TermEntry, ...]
    pattern: re.Pattern[str]

    def groups(self) -> dict[str, tuple[TermEntry, ...]]:
        grouped: dict[str, list[TermEntry]] = defaultdict(list)
        for entry in self.entries:
            grouped[entry.group].append(entry)
        return {g: tuple(es) for g, es in grouped.items()}


def _read_term_lines(path: Path) -> list[TermEntry]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the term table: {exc}") from None
    entries: list[TermEntry] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in raw.split("\t")]
        if len(fields) < 3 or not all(fields[:3]):
            raise ConfigError(
                f"{path}:{number}: expected 'group<TAB>term<TAB>framing', got {raw.strip()!r}"
            )
        entries.append(TermEntry(term=" ".join(fields[1].split()), group=fields[0],
                                 framing=fields[2]))
    return entries


def build_term_table(entries: Iterable[TermEntry]) -> TermTable:
    """Compile entries; a term listed twice keeps the last group and framing given."""
    by_term: dict[str, TermEntry] = {}
    for entry in entries:
        by_term[entry.term.casefold()] = entry
    ordered = tuple(sorted(by_term.values(), key=lambda e: (-len(e.term), e.term)))
    body = "|".join(f"(?P<t{i}>{entry_regex(e.term)})" for i, e in enumerate(ordered))
    # Every term starts at a word start (entry_regex's own look-behind); checking that once, up
    # front, spares trying ~90 alternatives at each position inside a word (4x faster).
    return TermTable(ordered, re.compile(rf"(?<![\w-])(?:{body})" if body else r"(?!x)x",
                                         re.IGNORECASE))


def load_term_table(path: Path | None = None) -> TermTable:
    """The packaged table plus, when given, the user's file (its lines add to or override it)."""
    entries = _read_term_lines(TERM_TABLE)
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"{path}: term table not found")
        entries += _read_term_lines(path)
    return build_term_table(entries)


@dataclass(frozen=True)
class TermExample:
    """Where a term was used: ``paragraphs[paragraph][start:end] == text``."""

    article_id: str
    paragraph: int
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"article_id": self.article_id, "paragraph": self.paragraph,
                "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class TermUse:
    """One term as one outlet used it, and what the other outlets said instead."""

    term: str
    group: str
    framing: str
    count: int
    examples: tuple[TermExample, ...]
    contrast: tuple[str, ...] = ()
    """Other terms of the group used by the other outlets, most used first."""
    contrast_by_outlet: tuple[tuple[str, str, int], ...] = ()
    """(outlet, term, count) for each of those uses."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "term": self.term,
            "group": self.group,
            "framing": self.framing,
            "count": self.count,
            "examples": [e.to_dict() for e in self.examples],
            "contrast": list(self.contrast),
            "contrast_by_outlet": [
                {"outlet": o, "term": t, "count": c} for o, t, c in self.contrast_by_outlet
            ],
        }


def find_terms(article: Article, table: TermTable) -> list[tuple[TermEntry, TermExample]]:
    """Every use of a table term in the article's paragraphs, in reading order."""
    found: list[tuple[TermEntry, TermExample]] = []
    for index, paragraph in enumerate(article.paragraphs):
        for match in table.pattern.finditer(normalise_quotes(paragraph)):
            entry = table.entries[int((match.lastgroup or "t0")[1:])]
            found.append((entry, TermExample(article.id, index, match.start(), match.end(),
                                             paragraph[match.start() : match.end()])))
    return found


def contested_terms(
    articles_by_outlet: Mapping[str, Sequence[Article]],
    table: TermTable,
    *,
    max_examples: int = 3,
) -> dict[str, list[TermUse]]:
    """Per outlet, the table terms it used (most used first), with examples and contrast."""
    uses: dict[str, dict[TermEntry, list[TermExample]]] = {}
    for outlet, articles in articles_by_outlet.items():
        per_term: dict[TermEntry, list[TermExample]] = defaultdict(list)
        for article in articles:
            for entry, example in find_terms(article, table):
                per_term[entry].append(example)
        uses[outlet] = per_term
    result: dict[str, list[TermUse]] = {}
    for outlet, per_term in uses.items():
        rows: list[TermUse] = []
        for entry, examples in per_term.items():
            others = sorted(
                ((o, e.term, len(ex)) for o, terms in uses.items() if o != outlet
                 for e, ex in terms.items() if e.group == entry.group and e != entry),
                key=lambda row: (-row[2], row[0], row[1]),
            )
            totals: Counter[str] = Counter()
            for _, term, count in others:
                totals[term] += count
            rows.append(TermUse(
                term=entry.term, group=entry.group, framing=entry.framing, count=len(examples),
                examples=tuple(examples[:max_examples]),
                contrast=tuple(t for t, _ in sorted(totals.items(), key=lambda i: (-i[1], i[0]))),
                contrast_by_outlet=tuple(others),
            ))
        result[outlet] = sorted(rows, key=lambda u: (-u.count, u.group, u.term))
    return result


# ---------------------------------------------------------------- distinctive terms

STOP_WORDS = word_set(
    "a about above after again against all also although am among an and another any are around "
    "as at be because been before being below between both but by can could did do does doing "
    "down during each either else even ever every few for from further had has have having he "
    "her here hers herself him himself his how however i if in into is it its itself just last "
    "least less let like many may me might mine more most much must my myself neither no nor not "
    "now of off often on once one only onto or other others otherwise our ours ourselves out over "
    "own per perhaps rather said same say says she should since so some still such than that the "
    "their theirs them themselves then there these they this those though through thus to too "
    "toward towards under until up upon us very via was we were what whatever when whenever where "
    "whether which while who whom whose why will with within without would yet you your yours "
    "yourself yourselves told also mr mrs ms s t don didn doesn isn wasn weren won wouldn couldn "
    "shouldn ve ll re d m new two three four five first second year years week day days monday "
    "tuesday wednesday thursday friday saturday sunday"
)
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens, possessive ``'s`` removed."""
    found = [t.lower().replace("’", "'") for t in _TOKEN.findall(text)]
    return [t[:-2] if t.endswith("'s") else t for t in found]


def term_counts(texts: Iterable[str], *, bigrams: bool = True) -> Counter[str]:
    """Unigrams and adjacent two-word phrases (``"security operation"``) without stop words.

    A bigram never spans a sentence break nor a stop word (``"war in Tessel"`` gives none).
    """
    counts: Counter[str] = Counter()
    for text in texts:
        for start, end in split_sentences(text):
            words = tokens(text[start:end])
            keep = [w not in STOP_WORDS and len(w) > 1 for w in words]
            counts.update(w for w, k in zip(words, keep, strict=True) if k)
            if bigrams:
                counts.update(
                    f"{words[i]} {words[i + 1]}"
                    for i in range(len(words) - 1)
                    if keep[i] and keep[i + 1]
                )
    return counts


def article_term_counts(articles: Iterable[Article]) -> Counter[str]:
    """``term_counts`` over the headlines and paragraphs of ``articles``."""
    return term_counts(text for a in articles for text in (a.headline, *a.paragraphs))


@dataclass(frozen=True)
class DistinctiveTerm:
    """A word or phrase an outlet uses more than the others, with its log-odds and z-score."""

    term: str
    count: int
    count_others: int
    delta: float
    z: float

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "count": self.count, "count_others": self.count_others,
                "delta": round(self.delta, 4), "z": round(self.z, 3)}


def log_odds_z(
    y_a: float, n_a: float, y_b: float, n_b: float, alpha_w: float, alpha_0: float
) -> tuple[float, float]:
    """δ and z of one word (see the module docstring)."""
    delta = math.log((y_a + alpha_w) / (n_a + alpha_0 - y_a - alpha_w)) - math.log(
        (y_b + alpha_w) / (n_b + alpha_0 - y_b - alpha_w)
    )
    variance = 1.0 / (y_a + alpha_w) + 1.0 / (y_b + alpha_w)
    return delta, delta / math.sqrt(variance)


def dirichlet_prior(
    vocabulary: Iterable[str], background: Counter[str], *, prior_size: float | None,
    floor: float,
) -> dict[str, float]:
    """α_w from background counts; ``prior_size`` rescales them to that total; ``floor`` keeps
    words the background lacks from a zero prior."""
    scale = 1.0
    total = sum(background.values())
    if prior_size is not None and total > 0:
        scale = prior_size / total
    return {w: max(background.get(w, 0) * scale, floor) for w in vocabulary}


def distinctive_terms(
    counts_by_outlet: Mapping[str, Counter[str]],
    background: Counter[str],
    *,
    top: int = 15,
    min_count: int = 2,
    prior_size: float | None = None,
    prior_floor: float = 0.01,
) -> dict[str, list[DistinctiveTerm]]:
    """Per outlet, the ``top`` terms with the highest positive z against all other outlets.

    ``background`` gives the informative prior (pass story + corpus counts, e.g. from
    ``article_term_counts``); by default its raw counts are the prior (``prior_size=None``), as in
    Monroe et al.; a number rescales it to that many pseudo-counts. Terms used fewer than
    ``min_count`` times by the outlet are not reported.
    """
    if top < 0 or min_count < 0:
        raise ConfigError(f"distinctive_terms: top={top}, min_count={min_count} must be >= 0")
    vocabulary = set(background).union(*counts_by_outlet.values()) if counts_by_outlet else set()
    alpha = dirichlet_prior(vocabulary, background, prior_size=prior_size, floor=prior_floor)
    alpha_0 = sum(alpha.values())
    everything: Counter[str] = Counter()
    for counts in counts_by_outlet.values():
        everything.update(counts)
    n_all = sum(everything.values())
    result: dict[str, list[DistinctiveTerm]] = {}
    for outlet, counts in counts_by_outlet.items():
        n_a = sum(counts.values())
        rows: list[DistinctiveTerm] = []
        for word, y_a in counts.items():
            if y_a < min_count:
                continue
            y_b = everything[word] - y_a
            delta, z = log_odds_z(y_a, n_a, y_b, n_all - n_a, alpha[word], alpha_0)
            if z > 0:
                rows.append(DistinctiveTerm(word, y_a, y_b, delta, z))
        result[outlet] = sorted(rows, key=lambda r: (-r.z, r.term))[:top]
    return result
