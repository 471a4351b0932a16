"""Export then import says what it does: masked files refused, cases present skipped, histories
replayed, the JSON export's own keys read past with a word, every count in the summary."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import attrs
import openpyxl
import orjson
import pytest
from toykind import PETITION
from transfer_helpers import D, file_petition, id_number

import casework

MASKED_EN = "this file has masked ID numbers; export with --unmask to move cases, or use dump"


def new_book(path: Path) -> Path:
    """An empty book at ``path`` (``import`` writes into a book that exists)."""
    casework.open_book(path).close()
    return path


def summary(result) -> dict:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_importing_a_masked_export_is_refused_with_the_reason(small_book, run, tmp_path, fmt):
    out = tmp_path / f"masked.{fmt}"
    assert run(small_book.root, "export", "--output", str(out)).exit_code == 0
    target = new_book(tmp_path / "target")
    refused = run(target, "--lang", "en", "import", str(out))
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert MASKED_EN in refused.stderr
    zh = run(target, "import", str(out))
    assert "身份证号已遮蔽" in zh.stderr and "--unmask" in zh.stderr and "dump" in zh.stderr
    where = "第 1 行 parties" if fmt == "json" else "第 2 行 party.1.id_number"
    assert f"{where}: 已遮蔽" in zh.stderr
    with casework.open_book(target) as book:
        assert book.ids() == []


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_an_export_imported_back_skips_every_case_already_present(small_book, run, tmp_path, fmt):
    out = tmp_path / f"clear.{fmt}"
    run(small_book.root, "export", "--unmask", "--output", str(out))
    header = _header(out)
    assert "id" in header
    said = summary(run(small_book.root, "--json", "import", str(out), "--actor", "王"))
    assert said["imported"] == []
    assert [s["id"] for s in said["already_present"]] == [
        "PT2020-0001",
        "PT2020-0002",
        "PT2020-0003",
    ]
    assert len(small_book.ids()) == 3
    text = run(small_book.root, "import", str(out), "--actor", "王")
    assert "已导入 0 件" in text.stderr and "已存在(相同)跳过 3 件" in text.stderr


def _header(path: Path) -> list[str]:
    if path.suffix == ".json":
        return list(orjson.loads(path.read_bytes())[0])
    if path.suffix == ".xlsx":
        sheet = openpyxl.load_workbook(path).active
        return [c.value for c in next(sheet.iter_rows())]
    return next(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_a_plain_export_into_another_book_is_refused_by_row_with_what_to_do(
    small_book, run, tmp_path
):
    out = tmp_path / "plain.csv"
    run(small_book.root, "export", "--unmask", "--output", str(out))
    target = new_book(tmp_path / "target")
    result = run(target, "--json", "import", str(out), "--actor", "王")
    assert result.exit_code == 1
    errors = json.loads(result.stdout)["errors"]
    assert [(e["line"], e["field"]) for e in errors] == [(2, "id"), (3, "id"), (4, "id")]
    assert "--with-history" in errors[0]["problem"] and "dump" in errors[0]["problem"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_a_with_history_export_recreates_each_case_with_its_state(small_book, run, tmp_path, fmt):
    out = tmp_path / f"history.{fmt}"
    assert (
        run(small_book.root, "export", "--unmask", "--with-history", "--output", str(out)).exit_code
        == 0
    )
    target = tmp_path / "target"
    with casework.open_book(target) as other:
        file_petition(other, D(2020, 1, 6), name="周某")  # PT2020-0001 taken here
    said = summary(run(target, "--json", "import", str(out)))
    assert said["imported"] == ["PT2020-0002", "PT2020-0003", "PT2020-0004"]
    first = 1 if fmt == "json" else 2  # a JSON file's "line" is its item's number
    assert said["replayed"] == [
        {"line": first + n, "from": f"PT2020-000{n + 1}", "id": f"PT2020-000{n + 2}"}
        for n in range(3)
    ]
    with casework.open_book(target) as other:
        for old in small_book.find():
            new = other.get(f"PT2020-000{int(old.id[-1]) + 1}")
            assert (new.state, new.closed_on, new.number) == (old.state, old.closed_on, old.number)
            assert [(e.action, e.on, e.actor, e.data) for e in new.events] == [
                (e.action, e.on, e.actor, e.data) for e in old.events
            ]
            assert new.parties == old.parties and new.details == old.details
    again = summary(run(target, "--json", "import", str(out)))
    assert again["imported"] == [] and len(again["already_present"]) == 3  # never twice


def test_legal_aid_and_mediation_cases_of_an_unmasked_export_import(sample_book, run, tmp_path):
    out = tmp_path / "all.json"
    assert (
        run(sample_book, "export", "--unmask", "--year", "2020", "--output", str(out)).exit_code
        == 0
    )
    records = orjson.loads(out.read_bytes())
    chosen = [r for r in records if r["kind"] == "legal_aid"][:15]
    chosen += [r for r in records if r["kind"] == "mediation"][:15]
    part = tmp_path / "part.json"
    part.write_bytes(orjson.dumps(chosen))
    target = tmp_path / "target"
    with casework.open_book(sample_book) as source, casework.open_book(target) as book:
        with book.batch():
            for key, row in source.table("mediation_committees").items():
                book.table_put("mediation_committees", key, row)
        originals = {r["id"]: source.get(r["id"]) for r in chosen}
    said = summary(run(target, "--json", "import", str(part)))
    assert len(said["imported"]) == 30 and said["errors"] == []
    with casework.open_book(target) as book:
        for moved in said["replayed"]:
            old, new = originals[moved["from"]], book.get(moved["id"])
            assert new.state == old.state and new.details == old.details, moved
            assert [e.action for e in new.events] == [e.action for e in old.events]


def test_the_json_exports_own_keys_are_read_past_with_a_word(small_book, run, tmp_path):
    items = [
        {
            "kind": "petition",
            "received_on": "2024-04-01",
            "actor": "王",
            "details": {"subject": "没收"},
            "clocks": [],
            "flags": [],
            "version": 3,
            "type_version": 1,
            "regime": "NEW",
            "state": "received",
        }
    ]
    path = tmp_path / "in.json"
    path.write_bytes(orjson.dumps(items))
    result = run(new_book(tmp_path / "target"), "import", str(path))
    assert result.exit_code == 0, result.output
    assert "未知的列" not in result.output
    assert "clocks" in result.stderr and "导出时由案件算出的,未读入" in result.stderr
    said = summary(run(new_book(tmp_path / "target2"), "--json", "import", str(path)))
    assert said["ignored_columns"] == [
        "clocks",
        "flags",
        "regime",
        "state",
        "type_version",
        "version",
    ]


DUPE = attrs.evolve(
    PETITION,
    name="dupe",
    code="DU",
    duplicate_key=lambda case: (case.parties[0].name, case.details.subject),
)


class DupePlugin:
    __name__ = "undo-dupe-transfer"

    @casework.hookimpl
    def register_case_types(self, register):
        register(DUPE)


@pytest.fixture
def dupe() -> Iterator[None]:
    name = casework.register_plugin(DupePlugin(), name="undo-dupe-transfer")
    try:
        yield
    finally:
        casework.unregister_plugin(name)


def test_the_summary_counts_created_present_duplicates_and_refused(small_book, run, tmp_path, dupe):
    rows = [
        ["id", "kind", "received_on", "actor", "party.1.role", "party.1.name", "details.subject"],
        ["", "dupe", "2024-03-01", "王", "applicant", "吴某", "罚款"],
        ["", "dupe", "2024-03-01", "王", "applicant", "吴某", "罚款"],
        ["", "dupe", "2024-13-01", "王", "applicant", "郑某", "罚款"],
    ]
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    refused = run(small_book.root, "--json", "import", str(path))
    assert refused.exit_code == 1
    data = json.loads(refused.stdout)
    assert [(e["line"], e["field"]) for e in data["errors"]] == [(4, "received_on")]
    assert data["imported"] == [] and len(small_book.ids()) == 3
    rows.pop()
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    text = run(small_book.root, "import", str(path))
    assert "已导入 1 件" in text.stderr and "疑似重复跳过 1 件" in text.stderr


def test_an_intake_row_is_still_a_new_case(run, tmp_path, petition):
    path = tmp_path / "intake.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                [
                    "kind",
                    "received_on",
                    "actor",
                    "party.1.role",
                    "party.1.name",
                    "party.1.id_number",
                    "details.subject",
                ],
                [
                    "petition",
                    "2024-03-01",
                    "王",
                    "applicant",
                    "吴某",
                    id_number("142301", "19800101", "123"),
                    "罚款",
                ],
            ]
        )
    with casework.open_book(tmp_path / "book") as book:
        file_petition(book, D(2024, 1, 2), id_number=id_number("142301", "19800101", "123"))
    said = summary(run(tmp_path / "book", "--json", "import", str(path)))
    assert said["imported"] == ["PT2024-0002"] and said["replayed"] == []


def test_the_same_case_twice_in_one_file_is_taken_once(small_book, run, tmp_path):
    out = tmp_path / "history.json"
    run(small_book.root, "export", "--unmask", "--output", str(out))
    records = orjson.loads(out.read_bytes())
    out.write_bytes(orjson.dumps([records[0], records[0]]))
    said = summary(run(new_book(tmp_path / "target"), "--json", "import", str(out)))
    assert said["imported"] == ["PT2020-0001"]
    assert said["already_present"] == [{"line": 2, "id": "第 1 行"}]
