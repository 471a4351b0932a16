"""``examples/embed.py`` runs and prints the listener's events, the due list and the report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import casework

SCRIPT = Path(__file__).resolve().parents[2] / "examples" / "embed.py"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEWORK_")}
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture(scope="module")
def needs_reconsideration() -> None:
    if "reconsideration" not in casework.case_types():
        pytest.fail(f"built-in kind reconsideration missing: {casework.plugins.failures()}")


def test_embed_prints_events_due_list_and_report(needs_reconsideration: None) -> None:
    done = run()
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["cases"] == ["RC2020-0001", "RC2020-0002", "RC2020-0003"]
    heard = [(line["case"], line["action"]) for line in data["heard"]]
    assert heard[:2] == [("RC2020-0001", "receive"), ("RC2020-0001", "accept")]
    assert ("RC2020-0002", "reject") in heard
    assert heard[-1] == ("RC2020-0003", "accept")
    assert len(heard) == 9  # the refused second accept is not an event
    first = data["due"][0]
    assert (first["case"], first["clock"], first["due_on"]) == ("RC2020-0003", "copy", "2020-12-09")
    assert all(d["due_on"] <= "2020-12-21" for d in data["due"])  # within 14 days of --on
    figures = data["report"]["reconsideration"]
    assert figures["received"] == 3
    assert figures["accepted"] == 2
    assert data["report"]["year"] == 2020
    assert "refused as expected" in done.stderr


def test_embed_keeps_a_named_book(tmp_path: Path, needs_reconsideration: None) -> None:
    book = tmp_path / "book"
    assert run("--book", str(book)).returncode == 0
    assert book.is_dir() and any(book.rglob("*.json"))
    with casework.open_book(book) as opened:
        assert len(opened.find(kind="reconsideration")) == 3
    again = run("--book", str(book))
    assert again.returncode == 0
    assert json.loads(again.stdout)["cases"] == ["RC2020-0004", "RC2020-0005", "RC2020-0006"]
