"""The words, names and day of an article, as the stories stage compares them.

Kept apart from ``stories.py`` so that the features are one small, testable thing: the fitting
script, the batch mode and the online index all read articles through these three functions.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from parallax.models import Article

_WORD = re.compile(r"[^\W\d_][\w'’\-]*|\d+(?:[.,]\d+)*")
_TOKEN = re.compile(r"\S+")
_EDGE = "\"'“”‘’()[]{}«»,;:!?."
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$|^[\"“‘]")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def word_terms(article: Article) -> Counter[str]:
    """Lower-cased words and numbers of the whole article, English stop words left out."""
    text = "\n".join([article.headline, article.standfirst or "", *article.paragraphs])
    return Counter(
        w for w in (m.group().casefold() for m in _WORD.finditer(text))
        if w not in ENGLISH_STOP_WORDS and len(w) > 1
    )


def name_terms(article: Article) -> set[str]:
    """Who, where and how many: capitalised words not opening a sentence, and numbers.

    A cheap stand-in for named entities (the entities stage can pass real actor sets instead):
    "Tessel", "Varyonov", "6.1", "2024". A title-case headline is skipped (every word is
    capitalised there).
    """
    names: set[str] = set()
    texts = [*article.paragraphs, article.standfirst or ""]
    if not _title_case(article.headline):
        texts.append(article.headline)
    for text in texts:
        previous = ""
        for index, match in enumerate(_TOKEN.finditer(text)):
            raw = match.group()
            word = raw.strip(_EDGE)
            opens_sentence = index == 0 or bool(_SENTENCE_END.search(previous)) or raw[0] in "\"“‘"
            previous = raw
            if not word:
                continue
            if _NUMBER.fullmatch(word):
                names.add(word)
            elif (word[0].isupper() and not opens_sentence
                  and word.casefold() not in ENGLISH_STOP_WORDS):
                names.add(word.casefold())
    return names


def _title_case(headline: str) -> bool:
    words = [w for w in headline.split() if w[:1].isalpha() and len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) / len(words) > 0.6


def parse_day(published: str | None) -> int | None:
    """The proleptic ordinal day of an ISO date or datetime, None when absent or unreadable."""
    if not published:
        return None
    match = _DATE.match(published.strip())
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).toordinal()
    except ValueError:
        return None
