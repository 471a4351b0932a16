"""利益冲突审查: opposing parties checked against the people this office already represents."""

from __future__ import annotations

from pathlib import Path

import pytest
from la_helpers import ID_OTHER_ZHANG, ID_ZHANG, D, apply, appoint_data, notify

import casework
from casework import InvalidAction


def opposing(name: str = "张某", **extra: object) -> list[dict[str, object]]:
    return [{"role": "opposing", "name": name, **extra}]


def flags(case: casework.Case) -> list[str]:
    return [f.code for f in case.flags]


def test_opposing_party_who_is_a_client_is_flagged_and_blocks_appointment(book):
    client = notify(book, D(2020, 3, 2), name="张某", id_number=ID_ZHANG)
    case = apply(book, D(2020, 3, 5), name="赵某", opposing=opposing(id_number=ID_ZHANG))
    stored = book.get(case.id)
    assert flags(stored) == ["conflict"]
    assert [(h.case_id, h.name, h.relation) for h in stored.details.conflicts] == [
        (client.id, "张某", "opposes_client")
    ]
    last = stored.events[-1]
    assert (last.action, last.actor, last.on) == ("record_conflict", "system", D(2020, 3, 5))
    assert client.id in str(stored.flags[0])

    book.act(
        case.id,
        "approve",
        on=D(2020, 3, 6),
        actor="a",
        data={"decision_number": "1", "means_test": "verified"},
    )
    with pytest.raises(InvalidAction, match=client.id):
        book.act(case.id, "appoint", on=D(2020, 3, 6), actor="a", data=appoint_data())
    with pytest.raises(casework.ValidationError, match="reason"):
        book.act(case.id, "acknowledge_conflict", on=D(2020, 3, 6), actor="a", data={"reason": ""})
    acked = book.act(
        case.id,
        "acknowledge_conflict",
        on=D(2020, 3, 6),
        actor="a",
        data={"reason": "张某案已结,事项无关;指派不同律所"},
    )
    assert flags(acked) == []
    assert acked.details.acknowledgements[0].case_ids == (client.id,)
    assert book.act(case.id, "appoint", on=D(2020, 3, 7), actor="a", data=appoint_data()).state == (
        "assigned"
    )
    # the earlier case is not flagged: it came first
    assert flags(book.get(client.id)) == []


def test_client_who_is_opposed_in_an_earlier_case(mem):
    earlier = apply(mem, D(2020, 3, 2), name="赵某", opposing=opposing(birth_date="1990-01-01"))
    later = notify(mem, D(2020, 3, 9), name="张某", id_number=ID_ZHANG)  # born 1990-01-01
    hits = mem.get(later.id).details.conflicts
    assert [(h.case_id, h.relation) for h in hits] == [(earlier.id, "client_opposed")]


def test_identity_rules(mem):
    notify(mem, D(2020, 3, 2), name="张某", id_number=ID_ZHANG)
    # a namesake born the same day but with another ID number is another person
    namesake = apply(mem, D(2020, 3, 3), opposing=opposing(id_number=ID_OTHER_ZHANG))
    # a name without a birth date is too little to go on
    bare = apply(mem, D(2020, 3, 3), opposing=opposing())
    # name and birth date without an ID number: likely the same person
    likely = apply(mem, D(2020, 3, 3), opposing=opposing(birth_date="1990-01-01"))
    assert mem.get(namesake.id).details.conflicts == ()
    assert mem.get(bare.id).details.conflicts == ()
    assert len(mem.get(likely.id).details.conflicts) == 1


def test_refused_clients_count_too(mem):
    refused = apply(mem, D(2020, 3, 2), name="张某", id_number=ID_ZHANG)
    mem.act(
        refused.id,
        "refuse",
        on=D(2020, 3, 3),
        actor="a",
        data={"ground": "means", "notice_number": "1"},
    )
    case = notify(mem, D(2020, 3, 4), name="钱某", parties=None)
    assert mem.get(case.id).details.conflicts == ()
    against = apply(mem, D(2020, 3, 5), opposing=opposing(id_number=ID_ZHANG))
    assert [h.case_id for h in mem.get(against.id).details.conflicts] == [refused.id]


