"""Statutory day counting on the Chinese calendar.

The rules (民事诉讼法 Art. 85, 民法典 Arts. 201 and 203, 行政复议法 Art. 88): the start day
is not counted; a natural-day or month period whose last day is a rest day (weekend or statutory
holiday) ends on the next working day; 调休 weekend workdays are working days; holidays inside a
period are not deducted. Working-day periods count only working days.

Holidays come from ``chinese_calendar`` (years 2004-2026 in release 1.11.0; newer releases add the
next year once the State Council publishes its notice, and any release from 1.11 on is accepted).
:func:`package_calendar` tells which years the installed release covers. For a year it does not
know, a :class:`Calendar` accepts a holiday table the user supplies (``<book>/calendar/<year>.json``);
otherwise it counts weekends alone and marks every date it computes from such a year *provisional*.
"""

from __future__ import annotations

import calendar as _stdcal
import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, NamedTuple

import orjson

from casework.errors import ValidationError

Unit = Literal["natural", "working", "months"]
UNITS: tuple[Unit, ...] = ("natural", "working", "months")

Pause = tuple[dt.date, dt.date | None]


class DueDate(dt.date):
    """A due date that knows whether it rests on a calendar guess.

    It compares and formats like the :class:`datetime.date` it is; ``provisional`` is true when a
    year the calendar does not know was counted on weekends alone.
    """

    provisional: bool

    def __new__(cls, year: int, month: int, day: int, provisional: bool = False) -> DueDate:
        """Make the date ``year-month-day``, provisional or not."""
        self = super().__new__(cls, year, month, day)
        self.provisional = provisional
        return self

    @classmethod
    def of(cls, day: dt.date, provisional: bool) -> DueDate:
        """Wrap ``day`` with its ``provisional`` flag."""
        return cls(day.year, day.month, day.day, provisional)

    def __repr__(self) -> str:
        flag = ", provisional=True" if self.provisional else ""
        return f"DueDate({self.year}, {self.month}, {self.day}{flag})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (DueDate, (self.year, self.month, self.day, self.provisional))


class Calendar:
    """Which days are working days: ``chinese_calendar`` plus user-supplied years.

    ``extra`` maps a year to ``{"holidays": [...], "workdays": [...]}``: for that year, listed
    holidays are rest days, listed workdays (调休) are working days, other weekdays are working days.
    A supplied year overrides the package's data for that year.
    """

    def __init__(
        self,
        extra: Mapping[int, Mapping[str, Iterable[dt.date]]] | None = None,
        *,
        files: Mapping[int, Path] | None = None,
    ) -> None:
        self._files = dict(files or {})
        self._extra: dict[int, tuple[frozenset[dt.date], frozenset[dt.date]]] = {}
        for year, table in (extra or {}).items():
            self._extra[int(year)] = (
                frozenset(table.get("holidays", ())),
                frozenset(table.get("workdays", ())),
            )
        self._cache: dict[dt.date, tuple[bool, bool]] = {}

    @classmethod
    def from_files(cls, paths: Sequence[Path]) -> Calendar:
        """Build a calendar from holiday files (JSON: ``{"year", "holidays", "workdays"}``)."""
        extra: dict[int, dict[str, list[dt.date]]] = {}
        files: dict[int, Path] = {}
        for path in paths:
            tables = _read_holiday_file(path)
            extra.update(tables)
            files.update(dict.fromkeys(tables, path))
        return cls(extra, files=files)

    @property
    def supplied_years(self) -> tuple[int, ...]:
        """The years for which the user supplied a holiday table."""
        return tuple(sorted(self._extra))

    @property
    def files(self) -> dict[int, Path]:
        """The holiday file each supplied year was read from (years given in code have none)."""
        return dict(self._files)

    def covered(self) -> tuple[int, int] | None:
        """The run of consecutive years this calendar knows, from the package's first year.

        Years outside it are counted on weekends alone (provisional); ``None`` without data.
        """
        package = package_calendar()
        years = set(self._extra)
        if package is not None:
            years.update(range(package.first, package.last + 1))
        if not years:
            return None
        first = package.first if package is not None else min(years)
        last = first
        while last + 1 in years:
            last += 1
        return first, last

    def day(self, day: dt.date) -> tuple[bool, bool]:
        """Return ``(is_workday, known)`` for ``day``; ``known`` is false for a guessed year."""
        hit = self._cache.get(day)
        if hit is None:
            hit = self._lookup(day)
            self._cache[day] = hit
        return hit

    def is_workday(self, day: dt.date) -> bool:
        """Return whether ``day`` is a working day (a guess for unknown years)."""
        return self.day(day)[0]

    def _lookup(self, day: dt.date) -> tuple[bool, bool]:
        table = self._extra.get(day.year)
        if table is not None:
            holidays, workdays = table
            if day in workdays:
                return True, True
            if day in holidays:
                return False, True
            return day.weekday() < 5, True
        try:
            import chinese_calendar

            return bool(chinese_calendar.is_workday(day)), True
        except NotImplementedError:
            return day.weekday() < 5, False

    def roll_forward(self, day: dt.date) -> DueDate:
        """Return ``day`` or, when it is a rest day, the first working day after it."""
        known = True
        while True:
            workday, day_known = self.day(day)
            known = known and day_known
            if workday:
                return DueDate.of(day, not known)
            day += dt.timedelta(days=1)

    def working_days_between(self, after: dt.date, until: dt.date) -> int:
        """Count working days ``d`` with ``after < d <= until``."""
        count = 0
        day = after + dt.timedelta(days=1)
        while day <= until:
            if self.is_workday(day):
                count += 1
            day += dt.timedelta(days=1)
        return count


