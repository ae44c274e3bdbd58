"""PolNeAR attribution benchmark: content, source and cue spans, exact and overlap.

    .venv/bin/python benchmarks/polnear.py [--split dev|train|test] [--limit N]
        [--model rules|hybrid|both] [--model-path FILE]

Data: ../shared/benchmarks/quotes/polnear (read its README). One annotation file per article: the
lexicographically first annotator's, as the README asks. Scoring is document-level:

* exact: a predicted span list (a content split around "he said" is one list of fragments) equals
  a gold one, one-to-one, after trimming white space, edge punctuation and quote marks from each
  fragment (our direct-quote text excludes the marks; PolNeAR's includes them);
* overlap (BBC Citron style), on word tokens: P = |pred tokens ∩ gold tokens| / |pred tokens|,
  R = the same over |gold tokens|, per role, summed over documents;
* the quote-mark subset: gold attributions whose Content holds “ ” or ", against predictions made
  from quote marks.

With ``--model both`` (the default) every article is parsed once and scored with the rules and
with the hybrid tagger (``QuoteOptions.model``); speed is the whole stage (parse + analysis) in
articles/s, with the hybrid's time as a ratio of the rules' time on the same parse.

Tune on train/dev only; the test split is scored once for the version kept.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from parallax.models import Article
from parallax.nlp import load_nlp, paragraph_chunks, parse_chunks
from parallax.quotes import Attribution, QuoteOptions, attributions_of_parsed

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "quotes" / "polnear"
Spans = tuple[tuple[int, int], ...]
ROLES = ("content", "source", "cue")
_EDGE = " \t\n.,;:!?\"“”'‘’"
_WORD = re.compile(r"\w+")
_QUOTE_CHARS = "“”\""


@dataclass
class Relation:
    content: Spans
    source: Spans
    cue: Spans
    marked: bool


def read_ann(path: Path) -> list[Relation]:
    """Relations of one brat file (continuation lines joined onto their T line)."""
    spans: dict[str, Spans] = {}
    texts: dict[str, str] = {}
    events: list[str] = []
    lines: list[str] = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if re.match(r"^[TE]\d+\t", line) or not lines:
            lines.append(line)
        else:
            lines[-1] += "\n" + line
    for line in lines:
        if line.startswith("T"):
            tid, meta, *rest = line.split("\t")
            ranges = meta.split(" ", 1)[1]
            spans[tid] = tuple(
                (int(a), int(b)) for a, b in (r.split() for r in ranges.split(";")))
            texts[tid] = rest[0] if rest else ""
        elif line.startswith("E"):
            events.append(line.split("\t")[1])
    relations = []
    for event in events:
        args = dict(a.split(":") for a in event.split()[1:])
        content = tuple(s for k, v in args.items() if k.startswith("Content") for s in spans[v])
        relations.append(Relation(
            content, spans.get(args.get("Source", ""), ()), spans.get(args.get("Cue", ""), ()),
            any(q in texts.get(v, "") for k, v in args.items() if k.startswith("Content")
                for q in _QUOTE_CHARS)))
    return relations


def article_from_text(name: str, text: str) -> tuple[Article, list[int]]:
    """Paragraphs are the blank-line separated blocks; returns their offsets in the file."""
    paragraphs, offsets = [], []
    for match in re.finditer(r"[^\n](?:.|\n(?!\s*\n))*", text):
        paragraphs.append(match.group())
        offsets.append(match.start())
    return Article(id=name, source=name, headline="", paragraphs=tuple(paragraphs)), offsets


def _with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Extend a direct quote over its quote marks (and a comma before the closing one)."""
    if start > 0 and text[start - 1] in _QUOTE_CHARS:
        start -= 1
    probe = end
    while probe < len(text) and probe - end < 2 and text[probe] in ",.":
        probe += 1
    if probe < len(text) and text[probe] in _QUOTE_CHARS:
        end = probe + 1
    return start, end


