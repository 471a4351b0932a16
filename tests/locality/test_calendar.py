"""Next year's calendar: a year the installed ``chinese_calendar`` does not cover.

The year is found from the installed package, not written here, so the tests keep their meaning
when a newer ``chinese-calendar`` (allowed by ``>=1.11``) brings next year's holidays.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import orjson
from county_book import call

import casework
from casework.deadlines import package_calendar

ROOT = Path(__file__).resolve().parents[2]


def _uncovered() -> int:
    years = package_calendar()
    assert years is not None, "chinese_calendar is a dependency"
    return years.last + 1


def _first_weekday(year: int, month: int, day: int) -> dt.date:
    found = dt.date(year, month, day)
    while found.weekday() >= 5:
        found += dt.timedelta(days=1)
    return found


def test_the_dependency_allows_newer_releases():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    deps = project["project"]["dependencies"]
    calendar = [d for d in deps if d.replace("_", "-").startswith("chinese-calendar")]
    assert calendar == ["chinese-calendar>=1.11"]


def test_a_holiday_file_in_the_book_makes_an_uncovered_year_firm(tmp_path):
    year = _uncovered()
    # a 10-working-day period starting on the first weekday of March of that year
    start = _first_weekday(year, 3, 2)
    with casework.open_book(tmp_path / "plain") as plain:
        guessed = casework.due_date(start, 10, "working", calendar=plain.calendar)
    assert guessed.provisional is True
    holiday = _first_weekday(year, 3, 9)
    path = tmp_path / "book"
    casework.open_book(path).close()
    (path / "calendar").mkdir()
    (path / "calendar" / f"{year}.json").write_text(
        json.dumps({"year": year, "holidays": [holiday.isoformat()], "workdays": []}),
        encoding="utf-8",
    )
    with casework.open_book(path, allow_future=True) as book:  # next year's case, simulated
        firm = casework.due_date(start, 10, "working", calendar=book.calendar)
        assert firm.provisional is False
        # the listed holiday is not a working day: the period ends one working day later
        assert firm > guessed
        assert book.calendar.is_workday(holiday) is False
        case = book.create(
            "reconsideration",
            received_on=start,
            actor="王",
            parties=[{"role": "applicant", "name": "张三"}],
            details={"respondent": "某局", "act": {"description": "处罚决定"}},
        )
        review = case.clock("review")
        assert review is not None and review.provisional is False


def test_calendar_command_shows_the_years_covered_and_from_where(tmp_path):
    year = _uncovered()
    path = tmp_path / "book"
    assert call(path, "init", "--locality", "清河县").exit_code == 0
    (path / "calendar").mkdir()
    (path / "calendar" / f"{year}.json").write_text(
        json.dumps({"year": year, "holidays": [f"{year}-01-01"]}), encoding="utf-8"
    )
    shown = call(path, "calendar")
    assert shown.exit_code == 0, shown.output
    package = package_calendar()
    assert package is not None
    assert f"{package.first}–{package.last}" in shown.output
    assert f"chinese-calendar {package.version}" in shown.output
    assert f"calendar/{year}.json" in shown.output
    assert "暂定" in shown.output
    data = orjson.loads(call(path, "--json", "calendar").stdout)
    assert data["package"] == {
        "name": "chinese-calendar",
        "version": package.version,
        "first": package.first,
        "last": package.last,
    }
    assert data["files"] == [
        {"year": year, "path": str(path / "calendar" / f"{year}.json"), "overrides": False}
    ]
    assert data["covered"] == [package.first, year]
    en = call(path, "--lang", "en", "calendar").output
    assert "provisional" in en


def test_a_book_without_holiday_files_says_so(tmp_path):
    path = tmp_path / "book"
    assert call(path, "init", "--locality", "清河县").exit_code == 0
    data = orjson.loads(call(path, "--json", "calendar").stdout)
    assert data["files"] == []
    shown = call(path, "calendar").output
    assert "calendar/<年份>.json" in shown
