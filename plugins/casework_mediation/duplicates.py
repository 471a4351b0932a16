"""Possible duplicate disputes: a documented rule an office can adjust, that flags and never refuses.

One dispute is paid once (一案一补), however many sessions it takes; but two disputes between the
same people months apart are two cases. The rule says when a newly registered dispute *may* repeat
an earlier one:

- **parties**: the same set of parties (agents left out), by ID number when both cases give one,
  else by name;
- **subject**: the same dispute type (``same_dispute_type``) and, when ``same_committee``, the
  same committee;
- **time window**: registered within ``window_days`` natural days of the earlier case (default 30,
  the month in which PMR02 Art. 33 expects a dispute to be settled).

A match is recorded on the new case as the flag ``possible_duplicate`` (action
``record_duplicate``, by the system) for the officer to look at; nothing is refused. If the officer
finds it is the same dispute, ``confirm_duplicate`` with ``{"of": "MD2020-0001"}`` says so, and the
以案定补 engine then pays it nothing (reason ``duplicate``); an unconfirmed possible duplicate is paid
and listed with a warning.

An office adjusts the rule in a TOML file its book's settings name (``mediation_duplicates``, see
:mod:`casework.locality`; conventionally ``<book>/mediation/duplicates.toml``)::

    [duplicates]
    window_days = 60          # 0 turns the check off
    same_committee = true
    same_dispute_type = true
"""

from __future__ import annotations

import datetime as dt
import tomllib
import weakref
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from casework.errors import ValidationError
from casework.i18n import tr
from casework.model import Case
from casework_mediation.codes import KIND

if TYPE_CHECKING:
    from casework.book import Book

RULES_KEY = "mediation_duplicates"
"""The key of the rules file in the book's locality settings."""


@attrs.frozen
class DuplicateRule:
    """When a dispute may repeat an earlier one (see the module)."""

    window_days: int = 30
    same_committee: bool = True
    same_dispute_type: bool = True

    def matches(self, earlier: Case, later: Case) -> bool:
        """Whether ``later`` may repeat ``earlier`` under this rule."""
        if self.window_days <= 0 or earlier.id == later.id:
            return False
        gap = abs((later.received_on - earlier.received_on).days)
        if gap > self.window_days:
            return False
        first, second = earlier.details, later.details
        if self.same_committee and first.committee != second.committee:
            return False
        if self.same_dispute_type and first.dispute_type != second.dispute_type:
            return False
        return _people(earlier) == _people(later) and bool(_people(later))


def _people(case: Case) -> frozenset[str]:
    return frozenset(p.id_number or p.name for p in case.parties if p.role != "agent")


def parse_rule(raw: Mapping[str, Any], where: str) -> DuplicateRule:
    """Validate ``{"duplicates": {...}}`` read from ``where``; one error lists every problem."""
    table = raw.get("duplicates", {})
    problems: list[str] = []
    if not isinstance(table, Mapping):
        raise ValidationError(
            tr(f"{where}: duplicates 应为表", f"{where}: duplicates must be a table"),
            hint="[duplicates]\nwindow_days = 30",
        )
    known = {"window_days", "same_committee", "same_dispute_type"}
    for key in sorted(set(table) - known):
        problems.append(
            tr(
                f"duplicates.{key}: 未知的键(可用: {', '.join(sorted(known))})",
                f"duplicates.{key}: unknown key (known: {', '.join(sorted(known))})",
            )
        )
    window = table.get("window_days", 30)
    if isinstance(window, bool) or not isinstance(window, int) or not 0 <= window <= 3660:
        problems.append(
            tr(
                "duplicates.window_days: 应为0至3660的整数(0 表示不检查)",
                "duplicates.window_days: a whole number from 0 to 3660 (0 turns it off)",
            )
        )
        window = 30
    flags = {}
    for key in ("same_committee", "same_dispute_type"):
        value = table.get(key, True)
        if not isinstance(value, bool):
            problems.append(
                tr(f"duplicates.{key}: 应为 true 或 false", f"duplicates.{key}: true or false")
            )
            value = True
        flags[key] = value
    if problems:
        raise ValidationError(
            tr(f"重复纠纷规则文件 {where} 有错误", f"duplicate rule file {where} has errors"),
            problems=problems,
            hint=tr("格式见 docs/kinds/mediation.md", "the format is in docs/kinds/mediation.md"),
        )
    return DuplicateRule(window_days=window, **flags)


def load_rule(path: str | Path) -> DuplicateRule:
    """Read the rule from a TOML file."""
    file = Path(path)
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError(
            tr(f"无法读取重复纠纷规则 {file}", f"cannot read the duplicate rule {file}"),
            problems=[str(exc)],
            hint=tr("修正该文件", "repair the file"),
        ) from None
    return parse_rule(raw, str(file))


def book_rule(book: Book) -> DuplicateRule:
    """The rule of ``book``: its ``mediation_duplicates`` file, else the default."""
    path = book.locality.rules_file(RULES_KEY)
    return DuplicateRule() if path is None else load_rule(path)


def possible_duplicates(rule: DuplicateRule, case: Case, others: Iterable[Case]) -> list[str]:
    """Ids of the cases among ``others``, received before ``case``, that it may repeat."""
    return [
        other.id
        for other in others
        if (other.received_on, other.id) < (case.received_on, case.id) and rule.matches(other, case)
    ]


class _Index:
    """The registered disputes of one open book, by set of parties, for the years loaded.

    Kept in memory per :class:`~casework.book.Book` object: a year is read once (when a dispute
    of the window first needs it), and every dispute registered through the book is added as it
    is stored, so registering many disputes stays linear.
    """

    def __init__(self) -> None:
        self.years: set[int] = set()
        self.by_people: dict[frozenset[str], dict[str, Case]] = {}

    def add(self, case: Case) -> None:
        people = _people(case)
        if people:
            self.by_people.setdefault(people, {})[case.id] = case

    def load(self, book: Book, years: Iterable[int]) -> None:
        for year in sorted(set(years) - self.years):
            for case in book.find(kind=KIND, year=year):
                self.add(case)
            self.years.add(year)


_INDEXES: weakref.WeakKeyDictionary[Book, _Index] = weakref.WeakKeyDictionary()


def after_creation(book: Book, case: Case) -> Case | None:
    """Flag a new dispute that may repeat an earlier one (``record_duplicate``); never refuse it."""
    people = _people(case)
    if not people:
        return None
    rule = book.memo("mediation.duplicate_rule", lambda: book_rule(book))
    if rule.window_days <= 0:
        return None
    index = _INDEXES.get(book)
    if index is None:
        index = _INDEXES[book] = _Index()
    first = (case.received_on - dt.timedelta(days=rule.window_days)).year
    index.load(book, range(first, case.received_on.year + 1))
    index.add(case)
    found = possible_duplicates(rule, case, index.by_people.get(people, {}).values())
    if not found:
        return None
    current = book.get(case.id)
    return book.act(
        case.id,
        "record_duplicate",
        on=current.events[-1].on,
        actor="system",
        data={"of": found, "window_days": rule.window_days},
        expected_version=current.version,
    )
