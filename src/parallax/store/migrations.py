"""Numbered schema migrations, shared in spirit by every backend.

Each backend keeps a list of (number, name, statements); ``apply`` runs those above the stored
version, each in its own transaction, and records the new version. Never edit a released
migration: add the next number.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    statements: tuple[str, ...]


def pending(migrations: Sequence[Migration], current: int) -> list[Migration]:
    """The migrations above ``current``, in order; numbers must run 1, 2, 3 ... without gaps."""
    numbers = [m.number for m in migrations]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"migration numbers must be 1..n without gaps, got {numbers}")
    return [m for m in migrations if m.number > current]


def apply(
    migrations: Sequence[Migration],
    current: int,
    run: Callable[[Migration], None],
) -> int:
    """Run each pending migration through ``run`` (which commits it); return the new version."""
    version = current
    for migration in pending(migrations, current):
        run(migration)
        version = migration.number
    return version


SQLITE_MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "articles, revisions, rejected inputs and full-text search",
        (
            """CREATE TABLE articles (
                id TEXT PRIMARY KEY,
                source TEXT NOT NULL,
                outlet TEXT,
                url TEXT,
                headline TEXT NOT NULL,
                standfirst TEXT,
                byline TEXT,
                published TEXT,
                section TEXT,
                dateline TEXT,
                language TEXT NOT NULL,
                paragraphs TEXT NOT NULL,
                story_id TEXT,
                fetched TEXT,
                method TEXT NOT NULL,
                pipeline_version TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                revision INTEGER NOT NULL DEFAULT 1,
                processed_hash TEXT,
                stored_at TEXT NOT NULL
            )""",
            "CREATE INDEX articles_published ON articles(published, id)",
            "CREATE INDEX articles_outlet ON articles(outlet)",
            "CREATE INDEX articles_story ON articles(story_id)",
            """CREATE TABLE revisions (
                article_id TEXT NOT NULL REFERENCES articles(id),
                number INTEGER NOT NULL,
                content_hash TEXT NOT NULL,
                headline TEXT NOT NULL,
                paragraphs TEXT NOT NULL,
                fetched TEXT,
                stored_at TEXT NOT NULL,
                PRIMARY KEY (article_id, number)
            )""",
            """CREATE TABLE rejected (
                source TEXT NOT NULL,
                stage TEXT NOT NULL,
                reason TEXT NOT NULL,
                stored_at TEXT NOT NULL,
                PRIMARY KEY (source, stage, reason)
            )""",
            """CREATE VIRTUAL TABLE articles_fts USING fts5(
                article_id UNINDEXED, headline, body, tokenize = 'unicode61 remove_diacritics 2'
            )""",
        ),
    ),
    Migration(
        2,
        "NLP results: actors, quotes, techniques; embeddings; stories",
        (
            "ALTER TABLE articles ADD COLUMN entities TEXT NOT NULL DEFAULT '[]'",
            """CREATE TABLE actor_mentions (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                canonical TEXT NOT NULL,
                type TEXT NOT NULL,
                mentions TEXT NOT NULL,
                PRIMARY KEY (article_id, canonical, type)
            )""",
            "CREATE INDEX actor_mentions_canonical ON actor_mentions(canonical)",
            """CREATE TABLE quotes (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                text TEXT NOT NULL,
                paragraph INTEGER NOT NULL,
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                speaker TEXT,
                speaker_mention TEXT,
                cue TEXT,
                is_speech INTEGER NOT NULL,
                group_id TEXT,
                method TEXT NOT NULL
            )""",
            "CREATE INDEX quotes_article ON quotes(article_id)",
            "CREATE INDEX quotes_speaker ON quotes(speaker)",
            "CREATE INDEX quotes_group ON quotes(group_id)",
            """CREATE TABLE techniques (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                technique TEXT NOT NULL,
                paragraph INTEGER NOT NULL,
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                text TEXT NOT NULL,
                voice TEXT NOT NULL,
                speaker TEXT,
                reason TEXT NOT NULL
            )""",
            "CREATE INDEX techniques_article ON techniques(article_id)",
            """CREATE TABLE embeddings (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                model TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                vector BLOB NOT NULL,
                PRIMARY KEY (article_id, model)
            )""",
            """CREATE TABLE stories (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                article_ids TEXT NOT NULL,
                outlets TEXT NOT NULL,
                first_published TEXT,
                last_published TEXT,
                size INTEGER NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX stories_recent ON stories(last_published, id)",
        ),
    ),
    Migration(
        3,
        "followed sources, per-URL fetch state, links seen in feeds",
        (
            """CREATE TABLE sources (
                url TEXT PRIMARY KEY,
                outlet TEXT,
                side TEXT,
                added_at TEXT NOT NULL
            )""",
            """CREATE TABLE fetch_state (
                url TEXT PRIMARY KEY,
                etag TEXT,
                last_modified TEXT,
                last_status INTEGER,
                last_fetched TEXT,
                failures INTEGER NOT NULL DEFAULT 0,
                next_try TEXT,
                last_error TEXT
            )""",
            """CREATE TABLE seen_links (
                source_url TEXT NOT NULL,
                link TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                first_seen TEXT NOT NULL,
                PRIMARY KEY (source_url, link)
            )""",
        ),
    ),
    Migration(
        4,
        "sentence vectors cached by text (the comparison's sentence encoder)",
        (
            """CREATE TABLE text_vectors (
                key TEXT NOT NULL,
                model TEXT NOT NULL,
                vector BLOB NOT NULL,
                PRIMARY KEY (key, model)
            )""",
        ),
    ),
)


