"""parallax: how news outlets on different sides of a conflict report the same story.

The stable public surface is listed in ``__all__`` (checked by tests/test_package.py).
"""

from __future__ import annotations

from parallax.config import Settings, load_settings
from parallax.errors import ParallaxError
from parallax.models import (
    Article,
    Dateline,
    Entity,
    Page,
    PageMeta,
    Quote,
    Rejected,
    Story,
    Technique,
)
from parallax.store import Store, open_store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Dateline",
    "Entity",
    "Page",
    "PageMeta",
    "ParallaxError",
    "Quote",
    "Rejected",
    "Settings",
    "Store",
    "Story",
    "Technique",
    "__version__",
    "load_settings",
    "open_store",
]
