"""行政复议: every action and refusal, under both rule sets (dates checked by hand)."""

import datetime as dt

import attrs
import pytest

import casework
from casework import InvalidAction, ValidationError
from casework.locality import from_options

D = dt.date
APPLICANT = {"role": "applicant", "name": "张三", "id_number": "11010519491231002X"}
DETAILS = {
    "respondent": "汾阳市公安局",
    "act": {"description": "汾公(治)决字〔2020〕12号行政处罚决定", "category": "penalty"},
    "request": "撤销该处罚决定",
}


@pytest.fixture
def book():
    """An in-memory book (the disk store is exercised by the seed-shaped tests)."""
    with casework.open_book(":memory:") as opened:
        opened.configure(from_options("清河县"))
        yield opened


def make(book, received, **details):
    return book.create(
        "reconsideration",
        received_on=received,
        actor="王科员",
        parties=[APPLICANT],
        details={**DETAILS, **details},
    )


def act(book, case, action, on, data=None):
    return book.act(case.id, action, on=on, actor="王科员", data=data)


def due(case, name):
    clock = case.clock(name)
    assert clock is not None, f"no clock {name}: {[c.name for c in case.clocks]}"
    return clock.due_on


def test_regime_is_chosen_by_date_of_receipt(book):
    old = make(book, D(2023, 12, 27))
    new = make(book, D(2024, 1, 3))
    assert (old.regime, new.regime) == ("ARL99", "ARL23")
    # ARL99: the 10-day answer period is natural days; ARL23: working days (Art. 88)
    rc = casework.case_type("reconsideration")
    assert rc.workflow("ARL99").clock_rule("answer").unit == "natural"
    assert rc.workflow("ARL23").clock_rule("answer").unit == "working"
    # 5 working days across New Year's Day 2024
    assert due(old, "review") == D(2024, 1, 4)
    assert due(new, "review") == D(2024, 1, 10)


def test_deemed_acceptance_dates_differ_by_regime(book):
    old = make(book, D(2023, 12, 27))
    new = make(book, D(2024, 1, 3))
    assert [e.action for e in book.lapse(on=D(2024, 1, 20))] == ["deem_accept", "deem_accept"]
    old, new = book.get(old.id), book.get(new.id)
    for case, review_end in ((old, D(2024, 1, 4)), (new, D(2024, 1, 10))):
        event = case.events[-1]
        assert (event.action, event.on, event.system) == ("deem_accept", review_end, True)
        assert "视为受理" in event.note
        assert case.state == "accepted" and case.details.deemed_accepted
    # ARL99 Art. 17(2): accepted as from receipt; ARL23 Art. 30(3): as from the expiry day
    assert old.details.accepted_on == D(2023, 12, 27)
    assert "收到申请之日" in old.events[-1].note
    assert new.details.accepted_on == D(2024, 1, 10)
    assert "届满之日" in new.events[-1].note
    # ARL99: decision 60 ND from receipt: 2024-02-25 is a Sunday -> 02-26
    assert due(old, "decision") == D(2024, 2, 26)
    # ARL23: 60 ND from 01-10 -> 03-10 (Sunday) -> 03-11
    assert due(new, "decision") == D(2024, 3, 11)
    # a deemed case gets its 案号 at its next action
    assert old.number is None
    sent = act(book, old, "send_copy", D(2024, 1, 22))
    assert sent.number == "清政复〔2024〕1号"


def test_arl99_clocks_on_the_2020_calendar(book):
    # received Mon 2020-09-28: National Day 10-01..08 off, Sat 10-10 a working day
    case = make(book, D(2020, 9, 28))
    assert due(case, "review") == D(2020, 10, 12)
    assert due(case, "copy") == D(2020, 10, 14)
    assert due(case, "decision") == D(2020, 11, 27)
    case = act(book, case, "accept", D(2020, 9, 29))
    assert case.number == "清政复〔2020〕1号"
    assert case.details.accepted_on == D(2020, 9, 28)
    assert case.clock("review").status == "stopped"
    # the 10-day answer (ND) from delivery on 09-30 ends 10-10, a working Saturday
    case = act(book, case, "send_copy", D(2020, 9, 29), {"delivered_on": "2020-09-30"})
    assert due(case, "answer") == D(2020, 10, 10)
    assert case.clock("copy").status == "stopped"


