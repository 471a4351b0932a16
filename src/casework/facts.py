"""Report facts: what the annual report needs of a case, kept with the case and dated.

A report must not load and structure every case of its year, and it must count each case as it
stood on the report's day (lapses included). Both follow from one record kept with each case:
its **fact timeline**. A kind declares a *projection* (``CaseType.facts``): the few small
values its report reads off a case as it stands — the decision's type, the committee, whether
the dossier is complete. The book replays the case's history once per write, event by event and
then through every lapse still to come (their dates are known at commit), and keeps each fact
with the day it came into force and the day it stopped being true:

    ["2020-01-06", null, "event", [2, "accept", "2020-01-06"]]
    ["2020-01-02", "2020-01-06", "state", "review"]

The case as it stood on day ``D`` is then the facts in force on ``D``
(:func:`on_day`), exactly what the kind's projection says of ``Book.view(case, D)``,
and a report is a fold over those facts (:class:`CaseFacts`), reading a small file per shard
rather than the cases. Every write replaces the timeline, so a fact is never out of date; a
kind that changes its projection raises ``facts_version`` and its cases' facts are rebuilt
(``casework facts --rebuild``).

Besides the kind's own facts, the book keeps for every case: ``state``, ``closed_on``,
``event`` (``(seq, action, day)``), ``clock`` (``(name, started, due, stopped, status,
planning)``) and ``flag`` (its code). Values are JSON scalars or tuples of them; dates are ISO
strings, which compare as dates do.

Facts never hold personal data: a projection names codes, counts and dates, never a party.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from casework.model import Case, Event

if TYPE_CHECKING:
    from casework.deadlines import Calendar
    from casework.workflow import CaseType

HORIZON = dt.date(2100, 12, 31)
"""The day a case is carried forward to when its facts are derived: every lapse still to come."""

Projection = Callable[[Case], Iterable[tuple[str, Any]]]
"""A kind's projection: ``(name, value)`` pairs its report reads off a case as it stands."""

STANDARD = ("state", "closed_on", "event", "clock", "flag")
"""The facts the book keeps for every case, whatever its kind."""

_DAY = dt.timedelta(days=1)


class ClockFact(NamedTuple):
    """A period as it stood on the report's day: dates as ISO strings, ``None`` when unset."""

    name: str
    started_on: str
    due_on: str | None
    stopped_on: str | None
    status: str
    planning: bool

    def due_by(self, day: str, include_planning: bool = False) -> bool:
        """Whether the period was running and due by ``day`` (a court's, only if asked)."""
        return (
            self.status == "running"
            and self.due_on is not None
            and self.due_on <= day
            and (include_planning or not self.planning)
        )


class EventFact(NamedTuple):
    """An event in force on the report's day: its number in the history, action and date."""

    seq: int
    action: str
    on: str


