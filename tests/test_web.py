"""Web UI and JSON API: pages and their /api/ twins, filters, pagination, escaping, errors,
the token, uploads and the comparison cache (FastAPI TestClient over a fiction database)."""

from __future__ import annotations

import dataclasses
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi import FastAPI
from fastapi.testclient import TestClient

from parallax import pipeline
from parallax.cli import main
from parallax.config import IngestOptions, Settings
from parallax.models import Article, Entity, Story
from parallax.store.base import ArticleResults
from parallax.store.sqlite import SQLiteStore
from parallax.techniques import TechniqueOptions, find_techniques
from parallax.web.app import create_app, needs_token
from parallax.web.views import slugify, snippet_pieces
from test_compare import load_fixture

HOSTILE = "Readers saw <script>alert(1)</script> and <b>bold</b> text near Ostrik."
ACTORS = (
    Entity("Arkady Lomov", "PERSON", ("Lomov", "Maj. Gen. Arkady Lomov")),
    Entity("Daria Holm", "PERSON", ("Holm", "Daria Holm")),
    Entity("Harno", "LOC", ("Harno",)),
)
SOLO = Story("solo-ostrik", "Ostrik market <b>reopens</b>", ("ostrik-vt",), ("Varnia Today",),
             "2025-03-10", "2025-03-10")


def _entities(article: Article) -> tuple[Entity, ...]:
    return tuple(e for e in ACTORS if any(m in article.text for m in e.mentions))


def build_fixture_db(url: str) -> None:
    """The Harno bridge story (KNA, Meridian, Varnia Today) plus a one-article story whose text
    holds markup; quotes grouped, techniques found, actors set."""
    story, articles, quotes = load_fixture()
    hostile = Article(id="ostrik-vt", source="ostrik.txt", headline="Ostrik market reopens",
                      paragraphs=("OSTRIK - The covered market of Ostrik reopened on Monday.",
                                  HOSTILE), outlet="Varnia Today", published="2025-03-10")
    articles = [*articles, hostile]
    holm = [q.id for q in quotes if q.speaker == "Daria Holm"]
    quotes = [dataclasses.replace(q, group_id="holm-bread" if q.id in holm else None,
                                  cue="said") for q in quotes]
    store = SQLiteStore(url)
    try:
        store.save_articles(articles)
        results = []
        for article in articles:
            mine = [q for q in quotes if q.article_id == article.id]
            found = find_techniques(article, mine, opts=TechniqueOptions())
            results.append(ArticleResults(article.id, article.content_hash, _entities(article),
                                          tuple(mine), tuple(found)))
        store.save_results(results)
        store.set_quote_groups({q.id: q.group_id for q in quotes if q.group_id})
        dated = dataclasses.replace(story, first_published="2025-04-02",
                                    last_published="2025-04-03")
        store.save_stories([dated, SOLO])
    finally:
        store.close()


def make_app(url: str, **kwargs: Any) -> FastAPI:
    settings = kwargs.pop("settings", Settings(db=url))
    return create_app(url, settings, token=kwargs.pop("token", None), use_encoder=False,
                      process_uploads=False, **kwargs)


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('web') / 'web.db'}"
    build_fixture_db(url)
    return url


@pytest.fixture(scope="module")
def client(db_url: str) -> Iterator[TestClient]:
    with TestClient(make_app(db_url)) as test_client:
        yield test_client


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# ---------------------------------------------------------------- stories


def test_web_stories_page_and_api_share_one_view(client: TestClient) -> None:
    page = client.get("/")
    api = client.get("/api/stories").json()
    assert page.status_code == 200
    assert [s["id"] for s in api["stories"]] == ["harno-bridge", "solo-ostrik"]  # most recent
    for story in api["stories"]:
        assert f'href="/stories/{story["id"]}"' in page.text
    harno = api["stories"][0]
    shares = {c["side"]: c["share"] for c in harno["coverage"]}
    assert shares["Kharsk"] == pytest.approx(1 / 3, abs=1e-3)
    assert shares["Western"] == pytest.approx(2 / 3, abs=1e-3)
    assert "Kharsk 33%" in _text(page.text) and "Western 67%" in _text(page.text)


def test_web_stories_title_is_escaped(client: TestClient) -> None:
    page = client.get("/").text
    assert "Ostrik market &lt;b&gt;reopens&lt;/b&gt;" in page
    assert "<b>reopens</b>" not in page


