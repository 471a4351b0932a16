import contextlib
import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from toykind import PETITION

from casework import InvalidAction, Label, ValidationError, Workflow
from casework.model import Party
from casework.workflow import Action, State, apply, create, lapse, replay

D = dt.date


def new(received=D(2020, 3, 2), **kw):
    return create(
        PETITION,
        id="PT2020-0001",
        received_on=received,
        actor="王科员",
        details={"subject": "罚款", **kw},
        parties=[{"role": "applicant", "name": "张三", "id_number": "11010519491231002X"}],
    )


def test_creation_is_an_event_with_the_initial_record():
    case, event = new()
    assert case.state == "received" and case.version == 1
    assert event.seq == 1 and event.from_state is None and event.to_state == "received"
    assert event.init["details"]["subject"] == "罚款"
    assert case.regime == "OLD"
    assert case.events == (event,)


def test_rule_set_chosen_by_date_of_receipt():
    old, _ = new(D(2023, 12, 29))
    newer, _ = new(D(2024, 1, 2))
    assert old.regime == "OLD" and newer.regime == "NEW"
    assert old.clock("review").length == 5 and newer.clock("review").length == 3


def test_review_clock_working_days_and_stop():
    case, _ = new(D(2020, 9, 28))
    assert case.clock("review").due_on == D(2020, 10, 12)  # 5 working days, Oct 1-8 skipped
    case, event = apply(PETITION, case, "accept", on=D(2020, 9, 29), actor="王科员", number="N1")
    assert case.clock("review").status == "stopped"
    assert case.number == "N1" and event.number == "N1"
    assert case.clock("decision").due_on == D(2020, 11, 30)  # 09-29 + 60 = 11-28 (Sat) -> 11-30


def test_invalid_action_names_state_and_allowed():
    case, _ = new()
    with pytest.raises(InvalidAction) as err:
        apply(PETITION, case, "decide", on=D(2020, 3, 3), actor="a", data={"outcome": "upheld"})
    assert err.value.state == "received"
    assert set(err.value.allowed) == {"accept", "reject"}
    assert "accept" in str(err.value)


def test_unknown_and_system_actions_are_refused():
    case, _ = new()
    with pytest.raises(InvalidAction, match="nope"):
        apply(PETITION, case, "nope", on=D(2020, 3, 3), actor="a")
    with pytest.raises(InvalidAction):
        apply(PETITION, case, "deem_accept", on=D(2020, 3, 3), actor="a")


def test_missing_and_extra_data_name_the_field():
    case, _ = new()
    case, _ = apply(PETITION, case, "accept", on=D(2020, 3, 3), actor="a")
    with pytest.raises(ValidationError, match=r"data\.outcome"):
        apply(PETITION, case, "decide", on=D(2020, 3, 4), actor="a", data={})
    with pytest.raises(ValidationError, match="colour"):
        apply(
            PETITION,
            case,
            "decide",
            on=D(2020, 3, 4),
            actor="a",
            data={"outcome": "upheld", "colour": "red"},
        )
    fresh, _ = new()
    with pytest.raises(ValidationError, match="不需要数据"):
        apply(PETITION, fresh, "accept", on=D(2020, 3, 4), actor="a", data={"x": 1})


def test_guard_refuses_with_its_reason():
    case, _ = new()
    case, _ = apply(PETITION, case, "accept", on=D(2020, 3, 3), actor="a")
    with pytest.raises(InvalidAction, match="unknown outcome"):
        apply(PETITION, case, "decide", on=D(2020, 3, 4), actor="a", data={"outcome": "maybe"})


def test_effect_updates_details_and_final_state_closes():
    case, _ = new()
    case, _ = apply(PETITION, case, "accept", on=D(2020, 3, 3), actor="a")
    case, _ = apply(
        PETITION, case, "decide", on=D(2020, 4, 1), actor="a", data={"outcome": "upheld"}
    )
    assert case.details.decision == "upheld"
    assert case.closed_on == D(2020, 4, 1) and not case.open
    assert case.clock("decision").status == "stopped"


def test_reopen_by_event():
    case, _ = new()
    case, _ = apply(PETITION, case, "accept", on=D(2020, 3, 3), actor="a")
    case, _ = apply(
        PETITION, case, "decide", on=D(2020, 4, 1), actor="a", data={"outcome": "upheld"}
    )
    case, event = apply(PETITION, case, "reopen", on=D(2020, 5, 1), actor="a")
    assert case.open and case.state == "accepted" and event.from_state == "decided"


