"""Fixtures of the mediation tests: a book with a small committee registry, and case helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import casework
from casework_mediation.committees import Committee, Mediator, put_committee

D = dt.date

FULL_ITEMS = [
    "application",
    "rights_notice",
    "identity",
    "session_record",
    "agreement",
    "follow_up_record",
    "back_cover",
]


def registry() -> list[Committee]:
    return [
        Committee(
            id="XH-01",
            name="西河村人民调解委员会",
            type="village",
            township="贾家庄镇",
            mediators=(
                Mediator.of("李调解", id_number="11010519491231002X", phone="13812345678"),
                Mediator.of("王调解"),
                Mediator.of("赵未登", registered=False),
            ),
        ),
        Committee(
            id="JD-01",
            name="太和桥街道人民调解委员会",
            type="township",
            township="太和桥街道",
            mediators=(Mediator.of("陈调解"),),
        ),
    ]


@pytest.fixture(params=["memory", "disk"])
def mbook(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[casework.Book]:
    path = ":memory:" if request.param == "memory" else tmp_path / "book"
    with casework.open_book(path) as book:
        for committee in registry():
            put_committee(book, committee)
        yield book


@pytest.fixture
def disk_book(tmp_path: Path) -> Iterator[casework.Book]:
    with casework.open_book(tmp_path / "b") as book:
        for committee in registry():
            put_committee(book, committee)
        yield book


def _register(
    book: casework.Book,
    on: dt.date = D(2020, 3, 2),
    committee: str = "XH-01",
    mediators: tuple[str, ...] = ("李调解",),
    parties: tuple[str, str] = ("张三", "李四"),
    **data: Any,
) -> casework.Case:
    return book.create(
        "mediation",
        received_on=on,
        actor="李调解",
        parties=[
            {"role": "applicant", "name": parties[0]},
            {"role": "respondent", "name": parties[1]},
        ],
        data={"committee": committee, "mediators": list(mediators), **data},
    )


def _settle(
    book: casework.Book,
    on: dt.date = D(2020, 3, 2),
    *,
    form: str = "written",
    grade: str | None = "general",
    approver: str = "贾家庄司法所",
    follow_up: str | None = "performed",
    items: list[str] | None = None,
    **register: Any,
) -> casework.Case:
    """Register, mediate, succeed, follow up and file: a case that earns under the example."""
    case = _register(book, on, **register)
    book.act(case.id, "mediate", on=on + dt.timedelta(days=1), actor="李调解")
    book.act(case.id, "succeed", on=on + dt.timedelta(days=2), actor="李调解", data={"form": form})
    if follow_up is not None:
        book.act(
            case.id,
            "follow_up",
            on=on + dt.timedelta(days=10),
            actor="李调解",
            data={"performance": follow_up},
        )
    chosen = list(FULL_ITEMS) if items is None else items
    if form == "oral" and items is None:
        chosen.remove("agreement")
    if follow_up is None and items is None:
        chosen.remove("follow_up_record")
    dossier: dict[str, Any] = {"items": chosen}
    if grade is not None:
        dossier.update(grade=grade, grade_approved_by=approver)
    return book.act(
        case.id, "file_dossier", on=on + dt.timedelta(days=11), actor="李调解", data=dossier
    )


@pytest.fixture
def committee_list() -> list[Committee]:
    return registry()


@pytest.fixture
def register() -> Callable[..., casework.Case]:
    return _register


@pytest.fixture
def settle() -> Callable[..., casework.Case]:
    return _settle
