"""The store contract: every behaviour the book relies on, run against every store.

``memory`` and ``disk`` are the embedded TinyDB store; ``postgres`` is the server store, run
when ``CASEWORK_TEST_PG`` names a reachable database (``.ci/run`` starts one) and skipped with
the reason otherwise. A behaviour that needs two openers of one book (conflicts, counters across
writers) runs on the stores that have a shared location.
"""

import datetime as dt
import multiprocessing
import os
import sys

import pytest
from pgserver import book_path
from test_book import PARTY, make

import casework
from casework import ConflictError, InvalidAction, NotFound

D = dt.date
SHARED = ["disk", "postgres"]


@pytest.fixture(params=SHARED)
def location(request, tmp_path, petition):
    path = book_path(request.param, tmp_path, request)
    casework.open_book(path).close()
    return path


def test_create_then_act_bumps_the_version_and_keeps_history(book):
    case = make(book)
    assert (case.id, case.version, book.stored(case.id)) == ("PT2020-0001", 1, case)
    accepted = book.act(case.id, "accept", on=D(2020, 3, 3), actor="a")
    assert accepted.version == 2 and accepted.number == "测字〔2020〕1号"
    assert [e.action for e in book.history(case.id)] == ["receive", "accept"]
    assert book.get(case.id) == accepted


def test_ids_records_and_open_rows_by_kind_and_year(book):
    a = make(book, D(2020, 3, 2))
    b = make(book, D(2021, 1, 5))
    book.act(b.id, "reject", on=D(2021, 1, 6), actor="a")
    assert book.ids("petition") == [a.id, b.id] == ["PT2020-0001", "PT2021-0001"]
    assert [c.id for c in book.find(year=2021)] == [b.id]
    assert [c.id for c in book.find(open=True)] == [a.id]
    assert [c.id for c in book.find(open=False)] == [b.id]
    with pytest.raises(NotFound):
        book.get("PT2020-0009")


def test_a_case_spanning_years_is_found_for_the_later_year(book):
    case = make(book, D(2020, 12, 28))
    book.act(case.id, "accept", on=D(2021, 1, 4), actor="a")
    with book.store.transaction() as tx:
        assert tx.spanning("petition", 2021) == [case.id]
        assert tx.event_years("petition") == [2020, 2021]
    assert [c.id for c in book.open_at("petition", D(2021, 6, 30))] == [case.id]
    assert book.find(year=2021) == []


def test_kinds_are_those_with_cases(book):
    with book.store.transaction() as tx:
        assert tx.kinds() == []
    make(book, D(2020, 3, 2))
    with book.store.transaction() as tx:
        assert tx.kinds() == ["petition"]
    assert book.unavailable_kinds() == {}


def test_a_stale_version_is_a_conflict_and_nothing_changes(book):
    case = make(book)
    book.act(case.id, "accept", on=D(2020, 3, 3), actor="a")
    with pytest.raises(ConflictError):
        book.act(case.id, "reject", on=D(2020, 3, 4), actor="b", expected_version=case.version)
    assert book.get(case.id).state == "accepted"


def test_a_failed_batch_leaves_no_case_no_number_and_no_row(book):
    kept = make(book)
    with pytest.raises(InvalidAction), book.batch():
        book.table_put("rosters", "r1", {"name": "x"})
        other = make(book, D(2020, 4, 1))
        book.act(other.id, "accept", on=D(2020, 4, 2), actor="a")
        book.act(other.id, "accept", on=D(2020, 4, 3), actor="a")
    assert book.ids() == [kept.id]
    assert book.table("rosters") == {}
    again = make(book, D(2020, 4, 1))
    assert again.id == "PT2020-0002"
    assert book.act(again.id, "accept", on=D(2020, 4, 2), actor="a").number == "测字〔2020〕1号"


def test_two_openers_see_each_others_writes_and_a_stale_writer_conflicts(location):
    one = casework.open_book(location)
    two = casework.open_book(location)
    try:
        case = make(one)
        seen = two.get(case.id)
        one.act(case.id, "accept", on=D(2020, 3, 3), actor="a")
        with pytest.raises(ConflictError):
            two.act(case.id, "reject", on=D(2020, 3, 4), actor="b", expected_version=seen.version)
        assert two.get(case.id).state == "accepted"
        assert [c.id for c in two.find(open=True)] == [case.id]
        one.table_put("committees", "c1", {"name": "城关村人民调解委员会"})
        assert two.table_get("committees", "c1") == {"name": "城关村人民调解委员会"}
    finally:
        one.close()
        two.close()


