"""行政应诉: every action and refusal; court periods on the Chinese calendar (checked by hand)."""

import datetime as dt

import pytest

import casework
from casework import InvalidAction, ValidationError
from casework.plugins import failures, get_plugins

D = dt.date
HEAD = {"name": "赵某", "post": "副市长", "category": "deputy_head"}


@pytest.fixture
def book():
    """An in-memory book (the disk store is exercised by the seed-shaped tests)."""
    with casework.open_book(":memory:") as opened:
        yield opened


def make(book, served, **details):
    return book.create(
        "litigation",
        received_on=served,
        actor="法制科",
        parties=[{"role": "plaintiff", "name": "王五", "id_number": "11010519491231002X"}],
        details={
            "defendant": "汾阳市人民政府",
            "defendant_short": "市政府",
            "court": "汾阳市人民法院",
            "court_number": "(2020)晋1182行初5号",
            "contested_act": "房屋征收补偿决定",
            **details,
        },
    )


def act(book, case, action, on, data=None):
    return book.act(case.id, action, on=on, actor="法制科", data=data)


def heard(book, served, hearing_on, *appearances):
    case = act(book, make(book, served), "file_defence", served + dt.timedelta(days=3))
    case = act(
        book, case, "schedule_hearing", served + dt.timedelta(days=4), {"hearing_on": hearing_on}
    )
    return act(
        book, case, "attend_hearing", hearing_on, {"appearances": list(appearances or [HEAD])}
    )


def test_defence_period_is_15_natural_days_rolled_past_holidays(book):
    assert make(book, D(2020, 9, 21)).clock("defence").due_on == D(2020, 10, 9)  # 10-06 in 国庆
    assert make(book, D(2020, 1, 16)).clock("defence").due_on == D(2020, 2, 3)  # 01-31 in 春节
    assert make(book, D(2020, 4, 20)).clock("defence").due_on == D(2020, 5, 6)  # 05-05 in 劳动节
    case = make(book, D(2020, 3, 2))
    assert (case.state, case.clock("defence").due_on, case.clock("defence").planning) == (
        "served",
        D(2020, 3, 17),
        False,
    )


def test_court_periods_are_for_planning(book):
    case = make(book, D(2020, 9, 2), filed_on="2020-08-31")
    first = case.clock("first_instance")
    assert first.planning and first.started_on == D(2020, 8, 31)
    assert first.due_on == D(2021, 3, 1)  # 6 months -> 02-28 (no 02-31), a Sunday -> 03-01
    simple = make(book, D(2020, 9, 2), filed_on="2020-08-31", procedure="simplified")
    assert simple.clock("first_instance") is None
    assert simple.clock("first_instance_simplified").due_on == D(2020, 10, 15)  # 45 ND
    assert [c.name for _, c in book.due(on=D(2020, 10, 15))] == ["defence", "defence"]
    planned = book.due(on=D(2020, 10, 15), include_planning=True)
    assert ("first_instance_simplified", D(2020, 10, 15)) in [
        (c.name, c.due_on) for _, c in planned
    ]


def test_late_defence_is_flagged(book):
    case = make(book, D(2020, 3, 2))
    case = act(book, case, "file_defence", D(2020, 3, 18), {"evidence": ["征收决定书"]})
    assert case.state == "defended" and case.details.defence_filed_on == D(2020, 3, 18)
    assert [f.code for f in case.flags] == ["late_defence"]
    assert case.clock("defence").status == "stopped"
    on_time = act(book, make(book, D(2020, 3, 2)), "file_defence", D(2020, 3, 17))
    assert on_time.flags == ()
    with pytest.raises(InvalidAction, match="file_defence"):
        act(book, on_time, "file_defence", D(2020, 3, 18))


def test_hearing_appearances_and_the_heads_rule_by_date(book):
    deputy_level = {"name": "钱某", "post": "党组成员", "category": "deputy_level_head"}
    before = heard(book, D(2020, 6, 1), D(2020, 6, 30), deputy_level)
    after = heard(book, D(2020, 6, 1), D(2020, 7, 1), deputy_level)
    assert before.state == "heard"
    assert (before.details.hearings[0].head_appeared, before.details.hearings[0].head_rule) == (
        False,
        "Interp18",
    )
    assert (after.details.hearings[0].head_appeared, after.details.hearings[0].head_rule) == (
        True,
        "Heads20",
    )
    lawyer = heard(book, D(2020, 6, 1), D(2020, 7, 1), {"name": "孙律师", "category": "lawyer"})
    assert [f.code for f in lawyer.flags] == ["lawyer_only"]
    assert not lawyer.details.hearings[0].head_appeared