@pytest.mark.parametrize(("params", "expected"), [
    ({"side": "Kharsk"}, ["harno-bridge"]),
    ({"outlet": "Varnia Today"}, ["harno-bridge", "solo-ostrik"]),
    ({"outlet": "KNA"}, ["harno-bridge"]),
    ({"q": "covered market"}, ["solo-ostrik"]),  # words of the text, not the title
    ({"q": "harno"}, ["harno-bridge"]),
    ({"from": "2025-04-01"}, ["harno-bridge"]),
    ({"to": "2025-03-31"}, ["solo-ostrik"]),
    ({"from": "2025-05-01"}, []),
    ({"sort": "size"}, ["harno-bridge", "solo-ostrik"]),
    ({"from": "", "to": "", "side": "", "outlet": "", "q": ""}, ["harno-bridge", "solo-ostrik"]),
])
def test_web_stories_filters(client: TestClient, params: dict[str, str],
                             expected: list[str]) -> None:
    api = client.get("/api/stories", params=params).json()
    assert [s["id"] for s in api["stories"]] == expected
    assert client.get("/", params=params).status_code == 200


def test_web_stories_are_paginated(client: TestClient) -> None:
    first = client.get("/api/stories", params={"per_page": 1}).json()
    second = client.get("/api/stories", params={"per_page": 1, "page": 2}).json()
    assert first["pagination"]["has_next"] and not second["pagination"]["has_next"]
    assert [s["id"] for s in first["stories"] + second["stories"]] == ["harno-bridge",
                                                                       "solo-ostrik"]
    page = client.get("/", params={"per_page": 1, "side": ""}).text
    assert 'href="/?sort=recent&amp;per_page=1&amp;page=2"' in page
    assert client.get("/api/stories", params={"per_page": 1000}).status_code == 422


# ---------------------------------------------------------------- one story


def test_web_story_page_is_side_by_side_with_layers(client: TestClient) -> None:
    html = client.get("/stories/harno-bridge").text
    assert html.index(">Kharsk</h2>") < html.index(">Western</h2>")
    assert re.search(r'class="claim-(shared|wire|unique)', html)
    assert 'class="quote"' in html and "tech tech-" in html
    assert re.search(r'class="[^"]*\bterm\b[^"]*"[^>]*>Dravograd<', html)
    for layer in ("claims", "omitted", "quotes", "terms", "techniques"):
        assert f'data-layer="{layer}"' in html
    assert "<svg" in html and "Coverage over time" in html
    assert 'href="/articles/kna-harno"' in html and 'href="/outlets/varnia-today"' in html
    assert "<script>" not in html.replace('<script src="/static/app.js"></script>', "")


def test_web_story_api_is_the_comparison(client: TestClient) -> None:
    data = client.get("/api/stories/harno-bridge").json()
    comparison = data["comparison"]
    assert comparison["story_id"] == "harno-bridge"
    assert {o["outlet"] for o in comparison["outlets"]} == {"KNA", "Meridian", "Varnia Today"}
    kna = next(o for o in comparison["outlets"] if o["outlet"] == "KNA")
    assert kna["claims"] and "omitted" in kna and kna["side"] == "Kharsk"
    assert [p["day"] for p in data["timeline"]] == ["2025-04-02", "2025-04-03"]


def test_web_comparison_is_cached_until_an_article_changes(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'cache.db'}"
    build_fixture_db(url)
    calls: list[str] = []
    real = pipeline.compare

    def counting(*args: Any, **kwargs: Any) -> Any:
        calls.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "compare", counting)
    with TestClient(make_app(url)) as test_client:
        for _ in range(3):
            assert test_client.get("/api/stories/harno-bridge").status_code == 200
        assert calls == ["harno-bridge"]
        store = SQLiteStore(url)
        kna = store.get_article("kna-harno")
        assert kna is not None
        store.save_articles([dataclasses.replace(kna, paragraphs=(*kna.paragraphs, "Updated."))])
        store.close()
        test_client.get("/stories/harno-bridge")
        assert calls == ["harno-bridge", "harno-bridge"]


# ---------------------------------------------------------------- article, quotes, actors


