"""Meta-tests: every hook has a section in docs/plugin_hooks.md headed by its exact signature."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from casework import hookspecs
from casework.plugins import pm

PAGE = Path(__file__).resolve().parents[2] / "docs" / "plugin_hooks.md"
HEADING = re.compile(r"^## (?P<name>\w+)\((?P<args>[^)]*)\)\s*$", re.MULTILINE)


def hook_names() -> list[str]:
    return sorted(name for name in dir(pm.hook) if not name.startswith("_"))


def documented() -> dict[str, tuple[str, str]]:
    """Hook name -> (argument list in its heading, the text of its section)."""
    text = PAGE.read_text(encoding="utf-8")
    matches = list(HEADING.finditer(text))
    sections = {}
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        sections[match["name"]] = (match["args"], text[match.end() : end])
    return sections


def test_there_are_hooks() -> None:
    assert {"register_case_types", "after_action", "report_sections"} <= set(hook_names())


@pytest.mark.parametrize("name", hook_names())
def test_hook_has_a_heading_with_its_exact_signature(name: str) -> None:
    sections = documented()
    assert name in sections, f"docs/plugin_hooks.md lacks a section '## {name}(...)'"
    args, body = sections[name]
    expected = ", ".join(getattr(pm.hook, name).spec.argnames)
    assert args == expected, f"heading says {name}({args}); the hook is {name}({expected})"
    for arg in getattr(pm.hook, name).spec.argnames:
        assert f"**`{arg}`**" in body, f"{name}: argument {arg} is not described"
    assert "**When**" in body, f"{name}: the section does not say when the hook is called"
    assert "```python" in body, f"{name}: the section has no example"


def test_no_section_for_a_hook_that_does_not_exist() -> None:
    assert sorted(documented()) == hook_names()


def test_every_hookspec_has_a_docstring() -> None:
    for name in hook_names():
        spec = getattr(hookspecs, name)
        assert spec.__doc__ and spec.__doc__.strip(), name
