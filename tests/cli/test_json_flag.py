from __future__ import annotations

from cli_helpers import Run, json_of


def test_json_may_follow_the_subcommand(run: Run, opened: str) -> None:
    before = json_of(run("--json", "show", opened))
    after = json_of(run("show", opened, "--json"))
    assert before == after
    assert after["id"] == opened


def test_report_json_after_the_subcommand_as_the_issue_writes_it(run: Run, opened: str) -> None:
    data = json_of(run("report", "--year", "2024", "--json"))
    assert data["year"] == 2024


def test_subcommands_of_a_group_accept_it_too(run: Run, opened: str) -> None:
    # committees is a group added by the built-in mediation plugin through register_commands
    assert json_of(run("committees", "list", "--json")) == []
