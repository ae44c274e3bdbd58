"""LitBank quotations: speaker accuracy and pronoun resolution (fiction: out of domain).

    .venv/bin/python benchmarks/litbank.py [--limit N]

Data: ../shared/benchmarks/quotes/litbank_quotations/tsv (read the README). Each sentence line is
one paragraph (the data has no paragraph breaks). A gold quote is *found* when a predicted direct
quote starts in its first sentence and overlaps it; its speaker is *right* when the predicted
canonical speaker shares a word with the gold speaker name ("Elizabeth" ~ "Elizabeth_Bennet-12").
Speaker accuracy = right / gold quotes (found or not) and right / found; "pronouns resolved" =
right / found quotes whose speaker mention is a pronoun.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

from parallax.entities import FEMALE_PRONOUNS, GROUP_PRONOUNS, MALE_PRONOUNS
from parallax.models import Article
from parallax.nlp import load_nlp
from parallax.quotes import QuoteOptions, analyze_article

DATA = (Path(__file__).resolve().parents[1].parent / "shared" / "benchmarks" / "quotes"
        / "litbank_quotations" / "tsv")
PRONOUNS = MALE_PRONOUNS | FEMALE_PRONOUNS | GROUP_PRONOUNS | {"i", "you", "we"}


def _words(name: str) -> set[str]:
    return {w for w in re.split(r"[_\s\-]+", re.sub(r"-\d+$", "", name).casefold()) if w}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=0)
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"{DATA}: absent; nothing to score", file=sys.stderr)
        return 0
    nlp = load_nlp()
    opts = QuoteOptions(indirect=False)
    gold_n = found_n = right_n = pron_n = pron_right = 0
    books = sorted(DATA.glob("*_brat.txt"))[: args.limit or None]
    started = time.perf_counter()
    for book in books:
        lines = [line.split(" ") for line in book.read_text(encoding="utf-8").split("\n")]
        paragraphs = tuple(" ".join(tokens) for tokens in lines)
        starts = [[0] for _ in lines]
        for i, tokens in enumerate(lines):
            for token in tokens[:-1]:
                starts[i].append(starts[i][-1] + len(token) + 1)
        speakers: dict[str, str] = {}
        quotes: dict[str, tuple[int, int]] = {}
        for row in book.with_suffix(".ann").read_text(encoding="utf-8").splitlines():
            cells = row.split("\t")
            if cells[0] == "QUOTE":
                sent, tok = int(cells[2]), int(cells[3])
                quotes[cells[1]] = (sent, starts[sent][tok] if tok < len(starts[sent]) else 0)
            elif cells[0] == "ATTRIB":
                speakers[cells[1]] = cells[2]
        article = Article(book.stem, book.name, "", paragraphs)
        predicted = [q for q in analyze_article(article, nlp, opts=opts).quotes if q.is_speech]
        for qid, (sent, char) in quotes.items():
            gold_n += 1
            match = next((q for q in predicted if q.paragraph == sent and q.end > char), None)
            if match is None:
                continue
            found_n += 1
            ok = bool(match.speaker and _words(match.speaker) & _words(speakers.get(qid, "")))
            right_n += ok
            if (match.speaker_mention or "").casefold() in PRONOUNS:
                pron_n += 1
                pron_right += ok
    seconds = time.perf_counter() - started
    figures = {
        "benchmark": "litbank", "books": len(books), "gold_quotes": gold_n,
        "found": found_n, "speaker_accuracy_all": round(right_n / max(1, gold_n), 4),
        "speaker_accuracy_found": round(right_n / max(1, found_n), 4),
        "pronoun_speakers": pron_n, "pronouns_resolved": round(pron_right / max(1, pron_n), 4),
        "seconds": round(seconds, 1),
    }
    print(f"LitBank quotations: {len(books)} books, {gold_n} quotes, {found_n} found")
    print(f"speaker accuracy: {figures['speaker_accuracy_all']:.3f} of all quotes, "
          f"{figures['speaker_accuracy_found']:.3f} of found ones")
    print(f"pronoun speakers resolved right: {pron_right}/{pron_n} "
          f"= {figures['pronouns_resolved']:.3f}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
