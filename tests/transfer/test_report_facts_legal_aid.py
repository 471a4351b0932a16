"""The 法律援助 section from facts == from cases, with a subsidy table installed.

The shared comparison (``test_report_facts.py``) runs on books without a 办案补贴 table, where
``subsidy_total`` is ``None``; here the sample book and random legal-aid books carry one (the
shipped example, and random tables), so the subsidy fold is compared with the case-by-case
:func:`casework_legal_aid.subsidy.compute` too. The projection names no party.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import test_dump_property
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_dump_property import build
from test_report_facts import DAYS, differences

import casework
from casework.report import ReportContext
from casework_legal_aid import codes, subsidy
from casework_legal_aid.report import facts

D = dt.date
samples = test_dump_property.samples  # the sample book's templates (a fixture)


@pytest.fixture(scope="module")
def subsidised_book(sample_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample book with the example subsidy table installed."""
    path = tmp_path_factory.mktemp("fenyang-subsidy") / "book"
    shutil.copytree(sample_book, path)
    with casework.open_book(path) as book:
        subsidy.use_rules(book, subsidy.example_rules())
    return path


def _figure(book: casework.Book, year: int, as_of: dt.date | None = None) -> Any:
    found = book.report(year, as_of=as_of).section("legal_aid")
    assert found is not None
    return found.figures["subsidy_total"]


@pytest.mark.parametrize("as_of", DAYS, ids=str)
def test_the_sample_books_subsidies_from_facts_are_those_from_cases(
    subsidised_book: Path, as_of: dt.date
) -> None:
    with casework.open_book(subsidised_book) as book:
        assert differences(book, as_of.year, as_of).get("legal_aid") is None
        whole_year = subsidy.compute(book, 2020).total
        assert whole_year > 0  # the figure compared is a real amount
        assert _figure(book, 2020, as_of) == whole_year


def test_subsidies_are_folded_without_loading_a_case(
    subsidised_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with casework.open_book(subsidised_book) as book:
        expected = _figure(book, 2020, D(2020, 7, 15))
        load = book._load

        def refuse(record: Any) -> Any:
            if record.get("kind") == "legal_aid":
                raise AssertionError(f"the report loaded case {record.get('id')}")
            return load(record)

        monkeypatch.setattr(book, "_load", refuse)
        assert _figure(book, 2020, D(2020, 7, 15)) == expected


def test_the_projection_names_no_party(sample_book: Path) -> None:
    with casework.open_book(sample_book) as book:
        cases = book.find(kind="legal_aid")
        assert cases
        for case in cases:
            personal = {p.name for p in case.parties}
            personal |= {p.id_number for p in case.parties if p.id_number}
            personal |= {p.phone for p in case.parties if p.phone}
            personal |= {a.assignee for a in case.details.assignments}
            personal.add(case.details.matter)
            values = repr(list(facts(case)))
            assert not [item for item in personal if item in values], case.id


STAFF = {"assignee": "援助中心刘某", "firm": "汾阳市法律援助中心", "assignee_kind": "staff"}
MORE_DATA: dict[str, list[Any]] = {
    "appoint": [{**STAFF, "letter_number": "汾法援指〔2020〕90号"}],
    "replace_lawyer": [
        {"assignee": "孙律师", "firm": "山西乙律师事务所", "reason": "回避"},
        {**STAFF, "reason": "律师回避"},
    ],
    "close": [{"outcome": "judgment"}],  # the file follows later, or never
    "submit_file": [{"documents": ["结案报告", "判决书"]}],
    "review": [{"grade": "fail"}],
    "terminate": [{"ground": "own_counsel"}, {"ground": "proceedings_ended"}],
    "refuse": [{"ground": "means", "notice_number": "汾法援不〔2020〕1号"}],
    "withdraw": [{"ground": "applicant"}],
}
"""Action data the sample book never records (staff, files handed in late, failed files, …)."""


def _legal_aid_only(samples: dict[str, Any]) -> dict[str, Any]:
    data = dict(samples["data"])
    for action, extra in MORE_DATA.items():
        data[("legal_aid", action)] = [*data.get(("legal_aid", action), []), *extra]
    return {**samples, "kinds": ["legal_aid"], "data": data}


@st.composite
def tables(draw: Any) -> dict[str, Any]:
    """A random valid subsidy table: some rates, any policy switches."""
    places = [("criminal", None), *(("criminal", s) for s in codes.STAGES)]
    places += [(c, None) for c in codes.CATEGORIES if c != "criminal"]
    chosen = draw(st.lists(st.sampled_from(places), min_size=1, unique=True))
    rates = []
    for category, stage in chosen:
        rate: dict[str, Any] = {"category": category, "amount": draw(st.integers(0, 3000))}
        if stage is not None:
            rate["stage"] = stage
        rates.append(rate)
    return {
        "name": "随机标准",
        "example": draw(st.booleans()),
        "terminated_percent": draw(st.integers(0, 100)),
        "withhold_grades": draw(st.lists(st.sampled_from(list(codes.GRADES)), unique=True)),
        "pay_staff": draw(st.booleans()),
        "require_file": draw(st.booleans()),
        "rates": rates,
    }


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_legal_aid_books_subsidies_agree(
    data: st.DataObject, samples: dict[str, Any], petition: None
) -> None:
    with casework.open_book(":memory:") as book:
        build(data.draw, book, _legal_aid_only(samples))
        subsidy.use_rules(book, subsidy.parse_rules(data.draw(tables()), "random"))
        turns: set[dt.date] = set()
        for case in book.find(on=D(2100, 12, 31)):
            turns.update(e.on for e in case.events)
        near = {t + dt.timedelta(days=d) for t in turns for d in (-1, 0, 1)}
        days = sorted(t for t in near if D(2019, 1, 1) <= t <= D(2021, 12, 31))
        chosen = data.draw(st.lists(st.sampled_from(days), max_size=4)) if days else []
        for year, as_of in [
            (2019, None),
            (2020, None),
            (2021, None),
            *((t.year, t) for t in chosen),
        ]:
            assert differences(book, year, as_of).get("legal_aid") is None
            context = ReportContext(book, year, as_of=as_of)
            assert _figure(book, year, context.as_of) == subsidy.compute(book, year).total
