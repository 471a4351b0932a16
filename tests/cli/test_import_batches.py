"""A large import is checked whole, then written batch by batch, each reported; bulk reads and
imports run with the garbage collector frozen and leave it as they found it."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import orjson
import pytest
from cli_helpers import Run, json_of
from test_transfer import count, write_csv

import casework
from casework.book import gc_frozen
from casework.cli import transfer


def _rows(n: int) -> list[list[str]]:
    return [
        [
            "petition",
            f"2024-03-{i % 28 + 1:02d}",
            "王科员",
            "applicant",
            f"申请人{i}",
            "",
            "",
            "罚款",
            "",
        ]
        for i in range(n)
    ]


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(transfer, "IMPORT_BATCH", 3)
    return 3


def test_a_file_larger_than_a_batch_commits_in_batches_and_reports_each(
    run: Run, tmp_path: Path, small_batches: int
) -> None:
    run("init")
    path = write_csv(tmp_path / "in.csv", _rows(7))
    data = json_of(run("--json", "import", str(path)))
    assert data["rows"] == 7 and len(data["imported"]) == 7
    assert data["batches"] == [
        {"lines": [2, 4], "cases": 3},
        {"lines": [5, 7], "cases": 3},
        {"lines": [8, 8], "cases": 1},
    ]
    again = write_csv(tmp_path / "again.csv", _rows(5))
    text = run("import", str(again))
    assert text.exit_code == 0
    assert "第 1 批已写入: 第 2–4 行,3 件" in text.stderr
    assert "第 2 批已写入: 第 5–6 行,2 件" in text.stderr
    assert count(run) == 12


def test_a_bad_row_in_a_later_batch_still_writes_nothing(
    run: Run, tmp_path: Path, small_batches: int
) -> None:
    run("init")
    rows = _rows(8)
    rows[6][1] = "2024-13-01"
    result = run("--json", "import", str(write_csv(tmp_path / "bad.csv", rows)))
    assert result.exit_code == 1
    errors = orjson.loads(result.stdout)["errors"]
    assert [(e["line"], e["field"]) for e in errors] == [(8, "received_on")]
    assert count(run) == 0


def test_a_dry_run_of_several_batches_writes_nothing(
    run: Run, tmp_path: Path, small_batches: int
) -> None:
    run("init")
    data = json_of(
        run("--json", "import", "--dry-run", str(write_csv(tmp_path / "d.csv", _rows(7))))
    )
    assert data["would_import"] == 7 and data["batches"] == []
    assert count(run) == 0


def test_the_import_reads_the_file_as_it_goes(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "in.csv", _rows(5))
    rows = transfer.iter_rows(path)
    assert not isinstance(rows, list)
    assert next(rows)[0] == 2  # the first row, before the rest is read


def test_gc_is_frozen_inside_and_restored_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_frozen():
        assert not gc.isenabled()
        with gc_frozen():  # nested: the outer block restores it
            assert not gc.isenabled()
        assert not gc.isenabled()
        raise RuntimeError("stop")
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_report_find_and_import_run_with_gc_frozen(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[str, bool]] = []
    create, load = casework.Book.create, casework.Book._load

    def watching_create(self: casework.Book, *args: object, **kwargs: object) -> casework.Case:
        seen.append(("create", gc.isenabled()))
        return create(self, *args, **kwargs)  # type: ignore[arg-type]

    def watching_load(self: casework.Book, record: object) -> casework.Case:
        seen.append(("load", gc.isenabled()))
        return load(self, record)  # type: ignore[arg-type]

    monkeypatch.setattr(casework.Book, "create", watching_create)
    monkeypatch.setattr(casework.Book, "_load", watching_load)
    run("init")
    assert run("import", str(write_csv(tmp_path / "in.csv", _rows(2)))).exit_code == 0
    assert ("create", False) in seen and ("create", True) not in seen
    seen.clear()
    with casework.open_book(tmp_path / "book") as book:
        book.find(year=2024)
        book.report(2024, as_of=dt.date(2024, 12, 31))
    assert seen and all(not enabled for _, enabled in seen)
    assert gc.isenabled()
