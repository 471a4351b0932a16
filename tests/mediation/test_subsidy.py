"""以案定补 on a hand-made year: grades, forms, conditions, caps, totals, roster, rules errors."""

import datetime as dt
import json

import openpyxl
import pytest

import casework
from casework import ValidationError
from casework.personal import find_unmasked
from casework_mediation.rules import example_rules_path, load_rules
from casework_mediation.subsidy import compute

D = dt.date

RULES = """
locality = "测试县"

[[rules]]
name = "测试县以案定补办法"
effective_from = 2020-01-01
approved_by = "县司法局、县财政局"

[rules.grading]
decided_on = "file_dossier"
approval_required = true

[[rules.grades]]
code = "general"
zh = "一般"
en = "general"
written = 100
oral = 60

[[rules.grades]]
code = "difficult"
zh = "疑难"
en = "difficult"
written = 200
oral = 0

[[rules.grades]]
code = "major"
zh = "重大"
en = "major"
written = 300

[rules.conditions]
standard_dossier = true
follow_up = true
performed = true

[rules.caps]
per_mediator = 500
"""


@pytest.fixture
def rules_file(tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    return path


def test_example_rules_are_marked_as_example():
    rules = load_rules(example_rules_path())
    assert rules.example is True
    assert "示例" in rules.locality and "非" in rules.locality
    text = example_rules_path().read_text(encoding="utf-8")
    assert "EXAMPLE ONLY" in text and "不是任何县" in text


def test_grades_and_forms_decide_the_amount(mbook, settle, rules_file):
    general = settle(mbook, D(2020, 3, 2))
    oral = settle(mbook, D(2020, 3, 3), form="oral", parties=("甲", "乙"))
    major = settle(mbook, D(2020, 3, 4), grade="major", parties=("丙", "丁"))
    oral_difficult = settle(
        mbook, D(2020, 3, 5), form="oral", grade="difficult", parties=("戊", "己")
    )
    result = compute(mbook, 2020, rules_file)
    by_id = {c.case_id: c for c in result.cases}
    assert by_id[general.id].amount == 100
    assert by_id[oral.id].amount == 60
    assert by_id[major.id].amount == 300
    assert by_id[oral_difficult.id].amount == 0
    assert [r.code for r in by_id[oral_difficult.id].reasons] == ["no_amount"]
    assert "一般·书面调解协议书 100元" in by_id[general.id].rule.zh
    assert "测试县以案定补办法" in by_id[major.id].rule.zh
    assert result.subsidised == 3
    assert result.total == 460


def test_each_condition_refuses_with_its_reason(mbook, settle, register, rules_file):
    ok = settle(mbook, D(2020, 2, 1))
    incomplete = settle(
        mbook,
        D(2020, 2, 2),
        items=["application", "identity", "session_record", "agreement", "follow_up_record"],
        parties=("a", "b"),
    )
    no_visit = settle(mbook, D(2020, 2, 3), follow_up=None, parties=("c", "d"))
    unpaid = settle(mbook, D(2020, 2, 4), follow_up="not_performed", parties=("e", "f"))
    no_grade = settle(mbook, D(2020, 2, 5), grade=None, parties=("g", "h"))
    unapproved = settle(mbook, D(2020, 2, 6), approver="", parties=("i", "j"))
    unknown = settle(mbook, D(2020, 2, 7), grade="huge", parties=("k", "l"))
    unregistered = settle(mbook, D(2020, 2, 8), mediators=("赵未登",), parties=("m", "n"))
    judicial = settle(mbook, D(2020, 2, 9), mediation_kind="judicial", parties=("o", "p"))
    duplicate = settle(mbook, D(2020, 2, 10))
    mbook.act(duplicate.id, "confirm_duplicate", on=D(2020, 2, 22), actor="a", data={"of": ok.id})
    pending = register(mbook, D(2020, 2, 11), parties=("q", "r"))
    failed = register(mbook, D(2020, 2, 12), parties=("s", "t"))
    mbook.act(failed.id, "mediate", on=D(2020, 2, 13), actor="a")
    mbook.act(failed.id, "fail", on=D(2020, 2, 14), actor="a", data={"directed_to": ["litigation"]})
    result = compute(mbook, 2020, rules_file)
    reasons = {c.case_id: [r.code for r in c.reasons] for c in result.cases}
    assert reasons[ok.id] == []
    assert reasons[incomplete.id] == ["dossier_incomplete"]
    line = next(c for c in result.cases if c.case_id == incomplete.id)
    assert "权利义务告知书" in line.reasons[0].zh and "封底" in line.reasons[0].zh
    assert reasons[no_visit.id] == ["no_follow_up"]
    assert reasons[unpaid.id] == ["not_performed"]
    assert reasons[no_grade.id] == ["no_grade"]
    assert reasons[unapproved.id] == ["grade_not_approved"]
    assert reasons[unknown.id] == ["unknown_grade"]
    assert reasons[unregistered.id] == ["unregistered_mediator"]
    assert reasons[judicial.id] == ["excluded_kind"]
    assert reasons[duplicate.id] == ["duplicate"]
    assert reasons[pending.id] == ["not_concluded"]
    assert reasons[failed.id] == ["failed"]
    assert result.subsidised == 1
    assert all(c.cents == 0 for c in result.refused)


def test_many_sessions_make_one_payment(mbook, register, rules_file):
    case = register(mbook)
    for day in (3, 4, 5, 6):
        mbook.act(case.id, "mediate", on=D(2020, 3, day), actor="a")
    mbook.act(case.id, "succeed", on=D(2020, 3, 7), actor="a", data={"form": "written"})
    mbook.act(case.id, "follow_up", on=D(2020, 3, 8), actor="a", data={"performance": "performed"})
    mbook.act(
        case.id,
        "file_dossier",
        on=D(2020, 3, 9),
        actor="a",
        data={
            "items": [
                "application",
                "rights_notice",
                "identity",
                "session_record",
                "agreement",
                "follow_up_record",
                "back_cover",
            ],
            "grade": "general",
            "grade_approved_by": "所",
        },
    )
    result = compute(mbook, 2020, rules_file)
    assert [c.amount for c in result.cases] == [100]


def test_mediator_cap_cuts_in_date_order(mbook, settle, rules_file):
    ids = [
        settle(mbook, D(2020, 4, day), grade="major", parties=(f"甲{day}", f"乙{day}")).id
        for day in (1, 2, 3)
    ]
    other = settle(mbook, D(2020, 4, 4), grade="general", mediators=("王调解",))
    result = compute(mbook, 2020, rules_file)
    by_id = {c.case_id: c for c in result.cases}
    assert [by_id[i].amount for i in ids] == [300, 200, 0]
    assert by_id[ids[1]].capped and "上限500元" in by_id[ids[1]].rule.zh
    assert [r.code for r in by_id[ids[2]].reasons] == ["cap_reached"]
    assert by_id[other.id].amount == 100
    mediators = {t.key: (t.cases, t.amount) for t in result.by_mediator()}
    assert mediators == {("XH-01", "李调解"): (2, 500), ("XH-01", "王调解"): (1, 100)}


def test_committee_cap_and_equal_split(mbook, settle, tmp_path):
    text = RULES.replace("per_mediator = 500", "per_committee = 250").replace(
        'approved_by = "县司法局、县财政局"', 'approved_by = "县司法局"\nsplit = "equal"'
    )
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    first = settle(mbook, D(2020, 5, 1), mediators=("李调解", "王调解"))
    second = settle(mbook, D(2020, 5, 2), grade="major", parties=("x", "y"))
    elsewhere = settle(
        mbook, D(2020, 5, 3), committee="JD-01", mediators=("陈调解",), parties=("u", "v")
    )
    result = compute(mbook, 2020, path)
    by_id = {c.case_id: c for c in result.cases}
    assert [(s.mediator, s.cents) for s in by_id[first.id].shares] == [
        ("李调解", 5000),
        ("王调解", 5000),
    ]
    assert by_id[second.id].amount == 150 and by_id[second.id].capped
    assert by_id[elsewhere.id].amount == 100
    committees = {t.key[0]: t.amount for t in result.by_committee()}
    assert committees == {"JD-01": 100, "XH-01": 250}
    towns = {t.township: (t.cases, t.amount) for t in result.by_township()}
    assert towns == {"太和桥街道": (1, 100), "贾家庄镇": (2, 250)}


def test_year_is_the_year_of_the_agreement(mbook, settle, register, rules_file):
    late = register(mbook, D(2019, 12, 20))
    mbook.act(late.id, "mediate", on=D(2019, 12, 28), actor="a")
    mbook.act(late.id, "succeed", on=D(2020, 1, 3), actor="a", data={"form": "oral"})
    mbook.act(late.id, "follow_up", on=D(2020, 1, 9), actor="a", data={"performance": "performed"})
    mbook.act(
        late.id,
        "file_dossier",
        on=D(2020, 1, 10),
        actor="a",
        data={
            "items": [
                "application",
                "rights_notice",
                "identity",
                "session_record",
                "follow_up_record",
                "back_cover",
            ],
            "grade": "general",
            "grade_approved_by": "所",
        },
    )
    assert [c.case_id for c in compute(mbook, 2020, rules_file).paid] == [late.id]
    assert compute(mbook, 2019, rules_file).paid == ()


def test_rules_set_by_date_and_before_rules(mbook, settle, tmp_path):
    text = (
        RULES.replace("per_mediator = 500", "")
        + """
[[rules]]
name = "新办法"
effective_from = 2020-07-01
[[rules.grades]]
code = "general"
zh = "一般"
en = "general"
written = 180
"""
    )
    path = tmp_path / "two.toml"
    path.write_text(text, encoding="utf-8")
    before = settle(mbook, D(2020, 6, 1))
    after = settle(mbook, D(2020, 7, 1), parties=("新", "旧"))
    result = compute(mbook, 2020, path)
    by_id = {c.case_id: c for c in result.cases}
    assert by_id[before.id].amount == 100 and by_id[after.id].amount == 180
    assert "新办法" in by_id[after.id].rule.zh
    early = compute(mbook, 2020, load_rules(path))
    assert early.total == 280
    old = settle(mbook, D(2019, 5, 1), parties=("老", "案"))
    assert [r.code for r in compute(mbook, 2019, path).cases[0].reasons] == ["no_rules"]
    assert old.id.startswith("MD2019")


def test_rules_errors_name_file_key_and_fix(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(
        """
locality = "某县"
[[rules]]
name = "办法"
effective_from = "2020-13-01"
split = "half"
[rules.grading]
decided_on = "mediate"
default = "epic"
[rules.conditions]
folow_up = true
excluded_kinds = ["court"]
[[rules.grades]]
code = "general"
zh = "一般"
en = "general"
written = -5
[rules.caps]
per_mediator = "many"
""",
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        load_rules(path)
    problems = caught.value.problems
    for key in (
        "rules[0].effective_from",
        "rules[0].split",
        "rules[0].grading.decided_on",
        "rules[0].grading.default",
        "rules[0].conditions.folow_up",
        "rules[0].conditions.excluded_kinds",
        "rules[0].grades[0].written",
        "rules[0].caps.per_mediator",
    ):
        assert any(f"{path}: {key}:" in p for p in problems), key
    assert any("follow_up" in p for p in problems if "folow_up" in p)
    assert "docs/kinds/mediation.md" in str(caught.value)


def test_rules_syntax_errors_give_line_and_column(tmp_path):
    toml = tmp_path / "r.toml"
    toml.write_text('locality = "x"\n[[rules]\n', encoding="utf-8")
    with pytest.raises(ValidationError, match=r"line 2"):
        load_rules(toml)
    as_json = tmp_path / "r.json"
    as_json.write_text('{"locality": "x",\n "rules": [}', encoding="utf-8")
    with pytest.raises(ValidationError, match=r"line 2, column"):
        load_rules(as_json)
    with pytest.raises(ValidationError, match="missing.toml"):
        load_rules(tmp_path / "missing.toml")


def test_json_rules_work_like_toml(mbook, settle, tmp_path):
    data = {
        "locality": "JSON县",
        "rules": [
            {
                "name": "办法",
                "effective_from": "2020-01-01",
                "grading": {
                    "decided_on": "succeed",
                    "approval_required": False,
                    "default": "general",
                },
                "grades": [{"code": "general", "zh": "一般", "en": "general", "written": 120}],
                "conditions": {"follow_up": False, "performed": False},
            }
        ],
    }
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    case = settle(mbook, grade=None, follow_up=None)
    assert [c.amount for c in compute(mbook, 2020, path).cases if c.case_id == case.id] == [120]


def test_book_rules_file_is_used(tmp_path, settle, committee_list):
    from casework_mediation.committees import put_committee

    book_dir = tmp_path / "b"
    with casework.open_book(book_dir) as book:
        for committee in committee_list:
            put_committee(book, committee)
        settle(book)
        assert compute(book, 2020).rules.example is True
        (book_dir / "mediation").mkdir()
        (book_dir / "mediation" / "subsidy.toml").write_text(RULES, encoding="utf-8")
        result = compute(book, 2020)
    assert result.rules.locality == "测试县" and result.total == 100


def test_roster_xlsx_is_masked_unless_asked(disk_book, settle, rules_file, tmp_path):
    settle(disk_book)
    settle(disk_book, D(2020, 3, 10), committee="JD-01", mediators=("陈调解",), parties=("x", "y"))
    result = compute(disk_book, 2020, rules_file)
    path = result.write_xlsx(tmp_path / "roster.xlsx")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["发放名册", "案件明细", "汇总"]
    cells = [
        str(v)
        for ws in workbook.worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    ]
    text = "\n".join(cells)
    assert "110105********002X" in text and "138****5678" in text
    assert find_unmasked(text) == []
    roster = list(workbook["发放名册"].iter_rows(values_only=True))
    header = roster.index(next(r for r in roster if r[0] == "序号"))
    rows = roster[header + 1 :]
    li = next(r for r in rows if r[3] == "李调解")
    assert li[1:4] == ("贾家庄镇", "西河村人民调解委员会", "李调解") and li[6:8] == (1, 100)
    assert rows[-1][6:8] == (2, 200)
    clear = result.write_xlsx(tmp_path / "clear.xlsx", unmasked=True)
    cells = [
        str(v)
        for row in openpyxl.load_workbook(clear)["发放名册"].iter_rows(values_only=True)
        for v in row
        if v
    ]
    assert "11010519491231002X" in cells


def test_result_json_carries_no_personal_data(mbook, settle, rules_file):
    settle(mbook)
    data = compute(mbook, 2020, rules_file).to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert find_unmasked(text) == []
    assert (
        data["subsidised"] == 1
        and data["by_committee"][0]["committee_name"] == "西河村人民调解委员会"
    )
