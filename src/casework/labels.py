"""What a user sees and types for a kind's fields: labels, code tables and readable values.

A case type declares its labels (:class:`~casework.workflow.CaseType` ``fields``,
``data_fields``) and the code tables of its code fields (``codes``, or a
:func:`~casework.validators.code_in` validator, whose table is read from the field). Every view,
prompt and error of the command line goes through here, so a code is shown by its label in the
language in force (``维持``, not ``upheld``), typed as its code or either label, a yes/no field
reads 是/否 and a nested record reads as labelled lines, never as a Python repr.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from casework.i18n import Label, tr

if TYPE_CHECKING:
    from casework.workflow import CaseType

CodeTable = Mapping[str, Label]
"""Codes and their labels, e.g. ``{"upheld": Label("维持", "upheld")}``."""

UNIT_LABELS: Mapping[str, Label] = {
    "natural": Label("日", "days"),
    "working": Label("个工作日", "working days"),
    "months": Label("个月", "months"),
}
"""How the units of a period read after its length (``7 个工作日``, ``7 working days``)."""


def period_text(length: int, unit: str) -> str:
    """A period's length with its unit in words: ``7 个工作日`` / ``7 working days``."""
    label = UNIT_LABELS.get(unit)
    if label is None:
        return f"{length} {unit}"
    return f"{length} {label.en}" if tr("zh", "en") == "en" else f"{length} {label.zh}"


def yes_no(value: bool) -> str:
    """``是``/``否`` (``yes``/``no``)."""
    return tr("是", "yes") if value else tr("否", "no")


def _label_of(entry: Any, code: str = "") -> Label:
    if entry is None:
        return Label(code, code)
    label = getattr(entry, "label", entry)
    if isinstance(label, Label):
        return label
    return Label(str(label), str(label))


def table_labels(table: Mapping[str, Any]) -> dict[str, Label]:
    """``table`` with each entry as a :class:`Label` (entries may be objects with a ``label``)."""
    return {str(code): _label_of(entry, str(code)) for code, entry in table.items()}


def validator_table(attribute: attrs.Attribute[Any]) -> tuple[CodeTable, bool] | None:
    """The code table a field's validator checks against, and whether it is a list of codes."""
    pending: list[Any] = [attribute.validator]
    while pending:
        validator = pending.pop()
        if validator is None:
            continue
        table = getattr(validator, "table", None)
        if isinstance(table, Mapping):
            return table_labels(table), bool(getattr(validator, "many", False))
        pending.extend(getattr(validator, "_validators", ()))  # attrs.validators.and_
        pending.append(getattr(validator, "validator", None))  # attrs.validators.optional
    return None


