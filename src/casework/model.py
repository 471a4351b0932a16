"""The generic records: :class:`Case`, :class:`Party`, :class:`Event`, :class:`Clock`.

All are attrs classes, frozen and slotted. A case's ``details`` is an instance of the attrs class its
case type declares; the core never looks inside it. A case changes only by an :class:`Event`, and
:func:`casework.workflow.replay` rebuilds a case from its events.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import attrs

from casework.deadlines import DueDate, Pause, Unit
from casework.i18n import Label, tr
from casework.personal import (
    birth_date_of,
    id_number_problem,
    mask_id_number,
    mask_phone,
    normalize_id_number,
    normalize_phone,
    phone_problem,
)

CHINA_TZ = dt.timezone(dt.timedelta(hours=8), "Asia/Shanghai")


def now() -> dt.datetime:
    """Return the current time, timezone-aware in China Standard Time."""
    return dt.datetime.now(CHINA_TZ)


def _opt_id(value: str | None) -> str | None:
    return None if value in (None, "") else normalize_id_number(str(value))


def _opt_phone(value: str | None) -> str | None:
    return None if value in (None, "") else normalize_phone(str(value))


def _check_id(_: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and (problem := id_number_problem(value)):
        raise ValueError(f"{attribute.name}: {problem}")


def _check_phone(_: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is not None and (problem := phone_problem(value)):
        raise ValueError(f"{attribute.name}: {problem}")


_CONTROL = re.compile(r"[\x00-\x1f]")


def _check_name(_: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name}: must not be empty")
    if len(value) > 200:
        raise ValueError(f"{attribute.name}: at most 200 characters")
    if _CONTROL.search(value):
        raise ValueError(f"{attribute.name}: must not contain control characters")


@attrs.frozen
class Party:
    """A person or organisation in a case: its ``role`` (e.g. ``applicant``) and identity.

    ``id_number`` (居民身份证号码) is checked against GB 11643; ``phone`` must be a mobile or
    landline number. Both are masked in every view unless the caller asks otherwise.
    """

    role: str = attrs.field(validator=_check_name)
    name: str = attrs.field(validator=_check_name)
    id_number: str | None = attrs.field(default=None, converter=_opt_id, validator=_check_id)
    phone: str | None = attrs.field(default=None, converter=_opt_phone, validator=_check_phone)
    birth_date: dt.date | None = None
    organisation: bool = False

    @property
    def born(self) -> dt.date | None:
        """The birth date given, or else the one encoded in the ID number."""
        if self.birth_date is not None:
            return self.birth_date
        return birth_date_of(self.id_number) if self.id_number else None

    def masked(self) -> dict[str, Any]:
        """Return the party as a plain dict with ID number and phone masked."""
        return {
            "role": self.role,
            "name": self.name,
            "id_number": mask_id_number(self.id_number) or None,
            "phone": mask_phone(self.phone) or None,
            "organisation": self.organisation,
        }


@attrs.frozen
class Flag:
    """A warning the workflow attached to a case (e.g. an application filed out of time)."""

    code: str
    zh: str
    en: str

    def __str__(self) -> str:
        return tr(self.zh, self.en)


@attrs.frozen
class Event:
    """One change to a case: what was done (``action``), when (``on``), by whom, and the data.

    ``seq`` numbers the case's events from 1. The creation event carries ``init``: the case's
    first record (id, received_on, parties, details), so that the history replays to the case.
    ``number`` is the case number (案号) assigned by this event, if any.
    """

    seq: int
    action: str
    on: dt.date
    at: dt.datetime
    actor: str
    from_state: str | None
    to_state: str
    data: dict[str, Any] = attrs.field(factory=dict)
    note: str = ""
    number: str | None = None
    system: bool = False
    init: dict[str, Any] | None = None


ClockStatus = str
RUNNING, PAUSED, STOPPED, LAPSED = "running", "paused", "stopped", "lapsed"


@attrs.frozen
class Clock:
    """A statutory period running on a case, computed from its events.

    ``due_on`` is the last day of the period (``None`` while paused); ``pauses`` are the 中止
    intervals; ``extended_days`` the one extension granted. ``status`` is ``running``,
    ``paused``, ``stopped`` (the act was done) or ``lapsed`` (it expired and its legal effect was
    recorded).
    """

    name: str
    started_on: dt.date
    length: int
    unit: Unit
    due_on: dt.date | None
    status: ClockStatus = RUNNING
    provisional: bool = False
    pauses: tuple[Pause, ...] = ()
    extended_days: int = 0
    stopped_on: dt.date | None = None
    planning: bool = False

    @property
    def running(self) -> bool:
        """Whether the period is still counting (not paused, stopped or lapsed)."""
        return self.status == RUNNING

    def days_left(self, on: dt.date) -> int | None:
        """Return days from ``on`` to the due date (negative when overdue), ``None`` if paused."""
        if self.due_on is None:
            return None
        return (self.due_on - on).days

    def overdue(self, on: dt.date) -> bool:
        """Whether the period is running and its last day is before ``on``."""
        return self.running and self.due_on is not None and self.due_on < on

    def due(self) -> DueDate | None:
        """The due date with its ``provisional`` flag."""
        return None if self.due_on is None else DueDate.of(self.due_on, self.provisional)


@attrs.frozen
class Case:
    """A case of any kind: generic fields here, the kind's own fields in ``details``.

    ``regime`` names the rule set (workflow) chosen by the date of receipt, e.g. ``ARL99``;
    ``type_version`` the version of the case type when the case was last written; ``version``
    counts the events, so a writer holding an older version is detected.
    """

    id: str
    kind: str
    state: str
    received_on: dt.date
    details: Any
    regime: str
    type_version: int = 1
    number: str | None = None
    parties: tuple[Party, ...] = ()
    events: tuple[Event, ...] = ()
    clocks: tuple[Clock, ...] = ()
    flags: tuple[Flag, ...] = ()
    closed_on: dt.date | None = None
    version: int = 0

    @property
    def open(self) -> bool:
        """Whether the case is still being handled (not in a final state)."""
        return self.closed_on is None

    @property
    def year(self) -> int:
        """The year of receipt, by which the case is archived."""
        return self.received_on.year

    def clock(self, name: str) -> Clock | None:
        """Return the clock called ``name``, if the case has one."""
        return next((c for c in self.clocks if c.name == name), None)

    def parties_in(self, role: str) -> tuple[Party, ...]:
        """Return the parties with ``role``."""
        return tuple(p for p in self.parties if p.role == role)

    def last_event(self, action: str) -> Event | None:
        """Return the latest event of ``action``, if any."""
        return next((e for e in reversed(self.events) if e.action == action), None)

    def has_event(self, action: str) -> bool:
        """Whether an event of ``action`` happened."""
        return any(e.action == action for e in self.events)


__all__ = [
    "CHINA_TZ",
    "LAPSED",
    "PAUSED",
    "RUNNING",
    "STOPPED",
    "Case",
    "Clock",
    "Event",
    "Flag",
    "Label",
    "Party",
    "now",
]
