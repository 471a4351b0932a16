"""Test helpers for casework plugins, shipped as a pytest plugin.

casework registers this module with pytest (entry point group ``pytest11``), so a plugin's own
tests get, with no conftest:

- the ``book`` fixture: a book in memory (``:memory:``); ``folder_book``: a book in a temporary
  folder, with real TinyDB files;
- :func:`registered`, to load a plugin object for one test (``with registered(MyPlugin()):``);
- :func:`run_cli`, to run ``python -m casework`` in process and get its exit code and output,
  rendered at a fixed width with colours off;
- :func:`kind_contract`, the checks every case type should pass: a valid declaration, every state
  reachable from a new case, a final state reachable from every state, every clock's actions
  declared, labels in Chinese and English.

A plugin installed through its entry point is loaded already; :func:`registered` is for plugin
objects defined in the test itself. A project that defines its own ``book`` fixture keeps it (a
conftest fixture overrides a plugin's); ``pytest -p no:casework`` turns this plugin off.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import attrs
import pytest

from casework import declarations, plugins
from casework.book import Book, open_book
from casework.i18n import Label, set_language
from casework.workflow import NEW, CaseType, Workflow

WIDTH = 100
"""The terminal width :func:`run_cli` renders at."""

_CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture
def book() -> Iterator[Book]:
    """A fresh book in memory, closed after the test."""
    with open_book(":memory:") as opened:
        yield opened


@pytest.fixture
def folder_book(tmp_path: Path) -> Iterator[Book]:
    """A fresh book in a temporary folder (real files on disk), closed after the test."""
    with open_book(tmp_path / "book") as opened:
        yield opened


@contextlib.contextmanager
def registered(plugin: object, name: str | None = None) -> Iterator[str]:
    """Register ``plugin`` for the block and unregister it after; yields its registered name.

    Raises :class:`~casework.errors.PluginError` as :func:`casework.register_plugin` does (an
    unknown hook, a kind name or code already taken, an invalid declaration).
    """
    chosen = plugins.register_plugin(plugin, name)
    try:
        yield chosen
    finally:
        plugins.unregister_plugin(chosen)


@attrs.frozen
class CliResult:
    """What :func:`run_cli` returns: the exit code and the text written (no colours)."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Standard output, then standard error."""
        return self.stdout + self.stderr


def run_cli(
    args: Sequence[str],
    *,
    book: str | Path | None = None,
    input: str | None = None,
    width: int = WIDTH,
) -> CliResult:
    """Run ``casework ARGS`` in process on ``book`` (a folder; default ``$CASEWORK_BOOK``).

    Output is rendered ``width`` columns wide with colours off; the language goes back to zh-CN
    afterwards. Prompts read ``input``.
    """
    from click.testing import CliRunner

    from casework.cli import cli

    prefix = ["--book", str(book)] if book is not None else []
    result = CliRunner().invoke(
        cli,
        [*prefix, *args],
        input=input,
        env={"COLUMNS": str(width), "NO_COLOR": "1", "TERM": "dumb"},
        catch_exceptions=False,
    )
    set_language("zh")
    return CliResult(result.exit_code, result.stdout, result.stderr)


def _labels(where: str, label: Label | None) -> list[str]:
    if label is None or not label.zh.strip() or not label.en.strip():
        return [f"{where}: needs a label in both zh and en"]
    if not _CJK.search(label.zh):
        return [f"{where}: the zh label {label.zh!r} has no Chinese"]
    return []


def _reachable(workflow: Workflow) -> set[str]:
    seen: set[str] = {NEW}
    frontier = [NEW]
    while frontier:
        state = frontier.pop()
        for action in workflow.actions:
            if state in action.sources and action.target and action.target not in seen:
                seen.add(action.target)
                frontier.append(action.target)
    return seen - {NEW}


def _ends(workflow: Workflow, start: str) -> bool:
    seen = {start}
    frontier = [start]
    while frontier:
        state = frontier.pop()
        if workflow.state(state).final:
            return True
        for action in workflow.actions:
            if state in action.sources and action.target and action.target not in seen:
                seen.add(action.target)
                frontier.append(action.target)
    return False


def contract_problems(case_type: CaseType) -> list[str]:
    """Everything :func:`kind_contract` finds wrong with ``case_type``, one line each."""
    found = list(declarations.problems(case_type))
    found.extend(_labels("label", case_type.label))
    for role, label in case_type.roles.items():
        found.extend(_labels(f"roles[{role}]", label))
    for workflow in case_type.workflows:
        where = f"workflows[{workflow.name}]"
        reached = _reachable(workflow)
        if not any(s.final for s in workflow.states):
            found.append(f"{where}: declares no final state")
        for state in workflow.states:
            found.extend(_labels(f"{where}.states[{state.name}]", state.label))
            if state.name not in reached:
                found.append(f"{where}.states[{state.name}]: no action leads to it from a new case")
            elif not _ends(workflow, state.name):
                found.append(f"{where}.states[{state.name}]: no final state can be reached from it")
        names = {a.name for a in workflow.actions}
        expiring = {r.expiry.action for r in workflow.clocks if r.expiry and r.expiry.action}
        for action in workflow.actions:
            found.extend(_labels(f"{where}.actions[{action.name}]", action.label))
            if action.system and action.name not in expiring:
                found.append(
                    f"{where}.actions[{action.name}]: a system action no clock's expiry applies"
                )
        for rule in workflow.clocks:
            found.extend(_labels(f"{where}.clocks[{rule.name}]", rule.label))
            for name in sorted(rule.actions() - names):
                found.append(f"{where}.clocks[{rule.name}]: action {name} does not exist")
    return found


def kind_contract(case_type: CaseType) -> None:
    """Assert that ``case_type`` keeps the contract every kind should keep.

    Its declaration is valid; every state is reachable from a new case and can reach a final
    state; every action a clock names exists, and every system action is some clock's expiry;
    the kind, its roles, states, actions and clocks have labels in Chinese and English. Raises
    ``AssertionError`` listing every problem.
    """
    problems = contract_problems(case_type)
    if problems:
        raise AssertionError(
            f"case type {case_type.name} breaks the contract:\n  " + "\n  ".join(problems)
        )


__all__ = [
    "WIDTH",
    "CliResult",
    "book",
    "contract_problems",
    "folder_book",
    "kind_contract",
    "registered",
    "run_cli",
]
