"""Stories: articles from any outlets that report the same event, grouped incrementally.

How two articles (or an article and a story) are compared — one linear score, its weights and
thresholds fitted on ECB+ train/dev by ``benchmarks/fit_story_params.py`` and packaged in
``data/story_params.json``::

    score = w_embedding · cos(MiniLM lead vectors)          meaning
          + w_wording   · cos(log-tf·idf word vectors)      wording (whole text, stop words out)
          + w_actors    · cos(idf-weighted actor sets)      who and where (names, numbers)

An article joins the story with the best *average-link* score (its mean score to the story's
members) when that score reaches ``join_threshold``, else it starts a new story. Average link is
computed exactly from per-story sums of member vectors, so the cost per article is one dot
product per candidate story. Time is a hard gate: only stories with an article within
``window_days`` of the new one are candidates (articles without a date meet every story), so at
scale an article meets the few thousand stories of its time window, never the whole index.
Within that window the embedding part picks the ``candidates`` best stories and the full score
decides among them.

A story's id is ``stable_id("story", id of its first article)``: it never changes when later
articles join, and the same articles in the same order give the same ids however they are split
into batches. ``merge_pass`` repairs splits (two stories that turned out to be one); the older
story survives and keeps its id.

Wire reprints (one agency item carried by several outlets) are found apart, by MinHash LSH over
word 5-shingles: :func:`find_reprints`.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from itertools import repeat
from typing import Any

import numpy as np

from parallax.errors import ConfigError
from parallax.models import Article, Story, stable_id
from parallax.reprints import ReprintGroup, find_reprints
from parallax.story_text import name_terms, parse_day, word_terms

__all__ = [
    "ReprintGroup",
    "StoryIndex",
    "StoryOptions",
    "agglomerate",
    "cluster_batch",
    "find_reprints",
    "load_fitted_params",
    "pairwise_scores",
]

_CHUNK = 1024
"""Articles scored against the window's stories with one matrix product."""


