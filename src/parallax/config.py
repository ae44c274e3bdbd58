"""Settings: one object gathering each stage's options, with documented defaults.

Layering, later wins: packaged defaults → a TOML config file (``$PARALLAX_CONFIG``, else
``./parallax.toml``) → ``PARALLAX_*`` environment variables → command-line flags (applied by the
CLI with :func:`dataclasses.replace`).

The config file has one table per stage, named as the fields of :class:`Settings`::

    db = "sqlite:///corpus.db"
    [ingest]
    max_bytes = 100_000_000
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parallax.compare import CompareOptions
from parallax.engines import EngineOptions
from parallax.errors import ConfigError
from parallax.fetch import FetchOptions
from parallax.quotes import QuoteOptions
from parallax.stories import StoryOptions
from parallax.techniques import TechniqueOptions
from parallax.watch import WatchOptions

DEFAULT_DB = "sqlite:///parallax.db"


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = 50 * 1024 * 1024
    """Inputs larger than this are rejected (a WARC is streamed; the limit applies per record)."""
    follow_symlinks: bool = False


@dataclass(frozen=True)
class SegmentOptions:
    min_paragraph_chars: int = 1
    """Shorter lines are dropped as furniture only when they also match a furniture pattern."""
    detect_language: bool = True


@dataclass(frozen=True)
class SidesOptions:
    """Editable tables that extend the packaged ones (each optional)."""

    outlets_file: Path | None = None
    """More outlets (same columns as parallax/data/outlets.tsv): country, owner, side ..."""
    sides_file: Path | None = None
    """User-defined sides ("Russian state media", "Western press", ...) over registry fields."""
    terms_file: Path | None = None
    """More contested-term groups (same columns as parallax/data/contested_terms.tsv)."""


@dataclass(frozen=True)
class Settings:
    db: str = DEFAULT_DB
    ingest: IngestOptions = field(default_factory=IngestOptions)
    segment: SegmentOptions = field(default_factory=SegmentOptions)
    quotes: QuoteOptions = field(default_factory=QuoteOptions)
    techniques: TechniqueOptions = field(default_factory=TechniqueOptions)
    stories: StoryOptions = field(default_factory=StoryOptions)
    compare: CompareOptions = field(default_factory=CompareOptions)
    sides: SidesOptions = field(default_factory=SidesOptions)
    fetch: FetchOptions = field(default_factory=FetchOptions)
    watch: WatchOptions = field(default_factory=WatchOptions)
    engine: EngineOptions = field(default_factory=EngineOptions)


_SECTIONS: dict[str, type[Any]] = {
    "ingest": IngestOptions, "segment": SegmentOptions, "quotes": QuoteOptions,
    "techniques": TechniqueOptions, "stories": StoryOptions, "compare": CompareOptions,
    "sides": SidesOptions, "fetch": FetchOptions, "watch": WatchOptions,
    "engine": EngineOptions,
}


def _coerce(value: str, annotation: str, name: str) -> Any:
    """A string from the environment (or a TOML string) → the field's declared type."""
    kind = annotation.replace(" ", "").removesuffix("|None")
    try:
        if kind == "bool":
            if value.lower() in {"1", "true", "yes", "on"}:
                return True
            if value.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        if kind == "int":
            return int(value.replace("_", ""))
        if kind == "float":
            return float(value)
    except ValueError:
        raise ConfigError(f"{name}: cannot read {value!r} as {kind}") from None
    if kind == "Path":
        return Path(value).expanduser()
    if kind.startswith("tuple[Path"):
        return tuple(Path(p).expanduser() for p in value.split(os.pathsep) if p)
    return value


def _apply(obj: Any, values: Mapping[str, Any], where: str) -> Any:
    known = {f.name: f for f in dataclasses.fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {', '.join(known)})")
        current = getattr(obj, key)
        if dataclasses.is_dataclass(current) and isinstance(value, Mapping):
            changes[key] = _apply(current, value, f"{where}.{key}")
        elif isinstance(value, str):
            changes[key] = _coerce(value, str(known[key].type), f"{where}.{key}")
        elif isinstance(value, list):
            changes[key] = tuple(_coerce(v, str(known[key].type).removeprefix("tuple[")
                                         .split(",")[0], f"{where}.{key}")
                                 if isinstance(v, str) else v for v in value)
        else:
            changes[key] = value
    return dataclasses.replace(obj, **changes)


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """``PARALLAX_DB`` → db, ``PARALLAX_INGEST__MAX_BYTES`` → ingest.max_bytes."""
    values: dict[str, Any] = {}
    for key, value in environ.items():
        if not key.startswith("PARALLAX_") or key in {"PARALLAX_CONFIG", "PARALLAX_TOKEN"}:
            continue
        path = key.removeprefix("PARALLAX_").lower().split("__")
        if len(path) == 1 and path[0] in {f.name for f in dataclasses.fields(Settings)}:
            values[path[0]] = value
        elif len(path) == 2 and path[0] in _SECTIONS:
            values.setdefault(path[0], {})[path[1]] = value
    return values


def load_settings(
    environ: Mapping[str, str] | None = None, config_file: Path | None = None
) -> Settings:
    """Defaults, then the config file, then the environment."""
    environ = os.environ if environ is None else environ
    settings = Settings()
    path = config_file or Path(environ.get("PARALLAX_CONFIG", "parallax.toml"))
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read the config file: {exc}") from None
        settings = _apply(settings, data, str(path))
    elif config_file is not None or "PARALLAX_CONFIG" in environ:
        raise ConfigError(f"{path}: config file not found")
    return _apply(settings, _from_environment(environ), "environment")  # type: ignore[no-any-return]
