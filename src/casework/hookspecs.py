"""The hooks a casework plugin may implement (pluggy project name ``casework``).

Implementations are marked with :data:`hookimpl` (re-exported as ``casework.hookimpl``) and may
accept any subset of a hook's arguments. Hooks are always called with keyword arguments;
arguments are added over time, never renamed. Names are unprefixed verbs, in the style of
datasette and llm; ``register_*`` hooks receive a ``register`` callable so the core validates
and de-duplicates what plugins declare.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    import datetime as dt

    import click

    from casework.book import Book
    from casework.model import Case, Event
    from casework.report import ReportContext, ReportSection
    from casework.workflow import CaseType

hookspec = pluggy.HookspecMarker("casework")
"""Marks a function in this module as a hook specification (project name ``casework``)."""

hookimpl = pluggy.HookimplMarker("casework")
"""Marks a plugin's function as the implementation of the casework hook of the same name.

Use it bare (``@hookimpl``) or with pluggy's options (``@hookimpl(trylast=True)``); it is
re-exported as ``casework.hookimpl``.
"""


@hookspec
def register_case_types(register: Callable[[CaseType], None]) -> None:
    """Declare case types: call ``register(case_type)`` once per :class:`CaseType`.

    :param register: takes a :class:`~casework.workflow.CaseType`. A kind name or case-id code
        another plugin registered first (built-in kinds first, then entry-point order) is
        refused, and so is an invalid declaration (:mod:`casework.declarations`): the whole
        plugin is then set aside and reported under its own name.

    Called once, the first time the case types are needed.
    """


@hookspec
def before_action(
    book: Book,
    case: Case | None,
    kind: str,
    action: str,
    data: Any,
    on: dt.date,
    actor: str,
) -> str | None:
    """Veto an action before it is applied: return a reason to refuse it, or ``None``.

    :param book: the book being written.
    :param case: the case as stored, or ``None`` when the action opens a new case.
    :param kind: the case kind.
    :param action: the action's name (for a new case, the entry action).
    :param data: the action's data as the caller gave it.
    :param on: the action's date.
    :param actor: who is acting.
    :returns: a reason (shown to the user) to refuse, or ``None`` to allow.

    Called before every ``Book.create`` and ``Book.act``; any reason refuses the action with
    :class:`~casework.errors.InvalidAction` and nothing is stored. A host application uses this
    for permission checks. Not called for the system events the book records itself when a
    period's expiry has a legal effect (actor ``"system"``); ``after_action`` hears those.
    """


@hookspec
def before_commit(book: Book, changes: Sequence[tuple[Case, Event]]) -> str | None:
    """Check a whole transaction before it is committed: return a reason to refuse it, or ``None``.

    :param book: the book being written; its reads see the transaction's changes, and a
        ``book.act`` or ``book.create`` called here joins the transaction (committed with it).
    :param changes: each ``(case, event)`` the transaction recorded, in order; ``case`` is the
        case just after ``event``.
    :returns: a reason (shown to the user) to refuse the transaction, or ``None``.

    Called when the block of the outermost transaction (one ``Book.create`` or ``Book.act``, or
    a whole ``book.batch()``) has ended, before anything is written; then again with only the
    changes the hooks made themselves, until they make none. Any reason refuses the whole
    transaction with :class:`~casework.errors.InvalidAction`, and an exception rolls it back as
    a :class:`~casework.errors.PluginError`: either way nothing is stored. Checks that guard the
    law belong here, not in ``after_action``: a crash can never separate them from the change.
    """


@hookspec
def after_action(book: Book, case: Case, event: Event) -> None:
    """Listen to actions: called after each event is stored.

    :param book: the book written.
    :param case: the case after the action.
    :param event: the event just recorded (creation included, and system events: their
        ``system`` is true and their actor ``"system"``).

    Inside ``book.batch()`` it is called when the batch commits. An exception here is reported as
    a :class:`~casework.errors.PluginError`; the stored action stands. What the listeners write
    for one commit is one transaction of its own (kept up to a listener that fails).
    """


@hookspec
def report_sections(context: ReportContext) -> Iterable[ReportSection] | ReportSection | None:
    """Contribute sections to the annual report of ``context.year``.

    :param context: gives the year, the book, the language and ``context.cases(kind)``: the
        cases of ``kind`` with anything to count in the year.
    :returns: a :class:`~casework.report.ReportSection`, several, or ``None``.

    Called by ``Book.report(year)``; sections are ordered by their ``order`` then kind.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add commands to ``python -m casework``: ``cli`` is the click group; use ``@cli.command()``.

    A command opens the book with :func:`casework.cli.open_book_from` (``ctx`` from
    ``@click.pass_context``), which refuses a folder that is not a book. Called when the command
    line starts. Keep module imports light: import heavy parts inside
    the command function, so that start-up stays quick.
    """
