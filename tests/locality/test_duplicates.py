"""Duplicate disputes in mediation: a documented, adjustable rule that flags and never refuses."""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path

import pytest

import casework
from casework.locality import parse_locality
from casework_mediation.committees import put_committee
from casework_mediation.subsidy import compute

D = dt.date

_spec = importlib.util.spec_from_file_location(
    "mediation_test_helpers", Path(__file__).parents[1] / "mediation" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_helpers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_helpers)
_settle, registry = _helpers._settle, _helpers.registry  # the mediation tests' helpers


@pytest.fixture
def mbook(tmp_path):
    with casework.open_book(tmp_path / "book") as book:
        for committee in registry():
            put_committee(book, committee)
        yield book


def _rule(book: casework.Book, text: str) -> None:
    path = book.root / "mediation" / "duplicates.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    book.configure(
        parse_locality(
            {"name": "清河县", "rules": {"mediation_duplicates": "mediation/duplicates.toml"}},
            book.root,
        )
    )


def _reasons(book: casework.Book, year: int = 2020) -> dict[str, list[str]]:
    result = compute(book, year)
    return {c.case_id: [r.code for r in c.reasons] for c in result.cases}


def test_two_neighbour_disputes_months_apart_are_two_cases(mbook):
    first = _settle(mbook, D(2020, 3, 2), dispute_type="neighbour")
    second = _settle(mbook, D(2020, 9, 7), dispute_type="neighbour")
    assert second.flags == () and mbook.get(second.id).flags == ()
    reasons = _reasons(mbook)
    assert reasons[first.id] == [] and reasons[second.id] == []
    assert compute(mbook, 2020).subsidised == 2


def test_a_repeat_within_the_window_is_flagged_paid_and_listed_for_the_officer(mbook):
    first = _settle(mbook, D(2020, 3, 2), dispute_type="neighbour")
    again = _settle(mbook, D(2020, 3, 16), dispute_type="neighbour", parties=("李四", "张三"))
    stored = mbook.get(again.id)
    assert [f.code for f in stored.flags] == ["possible_duplicate"]
    assert first.id in stored.flags[0].zh and "30日内" in stored.flags[0].zh
    assert stored.details.possible_duplicates == (first.id,)
    result = compute(mbook, 2020)
    line = next(c for c in result.cases if c.case_id == again.id)
    assert line.subsidised and [w.code for w in line.warnings] == ["possible_duplicate"]
    assert line.to_dict("zh")["warnings"][0]["code"] == "possible_duplicate"
    # the officer finds it is the same dispute: one payment per dispute
    mbook.act(again.id, "confirm_duplicate", on=D(2020, 3, 30), actor="王", data={"of": first.id})
    assert _reasons(mbook)[again.id] == ["duplicate"]
    assert [f.code for f in mbook.get(again.id).flags] == ["duplicate"]


def test_other_people_another_type_or_committee_are_not_flagged(mbook):
    _settle(mbook, D(2020, 3, 2), dispute_type="neighbour")
    others = [
        _settle(mbook, D(2020, 3, 3), dispute_type="neighbour", parties=("张三", "王五")),
        _settle(mbook, D(2020, 3, 4), dispute_type="contract"),
        _settle(
            mbook, D(2020, 3, 5), dispute_type="neighbour", committee="JD-01", mediators=("陈调解",)
        ),
    ]
    assert all(mbook.get(c.id).flags == () for c in others)


def test_an_office_adjusts_the_window_and_what_counts(mbook):
    _rule(mbook, "[duplicates]\nwindow_days = 365\nsame_committee = false\n")
    first = _settle(mbook, D(2020, 3, 2), dispute_type="neighbour")
    later = _settle(
        mbook, D(2020, 9, 7), dispute_type="neighbour", committee="JD-01", mediators=("陈调解",)
    )
    assert mbook.get(later.id).details.possible_duplicates == (first.id,)
    _rule(mbook, "[duplicates]\nwindow_days = 0\n")
    again = _settle(mbook, D(2020, 9, 8), dispute_type="neighbour")
    assert mbook.get(again.id).flags == ()


def test_a_wrong_rule_file_names_each_field(mbook):
    _rule(mbook, "[duplicates]\nwindow_days = -1\nsame_comittee = true\n")
    with pytest.raises(casework.ValidationError) as caught:
        _settle(mbook, D(2020, 3, 2))
    problems = " ".join(caught.value.problems)
    assert "duplicates.window_days" in problems and "duplicates.same_comittee" in problems
    assert mbook.find(kind="mediation") == []  # refused before anything was stored


def test_a_reopened_book_still_sees_the_earlier_dispute(tmp_path):
    path = tmp_path / "book"
    with casework.open_book(path) as first_book:
        for committee in registry():
            put_committee(first_book, committee)
        first = _settle(first_book, D(2020, 12, 20), dispute_type="neighbour")
    with casework.open_book(path) as again:  # a new process would open it the same way
        later = _settle(again, D(2021, 1, 5), dispute_type="neighbour")
        assert again.get(later.id).details.possible_duplicates == (first.id,)
