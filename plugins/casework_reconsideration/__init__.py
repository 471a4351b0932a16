"""行政复议 (reconsideration): a casework plugin, loaded through the entry point group ``casework``.

The case type lives in :mod:`casework_reconsideration.kind`, the rule sets (ARL99, ARL23) in
:mod:`casework_reconsideration.rules` and the report section in
:mod:`casework_reconsideration.report`; they are imported only when first needed.
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
    """Register the 行政复议 case type."""
    from casework_reconsideration.kind import RECONSIDERATION

    register(RECONSIDERATION)


@hookimpl
def report_sections(context: ReportContext) -> ReportSection:
    """Contribute the 行政复议 section of the annual report."""
    from casework_reconsideration.report import section

    return section(context)
