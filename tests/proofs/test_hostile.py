"""Hostile input: whatever a caller passes or a hand edits, only CaseworkError comes out.

Hypothesis throws malformed dates, wrong types, unknown kinds and actions, huge strings and
control characters at the public API of a book on disk; separate tests break its files (a
truncated shard, a shard or the index (head or part) edited by hand, a garbage journal). Every
call either succeeds or raises a :class:`casework.CaseworkError` with a message, and a call that raised
changed no file of the book.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from bookcheck import snapshot
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import casework
from casework import CaseworkError

D = dt.date
HOSTILE = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

nasty_text = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.characters(max_codepoint=31), min_size=1, max_size=5),
    st.just("x" * 100_000),
    st.just("PT2020-0001\x00"),
    st.just("../../etc/passwd"),
)
LONG_ID = "PT2020-" + "1" * 300
"""A well-formed case id whose shard file name would exceed the file system's 255 bytes."""
json_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    nasty_text,
)
json_value = st.recursive(
    json_scalar,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
anything = st.one_of(
    json_value,
    st.dates().map(lambda d: d),
    st.datetimes(),
    st.dictionaries(st.integers(), st.integers(), max_size=2),
    st.just(object()),
    st.just(b"\xff\xfe"),
    st.lists(st.integers(), max_size=2),
)
dates = st.one_of(
    st.dates(min_value=D(2019, 1, 1), max_value=D(2030, 12, 31)),
    st.dates(),
    st.datetimes(),
    st.sampled_from(["2020-02-30", "2020-13-01", "20200301", "", " 2020-03-05 ", "明天"]),
    anything,
)


_TEMPLATE: dict[str, tuple[Path, str]] = {}


def _template() -> tuple[Path, str]:
    """Build the seed book once: a case accepted in 2020, one received in 2021, a side table."""
    if "book" not in _TEMPLATE:
        root = Path(tempfile.mkdtemp(prefix="hostile-template-")) / "book"
        with casework.open_book(root) as book:
            case = book.create(
                "petition",
                received_on=D(2020, 3, 2),
                actor="王科员",
                details={"subject": "罚款"},
                parties=[{"role": "applicant", "name": "张三", "phone": "13812345678"}],
            )
            book.act(case.id, "accept", on=D(2020, 3, 3), actor="王科员")
            book.create(
                "petition", received_on=D(2021, 5, 6), actor="王科员", details={"subject": "x"}
            )
            book.table_put("notes", "k", {"v": 1})
        _TEMPLATE["book"] = (root, case.id)
    return _TEMPLATE["book"]


@contextmanager
def seeded_book() -> Iterator[tuple[Path, str]]:
    """A fresh copy of the seed book for one example."""
    template, case_id = _template()
    folder = Path(tempfile.mkdtemp(prefix="hostile-"))
    root = folder / "book"
    try:
        shutil.copytree(template, root)
        yield root, case_id
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _without_index(files: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in files.items() if k != "index.json" and not k.endswith("/index.json")}


def attempt(root: Path, call: Callable[[casework.Book], Any]) -> Any:
    """Run ``call`` on a freshly opened book: success, or CaseworkError and no file changed.

    The derived index (``index.json`` and each ``cases/<kind>/<year>/index.json``) aside: a stale
    or edited one is rebuilt from the shards.
    """
    before = _without_index(snapshot(root))
    try:
        with casework.open_book(root) as book:
            return call(book)
    except CaseworkError as exc:
        assert str(exc).strip(), "an error without a message"
        assert "Traceback" not in str(exc)
        after = _without_index(snapshot(root))
        assert after == before, f"{type(exc).__name__} ({exc}) but files changed"
        return exc


@pytest.fixture(scope="module")
def _plugin() -> Iterator[None]:
    import toykind

    name = casework.register_plugin(toykind.PetitionPlugin(), name="undo-hostile-petition")
    try:
        yield
    finally:
        casework.unregister_plugin(name)
        if "book" in _TEMPLATE:
            shutil.rmtree(_TEMPLATE.pop("book")[0].parent, ignore_errors=True)


pytestmark = pytest.mark.usefixtures("_plugin")


@HOSTILE
@given(
    kind=st.one_of(st.just("petition"), nasty_text, anything),
    received_on=dates,
    actor=st.one_of(st.just("王科员"), nasty_text, anything),
    details=st.one_of(st.just({"subject": "罚款"}), json_value, anything),
    parties=st.one_of(
        st.just([]),
        st.lists(
            st.dictionaries(
                st.sampled_from(["role", "name", "id_number", "phone", "x"]), json_scalar
            ),
            max_size=2,
        ),
        anything,
    ),
    note=st.one_of(st.just(""), nasty_text, anything),
)
def test_create_rejects_bad_input_cleanly(kind, received_on, actor, details, parties, note) -> None:
    with seeded_book() as (root, _):
        attempt(
            root,
            lambda book: book.create(
                kind,
                received_on=received_on,
                actor=actor,
                details=details,
                parties=parties,
                note=note,
            ),
        )


@HOSTILE
@given(
    case_id=st.one_of(
        st.sampled_from(["PT2020-0001", "pt2020-1", "PT2021-0001"]), nasty_text, anything
    ),
    action=st.one_of(
        st.sampled_from(["accept", "decide", "suspend", "extend", "reopen", "deem_accept"]),
        nasty_text,
        anything,
    ),
    on=dates,
    data=st.one_of(
        st.none(),
        st.just({"outcome": "upheld"}),
        st.just({"days": 10, "approver": "李"}),
        json_value,
        anything,
    ),
    note=st.one_of(st.just(""), nasty_text, anything),
    expected=st.one_of(st.none(), st.integers(-3, 5), anything),
)
# a case id whose sequence is longer than a file name may be (it once escaped as OSError)
@example(LONG_ID, "suspend", D(2020, 3, 4), {"ground": "g"}, "", None)
def test_act_rejects_bad_input_cleanly(case_id, action, on, data, note, expected) -> None:
    with seeded_book() as (root, _):
        attempt(
            root,
            lambda book: book.act(
                case_id,
                action,
                on=on,
                actor="王科员",
                data=data,
                note=note,
                expected_version=expected,
            ),
        )


@HOSTILE
@given(
    kind=st.one_of(st.none(), st.just("petition"), nasty_text, anything),
    state=st.one_of(st.none(), st.just("accepted"), anything),
    year=st.one_of(st.none(), st.integers(1900, 2100), anything),
    open_=st.one_of(st.none(), st.booleans(), anything),
    on=dates,
    within=st.one_of(st.integers(-10, 400), anything),
    report_year=st.one_of(st.integers(), anything),
    table=st.one_of(st.just("notes"), nasty_text, anything),
    key=st.one_of(nasty_text, anything),
    value=st.one_of(json_value, anything),
)
@example(None, None, None, None, D(2020, 3, 4), 10, 2020, "notes", LONG_ID, 1)
def test_queries_and_tables_reject_bad_input_cleanly(
    kind, state, year, open_, on, within, report_year, table, key, value
) -> None:
    with seeded_book() as (root, _):
        attempt(root, lambda book: book.find(kind=kind, state=state, year=year, open=open_))
        attempt(root, lambda book: book.due(on=on, within_days=within))
        attempt(root, lambda book: book.report(report_year))
        attempt(root, lambda book: book.get(key))
        attempt(root, lambda book: book.table(table))
        attempt(root, lambda book: book.table_put(table, key, value))


# -- broken files ----------------------------------------------------------------------------------


def every_operation(root: Path, case_id: str) -> None:
    """Each public operation on a damaged book: success or a clean CaseworkError."""
    attempt(root, lambda book: book.get(case_id))
    attempt(root, lambda book: book.find())
    attempt(root, lambda book: book.find(open=True))
    attempt(root, lambda book: book.due(on=D(2030, 1, 1)))
    attempt(root, lambda book: book.report(2020))
    attempt(root, lambda book: book.ids())
    attempt(root, lambda book: book.table("notes"))
    attempt(
        root,
        lambda book: book.act(
            case_id, "suspend", on=D(2020, 3, 4), actor="a", data={"ground": "g"}
        ),
    )
    attempt(
        root,
        lambda book: book.create(
            "petition", received_on=D(2020, 4, 1), actor="a", details={"subject": "s"}
        ),
    )


SHARD = "cases/petition/2020/000.json"


@HOSTILE
@given(cut=st.floats(0, 0.999))
def test_truncated_shard(cut: float) -> None:
    with seeded_book() as (root, case_id):
        path = root / SHARD
        data = path.read_bytes()
        path.write_bytes(data[: int(len(data) * cut)])
        every_operation(root, case_id)
        with (
            pytest.raises(casework.StorageError, match="000.json"),
            casework.open_book(root) as book,
        ):
            book.get(case_id)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


def _edit(doc: Any, path: tuple[Any, ...], new: Any, delete: bool) -> Any:
    if not path:
        return new
    target = doc
    for step in path[:-1]:
        target = target[step]
    if delete:
        del target[path[-1]]
    else:
        target[path[-1]] = new
    return doc


@HOSTILE
@given(
    which=st.sampled_from(
        [SHARD, "index.json", "cases/petition/2020/index.json", "tables/notes.json", "book.json"]
    ),
    pick=st.integers(0, 10_000),
    new=json_value,
    delete=st.booleans(),
)
@example(SHARD, 1600, [], False)  # a period's due date made a list inside a case's facts
@example(SHARD, 456, {}, False)  # a fact's value made an object
def test_file_edited_by_hand(which: str, pick: int, new: Any, delete: bool) -> None:
    with seeded_book() as (root, case_id):
        path = root / which
        doc = json.loads(path.read_text(encoding="utf-8"))
        paths = list(_paths(doc))
        chosen = paths[pick % len(paths)]
        assume(chosen or not delete)
        doc = _edit(doc, chosen, new, delete and bool(chosen))
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        every_operation(root, case_id)


@HOSTILE
@given(garbage=st.one_of(st.binary(max_size=200), json_value.map(lambda v: json.dumps(v).encode())))
def test_garbage_journal(garbage: bytes) -> None:
    with seeded_book() as (root, case_id):
        (root / "journal.json").write_bytes(garbage)
        cases = {
            k: v
            for k, v in _without_index(snapshot(root)).items()
            if k.startswith(("cases", "tables"))
        }
        try:
            with casework.open_book(root) as book:
                book.get(case_id)
        except CaseworkError as exc:
            assert str(exc).strip()
        after = {
            k: v
            for k, v in _without_index(snapshot(root)).items()
            if k.startswith(("cases", "tables"))
        }
        assert after == cases, "a garbage journal changed the stored cases"


def test_deleted_index_is_rebuilt_without_reusing_case_numbers(tmp_path: Path) -> None:
    root = tmp_path / "book"
    with casework.open_book(root) as book:
        first = book.create(
            "petition", received_on=D(2020, 3, 2), actor="a", details={"subject": "s"}
        )
        second = book.create(
            "petition", received_on=D(2020, 3, 2), actor="a", details={"subject": "s"}
        )
        assert book.act(first.id, "accept", on=D(2020, 3, 3), actor="a").number == "测字〔2020〕1号"
    (root / "index.json").unlink()
    with casework.open_book(root) as book:
        assert book.get(first.id).number == "测字〔2020〕1号"
        assert {c.id for c in book.find(open=True)} == {first.id, second.id}
        assert (
            book.act(second.id, "accept", on=D(2020, 3, 3), actor="a").number == "测字〔2020〕2号"
        )
        third = book.create(
            "petition", received_on=D(2020, 3, 2), actor="a", details={"subject": "s"}
        )
        assert third.id == "PT2020-0003"
