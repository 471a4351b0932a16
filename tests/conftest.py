from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from toykind import PetitionPlugin

import casework


@pytest.fixture(autouse=True)
def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CASEWORK_BOOK", str(tmp_path / "default-book"))
    casework.set_language("zh")


@pytest.fixture
def petition() -> Iterator[None]:
    name = casework.register_plugin(PetitionPlugin(), name="undo-petition")
    try:
        yield
    finally:
        casework.unregister_plugin(name)


@pytest.fixture(params=["memory", "disk"])
def book(request: pytest.FixtureRequest, tmp_path: Path, petition: None) -> Iterator[casework.Book]:
    path = ":memory:" if request.param == "memory" else tmp_path / "book"
    with casework.open_book(path) as opened:
        yield opened
