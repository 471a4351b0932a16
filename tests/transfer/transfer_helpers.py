"""Helpers of the transfer tests: ID numbers, the CLI, toy petitions, comparing dumps."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import orjson

import casework
from casework.personal import id_check_digit

D = dt.date
ROOT = Path(__file__).resolve().parents[2]


def id_number(region: str, born: str, seq: str) -> str:
    """A valid GB 11643 ID number."""
    first = region + born + seq
    return first + id_check_digit(first)


def cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m casework`` (the real entry point) and capture its output."""
    env = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "casework", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        check=False,
    )


def file_petition(book: casework.Book, on: dt.date, name: str = "赵某", **party: str) -> str:
    """File a toy petition received on ``on``; return its id."""
    return book.create(
        "petition",
        received_on=on,
        actor="李科员",
        details={"subject": "罚款"},
        parties=[{"role": "applicant", "name": name, **party}],
    ).id


def dump_bytes(book: casework.Book) -> bytes:
    """The dump of ``book`` as bytes."""
    buffer = io.BytesIO()
    book.dump(buffer)
    return buffer.getvalue()


def without_time(data: bytes) -> list[bytes]:
    """A dump's lines with the header's ``written_at`` left out (to compare two dumps)."""
    lines = data.splitlines()
    header = orjson.loads(lines[0])
    header.pop("written_at")
    return [orjson.dumps(header, option=orjson.OPT_SORT_KEYS), *lines[1:]]