def frozen(value: Any) -> Any:
    """``value`` with every list made a tuple (hashable, as a projection's values must be)."""
    if isinstance(value, list | tuple):
        return tuple(frozen(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def standard_facts(case: Case) -> Iterator[tuple[str, Any]]:
    """The facts the book keeps of every case (see the module)."""
    yield ("state", case.state)
    if case.closed_on is not None:
        yield ("closed_on", case.closed_on.isoformat())
    for event in case.events:
        yield ("event", (event.seq, event.action, event.on.isoformat()))
    for clock in case.clocks:
        yield (
            "clock",
            (
                clock.name,
                clock.started_on.isoformat(),
                clock.due_on.isoformat() if clock.due_on else None,
                clock.stopped_on.isoformat() if clock.stopped_on else None,
                clock.status,
                bool(clock.planning),
            ),
        )
    for flag in case.flags:
        yield ("flag", flag.code)


def _snapshot(case: Case, projection: Projection | None) -> set[tuple[str, Any]]:
    facts = set(standard_facts(case))
    if projection is not None:
        facts.update((str(name), frozen(value)) for name, value in projection(case))
    return facts


def _in_force(case_type: CaseType, before: Case, event: Event) -> dt.date:
    """The first day a lapse ``event`` stands in a view (see :func:`casework.workflow.as_of`).

    A lapse is dated the period's last day, or the case's last event when that came later; it
    stands from the day after the period's last day, so on its own date only when that date
    is past the period.
    """
    workflow = case_type.workflow(before.regime)
    for clock in before.clocks:
        rule = workflow.clock_rule(clock.name)
        if (
            rule is not None
            and rule.expiry is not None
            and rule.expiry.action == event.action
            and clock.due_on is not None
            and clock.due_on < event.on
        ):
            return event.on
    return event.on + _DAY


def derive(
    case_type: CaseType,
    case: Case,
    version: str,
    *,
    calendar: Calendar | None = None,
    before: Case | None = None,
    stored: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The facts record kept with ``case``: version, date of receipt, timeline (see the module).

    ``before`` and ``stored`` are the case as it was stored and the facts stored with it: when
    ``case`` only adds events to ``before``, the stored timeline is kept up to ``before``'s last
    event and only the new events and the lapses to come are replayed (a write costs what it
    adds, not the whole history). The record says how far its stored part goes (``n`` events,
    in force from day ``k``) when that cut is clean: no lapse to come stands on day ``k``.
    """
    from casework import workflow  # the workflow imports this module's types

    final = workflow.as_of(case_type, case, HORIZON, calendar=calendar)
    assert final is not None
    events = final.events
    start = _resume(before, stored, case, version)
    rows: list[list[Any]] = []
    since: dict[tuple[str, Any], str] = {}
    previous: set[tuple[str, Any]] = set()
    if start is None:
        first = 0
        cases = list(_steps(case_type, events, calendar, case if len(case.events) == 1 else None))
        prior: Case | None = None
        floor = ""
    else:
        assert before is not None and stored is not None
        first, floor = len(before.events), str(stored["k"])
        rows, since, previous = start
        cases = list(_steps(case_type, events, calendar, None, resume=(first, before)))
        prior = before
    days = [e.on for e in events[first:]]
    for i, event in enumerate(events[first:]):
        if event.system and (prior is not None or i):
            days[i] = _in_force(case_type, cases[i - 1] if i else before, event)  # type: ignore[arg-type]
    for i in range(len(days) - 2, -1, -1):  # a view holds a prefix of the history
        days[i] = min(days[i], days[i + 1])
    if floor and days and days[0].isoformat() < floor:  # a new event reaches back: replay all
        return derive(case_type, case, version, calendar=calendar)
    for day, step in zip(days, cases, strict=True):
        facts = _snapshot(step, case_type.facts)
        iso = day.isoformat()
        for gone in previous - facts:
            began = since.pop(gone)
            if began != iso:  # a fact true for no day at all is no fact
                rows.append([began, iso, gone[0], gone[1]])
        for new in facts - previous:
            since[new] = iso
        previous = facts
    rows.extend([began, None, name, value] for (name, value), began in since.items())
    rows = [[a, b, name, _jsonable(value)] for a, b, name, value in rows]
    rows.sort(key=lambda r: (r[0], r[2], repr(r[3])))
    out: dict[str, Any] = {"v": version, "r": case.received_on.isoformat(), "t": rows}
    kept = len(case.events) - first
    if 0 < kept <= len(days):
        cut = days[kept - 1]
        if all(later > cut for later in days[kept:]):
            out["n"], out["k"] = len(case.events), cut.isoformat()
    return out


def _jsonable(value: Any) -> Any:
    """A fact value as JSON holds it (tuples as lists), so a stored timeline equals a new one."""
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    return value


def _resume(
    before: Case | None, stored: Mapping[str, Any] | None, case: Case, version: str
) -> tuple[list[list[Any]], dict[tuple[str, Any], str], set[tuple[str, Any]]] | None:
    """The stored timeline cut after ``before``'s last event, when it can be kept; else ``None``."""
    if (
        before is None
        or stored is None
        or facts_problem(stored) is not None
        or stored.get("v") != version
        or stored.get("n") != len(before.events)
        or not isinstance(stored.get("k"), str)
        or len(case.events) <= len(before.events)
        or case.events[: len(before.events)] != before.events
    ):
        return None
    cut = str(stored["k"])
    rows: list[list[Any]] = []
    since: dict[tuple[str, Any], str] = {}
    for began, until, name, value in stored["t"]:
        if began > cut:
            continue  # from a lapse that was still to come
        if until is not None and until <= cut:
            rows.append([began, until, name, value])
        else:
            since[(name, decode_value(value))] = began
    return rows, since, set(since)


def _steps(
    case_type: CaseType,
    events: Sequence[Event],
    calendar: Calendar | None,
    created: Case | None,
    *,
    resume: tuple[int, Case] | None = None,
) -> Iterator[Case]:
    """The case after each of ``events`` (the first is its creation), replayed.

    ``created`` is the case after its creation event when the caller holds it; ``resume`` is
    ``(n, case after n events)``: the steps then start after the ``n``-th event.
    """
    from casework import workflow

    start = 0
    if resume is not None:
        start, case = resume
    for i in range(start, len(events)):
        if i == 0:
            case = created or workflow.replay(case_type, events[:1], calendar=calendar)
        else:
            event = events[i]
            case, _ = workflow.apply(
                case_type,
                case,
                event.action,
                on=event.on,
                actor=event.actor,
                data=event.data or None,
                note=event.note,
                at=event.at,
                calendar=calendar,
                number=event.number,
                system=event.system,
                recorded=True,
            )
        yield case


def stamp(case_type: CaseType, basis: bytes = b"") -> str:
    """The version a kind's stored facts must carry: its ``facts_version`` and the book's rules.

    ``basis`` is what else a case's facts depend on (the book's settings and rules files): facts
    derived under other rules are stale and are derived again. A kind without a projection
    stamps ``-`` and one with a projection ``v<facts_version>`` (stamps of the form
    ``<facts_version>:…`` were kept before that distinction), so that the standard facts kept
    before a kind declared its projection are stale once it does, whatever version it starts at.
    """
    digest = hashlib.sha256(basis).hexdigest()[:12]
    version = f"v{case_type.facts_version}" if case_type.facts is not None else "-"
    return f"{version}:{digest}"


def facts_problem(value: Any) -> str | None:
    """What is wrong with a stored facts record, or ``None``."""
    if type(value) is not dict:
        return "'facts' must be an object"
    if type(value.get("v")) is not str or type(value.get("r")) is not str:
        return "'facts' lacks its version or date of receipt"
    rows = value.get("t")
    if type(rows) is not list:
        return "'facts.t' must be a list"
    for row in rows:  # the hot path of every report: plain type checks, no recursion
        if (
            type(row) is not list
            or len(row) != 4
            or type(row[0]) is not str
            or (row[1] is not None and type(row[1]) is not str)
            or type(row[2]) is not str
        ):
            return "'facts.t' holds a malformed row"
        fact = row[3]
        shape = _STANDARD_SHAPES.get(row[2])
        if shape is not None and not shape(fact):
            return f"'facts.t' holds a malformed '{row[2]}' fact"
        if type(fact) in _SCALARS:
            continue
        if type(fact) is not list or not all(
            type(v) in _SCALARS or (type(v) is list and _plain(v)) for v in fact
        ):
            return "'facts.t' holds a value that is neither a scalar nor a list of them"
    return None


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _text_or_none(value: Any) -> bool:
    return value is None or type(value) is str


_STANDARD_SHAPES: dict[str, Callable[[Any], bool]] = {
    "state": lambda v: type(v) is str,
    "closed_on": lambda v: type(v) is str,
    "flag": lambda v: type(v) is str,
    "event": lambda v: (
        type(v) is list
        and len(v) == 3
        and type(v[0]) is int
        and type(v[1]) is str
        and type(v[2]) is str
    ),
    "clock": lambda v: (
        type(v) is list
        and len(v) == 6
        and type(v[0]) is str
        and type(v[1]) is str
        and _text_or_none(v[2])
        and _text_or_none(v[3])
        and type(v[4]) is str
        and type(v[5]) is bool
    ),
}
"""The shape of each fact the book keeps of every case (see :data:`STANDARD`)."""


def _plain(value: Any) -> bool:
    """Whether ``value`` is what a fact may hold: a JSON scalar, or a list of them (nested)."""
    if type(value) is list:
        return all(_plain(v) for v in value)
    return type(value) in _SCALARS


class CaseFacts:
    """One case's facts in force on the report's day: what a kind's report fold reads.

    ``get(name)`` gives a fact's value (the projection's single values), ``all(name)`` every
    value of a name; the standard facts have their own accessors (:attr:`state`,
    :attr:`closed_on`, :meth:`events`, :meth:`clock`, :attr:`flags`). Dates are ISO strings.
    """

    __slots__ = ("_by_name", "id", "received_on", "year")

    def __init__(self, case_id: str, received_on: str, facts: Iterable[tuple[str, Any]]) -> None:
        self.id = case_id
        self.received_on = received_on
        self.year = int(received_on[:4])
        by_name: dict[str, list[Any]] = {}
        for name, value in facts:
            by_name.setdefault(name, []).append(value)
        self._by_name = by_name

    @classmethod
    def of(cls, case_id: str, received_on: str, by_name: dict[str, list[Any]]) -> CaseFacts:
        """The facts of a case already grouped by name (what :func:`on_day` builds)."""
        made = cls.__new__(cls)
        made.id = case_id
        made.received_on = received_on
        made.year = int(received_on[:4])
        made._by_name = by_name
        return made

    def __repr__(self) -> str:
        return f"CaseFacts({self.id!r}, {self.received_on!r})"

    def get(self, name: str, default: Any = None) -> Any:
        """The value of fact ``name`` (the first, when the projection gave several)."""
        values = self._by_name.get(name)
        return values[0] if values else default

    def all(self, name: str) -> list[Any]:
        """Every value of fact ``name``, in no particular order."""
        return list(self._by_name.get(name, ()))

    def has(self, name: str) -> bool:
        """Whether the case has fact ``name`` on the report's day."""
        return name in self._by_name

    @property
    def state(self) -> str:
        """The case's state on the report's day."""
        return str(self.get("state"))

    @property
    def closed_on(self) -> str | None:
        """The day the case was closed, if it was by the report's day."""
        value = self.get("closed_on")
        return None if value is None else str(value)

    @property
    def open(self) -> bool:
        """Whether the case was open on the report's day."""
        return self.closed_on is None

    @property
    def flags(self) -> set[str]:
        """The codes of the case's flags on the report's day."""
        return set(self._by_name.get("flag", ()))

    def events(self, *actions: str, year: int | None = None) -> list[EventFact]:
        """Events of ``actions`` (all, when none is named), dated in ``year`` when given, in order."""
        wanted = set(actions)
        prefix = str(year) if year is not None else ""
        found = [
            EventFact(*value)
            for value in self._by_name.get("event", ())
            if (not wanted or value[1] in wanted) and value[2].startswith(prefix)
        ]
        found.sort()
        return found

    def has_event(self, *actions: str) -> bool:
        """Whether an event of ``actions`` is in the history on the report's day."""
        return any(value[1] in actions for value in self._by_name.get("event", ()))

    def clock(self, name: str) -> ClockFact | None:
        """The clock ``name`` as it stood on the report's day, if the case had one."""
        for value in self._by_name.get("clock", ()):
            if value[0] == name:
                return ClockFact(*value)
        return None

    def clocks(self) -> list[ClockFact]:
        """Every clock of the case as it stood on the report's day."""
        return [ClockFact(*value) for value in self._by_name.get("clock", ())]

    def touches(self, year: int) -> bool:
        """Whether the case was received in ``year`` or has an event dated in it."""
        prefix = str(year)
        return self.year == year or any(
            value[2].startswith(prefix) for value in self._by_name.get("event", ())
        )


def decode_value(value: Any) -> Any:
    """A stored fact value as the projection gave it (JSON lists back to tuples)."""
    if type(value) is list:
        return tuple(decode_value(v) if type(v) is list else v for v in value)
    return value


def on_day(case_id: str, stored: Mapping[str, Any], day: dt.date) -> CaseFacts | None:
    """The case's facts in force on ``day`` (``None`` when it was received after ``day``)."""
    received = str(stored["r"])
    iso = day.isoformat()
    if received > iso:
        return None
    by_name: dict[str, list[Any]] = {}
    for since, until, name, value in stored["t"]:
        if since <= iso and (until is None or until > iso):
            if type(value) is list:
                value = tuple(value) if list not in set(map(type, value)) else decode_value(value)
            found = by_name.get(name)
            if found is None:
                by_name[name] = [value]
            else:
                found.append(value)
    return CaseFacts.of(case_id, received, by_name)
