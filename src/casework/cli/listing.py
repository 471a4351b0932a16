"""Fast selection over the stored records, for ``list`` and ``dashboard``.

A book of thousands of cases must list in a blink. For a day from today on (nothing is dated
after it), ``list --open`` and the dashboard read the open-case index and the kept tally, never
the shards, and load a case only where a lapse may have changed it (its row has a period that
ran out before the day, or an event on the day): that case is then shown as
:func:`casework.workflow.as_of` decides. For a past day, or other filters, the filters run on the
stored records (plain dicts read shard by shard, each shard once). Either way only the cases of
the page shown are loaded as :class:`~casework.model.Case`. The filters read generic fields only:
kind, state, year of receipt, ``closed_on``, the events' actors and the periods' due dates.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections import Counter
from collections.abc import Collection, Iterator
from typing import Any

from casework.book import (
    Book,
    index_tells,
    lapsing_periods,
    record_may_change,
    row_may_change,
)
from casework.errors import CaseworkWarning
from casework.model import Case, Clock
from casework.plugins import case_types
from casework.serialize import case_to_record
from casework.store import Transaction
from casework.workflow import SYSTEM_ACTOR


def _records(
    book: Book, kind: str | None, year: int | None, on: dt.date
) -> Iterator[dict[str, Any]]:
    """The stored records (of ``kind``) as they stand on ``on``, received by then.

    A record is replaced by the case as of ``on`` only where a later event or a lapsed period
    can make them differ (rarely: the list stays fast). Kinds not loaded are left out, with one
    warning.
    """
    if kind is not None:
        book.case_type(kind)
    skipped: Counter[str] = Counter()
    types = case_types()
    mark = on.isoformat()
    with book.store.transaction() as tx:
        for record in tx.records(kind=kind, year=year):
            if record["received_on"] > mark or not book._readable(
                record.get("kind"), skipped, types
            ):
                continue
            if record_may_change(record, on):
                record = case_to_record(book.view(book._load(record), on))
            yield record
    book._warn_skipped(skipped)


def _shown(book: Book, tx: Transaction, case_id: str, on: dt.date) -> dict[str, Any]:
    """The stored record of ``case_id`` as it stands on ``on``."""
    record = tx.get(case_id)
    assert record is not None, case_id  # the index row was taken in this transaction
    if record_may_change(record, on):
        record = case_to_record(book.view(book._load(record), on))
    return record


def _open_records(
    book: Book, kind: str | None, year: int | None, on: dt.date, *, events: bool
) -> Iterator[dict[str, Any]]:
    """The open cases (of ``kind`` and ``year``) as they stand on ``on``, from the index.

    Only for a day :func:`~casework.book.index_tells` answers. A row stands for its case unless
    a lapse may have changed it or ``events`` are wanted (then the case is read, shard by shard).
    A case a lapse closed by ``on`` is left out.
    """
    if kind is not None:
        book.case_type(kind)
    skipped: Counter[str] = Counter()
    types = case_types()
    prefix = f"{year:04d}-" if year is not None else ""
    lapses = lapsing_periods(types)
    with book.store.transaction() as tx:
        rows = tx.open_rows()
        for case_id in sorted(rows):  # sorted ids visit each shard once
            row = rows[case_id]
            if (kind is not None and row["kind"] != kind) or not row["received_on"].startswith(
                prefix
            ):
                continue
            if not book._readable(row["kind"], skipped, types):
                continue
            if events or row_may_change(row, on, lapses):
                record = _shown(book, tx, case_id, on)
                if record.get("closed_on") is None:
                    yield record
            else:
                yield {**row, "id": case_id, "closed_on": None}
    book._warn_skipped(skipped)


def record_assignee(record: dict[str, Any]) -> str | None:
    """The actor of the record's latest event not recorded by the system."""
    for event in reversed(record.get("events", ())):
        if event.get("actor") != SYSTEM_ACTOR:
            return str(event.get("actor"))
    return None


def record_overdue(record: dict[str, Any], on: dt.date) -> bool:
    """Whether one of the office's own running periods ended before ``on``."""
    limit = on.isoformat()
    return any(
        c.get("status") == "running"
        and c.get("due_on")
        and c["due_on"] < limit
        and not c.get("planning")
        for c in record.get("clocks", ())
    )


def select(
    book: Book,
    *,
    kind: str | None = None,
    state: str | Collection[str] | None = None,
    year: int | None = None,
    open_: bool | None = None,
    assignee: str | None = None,
    overdue_on: dt.date | None = None,
    on: dt.date | None = None,
) -> list[str]:
    """Return the ids of the cases matching every filter, by date of receipt, kind and id.

    Each case is taken as it stands on ``on`` (default ``overdue_on``, else today). ``state``
    is one state or a collection of states (a label may name several).
    """
    day = on or overdue_on or book.today()
    hits: list[tuple[str, str, str]] = []
    states = {state} if isinstance(state, str) else state
    if open_ is True and index_tells(book, day):
        records = _open_records(book, kind, year, day, events=assignee is not None)
    else:
        records = _records(book, kind, year, day)
    for record in records:
        if states is not None and record["state"] not in states:
            continue
        if open_ is not None and (record.get("closed_on") is None) != open_:
            continue
        if assignee is not None and record_assignee(record) != assignee:
            continue
        if overdue_on is not None and not record_overdue(record, overdue_on):
            continue
        hits.append((record["received_on"], record["kind"], record["id"]))
    hits.sort()
    return [h[2] for h in hits]


