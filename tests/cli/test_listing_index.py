"""``list --open``, the dashboard, ``due`` and ``find`` read the index, not every shard.

For a day from today on, the open cases and the dashboard's counts come from the open-case
index and the kept tally; a case is read only where a lapse may have changed it, and it is then
shown as the as-of function decides. These tests count the shard files read (not time) and
check that the index answers exactly as reading every record does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_book import PARTY

import casework
from casework.cli import listing
from casework.store import TinyDBStore

D = dt.date


def _make(book: casework.Book, received: dt.date, actor: str = "王科员") -> str:
    case = book.create(
        "petition",
        received_on=received,
        actor=actor,
        details={"subject": "罚款"},
        parties=[PARTY],
    )
    return case.id


@pytest.fixture
def path(tmp_path: Path, petition: None) -> Path:
    """Closed cases of 2019–2021, one open case of last year whose review ran out (its lapse is
    not recorded), and open cases received ten days ago: one accepted, one left with its review
    running."""
    today = casework.Book.today()
    recent = today - dt.timedelta(days=10)
    with casework.open_book(tmp_path / "book") as book:
        for year in (2019, 2020, 2021):
            for month in (3, 6):
                case_id = _make(book, D(year, month, 2))
                book.act(case_id, "reject", on=D(year, month, 3), actor="王科员")
            decided = _make(book, D(year, 9, 1))
            book.act(decided, "accept", on=D(year, 9, 2), actor="王科员")
            book.act(
                decided, "decide", on=D(year, 9, 20), actor="王科员", data={"outcome": "upheld"}
            )
        _make(book, D(today.year - 1, 5, 6))  # review ran out: 视为受理 on reading
        accepted = _make(book, recent, actor="李科员")
        book.act(accepted, "accept", on=recent + dt.timedelta(days=1), actor="李科员")
    return tmp_path / "book"


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The shard files read, as ``kind/year/bucket``, in order."""
    seen: list[str] = []
    original = TinyDBStore._read_json

    def counting(self: TinyDBStore, file: Path) -> dict[str, object]:
        if file.parent.parent.parent.name == "cases" and file.stem.isdigit():  # not index.json
            seen.append(f"{file.parent.parent.name}/{file.parent.name}/{file.stem}")
        return original(self, file)

    monkeypatch.setattr(TinyDBStore, "_read_json", counting)
    yield seen


def _every_record_open(book: casework.Book, on: dt.date) -> list[str]:
    hits = [
        (r["received_on"], r["kind"], r["id"])
        for r in listing._records(book, None, None, on)
        if r.get("closed_on") is None
    ]
    return [h[2] for h in sorted(hits)]


def test_list_open_reads_only_the_shards_of_cases_a_lapse_may_change(
    path: Path, reads: list[str]
) -> None:
    today = casework.Book.today()
    with casework.open_book(path) as book:
        ids = listing.select(book, open_=True, on=today)
        assert reads == [f"petition/{today.year - 1}/000"]
        reads.clear()
        assert ids == _every_record_open(book, today)
        assert len(reads) == 4  # reading every record opens every shard
        assert len(ids) == 2


def test_the_dashboard_counts_from_the_tally_as_every_record_says(
    path: Path, reads: list[str]
) -> None:
    today = casework.Book.today()
    with casework.open_book(path) as book:
        tallied = listing._tallied(book, today)
        assert reads == [f"petition/{today.year - 1}/000"]
        counted = listing._counted(book, today)
        assert tallied == counted
        states, _, open_count, total = tallied
        # the review that ran out shows as 视为受理 (accepted), though stored as received
        assert states == {"petition": {"rejected": 6, "decided": 3, "accepted": 2}}
        assert (open_count, total) == (2, 11)


def test_list_open_filters_agree_with_every_record(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = casework.Book.today()
    filters: list[dict[str, object]] = [
        {"state": "accepted"},
        {"state": "received"},
        {"assignee": "李科员"},
        {"year": today.year - 1},
        {"kind": "petition", "overdue_on": today},
    ]
    with casework.open_book(path) as book:
        fast = [listing.select(book, open_=True, on=today, **f) for f in filters]  # type: ignore[arg-type]
        monkeypatch.setattr(listing, "index_tells", lambda book, day: False)
        slow = [listing.select(book, open_=True, on=today, **f) for f in filters]  # type: ignore[arg-type]
    assert fast == slow
    assert [len(ids) for ids in fast] == [2, 0, 1, 1, 1]


def test_find_by_kind_and_year_reads_its_shards_once(path: Path, reads: list[str]) -> None:
    with casework.open_book(path) as book:
        found = book.find(kind="petition", year=2020, on=D(2020, 12, 31))
        assert [c.state for c in found] == ["rejected", "rejected", "decided"]
        assert reads == ["petition/2020/000"]


def test_due_reads_only_the_shards_of_periods_that_may_be_due(path: Path, reads: list[str]) -> None:
    today = casework.Book.today()
    with casework.open_book(path) as book:
        pairs = book.due(on=today, within_days=7)
        assert reads == [f"petition/{today.year - 1}/000"]
        assert [clock.name for _, clock in pairs] == ["decision"]


def test_an_overdue_period_without_a_legal_effect_needs_no_read(
    tmp_path: Path, petition: None, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    today = casework.Book.today()
    received = D(today.year - 1, 3, 2)
    with casework.open_book(tmp_path / "b") as book:
        case_id = _make(book, received)
        book.act(case_id, "accept", on=received + dt.timedelta(days=1), actor="王科员")
    with casework.open_book(tmp_path / "b") as book:
        reads.clear()
        # the decision period ran out long ago, but its end has no legal effect: the row stands
        assert listing.select(book, open_=True, overdue_on=today) == [case_id]
        assert listing._tallied(book, today)[0] == {"petition": {"accepted": 1}}
        assert reads == []
        monkeypatch.setattr(listing, "index_tells", lambda book, day: False)
        assert listing.select(book, open_=True, overdue_on=today) == [case_id]
        assert listing._counted(book, today)[0] == {"petition": {"accepted": 1}}
