"""What every command needs: the options of the group, the consoles, the book and JSON output.

Commands call :func:`env` to get an :class:`Env` built from ``click``'s context object. It holds
one stdout console for views and one stderr console for prompts, progress and errors, opens the
book lazily, and prints JSON (UTF-8, no escapes of non-ASCII text) when ``--json`` was given.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.pager import Pager

    from casework.book import Book


class Env:
    """The options of one invocation and the objects commands share.

    ``book_path``, ``lang``, ``as_json`` and ``debug`` come from the group's global options.
    """

    def __init__(self, book_path: str, lang: str, as_json: bool, debug: bool) -> None:
        self.book_path = book_path
        self.lang = lang
        self.as_json = as_json
        self.debug = debug
        self.no_pager = False
        self._book: Book | None = None
        self._out: Console | None = None
        self._err: Console | None = None

    @property
    def out(self) -> Console:
        """The console for views (standard output)."""
        if self._out is None:
            from casework.text import console

            self._out = console(highlight=False, soft_wrap=False)
        return self._out

    @property
    def err(self) -> Console:
        """The console for prompts, progress bars and errors (standard error)."""
        if self._err is None:
            from casework.text import console

            self._err = console(stderr=True, highlight=False)
        return self._err

    def book(self, *, create: bool = False) -> Book:
        """Open the book at ``--book`` (once per invocation); a missing book is an error."""
        if self._book is None:
            from casework.book import open_book

            self._book = open_book(self.book_path, create=create)
        return self._book

    def adopt(self, book: Book) -> None:
        """Use ``book`` (opened by the command itself) for the rest of this invocation."""
        self._book = book

    def close(self) -> None:
        """Close the book if it was opened."""
        if self._book is not None:
            self._book.close()
            self._book = None

    def show(self, renderable: RenderableType) -> None:
        """Print a view on standard output; a view taller than the terminal goes to the pager.

        Nothing is cropped silently: a view fits the width by its own columns (wrapping, or
        "…" where it cuts).

        Paging happens only when standard output is a terminal and ``--no-pager`` was not given
        (``$PAGER`` chooses the program; ``less -FRX`` by default, which keeps the colours).
        """
        if not self.paging():
            self.out.print(renderable, crop=False)
            return
        with self.out.capture() as captured:
            self.out.print(renderable, crop=False)
        text = captured.get()
        if text.count("\n") <= self.out.height:
            self.out.file.write(text)
            return
        os.environ.setdefault("LESS", "-FRX")
        with self.out.pager(pager=make_pager(), styles=True):
            self.out.print(renderable, crop=False)

    def paging(self) -> bool:
        """Whether long views go through the pager in this invocation."""
        return not (self.no_pager or self.as_json) and stdout_is_tty()

    def emit(self, data: Any) -> None:
        """Print ``data`` as indented JSON on standard output."""
        click.echo(dumps(data))

    def note(self, message: str, style: str = "green") -> None:
        """Print a one-line message (scrubbed and escaped) on standard error."""
        from casework.text import safe_markup

        self.err.print(f"[{style}]{safe_markup(message)}[/]")


def dumps(data: Any) -> str:
    """Return ``data`` as indented JSON text: UTF-8 kept as is, dates as ISO strings."""
    import orjson

    from casework.text import json_safe

    return json_safe(
        orjson.dumps(
            data,
            default=_default,
            option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS | orjson.OPT_SORT_KEYS,
        ).decode("utf-8")
    )


def _default(value: Any) -> Any:
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def env() -> Env:
    """Return the :class:`Env` of the running command (built from the group's options)."""
    ctx = click.get_current_context()
    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    found = obj.get("env")
    if isinstance(found, Env):
        return found
    made = Env(
        str(obj.get("book", os.environ.get("CASEWORK_BOOK", "./casework-book"))),
        str(obj.get("lang", "zh")),
        bool(obj.get("json", False)),
        bool(obj.get("debug", False)),
    )
    made.no_pager = bool(obj.get("no_pager", False))
    obj["env"] = made
    root.obj = obj
    root.call_on_close(made.close)
    return made


def open_book_from(ctx: click.Context) -> Book:
    """Return the book named by ``--book`` (or ``CASEWORK_BOOK``) for a command, plugin commands too.

    ``ctx`` is the command's click context (``@click.pass_context``). The book is opened once per
    invocation and closed when the command ends. A folder that is not a book is refused with
    :class:`~casework.errors.StorageError` ("run init first"): a mistyped ``--book`` never
    creates a stray book.

    The root context's ``obj`` is a dict holding the global options: ``book`` (the path),
    ``lang`` (``zh`` or ``en``), ``json`` (``--json`` given) and ``debug``.
    """
    with ctx.scope(cleanup=False):
        return env().book(create=False)


def today() -> dt.date:
    """Today's date in China Standard Time (the offices' calendar)."""
    from casework.model import now

    return now().date()


def stdout_is_tty() -> bool:
    """Whether standard output is a terminal (long views are paged only then)."""
    return sys.stdout.isatty()


def make_pager() -> Pager:
    """The pager long views go through (the system's ``$PAGER``)."""
    from rich.pager import SystemPager

    return SystemPager()


def stdin_is_tty() -> bool:
    """Whether a person is at the keyboard (prompts are offered only then)."""
    return sys.stdin.isatty()
