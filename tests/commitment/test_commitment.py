"""证明事项告知承诺制: the workflow, the verification clock, 失信, the report and bad input."""

from __future__ import annotations

import datetime as dt
from importlib.metadata import entry_points
from pathlib import Path

import pytest

import casework
from casework import InvalidAction, ValidationError
from casework.plugins import get_plugins
from casework.workflow import replay
from casework_commitment.credit import TABLE, repair
from casework_commitment.rules import LocalRules, load_local_rules, parse_local_rules

D = dt.date
ID = "141182198001011237"
DEPARTMENT = "某市人力资源和社会保障局"


@pytest.fixture
def book(tmp_path: Path):
    with casework.open_book(tmp_path / "book") as opened:
        yield opened


def apply(book, on=D(2020, 3, 2), matter="funeral_survivor", name="张三", id_number=ID):
    return book.create(
        "commitment",
        received_on=on,
        actor="任科员",
        parties=[{"role": "applicant", "name": name, "id_number": id_number}],
        details={"matter": matter, "department": DEPARTMENT, "certificates": ["死亡证明"]},
    )


def act(book, case_id, action, on, data=None):
    return book.act(case_id, action, on=on, actor="任科员", data=data)


def test_registered_through_its_entry_point():
    assert {ep.name: ep.value for ep in entry_points(group="casework")}["commitment"] == (
        "casework_commitment"
    )
    kind = casework.case_type("commitment")
    assert (kind.code, kind.label.zh) == ("CM", "证明事项告知承诺")
    info = next(p for p in get_plugins() if p.name == "commitment")
    assert {"register_case_types", "report_sections", "before_action", "after_action"} <= set(
        info.hooks
    )


def test_concluded_on_the_commitment_then_verified(book):
    case = apply(book)
    assert (case.id, case.state) == ("CM2020-0001", "applied")
    case = act(book, case.id, "conclude", D(2020, 3, 4), {"decision_number": "人社承〔2020〕1号"})
    assert case.state == "concluded" and case.details.concluded_on == D(2020, 3, 4)
    case = act(book, case.id, "confirm", D(2020, 3, 20), {"method": "data_sharing"})
    assert (case.state, case.details.outcome, case.closed_on) == (
        "verified",
        "verified",
        D(2020, 3, 20),
    )
    assert replay(casework.case_type("commitment"), case.events) == case


def test_verification_clock_runs_twenty_working_days_from_conclusion_by_default(book):
    case = apply(book, D(2020, 9, 21))
    case = act(book, case.id, "conclude", D(2020, 9, 23))
    clock = case.clock("verification")
    assert clock is not None and clock.unit == "working" and clock.length == 20
    # 2020-09-23 + 20 working days, over the 国庆/中秋 holiday (10-01..10-08; Sunday 09-27 and
    # Saturday 10-10 are working days): 24 25 27 28 29 30 | 9 10 12 13 14 15 16 19 20 21 22 23 26 27
    assert clock.due_on == D(2020, 10, 27)
    assert "示例默认值" in casework.case_type("commitment").workflows[0].clocks[0].source
    case = act(book, case.id, "confirm", D(2020, 10, 27), {"method": "inquiry"})
    assert case.clock("verification").stopped_on == D(2020, 10, 27)


def test_the_locality_sets_the_verification_period(tmp_path, monkeypatch):
    rules = tmp_path / "commitment.toml"
    rules.write_text(
        '[verification]\nlength = 3\nunit = "months"\nsource = "某市告知承诺核查办法"\n',
        encoding="utf-8",
    )
    assert load_local_rules(rules) == LocalRules(3, "months", "某市告知承诺核查办法")
    from casework_commitment.kind import make_case_type

    kind = make_case_type(load_local_rules(rules))
    clock = kind.workflows[0].clock_rule("verification")
    assert (clock.length, clock.unit, clock.source) == (3, "months", "某市告知承诺核查办法")


def test_each_book_keeps_its_own_verification_period(tmp_path, monkeypatch):
    """Two books in one process: the one whose settings name a rules file uses it."""
    from casework.locality import parse_locality

    monkeypatch.delenv("CASEWORK_COMMITMENT_LOCAL", raising=False)
    casework.open_book(tmp_path / "own").close()
    local = tmp_path / "own" / "rules" / "commitment.toml"
    local.parent.mkdir()
    local.write_text('[verification]\nlength = 5\nunit = "natural"\n', encoding="utf-8")
    dues = {}
    for name in ("own", "plain", "own"):
        with casework.open_book(tmp_path / name) as opened:
            if name == "own":
                rules = {"commitment_verification": "rules/commitment.toml"}
                opened.configure(parse_locality({"name": "清河县", "rules": rules}, opened.root))
            case = apply(opened, D(2020, 9, 21))
            case = act(opened, case.id, "conclude", D(2020, 9, 23))
            dues.setdefault(name, set()).add(case.clock("verification").due_on)
    # 5 natural days from 09-23 end Monday 09-28; the default 20 working days end 10-27
    assert dues == {"own": {D(2020, 9, 28)}, "plain": {D(2020, 10, 27)}}
    assert casework.case_type("commitment").workflows[0].clocks[0].length == 20


