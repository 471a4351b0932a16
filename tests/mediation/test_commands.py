"""The plugin's commands through the real CLI group: committees import/list, subsidy."""

import json

import openpyxl
import pytest
from click.testing import CliRunner

import casework
from casework.cli import cli
from casework.personal import find_unmasked

CSV = """编号,名称,类型,乡镇,调解员,身份证号,电话
XH-01,西河村人民调解委员会,村,贾家庄镇,李调解,11010519491231002X,13812345678
JD-01,太和桥街道人民调解委员会,乡镇街道,太和桥街道,陈调解,,
"""


@pytest.fixture
def runner():
    return CliRunner(env={"COLUMNS": "120"})


@pytest.fixture
def book_dir(tmp_path, runner):
    path = tmp_path / "book"
    casework.open_book(path).close()
    source = tmp_path / "committees.csv"
    source.write_text(CSV, encoding="utf-8")
    result = runner.invoke(cli, ["--book", str(path), "committees", "import", str(source)])
    assert result.exit_code == 0, result.output
    assert "已导入调委会 2 个" in result.output
    return path


def test_committees_list_table_and_json(runner, book_dir):
    result = runner.invoke(cli, ["--book", str(book_dir), "committees", "list"])
    assert result.exit_code == 0, result.output
    assert "西河村人民调解委员会" in result.output and "村民委员会" in result.output
    result = runner.invoke(cli, ["--book", str(book_dir), "--json", "committees", "list"])
    rows = json.loads(result.output)
    assert [r["id"] for r in rows] == ["JD-01", "XH-01"]
    assert find_unmasked(result.output) == []
    result = runner.invoke(
        cli, ["--book", str(book_dir), "--json", "committees", "list", "--unmasked"]
    )
    assert "13812345678" in result.output


def test_import_errors_exit_1_naming_the_line(runner, book_dir, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("编号,名称,类型,乡镇\nA,甲,农场,甲镇\n", encoding="utf-8")
    result = runner.invoke(cli, ["--book", str(book_dir), "committees", "import", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}:2: type" in result.output


def test_missing_book_is_an_error(runner, tmp_path):
    result = runner.invoke(cli, ["--book", str(tmp_path / "none"), "committees", "list"])
    assert result.exit_code != 0


def _settle(path):
    import datetime as dt

    with casework.open_book(path) as book:
        case = book.create(
            "mediation",
            received_on=dt.date(2020, 3, 2),
            actor="李调解",
            parties=[{"role": "applicant", "name": "张三"}, {"role": "respondent", "name": "李四"}],
            data={"committee": "XH-01", "mediators": ["李调解"], "dispute_type": "neighbour"},
        )
        book.act(case.id, "mediate", on=dt.date(2020, 3, 3), actor="李调解")
        book.act(
            case.id, "succeed", on=dt.date(2020, 3, 4), actor="李调解", data={"form": "written"}
        )
        book.act(
            case.id,
            "follow_up",
            on=dt.date(2020, 3, 20),
            actor="李调解",
            data={"performance": "performed"},
        )
        book.act(
            case.id,
            "file_dossier",
            on=dt.date(2020, 3, 21),
            actor="李调解",
            data={
                "items": [
                    "application",
                    "rights_notice",
                    "identity",
                    "session_record",
                    "agreement",
                    "follow_up_record",
                    "back_cover",
                ],
                "grade": "general",
                "grade_approved_by": "贾家庄司法所",
            },
        )
        refused = book.create(
            "mediation",
            received_on=dt.date(2020, 4, 2),
            actor="李调解",
            data={"committee": "JD-01", "mediators": ["陈调解"]},
        )
        book.act(refused.id, "mediate", on=dt.date(2020, 4, 3), actor="陈调解")
        book.act(
            refused.id, "succeed", on=dt.date(2020, 4, 4), actor="陈调解", data={"form": "oral"}
        )
        return case.id, refused.id


def test_subsidy_table(runner, book_dir):
    _paid, refused = _settle(book_dir)
    result = runner.invoke(cli, ["--book", str(book_dir), "subsidy", "--year", "2020"])
    assert result.exit_code == 0, result.output
    assert "示例规则" in result.output
    assert "西河村人民调解委员会" in result.output
    assert refused in result.output and "未回访" in result.output
    assert "补贴案件 1 件,合计 150 元" in result.output


def test_subsidy_json_global_flag_and_format(runner, book_dir):
    paid, _ = _settle(book_dir)
    result = runner.invoke(cli, ["--book", str(book_dir), "--json", "subsidy", "--year", "2020"])
    data = json.loads(result.output)
    assert data["subsidised"] == 1 and data["total"] == 150
    assert data["cases"][0]["case_id"] == paid
    english = runner.invoke(
        cli,
        ["--book", str(book_dir), "--lang", "en", "subsidy", "--year", "2020", "--format", "json"],
    )
    cases = json.loads(english.output)["cases"]
    texts = [r["text"] for r in cases[1]["reasons"]]
    assert "the dossier was not filed" in texts and "no follow-up visit" in texts


def test_subsidy_xlsx_and_rules_option(runner, book_dir, tmp_path):
    _settle(book_dir)
    target = tmp_path / "roster.xlsx"
    result = runner.invoke(
        cli,
        [
            "--book",
            str(book_dir),
            "subsidy",
            "--year",
            "2020",
            "--format",
            "xlsx",
            "--output",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(target)["发放名册"]
    text = "\n".join(
        str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None
    )
    assert "李调解" in text and find_unmasked(text) == []
    bad = tmp_path / "bad.toml"
    bad.write_text('locality = "x"\n', encoding="utf-8")
    result = runner.invoke(
        cli, ["--book", str(book_dir), "subsidy", "--year", "2020", "--rules", str(bad)]
    )
    assert result.exit_code == 1
    assert f"{bad}: rules" in result.output
