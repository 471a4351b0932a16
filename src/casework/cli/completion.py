"""Shell completion for what one types: kinds, states, case ids and the actions of a case.

click completes command and option names itself; these callbacks (``shell_complete=`` on the
parameters) complete the values. Install with the click recipe (see ``docs/cli.md``)::

    eval "$(_CASEWORK_COMPLETE=bash_source casework)"     # in ~/.bashrc
"""

from __future__ import annotations

from typing import Any

import click
from click.shell_completion import CompletionItem


def _book(ctx: click.Context) -> Any:
    """The book named by ``--book`` (or ``CASEWORK_BOOK``), or ``None`` if there is none."""
    import os
    from pathlib import Path

    from casework.book import open_book

    root = ctx.find_root()
    path = root.params.get("book_path") or os.environ.get("CASEWORK_BOOK", "./casework-book")
    if not (Path(path).expanduser() / "book.json").is_file():
        return None
    return open_book(path, create=False)


def complete_kind(ctx: click.Context, _: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The installed kinds, with their labels as help."""
    from casework.cli.choose import kind_options

    return [
        CompletionItem(name, help=label.get())
        for name, label in kind_options()
        if name.startswith(incomplete) or label.zh.startswith(incomplete)
    ]


def complete_state(ctx: click.Context, _: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The states of the kind given with ``--kind`` (of every kind otherwise)."""
    from casework.cli.choose import state_options

    kind = ctx.params.get("kind")
    return [
        CompletionItem(name, help=label.get())
        for name, label in state_options(kind if isinstance(kind, str) else None)
        if name.startswith(incomplete)
    ]


def complete_case(ctx: click.Context, _: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The case ids of the book (open cases first)."""
    try:
        book = _book(ctx)
    except Exception:
        return []
    if book is None:
        return []
    try:
        with book.store.transaction() as tx:
            rows = [(r.get("closed_on") is not None, r["id"]) for r in tx.records()]
    finally:
        book.close()
    wanted = incomplete.upper()
    return [CompletionItem(i) for _, i in sorted(rows) if i.startswith(wanted)]


def complete_action(
    ctx: click.Context, _: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The actions allowed now on the case named before (``act CASE_ID <TAB>``)."""
    case_id = ctx.params.get("case_id")
    if not isinstance(case_id, str):
        return []
    try:
        book = _book(ctx)
        if book is None:
            return []
        try:
            case = book.get(case_id.strip().upper())
            allowed = book.allowed_actions(case)
        finally:
            book.close()
    except Exception:
        return []
    return [
        CompletionItem(a.name, help=a.label.get()) for a in allowed if a.name.startswith(incomplete)
    ]
