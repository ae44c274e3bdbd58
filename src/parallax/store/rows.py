"""What both backends share: how records become rows and back, and how an article version is
saved (added, unchanged or revised). Only the SQL placeholder and the search index differ."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from parallax.models import Article, Dateline, Entity, Quote, SaveResult, Story, Technique
from parallax.store.base import ArticleFilter, FetchState

ARTICLE_COLUMNS = (
    "id, source, outlet, url, headline, standfirst, byline, published, section, dateline, "
    "language, paragraphs, story_id, fetched, method, pipeline_version, entities"
)
COLUMN_NAMES = tuple(name.strip() for name in ARTICLE_COLUMNS.split(","))
QUOTE_NAMES = tuple(f.name for f in dataclasses.fields(Quote))
QUOTE_COLUMNS = ", ".join(f'"{n}"' if n == "end" else n for n in QUOTE_NAMES)
TECHNIQUE_NAMES = tuple(f.name for f in dataclasses.fields(Technique))
TECHNIQUE_COLUMNS = ", ".join(f'"{n}"' if n == "end" else n for n in TECHNIQUE_NAMES)
FETCH_STATE_NAMES = tuple(f.name for f in dataclasses.fields(FetchState))
FETCH_STATE_COLUMNS = ", ".join(FETCH_STATE_NAMES)
STORY_COLUMNS = "id, title, article_ids, outlets, first_published, last_published"
WORD = re.compile(r"\w+", re.UNICODE)

Execute = Callable[[str, Sequence[Any]], Any]

InList = Callable[[str, list[str]], tuple[str, list[Any]]]
"""A backend's ``column IN values`` clause and its parameters."""


def article_where(where: ArticleFilter | None, mark: str,
                  in_list: InList) -> tuple[str, list[Any]]:
    """The WHERE clause (with its parameters) selecting the articles ``where`` asks for."""
    if where is None:
        return "", []
    clauses: list[str] = []
    params: list[Any] = []
    for column, value in (("outlet", where.outlet), ("language", where.language),
                          ("story_id", where.story_id)):
        if value is not None:
            clauses.append(f"{column} = {mark}")
            params.append(value)
    for column, values in (("id", where.ids), ("story_id", where.story_ids)):
        if values is not None:
            clause, more = in_list(column, list(values))
            clauses.append(clause)
            params.extend(more)
    if where.unprocessed:
        clauses.append("(processed_hash IS NULL OR processed_hash != content_hash)")
    if where.unclustered:
        clauses.append("story_id IS NULL")
    if where.published_from is not None:
        clauses.append(f"published >= {mark}")
        params.append(where.published_from)
    if where.published_before is not None:
        clauses.append(f"published < {mark}")
        params.append(where.published_before)
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params
"""A connection's ``execute``: (SQL, parameters) → a cursor with ``fetchone``."""


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def article_row(article: Article) -> tuple[Any, ...]:
    return (
        article.id, article.source, article.outlet, article.url, article.headline,
        article.standfirst, article.byline, article.published, article.section,
        json.dumps(article.dateline.to_dict()) if article.dateline else None,
        article.language, json.dumps(list(article.paragraphs), ensure_ascii=False),
        article.story_id, article.fetched, article.method, article.pipeline_version,
        json.dumps([e.to_dict() for e in article.entities], ensure_ascii=False),
    )


def row_article(row: Sequence[Any]) -> Article:
    (id_, source, outlet, url, headline, standfirst, byline, published, section, dateline,
     language, paragraphs, story_id, fetched, method, version, entities) = row
    return Article(
        id=id_, source=source, outlet=outlet, url=url, headline=headline,
        standfirst=standfirst, byline=byline, published=published, section=section,
        dateline=Dateline.from_dict(json.loads(dateline)) if dateline else None,
        language=language, paragraphs=tuple(json.loads(paragraphs)), story_id=story_id,
        fetched=fetched, method=method, pipeline_version=version,
        entities=tuple(Entity.from_dict(e) for e in json.loads(entities)),
    )


def row_story(row: Sequence[Any]) -> Story:
    return Story(
        id=row[0], title=row[1], article_ids=tuple(json.loads(row[2])),
        outlets=tuple(json.loads(row[3])), first_published=row[4], last_published=row[5],
    )


def save_version(
    execute: Execute,
    article: Article,
    *,
    mark: str,
    index: Callable[[Article, bool], None],
    lock: str = "",
) -> SaveResult:
    """Store one article: added when new, left alone when its content is unchanged, else a new
    revision. ``mark`` is the backend's placeholder (``?`` or ``%s``), ``index(article, new)``
    (re)writes its full-text row, ``lock`` is appended to the lookup (``FOR UPDATE`` on
    PostgreSQL)."""
    row = execute(
        f"SELECT content_hash, revision FROM articles WHERE id = {mark}{lock}", (article.id,)
    ).fetchone()
    content_hash = article.content_hash
    stamp = now()
    if row is not None and row[0] == content_hash:
        return SaveResult(article.id, "unchanged")
    if row is None:
        number = 1
        execute(
            f"INSERT INTO articles ({ARTICLE_COLUMNS}, content_hash, revision, stored_at) "
            f"VALUES ({', '.join([mark] * (len(COLUMN_NAMES) + 3))})",
            (*article_row(article), content_hash, number, stamp),
        )
    else:
        number = int(row[1]) + 1
        # The story assignment survives a revision; the next clustering pass may move it.
        values = dict(zip(COLUMN_NAMES, article_row(article), strict=True))
        del values["id"], values["story_id"]
        assignments = ", ".join(f"{name} = {mark}" for name in values)
        execute(
            f"UPDATE articles SET {assignments}, content_hash = {mark}, revision = {mark}, "
            f"stored_at = {mark} WHERE id = {mark}",
            (*values.values(), content_hash, number, stamp, article.id),
        )
    execute(
        f"INSERT INTO revisions VALUES ({', '.join([mark] * 7)})",
        (article.id, number, content_hash, article.headline,
         json.dumps(list(article.paragraphs), ensure_ascii=False), article.fetched, stamp),
    )
    index(article, row is None)
    return SaveResult(article.id, "added" if number == 1 else "revised")
