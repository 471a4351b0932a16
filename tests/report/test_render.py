"""The report renderers on a report of the toy petition kind: terminal, md, json, xlsx, docx."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from rich.console import Console

import casework
from casework import Report, ValidationError
from casework.personal import find_unmasked, mask_id_number
from casework.render import (
    guess_format,
    report_cases,
    report_json,
    report_markdown,
    report_renderable,
    write_report,
)
from casework.render.terminal import BAR_WIDTH, bar, monthly_chart

SENTENCE_2020 = "全年共接收测试申请4件,其中受理3件,不予受理1件,办结4件。"


def render(console: Console, renderable: object) -> str:
    console.print(renderable)
    return console.export_text()


def test_report_rules_count_a_case_received_in_one_year_and_concluded_in_the_next(
    toy_book, toy_report
):
    r2019 = toy_book.report(2019)
    r2020 = toy_book.report(2020)
    assert r2019.figures()["petition"]["received"] == 1
    assert r2019.figures()["petition"]["concluded"] == 0
    assert r2020.figures()["petition"] == {
        "received": 4,
        "accepted": 3,
        "rejected": 1,
        "concluded": 4,
        "carried_in": 1,
        "acceptance_rate": 0.75,
    }
    assert r2020.monthly["petition"] == (0, 0, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0)
    assert r2019.monthly["petition"][11] == 1
    listed = [c.id for c in report_cases(toy_book, 2020, ["petition"])]
    assert listed == ["PT2019-0001", *(f"PT2020-000{n}" for n in range(1, 5))]


def test_bar_scales_to_the_busiest_month_with_eighth_blocks():
    assert bar(0, 10) == ""
    assert bar(10, 10, width=4) == "████"
    assert bar(1, 16, width=4) == "▎"  # a quarter cell: 2 eighths
    assert bar(3, 8, width=4) == "█▌"
    assert bar(1, 1000, width=4) == "▏"  # never invisible when non-zero
    assert bar(5, 0) == ""


def test_monthly_chart_lines(console):
    text = render(console, monthly_chart((0, 0, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0), "zh", width=6))
    lines = text.splitlines()
    assert lines[0] == "每月收案"
    assert lines[3].split() == ["3月", "██████", "3"]
    assert lines[5].split() == ["5月", "██", "1"]
    assert lines[1].split() == ["1月", "0"]
    assert lines[-1].split() == ["合计", "4"]


def test_terminal_panel_has_sentences_figures_tables_and_chart(toy_report, console, applicant_id):
    text = render(console, report_renderable(toy_report(2020)))
    assert text.splitlines()[0] == "2020年度法治政府建设报告·案件工作"
    assert "─ 测试申请 " in text  # the panel's title
    assert SENTENCE_2020 in text
    words = [line.strip("│ ").split() for line in text.splitlines()]
    # the figures beside the monthly chart; March, the busiest month, fills its bar
    assert ["收到申请", "4", "3月", "█" * BAR_WIDTH, "3"] in words
    assert ["不予受理", "1", "5月", "█" * (BAR_WIDTH // 3), "1"] in words
    assert ["上年结转", "1", "7月", "0"] in words
    assert ["受理率", "75.0%", "8月", "0"] in words
    assert ["rejected", "1"] in words and ["upheld", "2"] in words
    assert "办结方式" in text
    assert find_unmasked(text) == []
    assert mask_id_number(applicant_id) in text


def test_terminal_in_english_and_empty_report(toy_report, console):
    text = render(console, report_renderable(toy_report(2020), lang="en"))
    assert "Rule-of-law report 2020: casework" in text
    assert "4 petitions received, 3 accepted, 1 rejected; 4 concluded." in text
    assert "Monthly intake" in text and "acceptance rate" in text
    empty = Report(year=2021, sections=())
    assert "本年度没有可报告的案件类别。" in render(console, report_renderable(empty, "zh"))


def test_markdown(toy_report):
    md = report_markdown(toy_report(2020))
    lines = md.splitlines()
    assert lines[0] == "# 2020年度法治政府建设报告·案件工作"
    assert "## 测试申请" in lines
    assert SENTENCE_2020 in lines
    assert "| 收到申请 | `received` | 4 |" in lines
    assert "| 受理率 | `acceptance_rate` | 75.0% |" in lines
    assert "### 申请人 \\| 名单" in lines  # a pipe in a title cannot break a table
    assert "| 每月收案 | 0 | 0 | 3 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 4 |" in lines
    assert find_unmasked(md) == []
    assert md.endswith("\n") and not md.endswith("\n\n")


def test_json_is_utf8_masked_and_carries_figures_under_the_kind(toy_report):
    text = report_json(toy_report(2020), lang="en")
    assert "\\u" not in text and "测试申请" in text
    data = json.loads(text)
    assert data["year"] == 2020
    assert data["petition"]["received"] == 4
    assert data["sections"][0]["title"] == "Test petitions"
    assert data["sections"][0]["text"]["zh"][0] == SENTENCE_2020
    assert data["monthly"]["petition"][2] == 3
    assert find_unmasked(text) == []
    assert report_json(toy_report(2020), lang="en") == text  # same book, same report


@pytest.mark.parametrize("fmt", ["md", "json"])
def test_write_text_formats(toy_report, tmp_path, fmt):
    report = toy_report(2020)
    path = write_report(report, tmp_path / "out" / f"r.{fmt}", fmt)
    assert path == tmp_path / "out" / f"r.{fmt}"
    expected = report_markdown(report) if fmt == "md" else report_json(report)
    assert path.read_text(encoding="utf-8") == expected
    assert os.listdir(path.parent) == [path.name]


def test_write_xlsx_sheets_cells_and_case_list(toy_book, toy_report, tmp_path):
    from openpyxl import load_workbook

    report = toy_report(2020)
    cases = report_cases(toy_book, 2020)
    path = write_report(report, tmp_path / "r.xlsx", "xlsx", cases=cases)
    wb = load_workbook(path)
    assert wb.sheetnames == ["汇总", "测试申请", "案件清单"]
    summary = wb["汇总"]
    assert summary["A1"].value == "2020年度法治政府建设报告·案件工作"
    assert [c.value for c in summary[4]][:5] == ["测试申请", 4, 0, 0, 3]
    assert any(row[0] == SENTENCE_2020 for row in summary.iter_rows(values_only=True))
    kind = {row[1]: row[2] for row in wb["测试申请"].iter_rows(values_only=True) if row[1]}
    assert kind["received"] == 4 and isinstance(kind["received"], int)
    assert kind["acceptance_rate"] == 0.75
    rows = list(wb["案件清单"].iter_rows(values_only=True))
    assert rows[0] == ("案件编号", "类别", "案号", "收案日期", "状态", "结案日期", "当事人")
    assert [r[0] for r in rows[1:]] == [c.id for c in cases]
    first_2020 = next(r for r in rows if r[0] == "PT2020-0001")
    assert first_2020[1:5] == ("测试申请", "测字〔2020〕1号", dt.datetime(2020, 3, 2), "已决定")
    assert first_2020[5] == dt.datetime(2020, 4, 20)
    assert "142301********" in first_2020[6] and "138****5678" in first_2020[6]
    every_cell = " ".join(
        str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
    )
    assert find_unmasked(every_cell) == []


def test_write_xlsx_without_cases_has_no_case_list_in_english(toy_report, tmp_path):
    from openpyxl import load_workbook

    path = write_report(toy_report(2020), tmp_path / "r.xlsx", "xlsx", lang="en")
    assert load_workbook(path).sheetnames == ["Summary", "Test petitions"]


def test_write_docx_title_headings_and_paragraphs(toy_report, tmp_path, applicant_id):
    from docx import Document

    path = write_report(toy_report(2020), tmp_path / "r.docx", "docx")
    doc = Document(str(path))
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    assert paragraphs[0] == ("Title", "2020年度法治政府建设报告·案件工作")
    assert ("Heading 1", "测试申请") in paragraphs
    assert ("Normal", SENTENCE_2020) in paragraphs
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert cells[:2] == ["指标", "数值"] and "收到申请" in cells
    everything = " ".join([p for _, p in paragraphs] + cells)
    assert find_unmasked(everything) == []
    assert mask_id_number(applicant_id) in everything


@pytest.mark.parametrize("fmt", ["md", "xlsx", "docx"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    toy_report, tmp_path, monkeypatch, fmt
):
    path = tmp_path / f"r.{fmt}"
    path.write_bytes(b"old report")

    def refuse(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_report(toy_report(2020), path, fmt)
    assert path.read_bytes() == b"old report"
    assert sorted(os.listdir(tmp_path)) == ["book", path.name]


def test_a_failed_rendering_writes_nothing(toy_report, tmp_path, monkeypatch):
    import casework.render.office as office

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("renderer failed")

    monkeypatch.setattr(office, "docx_bytes", broken)
    with pytest.raises(RuntimeError):
        write_report(toy_report(2020), tmp_path / "r.docx", "docx")
    assert not (tmp_path / "r.docx").exists()


def test_bad_format_or_folder_is_refused(toy_report, tmp_path):
    report = toy_report(2020)
    with pytest.raises(ValidationError, match="pdf"):
        write_report(report, tmp_path / "r.pdf", "pdf")
    with pytest.raises(ValidationError, match="文件夹"):
        write_report(report, tmp_path, "md")
    assert guess_format(Path("a/B.XLSX")) == "xlsx"
    assert guess_format("notes.txt") is None
    assert write_report(report, tmp_path / "r.md", "markdown").read_text(encoding="utf-8")


def test_renderers_import_no_office_library_until_needed():
    import subprocess
    import sys

    code = (
        "import sys, casework.render; "
        "print(any(m.split('.')[0] in ('openpyxl', 'docx') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert casework.Report  # the public type the renderers take
