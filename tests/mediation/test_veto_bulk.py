"""The veto reads the committee registry once per batch, not once per dispute."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import casework
from casework_mediation.committees import TABLE, put_committee


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the side tables read through the book, in order."""
    seen: list[str] = []
    table, table_get = casework.Book.table, casework.Book.table_get

    def counting_table(self: casework.Book, name: str) -> dict[str, object]:
        seen.append(name)
        return table(self, name)

    def counting_get(self: casework.Book, name: str, key: str) -> object:
        seen.append(name)
        return table_get(self, name, key)

    monkeypatch.setattr(casework.Book, "table", counting_table)
    monkeypatch.setattr(casework.Book, "table_get", counting_get)
    return seen


def test_a_batch_of_disputes_reads_the_registry_once(
    mbook: casework.Book, register: Callable[..., casework.Case], reads: list[str]
) -> None:
    with mbook.batch():
        for _ in range(12):
            register(mbook)
    assert reads.count(TABLE) == 1
    reads.clear()
    with mbook.batch():
        register(mbook)
        register(mbook, committee="JD-01", mediators=("陈调解",))
    assert reads.count(TABLE) == 1
    assert len(mbook.find(kind="mediation")) == 14


def test_a_registry_change_inside_the_batch_is_seen(
    mbook: casework.Book, register: Callable[..., casework.Case], committee_list: list
) -> None:
    removed = committee_list[0]
    with pytest.raises(casework.InvalidAction, match=removed.id), mbook.batch():
        register(mbook, committee=removed.id)
        mbook.table_put(TABLE, removed.id, None)  # struck off the registry in the same batch
        register(mbook, committee=removed.id)
    put_committee(mbook, removed)
    assert mbook.find(kind="mediation") == []


def test_the_flags_listeners_record_after_a_batch_are_one_commit(
    disk_book: casework.Book,
    register: Callable[..., casework.Case],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from casework.store import TinyDBStore

    saves: list[int] = []
    save = TinyDBStore._seal_index

    def counting(self: TinyDBStore, index: dict[str, object]) -> bytes:
        saves.append(len(saves))
        return save(self, index)

    monkeypatch.setattr(TinyDBStore, "_seal_index", counting)
    with disk_book.batch():
        cases = [register(disk_book) for _ in range(5)]  # the same dispute five times
    flagged = [
        c.id for c in cases if "possible_duplicate" in {f.code for f in disk_book.get(c.id).flags}
    ]
    assert len(flagged) == 4
    assert len(saves) == 2  # the batch, then the four flags together
