"""信访 (letters and visits): a third-party casework plugin.

Installing this distribution registers the entry point ``xinfang`` in the group ``casework``;
casework then loads this module and calls the hooks below. Nothing in casework itself names this
plugin.
"""

from __future__ import annotations

from collections.abc import Callable

from casework import CaseType, ReportContext, ReportSection, hookimpl

from casework_xinfang import report
from casework_xinfang.codes import CHANNELS, KIND, OPINIONS
from casework_xinfang.kind import XINFANG, Answer, Extension, Reason, Transfer

__all__ = [
    "CHANNELS",
    "KIND",
    "OPINIONS",
    "XINFANG",
    "Answer",
    "Extension",
    "Reason",
    "Transfer",
    "register_case_types",
    "report_sections",
]


@hookimpl
def register_case_types(register: Callable[[CaseType], None]) -> None:
    """Declare the case type ``xinfang``."""
    register(XINFANG)


@hookimpl
def report_sections(context: ReportContext) -> ReportSection | None:
    """Add the 信访 section when the year had any matter registered."""
    if not any(c.year == context.year for c in context.facts(KIND)):
        return None
    return report.section(context)
