"""Storage behind one interface: :func:`open_store` picks the backend from the database URL."""

from __future__ import annotations

from parallax.errors import StoreError
from parallax.store.base import ArticleFilter, FetchState, Revision, SearchHit, Source, Store

__all__ = [
    "ArticleFilter", "FetchState", "Revision", "SearchHit", "Source", "Store", "open_store",
]


def open_store(url: str) -> Store:
    """``sqlite:///file.db`` (default backend) or ``postgresql://user:pass@host:port/name``."""
    if url.startswith("sqlite:///"):
        from parallax.store.sqlite import SQLiteStore

        return SQLiteStore(url)
    if url.startswith(("postgresql://", "postgres://")):
        from parallax.store.postgres import PostgresStore

        return PostgresStore(url)
    raise StoreError(f"{url}: unknown database URL (use sqlite:///path.db or postgresql://...)")
