"""以案定补 rules files: a locality's case-based subsidy standard, validated, with effective dates.

以案定补 is entirely local practice (domain.md §4): each county's 司法局 and 财政局 set grades,
amounts and conditions. A rules file (TOML, or JSON of the same shape) holds one or more rule
sets, each in force from its ``effective_from`` date; a case is judged by the set in force on the
day its agreement was reached. Every problem is reported with the file, the key and the fix.

The plugin ships ``data/example_subsidy.toml``, marked ``example = true``: it is an example, not
any county's real standard. A book uses ``<book>/mediation/subsidy.toml`` when present
(:func:`book_rules_path`). ``docs/kinds/mediation.md`` explains every key.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from casework.errors import ValidationError
from casework.i18n import Label, tr
from casework_mediation.codes import MEDIATION_KINDS

if TYPE_CHECKING:
    from casework.book import Book

BOOK_FILE = Path("mediation") / "subsidy.toml"
"""Where a book folder keeps its own rules."""

DECIDED_ON = ("succeed", "file_dossier")
SPLITS = ("lead", "equal")


@attrs.frozen
class Grade:
    """A case grade and its amounts in yuan: ``written`` agreement and ``oral`` agreement."""

    code: str
    label: Label
    written: int
    oral: int

    def amount(self, form: str) -> int:
        """The amount for an agreement of ``form`` (``written`` or ``oral``)."""
        return self.oral if form == "oral" else self.written


@attrs.frozen
class RuleSet:
    """One version of a locality's rules, in force from ``effective_from``."""

    name: str
    effective_from: dt.date
    grades: tuple[Grade, ...]
    approved_by: str = ""
    split: str = "lead"
    decided_on: str = "file_dossier"
    approval_required: bool = True
    default_grade: str | None = None
    standard_dossier: bool = True
    extra_dossier_items: tuple[str, ...] = ()
    follow_up: bool = True
    performed: bool = True
    registered_mediator: bool = True
    excluded_kinds: tuple[str, ...] = ("administrative", "judicial")
    cap_per_mediator: int | None = None
    cap_per_committee: int | None = None

    def grade(self, code: str) -> Grade | None:
        """The grade called ``code``, if this rule set has it."""
        return next((g for g in self.grades if g.code == code), None)

    def title(self) -> str:
        """The rule set's name with its effective date."""
        return tr(
            f"{self.name}({self.effective_from}起施行)",
            f"{self.name} (from {self.effective_from})",
        )


@attrs.frozen
class Rules:
    """A locality's rules file: its rule sets in date order; ``example`` marks shipped defaults."""

    locality: str
    sets: tuple[RuleSet, ...]
    example: bool = False
    source: str = ""

    def in_force(self, day: dt.date) -> RuleSet | None:
        """The rule set in force on ``day`` (``None`` before the first took effect)."""
        chosen = None
        for rule_set in self.sets:
            if rule_set.effective_from <= day:
                chosen = rule_set
        return chosen


