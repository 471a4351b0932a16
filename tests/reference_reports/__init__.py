"""The report of every built-in kind as it was computed from cases, kept as the reference.

Each module is the kind's ``report.py`` from before reports became folds over facts (see
:mod:`casework.facts`): it loads every case of the year as it stood on the report's day and
counts. The facts-based report must give exactly what these give, figure for figure and word
for word; ``tests/transfer/test_report_facts.py`` proves it on the sample book and on random
books. What counts cases is kept as it was (with the as-of corrections marked in place); the
labels, constants and sentence builders the move left unchanged are imported from the plugin,
so that the two reports differ only where they count. Only the tests import them.
"""

from __future__ import annotations

import importlib
from typing import Any

KINDS = (
    "reconsideration",
    "litigation",
    "legal_aid",
    "mediation",
    "commitment",
    "certificate",
    "consultation",
)


def section(kind: str, context: Any) -> Any:
    """The reference section of ``kind`` for ``context`` (a ReportContext)."""
    module = importlib.import_module(f"reference_reports.{kind}")
    return module.section(context)
