"""The 以案定补 engine: which disputes of a year earn a subsidy, how much, and who is paid.

:func:`compute` judges every dispute mediated successfully in the year (the year of its
``succeed`` event) by the rule set in force on that day, and lists the disputes registered in the
year that did not succeed with the reason. A case earns its grade's amount (written or oral
agreement) when every condition of the rule set holds:

- people's mediation (kinds in ``excluded_kinds``, e.g. 行政调解 and 司法调解, are not paid);
- its committee is in the registry, and the mediators to be paid are registered there
  (``registered_mediator``);
- standard dossier (``standard_dossier``): filed, with every required checklist item and every
  ``extra_dossier_items`` code;
- a follow-up visit (``follow_up``) whose latest finding is ``performed`` (``performed``);
- a grade recorded with the action ``decided_on`` (or the rules' ``default``), with its approver
  when ``approval_required``;
- one payment per dispute: a case the officer confirmed as a repeat of another
  (``confirm_duplicate``) earns nothing; many sessions still make one payment. A case only
  flagged as a *possible* duplicate (:mod:`casework_mediation.duplicates`) is paid and listed
  with a warning for the officer (two disputes between the same people are two cases).

Cases are then paid in date order (agreement date, then case id) within the caps per mediator and
per committee for the year; a case cut to zero by a cap earns nothing, with the reason. The whole
case amount goes to the first-named mediator (``split = "lead"``, 谁调解补助谁) or is shared
equally (``split = "equal"``). Totals per mediator, committee and township follow, and
:meth:`SubsidyResult.write_xlsx` writes the roster to pay from.

Conditions are read from the book as it stands when computed (a follow-up visit or a dossier
filed early the next year still counts for the year of the agreement).
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from casework.errors import StorageError, ValidationError
from casework.i18n import Label, tr
from casework.model import Case
from casework.report import ReportContext
from casework_mediation.codes import AGREEMENT_FORMS, KIND, MEDIATION_KINDS
from casework_mediation.committees import Committee, committees
from casework_mediation.dossier import Checklist, book_checklists
from casework_mediation.rules import Rules, RuleSet, book_rules, load_rules

if TYPE_CHECKING:
    from casework.book import Book


def yuan(cents: int) -> int | float:
    """Cents as yuan: a whole number when it is one, else rounded to the fen."""
    return cents // 100 if cents % 100 == 0 else round(cents / 100, 2)


@attrs.frozen
class Reason:
    """Why a case earns nothing (or less): a stable ``code`` and the message in both languages."""

    code: str
    zh: str
    en: str

    def __str__(self) -> str:
        return tr(self.zh, self.en)


@attrs.frozen
class Share:
    """What one mediator is paid for one case, in cents."""

    mediator: str
    cents: int


@attrs.frozen
class CaseSubsidy:
    """One case's outcome: amount (cents), the rule that decided it, reasons if it earns nothing.

    ``succeeded_on`` is the agreement date (``None`` for a case that did not succeed).
    """

    case_id: str
    committee: str
    committee_name: str
    township: str
    mediators: tuple[str, ...]
    succeeded_on: dt.date | None
    form: str | None
    grade: str | None
    cents: int
    rule: Label | None
    reasons: tuple[Reason, ...] = ()
    shares: tuple[Share, ...] = ()
    capped: bool = False
    warnings: tuple[Reason, ...] = ()

    @property
    def subsidised(self) -> bool:
        """Whether the case earns a subsidy."""
        return self.cents > 0

    @property
    def amount(self) -> int | float:
        """The amount in yuan."""
        return yuan(self.cents)

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready data in ``lang``."""
        return {
            "case_id": self.case_id,
            "committee": self.committee,
            "committee_name": self.committee_name,
            "township": self.township,
            "mediators": list(self.mediators),
            "succeeded_on": self.succeeded_on.isoformat() if self.succeeded_on else None,
            "form": self.form,
            "grade": self.grade,
            "amount": self.amount,
            "rule": self.rule.get(lang) if self.rule else None,
            "capped": self.capped,
            "reasons": [
                {"code": r.code, "text": r.zh if lang == "zh" else r.en} for r in self.reasons
            ]
            if lang
            else [{"code": r.code, "text": str(r)} for r in self.reasons],
            "shares": [{"mediator": s.mediator, "amount": yuan(s.cents)} for s in self.shares],
            "warnings": [
                {"code": w.code, "text": (w.zh if lang == "zh" else w.en) if lang else str(w)}
                for w in self.warnings
            ],
        }


