"""Persuasion techniques at span level (SPEC section 3), from editable word lists and a few rules.

Each of the 14 technique ids of the SemEval-2020 Task 11 scheme has a detector. Most are phrase
lists in ``data/lexicons/<technique>.txt`` (a small pattern language, see
``data/lexicons/README.md``); a few add a rule the lists cannot express:

- ``name_calling`` takes a name or another label just before the label into the span
  ("Dravograd regime", "neo-Nazi junta");
- ``doubt`` also marks scare quotes: quoted words that are not speech ("peacekeepers");
- ``slogans`` also marks short exclamations and hashtags;
- ``repetition`` marks a loaded word or label, or a phrase of three or more lower-case words, used
  ``repetition_min`` times or more in one article (every use after the first).

A finding inside a quotation (a ``Quote`` with ``is_speech``) is credited to the speaker
(``voice="quoted"``); the outlet keeps the words it chose itself. ``sentence_bias`` is the
sentence-level loaded-language score used for BABE.

Everything here is a pure function of its inputs; compiled lists are cached per file.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from parallax.errors import ConfigError
from parallax.models import Article, Quote, Rejected, Technique, stable_id

LEXICON_DIR = Path(__file__).resolve().parent / "data" / "lexicons"

TECHNIQUES: tuple[str, ...] = (
    "loaded_language",
    "name_calling",
    "repetition",
    "doubt",
    "exaggeration_minimisation",
    "appeal_to_fear",
    "flag_waving",
    "causal_oversimplification",
    "appeal_to_authority",
    "slogans",
    "black_and_white",
    "thought_terminating_cliche",
    "whataboutism_strawman_red_herring",
    "bandwagon_reductio_ad_hitlerum",
)
"""The 14 ids of SPEC section 3, in its order."""

_PHRASE_TECHNIQUES = tuple(t for t in TECHNIQUES if t != "repetition")

_REASON_PREFIX = {
    "loaded_language": "loaded word",
    "name_calling": "label",
    "doubt": "casts doubt",
    "exaggeration_minimisation": "exaggerates or minimises",
    "appeal_to_fear": "appeals to fear",
    "flag_waving": "appeals to national pride",
    "causal_oversimplification": "single cause",
    "appeal_to_authority": "appeals to authority",
    "slogans": "slogan",
    "black_and_white": "only two options",
    "thought_terminating_cliche": "cliché that ends the argument",
    "whataboutism_strawman_red_herring": "turns to others' faults",
    "bandwagon_reductio_ad_hitlerum": "bandwagon or Nazi comparison",
}

BIAS_LEXICONS = ("loaded_language", "name_calling", "doubt", "exaggeration_minimisation")
"""The word lists ``sentence_bias`` counts; fixed before BABE was scored, not tuned on it."""


@dataclass(frozen=True)
class TechniqueOptions:
    """How ``find_techniques`` runs; the defaults are the documented behaviour."""

    techniques: tuple[str, ...] = TECHNIQUES
    """The technique ids to look for."""
    lexicon_dirs: tuple[Path, ...] = ()
    """Folders with extra ``<technique>.txt`` lists; their entries add to the packaged ones."""
    repetition_min: int = 3
    """A word or phrase used this many times in one article counts as repetition."""
    credit_indirect_quotes: bool = True
    """Reported speech is credited to its speaker too (the outlet chose the words, though)."""
    max_slogan_words: int = 7
    """An exclamation of at most this many words is a slogan."""


# ---------------------------------------------------------------- word lists


@dataclass(frozen=True, eq=False)  # identity hash: used as a cache key per word
class Lexicon:
    """A compiled word list: one regular expression over all its entries, and the same entries
    bucketed by their first two letters so that a scan tries only the entries that can match at
    each word start (a plain alternation of hundreds of entries is tried at every character)."""

    name: str
    entries: tuple[str, ...]
    pattern: re.Pattern[str]
    weights: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
    buckets: dict[str, re.Pattern[str]] = field(default_factory=dict, compare=False, hash=False)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """Non-overlapping matches, left to right; at one place the longest entry wins."""
        text = normalise_quotes(text)
        position = 0
        for start in _WORD_START.finditer(text):
            if start.start() < position:
                continue
            bucket = self.buckets.get(bucket_key(text, start.start()))
            match = bucket.match(text, start.start()) if bucket else None
            if match:
                position = match.end()
                yield match


_WORD_START = re.compile(r"(?<![\w-])[\w#]")


def bucket_key(text: str, start: int = 0) -> str:
    """The first two characters at ``start``, lower-cased, white space and hyphens as a space."""
    return re.sub(r"[\s-]", " ", text[start : start + 2].lower())


def normalise_quotes(text: str) -> str:
    """Curly apostrophes to straight ones; same length, so offsets stay valid."""
    return text.replace("’", "'").replace("‘", "'")


_GAP = r"\s+(?:\S+\s+){1,8}?"
_NAME = r"(?-i:[A-Z][\w'-]*)"


def entry_regex(entry: str) -> str:
    """The regular expression of one list entry (see data/lexicons/README.md)."""
    parts: list[str] = []
    gap_next = False
    for word in entry.split():
        if word in {"...", "…"}:
            gap_next = True
            continue
        if parts:
            parts.append(_GAP if gap_next else r"[\s-]+")
        gap_next = False
        if word == "<X>":
            parts.append(_NAME)
            continue
        wildcard = word.endswith("*")
        body = re.escape(word.rstrip("*")).replace(r"\-", r"[\s-]").replace("'", "['’]")
        parts.append(body + (r"[\w'-]*" if wildcard else ""))
    return r"(?<![\w-])" + "".join(parts) + r"(?![\w]|-\w)"


def parse_lexicon_lines(lines: Iterable[str], where: str) -> dict[str, float]:
    """Entries and weights of a list file; a bad weight is a ConfigError naming the line."""
    entries: dict[str, float] = {}
    for number, raw in enumerate(lines, 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        entry, _, weight = line.partition("\t")
        try:
            entries[" ".join(entry.split())] = float(weight) if weight.strip() else 1.0
        except ValueError:
            problem = f"weight {weight.strip()!r} is not a number"
            raise ConfigError(f"{where}:{number}: {problem}") from None
    return entries


def compile_lexicon(name: str, entries: dict[str, float]) -> Lexicon:
    """One alternation, longest entries first so that phrases win over their words."""
    ordered = sorted(entries, key=lambda e: (-len(e), e))
    body = "|".join(f"(?:{entry_regex(e)})" for e in ordered) or r"(?!x)x"
    grouped: dict[str, list[str]] = defaultdict(list)
    for entry in ordered:
        grouped[bucket_key(entry)].append(entry)
    buckets = {
        key: re.compile("|".join(f"(?:{entry_regex(e)})" for e in group), re.IGNORECASE)
        for key, group in grouped.items()
    }
    return Lexicon(name, tuple(ordered), re.compile(body, re.IGNORECASE), dict(entries), buckets)


@functools.cache
def load_lexicon(name: str, extra_dirs: tuple[Path, ...] = ()) -> Lexicon:
    """The packaged list ``name`` plus the same-named file in each of ``extra_dirs``."""
    entries: dict[str, float] = {}
    for folder in (LEXICON_DIR, *extra_dirs):
        path = folder / f"{name}.txt"
        if not path.is_file():
            if folder == LEXICON_DIR:
                raise ConfigError(f"{path}: word list not found")
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the word list: {exc}") from None
        entries.update(parse_lexicon_lines(text.splitlines(), str(path)))
    return compile_lexicon(name, entries)


@functools.lru_cache(maxsize=65536)
def weight_of(lexicon: Lexicon, word: str) -> float:
    """The weight of the entry that matched ``word`` (1.0 when no weight was given)."""
    lowered = normalise_quotes(word).lower()
    for entry in lexicon.entries:
        if re.fullmatch(entry_regex(entry), lowered, re.IGNORECASE):
            return lexicon.weights.get(entry, 1.0)
    return 1.0


# ---------------------------------------------------------------- sentences and words

def word_set(words: str) -> frozenset[str]:
    """A set of words written as one string (easier to read and edit than a list literal)."""
    return frozenset(words.split())


_ABBREVIATIONS = word_set(
    "mr mrs ms dr gen maj col lt capt sgt st prof rep sen gov pres jr sr no vs etc inc ltd co "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n u.k e.g i.e"
)
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_WORD = re.compile(r"[\w][\w'’-]*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph by punctuation; titles and initials do not end a sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        if match.group().startswith(".") and (last in _ABBREVIATIONS or len(last) == 1):
            continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


# ---------------------------------------------------------------- detectors

Finding = tuple[str, int, int, str]
"""(technique, start, end, reason) in one paragraph."""


def _phrase_findings(technique: str, paragraph: str, lexicon: Lexicon) -> list[Finding]:
    prefix = _REASON_PREFIX[technique]
    return [
        (technique, m.start(), m.end(), f'{prefix} "{paragraph[m.start():m.end()]}"')
        for m in lexicon.finditer(paragraph)
    ]


_PREVIOUS_WORD = re.compile(r"([\w][\w'’-]*)\s+$")
_NOT_NAMES = word_set("the a an this that these those its their his her our your")


def _extend_label(paragraph: str, start: int, labels: Lexicon) -> tuple[int, str | None]:
    """Take a name ("Dravograd") or another label ("neo-Nazi") before the label into the span."""
    match = _PREVIOUS_WORD.search(paragraph[:start])
    if not match:
        return start, None
    word = match.group(1)
    at_sentence_start = not paragraph[: match.start(1)].strip() or paragraph[
        : match.start(1)
    ].rstrip().endswith((".", "!", "?"))
    is_name = word[0].isupper() and word.lower() not in _NOT_NAMES and not at_sentence_start
    if is_name:
        return match.start(1), word
    if labels.pattern.fullmatch(normalise_quotes(word)):
        return match.start(1), None
    return start, None


def _name_calling(paragraph: str, labels: Lexicon) -> list[Finding]:
    findings: list[Finding] = []
    for m in labels.finditer(paragraph):
        start, target = _extend_label(paragraph, m.start(), labels)
        text = paragraph[start : m.end()]
        reason = f'label "{text}"' + (f" applied to {target}" if target else "")
        findings.append(("name_calling", start, m.end(), reason))
    return findings


_HASHTAG = re.compile(r"(?<![\w#])#\w{2,}")


def _slogans(paragraph: str, lexicon: Lexicon, max_words: int) -> list[Finding]:
    findings = _phrase_findings("slogans", paragraph, lexicon)
    for start, end in split_sentences(paragraph):
        sentence = paragraph[start:end].rstrip("\"'”’) ")
        if sentence.endswith("!") and len(_WORD.findall(sentence)) <= max_words:
            opening = paragraph[start:end]
            text_start = start + len(opening) - len(opening.lstrip("\"'“‘( "))
            findings.append(("slogans", text_start, start + len(sentence), "short exclamation"))
    findings += [("slogans", m.start(), m.end(), "hashtag") for m in _HASHTAG.finditer(paragraph)]
    return findings


def _scare_quotes(quotes: Sequence[Quote], paragraphs: Sequence[str]) -> dict[int, list[Finding]]:
    found: dict[int, list[Finding]] = defaultdict(list)
    for quote in quotes:
        if quote.is_speech or not 0 <= quote.paragraph < len(paragraphs):
            continue
        text = paragraphs[quote.paragraph][quote.start : quote.end]
        if text and len(text.split()) <= 4:
            found[quote.paragraph].append(
                ("doubt", quote.start, quote.end, f'scare quotes around "{text}"')
            )
    return found


_PHRASE_WORD = re.compile(r"[a-z][a-z'-]*")
_FUNCTION_WORDS = word_set(
    "a an the of to in on at by for and or but is are was were be been it its this that with as "
    "from he she they we i you his her their our not"
)


def _repeated_phrases(paragraphs: Sequence[str], n: int, minimum: int) -> list[tuple[int, Finding]]:
    """Lower-case phrases of ``n`` words, not all function words, used ``minimum`` times or more."""
    seen: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for index, paragraph in enumerate(paragraphs):
        for s_start, s_end in split_sentences(paragraph):
            words = list(_WORD.finditer(paragraph[s_start:s_end]))
            for i in range(len(words) - n + 1):
                window = words[i : i + n]
                if not all(_PHRASE_WORD.fullmatch(w.group()) for w in window):
                    continue
                if sum(w.group() not in _FUNCTION_WORDS for w in window) < 2:
                    continue
                key = " ".join(w.group() for w in window)
                seen[key].append((index, s_start + window[0].start(), s_start + window[-1].end()))
    return [
        (p, ("repetition", s, e, f'"{key}" used {len(uses)} times'))
        for key, uses in seen.items()
        if len(uses) >= minimum
        for p, s, e in uses[1:]
    ]


def _repetition(
    by_paragraph: dict[int, list[Finding]], paragraphs: Sequence[str], minimum: int
) -> list[tuple[int, Finding]]:
    """Repeated loaded words and labels, and repeated three-word phrases."""
    uses: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for index in sorted(by_paragraph):
        for technique, start, end, _ in sorted(by_paragraph[index], key=lambda f: f[1]):
            if technique in {"loaded_language", "name_calling"}:
                key = paragraphs[index][start:end].lower()
                uses[key].append((index, start, end))
    repeated = [
        (p, ("repetition", s, e, f'"{key}" used {len(spans)} times'))
        for key, spans in uses.items()
        if len(spans) >= minimum
        for p, s, e in spans[1:]
    ]
    return repeated + _repeated_phrases(paragraphs, 3, minimum)


def _drop_loaded_inside_others(findings: list[Finding]) -> list[Finding]:
    """A loaded word inside another technique's phrase ("nuclear catastrophe", "neo-Nazi
    thugs") is reported once, as that technique."""
    labels = [(s, e) for t, s, e, _ in findings if t not in {"loaded_language", "repetition"}]
    return [
        f
        for f in findings
        if f[0] != "loaded_language" or not any(s <= f[1] and f[2] <= e for s, e in labels)
    ]


