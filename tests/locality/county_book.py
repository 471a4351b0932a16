"""Helpers of the locality tests: a county that is not Fenyang, made by ``init --locality``.

Every kind has cases; one 行政复议 application of 2020 is concluded in 2021 (carried over), one of
2021 is still pending at the end of the year, and nothing in the data names 汾阳.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

import casework
from casework.cli import cli
from casework_mediation.committees import Committee, Mediator, put_committee

D = dt.date
ACTOR = "法制股"
ITEMS = [
    "application",
    "rights_notice",
    "identity",
    "session_record",
    "agreement",
    "follow_up_record",
    "back_cover",
]


def call(book: Path, *args: str, input: str | None = None) -> Result:
    """Run the real command line on ``book`` at a fixed width."""
    result = CliRunner().invoke(
        cli, ["--book", str(book), *args], input=input, env={"COLUMNS": "100"}
    )
    casework.set_language("zh")
    return result


def _act(book: casework.Book, case: casework.Case, action: str, on: dt.date, **data: Any) -> Any:
    return book.act(case.id, action, on=on, actor=ACTOR, data=data or None)


def _reconsideration(book: casework.Book, on: dt.date, name: str) -> casework.Case:
    return book.create(
        "reconsideration",
        received_on=on,
        actor=ACTOR,
        parties=[{"role": "applicant", "name": name}],
        details={
            "respondent": "清河县市场监督管理局",
            "act": {"description": "行政处罚决定", "category": "penalty"},
            "request": "撤销该处罚决定",
        },
    )


def fill(book: casework.Book) -> dict[str, str]:
    """Cases of every kind for 2021, one carried over from 2020; returns their ids by role."""
    ids: dict[str, str] = {}
    # 行政复议: a 2020 case decided in 2021; in 2021 one decided, one rejected, one pending.
    old = _reconsideration(book, D(2020, 12, 10), "周某")
    _act(book, old, "accept", D(2020, 12, 14))
    _act(book, old, "decide", D(2021, 1, 20), type="upheld")
    ids["rc_carried"] = old.id
    done = _reconsideration(book, D(2021, 3, 1), "吴某")
    _act(book, done, "accept", D(2021, 3, 3))
    _act(book, done, "decide", D(2021, 4, 20), type="revoked")
    ids["rc_done"] = done.id
    rejected = _reconsideration(book, D(2021, 5, 6), "郑某")
    _act(book, rejected, "reject", D(2021, 5, 10), reason="超过申请期限", ground="第20条")
    pending = _reconsideration(book, D(2021, 12, 1), "冯某")
    _act(book, pending, "accept", D(2021, 12, 3))
    ids["rc_pending"] = pending.id
    # 行政应诉: the county government, named in full only; its head appears.
    suit = book.create(
        "litigation",
        received_on=D(2021, 3, 1),
        actor=ACTOR,
        parties=[{"role": "plaintiff", "name": "王五"}],
        details={"defendant": "清河县人民政府", "court": "清河县人民法院"},
    )
    _act(book, suit, "file_defence", D(2021, 3, 10))
    _act(book, suit, "schedule_hearing", D(2021, 3, 20), hearing_on="2021-04-08")
    _act(
        book,
        suit,
        "attend_hearing",
        D(2021, 4, 8),
        appearances=[{"name": "孙县长", "post": "县长", "category": "principal_head"}],
    )
    _act(book, suit, "judge", D(2021, 5, 11), type="claims_dismissed")
    _act(book, suit, "close", D(2021, 5, 27))
    ids["lt"] = suit.id
    # 法律援助: a court's notice, and an application granted.
    notice = book.create(
        "legal_aid",
        received_on=D(2021, 4, 1),
        actor=ACTOR,
        action="notify",
        parties=[{"role": "defendant", "name": "钱某"}],
        details={"category": "criminal", "matter": "涉嫌盗窃罪", "full_coverage": True},
        data={
            "organ": book.locality.court_name,
            "organ_kind": "court",
            "letter_number": "(2021)冀0534刑初1号",
            "persons": 1,
        },
    )
    lawyer = {"assignee": "王律师", "firm": "甲律师事务所", "letter_number": "清法援指〔2021〕1号"}
    _act(book, notice, "appoint", D(2021, 4, 2), **lawyer)
    ids["la_notice"] = notice.id
    applied = book.create(
        "legal_aid",
        received_on=D(2021, 5, 6),
        actor=ACTOR,
        action="apply",
        parties=[{"role": "applicant", "name": "赵某"}],
        details={"category": "civil", "matter": "追索劳动报酬"},
    )
    _act(book, applied, "approve", D(2021, 5, 7), decision_number="清法援决〔2021〕1号",
         means_test="verified")  # fmt: skip
    ids["la_applied"] = applied.id
    # 人民调解: one committee, one dispute settled and filed.
    put_committee(
        book,
        Committee(
            id="DZ-01",
            name="东庄村人民调解委员会",
            type="village",
            township="东庄镇",
            mediators=(Mediator.of("李调解"),),
        ),
    )
    dispute = book.create(
        "mediation",
        received_on=D(2021, 6, 1),
        actor="李调解",
        parties=[{"role": "applicant", "name": "张三"}, {"role": "respondent", "name": "李四"}],
        data={
            "committee": "DZ-01",
            "mediators": ["李调解"],
            "dispute_type": "neighbour",
            "summary": "宅基地界址纠纷",
        },
    )
    _act(book, dispute, "mediate", D(2021, 6, 2))
    _act(book, dispute, "succeed", D(2021, 6, 3), form="written")
    _act(book, dispute, "follow_up", D(2021, 6, 13), performance="performed")
    _act(book, dispute, "file_dossier", D(2021, 6, 14), items=ITEMS, grade="general",
         grade_approved_by="东庄司法所")  # fmt: skip
    ids["md"] = dispute.id
    kinds = casework.case_types()
    if "commitment" in kinds:  # 证明事项告知承诺
        commitment = book.create(
            "commitment",
            received_on=D(2021, 3, 2),
            actor=ACTOR,
            parties=[{"role": "applicant", "name": "孙某"}],
            details={"matter": "funeral_survivor", "department": "清河县人力资源和社会保障局",
                     "certificates": ["死亡证明"]},
        )  # fmt: skip
        _act(book, commitment, "conclude", D(2021, 3, 4), decision_number="人社承〔2021〕1号")
        ids["commitment"] = commitment.id
    if "certificate" in kinds:  # 行政执法证件
        certificate = book.create(
            "certificate",
            received_on=D(2021, 5, 11),
            actor=ACTOR,
            parties=[{"role": "holder", "name": "周某"}],
            details={"body": "清河县市场监督管理局", "cert_type": "new", "field": "市场监管"},
        )
        _act(book, certificate, "pass_exam", D(2021, 6, 21), score=82, session="2021年第一批")
        _act(book, certificate, "issue", D(2021, 7, 6), number="13053400123")
        ids["certificate"] = certificate.id
    if "consultation" in kinds:  # 免费法律咨询
        shift = book.create(
            "consultation",
            received_on=D(2021, 6, 4),
            actor=ACTOR,
            details={"site": "township", "venue": "东庄镇公共法律服务工作站",
                     "provider": "李律师", "provider_kind": "lawyer"},
            action="log",
            data={"matters": {"marriage_family": 3, "labour": 2}, "referrals": 1},
        )  # fmt: skip
        ids["consultation"] = shift.id
    return ids