def test_hearing_refusals_and_notice(book):
    case = make(book, D(2020, 6, 1))
    with pytest.raises(InvalidAction, match="attend_hearing"):
        act(book, case, "attend_hearing", D(2020, 6, 2), {"appearances": [HEAD]})
    with pytest.raises(ValidationError, match="hearing_on"):
        act(book, case, "schedule_hearing", D(2020, 6, 2))
    with pytest.raises(InvalidAction, match="hearing_on"):
        act(book, case, "schedule_hearing", D(2020, 6, 2), {"hearing_on": "2020-06-01"})
    case = act(book, case, "schedule_hearing", D(2020, 6, 2), {"hearing_on": "2020-06-04"})
    assert [f.code for f in case.flags] == ["short_notice"]  # Heads20 Art. 5: >= 3 days
    assert case.details.hearing_on == D(2020, 6, 4)
    with pytest.raises(ValidationError, match="category"):
        act(
            book,
            case,
            "attend_hearing",
            D(2020, 6, 4),
            {"appearances": [{"name": "x", "category": "boss"}]},
        )
    with pytest.raises(ValidationError, match="appearances"):
        act(book, case, "attend_hearing", D(2020, 6, 4))


def test_judgment_appeal_second_instance_and_close(book):
    case = heard(book, D(2020, 6, 1), D(2020, 7, 1))
    with pytest.raises(InvalidAction, match="appeal_dismissed|一审"):
        act(book, case, "judge", D(2020, 9, 16), {"type": "appeal_dismissed"})
    with pytest.raises(ValidationError, match="type"):
        act(book, case, "judge", D(2020, 9, 16), {"type": "won"})
    case = act(book, case, "judge", D(2020, 9, 16), {"type": "revoked"})
    assert case.state == "judged" and case.details.outcome == "revoked"
    assert case.clock("first_instance").status == "stopped"
    assert case.clock("appeal_judgment").due_on == D(2020, 10, 9)  # 15 ND end 10-01 in 国庆
    with pytest.raises(InvalidAction, match="2020-10-09"):
        act(book, case, "close", D(2020, 10, 9))
    with pytest.raises(InvalidAction, match="届满"):
        act(book, case, "appeal", D(2020, 10, 12), {"by": "defendant", "filed_on": "2020-10-10"})
    with pytest.raises(ValidationError, match="by"):
        act(book, case, "appeal", D(2020, 10, 9), {"by": "court", "filed_on": "2020-10-09"})
    case = act(book, case, "appeal", D(2020, 10, 9), {"by": "defendant", "filed_on": "2020-10-09"})
    assert (case.state, case.details.instance) == ("appealed", "second")
    assert case.clock("second_instance").due_on == D(2021, 1, 11)  # 3 M -> Sat 01-09 -> 01-11
    with pytest.raises(InvalidAction, match="result"):
        act(book, case, "judge", D(2020, 12, 1), {"type": "amended"})
    with pytest.raises(InvalidAction, match="二审"):
        act(book, case, "judge", D(2020, 12, 1), {"type": "revoked"})
    case = act(
        book, case, "judge", D(2020, 12, 1), {"type": "amended", "result": "claims_dismissed"}
    )
    assert case.details.outcome == "claims_dismissed"
    assert case.clock("second_instance").status == "stopped"
    assert not [c for c in case.clocks if c.name.startswith("appeal") and c.running]
    with pytest.raises(InvalidAction, match="不能上诉"):
        act(book, case, "appeal", D(2020, 12, 2), {"by": "plaintiff", "filed_on": "2020-12-02"})
    closed = act(book, case, "close", D(2020, 12, 2))
    assert (closed.state, closed.closed_on) == ("closed", D(2020, 12, 2))
    assert [j.instance for j in closed.details.judgments] == ["first", "second"]


