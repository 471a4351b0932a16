"""办案补贴: the lawyers' case subsidies, from a locality's rules table.

The standard is set by each province (法律援助法 Art. 52), so it is data: a TOML (or JSON) file of
rates by category and, for criminal cases, stage, plus four policy switches. The shipped
``data/example_subsidy.toml`` is an **example** of the format, not any province's standard; a
book uses it only when it has no rules of its own, and every result says so (``example``).

What a case earns in ``year`` (one line per appointed or terminated case the year touches):

- closed (``close``) in the year: the rate of its category and stage, paid to the assignee who
  closed it; nothing when the rules list no rate for it, when the assignee is the agency's own
  staff and ``pay_staff`` is false, when ``require_file`` is true and the file was not handed in
  (LAR03 Art. 24: paid after the 结案材料 arrive), or when its quality grade is in
  ``withhold_grades``;
- terminated in the year after an appointment: ``terminated_percent`` of the rate (rounded to
  the yuan); terminated before any appointment: nothing (no work was done);
- otherwise nothing, with the reason: not closed in the year, or closed in another year.

:func:`compute` totals the lines per lawyer (name and firm) and per firm.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from casework.errors import ValidationError
from casework.facts import CaseFacts
from casework.i18n import Label, tr
from casework.model import Case
from casework_legal_aid import codes
from casework_legal_aid.codes import KIND, code_problem, label_of
from casework_legal_aid.kind import LegalAidDetails

if TYPE_CHECKING:
    from casework.book import Book

SETTINGS_TABLE = "legal_aid_settings"
"""The book's side table holding the installed rules (row ``subsidy_rules``)."""

RULES_KEY = "subsidy_rules"

FORMAT_HINT = (
    'name = "某省法律援助办案补贴标准"\nexample = false\nterminated_percent = 50\n'
    'withhold_grades = ["fail"]\npay_staff = false\nrequire_file = true\n'
    '[[rates]]\ncategory = "criminal"\nstage = "trial"\namount = 1500'
)


@attrs.frozen
class Rate:
    """The subsidy of one category (and, for criminal cases, one stage) in whole yuan."""

    category: str
    stage: str | None
    amount: int


@attrs.frozen
class SubsidyRules:
    """A locality's subsidy table; ``example`` marks the shipped example."""

    name: str
    rates: tuple[Rate, ...]
    example: bool = False
    terminated_percent: int = 0
    withhold_grades: frozenset[str] = frozenset()
    pay_staff: bool = False
    require_file: bool = True
    raw: Mapping[str, Any] = attrs.field(factory=dict, eq=False, repr=False)

    def rate_for(self, category: str, stage: str | None) -> Rate | None:
        """The most specific rate for ``category`` at ``stage``, if the table has one."""
        exact = [r for r in self.rates if r.category == category and r.stage == stage]
        if exact and stage is not None:
            return exact[0]
        general = [r for r in self.rates if r.category == category and r.stage is None]
        return general[0] if general else None


_KEYS = {
    "name",
    "example",
    "terminated_percent",
    "withhold_grades",
    "pay_staff",
    "require_file",
    "rates",
}


