"""Helpers for the terminal tests: a recording console and the CLI result checks."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import orjson
from click.testing import Result
from rich.console import Console

WIDTH = 100
APPLICANT_ID = "11010519491231002X"
APPLICANT_PHONE = "13812345678"

Run = Callable[..., Result]


def render(renderable: Any, width: int = WIDTH) -> str:
    """Render through a recording console at a fixed width, colours off, and return the text."""
    console = Console(
        record=True,
        width=width,
        file=io.StringIO(),
        color_system=None,
        legacy_windows=False,
        _environ={},
    )
    console.print(renderable)
    return console.export_text()


def json_of(result: Result) -> Any:
    """The parsed JSON a successful command printed."""
    assert result.exit_code == 0, result.output
    return orjson.loads(result.stdout)


def one_red_line(result: Result) -> str:
    """The one error line of a failed command (exit 1, nothing on stdout, no traceback)."""
    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]