def test_arl99_spring_festival_and_labour_day(book):
    # Spring Festival 2020 extended to 02-02: 5 WD from Mon 01-20 end on 02-04
    a = make(book, D(2020, 1, 20))
    assert due(a, "review") == D(2020, 2, 4)
    assert due(a, "decision") == D(2020, 3, 20)
    # 60 ND from 03-03 end on 05-02, inside Labour Day (05-01..05) -> 05-06
    b = make(book, D(2020, 3, 3))
    assert due(b, "decision") == D(2020, 5, 6)
    # the answer period (10 ND) ending 10-05 in the National Day holiday rolls to 10-09
    c = make(book, D(2020, 9, 21))
    c = act(book, c, "accept", D(2020, 9, 22))
    c = act(book, c, "send_copy", D(2020, 9, 25))
    assert due(c, "answer") == D(2020, 10, 9)


def test_arl23_units_and_simplified_procedure(book):
    ordinary = make(book, D(2024, 4, 22))
    simple = make(book, D(2024, 4, 22))
    ordinary = act(book, ordinary, "accept", D(2024, 4, 24))
    simple = act(book, simple, "accept", D(2024, 4, 24), {"procedure": "simplified"})
    assert ordinary.details.accepted_on == D(2024, 4, 24)
    # Labour Day 2024: 05-01..05 off, Sun 04-28 and Sat 05-11 working days
    assert due(ordinary, "copy") == D(2024, 5, 7)
    assert due(ordinary, "decision") == D(2024, 6, 24)  # 06-23 is a Sunday
    assert due(simple, "copy_simplified") == D(2024, 4, 28)
    assert due(simple, "decision_simplified") == D(2024, 5, 24)
    assert simple.clock("decision") is None and ordinary.clock("decision_simplified") is None
    ordinary = act(book, ordinary, "send_copy", D(2024, 4, 25))
    simple = act(book, simple, "send_copy", D(2024, 4, 25))
    assert due(ordinary, "answer") == D(2024, 5, 11)
    assert due(simple, "answer_simplified") == D(2024, 5, 6)
    ordinary = act(book, ordinary, "receive_answer", D(2024, 5, 8))
    assert ordinary.clock("answer").status == "stopped"
    assert ordinary.details.answer_received_on == D(2024, 5, 8)
    with pytest.raises(InvalidAction, match="简易程序"):
        act(book, simple, "extend", D(2024, 5, 8), {"days": 10, "approver": "李", "reason": "r"})


def test_arl99_has_no_simplified_procedure_nor_void_decision(book):
    case = make(book, D(2020, 3, 2))
    with pytest.raises(InvalidAction, match="简易程序"):
        act(book, case, "accept", D(2020, 3, 3), {"procedure": "simplified"})
    case = act(book, case, "accept", D(2020, 3, 3))
    with pytest.raises(InvalidAction, match="upheld"):
        act(book, case, "decide", D(2020, 4, 1), {"type": "confirmed_void"})
    new = act(book, make(book, D(2024, 3, 4)), "accept", D(2024, 3, 5))
    new = act(book, new, "decide", D(2024, 4, 1), {"type": "confirmed_void"})
    assert new.state == "decided" and new.details.decision == "confirmed_void"


def test_decide_validates_type_and_redo(book):
    case = act(book, make(book, D(2020, 3, 2)), "accept", D(2020, 3, 3))
    with pytest.raises(ValidationError, match=r"data(\.|: )type") as err:
        act(book, case, "decide", D(2020, 4, 1), {"type": "annulled"})
    assert "upheld" in str(err.value)
    with pytest.raises(ValidationError, match=r"data(\.|: )type"):
        act(book, case, "decide", D(2020, 4, 1))
    with pytest.raises(InvalidAction, match="责令重作"):
        act(book, case, "decide", D(2020, 4, 1), {"type": "upheld", "redo": True})
    done = act(book, case, "decide", D(2020, 4, 1), {"type": "revoked", "redo": True})
    assert (done.state, done.details.decision, done.details.redo) == ("decided", "revoked", True)
    assert done.closed_on == D(2020, 4, 1)
    assert all(c.status == "stopped" for c in done.clocks if c.name != "review")
    with pytest.raises(InvalidAction, match="decide"):
        act(book, done, "decide", D(2020, 4, 2), {"type": "upheld"})