DEFAULT_CALENDAR = Calendar()


class PackageYears(NamedTuple):
    """The installed ``chinese-calendar`` release and the first and last year it covers."""

    version: str
    first: int
    last: int


@functools.cache
def package_calendar() -> PackageYears | None:
    """Which years the installed ``chinese_calendar`` knows (``None`` when it is missing).

    Found by asking the package about each year from 2000 to 2100, so it holds for any release.
    """
    try:
        import chinese_calendar
    except ImportError:
        return None
    from importlib import metadata

    try:
        version = metadata.version("chinese-calendar")
    except metadata.PackageNotFoundError:
        version = str(getattr(chinese_calendar, "__version__", "?"))
    known = []
    for year in range(2000, 2101):
        try:
            chinese_calendar.is_workday(dt.date(year, 6, 1))
        except NotImplementedError:
            continue
        known.append(year)
    if not known:
        return None
    return PackageYears(version, min(known), max(known))


def add_months(day: dt.date, months: int) -> dt.date:
    """Add calendar months; a day the end month lacks becomes its last day (民法典 Art. 202)."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    last = _stdcal.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def due_date(
    start: dt.date,
    days: int,
    unit: str = "natural",
    *,
    calendar: Calendar | None = None,
    pauses: Sequence[Pause] = (),
) -> DueDate:
    """Return the last day of a period of ``days`` ``unit`` starting on ``start``.

    ``unit`` is ``"natural"`` (自然日), ``"working"`` (工作日) or ``"months"`` (月). The start day is
    not counted. A natural-day or month period ending on a rest day ends on the next working day.
    ``pauses`` are closed ``(paused_on, resumed_on)`` intervals (中止): the due date moves by the
    time paused (natural days, or the working days inside the pause for working-day periods).

    >>> due_date(dt.date(2020, 8, 3), 60)
    DueDate(2020, 10, 9)
    >>> due_date(dt.date(2020, 9, 28), 3, "working")
    DueDate(2020, 10, 9)
    """
    cal = calendar or DEFAULT_CALENDAR
    if unit not in UNITS:
        raise ValidationError(
            f"unknown period unit {unit!r}", hint="use 'natural', 'working' or 'months'"
        )
    if days < 0:
        raise ValidationError(f"a period cannot be negative ({days})", hint="give 0 or more days")
    closed = [(p, r) for p, r in pauses if r is not None]
    if unit == "working":
        return _working(cal, start, days, closed)
    end = start + dt.timedelta(days=days) if unit == "natural" else add_months(start, days)
    end += dt.timedelta(days=sum((r - p).days for p, r in closed))
    return cal.roll_forward(end)


def _working(cal: Calendar, start: dt.date, days: int, pauses: Sequence[Pause]) -> DueDate:
    def paused(day: dt.date) -> bool:
        return any(p < day <= r for p, r in pauses if r is not None)

    known = True
    day, counted = start, 0
    one = dt.timedelta(days=1)
    while counted < days:
        day += one
        workday, day_known = cal.day(day)
        known = known and day_known
        if workday and not (pauses and paused(day)):
            counted += 1
    if days == 0:
        return cal.roll_forward(day)
    return DueDate.of(day, not known)


def _read_holiday_file(path: Path) -> dict[int, dict[str, list[dt.date]]]:
    where = str(path)
    try:
        raw = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise ValidationError(
            f"holiday file {where} cannot be read ({exc})",
            hint='write JSON like {"year": 2027, "holidays": ["2027-01-01"], "workdays": []}',
        ) from None
    tables = raw if isinstance(raw, list) else [raw]
    out: dict[int, dict[str, list[dt.date]]] = {}
    for index, table in enumerate(tables):
        at = f"{where}[{index}]" if isinstance(raw, list) else where
        if not isinstance(table, dict) or not isinstance(table.get("year"), int):
            raise ValidationError(
                f"holiday file {at} needs an integer 'year'",
                hint='write {"year": 2027, "holidays": [...], "workdays": [...]}',
            )
        year = table["year"]
        entry: dict[str, list[dt.date]] = {}
        for key in ("holidays", "workdays"):
            days: list[dt.date] = []
            for value in table.get(key, []):
                try:
                    parsed = dt.date.fromisoformat(str(value))
                except ValueError:
                    raise ValidationError(
                        f"holiday file {at}: {key} entry {value!r} is not a date",
                        hint="write dates as YYYY-MM-DD",
                    ) from None
                if parsed.year != year:
                    raise ValidationError(
                        f"holiday file {at}: {key} entry {value} is not in {year}",
                        hint="list only that year's dates, or add a table for the other year",
                    )
                days.append(parsed)
            entry[key] = days
        out[year] = entry
    return out
