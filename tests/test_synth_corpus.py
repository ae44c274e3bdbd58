"""benchmarks/synth_corpus.py: deterministic, within its length ranges, readable by parallax."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from random import Random
from types import ModuleType

import pytest

from parallax.config import Settings
from parallax.ingest import iter_pages
from parallax.models import Page, Rejected

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _load() -> ModuleType:
    """benchmarks/ is no package: load the script by path (dataclasses need it in sys.modules)."""
    if "synth_corpus" in sys.modules:
        return sys.modules["synth_corpus"]
    spec = importlib.util.spec_from_file_location("synth_corpus", BENCHMARKS / "synth_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth_corpus"] = module
    spec.loader.exec_module(module)
    return module


synth = _load()


def test_synth_corpus_same_seed_same_articles() -> None:
    first = list(synth.generate(50, seed=3))
    assert first == list(synth.generate(50, seed=3))
    assert first != list(synth.generate(50, seed=4))


def test_synth_corpus_lengths_quotes_and_events() -> None:
    articles = list(synth.generate(50, seed=0))
    assert len(articles) == 50
    for article in articles:
        assert 300 <= article.words <= 700, (article.url, article.words)
        assert 8 <= len(article.paragraphs) <= 16, article.url
        assert article.headline and article.standfirst and article.outlet
        assert article.published.startswith("2026-")
        text = "\n".join(article.paragraphs)
        assert text.count("“") >= 1 or " said that " in text or "According to " in text
    assert len({a.url for a in articles}) == 50
    by_event: dict[str, set[str]] = {}
    for article in articles:
        by_event.setdefault(article.event_id, set()).add(article.outlet)
    assert 3 <= len(by_event) < 50
    assert any(len(outlets) >= 3 for outlets in by_event.values())
    assert [a.published for a in articles] == sorted(a.published for a in articles)


def test_synth_corpus_every_template_fills_for_every_side() -> None:
    rng = Random(0)
    for number, _ in enumerate(synth.world.KINDS):
        event = synth.make_event(number, day=10, seed=number)
        for side in synth.world.SIDES:
            values = synth.side_values(event.facts, side, rng, None)
            values["outlet"] = "Global Desk"
            slots = synth.Slots(values, event.people)
            for template in synth.world.all_templates():
                filled = slots.fill(template)
                assert "{" not in filled and "}" not in filled, template


def test_synth_corpus_files_read_back_by_parallax(tmp_path: Path) -> None:
    summary = synth.write_corpus(50, tmp_path, seed=1, formats=("jsonl", "warc"))
    assert summary.articles == 50
    lines = (tmp_path / "corpus.jsonl").read_text("utf-8").splitlines()
    urls = {json.loads(line)["url"] for line in lines}
    opts = Settings().ingest
    for name in ("corpus.jsonl", "corpus.warc.gz"):
        results = list(iter_pages([str(tmp_path / name)], opts))
        rejected = [r for r in results if isinstance(r, Rejected)]
        assert rejected == [], name
        pages = [r for r in results if isinstance(r, Page)]
        assert len(pages) == 50, name
        assert {p.url for p in pages} == urls, name
        assert all(p.meta.outlet for p in pages), name


@pytest.mark.parametrize("formats", [("jsonl",), ("warc",)])
def test_synth_corpus_writes_only_the_formats_asked(tmp_path: Path, formats: tuple[str]) -> None:
    summary = synth.write_corpus(5, tmp_path, formats=formats)
    assert len(summary.files) == 1
    assert [p.name for p in tmp_path.iterdir()] == list(summary.files)


def test_synth_corpus_splits_json_lines_files(tmp_path: Path) -> None:
    summary = synth.write_corpus(12, tmp_path, formats=("jsonl",), jsonl_split=5)
    assert list(summary.files) == ["corpus-0001.jsonl", "corpus-0002.jsonl", "corpus-0003.jsonl"]
    results = list(iter_pages([str(tmp_path)], Settings().ingest))
    assert len(results) == 12 and all(isinstance(r, Page) for r in results)
