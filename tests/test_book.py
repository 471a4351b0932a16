import datetime as dt
import json
import os

import pytest

import casework
from casework import ConflictError, InvalidAction, NotFound, UnknownKind, ValidationError

D = dt.date
PARTY = {
    "role": "applicant",
    "name": "张三",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
}


def make(book, received=D(2020, 3, 2), subject="罚款"):
    return book.create(
        "petition",
        received_on=received,
        actor="王科员",
        details={"subject": subject},
        parties=[PARTY],
    )


def test_create_get_act_roundtrip(book):
    case = make(book)
    assert case.id == "PT2020-0001"
    assert book.stored(case.id) == book.get(case.id, on=D(2020, 3, 2)) == case
    accepted = book.act(case.id, "accept", on=D(2020, 3, 3), actor="王科员")
    assert accepted.number == "测字〔2020〕1号"
    assert accepted.version == 2
    assert book.get(case.id) == accepted
    assert [e.action for e in book.history(case.id)] == ["receive", "accept"]


def test_ids_and_numbers_count_per_year(book):
    a = make(book, D(2020, 3, 2))
    b = make(book, D(2020, 4, 2))
    c = make(book, D(2021, 1, 5))
    assert (a.id, b.id, c.id) == ("PT2020-0001", "PT2020-0002", "PT2021-0001")
    assert book.act(a.id, "accept", on=D(2020, 3, 5), actor="a").number == "测字〔2020〕1号"
    assert book.act(b.id, "accept", on=D(2020, 4, 3), actor="a").number == "测字〔2020〕2号"


def test_find_filters(book):
    a = make(book, D(2020, 3, 2))
    make(book, D(2021, 3, 2))
    book.act(a.id, "accept", on=D(2020, 3, 3), actor="a")
    book.act(a.id, "decide", on=D(2020, 3, 4), actor="a", data={"outcome": "upheld"})
    assert [c.id for c in book.find(year=2020)] == [a.id]
    assert [c.id for c in book.find(open=False)] == [a.id]
    assert [c.id for c in book.find(open=True)] == ["PT2021-0001"]
    assert [c.id for c in book.find(kind="petition", state="decided")] == [a.id]
    assert len(book.find()) == 2
    with pytest.raises(UnknownKind, match="petition"):
        book.find(kind="petiton")


def test_due_most_urgent_first_and_within(book):
    a = make(book, D(2020, 3, 2))  # review due 03-09
    b = make(book, D(2020, 3, 4))  # review due 03-11
    rows = book.due(on=D(2020, 3, 9))
    assert [(c.id, k.name) for c, k in rows] == [(a.id, "review")]
    rows = book.due(on=D(2020, 3, 9), within_days=2)
    assert [c.id for c, _ in rows] == [a.id, b.id]
    book.act(a.id, "accept", on=D(2020, 3, 5), actor="a")
    assert [c.id for c, _ in book.due(on=D(2020, 3, 9), within_days=2)] == [b.id]


def test_act_records_lapsed_effect_first(book):
    case = make(book, D(2020, 3, 2))
    with pytest.raises(InvalidAction):
        book.act(case.id, "accept", on=D(2020, 3, 12), actor="a")
    # the refused action stored nothing, not even the lapse
    assert book.stored(case.id).state == "received"
    done = book.act(case.id, "decide", on=D(2020, 3, 12), actor="a", data={"outcome": "upheld"})
    assert [e.action for e in done.events] == ["receive", "deem_accept", "decide"]


def test_lapse_sweeps_open_cases(book):
    make(book, D(2020, 3, 2))
    events = book.lapse(on=D(2020, 4, 1))
    assert [e.action for e in events] == ["deem_accept"]
    assert book.find(state="accepted")


def test_errors(book):
    case = make(book)
    with pytest.raises(NotFound) as err:
        book.get("PT2020-0002")
    assert case.id in err.value.suggestions
    with pytest.raises(NotFound):
        book.get("garbage")
    with pytest.raises(UnknownKind):
        book.create("nothing", received_on=D(2020, 1, 1), actor="a")
    with pytest.raises(ValidationError, match="received_on"):
        book.create("petition", received_on="yesterday", actor="a", details={"subject": "x"})
    with pytest.raises(ConflictError):
        book.act(case.id, "accept", on=D(2020, 3, 3), actor="a", expected_version=5)
    assert book.stored(case.id) == case


