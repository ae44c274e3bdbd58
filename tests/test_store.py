"""The Store contract: every backend must pass these (SQLite here; PostgreSQL when available)."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sqlite3
import uuid
from collections.abc import Generator, Iterator
from pathlib import Path

import pytest

from parallax.errors import StoreError
from parallax.models import (
    Article,
    Dateline,
    Entity,
    Quote,
    Rejected,
    Story,
    Technique,
    article_id,
    stable_id,
)
from parallax.store import ArticleFilter, FetchState, Source, Store, open_store
from parallax.store.base import ArticleResults, QuoteFilter
from parallax.store.migrations import (
    POSTGRES_MIGRATIONS,
    SQLITE_MIGRATIONS,
    Migration,
    pending,
)
from parallax.store.postgres import PostgresStore


def make_article(
    headline: str = "Ceasefire talks open in Bressa",
    paragraphs: tuple[str, ...] = ("UN envoy Lucia Brandt opened talks on Monday.",
                                   "Both delegations arrived late."),
    outlet: str | None = "Meridian",
    url: str | None = None,
    published: str | None = "2025-03-04",
) -> Article:
    return Article(
        id=article_id(url=url, outlet=outlet, headline=headline, paragraphs=paragraphs),
        source="test.txt", headline=headline, paragraphs=paragraphs, outlet=outlet, url=url,
        published=published, dateline=Dateline("BRESSA", "March 4", "Meridian"),
    )


def postgres_schema_url() -> Generator[str, None, None]:
    """A URL whose search_path is a fresh schema in PARALLAX_TEST_POSTGRES, dropped afterwards;
    skips when the variable is unset or the server does not answer."""
    base = os.environ.get("PARALLAX_TEST_POSTGRES")
    if not base:
        pytest.skip("PARALLAX_TEST_POSTGRES is not set (run .ci/postgres.sh to get a URL)")
    psycopg = pytest.importorskip("psycopg")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(base, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL at PARALLAX_TEST_POSTGRES is unreachable: {exc}")
    with admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        separator = "&" if "?" in base else "?"
        try:
            yield f"{base}{separator}options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_db: str) -> Iterator[str]:
    """The same contract runs against every backend."""
    if request.param == "sqlite":
        yield tmp_db
    else:
        yield from postgres_schema_url()


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    opened = open_store(db_url)
    yield opened
    opened.close()


def test_store_round_trips_an_article(store: Store) -> None:
    article = make_article()
    assert [r.status for r in store.save_articles([article])] == ["added"]
    assert store.get_article(article.id) == article
    assert store.count_articles() == 1


def test_store_identical_content_is_stored_once(store: Store) -> None:
    article = make_article()
    store.save_articles([article])
    assert [r.status for r in store.save_articles([article])] == ["unchanged"]
    assert store.count_articles() == 1
    assert len(store.revisions(article.id)) == 1


def test_store_changed_page_at_same_url_becomes_a_revision(store: Store) -> None:
    url = "https://varniatoday.example/news/ceasefire"
    first = make_article(url=url)
    second = make_article(url=url, paragraphs=(*first.paragraphs, "Talks resume on Tuesday."))
    assert first.id == second.id
    store.save_articles([first])
    assert [r.status for r in store.save_articles([second])] == ["revised"]
    revisions = store.revisions(first.id)
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[0].paragraphs == first.paragraphs
    assert store.get_article(first.id) == second
    # the search index follows the latest revision only
    assert [h.article_id for h in store.search("Tuesday")] == [first.id]


def test_store_search_finds_words_and_survives_syntax(store: Store) -> None:
    store.save_articles([make_article(), make_article(headline="Drone strike on Brenna port",
                                                      paragraphs=("Three barges burned.",))])
    hits = store.search("barges")
    assert len(hits) == 1
    assert "[barges]" in hits[0].snippet
    assert store.search('"unbalanced AND (') == []
    assert store.search("") == []


def test_store_filters_and_orders_articles(store: Store) -> None:
    late = make_article(headline="Late", published="2025-03-09", outlet="KNA")
    early = make_article(headline="Early", published="2025-03-01")
    undated = make_article(headline="Undated", published=None)
    store.save_articles([late, undated, early])
    assert [a.headline for a in store.iter_articles()] == ["Early", "Late", "Undated"]
    assert [a.headline for a in store.iter_articles(ArticleFilter(outlet="KNA"))] == ["Late"]
    assert store.count_articles(ArticleFilter(ids=[early.id, late.id])) == 2
    assert store.count_articles(ArticleFilter(ids=[])) == 0


def test_store_records_each_rejection_once(store: Store) -> None:
    bad = Rejected("photo.png", "ingest", "a PNG image, not a page")
    store.save_rejected([bad])
    store.save_rejected([bad])
    assert store.list_rejected() == [bad]


def test_store_reopens_with_data_and_schema(db_url: str) -> None:
    first = open_store(db_url)
    first.save_articles([make_article()])
    first.close()
    again = open_store(db_url)
    assert again.count_articles() == 1
    again.close()


def test_store_keeps_story_assignment_across_revisions(tmp_db: str) -> None:
    url = "https://kna.example/1"
    store = open_store(tmp_db)
    article = make_article(url=url)
    store.save_articles([article])
    path = tmp_db.removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE articles SET story_id = 's1' WHERE id = ?", (article.id,))
    store.save_articles([dataclasses.replace(article, headline="Changed")])
    stored = store.get_article(article.id)
    assert stored is not None and stored.story_id == "s1" and stored.headline == "Changed"
    store.close()


def test_store_rejects_bad_urls(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown database URL"):
        open_store("mysql://x")
    with pytest.raises(StoreError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path}/missing/dir/x.db")
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        open_store(f"sqlite:///{garbage}")


def test_store_migrations_must_be_numbered_without_gaps() -> None:
    one = Migration(1, "a", ())
    three = Migration(3, "c", ())
    assert pending([one], 0) == [one]
    assert pending([one], 1) == []
    with pytest.raises(ValueError, match="without gaps"):
        pending([one, three], 0)


def make_quote(article: Article, text: str = "We will not retreat", **changes: object) -> Quote:
    paragraph = article.paragraphs[0]
    start = paragraph.find(text)
    quote = Quote(
        id=stable_id(article.id, text), article_id=article.id, kind="direct", text=text,
        paragraph=0, start=start, end=start + len(text), speaker="Anton Selvik",
        speaker_mention="Selvik", cue="said",
    )
    return dataclasses.replace(quote, **changes)  # type: ignore[arg-type]


def test_store_saves_nlp_results_and_marks_the_revision_processed(store: Store) -> None:
    article = make_article(paragraphs=('"We will not retreat," Selvik said of "peacekeepers".',))
    store.save_articles([article])
    assert store.count_articles(ArticleFilter(unprocessed=True)) == 1
    entity = Entity("Anton Selvik", "PERSON", ("Selvik",), ("president",))
    speech = make_quote(article)
    scare = make_quote(article, "peacekeepers", kind="direct", speaker=None,
                       speaker_mention=None, cue=None, is_speech=False)
    store.save_results([ArticleResults(article.id, article.content_hash, (entity,),
                                       (speech, scare))])
    assert store.count_articles(ArticleFilter(unprocessed=True)) == 0
    stored = store.get_article(article.id)
    assert stored is not None and stored.entities == (entity,)
    assert list(store.iter_quotes()) == [speech]
    assert len(list(store.iter_quotes(QuoteFilter(speech_only=False)))) == 2
    assert list(store.iter_quotes(QuoteFilter(speaker="selvik"))) == [speech]
    assert list(store.iter_quotes(QuoteFilter(speaker="Belskaya"))) == []
    assert store.actor_articles("Anton Selvik") == [article.id]
    # processing again replaces, never duplicates
    store.save_results([ArticleResults(article.id, article.content_hash, (entity,), (speech,))])
    assert len(list(store.iter_quotes(QuoteFilter(speech_only=False)))) == 1
    store.set_quote_groups({speech.id: "g1"})
    assert [q.group_id for q in store.iter_quotes(QuoteFilter(group_id="g1"))] == ["g1"]


def test_store_revised_article_needs_processing_again(store: Store) -> None:
    url = "https://kna.example/2"
    article = make_article(url=url)
    store.save_articles([article])
    store.save_results([ArticleResults(article.id, article.content_hash)])
    store.save_articles([dataclasses.replace(article, paragraphs=("New text.",))])
    assert store.count_articles(ArticleFilter(unprocessed=True)) == 1


def test_store_keeps_techniques_embeddings_and_stories(store: Store) -> None:
    a, b = make_article(), make_article(headline="Other", outlet="KNA", published="2025-03-05")
    store.save_articles([a, b])
    assert store.count_articles(ArticleFilter(unclustered=True)) == 2
    technique = Technique("t1", a.id, "loaded_language", 0, 0, 6, "UN env", reason="test")
    store.save_results([ArticleResults(a.id, a.content_hash, techniques=(technique,))])
    assert list(store.iter_techniques(a.id)) == [technique]
    store.save_embeddings("m", [(a.id, a.content_hash, b"\x00\x01"), (b.id, "h", b"\x02")])
    assert store.load_embeddings("m", [a.id]) == {a.id: (a.content_hash, b"\x00\x01")}
    assert len(store.load_embeddings("m")) == 2
    assert store.load_embeddings("other") == {}
    story = Story("s1", "Other", (a.id, b.id), ("KNA", "Meridian"), "2025-03-04", "2025-03-05")
    old = Story("s0", "Old", (), ())
    store.save_stories([old])
    store.save_stories([story], removed=["s0"])
    assert store.list_stories() == [story]
    assert store.get_story("s1") == story and store.get_story("s0") is None
    assert {x.story_id for x in store.iter_articles()} == {"s1"}
    assert store.count_articles(ArticleFilter(story_id="s1")) == 2
    assert store.count_stories() == 1
    assert store.count_articles(ArticleFilter(story_ids=["s1", "s9"])) == 2
    assert store.count_articles(ArticleFilter(story_ids=[])) == 0
    assert store.count_articles(ArticleFilter(unclustered=True)) == 0
    # a date range: from inclusive, before exclusive (a bare date ends before its own day)
    day = ArticleFilter(published_from="2025-03-05", published_before="2025-03-06")
    assert [x.id for x in store.iter_articles(day)] == [b.id]


def test_store_caches_text_vectors(store: Store) -> None:
    keys = [f"k{i}" for i in range(1200)]  # more than one SQL chunk
    store.save_text_vectors("m", [(k, k.encode()) for k in keys])
    found = store.load_text_vectors("m", [*keys, "missing", "k1"])
    assert len(found) == 1200 and found["k7"] == b"k7"
    assert store.load_text_vectors("other", keys) == {}


FEED = "https://kna.example/rss/varnia.xml"


def test_store_follows_sources_with_fetch_state_and_seen_links(store: Store) -> None:
    assert store.add_source(Source(FEED, "KNA", "Kharsk", "2025-03-17T09:00:00+00:00"))
    assert store.add_source(Source("https://varniatoday.example/feed", added_at="2025-03-18"))
    assert not store.add_source(Source(FEED, "Kharsk News Agency", "Kharsk", "later"))
    listed = store.list_sources()
    assert [s.url for s in listed] == [FEED, "https://varniatoday.example/feed"]
    assert listed[0] == Source(FEED, "Kharsk News Agency", "Kharsk", "2025-03-17T09:00:00+00:00")
    state = FetchState(FEED, etag='"abc"', last_status=503, failures=2, last_error="HTTP 503")
    store.save_fetch_state(state)
    assert store.get_fetch_state(FEED) == state
    store.save_fetch_state(FetchState(FEED, etag='"def"'))
    assert store.get_fetch_state(FEED) == FetchState(FEED, etag='"def"')
    links = [f"https://kna.example/news/{n}" for n in range(1200)]
    store.mark_seen(FEED, dict.fromkeys(links[:1000], "v1"))
    store.mark_seen(FEED, {links[0]: "v2"})
    seen = store.seen_links(FEED, links)
    assert len(seen) == 1000 and seen[links[0]] == "v2"
    assert store.remove_source(FEED) and not store.remove_source(FEED)
    assert store.get_fetch_state(FEED) is None and store.seen_links(FEED, links) == {}


def test_store_can_be_written_while_iterating(store: Store) -> None:
    articles = [make_article(headline=f"Report {n}", published=f"2025-03-{n + 1:02d}")
                for n in range(5)]
    store.save_articles(articles)
    for article in store.iter_articles(ArticleFilter(unprocessed=True)):
        store.save_results([ArticleResults(article.id, article.content_hash)])
    assert store.count_articles(ArticleFilter(unprocessed=True)) == 0


def test_store_postgres_migrations_mirror_sqlite() -> None:
    assert [(m.number, m.name) for m in POSTGRES_MIGRATIONS] == [
        (m.number, m.name) for m in SQLITE_MIGRATIONS
    ]


def test_store_postgres_unreachable_server_is_a_clear_error() -> None:
    with pytest.raises(StoreError, match=r"cannot connect to PostgreSQL") as caught:
        open_store("postgresql://parallax:secret@127.0.0.1:1/parallax")
    assert "secret" not in str(caught.value)


def test_store_postgres_records_schema_version_and_reopens_without_migrating() -> None:
    with contextlib.closing(postgres_schema_url()) as urls:
        url = next(urls)
        first = PostgresStore(url)
        assert first.schema_version == len(POSTGRES_MIGRATIONS)
        first.close()
        again = PostgresStore(url)
        assert again.schema_version == len(POSTGRES_MIGRATIONS)
        again.close()