def _whole(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def parse_rules(raw: Mapping[str, Any], where: str = "rules") -> SubsidyRules:
    """Validate a rules mapping (as read from TOML/JSON); every problem names its field."""
    if not isinstance(raw, Mapping):
        raise ValidationError(
            tr(f"{where}: 应为表", f"{where}: expected a table"), hint=FORMAT_HINT
        )
    problems: list[str] = []
    for key in raw:
        if key not in _KEYS:
            problems.append(
                tr(
                    f"{key}: 未知字段,可用 {', '.join(sorted(_KEYS))}",
                    f"{key}: unknown field; use {', '.join(sorted(_KEYS))}",
                )
            )
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.append(tr("name: 请写明标准名称", "name: give the standard's name"))
    for flag in ("example", "pay_staff", "require_file"):
        if flag in raw and not isinstance(raw[flag], bool):
            problems.append(tr(f"{flag}: 应为 true 或 false", f"{flag}: true or false"))
    percent = raw.get("terminated_percent", 0)
    if not _whole(percent, 0, 100):
        problems.append(
            tr("terminated_percent: 应为0-100的整数", "terminated_percent: a whole number 0-100")
        )
    grades = raw.get("withhold_grades", [])
    if not isinstance(grades, list):
        problems.append(tr("withhold_grades: 应为列表", "withhold_grades: expected a list"))
        grades = []
    for index, grade in enumerate(grades):
        problem = code_problem(codes.GRADES, grade, f"withhold_grades[{index}]")
        if problem:
            problems.append(problem)
    rates: list[Rate] = []
    raw_rates = raw.get("rates")
    if not isinstance(raw_rates, list) or not raw_rates:
        problems.append(tr("rates: 至少列出一项补贴标准", "rates: list at least one rate"))
        raw_rates = []
    seen: set[tuple[str, str | None]] = set()
    for index, item in enumerate(raw_rates):
        at = f"rates[{index}]"
        if not isinstance(item, Mapping):
            problems.append(tr(f"{at}: 应为表", f"{at}: expected a table"))
            continue
        extra = set(item) - {"category", "stage", "amount"}
        if extra:
            problems.append(
                tr(
                    f"{at}: 未知字段 {', '.join(sorted(extra))}(可用 category, stage, amount)",
                    f"{at}: unknown field(s) {', '.join(sorted(extra))}; use category, stage, amount",
                )
            )
        category, stage, amount = item.get("category"), item.get("stage"), item.get("amount")
        problem = code_problem(codes.CATEGORIES, category, f"{at}.category")
        if problem:
            problems.append(problem)
        if stage is not None:
            problem = code_problem(codes.STAGES, stage, f"{at}.stage")
            if problem:
                problems.append(problem)
            elif category != "criminal":
                problems.append(
                    tr(f"{at}.stage: 只有刑事案件分阶段", f"{at}.stage: only criminal rates")
                )
        if not _whole(amount, 0, 1_000_000):
            problems.append(
                tr(f"{at}.amount: 应为0-1000000的整数(元)", f"{at}.amount: whole yuan, 0-1000000")
            )
        pair = (str(category), stage if isinstance(stage, str) else None)
        if pair in seen:
            problems.append(
                tr(f"{at}: 与前面的标准重复", f"{at}: repeats an earlier rate for the same case")
            )
        seen.add(pair)
        if not problems and isinstance(amount, int):
            rates.append(Rate(category=pair[0], stage=pair[1], amount=amount))
    if problems:
        raise ValidationError(
            tr(f"补贴标准 {where} 无效", f"subsidy rules {where} are invalid"),
            problems=problems,
            hint=tr(f"格式示例:\n{FORMAT_HINT}", f"format:\n{FORMAT_HINT}"),
        )
    return SubsidyRules(
        name=str(name).strip(),
        rates=tuple(rates),
        example=bool(raw.get("example", False)),
        terminated_percent=int(percent),
        withhold_grades=frozenset(grades),
        pay_staff=bool(raw.get("pay_staff", False)),
        require_file=bool(raw.get("require_file", True)),
        raw=dict(raw),
    )


def load_rules(path: str | Path) -> SubsidyRules:
    """Read and validate a rules file: ``.json`` as JSON, anything else as TOML."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
        raw = json.loads(text) if file.suffix.lower() == ".json" else tomllib.loads(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ValidationError(
            tr(f"无法读取补贴标准文件 {file}: {exc}", f"cannot read subsidy rules {file}: {exc}"),
            hint=tr(f"格式示例:\n{FORMAT_HINT}", f"format:\n{FORMAT_HINT}"),
        ) from None
    return parse_rules(raw, str(file))


def example_rules() -> SubsidyRules:
    """The shipped example table (clearly marked ``example``; no province's real standard)."""
    text = (
        resources.files("casework_legal_aid")
        .joinpath("data/example_subsidy.toml")
        .read_text(encoding="utf-8")
    )
    return parse_rules(tomllib.loads(text), "example_subsidy.toml")


def use_rules(book: Book, rules: SubsidyRules | str | Path) -> SubsidyRules:
    """Install a locality's rules in ``book`` (validated), so reports and commands use them."""
    chosen = rules if isinstance(rules, SubsidyRules) else load_rules(rules)
    book.table_put(SETTINGS_TABLE, RULES_KEY, dict(chosen.raw))
    return chosen


def installed_rules(book: Book) -> SubsidyRules | None:
    """The rules installed in ``book``, or ``None``."""
    raw = book.table_get(SETTINGS_TABLE, RULES_KEY)
    return None if raw is None else parse_rules(raw, f"{SETTINGS_TABLE}.{RULES_KEY}")


# -- computing ------------------------------------------------------------------------------------


@attrs.frozen
class CaseSubsidy:
    """What one case earns in the year, to whom, and why (``reason``)."""

    case_id: str
    category: str
    stage: str | None
    assignee: str | None
    firm: str | None
    amount: int
    reason: Label

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready data, the reason in ``lang``."""
        return {
            "case_id": self.case_id,
            "category": self.category,
            "stage": self.stage,
            "assignee": self.assignee,
            "firm": self.firm,
            "amount": self.amount,
            "reason": self.reason.get(lang),
        }


@attrs.frozen
class Total:
    """A payee's total: ``cases`` counted, ``paid`` of them earning something, ``amount``."""

    name: str
    firm: str
    cases: int
    paid: int
    amount: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return attrs.asdict(self)


@attrs.frozen
class SubsidyResult:
    """The subsidies of a year: per case, per lawyer, per firm, and the total."""

    year: int
    rules: SubsidyRules
    cases: tuple[CaseSubsidy, ...]
    by_lawyer: tuple[Total, ...]
    by_firm: tuple[Total, ...]
    total: int

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready data (deterministic: the same book gives the same dict)."""
        return {
            "year": self.year,
            "rules": self.rules.name,
            "example": self.rules.example,
            "total": self.total,
            "by_lawyer": [t.to_dict() for t in self.by_lawyer],
            "by_firm": [t.to_dict() for t in self.by_firm],
            "cases": [c.to_dict(lang) for c in self.cases],
        }


def _yuan(amount: int) -> str:
    return f"{amount}元"


def settle(
    rules: SubsidyRules,
    year: int,
    *,
    category: str,
    stage: str | None,
    assignee_kind: str | None,
    finished_in: int | None,
    terminated: bool,
    filed: bool,
    grade: str | None,
) -> tuple[int, str, Rate | None]:
    """What a case earns in ``year``: the amount, why, and the rate that applies (if any).

    Why is a code: ``not_finished``, ``earlier`` (finished in an earlier year),
    ``never_appointed``, ``staff``, ``no_rate``, ``terminated`` (a share of the rate),
    ``no_file``, ``withheld`` or ``rate`` (the full rate).

    The case as it stood: its category and stage, the current assignee's kind (``None``: never
    appointed), the year it finished (its last ``terminate``, else its last ``close``; ``None``:
    not yet), whether it was terminated, whether its file was handed in, its quality grade:
    the one judgement behind :func:`assess` (the cases) and :func:`total_of_facts` (the report).
    """
    rate = rules.rate_for(category, stage)
    if finished_in is None or finished_in > year:
        return 0, "not_finished", rate
    if finished_in < year:
        return 0, "earlier", rate
    if terminated and assignee_kind is None:
        return 0, "never_appointed", rate
    if assignee_kind == "staff" and not rules.pay_staff:
        return 0, "staff", rate
    if rate is None:
        return 0, "no_rate", rate
    if terminated:
        return (rate.amount * rules.terminated_percent + 50) // 100, "terminated", rate
    if rules.require_file and not filed:
        return 0, "no_file", rate
    if grade in rules.withhold_grades:
        return 0, "withheld", rate
    return rate.amount, "rate", rate


def _reason(
    code: str,
    year: int,
    finished_in: int | None,
    terminated: bool,
    category: str,
    stage: str | None,
    grade: str | None,
    rules: SubsidyRules,
    rate: Rate | None,
) -> Label:
    kind_label = label_of(codes.CATEGORIES, category)
    stage_label = label_of(codes.STAGES, stage)
    what = Label(
        kind_label.zh + (f"·{stage_label.zh}" if stage else ""),
        kind_label.en + (f", {stage_label.en}" if stage else ""),
    )
    amount = rate.amount if rate is not None else 0
    if code == "not_finished":
        return Label(f"未在{year}年结案", f"not closed in {year}")
    if code == "earlier":
        done = Label("终止", "terminated") if terminated else Label("结案", "closed")
        return Label(
            f"于{finished_in}年{done.zh},计入该年度",
            f"{done.en} in {finished_in}: counted in that year",
        )
    if code == "never_appointed":
        return Label("未指派即终止,未开展工作", "terminated before any appointment: no work")
    if code == "staff":
        return Label("本机构工作人员承办,不发放办案补贴", "handled by agency staff: no subsidy")
    if code == "no_rate":
        return Label(f"补贴标准未列{what.zh}案件", f"the rules list no rate for {what.en}")
    if code == "terminated":
        return Label(
            f"指派后终止,按{what.zh}标准{_yuan(amount)}的{rules.terminated_percent}%发放",
            f"terminated after appointment: {rules.terminated_percent}% of {amount} yuan",
        )
    if code == "no_file":
        return Label("立卷材料尚未提交", "the file was not handed in yet")
    if code == "withheld":
        shown = label_of(codes.GRADES, grade)
        return Label(f"质量评估{shown.zh},不予发放", f"quality grade {shown.en}: withheld")
    return Label(f"按{what.zh}案件标准{_yuan(amount)}", f"{what.en} rate of {amount} yuan")


def assess(case: Case, year: int, rules: SubsidyRules) -> CaseSubsidy | None:
    """What ``case`` earns in ``year`` under ``rules`` (``None``: no lawyer, nothing to pay)."""
    details = case.details
    assert isinstance(details, LegalAidDetails)
    assignment = details.assignment
    ending = case.last_event("terminate")
    finished = ending or case.last_event("close")
    if assignment is None and ending is None:
        return None
    finished_in = finished.on.year if finished is not None else None
    amount, code, rate = settle(
        rules,
        year,
        category=details.category,
        stage=details.stage,
        assignee_kind=assignment.assignee_kind if assignment else None,
        finished_in=finished_in,
        terminated=ending is not None,
        filed=details.filed_on is not None,
        grade=details.grade,
    )
    return CaseSubsidy(
        case_id=case.id,
        category=details.category,
        stage=details.stage,
        assignee=assignment.assignee if assignment else None,
        firm=assignment.firm if assignment else None,
        amount=amount,
        reason=_reason(
            code,
            year,
            finished_in,
            ending is not None,
            details.category,
            details.stage,
            details.grade,
            rules,
            rate,
        ),
    )


def total_of_facts(cases: Iterable[CaseFacts], year: int, rules: SubsidyRules) -> int:
    """The total of ``year``'s subsidies over the report facts of its cases (no case loaded).

    ``cases``: the facts (:func:`casework_legal_aid.report.facts`) of the cases the year
    touches, as they stood at its end; the same total as :func:`compute` over those cases.
    """
    total = 0
    for case in cases:
        assignee_kind = case.get("assignee_kind")
        ends = case.events("terminate")
        if assignee_kind is None and not ends:
            continue
        finished = ends or case.events("close")
        total += settle(
            rules,
            year,
            category=str(case.get("category")),
            stage=case.get("stage"),
            assignee_kind=assignee_kind,
            finished_in=int(finished[-1].on[:4]) if finished else None,
            terminated=bool(ends),
            filed=case.has("filed_on"),
            grade=case.get("grade"),
        )[0]
    return total


def _totals(lines: list[CaseSubsidy], key: str) -> tuple[Total, ...]:
    totals: dict[tuple[str, str], list[int]] = {}
    for item in lines:
        if item.assignee is None or item.firm is None:
            continue
        pair = (item.assignee, item.firm) if key == "lawyer" else (item.firm, item.firm)
        row = totals.setdefault(pair, [0, 0, 0])
        row[0] += 1
        row[1] += 1 if item.amount else 0
        row[2] += item.amount
    rows = [
        Total(name=name, firm=firm, cases=c, paid=p, amount=a)
        for (name, firm), (c, p, a) in totals.items()
    ]
    rows.sort(key=lambda t: (-t.amount, t.firm, t.name))
    return tuple(rows)


def rules_for(book: Book, rules: SubsidyRules | str | Path | None) -> SubsidyRules:
    """The rules to apply: those given, else the book's installed rules, else the example."""
    if isinstance(rules, SubsidyRules):
        return rules
    if rules is not None:
        return load_rules(rules)
    return installed_rules(book) or example_rules()


def compute(book: Book, year: int, rules: SubsidyRules | str | Path | None = None) -> SubsidyResult:
    """Compute the subsidies of ``year``: every appointed or terminated case the year touches."""
    from casework.report import ReportContext

    chosen = rules_for(book, rules)
    lines = [
        line
        for case in ReportContext(book, year).cases(KIND)
        if (line := assess(case, year, chosen)) is not None
    ]
    lines.sort(key=lambda item: item.case_id)
    return SubsidyResult(
        year=year,
        rules=chosen,
        cases=tuple(lines),
        by_lawyer=_totals(lines, "lawyer"),
        by_firm=_totals(lines, "firm"),
        total=sum(item.amount for item in lines),
    )
