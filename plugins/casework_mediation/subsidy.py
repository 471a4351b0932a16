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

:func:`compute` judges the cases themselves and gives every line of the roster;
:func:`totals_from_facts` judges the facts kept with each case (:func:`claim_facts`) with the same
verdicts and caps, and gives the counts and amounts the annual report shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from casework.errors import StorageError, ValidationError
from casework.facts import CaseFacts
from casework.i18n import Label, tr
from casework.model import Case
from casework.report import ReportContext
from casework_mediation.codes import AGREEMENT_FORMS, KIND, MEDIATION_KINDS
from casework_mediation.committees import Committee, Mediator, committees
from casework_mediation.dossier import Checklist, book_checklists, conditions
from casework_mediation.rules import DECIDED_ON, Grade, Rules, RuleSet, book_rules, load_rules

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


@attrs.define
class SubsidyTotals:
    """The year's 以案定补 in figures (:func:`totals_from_facts`): what the annual report shows.

    ``cents`` holds the amount of every case paid, ``reasons`` the reason codes of every case
    judged that earns nothing (as :class:`CaseSubsidy` gives them); the totals are those of
    :class:`SubsidyResult`.
    """

    year: int
    rules: Rules
    cents: dict[str, int] = attrs.field(factory=dict)
    reasons: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    _townships: dict[str, list[int]] = attrs.field(factory=dict, alias="_townships")
    _committees: dict[str, tuple[str, str, list[int]]] = attrs.field(
        factory=dict, alias="_committees"
    )

    def paid(self, case_id: str, cents: int, committee: Committee | None, cid: str) -> None:
        """Count case ``case_id`` paid ``cents`` through committee ``cid`` (``committee``)."""
        self.cents[case_id] = cents
        town = committee.township if committee else ""
        entry = self._townships.setdefault(town, [0, 0])
        entry[0] += 1
        entry[1] += cents
        name = committee.name if committee else ""
        found = self._committees.setdefault(cid, (name, town, [0, 0]))
        found[2][0] += 1
        found[2][1] += cents

    @property
    def subsidised(self) -> int:
        """How many cases earn a subsidy."""
        return len(self.cents)

    @property
    def total_cents(self) -> int:
        """The year's total, in cents."""
        return sum(self.cents.values())

    @property
    def total(self) -> int | float:
        """The year's total, in yuan."""
        return yuan(self.total_cents)

    def by_township(self) -> tuple[Total, ...]:
        """Totals per township, in name order (as :meth:`SubsidyResult.by_township`)."""
        return tuple(
            Total((town,), town, town, cases, cents)
            for town, (cases, cents) in sorted(self._townships.items())
        )

    def by_committee(self) -> tuple[Total, ...]:
        """Totals per committee, in id order (as :meth:`SubsidyResult.by_committee`)."""
        return tuple(
            Total((cid,), name, town, counts[0], counts[1])
            for cid, (name, town, counts) in sorted(self._committees.items())
        )


# -- what the engine reads of a dispute ---------------------------------------------------------


def mediator_key(name: str) -> str:
    """A mediator's name as a case's facts keep it: a digest that matches the registry's entry.

    Facts hold no names; the report matches the digest with the registry's mediators to judge
    ``registered_mediator`` and the caps per mediator.
    """
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


