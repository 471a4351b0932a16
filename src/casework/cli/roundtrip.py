"""What ``import`` needs to take back what ``export`` wrote: masked files, histories, replay.

- :func:`masked_fields` finds ID numbers and phones an export masked (``110105********002X``):
  such a file cannot move cases, and is refused whole.
- :func:`history_of` reads a row's recorded events (the ``history`` column of
  ``export --with-history``, or the ``events`` of a JSON export) and checks their shape.
- :func:`signature` is what a case is apart from its id, its timestamps and its numbers: its kind
  and the actions recorded on it. Two cases with one signature are the same case.
- :func:`replay` re-creates a case from its history through ``Book.create`` and ``Book.act``,
  so every rule, period and veto applies as when it was first recorded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from casework.errors import ValidationError
from casework.i18n import tr
from casework.model import Case
from casework.serialize import case_to_record

MASKED_ID = re.compile(r"^\d{6}\*+[0-9Xx]{4}$|^\*{4,}$")
MASKED_PHONE = re.compile(r"^\d{3}\*+\d{4}$|^\*{4,}$")
PARTY_CELL = re.compile(r"^party\.\d+\.(id_number|phone)$")
JSON_CELLS = ("parties", "details", "data", "history", "events")


def _masked(value: Any, key: str | None) -> bool:
    if isinstance(value, Mapping):
        return any(_masked(v, str(k)) for k, v in value.items())
    if isinstance(value, list):
        return any(_masked(v, None) for v in value)
    if isinstance(value, str) and key in ("id_number", "phone"):
        pattern = MASKED_ID if key == "id_number" else MASKED_PHONE
        return bool(pattern.match(value.strip()))
    return False


def masked_fields(rows: Iterable[tuple[int, Mapping[str, Any]]]) -> list[tuple[int, str]]:
    """The (line, column) of every masked ID number or phone in the rows of an import file."""
    found: list[tuple[int, str]] = []
    for line, cells in rows:
        for key, value in cells.items():
            if match := PARTY_CELL.match(key):
                if _masked(value, match.group(1)):
                    found.append((line, key))
            elif key in JSON_CELLS:
                parsed = value
                if isinstance(value, str):
                    try:
                        parsed = orjson.loads(value)
                    except orjson.JSONDecodeError:
                        continue  # reported as bad JSON where the cell is read
                if _masked(parsed, None):
                    found.append((line, key))
    return found


def masked_error(found: list[tuple[int, str]]) -> ValidationError:
    """The one refusal of a file with masked personal data."""
    return ValidationError(
        tr(
            "此文件的身份证号已遮蔽;要迁移案件请用 --unmask 导出,或使用 dump",
            "this file has masked ID numbers; export with --unmask to move cases, or use dump",
        ),
        problems=[
            tr(f"第 {line} 行 {key}: 已遮蔽", f"line {line} {key}: masked")
            for line, key in found[:3]
        ]
        + ([tr(f"另有 {len(found) - 3} 处", f"{len(found) - 3} more")] if len(found) > 3 else []),
        hint=tr(
            "遮蔽的文件只供阅读;迁移案件请用 export --unmask --with-history 或 dump/restore",
            "a masked file is for reading; to move cases use export --unmask --with-history or "
            "dump and restore",
        ),
    )


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def history_of(cells: Mapping[str, Any]) -> list[dict[str, Any]] | None:
    """The events recorded in a row (``history``, or a JSON export's ``events`` list), or None."""
    raw = cells.get("history")
    if raw is None and isinstance(cells.get("events"), list):
        raw = cells["events"]
    if raw is None:
        return None
    if isinstance(raw, str):
        try:
            raw = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            raise ValidationError(
                tr("history 不是有效的 JSON", "history is not valid JSON"),
                problems=[tr(f"history: 不是有效的 JSON ({exc})", f"history: not JSON ({exc})")],
            ) from None
    if not isinstance(raw, list) or not raw or not all(isinstance(e, dict) for e in raw):
        raise ValidationError(
            tr("history 应为操作记录列表", "history must be a list of events"),
            problems=[tr("history: 应为非空的操作记录列表", "history: a non-empty list of events")],
        )
    for number, event in enumerate(raw, start=1):
        if not (
            isinstance(event.get("action"), str)
            and _is_date(event.get("on"))
            and isinstance(event.get("actor"), str)
            and isinstance(event.get("data", {}), dict)
        ):
            raise ValidationError(
                tr("history 中有无效的操作记录", "history holds an invalid event"),
                problems=[
                    tr(
                        f"history: 第 {number} 条记录缺少 action、on 或 actor",
                        f"history: event {number} lacks its action, date or actor",
                    )
                ],
            )
    if not isinstance(raw[0].get("init"), dict):
        raise ValidationError(
            tr("history 缺少建档记录", "history lacks the creation"),
            problems=[
                tr(
                    "history: 第一条记录应为建档(含 init)",
                    "history: the first event must be the creation (with 'init')",
                )
            ],
        )
    return raw


def signature(kind: str, events: Iterable[Mapping[str, Any]]) -> bytes:
    """A case apart from its id, timestamps and numbers: its kind and its recorded actions."""
    out: list[Any] = [kind]
    for event in events:
        if event.get("system"):
            continue
        init = event.get("init")
        out.append(
            [
                event["action"],
                event["on"],
                event["actor"],
                event.get("data") or {},
                event.get("note") or "",
                {k: v for k, v in init.items() if k != "id"} if isinstance(init, dict) else None,
            ]
        )
    return orjson.dumps(out, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)


def case_signature(case: Case) -> bytes:
    """The :func:`signature` of a stored case."""
    return signature(case.kind, case_to_record(case)["events"])


def creation_arguments(kind: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    """The keyword arguments of ``Book.create`` that re-create the first event of a history."""
    first = events[0]
    init = first["init"]
    return {
        "kind": kind,
        "received_on": dt.date.fromisoformat(str(init.get("received_on") or first["on"])),
        "parties": init.get("parties") or [],
        "details": init.get("details"),
        "actor": first["actor"],
        "action": first["action"],
        "data": first.get("data") or None,
        "note": first.get("note") or "",
    }


def replay(book: Any, kind: str, events: list[dict[str, Any]]) -> Case:
    """Re-create a case by taking each recorded action again; check the history it gives.

    System events (a deemed acceptance) are not taken: the book records them again when the next
    action finds the period lapsed. Raises ValidationError naming ``history`` when the replayed
    history differs from the one given (another calendar, another plugin version).
    """
    case: Case = book.create(**creation_arguments(kind, events))
    for event in events[1:]:
        if event.get("system"):
            continue
        case = book.act(
            case.id,
            event["action"],
            on=dt.date.fromisoformat(event["on"]),
            actor=event["actor"],
            data=event.get("data") or None,
            note=event.get("note") or "",
        )
    got = [(e.action, e.on.isoformat()) for e in case.events]
    wanted = [(str(e["action"]), str(e["on"])) for e in events]
    if got != wanted:
        first = next(
            i for i, pair in enumerate([*got, None]) if i >= len(wanted) or pair != wanted[i]
        )
        raise ValidationError(
            tr("按操作记录重建的结果与记录不符", "the replayed history differs from the record"),
            problems=[
                tr(
                    f"history: 第 {first + 1} 条记录重建为 {got[first] if first < len(got) else '无'},"
                    f"记录为 {wanted[first] if first < len(wanted) else '无'}",
                    f"history: event {first + 1} replays as "
                    f"{got[first] if first < len(got) else 'nothing'}, recorded as "
                    f"{wanted[first] if first < len(wanted) else 'nothing'}",
                )
            ],
            hint=tr(
                "日历或插件版本可能不同;请用 dump/restore 迁移此案件簿",
                "the calendar or a plugin differs: move the book with dump and restore",
            ),
        )
    return case
