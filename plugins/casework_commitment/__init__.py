"""证明事项告知承诺制 (commitment): a casework plugin, loaded through the entry point group ``casework``.

A matter applied for with a signed written commitment (承诺书) instead of a certificate, concluded
on the commitment, then verified afterwards (事中事后核查). The case type is in
:mod:`casework_commitment.kind`, the code tables in :mod:`casework_commitment.codes`, the
locality's verification period in :mod:`casework_commitment.rules` and the report section in
:mod:`casework_commitment.report`.

Two hooks carry the consequence of a false commitment across cases: once a decision is revoked (or
a matter terminated) for a false commitment, the applicant is entered in the book's register of
dishonest commitments (side table ``commitment_dishonest``), and concluding a later matter of that
applicant on a commitment is refused until the entry is lifted (信用修复).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from casework import hookimpl

if TYPE_CHECKING:
    import datetime as dt

    from casework.book import Book
    from casework.model import Case, Event
    from casework.report import ReportContext, ReportSection
    from casework.workflow import CaseType


@hookimpl
def register_case_types(register: Callable[[CaseType], None]) -> None:
    """Register ``commitment``; a book's ``commitment_verification`` file sets its own period.

    ``$CASEWORK_COMMITMENT_LOCAL`` still sets the period of books that name no file.
    """
    from casework_commitment.kind import make_case_type
    from casework_commitment.rules import load_local_rules

    register(make_case_type(load_local_rules()))


@hookimpl
def before_action(
    book: Book, case: Case | None, kind: str, action: str, data: Any, on: dt.date, actor: str
) -> str | None:
    """Refuse to conclude on a commitment for an applicant entered as dishonest."""
    if kind != "commitment" or case is None or action != "conclude":
        return None
    from casework_commitment.credit import refusal

    return refusal(book, case)


@hookimpl
def after_action(book: Book, case: Case, event: Event) -> None:
    """Enter the applicant in the register of dishonest commitments after a false finding."""
    if case.kind != "commitment" or event.action not in ("revoke", "terminate"):
        return
    from casework_commitment.credit import record

    record(book, case, event)


@hookimpl
def report_sections(context: ReportContext) -> ReportSection:
    """Contribute the 告知承诺 section of the annual report."""
    from casework_commitment.report import section

    return section(context)