def test_appeal_dismissed_keeps_the_first_outcome_and_rulings_have_10_days(book):
    case = act(
        book,
        heard(book, D(2020, 3, 2), D(2020, 4, 1)),
        "judge",
        D(2020, 6, 1),
        {"type": "suit_dismissed"},
    )
    assert case.clock("appeal_ruling").due_on == D(2020, 6, 11)
    assert case.clock("appeal_judgment") is None
    case = act(book, case, "appeal", D(2020, 6, 10), {"by": "plaintiff", "filed_on": "2020-06-10"})
    case = act(book, case, "judge", D(2020, 8, 1), {"type": "appeal_dismissed"})
    assert case.details.outcome == "suit_dismissed"


def test_withdrawal_ends_without_appeal_period(book):
    case = make(book, D(2020, 7, 6))
    case = act(book, case, "judge", D(2020, 7, 10), {"type": "withdrawal_allowed"})
    assert case.clock("defence").status == "stopped"
    assert not [c for c in case.clocks if c.name.startswith("appeal")]
    with pytest.raises(InvalidAction, match="不能上诉"):
        act(book, case, "appeal", D(2020, 7, 11), {"by": "plaintiff", "filed_on": "2020-07-11"})
    assert act(book, case, "close", D(2020, 7, 10)).state == "closed"


def test_remand_returns_to_first_instance(book):
    case = act(
        book, heard(book, D(2020, 3, 2), D(2020, 4, 1)), "judge", D(2020, 5, 6), {"type": "revoked"}
    )
    with pytest.raises(InvalidAction, match="发回重审"):
        act(book, case, "schedule_hearing", D(2020, 5, 7), {"hearing_on": "2020-06-01"})
    case = act(book, case, "appeal", D(2020, 5, 15), {"by": "defendant", "filed_on": "2020-05-15"})
    case = act(book, case, "judge", D(2020, 7, 1), {"type": "remanded"})
    assert (case.details.instance, case.details.outcome, case.state) == ("first", None, "judged")
    with pytest.raises(InvalidAction, match="closed|结案|不能"):
        act(book, case, "appeal", D(2020, 7, 2), {"by": "plaintiff", "filed_on": "2020-07-02"})
    case = act(book, case, "schedule_hearing", D(2020, 7, 2), {"hearing_on": "2020-08-03"})
    case = act(book, case, "attend_hearing", D(2020, 8, 3), {"appearances": [HEAD]})
    case = act(book, case, "judge", D(2020, 9, 1), {"type": "claims_dismissed"})
    assert case.details.outcome == "claims_dismissed" and len(case.details.hearings) == 2


def test_retrial_reopens_a_closed_case(book):
    case = act(book, make(book, D(2020, 7, 6)), "judge", D(2020, 7, 10), {"type": "mediated"})
    case = act(book, case, "close", D(2020, 7, 10))
    case = act(book, case, "retrial", D(2021, 3, 1), {"court_number": "(2021)晋11行再1号"})
    assert (case.state, case.closed_on, case.details.instance) == ("appealed", None, "retrial")
    case = act(book, case, "judge", D(2021, 6, 1), {"type": "revoked"})
    assert case.details.outcome == "revoked"
    assert not [c for c in case.clocks if c.name.startswith("appeal")]
    assert act(book, case, "close", D(2021, 6, 1)).state == "closed"


def test_bad_details_and_describe(book):
    with pytest.raises(ValidationError, match="court_level"):
        make(book, D(2020, 3, 2), court_level="county")
    with pytest.raises(ValidationError, match="defendant"):
        book.create("litigation", received_on=D(2020, 3, 2), actor="a", details={})
    lt = casework.case_type("litigation")
    case = make(book, D(2020, 3, 2))
    assert lt.describe(case) == "王五 诉 汾阳市人民政府 (2020)晋1182行初5号 (一审)"
    assert lt.duplicate_key(case) == lt.duplicate_key(make(book, D(2020, 4, 2)))
    assert case.id == "LT2020-0001" and case.number is None


def test_loads_through_its_entry_point():
    casework.case_type("litigation")
    info = {p.name: p for p in get_plugins()}["litigation"]
    assert (info.distribution, info.case_types) == ("casework", ("litigation",))
    assert set(info.hooks) == {"register_case_types", "report_sections"}
    assert "litigation" not in failures()
