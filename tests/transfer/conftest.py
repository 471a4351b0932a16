"""Fixtures of the transfer tests: the Fenyang sample book (built once), a small toy book."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

sys.path.insert(0, str(Path(__file__).parent))

from transfer_helpers import D, cli, file_petition, id_number

import casework
from casework.cli import cli as app


@pytest.fixture(scope="session")
def sample_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Fenyang 2020 sample book, built once per session by ``casework demo``.

    Tests only read it; a test that changes a book restores a copy first.
    """
    path = tmp_path_factory.mktemp("fenyang-transfer") / "book"
    run = cli("--book", str(path), "demo", cwd=path.parent)
    assert run.returncode == 0, run.stderr
    return path


@pytest.fixture(scope="session")
def sample_dump(sample_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dump of the sample book, written once through ``Book.dump``."""
    out = tmp_path_factory.mktemp("fenyang-dump") / "fenyang.jsonl"
    with casework.open_book(sample_book) as book, open(out, "wb") as fp:
        book.dump(fp)
    return out


@pytest.fixture
def small_book(tmp_path: Path, petition: None) -> Iterator[casework.Book]:
    """A disk book of toy petitions (2020): one decided, one accepted, one rejected; a table."""
    with casework.open_book(tmp_path / "small") as book:
        decided = file_petition(
            book, D(2020, 3, 2), id_number=id_number("142301", "19800101", "123")
        )
        book.act(decided, "accept", on=D(2020, 3, 3), actor="李科员")
        book.act(decided, "decide", on=D(2020, 4, 1), actor="李科员", data={"outcome": "upheld"})
        accepted = file_petition(book, D(2020, 3, 9), name="钱某", phone="13812345678")
        book.act(accepted, "accept", on=D(2020, 3, 10), actor="李科员")
        rejected = file_petition(book, D(2020, 5, 6), name="孙某")
        book.act(rejected, "reject", on=D(2020, 5, 7), actor="李科员")
        book.table_put("petition_desks", "east", {"name": "东窗口", "staff": ["李科员"]})
        yield book


@pytest.fixture
def run(petition: None) -> Iterator:
    """Invoke the real click app on the book folder given first: ``run(book, *args)``."""
    runner = CliRunner()

    def invoke(book: Path, *args: str) -> Result:
        result = runner.invoke(
            app, ["--book", str(book), *args], env={"COLUMNS": "100"}, catch_exceptions=True
        )
        casework.set_language("zh")
        return result

    yield invoke
