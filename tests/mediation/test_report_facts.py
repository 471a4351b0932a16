"""以案定补 from the facts kept with each case == 以案定补 from the cases, under every kind of rule.

The report judges the year's settlements over the cases' facts (the dossier as filed now); the
roster (:func:`casework_mediation.subsidy.compute`) judges the cases themselves. On one book of
every situation the engine distinguishes, and under rules that turn each condition on and off
(caps per mediator and per committee, equal split, the grade recorded with ``succeed``, a default
grade, extra dossier items, a book's own checklist, two rule sets by date), both give the same
amounts, reasons and totals, and the report's section is the reference section word for word.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest

import casework
from casework.report import ReportContext
from casework_mediation.codes import KIND
from casework_mediation.committees import (
    Committee,
    Mediator,
    committees,
    put_committee,
    remove_committee,
)
from casework_mediation.dossier import book_checklists
from casework_mediation.rules import book_rules
from casework_mediation.subsidy import (
    SubsidyResult,
    SubsidyTotals,
    compute,
    mediator_key,
    totals_from_facts,
)

sys.path.insert(0, str(Path(__file__).parents[1]))

from reference_reports import section as reference_section

_helpers = importlib.util.spec_from_file_location(
    "mediation_helpers", Path(__file__).with_name("conftest.py")
)
assert _helpers is not None and _helpers.loader is not None
helpers = importlib.util.module_from_spec(_helpers)
_helpers.loader.exec_module(helpers)
FULL_ITEMS, _register, _settle, registry = (
    helpers.FULL_ITEMS,
    helpers._register,
    helpers._settle,
    helpers.registry,
)

D = dt.date

HEAD = """
locality = "测试县"

[[rules]]
name = "测试县以案定补办法"
effective_from = 2020-01-01
approved_by = "县司法局、县财政局"
{split}
[rules.grading]
{grading}
[[rules.grades]]
code = "general"
zh = "一般"
en = "general"
written = 100
oral = 60

[[rules.grades]]
code = "major"
zh = "重大"
en = "major"
written = 300
oral = 0

[rules.conditions]
{conditions}
"""


def _rules(
    split: str = "", grading: str = "", conditions: str = "", caps: str = "", more: str = ""
) -> str:
    text = HEAD.format(split=split, grading=grading, conditions=conditions)
    return text + (f"\n[rules.caps]\n{caps}\n" if caps else "") + more


RULES = {
    "caps_per_mediator": _rules(caps="per_mediator = 500"),
    "equal_split_committee_cap": _rules(split='split = "equal"', caps="per_committee = 350"),
    "grade_with_succeed": _rules(
        grading='decided_on = "succeed"\napproval_required = false\ndefault = "general"',
        conditions="follow_up = false\nperformed = false\nregistered_mediator = false",
    ),
    "extra_items": _rules(
        conditions='extra_dossier_items = ["performance_proof"]\nexcluded_kinds = []',
        caps="per_mediator = 10000\nper_committee = 10000",
    ),
    "two_sets": _rules(
        more="""
