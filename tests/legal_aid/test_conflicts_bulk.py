"""The conflict index is kept up to date batch by batch, never rebuilt from the book."""

from __future__ import annotations

import pytest
from la_helpers import ID_ZHANG, D, apply, notify

import casework


def test_a_second_batch_reads_no_case_back_and_still_finds_the_conflict(
    book: casework.Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    with book.batch():  # more cases than the index would read one by one
        client = notify(book, D(2020, 3, 2), name="张某", id_number=ID_ZHANG)
        for i in range(30):
            notify(book, D(2020, 3, 2), name=f"客户{i}", letter=f"(2020)晋1182刑初{i + 2}号")
    finds: list[object] = []
    original = casework.Book.find

    def counting(self: casework.Book, **kwargs: object) -> list[casework.Case]:
        finds.append(kwargs)
        return original(self, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(casework.Book, "find", counting)
    with book.batch():
        first = apply(
            book,
            D(2020, 4, 1),
            opposing=[{"role": "opposing", "name": "张某", "id_number": ID_ZHANG}],
        )
        second = apply(book, D(2020, 4, 2), name="钱某")
    with book.batch():
        third = apply(book, D(2020, 4, 3), opposing=[{"role": "opposing", "name": "钱某"}])
    assert finds == []  # neither the 31 cases of the first batch nor the next were read back
    assert [h.case_id for h in book.get(first.id).details.conflicts] == [client.id]
    assert book.get(second.id).details.conflicts == ()
    assert book.get(third.id).details.conflicts == ()  # a name alone, no birth date: not a match


def test_a_rolled_back_batch_never_joins_the_index(book: casework.Book) -> None:
    notify(book, D(2020, 3, 1), name="孙某")
    with pytest.raises(RuntimeError), book.batch():
        notify(book, D(2020, 3, 2), name="张某", id_number=ID_ZHANG)
        raise RuntimeError("abandon the batch")
    case = apply(
        book, D(2020, 3, 3), opposing=[{"role": "opposing", "name": "张某", "id_number": ID_ZHANG}]
    )
    assert case.id == "LA2020-0002"
    assert book.get(case.id).details.conflicts == ()
