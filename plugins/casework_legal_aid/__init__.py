"""法律援助 (legal_aid): a casework plugin, loaded through the entry point group ``casework``.

The hooks stay light; the modules they need are imported inside them:
:mod:`~casework_legal_aid.kind` (the case type), :mod:`~casework_legal_aid.conflicts` (利益冲突审查),
:mod:`~casework_legal_aid.report` (the report section), :mod:`~casework_legal_aid.subsidy`
(办案补贴) and :mod:`~casework_legal_aid.cli` (the ``lawyer-subsidy`` command).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
def before_commit(book: Book, changes: Sequence[tuple[Case, Event]]) -> None:
    """Run the conflict check on each legal-aid case the transaction opens, in the same commit."""
    if not any(case.kind == "legal_aid" and event.init is not None for case, event in changes):
        return
    from casework_legal_aid.conflicts import before_commit as check_conflicts

    check_conflicts(book, changes)


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
