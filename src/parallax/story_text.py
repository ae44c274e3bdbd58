"""The words, names and day of an article, as the stories stage compares them.

Kept apart from ``stories.py`` so that the features are one small, testable thing: the fitting
script, the batch mode and the online index all read articles through these three functions.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from datetime import date

from parallax.models import Article

_WORD = re.compile(r"[^\W\d_][\w'’\-]+|\d+[.,]\d+(?:[.,]\d+)*|\d\d+")
_CAPITAL = re.compile(
    r"(?P<open>^|[.!?][\"'”’)\]]*\s+|[\"“‘(])?(?<![\w'’.\-])(?P<word>[A-Z][\w'’\-]*)", re.M
)
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
_ABBREVIATION = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Maj|Col|Lt|Capt|Sgt|St|Sen|Rep|Gov|Prof)|"
                           r"\b[A-Z])\.\s+$")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@functools.cache
def _stop_words() -> frozenset[str]:
    """scikit-learn's English stop words (the list the clustering weights were fitted with),
    imported on first use so that importing parallax stays light."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS)


def word_terms(article: Article) -> Counter[str]:
    """Lower-cased words and numbers of the whole article, English stop words left out."""
    text = "\n".join([article.headline, article.standfirst or "", *article.paragraphs])
    terms = Counter(_WORD.findall(text.casefold()))
    for stop in terms.keys() & _stop_words():
        del terms[stop]
    return terms


def name_terms(article: Article) -> set[str]:
    """Who, where and how many: capitalised words not opening a sentence, and numbers.

    A cheap stand-in for named entities (the entities stage can pass real actor sets instead):
    "Tessel", "Varyonov", "6.1", "2024". A title-case headline is skipped (every word is
    capitalised there); a word after "Mr." or "Gen." still counts.
    """
    names: set[str] = set()
    texts = [*article.paragraphs, article.standfirst or ""]
    if not _title_case(article.headline):
        texts.append(article.headline)
    for text in texts:
        names.update(_NUMBER.findall(text))
        for match in _CAPITAL.finditer(text):
            if match["open"] is not None and not (
                match["open"].strip() == "" and match.start() > 0
                and _ABBREVIATION.search(text, max(0, match.start() - 8), match.start("word"))
            ):
                continue
            word = match["word"].casefold()
            if word not in _stop_words():
                names.add(word)
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
