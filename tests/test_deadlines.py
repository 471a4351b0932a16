import datetime as dt
import json

import pytest

from casework import Calendar, ValidationError, due_date
from casework.deadlines import PackageYears, add_months, package_calendar

D = dt.date


# The four rules the core issue names, from domain.md section 0 and the 2020/2026 calendars.
@pytest.mark.parametrize(
    ("start", "days", "unit", "expected", "provisional"),
    [
        (D(2020, 8, 3), 60, "natural", D(2020, 10, 9), False),  # ends in National Day holiday
        (D(2020, 4, 30), 5, "natural", D(2020, 5, 6), False),  # ends in Labour Day holiday
        (D(2020, 9, 28), 3, "working", D(2020, 10, 9), False),  # skips Oct 1-8
        pytest.param(
            *(D(2026, 11, 25), 60, "natural", D(2027, 1, 25), True),  # 2027 unknown: weekends
            marks=pytest.mark.skipif(
                (package_calendar() or PackageYears("", 0, 0)).last >= 2027,
                reason="the installed chinese-calendar covers 2027",
            ),
        ),
    ],
)
def test_statutory_examples(start, days, unit, expected, provisional):
    due = due_date(start, days, unit)
    assert due == expected
    assert due.provisional is provisional


def test_start_day_not_counted_and_no_roll_on_workday():
    assert due_date(D(2020, 3, 2), 10) == D(2020, 3, 12)


def test_adjusted_saturday_workday_is_a_working_day():
    # 2020-10-10 (Saturday) was a 调休 working day: a period ending on it does not roll.
    assert due_date(D(2020, 10, 5), 5) == D(2020, 10, 10)
    # 2024-09-29 (Sunday) was a working day: counted in a working-day period.
    assert due_date(D(2024, 9, 27), 5, "working") == D(2024, 10, 10)


def test_weekend_end_rolls_to_monday():
    assert due_date(D(2020, 6, 3), 3) == D(2020, 6, 8)  # 6-6 is a Saturday


def test_months_clamp_to_month_end_and_roll():
    assert add_months(D(2020, 8, 31), 6) == D(2021, 2, 28)
    assert due_date(D(2020, 1, 31), 1, "months") == D(2020, 3, 2)  # 2-29 is a Saturday


def test_working_days_over_spring_festival_2020_extension():
    # 2020-01-24 .. 2020-02-02 were all rest days (the holiday was extended).
    # 01-23 is the first working day, then 02-03 .. 02-06.
    assert due_date(D(2020, 1, 22), 5, "working") == D(2020, 2, 6)


def test_pause_moves_natural_due_date():
    base = due_date(D(2020, 3, 2), 60)
    paused = due_date(D(2020, 3, 2), 60, pauses=[(D(2020, 3, 10), D(2020, 3, 20))])
    assert base == D(2020, 5, 6)  # 05-01 ends in the Labour Day holiday
    assert paused == D(2020, 5, 11)  # 05-11 = 05-01 + 10 days


def test_pause_in_working_days_skips_the_paused_workdays():
    plain = due_date(D(2020, 6, 1), 5, "working")
    paused = due_date(D(2020, 6, 1), 5, "working", pauses=[(D(2020, 6, 2), D(2020, 6, 4))])
    assert plain == D(2020, 6, 8)
    assert paused == D(2020, 6, 10)


def test_user_holiday_file_makes_2027_firm(tmp_path):
    path = tmp_path / "2027.json"
    path.write_text(
        json.dumps({"year": 2027, "holidays": ["2027-01-01", "2027-01-25"], "workdays": []}),
        encoding="utf-8",
    )
    cal = Calendar.from_files([path])
    due = due_date(D(2026, 11, 25), 60, calendar=cal)
    assert due == D(2027, 1, 26)
    assert due.provisional is False


def test_bad_holiday_file_names_the_field(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"year": 2027, "holidays": ["2027-02-30"]}', encoding="utf-8")
    with pytest.raises(ValidationError, match="2027-02-30"):
        Calendar.from_files([path])


def test_bad_unit_and_negative_days():
    with pytest.raises(ValidationError, match="unit"):
        due_date(D(2020, 1, 1), 3, "weeks")
    with pytest.raises(ValidationError):
        due_date(D(2020, 1, 1), -1)
