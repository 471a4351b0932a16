"""``Book.dump`` and ``Book.restore``: a whole book out to one JSON Lines file and back, exactly."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from pathlib import Path

import attrs
import orjson
import pytest
from rich.console import Console
from transfer_helpers import D, dump_bytes, file_petition, without_time

import casework
from casework.dump import DUMP_VERSION, FORMAT, RestoreConflict
from casework.render import report_bytes, report_cases, report_renderable
from casework.render.common import FORMATS


def lines_of(data: bytes) -> list[dict]:
    return [orjson.loads(line) for line in data.splitlines()]


def counters(book: casework.Book) -> dict:
    with book._tx() as tx:
        return tx.counters()


def terminal(report: casework.Report) -> str:
    console = Console(
        file=io.StringIO(), width=100, record=True, color_system=None, force_terminal=False
    )
    console.print(report_renderable(report))
    return console.export_text()


def every_report(book: casework.Book, year: int) -> dict[str, bytes]:
    report = book.report(year)
    out = {fmt: report_bytes(report, fmt, "zh", report_cases(book, year)) for fmt in FORMATS}
    out["terminal"] = terminal(report).encode("utf-8")
    out["en.md"] = report_bytes(report, "md", "en")
    return out


@pytest.fixture
def restored(sample_dump: Path, tmp_path: Path) -> Iterator[casework.Book]:
    with casework.open_book(tmp_path / "restored") as book, open(sample_dump, "rb") as fp:
        result = book.restore(fp)
        assert result.skipped == ()
        yield book


def test_the_sample_book_restores_into_an_empty_folder_exactly(sample_book, restored):
    with casework.open_book(sample_book) as original:
        before = original.find()
        assert len(before) > 1000
        assert restored.find() == before  # same ids, 案号, states, events, clocks, versions
        assert sorted(restored.ids()) == sorted(original.ids())
        assert counters(restored) == counters(original)  # id sequences and 案号 counters
        assert restored.table("mediation_committees") == original.table("mediation_committees")
        for year in (2020, 2021):  # the sample's year, and the next with its carried cases
            assert every_report(restored, year) == every_report(original, year), year
    checked = restored.check()  # every file read, every history replayed, no 案号 twice
    assert checked.problems == ()
    assert checked.cases == len(before)


def test_a_second_restore_changes_nothing(sample_dump, restored, tmp_path):
    before = without_time(dump_bytes(restored))
    shards = {p: p.stat().st_mtime_ns for p in (tmp_path / "restored" / "cases").rglob("*.json")}
    with open(sample_dump, "rb") as fp:
        again = restored.restore(fp)
    assert again.created == () and again.tables == () and again.renumbered == {}
    assert len(again.skipped) == len(restored.ids())
    assert without_time(dump_bytes(restored)) == before
    assert {p: p.stat().st_mtime_ns for p in shards} == shards  # not even rewritten


def test_the_dump_is_a_header_then_cases_then_side_tables_then_an_end(sample_dump, sample_book):
    lines = lines_of(sample_dump.read_bytes())
    header, end = lines[0], lines[-1]
    assert (header["type"], header["format"], header["version"]) == ("header", FORMAT, 1)
    assert header["book"]["id"]
    assert header["casework"] == casework.__version__
    assert header["kinds"]["reconsideration"] == {
        "version": 1,
        "code": "RC",
        "plugin": casework.plugins.owner_of("reconsideration"),
    }
    assert set(header["plugins"]) >= {k["plugin"] for k in header["kinds"].values()}
    assert header["counters"]["numbers"]["reconsideration/2020"] >= 11
    types = [line["type"] for line in lines]
    cases, tables = types.count("case"), types.count("table")
    # the one file the sample keeps: config.json, its locality (汾阳市)
    assert types == ["header", *["case"] * cases, *["table"] * tables, "file", "end"]
    assert [line["path"] for line in lines if line["type"] == "file"] == ["config.json"]
    assert "mediation_committees" in {line["name"] for line in lines if line["type"] == "table"}
    assert end == {"type": "end", "cases": cases, "tables": tables, "files": 1}
    with casework.open_book(sample_book) as book:
        first = book.get(lines[1]["record"]["id"])
    assert lines[1]["record"]["events"][0]["at"] == first.events[0].at.isoformat()
    assert len(lines[1]["record"]["events"]) == first.version


def test_a_restored_book_takes_the_dumped_book_id(small_book, tmp_path):
    data = dump_bytes(small_book)
    with casework.open_book(tmp_path / "copy") as copy:
        copy.restore(io.BytesIO(data))
        assert casework.dump.book_id(copy) == casework.dump.book_id(small_book)


def test_dump_and_restore_go_through_text_files_and_gzip(small_book, tmp_path):
    text = io.StringIO()
    small_book.dump(text)
    packed = tmp_path / "b.jsonl.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as fp:
        fp.write(text.getvalue())
    with casework.open_book(":memory:") as copy, gzip.open(packed, "rb") as fp:
        copy.restore(fp)
        assert copy.find() == small_book.find()
        assert copy.table("petition_desks") == small_book.table("petition_desks")


def test_a_case_with_a_different_history_is_a_conflict_and_nothing_is_restored(
    small_book, tmp_path
):
    data = dump_bytes(small_book)
    with casework.open_book(tmp_path / "other") as other:
        file_petition(other, D(2020, 1, 6), name="周某")  # PT2020-0001, another history
        before = without_time(dump_bytes(other))
        with pytest.raises(RestoreConflict) as caught:
            other.restore(io.BytesIO(data))
        assert caught.value.conflicts == ["PT2020-0001"]
        assert "PT2020-0001" in caught.value.message
        assert "--merge" in str(caught.value)
        assert without_time(dump_bytes(other)) == before  # not one case, row or counter
        assert other.table("petition_desks") == {}


def test_merge_keeps_free_ids_renumbers_the_rest_and_is_idempotent(small_book, tmp_path):
    data = dump_bytes(small_book)
    with casework.open_book(tmp_path / "county") as county:
        own = file_petition(county, D(2020, 1, 6), name="周某")
        result = county.restore(io.BytesIO(data), merge=True)
        assert result.renumbered == {"PT2020-0001": "PT2020-0004"}
        assert sorted(result.created) == ["PT2020-0002", "PT2020-0003", "PT2020-0004"]
        assert county.get(own).parties[0].name == "周某"
        moved = county.get("PT2020-0004")
        source = small_book.get("PT2020-0001")
        assert moved == attrs.evolve(
            source,
            id="PT2020-0004",
            events=(
                attrs.evolve(source.events[0], init={**source.events[0].init, "id": "PT2020-0004"}),
                *source.events[1:],
            ),
        )
        assert county.get("PT2020-0002") == small_book.get("PT2020-0002")
        again = county.restore(io.BytesIO(data), merge=True)
        assert again.created == () and again.renumbered == {}
        assert sorted(again.skipped) == ["PT2020-0002", "PT2020-0003", "PT2020-0004"]
        assert len(county.ids()) == 4


def test_merge_keeps_this_books_differing_side_table_rows_and_lists_them(small_book, tmp_path):
    data = dump_bytes(small_book)
    with casework.open_book(tmp_path / "county") as county:
        county.table_put("petition_desks", "east", {"name": "县东窗口", "staff": []})
        with pytest.raises(RestoreConflict) as caught:
            county.restore(io.BytesIO(data))
        assert caught.value.conflicts == ["table petition_desks/east"]
        result = county.restore(io.BytesIO(data), merge=True)
        assert result.kept == ("table petition_desks/east",)
        assert county.table_get("petition_desks", "east")["name"] == "县东窗口"


@pytest.mark.parametrize(
    ("cut", "said"),
    [
        (lambda lines: lines[:-1], "no end line"),
        (lambda lines: lines[:2] + lines[3:], "the end line counts"),
        (lambda lines: [lines[0], b'{"type": "case", "record": {', *lines[1:]], "line 2: not JSON"),
        (lambda lines: lines[1:], "line 1: the first line must be the dump header"),
        (lambda lines: [], "the file is empty"),
    ],
)
def test_a_damaged_dump_is_refused_whole_with_the_line(small_book, cut, said):
    casework.set_language("en")
    lines = dump_bytes(small_book).splitlines()
    with casework.open_book(":memory:") as empty:
        with pytest.raises(casework.ValidationError) as caught:
            empty.restore(io.BytesIO(b"\n".join(cut(lines))))
        assert any(said in p for p in caught.value.problems), caught.value.problems
        assert empty.ids() == []


def test_one_bad_record_refuses_the_whole_restore(small_book):
    lines = lines_of(dump_bytes(small_book))
    lines[2]["record"]["details"]["colour"] = "red"  # a field the kind does not have
    data = b"\n".join(orjson.dumps(line) for line in lines)
    with casework.open_book(":memory:") as empty:
        with pytest.raises(casework.ValidationError) as caught:
            empty.restore(io.BytesIO(data))
        assert caught.value.problems[0].startswith("PT2020-0002: ")
        assert "colour" in caught.value.problems[0]
        assert empty.ids() == []
        assert empty.table("petition_desks") == {}


def test_a_dump_from_a_newer_casework_is_refused_with_what_to_do(small_book):
    lines = lines_of(dump_bytes(small_book))
    lines[0]["version"] = DUMP_VERSION + 1
    casework.set_language("en")
    with casework.open_book(":memory:") as empty, pytest.raises(casework.ValidationError) as caught:
        empty.restore(io.BytesIO(b"\n".join(orjson.dumps(line) for line in lines)))
    assert "upgrade casework" in caught.value.problems[0]


def test_a_file_outside_the_book_is_refused(small_book, tmp_path):
    lines = lines_of(dump_bytes(small_book))
    lines.insert(-1, {"type": "file", "path": "../escape.txt", "text": "x"})
    lines[-1]["files"] = 1
    with casework.open_book(tmp_path / "copy") as copy:
        with pytest.raises(casework.ValidationError) as caught:
            copy.restore(io.BytesIO(b"\n".join(orjson.dumps(line) for line in lines)))
        assert "../escape.txt" in caught.value.problems[0]
    assert not (tmp_path / "escape.txt").exists()


def test_the_books_files_travel_settings_calendars_and_local_rules(small_book, tmp_path):
    root = small_book.root
    assert root is not None
    (root / "config.json").write_text('{"numbering": {"petition": "新测〔{year}〕{seq}号"}}')
    (root / "calendar").mkdir()
    (root / "calendar" / "2031.json").write_text('{"year": 2031, "holidays": [], "workdays": []}')
    (root / "mediation").mkdir()
    (root / "mediation" / "subsidy.toml").write_bytes("# 本县标准\n".encode())
    small_book._reload_settings()
    data = dump_bytes(small_book)
    with casework.open_book(tmp_path / "copy") as copy:
        result = copy.restore(io.BytesIO(data))
        assert sorted(result.files) == [
            "calendar/2031.json",
            "config.json",
            "mediation/subsidy.toml",
        ]
        for rel in result.files:
            assert (tmp_path / "copy" / rel).read_bytes() == (root / rel).read_bytes()
        assert copy.number_format("petition") == "新测〔{year}〕{seq}号"  # read at once


def test_a_kind_whose_plugin_is_missing_restores_only_where_it_is_installed(small_book, tmp_path):
    data = dump_bytes(small_book)
    casework.unregister_plugin("undo-petition")
    try:
        with casework.open_book(tmp_path / "elsewhere") as elsewhere:
            with pytest.raises(casework.UnknownKind) as caught:
                elsewhere.restore(io.BytesIO(data))
            assert "petition: 3 件案件属于插件 undo-petition" in caught.value.message
            assert "未恢复任何内容" in caught.value.message
            assert elsewhere.ids() == []
    finally:
        from toykind import PetitionPlugin

        casework.register_plugin(PetitionPlugin(), name="undo-petition")
    with casework.open_book(tmp_path / "elsewhere") as elsewhere:
        elsewhere.restore(io.BytesIO(data))
        assert elsewhere.find() == small_book.find()


def test_a_dump_of_an_older_case_type_restores_through_its_migrations(small_book, tmp_path):
    from toykind import PETITION

    data = dump_bytes(small_book)

    def add_desk(record: dict) -> dict:
        details = dict(record["details"])
        details["subject"] = "v2:" + details["subject"]
        return {**record, "details": details}

    newer = attrs.evolve(PETITION, version=2, migrations={1: add_desk})

    class NewerPlugin:
        __name__ = "petition-v2"

        @casework.hookimpl
        def register_case_types(self, register):
            register(newer)

    casework.unregister_plugin("undo-petition")
    casework.register_plugin(NewerPlugin(), name="undo-petition")
    try:
        with casework.open_book(tmp_path / "upgraded") as upgraded:
            upgraded.restore(io.BytesIO(data))
            case = upgraded.get("PT2020-0001")
            assert case.details.subject == "v2:罚款"
            assert case.type_version == 2
            assert case.events == small_book.get("PT2020-0001").events
            assert orjson.loads(dump_bytes(upgraded).splitlines()[1])["record"]["type_version"] == 2
    finally:
        casework.unregister_plugin("undo-petition")
        from toykind import PetitionPlugin

        casework.register_plugin(PetitionPlugin(), name="undo-petition")


def test_a_merge_names_each_case_number_both_books_have_issued(small_book, tmp_path):
    data = dump_bytes(small_book)
    with casework.open_book(tmp_path / "county") as county:
        own = file_petition(county, D(2020, 1, 6), name="周某")
        county.act(own, "accept", on=D(2020, 1, 7), actor="李科员")  # 测字〔2020〕1号 here too
        result = county.restore(io.BytesIO(data), merge=True)
        assert result.renumbered == {"PT2020-0001": "PT2020-0004"}
        assert county.get("PT2020-0004").number == county.get(own).number == "测字〔2020〕1号"
        assert result.notes == (
            "案号 测字〔2020〕1号 在两本案件簿中都有:本簿的 PT2020-0001 与并入的 PT2020-0004"
            "(各保留原案号)",
        )
        with county._tx() as tx:  # the next 案号 follows both books' numbers
            assert tx.counters()["numbers"]["petition/2020"] == 2


def test_a_book_without_cases_takes_the_dumps_settings_and_a_book_with_cases_conflicts(
    small_book, tmp_path
):
    assert small_book.root is not None
    (small_book.root / "config.json").write_text('{"numbering": {"petition": "甲{seq}"}}')
    data = dump_bytes(small_book)
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    with casework.open_book(fresh) as book:
        (fresh / "config.json").write_text('{"numbering": {}}')  # as a new book's init writes
        assert book.restore(io.BytesIO(data)).files == ("config.json",)
        assert book.number_format("petition") == "甲{seq}"
    with casework.open_book(tmp_path / "busy") as busy:
        (tmp_path / "busy" / "config.json").write_text('{"numbering": {}}')
        file_petition(busy, D(2021, 1, 4))
        with pytest.raises(RestoreConflict) as caught:
            busy.restore(io.BytesIO(data))
        assert caught.value.conflicts == ["file config.json"]
        assert (tmp_path / "busy" / "config.json").read_text() == '{"numbering": {}}'


def test_a_commit_that_fails_takes_back_the_files_restore_wrote(small_book, tmp_path, monkeypatch):
    assert small_book.root is not None
    (small_book.root / "calendar").mkdir()
    (small_book.root / "calendar" / "2031.json").write_text('{"year": 2031}')
    data = dump_bytes(small_book)
    with casework.open_book(tmp_path / "target") as target:

        def full_disk() -> None:
            raise casework.StorageError("disk full")

        monkeypatch.setattr(target.store, "_commit", full_disk)
        with pytest.raises(casework.StorageError):
            target.restore(io.BytesIO(data))
        monkeypatch.undo()
        assert not (tmp_path / "target" / "calendar" / "2031.json").exists()
        assert target.ids() == []


def test_a_file_is_never_restored_through_a_link_out_of_the_book(small_book, tmp_path):
    assert small_book.root is not None
    (small_book.root / "calendar").mkdir()
    (small_book.root / "calendar" / "2031.json").write_text('{"year": 2031}')
    data = dump_bytes(small_book)
    outside = tmp_path / "outside"
    outside.mkdir()
    target = tmp_path / "target"
    casework.open_book(target).close()
    (target / "calendar").symlink_to(outside)
    # a book holding a link is refused as it opens, before a restore can write through it
    with pytest.raises(casework.StorageError, match="calendar.*符号链接"):
        casework.open_book(target)
    assert data and list(outside.iterdir()) == []
