"""免费法律咨询 (free legal consultation duty shifts): a third-party casework plugin.

Installing this distribution registers the entry point ``consultation`` in the group
``casework``; casework then loads this module and calls the hooks below. Nothing in casework
itself names this plugin.
"""

from __future__ import annotations

from collections.abc import Callable

from casework import CaseType, ReportContext, ReportSection, hookimpl

from casework_consultation import report
from casework_consultation.kind import (
    CONSULTATION,
    KIND,
    PROVIDERS,
    SITES,
    Cancellation,
    Shift,
    ShiftLog,
)

__all__ = [
    "CONSULTATION",
    "KIND",
    "PROVIDERS",
    "SITES",
    "Cancellation",
    "Shift",
    "ShiftLog",
    "register_case_types",
    "report_sections",
]


@hookimpl
def register_case_types(register: Callable[[CaseType], None]) -> None:
    """Declare the case type ``consultation``."""
    register(CONSULTATION)


@hookimpl
def report_sections(context: ReportContext) -> ReportSection | None:
    """Add the 免费法律咨询 section when the year had any shift scheduled."""
    if not context.received(KIND):
        return None
    return report.section(context)
