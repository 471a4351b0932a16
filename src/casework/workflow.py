"""Declarative workflows and the pure functions that apply them.

A :class:`CaseType` declares its details class and one :class:`Workflow` per rule set (regime),
each with an effective date; the workflow in force on the date of receipt governs the case. A
workflow lists :class:`State` s, :class:`Action` s (source states -> target state, the data they
require, a guard, an effect on the details) and :class:`ClockRule` s.

:func:`create` and :func:`apply` return a new case and its :class:`~casework.model.Event`; they do
no I/O. :func:`lapse` records the legal effect of clocks that expired (e.g. 视为受理),
:func:`replay` rebuilds a case from its events, and :func:`as_of` gives the case as it stands in
law on a given day (every read of the book goes through it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from casework.deadlines import DEFAULT_CALENDAR, Calendar, Unit, due_date
from casework.errors import InvalidAction, ValidationError
from casework.i18n import Label, tr
from casework.model import (
    CHINA_TZ,
    LAPSED,
    PAUSED,
    RUNNING,
    STOPPED,
    Case,
    Clock,
    Event,
    Party,
    now,
)
from casework.serialize import CONVERTER, structure

if TYPE_CHECKING:
    from casework.locality import Locality

NEW = "@new"
"""The pseudo-state before a case exists: an action whose sources include it opens a case."""

SYSTEM_ACTOR = "system"
"""The actor of the events the book records itself when a period's expiry has a legal effect.

