"""The store's promises around what it reads and writes: whole batches, verified files."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

import casework
from casework import StorageError, StorageWarning
from casework import store as store_module

D = dt.date
TESTS = os.path.dirname(__file__)
FRESH = (
    "import sys; sys.path.insert(0, sys.argv[2])\n"
    "import casework\n"
    "from toykind import PetitionPlugin\n"
    "casework.register_plugin(PetitionPlugin(), name='undo-petition')\n"
    "with casework.open_book(sys.argv[1], create=False) as book:\n"
    "    print(' '.join(sorted(c.id + ':' + c.state for c in book.find(kind='petition'))))\n"
)


def fresh_read(root: Path) -> list[str]:
    """``id:state`` of every petition, read by another process."""
    out = subprocess.run(
        [sys.executable, "-c", FRESH, str(root), TESTS], capture_output=True, text=True, check=True
    )
    return out.stdout.split()


def make(book: casework.Book, received: dt.date = D(2020, 3, 2), name: str = "张三") -> str:
    return book.create(
        "petition",
        received_on=received,
        actor="王科员",
        details={"subject": "罚款"},
        parties=[{"role": "applicant", "name": name}],
    ).id


@pytest.fixture
def small_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shards of two cases and a cache of four shards: a batch of 24 cases is 3x the cache."""
    monkeypatch.setattr(store_module, "BUCKET", 2)
    monkeypatch.setattr(store_module.TinyDBStore, "CACHE_SHARDS", 4)


def test_lapse_over_the_shard_cache_keeps_every_case(
    tmp_path: Path, petition: None, small_shards: None
) -> None:
    with casework.open_book(tmp_path / "b") as book:
        made = [make(book) for _ in range(24)]
        events = book.lapse(on=D(2020, 4, 1))  # every review period lapsed: deemed accepted
    assert len(events) == 24
    assert fresh_read(tmp_path / "b") == sorted(f"{i}:accepted" for i in made)


