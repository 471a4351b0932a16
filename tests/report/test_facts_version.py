"""A kind that comes to declare its facts has the facts stored before derived again.

A book keeps every case's facts with a version stamp; facts written while the kind declared no
projection hold only the standard facts. When the kind then declares its projection at
``facts_version`` 1, the stamp must differ, or the report would fold over facts without the
kind's own and count nothing (or fail).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs

import casework
from casework import Action, CaseType, Label, State, Workflow, hookimpl
from casework.facts import stamp
from casework.model import Case
from casework.testing import registered

D = dt.date


@attrs.frozen
class Matter:
    """A matter and the code of its channel."""

    channel: str


def _channel(case: Case) -> Iterator[tuple[str, Any]]:
    yield ("channel", case.details.channel)


def _kind(projection: Any = None) -> CaseType:
    return CaseType(
        name="stamped",
        label=Label("示例", "example"),
        details=Matter,
        code="SX",
        workflows=[
            Workflow(
                "V1",
                D(2000, 1, 1),
                [State("open", Label("办理中", "open"))],
                [Action("open", Label("收到", "open"), sources=casework.NEW, target="open")],
            )
        ],
        facts=projection,
    )


class _Plugin:
    def __init__(self, kind: CaseType) -> None:
        self.kind = kind

    @hookimpl
    def register_case_types(self, register: Any) -> None:
        register(self.kind)


def test_declaring_a_projection_changes_the_stamp() -> None:
    without, with_facts = _kind(), _kind(_channel)
    assert with_facts.facts_version == without.facts_version == 1
    assert stamp(with_facts) != stamp(without)
    assert stamp(with_facts) == stamp(_kind(_channel))
    # books written before the stamp told the two apart stamped every kind "1:<rules digest>"
    legacy = "1:" + stamp(without).split(":", 1)[1]
    assert stamp(with_facts) != legacy


def test_facts_stored_before_the_kind_declared_them_are_derived_again(tmp_path: Path) -> None:
    path = tmp_path / "book"
    with registered(_Plugin(_kind())), casework.open_book(path) as book:
        case = book.create("stamped", received_on=D(2020, 3, 2), actor="王科员",
                           details={"channel": "letter"})  # fmt: skip
        stored = book.report_facts("stamped", 2020)[case.id]
        assert not any(row[2] == "channel" for row in stored["t"])
    with registered(_Plugin(_kind(_channel))), casework.open_book(path) as book:
        stored = book.report_facts("stamped", 2020)[case.id]
        assert ["2020-03-02", None, "channel", "letter"] in stored["t"]
        (facts,) = casework.ReportContext(book, 2020).facts("stamped")
        assert facts.get("channel") == "letter"