def test_suspension_moves_the_due_date_and_resume_restores_it():
    case, _ = new()
    case, _ = apply(PETITION, case, "accept", on=D(2020, 3, 2), actor="a")
    assert case.clock("decision").due_on == D(2020, 5, 6)
    case, _ = apply(PETITION, case, "suspend", on=D(2020, 3, 10), actor="a", data={"ground": "x"})
    paused = case.clock("decision")
    assert (
        paused.status == "paused"
        and paused.due_on is None
        and paused.days_left(D(2020, 3, 11)) is None
    )
    case, _ = apply(PETITION, case, "resume", on=D(2020, 3, 20), actor="a")
    assert case.clock("decision").due_on == D(2020, 5, 11)


def test_extension_once_at_most_n_days_and_not_after_expiry():
    case, _ = new()
    case, _ = apply(PETITION, case, "accept", on=D(2020, 3, 2), actor="a")
    with pytest.raises(ValidationError, match="data.days"):
        apply(
            PETITION,
            case,
            "extend",
            on=D(2020, 4, 1),
            actor="a",
            data={"days": 31, "approver": "局长"},
        )
    extended, _ = apply(
        PETITION, case, "extend", on=D(2020, 4, 1), actor="a", data={"days": 30, "approver": "局长"}
    )
    assert extended.clock("decision").due_on == D(2020, 6, 1)  # 05-31 is a Sunday
    with pytest.raises(InvalidAction, match="延长过一次"):
        apply(
            PETITION,
            extended,
            "extend",
            on=D(2020, 4, 2),
            actor="a",
            data={"days": 5, "approver": "局长"},
        )
    with pytest.raises(InvalidAction, match="expired"):
        from casework import language

        with language("en"):
            apply(
                PETITION,
                case,
                "extend",
                on=D(2020, 5, 7),
                actor="a",
                data={"days": 10, "approver": "局长"},
            )


def test_expiry_with_legal_effect_is_recorded_as_a_system_event():
    case, _ = new(D(2020, 3, 2))
    assert case.clock("review").due_on == D(2020, 3, 9)
    same, added = lapse(PETITION, case, D(2020, 3, 9))
    assert added == [] and same == case
    deemed, added = lapse(PETITION, case, D(2020, 3, 10))
    assert [e.action for e in added] == ["deem_accept"]
    assert added[0].system and added[0].on == D(2020, 3, 9) and added[0].actor == "system"
    assert deemed.state == "accepted"
    assert deemed.clock("review").status == "lapsed"
    assert deemed.clock("decision").started_on == D(2020, 3, 9)


def test_dates_must_not_go_backwards_and_actor_required():
    case, _ = new()
    with pytest.raises(ValidationError, match="早于上一事件"):
        apply(PETITION, case, "accept", on=D(2020, 3, 1), actor="a")
    with pytest.raises(ValidationError, match="actor"):
        apply(PETITION, case, "accept", on=D(2020, 3, 3), actor=" ")
    with pytest.raises(ValidationError, match="on: "):
        apply(PETITION, case, "accept", on="3 March", actor="a")  # type: ignore[arg-type]
    accepted, _ = apply(PETITION, case, "accept", on="2020-03-03", actor="a")  # type: ignore[arg-type]
    assert accepted.events[-1].on == D(2020, 3, 3)


def test_bad_details_and_party_are_one_validation_error():
    with pytest.raises(ValidationError) as err:
        create(
            PETITION,
            id="PT2020-0001",
            received_on=D(2020, 1, 1),
            actor="a",
            details={"subject": "x", "amount": "lots"},
            parties=[{"role": "applicant", "name": "李四", "phone": "12345"}],
        )
    message = str(err.value)
    assert "parties[0]" in message and "phone" in message


def test_flags_from_effects():
    case, _ = new(D(2020, 6, 1), learned_on="2020-01-02")
    assert [f.code for f in case.flags] == ["late"]


def test_workflow_declaration_errors_are_caught():
    with pytest.raises(ValueError, match="unknown state"):
        Workflow(
            "X",
            D(2020, 1, 1),
            (State("a", Label("a", "a")),),
            (Action("go", Label("g", "g"), sources="@new", target="b"),),
        )


