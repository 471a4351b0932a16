"""Checks that need the book, run before a mediation action is applied (``before_action``).

The workflow's guards see only the case and the data; these see the registry too:

- ``register``: the committee must be registered, and every mediator named must be on its list;
- ``mediate``: every mediator named must be on the committee's list;
- ``file_dossier``: every item must be on the checklist of the committee's type.

Data the action cannot structure is left to the workflow, which reports it field by field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from casework.i18n import tr
from casework_mediation.committees import Committee, batch_committee
from casework_mediation.dossier import book_checklists

if TYPE_CHECKING:
    from casework.book import Book
    from casework.model import Case


def _field(data: Any, name: str) -> Any:
    if isinstance(data, Mapping):
        return data.get(name)
    return getattr(data, name, None)


def _names(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def _mediators(committee: Committee, names: list[str]) -> str | None:
    unknown = [n for n in names if committee.mediator(n) is None]
    if not unknown:
        return None
    listed = "、".join(m.name for m in committee.mediators) or tr("无", "none")
    return tr(
        f"调解员 {'、'.join(unknown)} 不在 {committee.name} 的调解员名单中(名单: {listed});"
        "请先登记调解员(casework committees import)",
        f"mediator(s) {', '.join(unknown)} are not on the list of {committee.name} "
        f"(listed: {listed}); register them first (casework committees import)",
    )


def _committee(book: Book, committee_id: Any) -> Committee | str:
    if not isinstance(committee_id, str) or not committee_id.strip():
        return tr("须填写调解委员会编号(committee)", "give the committee id (data.committee)")
    committee = batch_committee(book, committee_id.strip())
    if committee is None:
        return tr(
            f"调解委员会 {committee_id} 未登记;请先导入调委会名册(casework committees import)",
            f"committee {committee_id} is not registered; import the registry first "
            "(casework committees import)",
        )
    return committee


def check(book: Book, case: Case | None, action: str, data: Any) -> str | None:
    """Return a reason to refuse ``action`` on ``case`` (``None`` for a new case), or ``None``."""
    if action == "register" and case is None:
        found = _committee(book, _field(data, "committee"))
        if isinstance(found, str):
            return found
        return _mediators(found, _names(_field(data, "mediators")))
    if case is None:
        return None
    if action == "mediate":
        found = _committee(book, case.details.committee)
        if isinstance(found, str):
            return found
        return _mediators(found, _names(_field(data, "mediators")))
    if action == "file_dossier":
        found = _committee(book, case.details.committee)
        if isinstance(found, str):
            return found
        checklist = book.memo("mediation.checklists", lambda: book_checklists(book))[found.type]
        unknown = [i for i in _names(_field(data, "items")) if checklist.item(i) is None]
        if unknown:
            return tr(
                f"卷宗材料 {', '.join(unknown)} 不在清单中;可用: {', '.join(checklist.codes())}",
                f"dossier item(s) {', '.join(unknown)} are not on the checklist; "
                f"known: {', '.join(checklist.codes())}",
            )
    return None
