"""Who said what: direct and reported speech, speakers, scare quotes, and quotes across outlets.

One article is analysed in four steps:

1. :func:`scan_quote_marks` finds the spans between quote marks in each paragraph, without spaCy:
   straight and curly marks, a quote left open at a paragraph's end that the next paragraph
   continues (news style), stray and unbalanced marks (never a crash, never a runaway span);
2. each paragraph is parsed (``nlp.py``) and its actors are indexed (``entities.py``);
3. :func:`find_attributions` attaches a cue verb and its subject to each quoted span (in the same
   sentence, or a short attribution sentence right after it); a quote with no cue continues the
   latest speaker of this or the previous paragraph; a short verbless quote not governed by a cue
   (or governed by "call"/"dub"/"so-called") is a quoted term (``is_speech=False``). Reported
   speech is a cue verb's clausal complement ("X said (that) …", "…, X said") or the clause around
   "according to X";
4. the cue's subject is resolved to a canonical actor (names, titles, pronouns, "the ministry").

:func:`group_quotes` then links the same quote across articles and outlets.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from parallax.entities import (
    DOCUMENT_NOUNS,
    ActorIndex,
    AliasTable,
    is_pronoun,
    load_aliases,
    normalise_words,
)
from parallax.models import Entity, Quote, QuoteKind, Rejected, stable_id
from parallax.nlp import Chunk, paragraph_chunks, parse_chunks

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

    from parallax.attribution_model import AttributionModel, TokenRelation
    from parallax.models import Article

log = logging.getLogger(__name__)

STAGE = "quotes"


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


SPEECH_CUES = _wordset("""say tell add state note warn stress argue insist claim explain write
tweet post announce declare report ask reply respond answer acknowledge admit confirm deny
suggest predict
accuse charge allege assert contend maintain emphasise emphasize underline urge describe comment
remark observe recall complain concede speak promise vow pledge threaten caution estimate quip
testify reiterate retort counter point disclose reveal boast lament brag inform assure concur
signal hint joke yell shout whisper mutter cry scream exclaim demand propose recommend
criticize criticise praise dismiss agree""")
BELIEF_CUES = _wordset("""think believe know hope fear expect feel want worry show find suggest
indicate learn understand doubt reckon predict consider""")
NAMING_CUES = frozenset({"call", "dub", "term", "label", "brand", "nickname", "name"})
# "describe X as “…”": the quoted words name something rather than report speech.
AS_CUES = NAMING_CUES | {"describe", "portray", "characterize", "characterise", "refer", "see",
                         "regard", "present", "depict", "denounce"}
OPENERS = frozenset("“„«")
CLOSERS = frozenset("”»")
MARKS = OPENERS | CLOSERS | {'"'}
_OPEN_CONTEXT = frozenset(" \t\n([{—–-/:")
_SENTENCE_END = frozenset(".!?")


@dataclass(frozen=True)
class QuoteOptions:
    """Options of the quote stage (documented defaults)."""

    indirect: bool = True
    """Also report reported speech ("X said that …", "according to X")."""
    belief_cues: bool = False
    """Count "think", "believe", "expect", … as cues (PolNeAR annotates them; news readers
    rarely want them as quotes)."""
    term_max_words: int = 6
    """A verbless quote of at most this many words that no cue governs is a quoted term."""
    max_paragraph_chars: int = 20_000
    """Longer paragraphs are parsed in chunks of this size."""
    batch_size: int = 64
    alias_files: tuple[Path, ...] = ()
    """User alias files (same format as ``parallax/data/aliases.tsv``), read after it."""
    model: Literal["rules", "hybrid"] = "hybrid"
    """"rules": the rules alone; "hybrid": the trained tagger of ``attribution_model.py``
    finds the source, cue and content spans (the rules' output is one of its features, and
    still decides scare quotes and speakers of quotes with no cue)."""
    model_path: Path | None = None
    """Another tagger file than the packaged ``data/attribution_model.npz``."""


@dataclass(frozen=True)
class ArticleAnalysis:
    """The actors and quotations of one article."""

    article_id: str
    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]


@dataclass(frozen=True)
class MarkedSpan:
    """The text between quote marks: ``paragraphs[paragraph][start:end]``, marks excluded."""

    paragraph: int
    start: int
    end: int
    closed: bool = True
    continued: bool = False
    """The paragraph opens inside a quote that an earlier paragraph left open."""


@dataclass(frozen=True)
class Attribution:
    """One quotation with all its spans (character offsets in its paragraph)."""

    kind: QuoteKind
    paragraph: int
    start: int
    end: int
    is_speech: bool = True
    cue: tuple[int, int] | None = None
    cue_text: str | None = None
    source: tuple[int, int] | None = None
    speaker_mention: str | None = None
    speaker: str | None = None
    marked: bool = False
    relation: tuple[int, int, int] | None = None
    """Fragments of one tagged relation share this id (paragraph, chunk offset, number)."""
    raw: tuple[int, int] | None = None
    """The tagger's own content span (quote marks included), when it differs from start/end."""
    method: str = "rules"


