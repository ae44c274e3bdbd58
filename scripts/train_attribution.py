"""Train the attribution tagger (SOURCE / CUE / CONTENT, BIO) on PolNeAR train; report on dev.

    .venv/bin/python scripts/train_attribution.py [--cache /tmp/polnear-parses] \\
        [--out src/parallax/data/attribution_model.npz] [--c1 0.05] [--c2 0.01] [--iterations 150]

Needs python-crfsuite (training only: the run-time decoder in ``parallax.attribution_model`` is
numpy) and ../shared/benchmarks/quotes/polnear. Uses one core. Tune on dev only; the test split is
for the benchmark, scored once for the version kept. ``--cache`` keeps the spaCy parses of each
split (DocBin) so that re-training with other settings skips parsing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import pycrfsuite  # type: ignore[import-not-found]  # noqa: E402
from spacy.tokens import Doc, DocBin  # noqa: E402

from parallax.attribution_model import (  # noqa: E402
    LABELS,
    AttributionModel,
    bio_tags,
    runs,
    token_features,
)
from parallax.entities import load_aliases  # noqa: E402
from parallax.models import Article  # noqa: E402
from parallax.nlp import Chunk, load_nlp, paragraph_chunks, parse_chunks  # noqa: E402
from parallax.quotes import (  # noqa: E402
    CUE_LEMMAS,
    QuoteOptions,
    _analyse_parsed,
    model_inputs,
    scan_quote_marks,
)
from polnear import DATA, article_from_text, documents, read_ann  # noqa: E402

Sequence_ = tuple[list[list[str]], list[str]]
ROLE_OF = {"source": "SRC", "cue": "CUE", "content": "CON"}


def parsed_split(split: str, cache: Path | None) -> list[tuple[Article, list[int], list[Path],
                                                             list[tuple[Chunk, Doc]]]]:
    """Every article of ``split`` with its paragraph offsets, annotation file and parses."""
    pairs = documents(split)
    articles = [article_from_text(txt.stem, txt.read_text(encoding="utf-8")) for txt, _ in pairs]
    chunks = [(n, c) for n, (a, _) in enumerate(articles) for c in paragraph_chunks(a.paragraphs)]
    nlp = load_nlp()
    store = cache / f"{split}.spacy" if cache else None
    if store is not None and store.is_file():
        docs = list(DocBin().from_disk(store).get_docs(nlp.vocab))
    else:
        docs = [doc for _, doc in parse_chunks(nlp, (c for _, c in chunks))]
        if store is not None:
            store.parent.mkdir(parents=True, exist_ok=True)
            DocBin(docs=docs).to_disk(store)
    grouped: list[list[tuple[Chunk, Doc]]] = [[] for _ in articles]
    for (n, chunk), doc in zip(chunks, docs, strict=True):
        grouped[n].append((chunk, doc))
    return [(a, offsets, [ann], grouped[n])
            for n, ((a, offsets), (_, ann)) in enumerate(zip(articles, pairs, strict=True))]


def gold_runs(article: Article, offsets: list[int], ann: Path, chunk: Chunk,
              doc: Doc) -> list[tuple[str, int, int]]:
    """Gold (role, first token, last token + 1) runs inside one chunk."""
    base = offsets[chunk.paragraph] + chunk.offset
    found = []
    for relation in read_ann(ann):
        for role, tag in ROLE_OF.items():
            for start, end in getattr(relation, role):
                if end <= base or start >= base + len(chunk.text):
                    continue
                span = doc.char_span(max(0, start - base), min(end - base, len(doc.text)),
                                     alignment_mode="expand")
                if span is not None and len(span):
                    found.append((tag, span.start, span.end))
    return sorted(found, key=lambda r: r[1])


def sequences(split: str, cache: Path | None) -> list[Sequence_]:
    opts = QuoteOptions(belief_cues=True, model="rules")
    aliases = load_aliases()
    out: list[Sequence_] = []
    for article, offsets, (ann,), parsed in parsed_split(split, cache):
        rules = _analyse_parsed(article, parsed, opts, aliases)[1]
        marks = scan_quote_marks(article.paragraphs)
        for chunk, doc in parsed:
            if len(doc) == 0:
                continue
            mine = [r for r in rules if r.paragraph == chunk.paragraph
                    and chunk.offset <= r.start < chunk.offset + len(chunk.text)]
            quoted, tags = model_inputs(doc, chunk, marks, mine)
            features = token_features(doc, quoted, tags, CUE_LEMMAS)
            out.append((features, bio_tags(len(doc), gold_runs(article, offsets, ann, chunk,
                                                                 doc))))
    return out


def train(data: list[Sequence_], c1: float, c2: float, iterations: int,
          model_file: Path) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    for features, tags in data:
        trainer.append(features, tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations,
                        "feature.possible_transitions": True})
    trainer.train(str(model_file))


def export(crf_file: Path) -> AttributionModel:
    """The CRFsuite model as a numpy model (only non-zero features)."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(crf_file))
    info = tagger.info()
    label_index = {label: i for i, label in enumerate(LABELS)}
    names = sorted({attr for attr, _ in info.state_features})
    row = {name: i for i, name in enumerate(names)}
    weights = np.zeros((len(names), len(LABELS)), dtype=np.float32)
    for (attr, label), weight in info.state_features.items():
        weights[row[attr], label_index[label]] = weight
    transitions = np.zeros((len(LABELS), len(LABELS)), dtype=np.float32)
    for (before, after), weight in info.transitions.items():
        transitions[label_index[before], label_index[after]] = weight
    return AttributionModel(names, weights, transitions)


def run_scores(model: AttributionModel, data: list[Sequence_]) -> dict[str, float]:
    """Exact F1 of tagged runs per role (token level, per chunk): a quick dev check."""
    tally: Counter[str] = Counter()
    for features, gold in data:
        pred = set(runs(model.tag(features)))
        true = set(runs(gold))
        for role in ("SRC", "CUE", "CON"):
            p = {r for r in pred if r[0] == role}
            g = {r for r in true if r[0] == role}
            tally[role + "tp"] += len(p & g)
            tally[role + "p"] += len(p)
            tally[role + "g"] += len(g)
    return {role: round(2 * tally[role + "tp"] / max(1, tally[role + "p"] + tally[role + "g"]),
                        4) for role in ("SRC", "CUE", "CON")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cache", type=Path)
    parser.add_argument("--out", type=Path,
                        default=ROOT / "src" / "parallax" / "data" / "attribution_model.npz")
    parser.add_argument("--c1", type=float, default=0.05)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=150)
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"{DATA}: absent; nothing to train on", file=sys.stderr)
        return 1
    import torch

    torch.set_num_threads(1)  # spaCy's thinc may use torch; one core either way
    started, cpu = time.perf_counter(), time.process_time()
    train_data = sequences("train", args.cache)
    dev_data = sequences("dev", args.cache)
    prepared = time.perf_counter()
    crf_file = args.out.with_suffix(".crfsuite")
    train(train_data, args.c1, args.c2, args.iterations, crf_file)
    model = export(crf_file)
    crf_file.unlink()
    model.save(args.out)
    done = time.perf_counter()
    summary = {"train_chunks": len(train_data), "features": len(model.index),
               "prepare_s": round(prepared - started, 1), "train_s": round(done - prepared, 1),
               "cpu_s": round(time.process_time() - cpu, 1),
               "size_bytes": args.out.stat().st_size, "c1": args.c1, "c2": args.c2,
               "iterations": args.iterations, "dev_run_f1": run_scores(model, dev_data)}
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
