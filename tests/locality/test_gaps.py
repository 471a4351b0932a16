"""Statutory gaps, each with its article, in both regimes where they differ (dates by hand).

2024 calendar: 清明 04-04..06 and 劳动节 05-01..05 off (04-07 and 05-11 worked); 2020: 国庆 10-01..08.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import casework
from casework import InvalidAction, ValidationError, workflow

D = dt.date
ACTOR = "王科员"


@pytest.fixture
def book():
    with casework.open_book(":memory:") as opened:
        yield opened


def _rc(book: casework.Book, received: dt.date) -> casework.Case:
    return book.create(
        "reconsideration",
        received_on=received,
        actor=ACTOR,
        parties=[{"role": "applicant", "name": "张三"}],
        details={"respondent": "某县公安局", "act": {"description": "行政处罚决定"}},
    )


def _act(book, case, action, on, data=None):
    return book.act(case.id, action, on=on, actor=ACTOR, data=data)


def _due(case: casework.Case, name: str) -> dt.date | None:
    clock = case.clock(name)
    return None if clock is None else clock.due_on


# -- 简易程序 -> 普通程序 (ARL23 Art. 55) ---------------------------------------------------------


def test_switching_to_the_ordinary_procedure_needs_the_heads_approval(book):
    case = _act(
        book, _rc(book, D(2024, 3, 1)), "accept", D(2024, 3, 4), {"procedure": "simplified"}
    )
    assert _due(case, "decision_simplified") == D(2024, 4, 3)  # 30 ND (Art. 62(2))
    with pytest.raises(ValidationError, match="approver"):
        _act(book, case, "switch_procedure", D(2024, 3, 20), {"reason": "案情复杂"})
    switched = _act(
        book, case, "switch_procedure", D(2024, 3, 20), {"approver": "李主任", "reason": "案情复杂"}
    )
    assert switched.details.procedure == "ordinary"
    assert switched.details.switched_on == D(2024, 3, 20)
    assert switched.clock("decision_simplified").status == "stopped"
    # the ordinary 60 days run from the acceptance (as ALL Interp18 Art. 105 counts a switched
    # lawsuit): 05-03 falls in the Labour Day holiday -> 05-06
    assert _due(switched, "decision") == D(2024, 5, 6)
    # and may now be extended once (Art. 62(1)); 06-02 is a Sunday -> 06-03
    extended = _act(
        book,
        switched,
        "extend",
        D(2024, 4, 30),
        {"days": 30, "approver": "李主任", "reason": "复杂"},
    )
    assert _due(extended, "decision") == D(2024, 6, 3)
    assert not any(f.code == "late_switch" for f in extended.flags)


def test_only_a_simplified_case_switches_and_a_late_switch_is_flagged(book):
    ordinary = _act(book, _rc(book, D(2024, 3, 1)), "accept", D(2024, 3, 4))
    with pytest.raises(InvalidAction, match="简易程序"):
        _act(book, ordinary, "switch_procedure", D(2024, 3, 20), {"approver": "李主任"})
    simple = _act(
        book, _rc(book, D(2024, 3, 1)), "accept", D(2024, 3, 4), {"procedure": "simplified"}
    )
    late = _act(book, simple, "switch_procedure", D(2024, 4, 8), {"approver": "李主任"})
    flag = next(f for f in late.flags if f.code == "late_switch")
    assert "2024-04-03" in flag.zh


def test_arl99_has_no_simplified_procedure_to_switch_from(book):
    case = _act(book, _rc(book, D(2020, 3, 2)), "accept", D(2020, 3, 3))
    assert "switch_procedure" not in {a.name for a in book.allowed_actions(case)}
    with pytest.raises(InvalidAction):
        _act(book, case, "switch_procedure", D(2020, 3, 20), {"approver": "李主任"})


def test_an_office_may_count_the_switched_period_from_the_switch():
    from casework_reconsideration.kind import RECONSIDERATION, build_workflow
    from casework_reconsideration.rules import ARL23

    local = attrs.evolve(ARL23, switch_counts_from="switch")
    kind = attrs.evolve(RECONSIDERATION, workflows=(build_workflow(local),))
    case, _ = workflow.create(
        kind,
        id="RC2024-0001",
        received_on=D(2024, 3, 1),
        actor=ACTOR,
        parties=[{"role": "applicant", "name": "张三"}],
        details={"respondent": "某局", "act": {"description": "处罚"}},
    )
    for action, on, data in (
        ("accept", D(2024, 3, 4), {"procedure": "simplified"}),
        ("switch_procedure", D(2024, 3, 20), {"approver": "李主任"}),
    ):
        case, _ = workflow.apply(kind, case, action, on=on, actor=ACTOR, data=data)
    assert _due(case, "decision") == D(2024, 5, 20)  # 60 ND from 03-20 (a Sunday -> Monday)


# -- 听证通知 5 个工作日 (ARL23 Art. 51, Art. 88) -----------------------------------------------------


def test_arl23_hearing_notice_goes_out_five_working_days_ahead(book):
    case = _act(book, _rc(book, D(2024, 3, 1)), "accept", D(2024, 3, 4))
    with pytest.raises(InvalidAction) as caught:
        _act(book, case, "notify_hearing", D(2024, 3, 11), {"hearing_on": "2024-03-18"})
    assert "2024-03-19" in str(caught.value) and "第51条" in str(caught.value)
    noticed = _act(book, case, "notify_hearing", D(2024, 3, 11), {"hearing_on": "2024-03-19"})
    assert noticed.details.hearing_on == D(2024, 3, 19)
    held = _act(book, noticed, "hear", D(2024, 3, 19), {"form": "hearing"})
    assert not any(f.code == "hearing_notice" for f in held.flags)


def test_arl23_hearing_without_timely_notice_is_flagged(book):
    case = _act(book, _rc(book, D(2024, 3, 1)), "accept", D(2024, 3, 4))
    held = _act(book, case, "hear", D(2024, 3, 12), {"form": "hearing"})
    assert [f.code for f in held.flags] == ["hearing_notice"]
    # hearing the parties' views (听取意见) needs no notice
    views = _act(book, _act(book, _rc(book, D(2024, 3, 1)), "accept", D(2024, 3, 4)), "hear",
                 D(2024, 3, 12), {"form": "views"})  # fmt: skip
    assert views.flags == ()


def test_arl99_sets_no_notice_period(book):
    case = _act(book, _rc(book, D(2020, 3, 2)), "accept", D(2020, 3, 3))
    noticed = _act(book, case, "notify_hearing", D(2020, 3, 9), {"hearing_on": "2020-03-11"})
    held = _act(book, noticed, "hear", D(2020, 3, 11), {"form": "hearing"})
    assert held.flags == ()


# -- 发回重审: a new first-instance clock (ALL Art. 89(1)(3), Art. 81, Art. 82) ---------------------


def _lawsuit(book, served=D(2020, 3, 2), **details):
    return book.create(
        "litigation",
        received_on=served,
        actor=ACTOR,
        parties=[{"role": "plaintiff", "name": "王五"}],
        details={"defendant": "某县人民政府", **details},
    )


def test_a_remand_starts_a_new_first_instance_period(book):
    case = _lawsuit(book)
    assert _due(case, "first_instance") == D(2020, 9, 2)  # 6 M from 03-02 (Art. 81)
    case = _act(book, case, "file_defence", D(2020, 3, 10))
    case = _act(book, case, "judge", D(2020, 6, 1), {"type": "claims_dismissed"})
    case = _act(book, case, "appeal", D(2020, 6, 10), {"by": "plaintiff", "filed_on": "2020-06-10"})
    remanded = _act(
        book, case, "judge", D(2021, 5, 6), {"type": "remanded", "served_on": "2021-05-10"}
    )
    clock = remanded.clock("first_instance")
    assert clock.status == "running" and clock.started_on == D(2021, 5, 10)
    assert clock.due_on == D(2021, 11, 10)
    rule = book.case_type("litigation").workflow(remanded.regime).clock_rule("first_instance")
    assert rule is not None and "第89条" in rule.source


def test_a_remanded_simplified_case_is_tried_under_the_ordinary_period(book):
    case = _lawsuit(book, procedure="simplified")
    assert _due(case, "first_instance_simplified") == D(2020, 4, 16)  # 45 days (Art. 83)
    case = _act(book, case, "judge", D(2020, 4, 1), {"type": "claims_dismissed"})
    case = _act(book, case, "appeal", D(2020, 4, 10), {"by": "plaintiff", "filed_on": "2020-04-10"})
    remanded = _act(book, case, "judge", D(2020, 6, 1), {"type": "remanded"})
    # Art. 82: a remanded case is not tried under the simplified procedure
    assert remanded.clock("first_instance_simplified").status == "stopped"
    assert _due(remanded, "first_instance") == D(2020, 12, 1)


# -- the courts' own time limits exclude ... (Interp18 Art. 50) ---------------------------------


def test_court_periods_exclude_appraisal_and_the_other_listed_times(book):
    case = _lawsuit(book)
    paused = _act(book, case, "court_pause", D(2020, 4, 1), {"ground": "appraisal"})
    assert paused.clock("first_instance").status == "paused"
    assert paused.clock("defence").status == "running"  # the office's own period runs on
    resumed = _act(book, paused, "court_resume", D(2020, 5, 1))
    # 09-02 + 30 days = 10-02, in the National Day holiday -> 10-09
    assert _due(resumed, "first_instance") == D(2020, 10, 9)
    with pytest.raises(ValidationError, match="ground"):
        _act(book, resumed, "court_pause", D(2020, 6, 1), {"ground": "holiday"})


# -- 法律援助: a review decided after its period (LAP12 Art. 13: 7 WD; LAL Art. 43: 7 days) -----------


def _apply(book, on):
    return book.create(
        "legal_aid",
        received_on=on,
        actor=ACTOR,
        action="apply",
        parties=[{"role": "applicant", "name": "赵某"}],
        details={"category": "civil", "matter": "追索劳动报酬"},
    )


@pytest.mark.parametrize(
    ("received", "due", "regime"),
    [(D(2020, 3, 2), D(2020, 3, 11), "LAR03"), (D(2022, 3, 1), D(2022, 3, 8), "LAL")],
)
def test_a_late_legal_aid_review_leaves_a_flag_and_a_figure(book, received, due, regime):
    on_time = _apply(book, received)
    late = _apply(book, received)
    assert on_time.regime == regime and _due(on_time, "review") == due
    grant = {"decision_number": "1", "means_test": "verified"}
    on_time = _act(book, on_time, "approve", due, grant)
    late = _act(
        book, late, "refuse", due + dt.timedelta(days=1), {"ground": "means", "notice_number": "2"}
    )
    assert not any(f.code == "late_review" for f in on_time.flags)
    flag = next(f for f in late.flags if f.code == "late_review")
    assert due.isoformat() in flag.zh
    section = book.report(received.year).section("legal_aid")
    assert section.figures["late_reviews"] == 1
    assert section.label("late_reviews", "zh") == "逾期作出审查决定"


# -- the 司法确认 window's last day is allowed, and the refusal says so (PML Art. 33) --------------


def test_judicial_confirmation_on_the_last_day_is_on_time_and_the_refusal_says_so(tmp_path):
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "mediation_helpers_gaps", Path(__file__).parents[1] / "mediation" / "conftest.py"
    )
    assert spec is not None and spec.loader is not None
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)
    with casework.open_book(tmp_path / "b") as mbook:
        for committee in helpers.registry():
            helpers.put_committee(mbook, committee)
        first = helpers._register(mbook, D(2021, 9, 1))
        mbook.act(first.id, "mediate", on=D(2021, 9, 2), actor="a")
        agreed = mbook.act(
            first.id, "succeed", on=D(2021, 9, 8), actor="a", data={"form": "written"}
        )
        last = _due(agreed, "confirmation")
        assert last == D(2021, 10, 8)  # 30 days from 09-08 (10-08 is a working Friday)
        ok = mbook.act(first.id, "confirm", on=last, actor="a", data={"step": "applied"})
        assert ok.details.confirmation.applied_on == last
        second = helpers._register(mbook, D(2021, 9, 1), parties=("甲", "乙"))
        mbook.act(second.id, "mediate", on=D(2021, 9, 2), actor="a")
        mbook.act(second.id, "succeed", on=D(2021, 9, 8), actor="a", data={"form": "written"})
        with pytest.raises(InvalidAction) as caught:
            mbook.act(second.id, "confirm", on=D(2021, 10, 9), actor="a", data={"step": "applied"})
    message = str(caught.value)
    assert "最迟于 2021-10-08(含当日)提出" in message
    assert "前提出" not in message
