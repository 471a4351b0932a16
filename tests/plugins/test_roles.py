"""Each kind declares the party roles it admits and those a new case needs; the core enforces."""

from __future__ import annotations

import datetime as dt

import pytest
from ep_site import Site, kind_source

import casework
from casework.testing import run_cli

D = dt.date
RC_DETAILS = {"respondent": "某县公安局", "act": {"description": "罚款决定"}}
LT_DETAILS = {"defendant": "某县人民政府"}


@pytest.fixture
def letters(site: Site) -> None:
    site.install("casework-letters", "casework_letters", kind_source())
    site.reload()


def test_a_role_the_kind_does_not_declare_is_refused(letters: None) -> None:
    with casework.open_book(":memory:") as book:
        with pytest.raises(casework.ValidationError) as info:
            book.create(
                "letters",
                received_on=D(2024, 3, 1),
                actor="王科员",
                parties=[{"role": "applicant", "name": "张三"}],
            )
        assert "parties[0].role: 'applicant' 不是信访事项案件的当事人身份" in str(info.value)
        assert "petitioner(信访人)" in str(info.value)
        assert book.ids() == []


def test_a_required_role_is_required(letters: None) -> None:
    with casework.open_book(":memory:") as book:
        with pytest.raises(casework.ValidationError, match=r"至少需要 1 名信访人\(petitioner\)"):
            book.create("letters", received_on=D(2024, 3, 1), actor="王科员")
        case = book.create(
            "letters",
            received_on=D(2024, 3, 1),
            actor="王科员",
            parties=[{"role": "petitioner", "name": "张三"}],
        )
        assert [p.role for p in case.parties] == ["petitioner"]


def test_the_builtin_kinds_declare_their_roles() -> None:
    assert casework.case_type("reconsideration").required_roles == {"applicant": 1}
    assert casework.case_type("litigation").required_roles == {"plaintiff": 1}
    for kind in ("reconsideration", "litigation", "legal_aid", "mediation"):
        assert casework.case_type(kind).roles, kind


def test_reconsideration_needs_an_applicant_and_no_plaintiff() -> None:
    with casework.open_book(":memory:") as book:
        with pytest.raises(casework.ValidationError, match=r"至少需要 1 名申请人\(applicant\)"):
            book.create("reconsideration", received_on=D(2024, 3, 1), actor="a", details=RC_DETAILS)
        with pytest.raises(casework.ValidationError, match="'原告'"):
            book.create(
                "reconsideration",
                received_on=D(2024, 3, 1),
                actor="a",
                parties=[{"role": "applicant", "name": "张三"}, {"role": "原告", "name": "李四"}],
                details=RC_DETAILS,
            )


def test_litigation_needs_a_plaintiff() -> None:
    needs = r"至少需要 1 名原告\(plaintiff\)"
    with (
        casework.open_book(":memory:") as book,
        pytest.raises(casework.ValidationError, match=needs),
    ):
        book.create("litigation", received_on=D(2024, 3, 1), actor="a", details=LT_DETAILS)


def test_the_command_line_refuses_a_plaintiff_on_reconsideration(tmp_path) -> None:
    assert run_cli(["init"], book=tmp_path / "book").exit_code == 0
    result = run_cli(
        [
            "new",
            "reconsideration",
            "--received-on",
            "2024-03-01",
            "--actor",
            "王科员",
            "--party",
            "原告:李四",
            "--set",
            "respondent=某县公安局",
            "--set",
            "act.description=罚款决定",
        ],
        book=tmp_path / "book",
    )
    assert result.exit_code == 1
    assert "'原告' 不是行政复议案件的当事人身份" in result.stderr
    assert "Traceback" not in result.output


def test_kinds_shows_the_required_roles() -> None:
    import json

    result = run_cli(["--json", "kinds"])
    rc = next(k for k in json.loads(result.stdout) if k["name"] == "reconsideration")
    assert rc["required_roles"] == {"applicant": 1}
