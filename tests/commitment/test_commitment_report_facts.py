"""告知承诺 report from facts == report from cases, on random matters walked through every path.

Every matter type, every ending (verified, found false then revoked, terminated, refused,
withdrawn) and verifications on time and late, received across three years: the facts-based
section must equal the reference (the section as it was computed from cases) on every day tried.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_reports import section as reference

import casework
from casework.errors import CaseworkError
from casework.report import ReportContext, ReportSection
from casework_commitment.codes import CONSEQUENCES, MATTERS, METHODS

D = dt.date
KIND = "commitment"


def _shape(part: ReportSection | None) -> dict[str, Any] | None:
    if part is None:
        return None
    return {
        "figures": dict(part.figures),
        "zh": part.text_zh,
        "en": part.text_en,
        "tables": [t.to_dict("zh") for t in part.tables],
        "notes": [n.zh for n in part.notes],
    }


def _data(draw: Any, action: str) -> Any:
    if action == "conclude":
        return {"decision_number": "人社承〔2020〕1号"}
    if action == "confirm":
        return {"method": draw(st.sampled_from(sorted(METHODS)))}
    if action in ("find_false", "terminate"):
        return {"method": draw(st.sampled_from(sorted(METHODS))), "finding": "证明不实"}
    if action == "revoke":
        return {"consequences": draw(st.lists(st.sampled_from(sorted(CONSEQUENCES)), max_size=2))}
    if action in ("refuse", "withdraw"):
        return {"reason": "材料不全"}
    return None


def _build(draw: Any, book: casework.Book) -> set[dt.date]:
    """Random matters; the days where a figure may turn (events, last days) and around them."""
    turns: set[dt.date] = set()
    for i in range(draw(st.integers(1, 8))):
        received = draw(st.dates(D(2019, 10, 1), D(2021, 3, 31)))
        case = book.create(
            KIND,
            received_on=received,
            actor="任科员",
            parties=[{"role": "applicant", "name": f"申请人{i}"}],
            details={"matter": draw(st.sampled_from(sorted(MATTERS))), "department": "某局"},
        )
        on = received
        for _ in range(draw(st.integers(0, 4))):
            allowed = [a.name for a in book.allowed_actions(case) if not a.system]
            if not allowed:
                break
            action = draw(st.sampled_from(allowed))
            on = on + dt.timedelta(days=draw(st.integers(0, 60)))
            try:
                case = book.act(case.id, action, on=on, actor="任科员", data=_data(draw, action))
            except CaseworkError:
                continue
        turns.update(e.on for e in case.events)
        turns.update(k.due_on for k in case.clocks if k.due_on)
    return {t + dt.timedelta(days=d) for t in turns for d in (-1, 0, 1)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_matters_report_the_same_from_facts_and_from_cases(data: st.DataObject) -> None:
    with casework.open_book(":memory:") as book:
        near = _build(data.draw, book)
        days = sorted(t for t in near if D(2019, 1, 1) <= t <= D(2021, 12, 30))
        chosen = data.draw(st.lists(st.sampled_from(days), max_size=5)) if days else []
        tried = [(2019, None), (2020, None), (2021, None), *((t.year, t) for t in chosen)]
        for year, as_of in tried:
            report = book.report(year, as_of=as_of)
            context = ReportContext(book, year, as_of=report.as_of)
            ours = _shape(report.section(KIND))
            assert ours == _shape(reference(KIND, context)), (year, as_of)


def test_verification_overdue_is_judged_on_the_reports_day() -> None:
    """A matter concluded on 1 July is not overdue in a report to 10 July, only after its period.

    The report once compared the period's last day with 31 December whatever its day.
    """
    with casework.open_book(":memory:") as book:
        case = book.create(
            KIND,
            received_on=D(2020, 6, 29),
            actor="任科员",
            parties=[{"role": "applicant", "name": "申请人"}],
            details={"matter": sorted(MATTERS)[0], "department": "某局"},
        )
        case = book.act(
            case.id, "conclude", on=D(2020, 7, 1), actor="任科员", data=_data(None, "conclude")
        )
        due = case.clock("verification")
        assert due is not None and due.due_on is not None and D(2020, 7, 10) < due.due_on
        after = due.due_on + dt.timedelta(days=1)
        early = book.report(2020, as_of=D(2020, 7, 10)).figures()["commitment"]
        late = book.report(2020, as_of=after).figures()["commitment"]
    assert (early["verification_overdue"], late["verification_overdue"]) == (0, 1)