def load_fitted_params() -> dict[str, Any]:
    """The packaged parameters written by ``benchmarks/fit_story_params.py``."""
    text = resources.files("parallax").joinpath("data/story_params.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


_FITTED = load_fitted_params()


@dataclass(frozen=True)
class StoryOptions:
    """How articles are grouped into stories (defaults: fitted on ECB+ train/dev)."""

    w_embedding: float = float(_FITTED["w_embedding"])
    w_wording: float = float(_FITTED["w_wording"])
    w_actors: float = float(_FITTED["w_actors"])
    join_threshold: float = float(_FITTED["join_threshold"])
    """Online: an article joins its best story when the average-link score reaches this."""
    batch_threshold: float = float(_FITTED["batch_threshold"])
    """Batch: average-link agglomeration stops below this score."""
    merge_threshold: float = float(_FITTED["merge_threshold"])
    """merge_pass: two stories whose average-link score reaches this become one."""
    window_days: int = 1
    """An article joins only a story that has an article within this many days of it, so a
    story lives on while it is covered day after day. A design choice (ECB+ has no timestamps,
    so it could not be fitted): in one conflict every event names the same countries and
    people, so a wider window chains different events of the same week into one story (the
    demo corpus: 3 days merged the Brenna shelling, the fall of Ostrik and the envoy's visit)."""
    candidates: int = 8
    """Stories of the window kept by the embedding score before the full score decides."""

    def __post_init__(self) -> None:
        if min(self.w_embedding, self.w_wording, self.w_actors) < 0:
            raise ConfigError("stories: weights must be >= 0")
        if self.window_days < 0 or self.candidates < 1:
            raise ConfigError("stories: window_days must be >= 0 and candidates >= 1")


# ---------------------------------------------------------------------------------------------
# Sparse idf-weighted vectors (dicts) with document frequencies counted as articles arrive.


class _Idf:
    """Document frequencies over the articles seen so far; idf as scikit-learn's smooth idf."""

    def __init__(self) -> None:
        self.df: Counter[str] = Counter()
        self.docs = 0

    def observe(self, terms: Iterable[str]) -> None:
        self.docs += 1
        self.df.update(terms)

    def vector(self, weights: Mapping[str, float]) -> dict[str, float]:
        """``weights`` (tf) times idf, L2-normalised."""
        n = self.docs
        out = {t: w * (math.log((1 + n) / (1 + self.df[t])) + 1.0) for t, w in weights.items()}
        norm = math.sqrt(sum(v * v for v in out.values()))
        return {t: v / norm for t, v in out.items()} if norm > 0 else {}


def _dot(small: dict[str, float], large: dict[str, float]) -> float:
    if len(small) > len(large):
        small, large = large, small
    # map() over dict.get runs in C: several times faster than a generator on long stories.
    found = list(map(large.get, small, repeat(0.0)))
    return float(np.dot(np.fromiter(small.values(), np.float64, len(small)),
                        np.array(found, dtype=np.float64))) if small else 0.0


def _add_into(total: dict[str, float], vector: Mapping[str, float]) -> None:
    for t, v in vector.items():
        total[t] = total.get(t, 0.0) + v


def _tf(terms: Counter[str]) -> dict[str, float]:
    return {t: 1.0 + math.log(c) for t, c in terms.items()}


def _unit_rows(embeddings: np.ndarray, n: int) -> np.ndarray:
    matrix = np.asarray(embeddings, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape[0] != n:
        raise ValueError(f"stories: expected {n} embedding rows, got shape {matrix.shape}")
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit: np.ndarray = np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)
    return unit


def _actor_terms(article: Article, actors: Mapping[str, set[str]] | None) -> set[str]:
    given = actors.get(article.id) if actors is not None else None
    if given:
        return {a.casefold() for a in given}
    return name_terms(article)


# ---------------------------------------------------------------------------------------------
# Online index


@dataclass(slots=True)
class _StoryState:
    id: str
    members: list[int]
    words: dict[str, float] = field(default_factory=dict)
    names: dict[str, float] = field(default_factory=dict)
    first_day: int | None = None
    last_day: int | None = None
    alive: bool = True


_NO_DAY = -(10**9)


class StoryIndex:
    """Online story state: add articles as they come; rebuild with :meth:`restore`."""

    def __init__(self, options: StoryOptions | None = None, *, dimensions: int = 384) -> None:
        self.options = options or StoryOptions()
        self._dims = dimensions
        self._emb = np.zeros((1024, dimensions), dtype=np.float32)
        self._sums = np.zeros((256, dimensions), dtype=np.float32)
        self._first = np.full(256, _NO_DAY, dtype=np.int64)
        self._last = np.full(256, _NO_DAY, dtype=np.int64)
        self._size = np.zeros(256, dtype=np.int64)
        self._ids: list[str] = []
        self._row: dict[str, int] = {}
        self._day: list[int | None] = []
        self._story_of: list[int] = []
        self._stories: list[_StoryState] = []
        self._by_id: dict[str, int] = {}
        self._by_day: dict[int, list[int]] = {}
        self._undated: list[int] = []
        self._words = _Idf()
        self._names = _Idf()
        self._clock: int | None = None

    def __len__(self) -> int:
        return len(self._ids)

    # -- public ------------------------------------------------------------------------------

    def add(
        self,
        articles: Sequence[Article],
        embeddings: np.ndarray,
        actors: Mapping[str, set[str]] | None = None,
    ) -> list[str]:
        """Assign each article to an existing story or a new one; return the story ids.

        An article already in the index keeps its story. ``embeddings`` are the rows of
        :func:`parallax.embed.embed_articles`; ``actors`` maps article ids to actor names (from
        the entities stage) and replaces the capitalised-token fallback for those articles.
        """
        vectors = _unit_rows(embeddings, len(articles))
        self._check_dimensions(vectors.shape[1])
        result: list[str] = []
        for start in range(0, len(articles), _CHUNK):
            chunk = articles[start : start + _CHUNK]
            result.extend(self._add_chunk(chunk, vectors[start : start + _CHUNK], actors))
        return result

    def _check_dimensions(self, dims: int) -> None:
        if dims == self._dims:
            return
        if self._ids:
            raise ValueError(f"stories: embeddings have {dims} dimensions, the index {self._dims}")
        self._dims = dims
        self._emb = np.zeros((len(self._emb), dims), dtype=np.float32)
        self._sums = np.zeros((len(self._sums), dims), dtype=np.float32)

    def story_of(self, article_id: str) -> str | None:
        row = self._row.get(article_id)
        return None if row is None else self._stories[self._story_of[row]].id

    def merge_pass(self) -> dict[str, str]:
        """Merge stories that are one event (average link ≥ merge_threshold); old id → survivor.

        Greedy rounds: each round every story takes part in at most one merge, best pairs
        first, then the scores are recomputed; the older story survives and keeps its id.
        """
        mapping: dict[str, str] = {}
        for _round in range(20):
            pairs = self._merge_candidates()
            used: set[int] = set()
            merged = 0
            for _score, a, b in pairs:
                if a in used or b in used:
                    continue
                keep, gone = (a, b) if a < b else (b, a)
                self._absorb(keep, gone)
                used.update((a, b))
                mapping[self._stories[gone].id] = self._stories[keep].id
                merged += 1
            if not merged:
                break
        # A story merged twice points at the final survivor.
        for old, new in mapping.items():
            while new in mapping:
                new = mapping[new]
            mapping[old] = new
        return mapping

    def stories(self, articles_by_id: Mapping[str, Article]) -> list[Story]:
        """The Story records, biggest first; title = the headline closest to the centroid."""
        out = [self._story_record(s, i, articles_by_id) for i, s in enumerate(self._stories)
               if s.alive]
        out.sort(key=lambda s: (-len(s.article_ids), s.first_published or "", s.id))
        return out

    @classmethod
    def restore(
        cls,
        articles: Sequence[Article],
        embeddings: np.ndarray,
        story_ids: Sequence[str],
        actors: Mapping[str, set[str]] | None = None,
        options: StoryOptions | None = None,
    ) -> StoryIndex:
        """Rebuild the state from stored rows (article, embedding, story id), in arrival order."""
        if len(story_ids) != len(articles):
            raise ValueError("stories: restore needs one story id per article")
        vectors = _unit_rows(embeddings, len(articles))
        index = cls(options, dimensions=vectors.shape[1])
        for i, article in enumerate(articles):
            if article.id in index._row:
                continue
            words, names, day = index._featurise(article, actors)
            s = index._by_id.get(story_ids[i])
            if s is None:
                s = index._new_story(story_ids[i])
            index._attach(s, article.id, vectors[i], words, names, day)
        return index

    # -- adding ------------------------------------------------------------------------------

    def _featurise(
        self, article: Article, actors: Mapping[str, set[str]] | None
    ) -> tuple[dict[str, float], dict[str, float], int | None]:
        terms = word_terms(article)
        self._words.observe(terms.keys())
        names = _actor_terms(article, actors)
        self._names.observe(names)
        day = parse_day(article.published)
        return (self._words.vector(_tf(terms)), self._names.vector(dict.fromkeys(names, 1.0)),
                day)

    def _add_chunk(
        self,
        chunk: Sequence[Article],
        vectors: np.ndarray,
        actors: Mapping[str, set[str]] | None,
    ) -> list[str]:
        opts = self.options
        days = [parse_day(a.published) for a in chunk]
        candidates = self._window_stories(days)
        base = vectors @ self._sums[candidates].T if len(candidates) else None
        gram = vectors @ vectors.T
        # Columns: the window's stories, then the stories created inside this chunk.
        columns = np.empty(len(candidates) + len(chunk), dtype=np.int64)
        columns[: len(candidates)] = candidates
        ncols = len(candidates)
        column_of: dict[int, int] = {s: c for c, s in enumerate(candidates)}
        joined = np.full(len(chunk), -1, dtype=np.int64)
        out: list[str] = []
        for i, article in enumerate(chunk):
            known = self._row.get(article.id)
            if known is not None:
                out.append(self._stories[self._story_of[known]].id)
                continue
            words, names, day = self._featurise(article, actors)
            best = self._best_story(
                i, day, columns[:ncols], base, gram, joined, words, names, opts
            )
            if best is None:
                best = self._new_story(stable_id("story", article.id))
                column_of[best] = ncols
                columns[ncols] = best
                ncols += 1
            self._attach(best, article.id, vectors[i], words, names, day)
            joined[i] = column_of[best]
            out.append(self._stories[best].id)
        return out

    def _best_story(
        self,
        i: int,
        day: int | None,
        cols: np.ndarray,
        base: np.ndarray | None,
        gram: np.ndarray,
        joined: np.ndarray,
        words: dict[str, float],
        names: dict[str, float],
        opts: StoryOptions,
    ) -> int | None:
        ncols = len(cols)
        if not ncols:
            return None
        emb_sum = np.zeros(ncols, dtype=np.float64)
        if base is not None:
            emb_sum[: base.shape[1]] = base[i]
        earlier = joined[:i]
        mask = earlier >= 0
        if mask.any():
            # Members that joined during this chunk are not yet in ``base``.
            emb_sum += np.bincount(earlier[mask], weights=gram[i, :i][mask], minlength=ncols)
        sizes = self._size[cols].astype(np.float64)  # 0 once merged away
        emb_avg = np.where(sizes > 0, emb_sum / np.maximum(sizes, 1), -np.inf)
        if day is not None:
            first, last = self._first[cols], self._last[cols]
            dated = first != _NO_DAY
            near = (first - opts.window_days <= day) & (day <= last + opts.window_days)
            emb_avg = np.where(~dated | near, emb_avg, -np.inf)
        k = min(opts.candidates, ncols)
        top = np.argpartition(-emb_avg, k - 1)[:k] if k < ncols else np.arange(ncols)
        best, best_score = None, -np.inf
        for c in top:
            if not np.isfinite(emb_avg[c]):
                continue
            story = self._stories[int(cols[c])]
            n = len(story.members)
            score = (opts.w_embedding * emb_avg[c] + opts.w_wording * _dot(words, story.words) / n
                     + opts.w_actors * _dot(names, story.names) / n)
            if score > best_score:
                best, best_score = int(cols[c]), score
        return best if best_score >= opts.join_threshold else None

    def _window_stories(self, days: Sequence[int | None]) -> list[int]:
        """Stories touching the chunk's time window (all stories when a date is unknown)."""
        dated = [d for d in days if d is not None]
        if len(dated) < len(days) or not dated:
            if self._clock is None or not self._by_day:
                return [i for i, s in enumerate(self._stories) if s.alive]
            dated = [*dated, self._clock]
        w = self.options.window_days
        lo, hi = min(dated) - w, max(dated) + w
        found: set[int] = set(self._undated)
        if hi - lo < len(self._by_day):
            for d in range(lo, hi + 1):
                found.update(self._by_day.get(d, ()))
        else:
            for d, stories in self._by_day.items():
                if lo <= d <= hi:
                    found.update(stories)
        return sorted(s for s in found if self._stories[s].alive)

    def _new_story(self, story_id: str) -> int:
        s = len(self._stories)
        if story_id in self._by_id:  # first article re-added after a merge: keep ids unique
            story_id = stable_id("story", story_id, str(s))
        self._stories.append(_StoryState(story_id, []))
        self._by_id[story_id] = s
        if s >= len(self._sums):
            grow = len(self._sums)
            self._sums = np.vstack([self._sums, np.zeros((grow, self._dims), np.float32)])
            self._first = np.concatenate([self._first, np.full(grow, _NO_DAY, np.int64)])
            self._last = np.concatenate([self._last, np.full(grow, _NO_DAY, np.int64)])
            self._size = np.concatenate([self._size, np.zeros(grow, np.int64)])
        return s

    def _attach(
        self,
        s: int,
        article_id: str,
        vector: np.ndarray,
        words: dict[str, float],
        names: dict[str, float],
        day: int | None,
    ) -> None:
        row = len(self._ids)
        if row >= len(self._emb):
            self._emb = np.vstack([self._emb, np.zeros_like(self._emb)])
        self._emb[row] = vector
        self._ids.append(article_id)
        self._row[article_id] = row
        self._day.append(day)
        self._story_of.append(s)
        story = self._stories[s]
        story.members.append(row)
        self._size[s] += 1
        _add_into(story.words, words)
        _add_into(story.names, names)
        self._sums[s] += vector
        if day is None:
            if s not in self._undated:
                self._undated.append(s)
            return
        self._clock = day if self._clock is None else max(self._clock, day)
        if story.first_day is None or day < story.first_day:
            story.first_day = day
            self._first[s] = day
        if story.last_day is None or day > story.last_day:
            story.last_day = day
            self._last[s] = day
        bucket = self._by_day.setdefault(day, [])
        if not bucket or bucket[-1] != s:
            bucket.append(s)

    # -- merging -----------------------------------------------------------------------------

    def _pair_score(self, a: int, b: int) -> float:
        sa, sb = self._stories[a], self._stories[b]
        n = len(sa.members) * len(sb.members)
        opts = self.options
        emb = float(self._sums[a] @ self._sums[b])
        return (opts.w_embedding * emb + opts.w_wording * _dot(sa.words, sb.words)
                + opts.w_actors * _dot(sa.names, sb.names)) / n

    def _merge_candidates(self) -> list[tuple[float, int, int]]:
        """Story pairs within the time window scoring ≥ merge_threshold, best first."""
        opts = self.options
        alive = np.array([i for i, s in enumerate(self._stories) if s.alive], dtype=np.int64)
        if len(alive) < 2:
            return []
        sizes = np.array([len(self._stories[i].members) for i in alive], dtype=np.float64)
        centroids = self._sums[alive] / sizes[:, None]
        first, last = self._first[alive], self._last[alive]
        order = np.argsort(np.where(first == _NO_DAY, _NO_DAY, first), kind="stable")
        pairs: list[tuple[float, int, int]] = []
        k = min(opts.candidates, len(alive) - 1)
        block = 512
        for start in range(0, len(order), block):
            rows = order[start : start + block]
            lo = first[rows]
            hi = last[rows]
            undated = (lo == _NO_DAY).any()
            lo_day = lo[lo != _NO_DAY].min() if (lo != _NO_DAY).any() else 0
            hi_day = hi[hi != _NO_DAY].max() if (hi != _NO_DAY).any() else 0
            window = np.nonzero(
                undated | (first == _NO_DAY)
                | ((first <= hi_day + opts.window_days) & (last >= lo_day - opts.window_days))
            )[0]
            sims = centroids[rows] @ centroids[window].T
            for r, row in enumerate(rows):
                near = (first[row] == _NO_DAY) | (first[window] == _NO_DAY) | (
                    (first[window] <= last[row] + opts.window_days)
                    & (last[window] >= first[row] - opts.window_days)
                )
                sim = np.where(near & (window != row), sims[r], -np.inf)
                kk = min(k, len(window))
                top = np.argpartition(-sim, kk - 1)[:kk] if kk < len(window) else range(kk)
                for c in top:
                    other = int(window[int(c)])
                    if not np.isfinite(sim[c]) or other <= row:
                        continue
                    a, b = int(alive[row]), int(alive[other])
                    score = self._pair_score(a, b)
                    if score >= opts.merge_threshold:
                        pairs.append((score, a, b))
        pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
        return pairs

    def _absorb(self, keep: int, gone: int) -> None:
        target, source = self._stories[keep], self._stories[gone]
        for row in source.members:
            self._story_of[row] = keep
        target.members.extend(source.members)
        _add_into(target.words, source.words)
        _add_into(target.names, source.names)
        self._sums[keep] += self._sums[gone]
        self._size[keep] += self._size[gone]
        self._size[gone] = 0
        days = [d for d in (target.first_day, source.first_day) if d is not None]
        if days:
            target.first_day = min(days)
            target.last_day = max(d for d in (target.last_day, source.last_day) if d is not None)
            self._first[keep], self._last[keep] = target.first_day, target.last_day
            for d in range(source.first_day or 0, (source.last_day or -1) + 1):
                if gone in self._by_day.get(d, ()):
                    self._by_day[d].append(keep)
        if gone in self._undated and keep not in self._undated:
            self._undated.append(keep)
        source.members = []
        source.alive = False

    # -- records -----------------------------------------------------------------------------

    def _story_record(
        self, story: _StoryState, s: int, articles_by_id: Mapping[str, Article]
    ) -> Story:
        rows = story.members
        closeness = self._emb[rows] @ self._sums[s]
        ids = [self._ids[r] for r in rows]
        known = [articles_by_id[i] for i in ids if i in articles_by_id]
        title = ""
        for r in np.argsort(-closeness, kind="stable"):
            article = articles_by_id.get(ids[int(r)])
            if article is not None and article.headline:
                title = article.headline
                break
        dates = sorted(a.published[:10] for a in known if a.published)
        position = {article_id: i for i, article_id in enumerate(ids)}
        ordered = sorted(known, key=lambda a: (a.published or "9999", position[a.id]))
        outlets = list(dict.fromkeys(a.outlet for a in ordered if a.outlet))
        return Story(
            id=story.id,
            title=title,
            article_ids=tuple(a.id for a in ordered) + tuple(i for i in ids
                                                              if i not in articles_by_id),
            outlets=tuple(outlets),
            first_published=dates[0] if dates else None,
            last_published=dates[-1] if dates else None,
        )


# ---------------------------------------------------------------------------------------------
# Batch mode


def pairwise_scores(
    articles: Sequence[Article],
    embeddings: np.ndarray,
    actors: Mapping[str, set[str]] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The three similarity matrices (meaning, wording, actors), idf over ``articles``."""
    vectors = _unit_rows(embeddings, len(articles))
    words, names = _Idf(), _Idf()
    raw_words = [word_terms(a) for a in articles]
    raw_names = [_actor_terms(a, actors) for a in articles]
    for w, n in zip(raw_words, raw_names, strict=True):
        words.observe(w.keys())
        names.observe(n)
    return (
        (vectors @ vectors.T).astype(np.float64),
        _gram([words.vector(_tf(w)) for w in raw_words]),
        _gram([names.vector(dict.fromkeys(n, 1.0)) for n in raw_names]),
    )


def _gram(vectors: Sequence[Mapping[str, float]]) -> np.ndarray:
    from scipy.sparse import csr_matrix

    vocab: dict[str, int] = {}
    indptr, indices, data = [0], [], []
    for vector in vectors:
        for term, value in vector.items():
            indices.append(vocab.setdefault(term, len(vocab)))
            data.append(value)
        indptr.append(len(indices))
    matrix = csr_matrix((data, indices, indptr), shape=(len(vectors), max(1, len(vocab))))
    return np.asarray((matrix @ matrix.T).toarray(), dtype=np.float64)


def agglomerate(score: np.ndarray, threshold: float) -> np.ndarray:
    """Average-link clusters of a symmetric score matrix, cut where the link falls below."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - score, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform((distance + distance.T) / 2, checks=False), method="average")
    labels: np.ndarray = fcluster(tree, t=1.0 - threshold, criterion="distance")
    return labels


def cluster_batch(
    articles: Sequence[Article],
    embeddings: np.ndarray,
    actors: Mapping[str, set[str]] | None = None,
    options: StoryOptions | None = None,
) -> list[str]:
    """Average-link clustering of a whole batch (O(n²) memory: for up to ~20k articles)."""
    opts = options or StoryOptions()
    n = len(articles)
    if n == 0:
        return []
    if n == 1:
        return [stable_id("story", articles[0].id)]
    emb, words, names = pairwise_scores(articles, embeddings, actors)
    score = opts.w_embedding * emb + opts.w_wording * words + opts.w_actors * names
    days = np.array([parse_day(a.published) or _NO_DAY for a in articles], dtype=np.int64)
    dated = days != _NO_DAY
    apart = (np.abs(days[:, None] - days[None, :]) > opts.window_days) & dated[:, None] & dated
    score[apart] = -10.0  # a hard wall for average link
    labels = agglomerate(score, opts.batch_threshold)
    first: dict[int, str] = {}
    for i in sorted(range(n), key=lambda i: (days[i] if dated[i] else 10**9, i)):
        first.setdefault(int(labels[i]), articles[i].id)
    return [stable_id("story", first[int(label)]) for label in labels]

