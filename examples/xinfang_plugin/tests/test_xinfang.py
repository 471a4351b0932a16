"""Tests of the 信访 plugin, run against the installed distribution (entry point).

The fixtures ``book`` (in memory) and ``folder_book`` (real files in a temporary folder) and
:func:`~casework.testing.run_cli` come from ``casework.testing``, the pytest plugin casework ships.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.metadata import entry_points
from pathlib import Path

import casework
import pytest
from casework import plugins
from casework.report import Figure, ReportContext
from casework.testing import kind_contract, run_cli
from casework.workflow import lapse

import casework_xinfang
from casework_xinfang import report

D = dt.date


@pytest.fixture(params=["book", "folder_book"])
def any_book(request: pytest.FixtureRequest) -> casework.Book:
    """Each test that takes it runs twice: on casework.testing's ``book`` and ``folder_book``."""
    opened: casework.Book = request.getfixturevalue(request.param)
    return opened


def matter(channel: str = "visit") -> dict[str, str]:
    return {"channel": channel, "subject": "征地补偿款未足额发放", "organ": "某镇人民政府"}


def register(book: casework.Book, on: dt.date, channel: str = "visit") -> casework.Case:
    return book.create(
        "xinfang",
        received_on=on,
        actor="信访科",
        details=matter(channel),
        parties=[{"role": "petitioner", "name": "赵某"}],
    )


def test_plugin_is_installed_through_its_entry_point() -> None:
    names = {ep.name: ep.value for ep in entry_points(group="casework")}
    assert names.get("xinfang") == "casework_xinfang"
    assert "xinfang" in casework.case_types()
    assert plugins.owner_of("xinfang") == "xinfang"
    assert "xinfang" not in plugins.failures()
    info = next(p for p in plugins.get_plugins() if p.name == "xinfang")
    assert info.distribution == "casework-xinfang"
    assert set(info.hooks) == {"register_case_types", "report_sections"}


def test_case_type_declaration() -> None:
    kind = casework.case_type("xinfang")
    kind_contract(kind)  # casework.testing's checks: labels, reachable states, clocks' actions
    assert (kind.code, kind.label.zh) == ("XF", "信访")
    assert [c.name for c in kind.workflows[0].clocks] == [
        "acceptance",
        "handling",
        "review_request",
        "review",
    ]


def test_registered_accepted_answered_then_reviewed(any_book: casework.Book) -> None:
    case = register(any_book, D(2020, 6, 1))
    assert (case.id, case.state) == ("XF2020-0001", "registered")
    assert case.clock("acceptance").due_on == D(2020, 6, 16)  # 15 days
    case = any_book.act(case.id, "accept", on=D(2020, 6, 10), actor="信访科")
    assert case.clock("handling").due_on == D(2020, 8, 10)  # 60 days: 08-09 is a Sunday
    case = any_book.act(
        case.id,
        "extend",
        on=D(2020, 8, 3),
        actor="信访科",
        data={"days": 30, "approver": "镇长", "reason": "涉及多户,需逐户核实"},
    )
    assert case.clock("handling").due_on == D(2020, 9, 8)  # 90 days
    case = any_book.act(
        case.id, "answer", on=D(2020, 9, 1), actor="信访科", data={"opinion": "partly_supported"}
    )
    assert case.clock("review_request").planning  # the petitioner's window, not the organ's
    case = any_book.act(case.id, "request_review", on=D(2020, 9, 20), actor="信访科")
    assert case.clock("review").due_on == D(2020, 10, 20)
    case = any_book.act(
        case.id, "review", on=D(2020, 10, 15), actor="信访科", data={"opinion": "supported"}
    )
    assert (case.state, case.details.review_opinion) == ("reviewed", "supported")


def test_without_a_review_request_the_matter_is_concluded(any_book: casework.Book) -> None:
    case = register(any_book, D(2020, 6, 1))
    any_book.act(case.id, "accept", on=D(2020, 6, 2), actor="信访科")
    case = any_book.act(
        case.id, "answer", on=D(2020, 6, 30), actor="信访科", data={"opinion": "not_supported"}
    )
    done, events = lapse(casework.case_type("xinfang"), case, D(2020, 8, 3))
    assert [(e.action, e.on) for e in events] == [("conclude", D(2020, 7, 30))]
    assert done.state == "concluded"


def test_bad_input_is_one_clear_error(any_book: casework.Book) -> None:
    with pytest.raises(casework.ValidationError, match="channel") as info:
        register(any_book, D(2020, 6, 1), channel="pigeon")
    assert "来信(letter)" in str(info.value.problems)  # label first, the code to type after
    case = register(any_book, D(2020, 6, 1))
    with pytest.raises(casework.ValidationError, match="reason"):
        any_book.act(case.id, "not_accept", on=D(2020, 6, 2), actor="信访科", data={"reason": ""})
    with pytest.raises(casework.InvalidAction) as refused:
        any_book.act(
            case.id, "answer", on=D(2020, 6, 2), actor="信访科", data={"opinion": "supported"}
        )
    assert set(refused.value.allowed) == {"accept", "not_accept", "transfer"}
    any_book.act(case.id, "accept", on=D(2020, 6, 2), actor="信访科")
    with pytest.raises(casework.InvalidAction, match="summary"):
        any_book.act(
            case.id, "answer", on=D(2020, 6, 3), actor="信访科", data={"opinion": "explained"}
        )
    with pytest.raises(casework.ValidationError, match="days"):
        any_book.act(
            case.id,
            "extend",
            on=D(2020, 6, 3),
            actor="信访科",
            data={"days": 45, "approver": "镇长", "reason": "复杂"},
        )
    assert any_book.get(case.id).state == "accepted"


