"""casework.testing: the pytest plugin a plugin author's tests use."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import attrs
import pytest

import casework
from casework import Action, CaseType, ClockRule, Expiry, Label, State, Workflow, hookimpl
from casework.testing import contract_problems, kind_contract, registered, run_cli


@attrs.frozen
class Details:
    matter: str = ""


def _kind(states: list[State], actions: list[Action], clocks: list[ClockRule] = ()) -> CaseType:
    return CaseType(
        name="kit",
        label=Label("测试", "kit"),
        details=Details,
        code="KT",
        workflows=[Workflow("V1", dt.date(2000, 1, 1), states, actions, clocks)],
    )


OPEN = State("open", Label("办理中", "open"))
DONE = State("done", Label("办结", "done"), final=True)
RECEIVE = Action("receive", Label("登记", "receive"), sources=casework.NEW, target="open")
CLOSE = Action("close", Label("办结", "close"), sources="open", target="done")


@pytest.mark.parametrize(
    "kind",
    [
        "reconsideration",
        "litigation",
        "legal_aid",
        "mediation",
        "commitment",
        "certificate",
        "consultation",
    ],
)
def test_the_builtin_kinds_keep_the_contract(kind: str) -> None:
    kind_contract(casework.case_type(kind))


def test_the_contract_finds_what_a_kind_gets_wrong() -> None:
    orphan = State("orphan", Label("孤立", "orphan"))
    stuck = State("stuck", Label("搁置", "stuck"))
    untranslated = State("limbo", Label("limbo", "limbo"))
    park = Action("park", Label("搁置", "park"), sources="open", target="stuck")
    ghost = Action("ghost", Label("系统", "ghost"), sources="open", target="done", system=True)
    wander = Action("wander", Label("转入", "wander"), sources="open", target="limbo")
    finish = Action("finish", Label("办结", "finish"), sources="limbo", target="done")
    kind = _kind(
        [OPEN, DONE, orphan, stuck, untranslated], [RECEIVE, CLOSE, park, ghost, wander, finish]
    )
    problems = contract_problems(kind)
    assert "workflows[V1].states[orphan]: no action leads to it from a new case" in problems
    assert "workflows[V1].states[stuck]: no final state can be reached from it" in problems
    assert "workflows[V1].actions[ghost]: a system action no clock's expiry applies" in problems
    assert "workflows[V1].states[limbo]: the zh label 'limbo' has no Chinese" in problems
    with pytest.raises(AssertionError, match="case type kit breaks the contract"):
        kind_contract(kind)
    good = _kind(
        [OPEN, DONE],
        [RECEIVE, CLOSE, attrs.evolve(ghost, name="lapse")],
        [
            ClockRule(
                "handle",
                Label("办理期限", "handling"),
                30,
                "natural",
                starts_on="receive",
                stops_on="close",
                expiry=Expiry(Label("视为办结", "deemed done"), action="lapse"),
            )
        ],
    )
    kind_contract(good)
    bad_unit = attrs.evolve(
        good,
        workflows=[
            attrs.evolve(
                good.workflows[0],
                clocks=[attrs.evolve(good.workflows[0].clocks[0], unit="natrual")],
            )
        ],
    )
    assert any("unit" in p for p in contract_problems(bad_unit))


class KitPlugin:
    __name__ = "kit-plugin"

    @hookimpl
    def register_case_types(self, register):  # type: ignore[no-untyped-def]
        register(_kind([OPEN, DONE], [RECEIVE, CLOSE]))


def test_registered_loads_a_plugin_for_the_block() -> None:
    with registered(KitPlugin()) as name:
        assert name == "kit-plugin"
        assert casework.case_type("kit").code == "KT"
    assert "kit" not in casework.case_types()
    assert "kit-plugin" not in casework.plugins.failures()


def test_run_cli_gives_the_exit_code_and_output_at_a_fixed_width(tmp_path: Path) -> None:
    made = run_cli(["init"], book=tmp_path / "book")
    assert made.exit_code == 0 and "已创建案件簿" in made.stderr
    shown = run_cli(["kinds"], book=tmp_path / "book", width=60)
    assert shown.exit_code == 0 and "行政复议" in shown.stdout
    assert max(len(line) for line in shown.stdout.splitlines()) <= 60
    assert "\x1b[" not in shown.output
    english = run_cli(["--lang", "en", "kinds"], book=tmp_path / "book")
    assert "administrative reconsideration" in english.stdout.lower()
    from casework.i18n import get_language

    assert get_language() == "zh"
    missing = run_cli(["show", "RC2020-0001"], book=tmp_path / "book")
    assert missing.exit_code == 1 and "RC2020-0001" in missing.stderr


def test_a_plugins_tests_get_the_fixtures_with_no_conftest(tmp_path: Path) -> None:
    """Loaded through the pytest11 entry point: a bare test module sees book and the helpers."""
    (tmp_path / "test_mine.py").write_text(
        textwrap.dedent(
            """
            import datetime as dt

            import casework
            from casework.testing import kind_contract


            def test_book(book):
                assert book.root is None and book.ids() == []


            def test_folder_book(folder_book):
                assert (folder_book.root / "book.json").is_file()


            def test_contract():
                kind_contract(casework.case_type("reconsideration"))
            """
        ),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CASEWORK_", "PYTEST_"))}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "3 passed" in done.stdout