# ---------------------------------------------------------------------------------------------
# 1. quote marks


def _mark_role(text: str, i: int) -> str:
    """"open" or "close" for the mark at ``text[i]``, by shape, corrected by the context."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opens_by_context = (before in _OPEN_CONTEXT or before in OPENERS) and not after.isspace()
    closes_by_context = not before.isspace() and (after.isspace() or not after.isalnum())
    if text[i] in OPENERS:
        return "close" if closes_by_context and not opens_by_context else "open"
    if text[i] in CLOSERS:
        return "open" if opens_by_context and not closes_by_context else "close"
    return "open" if opens_by_context else "close"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def scan_quote_marks(paragraphs: Sequence[str]) -> list[MarkedSpan]:
    """Spans between quote marks in every paragraph; see the module docstring for the rules."""
    spans: list[MarkedSpan] = []
    left_open = False
    for number, text in enumerate(paragraphs):
        stripped = text.lstrip()
        inside: int | None = None
        continued = False
        if left_open and stripped[:1] in MARKS and _mark_role(text, len(text) - len(stripped)) \
                == "open":
            continued = True
        elif left_open and _first_role(text) == "close":
            inside, continued = 0, True  # a continuation paragraph that forgot its opening mark
        for i, char in enumerate(text):
            if char not in MARKS:
                continue
            role = _mark_role(text, i)
            if inside is None and role == "open":
                inside = i + 1
            elif inside is not None and role == "close":
                start, end = _trim(text, inside, i)
                if end > start:
                    spans.append(MarkedSpan(number, start, end, True, continued))
                inside, continued = None, False
            elif inside is not None:
                log.debug("paragraph %d: unbalanced quote mark at %d", number, i)
                inside = i + 1  # an opening mark inside a quote: the earlier one was stray
        left_open = inside is not None
        if inside is not None:
            start, end = _trim(text, inside, len(text))
            if end > start:
                spans.append(MarkedSpan(number, start, end, False, continued))
    return spans


def _first_role(text: str) -> str | None:
    for i, char in enumerate(text):
        if char in MARKS:
            return _mark_role(text, i)
    return None


# ---------------------------------------------------------------------------------------------
# 2.-4. attributions in one parsed paragraph chunk


@dataclass
class _State:
    """What the article has said so far: the latest speaker, for quotes with no cue."""

    index: ActorIndex
    opts: QuoteOptions
    last: tuple[int, str | None, str | None, int | None] | None = None
    """(paragraph, speaker, mention, actor index) of the latest attributed quote."""
    pending: list[int] = field(default_factory=list)


def _is_cue(token: Token, opts: QuoteOptions) -> bool:
    if token.pos_ not in {"VERB", "AUX"} or (token.pos_ == "AUX" and token.dep_ == "aux"):
        return False
    lemma = token.lemma_.casefold()
    return lemma in SPEECH_CUES or (opts.belief_cues and lemma in BELIEF_CUES)


def _subject(cue: Token, depth: int = 0) -> Token | None:
    for child in cue.children:
        if child.dep_ == "nsubj":
            if child.lower_ in {"who", "that", "which"} and cue.dep_ == "relcl":
                return cue.head
            return child
    if depth < 3 and cue.dep_ in {"conj", "xcomp", "advcl", "ccomp"} and cue.head.pos_ in {
            "VERB", "AUX"}:
        return _subject(cue.head, depth + 1)
    return None


_DROP_FROM_MENTION = {"appos", "relcl", "acl", "punct", "cc", "conj", "advcl", "parataxis"}


def mention_span(token: Token) -> Span:
    """The noun phrase of a subject, without appositions and relative clauses."""
    dropped = {t.i for c in token.children if c.dep_ in _DROP_FROM_MENTION for t in c.subtree}
    kept = {t.i for t in token.subtree} - dropped
    low = high = token.i
    while low - 1 in kept:
        low -= 1
    while high + 1 in kept:
        high += 1
    return token.doc[low:high + 1]


def _resolve(span: Span, chunk: Chunk, state: _State) -> tuple[str | None, int | None]:
    """The canonical speaker for a subject phrase, and its actor index."""
    index, root = state.index, span.root
    para, at = chunk.paragraph, chunk.offset + span.start_char
    if is_pronoun(root) or root.lower_ in {"who"}:
        prefer = [state.last[3]] if state.last and state.last[3] is not None else []
        found = index.resolve_pronoun(root.lower_, para, at, prefer)
        return (index.canonical(found), found) if found is not None else (None, None)
    alias = index.aliases.get(span.text)
    if alias is not None:
        found = index.register(span.text, para, at, at + len(span.text))
        return index.agent_name(found), found
    mentions = [m for m in index.mentions if m.paragraph == para
                and m.start < chunk.offset + span.end_char and at < m.end]
    holding_root = [m for m in mentions if m.start <= chunk.offset + root.idx < m.end]
    if holding_root:
        found = holding_root[0].actor
        return index.agent_name(found), found
    if root.lemma_.casefold() in DOCUMENT_NOUNS:
        return _document_author(span, chunk, state)
    if root.pos_ == "PROPN" and root.text[:1].isupper():
        name = " ".join(t.text for t in span if t.pos_ == "PROPN")
        found = index.register(name, para, at, at + len(span.text))
        return index.canonical(found), found
    described = index.resolve_description(span, para, at)
    if described is not None:
        return index.canonical(described), described
    if mentions:
        return index.agent_name(mentions[0].actor), mentions[0].actor
    return None, None


def _document_author(span: Span, chunk: Chunk, state: _State) -> tuple[str | None, int | None]:
    """"the statement said" → whoever issued it: a name inside the phrase, else the latest
    organisation or person that was a subject before it."""
    for mention in reversed(state.index.mentions):
        if (mention.paragraph, mention.start) >= (chunk.paragraph, chunk.offset + span.end_char):
            continue
        actor = state.index.actors[mention.actor]
        inside = mention.paragraph == chunk.paragraph and \
            mention.start >= chunk.offset + span.start_char
        if inside or (mention.subject and actor.type in {"ORG", "PERSON", "GPE"}):
            return state.index.agent_name(mention.actor), mention.actor
    return None, None


def _speaker_of(cue: Token, chunk: Chunk, state: _State) -> tuple[
        tuple[int, int] | None, str | None, str | None, int | None]:
    """(source span, mention text, canonical speaker, actor index) for a cue."""
    if cue.lower_ == "according":
        objects = [g for c in cue.children if c.lower_ == "to" for g in c.children
                   if g.dep_ == "pobj"]
        subject = objects[0] if objects else None
    else:
        subject = _subject(cue)
    if subject is None:
        return None, None, None, None
    span = mention_span(subject)
    named = _apposed_name(subject, chunk, state)
    speaker, actor = named if named is not None else _resolve(span, chunk, state)
    where = (chunk.offset + span.start_char, chunk.offset + span.end_char)
    return where, span.text, speaker, actor


def _apposed_name(subject: Token, chunk: Chunk, state: _State) -> tuple[str, int] | None:
    """"its head, Pavel Grushenko, said" and "DRAVOHRAD - Viktor Mednev, …, warned": a person
    in apposition to the subject is the speaker."""
    for child in subject.children:
        if child.dep_ != "appos":
            continue
        start = chunk.offset + child.left_edge.idx
        end = chunk.offset + child.right_edge.idx + len(child.right_edge.text)
        for mention in state.index.mentions:
            if mention.paragraph == chunk.paragraph and start <= mention.start < end \
                    and state.index.actors[mention.actor].type == "PERSON":
                return state.index.canonical(mention.actor), mention.actor
    return None


def _cue_text(cue: Token) -> str:
    return "according to" if cue.lower_ == "according" else cue.text


def _cue_chars(cue: Token, chunk: Chunk) -> tuple[int, int]:
    end = cue.idx + len(cue.text)
    if cue.lower_ == "according" and cue.i + 1 < len(cue.doc):
        end = cue.doc[cue.i + 1].idx + len(cue.doc[cue.i + 1].text)
    return chunk.offset + cue.idx, chunk.offset + end


def _frame(doc: Doc, first: int, last: int) -> range:
    """Token range to look for a cue: the quote's sentences, plus a short attribution sentence
    right after (spaCy often splits `"…." she said.`) or a lead-in sentence ending in a colon."""
    start, end = doc[first].sent.start, doc[last].sent.end
    if end < len(doc) and end - last <= 3:
        following = doc[end].sent
        if len(following) <= 12:
            end = following.end
    if start > 0 and doc[start - 1].text == ":" and first - start <= 2:
        start = doc[start - 1].sent.start
    return range(start, end)


def _is_term(tokens: Span, opts: QuoteOptions) -> bool:
    words = [t for t in tokens if not t.is_punct]
    has_verb = any(t.pos_ in {"VERB", "AUX"} for t in words)
    return not has_verb and len(words) <= opts.term_max_words


def _named_as(tokens: Span) -> bool:
    """"so-called X", or X as the name given by "call"/"dub"/…"""
    doc = tokens.doc
    before = doc[max(0, tokens.start - 5):tokens.start].text.casefold().replace(" ", "")
    if "so-called" in before or "socalled" in before:
        return True
    head = tokens.root.head
    if head.lower_ == "as" and tokens.root.dep_ == "pobj":
        return head.head.lemma_.casefold() in AS_CUES
    return head.lemma_.casefold() in NAMING_CUES and tokens.root.dep_ in {
        "oprd", "xcomp", "attr", "dobj", "ccomp", "npadvmod", "appos"}


def _governs(cue: Token, tokens: Span) -> bool:
    return any(t.i == tokens.root.i for t in cue.subtree)


def _direct(doc: Doc, chunk: Chunk, mark: MarkedSpan, cues: list[Token],
            state: _State) -> Attribution | None:
    # a quote cut by a chunk boundary is analysed on its part in this chunk
    tokens = doc.char_span(mark.start - chunk.offset, min(mark.end - chunk.offset, len(doc.text)),
                           alignment_mode="expand")
    if tokens is None or len(tokens) == 0:
        return None
    frame = _frame(doc, tokens.start, tokens.end - 1)
    near = sorted((c for c in cues if c.i in frame and not tokens.start <= c.i < tokens.end),
                  key=lambda c: min(abs(c.i - tokens.start), abs(c.i - tokens.end)))
    term = _is_term(tokens, state.opts)
    cue = next((c for c in near if _governs(c, tokens)), None) if term else (
        near[0] if near else None)
    if _named_as(tokens) or (term and cue is None):
        return Attribution("direct", mark.paragraph, mark.start, mark.end, is_speech=False,
                           marked=True)
    if cue is not None:
        source, mention, speaker, actor = _speaker_of(cue, chunk, state)
        if mention is not None:
            state.last = (mark.paragraph, speaker, mention, actor)
        return Attribution("direct", mark.paragraph, mark.start, mark.end, True,
                           _cue_chars(cue, chunk), _cue_text(cue), source, mention, speaker, True)
    last = state.last
    opens = mark.start - chunk.offset <= 2 and chunk.offset == 0
    if last is not None and (mark.continued or (last[0] == mark.paragraph)
                             or (opens and mark.paragraph - last[0] <= 1)):
        return Attribution("direct", mark.paragraph, mark.start, mark.end, True,
                           speaker_mention=last[2], speaker=last[1], marked=True)
    return Attribution("direct", mark.paragraph, mark.start, mark.end, True, marked=True)


def _content_tokens(cue: Token) -> list[Token] | None:
    """The reported clause of a cue: its ``ccomp``, or the clause before "…, X said"."""
    comps = [c for c in cue.children if c.dep_ == "ccomp"]
    if comps:
        return [t for c in comps for t in c.subtree]
    if cue.dep_ == "parataxis" and cue.i > cue.head.i:
        own = {t.i for t in cue.subtree}
        return [t for t in cue.sent if t.i < cue.i and t.i not in own]
    if cue.lower_ == "according":
        own = {t.i for t in cue.subtree}
        return [t for t in cue.sent if t.i not in own]
    return None


def _indirect(doc: Doc, chunk: Chunk, cue: Token, quoted: set[int],
              state: _State) -> Attribution | None:
    content = _content_tokens(cue)
    if not content:
        return None
    words = [t for t in content if not t.is_punct]
    while words and words[0].lower_ in {"that", "whether", "if"} and words[0].dep_ == "mark":
        words.pop(0)
    if len(words) < 3 or sum(t.i in quoted for t in words) > len(words) // 2:
        return None  # a fragment, or a direct quote that already carries this cue
    start = chunk.offset + words[0].idx
    end = chunk.offset + max(t.idx + len(t.text) for t in words)
    source, mention, speaker, actor = _speaker_of(cue, chunk, state)
    if mention is not None:
        state.last = (chunk.paragraph, speaker, mention, actor)
    return Attribution("indirect", chunk.paragraph, start, end, True, _cue_chars(cue, chunk),
                       _cue_text(cue), source, mention, speaker)


def find_attributions(chunk: Chunk, doc: Doc, marks: Sequence[MarkedSpan],
                      state: _State) -> list[Attribution]:
    """Every quotation in one parsed chunk, in reading order."""
    inside = [m for m in marks if m.paragraph == chunk.paragraph
              and chunk.offset <= m.start < chunk.offset + len(chunk.text)]
    quoted: set[int] = set()
    for mark in inside:
        span = doc.char_span(mark.start - chunk.offset,
                             min(mark.end - chunk.offset, len(doc.text)), alignment_mode="expand")
        if span is not None:
            quoted.update(range(span.start, span.end))
    cues = [t for t in doc if t.i not in quoted
            and (_is_cue(t, state.opts) or (t.lower_ == "according" and t.i + 1 < len(doc)
                                            and doc[t.i + 1].lower_ == "to"))]
    found: list[tuple[int, Attribution]] = []
    events = sorted([(m.start, 0, m) for m in inside] + [
        (chunk.offset + c.idx, 1, c) for c in cues], key=lambda e: (e[0], e[1]))
    for _, kind, item in events:
        if kind == 0:
            result = _direct(doc, chunk, item, cues, state)  # type: ignore[arg-type]
        elif state.opts.indirect:
            result = _indirect(doc, chunk, item, quoted, state)  # type: ignore[arg-type]
        else:
            result = None
        if result is not None:
            found.append((result.start, result))
    return _fill_from_later([a for _, a in sorted(found, key=lambda f: f[0])])


def _fill_from_later(found: list[Attribution]) -> list[Attribution]:
    """A speech quote with no speaker takes the next attributed speaker of its paragraph
    ("“A.” “B,” she said.")."""
    result = list(found)
    for i, item in enumerate(result):
        if item.is_speech and item.speaker_mention is None:
            later = next((a for a in result[i + 1:] if a.speaker_mention and a.cue), None)
            if later is not None:
                result[i] = replace(item, speaker=later.speaker,
                                    speaker_mention=later.speaker_mention)
    return result


# ---------------------------------------------------------------------------------------------
# the trained tagger (QuoteOptions.model == "hybrid")

CUE_LEMMAS = SPEECH_CUES | BELIEF_CUES


def _load_model(path: Path | None) -> AttributionModel:
    from parallax.attribution_model import load_model

    return load_model(path)


def _token_range(doc: Doc, start: int, end: int) -> range:
    span = doc.char_span(max(0, start), min(end, len(doc.text)), alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


def model_inputs(doc: Doc, chunk: Chunk, marks: Sequence[MarkedSpan],
                 rules: Sequence[Attribution]) -> tuple[list[bool], list[str]]:
    """The tagger's inputs besides the parse: which tokens are between quote marks, and the
    rules' tag of each token ("B-CONd": first token of a direct quote's content, …)."""
    quoted = [False] * len(doc)
    for mark in marks:
        if mark.paragraph == chunk.paragraph:
            for i in _token_range(doc, mark.start - chunk.offset, mark.end - chunk.offset):
                quoted[i] = True
    tags = ["O"] * len(doc)
    for item in rules:
        kind = "n" if not item.is_speech else item.kind[0]
        parts = [("CON" + kind, (item.start, item.end)), ("CUE", item.cue), ("SRC", item.source)]
        for role, where in parts:
            if where is None:
                continue
            tokens = _token_range(doc, where[0] - chunk.offset, where[1] - chunk.offset)
            for i in tokens:
                tags[i] = ("B-" if i == tokens.start else "I-") + role
    return quoted, tags


def _fragment_quotes(text: str, start: int, end: int,
                     marks: Sequence[MarkedSpan]) -> list[tuple[int, int]] | None:
    """The quote-mark spans a tagged content fragment is made of, when nothing but punctuation
    lies outside them; else None (reported speech, perhaps with a partial quote inside)."""
    inside = [m for m in marks if start <= m.start and m.end <= end]
    if not inside:
        return None
    rest = list(text[start:end])
    for mark in inside:
        rest[mark.start - start:mark.end - start] = [" "] * (mark.end - mark.start)
    if any(c.isalnum() for c in rest):
        return None
    return [(m.start, m.end) for m in inside]


def merge_tagged(chunk: Chunk, doc: Doc, marks: Sequence[MarkedSpan],
                 rules: list[Attribution], state: _State, model: AttributionModel,
                 opts: QuoteOptions) -> list[Attribution]:
    """The tagger's relations for one chunk, plus the rules' quotes it does not cover (scare
    quotes among them). A relation's speaker is its source resolved as the rules resolve a
    subject; with no source, the speaker the rules found for the same quote."""
    from parallax.attribution_model import predict

    quoted, tags = model_inputs(doc, chunk, marks, rules)
    relations = predict(model, doc, quoted, tags, CUE_LEMMAS)
    text = doc.text
    own_marks = [replace(m, start=m.start - chunk.offset, end=m.end - chunk.offset)
                 for m in marks if m.paragraph == chunk.paragraph]
    tagged: list[Attribution] = []
    for number, relation in enumerate(relations):
        if not relation.content or relation.cue is None:
            continue
        cue = doc[relation.cue[0]:relation.cue[1]]
        if not opts.belief_cues and cue.root.lemma_.casefold() in BELIEF_CUES - SPEECH_CUES:
            continue
        fragments = [_trim(text, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text))
                     for s, e in relation.content]
        covered = [r for r in rules if any(
            r.start < chunk.offset + e and chunk.offset + s < r.end for s, e in fragments)]
        source, mention, speaker = _tagged_speaker(relation, doc, chunk, state, covered)
        where = (chunk.offset + cue.start_char, chunk.offset + cue.end_char)
        key = (chunk.paragraph, chunk.offset, number)
        for start, end in fragments:
            pieces = _fragment_quotes(text, start, end, own_marks)
            kind: QuoteKind = "direct" if pieces else "indirect"
            raw = (chunk.offset + start, chunk.offset + end)
            for s, e in pieces or [(start, end)]:
                tagged.append(Attribution(
                    kind, chunk.paragraph, chunk.offset + s, chunk.offset + e, True, where,
                    cue.text, source, mention, speaker, kind == "direct", key, raw, "hybrid"))
    kept = [r for r in rules if not any(_replaces(a, r) for a in tagged)]
    return sorted(kept + tagged, key=lambda a: (a.start, a.end))


def _replaces(tagged: Attribution, rule: Attribution) -> bool:
    """A tagged quote replaces the rules' one it overlaps, except that a partial quote or a
    scare quote inside tagged reported speech stays (a quote of its own)."""
    if rule.marked and tagged.kind == "indirect":
        return False
    start, end = tagged.raw or (tagged.start, tagged.end)
    return start < rule.end and rule.start < end


def _tagged_speaker(relation: TokenRelation, doc: Doc, chunk: Chunk, state: _State,
                    covered: Sequence[Attribution]) -> tuple[
                        tuple[int, int] | None, str | None, str | None]:
    if relation.source is None:
        ruled = next((r for r in covered if r.speaker_mention), None)
        if ruled is None:
            return None, None, None
        return ruled.source, ruled.speaker_mention, ruled.speaker
    span = doc[relation.source[0]:relation.source[1]]
    speaker, actor = _resolve(span, chunk, state)
    state.last = (chunk.paragraph, speaker, span.text, actor)
    where = (chunk.offset + span.start_char, chunk.offset + span.end_char)
    return where, span.text, speaker


# ---------------------------------------------------------------------------------------------
# articles


def _to_quote(article_id: str, item: Attribution) -> Quote:
    return Quote(
        id=stable_id(article_id, item.kind, str(item.paragraph), str(item.start), str(item.end)),
        article_id=article_id, kind=item.kind, text="", paragraph=item.paragraph,
        start=item.start, end=item.end, speaker=item.speaker if item.is_speech else None,
        speaker_mention=item.speaker_mention if item.is_speech else None,
        cue=item.cue_text, is_speech=item.is_speech, method=item.method)


def _analyse_parsed(article: Article, parsed: Sequence[tuple[Chunk, Doc]],
                    opts: QuoteOptions, aliases: AliasTable) -> tuple[
                        ArticleAnalysis, list[Attribution]]:
    index = ActorIndex(aliases)
    for chunk, doc in parsed:
        index.add_doc(doc, chunk.paragraph, chunk.offset)
    marks = scan_quote_marks(article.paragraphs)
    hybrid = opts.model == "hybrid"
    # the tagger was trained on the rules' output with belief cues on: give it the same input
    state = _State(index, replace(opts, belief_cues=True) if hybrid else opts)
    model = _load_model(opts.model_path) if hybrid else None
    found: list[Attribution] = []
    for chunk, doc in parsed:
        rules = find_attributions(chunk, doc, marks, state)
        if model is not None:
            rules = merge_tagged(chunk, doc, marks, rules, state, model, opts)
        found.extend(rules)
    found = _share_across_paragraphs(found)
    quotes = tuple(
        replace(q, text=article.paragraphs[q.paragraph][q.start:q.end])
        for q in (_to_quote(article.id, a) for a in found)
    )
    return ArticleAnalysis(article.id, index.entities(), quotes), found


def _share_across_paragraphs(found: list[Attribution]) -> list[Attribution]:
    """A quote that runs over several paragraphs has one speaker, often named only at its end."""
    result = list(found)
    marked = [i for i, a in enumerate(result) if a.marked and a.is_speech]
    chains: list[list[int]] = []
    for i in marked:
        item = result[i]
        if chains and _continues(result[chains[-1][-1]], item):
            chains[-1].append(i)
        else:
            chains.append([i])
    for chain in chains:
        named = next((result[i] for i in chain if result[i].cue and result[i].speaker_mention),
                     None)
        if named is None:
            continue
        for i in chain:
            if result[i].cue is None:
                result[i] = replace(result[i], speaker=named.speaker,
                                    speaker_mention=named.speaker_mention)
    return result


def _continues(before: Attribution, after: Attribution) -> bool:
    return after.paragraph == before.paragraph + 1 and after.start <= 2 and before.cue is None


def _language_problem(article: Article) -> str | None:
    language = (article.language or "").split("-")[0].casefold()
    return None if language in {"en", ""} else f"language {language}: skipped"


def analyze_articles(articles: Sequence[Article], nlp: Language, *,
                     opts: QuoteOptions) -> Iterator[ArticleAnalysis | Rejected]:
    """Actors and quotes of many articles, parsed in one ``nlp.pipe`` stream; an article that is
    not English, or that fails, becomes a :class:`Rejected` and the batch goes on."""
    aliases = load_aliases(opts.alias_files)
    accepted: list[Article] = []
    for article in articles:
        problem = _language_problem(article)
        if problem:
            yield Rejected(article.source, STAGE, problem)
        else:
            accepted.append(article)
    chunks = [(n, c) for n, a in enumerate(accepted)
              for c in paragraph_chunks(a.paragraphs, opts.max_paragraph_chars)]
    per_article: dict[int, list[tuple[Chunk, Doc]]] = defaultdict(list)
    stream = parse_chunks(nlp, (c for _, c in chunks), opts.batch_size)
    owners = iter(chunks)
    done = 0
    for chunk, doc in stream:
        number, _ = next(owners)
        per_article[number].append((chunk, doc))
        while done < number:  # every chunk of earlier articles has arrived
            yield _safe(accepted[done], per_article.pop(done, []), opts, aliases)
            done += 1
    while done < len(accepted):
        yield _safe(accepted[done], per_article.pop(done, []), opts, aliases)
        done += 1


def _safe(article: Article, parsed: list[tuple[Chunk, Doc]], opts: QuoteOptions,
          aliases: AliasTable) -> ArticleAnalysis | Rejected:
    try:
        return _analyse_parsed(article, parsed, opts, aliases)[0]
    except Exception as exc:  # one bad article must not stop the batch
        log.exception("quotes failed on %s", article.source)
        return Rejected(article.source, STAGE, f"quote analysis failed: {exc}")


def analyze_article(article: Article, nlp: Language, *, opts: QuoteOptions) -> ArticleAnalysis:
    """Actors and quotes of one article; a non-English article raises ``ValueError``."""
    problem = _language_problem(article)
    if problem:
        raise ValueError(f"{article.source}: {problem}")
    parsed = list(parse_chunks(nlp, paragraph_chunks(article.paragraphs,
                                                     opts.max_paragraph_chars),
                               opts.batch_size))
    return _analyse_parsed(article, parsed, opts, load_aliases(opts.alias_files))[0]


def analyze_attributions(article: Article, nlp: Language, *,
                         opts: QuoteOptions) -> list[Attribution]:
    """The full spans (content, cue, source) behind an article's quotes: for benchmarks."""
    parsed = list(parse_chunks(nlp, paragraph_chunks(article.paragraphs,
                                                     opts.max_paragraph_chars),
                               opts.batch_size))
    return attributions_of_parsed(article, parsed, opts=opts)


