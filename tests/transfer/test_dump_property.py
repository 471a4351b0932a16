"""Property: any book (random kinds, actions, dates, parties) survives dump then restore unchanged.

The real kinds' action data is drawn from what the sample book recorded (so that most actions
are valid, not refused); the toy ``petition`` kind adds a kind no built-in plugin knows.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from transfer_helpers import dump_bytes, id_number, without_time

import casework
from casework.errors import CaseworkError
from casework.render import report_json

REAL = ("reconsideration", "litigation", "legal_aid", "mediation")
"""The built-in kinds the sample book holds at least (it may hold more; each is drawn)."""
NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴霞")
PETITION_DATA: dict[str, list[Any]] = {
    "decide": [{"outcome": "upheld"}, {"outcome": "revoked"}],
    "suspend": [{"ground": "等待鉴定"}],
    "extend": [{"days": 10, "approver": "局长"}],
}


@pytest.fixture(scope="module")
def samples(sample_book: Path) -> dict[str, Any]:
    """From the sample book: creation templates per kind, data per (kind, action), side tables."""
    creations: dict[str, list[dict[str, Any]]] = {}
    data: dict[tuple[str, str], list[Any]] = {}
    with casework.open_book(sample_book) as book:
        kinds = sorted(k for k in casework.case_types() if k != "petition" and book.ids(k))
        assert set(REAL) <= set(kinds)
        for kind in kinds:
            for case in book.find(kind=kind)[:40]:
                first = case.events[0]
                assert first.init is not None
                creations.setdefault(kind, []).append(
                    {
                        "action": first.action,
                        "data": first.data or None,
                        "details": first.init["details"],
                        "parties": first.init["parties"],
                    }
                )
                for event in case.events[1:]:
                    if not event.system:
                        found = data.setdefault((kind, event.action), [])
                        if event.data not in found and len(found) < 6:
                            found.append(event.data)
        with book.store.transaction() as tx:
            tables = {name: dict(tx.table_rows(name)) for name in tx.table_names()}
        tables.pop("casework_book", None)
        tables.pop("casework_facts", None)  # derived per book, never dumped
    for action, values in PETITION_DATA.items():
        data[("petition", action)] = values
    return {"creations": creations, "data": data, "tables": tables, "kinds": kinds}


def _parties(draw: Any, template: list[dict[str, Any]]) -> list[dict[str, Any]]:
    parties = []
    for party in template:
        born = draw(st.dates(dt.date(1940, 1, 1), dt.date(2004, 12, 31)))
        seq = draw(st.integers(100, 999))
        clear = draw(st.booleans())
        parties.append(
            {
                "role": party["role"],
                "name": draw(st.sampled_from(NAMES)),
                "id_number": id_number("141182", born.strftime("%Y%m%d"), str(seq))
                if clear
                else None,
                "phone": draw(st.sampled_from([None, "13812345678", "0358-7221234"])),
            }
        )
    return parties


def build(draw: Any, book: casework.Book, samples: dict[str, Any]) -> None:
    """Create a random set of cases and walk each through random allowed actions."""
    applied: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        kind = draw(st.sampled_from((*samples["kinds"], "petition")))
        received = draw(st.dates(dt.date(2019, 1, 1), dt.date(2021, 12, 31)))
        try:
            if kind == "petition":
                case = book.create(
                    "petition",
                    received_on=received,
                    actor="李科员",
                    details={"subject": "罚款", "amount": draw(st.integers(0, 5000))},
                    parties=_parties(draw, [{"role": "applicant"}]),
                )
            else:
                template = draw(st.sampled_from(samples["creations"][kind]))
                case = book.create(
                    kind,
                    received_on=received,
                    actor="经办人",
                    action=template["action"],
                    data=template["data"],
                    details=template["details"],
                    parties=_parties(draw, template["parties"]),
                )
        except CaseworkError:
            continue  # a refused creation (a veto, a date out of range) leaves nothing
        on = received
        for _ in range(draw(st.integers(0, 10))):
            allowed = [a for a in book.allowed_actions(case) if not a.system]
            if not allowed:
                break
            action = draw(st.sampled_from(allowed))
            choices = samples["data"].get((kind, action.name), [None])
            on = on + dt.timedelta(days=draw(st.integers(0, 45)))
            try:
                case = book.act(
                    case.id, action.name, on=on, actor="经办人", data=draw(st.sampled_from(choices))
                )
                applied.append(action.name)
            except CaseworkError:
                continue
    event(f"actions applied: {min(len(applied), 20) // 5 * 5}+")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_books_survive_dump_and_restore_unchanged(
    data: st.DataObject, samples: dict[str, Any], petition: None
) -> None:
    # In memory: the disk round trip is the sample book's test; here, many books quickly.
    with casework.open_book(":memory:") as book, casework.open_book(":memory:") as copy:
        with book.batch():
            for name, rows in samples["tables"].items():
                for key, row in rows.items():
                    book.table_put(name, key, row)
        build(data.draw, book, samples)
        dumped = dump_bytes(book)
        copy.restore(io.BytesIO(dumped))
        assert copy.find() == book.find()
        with book._tx() as tx, copy._tx() as tx2:
            assert tx2.counters() == tx.counters()
        for name in samples["tables"]:
            assert copy.table(name) == book.table(name)
        for year in (2019, 2020, 2021):
            assert report_json(copy.report(year)) == report_json(book.report(year))
        again = copy.restore(io.BytesIO(dumped))
        assert again.created == () and len(again.skipped) == len(book.ids())
        assert without_time(dump_bytes(copy)) == without_time(dumped)
