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

from casework.facts import HORIZON, CaseFacts, on_day
from casework.i18n import Label, get_language
from casework.model import Case

if TYPE_CHECKING:
    from casework.book import Book

Figure = int | float | str | None


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _tables(value: Iterable[ReportTable]) -> tuple[ReportTable, ...]:
    return tuple(value)


def _notes(value: Iterable[Label]) -> tuple[Label, ...]:
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
    for people; ``text_zh`` and ``text_en`` are the report's sentences; ``notes`` are remarks that
    every format prints apart from the sentences, e.g. that a figure comes from example rules;
    ``order`` places the section (lower first). ``values`` labels the codes a text figure may
    hold (``{"rules": {"example": Label("示例规则", "example")}}``): views and files show the
    label, the JSON keeps the code.
    """

    kind: str
    title: Label
    figures: Mapping[str, Figure]
    text_zh: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    text_en: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    labels: Mapping[str, Label] = attrs.field(factory=dict)
    tables: tuple[ReportTable, ...] = attrs.field(default=(), converter=_tables)
    order: int = 100
    notes: tuple[Label, ...] = attrs.field(default=(), converter=_notes)
    values: Mapping[str, Mapping[str, Label]] = attrs.field(factory=dict)

    def text(self, lang: str | None = None) -> tuple[str, ...]:
        """The sentences in ``lang`` (default: the language in force)."""
        return self.text_zh if (lang or get_language()) == "zh" else self.text_en

    def shown(self, key: str, value: Figure, lang: str | None = None) -> Figure:
        """Figure ``key``'s ``value`` as people read it: a code's label, else the value."""
        found = self.values.get(key, {}).get(value) if isinstance(value, str) else None
        return found.get(lang) if found else value

    def label(self, key: str, lang: str | None = None) -> str:
        """The label of figure ``key`` in ``lang`` (the key itself when unlabelled)."""
        found = self.labels.get(key)
        return found.get(lang) if found else key


def as_of_label(year: int, as_of: dt.date | None) -> Label | None:
    """The words "截至2026年12月2日" for a report counted before the year's end, else ``None``."""
    if as_of is None or as_of >= dt.date(year, 12, 31):
        return None
    return Label(
        f"截至{as_of.year}年{as_of.month}月{as_of.day}日",
        f"as of {as_of.day} {as_of.strftime('%B')} {as_of.year}",
    )


