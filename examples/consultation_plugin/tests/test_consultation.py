"""Tests of the consultation plugin, run against the installed distribution (entry point)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import casework
import pytest
from casework import plugins

D = dt.date


@pytest.fixture(params=["memory", "disk"])
def book(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[casework.Book]:
    path = ":memory:" if request.param == "memory" else tmp_path / "book"
    with casework.open_book(path) as opened:
        yield opened


def shift(site: str = "township", venue: str = "杏花村镇", kind: str = "lawyer") -> dict[str, str]:
    return {"site": site, "venue": venue, "provider": "李律师", "provider_kind": kind}


def test_plugin_is_installed_through_its_entry_point() -> None:
    names = {ep.name: ep.value for ep in entry_points(group="casework")}
    assert names.get("consultation") == "casework_consultation"
    assert "consultation" in casework.case_types()
    assert plugins.owner_of("consultation") == "consultation"
    assert "consultation" not in plugins.failures()
    info = next(p for p in plugins.get_plugins() if p.name == "consultation")
    assert info.distribution == "casework-consultation"
    assert set(info.hooks) == {"register_case_types", "report_sections"}


def test_case_type_declaration() -> None:
    kind = casework.case_type("consultation")
    assert kind.code == "FC"
    assert kind.label.zh == "免费法律咨询"
    assert [s.name for s in kind.states()] == ["scheduled", "held", "cancelled"]


def test_a_shift_is_scheduled_held_and_logged(book: casework.Book) -> None:
    case = book.create("consultation", received_on=D(2020, 6, 5), details=shift(), actor="王科员")
    assert case.id == "FC2020-0001"
    assert case.state == "scheduled"
    clock = case.clock("log")
    assert clock is not None
    # 3 working days after Friday 2020-06-05: Mon 8, Tue 9, Wed 10.
    assert clock.due_on == D(2020, 6, 10)
    held = book.act(
        case.id,
        "hold",
        on=D(2020, 6, 5),
        actor="王科员",
        data={"consultations": 7, "topics": ["婚姻家庭", " 劳动争议 ", ""]},
    )
    assert held.state == "held"
    assert not held.open
    assert held.details.consultations == 7
    assert held.details.topics == ("婚姻家庭", "劳动争议")
    log = held.clock("log")
    assert log is not None and log.status == "stopped"
    amended = book.act(
        case.id, "amend", on=D(2020, 6, 8), actor="王科员", data={"consultations": 8}
    )
    assert amended.details.consultations == 8
    assert book.get(case.id) == amended


def test_an_unlogged_shift_falls_due(book: casework.Book) -> None:
    case = book.create("consultation", received_on=D(2020, 9, 30), details=shift(), actor="王科员")
    # 3 working days after 2020-09-30 skip the National Day holiday (10-01..10-08); 10-10 is a
    # 调休 Saturday workday.
    due = book.due(on=D(2020, 10, 12))
    assert [(c.id, k.name) for c, k in due] == [(case.id, "log")]
    assert due[0][1].due_on == D(2020, 10, 12)
    book.act(case.id, "cancel", on=D(2020, 10, 9), actor="王科员", data={"reason": "值班律师生病"})
    assert book.due(on=D(2020, 10, 12)) == []


def test_bad_input_is_one_validation_error(book: casework.Book) -> None:
    with pytest.raises(casework.ValidationError) as info:
        book.create(
            "consultation", received_on=D(2020, 6, 5), details=shift(kind="judge"), actor="王科员"
        )
    assert "provider_kind" in str(info.value)
    case = book.create("consultation", received_on=D(2020, 6, 5), details=shift(), actor="王科员")
    with pytest.raises(casework.ValidationError) as info:
        book.act(case.id, "hold", on=D(2020, 6, 5), actor="王科员", data={"consultations": -1})
    assert "consultations" in str(info.value)
    with pytest.raises(casework.InvalidAction) as refused:
        book.act(case.id, "amend", on=D(2020, 6, 5), actor="王科员", data={"consultations": 1})
    assert refused.value.state == "scheduled"
    assert set(refused.value.allowed) == {"hold", "cancel"}


def test_report_section_matches_the_seed_figures(book: casework.Book) -> None:
    # Fenyang 2020: 1430 shifts at the approval hall and 14 townships, 6260 consultations.
    townships = [f"乡镇{n:02d}" for n in range(1, 15)]
    kinds = ["lawyer", "grassroots", "retired_judge", "retired_prosecutor"]
    with book.batch():
        for i in range(1430):
            venue = "审批大厅" if i % 15 == 0 else townships[i % 15 - 1]
            details = shift("hall" if i % 15 == 0 else "township", venue, kinds[i % 4])
            on = D(2020, 1, 2) + dt.timedelta(days=i % 360)
            case = book.create("consultation", received_on=on, details=details, actor="王科员")
            people = 5 if i < 540 else 4  # 540 * 5 + 890 * 4 = 6260
            book.act(case.id, "hold", on=on, actor="王科员", data={"consultations": people})
        spare = book.create(
            "consultation", received_on=D(2020, 12, 1), details=shift(), actor="王科员"
        )
        book.act(spare.id, "cancel", on=D(2020, 12, 1), actor="王科员", data={"reason": "停电"})
        book.create("consultation", received_on=D(2021, 1, 4), details=shift(), actor="王科员")
    report = book.report(2020)
    data = report.to_dict()
    figures = data["consultation"]
    assert figures["shifts"] == 1430
    assert figures["consultations"] == 6260
    assert figures["cancelled"] == 1
    assert figures["townships"] == 14
    assert figures["hall_shifts"] + figures["township_shifts"] == 1430
    assert sum(figures[f"{k}_shifts"] for k in kinds) == 1430
    section = report.section("consultation")
    assert section is not None
    assert section.text_zh == (
        "扎实开展免费法律咨询便民服务,有序组织律师、基层法律服务工作者和退休法官、检察官"
        "在市审批大厅和14个乡镇(街道)开展免费法律咨询便民坐班服务,全年安排1430班次、咨询6260人次。",
    )
    assert "1430 shifts were held and 6260 people consulted" in section.text_en[0]
    table = data["sections"][[s["kind"] for s in data["sections"]].index("consultation")]["tables"]
    assert sum(row[1] for row in table[0]["rows"]) == 1430
    assert data["monthly"]["consultation"][0] > 0


def test_no_section_for_a_year_without_shifts(book: casework.Book) -> None:
    book.create("consultation", received_on=D(2021, 1, 4), details=shift(), actor="王科员")
    assert book.report(2020).section("consultation") is None
    section = book.report(2021).section("consultation")
    assert section is not None
    assert section.figures["shifts"] == 0
    assert section.text_zh == ("本年度未开展免费法律咨询便民坐班服务。",)


def test_command_line_lists_opens_and_reports_the_kind(tmp_path: Path) -> None:
    from casework.cli import cli
    from click.testing import CliRunner

    needed = {"init", "kinds", "new", "act", "report"}
    if not needed <= set(cli.commands):
        pytest.skip(f"this casework lacks the commands {sorted(needed - set(cli.commands))}")
    runner = CliRunner()
    book = ["--book", str(tmp_path / "book")]

    def run(*args: str) -> str:
        result = runner.invoke(cli, [*book, "--json", *args])
        assert result.exit_code == 0, result.output
        return result.output

    assert "consultation" in run("kinds")
    run("init")
    run(
        "new", "consultation", "--received-on", "2020-06-05", "--actor", "王科员",
        "--set", "site=township", "--set", "venue=杏花村镇", "--set", "provider=李律师",
        "--set", "provider_kind=grassroots",
    )  # fmt: skip
    run("act", "FC2020-0001", "hold", "--on", "2020-06-05", "--actor", "王科员",
        "--data", "consultations=6")  # fmt: skip
    report = json.loads(run("report", "--year", "2020"))
    assert report["consultation"]["shifts"] == 1
    assert report["consultation"]["consultations"] == 6
    section = next(s for s in report["sections"] if s["kind"] == "consultation")
    assert section["text"]["zh"] == [
        "扎实开展免费法律咨询便民服务,有序组织基层法律服务工作者在1个乡镇(街道)"
        "开展免费法律咨询便民坐班服务,全年安排1班次、咨询6人次。"
    ]
    assert "1 shift was held and 6 people consulted" in section["text"]["en"][0]
