"""Embed casework in another program: the whole public API in one short script.

It opens a book (a temporary folder unless ``--book`` names one), registers a listener plugin
in code (``after_action``), runs three 行政复议 cases of the built-in ``reconsideration`` kind,
and prints one JSON document: the events the listener heard, the periods falling due, and the
annual report.

    python examples/embed.py                 # a throwaway book
    python examples/embed.py --book ./book   # keep the book (run it twice: you get new cases)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
from typing import Any

import casework

D = dt.date
ACTOR = "王科员"


class AuditTrail:
    """A listener: one line per stored event (a host would write to its own log or queue)."""

    __name__ = "embed-audit-trail"

    def __init__(self) -> None:
        self.lines: list[dict[str, Any]] = []

    @casework.hookimpl
    def after_action(self, case: casework.Case, event: casework.Event) -> None:
        self.lines.append(
            {"case": case.id, "action": event.action, "on": event.on.isoformat(), "by": event.actor}
        )


def applicant(name: str) -> dict[str, str]:
    """A party as plain data (the book validates it, e.g. the ID number's check digit)."""
    return {"role": "applicant", "name": name}


def penalty(description: str, made_on: str) -> dict[str, Any]:
    """The details of a reconsideration against an administrative penalty."""
    return {
        "respondent": "汾阳市公安局",
        "act": {"description": description, "category": "penalty", "made_on": made_on},
        "learned_on": made_on,
        "request": "撤销该处罚决定",
    }


def run_cases(book: casework.Book) -> list[str]:
    """Three applications: one decided, one rejected, one still running. Returns their ids."""
    with book.batch():  # one commit for everything inside
        first = book.create(
            "reconsideration",
            received_on=D(2020, 3, 2),
            parties=[applicant("张三")],
            details=penalty("汾公(治)决字〔2020〕12号行政处罚决定", "2020-02-10"),
            actor=ACTOR,
        )
        book.act(first.id, "accept", on=D(2020, 3, 5), actor=ACTOR)
        book.act(first.id, "send_copy", on=D(2020, 3, 6), actor=ACTOR)
        book.act(first.id, "receive_answer", on=D(2020, 3, 16), actor=ACTOR)
        book.act(first.id, "decide", on=D(2020, 4, 20), actor=ACTOR, data={"type": "upheld"})

        second = book.create(
            "reconsideration",
            received_on=D(2020, 5, 11),
            parties=[applicant("李四")],
            details=penalty("汾公(治)决字〔2020〕31号行政处罚决定", "2020-04-28"),
            actor=ACTOR,
        )
        book.act(
            second.id,
            "reject",
            on=D(2020, 5, 13),
            actor=ACTOR,
            data={"reason": "不属于行政复议范围", "ground": "行政复议法第17条"},
        )

    third = book.create(  # outside a batch: every call is its own transaction
        "reconsideration",
        received_on=D(2020, 11, 30),
        parties=[applicant("王五")],
        details=penalty("汾公(治)决字〔2020〕77号行政处罚决定", "2020-11-20"),
        actor=ACTOR,
    )
    third = book.act(third.id, "accept", on=D(2020, 12, 2), actor=ACTOR)
    try:
        book.act(third.id, "accept", on=D(2020, 12, 3), actor=ACTOR)
    except casework.InvalidAction as refused:  # the workflow says what is allowed instead
        print(f"refused as expected: {refused.message}", file=sys.stderr)
    return [first.id, second.id, third.id]


def clock_label(case: casework.Case, clock: casework.Clock) -> str:
    """The period's name in Chinese, from the rule set that governs the case."""
    rule = casework.case_type(case.kind).workflow(case.regime).clock_rule(clock.name)
    return rule.label.zh if rule else clock.name


def due_list(book: casework.Book, on: dt.date) -> list[dict[str, Any]]:
    """The periods due within two weeks of ``on``, most urgent first, as JSON-ready rows."""
    return [
        {
            "case": case.id,
            "clock": clock.name,
            "label": clock_label(case, clock),
            "due_on": clock.due_on.isoformat() if clock.due_on else None,
            "days_left": clock.days_left(on),
            "provisional": clock.provisional,
        }
        for case, clock in book.due(on=on, within_days=14)
    ]


def main(argv: list[str] | None = None) -> int:
    """Run the example; print the JSON document on standard output."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", help="the book folder (default: a temporary one)")
    parser.add_argument("--on", default="2020-12-07", help="the day to list due periods for")
    args = parser.parse_args(argv)

    if "reconsideration" not in casework.case_types():
        print(
            "the built-in kind 'reconsideration' is not installed: "
            f"{casework.plugins.failures() or 'reinstall casework'}",
            file=sys.stderr,
        )
        return 2
    audit = AuditTrail()
    name = casework.register_plugin(audit)
    try:
        with (
            tempfile.TemporaryDirectory() as scratch,
            casework.open_book(args.book or scratch) as book,
        ):
            ids = run_cases(book)
            on = dt.date.fromisoformat(args.on)
            document = {
                "cases": ids,
                "heard": audit.lines,
                "due": due_list(book, on),
                "report": book.report(2020).to_dict(),
            }
    finally:
        casework.unregister_plugin(name)
    print(json.dumps(document, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
