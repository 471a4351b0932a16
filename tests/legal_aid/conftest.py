from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import casework


@pytest.fixture(params=["memory", "disk"])
def book(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[casework.Book]:
    path = ":memory:" if request.param == "memory" else tmp_path / "b"
    with casework.open_book(path) as opened:
        yield opened


@pytest.fixture
def mem() -> Iterator[casework.Book]:
    with casework.open_book(":memory:") as opened:
        yield opened
