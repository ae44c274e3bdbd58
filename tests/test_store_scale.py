"""benchmarks/store_scale.py keeps working as the Store API moves: a tiny run of every measure."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import store_scale  # noqa: E402  (benchmarks/ is no package)


def test_store_scale_corpus_is_the_same_for_the_same_seed() -> None:
    first, again = store_scale.make_corpus(30, seed=3), store_scale.make_corpus(30, seed=3)
    assert [a.id for a in first.articles] == [a.id for a in again.articles]
    assert first.articles == again.articles
    assert len({a.url for a in first.articles}) == 30
    assert sum(len(s.article_ids) for s in first.stories) == 30
    assert {a.outlet for a in first.articles} <= set(store_scale.OUTLETS)


def test_store_scale_results_quote_the_article_text() -> None:
    corpus = store_scale.make_corpus(5)
    article = corpus.articles[0]
    results = store_scale.make_results(article, corpus.speakers[article.id])
    for quote in results.quotes:
        assert article.paragraphs[quote.paragraph][quote.start : quote.end] == quote.text


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_store_scale_main_prints_every_measure(
    backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if backend == "postgres" and not os.environ.get("PARALLAX_TEST_POSTGRES"):
        pytest.skip("PARALLAX_TEST_POSTGRES is not set (run .ci/postgres.sh to get a URL)")
    line = store_scale.main(["--n", "200", "--backends", backend, "--repeat", "5"])
    out = capsys.readouterr().out
    result = line["results"][backend]
    assert set(result["writes"]) == {"save_articles", "save_results", "save_embeddings",
                                     "save_stories"}
    assert result["writes"]["save_results"]["quotes"] == 600
    for name, measured in result["queries"].items():
        assert name in out
        assert measured["runs"] == 5
        assert measured["rows_mean"] > 0
    assert result["size_mb"] > 0
    assert json.loads(out.strip().splitlines()[-1]) == line