def test_reject_and_refer(book):
    case = make(book, D(2020, 3, 2))
    with pytest.raises(ValidationError, match=r"data(\.|: )ground"):
        act(book, case, "reject", D(2020, 3, 3), {"reason": "超过申请期限"})
    rejected = act(
        book, case, "reject", D(2020, 3, 3), {"reason": "超过申请期限", "ground": "第9条"}
    )
    assert (rejected.state, rejected.details.outcome) == ("rejected", "rejected")
    assert all(c.status == "stopped" for c in rejected.clocks)
    old = act(book, make(book, D(2020, 3, 2)), "refer", D(2020, 3, 3), {"organ": "吕梁市人民政府"})
    assert (old.state, old.details.referred_to) == ("referred", "吕梁市人民政府")
    new = act(book, make(book, D(2024, 3, 4)), "refer", D(2024, 3, 5), {"organ": "吕梁市人民政府"})
    assert new.state == "rejected"  # ARL23 Art. 30(2): a 不予受理 naming the organ
    with pytest.raises(ValidationError, match=r"data(\.|: )organ"):
        act(book, make(book, D(2024, 3, 4)), "refer", D(2024, 3, 5), {"organ": " "})


def test_arl99_correction_time_is_excluded(book):
    case = make(book, D(2020, 3, 2))
    with pytest.raises(InvalidAction, match="due_on"):
        act(book, case, "request_correction", D(2020, 3, 4), {"items": ["身份证明"]})
    with pytest.raises(InvalidAction, match="items"):
        act(book, case, "request_correction", D(2020, 3, 4), {"items": [], "due_on": "2020-03-20"})
    case = act(
        book,
        case,
        "request_correction",
        D(2020, 3, 4),
        {"items": ["身份证明"], "due_on": "2020-03-20"},
    )
    assert case.state == "awaiting_correction"
    assert {c.name: c.status for c in case.clocks} == {
        "review": "paused",
        "copy": "paused",
        "decision": "paused",
    }
    with pytest.raises(InvalidAction, match="尚未届满"):
        act(book, case, "abandon", D(2020, 3, 20))
    with pytest.raises(InvalidAction, match="accept"):
        act(book, case, "accept", D(2020, 3, 10))
    case = act(book, case, "receive_correction", D(2020, 3, 16))
    assert case.state == "received"
    assert due(case, "review") == D(2020, 3, 19)  # 2 WD before, 3 after the pause
    assert due(case, "copy") == D(2020, 3, 23)
    assert due(case, "decision") == D(2020, 5, 13)  # 05-01 + the 12 days of correction


def test_arl99_abandonment_after_the_notice_date(book):
    case = make(book, D(2020, 3, 2))
    case = act(
        book,
        case,
        "request_correction",
        D(2020, 3, 4),
        {"items": ["身份证明"], "due_on": "2020-03-20"},
    )
    # 视为放弃 only once the period the notice set has ended (ARR07 Art. 29): not offered before
    offered = {
        d: [a.name for a in book.allowed_actions(case, on=d)]
        for d in (D(2020, 3, 20), D(2020, 3, 21))
    }
    assert "abandon" not in offered[D(2020, 3, 20)] and "abandon" in offered[D(2020, 3, 21)]
    gone = act(book, case, "abandon", D(2020, 3, 23))
    assert (gone.state, gone.details.outcome, gone.closed_on) == (
        "abandoned",
        "abandoned",
        D(2020, 3, 23),
    )
    assert all(c.status == "stopped" for c in gone.clocks)


def test_arl23_correction_restarts_the_review(book):
    case = make(book, D(2024, 9, 23))
    with pytest.raises(InvalidAction, match="due_on"):
        act(
            book,
            case,
            "request_correction",
            D(2024, 9, 25),
            {"items": ["x"], "due_on": "2024-10-30"},
        )
    case = act(
        book, case, "request_correction", D(2024, 9, 25), {"items": ["身份证明", "原行政行为"]}
    )
    assert case.details.correction_items == ("身份证明", "原行政行为")
    # 10 WD over National Day 2024 (10-01..07 off; Sun 09-29, Sat 10-12 working)
    assert due(case, "correction") == D(2024, 10, 14)
    assert case.clock("review").status == "paused"
    case = act(book, case, "receive_correction", D(2024, 10, 9))
    assert case.clock("correction").status == "stopped"
    review = case.clock("review")
    assert (review.started_on, review.due_on, review.status) == (
        D(2024, 10, 9),
        D(2024, 10, 15),
        "running",
    )
    with pytest.raises(InvalidAction, match="一次"):
        act(book, case, "request_correction", D(2024, 10, 10), {"items": ["y"]})
    events = book.lapse(on=D(2024, 10, 20))
    assert [(e.action, e.on) for e in events] == [("deem_accept", D(2024, 10, 15))]
    case = book.get(case.id)
    assert case.details.accepted_on == D(2024, 10, 15)
    assert due(case, "decision") == D(2024, 12, 16)  # 12-14 is a Saturday


