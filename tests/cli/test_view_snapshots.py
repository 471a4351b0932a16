"""Every view at 80 and 120 columns, in zh and en: snapshots, and what a screen must not show.

A zh screen shows no Python repr, no raw code where a label exists and no English word other
than ids, dates and codes in parentheses; an en screen shows no Chinese label of a code.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

import casework
from casework.cli import cli

WIDTHS = (80, 120)


def _run(book: Path, *args: str, width: int = 100, lang: str = "zh") -> str:
    result = CliRunner().invoke(
        cli,
        ["--book", str(book), "--lang", lang, *args],
        env={"COLUMNS": str(width), "CASEWORK_ACTOR": "王科员"},
    )
    casework.set_language("zh")
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One case of each kind, each some way along, with codes given by their labels."""
    path = tmp_path_factory.mktemp("views") / "book"
    with casework.open_book(path) as opened:
        from casework_mediation.committees import Committee, Mediator, put_committee

        put_committee(
            opened,
            Committee(
                id="XH-01",
                name="西河村人民调解委员会",
                type="village",
                township="贾家庄镇",
                mediators=(Mediator.of("李调解", id_number=None, phone=None),),
            ),
        )
    steps: list[tuple[str, ...]] = [
        (
            "new",
            "行政复议",
            "--received-on",
            "2020-03-02",
            "--party",
            "申请人:张三",
            "--set",
            "respondent=汾阳市公安局",
            "--set",
            "act.description=罚款决定",
            "--set",
            "act.category=行政处罚",
            "--set",
            "learned_on=2020-02-12",
        ),
        ("act", "RC2020-0001", "受理", "--on", "2020-03-04"),
        ("act", "RC2020-0001", "发送申请书副本", "--on", "2020-03-05"),
        (
            "new",
            "行政应诉",
            "--received-on",
            "2020-08-29",
            "--party",
            "原告:牛斌",
            "--set",
            "defendant=汾阳市人民政府",
            "--set",
            "court_level=基层人民法院",
            "--set",
            "court=汾阳市人民法院",
        ),
        ("act", "LT2020-0001", "file_defence", "--on", "2020-09-05"),
        (
            "act",
            "LT2020-0001",
            "schedule_hearing",
            "--on",
            "2020-09-10",
            "--data",
            "hearing_on=2020-10-22",
        ),
        (
            "act",
            "LT2020-0001",
            "attend_hearing",
            "--on",
            "2020-10-22",
            "--data",
            'appearances=[{"name": "武平", "post": "副市长", "category": "分管负责人(副职)"}]',
        ),
        (
            "new",
            "法律援助",
            "--received-on",
            "2020-03-02",
            "--party",
            "申请人(受援人):王五",
            "--set",
            "category=民事",
            "--set",
            "matter=追索劳动报酬",
            "--action",
            "受理申请",
        ),
        (
            "act",
            "LA2020-0001",
            "approve",
            "--on",
            "2020-03-05",
            "--data",
            "decision_number=汾法援决〔2020〕1号",
            "--data",
            "means_test=经审查符合经济困难标准",
        ),
        (
            "new",
            "人民调解",
            "--received-on",
            "2020-03-02",
            "--party",
            "申请人:赵六",
            "--party",
            "被申请人:钱七",
            "--data",
            "committee=西河村人民调解委员会",
            "--data",
            "mediators=李调解",
            "--data",
            "dispute_type=邻里",
        ),
        ("act", "MD2020-0001", "调解", "--on", "2020-03-05", "--data", "place=村委会"),
        (
            "act",
            "MD2020-0001",
            "调解成功",
            "--on",
            "2020-03-09",
            "--data",
            "form=书面调解协议书",
            "--data",
            "terms=赔偿3000元",
        ),
    ]
    for step in steps:
        _run(path, *step)
    yield path


def views(book: Path) -> dict[str, tuple[str, ...]]:
    return {
        "show_rc": ("show", "RC2020-0001", "--on", "2020-03-10"),
        "show_lt": ("show", "LT2020-0001", "--on", "2020-10-23"),
        "show_la": ("show", "LA2020-0001", "--on", "2020-03-10"),
        "show_md": ("show", "MD2020-0001", "--on", "2020-03-10"),
        "list": ("list", "--on", "2020-03-10"),
        "due": ("due", "--on", "2020-03-06", "--within", "30"),
        "dashboard": ("dashboard", "--on", "2020-03-10"),
        "kinds_rc": ("kinds", "行政复议", "--no-pager"),
        "fields_md": ("kinds", "人民调解", "--fields"),
        "report": ("report", "--year", "2020"),
        "plugins": ("plugins", "--all"),
    }


VIEW_NAMES = list(views(Path()).keys())

# codes that have a label: a zh screen shows the label instead
RAW_CODES = re.compile(
    r"(?<![(\w])(upheld|ordinary|penalty|neighbour|application|people|basic|first|civil"
    r"|written|deputy_head|staff|defence|working|natural|accepted|served)(?![\w)])"
)
REPR = re.compile(r"\b[a-z_]+=[a-z_]+,|\[\{|\{'|': |\bTrue\b|\bFalse\b|\bNone\b")
ALLOWED = re.compile(
    r"\([^()]*\)"  # codes, names and ids in parentheses
    r"|[A-Z]{2}\d{4}-\d{4}"  # case ids
    r"|\b[A-Z]{2,}\d*\b"  # rule-set and committee ids (ARL99, PML, XH-01)
    r"|--[\w-]+"  # options one may type
    r"|\d+(\.\d+)?"
)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("view", VIEW_NAMES)
def test_view_snapshot(book: Path, view: str, lang: str, width: int, snapshot: object) -> None:
    shown = _run(book, *views(book)[view], width=width, lang=lang)
    assert max(len(line) for line in shown.splitlines()) <= width
    assert not REPR.search(shown), shown
    if lang == "zh" and view == "plugins":
        # hook names are the plugin API's identifiers; the kinds read as their labels
        assert "行政复议 (reconsideration)" in shown
    elif lang == "zh":
        assert not RAW_CODES.search(shown), RAW_CODES.search(shown)
        for line in shown.splitlines():
            rest = ALLOWED.sub("", line)
            assert not re.search(r"[A-Za-z]{2,}", rest), line
    else:
        for label in ("维持", "普通程序", "行政处罚", "邻里", "基层人民法院", "已受理", "审理中"):
            assert label not in shown, label
    assert shown == snapshot


def test_the_book_holds_codes_given_by_label(book: Path) -> None:
    rc = orjson.loads(_run(book, "--json", "show", "RC2020-0001"))
    assert rc["details"]["act"]["category"] == "penalty"
    md = orjson.loads(_run(book, "--json", "show", "MD2020-0001"))
    assert md["details"]["committee"] == "XH-01" and md["details"]["dispute_type"] == "neighbour"
