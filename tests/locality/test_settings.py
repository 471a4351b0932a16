"""The locality settings: validated on open, asked by ``init``, read per book by the kinds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import orjson
import pytest
from county_book import call

import casework
from casework.locality import Locality, parse_locality

D = dt.date


def _config(path: Path, data: object) -> None:
    casework.open_book(path).close()
    (path / "config.json").write_bytes(orjson.dumps(data))


def test_a_book_without_settings_is_a_neutral_county():
    with casework.open_book(":memory:") as book:
        where = book.locality
        assert where == Locality()
        assert (where.area, where.government_short, where.display_name) == (
            "全县",
            "县政府",
            "本县",
        )
        assert book.number_format("reconsideration") == "政复〔{year}〕{seq}号"


def test_wrong_settings_are_refused_on_open_naming_each_field(tmp_path):
    path = tmp_path / "book"
    _config(
        path,
        {
            "locality": {
                "name": "清河县",
                "level": "省",
                "cout": "x",
                "rules": {"mediation_subsidy": [{"file": "missing.toml"}]},
            }
        },
    )
    with pytest.raises(casework.ValidationError) as caught:
        casework.open_book(path)
    problems = " ".join(caught.value.problems)
    assert "locality.level" in problems and "locality.cout" in problems
    assert "locality.rules.mediation_subsidy[0].file" in problems
    assert "Traceback" not in str(caught.value)


def test_rules_files_stay_inside_the_book_and_carry_dates(tmp_path):
    with pytest.raises(casework.ValidationError, match="locality.rules.x\\[0\\].file"):
        parse_locality({"name": "清河县", "rules": {"x": [{"file": "../etc/passwd"}]}}, tmp_path)
    (tmp_path / "a.toml").write_text("", encoding="utf-8")
    (tmp_path / "b.toml").write_text("", encoding="utf-8")
    where = parse_locality(
        {
            "name": "清河县",
            "rules": {
                "x": [
                    {"file": "b.toml", "effective_from": "2023-09-01"},
                    {"file": "a.toml", "effective_from": "2021-01-01"},
                ]
            },
        },
        tmp_path,
    )
    assert where.rules_file("x", D(2022, 5, 1)) == tmp_path / "a.toml"
    assert where.rules_file("x", D(2023, 9, 1)) == tmp_path / "b.toml"
    assert where.rules_file("x") == tmp_path / "b.toml"
    assert where.rules_file("x", D(2020, 1, 1)) is None
    with pytest.raises(casework.ValidationError, match="effective_from"):
        parse_locality(
            {"rules": {"x": [{"file": "a.toml", "effective_from": "2021-13-01"}]}}, tmp_path
        )


def test_init_asks_at_a_terminal_with_derived_defaults(tmp_path, monkeypatch):
    import casework.cli.commands as commands

    monkeypatch.setattr(commands, "stdin_is_tty", lambda: True)
    path = tmp_path / "book"
    # name, then Enter for level, short, government, bureau; a court name typed; Enter
    answers = "\n".join(["清河县", "", "", "", "", "河北省清河县人民法院", ""]) + "\n"
    result = call(path, "init", input=answers)
    assert result.exit_code == 0, result.output
    assert "本地名称" in result.output and "[清河县司法局]" in result.output
    with casework.open_book(path) as book:
        assert book.locality.court_name == "河北省清河县人民法院"
        assert book.locality.bureau_name == "清河县司法局"
        assert book.number_format("reconsideration") == "清政复〔{year}〕{seq}号"


def test_init_options_for_scripts_and_a_clear_error(tmp_path):
    path = tmp_path / "book"
    made = call(path, "--json", "init", "--locality", "海淀区", "--short", "海淀")
    assert made.exit_code == 0, made.output
    assert orjson.loads(made.stdout)["locality"]["short"] == "海淀"
    with casework.open_book(path) as book:
        assert book.number_format("reconsideration") == "海淀政复〔{year}〕{seq}号"
        assert book.locality.area == "全区"
    bad = call(tmp_path / "other", "init", "--locality", "清河县", "--level", "省")
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert "locality.level" in bad.output
    assert not (tmp_path / "other" / "config.json").exists()


def test_legal_aid_closing_periods_are_per_book(tmp_path):
    """Two books in one process: only the one naming a closing-periods file uses it."""
    casework.open_book(tmp_path / "own").close()
    local = tmp_path / "own" / "legal_aid" / "closing.toml"
    local.parent.mkdir(parents=True)
    local.write_text("[periods]\nfiling_days = 15\n", encoding="utf-8")
    closes = {}
    for name in ("own", "plain"):
        with casework.open_book(tmp_path / name) as book:
            if name == "own":
                rules = {"legal_aid_closing": "legal_aid/closing.toml"}
                book.configure(parse_locality({"name": "清河县", "rules": rules}, book.root))
            case = book.create(
                "legal_aid",
                received_on=D(2020, 8, 3),
                actor="a",
                action="notify",
                parties=[{"role": "defendant", "name": "张某"}],
                details={"category": "criminal", "matter": "m"},
                data={"organ": "清河县人民法院", "organ_kind": "court", "letter_number": "1"},
            )
            lawyer = {"assignee": "王律师", "firm": "甲所", "letter_number": "2"}
            book.act(case.id, "appoint", on=D(2020, 8, 4), actor="a", data=lawyer)
            done = book.act(
                case.id, "close", on=D(2020, 9, 1), actor="a", data={"outcome": "judgment"}
            )
            clock = done.clock("filing")
            assert clock is not None
            closes[name] = clock.due_on
    # Sep 1 + 15 = Wed Sep 16; the default 30 days end Oct 1, a holiday, rolled to Oct 9
    assert closes == {"own": D(2020, 9, 16), "plain": D(2020, 10, 9)}


def test_mediation_reads_the_subsidy_file_the_settings_name(tmp_path):
    from casework_mediation.rules import book_rules_path, example_rules_path

    with casework.open_book(tmp_path / "book") as book:
        assert book_rules_path(book) == example_rules_path()
        own = book.root / "local" / "2021.toml"
        own.parent.mkdir()
        own.write_text(example_rules_path().read_text(encoding="utf-8"), encoding="utf-8")
        book.configure(
            parse_locality(
                {"name": "清河县", "rules": {"mediation_subsidy": [{"file": "local/2021.toml"}]}},
                book.root,
            )
        )
        assert book_rules_path(book) == own
    with casework.open_book(tmp_path / "book") as again:
        assert again.locality.rules_file("mediation_subsidy") == own


def test_settings_survive_reopening_on_every_store(book_path_of):
    """A folder keeps them in config.json, a server book in a side table."""
    where = book_path_of()
    with casework.open_book(where) as book:
        book.configure(parse_locality({"name": "清河县"}, book.root))
    with casework.open_book(where) as again:
        assert again.locality.name == "清河县"
        assert again.number_format("reconsideration") == "清政复〔{year}〕{seq}号"


def test_names_pass_the_text_policy():
    with pytest.raises(casework.ValidationError) as caught:
        parse_locality({"name": "清河县\u202e", "court": "x" * 41, "bureau": "{year}局"})
    problems = " ".join(caught.value.problems)
    assert "locality.name" in problems and "locality.court" in problems
    assert "locality.bureau" in problems
    assert parse_locality({"name": "清河县 "}).name == "清河县"
