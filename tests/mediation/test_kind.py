"""The mediation workflow: every action, every refusal, clocks, details, entry point."""

import datetime as dt

import pytest

import casework
from casework import InvalidAction, ValidationError
from casework.workflow import replay

D = dt.date
DUPLICATE_ACTIONS = {"record_duplicate", "confirm_duplicate"}


def test_entry_point_registers_the_kind():
    case_type = casework.case_type("mediation")
    assert case_type.code == "MD"
    assert case_type.label.zh == "人民调解"
    names = {a.name for a in case_type.workflows[0].actions}
    assert names == {
        "record_duplicate",
        "confirm_duplicate",
        "register",
        "mediate",
        "succeed",
        "fail",
        "confirm",
        "follow_up",
        "file_dossier",
        "withdraw",
    }
    assert case_type.fields["committee"].zh == "调解委员会"
    assert case_type.roles["applicant"].zh == "申请人"


def test_written_agreement_walks_to_archive(mbook, register):
    case = register(mbook, dispute_type="neighbour", amount=3000, origin="referral")
    assert case.id == "MD2020-0001"
    assert case.state == "registered"
    assert case.details.committee == "XH-01"
    assert case.details.origin == "referral"
    settlement = case.clock("settlement")
    assert settlement.due_on == D(2020, 4, 2) and settlement.planning
    case = mbook.act(
        case.id, "mediate", on=D(2020, 3, 5), actor="李调解", data={"mediators": ["王调解"]}
    )
    case = mbook.act(case.id, "mediate", on=D(2020, 3, 6), actor="李调解", data={"place": "村委会"})
    assert case.state == "mediating"
    assert case.details.mediators == ("李调解", "王调解")
    assert [s.on for s in case.details.sessions] == [D(2020, 3, 5), D(2020, 3, 6)]
    case = mbook.act(
        case.id,
        "succeed",
        on=D(2020, 3, 9),
        actor="李调解",
        data={"form": "written", "effective_on": "2020-03-08", "terms": "赔偿3000元"},
    )
    assert case.state == "agreed"
    assert case.details.agreement.effective_on == D(2020, 3, 8)
    assert case.clock("settlement").status == "stopped"
    confirmation = case.clock("confirmation")
    # 30 natural days from the day the agreement took effect, start day not counted
    assert confirmation.started_on == D(2020, 3, 8)
    assert confirmation.due_on == D(2020, 4, 7)
    case = mbook.act(
        case.id,
        "confirm",
        on=D(2020, 3, 20),
        actor="李调解",
        data={"step": "applied", "court": "汾阳市人民法院"},
    )
    assert case.details.confirmation.applied_on == D(2020, 3, 20)
    assert case.clock("confirmation").status == "stopped"
    case = mbook.act(
        case.id, "confirm", on=D(2020, 3, 30), actor="李调解", data={"step": "granted"}
    )
    assert case.details.confirmation.ruling == "granted"
    assert case.details.confirmation.court == "汾阳市人民法院"
    case = mbook.act(
        case.id, "follow_up", on=D(2020, 4, 9), actor="李调解", data={"performance": "performed"}
    )
    assert case.details.performance == "performed"
    case = mbook.act(
        case.id,
        "file_dossier",
        on=D(2020, 4, 10),
        actor="李调解",
        data={"items": ["application", "agreement"], "volume": "(2020)人调字第1号"},
    )
    assert case.state == "archived"
    assert not case.open
    assert case.details.dossier.volume == "(2020)人调字第1号"
    assert replay(casework.case_type("mediation"), case.events) == case


def test_failure_directs_the_parties_and_may_be_filed(mbook, register):
    case = register(mbook)
    mbook.act(case.id, "mediate", on=D(2020, 3, 3), actor="李调解")
    with pytest.raises(InvalidAction, match="第26条"):
        mbook.act(case.id, "fail", on=D(2020, 3, 4), actor="李调解", data={"directed_to": []})
    with pytest.raises(ValidationError, match="directed_to"):
        mbook.act(case.id, "fail", on=D(2020, 3, 4), actor="李调解", data={"directed_to": ["moon"]})
    case = mbook.act(
        case.id,
        "fail",
        on=D(2020, 3, 4),
        actor="李调解",
        data={"directed_to": ["litigation", "arbitration"], "terminated_by": "party"},
    )
    assert case.state == "failed" and not case.open
    assert case.details.failure.directed_to == ("litigation", "arbitration")
    case = mbook.act(
        case.id, "file_dossier", on=D(2020, 3, 10), actor="李调解", data={"items": ["application"]}
    )
    assert case.state == "archived"