def test_arl23_no_correction_means_abandoned(book):
    case = make(book, D(2024, 9, 23))
    case = act(book, case, "request_correction", D(2024, 9, 25), {"items": ["身份证明"]})
    with pytest.raises(InvalidAction, match="abandoned|视为放弃"):
        act(book, case, "receive_correction", D(2024, 10, 15))
    # the refused action stored nothing; every read already shows the lapse
    assert book.stored(case.id).state == "awaiting_correction"
    assert book.get(case.id, on=D(2024, 10, 15)).state == "abandoned"
    assert book.get(case.id, on=D(2024, 10, 14)).state == "awaiting_correction"
    events = book.lapse(on=D(2024, 10, 15))
    assert [(e.action, e.on, e.system) for e in events] == [("deem_abandon", D(2024, 10, 14), True)]
    case = book.get(case.id)
    assert (case.state, case.details.outcome, case.closed_on) == (
        "abandoned",
        "abandoned",
        D(2024, 10, 14),
    )
    assert "视为放弃" in case.events[-1].note


def test_arl23_correction_extension_once(book):
    case = make(book, D(2024, 9, 23))
    case = act(book, case, "request_correction", D(2024, 9, 25), {"items": ["身份证明"]})
    with pytest.raises(ValidationError, match="days"):
        act(book, case, "extend_correction", D(2024, 10, 8), {"days": 11, "reason": "住院"})
    case = act(book, case, "extend_correction", D(2024, 10, 8), {"days": 5, "reason": "住院"})
    assert due(case, "correction") == D(2024, 10, 21)
    with pytest.raises(InvalidAction, match="延长过"):
        act(book, case, "extend_correction", D(2024, 10, 9), {"days": 1, "reason": "住院"})
    assert act(book, case, "receive_correction", D(2024, 10, 18)).state == "received"


def test_application_window_is_flagged_not_refused(book):
    on_time = make(book, D(2020, 3, 2), learned_on="2020-01-02")  # 60 ND end on 03-02
    late = make(book, D(2020, 3, 3), learned_on="2020-01-02")
    longer = make(book, D(2020, 3, 3), learned_on="2020-01-02", application_period=90)
    assert on_time.flags == () and longer.flags == ()
    assert [f.code for f in late.flags] == ["late_application"]
    assert "2020-03-02" in late.flags[0].zh
    assert act(book, late, "accept", D(2020, 3, 4)).state == "accepted"


def test_suspend_resume_extend(book):
    case = act(book, make(book, D(2020, 6, 1)), "accept", D(2020, 6, 2))
    assert due(case, "decision") == D(2020, 7, 31)
    with pytest.raises(ValidationError, match=r"data(\.|: )ground"):
        act(book, case, "suspend", D(2020, 6, 10), {"ground": "holiday"})
    case = act(book, case, "suspend", D(2020, 6, 10), {"ground": "force_majeure"})
    assert case.state == "suspended" and case.clock("decision").status == "paused"
    assert case.clock("decision").due_on is None
    for action, data in (
        ("decide", {"type": "upheld"}),
        ("extend", {"days": 30, "approver": "李", "reason": "r"}),
    ):
        with pytest.raises(InvalidAction, match="中止"):
            act(book, case, action, D(2020, 6, 15), data)
    case = act(book, case, "resume", D(2020, 6, 20))
    assert case.details.suspension_ground is None
    assert due(case, "decision") == D(2020, 8, 10)  # 10 days paused
    with pytest.raises(ValidationError, match=r"data(\.|: )approver"):
        act(book, case, "extend", D(2020, 7, 1), {"days": 30, "reason": "案情复杂"})
    with pytest.raises(ValidationError, match="days"):
        act(book, case, "extend", D(2020, 7, 1), {"days": 31, "approver": "市长", "reason": "复杂"})
    case = act(
        book, case, "extend", D(2020, 7, 1), {"days": 30, "approver": "市长", "reason": "复杂"}
    )
    assert due(case, "decision") == D(2020, 9, 9)
    assert case.details.extension.approver == "市长"
    with pytest.raises(InvalidAction, match="延长过"):
        act(book, case, "extend", D(2020, 7, 2), {"days": 1, "approver": "市长", "reason": "r"})


def test_no_extension_after_the_period_expired(book):
    case = act(book, make(book, D(2020, 6, 1)), "accept", D(2020, 6, 2))
    with pytest.raises(InvalidAction, match="届满"):
        act(book, case, "extend", D(2020, 8, 3), {"days": 30, "approver": "市长", "reason": "r"})


