"""What a plugin's command and an embedding program are promised: open_book_from, str dates."""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Iterator
from pathlib import Path

import click
import pytest

import casework
from casework.cli import cli, open_book_from
from casework.testing import run_cli


@pytest.fixture
def count_command() -> Iterator[None]:
    @click.command("count-cases")
    @click.pass_context
    def count_cases(ctx: click.Context) -> None:
        book = open_book_from(ctx)
        click.echo(f"cases: {len(book.ids())}")

    cli.add_command(count_cases)
    try:
        yield
    finally:
        cli.commands.pop("count-cases")


def test_open_book_from_refuses_a_folder_that_is_not_a_book(
    count_command: None, tmp_path: Path
) -> None:
    typo = tmp_path / "casework-bok"
    result = run_cli(["count-cases"], book=typo)
    assert result.exit_code == 1
    assert "不是案件簿" in result.stderr and "init" in result.stderr
    assert not typo.exists()  # no stray book
    plain = tmp_path / "plain"
    plain.mkdir()
    assert run_cli(["count-cases"], book=plain).exit_code == 1
    assert list(plain.iterdir()) == []


def test_open_book_from_opens_the_book(count_command: None, tmp_path: Path) -> None:
    path = tmp_path / "book"
    assert run_cli(["init"], book=path).exit_code == 0
    with casework.open_book(path) as book:
        book.create(
            "reconsideration",
            received_on="2024-03-01",
            actor="王科员",
            parties=[{"role": "applicant", "name": "张三"}],
            details={"respondent": "某县公安局", "act": {"description": "罚款决定"}},
        )
    result = run_cli(["count-cases"], book=path)
    assert (result.exit_code, result.stdout) == (0, "cases: 1\n")


def test_create_and_act_take_iso_date_strings_as_typed() -> None:
    create = typing.get_type_hints(casework.Book.create)
    act = typing.get_type_hints(casework.Book.act)
    assert create["received_on"] == dt.date | str
    assert act["on"] == dt.date | str
    with casework.open_book(":memory:") as book:
        case = book.create(
            "reconsideration",
            received_on="2024-03-01",
            actor="王科员",
            parties=[{"role": "applicant", "name": "张三"}],
            details={"respondent": "某县公安局", "act": {"description": "罚款决定"}},
        )
        case = book.act(case.id, "accept", on="2024-03-04", actor="王科员")
        assert case.events[-1].on == dt.date(2024, 3, 4)
        with pytest.raises(casework.ValidationError, match="on: "):
            book.act(case.id, "send_copy", on="2024-13-01", actor="王科员")
