"""The recipe in ``casework_legal_aid.kind``'s docstring runs as written."""

from __future__ import annotations

import textwrap

import casework_legal_aid.kind


def recipe() -> str:
    doc = casework_legal_aid.kind.__doc__ or ""
    block = doc.split("a test\nruns this block)::\n", 1)[1]
    lines = []
    for line in block.splitlines():
        if line and not line.startswith("    "):
            break
        lines.append(line)
    return textwrap.dedent("\n".join(lines))


def test_the_recipe_runs():
    code = recipe()
    assert 'action="notify"' in code and '"review"' in code
    namespace: dict[str, object] = {}
    exec(compile(code, "kind.py recipe", "exec"), namespace)
    book = namespace["book"]
    states = sorted(c.state for c in book.find(kind="legal_aid"))  # type: ignore[attr-defined]
    assert states == ["closed", "refused", "reviewed", "terminated", "withdrawn"]
