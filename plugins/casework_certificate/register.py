"""The register of valid enforcement certificates per body (执法证件台账), as of a day.

A certificate is valid on day ``D`` when it was issued on or before ``D``, ``D`` is not after the
last day of its validity (``expires_on``, 有效期至), and no revocation, cancellation or suspension
stands on ``D`` (a suspended certificate is listed apart: the officer may not enforce while it is
suspended).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

from casework_certificate.codes import KIND

if TYPE_CHECKING:
    from casework.book import Book
    from casework.model import Case

ENDINGS = frozenset({"revoke", "cancel", "expire"})


@attrs.frozen
class Entry:
    """One certificate in the register."""

    body: str
    holder: str
    number: str
    cert_type: str
    issued_on: dt.date
    expires_on: dt.date
    case_id: str
    suspended: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "body": self.body,
            "holder": self.holder,
            "number": self.number,
            "cert_type": self.cert_type,
            "issued_on": self.issued_on.isoformat(),
            "expires_on": self.expires_on.isoformat(),
            "case": self.case_id,
            "suspended": self.suspended,
        }


def entry_on(case: Case, on: dt.date) -> Entry | None:
    """``case``'s certificate as it stood on ``on``, or ``None`` when none was in force."""
    details = case.details
    if details.issued_on is None or details.expires_on is None:
        return None
    if details.issued_on > on or on > details.expires_on:
        return None
    suspended = False
    for event in case.events:
        if event.on > on:
            break
        if event.action in ENDINGS:
            return None
        if event.action == "suspend":
            suspended = True
        elif event.action == "reinstate":
            suspended = False
    holder = next(iter(case.parties_in("holder")), None)
    return Entry(
        body=details.body,
        holder=holder.name if holder else "",
        number=details.number,
        cert_type=details.cert_type,
        issued_on=details.issued_on,
        expires_on=details.expires_on,
        case_id=case.id,
        suspended=suspended,
    )


def entries(cases: list[Case], on: dt.date, body: str | None = None) -> dict[str, list[Entry]]:
    """The certificates of ``cases`` in force on ``on``, by body (sorted), each by number."""
    by_body: dict[str, list[Entry]] = {}
    for case in cases:
        if case.kind != KIND or (body is not None and case.details.body != body):
            continue
        found = entry_on(case, on)
        if found is not None:
            by_body.setdefault(found.body, []).append(found)
    return {k: sorted(v, key=lambda e: e.number) for k, v in sorted(by_body.items())}


def register(book: Book, on: dt.date, body: str | None = None) -> dict[str, list[Entry]]:
    """The book's certificates in force on ``on``, by body (optionally of one ``body`` only)."""
    return entries(book.find(kind=KIND), on, body)