def test_bad_create_stores_nothing(book):
    with pytest.raises(ValidationError):
        book.create(
            "petition",
            received_on=D(2020, 1, 1),
            actor="a",
            details={"subject": "x", "amount": "lots"},
        )
    assert book.find() == []
    assert make(book).id == "PT2020-0001"


def test_batch_is_all_or_nothing(book):
    case = make(book)
    with pytest.raises(InvalidAction), book.batch():
        book.act(case.id, "accept", on=D(2020, 3, 3), actor="a")
        make(book, D(2020, 5, 1))
        book.act(case.id, "reject", on=D(2020, 3, 4), actor="a")
    assert book.stored(case.id).state == "received"
    assert [c.id for c in book.find()] == [case.id]
    with book.batch():
        book.act(case.id, "accept", on=D(2020, 3, 3), actor="a")
        other = make(book, D(2020, 5, 1))
    assert book.get(case.id).state == "accepted" and book.get(other.id)


def test_listeners_and_veto(book):
    seen = []

    class Listener:
        @casework.hookimpl
        def after_action(self, case, event):
            seen.append((case.id, event.action))

        @casework.hookimpl
        def before_action(self, action, actor):
            return "只有科长可以决定" if action == "decide" and actor != "科长" else None

    name = casework.register_plugin(Listener(), name="undo-listener")
    try:
        case = make(book)
        book.act(case.id, "accept", on=D(2020, 3, 3), actor="a")
        with pytest.raises(InvalidAction, match="只有科长"):
            book.act(case.id, "decide", on=D(2020, 3, 4), actor="a", data={"outcome": "upheld"})
        book.act(case.id, "decide", on=D(2020, 3, 4), actor="科长", data={"outcome": "upheld"})
    finally:
        casework.unregister_plugin(name)
    assert seen == [(case.id, "receive"), (case.id, "accept"), (case.id, "decide")]


def test_misspelt_hook_fails_loudly():
    class Bad:
        @casework.hookimpl
        def register_case_type(self, register):
            pass

    with pytest.raises(casework.PluginError, match="register_case_types"):
        casework.register_plugin(Bad(), name="undo-bad")


def test_files_are_readable_utf8_json(tmp_path, petition):
    with casework.open_book(tmp_path / "b") as book:
        case = make(book)
    shard = tmp_path / "b" / "cases" / "petition" / "2020" / "000.json"
    text = shard.read_text(encoding="utf-8")
    assert "张三" in text and "\\u" not in text
    data = json.loads(text)
    assert data["_meta"]["1"]["schema_version"] == casework.store.SCHEMA_VERSION
    assert data["cases"]["1"]["id"] == case.id
    book_json = json.loads((tmp_path / "b" / "book.json").read_text())
    assert book_json["schema_version"] == casework.store.SCHEMA_VERSION
    assert not (tmp_path / "b" / "journal.json").exists()
    assert not [p for p in os.listdir(shard.parent) if p.endswith(".tmp")]


def test_second_book_object_sees_writes_and_stale_writer_conflicts(tmp_path, petition):
    one = casework.open_book(tmp_path / "b")
    two = casework.open_book(tmp_path / "b")
    case = make(one)
    seen = two.get(case.id)
    one.act(case.id, "accept", on=D(2020, 3, 3), actor="a")
    with pytest.raises(ConflictError):
        two.act(case.id, "reject", on=D(2020, 3, 4), actor="b", expected_version=seen.version)
    assert two.get(case.id).state == "accepted"


