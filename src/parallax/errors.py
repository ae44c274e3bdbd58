"""Errors raised by parallax.

    ParallaxError                 base: every message names the input and the problem
    ├── InputError                an input could not be read (missing, unreadable, too big)
    │   ├── EmptyInputError       nothing to read
    │   ├── UnsupportedFormatError  binary or unknown content (image, PDF, zip, ...)
    │   └── MalformedInputError   a known format, but broken (truncated .gz, bad feed or WARC)
    ├── ConfigError               a setting or a flag has an impossible value
    ├── StoreError                the database could not be opened, migrated or written
    └── NotFoundError             an id that does not exist

Stages never let one of these escape a batch: they turn it into a ``Rejected`` record and go on.
"""

from __future__ import annotations


class ParallaxError(Exception):
    """Base class; ``str(error)`` is a one-line message fit for a user."""


class InputError(ParallaxError):
    """An input could not be read."""

    def __init__(self, source: str, problem: str) -> None:
        super().__init__(f"{source}: {problem}")
        self.source = source
        self.problem = problem


class EmptyInputError(InputError):
    """The input holds no text."""


class UnsupportedFormatError(InputError):
    """The input is binary or of a format parallax does not read."""


class MalformedInputError(InputError):
    """The input's format is known but its content is broken."""


class ConfigError(ParallaxError):
    """A setting has an impossible value."""


class StoreError(ParallaxError):
    """The database failed."""


class NotFoundError(ParallaxError):
    """No record has that id."""