def dashboard_facts(
    book: Book,
    on: dt.date,
    lang: str,
    *,
    due_rows: list[dict[str, Any]] | None = None,
    due_week: list[tuple[Case, Clock]] | None = None,
) -> dict[str, Any]:
    """Counts per kind and state, the intake per month, overdue and open counts, due this week.

    The month chart shows ``on``'s year, or when no case was received in it, the latest year
    before ``on`` with cases (so a book of past years, like the sample book, shows its year).
    Kinds come in the annual report's order. Overdue counts the office's own running periods
    past their last day (as ``due`` shows them); ``due_this_week`` lists the periods due within
    seven days of ``on`` (``due_rows``, computed by the caller, most urgent first).
    ``due_week`` is ``book.due(on=on, within_days=7)`` when the caller has it: the overdue
    periods are among them, and the book is not read twice.
    """
    from casework.cli.choose import ordered_kinds

    types = case_types()
    if index_tells(book, on):
        counts, monthly, open_count, total = _tallied(book, on)
    else:
        counts, monthly, open_count, total = _counted(book, on)
    year = on.year if on.year in monthly or not monthly else max(monthly)
    with warnings.catch_warnings():  # the records above already warned of skipped kinds
        warnings.simplefilter("ignore", CaseworkWarning)
        pairs = book.due(on=on) if due_week is None else due_week
        overdue = sum(1 for _, clock in pairs if clock.overdue(on))
    kinds = []
    ordered = [n for n, _ in ordered_kinds({n: None for n in counts})]
    for name in ordered:
        case_type = types.get(name)
        order = [s.name for s in case_type.states()] if case_type else []
        states = sorted(counts[name], key=lambda s: (order.index(s) if s in order else 99, s))
        kinds.append(
            {
                "kind": name,
                "label": case_type.label.get(lang) if case_type else name,
                "total": sum(counts[name].values()),
                "states": [
                    {
                        "state": s,
                        "label": case_type.state_label(s).get(lang) if case_type else s,
                        "count": counts[name][s],
                    }
                    for s in states
                ],
            }
        )
    return {
        "as_of": on.isoformat(),
        "year": year,
        "kinds": kinds,
        "monthly": monthly.get(year, [0] * 12),
        "overdue": overdue,
        "open": open_count,
        "total": total,
        "due_this_week": due_rows or [],
    }


Counts = tuple[dict[str, dict[str, int]], dict[int, list[int]], int, int]
"""Cases per kind and state, intake per year and month, open cases, all cases."""


def _counted(book: Book, on: dt.date) -> Counts:
    """The dashboard's counts from every stored record, each as it stands on ``on``."""
    counts: dict[str, dict[str, int]] = {}
    monthly: dict[int, list[int]] = {}
    open_count = total = 0
    for record in _records(book, None, None, on):
        per_kind = counts.setdefault(record["kind"], {})
        per_kind[record["state"]] = per_kind.get(record["state"], 0) + 1
        total += 1
        if record.get("closed_on") is None:
            open_count += 1
        received = str(record["received_on"])
        months = monthly.setdefault(int(received[:4]), [0] * 12)
        months[int(received[5:7]) - 1] += 1
    return counts, monthly, open_count, total


def _tallied(book: Book, on: dt.date) -> Counts:
    """The dashboard's counts from the kept tally and the index rows, for a day the index tells.

    The tally counts the stored states; a case a lapse may have changed by ``on`` (an open or
    still-counting row with a period that ran out, or an event on the day) is read and counted
    in the state :func:`~casework.workflow.as_of` gives it instead.
    """
    types = case_types()
    skipped: Counter[str] = Counter()
    counts: dict[str, dict[str, int]] = {}
    monthly: dict[int, list[int]] = {}
    lapses = lapsing_periods(types)
    with book.store.transaction() as tx:
        tally = tx.tally()
        for kind, states in tally["states"].items():
            if kind in types:
                counts[kind] = dict(states)
            else:
                skipped[kind] += sum(states.values())
        for key, months in tally["intake"].items():
            kind, year = key.split("/")
            if kind in types:
                into = monthly.setdefault(int(year), [0] * 12)
                monthly[int(year)] = [a + b for a, b in zip(into, months, strict=True)]
        opened = tx.open_rows()
        open_count = sum(1 for row in opened.values() if row["kind"] in types)
        rows = {**tx.ticking_rows(), **opened}
        for case_id in sorted(rows):  # sorted ids visit each shard once
            row = rows[case_id]
            if row["kind"] not in types or not row_may_change(row, on, lapses):
                continue
            record = tx.get(case_id)
            assert record is not None, case_id  # the index row was taken in this transaction
            seen = _shown(book, tx, case_id, on)
            per_kind = counts.setdefault(record["kind"], {})
            per_kind[record["state"]] -= 1
            if not per_kind[record["state"]]:
                del per_kind[record["state"]]
            per_kind[seen["state"]] = per_kind.get(seen["state"], 0) + 1
            if case_id in opened and seen.get("closed_on") is not None:
                open_count -= 1
    book._warn_skipped(skipped)
    total = sum(sum(states.values()) for states in counts.values())
    return counts, monthly, open_count, total
