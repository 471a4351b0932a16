"""Crash safety: a writer killed at any moment leaves a book that loads, with every commit in it.

Two proofs. ``test_sigkill_writer`` SIGKILLs a real writer process at random moments (20 times by
default; 220 with ``CASEWORK_FULL_CRASH=1`` or ``pytest tests/proofs --full-crash``) and after
each kill reopens the book: it must load (journal recovery), hold every action the writer reported
as committed, and be consistent (index = shards, batches whole). ``test_crash_at_every_write_step``
stops a commit at each of its file writes in turn, before and after the atomic replace, and checks
that the reopened book holds either all of the transaction or none of it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from bookcheck import FaultyOs, check_consistent, snapshot

import casework
import casework.store as store_module

WRITER = Path(__file__).with_name("_writer.py")
D = dt.date


def _spawn(book: Path, seed: int, mode: str, *extra: str) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONUNBUFFERED="1", CASEWORK_LOAD_PLUGINS="")
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(book), str(seed), mode, *extra],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _wait_ready(proc: subprocess.Popen[str]) -> None:
    assert proc.stdout is not None
    first = proc.stdout.readline()
    if first.strip() != "ready":
        proc.kill()
        _, err = proc.communicate()
        pytest.fail(f"writer did not start: {first!r} {err}")


@pytest.mark.slow
def test_sigkill_writer(tmp_path: Path, petition: None, full_run: bool) -> None:
    kills = 220 if full_run else 20
    rng = random.Random(20200803)
    book = tmp_path / "book"
    committed: dict[str, tuple[int, list[str]]] = {}
    reported = 0
    for round_ in range(kills):
        proc = _spawn(book, round_, "crash")
        _wait_ready(proc)
        # mostly short waits, sometimes long ones: the kill lands in every phase of a commit
        time.sleep(rng.choice([rng.uniform(0, 0.02), rng.uniform(0, 0.15), rng.uniform(0, 0.4)]))
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        assert proc.returncode == -signal.SIGKILL, f"writer ended by itself: {err[-2000:]}"
        for raw in out.splitlines(keepends=True):
            if not raw.endswith("\n"):
                continue  # the line being printed when the kill came: not reported
            row = json.loads(raw)
            committed[row["id"]] = (row["v"], row["acts"])
            reported += 1
        cases = {c.id: c for c in check_consistent(book)}
        for case_id, (version, acts) in committed.items():
            assert case_id in cases, f"round {round_}: committed case {case_id} is missing"
            stored = cases[case_id]
            # the writer may have committed one more action it had no time to report
            assert stored.version >= version, f"round {round_}: {case_id} lost an action"
            assert [e.action for e in stored.events][:version] == acts, case_id
    # the proof could fail: the writers really wrote, many times
    assert reported > kills
    assert len(committed) > kills / 2


class Crash(BaseException):
    """The process dies here (BaseException: nothing may catch it as an error)."""


def _seed_book(root: Path) -> list[str]:
    with casework.open_book(root) as book:
        ids = []
        for year in (2020, 2021):
            for month in (1, 2):
                case = book.create(
                    "petition",
                    received_on=D(year, month, 3),
                    actor="王科员",
                    details={"subject": "罚款"},
                )
                ids.append(case.id)
        book.act(ids[0], "accept", on=D(2020, 1, 6), actor="王科员")
        book.table_put("batches", "seed", [])
    return ids


def _transaction(root: Path, ids: list[str]) -> None:
    """One batch touching two years' shards, the case-number counter, a side table."""
    with casework.open_book(root) as book, book.batch():
        new = [
            book.create(
                "petition",
                received_on=D(year, 5, 6),
                actor="王科员",
                details={"subject": "batch:step"},
            )
            for year in (2020, 2021, 2022)
        ]
        book.act(ids[1], "accept", on=D(2020, 2, 4), actor="王科员")  # takes a case number
        book.act(ids[0], "decide", on=D(2020, 3, 1), actor="王科员", data={"outcome": "upheld"})
        book.table_put("batches", "step", sorted(c.id for c in new))


def _state(root: Path) -> dict[str, Any]:
    with casework.open_book(root) as book:
        return {
            "cases": {c.id: (c.version, c.state, c.number) for c in book.find()},
            "tables": book.table("batches"),
            "due": [(c.id, k.name) for c, k in book.due(on=D(2030, 1, 1))],
        }


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
@pytest.mark.parametrize("when", ["before", "after"])
def test_crash_at_every_write_step(
    tmp_path: Path, petition: None, call: str, when: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process dies at each write, fsync and rename of a commit, before or after it."""
    base = tmp_path / "base"
    ids = _seed_book(base)
    before = _state(base)
    done = tmp_path / "done"
    shutil.copytree(base, done)
    probe = FaultyOs(call)
    monkeypatch.setattr(store_module, "os", probe)
    _transaction(done, ids)
    monkeypatch.undo()
    after = _state(done)
    steps = probe.calls
    assert steps >= 5  # journal, table, shards of three years, index
    assert before != after
    outcomes = set()
    for crash_at in range(1, steps + 1):
        root = tmp_path / f"crash-{crash_at}"
        shutil.copytree(base, root)
        monkeypatch.setattr(
            store_module, "os", FaultyOs(call, crash_at, Crash(), after=when == "after")
        )
        with pytest.raises(Crash):
            _transaction(root, ids)
        monkeypatch.undo()
        check_consistent(root)
        state = _state(root)
        assert state in (before, after), (
            f"crash at {call} {crash_at} ({when}) left a partial commit"
        )
        outcomes.add("after" if state == after else "before")
        # reopening twice changes nothing more: recovery is idempotent
        files = snapshot(root)
        check_consistent(root)
        assert snapshot(root) == files
    # a crash before the journal is in place loses the transaction; any later one keeps it
    assert "after" in outcomes
    assert ("before" in outcomes) == (call != "replace" or when == "before")
