"""行政应诉 (litigation): a casework plugin, loaded through the entry point group ``casework``.

The case type lives in :mod:`casework_litigation.kind`, the law as data in
:mod:`casework_litigation.rules` and the report section in :mod:`casework_litigation.report`;
they are imported only when first needed.
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
    """Register the 行政应诉 case type."""
    from casework_litigation.kind import LITIGATION

    register(LITIGATION)


@hookimpl
def report_sections(context: ReportContext) -> ReportSection:
    """Contribute the 行政应诉 section of the annual report."""
    from casework_litigation.report import section

    return section(context)