def predictions(text: str, attributions: Iterable[Attribution],
                offsets: list[int]) -> list[Relation]:
    """Our attributions as PolNeAR relations: split quotes with one cue become one relation,
    direct quotes inside a reported clause belong to it, scare quotes are dropped."""
    merged: dict[tuple[object, ...], Relation] = {}
    indirect: list[tuple[int, int]] = []
    tagged: dict[tuple[int, int, int], Relation] = {}
    for item in attributions:
        if not item.is_speech:
            continue
        if item.relation is not None:
            _add_tagged(tagged, text, item, offsets[item.paragraph])
            continue
        base = offsets[item.paragraph]
        start, end = base + item.start, base + item.end
        if item.marked:
            start, end = _with_marks(text, start, end)
        elif text[max(0, start - 5):start].casefold() == "that ":
            start -= 5
        else:
            indirect.append((start, end))
        cue = ((base + item.cue[0], base + item.cue[1]),) if item.cue else ()
        source = ((base + item.source[0], base + item.source[1]),) if item.source else ()
        key: tuple[object, ...] = (cue, source) if cue else (start,)
        if item.kind == "indirect":
            indirect.append((start, end))
        if key in merged and item.marked:
            old = merged[key]
            merged[key] = Relation((*old.content, (start, end)), old.source, old.cue, True)
        elif key not in merged:
            merged[key] = Relation(((start, end),), source, cue, item.marked)
    result = list(tagged.values())
    indirect += [span for relation in result for span in relation.content]
    for relation in merged.values():
        inside = relation.marked and all(
            any(a <= s and e <= b and (a, b) != (s, e) for a, b in indirect)
            for s, e in relation.content)
        if not inside:
            result.append(relation)
    return result


def _add_tagged(tagged: dict[tuple[int, int, int], Relation], text: str, item: Attribution,
                base: int) -> None:
    """The tagger's relation as it tagged it: its content fragments (quote marks included)."""
    assert item.relation is not None
    start, end = item.raw or (item.start, item.end)
    fragment = (base + start, base + end)
    old = tagged.get(item.relation)
    if old is None:
        cue = ((base + item.cue[0], base + item.cue[1]),) if item.cue else ()
        source = ((base + item.source[0], base + item.source[1]),) if item.source else ()
        old = tagged[item.relation] = Relation((), source, cue, False)
    if fragment not in old.content:
        content = (*old.content, fragment)
        marked = any(q in text[s:e] for s, e in content for q in _QUOTE_CHARS)
        tagged[item.relation] = Relation(content, old.source, old.cue, marked)


def _norm(text: str, spans: Spans) -> tuple[tuple[int, int], ...]:
    out = []
    for start, end in spans:
        while start < end and text[start] in _EDGE:
            start += 1
        while end > start and text[end - 1] in _EDGE:
            end -= 1
        if end > start:
            out.append((start, end))
    return tuple(sorted(out))


def _tokens(text: str, spans: Spans) -> set[int]:
    return {m.start() for s, e in spans for m in _WORD.finditer(text, s, e)}


@dataclass
class Tally:
    tp: int = 0
    pred: int = 0
    gold: int = 0
    ov: int = 0
    ov_pred: int = 0
    ov_gold: int = 0

    def add(self, text: str, pred: list[Spans], gold: list[Spans]) -> None:
        p = Counter(_norm(text, s) for s in pred if s)
        g = Counter(_norm(text, s) for s in gold if s)
        self.tp += sum((p & g).values())
        self.pred += sum(p.values())
        self.gold += sum(g.values())
        pt = set().union(*(_tokens(text, s) for s in pred)) if pred else set()
        gt = set().union(*(_tokens(text, s) for s in gold)) if gold else set()
        self.ov += len(pt & gt)
        self.ov_pred += len(pt)
        self.ov_gold += len(gt)

    def scores(self) -> dict[str, float]:
        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0
        p = self.tp / self.pred if self.pred else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        op = self.ov / self.ov_pred if self.ov_pred else 0.0
        orr = self.ov / self.ov_gold if self.ov_gold else 0.0
        return {"exact_p": p, "exact_r": r, "exact_f1": f1(p, r),
                "overlap_p": op, "overlap_r": orr, "overlap_f1": f1(op, orr)}


