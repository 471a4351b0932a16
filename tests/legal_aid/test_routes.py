"""Both routes through every action, and every refusal: wrong state, missing or bad data."""

from __future__ import annotations

import pytest
from la_helpers import ID_LI, ID_ZHANG, D, apply, appoint_data, grant, notify

import casework
from casework import InvalidAction, ValidationError, plugins, workflow
from casework_legal_aid.kind import LegalAidDetails


def test_the_kind_loads_through_its_entry_point():
    assert plugins.failures() == {}
    info = {p.name: p for p in plugins.get_plugins()}
    assert info["legal_aid"].case_types == ("legal_aid",)
    assert {"register_case_types", "before_commit", "report_sections", "register_commands"} <= set(
        info["legal_aid"].hooks
    )
    kind = casework.case_type("legal_aid")
    assert kind.code == "LA"
    assert [w.name for w in kind.workflows] == ["LAR03", "LAL"]
    assert set(kind.roles) == {"applicant", "defendant", "agent", "opposing"}
    assert {k for k in kind.fields if "." not in k} == {
        f.name for f in LegalAidDetails.__attrs_attrs__
    }


def test_notice_route_through_every_action(book):
    case = notify(book, D(2020, 3, 2), id_number=ID_ZHANG, persons=2)
    assert (case.id, case.number, case.state) == ("LA2020-0001", "法援〔2020〕1号", "notified")
    details = case.details
    assert details.route == "notice"
    assert details.stage == "trial"  # a court's notice: the trial stage
    assert details.means_test == "not_applicable"
    assert details.notice.organ == "汾阳市人民法院"
    assert details.notice.organ_kind == "court" and details.notice.persons == 2

    case = book.act(case.id, "appoint", on=D(2020, 3, 3), actor="李主任", data=appoint_data(7))
    assert case.state == "assigned"
    assert case.details.assignment.assignee == "王律师"
    assert case.details.documents[-1].kind == "designation_letter"
    assert case.details.documents[-1].number == "汾法援指〔2020〕7号"

    case = book.act(
        case.id,
        "replace_lawyer",
        on=D(2020, 3, 20),
        actor="李主任",
        data={"assignee": "孙律师", "firm": "山西乙律师事务所", "reason": "原承办律师回避"},
    )
    assert case.state == "assigned"
    assert [a.assignee for a in case.details.assignments] == ["王律师", "孙律师"]
    assert case.details.assignment.reason == "原承办律师回避"

    case = book.act(
        case.id, "close", on=D(2020, 6, 1), actor="李主任", data={"outcome": "judgment"}
    )
    assert (case.state, case.closed_on, case.details.outcome) == (
        "closed",
        D(2020, 6, 1),
        "judgment",
    )
    assert not case.open

    case = book.act(
        case.id,
        "submit_file",
        on=D(2020, 6, 20),
        actor="李主任",
        data={"documents": ["结案报告", "判决书", "会见笔录"]},
    )
    assert case.details.filed_on == D(2020, 6, 20)
    case = book.act(
        case.id, "review", on=D(2020, 7, 1), actor="李主任", data={"grade": "excellent"}
    )
    assert (case.state, case.details.grade, case.closed_on) == (
        "reviewed",
        "excellent",
        D(2020, 6, 1),
    )
    assert [e.action for e in case.events] == [
        "notify", "appoint", "replace_lawyer", "close", "submit_file", "review"
    ]  # fmt: skip
    kind = casework.case_type("legal_aid")
    assert workflow.replay(kind, case.events, calendar=book.calendar) == case
    assert book.get(case.id) == case


