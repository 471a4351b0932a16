"""The facts a command shows, as JSON-ready dicts: the ``--json`` twin of every view.

Views and ``--json`` read the same helpers here (labels, days left, the assignee, masking), so a
script sees what a person sees. Personal data is masked unless the caller passes ``unmask``:
``id_number`` and ``phone`` fields by their own rules, and any ID or mobile number that appears
inside free text (notes, details) as well.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from casework.i18n import Label
from casework.model import Case, Clock
from casework.personal import mask_data, mask_text
from casework.plugins import case_type
from casework.serialize import case_to_record, unstructure
from casework.workflow import SYSTEM_ACTOR, Action, CaseType

DUE_SOON_DAYS = 3
"""A running period with this many days left or fewer is shown in yellow."""


def mask_deep(value: Any, *, key: str | None = None) -> Any:
    """Return JSON-ready ``value`` with ID numbers and phones masked at any depth.

    The one masking of :mod:`casework.personal` (:func:`~casework.personal.mask_data`).
    """
    return mask_data(value, key=key)


def shown(text: str, unmask: bool) -> str:
    """``text`` as it may be shown: masked unless ``unmask``."""
    return text if unmask else mask_text(text)


def _opt_shown(text: str | None, unmask: bool) -> str | None:
    return None if text is None else shown(text, unmask)


def kind_label(kind: str) -> Label:
    """The label of case kind ``kind`` (the name itself if no plugin provides it)."""
    try:
        return case_type(kind).label
    except Exception:
        return Label(kind, kind)


def state_label(case: Case) -> Label:
    """The label of the case's state."""
    return case_type(case.kind).state_label(case.state)


def action_label(kind: str, action: str) -> Label:
    """The label of ``action`` of kind ``kind``."""
    return case_type(kind).action_label(action)


def clock_label(case: Case, name: str) -> Label:
    """The label of the case's clock ``name`` (from its rule set)."""
    for workflow in case_type(case.kind).workflows:
        rule = workflow.clock_rule(name)
        if rule is not None:
            return rule.label
    return Label(name, name)


def field_label(kind: str, field: str) -> Label:
    """The label the case type gives its details field ``field`` (the name if unlabelled)."""
    return case_type(kind).fields.get(field) or Label(field, field)


def data_label(kind: str, action: str, field: str) -> Label:
    """The label the case type gives field ``field`` of ``action``'s data."""
    from casework.labels import field_label as label_of

    return label_of(case_type(kind), field, action=action)


def role_label(kind: str, role: str) -> Label:
    """The label the case type gives party role ``role`` (the role itself if unlabelled)."""
    return case_type(kind).roles.get(role) or Label(role, role)


def assignee(case: Case) -> str | None:
    """Who handles the case: the actor of its latest event not recorded by the system."""
    return next((e.actor for e in reversed(case.events) if e.actor != SYSTEM_ACTOR), None)


def summary(case: Case, unmask: bool = False) -> str:
    """The case type's one-line description of ``case`` (empty if it gives none)."""
    describe = case_type(case.kind).describe
    return shown(describe(case), unmask) if describe else ""


def active_clocks(case: Case) -> list[Clock]:
    """The periods still counting or paused."""
    return [c for c in case.clocks if c.status in ("running", "paused")]


def next_due(case: Case) -> Clock | None:
    """The running period of ``case`` that ends first (periods binding a court included last)."""
    running = [c for c in case.clocks if c.running and c.due_on is not None]
    running.sort(key=lambda c: (c.planning, c.due_on))
    return running[0] if running else None


def is_overdue(case: Case, on: dt.date) -> bool:
    """Whether the office has let one of its own running periods pass by ``on``."""
    return any(c.overdue(on) and not c.planning for c in case.clocks)


def urgency(clock: Clock, on: dt.date) -> str:
    """``overdue``, ``soon`` (within :data:`DUE_SOON_DAYS`), ``ok``, ``paused`` or ``closed``."""
    if clock.status == "paused":
        return "paused"
    if not clock.running or clock.due_on is None:
        return "closed"
    left = (clock.due_on - on).days
    if left < 0:
        return "overdue"
    return "soon" if left <= DUE_SOON_DAYS else "ok"


