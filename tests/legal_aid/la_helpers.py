"""Helpers for the legal-aid tests: open and carry cases through the public API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import casework

D = dt.date

# Valid GB 11643 numbers (check digits computed), fictional people.
ID_ZHANG = "14118219900101001X"  # born 1990-01-01
ID_LI = "141182198505050029"  # born 1985-05-05
ID_WANG = "141182197003030031"  # born 1970-03-03
ID_OTHER_ZHANG = "141182199001010052"  # also born 1990-01-01: a namesake


def notify(
    book: casework.Book,
    on: dt.date,
    *,
    name: str = "张某",
    id_number: str | None = None,
    organ: str = "汾阳市人民法院",
    organ_kind: str = "court",
    persons: int = 1,
    letter: str = "(2020)晋1182刑初1号",
    details: dict[str, Any] | None = None,
    parties: list[dict[str, Any]] | None = None,
) -> casework.Case:
    return book.create(
        "legal_aid",
        received_on=on,
        actor="李主任",
        action="notify",
        parties=parties or [{"role": "defendant", "name": name, "id_number": id_number}],
        details=details or {"category": "criminal", "matter": "涉嫌盗窃罪", "full_coverage": True},
        data={
            "organ": organ,
            "organ_kind": organ_kind,
            "letter_number": letter,
            "persons": persons,
        },
    )


def apply(
    book: casework.Book,
    on: dt.date,
    *,
    category: str = "civil",
    name: str = "赵某",
    id_number: str | None = None,
    opposing: list[dict[str, Any]] | None = None,
    stage: str | None = None,
) -> casework.Case:
    details: dict[str, Any] = {"category": category, "matter": "追索劳动报酬"}
    if stage:
        details["stage"] = stage
    return book.create(
        "legal_aid",
        received_on=on,
        actor="李主任",
        action="apply",
        parties=[{"role": "applicant", "name": name, "id_number": id_number}, *(opposing or [])],
        details=details,
    )


def appoint_data(
    n: int = 1, assignee: str = "王律师", firm: str = "山西甲律师事务所"
) -> dict[str, Any]:
    return {"assignee": assignee, "firm": firm, "letter_number": f"汾法援指〔2020〕{n}号"}


def grant(book: casework.Book, case_id: str, on: dt.date, number: str = "汾法援决〔2020〕1号"):
    return book.act(
        case_id,
        "approve",
        on=on,
        actor="李主任",
        data={"decision_number": number, "means_test": "verified"},
    )


def carry_to_close(
    book: casework.Book,
    case: casework.Case,
    *,
    appoint_on: dt.date,
    close_on: dt.date,
    assignee: str = "王律师",
    firm: str = "山西甲律师事务所",
    documents: tuple[str, ...] = ("结案报告", "判决书"),
    grade: str | None = None,
    review_on: dt.date | None = None,
) -> casework.Case:
    if case.state == "received":
        grant(book, case.id, appoint_on)
    book.act(
        case.id,
        "appoint",
        on=appoint_on,
        actor="李主任",
        data=appoint_data(assignee=assignee, firm=firm),
    )
    done = book.act(
        case.id,
        "close",
        on=close_on,
        actor="李主任",
        data={"outcome": "judgment", "documents": list(documents)},
    )
    if grade:
        done = book.act(
            case.id, "review", on=review_on or close_on, actor="李主任", data={"grade": grade}
        )
    return done