def test_a_bad_rules_file_named_by_the_book_is_one_clear_error(tmp_path):
    with casework.open_book(tmp_path / "b") as opened:
        path = opened.root / "commitment" / "verification.toml"  # the conventional path
        path.parent.mkdir()
        path.write_text("[verification]\nlength = 0\n", encoding="utf-8")
        with pytest.raises(ValidationError) as caught:
            apply(opened)
        assert "verification.length" in "\n".join(caught.value.problems)
        assert "CASEWORK_COMMITMENT_LOCAL" not in str(caught.value.hint)


def test_bad_local_rules_name_every_field():
    with pytest.raises(ValidationError) as caught:
        parse_local_rules({"verification": {"length": 0, "unit": "weeks", "extra": 1}})
    text = "\n".join(caught.value.problems)
    assert "verification.length" in text and "verification.unit" in text and "extra" in text


def test_a_false_commitment_revokes_the_decision_and_records_dishonesty(book):
    case = apply(book)
    act(book, case.id, "conclude", D(2020, 3, 4))
    case = act(
        book,
        case.id,
        "find_false",
        D(2020, 3, 16),
        {"method": "inquiry", "finding": "与死者不存在所承诺的亲属关系"},
    )
    assert case.state == "found_false" and case.clock("verification").stopped_on == D(2020, 3, 16)
    case = act(book, case.id, "revoke", D(2020, 3, 20), {"consequences": ["recovery"]})
    assert case.state == "revoked" and case.details.dishonest
    assert case.details.consequences == ("credit_record", "exclusion", "recovery")
    assert [f.code for f in case.flags] == ["dishonest"]
    assert book.table(TABLE) == {ID: {"case": case.id, "on": "2020-03-20"}}
    # 信用修复前不适用告知承诺制: a later matter of the same applicant cannot be concluded on one
    later = apply(book, D(2020, 5, 6), matter="pension_cancellation")
    with pytest.raises(InvalidAction, match="信用修复前不适用告知承诺制") as refused:
        act(book, later.id, "conclude", D(2020, 5, 7))
    assert case.id in str(refused.value)
    assert book.get(later.id).state == "applied"
    act(book, later.id, "refuse", D(2020, 5, 7), {"reason": "申请人有不实承诺记录,未提交证明"})
    # someone else is not affected; after credit repair the applicant is again
    other = apply(book, D(2020, 5, 6), name="李四", id_number="")
    assert act(book, other.id, "conclude", D(2020, 5, 7)).state == "concluded"
    assert repair(book, case)
    again = apply(book, D(2020, 6, 1))
    assert act(book, again.id, "conclude", D(2020, 6, 2)).state == "concluded"


def test_a_false_commitment_found_before_the_decision_terminates_handling(book):
    case = apply(book)
    case = act(
        book, case.id, "terminate", D(2020, 3, 3), {"method": "data_sharing", "finding": "已领取"}
    )
    assert (case.state, case.details.outcome, case.details.dishonest) == (
        "terminated",
        "terminated",
        True,
    )
    assert book.table_get(TABLE, ID)["case"] == case.id


def test_actions_out_of_order_and_bad_data_are_refused(book):
    case = apply(book)
    with pytest.raises(InvalidAction) as caught:
        act(book, case.id, "confirm", D(2020, 3, 3), {"method": "inquiry"})
    assert set(caught.value.allowed) == {"conclude", "refuse", "withdraw", "terminate"}
    with pytest.raises(InvalidAction, match="reason"):
        act(book, case.id, "refuse", D(2020, 3, 3), {"reason": " "})
    act(book, case.id, "conclude", D(2020, 3, 3))
    with pytest.raises(ValidationError, match="method") as bad:
        act(book, case.id, "confirm", D(2020, 3, 5), {"method": "telepathy"})
    assert "数据共享核查(data_sharing)" in str(bad.value.problems)
    with pytest.raises(ValidationError, match="finding"):
        act(book, case.id, "find_false", D(2020, 3, 5), {"method": "inquiry", "finding": ""})
    act(book, case.id, "find_false", D(2020, 3, 5), {"method": "inquiry", "finding": "不实"})
    with pytest.raises(ValidationError, match="consequences"):
        act(book, case.id, "revoke", D(2020, 3, 6), {"consequences": ["banishment"]})
    assert book.get(case.id).state == "found_false"