def test_report_section(any_book: casework.Book) -> None:
    a = register(any_book, D(2020, 3, 2), "letter")
    any_book.act(a.id, "accept", on=D(2020, 3, 5), actor="信访科")
    any_book.act(a.id, "answer", on=D(2020, 4, 20), actor="信访科", data={"opinion": "supported"})
    b = register(any_book, D(2020, 5, 6), "online")
    any_book.act(
        b.id, "transfer", on=D(2020, 5, 8), actor="信访科", data={"organ": "某市自然资源局"}
    )
    c = register(any_book, D(2020, 6, 1))
    any_book.act(c.id, "accept", on=D(2020, 6, 2), actor="信访科")
    any_book.act(c.id, "answer", on=D(2020, 8, 20), actor="信访科", data={"opinion": "supported"})
    section = any_book.report(2020).section("xinfang")
    assert section is not None
    f = section.figures
    assert (f["registered"], f["letter"], f["online"], f["visit"]) == (3, 1, 1, 1)
    assert (f["accepted"], f["transferred"], f["answered"], f["answered_in_time"]) == (2, 1, 2, 1)
    assert section.text_zh == ("全年登记信访事项3件,受理2件,书面答复2件,其中按期答复1件。",)
    assert any_book.report(2019).section("xinfang") is None


def test_the_report_folds_over_facts_as_they_stood_on_its_day(
    any_book: casework.Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert casework.case_type("xinfang").facts is report.facts  # declared with the kind
    a = register(any_book, D(2019, 12, 2), "letter")
    any_book.act(a.id, "accept", on=D(2019, 12, 10), actor="信访科")
    # answered in 2020, after the 60 days: counted in 2020, late
    any_book.act(a.id, "answer", on=D(2020, 2, 20), actor="信访科", data={"opinion": "explained",
                 "summary": "已向信访人解释相关政策"})  # fmt: skip
    b = register(any_book, D(2020, 6, 1), "phone")
    any_book.act(b.id, "accept", on=D(2020, 6, 2), actor="信访科")
    any_book.act(b.id, "answer", on=D(2020, 7, 1), actor="信访科", data={"opinion": "supported"})
    any_book.act(b.id, "request_review", on=D(2020, 7, 20), actor="信访科")

    def figures(year: int, as_of: dt.date | None = None) -> dict[str, Figure] | None:
        """The section's figures, from a context that refuses to give cases (only facts)."""
        context = ReportContext(any_book, year, as_of=as_of)
        for name in ("cases", "received", "open_at_end", "as_filed", "events_in_year"):
            monkeypatch.setattr(context, name, _refused)
        found = casework_xinfang.report_sections(context)
        return None if found is None else dict(found.figures)

    f = figures(2020)
    assert f is not None and f == dict(any_book.report(2020).section("xinfang").figures)
    assert (f["registered"], f["phone"], f["letter"], f["accepted"]) == (1, 1, 0, 1)
    assert (f["answered"], f["answered_in_time"], f["reviews_requested"]) == (2, 1, 1)
    # as of 30 June the second matter was accepted, not yet answered
    f = figures(2020, D(2020, 6, 30))
    assert f is not None and (f["accepted"], f["answered"], f["answered_in_time"]) == (1, 1, 0)
    assert f["reviews_requested"] == 0
    f = figures(2019)
    assert f is not None and (f["registered"], f["answered"]) == (1, 0)
    assert figures(2020, D(2020, 5, 31)) is None  # nothing registered in 2020 by then
    stored = json.dumps(any_book.report_facts("xinfang", 2020), ensure_ascii=False)
    for private in ("赵某", "征地补偿款未足额发放", "已向信访人解释相关政策"):
        assert private not in stored  # facts hold codes, counts and dates, never a person


def _refused(*args: object, **kwargs: object) -> None:
    raise AssertionError("the 信访 section loaded cases instead of reading facts")


def test_command_line_lists_opens_and_reports_the_kind(tmp_path: Path) -> None:
    folder = tmp_path / "book"

    def run(*args: str) -> str:
        result = run_cli(["--json", *args], book=folder)
        assert result.exit_code == 0, result.output
        return result.stdout

    assert "xinfang" in run("kinds")
    run("init")
    run(
        "new", "xinfang", "--received-on", "2020-06-05", "--actor", "信访科",
        "--set", "channel=letter", "--set", "subject=噪声扰民", "--set", "organ=某市生态环境局",
    )  # fmt: skip
    run("act", "XF2020-0001", "accept", "--on", "2020-06-08", "--actor", "信访科")
    report = json.loads(run("report", "--year", "2020"))
    assert report["xinfang"]["registered"] == 1
    assert report["xinfang"]["accepted"] == 1
    shown = run_cli(["--lang", "zh", "show", "XF2020-0001"], book=folder)
    assert shown.exit_code == 0 and "信访" in shown.stdout
