"""Extract the fenced ``python`` blocks of a Markdown page, to run them in order.

A block is left out only when marked: ``no-run`` in its info string (```` ```python no-run ````)
or a ``<!-- skip -->`` line right before the fence.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```+|~~~+)\s*(?P<info>[^\n`]*)$")
SKIP = "<!-- skip -->"


@attrs.frozen
class Block:
    """One fenced block: where it starts, its language and info string, its code."""

    path: Path
    line: int
    language: str
    info: str
    code: str
    skipped: bool


def blocks(path: Path) -> list[Block]:
    """Every fenced block of ``path`` in order (nested fences are not supported)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    previous = ""
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            if lines[i].strip():
                previous = lines[i].strip()
            i += 1
            continue
        fence, indent, info = match["fence"], len(match["indent"]), match["info"].strip()
        start = i
        body: list[str] = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i][indent:] if lines[i][:indent].strip() == "" else lines[i])
            i += 1
        i += 1
        language = info.split()[0].split("{")[0] if info else ""
        found.append(
            Block(
                path=path,
                line=start + 1,
                language=language,
                info=info,
                code="\n".join(body) + "\n",
                skipped="no-run" in info or previous == SKIP,
            )
        )
        previous = ""
    return found


def python_blocks(path: Path) -> list[Block]:
    """The ``python`` blocks of ``path``, skipped ones included (check ``skipped``)."""
    return [b for b in blocks(path) if b.language in {"python", "py"}]