def test_journal_left_by_a_crash_is_replayed(tmp_path, petition, monkeypatch):
    from casework import store

    class Crash(BaseException):
        """The process dies here."""

    with casework.open_book(tmp_path / "b") as book:
        case = make(book)

    def die(self):
        raise Crash

    # a crash after the journal was written but before the shard was replaced
    with casework.open_book(tmp_path / "b") as book:
        monkeypatch.setattr(store.TinyDBStore, "_write_out", die)
        with pytest.raises(Crash):
            book.act(case.id, "accept", on=D(2020, 3, 3), actor="a")
        monkeypatch.undo()
    assert (tmp_path / "b" / "journal.json").exists()
    with casework.open_book(tmp_path / "b") as book:
        accepted = book.get(case.id)
        assert (accepted.state, accepted.version, accepted.number) == (
            "accepted",
            2,
            "测字〔2020〕1号",
        )
    assert not (tmp_path / "b" / "journal.json").exists()


def test_torn_journal_is_discarded(tmp_path, petition):
    with casework.open_book(tmp_path / "b") as book:
        case = make(book)
    (tmp_path / "b" / "journal.json").write_text('{"records": [{"id": "PT20')
    with casework.open_book(tmp_path / "b") as book:
        assert book.stored(case.id) == case


def test_damaged_shard_is_a_clear_storage_error(tmp_path, petition):
    with casework.open_book(tmp_path / "b") as book:
        case = make(book)
    shard = tmp_path / "b" / "cases" / "petition" / "2020" / "000.json"
    shard.write_text(shard.read_text()[:50])
    with (
        casework.open_book(tmp_path / "b") as book,
        pytest.raises(casework.StorageError, match="000.json"),
    ):
        book.get(case.id)