def test_web_article_page_escapes_text_and_links(client: TestClient) -> None:
    html = client.get("/articles/ostrik-vt").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html and "<b>bold</b>" not in html
    assert 'href="/stories/solo-ostrik"' in html
    kna = client.get("/articles/kna-harno").text
    assert 'href="/actors/arkady-lomov"' in kna
    assert 'href="/quotes?speaker=Arkady%20Lomov"' in kna
    assert 'class="quote"' in kna


def test_web_article_api(client: TestClient) -> None:
    data = client.get("/api/articles/vt-harno").json()
    assert data["article"]["outlet"] == "Varnia Today" and data["side"] == "Western"
    assert data["story"]["id"] == "harno-bridge"
    assert {a["id"] for a in data["actors"]} >= {"daria-holm", "harno"}
    assert data["quotes"][0]["speaker"] == "Daria Holm"


def test_web_quotes_filters_and_group_cuts(client: TestClient) -> None:
    by_speaker = client.get("/api/quotes", params={"speaker": "holm"}).json()
    assert {q["speaker"] for q in by_speaker["quotes"]} == {"Daria Holm"}
    by_outlet = client.get("/api/quotes", params={"outlet": "KNA"}).json()
    assert {q["outlet"] for q in by_outlet["quotes"]} == {"KNA"}
    group = client.get("/api/quotes", params={"group": "holm-bread"}).json()["group"]
    cuts = {g["outlet"]: g for g in group}
    assert set(cuts) == {"Meridian", "Varnia Today"}
    assert cuts["Meridian"]["is_cut"] and not cuts["Varnia Today"]["is_cut"]
    assert "and kharsk knew it" in cuts["Meridian"]["dropped_after"]
    html = client.get("/quotes", params={"group": "holm-bread"}).text
    assert "The same quote across outlets" in html and 'class="dropped"' in html


def test_web_actor_page_tone_and_quotes(client: TestClient) -> None:
    data = client.get("/api/actors/daria-holm").json()
    assert data["canonical"] == "Daria Holm" and data["mentioned_in"] == 2
    assert {t["outlet"] for t in data["tone_by_outlet"]} == {"Meridian", "Varnia Today"}
    assert all(-1 <= t["score"] <= 1 for t in data["tone_by_outlet"])
    assert {q["outlet"] for q in data["quotes"]} == {"Meridian", "Varnia Today"}
    assert "What Daria Holm said" in client.get("/actors/daria-holm").text


def test_web_outlet_page(client: TestClient) -> None:
    data = client.get("/api/outlets/kna").json()
    assert data["outlet"] == "KNA" and data["side"] == "Kharsk" and data["articles"] == 1
    assert [s["id"] for s in data["stories"]] == ["harno-bridge"]
    assert data["registry"]["state_affiliated"] is True
    assert "Distinctive terms" in client.get("/outlets/kna").text


def test_web_slugs() -> None:
    assert slugify("Maj. Gen. Arkady Lomov") == "maj-gen-arkady-lomov"
    assert slugify("Тессель") != "" and re.fullmatch(r"[a-z0-9-]+", slugify("Тессель"))


# ---------------------------------------------------------------- search


def test_web_search_snippets_and_pages(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "Harno bridge", "per_page": 2}).json()
    assert len(data["results"]) == 2 and data["pagination"]["has_next"]
    assert "[Harno]" in data["results"][0]["snippet"]
    html = client.get("/search", params={"q": "script alert"}).text
    assert "<mark>script</mark>" in html and "&lt;" in html
    assert "<script>alert" not in html
    assert client.get("/api/search", params={"q": '"unbalanced AND ('}).status_code == 200


def test_web_snippet_pieces() -> None:
    assert snippet_pieces("a [b] c [d]") == [("a ", False), ("b", True), (" c ", False),
                                             ("d", True)]


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize("path", ["/stories/nope", "/articles/nope", "/actors/nobody-here",
                                  "/outlets/no-such-outlet", "/ingest/jobs/nope", "/nowhere"])
