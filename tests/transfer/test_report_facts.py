"""Report from facts == report from cases: on the sample book and on random books.

The annual report folds over the facts kept with each case (:mod:`casework.facts`); the
reference (``tests/reference_reports``) is every kind's report as it was computed from the cases
themselves, as they stood on the report's day. For every kind, year and day tried, the two give
the same figures, sentences, tables and notes.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
import test_dump_property
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_dump_property import build

import casework
from casework.report import ReportContext, ReportSection

sys.path.insert(0, str(Path(__file__).parents[1]))

from reference_reports import KINDS, section

D = dt.date
samples = test_dump_property.samples  # the sample book's templates (a fixture)


def _shape(part: ReportSection) -> dict[str, Any]:
    return {
        "figures": dict(part.figures),
        "zh": part.text_zh,
        "en": part.text_en,
        "tables": [t.to_dict("zh") for t in part.tables],
        "notes": [n.zh for n in part.notes],
        "values": {k: dict(v) for k, v in part.values.items()},
    }


def differences(book: casework.Book, year: int, as_of: dt.date | None = None) -> dict[str, Any]:
    """Each kind whose facts-based section differs from the reference: both shapes."""
    report = book.report(year, as_of=as_of)
    context = ReportContext(book, year, as_of=report.as_of)
    found: dict[str, Any] = {}
    for kind in KINDS:
        if kind not in casework.case_types():
            continue
        ours = report.section(kind)
        theirs = section(kind, context)
        if ours is None or _shape(ours) != _shape(theirs):
            found[kind] = {
                "facts": _shape(ours) if ours else None,
                "cases": _shape(theirs),
            }
    return found


DAYS = [D(2020, 12, 31), D(2020, 1, 1), D(2020, 3, 31), D(2020, 7, 15), D(2020, 11, 30)]


@pytest.mark.parametrize("as_of", DAYS, ids=str)
def test_the_sample_books_report_from_facts_is_the_report_from_cases(
    sample_book: Path, as_of: dt.date
) -> None:
    with casework.open_book(sample_book) as book:
        assert differences(book, as_of.year, as_of) == {}


@pytest.mark.parametrize("year", [2019, 2021])
def test_the_sample_books_other_years_agree_too(sample_book: Path, year: int) -> None:
    with casework.open_book(sample_book) as book:
        assert differences(book, year) == {}


def test_facts_kept_write_by_write_are_those_of_the_whole_history(sample_book: Path) -> None:
    with casework.open_book(sample_book) as book, book.store.transaction() as tx:
        records = list(tx.records())
    with casework.open_book(sample_book) as book:
        for record in records:
            assert record["facts"] == book.case_facts(book._load(record)), record["id"]


def test_a_report_reads_facts_and_never_loads_a_case(
    sample_book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with casework.open_book(sample_book) as book:
        expected = book.report(2020).to_dict()
        load = book._load
        folded = {k for k, t in casework.case_types().items() if t.facts is not None}

        def refuse(record: Any) -> Any:
            if record.get("kind") in folded:
                raise AssertionError(f"the report loaded case {record.get('id')}")
            return load(record)

        monkeypatch.setattr(book, "_load", refuse)
        assert book.report(2020).to_dict() == expected


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_books_report_the_same_from_facts_and_from_cases(
    data: st.DataObject,
    samples: dict[str, Any],
    petition: None,
) -> None:
    with casework.open_book(":memory:") as book:
        with book.batch():
            for name, rows in samples["tables"].items():
                for key, row in rows.items():
                    book.table_put(name, key, row)
        build(data.draw, book, samples)
        with book.store.transaction() as tx:
            records = list(tx.records())
        for record in records:  # kept write by write, the facts are those of the whole history
            assert record["facts"] == book.case_facts(book._load(record)), record["id"]
        # the days where a figure may turn: each event's and each period's last day, and around
        turns: set[dt.date] = set()
        for case in book.find(on=D(2100, 12, 31)):
            turns.update(e.on for e in case.events)
            turns.update(k.due_on for k in case.clocks if k.due_on)
        near = {t + dt.timedelta(days=d) for t in turns for d in (-1, 0, 1)}
        days = sorted(t for t in near if D(2019, 1, 1) <= t <= D(2021, 12, 31))
        chosen = data.draw(st.lists(st.sampled_from(days), max_size=6)) if days else []
        for year, as_of in [(2020, None), *((t.year, t) for t in chosen)]:
            assert differences(book, year, as_of) == {}


def test_a_facts_file_edited_or_put_back_is_not_believed(sample_book: Path, tmp_path: Path) -> None:
    import shutil

    import orjson

    root = tmp_path / "book"
    shutil.copytree(sample_book, root)
    with casework.open_book(root) as book:
        expected = book.report(2020).to_dict()
    path = root / "cases" / "reconsideration" / "2020" / "000.facts.json"
    old = path.read_bytes()
    data = orjson.loads(old)
    for facts in data["facts"].values():  # every application received a year earlier
        for row in facts["t"]:
            if row[2] == "event":
                row[3][2] = row[3][2].replace("2020-", "2019-")
    path.write_bytes(orjson.dumps(data))
    with casework.open_book(root) as book:
        assert book.report(2020).to_dict() == expected
    path.write_bytes(old)
    with casework.open_book(root) as book:  # a later write to the shard makes the copy old
        book.create(
            "reconsideration",
            received_on=D(2020, 12, 28),
            actor="王科员",
            parties=[{"role": "applicant", "name": "张三"}],
            details={
                "respondent": "某县公安局",
                "act": {"description": "行政处罚决定", "category": "penalty"},
                "request": "撤销该处罚决定",
            },
        )
        expected = book.report(2020).to_dict()
    assert expected["reconsideration"]["received"] == 13
    path.write_bytes(old)
    with casework.open_book(root) as book:
        assert book.report(2020).to_dict() == expected


def test_a_kind_whose_facts_change_has_them_rebuilt_once_with_progress(
    sample_book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from click.testing import CliRunner

    from casework import facts as facts_module
    from casework.cli import cli as app

    root = tmp_path / "book"
    shutil.copytree(sample_book, root)
    runner = CliRunner()
    first = runner.invoke(app, ["--book", str(root), "--json", "facts", "--rebuild"])
    assert first.exit_code == 0, first.output
    with casework.open_book(root) as book:
        expected = book.report(2020).to_dict()
        assert book.stale_facts() == []
    stamp = facts_module.stamp

    def next_version(case_type: Any, basis: bytes = b"") -> str:  # a plugin's new projection
        found = stamp(case_type, basis)
        return found + "+1" if case_type.name == "reconsideration" else found

    monkeypatch.setattr(facts_module, "stamp", next_version)
    with casework.open_book(root) as book:
        assert book.stale_facts() == ["reconsideration"]
        assert book.report(2020).to_dict() == expected  # derived where stale: the same figures
    run = runner.invoke(app, ["--book", str(root), "report", "--year", "2020"])
    assert run.exit_code == 0, run.output
    assert "已更新 12 件案件的报表事实" in run.output
    with casework.open_book(root) as book:
        assert book.stale_facts() == []
        assert book.refresh_facts(["reconsideration"]) == 0  # once: nothing left to write
        assert book.report(2020).to_dict() == expected
        versions = {f["v"] for f in book.report_facts("reconsideration", 2020).values()}
        assert versions == {book.facts_stamp("reconsideration")}


def test_due_on_a_past_day_from_the_facts_is_every_case_viewed_on_that_day(
    sample_book: Path,
) -> None:
    found = 0
    with casework.open_book(sample_book) as book:
        stored = [book.stored(c.id) for c in book.find(on=D(2100, 12, 31))]
        for offset in range(0, 730, 17):
            day = D(2020, 1, 1) + dt.timedelta(days=offset)
            limit = day + dt.timedelta(days=7)
            got = sorted((c.id, k.name) for c, k in book.due(on=day, within_days=7))
            expected = sorted(
                (c.id, k.name)
                for c in stored
                if c.received_on <= day
                for k in book.view(c, day).clocks
                if k.running and k.due_on and k.due_on <= limit and not k.planning
            )
            assert got == expected, day
            found += len(got)
    assert found > 50


@pytest.mark.parametrize("as_of", [D(2020, 3, 31), D(2020, 7, 15), D(2020, 11, 30)], ids=str)
def test_a_report_before_the_years_end_subsidises_only_settlements_by_its_day(
    sample_book: Path, as_of: dt.date
) -> None:
    """以案定补 as of a day counts that day's settlements, judged on their files as filed now.

    It once counted the whole year's: "成功调解…170件,对其中847件…进行以案定补" as of 31 March.
    """
    with casework.open_book(sample_book) as book:
        mediation = book.report(2020, as_of=as_of).figures()["mediation"]
        whole = book.report(2020).figures()["mediation"]
    assert 0 < mediation["subsidised"] <= mediation["succeeded"] < whole["succeeded"]
    assert mediation["subsidised"] < whole["subsidised"] == 847


def test_due_today_from_the_index_rows_is_every_open_case_viewed_today(
    sample_book: Path, tmp_path: Path
) -> None:
    """The index rows keep each open case's periods as facts: due today loads only what is due."""
    import shutil

    root = tmp_path / "book"
    shutil.copytree(sample_book, root)
    with casework.open_book(root) as book:
        today = book.today()
        with book.store.transaction() as tx:
            rows = tx.open_rows()
        assert rows and all("facts" in row for row in rows.values())
        got = sorted((c.id, k.name) for c, k in book.due(within_days=3660))
        expected = sorted(
            (c.id, k.name)
            for c in book.find(on=D(2100, 12, 31))
            for k in book.view(book.stored(c.id), today).clocks
            if k.running
            and k.due_on
            and k.due_on <= today + dt.timedelta(days=3660)
            and not k.planning
        )
        loads = 0
        load = book._load

        def counted(record: Any) -> Any:
            nonlocal loads
            loads += 1
            return load(record)

        book._load = counted  # type: ignore[method-assign]
        assert sorted((c.id, k.name) for c, k in book.due(within_days=3660)) == got
    assert got == expected and got
    assert loads == len({case_id for case_id, _ in got})  # only the cases it returns


def test_a_new_books_kinds_are_current_from_their_first_case(tmp_path: Path) -> None:
    """A kind's first case marks its facts current: no scan before the first report."""
    with casework.open_book(tmp_path / "book") as book:
        assert book.stale_facts() == []
        book.create(
            "reconsideration",
            received_on=D(2020, 3, 2),
            actor="王科员",
            parties=[{"role": "applicant", "name": "张三"}],
            details={
                "respondent": "某县公安局",
                "act": {"description": "行政处罚决定", "category": "penalty"},
                "request": "撤销该处罚决定",
            },
        )
        assert book.stale_facts() == []
        assert book.refresh_facts() == 0
