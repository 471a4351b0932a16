"""The annual report: one :class:`ReportSection` per case kind, gathered through a hook.

Plugins implement ``report_sections(context)`` and return sections holding flat ``figures``
(stable keys, documented by each plugin), the report's sentences in zh-CN and English, and
optional tables. :meth:`casework.book.Book.report` collects them into a :class:`Report`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from casework.i18n import Label, get_language
from casework.model import Case

if TYPE_CHECKING:
    from casework.book import Book

Figure = int | float | str | None


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _tables(value: Iterable[ReportTable]) -> tuple[ReportTable, ...]:
    return tuple(value)


@attrs.frozen
class ReportTable:
    """A small table in a section, e.g. decisions by type: ``columns`` and ``rows``.

    A cell may be a :class:`Label` (a row's name, ``Label("维持", "upheld")``): each report
    reads it in its own language (:meth:`rows_in`).
    """

    title: Label
    columns: tuple[Label, ...]
    rows: tuple[tuple[Figure | Label, ...], ...]

    def rows_in(self, lang: str | None = None) -> list[list[Figure]]:
        """The rows with every :class:`Label` cell in ``lang``."""
        return [[c.get(lang) if isinstance(c, Label) else c for c in row] for row in self.rows]

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """Return the table as JSON-ready data in ``lang``."""
        return {
            "title": self.title.get(lang),
            "columns": [c.get(lang) for c in self.columns],
            "rows": self.rows_in(lang),
        }


@attrs.frozen
class ReportSection:
    """One kind's part of the annual report.

    ``figures`` is a flat dict with stable keys (the plugin documents each); ``labels`` names them
    for people; ``text_zh`` and ``text_en`` are the report's sentences; ``order`` places the
    section (lower first).
    """

    kind: str
    title: Label
    figures: Mapping[str, Figure]
    text_zh: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    text_en: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    labels: Mapping[str, Label] = attrs.field(factory=dict)
    tables: tuple[ReportTable, ...] = attrs.field(default=(), converter=_tables)
    order: int = 100

    def text(self, lang: str | None = None) -> tuple[str, ...]:
        """The sentences in ``lang`` (default: the language in force)."""
        return self.text_zh if (lang or get_language()) == "zh" else self.text_en

    def label(self, key: str, lang: str | None = None) -> str:
        """The label of figure ``key`` in ``lang`` (the key itself when unlabelled)."""
        found = self.labels.get(key)
        return found.get(lang) if found else key


@attrs.frozen
class Report:
    """The report of one year: its sections and the monthly intake per kind.

    ``missing`` names the kinds with cases in the year whose plugin is not loaded, with why:
    their figures are absent, and every format says so.
    """

    year: int
    sections: tuple[ReportSection, ...]
    monthly: Mapping[str, tuple[int, ...]] = attrs.field(factory=dict)
    kind_labels: Mapping[str, Label] = attrs.field(factory=dict)
    missing: Mapping[str, str] = attrs.field(factory=dict)

    def section(self, kind: str) -> ReportSection | None:
        """Return the section of ``kind``, if any."""
        return next((s for s in self.sections if s.kind == kind), None)

    def figures(self) -> dict[str, dict[str, Figure]]:
        """Return each kind's figures under the kind's name."""
        return {s.kind: dict(s.figures) for s in self.sections}

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """Return JSON-serialisable data: figures under each kind's name, then the details.

        The same book always yields the same dict (no timestamps).
        """
        out: dict[str, Any] = {"year": self.year}
        out.update(self.figures())
        out["sections"] = [
            {
                "kind": s.kind,
                "title": s.title.get(lang),
                "figures": dict(s.figures),
                "labels": {k: v.get(lang) for k, v in s.labels.items()},
                "text": {"zh": list(s.text_zh), "en": list(s.text_en)},
                "tables": [t.to_dict(lang) for t in s.tables],
            }
            for s in self.sections
        ]
        out["monthly"] = {k: list(v) for k, v in self.monthly.items()}
        if self.missing:
            out["missing"] = dict(self.missing)
        return out

    def paragraphs(self, lang: str | None = None) -> list[str]:
        """Every sentence of every section, in order, in ``lang``."""
        return [line for s in self.sections for line in s.text(lang)]


class ReportContext:
    """What a ``report_sections`` hook receives: the year, the book and the cases to count."""

    def __init__(self, book: Book, year: int) -> None:
        self.book = book
        self.year = year
        self._cache: dict[str, list[Case]] = {}

    @property
    def lang(self) -> str:
        """The language in force while the report is built."""
        return get_language()

    def cases(self, kind: str) -> list[Case]:
        """Cases of ``kind`` received in the year, or received earlier with events in the year."""
        if kind not in self._cache:
            self._cache[kind] = self.book._report_cases(kind, self.year)
        return self._cache[kind]

    def open_at_end(self, kind: str) -> list[Case]:
        """Cases of ``kind`` still open on 31 December of the year, whatever their year of receipt."""
        key = f"@open:{kind}"
        if key not in self._cache:
            self._cache[key] = self.book.open_at(kind, dt.date(self.year, 12, 31))
        return self._cache[key]

    def received(self, kind: str) -> list[Case]:
        """Cases of ``kind`` received in the year."""
        return [c for c in self.cases(kind) if c.received_on.year == self.year]

    def events_in_year(self, case: Case, action: str | Sequence[str]) -> Iterator[Any]:
        """Yield the case's events of ``action`` (a name or names) dated in the year."""
        names = {action} if isinstance(action, str) else set(action)
        for event in case.events:
            if event.action in names and event.on.year == self.year:
                yield event
