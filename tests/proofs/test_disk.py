"""A failing disk: each write, fsync and rename of a commit fails in turn with ENOSPC and EIO.

Each time the call raises :class:`~casework.StorageError` naming the folder and the cause, the
book reopens exactly as it was before the call (no journal left to replay the failed commit
later), and the next reads and writes work.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from bookcheck import FaultyOs, check_consistent
from test_crash import D, _seed_book, _state, _transaction

import casework
import casework.store as store_module
from casework import StorageError


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_every_failing_step_of_a_commit_leaves_the_book_as_before(
    tmp_path: Path, petition: None, call: str, code: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = tmp_path / "base"
    ids = _seed_book(base)
    before = _state(base)
    # the report facts' copies are written after the commit and may fail (their own proof below)
    monkeypatch.setattr(store_module.TinyDBStore, "_write_facts", lambda *args: None)
    probe_root = tmp_path / "probe"
    shutil.copytree(base, probe_root)
    probe = FaultyOs(call)
    monkeypatch.setattr(store_module, "os", probe)
    _transaction(probe_root, ids)
    monkeypatch.undo()
    assert probe.calls >= 5
    for at in range(1, probe.calls + 1):
        root = tmp_path / f"fail-{at}"
        shutil.copytree(base, root)
        monkeypatch.setattr(
            store_module, "os", FaultyOs(call, at, OSError(code, os.strerror(code)))
        )
        with pytest.raises(StorageError) as caught:
            _transaction(root, ids)
        monkeypatch.setattr(store_module, "os", os)
        message = str(caught.value)
        assert str(root) in message and os.strerror(code) in message, message
        assert "未保存" in message
        assert not (root / "journal.json").exists(), f"{call} {at}: a journal would replay it"
        assert _state(root) == before, f"{call} {at}: the failed commit changed the book"
        check_consistent(root)
        _transaction(root, ids)  # the disk works again: so does the book
        assert _state(root) != before


@pytest.mark.parametrize("call", ["write", "replace"])
def test_a_report_facts_copy_that_cannot_be_written_costs_speed_never_a_figure(
    tmp_path: Path, petition: None, call: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "b"
    ids = _seed_book(root)
    write_facts = store_module.TinyDBStore._write_facts

    def failing(self: store_module.TinyDBStore, *args: object) -> None:
        monkeypatch.setattr(store_module, "os", FaultyOs(call, 1, OSError(errno.ENOSPC, "full")))
        try:
            write_facts(self, *args)
        finally:
            monkeypatch.setattr(store_module, "os", os)

    monkeypatch.setattr(store_module.TinyDBStore, "_write_facts", failing)
    _transaction(root, ids)  # the commit stands
    monkeypatch.undo()
    assert not list(root.rglob(".*.tmp"))
    check_consistent(root)
    with casework.open_book(root) as book:
        report = book.report(2020).to_dict()
    for path in root.rglob("*.facts.json"):
        path.unlink()
    with casework.open_book(root) as book:  # read from the shards themselves: the same
        assert book.report(2020).to_dict() == report


def test_a_failed_commit_in_a_long_lived_book_is_forgotten(
    tmp_path: Path, petition: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "b"
    ids = _seed_book(root)
    with casework.open_book(root) as book:
        before = book.get(ids[1])
        monkeypatch.setattr(
            store_module, "os", FaultyOs("replace", 3, OSError(errno.ENOSPC, "No space"))
        )
        with pytest.raises(StorageError, match="No space"):
            book.act(ids[1], "accept", on=D(2020, 2, 4), actor="王科员")
        monkeypatch.undo()
        assert book.get(ids[1]) == before  # reads work, and show the book as stored
        assert book.act(ids[1], "accept", on=D(2020, 2, 4), actor="王科员").version == 2