def strip_optional(tp: Any) -> tuple[Any, bool]:
    """``(T, True)`` for ``T | None``, else ``(tp, False)``."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        optional = len(args) < len(typing.get_args(tp))
        return (args[0] if len(args) == 1 else tp), optional
    return tp, False


def field_types(cls: type) -> dict[str, Any]:
    """The resolved type of each field of attrs class ``cls``."""
    try:
        hints = typing.get_type_hints(cls)
    except Exception:
        hints = {}
    return {f.name: hints.get(f.name, f.type) for f in attrs.fields(cls)}


def record_class(tp: Any) -> type | None:
    """The attrs class of a field holding one record (``act``) or a list of them (``hearings``)."""
    base, _ = strip_optional(tp)
    if isinstance(base, type) and attrs.has(base):
        return base
    if typing.get_origin(base) in (tuple, list, Sequence):
        args = [a for a in typing.get_args(base) if a is not Ellipsis]
        if len(args) == 1 and isinstance(args[0], type) and attrs.has(args[0]):
            return args[0]
    return None


def is_list(tp: Any) -> bool:
    """Whether a field type is a list or tuple."""
    base, _ = strip_optional(tp)
    return typing.get_origin(base) in (tuple, list, Sequence, set, frozenset)


def attribute_at(cls: type | None, path: str) -> tuple[attrs.Attribute[Any], Any] | None:
    """The attrs attribute and type at dotted ``path`` of ``cls`` (``act.category``)."""
    head, _, rest = path.partition(".")
    if cls is None or not attrs.has(cls):
        return None
    found = next((f for f in attrs.fields(cls) if f.name == head), None)
    if found is None:
        return None
    tp = field_types(cls)[head]
    if not rest:
        return found, tp
    return attribute_at(record_class(tp), rest)


def data_class(case_type: CaseType, action: str) -> type | None:
    """The data class of ``action`` in any rule set of ``case_type``."""
    for workflow in reversed(case_type.workflows):
        found = workflow.action(action)
        if found is not None:
            return found.data
    return None


def code_table(
    case_type: CaseType, path: str, *, action: str | None = None
) -> tuple[CodeTable, bool] | None:
    """The code table of the field at ``path`` (of the details, or of ``action``'s data).

    Declared tables (``case_type.codes``: ``"action:field"``, the dotted path, then the last
    name) come first; else the table of the field's :func:`~casework.validators.code_in`.
    Returns the table and whether the field holds a list of codes.
    """
    cls = data_class(case_type, action) if action else case_type.details
    found = attribute_at(cls, path)
    many = bool(found and is_list(found[1]))
    keys = [f"{action}:{path}"] if action else []
    keys += [path, path.rpartition(".")[2]]
    for key in keys:
        if key in case_type.codes:
            return table_labels(case_type.codes[key]), many
    if found is not None:
        return validator_table(found[0])
    return None


def lookup(
    case_type: CaseType, path: str, book: Any, *, action: str | None = None
) -> CodeTable | None:
    """The registered things the field at ``path`` names, read from ``book`` (or ``None``)."""
    keys = [f"{action}:{path}"] if action else []
    keys += [path, path.rpartition(".")[2]]
    for key in keys:
        if key in case_type.lookups:
            return table_labels(case_type.lookups[key](book))
    return None


def field_label(case_type: CaseType, path: str, *, action: str | None = None) -> Label:
    """The label of the field at ``path``: for action data ``data_fields`` first, then ``fields``.

    A nested field with no label of its own reads as its record's label and its name.
    """
    if action:
        for key in (f"{action}:{path}", path):
            if key in case_type.data_fields:
                return case_type.data_fields[key]
    if path in case_type.fields:
        return case_type.fields[path]
    head, dot, rest = path.rpartition(".")
    if dot:
        if rest in case_type.fields and head not in case_type.fields:
            return case_type.fields[rest]
        outer = field_label(case_type, head, action=action)
        inner = case_type.fields.get(rest) or case_type.data_fields.get(rest)
        if inner is not None:
            return Label(f"{outer.zh}·{inner.zh}", f"{outer.en}: {inner.en}")
        return Label(f"{outer.zh}·{rest}", f"{outer.en}: {rest}")
    return Label(path, path)


def resolve_code(text: str, table: Mapping[str, Any]) -> str | None:
    """The code ``text`` names, given as the code or its zh or en label; ``None`` if none."""
    wanted = text.strip()
    if wanted in table:
        return wanted
    folded = wanted.casefold()
    for code, label in table_labels(table).items():
        if wanted == label.zh or folded == label.en.casefold() or folded == code.casefold():
            return code
    return None


def choices_text(table: Mapping[str, Any]) -> str:
    """The choices of a code table as ``维持(upheld)、撤销(revoked)`` (``upheld, revoked`` in en)."""
    labels = table_labels(table)
    if tr("zh", "en") == "en":
        return ", ".join(f"{label.en} ({code})" for code, label in labels.items())
    return "、".join(f"{label.zh}({code})" for code, label in labels.items())


def code_text(code: str, table: Mapping[str, Any]) -> str:
    """The label of ``code`` in the language in force (the code itself if the table lacks it)."""
    entry = table.get(code)
    return code if entry is None else _label_of(entry, code).get()


def show_value(
    case_type: CaseType, path: str, value: Any, *, action: str | None = None, book: Any = None
) -> str:
    """``value`` of the field at ``path`` as a person reads it: labels, 是/否, readable records.

    ``value`` is the stored (JSON-ready) form. Codes read as their labels, lists as one line
    joined by 、, a record as ``label: value`` pairs and a list of records one record a line; a
    mapping whose field has a code table is read as counts by code.
    """
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return yes_no(value)
    keyed = code_table(case_type, path, action=action) if isinstance(value, Mapping) else None
    if isinstance(value, Mapping) and keyed is not None:  # counts by code: 劳动: 2;合同: 1
        return tr(";", "; ").join(
            f"{code_text(str(k), keyed[0])}: {show_value(case_type, path, v, action=action)}"
            for k, v in value.items()
        )
    if isinstance(value, Mapping):
        parts = []
        for key, inner in value.items():
            if inner in (None, "", [], {}, ()):
                continue
            sub = f"{path}.{key}"
            label = field_label(case_type, sub, action=action).get()
            label = label.rpartition("·")[2].rpartition(": ")[2]
            parts.append(f"{label}: {show_value(case_type, sub, inner, action=action)}")
        return tr(";", "; ").join(parts) or "—"
    table = code_table(case_type, path, action=action)
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(v, Mapping) for v in value):
            return "\n".join(show_value(case_type, path, v, action=action) for v in value)
        items = [
            code_text(str(v), table[0]) if table else show_value(case_type, path, v, action=action)
            for v in value
        ]
        return tr("、", ", ").join(items)
    if table is not None and isinstance(value, str):
        return code_text(value, table[0])
    if book is not None and isinstance(value, str):
        registry = lookup(case_type, path, book, action=action)
        if registry and value in registry and registry[value].get() != value:
            return f"{registry[value].get()}({value})"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
