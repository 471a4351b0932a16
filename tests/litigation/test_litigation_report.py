"""行政应诉 report figures and sentences on small hand-made books."""

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

import casework

D = dt.date
SEED = Path("/work/shared/seed/fenyang-2020-rule-of-law-report.txt")
PRINCIPAL = {"name": "孙市长", "post": "市长", "category": "principal_head"}
DEPUTY = {"name": "赵副市长", "post": "副市长", "category": "deputy_head"}


@pytest.fixture
def book():
    """An in-memory book (the disk store is exercised by the seed-shaped tests)."""
    with casework.open_book(":memory:") as opened:
        yield opened


def make(book, served, short="市政府"):
    return book.create(
        "litigation",
        received_on=served,
        actor="法制科",
        parties=[{"role": "plaintiff", "name": "王五"}],
        details={"defendant": "汾阳市人民政府", "defendant_short": short},
    )


def act(book, case_id, action, on, data=None):
    return book.act(case_id, action, on=on, actor="法制科", data=data)


def hearing(book, case_id, scheduled, on, *who):
    act(book, case_id, "schedule_hearing", scheduled, {"hearing_on": on})
    act(book, case_id, "attend_hearing", on, {"appearances": list(who)})


def mixed_book(book):
    a = make(book, D(2020, 3, 2)).id
    act(book, a, "file_defence", D(2020, 3, 10))
    hearing(book, a, D(2020, 3, 20), D(2020, 4, 8), PRINCIPAL)
    act(book, a, "judge", D(2020, 5, 11), {"type": "claims_dismissed"})
    act(book, a, "close", D(2020, 5, 27))
    b = make(book, D(2020, 5, 11)).id
    act(book, b, "file_defence", D(2020, 5, 29))  # due 05-26: late
    deputy_level = {"name": "钱某", "category": "deputy_level_head"}
    lawyer = {"name": "周律师", "category": "lawyer"}
    hearing(book, b, D(2020, 6, 1), D(2020, 6, 30), deputy_level, lawyer)  # before Heads20
    act(book, b, "judge", D(2020, 7, 20), {"type": "revoked"})
    act(book, b, "close", D(2020, 8, 5))
    c = make(book, D(2020, 7, 6)).id
    act(book, c, "file_defence", D(2020, 7, 15))
    act(book, c, "judge", D(2020, 7, 30), {"type": "withdrawal_allowed"})
    act(book, c, "close", D(2020, 7, 31))
    d = make(book, D(2020, 11, 2)).id
    act(book, d, "file_defence", D(2020, 11, 10))
    hearing(book, d, D(2020, 11, 20), D(2020, 12, 1), DEPUTY)
    act(book, d, "judge", D(2020, 12, 15), {"type": "revoked"})
    act(book, d, "appeal", D(2020, 12, 25), {"by": "defendant", "filed_on": "2020-12-25"})
    hearing(book, d, D(2021, 1, 20), D(2021, 2, 3), PRINCIPAL)
    act(book, d, "judge", D(2021, 3, 1), {"type": "amended", "result": "claims_dismissed"})
    act(book, d, "close", D(2021, 3, 2))


def test_figures_and_honest_sentence_below_full_attendance(book):
    mixed_book(book)
    section = book.report(2020).section("litigation")
    f = section.figures
    assert (f["cases"], f["received"], f["hearings"], f["hearings_with_head"]) == (4, 4, 3, 2)
    assert f["appearance_rate"] == 0.6667
    assert (f["judged"], f["lost"], f["loss_rate"], f["withdrawn"]) == (3, 1, 0.3333, 1)
    assert (f["outcomes_claims_dismissed"], f["outcomes_revoked"]) == (1, 1)
    assert f["outcomes_withdrawal_allowed"] == 1 and f["outcomes_varied"] == 0
    assert (f["overdue_defences"], f["appeals"]) == (1, 1)
    assert section.order == 20
    assert section.text_zh == (
        "全年市政府共参加行政应诉案件4件,出庭3次,其中负责人出庭2次,负责人出庭率66.7%。",
    )
    assert "(66.7%)" in section.text_en[0]


def test_the_next_year_counts_the_appeal_concluded_then(book):
    mixed_book(book)
    section = book.report(2021).section("litigation")
    f = section.figures
    assert (f["cases"], f["received"], f["hearings"], f["appearance_rate"]) == (1, 0, 1, 1.0)
    assert (f["judged"], f["lost"], f["loss_rate"], f["outcomes_claims_dismissed"]) == (
        1,
        0,
        0.0,
        1,
    )
    assert section.text_zh == (
        "全年市政府共参加行政应诉案件1件,每次出庭均有行政主要负责人或分管负责人出庭参与诉讼。",
    )


def test_open_defence_past_due_at_year_end_is_late(book):
    make(book, D(2020, 12, 7))  # due 12-22, nothing filed by 12-31
    make(book, D(2020, 12, 28))  # due 2021-01-12
    f = book.report(2020).section("litigation").figures
    assert f["overdue_defences"] == 1
    assert f["appearance_rate"] is None and f["loss_rate"] is None


def test_empty_year_and_no_hearing(book):
    assert book.report(2019).section("litigation").text_zh == ("全年未发生行政应诉案件。",)
    make(book, D(2020, 3, 2), short="市公安局")
    assert book.report(2020).section("litigation").text_zh == (
        "全年市公安局共参加行政应诉案件1件,全年未开庭。",
    )


def test_the_seed_sentence_on_a_fenyang_shaped_year(tmp_path):
    with casework.open_book(tmp_path / "b") as book:
        for month, who in ((3, PRINCIPAL), (5, DEPUTY), (8, DEPUTY), (10, PRINCIPAL)):
            case = make(book, D(2020, month, 2)).id
            act(book, case, "file_defence", D(2020, month, 10))
            hearing(book, case, D(2020, month, 11), D(2020, month, 20), who)
        first = book.report(2020).to_dict()
    with casework.open_book(tmp_path / "b") as book:
        assert book.report(2020).to_dict() == first
    assert first["litigation"]["cases"] == 4 and first["litigation"]["appearance_rate"] == 1.0
    section = first["sections"][[s["kind"] for s in first["sections"]].index("litigation")]
    zh = section["text"]["zh"][0]
    assert (
        zh == "全年市政府共参加行政应诉案件4件,每次出庭均有行政主要负责人或分管负责人出庭参与诉讼。"
    )
    if SEED.exists():  # the seed is stored with ASCII punctuation and one comma dropped
        seed = SEED.read_text(encoding="utf-8")
        assert unicodedata.normalize("NFKC", zh).replace("4件,", "4件") in seed
