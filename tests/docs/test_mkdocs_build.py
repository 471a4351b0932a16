"""``mkdocs build --strict`` passes (run only where the docs extra is installed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    api = (tmp_path / "site" / "api" / "index.html").read_text(encoding="utf-8")
    assert "open_book" in api and "ClockRule" in api
    hooks = (tmp_path / "site" / "plugin_hooks" / "index.html").read_text(encoding="utf-8")
    assert "register_case_types(register)" in hooks


def test_api_reference_shows_constructors_and_plugin_names(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings")
    import html
    import re

    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": "", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    raw = (tmp_path / "site" / "api" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", raw)))
    for signature in (
        "CaseType( name: str, label: Label, details: type, workflows: Iterable[Workflow],",
        "Workflow( name: str, effective_from: dt.date, states: Iterable[State],",
        "Action( name: str, label: Label, sources: str | Iterable[str], target: str | None = None,",
        "ClockRule( name: str, label: Label, length: int, unit: Unit, starts_on:",
        "ReportSection( kind: str, title: Label, figures: Mapping[str, Figure],",
        "Case( id: str, kind: str, state: str, received_on: dt.date,",
        "required_roles: Mapping[str, int] = dict()",
    ):
        assert signature in text, signature
    for anchor in (
        "hookspecs.hookimpl",
        "validators.not_blank",
        "validators.code_in",
        "plugins.owner_of",
        "cli.context.open_book_from",
        "testing.kind_contract",
    ):
        assert f'id="casework.{anchor}"' in raw, anchor
    assert "context manager" in text


def test_docs_make_no_stale_claims() -> None:
    docs = ROOT / "docs"
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        for stale in (
            "domain.md",
            "docs/domain",
            "shared/design.md",
            "_not_blank",
            "bucket of 500",
        ):
            assert stale not in text, f"{page.name}: {stale}"
    embedding = (docs / "embedding.md").read_text(encoding="utf-8")
    assert "at most 100 cases" in embedding
