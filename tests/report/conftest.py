"""Fixtures of the report tests: a report section for the toy ``petition`` kind, and a book."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest
from rich.console import Console

import casework
from casework import Label, Report, ReportContext, ReportSection, ReportTable, hookimpl
from casework.personal import id_check_digit

D = dt.date
CLOSING = ("decide", "reject")


def id_number(region: str, born: str, seq: str) -> str:
    first = region + born + seq
    return first + id_check_digit(first)


ID_1 = id_number("142301", "19800101", "123")
ID_2 = id_number("142301", "19751231", "456")
PHONE_1 = "13812345678"


class PetitionReport:
    """Counts petitions by rules written for these tests; leaks personal data on purpose.

    Received: received in the year. Concluded: decided or rejected in the year, whenever received.
    Its last table lists the applicants with their clear ID and phone numbers, and a sentence quotes
    a phone number, so that the tests prove every renderer masks them.
    """

    __name__ = "petition-report-test-plugin"

    @hookimpl
    def report_sections(self, context: ReportContext) -> ReportSection:
        cases = context.cases("petition")
        received = context.received("petition")
        accepted = [c for c in received if c.has_event("accept") or c.has_event("deem_accept")]
        rejected = [c for c in received if c.has_event("reject")]
        concluded = [c for c in cases if any(context.events_in_year(c, CLOSING))]
        carried_in = [c for c in cases if c.received_on.year < context.year]
        outcomes: dict[str, int] = {}
        for case in concluded:
            outcome = case.details.decision or "rejected"
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        applicants = [
            (p.name, p.id_number, p.phone)
            for c in received
            for p in c.parties
            if p.id_number or p.phone
        ]
        zh = (
            f"全年共接收测试申请{len(received)}件,其中受理{len(accepted)}件,"
            f"不予受理{len(rejected)}件,办结{len(concluded)}件。",
            f"咨询电话{PHONE_1}。",
        )
        en = (
            f"{len(received)} petitions received, {len(accepted)} accepted, "
            f"{len(rejected)} rejected; {len(concluded)} concluded.",
            f"Enquiries: {PHONE_1}.",
        )
        return ReportSection(
            kind="petition",
            title=Label("测试申请", "Test petitions"),
            figures={
                "received": len(received),
                "accepted": len(accepted),
                "rejected": len(rejected),
                "concluded": len(concluded),
                "carried_in": len(carried_in),
                "acceptance_rate": round(len(accepted) / len(received), 4) if received else None,
            },
            labels={
                "received": Label("收到申请", "received"),
                "accepted": Label("受理", "accepted"),
                "rejected": Label("不予受理", "rejected"),
                "concluded": Label("办结", "concluded"),
                "carried_in": Label("上年结转", "carried in"),
                "acceptance_rate": Label("受理率", "acceptance rate"),
            },
            text_zh=zh,
            text_en=en,
            tables=(
                ReportTable(
                    Label("办结方式", "Outcomes"),
                    (Label("方式", "outcome"), Label("件数", "cases")),
                    tuple((k, v) for k, v in sorted(outcomes.items())),
                ),
                ReportTable(
                    Label("申请人 | 名单", "Applicants | list"),
                    (Label("姓名", "name"), Label("身份证号", "ID"), Label("电话", "phone")),
                    tuple(applicants),
                ),
            ),
            order=10,
        )


@pytest.fixture
def petition_report(petition: None) -> Iterator[None]:
    name = casework.register_plugin(PetitionReport(), name="undo-petition-report")
    try:
        yield
    finally:
        casework.unregister_plugin(name)


def _file(book: casework.Book, on: dt.date, party: dict[str, str] | None = None) -> str:
    parties = [party] if party else [{"role": "applicant", "name": "赵某"}]
    return book.create(
        "petition", received_on=on, actor="李科员", details={"subject": "罚款"}, parties=parties
    ).id


@pytest.fixture
def toy_book(tmp_path: Path, petition_report: None) -> Iterator[casework.Book]:
    """Five petitions: one received in 2019 and decided in 2020, four received in 2020.

    2020: March 2 (accepted, decided revoked), March 9 (rejected), March 16 (accepted, open),
    May 6 (accepted, decided upheld in June). 2019-12-20: accepted, decided upheld 2020-01-10.
    """
    with casework.open_book(tmp_path / "book") as book:
        act = book.act
        old = _file(book, D(2019, 12, 20))
        act(old, "accept", on=D(2019, 12, 23), actor="李科员")
        act(old, "decide", on=D(2020, 1, 10), actor="李科员", data={"outcome": "upheld"})
        a = _file(
            book,
            D(2020, 3, 2),
            {"role": "applicant", "name": "张某", "id_number": ID_1, "phone": PHONE_1},
        )
        act(a, "accept", on=D(2020, 3, 3), actor="李科员")
        act(a, "decide", on=D(2020, 4, 20), actor="李科员", data={"outcome": "revoked"})
        b = _file(book, D(2020, 3, 9), {"role": "applicant", "name": "钱某", "id_number": ID_2})
        act(b, "reject", on=D(2020, 3, 10), actor="李科员")
        c = _file(book, D(2020, 3, 16))
        act(c, "accept", on=D(2020, 3, 17), actor="李科员")
        d = _file(book, D(2020, 5, 6))
        act(d, "accept", on=D(2020, 5, 7), actor="李科员")
        act(d, "decide", on=D(2020, 6, 1), actor="李科员", data={"outcome": "upheld"})
        yield book


@pytest.fixture
def toy_report(toy_book: casework.Book) -> Callable[[int], Report]:
    """The toy book's report of a year, with the petition section only.

    Installed plugins (the built-in kinds) add their sections to every report; the renderer
    tests look at the toy kind's alone.
    """

    def report(year: int) -> Report:
        full = toy_book.report(year)
        return attrs.evolve(full, sections=tuple(s for s in full.sections if s.kind == "petition"))

    return report


@pytest.fixture
def applicant_id() -> str:
    """The clear ID number of the toy book's applicant of PT2020-0001."""
    return ID_1


@pytest.fixture
def console() -> Console:
    """A recording console of fixed width without colour or terminal detection."""
    return Console(
        file=io.StringIO(),
        width=100,
        record=True,
        color_system=None,
        legacy_windows=False,
        force_terminal=False,
        _environ={},
    )