def test_bad_details_name_the_field(book):
    with pytest.raises(ValidationError) as caught:
        book.create(
            "commitment",
            received_on=D(2020, 3, 2),
            actor="任科员",
            details={"matter": "passport", "department": ""},
        )
    text = str(caught.value.problems)
    assert "matter" in text and "丧葬费补助金" in text
    with pytest.raises(ValidationError, match="department"):
        book.create(
            "commitment",
            received_on=D(2020, 3, 2),
            actor="任科员",
            details={"matter": "other", "department": "  "},
        )
    # the commitment is signed by someone: a case without its applicant is refused
    with pytest.raises(ValidationError, match="applicant"):
        book.create(
            "commitment",
            received_on=D(2020, 3, 2),
            actor="任科员",
            details={"matter": "other", "department": DEPARTMENT},
        )
    # one text where a list is expected is refused, not split into characters
    with pytest.raises(ValidationError, match="certificates") as split:
        book.create(
            "commitment",
            received_on=D(2020, 3, 2),
            actor="任科员",
            parties=[{"role": "applicant", "name": "张三"}],
            details={"matter": "other", "department": DEPARTMENT, "certificates": "死亡证明"},
        )
    assert "应为文字列表" in str(split.value.problems)
    assert book.find(kind="commitment") == []


def test_report_figures_and_sentences(book):
    plan = [("funeral_survivor", 3), ("pension_transfer", 1), ("dependant_pension", 2)]
    n = 0
    for matter, count in plan:
        for _ in range(count):
            n += 1
            case = apply(book, D(2020, 3, 2), matter, name=f"申请人{n}", id_number="")
            act(book, case.id, "conclude", D(2020, 3, 3))
            if n == 1:
                act(
                    book,
                    case.id,
                    "find_false",
                    D(2020, 3, 10),
                    {"method": "on_site", "finding": "x"},
                )
                act(book, case.id, "revoke", D(2020, 3, 11))
            elif n < 6:
                act(book, case.id, "confirm", D(2020, 3, 10), {"method": "inquiry"})
            # the sixth is never verified: its period ends 2020-03-31 (overdue at year end)
    late = apply(book, D(2020, 12, 28), "pension_transfer", name="申请人7", id_number="")
    act(book, late.id, "conclude", D(2020, 12, 29))  # verified next year
    old = apply(book, D(2019, 12, 30), "pension_cancellation", name="申请人8", id_number="")
    act(book, old.id, "conclude", D(2019, 12, 31))
    act(book, old.id, "confirm", D(2020, 1, 6), {"method": "inquiry"})
    section = book.report(2020).section("commitment")
    f = section.figures
    assert f["applied"] == 7 and f["concluded"] == 7
    assert (f["concluded_funeral_survivor"], f["concluded_pension_transfer"]) == (3, 2)
    assert (f["concluded_pension_cancellation"], f["concluded_dependant_pension"]) == (0, 2)
    assert (f["verified"], f["verified_true"], f["found_false"], f["revoked"]) == (6, 5, 1, 1)
    assert (f["dishonest"], f["awaiting_verification"], f["verification_overdue"]) == (1, 2, 1)
    assert section.text_zh == (
        "以填报承诺书的形式,办结丧葬费补助金、抚恤费申领、遗属待遇申领事项3件;"
        "办结城乡居民养老转移接续事项2件;办结供养亲属抚恤金申领事项2件。",
        "事中事后核查6件,其中核查属实5件,发现承诺不实1件,撤销决定1件,均已记入失信记录;"
        "年末尚有2件待核查。",
    )
    assert section.text_en[0].startswith("On a written commitment, these matters were concluded")
    assert book.report(2019).section("commitment").figures["concluded_pension_cancellation"] == 1


def test_overdue_verification_is_counted_and_an_empty_year_says_so(book):
    case = apply(book, D(2020, 3, 2))
    act(book, case.id, "conclude", D(2020, 3, 3))
    f = book.report(2020).section("commitment").figures
    assert (f["awaiting_verification"], f["verification_overdue"]) == (1, 1)
    assert book.report(2018).section("commitment").text_zh == (
        "全年未以告知承诺方式办结证明事项。",
    )
