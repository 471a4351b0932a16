"""The 行政执法证件 section from facts: the reference's figures on a book of every edge, and no
personal data in the facts.

The sample book's certificates are all applied for and issued in 2020; this book spans 2015 to
2021 so that every figure meets a case carried over a year's end: an examination re-sat across
New Year, a certificate that expires, is suspended, revoked or renewed, one valid to the last day
of the year, and one officer applying twice.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from reference_reports import section as reference

import casework
from casework.personal import id_check_digit
from casework.report import ReportContext, ReportSection
from casework_certificate.report import facts, officer

D = dt.date
BODY, POLICE = "某市市场监督管理局", "某市公安局"
FIRST = "141182198503120" + "12"
ID = FIRST + id_check_digit(FIRST)


def _apply(book, on, name, body=BODY, cert_type="new", id_number=None, **extra):
    holder = {"role": "holder", "name": name, **({"id_number": id_number} if id_number else {})}
    return book.create(
        "certificate",
        received_on=on,
        actor="法制股",
        parties=[holder],
        details={"body": body, "cert_type": cert_type, **extra},
    )


def _act(book, case, action, on, data=None):
    return book.act(case.id, action, on=on, actor="法制股", data=data)


def _issued(book, on, name, body=BODY, **extra):
    case = _apply(book, on, name, body, **extra)
    _act(book, case, "pass_exam", on + dt.timedelta(days=5), {"score": 80})
    return _act(book, case, "issue", on + dt.timedelta(days=10), {"number": f"N{on:%Y%m%d}"})


@pytest.fixture
def book(tmp_path: Path):
    with casework.open_book(tmp_path / "book") as opened:
        # applied in December, failed, re-sat and passed in January, issued in February
        a = _apply(opened, D(2019, 12, 20), "张三", id_number=ID)
        _act(opened, a, "fail_exam", D(2019, 12, 28), {"score": 40})
        _act(opened, a, "pass_exam", D(2020, 1, 10), {"score": 70})
        _act(opened, a, "issue", D(2020, 2, 1), {"number": "A1"})
        # the same officer (same ID number) twice in 2020, once withdrawn, once for another body
        h = _apply(opened, D(2020, 5, 6), "张三", id_number=ID)
        _act(opened, h, "withdraw", D(2020, 5, 20), {"reason": "重复申请"})
        b = _apply(opened, D(2020, 8, 3), "张三", body=POLICE, id_number=ID)
        _act(opened, b, "pass_exam", D(2020, 8, 20), {"score": 90})
        # issued in 2015: its renewal window closes in 2020 unused, it expires mid-2020
        _issued(opened, D(2015, 5, 20), "李四")
        # issued in 2016: renewal asked in time, suspended at the end of 2020
        d = _issued(opened, D(2016, 3, 1), "王五", body=POLICE)
        _act(opened, d, "request_renewal", D(2020, 9, 1))
        _act(opened, d, "suspend", D(2020, 12, 1), {"ground": "investigation"})
        # issued in 2019, revoked in 2020
        e = _issued(opened, D(2019, 3, 1), "赵六")
        _act(opened, e, "revoke", D(2020, 4, 1), {"ground": "forgery_lending"})
        # valid to 2020-12-31: in force on the last day of the year
        _issued(opened, D(2015, 12, 21), "钱七")
        # withdrawn, and refused after the re-sit
        f = _apply(opened, D(2020, 3, 2), "孙八", body="某市司法局", cert_type="supervision")
        _act(opened, f, "withdraw", D(2020, 3, 20), {"reason": "调岗"})
        g = _apply(opened, D(2020, 10, 12), "周九")
        _act(opened, g, "fail_exam", D(2020, 11, 2), {"score": 20})
        _act(opened, g, "fail_exam", D(2020, 12, 28), {"score": 30})
        _act(opened, g, "refuse", D(2021, 1, 5), {"reason": "补考仍不合格"})
        yield opened


def _shape(part: ReportSection | None) -> object:
    if part is None:
        return None
    return (
        dict(part.figures),
        part.text_zh,
        part.text_en,
        [t.to_dict("zh") for t in part.tables],
        [n.zh for n in part.notes],
    )


def _turns(book: casework.Book) -> list[dt.date]:
    days: set[dt.date] = set()
    for case in book.find(kind="certificate", on=D(2100, 12, 31)):
        days.update(e.on for e in case.events)
        days.update(k.due_on for k in case.clocks if k.due_on)
        if case.details.expires_on:
            days.add(case.details.expires_on)
    near = {t + dt.timedelta(days=d) for t in days for d in (-1, 0, 1)}
    return sorted(t for t in near if D(2019, 1, 1) <= t <= D(2021, 12, 31))


AS_OF = ("valid_at_end", "suspended_at_end", "renewal_overdue")
"""Figures judged on the report's day; the reference judged them on 31 December whatever the day."""


