"""The register of dishonest commitments (失信): who made a false commitment, kept in the book.

A false commitment is entered in the side table ``commitment_dishonest`` under the applicant's ID
number (or name, without one) when the decision is revoked or the matter terminated for it.
国办发〔2020〕42号 (七) excludes such an applicant from the commitment system until their credit is
repaired (信用修复): concluding a later matter of theirs on a commitment is refused, naming the case
that recorded it. :func:`repair` lifts the entry.

Inside one ``book.batch()`` the entry is written when the batch commits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from casework.i18n import tr

if TYPE_CHECKING:
    from casework.book import Book
    from casework.model import Case, Event

TABLE = "commitment_dishonest"
"""The side table holding the register."""


def _key(case: Case) -> str | None:
    applicant = next(iter(case.parties_in("applicant")), None)
    if applicant is None:
        return None
    return applicant.id_number or applicant.name


def record(book: Book, case: Case, event: Event) -> None:
    """Enter ``case``'s applicant in the register, from the revocation or termination ``event``."""
    key = _key(case)
    if key is not None:
        book.table_put(TABLE, key, {"case": case.id, "on": event.on.isoformat()})


def entry(book: Book, case: Case) -> dict[str, Any] | None:
    """The register's entry for ``case``'s applicant, or ``None``."""
    key = _key(case)
    found = book.table_get(TABLE, key) if key is not None else None
    return found if isinstance(found, dict) else None


def refusal(book: Book, case: Case) -> str | None:
    """Why ``case`` may not be concluded on a commitment, or ``None``."""
    found = entry(book, case)
    if found is None or found.get("case") == case.id:
        return None
    return tr(
        f"申请人曾作出不实承诺(案件 {found['case']},{found['on']}),信用修复前不适用告知承诺制,"
        "请其提交证明材料后按一般程序办理,或登记不予办理(refuse)",
        f"the applicant made a false commitment (case {found['case']}, {found['on']}); until "
        "their credit is repaired the matter needs the certificate: refuse it here",
    )


def repair(book: Book, case: Case) -> bool:
    """Lift ``case``'s applicant's entry (信用修复); return whether there was one."""
    key = _key(case)
    if key is None or book.table_get(TABLE, key) is None:
        return False
    book.table_put(TABLE, key, None)
    return True
