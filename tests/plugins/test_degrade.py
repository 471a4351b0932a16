"""A broken plugin costs its own kind only: its cases stay readable, the rest keeps working."""

from __future__ import annotations

import datetime as dt
import io
import json
import warnings
from pathlib import Path

import pytest
from ep_site import Site, kind_source

import casework
from casework import plugins, render
from casework.errors import CaseworkWarning, KindUnavailable
from casework.render.office import docx_bytes, xlsx_bytes
from casework.testing import run_cli

D = dt.date
BROKEN = "raise ImportError('No module named casework_helpers')\n"


@pytest.fixture
def broken(site: Site, tmp_path: Path) -> tuple[Path, str, str]:
    """A book with a 信访 case and a 行政复议 case, then the 信访 plugin broken by an upgrade."""
    site.install("casework-letters", "casework_letters", kind_source(), "letters")
    site.reload()
    path = tmp_path / "book"
    with casework.open_book(path) as book:
        xf = book.create(
            "letters",
            received_on=D(2024, 3, 1),
            actor="王科员",
            parties=[{"role": "petitioner", "name": "张三"}],
            details={"matter": "拆迁补偿"},
        )
        rc = book.create(
            "reconsideration",
            received_on=D(2024, 3, 2),
            actor="王科员",
            parties=[{"role": "applicant", "name": "李四"}],
            details={"respondent": "某县公安局", "act": {"description": "罚款决定"}},
        )
    site.install("casework-letters", "casework_letters", BROKEN, "letters")
    site.reload()
    assert "letters" in plugins.failures()
    return path, xf.id, rc.id


def _one_warning(caught: list[warnings.WarningMessage]) -> str:
    mine = [w for w in caught if issubclass(w.category, CaseworkWarning)]
    assert len(mine) == 1, [str(w.message) for w in mine]
    return str(mine[0].message)


def test_reads_skip_the_kind_with_one_warning(broken: tuple[Path, str, str]) -> None:
    path, _, rc = broken
    with casework.open_book(path) as book:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert [c.id for c in book.find()] == [rc]
        message = _one_warning(caught)
        assert (
            "letters × 1" in message and "ImportError: No module named casework_helpers" in message
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert {c.id for c, _ in book.due(on=D(2024, 12, 31), within_days=3660)} == {rc}
        assert "letters" in _one_warning(caught)
        with pytest.warns(CaseworkWarning):
            assert [c.id for c in book.find(open=True)] == [rc]
        assert book.unavailable_kinds() == {"letters": 1}


def test_the_case_stays_readable_as_a_record_and_refuses_act(
    broken: tuple[Path, str, str],
) -> None:
    path, xf, _ = broken
    with casework.open_book(path) as book:
        record = book.record(xf)
        assert record["kind"] == "letters" and record["details"] == {"matter": "拆迁补偿"}
        with pytest.raises(KindUnavailable) as info:
            book.get(xf)
        assert "ImportError: No module named casework_helpers" in info.value.message
        with pytest.raises(KindUnavailable) as info:
            book.act(xf, "close", on=D(2024, 3, 5), actor="王科员")
        assert "letters" in info.value.message and "ImportError" in info.value.message
        assert "是否应为" not in str(info.value)
        assert book.record(xf) == record  # nothing written


def test_every_report_format_names_the_missing_kind(
    broken: tuple[Path, str, str], tmp_path: Path
) -> None:
    from docx import Document
    from openpyxl import load_workbook

    path, _, _ = broken
    with casework.open_book(path) as book:
        report = book.report(2024)
    assert list(report.missing) == ["letters"]
    assert "ImportError" in report.missing["letters"]
    assert report.to_dict()["missing"]["letters"] == report.missing["letters"]
    needle = "缺少 letters 类案件的统计"
    assert needle in render.report_markdown(report, "zh")
    assert "letters" in json.loads(render.report_json(report, "zh"))["missing"]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(report, "zh"))).active
    assert any(needle in str(c.value) for row in sheet.iter_rows() for c in row)
    document = Document(io.BytesIO(docx_bytes(report, "zh")))
    assert any(needle in p.text for p in document.paragraphs)
    from rich.console import Console

    console = Console(record=True, width=100, file=io.StringIO(), color_system=None)
    console.print(render.report_renderable(report, "zh"))
    assert needle in console.export_text()
    shown = run_cli(["report", "--year", "2024"], book=path)
    assert shown.exit_code == 0 and needle in shown.stdout


def test_the_command_line_degrades_per_kind(broken: tuple[Path, str, str]) -> None:
    path, xf, rc = broken
    for args in (["list"], ["due", "--on", "2024-03-05"], ["dashboard", "--on", "2024-03-05"]):
        result = run_cli(args, book=path)
        assert result.exit_code == 0, result.output
        warned = [line for line in result.stderr.splitlines() if "letters" in line]
        assert len(warned) == 1, result.stderr
        assert "ImportError" in warned[0]
    listed = run_cli(["list"], book=path)
    assert rc in listed.stdout and xf not in listed.stdout
    shown = run_cli(["show", xf], book=path)
    assert shown.exit_code == 0
    assert "拆迁补偿" in shown.stdout and '"kind": "letters"' in shown.stdout
    assert "仅显示原始记录" in shown.stderr and "ImportError" in shown.stderr
    acted = run_cli(["act", xf, "close", "--on", "2024-03-05", "--actor", "王科员"], book=path)
    assert acted.exit_code == 1
    assert "ImportError: No module named casework_helpers" in acted.stderr
    assert "Traceback" not in acted.output


def test_plugins_and_kinds_show_the_failure(broken: tuple[Path, str, str]) -> None:
    path, _, _ = broken
    listed = run_cli(["plugins"], book=path)
    assert listed.exit_code == 1
    assert "加载失败 letters: ImportError: No module named casework_helpers" in listed.stdout
    kinds = run_cli(["kinds"], book=path)
    assert kinds.exit_code == 0
    assert "插件 letters 加载失败: ImportError" in kinds.stderr