def test_every_day_a_figure_may_turn_reports_what_the_cases_report(book) -> None:
    days = _turns(book)
    assert len(days) > 40
    for day in days:
        report = book.report(day.year, as_of=day)
        ours = report.section("certificate")
        theirs = reference("certificate", ReportContext(book, day.year, as_of=report.as_of))
        assert ours is not None and theirs is not None
        mine = {k: v for k, v in ours.figures.items() if k not in AS_OF}
        assert mine == {k: v for k, v in theirs.figures.items() if k not in AS_OF}, day
    for year in (2019, 2020, 2021):
        report = book.report(year, as_of=D(year, 12, 31))
        theirs = reference("certificate", ReportContext(book, year, as_of=D(year, 12, 31)))
        assert _shape(report.section("certificate")) == _shape(theirs), year


def test_validity_and_renewal_are_judged_on_the_reports_day(book) -> None:
    # 9 January 2020: 李四, 王五, 赵六 and 钱七 hold certificates in force; no renewal window has
    # closed yet (李四's closes in February), so none is overdue
    f = book.report(2020, as_of=D(2020, 1, 9)).section("certificate").figures
    assert (f["valid_at_end"], f["suspended_at_end"], f["renewal_overdue"]) == (4, 0, 0)
    # 2 June 2020: 张三's was issued on 1 February, 赵六's revoked on 1 April, 李四's expired on
    # 30 May (an expired certificate is no longer overdue for renewal); 钱七's window is open
    f = book.report(2020, as_of=D(2020, 6, 2)).section("certificate").figures
    assert (f["valid_at_end"], f["renewal_overdue"], f["expired"]) == (3, 0, 1)
    f = book.report(2020, as_of=D(2020, 10, 9)).section("certificate").figures
    assert (f["valid_at_end"], f["renewal_overdue"]) == (3, 1)  # 钱七's window has closed


def test_the_year_end_figures_of_this_book(book) -> None:
    f = book.report(2020).section("certificate").figures
    assert (f["applications"], f["persons"], f["bodies"]) == (4, 3, 3)  # 张三 twice: one officer
    assert (f["exam_sittings"], f["resits"], f["exam_bodies"]) == (4, 2, 2)
    assert (f["withdrawn"], f["revoked"], f["expired"], f["suspended"]) == (2, 1, 1, 1)
    assert (f["valid_at_end"], f["suspended_at_end"], f["renewal_overdue"]) == (2, 1, 1)
    assert book.report(2021).section("certificate").figures["refused"] == 1


def test_facts_hold_no_name_and_no_id_number(book) -> None:
    twins = [c for c in book.find(kind="certificate") if c.parties[0].name == "张三"]
    assert len(twins) == 3 and {c.parties[0].id_number for c in twins} == {ID}
    assert len({officer(c) for c in twins}) == 1  # one officer, whatever the body or year
    assert officer(twins[0]) != officer(book.find(kind="certificate")[0])  # 李四
    assert dict(facts(twins[0]))["officer"] == officer(twins[0])
    stored = json.dumps(book.report_facts("certificate", 2020), ensure_ascii=False)
    assert officer(twins[0]) in stored
    for secret in (ID, ID[6:14], "张三", "李四"):
        assert secret not in stored
