"""Every report sentence honest on any data: carried-over and pending cases, none at all, a county.

The county book (see ``county_book``) has, for 行政复议, an application of 2020-12-10 decided in
2021; in 2021 one decided, one rejected and one (2021-12-01) still pending at the year's end.
"""

from __future__ import annotations

import datetime as dt

import pytest

import casework

D = dt.date


@pytest.fixture
def county_book(county):
    path, ids = county
    with casework.open_book(path) as book:
        yield book, ids


def _zh(book: casework.Book, kind: str, year: int) -> tuple[str, ...]:
    section = book.report(year).section(kind)
    assert section is not None
    return section.text_zh


def _en(book: casework.Book, kind: str, year: int) -> tuple[str, ...]:
    section = book.report(year).section(kind)
    assert section is not None
    return section.text_en


def test_reconsideration_counts_carried_over_and_pending_cases(county_book):
    book, _ids = county_book
    figures = book.report(2021).figures()["reconsideration"]
    assert (figures["received"], figures["concluded"], figures["pending"]) == (3, 3, 1)
    assert _zh(book, "reconsideration", 2021) == (
        "全年共接收行政复议申请3件,其中受理2件,不予受理1件,另办结以往年度申请1件,尚有1件正在办理。",
    )
    assert "1 earlier application was also concluded" in _en(book, "reconsideration", 2021)[0]
    assert _zh(book, "reconsideration", 2020) == (
        "全年共接收行政复议申请1件,其中受理1件,尚有1件正在办理。",
    )


def test_reconsideration_counts_only_the_years_own_applications_as_accepted(tmp_path):
    """A 2020 application accepted in 2021 is no part of 2021's "其中受理"."""
    with casework.open_book(tmp_path / "b") as book:
        old = book.create(
            "reconsideration",
            received_on=D(2020, 12, 30),
            actor="王",
            parties=[{"role": "applicant", "name": "张三"}],
            details={"respondent": "某局", "act": {"description": "处罚决定"}},
        )
        book.act(old.id, "accept", on=D(2021, 1, 4), actor="王")
        new = book.create(
            "reconsideration",
            received_on=D(2021, 3, 1),
            actor="王",
            parties=[{"role": "applicant", "name": "李四"}],
            details={"respondent": "某局", "act": {"description": "处罚决定"}},
        )
        book.act(new.id, "accept", on=D(2021, 3, 2), actor="王")
        book.act(new.id, "decide", on=D(2021, 4, 1), actor="王", data={"type": "upheld"})
        assert book.report(2021).figures()["reconsideration"]["accepted"] == 2
        assert _zh(book, "reconsideration", 2021) == (
            "全年共接收行政复议申请1件,其中受理1件,本年申请已全部办结,"
            "以往年度申请尚有1件正在办理。",
        )


def test_every_kind_with_no_case_says_so_plainly():
    with casework.open_book(":memory:") as book:
        report = book.report(2021)
    assert report.section("reconsideration").text_zh == ("全年未接收行政复议申请。",)
    assert report.section("litigation").text_zh == ("全年未发生行政应诉案件。",)
    assert report.section("legal_aid").text_zh == ("全年未受理法律援助案件。",)
    assert report.section("legal_aid").text_en == ("No legal-aid case was accepted in the year.",)
    assert report.section("mediation").text_zh == ()
    # nothing to mark in an empty year: no note about subsidy rules
    assert all(not report.section(k).notes for k in ("legal_aid", "mediation"))


def test_a_county_is_named_as_a_county(county_book):
    book, _ids = county_book
    assert _zh(book, "litigation", 2021) == (
        "全年县政府共参加行政应诉案件1件,每次出庭均有行政主要负责人或分管负责人出庭参与诉讼。",
    )
    mediation = _zh(book, "mediation", 2021)
    assert mediation[0] == "全县共有人民调解组织1个。"
    legal_aid = _zh(book, "legal_aid", 2021)
    assert legal_aid[0] == "共受理各类援助案件2件,其中刑事案件1件,民事案件1件。"
    assert legal_aid[1] == "共收到清河县人民法院通知辩护函1人次,出具法律援助案件指定书1份。"
    for section in book.report(2021).sections:  # every installed kind's sentences and notes
        for line in (*section.text_zh, *(n.zh for n in section.notes)):
            assert "市" not in line and "汾" not in line, (section.kind, line)


def test_a_district_and_a_city_take_their_own_words(tmp_path):
    from casework.locality import from_options

    for name, area, government in (("海淀区", "全区", "区政府"), ("汾阳市", "全市", "市政府")):
        with casework.open_book(tmp_path / name) as book:
            book.configure(from_options(name))
            case = book.create(
                "litigation",
                received_on=D(2021, 3, 1),
                actor="a",
                parties=[{"role": "plaintiff", "name": "王五"}],
                details={"defendant": book.locality.government_name},
            )
            book.act(case.id, "file_defence", on=D(2021, 3, 5), actor="a")
            assert _zh(book, "litigation", 2021)[0].startswith(f"全年{government}共参加")
            assert area == book.locality.area
