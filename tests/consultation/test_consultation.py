"""免费法律咨询: shifts scheduled, held or logged, the register clock, the report and bad input."""

from __future__ import annotations

import datetime as dt
from importlib.metadata import entry_points
from pathlib import Path

import pytest

import casework
from casework import InvalidAction, ValidationError

D = dt.date


@pytest.fixture
def book(tmp_path: Path):
    with casework.open_book(tmp_path / "book") as opened:
        yield opened


def shift(site="township", venue="杏花村镇公共法律服务工作站", kind="lawyer", provider="李律师"):
    return {"site": site, "venue": venue, "provider": provider, "provider_kind": kind}


def log(book, on, details=None, matters=None, referrals=0):
    return book.create(
        "consultation",
        received_on=on,
        actor="王科员",
        details=details or shift(),
        action="log",
        data={"matters": matters or {"marriage_family": 2}, "referrals": referrals},
    )


def test_a_built_in_kind_registered_through_its_entry_point():
    assert {ep.name: ep.value for ep in entry_points(group="casework")}["consultation"] == (
        "casework_consultation"
    )
    kind = casework.case_type("consultation")
    assert (kind.code, kind.label.zh) == ("FC", "免费法律咨询")
    assert [s.name for s in kind.states()] == ["scheduled", "held", "cancelled"]


def test_a_shift_is_scheduled_held_and_amended(book):
    case = book.create("consultation", received_on=D(2020, 6, 5), details=shift(), actor="王科员")
    assert (case.id, case.state) == ("FC2020-0001", "scheduled")
    # the register's 3 working days after Friday 2020-06-05: Mon 8, Tue 9, Wed 10
    assert case.clock("log").due_on == D(2020, 6, 10)
    held = book.act(case.id, "hold", on=D(2020, 6, 5), actor="王科员",
                    data={"matters": {"labour": 3, "land": 2, "other": 0}, "referrals": 1})  # fmt: skip
    assert (held.state, held.details.matters, held.details.consultations) == (
        "held",
        {"labour": 3, "land": 2},
        5,
    )
    assert held.clock("log").status == "stopped"
    amended = book.act(case.id, "amend", on=D(2020, 6, 8), actor="王科员",
                       data={"matters": {"labour": 4}})  # fmt: skip
    assert (amended.details.consultations, amended.details.referrals) == (4, 0)


def test_a_shift_held_already_is_logged_in_one_step(book):
    case = log(book, D(2020, 6, 5), matters={"traffic": 1, "contract": 2}, referrals=1)
    assert (case.state, case.details.consultations, case.details.referrals) == ("held", 3, 1)
    assert case.clocks == () and len(case.events) == 1


def test_an_unlogged_shift_falls_due(book):
    case = book.create("consultation", received_on=D(2020, 9, 30), details=shift(), actor="王科员")
    # 3 working days after 2020-09-30 skip the National Day holiday (10-01..10-08); Saturday
    # 10-10 is a working day
    due = book.due(on=D(2020, 10, 12))
    assert [(c.id, k.name, k.due_on) for c, k in due] == [(case.id, "log", D(2020, 10, 12))]
    book.act(case.id, "cancel", on=D(2020, 10, 9), actor="王科员", data={"reason": "值班律师出庭"})
    assert book.due(on=D(2020, 10, 12)) == []


def test_bad_input_names_the_field(book):
    with pytest.raises(ValidationError, match="provider_kind") as caught:
        book.create("consultation", received_on=D(2020, 6, 5), details=shift(kind="judge"),
                    actor="王科员")  # fmt: skip
    assert "退休法官(retired_judge)" in str(caught.value.problems)
    with pytest.raises(ValidationError, match="matters.gossip"):
        log(book, D(2020, 6, 5), matters={"gossip": 2})
    with pytest.raises(ValidationError, match="matters.labour"):
        log(book, D(2020, 6, 5), matters={"labour": -1})
    with pytest.raises(ValidationError, match="matters"):
        log(book, D(2020, 6, 5), matters={"labour": 300, "land": 300})
    with pytest.raises(InvalidAction, match="转介法律援助"):
        log(book, D(2020, 6, 5), matters={"labour": 1}, referrals=2)
    case = book.create("consultation", received_on=D(2020, 6, 5), details=shift(), actor="王科员")
    with pytest.raises(InvalidAction) as refused:
        book.act(case.id, "amend", on=D(2020, 6, 5), actor="王科员", data={"matters": {}})
    assert set(refused.value.allowed) == {"hold", "cancel"}
    with pytest.raises(ValidationError, match="reason"):
        book.act(case.id, "cancel", on=D(2020, 6, 5), actor="王科员", data={"reason": ""})
    assert [c.id for c in book.find(kind="consultation")] == [case.id]


def test_report_figures_and_sentences(book):
    towns = ("杏花村镇", "贾家庄镇")
    with book.batch():
        log(book, D(2020, 3, 2), shift("hall", "审批大厅", "retired_judge"), {"labour": 4}, 1)
        log(book, D(2020, 3, 3), shift("hall", "审批大厅", "retired_prosecutor"), {"land": 3})
        for n, town in enumerate(towns):
            details = shift("township", f"{town}公共法律服务工作站", ("lawyer", "grassroots")[n])
            log(book, D(2020, 5, 6), details, {"marriage_family": 2, "contract": 1})
            log(book, D(2020, 7, 6), details, {"marriage_family": 1})
        cancelled = book.create("consultation", received_on=D(2020, 8, 3), details=shift(),
                                actor="王科员")  # fmt: skip
        book.act(cancelled.id, "cancel", on=D(2020, 8, 3), actor="王科员", data={"reason": "停电"})
        log(book, D(2021, 1, 4))
    section = book.report(2020).section("consultation")
    f = section.figures
    assert (f["shifts"], f["consultations"], f["referrals"], f["cancelled"]) == (6, 15, 1, 1)
    assert (f["hall_shifts"], f["township_shifts"], f["townships"]) == (2, 4, 2)
    assert (f["consultations_marriage_family"], f["consultations_labour"]) == (6, 4)
    assert (f["lawyer_shifts"], f["grassroots_shifts"], f["retired_judge_shifts"]) == (2, 2, 1)
    assert section.text_zh == (
        "扎实开展免费法律咨询便民服务,有序组织律师、法律服务工作者和退休法官、检察官"
        "在市审批大厅和2个乡镇(街道)开展免费法律咨询便民坐班服务,全年安排6班次、咨询15人次。",
        "坐班中转介法律援助1人次。",
    )
    assert "6 shifts were held and 15 people consulted" in section.text_en[0]
    venues = {row[0]: row[1:] for row in section.tables[0].rows}
    assert venues["审批大厅"] == (2, 7)
    empty = book.report(2019).section("consultation")
    assert empty.text_zh == ("全年未开展免费法律咨询便民坐班服务。",) and empty.tables == ()
