"""The before_commit hook: a check that sees the whole transaction and refuses it before it is stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

import casework
from casework import InvalidAction, PluginError, hookimpl
from casework.validators import fold_name

D = dt.date


def make(book: casework.Book, subject: str = "罚款") -> casework.Case:
    return book.create(
        "petition", received_on=D(2020, 3, 2), actor="王科员", details={"subject": subject}
    )


class Guard:
    """Refuses a transaction holding a case about 'forbidden'; closes the loop on 'twin'."""

    def __init__(self) -> None:
        self.seen: list[list[tuple[str, str]]] = []

    @hookimpl
    def before_commit(self, book, changes):  # type: ignore[no-untyped-def]
        self.seen.append([(case.id, event.action) for case, event in changes])
        for case, event in changes:
            if case.details.subject == "forbidden":
                return f"{case.id} may not be opened"
            if case.details.subject == "twin" and event.action == "receive":
                book.act(case.id, "accept", on=D(2020, 3, 3), actor="system")
            if case.details.subject == "boom":
                raise RuntimeError("broken guard")
        return None


@pytest.fixture
def guard(petition: None) -> Iterator[Guard]:
    plugin = Guard()
    name = casework.register_plugin(plugin, name="undo-guard")
    try:
        yield plugin
    finally:
        casework.unregister_plugin(name)


@pytest.fixture(params=["memory", "disk"])
def book(request: pytest.FixtureRequest, tmp_path: Path, guard: Guard) -> Iterator[casework.Book]:
    with casework.open_book(":memory:" if request.param == "memory" else tmp_path / "b") as b:
        yield b


def test_hook_before_commit(book: casework.Book, guard: Guard) -> None:
    first = make(book)
    assert guard.seen == [[(first.id, "receive")]]
    with pytest.raises(InvalidAction, match="may not be opened"), book.batch():
        make(book, "ok")
        make(book, "forbidden")
    assert book.ids() == [first.id]  # the whole batch was refused
    with pytest.raises(PluginError, match="broken guard"):
        make(book, "boom")
    assert book.ids() == [first.id]
    twin = make(book, "twin")  # what the hook does joins the commit
    assert guard.seen[-2:] == [[(twin.id, "receive")], [(twin.id, "accept")]]
    stored = book.get(twin.id)
    assert (stored.state, stored.number) == ("accepted", "测字〔2020〕1号")


def test_fold_name() -> None:
    assert fold_name("张三\u200b") == "张三"
    assert fold_name(" 张\u00a0 三 ") == "张 三"
    assert fold_name("\ufeff张三\u200d") == fold_name("张三")
    assert fold_name("ＡＢＣ　公司") == "ABC 公司"
    assert fold_name("张三") != fold_name("张四")