# PostgreSQL mirrors the SQLite numbers and names. Differences: BYTEA for vectors, BOOLEAN for
# is_speech, and full-text search as a generated tsvector column with a GIN index (the 'simple'
# configuration: no stemming, like SQLite's unicode61 tokenizer).
POSTGRES_MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        SQLITE_MIGRATIONS[0].name,
        (
            """CREATE TABLE articles (
                id TEXT PRIMARY KEY,
                source TEXT NOT NULL,
                outlet TEXT,
                url TEXT,
                headline TEXT NOT NULL,
                standfirst TEXT,
                byline TEXT,
                published TEXT,
                section TEXT,
                dateline TEXT,
                language TEXT NOT NULL,
                paragraphs TEXT NOT NULL,
                story_id TEXT,
                fetched TEXT,
                method TEXT NOT NULL,
                pipeline_version TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                revision INTEGER NOT NULL DEFAULT 1,
                processed_hash TEXT,
                stored_at TEXT NOT NULL
            )""",
            "CREATE INDEX articles_published ON articles(published, id)",
            "CREATE INDEX articles_outlet ON articles(outlet)",
            "CREATE INDEX articles_story ON articles(story_id)",
            """CREATE TABLE revisions (
                article_id TEXT NOT NULL REFERENCES articles(id),
                number INTEGER NOT NULL,
                content_hash TEXT NOT NULL,
                headline TEXT NOT NULL,
                paragraphs TEXT NOT NULL,
                fetched TEXT,
                stored_at TEXT NOT NULL,
                PRIMARY KEY (article_id, number)
            )""",
            """CREATE TABLE rejected (
                source TEXT NOT NULL,
                stage TEXT NOT NULL,
                reason TEXT NOT NULL,
                stored_at TEXT NOT NULL,
                PRIMARY KEY (source, stage, reason)
            )""",
            """CREATE TABLE articles_fts (
                article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
                headline TEXT NOT NULL,
                body TEXT NOT NULL,
                document TSVECTOR GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple'::regconfig, headline), 'A')
                    || setweight(to_tsvector('simple'::regconfig, body), 'B')
                ) STORED
            )""",
            "CREATE INDEX articles_fts_document ON articles_fts USING GIN (document)",
        ),
    ),
    Migration(
        2,
        SQLITE_MIGRATIONS[1].name,
        (
            "ALTER TABLE articles ADD COLUMN entities TEXT NOT NULL DEFAULT '[]'",
            """CREATE TABLE actor_mentions (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                canonical TEXT NOT NULL,
                type TEXT NOT NULL,
                mentions TEXT NOT NULL,
                PRIMARY KEY (article_id, canonical, type)
            )""",
            "CREATE INDEX actor_mentions_canonical ON actor_mentions(canonical)",
            """CREATE TABLE quotes (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                text TEXT NOT NULL,
                paragraph INTEGER NOT NULL,
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                speaker TEXT,
                speaker_mention TEXT,
                cue TEXT,
                is_speech BOOLEAN NOT NULL,
                group_id TEXT,
                method TEXT NOT NULL
            )""",
            "CREATE INDEX quotes_article ON quotes(article_id)",
            "CREATE INDEX quotes_speaker ON quotes(speaker)",
            "CREATE INDEX quotes_group ON quotes(group_id)",
            """CREATE TABLE techniques (
                id TEXT PRIMARY KEY,
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                technique TEXT NOT NULL,
                paragraph INTEGER NOT NULL,
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                text TEXT NOT NULL,
                voice TEXT NOT NULL,
                speaker TEXT,
                reason TEXT NOT NULL
            )""",
            "CREATE INDEX techniques_article ON techniques(article_id)",
            """CREATE TABLE embeddings (
                article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
                model TEXT NOT NULL,
                content_hash TEXT NOT NULL,
                vector BYTEA NOT NULL,
                PRIMARY KEY (article_id, model)
            )""",
            """CREATE TABLE stories (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                article_ids TEXT NOT NULL,
                outlets TEXT NOT NULL,
                first_published TEXT,
                last_published TEXT,
                size INTEGER NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX stories_recent ON stories(last_published, id)",
        ),
    ),
    Migration(
        3,
        SQLITE_MIGRATIONS[2].name,
        (
            # seq keeps the order sources were added (SQLite uses its rowid).
            """CREATE TABLE sources (
                url TEXT PRIMARY KEY,
                outlet TEXT,
                side TEXT,
                added_at TEXT NOT NULL,
                seq BIGSERIAL NOT NULL
            )""",
            """CREATE TABLE fetch_state (
                url TEXT PRIMARY KEY,
                etag TEXT,
                last_modified TEXT,
                last_status INTEGER,
                last_fetched TEXT,
                failures INTEGER NOT NULL DEFAULT 0,
                next_try TEXT,
                last_error TEXT
            )""",
            """CREATE TABLE seen_links (
                source_url TEXT NOT NULL,
                link TEXT NOT NULL,
                fingerprint TEXT NOT NULL,
                first_seen TEXT NOT NULL,
                PRIMARY KEY (source_url, link)
            )""",
        ),
    ),
    Migration(
        4,
        SQLITE_MIGRATIONS[3].name,
        (
            """CREATE TABLE text_vectors (
                key TEXT NOT NULL,
                model TEXT NOT NULL,
                vector BYTEA NOT NULL,
                PRIMARY KEY (key, model)
            )""",
        ),
    ),
)