def clock_fact(case: Case, clock: Clock, on: dt.date, lang: str) -> dict[str, Any]:
    """One period of ``case`` as seen on ``on``."""
    return {
        "name": clock.name,
        "label": clock_label(case, clock.name).get(lang),
        "status": clock.status,
        "started_on": clock.started_on.isoformat(),
        "due_on": clock.due_on.isoformat() if clock.due_on else None,
        "days_left": clock.days_left(on) if clock.running else None,
        "urgency": urgency(clock, on),
        "overdue": clock.overdue(on),
        "provisional": clock.provisional,
        "planning": clock.planning,
        "extended_days": clock.extended_days,
        "pauses": [[a.isoformat(), b.isoformat() if b else None] for a, b in clock.pauses],
        "stopped_on": clock.stopped_on.isoformat() if clock.stopped_on else None,
    }


def data_fields(cls: type | None) -> list[dict[str, Any]]:
    """The fields of an attrs data class: name, type and whether it is required."""
    if cls is None:
        return []
    hints = _hints(cls)
    return [
        {
            "name": f.name,
            "type": _type_name(hints.get(f.name, f.type)),
            "required": f.default is attrs.NOTHING,
        }
        for f in attrs.fields(cls)
    ]


def _hints(cls: type) -> dict[str, Any]:
    import typing

    try:
        return typing.get_type_hints(cls)
    except Exception:
        return {}


def _type_name(tp: Any) -> str:
    if isinstance(tp, type):
        return tp.__name__
    return str(tp).replace("typing.", "").replace("datetime.", "")


def action_fact(kind: str, action: Action, lang: str) -> dict[str, Any]:
    """An action with its label and the data fields it takes (labelled by the case type)."""
    return {
        "name": action.name,
        "label": action.label.get(lang),
        "target": action.target,
        "data": [
            {**f, "label": data_label(kind, action.name, f["name"]).get(lang)}
            for f in data_fields(action.data)
        ],
    }


def case_row(case: Case, on: dt.date, lang: str, unmask: bool = False) -> dict[str, Any]:
    """The facts of one line of ``list``."""
    due = next_due(case)
    return {
        "id": case.id,
        "kind": case.kind,
        "kind_label": kind_label(case.kind).get(lang),
        "number": case.number,
        "state": case.state,
        "state_label": state_label(case).get(lang),
        "received_on": case.received_on.isoformat(),
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        "assignee": _opt_shown(assignee(case), unmask),
        "summary": summary(case, unmask),
        "next_due": clock_fact(case, due, on, lang) if due else None,
        "overdue": is_overdue(case, on),
    }


def case_fact(case: Case, on: dt.date, lang: str, unmask: bool = False) -> dict[str, Any]:
    """Everything ``show`` displays: the stored record (masked) plus labels and periods."""
    from casework.plugins import case_type as get_type

    record = case_to_record(case)
    if not unmask:
        record = mask_deep(record)
    workflow = get_type(case.kind).workflow(case.regime)
    allowed = workflow.allowed(case.state)
    record.update(
        kind_label=kind_label(case.kind).get(lang),
        regime_label=(
            f"{workflow.label.get(lang)} ({case.regime})" if workflow.label else case.regime
        ),
        state_label=state_label(case).get(lang),
        assignee=_opt_shown(assignee(case), unmask),
        summary=summary(case, unmask),
        overdue=is_overdue(case, on),
        as_of=on.isoformat(),
        clocks=[clock_fact(case, c, on, lang) for c in case.clocks],
        allowed_actions=[action_fact(case.kind, a, lang) for a in allowed],
        flags=[{"code": f.code, "text": f.zh if lang == "zh" else f.en} for f in case.flags],
    )
    for event in record["events"]:
        event["label"] = action_label(case.kind, event["action"]).get(lang)
    return record


def due_fact(case: Case, clock: Clock, on: dt.date, lang: str, unmask: bool) -> dict[str, Any]:
    """One line of the deadline board."""
    return {
        "case": case.id,
        "kind": case.kind,
        "kind_label": kind_label(case.kind).get(lang),
        "state": case.state,
        "state_label": state_label(case).get(lang),
        "summary": summary(case, unmask),
        "assignee": _opt_shown(assignee(case), unmask),
        **{f"clock_{k}": v for k, v in clock_fact(case, clock, on, lang).items()},
    }


def shown_details(
    kind: CaseType, details: Mapping[str, Any] | None, book: Any = None, unmask: bool = False
) -> list[list[str]]:
    """The details of a case as ``[label, text]`` rows, every value through its label.

    Names read from the book's registries are masked like any free text unless ``unmask``.
    """
    from casework.labels import field_label, show_value

    rows = []
    for name, value in (details or {}).items():
        if value in (None, "", [], {}):
            continue
        text = show_value(kind, name, value, book=book)
        rows.append([field_label(kind, name).get(), shown(text, unmask)])
    return rows