def test_withdraw_before_mediation(mbook, register):
    case = register(mbook)
    case = mbook.act(
        case.id, "withdraw", on=D(2020, 3, 3), actor="李调解", data={"reason": "refused"}
    )
    assert case.state == "withdrawn"
    assert case.details.withdrawal == "refused"
    assert case.clock("settlement").status == "stopped"
    with pytest.raises(InvalidAction):
        mbook.act(case.id, "mediate", on=D(2020, 3, 4), actor="李调解")


def test_actions_out_of_order_are_refused(mbook, register):
    case = register(mbook)
    with pytest.raises(InvalidAction) as caught:
        mbook.act(case.id, "succeed", on=D(2020, 3, 3), actor="李调解", data={"form": "oral"})
    assert set(caught.value.allowed) - DUPLICATE_ACTIONS == {"mediate", "withdraw"}
    with pytest.raises(InvalidAction):
        mbook.act(
            case.id,
            "follow_up",
            on=D(2020, 3, 3),
            actor="李调解",
            data={"performance": "performed"},
        )
    with pytest.raises(InvalidAction):
        mbook.act(case.id, "confirm", on=D(2020, 3, 3), actor="李调解", data={"step": "applied"})
    with pytest.raises(InvalidAction):
        mbook.act(case.id, "file_dossier", on=D(2020, 3, 3), actor="李调解", data={"items": []})
    mbook.act(case.id, "mediate", on=D(2020, 3, 3), actor="李调解")
    mbook.act(case.id, "succeed", on=D(2020, 3, 4), actor="李调解", data={"form": "oral"})
    with pytest.raises(InvalidAction):
        mbook.act(case.id, "withdraw", on=D(2020, 3, 5), actor="李调解")
    with pytest.raises(InvalidAction):
        mbook.act(
            case.id, "fail", on=D(2020, 3, 5), actor="李调解", data={"directed_to": ["other"]}
        )


def test_agreement_cannot_take_effect_after_it_is_recorded(mbook, register):
    case = register(mbook)
    mbook.act(case.id, "mediate", on=D(2020, 3, 3), actor="李调解")
    with pytest.raises(InvalidAction, match="晚于"):
        mbook.act(
            case.id,
            "succeed",
            on=D(2020, 3, 4),
            actor="李调解",
            data={"form": "written", "effective_on": "2020-03-05"},
        )


def test_confirmation_window_and_steps(mbook, register):
    case = register(mbook)
    mbook.act(case.id, "mediate", on=D(2020, 3, 3), actor="李调解")
    mbook.act(case.id, "succeed", on=D(2020, 3, 4), actor="李调解", data={"form": "written"})
    # 2020-03-04 + 30 days = 04-03, a Friday: the window's last day
    assert mbook.get(case.id).clock("confirmation").due_on == D(2020, 4, 3)
    with pytest.raises(InvalidAction, match="尚未申请"):
        mbook.act(case.id, "confirm", on=D(2020, 3, 10), actor="李调解", data={"step": "granted"})
    with pytest.raises(InvalidAction, match="共同申请"):
        mbook.act(
            case.id,
            "confirm",
            on=D(2020, 3, 10),
            actor="李调解",
            data={"step": "applied", "joint": False},
        )
    with pytest.raises(InvalidAction, match="30日内") as caught:
        mbook.act(case.id, "confirm", on=D(2020, 4, 4), actor="李调解", data={"step": "applied"})
    assert "2020-04-03" in caught.value.message
    assert mbook.get(case.id).details.confirmation is None
    mbook.act(case.id, "confirm", on=D(2020, 4, 3), actor="李调解", data={"step": "applied"})
    with pytest.raises(InvalidAction, match="已于"):
        mbook.act(case.id, "confirm", on=D(2020, 4, 5), actor="李调解", data={"step": "applied"})
    with pytest.raises(InvalidAction, match="法院裁定后"):
        mbook.act(case.id, "file_dossier", on=D(2020, 4, 6), actor="李调解", data={"items": []})
    mbook.act(case.id, "confirm", on=D(2020, 4, 10), actor="李调解", data={"step": "rejected"})
    with pytest.raises(InvalidAction, match="已于"):
        mbook.act(case.id, "confirm", on=D(2020, 4, 11), actor="李调解", data={"step": "granted"})