class _Reader:
    """Collects every problem of a rules file before raising one error."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{self.source}: {key}: {message}")

    def table(self, raw: Any, key: str, known: set[str], required: set[str]) -> dict[str, Any]:
        if not isinstance(raw, Mapping):
            self.problem(key, tr("应为表(TOML [table])", "expected a table"))
            return {}
        for extra in sorted(set(raw) - known):
            self.problem(
                f"{key}.{extra}".lstrip("."),
                tr(
                    f"未知的键(请检查拼写;可用: {', '.join(sorted(known))})",
                    f"unknown key (check the spelling; known: {', '.join(sorted(known))})",
                ),
            )
        for missing in sorted(required - set(raw)):
            self.problem(f"{key}.{missing}".lstrip("."), tr("必须填写", "required: add it"))
        return dict(raw)

    def text(self, raw: Mapping[str, Any], key: str, where: str, default: str = "") -> str:
        value = raw.get(key, default)
        if not isinstance(value, str):
            self.problem(f"{where}.{key}", tr("应为文字(加引号)", "expected text in quotes"))
            return default
        return value

    def flag(self, raw: Mapping[str, Any], key: str, where: str, default: bool) -> bool:
        value = raw.get(key, default)
        if not isinstance(value, bool):
            self.problem(f"{where}.{key}", tr("应为 true 或 false", "expected true or false"))
            return default
        return value

    def yuan(self, raw: Mapping[str, Any], key: str, where: str) -> int | None:
        value = raw.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(
                f"{where}.{key}",
                tr(
                    f"{value!r} 应为不小于0的整数(元)",
                    f"{value!r}: expected a whole number of yuan, 0 or more",
                ),
            )
            return None
        return value

    def choice(
        self, raw: Mapping[str, Any], key: str, where: str, allowed: tuple[str, ...], default: str
    ) -> str:
        value = raw.get(key, default)
        if value not in allowed:
            self.problem(
                f"{where}.{key}",
                tr(
                    f"{value!r} 无效;可用: {', '.join(allowed)}",
                    f"{value!r} is not allowed; use one of: {', '.join(allowed)}",
                ),
            )
            return default
        return str(value)

    def date(self, raw: Mapping[str, Any], key: str, where: str) -> dt.date:
        value = raw.get(key)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        if value is not None:
            self.problem(
                f"{where}.{key}",
                tr(
                    f"{value!r} 不是日期,请写作 2020-01-01",
                    f"{value!r}: write a date like 2020-01-01",
                ),
            )
        return dt.date.min

    def codes(self, raw: Mapping[str, Any], key: str, where: str, default: tuple[str, ...]) -> Any:
        value = raw.get(key, list(default))
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(f"{where}.{key}", tr("应为文字列表", "expected a list of text codes"))
            return default
        return tuple(value)


_TOP = {"locality", "example", "note", "rules"}
_SET = {
    "name",
    "effective_from",
    "approved_by",
    "split",
    "grading",
    "grades",
    "conditions",
    "caps",
    "note",
}
_GRADING = {"decided_on", "approval_required", "default"}
_GRADE = {"code", "zh", "en", "written", "oral"}
_CONDITIONS = {
    "standard_dossier",
    "extra_dossier_items",
    "follow_up",
    "performed",
    "registered_mediator",
    "excluded_kinds",
}
_CAPS = {"per_mediator", "per_committee"}


def _grades(reader: _Reader, raw: Any, where: str) -> tuple[Grade, ...]:
    if not isinstance(raw, list) or not raw:
        reader.problem(
            where, tr("至少需要一个等级 [[rules.grades]]", "add at least one [[rules.grades]]")
        )
        return ()
    grades: list[Grade] = []
    for n, entry in enumerate(raw):
        key = f"{where}[{n}]"
        table = reader.table(entry, key, _GRADE, {"code", "zh", "en", "written"})
        if not table:
            continue
        code = reader.text(table, "code", key)
        written = reader.yuan(table, "written", key)
        oral = reader.yuan(table, "oral", key)
        if any(g.code == code for g in grades):
            reader.problem(f"{key}.code", tr(f"等级 {code!r} 重复", f"grade {code!r} twice"))
        if code and written is not None:
            label = Label(reader.text(table, "zh", key), reader.text(table, "en", key))
            grades.append(Grade(code, label, written, written if oral is None else oral))
    return tuple(grades)


def _rule_set(reader: _Reader, raw: Any, where: str) -> RuleSet | None:
    table = reader.table(raw, where, _SET, {"name", "effective_from", "grades"})
    if not table:
        return None
    grading = reader.table(table.get("grading", {}), f"{where}.grading", _GRADING, set())
    conditions = reader.table(
        table.get("conditions", {}), f"{where}.conditions", _CONDITIONS, set()
    )
    caps = reader.table(table.get("caps", {}), f"{where}.caps", _CAPS, set())
    grades = _grades(reader, table.get("grades"), f"{where}.grades")
    default = grading.get("default")
    if default is not None and not any(g.code == default for g in grades):
        reader.problem(
            f"{where}.grading.default",
            tr(
                f"{default!r} 不是已定义的等级({', '.join(g.code for g in grades)})",
                f"{default!r} is not one of the grades ({', '.join(g.code for g in grades)})",
            ),
        )
    excluded = reader.codes(conditions, "excluded_kinds", f"{where}.conditions", ())
    if "excluded_kinds" not in conditions:
        excluded = ("administrative", "judicial")
    for kind in excluded:
        if kind not in MEDIATION_KINDS:
            reader.problem(
                f"{where}.conditions.excluded_kinds",
                tr(
                    f"{kind!r} 不是调解类别;可用: {', '.join(MEDIATION_KINDS)}",
                    f"{kind!r} is not a kind of mediation; use: {', '.join(MEDIATION_KINDS)}",
                ),
            )
    cond = f"{where}.conditions"
    return RuleSet(
        name=reader.text(table, "name", where),
        effective_from=reader.date(table, "effective_from", where),
        grades=grades,
        approved_by=reader.text(table, "approved_by", where),
        split=reader.choice(table, "split", where, SPLITS, "lead"),
        decided_on=reader.choice(
            grading, "decided_on", f"{where}.grading", DECIDED_ON, "file_dossier"
        ),
        approval_required=reader.flag(grading, "approval_required", f"{where}.grading", True),
        default_grade=default if isinstance(default, str) else None,
        standard_dossier=reader.flag(conditions, "standard_dossier", cond, True),
        extra_dossier_items=reader.codes(conditions, "extra_dossier_items", cond, ()),
        follow_up=reader.flag(conditions, "follow_up", cond, True),
        performed=reader.flag(conditions, "performed", cond, True),
        registered_mediator=reader.flag(conditions, "registered_mediator", cond, True),
        excluded_kinds=tuple(excluded),
        cap_per_mediator=reader.yuan(caps, "per_mediator", f"{where}.caps"),
        cap_per_committee=reader.yuan(caps, "per_committee", f"{where}.caps"),
    )


def parse_rules(data: Any, source: str) -> Rules:
    """Validate rules already parsed from TOML or JSON; ``source`` names the file in messages."""
    reader = _Reader(source)
    top = reader.table(data, "", _TOP, {"locality", "rules"})
    sets: list[RuleSet] = []
    raw_sets = top.get("rules")
    if "rules" in top and (not isinstance(raw_sets, list) or not raw_sets):
        reader.problem("rules", tr("至少需要一个 [[rules]] 表", "add at least one [[rules]] table"))
    elif isinstance(raw_sets, list):
        for n, raw in enumerate(raw_sets):
            rule_set = _rule_set(reader, raw, f"rules[{n}]")
            if rule_set is not None:
                sets.append(rule_set)
    dates = [s.effective_from for s in sets]
    if len(set(dates)) != len(dates):
        reader.problem(
            "rules.effective_from",
            tr("两套规则的施行日期相同", "two rule sets take effect on the same day"),
        )
    if reader.problems:
        raise ValidationError(
            tr(f"以案定补规则文件 {source} 有错误", f"subsidy rules file {source} has errors"),
            problems=reader.problems,
            hint=tr(
                "按所列的键改正;格式见 docs/kinds/mediation.md",
                "fix each key listed; the format is in docs/kinds/mediation.md",
            ),
        )
    return Rules(
        locality=reader.text(top, "locality", ""),
        sets=tuple(sorted(sets, key=lambda s: s.effective_from)),
        example=reader.flag(top, "example", "", False),
        source=source,
    )


def load_rules(path: str | Path) -> Rules:
    """Read and validate a rules file (``.toml`` or ``.json``)."""
    source = Path(path)
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(
            tr(f"无法读取规则文件 {source}", f"cannot read the rules file {source}"),
            problems=[str(exc)],
            hint=tr("请检查路径,文件须为 UTF-8 编码", "check the path; the file must be UTF-8"),
        ) from None
    try:
        data = json.loads(text) if source.suffix.lower() == ".json" else tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(
            tr(f"{source} 不是有效的 TOML", f"{source} is not valid TOML"),
            problems=[str(exc)],
            hint=tr("改正所示行列处的语法", "fix the syntax at the line and column shown"),
        ) from None
    except json.JSONDecodeError as exc:
        raise ValidationError(
            tr(f"{source} 不是有效的 JSON", f"{source} is not valid JSON"),
            problems=[f"line {exc.lineno}, column {exc.colno}: {exc.msg}"],
            hint=tr("改正所示行列处的语法", "fix the syntax at the line and column shown"),
        ) from None
    return parse_rules(data, str(source))


def example_rules_path() -> Path:
    """The shipped example rules (not any county's real standard)."""
    return Path(str(resources.files("casework_mediation") / "data" / "example_subsidy.toml"))


def book_rules_path(book: Book) -> Path:
    """The rules a book uses: its ``mediation_subsidy`` rules file, else the shipped example.

    The file is the one the book's locality settings name (:mod:`casework.locality`), else
    ``<book>/mediation/subsidy.toml`` when present.
    """
    path = book.locality.rules_file("mediation_subsidy")
    return path if path is not None else example_rules_path()


def book_rules(book: Book) -> Rules:
    """Load the rules of ``book`` (see :func:`book_rules_path`)."""
    return load_rules(book_rules_path(book))
