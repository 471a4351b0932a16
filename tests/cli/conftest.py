from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

sys.path.insert(0, str(Path(__file__).parent))

from cli_helpers import APPLICANT_ID, APPLICANT_PHONE, WIDTH, Run, json_of

import casework
from casework.cli import cli


@pytest.fixture
def book_path(tmp_path: Path) -> Path:
    return tmp_path / "book"


@pytest.fixture
def run(book_path: Path, petition: None) -> Iterator[Run]:
    """Invoke the real click app on a book in tmp_path, at a fixed terminal width."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        result = runner.invoke(
            cli,
            ["--book", str(book_path), *args],
            input=input,
            env={"COLUMNS": str(WIDTH), "CASEWORK_ACTOR": None, **(env or {})},
            catch_exceptions=True,
        )
        casework.set_language("zh")
        return result

    yield invoke


@pytest.fixture
def opened(run: Run) -> str:
    """A petition received 2024-03-01 with one party; returns its id."""
    assert run("init").exit_code == 0
    result = run(
        "--json",
        "new",
        "petition",
        "--received-on",
        "2024-03-01",
        "--actor",
        "王科员",
        "--party",
        f"applicant:张三:{APPLICANT_ID}:{APPLICANT_PHONE}",
        "--set",
        "subject=罚款决定",
        "--set",
        "amount=500",
    )
    return str(json_of(result)["id"])
