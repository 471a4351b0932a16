"""The one cattrs converter, and the translation of its errors into :class:`ValidationError`.

Built on ``cattrs.preconf.json`` (dates as ISO strings), with unknown keys refused so that a
misspelt field is reported rather than dropped. A case's ``details`` are structured with the
attrs class of its case type, looked up by ``kind``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.preconf.json import make_converter as _make_json_converter

from casework.errors import ValidationError
from casework.i18n import tr
from casework.model import Case, Clock, Event, Flag, Party

T = TypeVar("T")


def make_converter(*, detailed: bool = True) -> cattrs.Converter:
    """Return a fresh converter: JSON-friendly, unknown keys forbidden.

    ``detailed`` (the default) collects every problem with its field path; the store's loader
    uses a converter without it, which is several times faster, and falls back to the detailed
    one only to explain a record that does not fit.
    """
    converter = _make_json_converter(forbid_extra_keys=True, detailed_validation=detailed)
    converter.register_structure_hook_func(
        lambda type_: type_ == dict[str, Any], _structure_json_object
    )
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook(dt.datetime, _structure_datetime)
    converter.register_structure_hook_func(
        lambda type_: type_ in (tuple[str, ...], list[str]), _structure_texts
    )
    return converter


def _structure_texts(value: Any, type_: type) -> Any:
    """A list of texts: refuse one bare text, which would otherwise be split into characters."""
    if isinstance(value, str | bytes) or not isinstance(value, list | tuple):
        raise ValueError(
            tr(
                f'应为文字列表(如 ["a", "b"]),收到 {type(value).__name__}',
                f'expected a list of texts (e.g. ["a", "b"]), got {type(value).__name__}',
            )
        )
    items = [str(v) for v in value]
    return items if type_ == list[str] else tuple(items)


def _structure_json_object(value: Any, _: type) -> dict[str, Any]:
    """Event data and similar free-form JSON objects: any mapping with text keys, kept as is."""
    if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
        raise ValueError(f"expected an object with text keys, got {type(value).__name__}")
    return dict(value)


def _structure_date(value: Any, _: type) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a date YYYY-MM-DD, got {type(value).__name__}")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(tr("应为日期 YYYY-MM-DD", "expected a date YYYY-MM-DD")) from None


def _structure_datetime(value: Any, _: type) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected a timestamp, got {type(value).__name__}")
    try:
        return dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(tr("应为 ISO 时间", "expected an ISO timestamp")) from None


CONVERTER = make_converter()
_FAST = make_converter(detailed=False)


_SCALARS: dict[Any, tuple[str, str]] = {
    int: ("整数", "a whole number"),
    float: ("数字", "a number"),
    str: ("文字", "text"),
    bool: ("是/否 (true/false)", "true or false"),
}


def _format_problem(exc: BaseException, type_: type | None) -> str:
    if isinstance(exc, KeyError):
        return tr("必填字段缺失", "required field missing")
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return tr(
            f"未知字段 {', '.join(sorted(map(str, exc.extra_fields)))}(请检查拼写)",
            f"unknown field(s) {', '.join(sorted(map(str, exc.extra_fields)))}: check the spelling",
        )
    if type_ in _SCALARS and isinstance(exc, ValueError | TypeError):
        zh, en = _SCALARS[type_]
        return tr(f"应为{zh}", f"expected {en}")
    if isinstance(exc, ValueError | TypeError) and str(exc):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)


def structure(
    data: Any, cls: type[T], *, what: str, root: str = "", converter: cattrs.Converter | None = None
) -> T:
    """Structure ``data`` as ``cls`` or raise one :class:`ValidationError` naming each field.

    ``what`` names the input in the message (e.g. ``"details of a reconsideration case"``);
    ``root`` prefixes field paths (e.g. ``details``).
    """
    conv = converter or CONVERTER
    if isinstance(data, cls):
        return data
    if attrs.has(cls) and not isinstance(data, Mapping):
        raise ValidationError(
            tr(f"{what}无效", f"invalid {what}"),
            problems=[tr(f"{root or '$'}: 应为对象(字段表)", f"{root or '$'}: expected a mapping")],
        )
    try:
        return conv.structure(data, cls)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        raise _validation_error(exc, what, root) from None


def _validation_error(exc: BaseException, what: str, root: str) -> ValidationError:
    if isinstance(exc, cattrs.BaseValidationError):
        lines = cattrs.transform_error(exc, format_exception=_format_problem)
    else:
        lines = [f"{_format_problem(exc, None)} @ $"]
    problems = []
    for line in lines:
        message, _, path = line.rpartition(" @ ")
        path = (root + path[1:]) if root else (path[1:].lstrip(".") or "$")
        problems.append(f"{path}: {message}")
    return ValidationError(tr(f"{what}无效", f"invalid {what}"), problems=problems)


def unstructure(value: Any) -> Any:
    """Return ``value`` as JSON-ready data."""
    return CONVERTER.unstructure(value)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def case_to_record(case: Case) -> dict[str, Any]:
    """Return a case as a JSON-ready dict (the form the store keeps).

    The generic fields are written field by field (this runs on every write, over the whole
    history); the kind's ``details`` go through the converter. The result equals the
    converter's own ``unstructure(case)`` once both are JSON.
    """
    return {
        "id": case.id,
        "kind": case.kind,
        "state": case.state,
        "received_on": case.received_on.isoformat(),
        "details": CONVERTER.unstructure(case.details),
        "regime": case.regime,
        "type_version": case.type_version,
        "number": case.number,
        "parties": [
            {
                "role": p.role,
                "name": p.name,
                "id_number": p.id_number,
                "phone": p.phone,
                "birth_date": _iso(p.birth_date),
                "organisation": p.organisation,
            }
            for p in case.parties
        ],
        "events": [
            {
                "seq": e.seq,
                "action": e.action,
                "on": e.on.isoformat(),
                "at": e.at.isoformat(),
                "actor": e.actor,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "data": e.data,
                "note": e.note,
                "number": e.number,
                "system": e.system,
                "init": e.init,
            }
            for e in case.events
        ],
        "clocks": [
            {
                "name": c.name,
                "started_on": c.started_on.isoformat(),
                "length": c.length,
                "unit": c.unit,
                "due_on": _iso(c.due_on),
                "status": c.status,
                "provisional": c.provisional,
                "pauses": [[p.isoformat(), _iso(r)] for p, r in c.pauses],
                "extended_days": c.extended_days,
                "stopped_on": _iso(c.stopped_on),
                "planning": c.planning,
            }
            for c in case.clocks
        ],
        "flags": [{"code": f.code, "zh": f.zh, "en": f.en} for f in case.flags],
        "closed_on": _iso(case.closed_on),
        "version": case.version,
    }


_DATE = dt.date.fromisoformat
_CASE_KEYS = frozenset(attrs.fields_dict(Case))
_EVENT_KEYS = frozenset(attrs.fields_dict(Event))
_CLOCK_KEYS = frozenset(attrs.fields_dict(Clock))
_PARTY_KEYS = frozenset(attrs.fields_dict(Party))


def _opt_date(value: Any) -> dt.date | None:
    return None if value is None else _DATE(value)


def _exact(record: Mapping[str, Any], keys: frozenset[str]) -> Mapping[str, Any]:
    if not keys.issuperset(record):
        raise KeyError(sorted(set(record) - keys))
    return record


def _case_from_trusted(raw: Mapping[str, Any], details: Any) -> Case:
    """The store's fast path: build a case from a record the store wrote, field by field.

    Any surprise (a missing or unknown key, a wrong type) raises, and the caller falls back to
    the detailed converter, which explains the problem with its field path.
    """
    _exact(raw, _CASE_KEYS)
    return Case(
        id=raw["id"],
        kind=raw["kind"],
        state=raw["state"],
        received_on=_DATE(raw["received_on"]),
        details=details,
        regime=raw["regime"],
        type_version=int(raw.get("type_version", 1)),
        number=raw.get("number"),
        parties=tuple(
            Party(
                role=p["role"],
                name=p["name"],
                id_number=p.get("id_number"),
                phone=p.get("phone"),
                birth_date=_opt_date(p.get("birth_date")),
                organisation=bool(p.get("organisation", False)),
            )
            for p in raw.get("parties", ())
            if _exact(p, _PARTY_KEYS)
        ),
        events=tuple(
            Event(
                seq=e["seq"],
                action=e["action"],
                on=_DATE(e["on"]),
                at=dt.datetime.fromisoformat(e["at"]),
                actor=e["actor"],
                from_state=e.get("from_state"),
                to_state=e["to_state"],
                data=dict(e.get("data") or {}),
                note=e.get("note", ""),
                number=e.get("number"),
                system=bool(e.get("system", False)),
                init=e.get("init"),
            )
            for e in raw.get("events", ())
            if _exact(e, _EVENT_KEYS)
        ),
        clocks=tuple(
            Clock(
                name=c["name"],
                started_on=_DATE(c["started_on"]),
                length=int(c["length"]),
                unit=c["unit"],
                due_on=_opt_date(c.get("due_on")),
                status=c.get("status", "running"),
                provisional=bool(c.get("provisional", False)),
                pauses=tuple((_DATE(p), _opt_date(r)) for p, r in c.get("pauses", ())),
                extended_days=int(c.get("extended_days", 0)),
                stopped_on=_opt_date(c.get("stopped_on")),
                planning=bool(c.get("planning", False)),
            )
            for c in raw.get("clocks", ())
            if _exact(c, _CLOCK_KEYS)
        ),
        flags=tuple(Flag(code=f["code"], zh=f["zh"], en=f["en"]) for f in raw.get("flags", ())),
        closed_on=_opt_date(raw.get("closed_on")),
        version=int(raw.get("version", 0)),
    )


def case_from_record(record: Mapping[str, Any], details_class: Callable[[str], type]) -> Case:
    """Rebuild a case from its stored dict; ``details_class(kind)`` gives the details class."""
    raw = dict(record)
    details = raw.pop("details", None)
    raw["details"] = None
    try:
        return _case_from_trusted(raw, _FAST.structure(details or {}, details_class(raw["kind"])))
    except (
        cattrs.BaseValidationError,
        cattrs.ForbiddenExtraKeysError,  # an unknown field: explained below, not raised raw
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
    ):
        pass  # explain it below, with every field path
    case = structure(raw, Case, what=tr("案件记录", "case record"))
    cls = details_class(case.kind)
    return attrs.evolve(
        case,
        details=structure(details or {}, cls, what=tr("案件详情", "case details"), root="details"),
    )
