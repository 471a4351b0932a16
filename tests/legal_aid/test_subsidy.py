"""办案补贴: the rules table, what each case earns (or why not), totals per lawyer and firm."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from la_helpers import D, apply, appoint_data, carry_to_close, notify

import casework
from casework_legal_aid import subsidy

TABLE = {
    "name": "测试标准",
    "terminated_percent": 50,
    "withhold_grades": ["fail"],
    "pay_staff": False,
    "require_file": True,
    "rates": [
        {"category": "criminal", "stage": "trial", "amount": 1500},
        {"category": "criminal", "amount": 900},
        {"category": "civil", "amount": 1200},
    ],
}


@pytest.fixture
def rules() -> subsidy.SubsidyRules:
    return subsidy.parse_rules(TABLE, "test")


def build(book: casework.Book) -> dict[str, str]:
    ids: dict[str, str] = {}
    trial = notify(book, D(2020, 3, 2))
    carry_to_close(book, trial, appoint_on=D(2020, 3, 3), close_on=D(2020, 6, 1))
    ids["trial"] = trial.id
    civil = apply(book, D(2020, 3, 2))
    carry_to_close(book, civil, appoint_on=D(2020, 3, 4), close_on=D(2020, 7, 1))
    ids["civil"] = civil.id
    prosecution = apply(book, D(2020, 3, 2), category="criminal", stage="prosecution")
    carry_to_close(
        book,
        prosecution,
        appoint_on=D(2020, 3, 4),
        close_on=D(2020, 5, 1),
        assignee="孙律师",
        firm="山西乙律师事务所",
    )
    ids["prosecution"] = prosecution.id
    no_file = apply(book, D(2020, 4, 1))
    carry_to_close(book, no_file, appoint_on=D(2020, 4, 2), close_on=D(2020, 8, 1), documents=())
    ids["no_file"] = no_file.id
    failed = notify(book, D(2020, 4, 1))
    carry_to_close(book, failed, appoint_on=D(2020, 4, 2), close_on=D(2020, 8, 1), grade="fail")
    ids["failed"] = failed.id
    cut_short = notify(book, D(2020, 5, 6))
    book.act(
        cut_short.id,
        "appoint",
        on=D(2020, 5, 7),
        actor="a",
        data=appoint_data(assignee="孙律师", firm="山西乙律师事务所"),
    )
    book.act(cut_short.id, "terminate", on=D(2020, 6, 1), actor="a", data={"ground": "own_counsel"})
    ids["cut_short"] = cut_short.id
    never_worked = notify(book, D(2020, 5, 6))
    book.act(
        never_worked.id,
        "terminate",
        on=D(2020, 5, 7),
        actor="a",
        data={"ground": "proceedings_ended"},
    )
    ids["never_worked"] = never_worked.id
    staff = notify(book, D(2020, 5, 6))
    book.act(
        staff.id,
        "appoint",
        on=D(2020, 5, 7),
        actor="a",
        data={
            **appoint_data(assignee="援助中心刘某", firm="汾阳市法律援助中心"),
            "assignee_kind": "staff",
        },
    )
    book.act(
        staff.id,
        "close",
        on=D(2020, 9, 1),
        actor="a",
        data={"outcome": "judgment", "documents": ["报告"]},
    )
    ids["staff"] = staff.id
    compensation = book.create(
        "legal_aid",
        received_on=D(2020, 5, 6),
        actor="a",
        action="apply",
        parties=[{"role": "applicant", "name": "周某"}],
        details={"category": "state_compensation", "matter": "再审改判无罪请求国家赔偿"},
    )
    carry_to_close(book, compensation, appoint_on=D(2020, 5, 7), close_on=D(2020, 9, 1))
    ids["compensation"] = compensation.id
    spans = notify(book, D(2020, 11, 2))
    carry_to_close(book, spans, appoint_on=D(2020, 11, 3), close_on=D(2021, 2, 1))
    ids["spans"] = spans.id
    refused = apply(book, D(2020, 5, 6))
    book.act(
        refused.id,
        "refuse",
        on=D(2020, 5, 7),
        actor="a",
        data={"ground": "means", "notice_number": "1"},
    )
    ids["refused"] = refused.id
    return ids


def test_each_case_earns_its_rate_or_says_why_not(book, rules):
    with book.batch():  # one commit; the hooks run at its end
        ids = build(book)
    result = subsidy.compute(book, 2020, rules)
    lines = {line.case_id: line for line in result.cases}
    assert ids["refused"] not in lines  # no lawyer: nothing to pay, nothing to explain

    def earned(key: str) -> tuple[int, str]:
        line = lines[ids[key]]
        return line.amount, line.reason.zh

    assert earned("trial") == (1500, "按刑事·审判案件标准1500元")
    assert earned("civil") == (1200, "按民事案件标准1200元")
    assert earned("prosecution") == (
        900,
        "按刑事·审查起诉案件标准900元",
    )  # the general criminal rate
    assert earned("no_file") == (0, "立卷材料尚未提交")
    assert earned("failed") == (0, "质量评估不合格,不予发放")
    assert earned("cut_short") == (750, "指派后终止,按刑事·审判标准1500元的50%发放")
    assert earned("never_worked") == (0, "未指派即终止,未开展工作")
    assert earned("staff") == (0, "本机构工作人员承办,不发放办案补贴")
    assert earned("compensation") == (0, "补贴标准未列国家赔偿案件")
    assert earned("spans") == (0, "未在2020年结案")
    with casework.language("en"):
        assert result.to_dict()["cases"][0]["reason"] == lines[result.cases[0].case_id].reason.en

    assert result.total == 1500 + 1200 + 900 + 750
    by_lawyer = [(t.name, t.firm, t.cases, t.paid, t.amount) for t in result.by_lawyer]
    assert by_lawyer == [
        ("王律师", "山西甲律师事务所", 6, 2, 2700),
        ("孙律师", "山西乙律师事务所", 2, 2, 1650),
        ("援助中心刘某", "汾阳市法律援助中心", 1, 0, 0),
    ]
    assert [(t.firm, t.amount) for t in result.by_firm] == [
        ("山西甲律师事务所", 2700),
        ("山西乙律师事务所", 1650),
        ("汾阳市法律援助中心", 0),
    ]

    later = {line.case_id: line for line in subsidy.compute(book, 2021, rules).cases}
    assert later[ids["spans"]].amount == 1500
    assert ids["trial"] not in later  # nothing happened to it in 2021


def test_closed_in_one_year_and_evaluated_in_the_next_counts_in_the_closing_year(mem, rules):
    case = notify(mem, D(2020, 10, 8))
    carry_to_close(
        mem,
        case,
        appoint_on=D(2020, 10, 9),
        close_on=D(2020, 12, 20),
        grade="good",
        review_on=D(2021, 1, 8),
    )
    assert subsidy.compute(mem, 2020, rules).total == 1500
    line = subsidy.compute(mem, 2021, rules).cases[0]
    assert (line.amount, line.reason.zh) == (0, "于2020年结案,计入该年度")


def test_replaced_lawyer_the_one_who_closes_is_paid(mem, rules):
    case = notify(mem, D(2020, 3, 2))
    mem.act(case.id, "appoint", on=D(2020, 3, 3), actor="a", data=appoint_data())
    mem.act(
        case.id,
        "replace_lawyer",
        on=D(2020, 4, 1),
        actor="a",
        data={"assignee": "孙律师", "firm": "山西乙律师事务所", "reason": "回避"},
    )
    mem.act(
        case.id,
        "close",
        on=D(2020, 6, 1),
        actor="a",
        data={"outcome": "judgment", "documents": ["报告"]},
    )
    result = subsidy.compute(mem, 2020, rules)
    assert [(t.name, t.amount) for t in result.by_lawyer] == [("孙律师", 1500)]


def test_rules_errors_name_every_field():
    bad = {
        "name": "",
        "terminated_percent": 150,
        "withhold_grades": ["awful"],
        "colour": "red",
        "rates": [
            {"category": "civil", "stage": "trial", "amount": 100},
            {"category": "labour", "amount": 100},
            {"category": "criminal", "stage": "trial", "amount": -5},
            {"category": "criminal", "stage": "trial", "amount": 5, "per": "hour"},
        ],
    }
    with pytest.raises(casework.ValidationError) as caught:
        subsidy.parse_rules(bad, "bad.toml")
    problems = "\n".join(caught.value.problems)
    for field in (
        "name",
        "terminated_percent",
        "withhold_grades[0]",
        "colour",
        "rates[0].stage",
        "rates[1].category",
        "rates[2].amount",
        "rates[3]: 未知字段 per",
        "rates[3]: 与前面的标准重复",
    ):
        assert field in problems, field
    assert "bad.toml" in caught.value.message
    with pytest.raises(casework.ValidationError, match="rates"):
        subsidy.parse_rules({"name": "x", "rates": []})


def test_rules_files_toml_and_json_and_the_book_setting(tmp_path: Path, mem):
    as_json = tmp_path / "rules.json"
    as_json.write_text(json.dumps(TABLE, ensure_ascii=False), encoding="utf-8")
    assert subsidy.load_rules(as_json).rate_for("criminal", "trial").amount == 1500
    broken = tmp_path / "rules.toml"
    broken.write_text("name = \n", encoding="utf-8")
    with pytest.raises(casework.ValidationError, match="rules.toml"):
        subsidy.load_rules(broken)

    example = subsidy.example_rules()
    assert example.example and "示例" in example.name
    assert subsidy.installed_rules(mem) is None
    assert subsidy.compute(mem, 2020).rules.example  # no rules installed: the example
    installed = subsidy.use_rules(mem, as_json)
    assert subsidy.installed_rules(mem) == installed
    assert not subsidy.compute(mem, 2020).rules.example
    assert subsidy.compute(mem, 2020).to_dict()["rules"] == "测试标准"


SWITCHES = {
    # the table as written: 1500 + 1200 + 900 + 750 (half of 1500, terminated after appointment)
    "table": ({}, 4350),
    # staff paid, no file needed, nothing withheld, a terminated case paid in full: the staff
    # case, the file-less one, the failed one and the December case (file in January) add theirs
    "generous": (
        {
            "pay_staff": True,
            "require_file": False,
            "withhold_grades": [],
            "terminated_percent": 100,
        },
        1500 + 1200 + 900 + 1200 + 1500 + 1500 + 1500 + 1500,
    ),
    # nothing for a terminated case, "pass" withheld too (no case here has that grade)
    "strict": ({"terminated_percent": 0, "withhold_grades": ["fail", "pass"]}, 1500 + 1200 + 900),
}


@pytest.mark.parametrize("switches", list(SWITCHES), ids=list(SWITCHES))
def test_the_reports_subsidy_total_is_the_years_total_from_the_facts(book, switches):
    table, expected = SWITCHES[switches]
    with book.batch():
        build(book)
    # Closed in December, file handed in in January: with require_file, the year's end sees no
    # file and the next year sees a case closed the year before, so neither year pays it (as
    # compute has always judged; whether the closing year should be judged on the file as
    # filed, as 以案定补 is, is a question of the rules, not of the fold).
    december = notify(book, D(2020, 12, 1))
    carry_to_close(
        book, december, appoint_on=D(2020, 12, 2), close_on=D(2020, 12, 20), documents=()
    )
    book.act(december.id, "submit_file", on=D(2021, 1, 8), actor="a", data={"documents": ["报告"]})
    rules = subsidy.use_rules(book, subsidy.parse_rules({**TABLE, **table}, "test"))
    assert subsidy.compute(book, 2020, rules).total == expected
    assert subsidy.compute(book, 2021, rules).total == 1500  # the case closed in February 2021
    for year in (2020, 2021):
        whole = subsidy.compute(book, year, rules).total
        for as_of in (None, D(year, 6, 15)):  # the year's subsidies, whatever the report's day
            found = book.report(year, as_of=as_of).section("legal_aid")
            assert found is not None
            assert found.figures["subsidy_total"] == whole
            assert found.figures["rules"] == "local"