@dataclass
class Board:
    all: dict[str, Tally] = field(default_factory=lambda: {r: Tally() for r in ROLES})
    marked: dict[str, Tally] = field(default_factory=lambda: {r: Tally() for r in ROLES})

    def add(self, text: str, pred: list[Relation], gold: list[Relation]) -> None:
        for role in ROLES:
            self.all[role].add(text, [getattr(x, role) for x in pred],
                               [getattr(x, role) for x in gold])
            self.marked[role].add(text, [getattr(x, role) for x in pred if x.marked],
                                  [getattr(x, role) for x in gold if x.marked])


def documents(split: str) -> list[tuple[Path, Path]]:
    pairs = []
    for txt in sorted((DATA / split / "text").glob("*.txt")):
        anns = sorted((DATA / split / "attributions").glob(txt.stem + "_*.ann"))
        anns = [a for a in anns if re.fullmatch(re.escape(txt.stem) + r"_[0-9a-f]{4}", a.stem)]
        if anns:
            pairs.append((txt, anns[0]))
    return pairs


def _print_board(name: str, board: Board, figures: dict[str, object]) -> None:
    for subset, tallies in (("all", board.all), ("quote_marks", board.marked)):
        for role in ROLES:
            s = tallies[role].scores()
            print(f"{name:6} {subset:11} {role:7} exact P/R/F1 {s['exact_p']:.3f} "
                  f"{s['exact_r']:.3f} {s['exact_f1']:.3f}   overlap P/R/F1 {s['overlap_p']:.3f} "
                  f"{s['overlap_r']:.3f} {s['overlap_f1']:.3f}")
            for key, value in s.items():
                figures[f"{name}_{subset}_{role}_{key}"] = round(value, 4)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev", choices=["train", "dev", "test"])
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--model", default="both", choices=["rules", "hybrid", "both"])
    parser.add_argument("--model-path", type=Path, help="another tagger file (for tuning)")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"{DATA}: absent; nothing to score", file=sys.stderr)
        return 0
    nlp = load_nlp()
    models = ["rules", "hybrid"] if args.model == "both" else [args.model]
    options = {m: QuoteOptions(belief_cues=True, model=m, model_path=args.model_path)
               for m in models}
    pairs = documents(args.split)[: args.limit or None]
    boards = {m: Board() for m in models}
    seconds = dict.fromkeys(["parse", *models], 0.0)
    for txt, ann in pairs:
        text = txt.read_text(encoding="utf-8")
        article, offsets = article_from_text(txt.stem, text)
        gold = read_ann(ann)
        started = time.perf_counter()
        parsed = list(parse_chunks(nlp, paragraph_chunks(article.paragraphs)))
        seconds["parse"] += time.perf_counter() - started
        for model in models:
            started = time.perf_counter()
            found = attributions_of_parsed(article, parsed, opts=options[model])
            seconds[model] += time.perf_counter() - started
            boards[model].add(text, predictions(text, found, offsets), gold)
    print(f"PolNeAR {args.split}: {len(pairs)} articles; spaCy parse {seconds['parse']:.1f} s")
    print("exact = same fragments after trimming edge punctuation/quote marks, one-to-one;")
    print("overlap = word-token overlap (Citron): P=|pred∩gold|/|pred|, R=|pred∩gold|/|gold|")
    figures: dict[str, object] = {"benchmark": "polnear", "split": args.split,
                                  "articles": len(pairs)}
    for model in models:
        stage = seconds["parse"] + seconds[model]
        figures[f"{model}_articles_per_s"] = round(len(pairs) / stage, 2) if stage else 0.0
        print(f"{model}: analysis {seconds[model]:.1f} s; whole stage "
              f"{figures[f'{model}_articles_per_s']} articles/s")
    if len(models) == 2:
        ratio = (seconds["parse"] + seconds["hybrid"]) / (seconds["parse"] + seconds["rules"])
        figures["hybrid_stage_time_vs_rules"] = round(ratio, 3)
        print(f"hybrid stage time / rules stage time (same parse): {ratio:.2f}")
    for model in models:
        _print_board(model, boards[model], figures)
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
