"""Asking at the keyboard: the fields a kind wants at intake, and an action's data.

Each field is asked by its label; a code field offers its choices numbered, with labels; a yes/no
field takes 是/否; a field naming registered things (a committee) takes their names. Every answer
is checked at once by the field's own validator and asked again on the spot when refused, and
when the book refuses the whole case (a rule across fields), the person picks the answer to
change, so nothing typed is lost. Required fields come first, then "more? [y/N]".
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from casework.errors import CaseworkError, ValidationError
from casework.i18n import Label, tr
from casework.labels import (
    attribute_at,
    code_table,
    field_label,
    lookup,
    strip_optional,
)

if TYPE_CHECKING:
    from rich.console import Console

    from casework.workflow import CaseType

SKIP = object()
"""An optional field left blank."""


def set_path(target: dict[str, Any], path: str, value: Any) -> None:
    """Set ``target[a][b]`` for ``path`` ``a.b`` (making the inner dicts)."""
    head, dot, rest = path.partition(".")
    if not dot:
        target[head] = value
        return
    inner = target.get(head)
    if not isinstance(inner, dict):
        inner = {}
        target[head] = inner
    set_path(inner, rest, value)


def get_path(source: dict[str, Any], path: str) -> Any:
    """``source[a][b]`` for ``a.b``, or :data:`SKIP`."""
    head, dot, rest = path.partition(".")
    if head not in source:
        return SKIP
    if not dot:
        return source[head]
    inner = source[head]
    return get_path(inner, rest) if isinstance(inner, dict) else SKIP


class Asker:
    """Asks for fields of one case type on ``console`` (standard error)."""

    def __init__(self, console: Console, case_type: CaseType, book: Any = None) -> None:
        self.console = console
        self.case_type = case_type
        self.book = book

    # -- one field --------------------------------------------------------------------------

    def title(self, path: str, action: str | None) -> str:
        """``label (path)``, the field as the prompt names it (a nested one after its record's)."""
        label = field_label(self.case_type, path, action=action).get()
        head = path.rpartition(".")[0]
        if head:
            label = f"{field_label(self.case_type, head, action=action).get()}·{label}"
        return f"{label} ({path})"

    def ask(self, cls: type | None, path: str, *, action: str | None, required: bool) -> Any:
        """Ask for the field at ``path`` of ``cls`` until the answer is valid (or blank)."""
        from rich.markup import escape
        from rich.prompt import Prompt

        from casework.cli.choose import ask_choice

        found = attribute_at(cls, path)
        if found is None:
            return SKIP
        attribute, tp = found
        base, _ = strip_optional(tp)
        title = self.title(path, action)
        codes = code_table(self.case_type, path, action=action)
        counts = typing.get_origin(base) in (dict, Mapping)
        if codes is not None and not codes[1] and not counts:
            options = list(codes[0].items())
            chosen = ask_choice(
                self.console,
                title if required else f"{title} " + tr("(留空跳过)", "(blank to skip)"),
                options,
                default=None if required else "",
            )
            return chosen if chosen else SKIP
        registry = lookup(self.case_type, path, self.book, action=action) if self.book else None
        if registry:
            from casework.personal import mask_text

            shown = mask_text(
                tr("、", ", ").join(label.get() for label in list(registry.values())[:8])
            )
            more = " …" if len(registry) > 8 else ""
            self.console.print(
                f"[dim]{escape(tr('已登记', 'registered'))}: {escape(shown)}{more}[/]"
            )
        hint = self._hint(base, codes)
        while True:
            prompt = f"{escape(title)}{hint}"
            if not required:
                prompt += tr(" [dim]留空跳过[/]", " [dim]blank to skip[/]")
            answer = Prompt.ask(prompt, console=self.console, default="", show_default=False)
            if not answer.strip():
                if not required:
                    return SKIP
                self.console.print(tr("[red]此项必填[/]", "[red]this field is required[/]"))
                continue
            try:
                return self._value(cls, attribute, tp, path, action, answer)
            except (ValidationError, ValueError, TypeError) as exc:
                self._refused(exc)

    def _hint(self, base: Any, codes: tuple[Any, bool] | None) -> str:
        if typing.get_origin(base) in (dict, Mapping) and codes is not None:
            first = next(iter(codes[0].values())).get()
            return tr(
                f" [dim](每项 名称:人次,用、分隔,如 {first}:2)[/]",
                f" [dim](name:count for each, comma-separated, e.g. {first}:2)[/]",
            )
        if codes is not None:
            from casework.labels import choices_text

            return f" [dim]({tr('可多选,用、分隔', 'several, comma-separated')}: " + (
                f"{choices_text(codes[0])})[/]"
            )
        if base is bool:
            return " [dim](是/否)[/]" if tr("zh", "en") == "zh" else " [dim](yes/no)[/]"
        if base is dt.date:
            return " [dim](YYYY-MM-DD)[/]"
        return ""

    def _value(
        self,
        cls: type | None,
        attribute: attrs.Attribute[Any],
        tp: Any,
        path: str,
        action: str | None,
        answer: str,
    ) -> Any:
        from casework.cli.inputs import coerce, parse_date

        base, _ = strip_optional(tp)
        if base is dt.date:
            return parse_date(answer, path).isoformat()
        if typing.get_origin(base) in (dict, Mapping):
            answer = _counts_json(answer)
        name = path.rpartition(".")[2]
        owner = cls
        prefix = path.rpartition(".")[0]
        if prefix:
            from casework.labels import record_class

            found = attribute_at(cls, prefix)
            owner = record_class(found[1]) if found else None
        value = coerce(
            owner,
            {name: answer},
            "data" if action else "details",
            case_type=self.case_type,
            action=action,
            prefix=f"{prefix}." if prefix else "",
            book=self.book,
        )[name]
        if attribute.validator is not None and isinstance(
            value, str | int | float | bool | list | dict
        ):
            checked = tuple(value) if isinstance(value, list) else value
            attribute.validator(None, attribute, checked)
        return value

    def _refused(self, exc: Exception) -> None:
        from rich.markup import escape

        if isinstance(exc, CaseworkError):
            lines = [exc.message]
            if exc.hint:
                lines.append(exc.hint)
        else:
            lines = [str(exc)]
        for line in lines:
            self.console.print(f"[red]{escape(line)}[/]")

    # -- several fields ---------------------------------------------------------------------

    def ask_paths(
        self,
        cls: type | None,
        paths: Sequence[str],
        given: dict[str, Any],
        *,
        action: str | None = None,
    ) -> dict[str, Any]:
        """Ask the required ``paths`` not in ``given``, then offer the optional ones."""
        from casework.cli.choose import confirm

        required = [p for p in paths if _required(cls, p)]
        optional = [p for p in paths if p not in required]
        for path in required:
            if get_path(given, path) is SKIP:
                set_path(given, path, self.ask(cls, path, action=action, required=True))
        left = [p for p in optional if get_path(given, p) is SKIP]
        if left and confirm(self.console, tr("还要填写其他字段吗?", "fill in more fields?")):
            for path in left:
                value = self.ask(cls, path, action=action, required=False)
                if value is not SKIP:
                    set_path(given, path, value)
        return given

    def ask_parties(self) -> list[dict[str, Any]]:
        """Ask for parties, several of each role: role (numbered), name, ID number, phone."""
        from rich.markup import escape
        from rich.prompt import Prompt

        from casework.cli.choose import ask_choice, confirm
        from casework.model import Party
        from casework.serialize import structure

        roles = list(self.case_type.roles.items())
        parties: list[dict[str, Any]] = []
        while True:
            role = ask_choice(
                self.console,
                tr("当事人身份", "party role"),
                roles,
                default=roles[0][0] if not parties else None,
            )
            label = self.case_type.roles[role].get()
            while True:
                name = Prompt.ask(
                    f"{escape(label)} {tr('姓名/名称', 'name')}", console=self.console
                )
                if name.strip():
                    break
                self.console.print(tr("[red]此项必填[/]", "[red]this field is required[/]"))
            party: dict[str, Any] = {"role": role, "name": name.strip()}
            for key, question in (
                ("id_number", tr("  身份证号", "  ID number")),
                ("phone", tr("  电话", "  phone")),
            ):
                while True:
                    answer = Prompt.ask(
                        question + tr(" [dim]留空跳过[/]", " [dim]blank to skip[/]"),
                        console=self.console,
                        default="",
                        show_default=False,
                    ).strip()
                    if not answer:
                        break
                    try:
                        structure(
                            {**party, key: answer}, Party, what=tr("当事人", "party"), root="party"
                        )
                    except ValidationError as exc:
                        self._refused(exc)
                        continue
                    party[key] = answer
                    break
            parties.append(party)
            if not confirm(self.console, tr("再添加一位当事人?", "add another party?")):
                return parties

    # -- the case refused as a whole ----------------------------------------------------------

    def retry(
        self,
        attempt: Callable[[], Any],
        fields: Sequence[tuple[type | None, str, str | None, dict[str, Any]]],
    ) -> Any:
        """Run ``attempt``; when it is refused, show why, let the person change one answer.

        ``fields`` lists ``(class, path, action, answers)`` for every answer that may be
        changed; the answers kept in ``answers`` are reused, so nothing is typed twice.
        """
        from casework.cli.choose import ask_choice

        while True:
            try:
                return attempt()
            except (ValidationError, CaseworkError) as exc:
                if exc.reference not in ("invalid-input", "invalid-action"):
                    raise
                self._refused(exc)
                named = _named_field(str(exc), fields)
                if named is not None:
                    cls, path, action, answers = fields[named]
                    value = self.ask(cls, path, action=action, required=True)
                    if value is not SKIP:
                        set_path(answers, path, value)
                        continue
                options = [
                    (
                        f"{i}",
                        Label(
                            f"{field_label(self.case_type, p, action=a).zh} ({p})",
                            f"{field_label(self.case_type, p, action=a).en} ({p})",
                        ),
                    )
                    for i, (_, p, a, _) in enumerate(fields)
                ]
                options.append(("cancel", Label("放弃,不建档", "give up")))
                chosen = ask_choice(
                    self.console, tr("修改哪一项?", "Which answer to change?"), options
                )
                if chosen == "cancel":
                    raise
                cls, path, action, answers = fields[int(chosen)]
                value = self.ask(cls, path, action=action, required=_required(cls, path))
                if value is SKIP:
                    _drop(answers, path)
                else:
                    set_path(answers, path, value)


def _named_field(
    message: str, fields: Sequence[tuple[type | None, str, str | None, dict[str, Any]]]
) -> int | None:
    """The index of the field the refusal names (``details.stage``, ``data.organ``), if any."""
    import re

    for match in re.finditer(r"\b(details|data)\.([A-Za-z_][\w.]*)", message):
        root, path = match.group(1), match.group(2).rstrip(".")
        for i, (_, candidate, action, _) in enumerate(fields):
            if candidate == path and (action is None) == (root == "details"):
                return i
    return None


def _counts_json(answer: str) -> str:
    """``劳动争议:2、合同债务:1`` as the JSON object ``{"劳动争议": 2, "合同债务": 1}``."""
    import json
    import re

    text = answer.strip()
    if text.startswith("{"):
        return text
    counts: dict[str, Any] = {}
    for part in re.split(r"[,，、;；]", text):
        if not part.strip():
            continue
        name, sep, number = part.replace("：", ":").rpartition(":")
        if not sep or not number.strip().isdigit():
            raise ValidationError(
                tr("每项写作 名称:人次", "write name:count for each"),
                hint=tr("如 劳动争议:2、合同债务:1", "e.g. labour:2, contract:1"),
            )
        counts[name.strip()] = int(number)
    return json.dumps(counts, ensure_ascii=False)


def _drop(target: dict[str, Any], path: str) -> None:
    head, dot, rest = path.partition(".")
    if not dot:
        target.pop(head, None)
    elif isinstance(target.get(head), dict):
        _drop(target[head], rest)


def _required(cls: type | None, path: str) -> bool:
    from casework.cli.facts import _required as required

    return required(cls, path)


def data_paths(cls: type | None) -> list[str]:
    """The fields of an action's data that are typed in one line (records are given as JSON)."""
    if cls is None:
        return []
    from casework.cli.facts import _simple
    from casework.labels import field_types

    types_ = field_types(cls)
    return [
        f.name for f in attrs.fields(cls) if f.default is attrs.NOTHING or _simple(types_[f.name])
    ]