def test_confirmation_window_rolls_past_a_holiday(mbook, register):
    case = register(mbook, on=D(2020, 8, 25))
    mbook.act(case.id, "mediate", on=D(2020, 8, 26), actor="李调解")
    case = mbook.act(case.id, "succeed", on=D(2020, 9, 1), actor="李调解", data={"form": "written"})
    # 09-01 + 30 = 10-01 (National Day): the window ends on the first working day after
    assert case.clock("confirmation").due_on == D(2020, 10, 9)


def test_registration_is_refused_for_unknown_committee_or_mediator(mbook, register):
    with pytest.raises(InvalidAction, match="未登记"):
        register(mbook, committee="NOPE")
    with pytest.raises(InvalidAction, match="不在") as caught:
        register(mbook, mediators=("钱某",))
    assert "李调解" in caught.value.message
    case = register(mbook, mediators=())
    with pytest.raises(InvalidAction, match="第19条"):
        mbook.act(case.id, "mediate", on=D(2020, 3, 3), actor="李调解")
    with pytest.raises(InvalidAction, match="钱某"):
        mbook.act(
            case.id, "mediate", on=D(2020, 3, 3), actor="李调解", data={"mediators": ["钱某"]}
        )
    assert mbook.find(kind="mediation") == [mbook.get(case.id)]


def test_bad_codes_name_the_allowed_ones(mbook, register):
    with pytest.raises(ValidationError) as caught:
        register(mbook, dispute_type="noise")
    assert "dispute_type" in caught.value.message
    assert "neighbour" in caught.value.message
    with pytest.raises(InvalidAction, match="committee"):
        mbook.create("mediation", received_on=D(2020, 3, 2), actor="a", data={})
    with pytest.raises(ValidationError, match=r"parties\[0\]\.role: 'judge'"):
        mbook.create(
            "mediation",
            received_on=D(2020, 3, 2),
            actor="a",
            parties=[{"role": "judge", "name": "某"}],
            data={"committee": "XH-01"},
        )


def test_dossier_items_must_be_on_the_checklist(mbook, register):
    case = register(mbook)
    mbook.act(case.id, "mediate", on=D(2020, 3, 3), actor="李调解")
    mbook.act(case.id, "succeed", on=D(2020, 3, 4), actor="李调解", data={"form": "written"})
    with pytest.raises(InvalidAction, match="cover"):
        mbook.act(
            case.id, "file_dossier", on=D(2020, 3, 5), actor="李调解", data={"items": ["cover"]}
        )
    with pytest.raises(InvalidAction, match="重复"):
        mbook.act(
            case.id,
            "file_dossier",
            on=D(2020, 3, 5),
            actor="李调解",
            data={"items": ["identity", "identity"]},
        )


def test_describe_and_duplicate_key(mbook, register):
    case_type = casework.case_type("mediation")
    case = register(mbook, dispute_type="neighbour")
    assert case_type.describe(case) == "邻里纠纷 · XH-01"
    same = register(mbook, dispute_type="neighbour", parties=("李四", "张三"))
    assert case_type.duplicate_key(case) == case_type.duplicate_key(same)
    # the same people a week later: not an import duplicate (the window rule flags it instead)
    later = register(mbook, on=D(2020, 3, 9), dispute_type="neighbour", parties=("李四", "张三"))
    assert case_type.duplicate_key(later) != case_type.duplicate_key(case)
    other = register(mbook, on=D(2020, 3, 9), dispute_type="contract")
    assert case_type.duplicate_key(other) != case_type.duplicate_key(case)
    with casework.language("en"):
        assert case_type.describe(case) == "neighbours dispute · XH-01"


def test_pure_workflow_names_the_missing_field():
    from casework.workflow import create

    with pytest.raises(ValidationError) as caught:
        create(
            casework.case_type("mediation"),
            id="MD2020-0001",
            received_on=D(2020, 3, 2),
            actor="a",
            data={},
        )
    assert "data.committee" in caught.value.message