def test_application_route_through_every_action(book):
    case = apply(
        book,
        D(2020, 4, 7),
        id_number=ID_LI,
        opposing=[{"role": "opposing", "name": "某建筑公司", "organisation": True}],
    )
    assert (case.state, case.details.route) == ("received", "application")
    case = book.act(
        case.id,
        "request_materials",
        on=D(2020, 4, 8),
        actor="a",
        data={"items": ["劳动合同", "工资欠条"]},
    )
    assert case.state == "awaiting_materials"
    assert case.details.materials_requested == ("劳动合同", "工资欠条")
    case = book.act(case.id, "supplement", on=D(2020, 4, 10), actor="a")
    assert case.state == "received"
    case = grant(book, case.id, D(2020, 4, 13))
    assert (case.state, case.details.means_test) == ("granted", "verified")
    assert [(d.kind, d.number) for d in case.details.documents] == [
        ("grant_decision", "汾法援决〔2020〕1号")
    ]
    case = book.act(case.id, "appoint", on=D(2020, 4, 14), actor="a", data=appoint_data(2))
    assert case.details.documents[-1].kind == "assignment_notice"
    case = book.act(
        case.id,
        "close",
        on=D(2020, 8, 1),
        actor="a",
        data={"outcome": "mediated", "documents": ["结案报告", "调解书"]},
    )
    assert case.details.filed_documents == ("结案报告", "调解书")
    case = book.act(case.id, "review", on=D(2020, 8, 5), actor="a", data={"grade": "pass"})
    assert case.state == "reviewed"


def test_refuse_withdraw_and_terminate_end_a_case(mem):
    refused = apply(mem, D(2020, 5, 6))
    refused = mem.act(
        refused.id,
        "refuse",
        on=D(2020, 5, 8),
        actor="a",
        data={"ground": "means", "notice_number": "汾法援不〔2020〕1号"},
    )
    assert (refused.state, refused.details.refusal_ground) == ("refused", "means")
    assert refused.details.documents[-1].kind == "refusal_notice"
    assert refused.clock("review").status == "stopped"

    withdrawn = apply(mem, D(2020, 5, 6))
    mem.act(withdrawn.id, "request_materials", on=D(2020, 5, 7), actor="a", data={"items": ["x"]})
    withdrawn = mem.act(
        withdrawn.id, "withdraw", on=D(2020, 6, 7), actor="a", data={"ground": "no_response"}
    )
    assert (withdrawn.state, withdrawn.details.withdrawal_ground) == ("withdrawn", "no_response")

    before_work = apply(mem, D(2020, 5, 6))
    grant(mem, before_work.id, D(2020, 5, 7))
    before_work = mem.act(
        before_work.id, "terminate", on=D(2020, 5, 8), actor="a", data={"ground": "own_counsel"}
    )
    assert before_work.state == "terminated"
    assert before_work.clock("appoint_other").status == "stopped"

    noticed = notify(mem, D(2020, 5, 6))
    noticed = mem.act(
        noticed.id,
        "terminate",
        on=D(2020, 5, 7),
        actor="a",
        data={"ground": "proceedings_ended", "decision_number": "汾法援终〔2020〕1号"},
    )
    assert noticed.details.documents[-1].kind == "termination_decision"

    working = notify(mem, D(2020, 5, 6))
    mem.act(working.id, "appoint", on=D(2020, 5, 7), actor="a", data=appoint_data())
    working = mem.act(
        working.id, "terminate", on=D(2020, 6, 1), actor="a", data={"ground": "requested"}
    )
    assert (working.state, working.closed_on) == ("terminated", D(2020, 6, 1))


@pytest.mark.parametrize(
    ("action", "data", "state"),
    [
        ("approve", {"decision_number": "1", "means_test": "verified"}, "notified"),
        ("refuse", {"ground": "means", "notice_number": "1"}, "notified"),
        ("close", {"outcome": "judgment"}, "notified"),
        ("review", {"grade": "good"}, "notified"),
        ("submit_file", {"documents": ["x"]}, "notified"),
        ("supplement", None, "notified"),
        ("replace_lawyer", {"assignee": "x", "firm": "y", "reason": "z"}, "notified"),
    ],
)
def test_actions_refused_in_the_wrong_state(mem, action, data, state):
    case = notify(mem, D(2020, 3, 2))
    with pytest.raises(InvalidAction) as caught:
        mem.act(case.id, action, on=D(2020, 3, 3), actor="a", data=data)
    assert caught.value.state == state
    assert "appoint" in caught.value.allowed and "terminate" in caught.value.allowed
    assert mem.get(case.id).version == case.version  # nothing stored