def shown_data(
    kind: CaseType,
    action: str,
    data: Mapping[str, Any] | None,
    book: Any = None,
    unmask: bool = False,
) -> str:
    """An event's data as one readable text: ``决定类型: 维持;责令重作: 否``."""
    from casework.i18n import tr
    from casework.labels import field_label, show_value

    parts = []
    for name, value in (data or {}).items():
        if value in (None, "", [], {}):
            continue
        label = field_label(kind, name, action=action).get()
        parts.append(f"{label}: {show_value(kind, name, value, action=action, book=book)}")
    return shown(tr(";", "; ").join(parts), unmask)


def plain(value: Any) -> Any:
    """Return an attrs instance or date as JSON-ready data (for details and event data)."""
    return unstructure(value)


def _simple(tp: Any) -> bool:
    """Whether a field's value is typed in one line (text, number, date, yes/no, codes)."""
    import datetime as _dt
    import typing

    from casework.labels import strip_optional

    base, _ = strip_optional(tp)
    if base in (str, int, float, bool, _dt.date):
        return True
    args = typing.get_args(base)
    return typing.get_origin(base) in (tuple, list) and all(a in (str, Ellipsis) for a in args)


def intake_paths(kind: CaseType) -> list[str]:
    """The details fields asked when a case of ``kind`` is opened, by dotted path.

    The kind's ``intake`` when it declares one; else every required field (the parts of a
    required record included) and every simple optional one.
    """
    from casework.labels import field_types, record_class

    if kind.intake is not None:
        return list(kind.intake)

    def walk(cls: type, prefix: str, parent_required: bool) -> list[str]:
        out = []
        types_ = field_types(cls)
        for f in attrs.fields(cls):
            required = parent_required and f.default is attrs.NOTHING
            inner = record_class(types_[f.name])
            if inner is not None and required and not _is_list_type(types_[f.name]):
                out += walk(inner, f"{prefix}{f.name}.", True)
            elif inner is None and (required or _simple(types_[f.name])):
                out.append(f"{prefix}{f.name}")
        return out

    return walk(kind.details, "", True)


def _is_list_type(tp: Any) -> bool:
    from casework.labels import is_list

    return is_list(tp)


def field_fact(kind: CaseType, path: str, *, action: str | None = None) -> dict[str, Any]:
    """One field a person fills: path, label, type in words, required, choices and an example."""
    from casework.i18n import tr
    from casework.labels import attribute_at, code_table, field_label, strip_optional

    cls = kind.details if action is None else _data_class(kind, action)
    found = attribute_at(cls, path)
    required = _required(cls, path)
    table = code_table(kind, path, action=action)
    tp = found[1] if found else str
    base, _ = strip_optional(tp)
    choices = [{"code": c, "label": label.get()} for c, label in table[0].items()] if table else []
    import datetime as _dt
    import typing

    many = typing.get_origin(base) in (tuple, list)
    counts = typing.get_origin(base) in (dict, Mapping)
    if table and counts:
        kind_words = tr("各项人次(JSON)", "counts by choice (JSON)")
        example = "{" + f'"{choices[0]["label"]}": 2' + "}"
    elif table:
        kind_words = (
            tr("可选值(可多选,用、分隔)", "choices (several, 、-separated)")
            if many
            else tr("可选值", "a choice")
        )
        example = choices[0]["label"]
    elif base is bool:
        kind_words, example = tr("是/否", "yes/no"), tr("是", "yes")
    elif base is int:
        kind_words, example = tr("整数", "whole number"), "60"
    elif base is float:
        kind_words, example = tr("数字", "number"), "1.5"
    elif base is _dt.date:
        kind_words, example = tr("日期", "date"), "2020-03-02"
    elif many:
        kind_words, example = tr("列表(用、分隔)", "list (、-separated)"), tr("甲、乙", "a, b")
    elif attrs.has(base) or (found and _is_list_type(tp)):
        kind_words, example = tr("记录(JSON)", "record (JSON)"), "{…}"
    else:
        kind_words, example = tr("文本", "text"), "…"
    return {
        "path": path,
        "label": field_label(kind, path, action=action).get(),
        "type": kind_words,
        "required": required,
        "choices": choices,
        "example": example,
    }


def _data_class(kind: CaseType, action: str) -> type | None:
    from casework.labels import data_class

    return data_class(kind, action)


def _required(cls: type | None, path: str) -> bool:
    from casework.labels import field_types, record_class

    head, _, rest = path.partition(".")
    if cls is None or not attrs.has(cls):
        return False
    found = next((f for f in attrs.fields(cls) if f.name == head), None)
    if found is None or found.default is not attrs.NOTHING:
        return False
    return True if not rest else _required(record_class(field_types(cls)[head]), rest)
