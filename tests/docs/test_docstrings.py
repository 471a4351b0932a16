"""Every public name has a docstring: ``casework.__all__`` and the core modules' public API."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

import casework

SRC = Path(casework.__file__).parent
CORE = sorted(p for p in SRC.glob("*.py") if p.name not in {"__main__.py"})


def _module_docstrings(path: Path) -> dict[str, bool]:
    """Top-level name -> whether it has a docstring (a string right after an assignment counts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: dict[str, bool] = {}
    body = tree.body
    for i, node in enumerate(body):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found[node.name] = ast.get_docstring(node) is not None
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            following = body[i + 1] if i + 1 < len(body) else None
            documented = (
                isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)
            )
            for target in targets:
                if isinstance(target, ast.Name):
                    found[target.id] = documented
    return found


def _assigned_docstring(name: str) -> bool:
    """Whether a core module assigns ``name`` at top level with a docstring after it."""
    seen = [_module_docstrings(path) for path in CORE]
    defined = [found[name] for found in seen if name in found]
    assert defined, f"cannot find where casework.{name} is assigned"
    return any(defined)


# Known gaps in the core, each to be fixed there; strict, so a fix turns the mark into a failure
# that says to remove it.
KNOWN_GAPS: dict[str, str] = {}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[n]))
        if n in KNOWN_GAPS
        else n
        for n in sorted(casework.__all__)
    ],
)
def test_public_name_has_a_docstring(name: str) -> None:
    obj = getattr(casework, name)
    if inspect.isclass(obj) or inspect.isfunction(obj):
        assert (obj.__doc__ or "").strip(), f"casework.{name} has no docstring"
        assert "__doc__" in vars(obj) if inspect.isclass(obj) else True, name
    else:
        assert _assigned_docstring(name), f"casework.{name} has no docstring"


def _public_defs(path: Path) -> list[tuple[str, bool]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[tuple[str, bool]] = [(path.stem, ast.get_docstring(tree) is not None)]
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            out.append((node.name, ast.get_docstring(node) is not None))
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef) and not item.name.startswith("_"):
                        documented = ast.get_docstring(item) is not None
                        out.append((f"{node.name}.{item.name}", documented))
    return out


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_core_module_public_defs_have_docstrings(path: Path) -> None:
    missing = [name for name, documented in _public_defs(path) if not documented]
    assert missing == [], f"{path.name}: no docstring on {missing}"


def test_checker_sees_a_missing_docstring(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        '"""Doc."""\n\nX = 1\n"""X doc."""\nY = 2\n\n\ndef f():\n    pass\n\n\n'
        'class C:\n    """C."""\n\n    def m(self):\n        pass\n\n    def _p(self):\n'
        "        pass\n",
        encoding="utf-8",
    )
    assert _module_docstrings(module) == {"X": True, "Y": False, "f": False, "C": True}
    assert [n for n, ok in _public_defs(module) if not ok] == ["f", "C.m"]
