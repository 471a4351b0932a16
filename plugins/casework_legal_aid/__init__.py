"""法律援助 (legal_aid): a casework plugin, loaded through the entry point group ``casework``.

The hooks stay light; the modules they need are imported inside them:
:mod:`~casework_legal_aid.kind` (the case type), :mod:`~casework_legal_aid.conflicts` (利益冲突审查),
:mod:`~casework_legal_aid.report` (the report section), :mod:`~casework_legal_aid.subsidy`
(办案补贴) and :mod:`~casework_legal_aid.cli` (the ``lawyer-subsidy`` command).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from casework import hookimpl

if TYPE_CHECKING:
    import click

    from casework.book import Book
    from casework.model import Case, Event
    from casework.report import ReportContext, ReportSection
    from casework.workflow import CaseType


@hookimpl
def register_case_types(register: Callable[[CaseType], None]) -> None:
    """Register ``legal_aid``; a book's ``legal_aid_closing`` rules file sets its closing periods.

    ``$CASEWORK_LEGAL_AID_LOCAL`` still sets the periods of books that name no file.
    """
    from casework_legal_aid.kind import make_case_type
    from casework_legal_aid.rules import load_local_rules

    register(make_case_type(load_local_rules()))


@hookimpl
def after_action(book: Book, case: Case, event: Event) -> None:
    """Run the conflict check once a new legal-aid case is stored."""
    if case.kind != "legal_aid" or event.init is None:
        return
    from casework_legal_aid.conflicts import after_creation

    after_creation(book, case, event)


@hookimpl
def report_sections(context: ReportContext) -> ReportSection:
    """The legal-aid section of the annual report."""
    from casework_legal_aid.report import section

    return section(context)


@hookimpl
def register_commands(cli: click.Group) -> None:
    """Add ``lawyer-subsidy``."""
    from casework_legal_aid.cli import register

    register(cli)
