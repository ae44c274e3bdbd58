"""Check examples/gold.json against the corpus files it describes.

    .venv/bin/python examples/check_gold.py

It does not use parallax: it reads each input form in the plainest way (the bytes of a text page,
the entries of a feed, the records of the WARC, the lines of the JSON Lines file) so that a wrong
position (#n), headline or quote in the gold file shows up here, not as a puzzling test failure.
Exits 1 and lists the problems when there are any.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path
from typing import Any

import feedparser
from warcio.archiveiterator import ArchiveIterator

DEMO = Path(__file__).resolve().parent / "demo"
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")


def flatten(text: str) -> str:
    """Fold white space and curly quotes so that gold strings match across forms."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return SPACE.sub(" ", text).strip()


def html_text(markup: str) -> str:
    return html.unescape(TAG.sub(" ", markup))


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1251")


def entries_of(path: Path) -> list[str]:
    """The text of each entry/record/line of a multi-article file, in reading order."""
    if path.suffix == ".xml":
        feed = feedparser.parse(str(path))
        return [html_text(e.get("title", "") + "\n" + (e.content[0].value if "content" in e
                else e.get("summary", ""))) for e in feed.entries]
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
        return [r["headline"] + "\n" + "\n".join(r["paragraphs"]) for r in rows]
    records: list[str] = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            body = record.content_stream().read()
            mime = record.http_headers.get_header("Content-Type") if record.http_headers else ""
            records.append(html_text(body.decode("utf-8")) if mime and "html" in mime else "")
    return records


def regions(gold: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
    """Map each gold article's source to the text it should be found in."""
    problems: list[str] = []
    found: dict[str, str] = {}
    by_file: dict[str, list[dict[str, Any]]] = {}
    for article in gold["articles"]:
        by_file.setdefault(article["file"], []).append(article)
    for name, articles in by_file.items():
        path = DEMO / name
        if path.suffix in {".xml", ".jsonl"} or name.endswith(".warc.gz"):
            entries = entries_of(path)
            if not name.endswith(".warc.gz") and len(entries) != len(articles):
                problems.append(f"{name}: {len(entries)} entries, gold lists {len(articles)}")
            if name.endswith(".warc.gz"):
                html_positions = [i + 1 for i, text in enumerate(entries) if text]
                gold_positions = sorted(a["n"] for a in articles)
                if html_positions != gold_positions:
                    problems.append(f"{name}: HTML records at {html_positions}, "
                                    f"gold has {gold_positions}")
            for article in articles:
                found[article["source"]] = flatten(entries[article["n"] - 1])
            continue
        raw = decode(path.read_bytes())
        text = flatten(html_text(raw) if path.suffix == ".html" else raw)
        if len(articles) == 1 and articles[0]["n"] is None:
            found[articles[0]["source"]] = text
            continue
        ordered = sorted(articles, key=lambda a: a["n"])
        starts = [text.find(flatten(a["headline"])) for a in ordered]
        if any(s < 0 for s in starts) or starts != sorted(starts):
            problems.append(f"{name}: headlines missing or out of order: {starts}")
            continue
        for article, start, end in zip(ordered, starts, [*starts[1:], len(text)], strict=True):
            found[article["source"]] = text[start:end]
    return found, problems


def check(gold: dict[str, Any]) -> list[str]:
    found, problems = regions(gold)
    listed = {a["file"] for a in gold["articles"]}
    for path in sorted(DEMO.rglob("*")):
        name = path.relative_to(DEMO).as_posix()
        if path.is_file() and name != "gold.json" and name not in listed:
            problems.append(f"{name}: not described in gold.json")
    keys = {a["source"] for a in gold["articles"]}
    for article in gold["articles"]:
        if article["event"] not in gold["events"]:
            problems.append(f"{article['source']}: unknown event {article['event']}")
        if article.get("wire_of") and article["wire_of"] not in keys:
            problems.append(f"{article['source']}: wire_of names an unknown article")
        text = found.get(article["source"], "")
        headline = article["headline"]
        if headline and flatten(headline) not in text:
            problems.append(f"{article['source']}: headline not found: {headline!r}")
    for quote in gold["quotes"]:
        quoted_in = found.get(quote["article"])
        if quoted_in is None:
            problems.append(f"quote names an unknown article: {quote['article']}")
        elif flatten(quote["text"]) not in quoted_in:
            problems.append(f"{quote['article']}: quote not found: {quote['text'][:60]!r}")
        elif quote["speaker_mention"] and flatten(quote["speaker_mention"]) not in quoted_in:
            problems.append(f"{quote['article']}: mention not found: {quote['speaker_mention']!r}")
    for group in gold.get("quote_groups", []):
        for cut in group["cuts"]:
            cut_in = found.get(cut["article"])
            if cut_in is None or flatten(cut["text"]) not in cut_in:
                problems.append(f"quote group {group['title']!r}: "
                                f"cut not found in {cut['article']}")
    return problems


def main() -> int:
    gold = json.loads((DEMO.parent / "gold.json").read_text("utf-8"))
    problems = check(gold)
    for problem in problems:
        print(problem)
    events = {a["event"] for a in gold["articles"]}
    print(f"{len(gold['articles'])} articles, {len(events)} events, "
          f"{len({a['outlet'] for a in gold['articles']})} outlets, {len(gold['quotes'])} quotes, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
