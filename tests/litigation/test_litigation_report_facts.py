"""行政应诉 report from facts == report from cases, on random lawsuits walked through every path.

The shared proof (``tests/transfer/test_report_facts.py``) draws actions' data from the sample
book, which holds no appeal, no loss and no hearing without a head. Here every action takes
data drawn from the law's code tables: hearings on both sides of 2020-07-01 (the rule on who
counts as a 负责人 changes that day) with every category of appearance, every outcome of each
instance, appeals filed before they are recorded, remands, retrials, late defences and
defendants named with and without a short name. The facts-based section must equal the
reference (the section as it was computed from cases) on every day tried.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reference_reports import section as reference

import casework
from casework.errors import CaseworkError
from casework.report import ReportContext, ReportSection
from casework.workflow import CaseType
from casework_litigation.rules import APPEARANCE_CATEGORIES, APPELLANTS, EFFECTIVE, OUTCOMES

D = dt.date
KIND = "litigation"
DEFENDANTS = (
    {"defendant": "本县人民政府"},  # the book's own government: called 县政府
    {"defendant": "某县公安局"},
    {"defendant": "某县人民政府", "defendant_short": "县政府"},
    {"defendant": "某县自然资源局", "defendant_short": "县自然资源局"},
)


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


def _data(draw: Any, case: casework.Case, action: str, on: dt.date) -> Any:
    if action == "schedule_hearing":
        return {"hearing_on": (on + dt.timedelta(days=draw(st.integers(0, 30)))).isoformat()}
    if action == "attend_hearing":
        people = draw(st.lists(st.sampled_from(sorted(APPEARANCE_CATEGORIES)), max_size=3))
        return {
            "appearances": [{"name": f"出庭人{i}", "category": c} for i, c in enumerate(people)]
        }
    if action == "judge":
        instance = case.details.instance
        types = sorted(c for c, t in OUTCOMES.items() if instance in t.instances)
        chosen = draw(st.sampled_from(types))
        data: dict[str, Any] = {"type": chosen}
        if chosen == "amended":
            data["result"] = draw(st.sampled_from(EFFECTIVE))
        return data
    if action == "appeal":
        filed = on - dt.timedelta(days=draw(st.integers(0, 6)))
        return {"by": draw(st.sampled_from(sorted(APPELLANTS))), "filed_on": filed.isoformat()}
    if action == "court_pause":
        return {"ground": "appraisal"}
    if action == "retrial":
        return {"reason": "再审"}
    return None


def _build(draw: Any, book: casework.Book) -> set[dt.date]:
    """Random lawsuits; the days where a figure may turn (events, last days) and around them."""
    turns: set[dt.date] = set()
    for _ in range(draw(st.integers(1, 6))):
        served = draw(st.dates(D(2019, 10, 1), D(2021, 3, 31)))
        details = dict(draw(st.sampled_from(DEFENDANTS)))
        details["procedure"] = draw(st.sampled_from(["ordinary", "simplified"]))
        case = book.create(
            KIND,
            received_on=served,
            actor="法制科",
            parties=[{"role": "plaintiff", "name": "王五"}],
            details=details,
        )
        on = served
        for _ in range(draw(st.integers(0, 12))):
            allowed = [a.name for a in book.allowed_actions(case) if not a.system]
            if not allowed:
                break
            action = draw(st.sampled_from(allowed))
            on = on + dt.timedelta(days=draw(st.integers(0, 40)))
            if action == "attend_hearing" and case.details.hearing_on is not None:
                on = max(on, case.details.hearing_on)
            try:
                case = book.act(
                    case.id, action, on=on, actor="法制科", data=_data(draw, case, action, on)
                )
            except CaseworkError:
                continue
        final = book.view(case, D(2100, 12, 31))
        turns.update(e.on for e in final.events)
        turns.update(h.held_on for h in final.details.hearings)
        turns.update(a.filed_on for a in final.details.appeals)
        turns.update(k.due_on for k in final.clocks if k.due_on)
    return {t + dt.timedelta(days=d) for t in turns for d in (-1, 0, 1)}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_lawsuits_report_the_same_from_facts_and_from_cases(data: st.DataObject) -> None:
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


def _former_stamp(case_type: CaseType, basis: bytes = b"") -> str:
    """The stamp facts were kept under before it told a kind without a projection apart."""
    return f"{case_type.facts_version}:{hashlib.sha256(basis).hexdigest()[:12]}"


@pytest.mark.parametrize("stamped", ["now", "formerly"])
def test_facts_kept_before_the_kind_declared_its_own_are_derived_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stamped: str
) -> None:
    """A book written while 行政应诉 kept only the standard facts reports as the cases say."""
    with casework.open_book(tmp_path / "book") as book:
        declared = book.case_type

        def standard_only(kind: str) -> CaseType:
            return attrs.evolve(declared(kind), facts=None)

        monkeypatch.setattr(book, "case_type", standard_only)
        if stamped == "formerly":
            monkeypatch.setattr(casework.facts, "stamp", _former_stamp)
        case = book.create(
            KIND,
            received_on=D(2020, 5, 11),
            actor="法制科",
            parties=[{"role": "plaintiff", "name": "王五"}],
            details={"defendant": "某县人民政府", "defendant_short": "县政府"},
        )
        book.act(case.id, "file_defence", on=D(2020, 5, 20), actor="法制科")
        book.act(case.id, "schedule_hearing", on=D(2020, 6, 1), actor="法制科",
                 data={"hearing_on": "2020-06-15"})  # fmt: skip
        book.act(case.id, "attend_hearing", on=D(2020, 6, 15), actor="法制科",
                 data={"appearances": [{"name": "赵副县长", "category": "deputy_head"}]})  # fmt: skip
        book.act(case.id, "judge", on=D(2020, 7, 20), actor="法制科", data={"type": "revoked"})
        book.act(case.id, "close", on=D(2020, 8, 10), actor="法制科")
    monkeypatch.undo()
    with casework.open_book(tmp_path / "book") as book:
        report = book.report(2020)
        part = report.section(KIND)
        assert part is not None
        assert (part.figures["hearings_with_head"], part.figures["lost"]) == (1, 1)
        assert part.text_zh[0].startswith("全年县政府共参加行政应诉案件1件")
        assert _shape(part) == _shape(reference(KIND, ReportContext(book, 2020)))