def _create_and_number(location, tests_dir, count, queue):
    sys.path.insert(0, tests_dir)
    from toykind import PetitionPlugin

    casework.register_plugin(PetitionPlugin(), name="undo-petition")
    made = []
    with casework.open_book(location) as book:
        for _ in range(count):
            case = book.create(
                "petition",
                received_on=D(2020, 3, 2),
                actor="a",
                details={"subject": "罚款"},
                parties=[PARTY],
            )
            for attempt in range(50):
                try:
                    case = book.act(case.id, "accept", on=D(2020, 3, 3), actor="a")
                    break
                except casework.StorageError:  # the embedded book's lock timed out: retry
                    if attempt == 49:
                        raise
            made.append((case.id, case.number))
    queue.put(made)


def test_concurrent_writers_never_share_an_id_or_a_case_number(location):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    tests_dir = os.path.dirname(__file__)
    workers = [
        context.Process(target=_create_and_number, args=(str(location), tests_dir, 10, queue))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    results = [pair for _ in workers for pair in queue.get(timeout=120)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    ids = [i for i, _ in results]
    numbers = [n for _, n in results]
    assert len(set(ids)) == len(ids) == 40
    assert len(set(numbers)) == len(numbers) == 40
    with casework.open_book(location) as book:
        assert sorted(book.ids()) == sorted(ids)
        assert all(c.state == "accepted" for c in book.find())


def test_a_server_error_never_shows_the_password(pg_url):
    from urllib.parse import urlsplit

    parts = urlsplit(pg_url)
    user = parts.username or "casework"
    wrong = pg_url.replace(
        f"{parts.netloc}", f"{user}:s3cret-pw@{parts.hostname}:{parts.port or 5432}"
    )
    with pytest.raises(casework.StorageError) as caught:
        casework.open_book(wrong)
    text = f"{caught.value.message} {caught.value.hint or ''} {caught.value!s}"
    assert "s3cret-pw" not in text and "***" in text


def test_a_server_book_needs_init_when_not_created(pg_url):
    with pytest.raises(casework.StorageError, match="init"):
        casework.open_book(pg_url, create=False)
    casework.open_book(pg_url).close()
    casework.open_book(pg_url, create=False).close()


def test_a_bad_schema_name_is_refused_by_name(pg_url):
    with pytest.raises(casework.StorageError, match="schema"):
        casework.open_book(pg_url.replace("schema=", "schema=Bad-Name"))


def test_the_cli_opens_a_server_book_from_casework_book(pg_url, petition, monkeypatch):
    from urllib.parse import urlsplit

    from click.testing import CliRunner

    from casework.cli.app import cli as main

    monkeypatch.setenv("CASEWORK_BOOK", pg_url)
    runner = CliRunner()
    created = runner.invoke(main, ["--lang", "en", "init"])
    password = urlsplit(pg_url).password
    assert created.exit_code == 0 and "created the book" in created.output
    assert not password or f":{password}@" not in created.output
    again = runner.invoke(main, ["--json", "init"])
    assert again.exit_code == 0 and '"created": false' in again.output


def test_bulk_put_copies_cases_that_read_back_equal_and_counters_go_on(pg_url, petition):
    from casework.serialize import case_to_record

    with casework.open_book(":memory:") as source:
        made = [make(source, D(2020, 12, 28)) for _ in range(3)]
        made[0] = source.act(made[0].id, "accept", on=D(2021, 1, 4), actor="a")
        records = [case_to_record(c) for c in made]
    with casework.open_book(pg_url) as book:
        with book.store.transaction() as tx:
            assert tx.bulk_put(iter(records), chunk=2) == 3
        assert [book.stored(c.id) for c in made] == made
        assert [c.id for c in book.open_at("petition", D(2021, 6, 30))] == [c.id for c in made]
        assert make(book).id == "PT2020-0004"
        later = make(book, D(2021, 1, 4))
        accepted = book.act(later.id, "accept", on=D(2021, 1, 5), actor="a")
        assert accepted.number == "测字〔2021〕2号"  # the copied case took 测字〔2021〕1号


def test_a_closed_case_whose_period_still_counts_is_on_the_board(book):
    # legal aid: closing without the file starts the 提交立卷材料期限, on a closed case
    case = book.create(
        "legal_aid",
        received_on=D(2024, 10, 9),
        actor="李主任",
        action="apply",
        parties=[{"role": "applicant", "name": "赵某"}],
        details={"category": "civil", "matter": "追索劳动报酬"},
    )
    book.act(
        case.id,
        "approve",
        on=D(2024, 10, 10),
        actor="李主任",
        data={"decision_number": "汾法援决〔2024〕1号", "means_test": "verified"},
    )
    book.act(
        case.id,
        "appoint",
        on=D(2024, 10, 11),
        actor="李主任",
        data={"assignee": "王律师", "firm": "山西甲律师事务所", "letter_number": "指〔2024〕1号"},
    )
    closed = book.act(case.id, "close", on=D(2024, 11, 1), actor="李主任",
                      data={"outcome": "judgment", "documents": []})  # fmt: skip
    filing = closed.clock("filing")
    assert closed.closed_on is not None and filing is not None and filing.due_on is not None
    board = book.due(on=filing.due_on, kind="legal_aid")
    assert [(c.id, c.state, k.name) for c, k in board] == [(case.id, "closed", "filing")]
    book.act(case.id, "submit_file", on=filing.due_on, actor="李主任",
             data={"documents": ["结案报告"]})  # fmt: skip
    assert [k.name for _, k in book.due(on=filing.due_on, within_days=60)] == ["file_review"]


def test_check_finds_nothing_wrong_in_a_sound_book_and_repair_keeps_it(book):
    a = make(book)
    book.act(a.id, "accept", on=D(2020, 3, 3), actor="a")
    make(book, D(2021, 1, 5))
    found = book.check()
    assert (found.problems, found.cases) == ((), 2)
    repaired = book.check(repair=True)
    assert repaired.problems == () and all(isinstance(r, str) for r in repaired.repaired)
    assert (
        book.act(make(book).id, "accept", on=D(2020, 3, 3), actor="a").number == "测字〔2020〕2号"
    )


def test_the_tally_counts_states_and_intake_as_the_records_do(book):
    """The kept tally follows every write, and a failed batch leaves it as it was."""
    a = make(book, D(2020, 3, 2))
    make(book, D(2020, 3, 20))
    c = make(book, D(2021, 1, 5))
    book.act(a.id, "accept", on=D(2020, 3, 3), actor="a")
    book.act(c.id, "reject", on=D(2021, 1, 6), actor="a")
    with pytest.raises(InvalidAction), book.batch():
        make(book, D(2020, 5, 1))
        book.act(a.id, "reject", on=D(2020, 5, 2), actor="a")
    with book.store.transaction() as tx:
        tally = tx.tally()
        records = list(tx.records())
    states: dict[str, dict[str, int]] = {}
    for r in records:
        states.setdefault(r["kind"], {}).setdefault(r["state"], 0)
        states[r["kind"]][r["state"]] += 1
    assert tally["states"] == states == {"petition": {"accepted": 1, "received": 1, "rejected": 1}}
    march = [0, 0, 2] + [0] * 9
    assert tally["intake"] == {"petition/2020": march, "petition/2021": [1] + [0] * 11}


def test_report_facts_are_the_pool_of_a_years_report_with_the_facts_written(book):
    """Received in the year; earlier and still open; earlier with events in the year or later."""
    early_open = make(book, D(2019, 5, 6))
    early_closed = make(book, D(2019, 6, 3))
    book.act(early_closed.id, "reject", on=D(2019, 6, 4), actor="a")
    early_late = make(book, D(2019, 12, 20))
    book.act(early_late.id, "accept", on=D(2019, 12, 23), actor="a")
    book.act(early_late.id, "decide", on=D(2021, 1, 10), actor="a", data={"outcome": "upheld"})
    this_year = make(book, D(2020, 3, 2))
    make(book, D(2021, 2, 1))
    with book.store.transaction() as tx:
        found = tx.report_facts("petition", 2020)
        stored = {i: tx.get(i)["facts"] for i in found}
    assert sorted(found) == sorted([early_open.id, early_late.id, this_year.id])
    assert found == stored
    assert all(f["v"] == book.facts_stamp("petition") for f in found.values())


def test_a_server_book_of_schema_1_upgrades_to_facts_kept_in_their_own_column(pg_url, petition):
    import psycopg

    from casework.stores.postgres import split_url

    with casework.open_book(pg_url) as book:
        case = make(book, D(2020, 3, 2))
        expected = book.report(2020).to_dict()
    server, schema = split_url(pg_url)
    with psycopg.connect(server) as conn:  # the layout casework wrote before facts
        conn.execute(f"SET search_path TO {schema}")
        conn.execute("ALTER TABLE cases DROP COLUMN facts")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with pytest.raises(casework.StorageError, match="init --upgrade"):
        casework.open_book(pg_url)
    from casework.stores.postgres import PostgresStore

    PostgresStore(pg_url, upgrade=True).close()
    with casework.open_book(pg_url) as book:
        with book.store.transaction() as tx:
            assert list(tx.report_facts("petition", 2020)) == [case.id]
        assert book.report(2020).to_dict() == expected
