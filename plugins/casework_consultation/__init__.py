"""免费法律咨询 (consultation): a casework plugin, loaded through the entry point group ``casework``.

Duty shifts (坐班) of lawyers, legal service workers and retired judges and prosecutors at service
points (the approval hall, the townships' public legal service platforms), each shift carrying the
consultations given on it by matter type and the referrals to legal aid. The case type is in
:mod:`casework_consultation.kind` (its code tables in :mod:`casework_consultation.codes`), the
report section in :mod:`casework_consultation.report`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from casework import hookimpl

if TYPE_CHECKING:
    from casework.report import ReportContext, ReportSection
    from casework.workflow import CaseType


@hookimpl
def register_case_types(register: Callable[[CaseType], None]) -> None:
    """Register the ``consultation`` case type."""
    from casework_consultation.kind import CONSULTATION

    register(CONSULTATION)


@hookimpl
def report_sections(context: ReportContext) -> ReportSection:
    """Contribute the 免费法律咨询 section of the annual report."""
    from casework_consultation.report import section

    return section(context)
