"""The Fenyang 2020 sample book: built by ``casework demo``, its report carries the seed's figures.

The book is built once per session, through the real entry point (``python -m casework --book B
demo``), and then read through ``python -m casework --book B --json report --year 2020``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import casework
from casework.personal import find_unmasked

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "fenyang-2020-rule-of-law-report.txt"

SENTENCES = (
    "全年共接收行政复议申请12件,其中受理11件,不予受理1件,现已全部办结",
    "每次出庭均有行政主要负责人或分管负责人出庭参与诉讼",
    "共受理各类援助案件222件,其中刑事案件160件,民事案件59件,行政案件3件",
    "共收到汾阳市人民法院通知辩护函158人次,出具法律援助案件指定书158份",
    "各级调解委员会成功调解各类矛盾纠纷982件,对其中847件卷宗规范的案件进行以案定补",
    "以填报承诺书的形式,办结丧葬费补助金、抚恤费申领、遗属待遇申领事项152件;办结城乡居民养老转移接续"
    "事项45件;办结城乡居民养老保险注销登记事项75件;办结供养亲属抚恤金申领事项112件",
    "梳理出符合条件的执法人员403人,其中新申领执法证的225人,换证的174人,申领监督执法证4人",
    "在市审批大厅和14个乡镇",
    "安排1430班次、咨询6260人次",
)
FIGURES = {
    "reconsideration": {"received": 12, "accepted": 11, "not_accepted": 1, "concluded": 12,
                        "pending": 0, "overdue": 0},
    "litigation": {"cases": 4, "hearings_with_head": 4, "hearings": 4, "appearance_rate": 1.0,
                   "overdue_defences": 0},
    "legal_aid": {"accepted": 222, "criminal": 160, "civil": 59, "administrative": 3,
                  "court_notices": 158, "appointment_letters": 158},
    "mediation": {"committees": 323, "succeeded": 982, "subsidised": 847},
    "commitment": {"concluded": 384, "concluded_funeral_survivor": 152,
                   "concluded_pension_transfer": 45, "concluded_pension_cancellation": 75,
                   "concluded_dependant_pension": 112, "verification_overdue": 0},
    "certificate": {"applications": 403, "persons": 403, "new": 225, "renewal": 174,
                    "supervision": 4, "bodies": 48},
    "consultation": {"shifts": 1430, "consultations": 6260, "hall_shifts": 240,
                     "townships": 14},
}  # fmt: skip
CASES = 12 + 4 + 222 + 1067 + 385 + 403 + 1436
"""Every kind's cases: the four original kinds, then 告知承诺, 执法证件 and the consultation shifts."""


def plain(text: str) -> str:
    """Full-width commas as the seed file writes them (ASCII), so either form compares equal."""
    return text.replace(",", ",")


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "casework", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        check=False,
    )


