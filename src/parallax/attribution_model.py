"""A trained tagger for attribution spans: SOURCE, CUE and CONTENT, token by token (BIO).

The model is a linear-chain CRF trained with CRFsuite on PolNeAR train
(``scripts/train_attribution.py``). At run time it needs no CRFsuite: the weights are exported to
``data/attribution_model.npz`` (feature strings, a weight matrix, the label transitions) and
decoded here with numpy Viterbi, so loading is a file read and predicting is a few array sums.

Features come from the spaCy parse of one paragraph chunk (word, lemma, POS, dependency label,
head, named entity, place in the sentence), from the quote marks, from the cue lexicon of
``quotes.py`` (distance to the nearest cue verb, the dependency path up to it) and from the rules'
own predictions. The tags are then grouped into relations: every source and content run goes to
the nearest cue of its paragraph (``assemble``), so "“A,” he said, “B.”" is one relation with a
content in two fragments.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from parallax.errors import ConfigError

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

LABELS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
ROLES = ("SRC", "CUE", "CON")
MODEL_FILE = "attribution_model.npz"
_QUOTE_CHARS = frozenset("“”„«»\"")
_FAR = 6


def _clean(value: str) -> str:
    """CRFsuite's dump format splits on white space and colons: keep them out of features."""
    return value.replace(" ", "_").replace(":", ";").replace("\n", "\\n")[:24]


def _bucket(distance: int) -> str:
    if abs(distance) >= _FAR:
        return "far+" if distance > 0 else "far-"
    return str(distance)


def _cue_path(token: Token, is_cue: Sequence[bool]) -> tuple[str, str, int]:
    """(lemma of the nearest cue above ``token``, dependency label of the step just below that
    cue, depth); ``("-", "-", 0)`` when no cue governs the token."""
    child, depth = token, 0
    while child.head.i != child.i and depth < 12:
        depth += 1
        if is_cue[child.head.i]:
            return child.head.lemma_.casefold(), child.dep_, depth
        child = child.head
    return "-", "-", 0


def _nearest_cue(i: int, cue_positions: Sequence[int]) -> int | None:
    best: int | None = None
    for position in cue_positions:
        if position != i and (best is None or abs(position - i) < abs(best)):
            best = position - i
    return best


def token_features(doc: Doc, quoted: Sequence[bool], rule_tags: Sequence[str],
                   cue_lemmas: frozenset[str]) -> list[list[str]]:
    """One feature list per token. ``quoted``: the token is between quote marks;
    ``rule_tags``: the rules' BIO tag for it (same label set as :data:`LABELS`, plus a kind)."""
    is_cue = [t.lemma_.casefold() in cue_lemmas or (t.lower_ == "according") for t in doc]
    base: list[dict[str, str]] = []
    sentence_of: dict[int, int] = {}
    bounds: dict[int, tuple[int, int]] = {}
    for number, sent in enumerate(doc.sents):  # Token.sent walks the sentence: look it up once
        for t in sent:
            sentence_of[t.i] = number
            bounds[t.i] = (sent.start, sent.end)
    cues_by_sentence: dict[int, list[int]] = {}
    for t in doc:
        if is_cue[t.i]:
            cues_by_sentence.setdefault(sentence_of[t.i], []).append(t.i)
    for t in doc:
        sent_start, sent_end = bounds[t.i]
        cue_lemma, cue_dep, depth = _cue_path(t, is_cue)
        near = _nearest_cue(t.i, cues_by_sentence.get(sentence_of[t.i], []))
        base.append({
            "w": _clean(t.lower_), "l": _clean(t.lemma_.casefold()), "p": t.pos_, "t": t.tag_,
            "d": t.dep_, "s": _clean(t.shape_[:4]), "hl": _clean(t.head.lemma_.casefold()),
            "hp": t.head.pos_, "q": "1" if quoted[t.i] else "0",
            "qm": "1" if t.text in _QUOTE_CHARS else "0",
            "x": "1" if is_cue[t.i] else "0", "e": f"{t.ent_iob_}{t.ent_type_}",
            "r": rule_tags[t.i], "c": "none" if near is None else _bucket(near),
            "cl": _clean(cue_lemma), "cd": cue_dep, "cz": str(min(depth, 4)),
            "si": str(min(sentence_of[t.i], 2)), "sp": _bucket(t.i - sent_start),
            "se": _bucket(sent_end - 1 - t.i),
        })
    features: list[list[str]] = []
    for i, own in enumerate(base):
        row = ["b", *(f"{k}={v}" for k, v in own.items())]
        row += [f"dhl={own['d']}|{own['hl']}", f"pd={own['p']}|{own['d']}|{own['cd']}",
                f"rq={own['r']}|{own['q']}", f"xc={own['x']}|{own['cd']}|{own['c']}"]
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if not 0 <= j < len(base):
                row.append(f"{offset}=edge")
                continue
            other = base[j]
            row += [f"{offset}p={other['p']}", f"{offset}r={other['r']}",
                    f"{offset}q={other['q']}{other['qm']}", f"{offset}l={other['l']}"]
            if abs(offset) == 1:
                row += [f"{offset}w={other['w']}", f"{offset}d={other['d']}",
                        f"{offset}pp={own['p']}|{other['p']}"]
        features.append(row)
    return features


def bio_tags(length: int, spans: Sequence[tuple[str, int, int]]) -> list[str]:
    """BIO tags for ``length`` tokens from (role, first token, last token + 1) runs; a token keeps
    the first role given to it."""
    tags = ["O"] * length
    for role, start, end in spans:
        for i in range(start, end):
            if tags[i] == "O":
                tags[i] = ("B-" if i == start else "I-") + role
    return tags


