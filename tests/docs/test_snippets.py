"""Every ``python`` block of the guides runs, in order, in a fresh namespace and a temporary folder."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from snippets import SKIP, python_blocks

import casework
from casework import plugins

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = ["tutorial.md", "plugins.md", "embedding.md", "plugin_hooks.md", "locality.md"]
# Blocks allowed to be skipped, per page: each one is marked in the page and says why.
MAX_SKIPPED = {
    "tutorial.md": 0,
    "plugins.md": 2,
    "embedding.md": 2,
    "plugin_hooks.md": 0,
    "locality.md": 0,
}


@pytest.fixture
def clean_plugins() -> Iterator[None]:
    """Unregister whatever plugins a page registered (entry points are loaded first)."""
    plugins.load_plugins()
    before = {name for name, _ in plugins.pm.list_name_plugin()}
    try:
        yield
    finally:
        for name, _ in list(plugins.pm.list_name_plugin()):
            if name not in before:
                casework.unregister_plugin(name)
        casework.set_language("zh")


@pytest.mark.parametrize("page", PAGES)
def test_page_code_runs(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clean_plugins: None
) -> None:
    path = DOCS / page
    found = python_blocks(path)
    runnable = [b for b in found if not b.skipped]
    assert runnable, f"{page} has no python block to run"
    assert len(found) - len(runnable) <= MAX_SKIPPED[page], f"{page}: too many blocks skipped"
    monkeypatch.chdir(tmp_path)
    module_name = f"docs_{path.stem}"
    module = types.ModuleType(module_name)
    module.__file__ = str(tmp_path / f"{module_name}.py")
    monkeypatch.setitem(sys.modules, module_name, module)
    for block in runnable:
        code = compile(block.code, f"{path}:{block.line}", "exec")
        try:
            exec(code, module.__dict__)
        except Exception as exc:
            raise AssertionError(f"{page} line {block.line} failed: {exc!r}") from exc


def test_extractor_honours_markers(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "text\n\n```python\na = 1\n```\n\n"
        f"{SKIP}\n```python\nraise SystemExit\n```\n\n"
        '```python title="x.py" no-run\nraise SystemExit\n```\n\n'
        "```toml\n[x]\n```\n\n"
        "- item\n\n    ```python\n    b = 2\n    ```\n",
        encoding="utf-8",
    )
    found = python_blocks(page)
    assert [(b.code, b.skipped) for b in found] == [
        ("a = 1\n", False),
        ("raise SystemExit\n", True),
        ("raise SystemExit\n", True),
        ("b = 2\n", False),
    ]