@attrs.frozen
class Total:
    """A total: ``key`` (township; committee id; or committee id and mediator), cases, cents."""

    key: tuple[str, ...]
    name: str
    township: str
    cases: int
    cents: int

    @property
    def amount(self) -> int | float:
        """The total in yuan."""
        return yuan(self.cents)


@attrs.frozen
class SubsidyResult:
    """The year's 以案定补: every case judged, and totals per mediator, committee and township."""

    year: int
    rules: Rules
    cases: tuple[CaseSubsidy, ...]
    registry: Mapping[str, Committee] = attrs.field(factory=dict, eq=False, repr=False)

    @property
    def paid(self) -> tuple[CaseSubsidy, ...]:
        """The cases that earn a subsidy."""
        return tuple(c for c in self.cases if c.subsidised)

    @property
    def refused(self) -> tuple[CaseSubsidy, ...]:
        """The cases that earn nothing, each with its reasons."""
        return tuple(c for c in self.cases if not c.subsidised)

    @property
    def subsidised(self) -> int:
        """How many cases earn a subsidy."""
        return len(self.paid)

    @property
    def total_cents(self) -> int:
        """The year's total, in cents."""
        return sum(c.cents for c in self.cases)

    @property
    def total(self) -> int | float:
        """The year's total, in yuan."""
        return yuan(self.total_cents)

    def by_mediator(self) -> tuple[Total, ...]:
        """Totals per mediator (committee id, name), in committee then name order."""
        found: dict[tuple[str, str], list[int]] = {}
        where: dict[tuple[str, str], CaseSubsidy] = {}
        for case in self.paid:
            for share in case.shares:
                key = (case.committee, share.mediator)
                entry = found.setdefault(key, [0, 0])
                entry[0] += 1 if share.cents else 0
                entry[1] += share.cents
                where[key] = case
        return tuple(
            Total(key, key[1], where[key].township, cases, cents)
            for key, (cases, cents) in sorted(found.items())
        )

    def by_committee(self) -> tuple[Total, ...]:
        """Totals per committee, in id order."""
        found: dict[str, list[int]] = {}
        names: dict[str, tuple[str, str]] = {}
        for case in self.paid:
            entry = found.setdefault(case.committee, [0, 0])
            entry[0] += 1
            entry[1] += case.cents
            names[case.committee] = (case.committee_name, case.township)
        return tuple(
            Total((cid,), names[cid][0], names[cid][1], cases, cents)
            for cid, (cases, cents) in sorted(found.items())
        )

    def by_township(self) -> tuple[Total, ...]:
        """Totals per township, in name order."""
        found: dict[str, list[int]] = {}
        for case in self.paid:
            entry = found.setdefault(case.township, [0, 0])
            entry[0] += 1
            entry[1] += case.cents
        return tuple(
            Total((town,), town, town, cases, cents)
            for town, (cases, cents) in sorted(found.items())
        )

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON-ready data: the rules used, every case, the totals (no personal data)."""

        def committee_name(cid: str) -> str:
            found = self.registry.get(cid)
            return found.name if found else ""

        return {
            "year": self.year,
            "rules": {
                "locality": self.rules.locality,
                "example": self.rules.example,
                "source": self.rules.source,
            },
            "subsidised": self.subsidised,
            "total": self.total,
            "cases": [c.to_dict(lang) for c in self.cases],
            "by_mediator": [
                {
                    "committee": t.key[0],
                    "committee_name": committee_name(t.key[0]),
                    "mediator": t.name,
                    "township": t.township,
                    "cases": t.cases,
                    "amount": t.amount,
                }
                for t in self.by_mediator()
            ],
            "by_committee": [
                {
                    "committee": t.key[0],
                    "committee_name": t.name,
                    "township": t.township,
                    "cases": t.cases,
                    "amount": t.amount,
                }
                for t in self.by_committee()
            ],
            "by_township": [
                {"township": t.township, "cases": t.cases, "amount": t.amount}
                for t in self.by_township()
            ],
        }

    def write_xlsx(self, path: str | Path, *, unmasked: bool = False) -> Path:
        """Write the roster to pay from (atomically); ID numbers and phones masked unless asked."""
        from casework_mediation.roster import write_roster

        return write_roster(self, Path(path), unmasked=unmasked)


# -- the engine -------------------------------------------------------------------------------


def _reason(code: str, zh: str, en: str) -> Reason:
    return Reason(code, zh, en)


def _grade_of(case: Case, rule_set: RuleSet) -> tuple[str | None, str, list[Reason]]:
    event = case.last_event(rule_set.decided_on)
    data = event.data if event is not None else {}
    grade = data.get("grade")
    approver = str(data.get("grade_approved_by") or "")
    action = (
        Label("调解成功", "succeed")
        if rule_set.decided_on == "succeed"
        else Label("立卷归档", "file_dossier")
    )
    if grade is None:
        if rule_set.default_grade is not None:
            return rule_set.default_grade, "", []
        return (
            None,
            "",
            [
                _reason(
                    "no_grade",
                    f"未核定案件等级(本规则以{action.zh}时核定的等级为准)",
                    f"no case grade (these rules take the grade recorded with {action.en})",
                )
            ],
        )
    reasons = []
    if rule_set.grade(grade) is None:
        codes = ", ".join(g.code for g in rule_set.grades)
        reasons.append(
            _reason(
                "unknown_grade",
                f"等级 {grade} 不在规则中(可用: {codes})",
                f"grade {grade} is not in the rules (known: {codes})",
            )
        )
    if rule_set.approval_required and not approver.strip():
        reasons.append(
            _reason(
                "grade_not_approved",
                f"等级 {grade} 未注明审批人",
                f"grade {grade} has no approver (grade_approved_by)",
            )
        )
    return grade, approver, reasons


def _conditions(
    case: Case,
    rule_set: RuleSet,
    committee: Committee | None,
    checklists: Mapping[str, Checklist],
    payees: Sequence[str],
) -> list[Reason]:
    details = case.details
    reasons: list[Reason] = []
    if details.mediation_kind in rule_set.excluded_kinds:
        label = MEDIATION_KINDS[details.mediation_kind]
        reasons.append(
            _reason("excluded_kind", f"{label.zh}不适用以案定补", f"{label.en} is not subsidised")
        )
    if committee is None:
        reasons.append(
            _reason(
                "unknown_committee",
                f"调解委员会 {details.committee} 未登记",
                f"committee {details.committee} is not in the registry",
            )
        )
    if not payees:
        reasons.append(_reason("no_mediator", "未记录调解员", "no mediator recorded"))
    elif rule_set.registered_mediator and committee is not None:
        for name in payees:
            mediator = committee.mediator(name)
            if mediator is None or not mediator.registered:
                reasons.append(
                    _reason(
                        "unregistered_mediator",
                        f"调解员 {name} 未在系统中登记",
                        f"mediator {name} is not registered",
                    )
                )
    if rule_set.standard_dossier:
        checklist = checklists.get(committee.type if committee else "village")
        if details.dossier is None:
            reasons.append(_reason("no_dossier", "卷宗未归档", "the dossier was not filed"))
        elif checklist is not None:
            missing = checklist.missing(case, rule_set.extra_dossier_items)
            if missing:
                labels = [checklist.label(code) for code in missing]
                reasons.append(
                    _reason(
                        "dossier_incomplete",
                        "卷宗不规范,缺少: " + "、".join(lb.zh for lb in labels),
                        "dossier not standard; missing: " + ", ".join(lb.en for lb in labels),
                    )
                )
    if rule_set.follow_up and not details.follow_ups:
        reasons.append(_reason("no_follow_up", "未回访", "no follow-up visit"))
    if rule_set.performed and details.follow_ups and details.performance != "performed":
        reasons.append(
            _reason(
                "not_performed", "回访未确认协议已履行", "the agreement was not found performed"
            )
        )
    return reasons


def _split(cents: int, payees: Sequence[str], how: str) -> list[Share]:
    if how == "lead" or len(payees) == 1:
        return [Share(payees[0], cents)]
    base, rest = divmod(cents, len(payees))
    return [Share(name, base + (rest if i == 0 else 0)) for i, name in enumerate(payees)]


def _not_succeeded(case: Case) -> Reason:
    if case.state == "failed":
        return _reason("failed", "调解不成", "mediation failed")
    if case.state == "withdrawn":
        return _reason("withdrawn", "已撤回", "withdrawn")
    if case.details.failure is not None:
        return _reason("failed", "调解不成", "mediation failed")
    return _reason("not_concluded", "尚未调解成功", "not settled yet")


def evaluate(
    cases: Iterable[Case],
    year: int,
    rules: Rules,
    registry: Mapping[str, Committee],
    checklists: Mapping[str, Checklist],
) -> SubsidyResult:
    """Judge ``cases`` for ``year`` (pure: the book is not touched). See the module docstring."""
    candidates: list[tuple[dt.date, Case]] = []
    lines: list[CaseSubsidy] = []
    for case in cases:
        event = case.last_event("succeed")
        committee = registry.get(case.details.committee)
        if event is not None and event.on.year == year:
            candidates.append((event.on, case))
        elif case.received_on.year == year and event is None:
            in_force = rules.in_force(case.received_on)
            lines.append(
                CaseSubsidy(
                    case_id=case.id,
                    committee=case.details.committee,
                    committee_name=committee.name if committee else "",
                    township=committee.township if committee else "",
                    mediators=case.details.mediators,
                    succeeded_on=None,
                    form=None,
                    grade=None,
                    cents=0,
                    rule=Label(in_force.name, in_force.name) if in_force else None,
                    reasons=(_not_succeeded(case),),
                )
            )
    candidates.sort(key=lambda pair: (pair[0], pair[1].id))
    used_mediator: dict[tuple[str, str], int] = {}
    used_committee: dict[str, int] = {}
    for on, case in candidates:
        lines.append(_judge(case, on, rules, registry, checklists, used_mediator, used_committee))
    order = {c.id: i for i, (_, c) in enumerate(candidates)}
    lines.sort(
        key=lambda line: (line.succeeded_on is None, order.get(line.case_id, 0), line.case_id)
    )
    return SubsidyResult(year=year, rules=rules, cases=tuple(lines), registry=dict(registry))


def _judge(
    case: Case,
    on: dt.date,
    rules: Rules,
    registry: Mapping[str, Committee],
    checklists: Mapping[str, Checklist],
    used_mediator: dict[tuple[str, str], int],
    used_committee: dict[str, int],
) -> CaseSubsidy:
    details = case.details
    committee = registry.get(details.committee)
    form = details.agreement.form if details.agreement else None
    line = CaseSubsidy(
        case_id=case.id,
        committee=details.committee,
        committee_name=committee.name if committee else "",
        township=committee.township if committee else "",
        mediators=details.mediators,
        succeeded_on=on,
        form=form,
        grade=None,
        cents=0,
        rule=None,
    )
    rule_set = rules.in_force(on)
    if rule_set is None:
        first = rules.sets[0].effective_from if rules.sets else None
        return attrs.evolve(
            line,
            reasons=(
                _reason(
                    "no_rules",
                    f"协议日期 {on} 早于以案定补规则施行日期 {first}",
                    f"agreement of {on} predates the subsidy rules (from {first})",
                ),
            ),
        )
    payees = details.mediators[:1] if rule_set.split == "lead" else details.mediators
    reasons = _conditions(case, rule_set, committee, checklists, payees)
    grade_code, _approver, grade_reasons = _grade_of(case, rule_set)
    reasons.extend(grade_reasons)
    if details.duplicate_of:
        reasons.append(
            _reason(
                "duplicate",
                f"与 {details.duplicate_of} 为同一纠纷(一案一补)",
                f"the same dispute as {details.duplicate_of} (one payment per dispute)",
            )
        )
    elif details.possible_duplicates:
        others = "、".join(details.possible_duplicates)
        line = attrs.evolve(
            line,
            warnings=(
                _reason(
                    "possible_duplicate",
                    f"可能与 {others} 为同一纠纷,请核实(确为同一纠纷的登记 confirm_duplicate)",
                    f"may repeat {', '.join(details.possible_duplicates)}: check it (record "
                    "confirm_duplicate if it is the same dispute)",
                ),
            ),
        )
    line = attrs.evolve(line, grade=grade_code)
    grade = rule_set.grade(grade_code) if grade_code else None
    if reasons or grade is None or form is None:
        return attrs.evolve(line, reasons=tuple(reasons), rule=_rule_label(rule_set, None, form))
    amount = grade.amount(form) * 100
    rule = _rule_label(rule_set, grade, form)
    if amount == 0:
        reason = _reason(
            "no_amount",
            f"{grade.label.zh}等级的{AGREEMENT_FORMS[form].zh}不予补贴",
            f"{grade.label.en} cases with an {AGREEMENT_FORMS[form].en} earn nothing",
        )
        return attrs.evolve(line, reasons=(reason,), rule=rule)
    shares = _split(amount, payees, rule_set.split)
    capped = False
    if rule_set.cap_per_mediator is not None:
        cap = rule_set.cap_per_mediator * 100
        for i, share in enumerate(shares):
            left = max(cap - used_mediator.get((details.committee, share.mediator), 0), 0)
            if share.cents > left:
                shares[i] = Share(share.mediator, left)
                capped = True
    if rule_set.cap_per_committee is not None:
        left = max(rule_set.cap_per_committee * 100 - used_committee.get(details.committee, 0), 0)
        excess = sum(s.cents for s in shares) - left
        for i in reversed(range(len(shares))):
            if excess <= 0:
                break
            cut = min(excess, shares[i].cents)
            shares[i] = Share(shares[i].mediator, shares[i].cents - cut)
            excess -= cut
            capped = True
    paid = sum(s.cents for s in shares)
    if paid == 0:
        reason = _reason(
            "cap_reached",
            "已达年度补贴上限",
            "the yearly cap is reached",
        )
        return attrs.evolve(line, reasons=(reason,), rule=_cap_label(rule, rule_set, 0))
    for share in shares:
        key2 = (details.committee, share.mediator)
        used_mediator[key2] = used_mediator.get(key2, 0) + share.cents
    used_committee[details.committee] = used_committee.get(details.committee, 0) + paid
    return attrs.evolve(
        line,
        cents=paid,
        shares=tuple(s for s in shares if s.cents),
        capped=capped,
        rule=_cap_label(rule, rule_set, paid) if capped else rule,
    )


def _rule_label(rule_set: RuleSet, grade: Any, form: str | None) -> Label:
    head_zh = f"{rule_set.name}({rule_set.effective_from}起)"
    head_en = f"{rule_set.name} (from {rule_set.effective_from})"
    if grade is None or form is None:
        return Label(head_zh, head_en)
    amount = grade.amount(form)
    form_label = AGREEMENT_FORMS[form]
    return Label(
        f"{head_zh}:{grade.label.zh}·{form_label.zh} {amount}元",
        f"{head_en}: {grade.label.en}, {form_label.en}, {amount} yuan",
    )


def _cap_label(rule: Label, rule_set: RuleSet, paid: int) -> Label:
    caps_zh = []
    caps_en = []
    if rule_set.cap_per_mediator is not None:
        caps_zh.append(f"调解员年度上限{rule_set.cap_per_mediator}元")
        caps_en.append(f"{rule_set.cap_per_mediator} yuan per mediator a year")
    if rule_set.cap_per_committee is not None:
        caps_zh.append(f"调委会年度上限{rule_set.cap_per_committee}元")
        caps_en.append(f"{rule_set.cap_per_committee} yuan per committee a year")
    return Label(
        f"{rule.zh};受{'、'.join(caps_zh)}限制,实付{yuan(paid)}元",
        f"{rule.en}; limited by the cap ({', '.join(caps_en)}): {yuan(paid)} yuan paid",
    )


def resolve_rules(book: Book, rules: Rules | str | Path | None) -> Rules:
    """``rules`` as given (a :class:`Rules` or a file path), or the book's rules when ``None``."""
    if rules is None:
        return book_rules(book)
    if isinstance(rules, Rules):
        return rules
    if isinstance(rules, str | Path):
        return load_rules(rules)
    raise ValidationError(
        tr("rules 应为规则文件路径或 Rules", "rules: give a file path or a Rules object"),
        problems=[f"rules: {type(rules).__name__}"],
    )


