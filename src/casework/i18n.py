"""The user's language: zh-CN by default, English on request.

Labels of case types are data (:class:`Label`); messages built in code pick their language through
:func:`tr`, which reads the language set for the current context.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import attrs

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

_current: contextvars.ContextVar[Lang] = contextvars.ContextVar("casework_lang", default="zh")


def get_language() -> Lang:
    """Return the language in force for the current context (``"zh"`` unless set)."""
    return _current.get()


def set_language(lang: str) -> None:
    """Set the language for the current context; ``lang`` is ``"zh"`` or ``"en"``."""
    _current.set(_check(lang))


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Use ``lang`` inside the ``with`` block, then restore the previous language."""
    token = _current.set(_check(lang))
    try:
        yield
    finally:
        _current.reset(token)


def _check(lang: str) -> Lang:
    if lang == "zh" or lang.lower() in {"zh-cn", "zh_cn", "cn"}:
        return "zh"
    if lang.lower().startswith("en"):
        return "en"
    raise ValueError(f"unknown language {lang!r}: use 'zh' or 'en'")


def tr(zh: str, en: str) -> str:
    """Return ``zh`` or ``en`` according to the language in force."""
    return zh if _current.get() == "zh" else en


@attrs.frozen
class Label:
    """A name in both languages, e.g. ``Label("受理", "accept")``."""

    zh: str
    en: str

    def __str__(self) -> str:
        return self.zh if _current.get() == "zh" else self.en

    def get(self, lang: str | None = None) -> str:
        """Return the label in ``lang`` (default: the language in force)."""
        chosen = _current.get() if lang is None else _check(lang)
        return self.zh if chosen == "zh" else self.en
