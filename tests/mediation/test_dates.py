"""The mediation kind's own date rule: an agreement takes effect on or after registration."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

import casework
from casework import InvalidAction

D = dt.date


def test_agreement_takes_effect_on_or_after_registration(
    mbook: casework.Book, register: Callable[..., casework.Case]
) -> None:
    case = register(mbook, D(2021, 9, 1))
    mbook.act(case.id, "mediate", on=D(2021, 9, 3), actor="李调解")
    early = {"form": "written", "effective_on": "2021-01-01"}
    with pytest.raises(InvalidAction) as raised:
        mbook.act(case.id, "succeed", on=D(2021, 9, 5), actor="李调解", data=early)
    assert "2021-09-01" in str(raised.value)
    assert mbook.get(case.id).state == "mediating"
    fine = {"form": "written", "effective_on": "2021-09-01"}
    assert mbook.act(case.id, "succeed", on=D(2021, 9, 5), actor="李调解", data=fine).state == (
        "agreed"
    )