def test_a_batch_over_the_limit_is_refused_whole(
    tmp_path: Path, petition: None, small_shards: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with casework.open_book(tmp_path / "b") as book:
        made = [make(book) for _ in range(4)]
    monkeypatch.setattr(store_module.TinyDBStore, "MAX_BATCH_SHARDS", 5)
    with casework.open_book(tmp_path / "b") as book:
        with pytest.raises(StorageError, match="超过 5 个"), book.batch():
            for _ in range(20):
                make(book)
        assert book.ids() == made
    assert [row.split(":")[0] for row in fresh_read(tmp_path / "b")] == made


# -- verify what is read -----------------------------------------------------------------------


def _index(root: Path) -> dict:
    return json.loads((root / "index.json").read_text(encoding="utf-8"))


def test_yesterdays_index_put_back_is_rebuilt_and_numbers_go_on(
    tmp_path: Path, petition: None
) -> None:
    root = tmp_path / "b"
    with casework.open_book(root) as book:
        first = make(book)
        assert (
            book.act(first, "accept", on=D(2020, 3, 3), actor="王科员").number == "测字〔2020〕1号"
        )
        yesterday = (root / "index.json").read_bytes()
        second, third = make(book), make(book)
        assert (
            book.act(second, "accept", on=D(2020, 3, 4), actor="王科员").number == "测字〔2020〕2号"
        )
    (root / "index.json").write_bytes(yesterday)
    with pytest.warns(StorageWarning, match="index.json"), casework.open_book(root) as book:
        assert {c.id for c in book.find(open=True)} == {first, second, third}
        assert {c.id for c, _ in book.due(on=D(2030, 1, 1))} == {first, second, third}
        assert (
            book.act(third, "accept", on=D(2020, 3, 5), actor="王科员").number == "测字〔2020〕3号"
        )
        assert make(book) == "PT2020-0004"
    assert _index(root)["seq"] == {"petition/2020": 4}


def test_an_edited_index_is_rebuilt(tmp_path: Path, petition: None) -> None:
    root = tmp_path / "b"
    with casework.open_book(root) as book:
        made = [make(book, D(2021, 1, n)) for n in range(1, 6)]
        made.append(make(book, D(2020, 5, 1)))
    index = _index(root)
    del index["seq"]["petition/2021"]
    (root / "index.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    with pytest.warns(StorageWarning, match="index.json"), casework.open_book(root) as book:
        assert sorted(c.id for c in book.find()) == sorted(made)
        assert len(book.find(open=True)) == 6
        assert sorted(book.ids()) == sorted(made)
    part = root / "cases" / "petition" / "2021" / "index.json"
    rows = json.loads(part.read_text(encoding="utf-8"))
    rows["open"].pop(made[0])
    part.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    with pytest.warns(StorageWarning, match="2021"), casework.open_book(root) as book:
        assert len(book.find(open=True)) == 6
    assert made[0] in json.loads(part.read_text(encoding="utf-8"))["open"]


def test_yesterdays_index_part_put_back_is_rebuilt(tmp_path: Path, petition: None) -> None:
    root = tmp_path / "b"
    part = root / "cases" / "petition" / "2020" / "index.json"
    with casework.open_book(root) as book:
        first = make(book)
        yesterday = part.read_bytes()
        book.act(first, "accept", on=D(2020, 3, 3), actor="王科员")
        second = make(book)
    part.write_bytes(yesterday)  # the head still holds today's check sum of the part
    with pytest.warns(StorageWarning, match="2020"), casework.open_book(root) as book:
        assert {c.id for c in book.find(open=True)} == {first, second}
    assert part.read_bytes() != yesterday


def test_an_act_rewrites_only_the_index_part_of_its_kind_and_year(
    tmp_path: Path, petition: None
) -> None:
    root = tmp_path / "b"
    with casework.open_book(root) as book:
        old = [make(book, D(2019, 3, n)) for n in range(1, 4)]
        new = make(book, D(2021, 3, 1))
        before = {p: p.stat().st_mtime_ns for p in root.glob("cases/*/*/index.json")}
        book.act(new, "accept", on=D(2021, 3, 2), actor="王科员")
        changed = {p.parent.name for p, t in before.items() if p.stat().st_mtime_ns != t}
        assert changed == {"2021"}
        assert {c.id for c in book.find(open=True)} == {*old, new}
    with casework.open_book(root) as book:
        problems, _ = book.store.check()
        assert problems == []
        stray = root / "cases" / "petition" / "2018"
        stray.mkdir()
        (stray / "index.json").write_text("{}", encoding="utf-8")
        problems, _ = book.store.check()
        assert [(p.file, p.derived) for p in problems] == [("cases/petition/2018/index.json", True)]
        book.store.repair()
        assert not (stray / "index.json").exists() and book.store.check()[0] == []


def test_a_book_of_schema_1_is_migrated_and_keeps_its_numbers(
    tmp_path: Path, petition: None
) -> None:
    """A book written with one index.json (schema 1) opens; its case numbers go on."""
    root = tmp_path / "b"
    with casework.open_book(root) as book:
        first = make(book)
        book.act(first, "accept", on=D(2020, 3, 3), actor="王科员")
        second = make(book)
        book.act(second, "accept", on=D(2020, 3, 4), actor="王科员")
    with casework.open_book(root) as book, book.store.transaction():
        whole = dict(book.store._index)
    # Write the book as schema 1 wrote it: one sealed index.json, no parts. Its counter says
    # three numbers were issued (the third in a transaction the shards do not show).
    flat = {k: whole[k] for k in ("seq", "codes", "open", "ticking", "spans", "tally", "shards")}
    flat.update(schema_version=1, numbers={"petition/2020": 3})
    flat.update(book=whole["book"], bucket=whole["bucket"])
    flat["digest"] = store_module.index_digest(flat)
    for part in root.glob("cases/*/*/index.json"):
        part.unlink()
    (root / "index.json").write_text(json.dumps(flat, ensure_ascii=False), encoding="utf-8")
    meta = json.loads((root / "book.json").read_text(encoding="utf-8"))
    meta["schema_version"] = 1
    (root / "book.json").write_text(json.dumps(meta), encoding="utf-8")
    with warnings.catch_warnings():  # no warning: an old layout is not damage
        warnings.simplefilter("error", StorageWarning)
        with casework.open_book(root) as book, book.store.transaction():
            pass
    with casework.open_book(root) as book:
        assert {c.id for c in book.find(open=True)} == {first, second}
        third = make(book)
        assert (
            book.act(third, "accept", on=D(2020, 3, 5), actor="王科员").number == "测字〔2020〕4号"
        )
        problems, _ = book.store.check()
        assert problems == []
    assert json.loads((root / "book.json").read_text(encoding="utf-8"))["schema_version"] == 2
    assert (
        "parts" in _index(root) and (root / "cases" / "petition" / "2020" / "index.json").exists()
    )


def test_an_edited_bucket_is_a_clear_error(
    tmp_path: Path, petition: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "BUCKET", 2)
    root = tmp_path / "b"
    with casework.open_book(root) as book:
        made = [make(book) for _ in range(5)]
    meta = json.loads((root / "book.json").read_text(encoding="utf-8"))
    meta["bucket"] = 500
    (root / "book.json").write_text(json.dumps(meta), encoding="utf-8")
    with casework.open_book(root) as book, pytest.raises(StorageError) as caught:
        book.get(made[3])
    message = str(caught.value)
    assert "bucket" in message and "改回 2" in message and "是否应为" not in message
    (root / "index.json").unlink()  # without the index, the shards themselves tell
    with casework.open_book(root) as book, pytest.raises(StorageError, match="bucket"):
        book.get(made[3])


class Crash(BaseException):
    """The process dies here."""


def _journal_of(root: Path, call, monkeypatch: pytest.MonkeyPatch) -> bytes:  # type: ignore[no-untyped-def]
    """Run ``call`` and die after its journal is written; return the journal."""

    def die(self: object) -> None:
        raise Crash

    with casework.open_book(root) as book:
        monkeypatch.setattr(store_module.TinyDBStore, "_write_out", die)
        with pytest.raises(Crash):
            call(book)
        monkeypatch.undo()
    return (root / "journal.json").read_bytes()


def test_an_old_journal_of_this_book_is_set_aside(
    tmp_path: Path, petition: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "b"
    with casework.open_book(root) as book:
        case_id = make(book)
    old = _journal_of(
        root, lambda b: b.act(case_id, "accept", on=D(2020, 3, 3), actor="王科员"), monkeypatch
    )
    with casework.open_book(root) as book:  # the journal completes its commit
        assert book.get(case_id).version == 2
        book.act(
            case_id,
            "extend",
            on=D(2020, 3, 9),
            actor="王科员",
            data={"days": 5, "approver": "局长"},
        )
    (root / "journal.json").write_bytes(old)  # version 2 of the case, over the stored version 3
    with pytest.warns(StorageWarning, match="journal"), casework.open_book(root) as book:
        assert book.get(case_id).version == 3
    assert not (root / "journal.json").exists()
    assert [p.read_bytes() for p in root.glob("journal.refused-*.json")] == [old]


def test_a_journal_of_another_book_or_without_proof_is_set_aside(
    tmp_path: Path, petition: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, other = tmp_path / "b", tmp_path / "other"
    with casework.open_book(root) as book:
        case_id = make(book)
    with casework.open_book(other) as book:
        make(book)
    foreign = _journal_of(other, lambda b: [make(b) for _ in range(2)], monkeypatch)
    record = json.loads(foreign)["records"][0]
    unproven = json.dumps({"records": [record], "numbers": {}}).encode()
    for journal in (foreign, unproven):
        (root / "journal.json").write_bytes(journal)
        with pytest.warns(StorageWarning, match="journal"), casework.open_book(root) as book:
            assert book.ids() == [case_id]
        assert not (root / "journal.json").exists()
    assert len(list(root.glob("journal.refused-*.json"))) == 2


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        ({"state": "nonsense"}, "nonsense"),
        ({"state": "decided"}, "decided"),
        ({"version": 5}, "版本 5"),
    ],
)
def test_a_record_that_contradicts_itself_is_refused_by_id(
    tmp_path: Path, petition: None, edit: dict, says: str
) -> None:
    root = tmp_path / "b"
    with casework.open_book(root) as book:
        bad, good = make(book), make(book)
        book.act(bad, "accept", on=D(2020, 3, 3), actor="王科员")
    shard = root / "cases" / "petition" / "2020" / "000.json"
    data = json.loads(shard.read_text(encoding="utf-8"))
    data["cases"]["1"].update(edit)
    stored = data["cases"]["1"]
    shard.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with casework.open_book(root) as book:
        with pytest.raises(StorageError, match=f"{bad}.*{says}"):
            book.get(bad)
        with pytest.raises(StorageError, match=bad):
            book.act(bad, "decide", on=D(2020, 4, 1), actor="王科员", data={"outcome": "upheld"})
        assert book.act(good, "accept", on=D(2020, 3, 4), actor="王科员").state == "accepted"
        assert book.get(good).number == "测字〔2020〕2号"
    again = json.loads(shard.read_text(encoding="utf-8"))
    assert again["cases"]["1"] == stored  # never rewritten


# -- read-only books, private files, symbolic links ---------------------------------------------


def test_a_read_only_book_opens_for_reading_without_the_lock(
    tmp_path: Path, petition: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    root = tmp_path / "b"
    with casework.open_book(root) as book:
        case_id = make(book)
    (root / ".lock").unlink()

    class ReadOnlyMedia(store_module.filelock.FileLock):  # type: ignore[misc]
        def acquire(self, *args: object, **kwargs: object) -> None:  # type: ignore[override]
            raise OSError(errno.EROFS, "Read-only file system", self.lock_file)

    monkeypatch.setattr(store_module.filelock, "FileLock", ReadOnlyMedia)
    with casework.open_book(root, create=False) as book:
        assert book.store.read_only
        assert book.get(case_id).id == case_id
        assert [c.id for c in book.find()] == [case_id]
        with pytest.raises(StorageError, match="只读"):
            make(book)
    assert not (root / ".lock").exists()


def _modes(root: Path) -> dict[str, int]:
    return {
        str(p.relative_to(root)): p.stat().st_mode & 0o777
        for p in root.rglob("*")
        if p.name != ".lock"
    }


def test_every_file_of_a_book_is_private(tmp_path: Path, petition: None) -> None:
    root = tmp_path / "b"
    old = os.umask(0o022)
    try:
        with casework.open_book(root) as book:
            case_id = make(book)
            book.table_put("notes", "k", 1)
    finally:
        os.umask(old)
    modes = _modes(root)
    assert {m for p, m in modes.items() if (root / p).is_file()} == {0o600}
    assert {m for p, m in modes.items() if (root / p).is_dir()} == {0o700}
    assert root.stat().st_mode & 0o777 == 0o700
    shard = root / "cases" / "petition" / "2020" / "000.json"
    shard.chmod(0o640)  # an administrator's choice is kept on the next write
    with casework.open_book(root) as book:
        book.act(case_id, "accept", on=D(2020, 3, 3), actor="王科员")
    assert shard.stat().st_mode & 0o777 == 0o640


def test_a_book_may_set_its_modes(tmp_path: Path, petition: None) -> None:
    root = tmp_path / "b"
    with casework.open_book(root):
        pass
    meta = json.loads((root / "book.json").read_text(encoding="utf-8"))
    meta.update(file_mode="0640", dir_mode="0750")
    (root / "book.json").write_text(json.dumps(meta), encoding="utf-8")
    with casework.open_book(root) as book:
        make(book)
    assert (root / "cases" / "petition" / "2020" / "000.json").stat().st_mode & 0o777 == 0o640
    assert (root / "cases" / "petition").stat().st_mode & 0o777 == 0o750
    meta["file_mode"] = "rw-r--r--"
    (root / "book.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(StorageError, match="file_mode"):
        casework.open_book(root)


@pytest.mark.parametrize("link", ["folder", "lock", "shard"])
def test_a_symbolic_link_in_a_book_is_refused(tmp_path: Path, petition: None, link: str) -> None:
    root, outside = tmp_path / "b", tmp_path / "outside"
    with casework.open_book(root) as book:
        make(book)
    outside.mkdir()
    (outside / "victim.txt").write_text("keep me")
    if link == "folder":
        target = root / "cases" / "petition" / "2020"
        shutil.copytree(target, outside / "2020")
        shutil.rmtree(target)
        target.symlink_to(outside / "2020")
    elif link == "lock":
        (root / ".lock").unlink()
        (root / ".lock").symlink_to(outside / "victim.txt")
    else:
        shard = root / "cases" / "petition" / "2020" / "000.json"
        shutil.copy(shard, outside / "000.json")
        shard.unlink()
        shard.symlink_to(outside / "000.json")
    with pytest.raises(StorageError, match="符号链接"):
        casework.open_book(root)
    assert (outside / "victim.txt").read_text() == "keep me"


# -- limits --------------------------------------------------------------------------------------


def test_a_case_over_the_size_limit_is_refused(
    tmp_path: Path, petition: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from casework import ValidationError

    assert store_module.MAX_RECORD_BYTES == 2 * 1024 * 1024  # the documented limit
    monkeypatch.setattr(store_module, "MAX_RECORD_BYTES", 200 * 1024)
    note = "长" * 20_000  # 60 KB, within a note's own limit
    with casework.open_book(tmp_path / "b") as book:
        case_id = make(book)
        book.act(case_id, "accept", on=D(2020, 3, 3), actor="王科员")
        stored = 2
        with pytest.raises(ValidationError, match=f"{case_id}.*超过上限 200 KiB"):
            for day in range(4, 30):
                action = "suspend" if day % 2 == 0 else "resume"
                data = {"ground": "x"} if action == "suspend" else None
                on = D(2020, 3, day)
                book.act(case_id, action, on=on, actor="王科员", note=note, data=data)
                stored += 1
        assert 2 < stored < 10
        assert book.get(case_id).version == stored  # the refused action stored nothing
    assert [row.split(":")[0] for row in fresh_read(tmp_path / "b")] == [case_id]


def test_an_index_head_naming_a_part_outside_the_book_is_rebuilt(
    tmp_path: Path, petition: None
) -> None:
    root = tmp_path / "b"
    with casework.open_book(root) as book:
        made = make(book)
    outside = tmp_path / "elsewhere" / "2020"
    outside.mkdir(parents=True)
    head = _index(root)
    head["parts"] = {f"{tmp_path / 'elsewhere'}/2020": "0" * 64}
    head.pop("digest")
    head["digest"] = store_module.index_digest(head)
    (root / "index.json").write_text(json.dumps(head, ensure_ascii=False), encoding="utf-8")
    with pytest.warns(StorageWarning, match="parts"), casework.open_book(root) as book:
        assert [c.id for c in book.find(open=True)] == [made]
    assert not (outside / "index.json").exists()
    assert list(_index(root)["parts"]) == ["petition/2020"]
