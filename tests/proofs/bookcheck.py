"""Shared checks of a book folder after a crash or a hostile edit (imported by the proofs)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import orjson

import casework
from casework.store import TinyDBStore


def snapshot(root: Path) -> dict[str, str]:
    """Hash of every file in the book (the lock file aside): compare before and after."""
    out: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name != ".lock":
            out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def check_consistent(root: Path) -> list[casework.Case]:
    """Open the book, load every case, and check the derived index against the shards.

    Returns every case. Raises AssertionError naming what is inconsistent.
    """
    with casework.open_book(root) as book:
        book.find()  # loads (and so validates) every record of every shard
        cases = [book.stored(i) for i in book.ids()]  # as stored, no lapse applied
        # recovery has run: no journal and no temporary file is left behind
        assert not (root / "journal.json").exists(), "journal left after recovery"
        leftovers = [p.name for p in root.rglob("*.tmp")]
        assert not leftovers, f"temporary files left: {leftovers}"
        for path in root.rglob("*.json"):
            data = orjson.loads(path.read_bytes())  # every file is whole JSON
            assert isinstance(data, dict), path
        store = book.store
        assert isinstance(store, TinyDBStore)
        with store.transaction():
            index: dict[str, Any] = store._index
            rebuilt = store._rebuild_index()
        assert index["open"] == rebuilt["open"], "index.json open rows differ from the shards"
        assert index.get("ticking", {}) == rebuilt["ticking"], "ticking rows differ from the shards"
        for key, top in rebuilt["seq"].items():
            assert index["seq"].get(key, 0) >= top, f"id counter {key} behind the shards"
        ids = [c.id for c in cases]
        assert len(ids) == len(set(ids))
        for case in cases:
            assert case.version == len(case.events), case.id
            assert [e.seq for e in case.events] == list(range(1, case.version + 1)), case.id
        # every case number (案号) is unique and below its counter
        numbers = [c.number for c in cases if c.number]
        assert len(numbers) == len(set(numbers)), "a case number was issued twice"
        batches = book.table("batches")
    by_id = {c.id: c for c in cases}
    for token, members in batches.items():
        for case_id in members:
            assert case_id in by_id, f"batch {token} stored its table row but not case {case_id}"
    for case in cases:
        subject = getattr(case.details, "subject", "")
        if subject.startswith("batch:"):
            assert subject[6:] in batches, f"{case.id} stored without its batch's table row"
    return cases