def test_not_a_book(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("hi")
    with pytest.raises(casework.StorageError):
        casework.open_book(tmp_path / "x")
    with pytest.raises(casework.StorageError):
        casework.open_book(tmp_path / "x" / "notes.txt")


def test_schema_migration_path(tmp_path, petition, monkeypatch):
    from casework import store

    with casework.open_book(tmp_path / "b") as book:
        make(book)
    meta = tmp_path / "b" / "book.json"
    meta.write_text(json.dumps({"schema_version": 0, "format": "casework-book"}))
    ran = []
    monkeypatch.setitem(store.MIGRATIONS, 0, lambda root: ran.append(root))
    with casework.open_book(tmp_path / "b") as book:
        assert book.get("PT2020-0001")
    assert ran == [tmp_path / "b"]
    assert json.loads(meta.read_text())["schema_version"] == store.SCHEMA_VERSION
    meta.write_text(json.dumps({"schema_version": 99}))
    with pytest.raises(casework.StorageError, match="99"):
        casework.open_book(tmp_path / "b")


def test_shards_split_by_year_and_bucket(tmp_path, petition, monkeypatch):
    from casework import store

    monkeypatch.setattr(store, "BUCKET", 2)
    with casework.open_book(tmp_path / "b") as book, book.batch():
        for day in range(1, 6):
            make(book, D(2020, 3, day))
        make(book, D(2021, 3, 1))
    files = sorted(
        p.relative_to(tmp_path / "b").as_posix() for p in (tmp_path / "b" / "cases").rglob("*.json")
    )
    assert files == [
        "cases/petition/2020/000.facts.json",  # the report facts of the shard's cases
        "cases/petition/2020/000.json",
        "cases/petition/2020/001.facts.json",
        "cases/petition/2020/001.json",
        "cases/petition/2020/002.facts.json",
        "cases/petition/2020/002.json",
        "cases/petition/2020/index.json",  # the index part of the kind and year
        "cases/petition/2021/000.facts.json",
        "cases/petition/2021/000.json",
        "cases/petition/2021/index.json",
    ]
    with casework.open_book(tmp_path / "b") as book:
        assert len(book.find(year=2020)) == 5
        assert book.get("PT2020-0005").received_on == D(2020, 3, 5)


def test_index_rebuilds_when_missing(tmp_path, petition):
    with casework.open_book(tmp_path / "b") as book:
        case = make(book)
    (tmp_path / "b" / "index.json").unlink()
    with casework.open_book(tmp_path / "b") as book:
        assert book.stored(case.id) == case
        assert [c.id for c in book.find(open=True)] == [case.id]
        assert make(book).id == "PT2020-0002"


def test_type_migration_on_load(tmp_path, petition):
    import attrs
    from toykind import PETITION

    with casework.open_book(tmp_path / "b") as book:
        case = make(book)

    def v1_to_v2(record):
        record["details"]["subject"] = record["details"]["subject"] + "(迁移)"
        return record

    newer = attrs.evolve(PETITION, version=2, migrations={1: v1_to_v2})

    class Newer:
        @casework.hookimpl
        def register_case_types(self, register):
            register(newer)

    casework.unregister_plugin("undo-petition")
    casework.register_plugin(Newer(), name="undo-petition")
    with casework.open_book(tmp_path / "b") as book:
        loaded = book.get(case.id)
    assert loaded.details.subject == "罚款(迁移)"
    assert loaded.type_version == 2


def test_memory_book_rollback_restores_numbers(petition):
    book = casework.open_book(":memory:")
    case = make(book)
    with pytest.raises(InvalidAction), book.batch():
        book.act(case.id, "accept", on=D(2020, 3, 3), actor="a")
        book.act(case.id, "accept", on=D(2020, 3, 3), actor="a")
    assert book.act(case.id, "accept", on=D(2020, 3, 3), actor="a").number == "测字〔2020〕1号"


def test_side_tables_commit_with_cases_and_roll_back(book):
    book.table_put("committees", "c1", {"name": "城关村人民调解委员会", "type": "village"})
    assert book.table("committees") == {"c1": {"name": "城关村人民调解委员会", "type": "village"}}
    with pytest.raises(InvalidAction), book.batch():
        book.table_put("committees", "c2", {"name": "x"})
        case = make(book)
        book.act(case.id, "decide", on=D(2020, 3, 3), actor="a", data={"outcome": "upheld"})
    assert set(book.table("committees")) == {"c1"}
    book.table_put("committees", "c1", None)
    assert book.table_get("committees", "c1") is None
    with pytest.raises(ValidationError):
        book.table_put("committees", "c3", {"when": object()})
    with pytest.raises(ValidationError):
        book.table_put("Bad Name", "k", 1)


def test_side_tables_persist_readably(tmp_path, petition):
    with casework.open_book(tmp_path / "b") as book:
        book.table_put("committees", "c1", {"name": "城关村人民调解委员会"})
    text = (tmp_path / "b" / "tables" / "committees.json").read_text(encoding="utf-8")
    assert "城关村" in text
    with casework.open_book(tmp_path / "b") as book:
        assert book.table_get("committees", "c1") == {"name": "城关村人民调解委员会"}


def test_a_failing_report_section_names_its_plugin(book):
    class Broken:
        @casework.hookimpl
        def report_sections(self, context):
            raise RuntimeError("boom")

    name = casework.register_plugin(Broken(), name="undo-broken-report")
    try:
        with pytest.raises(casework.PluginError, match="undo-broken-report"):
            book.report(2020)
    finally:
        casework.unregister_plugin(name)


def test_every_stored_field_survives_the_round_trip(tmp_path, petition):
    party = {
        "role": "applicant",
        "name": "张三",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "birth_date": "1949-12-31",
        "organisation": False,
    }
    with casework.open_book(tmp_path / "b") as book:
        case = book.create(
            "petition",
            received_on=D(2020, 3, 2),
            actor="a",
            parties=[party],
            details={"subject": "x", "learned_on": "2019-01-01"},
        )
        book.act(case.id, "accept", on=D(2020, 3, 3), actor="a")
        book.act(case.id, "suspend", on=D(2020, 3, 4), actor="a", data={"ground": "g"})
        stored = book.act(case.id, "resume", on=D(2020, 3, 9), actor="a", note="材料到齐")
    with casework.open_book(tmp_path / "b") as book:
        loaded = book.get(case.id)
    assert loaded == stored
    assert loaded.parties[0].birth_date == D(1949, 12, 31)
    assert loaded.flags and loaded.clock("decision").pauses == ((D(2020, 3, 4), D(2020, 3, 9)),)


def test_the_fast_record_equals_the_converters(tmp_path, petition):
    import orjson

    from casework.serialize import CONVERTER, case_to_record

    party = {"role": "applicant", "name": "张三", "birth_date": "1949-12-31"}
    book = casework.open_book(":memory:")
    case = book.create(
        "petition",
        received_on=D(2020, 3, 2),
        actor="a",
        parties=[party],
        details={"subject": "x", "learned_on": "2019-01-01"},
    )
    book.act(case.id, "accept", on=D(2020, 3, 3), actor="a")
    book.act(case.id, "suspend", on=D(2020, 3, 4), actor="a", data={"ground": "g"})
    case = book.act(case.id, "resume", on=D(2020, 3, 9), actor="a")
    fast = orjson.loads(orjson.dumps(case_to_record(case)))
    assert fast == orjson.loads(orjson.dumps(CONVERTER.unstructure(case)))


def test_open_at_finds_cases_open_at_a_date_whatever_their_year(book):
    def decide(case_id, on):
        received = book.get(case_id).received_on
        book.act(case_id, "accept", on=received + dt.timedelta(days=1), actor="a")
        book.act(case_id, "decide", on=on, actor="a", data={"outcome": "upheld"})

    closed_2019 = make(book, D(2019, 3, 4)).id
    decide(closed_2019, D(2019, 3, 5))
    closed_2021 = make(book, D(2019, 11, 4)).id
    decide(closed_2021, D(2021, 2, 1))  # open through all of 2020, no event in 2020
    closed_2020 = make(book, D(2020, 5, 6)).id
    decide(closed_2020, D(2020, 5, 7))
    still_open = make(book, D(2020, 6, 1)).id
    make(book, D(2021, 1, 5))  # received after the date
    end_2020 = [c.id for c in book.open_at("petition", D(2020, 12, 31))]
    assert end_2020 == [closed_2021, still_open]
    assert [c.id for c in book.open_at("petition", D(2019, 3, 4))] == [closed_2019]


def test_bucket_size_is_recorded_per_book_and_older_books_keep_500(tmp_path, petition):
    with casework.open_book(tmp_path / "new") as book:
        make(book)
    assert json.loads((tmp_path / "new" / "book.json").read_text())["bucket"] == 100
    with casework.open_book(tmp_path / "old") as book:
        pass
    meta = tmp_path / "old" / "book.json"
    meta.write_text(json.dumps({"schema_version": 1, "format": "casework-book"}))
    with casework.open_book(tmp_path / "old") as book, book.batch():
        for day in range(1, 4):
            make(book, D(2020, 3, day))
    assert book.store.bucket == 500
    assert sorted(p.name for p in (tmp_path / "old" / "cases" / "petition" / "2020").iterdir()) == [
        "000.facts.json",
        "000.json",
        "index.json",
    ]


def test_a_batch_over_the_shard_cache_loses_nothing(tmp_path, petition, monkeypatch):
    """A batch touching three times the cache size keeps every case (a fresh process reads them).

    Loading a shard once evicted the first clean one: with every other shard dirty, the shard
    just loaded was dropped, the case written into it never saved, and the commit still reported
    success.
    """
    import subprocess
    import sys

    from casework import store

    monkeypatch.setattr(store, "BUCKET", 2)
    monkeypatch.setattr(store.TinyDBStore, "CACHE_SHARDS", 4)
    with casework.open_book(tmp_path / "b") as book:
        made = [make(book).id for _ in range(3 * 4 * 2)]  # 12 shards of 2 cases, on disk
    with casework.open_book(tmp_path / "b") as book, book.batch():
        for case_id in made:  # one transaction that loads and changes every shard in turn
            book.act(case_id, "accept", on=D(2020, 3, 3), actor="王科员")
        made.append(make(book).id)
    script = (
        "import sys; sys.path.insert(0, sys.argv[2])\n"
        "import casework\n"
        "from toykind import PetitionPlugin\n"
        "casework.register_plugin(PetitionPlugin(), name='undo-petition')\n"
        "with casework.open_book(sys.argv[1], create=False) as book:\n"
        "    cases = [book.stored(i) for i in book.ids('petition')]\n"
        "    print(' '.join(sorted(c.id + c.state for c in cases)))\n"
    )
    tests = os.path.dirname(__file__)
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "b"), tests],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out == sorted([i + "accepted" for i in made[:-1]] + [made[-1] + "received"])