@pytest.fixture(scope="session")
def demo_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The sample book, built once by ``casework demo`` in a new folder (outside the checkout)."""
    path = tmp_path_factory.mktemp("fenyang") / "book"
    run = cli("--book", str(path), "demo", cwd=path.parent)
    assert run.returncode == 0, run.stderr
    return path, run


@pytest.fixture(scope="session")
def fenyang(demo_run: tuple[Path, Any]) -> Path:
    return demo_run[0]


@pytest.fixture(scope="session")
def report_json(fenyang: Path) -> dict[str, Any]:
    run = cli("--book", str(fenyang), "report", "--year", "2020", "--json")
    assert run.returncode == 0, run.stderr
    assert "\\u" not in run.stdout
    data: dict[str, Any] = json.loads(run.stdout)
    return data


@pytest.fixture
def book(fenyang: Path) -> Iterator[casework.Book]:
    with casework.open_book(fenyang, create=False) as opened:
        yield opened


def test_report_json_carries_the_published_figures_under_each_kind(report_json):
    assert report_json["year"] == 2020
    for kind, expected in FIGURES.items():
        got = {key: report_json[kind][key] for key in expected}
        assert got == expected, kind


def test_zh_text_holds_the_seed_sentences(report_json):
    text = plain("".join(line for s in report_json["sections"] for line in s["text"]["zh"]))
    for sentence in SENTENCES:
        assert sentence in text


def test_the_sample_book_is_fenyang_by_its_settings(report_json, book):
    """Fenyang's names come from the sample book's settings, not from the kinds."""
    assert book.locality.name == "汾阳市" and book.locality.area == "全市"
    zh = [line for s in report_json["sections"] for line in s["text"]["zh"]]
    assert "全市共有人民调解组织323个。" in zh
    assert any(line.startswith("全年市政府共参加行政应诉案件4件") for line in zh)
    numbers = {c.number for c in book.find(kind="reconsideration", year=2020) if c.number}
    assert "汾政复〔2020〕1号" in numbers
    # the sample's subsidies come from the shipped example rules, and the report says so
    assert report_json["mediation"]["rules"] == "example"
    mediation = next(s for s in report_json["sections"] if s["kind"] == "mediation")
    assert any("示例规则" in note for note in mediation["notes"])


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed report is not beside the checkout")
def test_the_sentences_are_the_seeds_own():
    seed = plain(SEED.read_text(encoding="utf-8")).replace(" ", "")
    for sentence in SENTENCES:
        # the seed drops some commas between clauses (受理11件不予受理1件): compare without them
        assert sentence.replace(",", "") in seed.replace(",", "")


def test_demo_shows_the_dashboard_and_the_report_and_masks_personal_data(demo_run):
    _, run = demo_run
    assert "案件数(按类型和状态)" in run.stdout  # the CLI's dashboard
    assert "逾期期限: 0" in run.stdout
    assert "2020年度法治政府建设报告·案件工作" in run.stdout
    assert "╭─ 人民调解 " in run.stdout
    assert SENTENCES[0] in plain(run.stdout)
    assert "虚构数据" in run.stderr
    assert find_unmasked(run.stdout + run.stderr) == []


def test_demo_never_rebuilds_or_changes_an_existing_book(fenyang):
    before = {p: p.read_bytes() for p in fenyang.rglob("*.json")}
    run = cli("--book", str(fenyang), "demo")
    assert run.returncode == 0, run.stderr
    assert "正在建立" not in run.stderr
    assert {p: p.read_bytes() for p in fenyang.rglob("*.json")} == before
    assert "2020年度法治政府建设报告·案件工作" in run.stdout


def test_demo_refuses_a_folder_that_holds_other_files(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    run = cli("--book", str(tmp_path), "demo")
    assert run.returncode == 1
    assert "不是案件簿" in run.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_demo_json_prints_the_report(fenyang, report_json):
    run = cli("--book", str(fenyang), "--json", "demo")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == report_json


def test_builder_refuses_an_existing_book(fenyang):
    from casework.cli.demo import load_builder

    before = (fenyang / "index.json").read_bytes()
    with pytest.raises(FileExistsError):
        load_builder().build(fenyang)
    assert (fenyang / "index.json").read_bytes() == before


def test_builder_is_found_without_the_current_directory(tmp_path, monkeypatch):
    from casework.cli import demo

    monkeypatch.chdir(tmp_path)
    found = [p for p in demo.builder_paths() if p.is_file()]
    assert found and found[0] == ROOT / "examples" / "fenyang_2020" / "build.py"


def test_every_case_went_through_its_workflow_on_working_days_in_time(book):
    calendar = book.calendar
    cases = [book.stored(i) for i in book.ids()]  # the histories as recorded
    assert len(cases) == CASES
    for case in cases:
        workflow = book.case_type(case.kind).workflow(case.regime)
        # nothing lapsed in the sample year, no conflict (a certificate issued in 2020 does
        # expire five years on, under the example validity, when no renewal is recorded)
        lapsed = [e for e in case.events if e.system and e.on <= dt.date(2020, 12, 31)]
        assert not lapsed, case.id
        for event in case.events:
            assert calendar.is_workday(event.on), (case.id, event.action, event.on)
            assert workflow.action(event.action) is not None
        for clock in case.clocks:
            if clock.stopped_on is not None and clock.due_on is not None and not clock.planning:
                assert clock.stopped_on <= clock.due_on, (case.id, clock.name)
    assert [pair for pair in book.due(on=dt.date(2020, 12, 31)) if pair[1].overdue(
        dt.date(2020, 12, 31))] == []  # fmt: skip


def test_people_are_fictional_but_valid_and_unique(book):
    ids = [p.id_number for c in book.find() for p in c.parties if p.id_number]
    assert len(ids) > 2000 and len(set(ids)) == len(ids)
    assert all(i.startswith("141182") for i in ids)  # 汾阳市 residents
    phones = [p.phone for c in book.find() for p in c.parties if p.phone]
    assert all(re.fullmatch(r"1[3-9]\d{9}", p) for p in phones)


def test_the_other_135_fail_the_subsidy_rule_for_a_stated_reason(book):
    from collections import Counter

    from casework_mediation.subsidy import compute

    result = compute(book, 2020)
    assert result.subsidised == 847
    unpaid = [c for c in result.refused if c.succeeded_on is not None]
    assert len(unpaid) == 135
    reasons = Counter(tuple(r.code for r in c.reasons) for c in unpaid)
    assert reasons == {("dossier_incomplete",): 81, ("no_follow_up",): 38, ("not_performed",): 16}


def test_xlsx_and_docx_of_the_sample_report(book, tmp_path):
    from docx import Document
    from openpyxl import load_workbook

    from casework.render import report_cases, write_report

    report = book.report(2020)
    cases = report_cases(book, 2020)
    xlsx = write_report(report, tmp_path / "2020.xlsx", "xlsx", cases=cases)
    wb = load_workbook(xlsx, read_only=True)
    assert wb.sheetnames == ["汇总", "行政复议", "行政应诉", "法律援助", "人民调解",
                             "证明事项告知承诺制", "行政执法证件", "免费法律咨询", "案件清单"]  # fmt: skip
    rows = list(wb["案件清单"].iter_rows(values_only=True))
    assert len(rows) == 1 + len(cases) == 1 + CASES
    assert find_unmasked(" ".join(str(v) for row in rows for v in row)) == []
    mediation = {r[1]: r[2] for r in wb["人民调解"].iter_rows(values_only=True) if r[1]}
    assert (mediation["succeeded"], mediation["subsidised"]) == (982, 847)
    docx = write_report(report, tmp_path / "2020.docx", "docx")
    text = plain("\n".join(p.text for p in Document(str(docx)).paragraphs))
    for sentence in SENTENCES:
        assert sentence in text


def test_casework_check_passes_on_the_sample_book(fenyang: Path) -> None:
    run = cli("--book", str(fenyang), "--json", "check")
    assert run.returncode == 0, run.stdout + run.stderr
    data = json.loads(run.stdout)
    assert data["problems"] == [] and data["cases"] > 1000