def _dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per technique and span; for one technique, a span inside another is dropped."""
    unique = sorted(set(findings), key=lambda f: (f[0], f[1], -(f[2] - f[1])))
    kept: list[Finding] = []
    for finding in unique:
        inside = any(
            k[0] == finding[0] and k[1] <= finding[1] and finding[2] <= k[2] for k in kept
        )
        if not inside:
            kept.append(finding)
    return kept


def _speech_quote(quotes: Sequence[Quote], paragraph: int, start: int, end: int,
                  opts: TechniqueOptions) -> Quote | None:
    for quote in quotes:
        if not quote.is_speech or quote.paragraph != paragraph:
            continue
        if quote.kind == "indirect" and not opts.credit_indirect_quotes:
            continue
        if quote.start <= start and end <= quote.end:
            return quote
    return None


def find_techniques(
    article: Article, quotes: Sequence[Quote], *, opts: TechniqueOptions
) -> list[Technique]:
    """The persuasion techniques of one article, at span level, in reading order.

    ``paragraphs[t.paragraph][t.start:t.end] == t.text`` for every result. A span inside a
    quotation is credited to the speaker (``voice="quoted"``).
    """
    unknown = sorted(set(opts.techniques) - set(TECHNIQUES))
    if unknown:
        raise ConfigError(f"techniques: unknown technique ids {unknown} (known: {TECHNIQUES})")
    wanted = set(opts.techniques)
    lexicons = {t: load_lexicon(t, opts.lexicon_dirs) for t in _PHRASE_TECHNIQUES}
    paragraphs = article.paragraphs
    by_paragraph: dict[int, list[Finding]] = defaultdict(list)
    for index, paragraph in enumerate(paragraphs):
        found = by_paragraph[index]
        for technique in _PHRASE_TECHNIQUES:
            if technique == "name_calling":
                found += _name_calling(paragraph, lexicons[technique])
            elif technique == "slogans":
                found += _slogans(paragraph, lexicons[technique], opts.max_slogan_words)
            else:
                found += _phrase_findings(technique, paragraph, lexicons[technique])
    for index, scare in _scare_quotes(quotes, paragraphs).items():
        by_paragraph[index] += scare
    if "repetition" in wanted:
        for index, finding in _repetition(by_paragraph, paragraphs, opts.repetition_min):
            by_paragraph[index].append(finding)
    results: list[Technique] = []
    for index in sorted(by_paragraph):
        kept = _dedupe(_drop_loaded_inside_others(by_paragraph[index]))
        for technique, start, end, reason in sorted(kept, key=lambda f: (f[1], f[2], f[0])):
            if technique not in wanted:
                continue
            quote = _speech_quote(quotes, index, start, end, opts)
            results.append(
                Technique(
                    id=stable_id(article.id, technique, str(index), str(start), str(end)),
                    article_id=article.id,
                    technique=technique,
                    paragraph=index,
                    start=start,
                    end=end,
                    text=paragraphs[index][start:end],
                    voice="quoted" if quote else "outlet",
                    speaker=quote.speaker if quote else None,
                    reason=reason,
                )
            )
    return results


def find_techniques_many(
    items: Iterable[tuple[Article, Sequence[Quote]]], *, opts: TechniqueOptions
) -> tuple[list[Technique], list[Rejected]]:
    """The batch form: one article that fails becomes a ``Rejected`` and the batch goes on."""
    found: list[Technique] = []
    rejected: list[Rejected] = []
    for article, quotes in items:
        try:
            found += find_techniques(article, quotes, opts=opts)
        except (TypeError, ValueError, IndexError) as exc:
            rejected.append(Rejected(article.source, "techniques", f"cannot analyse: {exc}"))
    return found, rejected


# ---------------------------------------------------------------- sentence bias (BABE)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def sentence_bias(sentence: str) -> tuple[float, list[tuple[int, int]]]:
    """Loaded-language score in [0, 1] and the spans of the biased words.

    The score is ``1 - 0.5 ** hits`` over the words of ``BIAS_LEXICONS``: one loaded word gives
    0.5, two give 0.75. A sentence is called biased at 0.5 (at least one loaded word); this
    threshold was chosen before any evaluation, not fitted to BABE.
    """
    spans = _merge(
        (m.start(), m.end())
        for name in BIAS_LEXICONS
        for m in load_lexicon(name).finditer(sentence)
    )
    return 1.0 - 0.5 ** len(spans), spans


BIAS_THRESHOLD = 0.5
