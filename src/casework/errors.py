"""One exception hierarchy; every message says what is wrong and what to do.

Modelled on pip's diagnostic errors: each class has a kebab-case ``reference``; an instance has a
``message`` and an optional ``hint``. The CLI prints ``message`` (and ``hint``) in one red line and
exits 1; library callers catch :class:`CaseworkError`.
"""

from __future__ import annotations

from collections.abc import Sequence


class CaseworkError(Exception):
    """Base of every error casework raises on purpose."""

    reference = "casework-error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class ValidationError(CaseworkError):
    """Input that does not fit: ``problems`` lists each field path with what is wrong."""

    reference = "invalid-input"

    def __init__(
        self, message: str, *, problems: Sequence[str] = (), hint: str | None = None
    ) -> None:
        detail = "; ".join(problems)
        super().__init__(f"{message}: {detail}" if detail else message, hint=hint)
        self.problems = tuple(problems)


class InvalidAction(CaseworkError):
    """An action that the case's workflow does not allow now."""

    reference = "invalid-action"

    def __init__(
        self,
        message: str,
        *,
        state: str | None = None,
        allowed: Sequence[str] = (),
        hint: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint)
        self.state = state
        self.allowed = tuple(allowed)


class ConflictError(CaseworkError):
    """A writer held an older version of a case than the one stored."""

    reference = "version-conflict"


class NotFound(CaseworkError):
    """No case with the given id; ``suggestions`` holds the closest ids."""

    reference = "case-not-found"

    def __init__(
        self, message: str, *, suggestions: Sequence[str] = (), hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.suggestions = tuple(suggestions)


class UnknownKind(CaseworkError):
    """A case kind no installed plugin provides."""

    reference = "unknown-kind"


class KindUnavailable(UnknownKind):
    """Stored cases of a kind whose plugin is not loaded (it failed, or is not installed).

    ``kind`` names the kind and ``reason`` the plugin's load error. Such cases stay readable as
    raw records (:meth:`casework.book.Book.record`); lists skip them with a warning.
    """

    reference = "kind-unavailable"

    def __init__(
        self, message: str, *, kind: str, reason: str = "", hint: str | None = None
    ) -> None:
        super().__init__(message, hint=hint)
        self.kind = kind
        self.reason = reason


class CaseworkWarning(UserWarning):
    """A warning from casework: e.g. cases skipped because their kind's plugin is not loaded."""


class StorageError(CaseworkError):
    """The book on disk cannot be read or written (a damaged file, a lock held too long)."""

    reference = "storage-error"


class PluginError(CaseworkError):
    """A plugin is broken: it failed to import, or declared something invalid."""

    reference = "plugin-error"
