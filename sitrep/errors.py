"""One error hierarchy. Third-party exceptions are mapped to these at the boundary where they occur.

Input errors carry a short machine-readable ``reason`` (stored in the quarantine table) and a
human message naming the input.
"""

from __future__ import annotations

__all__ = [
    "SitrepError",
    "ConfigError",
    "InputError",
    "EmptyInput",
    "BinaryInput",
    "UndecodableInput",
    "InputTooLarge",
    "UnknownFormat",
    "NoArticleText",
    "FetchError",
    "AddressRefused",
    "StoreError",
    "NotFound",
    "ModelError",
    "RuleError",
    "GazetteerError",
    "EvalError",
    "MissingInput",
]


class SitrepError(Exception):
    """Base of every error sitrep raises on purpose."""


class ConfigError(SitrepError):
    """A setting or option has an invalid value."""


class InputError(SitrepError):
    """An input could not become an article. ``reason`` is the quarantine code."""

    reason = "invalid-input"

    def __init__(self, source: str, detail: str) -> None:
        super().__init__(f"{source}: {detail}")
        self.source = source
        self.detail = detail


class EmptyInput(InputError):
    reason = "empty"


class BinaryInput(InputError):
    reason = "binary"


class UndecodableInput(InputError):
    reason = "undecodable"


class InputTooLarge(InputError):
    reason = "too-large"


class UnknownFormat(InputError):
    reason = "unknown-format"


class NoArticleText(InputError):
    reason = "no-article-text"


class FetchError(InputError):
    reason = "fetch-failed"


class AddressRefused(FetchError):
    reason = "address-refused"


class StoreError(SitrepError):
    """The store could not be opened, migrated, read or written."""


class NotFound(StoreError):
    """A requested record is not in the store."""


class ModelError(SitrepError):
    """The spaCy model is missing or could not be loaded."""


class RuleError(SitrepError):
    """A rule or lexicon data file is malformed (file, line and reason in the message)."""


class GazetteerError(SitrepError):
    """The gazetteer could not be built, imported or queried."""


class EvalError(SitrepError):
    """A gold file for ``sitrep eval`` is missing or not in the expected format."""


class MissingInput(InputError):
    """An input spec that is neither an existing path, ``-`` (stdin) nor an http(s) URL."""

    reason = "not-found"
