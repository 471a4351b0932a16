from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))

from pgserver import book_path, pg_url  # noqa: F401 (a fixture)
from toykind import PetitionPlugin

import casework

# CI runs are reproducible: hypothesis explores a fixed sequence there (CI=true), and fresh
# examples on a developer's machine.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--full-crash",
        action="store_true",
        default=False,
        help="run the long crash proof (at least 200 SIGKILLs; or CASEWORK_FULL_CRASH=1)",
    )


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


@pytest.fixture(params=["memory", "disk", "postgres"])
def book(request: pytest.FixtureRequest, tmp_path: Path, petition: None) -> Iterator[casework.Book]:
    with casework.open_book(book_path(request.param, tmp_path, request)) as opened:
        yield opened