[[rules]]
name = "新办法"
effective_from = 2020-07-01
split = "equal"
[[rules.grades]]
code = "general"
zh = "一般"
en = "general"
written = 180
oral = 90
[rules.caps]
per_mediator = 250
"""
    ),
}

CHECKLIST = """
[checklists.default]
items = [
  { code = "application", zh = "申请书", en = "application", required = "always" },
  { code = "session_record", zh = "调解记录", en = "session record", required = "always" },
  { code = "agreement", zh = "调解协议书", en = "agreement", required = "written_agreement" },
  { code = "follow_up_record", zh = "回访记录", en = "follow-up", required = "followed_up" },
  { code = "confirmation_papers", zh = "司法确认材料", en = "confirmation", required = "confirmation" },
  { code = "performance_proof", zh = "履行凭证", en = "proof", required = "as_needed" },
]
"""


def _year(book: casework.Book) -> None:
    """Disputes of 2019-2021 in every situation 以案定补 tells apart."""
    _settle(book, D(2020, 2, 1))
    _settle(book, D(2020, 2, 2), form="oral", parties=("甲", "乙"))
    for day in (3, 4, 5):  # the caps cut these in date order
        _settle(book, D(2020, 2, day), grade="major", parties=(f"丙{day}", f"丁{day}"))
    _settle(book, D(2020, 2, 6), mediators=("李调解", "王调解"), parties=("戊", "己"))
    _settle(book, D(2020, 2, 7), mediators=("王调解", "李调解"), grade="major", parties=("a", "b"))
    _settle(book, D(2020, 2, 8), committee="JD-01", mediators=("陈调解",), parties=("c", "d"))
    _settle(book, D(2020, 2, 9), items=["application", "session_record"], parties=("e", "f"))
    _settle(book, D(2020, 2, 10), follow_up=None, parties=("g", "h"))
    _settle(book, D(2020, 2, 11), follow_up="not_performed", parties=("i", "j"))
    _settle(book, D(2020, 2, 12), grade=None, parties=("k", "l"))
    _settle(book, D(2020, 2, 13), approver="", parties=("m", "n"))
    _settle(book, D(2020, 2, 14), grade="huge", parties=("o", "p"))
    _settle(book, D(2020, 2, 15), mediators=("赵未登",), parties=("q", "r"))
    _settle(book, D(2020, 2, 16), mediation_kind="judicial", parties=("s", "t"))
    _settle(book, D(2020, 2, 17), items=[*FULL_ITEMS, "performance_proof"], parties=("u", "v"))
    first = _settle(book, D(2020, 3, 1), parties=("同", "人"))
    again = _settle(book, D(2020, 3, 20), parties=("同", "人"))  # flagged as a possible repeat
    repeat = _settle(book, D(2020, 3, 21), parties=("同", "人"))
    book.act(repeat.id, "confirm_duplicate", on=D(2020, 4, 1), actor="a", data={"of": first.id})
    assert again.details.possible_duplicates
    # a committee and a mediator struck off the registry after the dispute was registered
    _settle(book, D(2020, 4, 1), committee="GONE", mediators=("钱调解",), parties=("w", "x"))
    _settle(book, D(2020, 4, 2), committee="JD-01", mediators=("孙调解",), parties=("y", "z"))
    # the grade recorded with the agreement (rules that decide on ``succeed``)
    case = _register(book, D(2020, 5, 1), parties=("宋", "元"))
    book.act(case.id, "mediate", on=D(2020, 5, 2), actor="a")
    book.act(
        case.id,
        "succeed",
        on=D(2020, 5, 3),
        actor="a",
        data={"form": "written", "grade": "major", "grade_approved_by": "司法所"},
    )
    # judicial confirmation: its papers belong in the file
    case = _register(book, D(2020, 6, 1), parties=("明", "清"))
    book.act(case.id, "mediate", on=D(2020, 6, 2), actor="a")
    book.act(case.id, "succeed", on=D(2020, 6, 3), actor="a", data={"form": "written"})
    book.act(case.id, "confirm", on=D(2020, 6, 10), actor="a", data={"step": "applied"})
    book.act(case.id, "confirm", on=D(2020, 6, 20), actor="a", data={"step": "granted"})
    book.act(case.id, "follow_up", on=D(2020, 6, 25), actor="a", data={"performance": "performed"})
    book.act(
        case.id,
        "file_dossier",
        on=D(2020, 6, 26),
        actor="a",
        data={"items": FULL_ITEMS, "grade": "general", "grade_approved_by": "所"},
    )
    # after the new rule set of "two_sets"
    _settle(book, D(2020, 7, 1), mediators=("李调解", "王调解"), parties=("秦", "汉"))
    _settle(book, D(2020, 7, 2), form="oral", parties=("唐", "宋"))
    # registered in 2019, settled in December 2020, the dossier filed in January 2021
    late = _register(book, D(2019, 12, 20), parties=("晚", "归"))
    book.act(late.id, "mediate", on=D(2019, 12, 28), actor="a")
    book.act(late.id, "succeed", on=D(2020, 12, 28), actor="a", data={"form": "written"})
    book.act(late.id, "follow_up", on=D(2021, 1, 5), actor="a", data={"performance": "performed"})
    book.act(
        late.id,
        "file_dossier",
        on=D(2021, 1, 6),
        actor="a",
        data={"items": FULL_ITEMS, "grade": "general", "grade_approved_by": "所"},
    )
    # not settled: pending, failed, failed and filed, withdrawn
    _register(book, D(2020, 8, 1), parties=("未", "结"))
    failed = _register(book, D(2020, 8, 2), parties=("不", "成"))
    book.act(failed.id, "mediate", on=D(2020, 8, 3), actor="a")
    book.act(failed.id, "fail", on=D(2020, 8, 4), actor="a", data={"directed_to": ["litigation"]})
    filed = _register(book, D(2020, 8, 5), parties=("归", "档"))
    book.act(filed.id, "mediate", on=D(2020, 8, 6), actor="a")
    book.act(filed.id, "fail", on=D(2020, 8, 7), actor="a", data={"directed_to": ["litigation"]})
    book.act(
        filed.id,
        "file_dossier",
        on=D(2020, 8, 8),
        actor="a",
        data={"items": ["application", "session_record"]},
    )
    gone = _register(book, D(2020, 8, 9), parties=("撤", "回"))
    book.act(gone.id, "withdraw", on=D(2020, 8, 10), actor="a")
    _settle(book, D(2019, 5, 1), parties=("旧", "年"))
    _settle(book, D(2021, 3, 1), parties=("新", "年"))


@pytest.fixture(scope="module")
def year_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book folder holding :func:`_year`; then committee GONE and mediator 孙调解 struck off."""
    path = tmp_path_factory.mktemp("mediation") / "book"
    with casework.open_book(path) as book:
        village, street = registry()
        for committee in (village, street):
            put_committee(book, committee)
        put_committee(
            book, attrs.evolve(street, mediators=(*street.mediators, Mediator.of("孙调解")))
        )
        put_committee(
            book,
            Committee(
                id="GONE",
                name="撤销的调委会",
                type="village",
                township="甲镇",
                mediators=(Mediator.of("钱调解"),),
            ),
        )
        _year(book)
        remove_committee(book, "GONE")
        put_committee(book, street)
    return path


