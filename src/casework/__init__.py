"""casework: legal-affairs casework for Chinese city and county governments.

The public API::

    import casework
    book = casework.open_book("./casework-book")      # or ":memory:"
    case = book.create("reconsideration", received_on=date(2020, 3, 2), actor="王科员", ...)
    case = book.act(case.id, "accept", on=date(2020, 3, 5), actor="王科员")
    book.due(on=date.today(), within_days=7)
    book.report(2020).to_dict()

Case kinds come from plugins (entry-point group ``casework``); :func:`case_types` lists them.
"""

from __future__ import annotations

from casework.book import Book, open_book
from casework.deadlines import Calendar, DueDate, due_date
from casework.errors import (
    CaseworkError,
    ConflictError,
    InvalidAction,
    NotFound,
    PluginError,
    StorageError,
    StorageWarning,
    UnknownKind,
    ValidationError,
)
from casework.hookspecs import hookimpl
from casework.i18n import Label, language, set_language
from casework.locality import Locality
from casework.model import Case, Clock, Event, Flag, Party
from casework.plugins import case_type, case_types, register_plugin, unregister_plugin
from casework.report import Report, ReportContext, ReportSection, ReportTable
from casework.workflow import NEW, Action, CaseType, ClockRule, Expiry, State, Workflow

__version__ = "0.1.0"

__all__ = [
    "NEW",
    "Action",
    "Book",
    "Calendar",
    "Case",
    "CaseType",
    "CaseworkError",
    "Clock",
    "ClockRule",
    "ConflictError",
    "DueDate",
    "Event",
    "Expiry",
    "Flag",
    "InvalidAction",
    "Label",
    "Locality",
    "NotFound",
    "Party",
    "PluginError",
    "Report",
    "ReportContext",
    "ReportSection",
    "ReportTable",
    "State",
    "StorageError",
    "StorageWarning",
    "UnknownKind",
    "ValidationError",
    "Workflow",
    "case_type",
    "case_types",
    "due_date",
    "hookimpl",
    "language",
    "open_book",
    "register_plugin",
    "set_language",
    "unregister_plugin",
]
