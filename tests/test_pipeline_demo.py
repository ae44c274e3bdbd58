"""The main job end to end on the demo corpus, checked against examples/gold.json."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from parallax import pipeline
from parallax.config import Settings
from parallax.store import Store, open_store
from parallax.store.base import QuoteFilter

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo"
GOLD = json.loads((REPO / "examples" / "gold.json").read_text(encoding="utf-8"))

pytestmark = pytest.mark.slow


@dataclass
class Run:
    store: Store
    summary: pipeline.AnalyzeSummary
    report: Path
    settings: Settings


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    folder = tmp_path_factory.mktemp("demo")
    settings = Settings(db=f"sqlite:///{folder / 'demo.db'}")
    store = open_store(settings.db)
    report = folder / "report.html"
    summary = pipeline.analyze([str(DEMO)], store, settings, out=report)
    yield Run(store, summary, report, settings)
    store.close()


def _source(article_source: str) -> str:
    return article_source.removeprefix(str(DEMO) + "/")


def test_pipeline_demo_every_event_is_one_story_none_mixed(run: Run) -> None:
    event_of = {a["source"]: a["event"] for a in GOLD["articles"]}
    stories_of_event: dict[str, set[str]] = defaultdict(set)
    events_of_story: dict[str, Counter[str]] = defaultdict(Counter)
    for article in run.store.iter_articles():
        event = event_of[_source(article.source)]
        assert article.story_id, article.source
        stories_of_event[event].add(article.story_id)
        events_of_story[article.story_id][event] += 1
    split = {e: s for e, s in stories_of_event.items() if len(s) > 1}
    mixed = {s: dict(e) for s, e in events_of_story.items() if len(e) > 1}
    assert not split, f"events split over several stories: {split}"
    assert not mixed, f"stories mixing events: {mixed}"
    assert len(events_of_story) == len(GOLD["events"])


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def test_pipeline_demo_quote_speakers_match_gold(run: Run) -> None:
    by_source = {_source(a.source): a.id for a in run.store.iter_articles()}
    stored: dict[str, list[Any]] = defaultdict(list)
    for quote in run.store.iter_quotes(QuoteFilter(speech_only=False)):
        stored[quote.article_id].append(quote)
    found = right = 0
    wrong: list[str] = []
    for gold in GOLD["quotes"]:
        if not gold.get("is_speech", True):
            continue
        words = " ".join(_words(gold["text"]))
        candidates = [q for q in stored[by_source[gold["article"]]]
                      if words[:40] in " ".join(_words(q.text))
                      or " ".join(_words(q.text))[:40] in words]
        if not candidates:
            continue
        found += 1
        if any(q.speaker == gold["speaker"] for q in candidates):
            right += 1
        else:
            wrong.append(f"{gold['article']}: {gold['text'][:40]!r} → "
                         f"{[q.speaker for q in candidates]} (gold {gold['speaker']})")
    speech = sum(1 for g in GOLD["quotes"] if g.get("is_speech", True))
    assert found / speech >= 0.85, f"only {found} of {speech} gold quotes found"
    assert right / found >= 0.85, "\n".join(wrong)


def test_pipeline_demo_report_and_comparison(run: Run) -> None:
    html = run.report.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']https?://""", html), "the report must work offline"
    multi = [row for row in run.summary.rows if len(row.story.outlets) > 1]
    assert len(run.summary.comparisons) == len(multi) >= 8
    for row in multi:
        assert row.story.title in html or row.story.title.replace("'", "&#39;") in html
    comparison = run.summary.comparisons[0].to_dict()
    assert set(comparison) >= {"story_id", "title", "outlets"}
    for view in comparison["outlets"]:
        assert set(view) >= {"outlet", "article_ids", "claims", "omitted", "quotes", "terms",
                             "tone", "techniques"}
        for claim in view["claims"]:
            assert set(claim) >= {"text", "article_id", "paragraph", "shared_with"}


def test_pipeline_demo_is_incremental(run: Run) -> None:
    again = pipeline.ingest([str(DEMO)], run.store, run.settings)
    assert again.added == 0 and again.unchanged == again.stored > 0
    processed = pipeline.process(run.store, run.settings)
    assert processed.processed == 0
    before = {a.id: a.story_id for a in run.store.iter_articles()}
    pipeline.cluster(run.store, run.settings)
    assert {a.id: a.story_id for a in run.store.iter_articles()} == before
