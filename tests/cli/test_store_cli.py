"""The store seen from the command line: imports into a big book, check, read-only books."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from cli_helpers import Run, json_of

import casework
from casework import store as store_module

D = __import__("datetime").date


def test_import_into_an_existing_book_over_the_shard_cache(
    run: Run, book_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUCKET", 2)
    monkeypatch.setattr(store_module.TinyDBStore, "CACHE_SHARDS", 4)
    run("init")
    with casework.open_book(book_path) as book:
        for n in range(12):
            book.create(
                "petition",
                received_on=D(2023, 1, 1 + n),
                actor="王科员",
                details={"subject": "罚款"},
                parties=[{"role": "applicant", "name": f"旧{n}"}],
            )
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["kind", "received_on", "actor", "party.1.role", "party.1.name", "details.subject"]
        )
        for n in range(24):
            writer.writerow(
                ["petition", f"2024-03-{1 + n:02d}", "王科员", "applicant", f"新{n}", "拘留"]
            )
    data = json_of(run("--json", "import", str(path)))
    assert len(data["imported"]) == 24
    with casework.open_book(book_path) as book:
        book.store.close()
        assert len(book.find()) == 36
        assert len(list((book_path / "cases" / "petition").glob("*/*.json"))) == 18


def test_a_rebuilt_index_is_one_warning_line(run: Run, book_path: Path) -> None:
    run("init")
    with casework.open_book(book_path) as book:
        book.create("petition", received_on=D(2024, 3, 1), actor="王科员", details={"subject": "x"})
    (book_path / "index.json").write_text('{"seq": {}, "codes": {}, "open": {}, "digest": "0"}')
    result = run("--json", "list")
    assert json_of(result)["total"] == 1
    assert (
        result.stderr.count("\n") == 1 and "index.json" in result.stderr and "重建" in result.stderr
    )