@attrs.frozen
class Claim:
    """A dispute as 以案定补 judges it: the few values the engine reads, from a case or its facts.

    ``dossier`` holds the item codes filed (``None`` when no dossier was filed), ``holds`` the
    checklist conditions the case meets (:func:`casework_mediation.dossier.conditions`),
    ``grades`` the grade and whether it names its approver, as recorded with the last ``succeed``
    and the last ``file_dossier`` (``(action, grade, approved)``). Made from the facts kept with a
    case (:meth:`of_facts`, for :func:`totals_from_facts`), ``mediators`` are digests
    (:func:`mediator_key`, ``hashed``) and possible duplicates are not known.
    """

    case_id: str
    received_on: dt.date
    state: str
    committee: str
    mediators: tuple[str, ...]
    mediation_kind: str
    succeeded_on: dt.date | None
    form: str | None
    failed: bool
    dossier: frozenset[str] | None
    holds: frozenset[str]
    performance: str | None
    grades: tuple[tuple[str, str | None, bool], ...]
    duplicate_of: str | None = None
    possible_duplicates: tuple[str, ...] = ()
    hashed: bool = False

    @classmethod
    def of_case(cls, case: Case) -> Claim:
        """The claim of ``case`` as it stands."""
        details = case.details
        succeeded = case.last_event("succeed")
        dossier = details.dossier
        return cls(
            case_id=case.id,
            received_on=case.received_on,
            state=case.state,
            committee=details.committee,
            mediators=details.mediators,
            mediation_kind=details.mediation_kind,
            succeeded_on=succeeded.on if succeeded is not None else None,
            form=details.agreement.form if details.agreement else None,
            failed=details.failure is not None,
            dossier=frozenset(dossier.items) if dossier is not None else None,
            holds=conditions(case),
            performance=details.performance,
            grades=tuple(_grades(case)),
            duplicate_of=details.duplicate_of,
            possible_duplicates=details.possible_duplicates,
        )

    @classmethod
    def of_facts(cls, facts: CaseFacts, succeeded_on: dt.date | None) -> Claim:
        """The claim of a case from the facts kept with it (:func:`claim_facts`).

        ``succeeded_on`` is the date of its last ``succeed`` event (``None`` without one).
        """
        dossier = facts.get("dossier")
        return cls(
            case_id=facts.id,
            received_on=dt.date.fromisoformat(facts.received_on),
            state=facts.state,
            committee=str(facts.get("committee", "")),
            mediators=tuple(facts.get("mediators", ())),
            mediation_kind=str(facts.get("mediation_kind", "people")),
            succeeded_on=succeeded_on,
            form=facts.get("form"),
            failed=facts.has("failed"),
            dossier=frozenset(dossier) if dossier is not None else None,
            holds=frozenset(facts.get("holds", ("always",))),
            performance=facts.get("performance"),
            grades=tuple(facts.all("grade")),
            duplicate_of=facts.get("duplicate_of"),
            hashed=True,
        )

    def grade(self, action: str) -> tuple[str | None, bool]:
        """The grade recorded with the last ``action`` and whether it names its approver."""
        for on, grade, approved in self.grades:
            if on == action:
                return grade, approved
        return None, False


def _grades(case: Case) -> Iterator[tuple[str, str | None, bool]]:
    for action in DECIDED_ON:
        event = case.last_event(action)
        if event is not None:
            data = event.data or {}
            approver = str(data.get("grade_approved_by") or "")
            grade = data.get("grade")
            yield (action, None if grade is None else str(grade), bool(approver.strip()))


def claim_facts(case: Case) -> Iterator[tuple[str, Any]]:
    """What 以案定补 reads of ``case``, as the facts kept with it (see :meth:`Claim.of_facts`).

    Codes, item codes, a flag or two and the grade; the mediators only as digests
    (:func:`mediator_key`), never a name.
    """
    claim = Claim.of_case(case)
    yield ("committee", claim.committee)
    yield ("mediators", tuple(mediator_key(name) for name in claim.mediators))
    yield ("mediation_kind", claim.mediation_kind)
    if claim.form is not None:
        yield ("form", claim.form)
    if claim.failed:
        yield ("failed", True)
    if claim.dossier is not None:
        yield ("dossier", tuple(sorted(claim.dossier)))
    yield ("holds", tuple(sorted(claim.holds)))
    if claim.performance is not None:
        yield ("performance", claim.performance)
    for grade in claim.grades:
        yield ("grade", grade)
    if claim.duplicate_of:
        yield ("duplicate_of", claim.duplicate_of)


