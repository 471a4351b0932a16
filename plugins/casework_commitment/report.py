"""The 证明事项告知承诺制 section of the annual report: a fold over the facts kept with each case.

The report never loads a case: it reads the facts :func:`facts` projects off every case (the
matter's code; see :mod:`casework.facts`) and the events and clocks every case keeps, as they
stood on the report's day.

Figures of year ``Y`` (stable keys; "in Y" means an event dated in Y):

- ``applied``: matters applied for on a commitment, received in Y;
- ``concluded``: matters concluded (办结) on a commitment in Y, whatever became of them later;
  ``concluded_<matter>`` the same per code of :data:`~casework_commitment.codes.MATTERS`;
- ``verified``: verifications in Y (``confirm``, ``find_false``, ``terminate``);
  ``verified_true``: found true; ``found_false``: found false (after or before the decision);
- ``revoked``: decisions revoked in Y for a false commitment; ``terminated``: matters whose
  handling was terminated in Y for one; ``dishonest``: the two together (失信 recorded in Y);
- ``refused``, ``withdrawn``: 不予办理 and 撤回 in Y;
- ``awaiting_verification``: matters concluded by 31 December of Y and not verified by then;
- ``verification_overdue``: verification periods exceeded: verified in Y after the last day, or
  still unverified on the report's day (31 December, or an earlier day) with the last day passed.

The first zh sentence follows the 2020 report of 汾阳市: 以填报承诺书的形式,办结丧葬费补助金、抚恤费
申领、遗属待遇申领事项152件;办结城乡居民养老转移接续事项45件;… (one clause per matter type with
matters concluded, in the order of the code table). The second gives the verification outcome.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from casework.facts import CaseFacts, ClockFact
from casework.i18n import Label
from casework.model import Case
from casework.report import Figure, ReportContext, ReportSection, ReportTable
from casework_commitment.codes import KIND, MATTERS

ORDER = 50
FACTS_VERSION = 1
"""The version of :func:`facts`; raise it when the projection changes."""

LABELS: dict[str, Label] = {
    "applied": Label("以承诺方式申请", "applied on a commitment"),
    "concluded": Label("以承诺方式办结", "concluded on a commitment"),
    **{
        f"concluded_{code}": Label(f"办结{label.zh}事项", f"concluded: {label.en}")
        for code, label in MATTERS.items()
    },
    "verified": Label("事中事后核查", "verified"),
    "verified_true": Label("核查属实", "found true"),
    "found_false": Label("发现承诺不实", "found false"),
    "revoked": Label("撤销决定", "decisions revoked"),
    "terminated": Label("终止办理", "handling terminated"),
    "dishonest": Label("记入失信", "dishonesty recorded"),
    "refused": Label("不予办理", "refused"),
    "withdrawn": Label("撤回申请", "withdrawn"),
    "awaiting_verification": Label("年末待核查", "awaiting verification at year end"),
    "verification_overdue": Label("超过核查期限", "verification overdue"),
}
"""The label of every figure."""


def facts(case: Case) -> Iterator[tuple[str, Any]]:
    """What the section reads of a case besides the facts every case keeps: its ``matter`` code."""
    yield ("matter", case.details.matter)


def _late(clock: ClockFact | None, year: int, year_end: str) -> bool:
    """Exceeded: stopped in the year after its last day, or still running past it on ``year_end``.

    ``year_end`` is the report's day (31 December, or an earlier day of the year).
    """
    if clock is None or clock.due_on is None:
        return False
    ended = clock.stopped_on
    if ended is not None and ended.startswith(str(year)):
        return ended > clock.due_on
    still_open = ended is None or ended > year_end
    return still_open and clock.due_on < year_end and clock.started_on <= year_end


def _awaiting(case: CaseFacts, year_end: str) -> bool:
    """Concluded by ``year_end`` and not verified (true or false) by then."""
    concluded = False
    for _, action, on in case.all("event"):
        if on <= year_end:
            if action in ("confirm", "find_false"):
                return False
            concluded = concluded or action == "conclude"
    return concluded


def _tally(cases: list[CaseFacts], year: int) -> dict[str, int]:
    """The events of ``cases`` dated in ``year``, by action, and ``conclude:<matter>`` by matter."""
    prefix = str(year)
    counts: dict[str, int] = {}
    for case in cases:
        for _, action, on in case.all("event"):
            if on.startswith(prefix):
                counts[action] = counts.get(action, 0) + 1
                if action == "conclude":
                    key = f"conclude:{case.get('matter')}"
                    counts[key] = counts.get(key, 0) + 1
    return counts


def figures(context: ReportContext) -> dict[str, Figure]:
    """Compute the section's figures for ``context.year`` (keys documented in the module)."""
    year = context.year
    year_end = f"{year}-12-31"
    pool = context.facts(KIND)
    cases = [c for c in pool if c.touches(year)]
    everyone = cases + [c for c in pool if c.open and not c.touches(year)]
    counts = _tally(cases, year)
    out: dict[str, Figure] = {
        "applied": sum(1 for c in cases if c.year == year),
        "concluded": counts.get("conclude", 0),
    }
    for code in MATTERS:
        out[f"concluded_{code}"] = counts.get(f"conclude:{code}", 0)
    true = counts.get("confirm", 0)
    terminated = counts.get("terminate", 0)
    false = counts.get("find_false", 0) + terminated
    revoked = counts.get("revoke", 0)
    out.update(
        verified=true + false,
        verified_true=true,
        found_false=false,
        revoked=revoked,
        terminated=terminated,
        dishonest=revoked + terminated,
        refused=counts.get("refuse", 0),
        withdrawn=counts.get("withdraw", 0),
        awaiting_verification=sum(1 for c in everyone if _awaiting(c, year_end)),
        verification_overdue=sum(
            1 for c in everyone if _late(c.clock("verification"), year, context.as_of.isoformat())
        ),
    )
    return out


