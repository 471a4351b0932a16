"""Turning options, files and prompts into the ``details``/``data``/``parties`` a book takes.

Values typed on the command line are text; :func:`coerce` converts them by the field types of
the kind's attrs class (numbers, yes/no, JSON lists), leaving dates and text to the core's one
converter, which reports every bad field by name. Prompts (rich.prompt, on standard error) are
offered only when a person is at the keyboard; otherwise a missing field is one clear error.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from casework.errors import ValidationError
from casework.i18n import Label, tr

if TYPE_CHECKING:
    from rich.console import Console

    from casework.workflow import Action, CaseType

TRUE_WORDS = {"1", "true", "yes", "y", "是", "对", "有"}
FALSE_WORDS = {"0", "false", "no", "n", "否", "不", "无"}


def parse_date(value: str | dt.date, what: str) -> dt.date:
    """Parse ``YYYY-MM-DD`` (or ``today``/``今天``); a bad value is a ValidationError naming it."""
    if isinstance(value, dt.date):
        return value
    text = value.strip()
    if text.lower() in {"today", "今天", "今日"}:
        from casework.cli.context import today

        return today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            tr("日期无效", "invalid date"),
            problems=[tr(f"{what}: 应为日期 YYYY-MM-DD", f"{what}: expected a date YYYY-MM-DD")],
            hint=tr("日期写作 YYYY-MM-DD,如 2020-03-02", "write dates as YYYY-MM-DD"),
        ) from None


def parse_pairs(pairs: Iterable[str], what: str) -> dict[str, str]:
    """Parse repeated ``key=value`` options into a dict."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ValidationError(
                tr(f"{what} 格式错误", f"bad {what}"),
                problems=[tr(f"{what}: 应为 字段=值", f"{what}: expected field=value")],
                hint=tr("写作 字段=值,如 subject=罚款", "write field=value, e.g. subject=fine"),
            )
        out[key.strip()] = value
    return out


def load_json(text: str, what: str) -> Any:
    """Parse the JSON given to option ``what``."""
    import orjson

    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise ValidationError(
            tr(f"{what} 不是有效的 JSON", f"{what} is not valid JSON"),
            problems=[str(exc)],
            hint=tr('如 {"subject": "罚款"}', 'e.g. {"subject": "fine"}'),
        ) from None


def load_json_file(path: str, what: str) -> Any:
    """Read a JSON file given to option ``what``."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ValidationError(
            tr(f"无法读取 {path}", f"cannot read {path}"),
            problems=[str(exc.strerror or exc)],
            hint=tr("检查文件路径", "check the path"),
        ) from None
    return load_json(text, what)


def load_case_file(path: str) -> dict[str, Any]:
    """Read a whole case from a TOML or JSON file (by its extension; JSON otherwise).

    Keys: ``received_on``, ``actor``, ``parties`` (a list of ``{role, name, id_number,
    phone}``), ``details``, ``action``, ``data``, ``note``; codes may be given by label.
    """
    known = {"received_on", "actor", "parties", "details", "action", "data", "note"}
    if path.lower().endswith(".toml"):
        import tomllib

        try:
            loaded: Any = tomllib.loads(Path(path).read_text(encoding="utf-8-sig"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ValidationError(
                tr(f"无法读取 {path}", f"cannot read {path}"),
                problems=[str(exc)],
                hint=tr("检查 TOML 格式", "check the TOML"),
            ) from None
    else:
        loaded = load_json_file(path, "--from-file")
    if not isinstance(loaded, dict):
        raise ValidationError(
            tr("--from-file 应为一个对象", "--from-file must hold one object"),
            hint=tr("键: " + "、".join(sorted(known)), "keys: " + ", ".join(sorted(known))),
        )
    unknown = sorted(set(loaded) - known)
    if unknown:
        raise ValidationError(
            tr("--from-file 含未知的键", "--from-file has unknown keys"),
            problems=unknown,
            hint=tr(
                "可用的键: " + "、".join(sorted(known)), "known keys: " + ", ".join(sorted(known))
            ),
        )
    for key in ("received_on", "actor", "action", "note"):
        if key in loaded and isinstance(loaded[key], dt.date):
            loaded[key] = loaded[key].isoformat()
    whole: dict[str, Any] = _dates_as_text(loaded)
    return whole


def _dates_as_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def parse_party(spec: str, case_type: CaseType) -> dict[str, Any]:
    """Parse ``role:name[:id_number[:phone]]``; the role may be given by name or label."""
    parts = spec.split(":")
    if len(parts) < 2 or len(parts) > 4 or not parts[0].strip() or not parts[1].strip():
        raise ValidationError(
            tr("当事人格式错误", "bad party"),
            problems=[
                tr(
                    "--party: 应为 身份:姓名[:身份证号[:电话]]",
                    "--party: expected role:name[:id_number[:phone]]",
                )
            ],
            hint=tr(
                "写作 身份:姓名[:身份证号[:电话]],如 applicant:张三:142301…:138…",
                "write role:name[:id_number[:phone]], e.g. applicant:Zhang San",
            ),
        )
    party: dict[str, Any] = {"role": role_name(parts[0].strip(), case_type), "name": parts[1]}
    if len(parts) > 2 and parts[2].strip():
        party["id_number"] = parts[2].strip()
    if len(parts) > 3 and parts[3].strip():
        party["phone"] = parts[3].strip()
    return party


def role_name(role: str, case_type: CaseType) -> str:
    """The role's name, accepting its label in either language."""
    for name, label in case_type.roles.items():
        if role in (name, label.zh, label.en):
            return name
    return role


