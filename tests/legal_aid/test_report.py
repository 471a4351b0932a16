"""The legal-aid report section: figures and sentences on small hand-made books."""

from __future__ import annotations

import json

from la_helpers import D, apply, appoint_data, carry_to_close, grant, notify

import casework
from casework_legal_aid import subsidy

PROCURATORATE = "汾阳市人民检察院"


def section(book: casework.Book, year: int) -> casework.ReportSection:
    found = book.report(year).section("legal_aid")
    assert found is not None
    return found


def build(book: casework.Book) -> dict[str, str]:
    ids: dict[str, str] = {}
    # 2019: one case closed in 2020, one still open with nothing happening in 2020
    old = notify(book, D(2019, 11, 4), letter="(2019)晋1182刑初90号")
    book.act(old.id, "appoint", on=D(2019, 11, 5), actor="a", data=appoint_data(90))
    ids["old_closed"] = old.id
    book.act(old.id, "close", on=D(2020, 1, 10), actor="a", data={"outcome": "judgment"})
    ids["old_open"] = apply(book, D(2019, 12, 2)).id
    # 2020: court notices (one letter for two persons), a procuratorate notice
    for n, persons in ((1, 1), (2, 2), (3, 1)):
        case = notify(book, D(2020, 3, n), persons=persons, letter=f"(2020)晋1182刑初{n}号")
        book.act(case.id, "appoint", on=D(2020, 3, n + 1), actor="a", data=appoint_data(n))
        ids[f"court{n}"] = case.id
    pro = notify(
        book,
        D(2020, 4, 1),
        organ=PROCURATORATE,
        organ_kind="procuratorate",
        details={"category": "criminal", "matter": "涉嫌诈骗罪"},
    )
    book.act(pro.id, "appoint", on=D(2020, 4, 2), actor="a", data=appoint_data(4))
    # applications: civil closed, civil refused, administrative appointed
    civil = apply(book, D(2020, 5, 6))
    carry_to_close(book, civil, appoint_on=D(2020, 5, 7), close_on=D(2020, 9, 1))
    refused = apply(book, D(2020, 5, 6))
    book.act(
        refused.id,
        "refuse",
        on=D(2020, 5, 8),
        actor="a",
        data={"ground": "scope", "notice_number": "1"},
    )
    admin = apply(book, D(2020, 6, 1), category="administrative")
    grant(book, admin.id, D(2020, 6, 2))
    book.act(admin.id, "appoint", on=D(2020, 6, 3), actor="a", data=appoint_data(5))
    # received in December, closed next year
    late = notify(book, D(2020, 12, 28), letter="(2020)晋1182刑初99号")
    book.act(late.id, "appoint", on=D(2020, 12, 29), actor="a", data=appoint_data(99))
    ids["late"] = late.id
    book.act(late.id, "close", on=D(2021, 1, 15), actor="a", data={"outcome": "judgment"})
    return ids


def test_figures_of_a_small_book(book):
    with book.batch():  # one commit; the hooks run at its end
        build(book)
    values = dict(section(book, 2020).figures)
    assert values == {
        "accepted": 8,
        "criminal": 5,
        "civil": 2,
        "administrative": 1,
        "state_compensation": 0,
        "by_application": 3,
        "by_notice": 5,
        "court_notices": 5,  # 1 + 2 + 1 + the December notice
        "procuratorate_notices": 1,
        "public_security_notices": 0,
        "appointment_letters": 5,  # answers to the 2020 notices (the 2019 one not counted)
        "assignment_notices": 2,
        "granted": 2,
        "refused": 1,
        "withdrawn": 0,
        "terminated": 0,
        "closed": 2,  # the 2019 case and the civil one
        "pending": 7,  # 2019's open application, 3 court + 1 procuratorate, admin, December
        "full_coverage": 4,
        "subsidy_total": None,  # no rules installed: the example is no real standard
        "rules": "none",
        "late_reviews": 0,
    }
    # the 2019 open application and the December case are pending at the end of 2020;
    # the December case is closed in 2021
    assert section(book, 2020).figures["pending"] == 7
    next_year = section(book, 2021).figures
    assert (next_year["accepted"], next_year["closed"], next_year["pending"]) == (0, 1, 6)
    earlier = section(book, 2019).figures
    assert (earlier["accepted"], earlier["appointment_letters"], earlier["pending"]) == (2, 1, 2)


def test_sentences_name_the_organs_from_the_data(mem):
    with mem.batch():  # one commit; the hooks run at its end
        build(mem)
    part = section(mem, 2020)
    assert part.text_zh == (
        "共受理各类援助案件8件,其中刑事案件5件,民事案件2件,行政案件1件。",
        "共收到汾阳市人民法院通知辩护函5人次、汾阳市人民检察院通知辩护函1人次,"
        "出具法律援助案件指定书5份。",
        "全年结案2件,终止法律援助0件,不予法律援助1件,年末未结7件。",
    )
    assert part.text_en[0] == (
        "8 legal-aid cases were accepted: 5 criminal, 2 civil, 1 administrative."
    )
    assert "defence notices for 5 persons from 汾阳市人民法院" in part.text_en[1]
    assert [tuple(row) for row in part.tables[0].rows_in("zh")] == [
        ("汾阳市人民法院", "通知辩护", 5),
        (PROCURATORATE, "通知辩护", 1),
    ]


def test_the_seed_sentence_shape(mem):
    for n in range(2):
        case = notify(mem, D(2020, 3, 2 + n), letter=f"(2020)晋1182刑初{n}号")
        mem.act(case.id, "appoint", on=D(2020, 3, 5), actor="a", data=appoint_data(n))
    apply(mem, D(2020, 4, 1))
    apply(mem, D(2020, 4, 1), category="administrative")
    text = "".join(mem.report(2020).paragraphs("zh"))
    assert (
        "共受理各类援助案件4件,其中刑事案件2件,民事案件1件,行政案件1件。"
        "共收到汾阳市人民法院通知辩护函2人次,出具法律援助案件指定书2份。"
    ) in text


def test_zero_categories_are_left_out_and_an_empty_year_says_so(mem):
    apply(mem, D(2020, 4, 1))
    assert section(mem, 2020).text_zh == (
        "共受理各类援助案件1件,其中民事案件1件。",
        "全年结案0件,终止法律援助0件,不予法律援助0件,年末未结1件。",
    )
    assert section(mem, 2018).text_zh == ("全年未受理法律援助案件。",)


def test_subsidy_total_uses_the_installed_rules(mem):
    case = notify(mem, D(2020, 3, 2))
    carry_to_close(mem, case, appoint_on=D(2020, 3, 3), close_on=D(2020, 6, 1))
    assert section(mem, 2020).figures["subsidy_total"] is None
    subsidy.use_rules(
        mem,
        subsidy.parse_rules(
            {"name": "本地", "rates": [{"category": "criminal", "amount": 1300}]}, "t"
        ),
    )
    assert section(mem, 2020).figures["subsidy_total"] == 1300


def test_same_book_same_report_and_json_ready(book):
    with book.batch():  # one commit; the hooks run at its end
        build(book)
    first = book.report(2020).to_dict()
    assert first == book.report(2020).to_dict()
    assert json.loads(json.dumps(first, ensure_ascii=False))["legal_aid"]["accepted"] == 8
    labels = section(book, 2020).labels
    assert set(labels) == set(first["legal_aid"])
