"""One valid new case of each of the four real kinds, and the free-text fields each one takes.

The proofs of personal data and hostile text run over these: the seed is the smallest set of
arguments :meth:`casework.Book.create` accepts for the kind (a mediation committee is registered
first), and :func:`free_text_paths` finds, by trying, every text field of its details and entry
data that takes any text (the fields holding codes refuse it and are left alone).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from typing import Any

import casework
from casework.serialize import unstructure

D = dt.date
KINDS = ("reconsideration", "litigation", "legal_aid", "mediation")
CODES = {"reconsideration": "RC", "litigation": "LT", "legal_aid": "LA", "mediation": "MD"}
RECEIVED = D(2020, 3, 2)
COMMITTEE = "XH-01"


def register_committee(book: casework.Book, name: str = "向阳村人民调解委员会") -> None:
    """Put the committee the mediation seed names into ``book``'s registry."""
    from casework_mediation.committees import Committee, Mediator, put_committee

    put_committee(
        book,
        Committee(
            id=COMMITTEE,
            name=name,
            type="village",
            township="向阳镇",
            mediators=(Mediator.of("王调解", id_number="142301199001011235", phone="13912345678"),),
        ),
    )


def seed(kind: str) -> dict[str, Any]:
    """The keyword arguments of a valid ``book.create`` for ``kind`` (without ``received_on``)."""
    applicant = {"role": "applicant", "name": "张三"}
    if kind == "reconsideration":
        return {
            "actor": "王科员",
            "parties": [applicant],
            "details": {
                "respondent": "汾阳市公安局",
                "act": {
                    "description": "行政处罚决定",
                    "category": "penalty",
                    "made_on": "2020-02-10",
                },
                "learned_on": "2020-02-12",
                "request": "撤销该处罚决定",
            },
        }
    if kind == "litigation":
        return {
            "actor": "王科员",
            "parties": [{"role": "plaintiff", "name": "张三"}],
            "details": {"defendant": "汾阳市人民政府", "court": "汾阳市人民法院"},
        }
    if kind == "legal_aid":
        return {
            "actor": "王科员",
            "action": "apply",
            "parties": [applicant, {"role": "opposing", "name": "某公司", "organisation": True}],
            "details": {"category": "civil", "matter": "追索劳动报酬"},
        }
    if kind == "mediation":
        return {
            "actor": "王调解",
            "parties": [applicant, {"role": "respondent", "name": "李四"}],
            "data": {
                "committee": COMMITTEE,
                "mediators": ["王调解"],
                "dispute_type": "neighbour",
                "origin": "application",
                "referred_by": "",
                "summary": "",
            },
        }
    raise ValueError(kind)


Path = tuple[str, ...]


def _leaves(value: Any, path: Path = ()) -> Iterator[Path]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, str(key)))
    elif isinstance(value, str) or value is None:
        yield path


def put(args: dict[str, Any], path: Path, value: Any) -> dict[str, Any]:
    """A copy of ``args`` with the leaf at ``path`` (``("details", "act", "description")``) set."""
    out = copy.deepcopy(args)
    target = out
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value
    return out


def free_text_paths(kind: str) -> list[Path]:
    """Every details or entry-data text field of ``kind`` that takes any text, by trying."""
    book = casework.open_book(":memory:")
    register_committee(book)
    args = seed(kind)
    case = book.create(kind, received_on=RECEIVED, **args)
    candidates = [("details", *p) for p in _leaves(unstructure(case.details))]
    candidates += [("data", *p) for p in _leaves(args.get("data") or {})]
    found: list[Path] = []
    for path in candidates:
        try:
            book.create(kind, received_on=RECEIVED, **put(args, path, "任意文字 any text"))
        except casework.CaseworkError:
            continue
        found.append(path)
    return found