def test_hear_mediate_settle_withdraw_terminate(book):
    case = act(book, make(book, D(2020, 6, 1)), "accept", D(2020, 6, 2))
    case = act(book, case, "hear", D(2020, 6, 15), {"form": "hearing", "participants": "双方"})
    case = act(book, case, "hear", D(2020, 6, 16), {"form": "views"})
    assert [(h.form, h.held_on) for h in case.details.hearings] == [
        ("hearing", D(2020, 6, 15)),
        ("views", D(2020, 6, 16)),
    ]
    with pytest.raises(ValidationError, match=r"data(\.|: )form"):
        act(book, case, "hear", D(2020, 6, 17), {"form": "trial"})
    mediated = act(book, case, "mediate", D(2020, 6, 20), {"summary": "调解书"})
    assert (mediated.state, mediated.details.outcome) == ("mediated", "mediated")
    suspended = act(
        book,
        act(book, make(book, D(2020, 6, 1)), "accept", D(2020, 6, 2)),
        "suspend",
        D(2020, 6, 3),
        {"ground": "mediation"},
    )
    settled = act(book, suspended, "settle", D(2020, 6, 10))
    assert (settled.state, settled.details.outcome) == ("terminated", "settled")
    withdrawn = act(book, make(book, D(2020, 6, 1)), "withdraw", D(2020, 6, 2))
    assert (withdrawn.state, withdrawn.details.outcome) == ("terminated", "withdrawn")
    assert all(c.status == "stopped" for c in withdrawn.clocks)
    accepted = act(book, make(book, D(2020, 6, 1)), "accept", D(2020, 6, 2))
    with pytest.raises(ValidationError, match=r"data(\.|: )ground"):
        act(book, accepted, "terminate", D(2020, 6, 3), {"ground": "bored"})
    ended = act(book, accepted, "terminate", D(2020, 6, 3), {"ground": "no_heir"})
    assert (ended.state, ended.details.outcome, ended.details.ground) == (
        "terminated",
        "terminated",
        "no_heir",
    )
    with pytest.raises(InvalidAction):
        act(book, make(book, D(2020, 6, 1)), "terminate", D(2020, 6, 2), {"ground": "no_heir"})


def test_dates_in_data_are_checked(book):
    case = act(book, make(book, D(2020, 6, 1)), "accept", D(2020, 6, 2))
    with pytest.raises(InvalidAction, match="delivered_on"):
        act(book, case, "send_copy", D(2020, 6, 3), {"delivered_on": "2020-06-02"})
    with pytest.raises(InvalidAction, match="due_on"):
        act(
            book,
            make(book, D(2020, 6, 1)),
            "request_correction",
            D(2020, 6, 3),
            {"items": ["x"], "due_on": "2020-06-03"},
        )


def test_bad_details_name_the_field(book):
    with pytest.raises(ValidationError, match=r"details\.act(\.|: )category") as err:
        make(book, D(2020, 3, 2), act={"description": "x", "category": "fine"})
    assert "penalty" in str(err.value)
    with pytest.raises(ValidationError, match=r"details\.respondent"):
        book.create(
            "reconsideration",
            received_on=D(2020, 3, 2),
            actor="a",
            details={"act": {"description": "x"}},
        )


def test_describe_and_duplicate_key(book):
    rc = casework.case_type("reconsideration")
    a = make(book, D(2020, 3, 2))
    b = make(book, D(2020, 3, 9))
    assert rc.describe(a) == "张三 不服 汾阳市公安局 汾公(治)决字〔2020〕12号行政处罚决定"
    assert rc.duplicate_key(a) == rc.duplicate_key(b)
    assert rc.duplicate_key(
        make(book, D(2020, 3, 9), respondent="汾阳市市场监督管理局")
    ) != rc.duplicate_key(a)
    assert {k for k in rc.fields if "." not in k} == {a.name for a in attrs.fields(rc.details)}


def test_replay_rebuilds_a_case(book):
    from casework.workflow import replay

    case = make(book, D(2024, 9, 23))
    case = act(book, case, "request_correction", D(2024, 9, 25), {"items": ["身份证明"]})
    case = act(book, case, "receive_correction", D(2024, 10, 9))
    book.lapse(on=D(2024, 10, 20))
    case = act(book, book.get(case.id), "decide", D(2024, 11, 1), {"type": "varied"})
    rebuilt = replay(casework.case_type("reconsideration"), case.events, calendar=book.calendar)
    assert rebuilt == case
