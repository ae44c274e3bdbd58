"""The PostgreSQL store: the same contract as SQLite, for corpora that outgrow one file.

psycopg 3 in autocommit mode; every ``save_*`` call is one explicit transaction. Full-text search
is a generated ``tsvector`` column with a GIN index, queried with ``plainto_tsquery`` (plain
words, never a syntax error) and ``ts_headline`` snippets marked with ``[`` and ``]``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import psycopg

from parallax.errors import StoreError
from parallax.models import Article, Quote, Rejected, SaveResult, Story, Technique
from parallax.store.base import (
    ArticleFilter,
    ArticleResults,
    FetchState,
    QuoteFilter,
    Revision,
    SearchHit,
    Source,
)
from parallax.store.migrations import POSTGRES_MIGRATIONS, Migration, apply
from parallax.store.rows import (
    ARTICLE_COLUMNS,
    FETCH_STATE_COLUMNS,
    FETCH_STATE_NAMES,
    QUOTE_COLUMNS,
    QUOTE_NAMES,
    STORY_COLUMNS,
    TECHNIQUE_COLUMNS,
    TECHNIQUE_NAMES,
    WORD,
    article_where,
    now,
    row_article,
    row_story,
    save_version,
)

_ORDER_ARTICLES = "ORDER BY published IS NULL, published, id"
_HEADLINE_OPTIONS = (
    'StartSel=[, StopSel=], MaxWords=16, MinWords=6, MaxFragments=1, FragmentDelimiter=" … "'
)
_ITER_CHUNK = 500
"""Articles are read by id in chunks, so callers may write to the store while iterating."""
_MIGRATION_LOCK = 0x70617261  # any constant: serialises migrations across processes


class PostgresStore:
    """A :class:`parallax.store.base.Store` over one PostgreSQL database (or schema)."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self._db = psycopg.connect(url, autocommit=True, connect_timeout=10)
        except psycopg.Error as exc:
            raise StoreError(f"{redact(url)}: cannot connect to PostgreSQL: {exc}") from None
        try:
            self._migrate()
        except psycopg.Error as exc:
            self._db.close()
            raise StoreError(f"{redact(url)}: cannot migrate the database: {exc}") from None

    # -- schema ---------------------------------------------------------------------------
    def _migrate(self) -> None:
        self._db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")

        def run(migration: Migration) -> None:
            with self._db.transaction():
                # Another process may be migrating the same database: wait, then re-check.
                self._db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                if self._version() >= migration.number:
                    return
                for statement in migration.statements:
                    self._db.execute(statement)
                self._db.execute("DELETE FROM schema_version")
                self._db.execute("INSERT INTO schema_version VALUES (%s)", (migration.number,))

        apply(POSTGRES_MIGRATIONS, self._version(), run)

    def _version(self) -> int:
        row = self._db.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    @property
    def schema_version(self) -> int:
        return self._version()

    # -- articles -------------------------------------------------------------------------
    def save_articles(self, articles: Iterable[Article]) -> list[SaveResult]:
        with self._db.transaction():
            return [self._save_one(article) for article in articles]

    def _save_one(self, article: Article) -> SaveResult:
        return save_version(self._db.execute, article, mark="%s", index=self._index,
                            lock=" FOR UPDATE")

    def _index(self, article: Article, new: bool) -> None:
        del new  # the upsert covers both cases
        self._db.execute(
            "INSERT INTO articles_fts (article_id, headline, body) VALUES (%s, %s, %s) "
            "ON CONFLICT (article_id) DO UPDATE "
            "SET headline = excluded.headline, body = excluded.body",
            (article.id, article.headline, "\n".join((article.standfirst or "", article.text))),
        )

    def get_article(self, article_id: str) -> Article | None:
        row = self._db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = %s", (article_id,)
        ).fetchone()
        return row_article(row) if row else None

    def iter_articles(self, where: ArticleFilter | None = None) -> Iterator[Article]:
        sql, params = _article_where(where)
        ids = [r[0] for r in self._db.execute(
            f"SELECT id FROM articles{sql} {_ORDER_ARTICLES}", params
        ).fetchall()]
        for start in range(0, len(ids), _ITER_CHUNK):
            rows = self._db.execute(
                f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ANY(%s) {_ORDER_ARTICLES}",
                (ids[start : start + _ITER_CHUNK],),
            ).fetchall()
            for row in rows:
                yield row_article(row)

    def count_articles(self, where: ArticleFilter | None = None) -> int:
        sql, params = _article_where(where)
        row = self._db.execute(f"SELECT count(*) FROM articles{sql}", params).fetchone()
        return int(row[0]) if row else 0

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        words = " ".join(WORD.findall(query))
        if not words:
            return []
        rows = self._db.execute(
            "SELECT a.id, a.headline, a.outlet, a.published, "
            "ts_headline('simple', f.body, q.query, %s) "
            "FROM articles_fts f JOIN articles a ON a.id = f.article_id, "
            "plainto_tsquery('simple', %s) AS q(query) "
            "WHERE f.document @@ q.query "
            "ORDER BY ts_rank(f.document, q.query) DESC, a.id LIMIT %s OFFSET %s",
            (_HEADLINE_OPTIONS, words, limit, offset),
        ).fetchall()
        return [SearchHit(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def revisions(self, article_id: str) -> list[Revision]:
        rows = self._db.execute(
            "SELECT article_id, number, content_hash, headline, paragraphs, fetched, stored_at "
            "FROM revisions WHERE article_id = %s ORDER BY number",
            (article_id,),
        ).fetchall()
        return [
            Revision(r[0], int(r[1]), r[2], r[3], tuple(json.loads(r[4])), r[5], r[6])
            for r in rows
        ]

    # -- rejected inputs ------------------------------------------------------------------
    def save_rejected(self, rejected: Iterable[Rejected]) -> None:
        stamp = now()
        rows = [(r.source, r.stage, r.reason, stamp) for r in rejected]
        with self._db.transaction(), self._db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO rejected VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING", rows
            )

    def list_rejected(self) -> list[Rejected]:
        rows = self._db.execute(
            "SELECT source, stage, reason FROM rejected ORDER BY stored_at, source"
        ).fetchall()
        return [Rejected(*r) for r in rows]

    # -- NLP results ----------------------------------------------------------------------
    def save_results(self, results: Iterable[ArticleResults]) -> None:
        with self._db.transaction(), self._db.cursor() as cursor:
            for result in results:
                _save_result(cursor, result)

    def iter_quotes(self, where: QuoteFilter | None = None) -> Iterator[Quote]:
        where = where or QuoteFilter()
        clauses: list[str] = []
        params: list[Any] = []
        if where.speech_only:
            clauses.append("q.is_speech")
        if where.speaker:
            clauses.append("(lower(q.speaker) LIKE %s OR lower(q.speaker_mention) LIKE %s)")
            params += [f"%{_escape_like(where.speaker.lower())}%"] * 2
        for column, value in (("q.article_id", where.article_id), ("a.story_id", where.story_id),
                              ("a.outlet", where.outlet), ("q.group_id", where.group_id)):
            if value is not None:
                clauses.append(f"{column} = %s")
                params.append(value)
        sql = " WHERE " + " AND ".join(clauses) if clauses else ""
        rows = self._db.execute(
            f"SELECT {', '.join('q.' + n for n in QUOTE_COLUMNS.split(', '))} FROM quotes q "
            f"JOIN articles a ON a.id = q.article_id{sql} "
            "ORDER BY a.published IS NULL, a.published, q.article_id, q.paragraph, q.start",
            params,
        ).fetchall()
        for row in rows:
            yield Quote.from_dict(dict(zip(QUOTE_NAMES, row, strict=True)))

    def set_quote_groups(self, groups: Mapping[str, str]) -> None:
        with self._db.transaction(), self._db.cursor() as cursor:
            cursor.executemany(
                "UPDATE quotes SET group_id = %s WHERE id = %s",
                [(group, quote_id) for quote_id, group in groups.items()],
            )

    def iter_techniques(self, article_id: str | None = None) -> Iterator[Technique]:
        sql = " WHERE article_id = %s" if article_id else ""
        rows = self._db.execute(
            f"SELECT {TECHNIQUE_COLUMNS} FROM techniques{sql} "
            'ORDER BY article_id, paragraph, start, "end", technique',
            (article_id,) if article_id else (),
        ).fetchall()
        for row in rows:
            yield Technique.from_dict(dict(zip(TECHNIQUE_NAMES, row, strict=True)))

    def actor_articles(self, canonical: str) -> list[str]:
        rows = self._db.execute(
            "SELECT DISTINCT article_id FROM actor_mentions WHERE canonical = %s ORDER BY 1",
            (canonical,),
        ).fetchall()
        return [r[0] for r in rows]

    # -- embeddings and stories -----------------------------------------------------------
    def save_embeddings(self, model: str, rows: Iterable[tuple[str, str, bytes]]) -> None:
        values = [(article_id, model, content_hash, vector)
                  for article_id, content_hash, vector in rows]
        with self._db.transaction(), self._db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO embeddings VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (article_id, model) DO UPDATE "
                "SET content_hash = excluded.content_hash, vector = excluded.vector",
                values,
            )

    def load_embeddings(
        self, model: str, ids: Sequence[str] | None = None
    ) -> dict[str, tuple[str, bytes]]:
        sql = "SELECT article_id, content_hash, vector FROM embeddings WHERE model = %s"
        params: list[Any] = [model]
        if ids is not None:
            ids = list(ids)
            if not ids:
                return {}
            sql += " AND article_id = ANY(%s)"
            params.append(ids)
        return {r[0]: (r[1], bytes(r[2])) for r in self._db.execute(sql, params).fetchall()}

    def load_text_vectors(self, model: str, keys: Sequence[str]) -> dict[str, bytes]:
        unique = list(dict.fromkeys(keys))
        if not unique:
            return {}
        rows = self._db.execute(
            "SELECT key, vector FROM text_vectors WHERE model = %s AND key = ANY(%s)",
            (model, unique),
        ).fetchall()
        return {r[0]: bytes(r[1]) for r in rows}

    def save_text_vectors(self, model: str, rows: Iterable[tuple[str, bytes]]) -> None:
        values = [(key, model, vector) for key, vector in rows]
        with self._db.transaction(), self._db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO text_vectors VALUES (%s, %s, %s) ON CONFLICT (key, model) "
                "DO UPDATE SET vector = excluded.vector",
                values,
            )

    def save_stories(self, stories: Iterable[Story], *, removed: Sequence[str] = ()) -> None:
        stamp = now()
        with self._db.transaction(), self._db.cursor() as cursor:
            if removed:
                cursor.execute("DELETE FROM stories WHERE id = ANY(%s)", (list(removed),))
            for story in stories:
                cursor.execute(
                    "INSERT INTO stories VALUES (%s, %s, %s, %s, %s, %s, %s, %s) "
                    "ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
                    "article_ids = excluded.article_ids, outlets = excluded.outlets, "
                    "first_published = excluded.first_published, "
                    "last_published = excluded.last_published, size = excluded.size, "
                    "updated_at = excluded.updated_at",
                    (story.id, story.title, json.dumps(list(story.article_ids)),
                     json.dumps(list(story.outlets), ensure_ascii=False), story.first_published,
                     story.last_published, len(story.article_ids), stamp),
                )
                cursor.execute(
                    "UPDATE articles SET story_id = %s WHERE id = ANY(%s)",
                    (story.id, list(story.article_ids)),
                )

    def list_stories(self, *, limit: int | None = None, offset: int = 0) -> list[Story]:
        rows = self._db.execute(
            f"SELECT {STORY_COLUMNS} FROM stories "
            "ORDER BY last_published IS NULL, last_published DESC, size DESC, id "
            "LIMIT %s OFFSET %s",
            (limit, offset),  # LIMIT NULL means no limit
        ).fetchall()
        return [row_story(r) for r in rows]

    def count_stories(self) -> int:
        row = self._db.execute("SELECT count(*) FROM stories").fetchone()
        return int(row[0]) if row else 0

    def get_story(self, story_id: str) -> Story | None:
        row = self._db.execute(
            f"SELECT {STORY_COLUMNS} FROM stories WHERE id = %s", (story_id,)
        ).fetchone()
        return row_story(row) if row else None

    # -- followed sources -----------------------------------------------------------------
    def add_source(self, source: Source) -> bool:
        with self._db.transaction():
            row = self._db.execute(
                "INSERT INTO sources (url, outlet, side, added_at) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (url) DO UPDATE SET outlet = excluded.outlet, side = excluded.side "
                "RETURNING (xmax = 0)",  # xmax is 0 on a freshly inserted row
                (source.url, source.outlet, source.side, source.added_at or now()),
            ).fetchone()
        return bool(row and row[0])

    def list_sources(self) -> list[Source]:
        rows = self._db.execute(
            "SELECT url, outlet, side, added_at FROM sources ORDER BY added_at, seq"
        ).fetchall()
        return [Source(*r) for r in rows]

    def remove_source(self, url: str) -> bool:
        with self._db.transaction(), self._db.cursor() as cursor:
            cursor.execute("DELETE FROM sources WHERE url = %s", (url,))
            gone = cursor.rowcount
            cursor.execute("DELETE FROM seen_links WHERE source_url = %s", (url,))
            cursor.execute("DELETE FROM fetch_state WHERE url = %s", (url,))
        return gone > 0

    def get_fetch_state(self, url: str) -> FetchState | None:
        row = self._db.execute(
            f"SELECT {FETCH_STATE_COLUMNS} FROM fetch_state WHERE url = %s", (url,)
        ).fetchone()
        return FetchState(*row) if row else None

    def save_fetch_state(self, state: FetchState) -> None:
        updates = ", ".join(f"{n} = excluded.{n}" for n in FETCH_STATE_NAMES if n != "url")
        with self._db.transaction():
            self._db.execute(
                f"INSERT INTO fetch_state ({FETCH_STATE_COLUMNS}) "
                f"VALUES ({', '.join(['%s'] * len(FETCH_STATE_NAMES))}) "
                f"ON CONFLICT (url) DO UPDATE SET {updates}",
                tuple(getattr(state, name) for name in FETCH_STATE_NAMES),
            )

    def seen_links(self, source_url: str, links: Sequence[str]) -> dict[str, str]:
        wanted = list(dict.fromkeys(links))
        if not wanted:
            return {}
        rows = self._db.execute(
            "SELECT link, fingerprint FROM seen_links WHERE source_url = %s AND link = ANY(%s)",
            (source_url, wanted),
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    def mark_seen(self, source_url: str, links: Mapping[str, str]) -> None:
        stamp = now()
        with self._db.transaction(), self._db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO seen_links VALUES (%s, %s, %s, %s) ON CONFLICT (source_url, link) "
                "DO UPDATE SET fingerprint = excluded.fingerprint",
                [(source_url, link, fingerprint, stamp) for link, fingerprint in links.items()],
            )

    def close(self) -> None:
        self._db.close()


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    credentials, at, host = rest.rpartition("@")
    if not at or ":" not in credentials:
        return url
    return f"{scheme}{sep}{credentials.split(':', 1)[0]}:***@{host}"


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _article_where(where: ArticleFilter | None) -> tuple[str, list[Any]]:
    return article_where(where, "%s", lambda column, values: (f"{column} = ANY(%s)", [values]))