def test_in_a_batch_the_check_runs_at_commit_in_creation_order(book):
    with book.batch():
        client = notify(book, D(2020, 3, 2), name="张某", id_number=ID_ZHANG)
        case = apply(book, D(2020, 3, 3), opposing=opposing(id_number=ID_ZHANG))
        # not checked yet: the hook runs when the batch commits
        assert book.get(case.id).flags == ()
        book.act(
            case.id,
            "approve",
            on=D(2020, 3, 4),
            actor="a",
            data={"decision_number": "1", "means_test": "verified"},
        )
        book.act(case.id, "appoint", on=D(2020, 3, 5), actor="a", data=appoint_data())
    stored = book.get(case.id)
    assert stored.state == "assigned"
    assert [h.case_id for h in stored.details.conflicts] == [client.id]
    # recorded after the events of the batch, dated the latest of them
    assert (stored.events[-1].action, stored.events[-1].on) == ("record_conflict", D(2020, 3, 5))
    assert "指派之后" in str(stored.flags[0])
    assert flags(book.get(client.id)) == []
    with pytest.raises(InvalidAction, match="acknowledge_conflict"):
        book.act(case.id, "close", on=D(2020, 6, 1), actor="a", data={"outcome": "judgment"})
    book.act(
        case.id, "acknowledge_conflict", on=D(2020, 6, 1), actor="a", data={"reason": "已核实"}
    )
    closed = book.act(case.id, "close", on=D(2020, 6, 1), actor="a", data={"outcome": "judgment"})
    assert closed.state == "closed"


def test_a_rolled_back_batch_leaves_no_trace_in_the_check(book):
    with pytest.raises(RuntimeError), book.batch():
        notify(book, D(2020, 3, 2), name="张某", id_number=ID_ZHANG)
        raise RuntimeError("abandon the batch")
    assert book.ids() == []
    case = apply(book, D(2020, 3, 3), opposing=opposing(id_number=ID_ZHANG))
    assert case.id == "LA2020-0001"  # the id was never used
    assert book.get(case.id).details.conflicts == ()


def test_a_reopened_book_checks_against_the_cases_on_disk(tmp_path: Path):
    with casework.open_book(tmp_path / "b") as first:
        client = notify(first, D(2020, 3, 2), name="张某", id_number=ID_ZHANG)
    with casework.open_book(tmp_path / "b") as second:
        case = apply(second, D(2020, 3, 3), opposing=opposing(id_number=ID_ZHANG))
        assert [h.case_id for h in second.get(case.id).details.conflicts] == [client.id]


def test_record_conflict_by_hand_and_validation(mem):
    case = notify(mem, D(2020, 3, 2))
    with pytest.raises(casework.ValidationError, match="hits"):
        mem.act(case.id, "record_conflict", on=D(2020, 3, 2), actor="a", data={"hits": []})
    with pytest.raises(casework.ValidationError, match="relation"):
        mem.act(
            case.id,
            "record_conflict",
            on=D(2020, 3, 2),
            actor="a",
            data={"hits": [{"case_id": "LA2019-0001", "name": "x", "relation": "friend"}]},
        )
    hit = {"case_id": "LA2019-0001", "name": "孙某", "relation": "opposes_client"}
    flagged = mem.act(case.id, "record_conflict", on=D(2020, 3, 2), actor="a", data={"hits": [hit]})
    again = mem.act(case.id, "record_conflict", on=D(2020, 3, 2), actor="a", data={"hits": [hit]})
    assert len(again.details.conflicts) == 1 and flags(again) == flags(flagged) == ["conflict"]


@pytest.mark.parametrize("hidden", ["\u00a0\u00a0", "\u3000\u3000", "   ", "\u200b", "\ufeff"])
def test_invisible_characters_do_not_hide_a_client(mem, hidden):
    client = notify(mem, D(2020, 3, 2), name="张 三", id_number=ID_ZHANG)
    name = f"张{hidden}三"
    if hidden in ("\u200b", "\ufeff"):  # a format character is refused at the door
        with pytest.raises(casework.ValidationError, match="U\\+"):
            apply(mem, D(2020, 3, 5), opposing=opposing(name=name, birth_date="1990-01-01"))
        return
    case = apply(mem, D(2020, 3, 5), opposing=opposing(name=name, birth_date="1990-01-01"))
    assert [h.case_id for h in mem.get(case.id).details.conflicts] == [client.id]


class Crash(BaseException):
    """The process dies here."""


class DiesAfterTheCommit:
    @casework.hookimpl
    def after_action(self):
        raise Crash


def test_a_crash_after_the_commit_cannot_separate_the_check_from_the_case(tmp_path: Path):
    with casework.open_book(tmp_path / "b") as book:
        client = notify(book, D(2020, 3, 2), name="张某", id_number=ID_ZHANG)
    name = casework.register_plugin(DiesAfterTheCommit(), name="undo-dies")
    try:
        with casework.open_book(tmp_path / "b") as book, pytest.raises(Crash):
            apply(book, D(2020, 3, 3), opposing=opposing(id_number=ID_ZHANG))
    finally:
        casework.unregister_plugin(name)
    with casework.open_book(tmp_path / "b") as book:
        (case_id,) = [i for i in book.ids() if i != client.id]
        stored = book.get(case_id)
        assert [e.action for e in stored.events] == ["apply", "record_conflict"]
        assert flags(stored) == ["conflict"]
