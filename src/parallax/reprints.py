"""Wire reprints: the same agency item carried by several outlets, found by MinHash LSH.

Two articles are copies when the Jaccard similarity of their word 5-shingle sets reaches the
threshold (0.5 by default: carriers trim, retitle and add a paragraph, yet keep most of the text;
on ECB+ every pair at 0.3 or more is a syndicated copy of the same event). LSH proposes the
candidate pairs without comparing all pairs; each is then checked on the exact shingle sets.
A group names its original — the article whose outlet is the agency named in the group's
datelines, else the earliest — and every carrier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from parallax.models import Article, normalise_for_id

_WORD = re.compile(r"\w+")
SHINGLE = 5
NUM_PERM = 128


@dataclass(frozen=True)
class ReprintGroup:
    """One wire item and the articles that carry it (the original among them)."""

    original_id: str
    article_ids: tuple[str, ...]
    """Every copy, the original first."""
    outlets: tuple[str, ...]
    similarity: float
    """The lowest verified Jaccard similarity that joined the group."""

    @property
    def carrier_ids(self) -> tuple[str, ...]:
        return self.article_ids[1:]


def shingles(article: Article, *, size: int = SHINGLE) -> set[str]:
    """Word ``size``-grams of the body (the headline too when the body is short)."""
    words = _WORD.findall(normalise_for_id(" ".join(article.paragraphs)))
    if len(words) < 4 * size:
        words = _WORD.findall(normalise_for_id(article.headline)) + words
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def find_reprints(articles: Sequence[Article], *, threshold: float = 0.5) -> list[ReprintGroup]:
    """Groups of two or more articles that are copies of one item, in input order."""
    from datasketch import MinHash, MinHashLSH

    sets = [shingles(a) for a in articles]
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes = MinHash.bulk([[s.encode("utf-8") for s in shingle_set] for shingle_set in sets],
                          num_perm=NUM_PERM)
    parent = list(range(len(articles)))
    lowest: dict[int, float] = {}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, minhash in enumerate(hashes):
        if not sets[i]:
            continue
        for key in lsh.query(minhash):
            j = int(key)
            similarity = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
            if similarity >= threshold and root(i) != root(j):
                a, b = root(i), root(j)
                parent[max(a, b)] = min(a, b)
                lowest[min(a, b)] = min(similarity, lowest.get(a, 1.0), lowest.get(b, 1.0))
        lsh.insert(str(i), minhash)

    members: dict[int, list[int]] = {}
    for i in range(len(articles)):
        members.setdefault(root(i), []).append(i)
    groups = []
    for top, rows in members.items():
        if len(rows) < 2:
            continue
        group = [articles[i] for i in rows]
        original = _original(group)
        ordered = [original, *(a for a in group if a is not original)]
        groups.append(ReprintGroup(
            original_id=original.id,
            article_ids=tuple(a.id for a in ordered),
            outlets=tuple(dict.fromkeys(a.outlet for a in ordered if a.outlet)),
            similarity=round(lowest.get(top, 1.0), 4),
        ))
    return groups


def _original(group: Sequence[Article]) -> Article:
    """The wire's own copy when one outlet is the agency the datelines name, else the earliest."""
    agencies = {normalise_for_id(a.dateline.agency) for a in group
                if a.dateline is not None and a.dateline.agency}
    for article in group:
        if article.outlet and normalise_for_id(article.outlet) in agencies:
            return article
    dated = [a for a in group if a.published]
    return min(dated, key=lambda a: a.published or "") if dated else group[0]