def test_web_unknown_ids_are_404(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Traceback" not in page.text and "<h1>404</h1>" in page.text
    api = client.get("/api" + path)
    assert api.status_code == 404
    assert api.json()["error"]["status"] == 404


def test_web_bad_parameters_are_422_not_tracebacks(client: TestClient) -> None:
    api = client.get("/api/stories", params={"from": "yesterday"})
    assert api.status_code == 422 and "from" in api.json()["error"]["message"]
    page = client.get("/", params={"page": "0"})
    assert page.status_code == 422 and "page" in _text(page.text)


# ---------------------------------------------------------------- token


def test_web_token_is_required_when_set(db_url: str) -> None:
    with TestClient(make_app(db_url, token="s3cret")) as anonymous:
        assert anonymous.get("/").status_code == 401
        api = anonymous.get("/api/stories")
        assert api.status_code == 401 and api.json()["error"]["status"] == 401
        assert anonymous.get("/openapi.json").status_code == 401
        assert anonymous.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert anonymous.get("/", headers={"Authorization": "Bearer s3cret"}).status_code == 200
        first = anonymous.get("/?token=s3cret")
        assert first.status_code == 200 and "parallax_token" in first.headers["set-cookie"]
        assert anonymous.get("/api/stories").status_code == 200  # the cookie now


def test_web_serve_refuses_public_host_without_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARALLAX_TOKEN", raising=False)
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--db", "sqlite:///x.db"])
    assert result.exit_code == 2 and "token" in result.output
    assert needs_token("0.0.0.0") and needs_token("192.168.1.5")
    assert not needs_token("127.0.0.1") and not needs_token("localhost")


# ---------------------------------------------------------------- uploads

PAGE = """Kharsk Herald

Brenna ferry resumes crossings after repairs

BRENNA, March 9 -- The Brenna river ferry resumed crossings on Sunday after three weeks of
repairs, the port authority said.

"We carried four hundred passengers on the first day," harbour master Ilya Dorn said.
"""


def _wait(client: TestClient, job_id: str) -> dict[str, Any]:
    for _ in range(200):
        job: dict[str, Any] = client.get(f"/api/ingest/jobs/{job_id}").json()
        if not job["running"]:
            return job
        time.sleep(0.05)
    raise AssertionError("the upload job did not finish")


def test_web_upload_is_ingested(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'up.db'}"
    with TestClient(make_app(url)) as client:
        response = client.post("/api/ingest", files=[
            ("files", ("../../etc/brenna-ferry.txt", PAGE.encode(), "text/plain"))])
        assert response.status_code == 202
        job = _wait(client, response.json()["id"])
        assert job["status"] == "done" and job["added"] == 1 and job["rejected"] == []
        assert job["files"] == ["brenna-ferry.txt"]
        hits = client.get("/api/search", params={"q": "ferry"}).json()["results"]
        assert [h["article_id"] for h in hits] == job["article_ids"]
        assert "Brenna ferry resumes" in client.get(f"/ingest/jobs/{job['id']}").text
    assert not (tmp_path / "etc").exists() and not Path("/etc/brenna-ferry.txt").exists()


def test_web_upload_form_redirects_to_its_job(tmp_path: Path) -> None:
    with TestClient(make_app(f"sqlite:///{tmp_path / 'form.db'}")) as client:
        response = client.post("/ingest", files=[("files", ("a.txt", PAGE.encode()))],
                               follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/ingest/jobs/")
        assert client.get(response.headers["location"]).status_code == 200


def test_web_upload_rejects_binary_and_too_big(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bad.db'}"
    settings = Settings(db=url, ingest=IngestOptions(max_bytes=200))
    with TestClient(make_app(url, settings=settings)) as client:
        png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
        job = client.post("/api/ingest", files=[("files", ("photo.txt", png))]).json()
        assert job["status"] == "failed" and "PNG" in job["rejected"][0]
        assert job["rejected"][0].startswith("photo.txt:")
        big = client.post("/api/ingest", files=[("files", ("big.txt", PAGE.encode() * 3))])
        assert "too big" in big.json()["rejected"][0]
        worker = client.app.state.worker  # type: ignore[attr-defined]
        assert not any(p.is_file() for p in worker.spool.rglob("*"))
        assert client.post("/api/ingest").status_code == 422


def test_web_openapi_lists_every_api_route(client: TestClient) -> None:
    paths = json.loads(client.get("/openapi.json").text)["paths"]
    for path in ("/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}",
                 "/api/quotes", "/api/actors/{actor_id}", "/api/outlets/{outlet_id}",
                 "/api/search", "/api/ingest", "/api/ingest/jobs/{job_id}"):
        assert path in paths
