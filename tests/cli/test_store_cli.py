"""The store seen from the command line: imports into a big book, check, read-only books."""

from __future__ import annotations

import csv
import json
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
        shards = [p for p in (book_path / "cases" / "petition").glob("*/[0-9]*.json")]
        assert len([p for p in shards if not p.name.endswith(".facts.json")]) == 18


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


def _petitions(book_path: Path) -> list[str]:
    with casework.open_book(book_path) as book:
        made = [
            book.create(
                "petition", received_on=D(2020, 3, 2), actor="王科员", details={"subject": "罚款"}
            ).id
            for _ in range(3)
        ]
        book.act(made[0], "accept", on=D(2020, 3, 3), actor="王科员")
        book.act(made[1], "accept", on=D(2020, 3, 4), actor="王科员")
    return made


def _shard(book_path: Path) -> Path:
    return book_path / "cases" / "petition" / "2020" / "000.json"


def _edit_case(book_path: Path, seq: int, **changes: object) -> None:
    data = json.loads(_shard(book_path).read_text(encoding="utf-8"))
    data["cases"][str(seq)].update(changes)
    _shard(book_path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _problems(run: Run) -> tuple[int, list[dict]]:
    result = run("--json", "check")
    return result.exit_code, json.loads(result.stdout)["problems"]


def test_check_passes_on_a_sound_book(run: Run, book_path: Path) -> None:
    run("init")
    _petitions(book_path)
    result = run("check")
    assert result.exit_code == 0 and "案件簿完好" in result.stderr


def test_check_finds_a_stale_index_and_repair_rebuilds_it(run: Run, book_path: Path) -> None:
    run("init")
    with casework.open_book(book_path) as book:
        first = book.create(
            "petition", received_on=D(2020, 3, 2), actor="王科员", details={"subject": "罚款"}
        ).id
        yesterday = (book_path / "index.json").read_bytes()
        book.create("petition", received_on=D(2020, 3, 2), actor="王科员", details={"subject": "x"})
        book.act(first, "accept", on=D(2020, 3, 3), actor="王科员")
    (book_path / "index.json").write_bytes(yesterday)
    cases = {p: p.read_bytes() for p in (book_path / "cases").rglob("[0-9]*.json")}
    code, problems = _problems(run)
    assert code == 1
    assert {p["file"] for p in problems} == {"index.json"} and all(p["derived"] for p in problems)
    assert any("numbers" in p["problem"] or "案号计数" in p["problem"] for p in problems)
    text = run("check")
    assert text.exit_code == 1 and "index.json" in text.stdout and "--repair" in text.stdout
    repaired = run("check", "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert {p: p.read_bytes() for p in (book_path / "cases").rglob("[0-9]*.json")} == cases
    assert _problems(run) == (0, [])


def test_check_finds_an_edited_index_counter(run: Run, book_path: Path) -> None:
    run("init")
    _petitions(book_path)
    index = json.loads((book_path / "index.json").read_text(encoding="utf-8"))
    index["numbers"]["petition/2020"] = 1
    (book_path / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    code, problems = _problems(run)
    assert code == 1 and any("案号计数 petition/2020 为 1" in p["problem"] for p in problems)


def test_check_finds_an_edited_bucket(run: Run, book_path: Path) -> None:
    run("init")
    _petitions(book_path)
    meta = json.loads((book_path / "book.json").read_text(encoding="utf-8"))
    meta["bucket"] = 2
    (book_path / "book.json").write_text(json.dumps(meta), encoding="utf-8")
    code, problems = _problems(run)
    assert code == 1 and any("bucket" in p["problem"] for p in problems)


def test_check_finds_a_refused_journal(run: Run, book_path: Path) -> None:
    run("init")
    _petitions(book_path)
    (book_path / "journal.json").write_text('{"records": []}')
    assert run("list").exit_code == 0  # sets it aside, with a warning
    code, problems = _problems(run)
    assert code == 1 and [p["file"][:16] for p in problems] == ["journal.refused-"]


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"state": "nonsense"}, "nonsense"),
        ({"version": 7}, "版本 7"),
        ({"number": "测字〔2020〕1号"}, "测字〔2020〕1号"),
        ({"closed_on": "2020-03-05"}, "closed_on"),
    ],
)
def test_check_finds_a_record_that_contradicts_itself(
    run: Run, book_path: Path, changes: dict, says: str
) -> None:
    run("init")
    made = _petitions(book_path)
    _edit_case(book_path, 2, **changes)
    code, problems = _problems(run)
    assert code == 1
    mine = [p for p in problems if p["case"] == made[1]]
    assert mine and says in mine[0]["problem"], problems
    assert mine[0]["file"] == "cases/petition/2020/000.json" and mine[0]["fix"]
    before = _shard(book_path).read_bytes()
    assert run("check", "--repair").exit_code == 1  # a record is never repaired
    assert _shard(book_path).read_bytes() == before


def test_check_finds_a_case_number_issued_twice(run: Run, book_path: Path) -> None:
    run("init")
    made = _petitions(book_path)
    data = json.loads(_shard(book_path).read_text(encoding="utf-8"))
    second = data["cases"]["2"]
    second["number"] = "测字〔2020〕1号"
    for event in second["events"]:
        if event.get("number"):
            event["number"] = "测字〔2020〕1号"
    _shard(book_path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, problems = _problems(run)
    assert code == 1
    assert [p["case"] for p in problems if "案号 测字〔2020〕1号" in p["problem"]] == [made[1]]


def test_exports_are_private(run: Run, book_path: Path, tmp_path: Path) -> None:
    import os

    run("init")
    _petitions(book_path)
    old = os.umask(0o022)
    try:
        csv_out, report_out = tmp_path / "out" / "cases.csv", tmp_path / "r.md"
        assert run("export", "--format", "csv", "--output", str(csv_out)).exit_code == 0
        result = run("report", "--year", "2020", "--format", "md", "--output", str(report_out))
        assert result.exit_code == 0, result.output
    finally:
        os.umask(old)
    assert csv_out.stat().st_mode & 0o777 == 0o600
    assert report_out.stat().st_mode & 0o777 == 0o600
    csv_out.chmod(0o640)  # a mode chosen for the file is kept when it is written again
    assert run("export", "--format", "csv", "--output", str(csv_out)).exit_code == 0
    assert csv_out.stat().st_mode & 0o777 == 0o640
