"""The store's promises around what it reads and writes: whole batches, verified files."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

import casework
from casework import StorageError
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
    assert fresh_read(tmp_path / "b") == sorted(f"{i}:received" for i in made)
