"""The rule sets of 法律援助: one per legal regime, chosen by the date of receipt.

``LAR03`` is the 法律援助条例 (国务院令第385号, in force 2003-09-01) with the procedure rules
``LAP12`` (司法部令第124号); it governs cases received before 2022-01-01. ``LAL`` is the 法律援助法,
in force 2022-01-01 (its procedure rules ``LAP23``, 司法部令第148号, in force 2023-09-01, repeat
LAL's 三日 for appointments, so they need no rule set of their own).

Periods, their units and legal sources, the means tests and the termination grounds allowed are
data here; :mod:`casework_legal_aid.kind` builds one workflow per rule set from them.

Units: LAP12 counted the review (Art. 13) and the appointment (Art. 20) in 工作日. LAL and LAP23
say 七日/三日 and have no working-day clause, so they are read as natural days (ND; the start day
not counted, a last day on a rest day rolls to the next working day). This is the reading
``docs/kinds/legal_aid.md`` records for domain uncertainty 3; a locality that reads them as
working days swaps the ``unit`` with :func:`attrs.evolve` and registers its own case type.

The closing periods (立卷材料 within 30 days of 结案; the agency's review of the file within 30
days) are **local** practice, not national law: they are :class:`LocalRules`, which a locality
sets in a TOML file that its book's settings name (``legal_aid_closing`` in ``config.json``, or
``<book>/legal_aid/closing.toml``; see :mod:`casework.locality`). ``CASEWORK_LEGAL_AID_LOCAL``
names a file for the books that name none (see :func:`load_local_rules`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from casework.deadlines import Unit
from casework.errors import ValidationError
from casework.i18n import Label, tr
from casework.locality import read_rules_toml

LOCAL_RULES_ENV = "CASEWORK_LEGAL_AID_LOCAL"
"""Environment variable naming a TOML file of :class:`LocalRules`."""


@attrs.frozen
class Period:
    """A period: ``length`` in ``unit`` (``working`` or ``natural`` days), and its legal source."""

    length: int
    unit: Unit
    source: str


@attrs.frozen
class RuleSet:
    """What one regime of 法律援助 prescribes.

    ``review``: deciding an application, from receipt; the time the applicant takes to supply
    missing materials is excluded. ``appoint_criminal`` / ``appoint_other``: appointing after the
    grant, for criminal and for civil, administrative and state-compensation cases.
    ``appoint_notice``: appointing (and informing the organ) after receipt of a notice.
    ``means_tests``: the hardship assessments an application may rest on. ``termination_grounds``:
    the grounds on which aid may be terminated.
    """

    name: str
    effective_from: dt.date
    label: Label
    review: Period
    appoint_criminal: Period
    appoint_other: Period
    appoint_notice: Period
    means_tests: frozenset[str]
    termination_grounds: frozenset[str]


LAR03 = RuleSet(
    name="LAR03",
    effective_from=dt.date(2003, 9, 1),
    label=Label(
        "《法律援助条例》(2003)及《办理法律援助案件程序规定》(2012)",
        "Legal Aid Regulations 2003 with the 2012 procedure rules",
    ),
    review=Period(7, "working", "LAP12 Art. 13 (LAR03 Art. 18: 及时)"),
    appoint_criminal=Period(3, "working", "LAP12 Art. 20(2)"),
    appoint_other=Period(7, "working", "LAP12 Art. 20(1)"),
    appoint_notice=Period(3, "working", "LAP12 Art. 20(2) (指定辩护通知); LAR03 Arts. 20-21"),
    means_tests=frozenset({"verified"}),
    termination_grounds=frozenset(
        {"means_changed", "proceedings_ended", "own_counsel", "requested"}
    ),
)
"""Cases received before 2022-01-01."""

LAL = RuleSet(
    name="LAL",
    effective_from=dt.date(2022, 1, 1),
    label=Label("《中华人民共和国法律援助法》(2022)", "Legal Aid Law 2022"),
    review=Period(7, "natural", "LAL Art. 43"),
    appoint_criminal=Period(3, "natural", "LAL Art. 43; LAP23 Art. 24"),
    appoint_other=Period(3, "natural", "LAL Art. 43; LAP23 Art. 24"),
    appoint_notice=Period(3, "natural", "LAL Art. 36; LAP23 Art. 24"),
    means_tests=frozenset({"verified", "declared", "exempt", "unrestricted"}),
    termination_grounds=frozenset(
        {
            "fraud",
            "concealment",
            "illegal_use",
            "means_changed",
            "proceedings_ended",
            "own_counsel",
            "requested",
            "other",
        }
    ),
)
"""Cases received from 2022-01-01."""

RULE_SETS: tuple[RuleSet, ...] = (LAR03, LAL)
"""Every regime, oldest first."""


def rule_set(name: str) -> RuleSet:
    """Return the rule set called ``name`` (as recorded in ``case.regime``)."""
    for rules in RULE_SETS:
        if rules.name == name:
            return rules
    raise ValidationError(
        tr(f"没有名为 {name} 的法律援助规则", f"no legal-aid rule set {name}"),
        hint=tr(
            f"可用: {', '.join(r.name for r in RULE_SETS)}",
            f"use one of {', '.join(r.name for r in RULE_SETS)}",
        ),
    )


@attrs.frozen
class LocalRules:
    """A locality's own periods (not national law; defaults follow e.g. 怒江州's service guide).

    ``filing_days``: the assignee hands in the 立卷材料 within this many natural days of 结案.
    ``file_review_days``: the agency reviews a handed-in file within this many natural days.
    """

    filing_days: int = 30
    file_review_days: int = 30
    source: str = "地方办事指南 (local service guide, e.g. 怒江州)"


def parse_local_rules(raw: Mapping[str, Any], where: str) -> LocalRules:
    """Validate a mapping ``{"periods": {"filing_days": 30, ...}}`` read from ``where``."""
    periods = raw.get("periods", {})
    problems: list[str] = []
    if not isinstance(periods, Mapping):
        raise ValidationError(
            tr(f"{where}: periods 应为表", f"{where}: periods must be a table"),
            hint="[periods]\nfiling_days = 30\nfile_review_days = 30",
        )
    known = {"filing_days", "file_review_days", "source"}
    for key in periods:
        if key not in known:
            problems.append(
                tr(
                    f"periods.{key}: 未知字段,可用 {', '.join(sorted(known))}",
                    f"periods.{key}: unknown; use {', '.join(sorted(known))}",
                )
            )
    values: dict[str, Any] = {}
    for key in ("filing_days", "file_review_days"):
        if key in periods:
            value = periods[key]
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 365:
                problems.append(
                    tr(f"periods.{key}: 应为1-365的整数", f"periods.{key}: a whole number 1-365")
                )
            else:
                values[key] = value
    if "source" in periods:
        values["source"] = str(periods["source"])
    if problems:
        raise ValidationError(
            tr(f"{where} 中的本地期限无效", f"invalid local periods in {where}"),
            problems=problems,
        )
    return LocalRules(**values)


def load_local_rules(path: str | Path | None = None) -> LocalRules:
    """Return the locality's rules from TOML ``path`` (default: ``$CASEWORK_LEGAL_AID_LOCAL``).

    Without a path or variable, the defaults of :class:`LocalRules` apply.
    """
    found = read_rules_toml(path, LOCAL_RULES_ENV)
    if found is None:
        return LocalRules()
    return parse_local_rules(*found)