# -- the engine -------------------------------------------------------------------------------


def _reason(code: str, zh: str, en: str) -> Reason:
    return Reason(code, zh, en)


class _Judging:
    """What judging one year keeps from case to case.

    The caps used so far, the registry's mediators by digest (for claims of facts), and the rule
    labels and verdicts made so far (claims that read the same to the rules share a verdict).
    """

    def __init__(self) -> None:
        self.used_mediator: dict[tuple[str, str], int] = {}
        self.used_committee: dict[str, int] = {}
        self._keys: dict[str, dict[str, Mediator]] = {}
        self._labels: dict[tuple[int, str | None, str | None], Label] = {}
        self._verdicts: dict[tuple[Any, ...], _Verdict] = {}
        self._of_facts: dict[tuple[Any, ...], _Verdict] = {}

    def mediator(self, claim: Claim, committee: Committee, who: str) -> Mediator | None:
        """The registry's entry of ``who`` (a name, or a digest for a claim of facts)."""
        if not claim.hashed:
            return committee.mediator(who)
        keys = self._keys.get(committee.id)
        if keys is None:
            keys = self._keys[committee.id] = {}
            for mediator in committee.mediators:
                keys.setdefault(mediator_key(mediator.name), mediator)
        return keys.get(who)

    def verdict(
        self,
        claim: Claim,
        rule_set: RuleSet,
        committee: Committee | None,
        checklists: Mapping[str, Checklist],
    ) -> _Verdict:
        """:func:`_verdict`, made once for all the claims that read the same to the rules."""
        key = (
            id(rule_set),
            claim.committee,
            claim.mediators,
            claim.mediation_kind,
            claim.form,
            claim.dossier,
            claim.holds,
            claim.performance,
            claim.grades,
            claim.duplicate_of,
            claim.possible_duplicates,
            claim.hashed,
        )
        found = self._verdicts.get(key)
        if found is None:
            found = self._verdicts[key] = _verdict(claim, rule_set, committee, checklists, self)
        return found

    def verdict_of_facts(
        self,
        facts: CaseFacts,
        succeeded_on: dt.date,
        rule_set: RuleSet,
        registry: Mapping[str, Committee],
        checklists: Mapping[str, Checklist],
    ) -> _Verdict:
        """:meth:`verdict` of the case whose facts are ``facts``, its claim made only when new."""
        get = facts.get
        key = (
            id(rule_set),
            get("committee"),
            get("mediators"),
            get("mediation_kind"),
            get("dossier"),
            get("holds"),
            get("performance"),
            tuple(facts.all("grade")),
            get("duplicate_of"),
        )
        found = self._of_facts.get(key)
        if found is None:
            claim = Claim.of_facts(facts, succeeded_on)
            committee = registry.get(claim.committee)
            found = self._of_facts[key] = _verdict(claim, rule_set, committee, checklists, self)
        return found

    def rule_label(self, rule_set: RuleSet, grade: Grade | None, form: str | None) -> Label:
        """:func:`_rule_label`, made once per rule set, grade and form."""
        key = (id(rule_set), grade.code if grade else None, form)
        found = self._labels.get(key)
        if found is None:
            found = self._labels[key] = _rule_label(rule_set, grade, form)
        return found