def test_appoint_needs_a_grant_first(mem):
    case = apply(mem, D(2020, 3, 2))
    with pytest.raises(InvalidAction) as caught:
        mem.act(case.id, "appoint", on=D(2020, 3, 3), actor="a", data=appoint_data())
    assert set(caught.value.allowed) >= {"approve", "refuse", "request_materials"}
    with pytest.raises(InvalidAction):
        mem.act(case.id, "terminate", on=D(2020, 3, 3), actor="a", data={"ground": "requested"})


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("appoint", {"assignee": "王律师", "firm": "甲所"}, "data.letter_number"),
        ("appoint", {"assignee": " ", "firm": "甲所", "letter_number": "1"}, "assignee"),
        (
            "appoint",
            {"assignee": "王", "firm": "甲所", "letter_number": "1", "assignee_kind": "judge"},
            "assignee_kind",
        ),
        ("terminate", {}, "data.ground"),
        ("terminate", {"ground": "bored"}, "ground"),
    ],
)
def test_missing_or_bad_data_names_the_field(mem, action, data, field):
    case = notify(mem, D(2020, 3, 2))
    with pytest.raises(ValidationError) as caught:
        mem.act(case.id, action, on=D(2020, 3, 3), actor="a", data=data)
    assert field in str(caught.value)


def test_bad_codes_name_the_allowed_codes(mem):
    with pytest.raises(ValidationError) as caught:
        notify(mem, D(2020, 3, 2), organ_kind="police")
    assert "public_security" in str(caught.value) and "organ_kind" in str(caught.value)
    with pytest.raises(ValidationError, match="state_compensation"):
        apply(mem, D(2020, 3, 2), category="labour")
    with casework.language("en"), pytest.raises(ValidationError, match="only for criminal"):
        mem.create(
            "legal_aid",
            received_on=D(2020, 3, 2),
            actor="a",
            action="apply",
            parties=[{"role": "applicant", "name": "x"}],
            details={"category": "civil", "matter": "m", "stage": "trial"},
        )


def test_entry_refusals(mem):
    with pytest.raises(InvalidAction, match="category"):
        notify(mem, D(2020, 3, 2), details={"category": "civil", "matter": "m"})
    with pytest.raises(InvalidAction, match="stage"):
        notify(
            mem,
            D(2020, 3, 2),
            organ_kind="public_security",
            details={"category": "criminal", "matter": "m", "stage": "trial"},
        )
    with pytest.raises(InvalidAction, match="details.stage"):
        apply(mem, D(2020, 3, 2), category="criminal")
    with pytest.raises(InvalidAction, match="parties"):
        notify(mem, D(2020, 3, 2), parties=[{"role": "opposing", "name": "被害人"}])
    with pytest.raises(ValidationError, match=r"parties\[0\].role"):
        notify(mem, D(2020, 3, 2), parties=[{"role": "witness", "name": "x"}])
    with pytest.raises(InvalidAction, match="details.assignments"):
        notify(
            mem,
            D(2020, 3, 2),
            details={
                "category": "criminal",
                "matter": "m",
                "assignments": [
                    {"assignee": "x", "assignee_kind": "lawyer", "firm": "y", "on": "2020-03-02"}
                ],
            },
        )
    with pytest.raises(InvalidAction):
        mem.create("legal_aid", received_on=D(2020, 3, 2), actor="a", action="approve")
    assert mem.ids() == []  # nothing stored, no id taken


def test_decision_refusals(mem):
    case = apply(mem, D(2020, 3, 2))
    with pytest.raises(InvalidAction, match="means_test"):
        mem.act(case.id, "approve", on=D(2020, 3, 3), actor="a", data={"decision_number": "1"})
    with pytest.raises(InvalidAction, match="LAR03"):
        mem.act(
            case.id,
            "approve",
            on=D(2020, 3, 3),
            actor="a",
            data={"decision_number": "1", "means_test": "declared"},
        )
    with pytest.raises(InvalidAction, match="reason"):
        mem.act(
            case.id,
            "refuse",
            on=D(2020, 3, 3),
            actor="a",
            data={"ground": "other", "notice_number": "1"},
        )
    with pytest.raises(ValidationError, match="notice_number"):
        mem.act(case.id, "refuse", on=D(2020, 3, 3), actor="a", data={"ground": "means"})