@pytest.fixture(params=[None, *RULES], ids=lambda p: p or "example")
def book(request: pytest.FixtureRequest, year_book: Path) -> Iterator[casework.Book]:
    """The year's book under one rules file (the shipped example for ``None``)."""
    folder = year_book / "mediation"
    folder.mkdir(exist_ok=True)
    if request.param is not None:
        (folder / "subsidy.toml").write_text(RULES[request.param], encoding="utf-8")
    if request.param == "extra_items":
        (folder / "dossier.toml").write_text(CHECKLIST, encoding="utf-8")
    with casework.open_book(year_book) as opened:
        yield opened
    for name in ("subsidy.toml", "dossier.toml"):
        (folder / name).unlink(missing_ok=True)


def _outcomes(result: SubsidyResult | SubsidyTotals) -> dict[str, Any]:
    """What the report reads of a year's 以案定补, and each case's amount or reasons."""
    if isinstance(result, SubsidyResult):
        cents = {c.case_id: c.cents for c in result.paid}
        reasons = {c.case_id: tuple(r.code for r in c.reasons) for c in result.refused}
    else:
        cents, reasons = result.cents, result.reasons
    return {
        "subsidised": result.subsidised,
        "total": result.total,
        "township": [(t.key, t.name, t.cases, t.cents) for t in result.by_township()],
        "committee": [(t.key, t.name, t.township, t.cases, t.cents) for t in result.by_committee()],
        "cents": cents,
        "reasons": reasons,
    }


@pytest.mark.parametrize("year", [2019, 2020, 2021])
def test_the_subsidy_from_facts_is_the_subsidy_from_cases(book: casework.Book, year: int) -> None:
    cases = compute(book, year)
    facts = ReportContext(book, year).facts_as_filed(KIND)
    ours = totals_from_facts(facts, year, book_rules(book), committees(book), book_checklists(book))
    assert _outcomes(ours) == _outcomes(cases)
    if year == 2020:
        assert 0 < cases.subsidised < len(cases.cases)
        reasons = {r.code for c in cases.cases for r in c.reasons}
        assert {"unknown_committee", "duplicate", "failed"} <= reasons
        if book_rules(book).sets[0].registered_mediator:
            assert "unregistered_mediator" in reasons


@pytest.mark.parametrize(
    "as_of", [D(2020, 12, 31), D(2020, 2, 20), D(2020, 6, 15), D(2020, 12, 27)], ids=str
)
def test_the_section_from_facts_is_the_reference_section(
    book: casework.Book, as_of: dt.date
) -> None:
    report = book.report(as_of.year, as_of=as_of)
    ours = report.section(KIND)
    theirs = reference_section(KIND, ReportContext(book, as_of.year, as_of=report.as_of))
    assert ours is not None
    for name in ("figures", "text_zh", "text_en", "notes", "labels"):
        assert getattr(ours, name) == getattr(theirs, name), name
    assert [t.to_dict("zh") for t in ours.tables] == [t.to_dict("zh") for t in theirs.tables]


def test_the_settlement_of_december_counts_with_the_dossier_filed_in_january(
    year_book: Path,
) -> None:
    with casework.open_book(year_book) as book:
        late = next(c for c in book.find(kind=KIND) if c.received_on == D(2019, 12, 20))
        figures = book.report(2020).section(KIND)
        result = compute(book, 2020)
    assert figures is not None
    assert [c.cents for c in result.cases if c.case_id == late.id] == [15000]
    assert figures.figures["subsidised"] == result.subsidised
    assert figures.figures["subsidy_total"] == result.total


def test_the_facts_kept_with_a_case_name_nobody(year_book: Path) -> None:
    with casework.open_book(year_book) as book:
        stored = [book.case_facts(case) for case in book.find(kind=KIND)]
    text = json.dumps(stored, ensure_ascii=False)
    for name in (
        "李调解",
        "王调解",
        "赵未登",
        "陈调解",
        "孙调解",
        "钱调解",
        "张三",
        "李四",
        "贾家庄司法所",
        "司法所",
    ):
        assert name not in text
    assert mediator_key("李调解") in text
