"""行政执法证件: application, examination and re-sit, issue, validity and renewal, the register."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import casework
from casework import InvalidAction, ValidationError
from casework.workflow import lapse
from casework_certificate.register import register
from casework_certificate.rules import LocalRules, load_local_rules, parse_local_rules

D = dt.date
BODY = "某市市场监督管理局"


@pytest.fixture
def book(tmp_path: Path):
    with casework.open_book(tmp_path / "book") as opened:
        yield opened


def apply(book, on=D(2020, 5, 11), cert_type="new", body=BODY, name="张三", **extra):
    return book.create(
        "certificate",
        received_on=on,
        actor="法制股",
        parties=[{"role": "holder", "name": name}],
        details={"body": body, "cert_type": cert_type, **extra},
    )


def act(book, case_id, action, on, data=None):
    return book.act(case_id, action, on=on, actor="法制股", data=data)


def issued(book, on=D(2020, 5, 11), name="张三", body=BODY, number="001"):
    case = apply(book, on, name=name, body=body)
    act(book, case.id, "pass_exam", on + dt.timedelta(days=10), {"score": 75})
    return act(book, case.id, "issue", on + dt.timedelta(days=20), {"number": number})


def test_new_certificate_needs_the_exam_then_is_issued_for_five_years(book):
    case = apply(book)
    assert (case.id, case.state) == ("EC2020-0001", "applied")
    with pytest.raises(InvalidAction, match="公共法律知识考试"):
        act(book, case.id, "issue", D(2020, 5, 12), {"number": "001"})
    case = act(book, case.id, "pass_exam", D(2020, 6, 19), {"score": 82, "session": "第一批"})
    assert (case.state, case.details.exam_scores) == ("qualified", (82,))
    case = act(book, case.id, "issue", D(2020, 7, 6), {"number": "14118220001"})
    assert case.state == "valid" and case.closed_on is None
    assert (case.details.issued_on, case.details.expires_on) == (D(2020, 7, 6), D(2025, 7, 6))
    validity, renewal = case.clock("validity"), case.clock("renewal")
    assert validity.planning and not renewal.planning  # expiry is nobody's overdue work
    # the period's last day, Sunday 2025-07-06, rolls to the next working day (民法典 Art. 203)
    assert (validity.unit, validity.length, validity.due_on) == ("months", 60, D(2025, 7, 7))
    # 申请换证期限: three months before expiry (example rule of the locality); 2025-04-06 is the
    # last day of the 清明 holiday, so the window closes on Monday 04-07
    assert (renewal.length, renewal.due_on) == (57, D(2025, 4, 7))
    rule = casework.case_type("certificate").workflows[0].clock_rule("validity")
    assert rule.source.startswith("示例数据(非法定值)")


def test_a_failed_exam_may_be_resat_once_then_only_refusal_remains(book):
    case = apply(book)
    with pytest.raises(InvalidAction, match="fail_exam"):
        act(book, case.id, "pass_exam", D(2020, 6, 19), {"score": 59})
    case = act(book, case.id, "fail_exam", D(2020, 6, 19), {"score": 48})
    assert case.state == "exam_failed"
    case = act(book, case.id, "fail_exam", D(2020, 11, 20), {"score": 52})  # the re-sit
    with pytest.raises(InvalidAction, match="补考机会"):
        act(book, case.id, "pass_exam", D(2021, 3, 19), {"score": 90})
    case = act(book, case.id, "refuse", D(2021, 3, 22), {"reason": "补考仍不合格"})
    assert (case.state, case.details.outcome, case.details.exam_scores) == (
        "refused",
        "refused",
        (48, 52),
    )


def test_a_resit_passed_qualifies(book):
    case = apply(book)
    act(book, case.id, "fail_exam", D(2020, 6, 19), {"score": 40})
    case = act(book, case.id, "pass_exam", D(2020, 11, 20), {"score": 61})
    assert case.state == "qualified"


def test_a_renewal_names_the_old_certificate_and_needs_no_exam_by_default(book):
    with pytest.raises(InvalidAction, match="previous_number"):
        apply(book, cert_type="renewal")
    case = apply(book, cert_type="renewal", previous_number="14118210001")
    case = act(book, case.id, "issue", D(2020, 5, 20), {"number": "14118220002"})
    assert case.state == "valid"


def test_the_certificate_expires_when_its_validity_ends(book):
    case = issued(book)
    case = act(book, case.id, "request_renewal", D(2025, 3, 2))
    assert case.clock("renewal").stopped_on == D(2025, 3, 2)
    kind = casework.case_type("certificate")
    lapsed, events = lapse(kind, case, D(2025, 7, 7))
    # issued 2020-05-31: the last day, Saturday 2025-05-31, rolls past the 端午 holiday to 06-03
    assert [(e.action, e.on, e.system) for e in events] == [("expire", D(2025, 6, 3), True)]
    assert (lapsed.state, lapsed.details.outcome) == ("expired", "expired")


def test_suspension_revocation_and_cancellation(book):
    case = issued(book)
    case = act(book, case.id, "suspend", D(2020, 8, 3), {"ground": "investigation"})
    assert case.state == "suspended"
    with pytest.raises(InvalidAction):
        act(book, case.id, "suspend", D(2020, 8, 4), {"ground": "investigation"})
    case = act(book, case.id, "reinstate", D(2020, 9, 1))
    case = act(book, case.id, "revoke", D(2020, 10, 9), {"ground": "forgery_lending"})
    assert (case.state, case.details.ground) == ("revoked", "forgery_lending")
    other = issued(book, name="李四", number="002")
    assert act(book, other.id, "cancel", D(2020, 10, 9), {"ground": "retired"}).state == "cancelled"


def test_bad_input_names_the_field(book):
    with pytest.raises(ValidationError, match="cert_type") as caught:
        apply(book, cert_type="temporary")
    assert "申领监督执法证(supervision)" in str(caught.value.problems)
    with pytest.raises(ValidationError, match="body"):
        apply(book, body=" ")
    with pytest.raises(ValidationError, match="holder"):  # a certificate is for an officer
        book.create("certificate", received_on=D(2020, 5, 11), actor="法制股",
                    details={"body": BODY, "cert_type": "new"})  # fmt: skip
    case = apply(book)
    with pytest.raises(ValidationError, match="score"):
        act(book, case.id, "pass_exam", D(2020, 6, 19), {"score": 101})
    act(book, case.id, "pass_exam", D(2020, 6, 19), {"score": 80})
    with pytest.raises(ValidationError, match="number"):
        act(book, case.id, "issue", D(2020, 7, 1), {"number": ""})
    case = act(book, case.id, "issue", D(2020, 7, 1), {"number": "9"})
    with pytest.raises(ValidationError, match="ground"):
        act(book, case.id, "suspend", D(2020, 7, 2), {"ground": "whim"})
    assert book.get(case.id, on=D(2020, 7, 2)).state == "valid"


def test_local_rules_from_a_file_and_bad_ones(tmp_path):
    path = tmp_path / "cert.toml"
    path.write_text(
        'validity_months = 36\nrenewal_months = 2\nexam_required = ["new", "supervision", '
        '"renewal"]\npass_mark = 70\nresits = 2\nsource = "某省行政执法证件管理办法"\n',
        encoding="utf-8",
    )
    rules = load_local_rules(path)
    assert rules == LocalRules(
        36, 2, ("new", "supervision", "renewal"), 70, 2, "某省行政执法证件管理办法"
    )
    with pytest.raises(ValidationError) as caught:
        parse_local_rules({"validity_months": 0, "exam_required": ["lifetime"], "colour": "red"})
    text = "\n".join(caught.value.problems)
    assert "validity_months" in text and "exam_required" in text and "colour" in text


def test_each_book_keeps_its_own_rules(tmp_path, monkeypatch):
    """Two books in one process: the one with a rules file (conventional path) uses it."""
    monkeypatch.delenv("CASEWORK_CERTIFICATE_LOCAL", raising=False)
    casework.open_book(tmp_path / "own").close()
    local = tmp_path / "own" / "certificate" / "rules.toml"
    local.parent.mkdir()
    local.write_text("validity_months = 36\npass_mark = 70\n", encoding="utf-8")
    expiry = {}
    for name in ("own", "plain", "own"):
        with casework.open_book(tmp_path / name) as opened:
            case = issued(opened, D(2020, 6, 16))
            expiry.setdefault(name, set()).add(case.details.expires_on)
            other = apply(opened, name="李四")
            if name == "own":
                with pytest.raises(InvalidAction, match="70"):
                    act(opened, other.id, "pass_exam", D(2020, 6, 1), {"score": 65})
            else:
                act(opened, other.id, "pass_exam", D(2020, 6, 1), {"score": 65})
    # issued 20 days after 06-16: 07-06, for 36 months in one book and the default 60 in the other
    assert expiry == {"own": {D(2023, 7, 6)}, "plain": {D(2025, 7, 6)}}
    assert casework.case_type("certificate").workflows[0].clock_rule("validity").length == 60


def test_the_register_lists_valid_certificates_per_body_as_of_a_day(book):
    a = issued(book, name="张三", number="001")
    issued(book, name="李四", number="002", body="某市公安局")
    c = issued(book, name="王五", number="003")
    act(book, c.id, "suspend", D(2020, 8, 3), {"ground": "investigation"})
    act(book, a.id, "cancel", D(2020, 9, 1), {"ground": "left_post"})
    on_aug = register(book, D(2020, 8, 10))
    assert {b: [(e.holder, e.suspended) for e in rows] for b, rows in on_aug.items()} == {
        "某市公安局": [("李四", False)],
        BODY: [("张三", False), ("王五", True)],
    }
    on_sep = register(book, D(2020, 9, 1), body=BODY)
    assert [e.number for e in on_sep[BODY]] == ["003"]
    assert register(book, D(2020, 5, 30)) == {}  # nothing issued yet
    # the certificates read 有效期至 2025-05-31 (issued 2020-05-31): listed that day, not after
    assert [e.holder for e in register(book, D(2025, 5, 31))["某市公安局"]] == ["李四"]
    assert "某市公安局" not in register(book, D(2025, 6, 1))


def test_certificates_command(book, tmp_path):
    issued(book, name="张三", number="001")
    book.close()
    env = {**os.environ, "COLUMNS": "100", "PYTHONIOENCODING": "utf-8"}
    run = subprocess.run(
        [sys.executable, "-m", "casework", "--book", str(tmp_path / "book"), "--json",
         "certificates", "--on", "2020-12-31"],
        capture_output=True, text=True, encoding="utf-8", env=env, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["on"] == "2020-12-31"
    assert [e["number"] for e in data["bodies"][BODY]] == ["001"]


def test_report_figures_and_sentences(book):
    issued(book, name="甲", number="1")
    issued(book, name="乙", number="2", body="某市公安局")
    r = apply(book, cert_type="renewal", name="丙", previous_number="0")
    act(book, r.id, "issue", D(2020, 5, 20), {"number": "3"})
    s = apply(book, cert_type="supervision", name="丁", body="某市司法局")
    act(book, s.id, "fail_exam", D(2020, 6, 19), {"score": 30})
    act(book, s.id, "pass_exam", D(2020, 11, 20), {"score": 66})
    act(book, r.id, "suspend", D(2020, 12, 1), {"ground": "investigation"})
    section = book.report(2020).section("certificate")
    f = section.figures
    assert (f["applications"], f["new"], f["renewal"], f["supervision"]) == (4, 2, 1, 1)
    assert (f["persons"], f["bodies"]) == (4, 3)
    assert (f["exam_sittings"], f["exam_passed"], f["exam_failed"], f["resits"]) == (4, 3, 1, 1)
    assert (f["issued"], f["valid_at_end"], f["suspended_at_end"], f["suspended"]) == (3, 2, 1, 1)
    assert section.text_zh == (
        "全年共受理3家执法主体申领行政执法证件,梳理出符合条件的执法人员4人,"
        "其中新申领执法证的2人,换证的1人,申领监督执法证1人。",
        "组织公共法律知识考试4人次,合格3人次,不合格1人次。",
        "全年核发行政执法证件3件,年末有效证件2件。",
    )
    rows = {row[0]: row[1:] for row in section.tables[0].rows}
    assert rows[BODY] == (2, 2, 1)
    # valid certificates issued in an earlier year are counted at the end of a later one
    assert book.report(2021).section("certificate").figures["valid_at_end"] == 2


def test_certificates_command_prints_a_table_per_body(book, tmp_path):
    from click.testing import CliRunner

    from casework.cli import cli

    issued(book, name="张三", number="001")
    c = issued(book, name="王五", number="003", body="某市[bold]局")
    act(book, c.id, "suspend", D(2020, 8, 3), {"ground": "investigation"})
    book.close()
    result = CliRunner().invoke(
        cli,
        ["--book", str(tmp_path / "book"), "certificates", "--on", "2020-12-31"],
        env={"COLUMNS": "100"},
    )
    assert result.exit_code == 0, result.output
    assert "有效行政执法证件(2020-12-31)" in result.output
    assert "某市[bold]局" in result.output and "新申领执法证(暂扣)" in result.output
    assert "共 2 个执法主体,2 件证件" in result.output
    empty = CliRunner().invoke(
        cli, ["--book", str(tmp_path / "book"), "certificates", "--on", "2020-01-01"]
    )
    assert empty.exit_code == 0 and "2020-01-01 没有有效的行政执法证件" in empty.output
    bad = CliRunner().invoke(
        cli, ["--book", str(tmp_path / "book"), "certificates", "--on", "31/12/2020"]
    )
    assert bad.exit_code == 2 and "--on" in bad.output


def test_certificates_command_refuses_a_folder_that_is_not_a_book(tmp_path):
    from click.testing import CliRunner

    from casework.cli import cli

    result = CliRunner().invoke(cli, ["--book", str(tmp_path / "nothing"), "certificates"])
    assert result.exit_code != 0 and "init" in result.output
    assert not (tmp_path / "nothing").exists()
