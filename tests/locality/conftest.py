"""Fixtures of the locality tests: a county that is not Fenyang (see :mod:`county_book`)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from county_book import call, fill
from pgserver import book_path

import casework


@pytest.fixture
def county(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str]]]:
    """The 清河县 book, made by ``init --locality 清河县`` and filled by :func:`fill`."""
    path = tmp_path / "qinghe"
    made = call(path, "init", "--locality", "清河县")
    assert made.exit_code == 0, made.output
    with casework.open_book(path) as book:
        ids = fill(book)
    yield path, ids


@pytest.fixture(params=["disk", "postgres"])
def book_path_of(request: pytest.FixtureRequest, tmp_path: Path):
    """A function giving the location of a new book on disk or on the test PostgreSQL server."""
    return lambda: book_path(request.param, tmp_path, request)
