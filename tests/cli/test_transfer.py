"""import and export: every row validated first, duplicates skipped, files masked and atomic."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import attrs
import openpyxl
import orjson
import pytest
from cli_helpers import APPLICANT_ID, APPLICANT_PHONE, Run, json_of, one_red_line
from toykind import PETITION

import casework
from casework.personal import find_unmasked

DUPE = attrs.evolve(
    PETITION,
    name="dupe",
    code="DU",
    duplicate_key=lambda case: (
        case.parties[0].id_number if case.parties else None,
        case.details.subject,
    ),
)


class DupePlugin:
    __name__ = "undo-dupe"

    @casework.hookimpl
    def register_case_types(self, register):  # type: ignore[no-untyped-def]
        register(DUPE)


@pytest.fixture
def dupe() -> Iterator[None]:
    name = casework.register_plugin(DupePlugin(), name="undo-dupe")
    try:
        yield
    finally:
        casework.unregister_plugin(name)


HEADER = [
    "kind",
    "received_on",
    "actor",
    "party.1.role",
    "party.1.name",
    "party.1.id_number",
    "party.1.phone",
    "details.subject",
    "details.amount",
]


def write_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


GOOD = [
    [
        "petition",
        "2024-03-01",
        "王科员",
        "applicant",
        "张三",
        APPLICANT_ID,
        APPLICANT_PHONE,
        "罚款",
        "500",
    ],
    ["petition", "2024-03-02", "王科员", "applicant", "李四", "", "", "拘留", ""],
]


def count(run: Run) -> int:
    return int(json_of(run("--json", "list"))["total"])


def test_import_csv_writes_every_row(run: Run, tmp_path: Path) -> None:
    run("init")
    result = run("--json", "import", str(write_csv(tmp_path / "in.csv", GOOD)))
    data = json_of(result)
    assert data["imported"] == ["PT2024-0001", "PT2024-0002"] and data["errors"] == []
    shown = json_of(run("--json", "show", "PT2024-0001", "--unmask"))
    assert shown["parties"][0]["id_number"] == APPLICANT_ID
    assert shown["details"]["amount"] == 500
    text = run("import", str(write_csv(tmp_path / "again.csv", GOOD[1:])))
    assert text.exit_code == 0 and "已导入 1 件" in text.stderr


def test_one_bad_row_writes_nothing_and_names_line_and_field(run: Run, tmp_path: Path) -> None:
    run("init")
    bad = [
        GOOD[0],
        ["petition", "2024-13-01", "王科员", "applicant", "王五", "", "", "罚款", ""],
        ["petition", "2024-03-03", "王科员", "applicant", "赵六", "", "", "", "many"],
        GOOD[1],
    ]
    path = write_csv(tmp_path / "bad.csv", bad)
    result = run("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip() == "2 行有误,未导入任何案件 (修正上列各行后重新导入)"
    lines = [line.split() for line in result.stdout.splitlines()[3:]]
    assert [line[:2] for line in lines] == [
        ["3", "received_on"],
        ["4", "details.amount"],
    ]
    assert count(run) == 0
    data = orjson.loads(run("--json", "import", str(path)).stdout)
    assert [(e["line"], e["field"]) for e in data["errors"]] == [
        (3, "received_on"),
        (4, "details.amount"),
    ]
    assert count(run) == 0


def test_missing_required_detail_and_unknown_column(run: Run, tmp_path: Path) -> None:
    run("init")
    rows = [["petition", "2024-03-01", "王科员", "x"]]
    path = write_csv(tmp_path / "u.csv", rows, ["kind", "received_on", "actor", "details.subjekt"])
    data = orjson.loads(run("--json", "import", str(path)).stdout)
    assert [(e["line"], e["field"]) for e in data["errors"]] == [(2, "details.subjekt")]
    path = write_csv(
        tmp_path / "m.csv",
        [["petition", "2024-03-01", ""]],
        ["kind", "received_on", "details.subject"],
    )
    data = orjson.loads(run("--json", "import", str(path)).stdout)
    assert [(e["line"], e["field"]) for e in data["errors"]] == [(2, "actor")]
    ok = run("--json", "import", str(path), "--actor", "王科员")
    assert len(ok.stdout) and orjson.loads(ok.stdout)["errors"][0]["field"] == "details.subject"


def test_duplicates_are_listed_and_skipped(run: Run, tmp_path: Path, dupe: None) -> None:
    run("init")
    rows = [[r[0].replace("petition", "dupe"), *r[1:]] for r in GOOD]
    first = json_of(run("--json", "import", str(write_csv(tmp_path / "a.csv", rows))))
    assert first["imported"] == ["DU2024-0001", "DU2024-0002"]
    again = [*rows, rows[0]]
    path = write_csv(tmp_path / "b.csv", again)
    data = json_of(run("--json", "import", str(path)))
    assert data["imported"] == []
    assert data["skipped_duplicates"] == [
        {"line": 2, "duplicate_of": "DU2024-0001"},
        {"line": 3, "duplicate_of": "DU2024-0002"},
        {"line": 4, "duplicate_of": "DU2024-0001"},
    ]
    text = run("import", str(path))
    assert "疑似重复(已跳过)" in text.stdout and "DU2024-0002" in text.stdout
    forced = json_of(run("--json", "import", str(path), "--allow-duplicates"))
    assert len(forced["imported"]) == 3
    fresh = write_csv(tmp_path / "c.csv", [rows[0], rows[0]])
    run("init")
    data = json_of(run("--json", "import", str(fresh), "--dry-run"))
    assert data["imported"] == [] and data["would_import"] == 0
    assert data["skipped_duplicates"][0]["duplicate_of"] == "DU2024-0001"


def test_import_xlsx_and_json(run: Run, tmp_path: Path) -> None:
    run("init")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(
        [
            "petition",
            "2024-03-01",
            "王科员",
            "applicant",
            "张三",
            APPLICANT_ID,
            APPLICANT_PHONE,
            "罚款",
            500,
        ]
    )
    book.save(tmp_path / "in.xlsx")
    assert json_of(run("--json", "import", str(tmp_path / "in.xlsx")))["imported"] == [
        "PT2024-0001"
    ]
    items = [
        {
            "kind": "petition",
            "received_on": "2024-04-01",
            "actor": "王",
            "parties": [{"role": "applicant", "name": "钱七"}],
            "details": {"subject": "没收"},
        },
        {
            "kind": "petition",
            "received_on": "2024-04-02",
            "actor": "王",
            "details": {"subject": "警告", "amount": "x"},
        },
    ]
    (tmp_path / "in.json").write_bytes(orjson.dumps(items))
    data = orjson.loads(run("--json", "import", str(tmp_path / "in.json")).stdout)
    assert [(e["line"], e["field"]) for e in data["errors"]] == [(2, "details.amount")]
    items[1]["details"]["amount"] = 3  # type: ignore[index]
    (tmp_path / "in.json").write_bytes(orjson.dumps(items))
    data = json_of(run("--json", "import", str(tmp_path / "in.json")))
    assert data["imported"] == ["PT2024-0002", "PT2024-0003"]
    line = one_red_line(run("import", str(write_csv(tmp_path / "x.txt", []))))
    assert "不支持的文件类型 .txt" in line


def test_export_masks_and_reimports(run: Run, tmp_path: Path, opened: str) -> None:
    for fmt in ("json", "csv", "xlsx"):
        out = tmp_path / f"out.{fmt}"
        data = json_of(run("--json", "export", "--output", str(out)))
        assert data == {"output": str(out), "format": fmt, "cases": 1, "masked": True}
        if fmt == "xlsx":
            sheet = openpyxl.load_workbook(out).active
            text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row)
        else:
            text = out.read_text(encoding="utf-8-sig")
        assert "110105********002X" in text and find_unmasked(text) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    clear = tmp_path / "clear.csv"
    result = run(
        "export", "--kind", "petition", "--year", "2024", "--output", str(clear), "--unmask"
    )
    assert f"已导出 1 件到 {clear}" in result.stderr
    assert APPLICANT_ID in clear.read_text(encoding="utf-8-sig")
    # an unmasked export imported back: the case it carries is already present, and skipped
    data = json_of(run("--json", "import", str(clear), "--allow-duplicates", "--actor", "王"))
    assert data["imported"] == [] and data["already_present"] == [{"line": 2, "id": opened}]
    # its intake columns (the id column deleted) file a new case, with the clear ID number
    rows = list(csv.DictReader(clear.read_text(encoding="utf-8-sig").splitlines()))
    intake = tmp_path / "intake.csv"
    write_csv(
        intake,
        [[v for k, v in rows[0].items() if k != "id"]],
        header=[k for k in rows[0] if k != "id"],
    )
    data = json_of(run("--json", "import", str(intake), "--allow-duplicates", "--actor", "王"))
    assert data["imported"] == ["PT2024-0002"]
    copy = json_of(run("--json", "show", "PT2024-0002", "--unmask"))
    assert copy["parties"][0]["id_number"] == APPLICANT_ID
    assert copy["details"]["subject"] == "罚款决定"
    assert (
        json_of(run("--json", "export", "--year", "2019", "--output", str(tmp_path / "e.json")))[
            "cases"
        ]
        == 0
    )
    assert orjson.loads((tmp_path / "e.json").read_bytes()) == []


def test_import_csv_saved_by_chinese_excel_in_gb18030(run: Run, tmp_path: Path) -> None:
    run("init")
    path = tmp_path / "gbk.csv"
    lines = [",".join(HEADER), ",".join(GOOD[1])]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gb18030"))
    data = json_of(run("--json", "import", str(path)))
    assert data["imported"] == ["PT2024-0001"]
    shown = json_of(run("--json", "show", "PT2024-0001"))
    assert shown["details"]["subject"] == "拘留"
    assert shown["parties"][0]["name"] == "李四"