def test_lal_means_tests_and_termination_grounds(mem):
    case = apply(mem, D(2022, 3, 1))
    with pytest.raises(InvalidAction, match="exemption_ground"):
        mem.act(
            case.id,
            "approve",
            on=D(2022, 3, 2),
            actor="a",
            data={"decision_number": "1", "means_test": "exempt"},
        )
    granted = mem.act(
        case.id,
        "approve",
        on=D(2022, 3, 2),
        actor="a",
        data={
            "decision_number": "1",
            "means_test": "exempt",
            "exemption_ground": "migrant_worker_wages",
        },
    )
    assert granted.details.exemption_ground == "migrant_worker_wages"
    done = mem.act(case.id, "terminate", on=D(2022, 3, 3), actor="a", data={"ground": "fraud"})
    assert done.details.termination_ground == "fraud"
    # LAR03 Art. 23 knew no fraud ground
    old = notify(mem, D(2020, 3, 2))
    with pytest.raises(InvalidAction, match="LAR03"):
        mem.act(old.id, "terminate", on=D(2020, 3, 3), actor="a", data={"ground": "fraud"})


def test_closing_refusals(mem):
    case = notify(mem, D(2020, 3, 2))
    mem.act(case.id, "appoint", on=D(2020, 3, 3), actor="a", data=appoint_data())
    replace = {"assignee": "孙律师", "firm": "乙所", "reason": "原承办律师回避"}
    mem.act(case.id, "replace_lawyer", on=D(2020, 3, 4), actor="a", data=replace)
    with pytest.raises(InvalidAction, match="孙律师"):
        mem.act(case.id, "replace_lawyer", on=D(2020, 3, 5), actor="a", data=replace)
    with pytest.raises(ValidationError, match="reason"):
        mem.act(
            case.id,
            "replace_lawyer",
            on=D(2020, 3, 5),
            actor="a",
            data={"assignee": "周律师", "firm": "乙所"},
        )
    with pytest.raises(InvalidAction, match="concluded_on"):
        mem.act(
            case.id,
            "close",
            on=D(2020, 5, 1),
            actor="a",
            data={"outcome": "judgment", "concluded_on": "2020-03-01"},
        )
    with pytest.raises(ValidationError, match="outcome"):
        mem.act(case.id, "close", on=D(2020, 5, 1), actor="a", data={"outcome": "won"})
    mem.act(case.id, "close", on=D(2020, 5, 1), actor="a", data={"outcome": "judgment"})
    with pytest.raises(InvalidAction, match="submit_file"):
        mem.act(case.id, "review", on=D(2020, 5, 2), actor="a", data={"grade": "good"})
    with pytest.raises(ValidationError, match="documents"):
        mem.act(case.id, "submit_file", on=D(2020, 5, 2), actor="a", data={"documents": []})
    mem.act(case.id, "submit_file", on=D(2020, 5, 2), actor="a", data={"documents": ["报告"]})
    with pytest.raises(InvalidAction, match="已于"):
        mem.act(case.id, "submit_file", on=D(2020, 5, 3), actor="a", data={"documents": ["x"]})
    with pytest.raises(InvalidAction, match="conflict|冲突"):
        mem.act(case.id, "acknowledge_conflict", on=D(2020, 5, 3), actor="a", data={"reason": "x"})


def test_describe_and_duplicate_key():
    kind = casework.case_type("legal_aid")
    book = casework.open_book(":memory:")
    a = notify(book, D(2020, 3, 2), id_number=ID_ZHANG)
    b = notify(book, D(2020, 3, 9), name="张某某", id_number=ID_ZHANG)
    c = notify(book, D(2020, 3, 9), name="李某", id_number=ID_LI)
    assert kind.describe(a) == "刑事·通知辩护/通知代理 张某 涉嫌盗窃罪"
    with casework.language("en"):
        assert kind.describe(a) == "criminal, by notice: 张某, 涉嫌盗窃罪"
    assert kind.duplicate_key(a) == kind.duplicate_key(b) != kind.duplicate_key(c)