# -- field types -----------------------------------------------------------------------------


def field_types(cls: type) -> dict[str, Any]:
    """The resolved type of each field of attrs class ``cls``."""
    try:
        hints = typing.get_type_hints(cls)
    except Exception:
        hints = {}
    return {f.name: hints.get(f.name, f.type) for f in attrs.fields(cls)}


def _strip_optional(tp: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        optional = len(args) < len(typing.get_args(tp))
        return (args[0] if len(args) == 1 else tp), optional
    return tp, False


def choices_of(tp: Any) -> list[str] | None:
    """The allowed values of a ``Literal`` or Enum field type, else ``None``."""
    base, _ = _strip_optional(tp)
    if typing.get_origin(base) is typing.Literal:
        return [str(a) for a in typing.get_args(base)]
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return [str(m.value) for m in base]
    return None


def _coerce_one(value: str, tp: Any, path: str) -> Any:
    base, optional = _strip_optional(tp)
    if value.strip() == "" and optional:
        return None
    if base is str or choices_of(base) is not None or base in (dt.date, dt.datetime):
        return value
    if base is bool:
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(
            tr("是/否字段无效", "invalid yes/no field"),
            problems=[tr(f"{path}: 应为 是/否", f"{path}: expected yes or no")],
        )
    if base is int:
        try:
            return int(value.strip())
        except ValueError:
            raise ValidationError(
                tr("整数字段无效", "invalid whole number"),
                problems=[tr(f"{path}: 应为整数", f"{path}: expected a whole number")],
            ) from None
    if base is float:
        try:
            return float(value.strip())
        except ValueError:
            raise ValidationError(
                tr("数字字段无效", "invalid number"),
                problems=[tr(f"{path}: 应为数字", f"{path}: expected a number")],
            ) from None
    import orjson

    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        origin = typing.get_origin(base)
        if origin in (list, tuple, set, frozenset, Sequence):
            return [v.strip() for v in LIST_SEPARATORS.split(value) if v.strip()]
        return value


LIST_SEPARATORS = re.compile(r"[,，、;；]")


def nested_class(tp: Any) -> type | None:
    """The attrs class of a field whose value is itself a record (e.g. the contested act)."""
    base, _ = _strip_optional(tp)
    return base if isinstance(base, type) and attrs.has(base) else None


def record_class(tp: Any) -> type | None:
    """The attrs class of the items of a field holding a list of records (``appearances``)."""
    from casework.labels import record_class as of

    return None if nested_class(tp) is not None else of(tp)


def coerce(
    cls: type | None,
    raw: Mapping[str, Any],
    root: str,
    *,
    case_type: CaseType | None = None,
    action: str | None = None,
    prefix: str = "",
    book: Any = None,
) -> dict[str, Any]:
    """Convert text values of ``raw`` by the field types of ``cls``; unknown fields are errors.

    A dotted key (``act.description``) sets a field of a nested record. With ``case_type`` a
    code field takes its code or either label (``维持``), and gets the code; the fields are of
    ``action``'s data when it is given, else of the details (``prefix``: the nested path).
    With ``book`` a field naming registered things (a committee) takes their names too.
    """
    flat: dict[str, Any] = {}
    nested: dict[str, dict[str, Any]] = {}
    for key, value in raw.items():
        head, dot, rest = key.partition(".")
        if dot and cls is not None and head in field_types(cls):
            nested.setdefault(head, {})[rest] = value
        else:
            flat[key] = value
    out = _coerce_flat(
        cls, flat, root, case_type=case_type, action=action, prefix=prefix, book=book
    )
    if cls is not None:
        types_ = field_types(cls)
        for head, values in nested.items():
            inner = nested_class(types_[head])
            if inner is None:
                raise ValidationError(
                    tr("字段不能分项填写", "field has no parts"),
                    problems=[f"{root}.{head}.{next(iter(values))}"],
                    hint=tr(f"写作 {head}=值", f"write {head}=value"),
                )
            current = out.get(head)
            merged = dict(current) if isinstance(current, Mapping) else {}
            merged.update(
                coerce(
                    inner,
                    values,
                    f"{root}.{head}",
                    case_type=case_type,
                    action=action,
                    prefix=f"{prefix}{head}.",
                )
            )
            out[head] = merged
    return out


def _coerce_flat(
    cls: type | None,
    raw: Mapping[str, Any],
    root: str,
    *,
    case_type: CaseType | None = None,
    action: str | None = None,
    prefix: str = "",
    book: Any = None,
) -> dict[str, Any]:
    if cls is None:
        if raw:
            raise ValidationError(
                tr("该操作不需要数据", "this action takes no data"),
                problems=[f"{root}: {', '.join(sorted(raw))}"],
                hint=tr("去掉 --data", "leave --data out"),
            )
        return {}
    types_ = field_types(cls)
    unknown = sorted(set(raw) - set(types_))
    if unknown:
        raise ValidationError(
            tr("未知字段", "unknown field"),
            problems=[
                tr(f"{root}.{name}: 没有这个字段", f"{root}.{name}: no such field")
                for name in unknown
            ],
            hint=tr(f"可用字段: {', '.join(types_)}", f"known fields: {', '.join(types_)}"),
        )
    out: dict[str, Any] = {}
    for name, value in raw.items():
        path = f"{prefix}{name}"
        if isinstance(value, str) and nested_class(types_[name]) is not None:
            value = _record_text(value, types_[name], f"{root}.{name}", case_type, action, path)
        elif isinstance(value, str) and record_class(types_[name]) is not None:
            value = _records_text(value, types_[name], f"{root}.{name}", case_type, action, path)
        elif isinstance(value, str):
            value = _coerce_one(value, types_[name], f"{root}.{name}")
        inner = nested_class(types_[name]) or record_class(types_[name])
        if inner is not None and case_type is not None:
            where, deeper = f"{root}.{name}", f"{path}."
            if isinstance(value, Mapping):
                value = coerce(
                    inner, value, where, case_type=case_type, action=action, prefix=deeper
                )
            elif isinstance(value, list | tuple) and all(isinstance(v, Mapping) for v in value):
                value = [
                    coerce(inner, v, where, case_type=case_type, action=action, prefix=deeper)
                    for v in value
                ]
        elif case_type is not None:
            value = _codes_of(value, case_type, path, action, f"{root}.{name}")
            if book is not None:
                value = registered(value, case_type, path, action, book, f"{root}.{name}")
        out[name] = value
    return out


def _codes_of(value: Any, case_type: CaseType, path: str, action: str | None, where: str) -> Any:
    """``value`` with every code given by its label turned into the code."""
    from casework.labels import choices_text, code_table, field_label, resolve_code

    found = code_table(case_type, path, action=action)
    if found is None:
        return value
    table, _ = found

    from casework.labels import attribute_at, data_class, validator_table

    owner = data_class(case_type, action) if action else case_type.details
    found_attribute = attribute_at(owner, path)
    # a table the kind declares without checking it only translates labels; a code_in field
    # is refused here with its choices, as the kind would refuse it
    checked = found_attribute is not None and validator_table(found_attribute[0]) is not None

    def one(item: Any) -> Any:
        if not isinstance(item, str):
            return item
        code = resolve_code(item, table)
        if code is None and not checked:
            return item
        if code is None:
            label = field_label(case_type, path, action=action).get()
            raise ValidationError(
                tr(f"{label} 的值无效", f"invalid {label}"),
                problems=[
                    tr(
                        f"{where}: {item!r} 不是可选值;可选: {choices_text(table)}",
                        f"{where}: {item!r} is not a choice; choose from: {choices_text(table)}",
                    )
                ],
                hint=tr("填写代码或中文名称", "give the code or its label"),
            )
        return code

    if isinstance(value, list | tuple):
        return [one(v) for v in value]
    if isinstance(value, Mapping):  # counts by code: {"劳动争议": 2} → {"labour": 2}
        return {one(k): v for k, v in value.items()}
    return one(value)


def registered(
    value: Any, case_type: CaseType, path: str, action: str | None, book: Any, where: str
) -> Any:
    """``value`` with each registered thing given by name turned into what is stored (its id).

    In an action's data an unknown name is refused with the nearest registered one ("did you
    mean"); a details field keeps what it was given (the action that fills it checks it).
    """
    from casework.cli.choose import listed, suggestion
    from casework.labels import field_label, lookup

    table = lookup(case_type, path, book, action=action)
    if not table:
        return value

    def one(item: Any) -> Any:
        if not isinstance(item, str):
            return item
        text = item.strip()
        if text in table:
            return text
        for key, entry in table.items():
            if text in (entry.zh, entry.en) or text.casefold() == key.casefold():
                return key
        if action is None:  # the registry is checked by the action that records it
            return item
        from casework.personal import mask_text

        options = [(k, Label(mask_text(v.zh), mask_text(v.en))) for k, v in table.items()]
        label = field_label(case_type, path, action=action).get()
        raise ValidationError(
            tr(f"{label} {text!r} 未登记", f"{label} {text!r} is not registered"),
            problems=[f"{where}{suggestion(text, options)}"],
            hint=tr(
                f"已登记: {listed(options[:12])}{' …' if len(options) > 12 else ''}",
                f"registered: {listed(options[:12])}{' …' if len(options) > 12 else ''}",
            ),
        )

    if isinstance(value, list | tuple):
        return [one(v) for v in value]
    return one(value)


def shape_example(cls: type, case_type: CaseType | None, action: str | None, path: str) -> str:
    """One record of ``cls`` as JSON with each field's label as its value: the shape to give."""
    from casework.labels import field_label

    parts = []
    for field in attrs.fields(cls):
        label = (
            field_label(case_type, f"{path}.{field.name}", action=action).get()
            if (case_type is not None)
            else field.name
        )
        parts.append(f'"{field.name}": "{label}"')
    return "{" + ", ".join(parts) + "}"


def _record_text(
    value: str, tp: Any, where: str, case_type: CaseType | None, action: str | None, path: str
) -> Any:
    """A nested record given as one text: JSON of the record, else an error naming its parts."""
    import orjson

    inner = nested_class(tp)
    assert inner is not None
    try:
        loaded = orjson.loads(value)
    except orjson.JSONDecodeError:
        loaded = None
    if isinstance(loaded, dict):
        return loaded
    from casework.labels import field_label

    label = field_label(case_type, path, action=action).get() if case_type else path
    option = "--data" if action else "--set"
    parts = " ".join(f"{option} {path}.{f.name}=…" for f in attrs.fields(inner))
    raise ValidationError(
        tr(f"{label}({path})由几项组成,不能整体填写", f"{label} ({path}) has parts"),
        problems=[tr(f"{where}: 应分项填写", f"{where}: give its parts")],
        hint=tr(f"写作 {parts}", f"write {parts}"),
    )


def _records_text(
    value: str, tp: Any, where: str, case_type: CaseType | None, action: str | None, path: str
) -> Any:
    """A list of records given as text: a JSON list of objects, else an error with the shape."""
    import orjson

    inner = record_class(tp)
    assert inner is not None
    try:
        loaded = orjson.loads(value)
    except orjson.JSONDecodeError:
        loaded = None
    if isinstance(loaded, list) and all(isinstance(item, dict) for item in loaded):
        return loaded
    from casework.labels import field_label

    label = field_label(case_type, path, action=action).get() if case_type else path
    example = shape_example(inner, case_type, action, path)
    raise ValidationError(
        tr(f"{label}({path})应为记录列表", f"{label} ({path}) takes a list of records"),
        problems=[tr(f"{where}: 应为 JSON 列表", f"{where}: expected a JSON list")],
        hint=tr(f"写作 {path}='[{example}]'", f"write {path}='[{example}]'"),
    )


def missing_required(cls: type | None, given: Mapping[str, Any]) -> list[str]:
    """The required fields of ``cls`` (no default) that ``given`` lacks."""
    if cls is None:
        return []
    return [f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING and f.name not in given]


def missing_error(what: str, names: Sequence[str], labels: Mapping[str, Label], how: str) -> None:
    """Raise the error for required fields missing without a keyboard to ask at."""
    if not names:
        return
    shown = ", ".join(f"{name}({labels[name].get()})" if name in labels else name for name in names)
    raise ValidationError(
        tr(f"{what}缺少必填字段", f"{what}: required field missing"),
        problems=[shown],
        hint=tr(f"用 {how} 字段=值 给出", f"give them with {how} field=value"),
    )


# -- prompts -----------------------------------------------------------------------------------


def prompt_fields(
    console: Console,
    cls: type | None,
    labels: Mapping[str, Label],
    given: dict[str, Any],
    *,
    every: bool,
    root: str,
) -> dict[str, Any]:
    """Ask for the fields of ``cls`` not in ``given``: the required ones, or ``every`` field.

    Optional fields may be left blank. A required nested record (e.g. the contested act) is
    asked field by field. Each answer is converted and checked by the field's own validator
    at once, so a wrong value is asked again with the reason (e.g. the valid codes).
    """
    if cls is None:
        return given
    types_ = field_types(cls)
    for field in attrs.fields(cls):
        required = field.default is attrs.NOTHING
        if field.name in given and not isinstance(given[field.name], dict):
            continue
        if not (required or (every and _promptable(types_[field.name]))):
            continue
        label = labels.get(field.name)
        title = f"{label.get()} ({field.name})" if label else field.name
        inner = nested_class(types_[field.name])
        if inner is not None:
            if not required:
                continue
            sub = given.get(field.name)
            sub = dict(sub) if isinstance(sub, dict) else {}
            inner_labels = {
                f.name: Label(f"{title} · {f.name}", f"{title} · {f.name}")
                for f in attrs.fields(inner)
            }
            given[field.name] = prompt_fields(
                console, inner, inner_labels, sub, every=False, root=f"{root}.{field.name}"
            )
            continue
        answer = _ask_field(console, cls, field, title, required, types_[field.name], root)
        if answer is not _SKIP:
            given[field.name] = answer
    return given


_SKIP = object()


def _promptable(tp: Any) -> bool:
    """Whether an optional field is simple enough to ask for in one line."""
    base, _ = _strip_optional(tp)
    if base in (str, int, float, bool, dt.date) or choices_of(base) is not None:
        return True
    args = typing.get_args(base)
    return typing.get_origin(base) in (tuple, list) and all(a in (str, Ellipsis) for a in args)


def _ask_field(
    console: Console,
    cls: type,
    field: attrs.Attribute[Any],
    title: str,
    required: bool,
    tp: Any,
    root: str,
) -> Any:
    from rich.markup import escape
    from rich.prompt import Prompt

    from casework.text import safe_markup

    shown = escape(title)
    if not required:
        shown += tr(" [dim]留空跳过[/]", " [dim]blank to skip[/]")
    choices = choices_of(tp)
    while True:
        if required:
            answer = Prompt.ask(shown, console=console, choices=choices)
        else:
            answer = Prompt.ask(shown, console=console, default="", show_default=False)
        if answer.strip() == "":
            if not required:
                return _SKIP
            console.print(tr("[red]此项必填[/]", "[red]this field is required[/]"))
            continue
        try:
            value = coerce(cls, {field.name: answer}, root)[field.name]
            if _strip_optional(tp)[0] in (str, int, float, bool):
                _check_field(field, value)
        except ValidationError as exc:
            console.print(f"[red]{safe_markup(exc.message)}[/]")
            continue
        except (ValueError, TypeError) as exc:
            console.print(f"[red]{safe_markup(str(exc))}[/]")
            continue
        return value


def _check_field(field: attrs.Attribute[Any], value: Any) -> None:
    """Run the field's own validator on a simple value (dates and records are checked later)."""
    if field.validator is not None and isinstance(value, str | int | float | bool):
        field.validator(None, field, value)


def ask_more(console: Console, cls: type | None, given: Mapping[str, Any]) -> bool:
    """Whether the person wants to fill the optional fields too (asked only if there are any)."""
    from rich.prompt import Confirm

    if cls is None:
        return False
    optional = [f for f in attrs.fields(cls) if f.default is not attrs.NOTHING]
    if not any(f.name not in given for f in optional):
        return False
    return Confirm.ask(
        tr("还要填写可选字段吗?", "fill in the optional fields too?"),
        console=console,
        default=False,
    )


def choose_action(console: Console, actions: Sequence[Action], kind: str, question: str) -> str:
    """Let the person pick one of ``actions`` by number, name or label.

    Each is shown with the data it takes; a wrong answer is asked again with the nearest action
    suggested.
    """
    from casework.cli.choose import ask_choice
    from casework.cli.facts import data_fields, data_label

    details = {}
    for action in actions:
        fields = tr("、", ", ").join(
            f"{data_label(kind, action.name, f['name']).get()}{'' if f['required'] else '?'}"
            for f in data_fields(action.data)
        )
        details[action.name] = tr(f"  需填: {fields}", f"  takes: {fields}") if fields else ""
    return ask_choice(console, question, [(a.name, a.label) for a in actions], details=details)


def prompt_parties(console: Console, case_type: CaseType) -> list[dict[str, Any]]:
    """Ask for one party per role the case type names (blank name skips a role)."""
    from rich.markup import escape
    from rich.prompt import Prompt

    from casework.model import Party
    from casework.serialize import structure
    from casework.text import safe_markup

    parties: list[dict[str, Any]] = []
    for role, label in case_type.roles.items():
        while True:
            name = Prompt.ask(
                f"{escape(label.get())} {tr('姓名/名称', 'name')} [dim]"
                f"{tr('留空跳过', 'blank to skip')}[/]",
                console=console,
                default="",
                show_default=False,
            )
            if not name.strip():
                break
            party: dict[str, Any] = {"role": role, "name": name.strip()}
            id_number = Prompt.ask(
                tr("  身份证号 [dim]留空跳过[/]", "  ID number [dim]blank to skip[/]"),
                console=console,
                default="",
                show_default=False,
            )
            phone = Prompt.ask(
                tr("  电话 [dim]留空跳过[/]", "  phone [dim]blank to skip[/]"),
                console=console,
                default="",
                show_default=False,
            )
            if id_number.strip():
                party["id_number"] = id_number.strip()
            if phone.strip():
                party["phone"] = phone.strip()
            try:
                structure(party, Party, what=tr("当事人", "party"), root="party")
            except ValidationError as exc:
                console.print(f"[red]{safe_markup(exc.message)}[/]")
                continue
            parties.append(party)
            break
    return parties
