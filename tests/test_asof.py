"""The book as of a date: every read sees the same case, the lapses of its periods included."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import casework
from casework import InvalidAction, ValidationError
from casework.model import now

D = dt.date
APPLICANT = {"role": "applicant", "name": "张三", "id_number": "11010519491231002X"}
DETAILS = {
    "respondent": "汾阳市公安局",
    "act": {"description": "汾公(治)决字〔2024〕12号行政处罚决定", "category": "penalty"},
    "request": "撤销该处罚决定",
}


@pytest.fixture
def disk(tmp_path: Path):
    with casework.open_book(tmp_path / "book") as opened:
        yield opened


def _received(book: casework.Book, on: dt.date) -> casework.Case:
    return book.create(
        "reconsideration", received_on=on, actor="王科员", parties=[APPLICANT], details=DETAILS
    )


def test_a_lapse_is_seen_by_every_read_and_none_writes(disk: casework.Book) -> None:
    # ARL23 Art. 30(3): 5 working days from 2024-12-16 end on 12-23; nothing was done
    case = _received(disk, D(2024, 12, 16))
    seen = disk.get(case.id)
    assert seen.state == "accepted" and seen.details.deemed_accepted
    last = seen.events[-1]
    assert (last.action, last.on, last.system) == ("deem_accept", D(2024, 12, 23), True)
    assert seen.details.accepted_on == D(2024, 12, 23)
    assert seen.version == case.version  # the version a writer must hold: the stored one
    # as of a day inside the review period the application is still under review
    before = disk.get(case.id, on=D(2024, 12, 23))
    assert before.state == "received" and len(before.events) == 1
    names = [a.name for a in disk.allowed_actions(case)]
    assert "accept" not in names and "send_copy" in names
    assert "accept" in [a.name for a in disk.allowed_actions(case, on=D(2024, 12, 20))]
    assert [c.id for c in disk.find(state="accepted")] == [case.id]
    assert disk.find(state="received") == []
    assert [c.id for c in disk.find(state="received", on=D(2024, 12, 20))] == [case.id]
    board = disk.due(on=D(2025, 3, 1))
    assert [(c.state, k.name, k.due_on) for c, k in board] == [
        ("accepted", "copy", D(2025, 1, 2)),  # 7 working days from 12-23, New Year skipped
        ("accepted", "decision", D(2025, 2, 21)),  # 60 days from 12-23
    ]
    assert disk.report(2024).figures()["reconsideration"]["accepted"] == 1
    with pytest.raises(InvalidAction) as refused:
        disk.act(case.id, "accept", on=D(2025, 1, 2), actor="王科员")
    assert refused.value.state == disk.get(case.id, on=D(2025, 1, 2)).state == "accepted"
    # nothing above wrote: the stored record is still the one created
    with disk.store.transaction() as tx:
        stored = tx.get(case.id)
    assert stored is not None and stored["state"] == "received" and len(stored["events"]) == 1


def test_lapse_records_on_purpose_and_reads_agree(disk: casework.Book) -> None:
    case = _received(disk, D(2024, 12, 16))
    shown = disk.get(case.id, on=D(2025, 1, 10))
    added = disk.lapse(on=D(2025, 1, 10))
    assert [(e.action, e.on) for e in added] == [("deem_accept", D(2024, 12, 23))]
    stored = disk.get(case.id, on=D(2025, 1, 10))
    assert (stored.state, stored.clocks, stored.details) == (
        shown.state,
        shown.clocks,
        shown.details,
    )
    assert stored.version == case.version + 1
    # a stored lapse dated on the last day of the period is not yet in force on that day
    assert disk.get(case.id, on=D(2024, 12, 23)).state == "received"


def test_a_case_not_yet_received_does_not_exist_as_of_an_earlier_day(disk: casework.Book) -> None:
    case = _received(disk, D(2024, 12, 16))
    assert disk.find(on=D(2024, 12, 15)) == []
    with pytest.raises(casework.NotFound):
        disk.get(case.id, on=D(2024, 12, 15))


def test_a_past_day_shows_the_case_before_later_events(disk: casework.Book) -> None:
    case = _received(disk, D(2024, 12, 16))
    disk.act(case.id, "accept", on=D(2024, 12, 18), actor="王科员")
    disk.act(case.id, "decide", on=D(2025, 1, 20), actor="王科员", data={"type": "upheld"})
    assert disk.get(case.id).state == "decided"
    past = disk.get(case.id, on=D(2025, 1, 19))
    assert past.state == "accepted" and past.closed_on is None
    assert [c.name for c in past.clocks if c.running] == ["copy", "decision"]
    assert [c.id for c in disk.find(open=True, on=D(2025, 1, 19))] == [case.id]
    assert disk.find(open=True) == []


def test_every_running_clock_is_on_the_board_closed_cases_included() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).parent / "legal_aid"))
    from la_helpers import apply, carry_to_close

    with casework.open_book(":memory:") as book:
        case = apply(book, D(2026, 10, 9))
        closed = carry_to_close(
            book, case, appoint_on=D(2026, 10, 12), close_on=D(2026, 12, 1), documents=()
        )
        filing = closed.clock("filing")
        assert closed.closed_on is not None and filing is not None and filing.running
        board = book.due(on=D(2026, 12, 2), within_days=60, kind="legal_aid")
        assert [(c.id, c.state, k.name) for c, k in board] == [(case.id, "closed", "filing")]
        assert filing.due_on is not None
        late = book.due(on=filing.due_on + dt.timedelta(days=4))
        assert [(c.state, k.name) for c, k in late] == [("closed", "filing")]


# -- dates at the door -------------------------------------------------------------------------


def test_no_date_after_today(disk: casework.Book) -> None:
    today = now().date()
    tomorrow = today + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        _received(disk, tomorrow)
    text = str(raised.value) + " ".join(raised.value.problems)
    assert "received_on" in text and today.isoformat() in text
    assert disk.ids() == []
    case = _received(disk, today - dt.timedelta(days=1))
    with pytest.raises(ValidationError) as raised:
        disk.act(case.id, "accept", on=tomorrow, actor="王科员")
    text = str(raised.value) + " ".join(raised.value.problems)
    assert "on" in text and today.isoformat() in text
    with pytest.raises(ValidationError):
        disk.lapse(on=tomorrow)


def test_allow_future_opens_a_book_for_simulation(tmp_path: Path) -> None:
    later = now().date() + dt.timedelta(days=40)
    with casework.open_book(tmp_path / "sim", allow_future=True) as book:
        case = _received(book, later)
        assert book.get(case.id, on=later).state == "received"


@pytest.mark.parametrize("year", [1900, 1948, 2101, 2999])
def test_years_outside_1949_2100_are_refused(disk: casework.Book, year: int) -> None:
    with pytest.raises(ValidationError) as raised:
        _received(disk, D(year, 3, 2))
    assert "1949" in str(raised.value) + " ".join(raised.value.problems)
    with pytest.raises(ValidationError):
        disk.due(on=D(year, 3, 2))
    with pytest.raises(ValidationError):
        disk.report(year)


def test_due_at_the_end_of_time_is_a_clean_refusal(disk: casework.Book) -> None:
    with pytest.raises(ValidationError):
        disk.due(on=D(9999, 12, 31))
    with pytest.raises(ValidationError):
        disk.get("RC2024-0001", on=D(9999, 12, 31))


def test_no_action_before_the_last_event(disk: casework.Book) -> None:
    case = _received(disk, D(2024, 12, 16))
    disk.act(case.id, "accept", on=D(2024, 12, 18), actor="王科员")
    with pytest.raises(ValidationError):
        disk.act(case.id, "send_copy", on=D(2024, 12, 17), actor="王科员", data={})


def test_litigation_hearing_attended_on_or_after_its_day(disk: casework.Book) -> None:
    case = disk.create(
        "litigation",
        received_on=D(2024, 11, 1),
        actor="法制科",
        parties=[{"role": "plaintiff", "name": "王五"}],
        details={
            "defendant": "汾阳市人民政府",
            "court": "汾阳市人民法院",
            "court_number": "(2024)晋1182行初5号",
            "contested_act": "房屋征收补偿决定",
        },
    )
    disk.act(case.id, "file_defence", on=D(2024, 11, 8), actor="法制科")
    disk.act(
        case.id, "schedule_hearing", on=D(2024, 12, 2), actor="法制科",
        data={"hearing_on": "2024-12-20"},
    )  # fmt: skip
    appearances = {
        "appearances": [{"name": "赵副市长", "post": "副市长", "category": "deputy_head"}]
    }
    with pytest.raises(InvalidAction) as raised:
        disk.act(case.id, "attend_hearing", on=D(2024, 12, 2), actor="法制科", data=appearances)
    assert "2024-12-20" in str(raised.value)
    done = disk.act(case.id, "attend_hearing", on=D(2024, 12, 20), actor="法制科", data=appearances)
    assert done.state == "heard"


# -- the report as of a date -------------------------------------------------------------------


def test_report_counts_nothing_not_yet_due_as_overdue(disk: casework.Book) -> None:
    case = _received(disk, D(2024, 10, 14))
    disk.act(case.id, "accept", on=D(2024, 10, 18), actor="王科员")
    decision = disk.get(case.id).clock("decision")
    assert decision is not None and decision.due_on == D(2024, 12, 17)
    early = disk.report(2024, as_of=D(2024, 12, 2))
    assert early.as_of == D(2024, 12, 2)
    assert early.figures()["reconsideration"]["overdue"] == 0
    assert early.figures()["reconsideration"]["pending"] == 1
    assert disk.report(2024).as_of == D(2024, 12, 31)
    assert disk.report(2024).figures()["reconsideration"]["overdue"] == 1
    assert "截至2024年12月2日" in early.to_dict()["as_of_text"]


def test_report_of_the_current_year_is_as_of_today(disk: casework.Book) -> None:
    today = now().date()
    report = disk.report(today.year)
    assert report.as_of == today
    stamp = f"截至{today.year}年{today.month}月{today.day}日"
    assert report.to_dict()["as_of"] == today.isoformat()
    assert stamp in report.to_dict()["as_of_text"]
    with pytest.raises(ValidationError):
        disk.report(today.year, as_of=today + dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        disk.report(2024, as_of=D(2025, 1, 1))


def test_report_as_of_a_day_counts_what_was_dated_by_then(disk: casework.Book) -> None:
    first = _received(disk, D(2024, 3, 4))
    disk.act(first.id, "accept", on=D(2024, 3, 6), actor="王科员")
    second = _received(disk, D(2024, 6, 3))
    disk.act(second.id, "reject", on=D(2024, 6, 5), actor="王科员",
             data={"reason": "超过申请期限", "ground": "行政复议法第30条"})  # fmt: skip
    march = disk.report(2024, as_of=D(2024, 3, 31)).figures()["reconsideration"]
    assert (march["received"], march["accepted"], march["not_accepted"]) == (1, 1, 0)
    year = disk.report(2024).figures()["reconsideration"]
    assert (year["received"], year["accepted"], year["not_accepted"]) == (2, 1, 1)


def test_a_history_recorded_under_older_rules_still_reads_on_every_day(disk: casework.Book) -> None:
    from casework import workflow
    from casework.serialize import case_to_record

    case = _received(disk, D(2024, 3, 4))
    disk.act(case.id, "accept", on=D(2024, 3, 5), actor="王科员")
    disk.act(case.id, "suspend", on=D(2024, 3, 20), actor="王科员", data={"ground": "other"})
    stored = disk.stored(case.id)
    kind = disk.case_type("reconsideration")
    with pytest.raises(InvalidAction):  # today's rules refuse it ...
        workflow.apply(kind, stored, "terminate", on=D(2024, 3, 30), actor="王科员",
                       data={"ground": "long_suspension"})  # fmt: skip
    # ... but an older release recorded it: the history stays readable
    ended, _ = workflow.apply(kind, stored, "terminate", on=D(2024, 3, 30), actor="王科员",
                              data={"ground": "long_suspension"}, recorded=True)  # fmt: skip
    with disk.store.transaction() as tx:
        tx.put(case_to_record(ended), expected_version=stored.version)
    assert disk.get(case.id).state == "terminated"
    assert disk.get(case.id, on=D(2024, 3, 25)).state == "suspended"
    assert workflow.replay(kind, disk.stored(case.id).events).state == "terminated"
    assert disk.report(2024).figures()["reconsideration"]["terminated"] == 1
