"""Choose, don't type codes: every code the command line asks for by code or label.

A kind, a state, an action, a role or any code field may be given as its code (``accepted``),
its zh label (``审理中``) or its en label; at a terminal :func:`ask_choice` offers a numbered
list with the labels. An unknown value is a usage error (exit 2) that lists the choices and
suggests the nearest one ("did you mean").
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import click

from casework.i18n import Label, tr

if TYPE_CHECKING:
    from rich.console import Console


def _matches(text: str, code: str, label: Label) -> bool:
    folded = text.strip().casefold()
    return folded in (code.casefold(), label.zh.casefold(), label.en.casefold())


def listed(options: Iterable[tuple[str, Label]]) -> str:
    """``审理中(accepted)、已结案(closed)`` in zh, ``accepted (in review), …`` in en."""
    if tr("zh", "en") == "en":
        return ", ".join(f"{code} ({label.en})" for code, label in options)
    return "、".join(f"{label.zh}({code})" for code, label in options)


def suggestion(text: str, options: Sequence[tuple[str, Label]]) -> str:
    """`` 是否应为 X?`` for the option nearest ``text`` (empty when none is near)."""
    words: dict[str, str] = {}
    for code, label in options:
        for word in (code, label.zh, label.en):
            words.setdefault(word, label.get())
    near = difflib.get_close_matches(text.strip(), list(words), n=1, cutoff=0.5)
    if not near:
        near = [w for w in words if text.strip() and text.strip() in w][:1]
    if not near:
        return ""
    return tr(f" 是否应为 {words[near[0]]}?", f" Did you mean {words[near[0]]}?")


def pick(
    text: str, options: Sequence[tuple[str, Label]], what: str, option: str | None = None
) -> str:
    """The code ``text`` names among ``options`` (by code or label), else a usage error."""
    for code, label in options:
        if _matches(text, code, label):
            return code
    message = tr(
        f"{what} {text!r} 不存在。{suggestion(text, options)}可选: {listed(options)}",
        f"no {what} {text!r}.{suggestion(text, options)} Choose from: {listed(options)}",
    )
    raise click.BadParameter(message, param_hint=option)


def pick_all(
    text: str, options: Sequence[tuple[str, Label]], what: str, option: str | None = None
) -> set[str]:
    """Every code ``text`` names (a label may name the same state of several kinds)."""
    found = {code for code, label in options if _matches(text, code, label)}
    if found:
        return found
    return {pick(text, options, what, option)}


def kind_options() -> list[tuple[str, Label]]:
    """The installed kinds, in the report's order."""
    from casework.plugins import case_types

    return [(name, ct.label) for name, ct in ordered_kinds(case_types())]


def ordered_kinds(types: Mapping[str, Any]) -> list[tuple[str, Any]]:
    """Kinds in the order the annual report presents them; kinds it has no section for last."""
    order = report_order()
    return sorted(
        types.items(),
        key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]),
    )


_ORDER: dict[tuple[str, ...], list[str]] = {}


def report_order() -> list[str]:
    """The kinds in the order of the annual report's sections (each section's ``order``).

    Read once per set of installed kinds from the report of an empty book, which costs no
    case reading.
    """
    from casework.plugins import case_types

    key = tuple(sorted(case_types()))
    if key not in _ORDER:
        import warnings

        from casework.book import open_book

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with open_book(":memory:") as empty:
                    _ORDER[key] = [s.kind for s in empty.report(2000).sections]
        except Exception:  # a plugin's report that fails leaves the kinds in name order
            _ORDER[key] = []
    return _ORDER[key]


def kind_name(text: str | None, option: str | None = "--kind") -> str | None:
    """The kind ``text`` names (code or label), ``None`` for ``None``."""
    if text is None:
        return None
    return pick(text, kind_options(), tr("案件类型", "kind"), option)


def state_options(kind: str | None) -> list[tuple[str, Label]]:
    """The states of ``kind`` (every installed kind's when ``None``)."""
    from casework.plugins import case_types

    seen: dict[str, Label] = {}
    out: list[tuple[str, Label]] = []
    for name, case_type in ordered_kinds(case_types()):
        if kind is not None and name != kind:
            continue
        for state in case_type.states():
            if state.name not in seen:
                seen[state.name] = state.label
                out.append((state.name, state.label))
            elif not _same(seen[state.name], state.label):
                out.append((state.name, state.label))
    return out


def _same(a: Label, b: Label) -> bool:
    return a.zh == b.zh and a.en == b.en


def state_names(text: str | None, kind: str | None) -> set[str] | None:
    """The state codes ``text`` names for ``kind`` (or any kind), ``None`` for ``None``."""
    if text is None:
        return None
    return pick_all(text, state_options(kind), tr("状态", "state"), "--state")


def ask_choice(
    console: Console,
    question: str,
    options: Sequence[tuple[str, Label]],
    *,
    default: str | None = None,
    details: Mapping[str, str] | None = None,
) -> str:
    """Offer ``options`` numbered with their labels; accept a number, a code or a label.

    A wrong answer is asked again at once, with the nearest option suggested.
    """
    from rich.markup import escape
    from rich.prompt import Prompt

    console.print(f"[bold]{escape(question)}[/]")
    for i, (code, label) in enumerate(options, start=1):
        extra = (details or {}).get(code, "")
        console.print(f"  {i}. {escape(label.get())} ({escape(code)}){escape(extra)}")
    codes = [code for code, _ in options]
    shown_default = str(codes.index(default) + 1) if default in codes else None
    question_line = tr("选择编号或名称", "number or name")
    if shown_default:
        question_line += tr(
            f" [dim](默认 {shown_default})[/]", f" [dim](default {shown_default})[/]"
        )
    elif default == "":
        question_line += tr(" [dim]留空跳过[/]", " [dim]blank to skip[/]")
    while True:
        answer = Prompt.ask(question_line, console=console, default="", show_default=False).strip()
        if answer == "" and default is not None:
            return default
        if answer == "":
            console.print(tr("[red]此项必填[/]", "[red]this field is required[/]"))
            continue
        if answer.isdigit() and 1 <= int(answer) <= len(options):
            return options[int(answer) - 1][0]
        for code, label in options:
            if _matches(answer, code, label):
                return code
        console.print(
            tr(
                f"[red]没有 {escape(answer)!s}。{escape(suggestion(answer, options))}[/]",
                f"[red]no {escape(answer)!s}.{escape(suggestion(answer, options))}[/]",
            )
        )


def confirm(console: Console, question: str, *, default: bool = False) -> bool:
    """Ask a yes/no question: 是/否 (y/n also taken); blank is ``default``."""
    from rich.markup import escape
    from rich.prompt import Prompt

    yes, no = tr("是", "yes"), tr("否", "no")
    shown = f"{escape(question)} [dim][{yes}/{no}] ({yes if default else no})[/]"
    while True:
        answer = Prompt.ask(shown, console=console, default="", show_default=False).strip()
        if not answer:
            return default
        word = answer.casefold()
        if word in {"是", "y", "yes", "对", "1"}:
            return True
        if word in {"否", "n", "no", "不", "0"}:
            return False
        console.print(tr("[red]请回答 是 或 否[/]", "[red]answer yes or no[/]"))
