"""The 免费法律咨询 section from facts: the reference's figures on every day a figure may turn.

The sample book logs its shifts on their day; this book also schedules shifts ahead (one held
across New Year), cancels one, amends a log after the year's end, and holds shifts at every kind
of site by every kind of provider, so that the facts as they stood on each day are what count.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from reference_reports import section as reference

import casework
from casework.report import ReportContext, ReportSection

D = dt.date


def _shift(site: str, venue: str, kind: str, provider: str = "李律师") -> dict[str, str]:
    return {"site": site, "venue": venue, "provider": provider, "provider_kind": kind}


def _log(book, on, details, matters, referrals=0):
    return book.create("consultation", received_on=on, actor="王科员", details=details,
                       action="log", data={"matters": matters, "referrals": referrals})  # fmt: skip


@pytest.fixture
def book(tmp_path: Path):
    with casework.open_book(tmp_path / "book") as opened:
        hall = _shift("hall", "审批大厅", "lawyer")
        town = _shift("township", "杏花村镇公共法律服务工作站", "grassroots", "张法律服务工作者")
        other = _shift("township", "贾家庄镇公共法律服务工作站", "retired_judge", "王法官")
        centre = _shift("centre", "公共法律服务中心", "retired_prosecutor", "赵检察官")
        _log(opened, D(2020, 1, 6), hall, {"labour": 3, "land": 1}, referrals=1)
        _log(opened, D(2020, 5, 11), town, {"marriage_family": 2})
        amended = _log(opened, D(2020, 12, 28), other, {"inheritance": 1})
        opened.act(amended.id, "amend", on=D(2021, 1, 4), actor="王科员",
                   data={"matters": {"inheritance": 1, "traffic": 2}, "referrals": 2})  # fmt: skip
        late = opened.create("consultation", received_on=D(2020, 12, 30), details=centre,
                             actor="王科员")  # fmt: skip
        opened.act(late.id, "hold", on=D(2021, 1, 4), actor="王科员",
                   data={"matters": {"criminal": 4}})  # fmt: skip
        called_off = opened.create("consultation", received_on=D(2020, 7, 1), details=town,
                                   actor="王科员")  # fmt: skip
        opened.act(called_off.id, "cancel", on=D(2020, 7, 1), actor="王科员",
                   data={"reason": "值班律师出庭"})  # fmt: skip
        _log(opened, D(2021, 3, 1), town, {"other": 1})
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


def test_every_day_a_figure_may_turn_reports_what_the_cases_report(book) -> None:
    turns = {e.on for c in book.find(kind="consultation") for e in c.events}
    near = {t + dt.timedelta(days=d) for t in turns for d in (-1, 0, 1)}
    days = sorted(near | {D(2019, 12, 31), D(2020, 12, 31), D(2021, 12, 31)})
    for day in days:
        report = book.report(day.year, as_of=day)
        ours = report.section("consultation")
        theirs = reference("consultation", ReportContext(book, day.year, as_of=report.as_of))
        assert _shape(ours) == _shape(theirs), day


def test_the_year_end_figures_of_this_book(book) -> None:
    f = book.report(2020).section("consultation").figures
    # the amendment and the late log of 4 January 2021 do not reach back into 2020
    assert (f["shifts"], f["consultations"], f["referrals"], f["cancelled"]) == (3, 7, 1, 1)
    assert (f["hall_shifts"], f["township_shifts"], f["townships"]) == (1, 2, 2)
    assert (f["consultations_inheritance"], f["consultations_traffic"]) == (1, 0)
    f = book.report(2020, as_of=D(2020, 12, 31)).section("consultation").figures
    assert f["centre_shifts"] == 0  # still scheduled on the year's last day


def test_facts_name_no_provider(book) -> None:
    stored = json.dumps(book.report_facts("consultation", 2020), ensure_ascii=False)
    assert "杏花村镇公共法律服务工作站" in stored  # the place is a fact
    for name in ("李律师", "张法律服务工作者", "王法官", "赵检察官", "值班律师出庭"):
        assert name not in stored
