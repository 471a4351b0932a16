"""Concurrency: several processes on one book lose no update, and a stale writer is refused.

The writers are real processes (``_writer.py count``): each reads a case, then acts with
``expected_version``, retrying after a ConflictError. Every act carries a unique note, so the
events can be counted and matched one by one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import filelock
import pytest
from bookcheck import check_consistent, snapshot

import casework
import casework.store as store_module
from casework import ConflictError

WRITER = Path(__file__).with_name("_writer.py")
D = dt.date


def _run_writers(book: Path, jobs: list[tuple[list[str], int]]) -> list[list[dict[str, object]]]:
    env = dict(os.environ, PYTHONUNBUFFERED="1", CASEWORK_LOAD_PLUGINS="")
    procs = []
    for seed, (ids, count) in enumerate(jobs):
        proc = subprocess.Popen(
            [sys.executable, str(WRITER), str(book), str(seed), "count", str(count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdin is not None
        proc.stdin.write("\n".join(ids))
        proc.stdin.close()
        procs.append(proc)
    results = []
    for proc in procs:
        assert proc.stdout is not None and proc.stderr is not None
        out = proc.stdout.read()
        err = proc.stderr.read()
        assert proc.wait(timeout=300) == 0, err[-3000:]
        lines = [line for line in out.splitlines() if line.startswith("{")]
        results.append([json.loads(line) for line in lines])
    return results


def _accepted_cases(root: Path, n: int) -> list[str]:
    with casework.open_book(root) as book:
        ids = []
        for i in range(n):
            case = book.create(
                "petition",
                received_on=D(2020, 3, 2 + i),
                actor="王科员",
                details={"subject": "罚款"},
            )
            book.act(case.id, "accept", on=case.received_on, actor="王科员")
            ids.append(case.id)
    return ids


def test_no_update_is_lost(tmp_path: Path, petition: None) -> None:
    root = tmp_path / "book"
    shared, *own = _accepted_cases(root, 5)
    per_process = 30
    # four processes: all on the shared case, each also on a case of its own
    results = _run_writers(root, [([shared, mine], per_process) for mine in own])
    reported = [row for rows in results for row in rows]
    assert len(reported) == 4 * per_process
    cases = {c.id: c for c in check_consistent(root)}
    notes = Counter(e.note for c in cases.values() for e in c.events if e.note)
    # every reported act is stored exactly once, and nothing else was stored
    assert notes == Counter(str(row["note"]) for row in reported)
    assert cases[shared].version == 2 + 4 * per_process // 2
    for mine in own:
        assert cases[mine].version == 2 + per_process // 2
    for case in cases.values():
        # suspend and resume alternate: a lost or doubled update would break the alternation
        actions = [e.action for e in case.events[2:]]
        assert actions == ["suspend", "resume"] * (len(actions) // 2) + ["suspend"] * (
            len(actions) % 2
        )


def test_stale_writer_gets_conflict_and_changes_nothing(tmp_path: Path, petition: None) -> None:
    root = tmp_path / "book"
    (case_id,) = _accepted_cases(root, 1)
    with casework.open_book(root) as mine:
        seen = mine.get(case_id)
        # another process acts in between
        (rows,) = _run_writers(root, [([case_id], 1)])
        assert rows[0]["v"] == seen.version + 1
        before = snapshot(root)
        with pytest.raises(ConflictError, match=case_id) as caught:
            mine.act(
                case_id,
                "decide",
                on=D(2020, 4, 1),
                actor="王科员",
                data={"outcome": "upheld"},
                expected_version=seen.version,
            )
        assert caught.value.hint
        assert snapshot(root) == before
        # without a version the act applies to the stored case, not to the copy read earlier
        case = mine.act(case_id, "resume", on=D(2020, 4, 1), actor="王科员")
        assert case.version == seen.version + 2
        assert [e.action for e in case.events][-2:] == ["suspend", "resume"]


def test_long_lived_book_sees_other_processes_writes(tmp_path: Path, petition: None) -> None:
    root = tmp_path / "book"
    first, second = _accepted_cases(root, 2)
    with casework.open_book(root) as mine:
        # warm every cache: index, shard, open rows, side table
        assert mine.get(first).state == "accepted"
        assert len(mine.find(open=True)) == 2
        assert mine.table("batches") == {}
        assert len(mine.due(on=D(2020, 12, 31))) == 2
        with casework.open_book(root) as other:
            other.act(first, "suspend", on=D(2020, 3, 11), actor="b", data={"ground": "鉴定"})
            other.act(second, "decide", on=D(2020, 3, 11), actor="b", data={"outcome": "upheld"})
            new = other.create(
                "petition", received_on=D(2020, 3, 20), actor="b", details={"subject": "x"}
            )
            other.table_put("batches", "t", [new.id])
        assert mine.get(first).state == "suspended"
        assert mine.get(new.id).version == 1
        assert {c.id for c in mine.find(open=True)} == {first, new.id}
        assert mine.table("batches") == {"t": [new.id]}
        # the suspended period is paused and the decided case's period stopped
        assert [c.id for c, _ in mine.due(on=D(2020, 12, 31))] == [new.id]
        assert new.id in mine.ids()
        # and its own next write does not undo theirs
        mine.act(new.id, "accept", on=D(2020, 3, 21), actor="a")
    with casework.open_book(root) as again:
        assert again.get(second).state == "decided"
        assert again.get(new.id).state == "accepted"


def test_lock_held_too_long_is_a_clear_error(
    tmp_path: Path, petition: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "book"
    (case_id,) = _accepted_cases(root, 1)
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT", 0.2)
    with casework.open_book(root) as book, filelock.FileLock(str(root / ".lock")):
        with pytest.raises(casework.StorageError) as caught:
            book.get(case_id)
        assert "locked" in str(caught.value) or "占用" in str(caught.value)
    with casework.open_book(root) as book:
        assert book.get(case_id).state == "accepted"