def attributions_of_parsed(article: Article, parsed: Sequence[tuple[Chunk, Doc]], *,
                           opts: QuoteOptions) -> list[Attribution]:
    """:func:`analyze_attributions` on chunks parsed already (``nlp.parse_chunks``), so that a
    benchmark can compare options on one parse."""
    return _analyse_parsed(article, parsed, opts, load_aliases(opts.alias_files))[1]


# ---------------------------------------------------------------------------------------------
# the same quote across articles and outlets


@dataclass(frozen=True)
class QuoteGroup:
    """One quotation as carried by several articles: the longest cut is canonical."""

    id: str
    canonical: Quote
    members: tuple[tuple[Quote, str], ...]
    """(quote with ``group_id`` set, outlet), in input order."""

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(outlet for _, outlet in self.members))


MIN_GROUP_WORDS = 3
_SHINGLE = 3
_COMMON_SHINGLE = 500


def _contains(longer: list[str], shorter: list[str]) -> bool:
    return f" {' '.join(shorter)} " in f" {' '.join(longer)} "


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + _SHINGLE]) for i in range(max(1, len(words) - _SHINGLE + 1))}


def group_quotes(quotes: Sequence[tuple[Quote, str]]) -> list[QuoteGroup]:
    """Group the same speech quote across articles: one cut contained in another (word-exact,
    case and punctuation folded) or sharing ≥ 60 % of the shorter cut's word 3-grams. Quotes of
    fewer than three words and non-speech quotes stay out. Groups are largest first."""
    words = [normalise_words(q.text) for q, _ in quotes]
    eligible = [i for i, (q, _) in enumerate(quotes)
                if q.is_speech and len(words[i]) >= MIN_GROUP_WORDS]
    shingles = {i: _shingles(words[i]) for i in eligible}
    postings: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i in eligible:
        for shingle in shingles[i]:
            postings[shingle].append(i)
    parent = {i: i for i in eligible}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for members in postings.values():
        if len(members) > _COMMON_SHINGLE:
            continue
        for a_pos, a in enumerate(members):
            for b in members[a_pos + 1:]:
                if root(a) != root(b) and _same_quote(words[a], words[b], shingles[a],
                                                      shingles[b]):
                    parent[root(a)] = root(b)
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in eligible:
        clusters[root(i)].append(i)
    groups = [_make_group([quotes[i] for i in members], [words[i] for i in members])
              for members in clusters.values()]
    return sorted(groups, key=lambda g: (-len(g.members), g.id))


def _same_quote(a: list[str], b: list[str], sa: set[tuple[str, ...]],
                sb: set[tuple[str, ...]]) -> bool:
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if _contains(longer, shorter):
        return True
    small = min(len(sa), len(sb))
    return small > 1 and len(sa & sb) >= 0.6 * small


def _make_group(members: list[tuple[Quote, str]], words: list[list[str]]) -> QuoteGroup:
    best = max(range(len(members)), key=lambda i: (len(words[i]), -i))
    group_id = stable_id("quote-group", " ".join(words[best]))
    tagged = tuple((replace(q, group_id=group_id), outlet) for q, outlet in members)
    return QuoteGroup(group_id, tagged[best][0], tagged)