ACTION_NAMES = [a.name for a in PETITION.workflows[0].actions if not a.system]
DATA = {
    "suspend": {"ground": "x"},
    "extend": {"days": 10, "approver": "局长"},
    "decide": {"outcome": "upheld"},
}


@settings(max_examples=150, deadline=None)
@given(
    received=st.dates(D(2019, 1, 1), D(2026, 6, 30)),
    steps=st.lists(st.tuples(st.sampled_from(ACTION_NAMES), st.integers(0, 40)), max_size=12),
)
def test_random_action_sequences_stay_declared_and_replay(received, steps):
    case, _ = new(received)
    workflow = PETITION.workflow(case.regime)
    states = {s.name for s in workflow.states}
    on = received
    for name, gap in steps:
        on = on + dt.timedelta(days=gap)
        case, _ = lapse(PETITION, case, on)
        with contextlib.suppress(InvalidAction, ValidationError):
            case, _ = apply(PETITION, case, name, on=on, actor="a", data=DATA.get(name))
        assert case.state in states
        assert case.version == len(case.events)
    assert replay(PETITION, case.events) == case


def test_party_masking_and_birth_date():
    party = Party(
        role="applicant", name="张三", id_number="11010519491231002x", phone="13812345678"
    )
    assert party.id_number.endswith("X")
    assert party.masked()["id_number"] == "110105********002X"
    assert party.masked()["phone"] == "138****5678"
    assert party.born == D(1949, 12, 31)
    assert attrs.evolve(party, phone=None).masked()["phone"] is None


def test_full_width_digits_are_folded_before_validation():
    wide = "１１０１０５１９４９１２３１００２ｘ"
    assert Party(role="applicant", name="张三", id_number=wide).id_number == "11010519491231002X"
    assert (
        Party(role="applicant", name="张三", phone="１３８ １２３４ ５６７８").phone
        == "13812345678"
    )


def test_a_guard_may_see_the_actions_date():
    seen = []

    def before_april(case, data, on):
        seen.append(on)
        return "四月后不再受理" if on >= D(2020, 4, 1) else None

    actions = tuple(
        attrs.evolve(a, guard=before_april) if a.name == "accept" else a
        for a in PETITION.workflows[0].actions
    )
    dated = attrs.evolve(
        PETITION, workflows=(attrs.evolve(PETITION.workflows[0], actions=actions),)
    )
    case, _ = create(
        dated, id="PT2020-0001", received_on=D(2020, 3, 2), actor="a", details={"subject": "x"}
    )
    apply(dated, case, "accept", on=D(2020, 3, 3), actor="a")
    with pytest.raises(InvalidAction, match="四月后"):
        apply(dated, case, "accept", on=D(2020, 4, 1), actor="a")
    assert seen == [D(2020, 3, 3), D(2020, 4, 1)]


def test_entering_a_final_state_stops_every_running_period():
    case, _ = new()
    case, _ = apply(PETITION, case, "accept", on=D(2020, 3, 3), actor="a")
    case, _ = apply(PETITION, case, "suspend", on=D(2020, 3, 4), actor="a", data={"ground": "x"})
    assert case.clock("decision").status == "paused"
    # reject is not listed in the decision clock's stops_on, but rejected is a final state
    closed = attrs.evolve(case, state="received")
    closed, _ = apply(PETITION, closed, "reject", on=D(2020, 3, 5), actor="a")
    assert closed.clock("decision").status == "stopped"
    assert closed.clock("decision").stopped_on == D(2020, 3, 5)


def test_a_lapse_that_accepts_assigns_the_case_number():
    actions = tuple(
        attrs.evolve(a, numbers=True) if a.name == "deem_accept" else a
        for a in PETITION.workflows[0].actions
    )
    numbered = attrs.evolve(
        PETITION, workflows=(attrs.evolve(PETITION.workflows[0], actions=actions),)
    )
    case, _ = create(
        numbered, id="PT2020-0001", received_on=D(2020, 3, 2), actor="a", details={"subject": "x"}
    )
    deemed, events = lapse(numbered, case, D(2020, 3, 20), numberer=lambda day: f"N-{day}")
    assert deemed.number == "N-2020-03-09" and events[0].number == "N-2020-03-09"
    assert replay(numbered, deemed.events) == deemed
