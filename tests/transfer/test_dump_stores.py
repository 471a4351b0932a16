"""A dump restores into every store the same way: TinyDB in memory and on disk, and PostgreSQL
(run when ``CASEWORK_TEST_PG`` names a server; skipped with the reason otherwise)."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import orjson
import pytest
from pgserver import book_path
from transfer_helpers import D, cli, dump_bytes, file_petition

import casework

STORES = ["memory", "disk", "postgres"]


@pytest.mark.parametrize("store", STORES)
def test_a_dump_restores_into_each_store_and_numbering_goes_on(
    small_book, tmp_path, request, store
):
    data = dump_bytes(small_book)
    with casework.open_book(book_path(store, tmp_path, request)) as target:
        result = target.restore(io.BytesIO(data))
        assert sorted(result.created) == ["PT2020-0001", "PT2020-0002", "PT2020-0003"]
        assert target.find() == small_book.find()
        assert target.table("petition_desks") == small_book.table("petition_desks")
        with target.store.transaction() as tx, small_book.store.transaction() as source:
            assert tx.counters()["numbers"] == source.counters()["numbers"]
            assert tx.table_names() == ["casework_book", "petition_desks"]
        again = target.restore(io.BytesIO(data))
        assert again.created == () and len(again.skipped) == 3
        # the next case and the next 案号 follow the restored ones, as in the original book
        new = file_petition(target, D(2020, 6, 1))
        assert new == "PT2020-0004"
        accepted = target.act(new, "accept", on=D(2020, 6, 2), actor="李科员")
        assert accepted.number == "测字〔2020〕3号"


@pytest.mark.parametrize("store", STORES)
def test_a_merge_into_each_store_renumbers_after_every_kept_id(
    small_book, tmp_path, request, store
):
    data = dump_bytes(small_book)
    with casework.open_book(book_path(store, tmp_path, request)) as target:
        file_petition(target, D(2020, 1, 6), name="周某")
        result = target.restore(io.BytesIO(data), merge=True)
        assert result.renumbered == {"PT2020-0001": "PT2020-0004"}
        assert target.ids() == [f"PT2020-000{n}" for n in range(1, 5)]
        assert file_petition(target, D(2020, 6, 1)) == "PT2020-0005"


def test_the_sample_book_moves_to_a_server_database_unchanged(pg_url, sample_book, sample_dump):
    with (
        casework.open_book(pg_url) as server,
        casework.open_book(sample_book) as original,
        open(sample_dump, "rb") as fp,
    ):
        server.restore(fp)
        assert server.find() == original.find()
        assert server.report(2020).to_dict() == original.report(2020).to_dict()
        # the same dump, line by line (a JSONB column orders an object's keys its own way)
        ours, theirs = dump_bytes(server).splitlines(), dump_bytes(original).splitlines()
        assert len(ours) == len(theirs)
        for mine, source in zip(ours[1:], theirs[1:], strict=True):
            assert orjson.loads(mine) == orjson.loads(source)
        head, source_head = orjson.loads(ours[0]), orjson.loads(theirs[0])
        for key in ("book", "kinds", "plugins", "version"):
            assert head[key] == source_head[key], key
        assert head["counters"] == source_head["counters"]


def test_demo_builds_the_sample_book_on_a_server_with_the_same_report(pg_url, sample_book):
    """``casework --book postgresql://… demo``: the same 2020 report, figure for figure."""
    on_server = cli("--book", pg_url, "--json", "demo")
    assert on_server.returncode == 0, on_server.stderr
    in_folder = cli("--book", str(sample_book), "--json", "demo")
    assert in_folder.returncode == 0, in_folder.stderr
    assert orjson.loads(on_server.stdout) == orjson.loads(in_folder.stdout)
    password = urlsplit(pg_url).password
    assert not password or f":{password}@" not in on_server.stderr + on_server.stdout