Such events have ``system=True``; ``before_action`` is not called for them, ``after_action`` is.
"""


def _names(value: str | Iterable[str]) -> frozenset[str]:
    return frozenset((value,)) if isinstance(value, str) else frozenset(value)


def _states(value: Iterable[State]) -> tuple[State, ...]:
    return tuple(value)


def _actions(value: Iterable[Action]) -> tuple[Action, ...]:
    return tuple(value)


def _clock_rules(value: Iterable[ClockRule]) -> tuple[ClockRule, ...]:
    return tuple(value)


def _workflows(value: Iterable[Workflow]) -> tuple[Workflow, ...]:
    return tuple(value)


Guard = Callable[..., "str | None"]
Effect = Callable[[Case, Any, dt.date], Case]


@attrs.frozen
class State:
    """A state of a workflow; ``final`` states close the case (it may still be reopened)."""

    name: str
    label: Label
    final: bool = False


@attrs.frozen
class Action:
    """What an officer can do to a case.

    ``sources``: the states it may be taken from (:data:`NEW` for an action that opens a case);
    ``target``: the state it leads to (``None``: the state does not change); ``data``: the attrs
    class of the data it requires (``None``: it takes none); ``guard(case, data)`` (or
    ``guard(case, data, on)``, to see the action's date) returns a reason
    to refuse, or ``None``; ``effect(case, data, on)`` returns the case with its details updated.
    ``numbers`` marks the action that assigns the case number (案号). A ``system`` action is
    applied by the book itself, when a clock's expiry has a legal effect. ``available(case, on)``
    returns a reason the action cannot be taken on ``on`` whatever its data (e.g. a second
    补正 notice, a hearing attended before its day), or ``None``: such an action is not offered.
    """

    name: str
    label: Label
    sources: frozenset[str] = attrs.field(converter=_names)
    target: str | None = None
    data: type | None = None
    guard: Guard | None = None
    effect: Effect | None = None
    numbers: bool = False
    system: bool = False
    available: Callable[[Case, dt.date], str | None] | None = None


@attrs.frozen
class Expiry:
    """What the law makes of a period that ran out, e.g. ``Label("视为受理", "deemed accepted")``.

    When ``action`` is given, the book records that system action on the last day of the period
    as soon as a later date is acted on.
    """

    label: Label
    action: str | None = None


@attrs.frozen
class ClockRule:
    """A statutory period: when it starts, how long it is, what stops, pauses or extends it.

    ``unit`` is ``natural``, ``working`` or ``months``. ``restarts_on`` actions start the period
    afresh (e.g. corrected materials arriving restart the review). The ``extends_on`` action may
    extend a running period once, by its data's ``days`` (at most ``max_extension``). ``when``
    limits starting to cases where ``when(case, data)`` is true; ``start(case, data, on)`` gives a
    start date other than the action's. ``planning`` marks a period that binds another body (a
    court's): shown for planning, never counted as the office being overdue.
    """

    name: str
    label: Label
    length: int
    unit: Unit
    starts_on: frozenset[str] = attrs.field(converter=_names)
    stops_on: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    pauses_on: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    resumes_on: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    restarts_on: frozenset[str] = attrs.field(default=frozenset(), converter=_names)
    extends_on: str | None = None
    max_extension: int = 0
    when: Callable[[Case, Any], bool] | None = None
    start: Callable[[Case, Any, dt.date], dt.date] | None = None
    expiry: Expiry | None = None
    planning: bool = False
    source: str = ""

    def actions(self) -> frozenset[str]:
        """Every action this rule reacts to."""
        named = {self.extends_on} if self.extends_on else set()
        if self.expiry and self.expiry.action:
            named.add(self.expiry.action)
        return (
            self.starts_on
            | self.stops_on
            | self.pauses_on
            | self.resumes_on
            | self.restarts_on
            | frozenset(named)
        )


@attrs.frozen
class Workflow:
    """One rule set of a case type: states, actions and clocks, in force from ``effective_from``.

    ``name`` identifies the rule set on each case (e.g. ``"ARL99"``); ``label`` describes it.
    Declaring an action or clock that names an unknown state or action raises ``ValueError``.
    """

    name: str
    effective_from: dt.date
    states: tuple[State, ...] = attrs.field(converter=_states)
    actions: tuple[Action, ...] = attrs.field(converter=_actions)
    clocks: tuple[ClockRule, ...] = attrs.field(default=(), converter=_clock_rules)
    label: Label | None = None
    _state_map: dict[str, State] = attrs.field(init=False, eq=False, repr=False)
    _action_map: dict[str, Action] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        state_map = {s.name: s for s in self.states}
        action_map = {a.name: a for a in self.actions}
        if len(state_map) != len(self.states) or len(action_map) != len(self.actions):
            raise ValueError(f"workflow {self.name}: state and action names must be unique")
        for action in self.actions:
            unknown = (action.sources - {NEW}) - state_map.keys()
            if action.target is not None and action.target not in state_map:
                unknown = unknown | {action.target}
            if unknown:
                raise ValueError(
                    f"workflow {self.name}: action {action.name} names unknown state(s) "
                    f"{sorted(unknown)}"
                )
        if not any(NEW in a.sources for a in self.actions):
            raise ValueError(f"workflow {self.name}: no action opens a case (sources @new)")
        for rule in self.clocks:
            unknown = rule.actions() - action_map.keys()
            if unknown:
                raise ValueError(
                    f"workflow {self.name}: clock {rule.name} names unknown action(s) "
                    f"{sorted(unknown)}"
                )
        object.__setattr__(self, "_state_map", state_map)
        object.__setattr__(self, "_action_map", action_map)

    def state(self, name: str) -> State:
        """Return the state called ``name``."""
        return self._state_map[name]

    def has_state(self, name: str) -> bool:
        """Whether the workflow declares a state ``name``."""
        return name in self._state_map

    def action(self, name: str) -> Action | None:
        """Return the action called ``name``, or ``None``."""
        return self._action_map.get(name) if isinstance(name, str) else None

    def allowed(self, state: str) -> list[Action]:
        """Return the actions an officer may take in ``state``, in declaration order."""
        return [a for a in self.actions if state in a.sources and not a.system]

    def entry_actions(self) -> list[Action]:
        """Return the actions that open a case."""
        return self.allowed(NEW)

    def clock_rule(self, name: str) -> ClockRule | None:
        """Return the clock rule called ``name``, or ``None``."""
        return next((r for r in self.clocks if r.name == name), None)


def _intake(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


Migration = Callable[[dict[str, Any]], dict[str, Any]]


@attrs.frozen
class CaseType:
    """A kind of case, as a plugin registers it.

    ``details`` is the attrs class of the kind's own fields; ``workflows`` are its rule sets with
    effective dates (the one in force on the date of receipt governs a case). ``code`` prefixes
    case ids (``RC2020-0001``). ``number_format`` formats the case number (案号) with ``{year}``
    and ``{seq}``. ``fields`` and ``roles`` label the details' fields and the parties' roles;
    when ``roles`` is given, a party's role must be one of them. ``required_roles`` maps a role
    to the number of parties a new case needs in it (``{"applicant": 1}``: at least one).
    ``migrations[n]`` turns a stored record of type version ``n`` into version ``n + 1``.
    ``describe(case)`` gives a one-line summary for lists; ``duplicate_key(case)`` identifies
    likely duplicates on import. ``number_format`` may use ``{short}``, the short name of the
    book's locality (汾政复 for 汾阳市). ``localize(locality)`` returns the type as a book's
    locality has it (e.g. with local periods read from the book's rules files), or ``None`` for
    the type as registered; a book calls it once (:meth:`casework.book.Book.case_type`).
    :func:`casework.locality.from_rules_file` builds it for a kind whose rules live in one file.

    What a user sees and types is declared too (see :mod:`casework.labels`): ``fields`` may
    also label nested fields by dotted path (``"act.description"``); ``data_fields`` labels the
    fields of action data (``"organ"``, or ``"refer:organ"`` for one action's), which otherwise
    take the details label of the same name; ``codes`` gives the code table of a field whose
    value is a code (by name, dotted path or ``"action:field"``), for fields whose validator is
    not :func:`casework.validators.code_in`; ``intake`` lists the details fields asked when a case
    is opened (dotted paths for nested ones; ``None``: the required fields, then every simple one).
    ``lookups[field]`` (same keys as ``codes``) reads the registered things a field names from
    a book (``lookups["committee"](book)`` → ``{"WF01": Label("文峰街道人民调解委员会", …)}``),
    so the command line takes them by name and suggests the nearest.

    What the annual report reads of a case is declared too (see :mod:`casework.facts`):
    ``facts(case)`` gives the ``(name, value)`` pairs the kind's report folds over, of a case
    as it stands; the book keeps them dated with every case it writes. Raise ``facts_version``
    when the projection changes: the stored facts of the kind are then derived again.
    """

    name: str
    label: Label
    details: type
    workflows: tuple[Workflow, ...] = attrs.field(converter=_workflows)
    code: str = ""
    version: int = 1
    number_format: str | None = None
    fields: Mapping[str, Label] = attrs.field(factory=dict)
    roles: Mapping[str, Label] = attrs.field(factory=dict)
    migrations: Mapping[int, Migration] = attrs.field(factory=dict)
    describe: Callable[[Case], str] | None = None
    duplicate_key: Callable[[Case], Hashable | None] | None = None
    required_roles: Mapping[str, int] = attrs.field(factory=dict)
    localize: Callable[[Locality], CaseType | None] | None = attrs.field(
        default=None, eq=False, repr=False
    )
    codes: Mapping[str, Mapping[str, Any]] = attrs.field(factory=dict)
    data_fields: Mapping[str, Label] = attrs.field(factory=dict)
    intake: tuple[str, ...] | None = attrs.field(default=None, converter=_intake)
    lookups: Mapping[str, Callable[[Any], Mapping[str, Label]]] = attrs.field(factory=dict)
    facts: Callable[[Case], Iterable[tuple[str, Any]]] | None = attrs.field(
        default=None, eq=False, repr=False
    )
    facts_version: int = 1

    def __attrs_post_init__(self) -> None:
        if not self.name.isidentifier():
            raise ValueError(f"case type name {self.name!r} must be an identifier")
        if not self.workflows:
            raise ValueError(f"case type {self.name} declares no workflow")
        if not attrs.has(self.details):
            raise ValueError(f"case type {self.name}: details must be an attrs class")
        object.__setattr__(
            self, "workflows", tuple(sorted(self.workflows, key=lambda w: w.effective_from))
        )
        if not self.code:
            object.__setattr__(self, "code", self.name[:2].upper())

    def workflow_for(self, received_on: dt.date) -> Workflow:
        """Return the rule set in force on ``received_on`` (the earliest for older dates)."""
        chosen = self.workflows[0]
        for workflow in self.workflows:
            if workflow.effective_from <= received_on:
                chosen = workflow
        return chosen

    def workflow(self, name: str) -> Workflow:
        """Return the rule set called ``name`` (as recorded on a case)."""
        for workflow in self.workflows:
            if workflow.name == name:
                return workflow
        raise ValidationError(
            tr(f"{self.name} 没有名为 {name} 的规则", f"{self.name} has no rule set {name}"),
            hint=tr("该案件由旧版插件创建,请升级插件", "upgrade the plugin that created the case"),
        )

    def states(self) -> list[State]:
        """Every state over all rule sets, first declaration first."""
        seen: dict[str, State] = {}
        for workflow in self.workflows:
            for state in workflow.states:
                seen.setdefault(state.name, state)
        return list(seen.values())

    def action_label(self, name: str) -> Label:
        """The label of action ``name`` in any rule set (the name itself if unknown)."""
        for workflow in reversed(self.workflows):
            action = workflow.action(name)
            if action is not None:
                return action.label
        return Label(name, name)

    def state_label(self, name: str) -> Label:
        """The label of state ``name`` in any rule set (the name itself if unknown)."""
        for workflow in reversed(self.workflows):
            if workflow.has_state(name):
                return workflow.state(name).label
        return Label(name, name)


_ARITY: dict[Any, bool] = {}


def _wants_date(guard: Guard) -> bool:
    """Whether ``guard`` takes the action's date as a third positional argument."""
    known = _ARITY.get(guard)
    if known is None:
        try:
            params = list(inspect.signature(guard).parameters.values())
        except (TypeError, ValueError):
            params = []
        positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
        known = len(positional) >= 3 or any(p.kind == p.VAR_POSITIONAL for p in params)
        _ARITY[guard] = known
    return known


def _allowed_hint(names: Iterable[str]) -> str:
    listed = ", ".join(names) or tr("无", "none")
    return tr(f"当前可用: {listed}", f"allowed now: {listed}")


def _payload(action: Action, data: Any) -> Any:
    if action.data is None:
        if data:
            raise ValidationError(
                tr(f"操作 {action.name} 不需要数据", f"action {action.name} takes no data"),
                problems=[tr("data: 应为空", "data: expected none")],
                hint=tr("去掉 data", "leave data out"),
            )
        return None
    return structure(
        {} if data is None else data,
        action.data,
        what=tr(f"操作 {action.name} 的数据", f"data of action {action.name}"),
        root="data",
    )


def _check_actor(actor: str) -> None:
    if not isinstance(actor, str) or not actor.strip() or len(actor) > 100:
        raise ValidationError(
            tr("actor 无效", "invalid actor"),
            problems=[tr("actor: 须为1-100个字符的经办人姓名", "actor: 1 to 100 characters")],
        )


def _check_note(note: Any) -> None:
    if not isinstance(note, str):
        raise ValidationError(
            tr("备注无效", "invalid note"),
            problems=[
                tr(
                    f"note: 应为文字,收到 {type(note).__name__}",
                    f"note: expected text, got {type(note).__name__}",
                )
            ],
        )


def _at_the_door(
    case_type: CaseType,
    action: str | None,
    actor: str,
    note: str,
    parties: Sequence[Party | Mapping[str, Any]],
    details: Any,
    data: Any,
) -> tuple[Any, ...]:
    """The text policy (:mod:`casework.text`) on everything a person typed, before structuring."""
    from casework.text import door

    data_cls: Any = None
    if action is not None:
        for workflow in case_type.workflows:
            found = workflow.action(action)
            if found is not None:
                data_cls = found.data
                break
    cleaned = door(
        tr("文字无效", "invalid text"),
        [
            ("actor", actor, None),
            ("note", note, None),
            ("parties", list(parties), Party),
            ("details", details, case_type.details),
            ("data", data, data_cls),
        ],
    )
    return tuple(cleaned)


def _check_date(on: Any, after: dt.date | None) -> dt.date:
    if isinstance(on, str):
        with contextlib.suppress(ValueError):
            on = dt.date.fromisoformat(on.strip())
    if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
        raise ValidationError(
            tr("日期无效", "invalid date"),
            problems=[tr("on: 应为日期 YYYY-MM-DD", "on: expected a date YYYY-MM-DD")],
        )
    if after is not None and on < after:
        raise ValidationError(
            tr("日期早于上一事件", "date before the previous event"),
            problems=[
                tr(
                    f"on: {on} 早于上一事件的日期 {after}",
                    f"on: {on} is before the previous event ({after})",
                )
            ],
            hint=tr("事件须按时间顺序登记", "record events in date order"),
        )
    return dt.date(on.year, on.month, on.day)


FIRST_YEAR, LAST_YEAR = 1949, 2100
"""The years a date of the book may fall in (earlier or later dates are typing mistakes)."""


def check_day(value: Any, field: str, *, today: dt.date | None = None) -> dt.date:
    """Return ``value`` (a date or ``YYYY-MM-DD``) as a date, or raise one ValidationError.

    The date must fall in :data:`FIRST_YEAR`–:data:`LAST_YEAR`; when ``today`` is given it may
    not be later. ``field`` names the input in the message (e.g. ``received_on``).
    """
    day = value
    if isinstance(day, str):
        with contextlib.suppress(ValueError):
            day = dt.date.fromisoformat(day.strip())
    if not isinstance(day, dt.date) or isinstance(day, dt.datetime):
        raise ValidationError(
            tr("日期无效", "invalid date"),
            problems=[
                tr(
                    f"{field}: 应为日期,收到 {value!r:.60}",
                    f"{field}: expected a date, got {value!r:.60}",
                )
            ],
            hint=tr("日期写作 YYYY-MM-DD,如 2020-03-02", "write dates as YYYY-MM-DD"),
        )
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(
            tr("日期超出范围", "date out of range"),
            problems=[
                tr(
                    f"{field}: {day} 不在 {FIRST_YEAR}年至{LAST_YEAR}年之间",
                    f"{field}: {day} is not between {FIRST_YEAR} and {LAST_YEAR}",
                )
            ],
            hint=tr("请检查年份", "check the year"),
        )
    if today is not None and day > today:
        raise ValidationError(
            tr("日期晚于今天", "date after today"),
            problems=[
                tr(
                    f"{field}: {day} 晚于今天({today})",
                    f"{field}: {day} is after today ({today})",
                )
            ],
            hint=tr("只能登记已经发生的事", "record only what has happened"),
        )
    return dt.date(day.year, day.month, day.day)


def check_date(on: object) -> dt.date:
    """Return ``on`` (a date or an ISO date string) as a date; raise ValidationError naming ``on``."""
    return _check_date(on, None)


def _refuse(case: Case, workflow: Workflow, message: str, hint: str | None = None) -> InvalidAction:
    allowed = [a.name for a in workflow.allowed(case.state)]
    return InvalidAction(message, state=case.state, allowed=allowed, hint=hint)


def _unavailable(workflow: Workflow, case: Case, action: Action, on: dt.date) -> str | None:
    """Why ``action`` cannot be taken on ``case`` on ``on`` whatever its data, or ``None``."""
    rules = [r for r in workflow.clocks if r.extends_on == action.name]
    if rules:
        active = [
            (r, c)
            for r in rules
            if (c := case.clock(r.name)) is not None and c.status in (RUNNING, PAUSED)
        ]
        if not active:
            return tr("没有正在计算的期限可以延长", "no running period to extend")
        for rule, clock in active:
            if clock.extended_days:
                return tr(
                    f"{rule.label.zh}已延长过一次({clock.extended_days}日),不能再延长",
                    f"{rule.label.en} was already extended once ({clock.extended_days} days)",
                )
            if clock.overdue(on):
                return tr(
                    f"{rule.label.zh}已于{clock.due_on}届满,不能再延长",
                    f"{rule.label.en} expired on {clock.due_on}; it can no longer be extended",
                )
    return action.available(case, on) if action.available is not None else None


def offered(case_type: CaseType, case: Case, on: dt.date) -> list[Action]:
    """The actions an officer may take on ``case`` (as it stands) on ``on``, in declaration order.

    Those its state allows, less those that cannot succeed on ``on`` whatever their data (an
    extension of a period already extended or ended, an action whose ``available`` refuses).
    """
    workflow = case_type.workflow(case.regime)
    return [a for a in workflow.allowed(case.state) if _unavailable(workflow, case, a, on) is None]


def _check_extensions(
    workflow: Workflow, case: Case, action: Action, payload: Any, on: dt.date
) -> None:
    rules = [r for r in workflow.clocks if r.extends_on == action.name]
    if not rules:
        return
    active = [
        (r, c)
        for r in rules
        if (c := case.clock(r.name)) is not None and c.status in (RUNNING, PAUSED)
    ]
    if not active:
        raise _refuse(
            case, workflow, tr("没有正在计算的期限可以延长", "no running period to extend")
        )
    days = getattr(payload, "days", None)
    for rule, clock in active:
        if clock.extended_days:
            raise _refuse(
                case,
                workflow,
                tr(
                    f"{rule.label.zh}已延长过一次({clock.extended_days}日),不能再延长",
                    f"{rule.label.en} was already extended once ({clock.extended_days} days)",
                ),
            )
        if clock.overdue(on):
            raise _refuse(
                case,
                workflow,
                tr(
                    f"{rule.label.zh}已于{clock.due_on}届满,不能再延长",
                    f"{rule.label.en} expired on {clock.due_on}; it can no longer be extended",
                ),
                hint=tr("延长须在期限届满前批准", "approve an extension before the period ends"),
            )
        if not isinstance(days, int) or not 0 < days <= rule.max_extension:
            raise ValidationError(
                tr("延长天数无效", "invalid extension"),
                problems=[
                    tr(
                        f"data.days: 应为1至{rule.max_extension}的整数",
                        f"data.days: a whole number from 1 to {rule.max_extension}",
                    )
                ],
            )


def _compute(rule: ClockRule, clock: Clock, calendar: Calendar) -> Clock:
    if clock.status == PAUSED:
        return attrs.evolve(clock, due_on=None, provisional=False)
    due = due_date(
        clock.started_on,
        clock.length + clock.extended_days,
        clock.unit,
        calendar=calendar,
        pauses=clock.pauses,
    )
    return attrs.evolve(
        clock, due_on=dt.date(due.year, due.month, due.day), provisional=due.provisional
    )


def _update_clocks(
    workflow: Workflow,
    case: Case,
    action: Action,
    payload: Any,
    on: dt.date,
    calendar: Calendar,
    *,
    final: bool = False,
) -> tuple[Clock, ...]:
    clocks = {c.name: c for c in case.clocks}
    name = action.name
    begun: set[str] = set()
    for rule in workflow.clocks:
        clock = clocks.get(rule.name)
        active = clock is not None and clock.status in (RUNNING, PAUSED)
        restart = False
        if clock is not None and active:
            if name in rule.stops_on:
                clock = attrs.evolve(clock, status=STOPPED, stopped_on=on)
            elif action.system and rule.expiry and rule.expiry.action == name:
                clock = attrs.evolve(clock, status=LAPSED, stopped_on=on)
            elif name in rule.restarts_on:
                restart = True
            else:
                if name in rule.pauses_on and clock.status == RUNNING:
                    clock = attrs.evolve(clock, status=PAUSED, pauses=(*clock.pauses, (on, None)))
                elif name in rule.resumes_on and clock.status == PAUSED:
                    last = clock.pauses[-1]
                    clock = attrs.evolve(
                        clock, status=RUNNING, pauses=(*clock.pauses[:-1], (last[0], on))
                    )
                if rule.extends_on == name:
                    clock = attrs.evolve(clock, extended_days=int(payload.days))
                clock = _compute(rule, clock, calendar)
            clocks[rule.name] = clock
        if (name in rule.starts_on or restart) and (rule.when is None or rule.when(case, payload)):
            started = rule.start(case, payload, on) if rule.start else on
            fresh = Clock(
                name=rule.name,
                started_on=started,
                length=rule.length,
                unit=rule.unit,
                due_on=None,
                planning=rule.planning,
            )
            clocks[rule.name] = _compute(rule, fresh, calendar)
            begun.add(rule.name)
    if final:
        # A case entering a final state has nothing left to do on time: its periods stop.
        for clock_name, clock in list(clocks.items()):
            if clock_name not in begun and clock.status in (RUNNING, PAUSED):
                clocks[clock_name] = attrs.evolve(clock, status=STOPPED, stopped_on=on)
    order = {r.name: i for i, r in enumerate(workflow.clocks)}
    return tuple(sorted(clocks.values(), key=lambda c: order.get(c.name, len(order))))


def _transition(
    case_type: CaseType,
    workflow: Workflow,
    case: Case,
    action: Action,
    payload: Any,
    *,
    on: dt.date,
    actor: str,
    note: str,
    at: dt.datetime | None,
    calendar: Calendar,
    number: str | None,
    init: dict[str, Any] | None,
    recorded: bool = False,
) -> tuple[Case, Event]:
    if not recorded:
        if action.available is not None and (reason := action.available(case, on)):
            raise _refuse(case, workflow, reason)
        if action.guard is not None:
            reason = (
                action.guard(case, payload, on)
                if _wants_date(action.guard)
                else action.guard(case, payload)
            )
            if reason:
                raise _refuse(case, workflow, reason)
        _check_extensions(workflow, case, action, payload, on)
    from_state = None if init is not None else case.state
    updated = action.effect(case, payload, on) if action.effect else case
    target = action.target or (case.state if init is None else None)
    if target is None:
        raise ValueError(f"entry action {action.name} of {case_type.name} needs a target state")
    final = workflow.state(target).final
    closed_on = (case.closed_on or on) if final else None
    if number is not None and action.numbers and updated.number is None:
        updated = attrs.evolve(updated, number=number)
    else:
        number = None
    event = Event(
        seq=len(case.events) + 1,
        action=action.name,
        on=on,
        at=at or now(),
        actor=actor,
        from_state=from_state,
        to_state=target,
        data=CONVERTER.unstructure(payload) if payload is not None else {},
        note=note,
        number=number,
        system=action.system,
        init=init,
    )
    updated = attrs.evolve(updated, state=target, closed_on=closed_on)
    clocks = _update_clocks(workflow, updated, action, payload, on, calendar, final=final)
    updated = attrs.evolve(
        updated,
        clocks=clocks,
        events=(*case.events, event),
        version=case.version + 1,
        type_version=case_type.version,
    )
    return updated, event


def party_problems(case_type: CaseType, parties: Sequence[Party]) -> list[str]:
    """What is wrong with ``parties`` for a new case of ``case_type``.

    A role the kind does not admit (``case_type.roles``), a required role missing
    (``required_roles``): one line each, naming the field.
    """
    found: list[str] = []
    admitted = case_type.roles
    listed = ", ".join(f"{name}({label.zh})" for name, label in admitted.items())
    listed_en = ", ".join(admitted)
    if admitted:
        for i, party in enumerate(parties):
            if party.role not in admitted:
                found.append(
                    tr(
                        f"parties[{i}].role: {party.role!r} 不是{case_type.label.zh}案件的当事人身份,"
                        f"可用: {listed}",
                        f"parties[{i}].role: {party.role!r} is not a role of a {case_type.name} "
                        f"case; use one of: {listed_en}",
                    )
                )
    for role, needed in case_type.required_roles.items():
        count = sum(1 for p in parties if p.role == role)
        if count < needed:
            label = admitted[role] if role in admitted else Label(role, role)
            found.append(
                tr(
                    f"parties: {case_type.label.zh}案件至少需要 {needed} 名{label.zh}({role}),"
                    f"现有 {count} 名",
                    f"parties: a {case_type.name} case needs at least {needed} {label.en} "
                    f"({role}), has {count}",
                )
            )
    return found


def create(
    case_type: CaseType,
    *,
    id: str,
    received_on: dt.date,
    actor: str,
    parties: Sequence[Party | Mapping[str, Any]] = (),
    details: Any = None,
    action: str | None = None,
    data: Any = None,
    note: str = "",
    at: dt.datetime | None = None,
    calendar: Calendar | None = None,
    number: str | None = None,
    check_parties: bool = True,
) -> tuple[Case, Event]:
    """Open a case of ``case_type`` by one of its entry actions (the first unless ``action``).

    Returns the new case and its creation event. Raises :class:`ValidationError` for bad details,
    parties or data (a role the kind does not admit, a required role missing: see
    :func:`party_problems`; ``check_parties=False`` when replaying a stored history), and
    :class:`InvalidAction` for an action that does not open a case.
    """
    _check_actor(actor)
    _check_note(note)
    actor, note, parties, details, data = _at_the_door(
        case_type, None, actor, note, parties, details, data
    )
    received = _check_date(received_on, None)
    workflow = case_type.workflow_for(received)
    entries = workflow.entry_actions()
    chosen = entries[0] if action is None else workflow.action(action)
    if chosen is None or chosen not in entries:
        raise InvalidAction(
            tr(
                f"{action} 不能用于新建{case_type.label.zh}案件",
                f"{action} does not open a {case_type.name} case",
            ),
            state=NEW,
            allowed=[a.name for a in entries],
            hint=tr(
                f"可用: {', '.join(a.name for a in entries)}",
                f"use one of: {', '.join(a.name for a in entries)}",
            ),
        )
    party_list = tuple(
        structure(p, Party, what=tr("当事人", "party"), root=f"parties[{i}]")
        for i, p in enumerate(parties)
    )
    structured: Any = structure(
        {} if details is None else details,
        case_type.details,
        what=tr(f"{case_type.label.zh}案件详情", f"details of a {case_type.name} case"),
        root="details",
    )
    if check_parties and (problems := party_problems(case_type, party_list)):
        raise ValidationError(
            tr(
                f"{case_type.label.zh}案件的当事人无效",
                f"invalid parties of a {case_type.name} case",
            ),
            problems=problems,
            hint=tr("用 kinds 查看该类案件的当事人身份", "see the kind's party roles with 'kinds'"),
        )
    payload = _payload(chosen, data)
    blank = Case(
        id=id,
        kind=case_type.name,
        state=NEW,
        received_on=received,
        details=structured,
        regime=workflow.name,
        type_version=case_type.version,
        parties=party_list,
    )
    init = {
        "id": id,
        "received_on": received.isoformat(),
        "parties": CONVERTER.unstructure(party_list),
        "details": CONVERTER.unstructure(structured),
    }
    return _transition(
        case_type,
        workflow,
        blank,
        chosen,
        payload,
        on=received,
        actor=actor,
        note=note,
        at=at,
        calendar=calendar or DEFAULT_CALENDAR,
        number=number,
        init=init,
    )


def apply(
    case_type: CaseType,
    case: Case,
    action: str,
    *,
    on: dt.date,
    actor: str,
    data: Any = None,
    note: str = "",
    at: dt.datetime | None = None,
    calendar: Calendar | None = None,
    number: str | None = None,
    system: bool = False,
    recorded: bool = False,
) -> tuple[Case, Event]:
    """Apply ``action`` to ``case`` on date ``on``; return the new case and its event.

    Pure: nothing is stored. Raises :class:`InvalidAction` (naming the state and the actions
    allowed) when the workflow does not allow the action now, and :class:`ValidationError` for
    bad data or a date before the previous event. ``recorded`` replays an event already in the
    history: the action's guard, availability and extension checks, which judged it when it was
    recorded, are not asked again (a rule added since cannot make a stored history unreadable).
    """
    _check_actor(actor)
    _check_note(note)
    actor, note, _, _, data = _at_the_door(case_type, action, actor, note, (), None, data)
    workflow = case_type.workflow(case.regime)
    last = case.events[-1].on if case.events else case.received_on
    day = _check_date(on, last)
    chosen = workflow.action(action)
    allowed = [a.name for a in workflow.allowed(case.state)]
    state_label = case_type.state_label(case.state)
    if chosen is None or (chosen.system and not system):
        raise InvalidAction(
            tr(
                f"{case_type.label.zh}没有操作 {action}(当前状态:{state_label.zh})",
                f"{case_type.name} has no action {action!r} (state: {case.state})",
            ),
            state=case.state,
            allowed=allowed,
            hint=_allowed_hint(allowed),
        )
    if case.state not in chosen.sources:
        raise InvalidAction(
            tr(
                f"案件处于「{state_label.zh}」状态,不能{chosen.label.zh}({action})",
                f"cannot {chosen.label.en} ({action}) a case in state {case.state}",
            ),
            state=case.state,
            allowed=allowed,
            hint=_allowed_hint(allowed),
        )
    payload = _payload(chosen, data)
    return _transition(
        case_type,
        workflow,
        case,
        chosen,
        payload,
        on=day,
        actor=actor,
        note=note,
        at=at,
        calendar=calendar or DEFAULT_CALENDAR,
        number=number,
        init=None,
        recorded=recorded,
    )


def lapse(
    case_type: CaseType,
    case: Case,
    on: dt.date,
    *,
    calendar: Calendar | None = None,
    numberer: Callable[[dt.date], str | None] | None = None,
    at: dt.datetime | None = None,
) -> tuple[Case, list[Event]]:
    """Record the legal effect of every period with an expiry action that ended before ``on``.

    E.g. an acceptance review that expired without a decision becomes a system event
    ``deem_accept`` dated the period's last day. When that action assigns the case number
    (``numbers=True``), ``numberer(day)`` gives it. ``at`` stamps the events (default: now).
    Returns the case and the events added.
    """
    workflow = case_type.workflow(case.regime)
    added: list[Event] = []
    while True:
        pending = None
        for clock in case.clocks:
            rule = workflow.clock_rule(clock.name)
            if (
                rule is not None
                and rule.expiry is not None
                and rule.expiry.action
                and clock.overdue(on)
            ):
                action = workflow.action(rule.expiry.action)
                if action is not None and case.state in action.sources:
                    pending = (clock, rule, action)
                    break
        if pending is None:
            return case, added
        clock, rule, action = pending
        assert clock.due_on is not None and rule.expiry is not None
        day = max(clock.due_on, case.events[-1].on)
        number = numberer(day) if numberer and action.numbers and case.number is None else None
        case, event = apply(
            case_type,
            case,
            action.name,
            on=day,
            actor=SYSTEM_ACTOR,
            note=rule.expiry.label.get("zh"),
            calendar=calendar,
            system=True,
            number=number,
            at=at,
        )
        added.append(event)


def as_of(
    case_type: CaseType, case: Case, on: dt.date, *, calendar: Calendar | None = None
) -> Case | None:
    """The case as it stands in law on day ``on``: a pure function of its events and the calendar.

    That is the stored events dated by ``on`` (later ones left out), then the system events whose
    periods lapsed before ``on`` (e.g. 视为受理), dated on the day the law fixes, as
    :func:`lapse` would record them. ``None`` when the case was received after ``on``. A lapse
    stored on its period's last day is not yet in force on that day itself. The result keeps the
    stored ``version``: the version a writer must hold. Nothing is stored.
    """
    if case.received_on > on:
        return None
    # a lapse not recorded is stamped with the start of ``on``: the same view every time
    start = dt.datetime.combine(on, dt.time(), tzinfo=CHINA_TZ)
    events = case.events
    keep = len(events)
    while keep and events[keep - 1].on > on:
        keep -= 1
    lapsed_at_end = keep
    while lapsed_at_end and events[lapsed_at_end - 1].on == on and events[lapsed_at_end - 1].system:
        lapsed_at_end -= 1
    view = case
    if keep < len(events) or lapsed_at_end < keep:
        view = replay(case_type, events[:lapsed_at_end], calendar=calendar)
        if lapsed_at_end < keep:
            relapsed, added = lapse(case_type, view, on, calendar=calendar, at=start)
            if [e.action for e in added] == [e.action for e in events[lapsed_at_end:keep]]:
                # the stored lapses are in force on ``on``: keep them, with their case numbers
                view = replay(case_type, events[:keep], calendar=calendar)
            else:
                view = relapsed
    view, _ = lapse(case_type, view, on, calendar=calendar, at=start)
    return view if view.version == case.version else attrs.evolve(view, version=case.version)


def replay(
    case_type: CaseType, events: Sequence[Event], *, calendar: Calendar | None = None
) -> Case:
    """Rebuild a case from its events alone (the first must be its creation event)."""
    if not events or events[0].init is None:
        raise ValidationError(
            tr("事件记录缺少建档事件", "history lacks its creation event"),
            hint=tr("事件须从建档开始", "a history starts with the creation event"),
        )
    first = events[0]
    init = first.init
    assert init is not None
    case, _ = create(
        case_type,
        id=init["id"],
        received_on=dt.date.fromisoformat(init["received_on"]),
        actor=first.actor,
        parties=init.get("parties", ()),
        details=init.get("details"),
        action=first.action,
        data=first.data or None,
        note=first.note,
        at=first.at,
        calendar=calendar,
        number=first.number,
        check_parties=False,
    )
    for event in events[1:]:
        case, _ = apply(
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
    return case
