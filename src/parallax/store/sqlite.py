"""The default store: one SQLite file, WAL mode, numbered migrations, an FTS5 index."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

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
from parallax.store.migrations import SQLITE_MIGRATIONS, Migration, apply
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


def sqlite_path(url: str) -> str:
    """``sqlite:///rel.db`` → ``rel.db``; ``sqlite:////abs.db`` → ``/abs.db``; ``:memory:`` kept."""
    if not url.startswith("sqlite:///"):
        raise StoreError(f"{url}: not a SQLite URL (expected sqlite:///path/to/file.db)")
    path = url.removeprefix("sqlite:///")
    if not path:
        raise StoreError(f"{url}: the SQLite URL names no file")
    return path


class SQLiteStore:
    """A :class:`parallax.store.base.Store` over one SQLite file; one writer at a time."""

    def __init__(self, url: str) -> None:
        self.url = url
        path = sqlite_path(url)
        if path != ":memory:":
            parent = Path(path).parent
            if not parent.is_dir():
                raise StoreError(f"{url}: the folder {parent} does not exist")
        try:
            self._db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{url}: cannot open the database: {exc}") from None

    # -- schema ---------------------------------------------------------------------------
    def _migrate(self) -> None:
        current = int(self._db.execute("PRAGMA user_version").fetchone()[0])

        def run(migration: Migration) -> None:
            with self._transaction():
                for statement in migration.statements:
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {migration.number}")

        apply(SQLITE_MIGRATIONS, current, run)

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # -- articles -------------------------------------------------------------------------
    def save_articles(self, articles: Iterable[Article]) -> list[SaveResult]:
        results: list[SaveResult] = []
        with self._transaction():
            for article in articles:
                results.append(self._save_one(article))
        return results

    def _save_one(self, article: Article) -> SaveResult:
        return save_version(self._db.execute, article, mark="?", index=self._index)

    def _index(self, article: Article, new: bool) -> None:
        if not new:
            # A scan (article_id is not indexed in FTS5): only ever done for a revision. Doing
            # it for every new article made ingest quadratic (18 articles/s at 50k).
            self._db.execute("DELETE FROM articles_fts WHERE article_id = ?", (article.id,))
        self._db.execute(
            "INSERT INTO articles_fts (article_id, headline, body) VALUES (?, ?, ?)",
            (article.id, article.headline, "\n".join((article.standfirst or "", article.text))),
        )

    def get_article(self, article_id: str) -> Article | None:
        row = self._db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        return row_article(row) if row else None

    def _where(self, where: ArticleFilter | None) -> tuple[str, list[Any]]:
        return article_where(where, "?", _in_list)

    def iter_articles(self, where: ArticleFilter | None = None) -> Iterator[Article]:
        sql, params = self._where(where)
        cursor = self._db.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles{sql} "
            "ORDER BY published IS NULL, published, id",
            params,
        )
        for row in cursor:
            yield row_article(row)

    def count_articles(self, where: ArticleFilter | None = None) -> int:
        sql, params = self._where(where)
        return int(self._db.execute(f"SELECT count(*) FROM articles{sql}", params).fetchone()[0])

    def search(self, query: str, *, limit: int = 20, offset: int = 0) -> list[SearchHit]:
        match = fts_query(query)
        if not match:
            return []
        rows = self._db.execute(
            "SELECT a.id, a.headline, a.outlet, a.published, "
            "snippet(articles_fts, 2, '[', ']', ' … ', 16) "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.article_id "
            "WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 0, 4.0, 1.0), a.id "
            "LIMIT ? OFFSET ?",
            (match, limit, offset),
        ).fetchall()
        return [SearchHit(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    def revisions(self, article_id: str) -> list[Revision]:
        rows = self._db.execute(
            "SELECT article_id, number, content_hash, headline, paragraphs, fetched, stored_at "
            "FROM revisions WHERE article_id = ? ORDER BY number",
            (article_id,),
        ).fetchall()
        return [
            Revision(r[0], int(r[1]), r[2], r[3], tuple(json.loads(r[4])), r[5], r[6])
            for r in rows
        ]

    # -- rejected inputs ------------------------------------------------------------------
    def save_rejected(self, rejected: Iterable[Rejected]) -> None:
        stamp = now()
        with self._transaction():
            self._db.executemany(
                "INSERT OR IGNORE INTO rejected VALUES (?, ?, ?, ?)",
                [(r.source, r.stage, r.reason, stamp) for r in rejected],
            )

    def list_rejected(self) -> list[Rejected]:
        rows = self._db.execute(
            "SELECT source, stage, reason FROM rejected ORDER BY stored_at, source"
        ).fetchall()
        return [Rejected(*r) for r in rows]

    # -- NLP results ----------------------------------------------------------------------
    def save_results(self, results: Iterable[ArticleResults]) -> None:
        with self._transaction():
            for result in results:
                self._save_result(result)

    def _save_result(self, result: ArticleResults) -> None:
        article_id = result.article_id
        for table in ("actor_mentions", "quotes", "techniques"):
            self._db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        entities = json.dumps([e.to_dict() for e in result.entities], ensure_ascii=False)
        self._db.execute(
            "UPDATE articles SET entities = ?, processed_hash = ? WHERE id = ?",
            (entities, result.content_hash, article_id),
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO actor_mentions VALUES (?, ?, ?, ?)",
            [(article_id, e.canonical, e.type, json.dumps(list(e.mentions), ensure_ascii=False))
             for e in result.entities],
        )
        self._db.executemany(
            f"INSERT OR REPLACE INTO quotes ({QUOTE_COLUMNS}) "
            f"VALUES ({', '.join('?' * len(QUOTE_NAMES))})",
            [tuple(_quote_value(q, name) for name in QUOTE_NAMES) for q in result.quotes],
        )
        self._db.executemany(
            f"INSERT OR REPLACE INTO techniques ({TECHNIQUE_COLUMNS}) "
            f"VALUES ({', '.join('?' * len(TECHNIQUE_NAMES))})",
            [tuple(getattr(t, name) for name in TECHNIQUE_NAMES) for t in result.techniques],
        )

    def iter_quotes(self, where: QuoteFilter | None = None) -> Iterator[Quote]:
        where = where or QuoteFilter()
        clauses: list[str] = []
        params: list[Any] = []
        if where.speech_only:
            clauses.append("q.is_speech = 1")
        if where.speaker:
            clauses.append("(lower(q.speaker) LIKE ? OR lower(q.speaker_mention) LIKE ?)")
            params += [f"%{where.speaker.lower()}%"] * 2
        for column, value in (("q.article_id", where.article_id), ("a.story_id", where.story_id),
                              ("a.outlet", where.outlet), ("q.group_id", where.group_id)):
            if value is not None:
                clauses.append(f"{column} = ?")
                params.append(value)
        sql = " WHERE " + " AND ".join(clauses) if clauses else ""
        rows = self._db.execute(
            f"SELECT {', '.join('q.' + n for n in QUOTE_COLUMNS.split(', '))} FROM quotes q "
            f"JOIN articles a ON a.id = q.article_id{sql} "
            "ORDER BY a.published IS NULL, a.published, q.article_id, q.paragraph, q.start",
            params,
        )
        for row in rows:
            data = dict(zip(QUOTE_NAMES, row, strict=True))
            data["is_speech"] = bool(data["is_speech"])
            yield Quote.from_dict(data)

    def set_quote_groups(self, groups: Mapping[str, str]) -> None:
        with self._transaction():
            self._db.executemany(
                "UPDATE quotes SET group_id = ? WHERE id = ?",
                [(group, quote_id) for quote_id, group in groups.items()],
            )

    def iter_techniques(self, article_id: str | None = None) -> Iterator[Technique]:
        sql = " WHERE article_id = ?" if article_id else ""
        rows = self._db.execute(
            f"SELECT {TECHNIQUE_COLUMNS} FROM techniques{sql} "
            'ORDER BY article_id, paragraph, start, "end", technique',
            (article_id,) if article_id else (),
        )
        for row in rows:
            yield Technique.from_dict(dict(zip(TECHNIQUE_NAMES, row, strict=True)))

    def actor_articles(self, canonical: str) -> list[str]:
        rows = self._db.execute(
            "SELECT DISTINCT article_id FROM actor_mentions WHERE canonical = ? ORDER BY 1",
            (canonical,),
        ).fetchall()
        return [r[0] for r in rows]

    # -- embeddings and stories -----------------------------------------------------------
    def save_embeddings(self, model: str, rows: Iterable[tuple[str, str, bytes]]) -> None:
        with self._transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?)",
                [(article_id, model, content_hash, vector)
                 for article_id, content_hash, vector in rows],
            )

    def load_embeddings(
        self, model: str, ids: Sequence[str] | None = None
    ) -> dict[str, tuple[str, bytes]]:
        sql = "SELECT article_id, content_hash, vector FROM embeddings WHERE model = ?"
        rows = (self._db.execute(sql, (model,)) if ids is None
                else self._select_in(f"{sql} AND article_id", (model,), ids))
        return {r[0]: (r[1], bytes(r[2])) for r in rows}

    def load_text_vectors(self, model: str, keys: Sequence[str]) -> dict[str, bytes]:
        rows = self._select_in("SELECT key, vector FROM text_vectors WHERE model = ? AND key",
                               (model,), keys)
        return {key: bytes(vector) for key, vector in rows}

    def save_text_vectors(self, model: str, rows: Iterable[tuple[str, bytes]]) -> None:
        with self._transaction():
            self._db.executemany(
                "INSERT OR REPLACE INTO text_vectors VALUES (?, ?, ?)",
                [(key, model, vector) for key, vector in rows],
            )

    def save_stories(self, stories: Iterable[Story], *, removed: Sequence[str] = ()) -> None:
        stamp = now()
        with self._transaction():
            self._db.executemany("DELETE FROM stories WHERE id = ?", [(i,) for i in removed])
            for story in stories:
                self._db.execute(
                    "INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (story.id, story.title, json.dumps(list(story.article_ids)),
                     json.dumps(list(story.outlets), ensure_ascii=False), story.first_published,
                     story.last_published, len(story.article_ids), stamp),
                )
                self._db.executemany(
                    "UPDATE articles SET story_id = ? WHERE id = ?",
                    [(story.id, article_id) for article_id in story.article_ids],
                )

    def list_stories(self, *, limit: int | None = None, offset: int = 0) -> list[Story]:
        rows = self._db.execute(
            f"SELECT {STORY_COLUMNS} FROM stories "
            "ORDER BY last_published IS NULL, last_published DESC, size DESC, id "
            "LIMIT ? OFFSET ?",
            (-1 if limit is None else limit, offset),
        ).fetchall()
        return [row_story(r) for r in rows]

    def count_stories(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM stories").fetchone()[0])

    def get_story(self, story_id: str) -> Story | None:
        row = self._db.execute(
            f"SELECT {STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,)
        ).fetchone()
        return row_story(row) if row else None

    # -- followed sources -----------------------------------------------------------------
    def add_source(self, source: Source) -> bool:
        with self._transaction():
            known = self._db.execute(
                "SELECT 1 FROM sources WHERE url = ?", (source.url,)
            ).fetchone()
            if known:
                self._db.execute("UPDATE sources SET outlet = ?, side = ? WHERE url = ?",
                                 (source.outlet, source.side, source.url))
            else:
                self._db.execute("INSERT INTO sources VALUES (?, ?, ?, ?)",
                                 (source.url, source.outlet, source.side,
                                  source.added_at or now()))
        return known is None

    def list_sources(self) -> list[Source]:
        rows = self._db.execute(
            "SELECT url, outlet, side, added_at FROM sources ORDER BY added_at, rowid"
        ).fetchall()
        return [Source(*r) for r in rows]

    def remove_source(self, url: str) -> bool:
        with self._transaction():
            gone = self._db.execute("DELETE FROM sources WHERE url = ?", (url,)).rowcount
            self._db.execute("DELETE FROM seen_links WHERE source_url = ?", (url,))
            self._db.execute("DELETE FROM fetch_state WHERE url = ?", (url,))
        return bool(gone)

    def get_fetch_state(self, url: str) -> FetchState | None:
        row = self._db.execute(
            f"SELECT {FETCH_STATE_COLUMNS} FROM fetch_state WHERE url = ?", (url,)
        ).fetchone()
        return FetchState(*row) if row else None

    def save_fetch_state(self, state: FetchState) -> None:
        with self._transaction():
            self._db.execute(
                f"INSERT OR REPLACE INTO fetch_state ({FETCH_STATE_COLUMNS}) "
                f"VALUES ({', '.join('?' * len(FETCH_STATE_NAMES))})",
                tuple(getattr(state, name) for name in FETCH_STATE_NAMES),
            )

    def seen_links(self, source_url: str, links: Sequence[str]) -> dict[str, str]:
        rows = self._select_in(
            "SELECT link, fingerprint FROM seen_links WHERE source_url = ? AND link",
            (source_url,), links)
        return {str(link): str(fingerprint) for link, fingerprint in rows}

    def _select_in(
        self, head: str, fixed: tuple[Any, ...], keys: Sequence[str]
    ) -> Iterator[tuple[Any, ...]]:
        """Rows of ``head IN (keys)``, asked in chunks: SQLite caps the number of parameters."""
        unique = list(dict.fromkeys(keys))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            yield from self._db.execute(f"{head} IN ({', '.join('?' * len(chunk))})",
                                        (*fixed, *chunk))

    def mark_seen(self, source_url: str, links: Mapping[str, str]) -> None:
        stamp = now()
        with self._transaction():
            self._db.executemany(
                "INSERT INTO seen_links VALUES (?, ?, ?, ?) ON CONFLICT (source_url, link) "
                "DO UPDATE SET fingerprint = excluded.fingerprint",
                [(source_url, link, fingerprint, stamp) for link, fingerprint in links.items()],
            )

    def close(self) -> None:
        self._db.close()


class _Transaction:
    """``BEGIN IMMEDIATE`` … ``COMMIT`` (or ``ROLLBACK`` on error): one writer at a time."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        self._db.execute("COMMIT" if error is None else "ROLLBACK")


def fts_query(text: str) -> str:
    """Plain words → an FTS5 query matching all of them (each quoted: no syntax errors)."""
    return " ".join(f'"{word}"' for word in WORD.findall(text))


def _quote_value(quote: Quote, name: str) -> Any:
    value = getattr(quote, name)
    return int(value) if name == "is_speech" else value


def _in_list(column: str, values: list[str]) -> tuple[str, list[Any]]:
    return (f"{column} IN ({', '.join('?' * len(values))})" if values else "0"), values