@attrs.frozen
class Report:
    """The report of one year: its sections and the monthly intake per kind.

    ``as_of`` is the day the figures stand on: 31 December for a past year, today for the
    current one (:meth:`as_of_text` then says "截至…"). ``missing`` names the kinds with cases in
    the year whose plugin is not loaded, with why: their figures are absent, and every format
    says so. ``locality`` is the name of the book's locality (empty when the book names none); the
    title leads with it.
    """

    year: int
    sections: tuple[ReportSection, ...]
    monthly: Mapping[str, tuple[int, ...]] = attrs.field(factory=dict)
    kind_labels: Mapping[str, Label] = attrs.field(factory=dict)
    missing: Mapping[str, str] = attrs.field(factory=dict)
    locality: str = ""
    as_of: dt.date | None = None

    def as_of_text(self, lang: str | None = None) -> str:
        """The words "截至2026年12月2日" when the figures stop before the year's end, else empty."""
        label = as_of_label(self.year, self.as_of)
        return label.get(lang) if label else ""

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
        if self.locality:
            out["locality"] = self.locality
        out.update(self.figures())
        out["as_of"] = self.as_of.isoformat() if self.as_of else None
        out["as_of_text"] = self.as_of_text(lang)
        out["sections"] = [
            {
                "kind": s.kind,
                "title": s.title.get(lang),
                "figures": dict(s.figures),
                "labels": {k: v.get(lang) for k, v in s.labels.items()},
                "text": {"zh": list(s.text_zh), "en": list(s.text_en)},
                "tables": [t.to_dict(lang) for t in s.tables],
                "notes": [n.get(lang) for n in s.notes],
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
    """What a ``report_sections`` hook receives: the year, the book and the cases to count.

    ``as_of`` is the last day counted (31 December, or an earlier day of the year): every case
    is given as it stood on that day, so a figure never counts what was not yet due or done.
    A plugin compares dates with ``as_of`` where it would use the year's end.
    """

    def __init__(self, book: Book, year: int, as_of: dt.date | None = None) -> None:
        self.book = book
        self.year = year
        self.as_of = as_of or dt.date(year, 12, 31)
        self._cache: dict[str, list[Case]] = {}
        self._facts: dict[str, list[CaseFacts]] = {}
        self._stored: dict[str, dict[str, dict[str, Any]]] = {}

    @property
    def lang(self) -> str:
        """The language in force while the report is built."""
        return get_language()

    def facts(self, kind: str) -> list[CaseFacts]:
        """The facts of every case of ``kind`` the year's report may count, as they stood on ``as_of``.

        Cases received in the year, and earlier ones that were open or had events in the year or
        later; each as the facts kept with it say it stood on ``as_of`` (see
        :mod:`casework.facts`), sorted by date of receipt and id. Filter with
        :meth:`CaseFacts.touches` for the cases of the year (what :meth:`cases` gives), or
        ``open`` for those open at its end. Reading facts never loads a case: a report folds
        over these, and the case-loading methods below are for a kind without facts.
        """
        return self._facts_on(kind, self.as_of)

    def facts_as_filed(self, kind: str) -> list[CaseFacts]:
        """The facts of the cases of ``kind`` received or with events in the year, as filed now.

        For a figure judged on a file completed after the year's end (:meth:`as_filed`): every
        fact the case will hold, however late it came; the facts of :meth:`facts` otherwise.
        """
        return [c for c in self._facts_on(kind, HORIZON) if c.touches(self.year)]

    def _facts_on(self, kind: str, day: dt.date) -> list[CaseFacts]:
        key = f"{kind}@{day.isoformat()}"
        if key not in self._facts:
            stored = self._stored.get(kind)
            if stored is None:
                stored = self._stored[kind] = self.book.report_facts(kind, self.year)
            found = [c for i, s in stored.items() if (c := on_day(i, s, day)) is not None]
            found.sort(key=lambda c: (c.received_on, c.id))
            self._facts[key] = found
        return self._facts[key]

    def _pool(self, kind: str) -> list[Case]:
        key = f"@pool:{kind}"
        if key not in self._cache:
            self._cache[key] = self.book._report_pool(kind, self.year)
        return self._cache[key]

    def _views(self, kind: str) -> list[Case]:
        key = f"@views:{kind}"
        if key not in self._cache:
            self._cache[key] = [
                self.book.view(c, self.as_of)
                for c in self._pool(kind)
                if c.received_on <= self.as_of
            ]
        return self._cache[key]

    def _in_year(self, case: Case) -> bool:
        return case.received_on.year == self.year or any(
            e.on.year == self.year for e in case.events
        )

    def cases(self, kind: str) -> list[Case]:
        """Cases of ``kind`` received in the year, or received earlier with events in the year.

        Each as it stood on ``as_of``: later events left out, lapses by then included.
        """
        if kind not in self._cache:
            self._cache[kind] = [c for c in self._views(kind) if self._in_year(c)]
        return self._cache[kind]

    def as_filed(self, kind: str) -> list[Case]:
        """Cases of ``kind`` received in the year or with events in it, as stored now.

        For a figure judged on a file completed after the year's end (e.g. 以案定补, paid on the
        dossier filed in January for a December settlement); every other figure reads
        :meth:`cases`.
        """
        return [c for c in self._pool(kind) if self._in_year(c)]

    def open_at_end(self, kind: str) -> list[Case]:
        """Cases of ``kind`` still open on ``as_of`` (the year's end), whatever their year of receipt."""
        return [c for c in self._views(kind) if c.open]

    def received(self, kind: str) -> list[Case]:
        """Cases of ``kind`` received in the year."""
        return [c for c in self.cases(kind) if c.received_on.year == self.year]

    def events_in_year(self, case: Case, action: str | Sequence[str]) -> Iterator[Any]:
        """Yield the case's events of ``action`` (a name or names) dated in the year."""
        names = {action} if isinstance(action, str) else set(action)
        for event in case.events:
            if event.action in names and event.on.year == self.year:
                yield event
