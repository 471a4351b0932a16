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


# -- the real kinds and their hooks -------------------------------------------------------------

ID_ZHANG = "14118219900101001X"  # born 1990-01-01
LA_DETAILS = {"category": "civil", "matter": "追索劳动报酬"}
RC_DETAILS = {
    "respondent": "汾阳市公安局",
    "act": {"description": "汾公(治)决字〔2020〕12号行政处罚决定", "category": "penalty"},
    "request": "撤销该处罚决定",
}


def _notify(book: casework.Book, on: dt.date) -> None:
    book.create(
        "legal_aid",
        received_on=on,
        actor="李主任",
        action="notify",
        parties=[{"role": "defendant", "name": "张某", "id_number": ID_ZHANG}],
        details={"category": "criminal", "matter": "涉嫌盗窃罪", "full_coverage": True},
        data={
            "organ": "汾阳市人民法院",
            "organ_kind": "court",
            "letter_number": "(2020)晋1182刑初1号",
            "persons": 1,
        },
    )


def _apply(book: casework.Book, on: dt.date, opposing: dict[str, Any]) -> None:
    book.create(
        "legal_aid",
        received_on=on,
        actor="李主任",
        action="apply",
        parties=[{"role": "applicant", "name": "赵某"}, {"role": "opposing", **opposing}],
        details=LA_DETAILS,
    )


def _reconsideration(book: casework.Book, on: dt.date) -> str:
    return book.create(
        "reconsideration",
        received_on=on,
        actor="王科员",
        parties=[{"role": "applicant", "name": "李某"}],
        details=RC_DETAILS,
    ).id


def _real_steps() -> list[Any]:
    """Transactions of the real kinds: each is stored whole or not at all."""

    def batch(book: casework.Book) -> None:
        with book.batch():
            _apply(book, D(2020, 3, 6), {"name": "张某\u00a0", "birth_date": "1990-01-01"})
            _reconsideration(book, D(2020, 3, 6))
            _reconsideration(book, D(2020, 3, 6))  # never answered: deemed accepted by lapse

    def accept(book: casework.Book) -> None:
        book.act(book.ids("reconsideration")[0], "accept", on=D(2020, 3, 9), actor="王科员")

    return [
        lambda book: _notify(book, D(2020, 3, 2)),
        lambda book: _apply(book, D(2020, 3, 5), {"name": "张某", "id_number": ID_ZHANG}),
        batch,
        accept,
        lambda book: book.lapse(on=D(2020, 6, 1)),
    ]


class DiesInAHook:
    """Kills the process at the ``at``-th hook call (before or after a commit)."""

    def __init__(self, at: int) -> None:
        self.at, self.calls = at, 0

    def _tick(self) -> None:
        self.calls += 1
        if self.calls == self.at:
            raise Crash

    @casework.hookimpl(tryfirst=True)
    def before_commit(self) -> None:
        self._tick()

    @casework.hookimpl(tryfirst=True)
    def after_action(self) -> None:
        self._tick()


def _real_state(root: Path) -> dict[str, Any]:
    with casework.open_book(root) as book:
        return {c.id: (c.version, c.state, c.number) for c in book.find()}


def _conflicts_recorded(root: Path) -> None:
    """Every legal-aid case holds the conflicts a fresh check finds (none is left unrecorded)."""
    from casework_legal_aid.conflicts import PeopleIndex, entry_of

    with casework.open_book(root) as book:
        cases = sorted(book.find(kind="legal_aid"), key=lambda c: (c.events[0].at, c.id))
        index = PeopleIndex()
        for case in cases:
            expected = {h.case_id for h in index.conflicts(case)}
            assert {h.case_id for h in case.details.conflicts} == expected, case.id
            index.add(entry_of(case))


def test_a_crash_at_every_hook_of_the_real_kinds(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    states = [_real_state(clean)]
    probe = DiesInAHook(0)
    name = casework.register_plugin(probe, name="undo-dies")
    try:
        for step in _real_steps():
            with casework.open_book(clean) as book:
                step(book)
            states.append(_real_state(clean))
    finally:
        casework.unregister_plugin(name)
    _conflicts_recorded(clean)
    assert len({str(s) for s in states}) == len(states)  # every step changed the book
    assert probe.calls >= 12
    for at in range(1, probe.calls + 1):
        root = tmp_path / f"crash-{at}"
        dies = DiesInAHook(at)
        name = casework.register_plugin(dies, name="undo-dies")
        try:
            for step in _real_steps():
                with casework.open_book(root) as book:
                    step(book)
        except Crash:
            pass
        finally:
            casework.unregister_plugin(name)
        assert dies.calls == at, "the crash did not come"
        check_consistent(root)
        assert _real_state(root) in states, f"a crash at hook call {at} left a partial commit"
        _conflicts_recorded(root)