def sentences(values: dict[str, Figure]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The zh and en sentences for ``values``."""
    if not values["concluded"] and not values["verified"]:
        return (
            ("全年未以告知承诺方式办结证明事项。",),
            ("No matter was concluded on a written commitment in the year.",),
        )
    zh_parts = [
        f"办结{label.zh}事项{values[f'concluded_{code}']}件"
        for code, label in MATTERS.items()
        if values[f"concluded_{code}"]
    ]
    en_parts = [
        f"{label.en}: {values[f'concluded_{code}']}"
        for code, label in MATTERS.items()
        if values[f"concluded_{code}"]
    ]
    zh = ["以填报承诺书的形式," + ";".join(zh_parts) + "。"] if zh_parts else []
    en = [f"On a written commitment, these matters were concluded: {'; '.join(en_parts)}."]
    en = en if en_parts else []
    checked_zh = f"事中事后核查{values['verified']}件,其中核查属实{values['verified_true']}件"
    checked_en = f"{values['verified']} commitments were verified, {values['verified_true']} true"
    if values["found_false"]:
        checked_zh += f",发现承诺不实{values['found_false']}件"
        checked_en += f", {values['found_false']} false"
        if values["revoked"]:
            checked_zh += f",撤销决定{values['revoked']}件"
            checked_en += f" ({values['revoked']} decisions revoked)"
        checked_zh += ",均已记入失信记录" if values["dishonest"] == values["found_false"] else ""
    if values["awaiting_verification"]:
        checked_zh += f";年末尚有{values['awaiting_verification']}件待核查"
        checked_en += f"; {values['awaiting_verification']} awaited verification at year end"
    zh.append(checked_zh + "。")
    en.append(checked_en + ".")
    return tuple(zh), tuple(en)


def section(context: ReportContext) -> ReportSection:
    """Build the 告知承诺 section of ``context.year``'s report."""
    values = figures(context)
    zh, en = sentences(values)
    table = ReportTable(
        title=Label("按事项办结件数", "concluded by matter"),
        columns=(Label("事项", "matter"), Label("件数", "count")),
        rows=tuple((label, values[f"concluded_{code}"]) for code, label in MATTERS.items()),
    )
    return ReportSection(
        kind=KIND,
        title=Label("证明事项告知承诺制", "Certification by written commitment"),
        figures=values,
        labels=LABELS,
        text_zh=zh,
        text_en=en,
        tables=(table,),
        order=ORDER,
    )
