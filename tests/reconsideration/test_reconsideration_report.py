"""行政复议 report figures and sentences on small hand-made books."""

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

import casework
from casework.plugins import failures, get_plugins

D = dt.date
SEED = Path("/work/shared/seed/fenyang-2020-rule-of-law-report.txt")


@pytest.fixture
def book():
    """An in-memory book (the disk store is exercised by the seed-shaped tests)."""
    with casework.open_book(":memory:") as opened:
        yield opened


def make(book, received, respondent="汾阳市公安局"):
    return book.create(
        "reconsideration",
        received_on=received,
        actor="王科员",
        parties=[{"role": "applicant", "name": "李四"}],
        details={"respondent": respondent, "act": {"description": "行政处罚决定"}},
    )


def act(book, case_id, action, on, data=None):
    return book.act(case_id, action, on=on, actor="王科员", data=data)


def decided(book, received, accepted, on, type_):
    case = make(book, received)
    act(book, case.id, "accept", accepted)
    return act(book, case.id, "decide", on, {"type": type_})


@pytest.fixture
def mixed(book):
    # E: received 2019, decided 2020 after its period (due 2020-01-03)
    decided(book, D(2019, 11, 4), D(2019, 11, 5), D(2020, 1, 10), "confirmed_illegal")
    decided(book, D(2020, 3, 2), D(2020, 3, 5), D(2020, 4, 20), "upheld")  # 49 days
    b = make(book, D(2020, 5, 6))
    act(book, b.id, "reject", D(2020, 5, 8), {"reason": "不属于受案范围", "ground": "第6条"})
    decided(book, D(2020, 6, 1), D(2020, 6, 3), D(2020, 7, 15), "revoked")  # 44 days
    f = make(book, D(2020, 8, 3))
    act(book, f.id, "refer", D(2020, 8, 5), {"organ": "吕梁市人民政府"})
    d = make(book, D(2020, 12, 1))
    act(book, d.id, "accept", D(2020, 12, 2))
    act(book, d.id, "decide", D(2021, 1, 11), {"type": "varied"})  # concluded next year
    return book


def test_figures_of_a_mixed_year(mixed):
    section = mixed.report(2020).section("reconsideration")
    f = section.figures
    assert {k: f[k] for k in ("received", "accepted", "not_accepted", "referred")} == {
        "received": 5,
        "accepted": 3,
        "not_accepted": 1,
        "referred": 1,
    }
    assert (f["concluded"], f["pending"], f["decided"]) == (5, 1, 3)
    assert (f["decisions_upheld"], f["decisions_revoked"], f["decisions_confirmed_illegal"]) == (
        1,
        1,
        1,
    )
    assert f["decisions_varied"] == 0 and f["decisions_confirmed_void"] == 0
    assert (f["corrected"], f["correction_rate"]) == (2, 0.6667)
    assert f["median_days_to_decision"] == 49  # of 67, 49 and 44 days
    assert f["overdue"] == 1
    assert section.order == 10
    # concluded 5 = the 2019 application + 4 of 2020's: the sentence says which is which
    assert section.text_zh == (
        "全年共接收行政复议申请5件,其中受理3件,不予受理1件,告知向有关机关申请1件,"
        "另办结以往年度申请1件,尚有1件正在办理。",
    )
    assert section.text_en[0].endswith("1 are still being handled.")
    assert section.label("correction_rate", "zh") == "纠错率"


def test_the_next_year_counts_the_case_concluded_then(mixed):
    f = mixed.report(2021).section("reconsideration").figures
    assert (f["received"], f["accepted"], f["concluded"], f["pending"]) == (0, 0, 1, 0)
    assert (f["decided"], f["decisions_varied"], f["corrected"]) == (1, 1, 1)
    section = mixed.report(2021).section("reconsideration")
    assert section.text_zh == ("全年未接收行政复议申请,办结以往年度申请1件。",)
    assert f["median_days_to_decision"] == 41
    assert f["overdue"] == 0


def test_a_year_without_decisions_has_no_rates(book):
    make(book, D(2020, 12, 28))
    f = book.report(2020).section("reconsideration").figures
    assert f["correction_rate"] is None and f["median_days_to_decision"] is None
    assert (f["received"], f["pending"], f["decided"]) == (1, 1, 0)
    assert book.report(2021).section("reconsideration").text_zh == (
        "全年未接收行政复议申请,尚有1件正在办理。",
    )
    assert book.report(2019).section("reconsideration").text_zh == ("全年未接收行政复议申请。",)


def test_open_past_due_at_year_end_is_overdue(book):
    case = make(book, D(2020, 10, 12))
    act(book, case.id, "accept", D(2020, 10, 13))  # due 2020-12-11
    assert book.report(2020).section("reconsideration").figures["overdue"] == 1
    act(book, case.id, "decide", D(2021, 1, 5), {"type": "upheld"})
    assert book.report(2020).section("reconsideration").figures["overdue"] == 1
    assert book.report(2021).section("reconsideration").figures["overdue"] == 1


def test_arl23_referral_is_a_rejection_and_deemed_acceptance_counts(book):
    a = make(book, D(2024, 3, 4))
    act(book, a.id, "refer", D(2024, 3, 5), {"organ": "吕梁市人民政府"})
    make(book, D(2024, 3, 4))
    book.lapse(on=D(2024, 3, 20))
    section = book.report(2024).section("reconsideration")
    f = section.figures
    assert (f["received"], f["accepted"], f["not_accepted"], f["referred"]) == (2, 1, 1, 1)
    assert section.text_zh == (
        "全年共接收行政复议申请2件,其中受理1件,不予受理1件,尚有1件正在办理。",
    )


def test_the_seed_sentence_on_a_fenyang_shaped_year(tmp_path):
    with casework.open_book(tmp_path / "b") as book:
        for month in range(1, 12):
            decided(book, D(2020, month, 6), D(2020, month, 7), D(2020, month, 20), "upheld")
        c = make(book, D(2020, 12, 1))
        act(book, c.id, "reject", D(2020, 12, 3), {"reason": "重复申请", "ground": "第17条"})
        first = book.report(2020).to_dict()
    with casework.open_book(tmp_path / "b") as book:
        again = book.report(2020).to_dict()
    assert first == again
    section = first["sections"][[s["kind"] for s in first["sections"]].index("reconsideration")]
    zh = section["text"]["zh"][0]
    assert zh == "全年共接收行政复议申请12件,其中受理11件,不予受理1件,现已全部办结。"
    assert first["reconsideration"]["concluded"] == 12
    assert first["reconsideration"]["correction_rate"] == 0.0
    if SEED.exists():  # the seed is stored with ASCII punctuation
        seed = SEED.read_text(encoding="utf-8")
        assert "全年共接收行政复议申请12件" in seed and "现已全部办结" in seed
        assert unicodedata.normalize("NFKC", zh).replace(",不予", "不予") in seed
    assert section["text"]["en"][0] == (
        "In the year 12 applications for administrative reconsideration were received; "
        "11 were accepted and 1 not accepted; all have been concluded."
    )


def test_loads_through_its_entry_point():
    casework.case_type("reconsideration")
    info = {p.name: p for p in get_plugins()}["reconsideration"]
    assert info.distribution == "casework"
    assert info.case_types == ("reconsideration",)
    assert set(info.hooks) == {"register_case_types", "report_sections"}
    assert "reconsideration" not in failures()
