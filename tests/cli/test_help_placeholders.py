"""Every command's ``--help`` in zh shows click's placeholders in Chinese; ``--lang en`` keeps them."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from casework.cli import cli
from casework.testing import run_cli

PLACEHOLDER = re.compile(r"\b[A-Z][A-Z0-9_]+\b")


def command_paths() -> list[list[str]]:
    """The path of every command and group, the root included (plugin commands too)."""
    found: list[list[str]] = []

    def walk(cmd: click.Command, path: list[str], parent: click.Context | None) -> None:
        ctx = click.Context(cmd, info_name=path[-1] if path else "casework", parent=parent)
        found.append(path)
        if isinstance(cmd, click.Group):
            for name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, name)
                if sub is not None and not sub.hidden:
                    walk(sub, [*path, name], ctx)

    walk(cli, [], None)
    return found


def placeholders(page: str) -> list[str]:
    """The words click wrote itself: the usage line's and the option column's, not the help."""
    words: list[str] = []
    lines = page.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(("用法:", "Usage:")):
            usage = [line, *(x for x in lines[i + 1 :] if x.startswith("     "))]
            words += PLACEHOLDER.findall(" ".join(usage).split(":", 1)[1])
        elif re.match(r"^  (-\w, )?--?\w", line):
            words += PLACEHOLDER.findall(re.split(r"\s{2,}", line.strip())[0])
    return words


PATHS = command_paths()


def test_the_walk_finds_the_commands_and_the_plugins_commands():
    names = {" ".join(p) for p in PATHS}
    assert {"", "show", "new", "act", "report", "lawyer-subsidy", "certificates"} <= names


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "casework")
def test_help_placeholders_are_chinese_in_zh_and_english_in_en(path: list[str], tmp_path: Path):
    zh = run_cli([*path, "--help"], book=tmp_path / "book")
    assert zh.exit_code == 0, zh.output
    assert "用法:" in zh.stdout and "[选项]" in zh.stdout
    assert placeholders(zh.stdout) == [], zh.stdout
    en = run_cli(["--lang", "en", *path, "--help"], book=tmp_path / "book")
    assert en.exit_code == 0, en.output
    assert "Usage:" in en.stdout and "[OPTIONS]" in en.stdout


def test_the_usual_placeholders_read_in_each_language(tmp_path: Path):
    book = tmp_path / "book"
    show = run_cli(["show", "--help"], book=book).stdout
    assert "[选项] 案件编号" in show and "--on 文字" in show
    top = run_cli(["--help"], book=book).stdout
    assert "命令 [参数]..." in top
    en = run_cli(["--lang", "en", "show", "--help"], book=book).stdout
    assert "[OPTIONS] CASE_ID" in en and "--on TEXT" in en
    en_top = run_cli(["--lang", "en", "--help"], book=book).stdout
    assert "COMMAND [ARGS]..." in en_top


def test_a_missing_argument_is_named_in_the_language_in_force(tmp_path: Path):
    zh = run_cli(["show"], book=tmp_path / "book")
    assert zh.exit_code == 2 and "案件编号" in zh.stderr and "CASE_ID" not in zh.stderr
    en = run_cli(["--lang", "en", "show"], book=tmp_path / "book")
    assert en.exit_code == 2 and "CASE_ID" in en.stderr


def test_click_outside_casework_keeps_its_placeholders():
    @click.command()
    @click.option("--n", type=int)
    @click.argument("name")
    def other(n: int, name: str) -> None:
        """Another program's command."""

    from click.testing import CliRunner

    run_cli(["--help"])  # casework's command line ran in this process
    page = CliRunner().invoke(other, ["--help"]).output
    assert "[OPTIONS] NAME" in page and "--n INTEGER" in page
