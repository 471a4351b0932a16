"""A county that is not Fenyang: no output of its book names 汾阳 or 汾.

The book is made by ``init --locality 清河县`` (through the real command line), filled through the
API, and then every view, the report in every format and every case number is read back.
"""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from county_book import call
from docx import Document
from openpyxl import load_workbook

import casework

FORBIDDEN = ("汾阳", "汾")


def _texts_of_xlsx(path: Path) -> str:
    book = load_workbook(path, read_only=True)
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    return "\n".join([*book.sheetnames, *cells])


def _texts_of_docx(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def _ok(result: object) -> str:
    assert getattr(result, "exit_code", 1) == 0, getattr(result, "output", "")
    return str(getattr(result, "output", ""))


def test_no_output_of_a_county_book_names_fenyang(county, tmp_path):
    path, ids = county
    outputs: dict[str, str] = {}
    outputs["init"] = _ok(call(path, "--json", "init"))
    for name, case_id in ids.items():
        outputs[f"show {name}"] = _ok(call(path, "show", case_id, "--on", "2021-12-31"))
        outputs[f"show json {name}"] = _ok(call(path, "--json", "show", case_id))
        outputs[f"show en {name}"] = _ok(call(path, "--lang", "en", "show", case_id))
    outputs["list"] = _ok(call(path, "list", "--on", "2021-12-31"))
    outputs["list json"] = _ok(call(path, "--json", "list"))
    outputs["due"] = _ok(call(path, "due", "--on", "2021-12-06", "--within", "90", "--planning"))
    outputs["dashboard"] = _ok(call(path, "dashboard", "--on", "2021-12-31"))
    outputs["kinds"] = _ok(call(path, "kinds"))
    outputs["subsidy"] = _ok(call(path, "subsidy", "--year", "2021"))
    outputs["lawyer-subsidy"] = _ok(call(path, "lawyer-subsidy", "--year", "2021"))
    for year in ("2020", "2021"):
        outputs[f"report {year}"] = _ok(call(path, "report", "--year", year))
        outputs[f"report en {year}"] = _ok(call(path, "--lang", "en", "report", "--year", year))
        outputs[f"report json {year}"] = _ok(call(path, "--json", "report", "--year", year))
        for fmt in ("md", "json", "xlsx", "docx"):
            out = tmp_path / f"report-{year}.{fmt}"
            _ok(call(path, "report", "--year", year, "--format", fmt, "--output", str(out)))
            if fmt == "xlsx":
                outputs[f"{fmt} {year}"] = _texts_of_xlsx(out)
            elif fmt == "docx":
                outputs[f"{fmt} {year}"] = _texts_of_docx(out)
            else:
                outputs[f"{fmt} {year}"] = out.read_text(encoding="utf-8")
    export = tmp_path / "cases.json"
    _ok(call(path, "export", "--output", str(export)))
    outputs["export"] = export.read_text(encoding="utf-8")
    assert len(outputs) > 30
    for where, text in outputs.items():
        for word in FORBIDDEN:
            assert word not in text, f"{where} names {word}"
    # the county's own names are there instead
    assert "全县共有人民调解组织1个。" in outputs["report 2021"]
    assert "全年县政府共参加行政应诉案件1件" in outputs["md 2021"]
    for fmt in ("report 2021", "md 2021", "xlsx 2021", "docx 2021"):  # the title names it
        assert "清河县2021年度法治政府建设报告·案件工作" in outputs[fmt], fmt
    report = json.loads(outputs["report json 2021"])
    assert report["reconsideration"]["received"] == 3
    assert report["locality"] == "清河县"


def test_every_case_number_takes_the_county_short_name(county):
    path, ids = county
    with casework.open_book(path) as book:
        numbers = {name: book.get(case_id).number for name, case_id in ids.items()}
    assert numbers["rc_carried"] == "清政复〔2020〕1号"
    assert numbers["rc_done"] == "清政复〔2021〕1号"
    assert numbers["la_notice"] == "清法援〔2021〕1号"
    assert all(n is None or n.startswith("清") for n in numbers.values())


def test_init_writes_one_documented_schema(county):
    path, _ids = county
    config = orjson.loads((path / "config.json").read_bytes())
    assert config["locality"] == {
        "name": "清河县",
        "level": "县",
        "short": "清",
        "government": "清河县人民政府",
        "bureau": "清河县司法局",
        "court": "清河县人民法院",
        "procuratorate": "清河县人民检察院",
        "rules": {},
    }
    assert config["numbering"]["reconsideration"] == "清政复〔{year}〕{seq}号"


@pytest.mark.parametrize(
    ("name", "level", "short", "area", "government"),
    [
        ("清河县", "县", "清", "全县", "县政府"),
        ("汾阳市", "市", "汾", "全市", "市政府"),
        ("海淀区", "区", "海", "全区", "区政府"),
        ("乌鲁木齐县", "县", "乌", "全县", "县政府"),
    ],
)
def test_names_derive_from_the_locality(name, level, short, area, government):
    from casework.locality import from_options

    settings = from_options(name)
    assert (settings.level, settings.short) == (level, short)
    assert (settings.area, settings.government_short) == (area, government)
    assert settings.court_name == f"{name}人民法院"
