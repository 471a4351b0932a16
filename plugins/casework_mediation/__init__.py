"""人民调解 (mediation): a casework plugin, loaded through the entry point group ``casework``.

Hooks: the case type ``mediation`` (:mod:`casework_mediation.kind`), a veto that keeps disputes
to registered committees, mediators and checklist items, the report section
(:mod:`casework_mediation.report`) and the ``subsidy`` and ``committees`` commands
(:mod:`casework_mediation.commands`). Heavy modules are imported inside the hooks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from casework import hookimpl

if TYPE_CHECKING:
    import click

    from casework.book import Book
    from casework.model import Case, Event
    from casework.report import ReportContext, ReportSection
    from casework.workflow import CaseType


@hookimpl
def register_case_types(register: Callable[[CaseType], None]) -> None:
    """Register the case type ``mediation``."""
    from casework_mediation.kind import MEDIATION

    register(MEDIATION)


@hookimpl
def before_action(
    book: Book, case: Case | None, kind: str, action: str, data: Any, on: dt.date
) -> str | None:
    """Refuse a dispute of an unregistered committee or mediator, or an unknown dossier item.

    A wrong duplicate-rule file is reported (ValidationError) before a dispute is registered.
    """
    if kind != "mediation":
        return None
    from casework_mediation.veto import check

    if action == "register" and case is None:
        from casework_mediation.duplicates import book_rule

        book.memo("mediation.duplicate_rule", lambda: book_rule(book))

    return check(book, case, action, data)


@hookimpl
def after_action(book: Book, case: Case, event: Event) -> None:
    """Flag a newly registered dispute that may repeat an earlier one (never refuse it)."""
    if case.kind != "mediation" or event.init is None:
        return
    from casework_mediation.duplicates import after_creation

    after_creation(book, case)


@hookimpl
def report_sections(context: ReportContext) -> ReportSection:
    """The 人民调解 section of the annual report."""
    from casework_mediation.report import section

    return section(context)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add the ``subsidy`` command and the ``committees`` group."""
    from casework_mediation.commands import register

    register(cli)