def _grade_of(claim: Claim, rule_set: RuleSet) -> tuple[str | None, list[Reason]]:
    grade, approved = claim.grade(rule_set.decided_on)
    action = (
        Label("调解成功", "succeed")
        if rule_set.decided_on == "succeed"
        else Label("立卷归档", "file_dossier")
    )
    if grade is None:
        if rule_set.default_grade is not None:
            return rule_set.default_grade, []
        return (
            None,
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
    if rule_set.approval_required and not approved:
        reasons.append(
            _reason(
                "grade_not_approved",
                f"等级 {grade} 未注明审批人",
                f"grade {grade} has no approver (grade_approved_by)",
            )
        )
    return grade, reasons


def _conditions(
    claim: Claim,
    rule_set: RuleSet,
    committee: Committee | None,
    checklists: Mapping[str, Checklist],
    payees: Sequence[str],
    judging: _Judging,
) -> list[Reason]:
    reasons: list[Reason] = []
    if claim.mediation_kind in rule_set.excluded_kinds:
        label = MEDIATION_KINDS[claim.mediation_kind]
        reasons.append(
            _reason("excluded_kind", f"{label.zh}不适用以案定补", f"{label.en} is not subsidised")
        )
    if committee is None:
        reasons.append(
            _reason(
                "unknown_committee",
                f"调解委员会 {claim.committee} 未登记",
                f"committee {claim.committee} is not in the registry",
            )
        )
    if not payees:
        reasons.append(_reason("no_mediator", "未记录调解员", "no mediator recorded"))
    elif rule_set.registered_mediator and committee is not None:
        for name in payees:
            mediator = judging.mediator(claim, committee, name)
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
        if claim.dossier is None:
            reasons.append(_reason("no_dossier", "卷宗未归档", "the dossier was not filed"))
        elif checklist is not None:
            missing = checklist.lacking(claim.dossier, claim.holds, rule_set.extra_dossier_items)
            if missing:
                labels = [checklist.label(code) for code in missing]
                reasons.append(
                    _reason(
                        "dossier_incomplete",
                        "卷宗不规范,缺少: " + "、".join(lb.zh for lb in labels),
                        "dossier not standard; missing: " + ", ".join(lb.en for lb in labels),
                    )
                )
    if rule_set.follow_up and claim.performance is None:
        reasons.append(_reason("no_follow_up", "未回访", "no follow-up visit"))
    if rule_set.performed and claim.performance not in (None, "performed"):
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


def _not_succeeded(claim: Claim) -> Reason:
    if claim.state == "failed":
        return _reason("failed", "调解不成", "mediation failed")
    if claim.state == "withdrawn":
        return _reason("withdrawn", "已撤回", "withdrawn")
    if claim.failed:
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
    return judge((Claim.of_case(case) for case in cases), year, rules, registry, checklists)


def totals_from_facts(
    cases: Iterable[CaseFacts],
    year: int,
    rules: Rules,
    registry: Mapping[str, Committee],
    checklists: Mapping[str, Checklist],
) -> SubsidyTotals:
    """The year's 以案定补 in figures, judged over the facts kept with each case.

    The same engine as :func:`evaluate` (the verdict of :func:`_verdict`, the caps of
    :func:`_award`, the cases in date order), without the roster's lines: for the annual report,
    which shows counts and amounts. Cases that read the same to the rules share one verdict, so
    the work per case is a few look-ups; ``cases`` holds the facts as the dossiers are filed now
    (``ReportContext.facts_as_filed``).
    """
    prefix = str(year)
    out = SubsidyTotals(year=year, rules=rules)
    candidates: list[tuple[str, str, CaseFacts]] = []
    for facts in cases:
        succeeded = max((e for e in facts.all("event") if e[1] == "succeed"), default=None)
        if succeeded is None:
            if facts.year == year:
                out.reasons[facts.id] = (_not_succeeded(Claim.of_facts(facts, None)).code,)
        elif succeeded[2].startswith(prefix):
            candidates.append((succeeded[2], facts.id, facts))
    candidates.sort(key=lambda c: (c[0], c[1]))
    judging = _Judging()
    for on, case_id, facts in candidates:
        day = dt.date.fromisoformat(on)
        rule_set = rules.in_force(day)
        if rule_set is None:
            out.reasons[case_id] = ("no_rules",)
            continue
        verdict = judging.verdict_of_facts(facts, day, rule_set, registry, checklists)
        form = facts.get("form")
        if verdict.reasons or verdict.grade is None or form is None:
            out.reasons[case_id] = tuple(r.code for r in verdict.reasons)
            continue
        committee_id = str(facts.get("committee", ""))
        shares, _, refusal = _award(
            judging, rule_set, verdict.grade, form, verdict.payees, committee_id
        )
        if refusal is not None:
            out.reasons[case_id] = (refusal.code,)
            continue
        out.paid(case_id, sum(s.cents for s in shares), registry.get(committee_id), committee_id)
    return out


def judge(
    claims: Iterable[Claim],
    year: int,
    rules: Rules,
    registry: Mapping[str, Committee],
    checklists: Mapping[str, Checklist],
) -> SubsidyResult:
    """Judge ``claims`` for ``year``: every line of the roster (see :func:`evaluate`)."""
    candidates: list[tuple[dt.date, Claim]] = []
    lines: list[CaseSubsidy] = []
    for claim in claims:
        on = claim.succeeded_on
        if on is not None and on.year == year:
            candidates.append((on, claim))
        elif claim.received_on.year == year and on is None:
            committee = registry.get(claim.committee)
            in_force = rules.in_force(claim.received_on)
            lines.append(
                CaseSubsidy(
                    case_id=claim.case_id,
                    committee=claim.committee,
                    committee_name=committee.name if committee else "",
                    township=committee.township if committee else "",
                    mediators=claim.mediators,
                    succeeded_on=None,
                    form=None,
                    grade=None,
                    cents=0,
                    rule=Label(in_force.name, in_force.name) if in_force else None,
                    reasons=(_not_succeeded(claim),),
                )
            )
    candidates.sort(key=lambda pair: (pair[0], pair[1].case_id))
    judging = _Judging()
    for on, claim in candidates:
        lines.append(_judge(claim, on, rules, registry, checklists, judging))
    order = {c.case_id: i for i, (_, c) in enumerate(candidates)}
    lines.sort(
        key=lambda line: (line.succeeded_on is None, order.get(line.case_id, 0), line.case_id)
    )
    return SubsidyResult(year=year, rules=rules, cases=tuple(lines), registry=dict(registry))


class _Verdict(NamedTuple):
    """What the rules make of a claim before the caps: who is paid, why not, the grade."""

    payees: tuple[str, ...]
    reasons: tuple[Reason, ...]
    grade_code: str | None
    grade: Grade | None
    warnings: tuple[Reason, ...]


def _verdict(
    claim: Claim,
    rule_set: RuleSet,
    committee: Committee | None,
    checklists: Mapping[str, Checklist],
    judging: _Judging,
) -> _Verdict:
    payees = claim.mediators[:1] if rule_set.split == "lead" else claim.mediators
    reasons = _conditions(claim, rule_set, committee, checklists, payees, judging)
    grade_code, grade_reasons = _grade_of(claim, rule_set)
    reasons.extend(grade_reasons)
    warnings: tuple[Reason, ...] = ()
    if claim.duplicate_of:
        reasons.append(
            _reason(
                "duplicate",
                f"与 {claim.duplicate_of} 为同一纠纷(一案一补)",
                f"the same dispute as {claim.duplicate_of} (one payment per dispute)",
            )
        )
    elif claim.possible_duplicates:
        others = "、".join(claim.possible_duplicates)
        warnings = (
            _reason(
                "possible_duplicate",
                f"可能与 {others} 为同一纠纷,请核实(确为同一纠纷的登记 confirm_duplicate)",
                f"may repeat {', '.join(claim.possible_duplicates)}: check it (record "
                "confirm_duplicate if it is the same dispute)",
            ),
        )
    grade = rule_set.grade(grade_code) if grade_code else None
    return _Verdict(payees, tuple(reasons), grade_code, grade, warnings)


def _judge(
    claim: Claim,
    on: dt.date,
    rules: Rules,
    registry: Mapping[str, Committee],
    checklists: Mapping[str, Checklist],
    judging: _Judging,
) -> CaseSubsidy:
    committee = registry.get(claim.committee)
    form = claim.form
    warnings: tuple[Reason, ...] = ()

    def line(
        grade: str | None = None,
        cents: int = 0,
        rule: Label | None = None,
        reasons: tuple[Reason, ...] = (),
        shares: tuple[Share, ...] = (),
        capped: bool = False,
    ) -> CaseSubsidy:
        return CaseSubsidy(
            case_id=claim.case_id,
            committee=claim.committee,
            committee_name=committee.name if committee else "",
            township=committee.township if committee else "",
            mediators=claim.mediators,
            succeeded_on=on,
            form=form,
            grade=grade,
            cents=cents,
            rule=rule,
            reasons=reasons,
            shares=shares,
            capped=capped,
            warnings=warnings,
        )

    rule_set = rules.in_force(on)
    if rule_set is None:
        first = rules.sets[0].effective_from if rules.sets else None
        return line(
            reasons=(
                _reason(
                    "no_rules",
                    f"协议日期 {on} 早于以案定补规则施行日期 {first}",
                    f"agreement of {on} predates the subsidy rules (from {first})",
                ),
            )
        )
    payees, reasons, grade_code, grade, warnings = judging.verdict(
        claim, rule_set, committee, checklists
    )
    if reasons or grade is None or form is None:
        return line(grade_code, reasons=reasons, rule=judging.rule_label(rule_set, None, form))
    rule = judging.rule_label(rule_set, grade, form)
    shares, capped, refusal = _award(judging, rule_set, grade, form, payees, claim.committee)
    if refusal is not None:
        if refusal.code == "cap_reached":
            rule = _cap_label(rule, rule_set, 0)
        return line(grade_code, reasons=(refusal,), rule=rule)
    paid = sum(s.cents for s in shares)
    return line(
        grade_code,
        cents=paid,
        shares=shares,
        capped=capped,
        rule=_cap_label(rule, rule_set, paid) if capped else rule,
    )


def _award(
    judging: _Judging,
    rule_set: RuleSet,
    grade: Grade,
    form: str,
    payees: Sequence[str],
    committee: str,
) -> tuple[tuple[Share, ...], bool, Reason | None]:
    """The grade's amount for ``form`` shared among ``payees`` within the caps left this year.

    Returns the shares paid (none cut to nothing), whether a cap cut them, and the reason when
    the case earns nothing (``no_amount``, ``cap_reached``); what is paid counts against the caps.
    """
    amount = grade.amount(form) * 100
    if amount == 0:
        reason = _reason(
            "no_amount",
            f"{grade.label.zh}等级的{AGREEMENT_FORMS[form].zh}不予补贴",
            f"{grade.label.en} cases with an {AGREEMENT_FORMS[form].en} earn nothing",
        )
        return (), False, reason
    shares = _split(amount, payees, rule_set.split)
    capped = False
    used_mediator = judging.used_mediator
    used_committee = judging.used_committee
    if rule_set.cap_per_mediator is not None:
        cap = rule_set.cap_per_mediator * 100
        for i, share in enumerate(shares):
            left = max(cap - used_mediator.get((committee, share.mediator), 0), 0)
            if share.cents > left:
                shares[i] = Share(share.mediator, left)
                capped = True
    if rule_set.cap_per_committee is not None:
        left = max(rule_set.cap_per_committee * 100 - used_committee.get(committee, 0), 0)
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
        return (), capped, _reason("cap_reached", "已达年度补贴上限", "the yearly cap is reached")
    for share in shares:
        key = (committee, share.mediator)
        used_mediator[key] = used_mediator.get(key, 0) + share.cents
    used_committee[committee] = used_committee.get(committee, 0) + paid
    return tuple(s for s in shares if s.cents), capped, None


def _rule_label(rule_set: RuleSet, grade: Grade | None, form: str | None) -> Label:
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