def runs(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """(role, first token, last token + 1) of each tagged run; an ``I-`` after another role
    starts a run too."""
    found: list[tuple[str, int, int]] = []
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        prefix, role = tag.split("-", 1)
        if prefix == "I" and found and found[-1][0] == role and found[-1][2] == i:
            found[-1] = (role, found[-1][1], i + 1)
        else:
            found.append((role, i, i + 1))
    return found


@dataclass(frozen=True)
class TokenRelation:
    """One predicted attribution in token runs (first token, last token + 1) of one doc."""

    content: tuple[tuple[int, int], ...]
    source: tuple[int, int] | None
    cue: tuple[int, int] | None


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, a[0] - b[1], b[0] - a[1])


def assemble(doc: Doc, found: Sequence[tuple[str, int, int]]) -> list[TokenRelation]:
    """Relations from tagged runs: each source and content run joins the nearest cue (a cue in
    another sentence counts as farther); runs with no cue in the doc stand alone."""
    cues = [(s, e) for role, s, e in found if role == "CUE"]
    sentence = {t.i: n for n, sent in enumerate(doc.sents) for t in sent}

    def nearest(span: tuple[int, int]) -> int | None:
        if not cues:
            return None
        return min(range(len(cues)), key=lambda k: (
            sentence[span[0]] != sentence[cues[k][0]], _gap(span, cues[k]),
            cues[k][0] < span[0]))

    contents: dict[int, list[tuple[int, int]]] = {k: [] for k in range(len(cues))}
    sources: dict[int, list[tuple[int, int]]] = {k: [] for k in range(len(cues))}
    alone: list[TokenRelation] = []
    for role, s, e in found:
        if role == "CUE":
            continue
        k = nearest((s, e))
        if k is None:
            alone.append(TokenRelation(((s, e),), None, None) if role == "CON"
                         else TokenRelation((), (s, e), None))
        else:
            (contents if role == "CON" else sources)[k].append((s, e))
    relations = []
    for k, cue in enumerate(cues):
        own = sorted(sources[k], key=lambda span: _gap(span, cue))
        relations.append(TokenRelation(tuple(contents[k]), own[0] if own else None, cue))
        alone.extend(TokenRelation((), extra, None) for extra in own[1:])
    return relations + alone


class AttributionModel:
    """CRF weights for :data:`LABELS`: ``weights[feature index, label]`` and
    ``transitions[from label, to label]``."""

    def __init__(self, features: Sequence[str], weights: npt.NDArray[np.float32],
                 transitions: npt.NDArray[np.float32], labels: Sequence[str] = LABELS) -> None:
        self.labels = tuple(labels)
        self.index = {name: i for i, name in enumerate(features)}
        self.weights = weights
        self.transitions = transitions

    @classmethod
    def load(cls, path: Path) -> AttributionModel:
        try:
            with np.load(path, allow_pickle=False) as data:
                features = str(data["features"]).split("\n")
                return cls(features, data["weights"].astype(np.float32),
                           data["transitions"].astype(np.float32),
                           str(data["labels"]).split("\n"))
        except (OSError, KeyError, ValueError) as exc:
            raise ConfigError(f"attribution model {path}: unreadable ({exc})") from None

    def save(self, path: Path) -> None:
        names = sorted(self.index, key=self.index.__getitem__)
        np.savez_compressed(path, features=np.array("\n".join(names)),
                            weights=self.weights.astype(np.float16),
                            transitions=self.transitions.astype(np.float32),
                            labels=np.array("\n".join(self.labels)))

    def scores(self, features: Sequence[Sequence[str]]) -> npt.NDArray[np.float32]:
        """Emission scores, one row per token."""
        out = np.zeros((len(features), len(self.labels)), dtype=np.float32)
        for i, row in enumerate(features):
            known = [self.index[f] for f in row if f in self.index]
            if known:
                out[i] = self.weights[known].sum(axis=0)
        return out

    def tag(self, features: Sequence[Sequence[str]]) -> list[str]:
        """The best label sequence (Viterbi; CRFsuite's chains have no start or end state)."""
        if not features:
            return []
        emit = self.scores(features)
        best = emit[0].copy()
        back = np.zeros(emit.shape, dtype=np.int64)
        for i in range(1, len(emit)):
            total = best[:, None] + self.transitions
            back[i] = total.argmax(axis=0)
            best = total.max(axis=0) + emit[i]
        path = [int(best.argmax())]
        for i in range(len(emit) - 1, 0, -1):
            path.append(int(back[i, path[-1]]))
        return [self.labels[k] for k in reversed(path)]


@functools.cache
def load_model(path: Path | None = None) -> AttributionModel:
    """The packaged model (or the one at ``path``), read once per process."""
    if path is not None:
        return AttributionModel.load(path)
    with resources.as_file(resources.files("parallax") / "data" / MODEL_FILE) as packaged:
        if not packaged.is_file():
            raise ConfigError(f"attribution model {packaged}: missing; run "
                              "scripts/train_attribution.py or use QuoteOptions(model='rules')")
        return AttributionModel.load(packaged)


def predict(model: AttributionModel, doc: Doc, quoted: Sequence[bool], rule_tags: Sequence[str],
            cue_lemmas: frozenset[str]) -> list[TokenRelation]:
    """Tag one parsed chunk and group the tags into relations."""
    if len(doc) == 0:
        return []
    tags = model.tag(token_features(doc, quoted, rule_tags, cue_lemmas))
    return assemble(doc, runs(tags))