def _save_result(cursor: psycopg.Cursor[Any], result: ArticleResults) -> None:
    article_id = result.article_id
    for table in ("actor_mentions", "quotes", "techniques"):
        cursor.execute(f"DELETE FROM {table} WHERE article_id = %s", (article_id,))
    entities = json.dumps([e.to_dict() for e in result.entities], ensure_ascii=False)
    cursor.execute(
        "UPDATE articles SET entities = %s, processed_hash = %s WHERE id = %s",
        (entities, result.content_hash, article_id),
    )
    cursor.executemany(
        "INSERT INTO actor_mentions VALUES (%s, %s, %s, %s) ON CONFLICT DO NOTHING",
        [(article_id, e.canonical, e.type, json.dumps(list(e.mentions), ensure_ascii=False))
         for e in result.entities],
    )
    cursor.executemany(
        _upsert("quotes", QUOTE_COLUMNS, len(QUOTE_NAMES)),
        [tuple(getattr(q, name) for name in QUOTE_NAMES) for q in result.quotes],
    )
    cursor.executemany(
        _upsert("techniques", TECHNIQUE_COLUMNS, len(TECHNIQUE_NAMES)),
        [tuple(getattr(t, name) for name in TECHNIQUE_NAMES) for t in result.techniques],
    )


def _upsert(table: str, columns: str, count: int) -> str:
    """INSERT … ON CONFLICT (id) DO UPDATE every column: SQLite's INSERT OR REPLACE."""
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns.split(", ") if c != "id")
    return (f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * count)}) "
            f"ON CONFLICT (id) DO UPDATE SET {updates}")
