"""Statutory clocks of 法律援助 on the Chinese calendar, per rule set (dates worked out by hand)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from la_helpers import D, apply, appoint_data, grant, notify

import casework
from casework import workflow
from casework_legal_aid.kind import make_case_type
from casework_legal_aid.rules import LocalRules, load_local_rules


def due(case: casework.Case, name: str) -> dt.date | None:
    clock = case.clock(name)
    assert clock is not None, f"no clock {name}: {[c.name for c in case.clocks]}"
    return clock.due_on


# -- LAR03 + LAP12: working days ------------------------------------------------------------------


def test_review_7_working_days_over_national_day(mem):
    # 2020-09-28 (Mon): Sep 29, 30, Oct 9, Sat Oct 10 (a working day), 12, 13, 14.
    case = apply(mem, D(2020, 9, 28))
    assert case.regime == "LAR03"
    assert case.clock("review").unit == "working"
    assert due(case, "review") == D(2020, 10, 14)


def test_review_over_the_extended_spring_festival(mem):
    # 2020-01-20: Jan 21, 22, 23, then Jan 24 - Feb 2 off, Feb 3, 4, 5, 6.
    assert due(apply(mem, D(2020, 1, 20)), "review") == D(2020, 2, 6)


def test_review_excludes_the_time_spent_on_missing_materials(mem):
    case = apply(mem, D(2020, 3, 2))
    paused = mem.act(
        case.id, "request_materials", on=D(2020, 3, 4), actor="a", data={"items": ["收入证明"]}
    )
    assert paused.clock("review").due_on is None  # paused: no due date
    resumed = mem.act(case.id, "supplement", on=D(2020, 3, 11), actor="a")
    # counted: Mar 3, 4; paused Mar 5-11; then Mar 12, 13, 16, 17, 18
    assert due(resumed, "review") == D(2020, 3, 18)


def test_notice_appointment_3_working_days_over_labour_day(mem):
    # 2020-04-29: Apr 30, then May 1-5 off, May 6, 7.
    case = notify(mem, D(2020, 4, 29))
    assert due(case, "appoint_notice") == D(2020, 5, 7)
    assert case.clock("appoint_notice").unit == "working"


def test_notice_appointment_over_spring_festival(mem):
    # 2020-01-22: Jan 23, then Jan 24 - Feb 2 off, Feb 3, 4.
    assert due(notify(mem, D(2020, 1, 22)), "appoint_notice") == D(2020, 2, 4)


def test_civil_appointment_7_working_days_after_grant(mem):
    case = apply(mem, D(2020, 1, 20))
    granted = grant(mem, case.id, D(2020, 1, 21))
    # Jan 22, 23, then Feb 3, 4, 5, 6, 7
    assert due(granted, "appoint_other") == D(2020, 2, 7)
    assert granted.clock("appoint_criminal") is None


def test_criminal_appointment_3_working_days_after_grant(mem):
    case = apply(mem, D(2020, 9, 28), category="criminal", stage="prosecution")
    granted = grant(mem, case.id, D(2020, 9, 29))
    # Sep 30, Oct 9, Sat Oct 10 (调休 working day)
    assert due(granted, "appoint_criminal") == D(2020, 10, 10)
    assert granted.clock("appoint_other") is None


def test_appointment_stops_the_clock(mem):
    case = notify(mem, D(2020, 4, 29))
    done = mem.act(case.id, "appoint", on=D(2020, 4, 30), actor="a", data=appoint_data())
    clock = done.clock("appoint_notice")
    assert clock.status == "stopped" and clock.stopped_on == D(2020, 4, 30)


def test_an_expired_period_is_shown_overdue_and_a_late_act_still_recorded(mem):
    # The law attaches no deemed decision to a late appointment: the board shows it overdue,
    # and the appointment, when made, stops the clock after its due date.
    case = notify(mem, D(2020, 4, 29))
    board = mem.due(on=D(2020, 5, 8))
    assert [(c.id, k.name, k.due_on) for c, k in board] == [
        (case.id, "appoint_notice", D(2020, 5, 7))
    ]
    late = mem.act(case.id, "appoint", on=D(2020, 5, 11), actor="a", data=appoint_data())
    clock = late.clock("appoint_notice")
    assert clock.status == "stopped" and clock.stopped_on > clock.due_on
    assert mem.due(on=D(2020, 5, 11)) == []


# -- the regime is chosen by the date of receipt -----------------------------------------------


def test_received_on_2021_12_31_follows_lar03_in_working_days(mem):
    case = apply(mem, D(2021, 12, 31))
    assert case.regime == "LAR03"
    # Jan 1-3 2022 off: Jan 4, 5, 6, 7, 10, 11, 12
    assert due(case, "review") == D(2022, 1, 12)


def test_received_on_2022_01_04_follows_lal_in_natural_days(mem):
    case = apply(mem, D(2022, 1, 4))
    assert case.regime == "LAL"
    assert case.clock("review").unit == "natural"
    assert due(case, "review") == D(2022, 1, 11)


def test_lal_notice_period_ending_in_national_day_rolls_to_the_makeup_saturday(mem):
    # 2022-09-28 + 3 days = Oct 1 (holiday, Oct 1-7); Sat Oct 8 2022 is a working day.
    assert due(notify(mem, D(2022, 9, 28)), "appoint_notice") == D(2022, 10, 8)


def test_lal_appointment_after_grant_rolls_over_spring_festival(mem):
    case = apply(mem, D(2022, 1, 24))
    granted = grant(mem, case.id, D(2022, 1, 28))
    # Jan 28 + 3 = Jan 31, inside the holiday (Jan 31 - Feb 6) -> Feb 7
    assert due(granted, "appoint_other") == D(2022, 2, 7)


# -- the closing periods (local practice) ---------------------------------------------------------


def test_filing_due_30_days_after_the_matter_concluded(mem):
    case = notify(mem, D(2020, 8, 3))
    mem.act(case.id, "appoint", on=D(2020, 8, 4), actor="a", data=appoint_data())
    closed = mem.act(
        case.id,
        "close",
        on=D(2020, 9, 10),
        actor="a",
        data={"outcome": "judgment", "concluded_on": "2020-09-02"},
    )
    # Sep 2 + 30 = Oct 2, in the National Day holiday -> Oct 9
    assert due(closed, "filing") == D(2020, 10, 9)
    assert closed.clock("file_review") is None
    filed = mem.act(
        case.id, "submit_file", on=D(2020, 10, 9), actor="a", data={"documents": ["结案报告"]}
    )
    assert filed.clock("filing").status == "stopped"
    # Oct 9 + 30 = Sun Nov 8 -> Nov 9
    assert due(filed, "file_review") == D(2020, 11, 9)
    reviewed = mem.act(case.id, "review", on=D(2020, 10, 20), actor="a", data={"grade": "good"})
    assert reviewed.clock("file_review").status == "stopped"


def test_documents_given_at_closing_start_the_file_review_at_once(mem):
    case = notify(mem, D(2020, 8, 3))
    mem.act(case.id, "appoint", on=D(2020, 8, 4), actor="a", data=appoint_data())
    closed = mem.act(
        case.id,
        "close",
        on=D(2020, 9, 2),
        actor="a",
        data={"outcome": "judgment", "documents": ["结案报告"]},
    )
    assert closed.clock("filing") is None
    assert due(closed, "file_review") == D(2020, 10, 9)


def test_local_periods_are_data(tmp_path: Path):
    local = tmp_path / "local.toml"
    local.write_text("[periods]\nfiling_days = 15\nfile_review_days = 20\n", encoding="utf-8")
    rules = load_local_rules(local)
    assert rules == LocalRules(filing_days=15, file_review_days=20)
    kind = make_case_type(rules)
    case, _ = workflow.create(
        kind,
        id="LA2020-0001",
        received_on=D(2020, 8, 3),
        actor="a",
        action="notify",
        parties=[{"role": "defendant", "name": "张某"}],
        details={"category": "criminal", "matter": "m"},
        data={"organ": "汾阳市人民法院", "organ_kind": "court", "letter_number": "1"},
    )
    case, _ = workflow.apply(
        kind, case, "appoint", on=D(2020, 8, 4), actor="a", data=appoint_data()
    )
    case, _ = workflow.apply(
        kind, case, "close", on=D(2020, 9, 1), actor="a", data={"outcome": "judgment"}
    )
    # Sep 1 + 15 = Wed Sep 16
    assert due(case, "filing") == D(2020, 9, 16)


def test_local_rules_file_errors_name_the_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    bad = tmp_path / "bad.toml"
    bad.write_text("[periods]\nfiling_days = 0\nfiling_dayz = 3\n", encoding="utf-8")
    with pytest.raises(casework.ValidationError) as caught:
        load_local_rules(bad)
    text = str(caught.value)
    assert "periods.filing_days" in text and "periods.filing_dayz" in text
    monkeypatch.setenv("CASEWORK_LEGAL_AID_LOCAL", str(tmp_path / "missing.toml"))
    with pytest.raises(casework.ValidationError, match="CASEWORK_LEGAL_AID_LOCAL"):
        load_local_rules()
    monkeypatch.delenv("CASEWORK_LEGAL_AID_LOCAL")
    assert load_local_rules() == LocalRules()
