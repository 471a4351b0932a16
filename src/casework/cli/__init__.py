"""``python -m casework``: the click application (commands live in :mod:`casework.cli.app`).

A plugin's command (hook ``register_commands``) opens the book with :func:`open_book_from`.
"""

from __future__ import annotations

from casework.cli.app import cli, main
from casework.cli.context import open_book_from

__all__ = ["cli", "main", "open_book_from"]
