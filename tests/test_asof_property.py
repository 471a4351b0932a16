"""Property: for random histories and days D, every read of the book tells the same story of D.

The case ``get(id, on=D)`` shows, the actions ``allowed_actions(…, on=D)`` offers, the periods
``due(on=D)`` lists, ``find(…, on=D)`` and the figures of ``report(year, as_of=D)`` agree; acting on
any action offered on a day succeeds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import casework

D = dt.date
DETAILS = {
    "respondent": "汾阳市公安局",
    "act": {"description": "汾公(治)决字〔2024〕12号行政处罚决定", "category": "penalty"},
    "request": "撤销该处罚决定",
}
LAST = D(2025, 12, 31)


def data_for(action: str, regime: str, on: dt.date) -> dict[str, Any] | None:
    """Valid data for each action of the 行政复议 kind (None: it takes none)."""
    return {
        "accept": {},
        "reject": {"reason": "超过申请期限", "ground": "行政复议法第30条"},
        "refer": {"organ": "吕梁市人民政府"},
        "request_correction": {"items": ["身份证明"]}
        | ({"due_on": (on + dt.timedelta(days=10)).isoformat()} if regime == "ARL99" else {}),
        "extend_correction": {"days": 5, "reason": "申请人住院"},
        "send_copy": {},
        "hear": {"form": "views"},
        "notify_hearing": {"hearing_on": (on + dt.timedelta(days=30)).isoformat()},
        "switch_procedure": {"approver": "李主任"},
        "suspend": {"ground": "force_majeure"},
        "extend": {"days": 30, "approver": "李主任", "reason": "案情复杂"},
        "decide": {"type": "upheld"},
        "mediate": {},
        "settle": {},
        "withdraw": {},
        "terminate": {"ground": "withdrawn"},
    }.get(action)


def _in_year(case: casework.Case, year: int, *actions: str) -> int:
    return sum(1 for e in case.events if e.action in actions and e.on.year == year)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    received=st.dates(D(2023, 10, 1), D(2024, 9, 30)),
    steps=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=6),
    probes=st.lists(st.integers(-5, 420), min_size=1, max_size=4),
)
@example(received=D(2023, 10, 1), steps=[(0, 8), (0, 8)], probes=[0])
def test_every_read_agrees_on_every_day(
    received: dt.date, steps: list[tuple[int, int]], probes: list[int]
) -> None:
    with casework.open_book(":memory:") as book:
        case = book.create(
            "reconsideration",
            received_on=received,
            actor="王科员",
            parties=[{"role": "applicant", "name": "张三"}],
            details=DETAILS,
        )
        day = received
        for gap, pick in steps:
            day += dt.timedelta(days=gap)
            offered = book.allowed_actions(book.stored(case.id), on=day)
            if not offered:
                break
            action = offered[pick % len(offered)]
            # anything offered on a day can be done on that day
            book.act(
                case.id,
                action.name,
                on=day,
                actor="王科员",
                data=data_for(action.name, case.regime, day),
            )
        stored = book.stored(case.id)
        for probe in probes:
            on = min(received + dt.timedelta(days=probe), LAST)
            if on < received:
                assert book.find(on=on) == []
                with pytest.raises(casework.NotFound):
                    book.get(case.id, on=on)
                continue
            seen = book.get(case.id, on=on)
            assert all(e.on <= on for e in seen.events)
            assert seen.version == stored.version
            names = [a.name for a in book.allowed_actions(seen, on=on)]
            assert names == [a.name for a in book.allowed_actions(stored, on=on)]
            for name in names:
                action = book.case_type("reconsideration").workflow(seen.regime).action(name)
                assert action is not None and seen.state in action.sources
            board = [
                (k.name, k.due_on)
                for c, k in book.due(on=on, within_days=3660, include_planning=True)
                if c.id == case.id
            ]
            assert board == sorted(
                ((k.name, k.due_on) for k in seen.clocks if k.running and k.due_on),
                key=lambda pair: (pair[1], pair[0]),
            )
            assert case.id in [c.id for c in book.find(state=seen.state, on=on)]
            assert case.id in [c.id for c in book.find(open=seen.open, on=on)]
            figures = book.report(on.year, as_of=on).figures()["reconsideration"]
            assert figures["received"] == (1 if received.year == on.year else 0)
            assert figures["accepted"] == _in_year(seen, on.year, "accept", "deem_accept")
            assert figures["pending"] == (1 if seen.open else 0)
            closed_in_year = seen.closed_on is not None and seen.closed_on.year == on.year
            assert figures["concluded"] == (1 if closed_in_year else 0)
