"""``python -m casework``: the click application (commands live in :mod:`casework.cli.app`)."""

from __future__ import annotations

from casework.cli.app import cli, main

__all__ = ["cli", "main"]