def compute(book: Book, year: int, rules: Rules | str | Path | None = None) -> SubsidyResult:
    """Compute the 以案定补 of ``year`` for ``book``.

    ``rules`` is a :class:`~casework_mediation.rules.Rules`, a rules file path, or ``None`` for
    the book's rules (``<book>/mediation/subsidy.toml``, else the shipped example).
    """
    if not isinstance(year, int) or not 1949 < year < 10000:
        raise ValidationError(
            tr("年份无效", "invalid year"), problems=[f"year: {year!r}"], hint="e.g. 2020"
        )
    chosen = resolve_rules(book, rules)
    cases = ReportContext(book, year).as_filed(KIND)
    return evaluate(cases, year, chosen, committees(book), book_checklists(book))


def atomic_target(path: Path) -> tuple[int, str]:
    """Open a temporary file beside ``path`` for an atomic write: ``(fd, temp_path)``."""
    folder = path.parent
    if not folder.is_dir():
        raise StorageError(
            tr(f"文件夹 {folder} 不存在", f"folder {folder} does not exist"),
            hint=tr("请先创建该文件夹", "create it first"),
        )
    return tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)


def replace_atomically(temp: str, path: Path) -> None:
    """Move the finished temporary file onto ``path`` (``os.replace``)."""
    os.replace(temp, path)
