"""终止 for a long suspension: the ground and the 60 days, per law regime.

ARL23 Art. 41(5): suspension under Art. 39(1) items 1, 2 or 4 (applicant died, lost capacity,
organisation dissolved) lasting 60 days. ARR07 Art. 42(1)(5) for ARL99 cases: suspension under
Art. 41(1) items 1, 2 or 3 (the same three grounds, numbered differently) lasting 60 days. A
missing applicant, force majeure or "other" never qualifies.
"""

from __future__ import annotations

import datetime as dt

import pytest

import casework
from casework import InvalidAction

D = dt.date
APPLICANT = {"role": "applicant", "name": "张三"}
DETAILS = {
    "respondent": "汾阳市公安局",
    "act": {"description": "汾公(治)决字〔2024〕12号行政处罚决定", "category": "penalty"},
    "request": "撤销该处罚决定",
}
LONG = {"ground": "long_suspension"}


@pytest.fixture
def book():
    with casework.open_book(":memory:") as opened:
        yield opened


def suspended(book: casework.Book, received: dt.date, ground: str, on: dt.date) -> str:
    case = book.create(
        "reconsideration", received_on=received, actor="王", parties=[APPLICANT], details=DETAILS
    )
    book.act(case.id, "accept", on=received + dt.timedelta(days=1), actor="王")
    book.act(case.id, "suspend", on=on, actor="王", data={"ground": ground})
    return case.id


def test_arl23_other_ground_never_allows_termination(book: casework.Book) -> None:
    case_id = suspended(book, D(2024, 3, 4), "other", D(2024, 3, 20))
    with pytest.raises(InvalidAction, match="第41条"):
        book.act(case_id, "terminate", on=D(2024, 3, 30), actor="王", data=LONG)
    with pytest.raises(InvalidAction, match="other"):
        book.act(case_id, "terminate", on=D(2024, 6, 30), actor="王", data=LONG)


def test_arl23_qualifying_ground_needs_60_full_days(book: casework.Book) -> None:
    case_id = suspended(book, D(2024, 3, 4), "applicant_died", D(2024, 3, 20))
    with pytest.raises(InvalidAction, match="60"):
        book.act(case_id, "terminate", on=D(2024, 3, 30), actor="王", data=LONG)
    # the day of suspension is not counted: day 60 is 05-19, complete at its end
    with pytest.raises(InvalidAction, match="2024-05-20"):
        book.act(case_id, "terminate", on=D(2024, 5, 19), actor="王", data=LONG)
    done = book.act(case_id, "terminate", on=D(2024, 5, 20), actor="王", data=LONG)
    assert (done.state, done.details.ground) == ("terminated", "long_suspension")


@pytest.mark.parametrize(
    ("received", "ground"),
    [(D(2024, 3, 4), "applicant_missing"), (D(2023, 3, 6), "applicant_missing")],
)
def test_a_missing_applicant_is_not_a_ground_for_termination(
    book: casework.Book, received: dt.date, ground: str
) -> None:
    case_id = suspended(book, received, ground, received + dt.timedelta(days=10))
    with pytest.raises(InvalidAction):
        book.act(case_id, "terminate", on=received + dt.timedelta(days=100), actor="王", data=LONG)


def test_arl99_follows_arr07_article_42(book: casework.Book) -> None:
    case_id = suspended(book, D(2023, 3, 6), "organisation_dissolved", D(2023, 3, 20))
    assert book.get(case_id).regime == "ARL99"
    with pytest.raises(InvalidAction, match="实施条例"):
        book.act(case_id, "terminate", on=D(2023, 4, 20), actor="王", data=LONG)
    assert book.act(case_id, "terminate", on=D(2023, 5, 20), actor="王", data=LONG).state == (
        "terminated"
    )


def test_a_resumed_case_is_no_longer_suspended(book: casework.Book) -> None:
    case_id = suspended(book, D(2024, 3, 4), "applicant_died", D(2024, 3, 20))
    book.act(case_id, "resume", on=D(2024, 4, 1), actor="王")
    with pytest.raises(InvalidAction, match="中止"):
        book.act(case_id, "terminate", on=D(2024, 6, 30), actor="王", data=LONG)
    # other grounds of termination are not affected
    done = book.act(case_id, "terminate", on=D(2024, 6, 30), actor="王", data={"ground": "no_heir"})
    assert done.state == "terminated"
