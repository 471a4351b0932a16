"""Fast selection over the stored records, for ``list`` and ``dashboard``.

A book of thousands of cases must list in a blink, so the filters run on the stored records
(plain dicts read shard by shard) and only the cases of the page shown are loaded as
:class:`~casework.model.Case`. The filters read generic fields only: kind, state, year of
receipt, ``closed_on``, the events' actors and the periods' due dates.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections import Counter
from collections.abc import Collection, Iterator
from typing import Any

from casework.book import Book, record_may_change
from casework.errors import CaseworkWarning
from casework.plugins import case_types
from casework.serialize import case_to_record
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
    for record in _records(book, kind, year, day):
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
    book: Book, on: dt.date, lang: str, *, due_rows: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Counts per kind and state, the intake per month, overdue and open counts, due this week.

    The month chart shows ``on``'s year, or when no case was received in it, the latest year
    before ``on`` with cases (so a book of past years, like the sample book, shows its year).
    Kinds come in the annual report's order. Overdue counts the office's own running periods
    past their last day (as ``due`` shows them); ``due_this_week`` lists the periods due within
    seven days of ``on`` (``due_rows``, computed by the caller, most urgent first).
    """
    from casework.cli.choose import ordered_kinds

    types = case_types()
    counts: dict[str, dict[str, int]] = {}
    monthly: dict[int, list[int]] = {}
    open_count = total = 0
    limit = on.isoformat()
    for record in _records(book, None, None, on):
        per_kind = counts.setdefault(record["kind"], {})
        per_kind[record["state"]] = per_kind.get(record["state"], 0) + 1
        total += 1
        if record.get("closed_on") is None:
            open_count += 1
        received = str(record["received_on"])
        if received <= limit:
            months = monthly.setdefault(int(received[:4]), [0] * 12)
            months[int(received[5:7]) - 1] += 1
    year = on.year if on.year in monthly or not monthly else max(monthly)
    with warnings.catch_warnings():  # the records above already warned of skipped kinds
        warnings.simplefilter("ignore", CaseworkWarning)
        overdue = sum(1 for _, clock in book.due(on=on) if clock.overdue(on))
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
