"""Build the Fenyang 2020 sample book: fictional cases that reproduce a published report's figures.

FICTIONAL SAMPLE DATA. Every person, ID number, phone number, committee roster and case in the
book is invented (deterministically, from a seeded ``random.Random``); only the *totals* are
those published in the 汾阳市 2020 rule-of-law report (法治政府建设年度报告). The report's figures
are not written anywhere: ``Book.report(2020)`` computes them from the cases recorded here.

The book is written through the public API alone (``casework.open_book``, ``book.create``,
``book.act``, ``book.batch`` and the mediation plugin's committee registry). Every case is carried
through its real workflow, on working days of the 2020 Chinese calendar (the Spring Festival
holiday was extended to 2 February that year), and every statutory period is met: each next
action is dated before the due date of the clock the book computed.

Run it as a script (``python examples/fenyang_2020/build.py BOOK``) or call :func:`build`.
It is one self-contained file so that ``python -m casework demo`` can load it from a path.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import random
import shutil
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import casework
from casework import Book, Calendar, Case
from casework.locality import from_options
from casework.personal import id_check_digit

YEAR = 2020
SEED = 2020_0101
"""The seed of every random choice: the same book, byte for byte in content, on every run."""

EXPECTED: dict[str, dict[str, int]] = {
    "reconsideration": {"received": 12, "accepted": 11, "not_accepted": 1, "concluded": 12},
    "litigation": {"cases": 4},
    "legal_aid": {"accepted": 222, "criminal": 160, "civil": 59, "administrative": 3},
    "mediation": {"committees": 323, "succeeded": 982, "subsidised": 847},
    "commitment": {
        "concluded_funeral_survivor": 152,
        "concluded_pension_transfer": 45,
        "concluded_pension_cancellation": 75,
        "concluded_dependant_pension": 112,
    },
    "certificate": {"persons": 403, "new": 225, "renewal": 174, "supervision": 4, "bodies": 48},
    "consultation": {"shifts": 1430, "consultations": 6260},
}
"""The published totals this book is built to reproduce (the tests compare the report to them)."""

REGION = "141182"
"""汾阳市's administrative division code: the first six digits of its residents' ID numbers."""

COURT = "汾阳市人民法院"

LOCALITY = {
    "name": "汾阳市",
    "level": "市",
    "short": "汾",
    "government": "汾阳市人民政府",
    "bureau": "汾阳市司法局",
    "court": COURT,
    "procuratorate": "汾阳市人民检察院",
}
"""The sample book's locality settings (``config.json``): a county-level city of 吕梁市, 山西."""
TOWNSHIPS = (
    "太和桥街道",
    "文峰街道",
    "西河街道",
    "贾家庄镇",
    "杏花村镇",
    "冀村镇",
    "肖家庄镇",
    "演武镇",
    "三泉镇",
    "石庄镇",
    "杨家庄镇",
    "峪道河镇",
    "栗家庄乡",
    "阳城乡",
)
"""Fourteen townships and streets (乡镇(街道)), as the report counts them."""

SURNAMES = "王李张刘赵郭任武田宋梁贾高冯孙杨白侯段韩薛温闫马程乔胡曹霍牛郝申续康石陈吴周田史靳成"
GIVEN = "建国军华明亮平伟强磊志勇海涛红梅丽娟芳霞燕静玲敏俊杰鹏飞秀英桂兰玉珍文斌宏刚春生晓东雪琴永福新民瑞林小慧凤云"


class People:
    """Fictional people of Fenyang: unique names, valid GB 11643 ID numbers, mobile numbers."""

    def __init__(self, rng: random.Random, ids: set[str] | None = None) -> None:
        self.rng = rng
        self.names: set[str] = set()
        self.ids: set[str] = set() if ids is None else ids

    def name(self) -> str:
        """A name not used before in the book."""
        while True:
            size = 1 if self.rng.random() < 0.25 else 2
            name = self.rng.choice(SURNAMES) + "".join(self.rng.choices(GIVEN, k=size))
            if name not in self.names:
                self.names.add(name)
                return name

    def id_number(self, born_from: int = 1950, born_to: int = 2001) -> str:
        """A valid ID number of a resident of 汾阳市 born between the two years."""
        while True:
            born = dt.date(born_from, 1, 1) + dt.timedelta(
                days=self.rng.randrange((dt.date(born_to, 12, 31) - dt.date(born_from, 1, 1)).days)
            )
            first17 = f"{REGION}{born:%Y%m%d}{self.rng.randrange(1000):03d}"
            number = first17 + id_check_digit(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def phone(self) -> str:
        """A mobile number of a Chinese carrier's prefixes."""
        prefix = self.rng.choice(("134", "135", "138", "139", "150", "152", "158", "187", "183"))
        return prefix + f"{self.rng.randrange(10**8):08d}"

    def party(self, role: str, **extra: Any) -> dict[str, Any]:
        """A person in ``role`` with a name, ID number and phone."""
        return {
            "role": role,
            "name": self.name(),
            "id_number": self.id_number(),
            "phone": self.phone(),
            **extra,
        }


class Days:
    """Working days of 2020 on the book's calendar, and dates that meet a case's clocks."""

    def __init__(self, calendar: Calendar, rng: random.Random) -> None:
        self.calendar = calendar
        self.rng = rng
        start, end = dt.date(YEAR - 1, 11, 1), dt.date(YEAR + 1, 12, 31)
        every = (start + dt.timedelta(days=n) for n in range((end - start).days + 1))
        self.working = [day for day in every if calendar.is_workday(day)]

    def after(self, day: dt.date, low: int = 1, high: int = 1) -> dt.date:
        """A working day ``low`` to ``high`` working days after ``day`` (0: ``day`` if working)."""
        steps = self.rng.randint(low, high)
        if steps == 0 and self.calendar.is_workday(day):
            return day
        return self.working[bisect.bisect_right(self.working, day) + max(steps, 1) - 1]

    def before_due(self, case: Case, clock: str, after: dt.date, within: int = 10) -> dt.date:
        """A working day after ``after``, at most ``within`` working days on, before ``clock``'s due.

        Raises RuntimeError when the clock is not running or already too close to act in time.
        """
        found = case.clock(clock)
        if found is None or found.due_on is None:
            raise RuntimeError(f"{case.id}: no running clock {clock}")
        first = bisect.bisect_right(self.working, after)
        last = bisect.bisect_right(self.working, found.due_on)
        choices = self.working[first : min(last, first + within)]
        if not choices:
            raise RuntimeError(f"{case.id}: no working day left before {clock} ends")
        return self.rng.choice(choices)

    def in_month(self, month: int, year: int = YEAR) -> dt.date:
        """A working day of ``month``."""
        return self.rng.choice([d for d in self.working if (d.year, d.month) == (year, month)])

    def spread(self, count: int, weights: Sequence[float], last: dt.date) -> list[dt.date]:
        """``count`` working days of the year up to ``last``, by month ``weights``, sorted."""
        pool = [d for d in self.working if d.year == YEAR and d <= last]
        by_month = [w / max(1, sum(d.month == m + 1 for d in pool)) for m, w in enumerate(weights)]
        chosen = self.rng.choices(pool, weights=[by_month[d.month - 1] for d in pool], k=count)
        return sorted(chosen)


# -- 行政复议 -------------------------------------------------------------------------------------

RC_OFFICE = "汾阳市司法局行政复议科"
RC_CLERKS = ("郭丽萍", "任志刚")
RESPONDENTS = (
    ("汾阳市公安局", "penalty", "汾公(治)决字〔2020〕{n}号行政处罚决定", "撤销该行政处罚决定"),
    ("汾阳市市场监督管理局", "penalty", "汾市监罚字〔2020〕{n}号行政处罚决定书", "撤销该处罚决定"),
    ("汾阳市自然资源局", "registration", "不动产登记簿第{n}号登记行为", "撤销该登记行为"),
    ("汾阳市人力资源和社会保障局", "other", "汾人社工伤认字〔2020〕{n}号不予认定工伤决定",
     "撤销该决定并责令重新认定"),
    ("汾阳市住房和城乡建设局", "disclosure", "汾住建信复〔2020〕{n}号政府信息公开答复",
     "责令公开所申请的信息"),
    ("贾家庄镇人民政府", "inaction", "未答复{n}月的土地补偿款发放申请", "责令履行法定职责"),
    ("汾阳市城市管理局", "enforcement", "汾城管强字〔2020〕{n}号强制拆除决定", "确认该强制行为违法"),
)  # fmt: skip
RC_OUTCOMES = (
    ["upheld"] * 6 + ["revoked", "confirmed_illegal", "ordered_to_perform", "request_dismissed"]
) + ["withdraw"]
"""How the eleven accepted applications end: ten decisions and one withdrawal."""


def build_reconsideration(book: Book, days: Days, people: People, rng: random.Random) -> None:
    """Twelve applications to the city government: eleven accepted and decided, one rejected."""
    received = days.spread(12, (3, 1, 3, 4, 4, 4, 3, 3, 3, 2, 0, 0), dt.date(YEAR, 10, 16))
    outcomes = list(RC_OUTCOMES)
    rng.shuffle(outcomes)
    rejected_at = rng.randrange(12)
    extended_at = rng.choice([i for i in range(12) if i != rejected_at])
    for index, on in enumerate(received):
        respondent, category, act, request = RESPONDENTS[index % len(RESPONDENTS)]
        made = on - dt.timedelta(days=rng.randint(8, 45))
        clerk = RC_CLERKS[index % 2]
        case = book.create(
            "reconsideration",
            received_on=on,
            actor=clerk,
            parties=[people.party("applicant")],
            details={
                "respondent": respondent,
                "act": {
                    "description": act.format(n=rng.randint(3, 180)),
                    "category": category,
                    "made_on": made.isoformat(),
                },
                "learned_on": (made + dt.timedelta(days=rng.randint(0, 5))).isoformat(),
                "request": request,
                "handling_office": RC_OFFICE,
            },
        )
        review_ends = days.before_due(case, "review", on, within=3)
        if index == rejected_at:
            book.act(
                case.id,
                "reject",
                on=review_ends,
                actor=clerk,
                data={
                    "reason": "申请人与被申请的行政行为没有利害关系",
                    "ground": "行政复议法实施条例第二十八条第(二)项",
                },
            )
            continue
        case = book.act(case.id, "accept", on=review_ends, actor=clerk)
        copy_on = days.before_due(case, "copy", review_ends, within=3)
        case = book.act(case.id, "send_copy", on=copy_on, actor=clerk)
        answer_on = days.before_due(case, "answer", copy_on, within=6)
        case = book.act(case.id, "receive_answer", on=answer_on, actor=clerk)
        last = answer_on
        outcome = outcomes.pop()
        if index == extended_at:
            last = days.before_due(case, "decision", last, within=25)
            case = book.act(
                case.id,
                "hear",
                on=last,
                actor=clerk,
                data={"form": "hearing", "participants": "申请人、被申请人", "summary": "公开听证"},
            )
            last = days.before_due(case, "decision", last, within=20)
            case = book.act(
                case.id,
                "extend",
                on=last,
                actor=clerk,
                data={"days": 30, "approver": "汾阳市人民政府副市长", "reason": "案情复杂"},
            )
        if outcome == "withdraw":
            on_ = days.before_due(case, "decision", last, within=15)
            book.act(case.id, "withdraw", on=on_, actor=clerk, data={"summary": "申请人撤回申请"})
            continue
        decided = days.before_due(case, "decision", last, within=30)
        book.act(case.id, "decide", on=decided, actor=clerk, data={"type": outcome})


# -- 行政应诉 -------------------------------------------------------------------------------------

LITIGATION_OFFICE = "汾阳市司法局(市政府法制机构)"
LAWSUITS = (
    # served on, the contested act, what the court decides
    (dt.date(2019, 12, 9), "汾阳市人民政府房屋征收补偿决定", "claims_dismissed"),
    (dt.date(2020, 4, 14), "汾阳市人民政府行政复议决定", "claims_dismissed"),
    (dt.date(2020, 6, 22), "汾阳市人民政府不履行土地补偿安置职责", "withdrawal_allowed"),
    (dt.date(2020, 9, 7), "汾阳市人民政府政府信息公开答复", "claims_dismissed"),
)
"""Four lawsuits against the city government in 2020; the first was served in late 2019."""


def build_litigation(book: Book, days: Days, people: People, rng: random.Random) -> None:
    """Four lawsuits; at every hearing the mayor or a deputy mayor appears in court."""
    mayor = people.name()
    deputies = (people.name(), people.name())
    for number, (served, act, outcome) in enumerate(LAWSUITS, start=1):
        filed = served - dt.timedelta(days=rng.randint(5, 9))
        case = book.create(
            "litigation",
            received_on=served,
            actor=LITIGATION_OFFICE,
            parties=[people.party("plaintiff")],
            details={
                "defendant": "汾阳市人民政府",
                "defendant_short": "市政府",
                "court": COURT,
                "court_number": f"({served.year})晋1182行初{number * 7 + 3}号",
                "contested_act": act,
                "filed_on": filed.isoformat(),
            },
        )
        on = days.before_due(case, "defence", served, within=8)
        case = book.act(case.id, "file_defence", on=on, actor=LITIGATION_OFFICE)
        on = days.after(on, 5, 15)
        hearing = days.after(on, 10, 20)
        book.act(case.id, "schedule_hearing", on=on, actor=LITIGATION_OFFICE,
                 data={"hearing_on": hearing.isoformat()})  # fmt: skip
        head = (
            {"name": mayor, "post": "市长", "category": "principal_head"}
            if number % 2
            else {"name": deputies[number % 4 // 2], "post": "副市长", "category": "deputy_head"}
        )
        appearances = [head, {"name": people.name(), "post": "法制科科长", "category": "staff"}]
        book.act(case.id, "attend_hearing", on=hearing, actor=LITIGATION_OFFICE,
                 data={"appearances": appearances})  # fmt: skip
        judged = days.after(hearing, 10, 25)
        book.act(case.id, "judge", on=judged, actor=LITIGATION_OFFICE, data={"type": outcome})
        book.act(case.id, "close", on=days.after(judged, 16, 20), actor=LITIGATION_OFFICE)


# -- 法律援助 -------------------------------------------------------------------------------------

LA_CENTRE = "汾阳市法律援助中心"
LA_CLERKS = ("田晓红", "武建军")
FIRMS = ("山西汾州律师事务所", "山西杏花律师事务所", "山西文峰律师事务所", "山西子夏律师事务所")
CRIMES = ("涉嫌盗窃罪", "涉嫌故意伤害罪", "涉嫌危险驾驶罪", "涉嫌诈骗罪", "涉嫌寻衅滋事罪",
          "涉嫌交通肇事罪", "涉嫌开设赌场罪", "涉嫌非法采矿罪", "涉嫌帮助信息网络犯罪活动罪")  # fmt: skip
CIVIL = ("追索劳动报酬", "工伤损害赔偿", "道路交通事故损害赔偿", "离婚纠纷", "赡养费纠纷",
         "抚养费纠纷", "医疗损害赔偿", "人身损害赔偿")  # fmt: skip
ADMINISTRATIVE = ("不服工伤认定决定提起行政诉讼", "不服征收补偿决定提起行政诉讼",
                  "不服不予登记决定提起行政诉讼")  # fmt: skip
LEGAL_AID_PLAN = (("notice", "criminal", 158), ("apply", "criminal", 2), ("apply", "civil", 59),
                  ("apply", "administrative", 3))  # fmt: skip
"""222 cases: the court's 158 defence notices, and 64 applications (2 criminal, 59 civil, 3
administrative)."""
COMPANIES = ("汾阳市某建筑工程有限公司", "山西某物流有限公司", "汾阳市某酒业有限公司",
             "吕梁某矿业有限公司", "汾阳市某运输有限公司")  # fmt: skip


def build_legal_aid(book: Book, days: Days, people: People, rng: random.Random) -> None:
    """222 cases accepted; each court notice answered by an appointment letter (指定书)."""
    plan = [(route, category) for route, category, n in LEGAL_AID_PLAN for _ in range(n)]
    rng.shuffle(plan)
    received = days.spread(len(plan), (6, 2, 7, 9, 9, 9, 9, 8, 9, 9, 9, 6), dt.date(YEAR, 12, 18))
    lawyers = [(people.name(), FIRMS[n % len(FIRMS)]) for n in range(24)]
    counters = {"notice": 0, "decision": 0, "letter": 0, "assign": 0}
    for (route, category), on in zip(plan, received, strict=True):
        clerk = rng.choice(LA_CLERKS)
        if route == "notice":
            counters["notice"] += 1
            case = book.create(
                "legal_aid",
                received_on=on,
                actor=clerk,
                parties=[people.party("defendant")],
                details={"category": "criminal", "matter": rng.choice(CRIMES),
                         "full_coverage": True},
                action="notify",
                data={"organ": COURT, "organ_kind": "court", "persons": 1,
                      "letter_number": f"(2020)晋1182刑初{counters['notice'] * 2 + 11}号"},
            )  # fmt: skip
            appoint_by, letter = "appoint_notice", "letter"
        else:
            counters["decision"] += 1
            details: dict[str, Any] = {"category": category}
            opposing: dict[str, Any]
            if category == "criminal":
                details.update(matter=rng.choice(CRIMES), stage="prosecution")
                opposing = people.party("opposing")
            else:
                details["matter"] = rng.choice(CIVIL if category == "civil" else ADMINISTRATIVE)
                opposing = (
                    {"role": "opposing", "name": rng.choice(COMPANIES), "organisation": True}
                    if category == "civil" and rng.random() < 0.4
                    else people.party("opposing")
                )
            if category == "administrative":
                opposing = {"role": "opposing", "name": "汾阳市人力资源和社会保障局",
                            "organisation": True}  # fmt: skip
            aided = "applicant" if category != "criminal" else "defendant"
            case = book.create(
                "legal_aid",
                received_on=on,
                actor=clerk,
                parties=[people.party(aided), opposing],
                details=details,
                action="apply",
            )
            on = days.before_due(case, "review", on, within=5)
            case = book.act(case.id, "approve", on=on, actor=clerk, data={
                "decision_number": f"汾法援决〔2020〕{counters['decision']}号",
                "means_test": "verified"})  # fmt: skip
            appoint_by = "appoint_criminal" if category == "criminal" else "appoint_other"
            letter = "assign"
        counters[letter] += 1
        lawyer, firm = rng.choice(lawyers)
        on = days.before_due(case, appoint_by, on, within=3)
        prefix = "汾法援指" if letter == "letter" else "汾法援派"
        book.act(case.id, "appoint", on=on, actor=clerk, data={
            "assignee": lawyer, "firm": firm,
            "letter_number": f"{prefix}〔2020〕{counters[letter]}号"})  # fmt: skip
        closed = days.after(on, 25, 70 if category == "criminal" else 110)
        if closed.year > YEAR:
            continue  # still being handled at the end of the year
        outcome = "judgment" if category != "civil" else rng.choice(("judgment", "mediated"))
        case = book.act(case.id, "close", on=closed, actor=clerk, data={
            "outcome": outcome, "documents": ["结案报告", "判决书" if outcome == "judgment"
                                              else "调解书", "办案小结"]})  # fmt: skip
        reviewed = days.before_due(case, "file_review", closed, within=15)
        if reviewed.year == YEAR:
            grade = rng.choices(("excellent", "good", "pass"), (2, 6, 2))[0]
            book.act(case.id, "review", on=reviewed, actor=clerk, data={"grade": grade})


# -- 人民调解 -------------------------------------------------------------------------------------

COMMITTEE_PLAN = (("township", 14), ("village", 279), ("community", 22), ("professional", 5),
                  ("enterprise", 3))  # fmt: skip
"""323 committees: one per township (street), the villages and communities, and a few others."""
PROFESSIONAL = ("医疗纠纷", "道路交通事故纠纷", "劳动争议", "婚姻家庭纠纷", "物业纠纷")
ENTERPRISE = ("汾酒集团", "汾阳医院", "汾阳市供电公司")
VILLAGE_NAMES = "东西南北上下前后中新"
VILLAGE_STEMS = "堡庄村沟峪坡营屯寨里"
MEDIATION_MONTHS = (7, 3, 8, 9, 9, 9, 9, 8, 9, 8, 10, 4)
"""The year's rhythm of intake: a quiet February (the epidemic), a busy November."""
FULL_DOSSIER_SUCCESS = ("application", "rights_notice", "identity", "session_record", "back_cover")
FULL_DOSSIER_FAILED = ("application", "rights_notice", "identity", "session_record", "back_cover")
DISPUTE_MIX = (
    ("marriage_family", 18), ("neighbour", 22), ("housing_homestead", 12), ("contract", 8),
    ("damages", 10), ("labour", 6), ("land_contract", 9), ("traffic", 6), ("medical", 2),
    ("other", 7),
)  # fmt: skip
SUCCEEDED, SUBSIDISED = 982, 847
FAILED, WITHDRAWN = 64, 21
NOT_SUBSIDISED = (("incomplete_dossier", 81), ("no_follow_up", 38), ("partly_performed", 16))
"""Why the 135 successful mediations that earn no subsidy fail the 以案定补 rule."""


def _committees(people: People, rng: random.Random) -> list[Any]:
    from casework_mediation.committees import Committee, Mediator

    made: list[Committee] = []
    village_names: set[str] = set()
    for kind, count in COMMITTEE_PLAN:
        for n in range(count):
            township = TOWNSHIPS[n % len(TOWNSHIPS)]
            if kind == "township":
                name, code = f"{township}人民调解委员会", f"XZ-{n + 1:02d}"
            elif kind in ("village", "community"):
                while True:
                    stem = rng.choice(VILLAGE_NAMES) + rng.choice(VILLAGE_STEMS)
                    place = people.rng.choice(SURNAMES) + stem
                    if place not in village_names:
                        village_names.add(place)
                        break
                suffix = "村" if kind == "village" else "社区"
                name = f"{township}{place}{suffix}人民调解委员会"
                code = f"{'CZ' if kind == 'village' else 'SQ'}-{n + 1:03d}"
            elif kind == "professional":
                name, code = f"汾阳市{PROFESSIONAL[n]}人民调解委员会", f"HY-{n + 1:02d}"
                township = "太和桥街道"
            else:
                name, code = f"{ENTERPRISE[n]}人民调解委员会", f"QY-{n + 1:02d}"
            size = 5 if kind in ("township", "professional") else rng.randint(2, 4)
            mediators = tuple(Mediator.of(people.name(), phone=people.phone()) for _ in range(size))
            made.append(
                Committee(id=code, name=name, type=kind, township=township, mediators=mediators)
            )
    return made


def _mediation_plan(rng: random.Random) -> list[str]:
    plan = ["subsidised"] * SUBSIDISED + ["failed"] * FAILED + ["withdrawn"] * WITHDRAWN
    for reason, count in NOT_SUBSIDISED:
        plan += [reason] * count
    rng.shuffle(plan)
    return plan


def build_mediation(book: Book, days: Days, people: People, rng: random.Random) -> None:
    """323 committees; 1,067 disputes: 982 mediated successfully, 847 of them subsidised."""
    from casework_mediation.committees import put_committee

    registry = _committees(people, rng)
    for committee in registry:
        put_committee(book, committee)
    weights = [10 if c.type in ("township", "professional") else 1 for c in registry]
    plan = _mediation_plan(rng)
    registered = days.spread(len(plan), MEDIATION_MONTHS, dt.date(YEAR, 12, 4))
    types, type_weights = zip(*DISPUTE_MIX, strict=True)
    for outcome, on in zip(plan, registered, strict=True):
        committee = rng.choices(registry, weights=weights)[0]
        lead = committee.mediators[rng.randrange(len(committee.mediators))].name
        dispute = rng.choices(types, weights=type_weights)[0]
        amount = rng.choice((0, 0, 500, 1200, 3000, 5000, 8000, 20000))
        case = book.create(
            "mediation",
            received_on=on,
            actor=lead,
            parties=[people.party("applicant"), people.party("respondent")],
            data={
                "committee": committee.id,
                "mediators": [lead],
                "dispute_type": dispute,
                "origin": rng.choices(("application", "initiative", "referral"), (6, 3, 1))[0],
                "amount": amount,
            },
        )
        _carry_mediation(book, days, rng, case, committee, lead, outcome, amount)


def _carry_mediation(
    book: Book,
    days: Days,
    rng: random.Random,
    case: Case,
    committee: Any,
    lead: str,
    outcome: str,
    amount: int,
) -> None:
    act: Callable[..., Case] = book.act
    place = committee.name.removesuffix("人民调解委员会") + "调解室"
    on = days.after(case.received_on, 0, 3)
    if outcome == "withdrawn":
        reason = rng.choice(("refused", "withdrawn"))
        act(case.id, "withdraw", on=on, actor=lead, data={"reason": reason})
        filed = days.after(on, 1, 5)
        act(case.id, "file_dossier", on=filed, actor=lead,
            data={"items": ["application", "identity", "back_cover"]})  # fmt: skip
        return
    case = act(case.id, "mediate", on=on, actor=lead, data={"place": place, "note": "面对面调解"})
    if rng.random() < 0.1:
        on = days.before_due(case, "settlement", on, within=6)
        case = act(
            case.id, "mediate", on=on, actor=lead, data={"place": place, "note": "背对背调解"}
        )
    if outcome == "failed":
        on = days.before_due(case, "settlement", on, within=8)
        act(
            case.id,
            "fail",
            on=on,
            actor=lead,
            data={"directed_to": [rng.choice(("litigation", "arbitration", "administrative"))]},
        )
        act(case.id, "file_dossier", on=days.after(on, 1, 5), actor=lead,
            data={"items": list(FULL_DOSSIER_FAILED)})  # fmt: skip
        return
    on = days.before_due(case, "settlement", on, within=8)
    written = amount > 0 or rng.random() < 0.75
    form = "written" if written else "oral"
    terms = f"被申请人于十日内支付申请人{amount}元" if amount else "双方互谅互让,和睦相处"
    case = act(case.id, "succeed", on=on, actor=lead, data={"form": form, "terms": terms})
    items = list(FULL_DOSSIER_SUCCESS) + (["agreement"] if written else [])
    if written and amount >= 5000 and rng.random() < 0.08:
        on = days.before_due(case, "confirmation", on, within=8)
        case = act(case.id, "confirm", on=on, actor=lead, data={"step": "applied", "court": COURT})
        on = days.after(on, 5, 12)
        case = act(case.id, "confirm", on=on, actor=lead, data={"step": "granted"})
        items.append("confirmation_papers")
    if outcome != "no_follow_up":
        on = days.after(on, 5, 15)
        found = "partly" if outcome == "partly_performed" else "performed"
        case = act(case.id, "follow_up", on=on, actor=lead, data={"performance": found})
        items.append("follow_up_record")
    if outcome == "incomplete_dossier":
        items.remove(rng.choice(("rights_notice", "identity", "session_record")))
    grade = "difficult" if amount >= 20000 else "general" if amount >= 3000 else "simple"
    approver = (
        f"{committee.township.removesuffix('街道').removesuffix('镇').removesuffix('乡')}司法所"
    )
    act(case.id, "file_dossier", on=days.after(on, 1, 6), actor=lead,
        data={"items": items, "grade": grade, "grade_approved_by": approver,
              "filed_by": lead, "retention": "长期"})  # fmt: skip


# -- 证明事项告知承诺制 ----------------------------------------------------------------------------

HRSS = "汾阳市人力资源和社会保障局"
CM_CLERKS = ("白晓燕", "侯建军")
CM_PLAN = (("funeral_survivor", 152), ("pension_transfer", 45), ("pension_cancellation", 75),
           ("dependant_pension", 112))  # fmt: skip
"""384 matters concluded on a written commitment, by matter type, as the report counts them."""
CM_CERTIFICATES = {
    "funeral_survivor": ("死亡证明", "亲属关系证明"),
    "pension_transfer": ("户籍迁移证明",),
    "pension_cancellation": ("死亡证明", "未重复领取待遇的证明"),
    "dependant_pension": ("亲属关系证明", "无生活来源证明"),
}
CM_FALSE = (("funeral_survivor", "户籍信息核查显示申请人与死者不存在所承诺的亲属关系"),
            ("dependant_pension", "经核查供养亲属另有固定收入,与所承诺的无生活来源不符"))  # fmt: skip
"""Two commitments found false after the decision: each decision is revoked (撤销)."""


def build_commitment(book: Book, days: Days, people: People, rng: random.Random) -> None:
    """384 matters concluded on a commitment and verified; two found false and revoked."""
    plan = [matter for matter, n in CM_PLAN for _ in range(n)]
    rng.shuffle(plan)
    received = days.spread(len(plan) + 1, (4, 1, 6, 8, 9, 9, 9, 9, 10, 10, 11, 14),
                           dt.date(YEAR, 12, 24))  # fmt: skip
    terminated_at = rng.randrange(len(received))
    false_at = dict(zip(rng.sample(range(len(plan)), len(CM_FALSE)), CM_FALSE, strict=True))
    matters = iter(plan)
    number = 0
    for index, on in enumerate(received):
        clerk = rng.choice(CM_CLERKS)
        matter = "funeral_survivor" if index == terminated_at else next(matters)
        case = book.create(
            "commitment",
            received_on=on,
            actor=clerk,
            parties=[people.party("applicant")],
            details={"matter": matter, "department": HRSS,
                     "certificates": list(CM_CERTIFICATES[matter])},
        )  # fmt: skip
        if index == terminated_at:
            book.act(case.id, "terminate", on=days.after(on, 1, 3), actor=clerk, data={
                "method": "data_sharing",
                "finding": "办理中经数据共享核查,死者生前已由其他亲属领取丧葬费补助金"})  # fmt: skip
            continue
        number += 1
        concluded = days.after(on, 0, 3)
        case = book.act(case.id, "conclude", on=concluded, actor=clerk,
                        data={"decision_number": f"汾人社承〔2020〕{number}号"})  # fmt: skip
        checked = days.before_due(case, "verification", concluded, within=15)
        plan_index = index - (index > terminated_at)
        if plan_index in false_at:
            _, finding = false_at[plan_index]
            case = book.act(case.id, "find_false", on=checked, actor=clerk,
                            data={"method": "inquiry", "finding": finding})  # fmt: skip
            book.act(case.id, "revoke", on=days.after(checked, 3, 8), actor=clerk, data={
                "consequences": ["recovery"],
                "decision_number": f"汾人社撤〔2020〕{plan_index % 9 + 1}号"})  # fmt: skip
            continue
        method = rng.choices(("data_sharing", "inquiry", "on_site"), (7, 2, 1))[0]
        book.act(case.id, "confirm", on=checked, actor=clerk, data={"method": method})


# -- 行政执法证件 ----------------------------------------------------------------------------------

EC_OFFICE = "汾阳市司法局行政执法协调监督股"
EC_DEPARTMENTS = (
    "公安局", "市场监督管理局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局",
    "农业农村局", "水利局", "卫生健康局", "应急管理局", "文化和旅游局", "教育局",
    "人力资源和社会保障局", "民政局", "财政局", "审计局", "统计局", "林业局", "商务局",
    "医疗保障局", "城市管理局", "行政审批服务管理局", "能源局", "退役军人事务局", "司法局",
    "发展和改革局", "工业和信息化局", "科学技术局", "档案局", "气象局", "烟草专卖局",
    "人民防空办公室", "粮食和物资储备中心", "综合行政执法大队",
)  # fmt: skip
"""Thirty-four departments; with the fourteen townships (streets), 48 enforcement bodies."""
EC_PLAN = (("new", 225), ("renewal", 174), ("supervision", 4))
"""403 officers: 225 new certificates, 174 renewals, 4 supervision certificates."""
EC_SESSIONS = (("2020年第一批", dt.date(2020, 6, 19)), ("2020年第二批", dt.date(2020, 11, 20)))
"""The two sittings of the public-law examination for new certificates."""
EC_FAILED_FIRST = 9
"""Officers who fail the first sitting and pass at the second."""


def _bodies() -> list[str]:
    towns = [t + ("办事处" if t.endswith("街道") else "人民政府") for t in TOWNSHIPS]
    return [f"汾阳市{d}" for d in EC_DEPARTMENTS] + [f"汾阳市{t}" for t in towns]


def build_certificate(book: Book, days: Days, people: People, rng: random.Random) -> None:
    """403 applications from 48 bodies; the examinees sit in June or November, then are issued."""
    bodies = _bodies()
    plan = [kind for kind, n in EC_PLAN for _ in range(n)]
    rng.shuffle(plan)
    owners = bodies + rng.choices(bodies, k=len(plan) - len(bodies))
    rng.shuffle(owners)
    sitters = [i for i, kind in enumerate(plan) if kind != "renewal"]
    first = set(rng.sample(sitters, k=len(sitters) * 3 // 5))
    fail_first = set(rng.sample(sorted(first), k=EC_FAILED_FIRST))
    suspended_at = rng.choice([i for i, kind in enumerate(plan) if kind == "renewal"])
    for index, (kind, body) in enumerate(zip(plan, owners, strict=True)):
        if kind == "renewal":
            on = days.in_month(rng.randint(3, 10))
        else:
            session = EC_SESSIONS[0 if index in first else 1][1]
            on = days.in_month(session.month - rng.randint(1, 2))
        details: dict[str, Any] = {"body": body, "cert_type": kind,
                                   "field": body.removeprefix("汾阳市")}  # fmt: skip
        if kind == "renewal":
            details["previous_number"] = f"1411821{rng.randrange(10**5):05d}"
        case = book.create("certificate", received_on=on, actor=EC_OFFICE,
                           parties=[people.party("holder")], details=details)  # fmt: skip
        last = on
        if kind != "renewal":
            sittings = [EC_SESSIONS[0], EC_SESSIONS[1]] if index in first else [EC_SESSIONS[1]]
            if index in fail_first:
                name, day = sittings.pop(0)
                book.act(case.id, "fail_exam", on=day, actor=EC_OFFICE,
                         data={"score": rng.randint(38, 59), "session": name})  # fmt: skip
            name, last = sittings[0]
            book.act(case.id, "pass_exam", on=last, actor=EC_OFFICE,
                     data={"score": rng.randint(60, 98), "session": name})  # fmt: skip
        issued = days.after(last, 5, 15)
        book.act(case.id, "issue", on=issued, actor=EC_OFFICE,
                 data={"number": f"14118220{index + 1:04d}"})  # fmt: skip
        if index == suspended_at:
            on = days.after(issued, 10, 20)
            book.act(case.id, "suspend", on=on, actor=EC_OFFICE, data={"ground": "investigation"})
            book.act(case.id, "reinstate", on=days.after(on, 10, 20), actor=EC_OFFICE)


# -- 免费法律咨询 ----------------------------------------------------------------------------------

FC_SHIFTS, FC_PEOPLE = 1430, 6260
FC_HALL, FC_CANCELLED = 240, 6
"""Shifts held at the approval hall (scheduled ahead, six more cancelled); the rest in townships."""
FC_MATTERS = (("marriage_family", 24), ("labour", 14), ("land", 16), ("contract", 12),
              ("damages", 8), ("traffic", 6), ("property", 7), ("inheritance", 6),
              ("administrative", 3), ("criminal", 2), ("other", 2))  # fmt: skip


def _consultation_counts(rng: random.Random) -> list[int]:
    counts = [rng.randint(1, 8) for _ in range(FC_SHIFTS)]
    while (gap := FC_PEOPLE - sum(counts)) != 0:
        i = rng.randrange(FC_SHIFTS)
        step = 1 if gap > 0 else -1
        if 1 <= counts[i] + step <= 12:
            counts[i] += step
    return counts


def build_consultation(book: Book, days: Days, people: People, rng: random.Random) -> None:
    """1,430 duty shifts at the approval hall and 14 townships, 6,260 people consulted."""
    lawyers = [people.name() for _ in range(30)]
    workers = [people.name() for _ in range(18)]
    retired = [(people.name(), "retired_judge") for _ in range(2)] + [
        (people.name(), "retired_prosecutor") for _ in range(2)
    ]
    year = [d for d in days.working if d.year == YEAR]
    hall_days = sorted(rng.sample(year, FC_HALL + FC_CANCELLED))
    cancelled = set(rng.sample(range(len(hall_days)), FC_CANCELLED))
    town_days: list[tuple[str, dt.date]] = []
    per_town = (FC_SHIFTS - FC_HALL) // len(TOWNSHIPS)
    extra = (FC_SHIFTS - FC_HALL) % len(TOWNSHIPS)
    for n, town in enumerate(TOWNSHIPS):
        town_days += [(town, d) for d in rng.sample(year, per_town + (n < extra))]
    counts = iter(_consultation_counts(rng))
    codes, weights = zip(*FC_MATTERS, strict=True)

    def served() -> tuple[str, str]:
        pick = rng.random()
        if pick < 0.6:
            return rng.choice(lawyers), "lawyer"
        if pick < 0.9:
            return rng.choice(workers), "grassroots"
        return rng.choice(retired)

    def log(count: int) -> dict[str, Any]:
        matters: dict[str, int] = {}
        for code in rng.choices(codes, weights=weights, k=count):
            matters[code] = matters.get(code, 0) + 1
        referrals = 1 if count and rng.random() < 0.07 else 0
        return {"matters": matters, "referrals": referrals}

    for n, day in enumerate(hall_days):
        provider, kind = served()
        details = {"site": "hall", "venue": "汾阳市审批大厅", "provider": provider,
                   "provider_kind": kind}  # fmt: skip
        case = book.create("consultation", received_on=day, actor="公共法律服务中心",
                           details=details)  # fmt: skip
        if n in cancelled:
            book.act(case.id, "cancel", on=day, actor="公共法律服务中心",
                     data={"reason": "坐班人员临时出庭,当日无人替班"})  # fmt: skip
        else:
            book.act(case.id, "hold", on=day, actor="公共法律服务中心", data=log(next(counts)))
    for town, day in sorted(town_days, key=lambda pair: pair[1]):
        provider, kind = served()
        office = town.removesuffix("街道").removesuffix("镇").removesuffix("乡") + "司法所"
        book.create(
            "consultation",
            received_on=day,
            actor=office,
            details={"site": "township", "venue": f"{town}公共法律服务工作站",
                     "provider": provider, "provider_kind": kind},
            action="log",
            data=log(next(counts)),
        )  # fmt: skip


# -- the book -------------------------------------------------------------------------------------

BUILDERS: tuple[tuple[str, Callable[[Book, Days, People, random.Random], None]], ...] = (
    ("reconsideration", build_reconsideration),
    ("litigation", build_litigation),
    ("legal_aid", build_legal_aid),
    ("mediation", build_mediation),
    ("commitment", build_commitment),
    ("certificate", build_certificate),
    ("consultation", build_consultation),
)
"""Each kind's builder, in the order they run (each from its own random stream)."""


def fill(book: Book) -> None:
    """Set the book's locality (汾阳市), then write the sample's cases as one transaction."""
    book.configure(from_options(**LOCALITY))
    ids: set[str] = set()  # ID numbers are unique across the whole book
    with book.batch():
        for index, (_kind, builder) in enumerate(BUILDERS):
            rng = random.Random(SEED + index)
            builder(book, Days(book.calendar, rng), People(rng, ids), rng)


def build(path: str | Path) -> Book:
    """Build the sample book in folder ``path`` (or a ``postgresql://`` book) and return it open.

    Refuses (``FileExistsError``) when ``path`` already holds anything: a book is never
    overwritten. The whole book is one transaction; if building fails, the folder it made is
    removed again. Needs the plugins of every kind in :data:`BUILDERS`.
    """
    kinds = casework.case_types()
    missing = [kind for kind, _ in BUILDERS if kind not in kinds]
    if missing:
        raise RuntimeError(f"the sample book needs the plugins {', '.join(missing)}")
    if isinstance(path, str) and path.startswith(("postgresql://", "postgres://")):
        book = casework.open_book(path)  # a server book: one transaction, rolled back on failure
        if book.ids():
            book.close()
            raise FileExistsError("that schema already holds cases: build the sample in a new one")
        try:
            fill(book)
        except BaseException:
            book.close()
            raise
        return book
    root = Path(path).expanduser()
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise FileExistsError(f"{root} is not empty: the sample book is built in a new folder")
    made = not root.exists()
    book = casework.open_book(root)
    try:
        fill(book)
    except BaseException:
        book.close()
        if made:
            shutil.rmtree(root, ignore_errors=True)
        else:
            for child in root.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        raise
    return book


def iter_messages(book: Book) -> Iterator[str]:
    """Lines comparing the book's 2020 report with the published figures."""
    figures = book.report(YEAR).figures()
    for kind, expected in EXPECTED.items():
        for key, value in expected.items():
            got = figures.get(kind, {}).get(key)
            mark = "ok" if got == value else "DIFFERS"
            yield f"{kind}.{key}: {got} (published {value}) {mark}"


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: build the book in the folder given, then compare its report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("book", help="a new folder for the book")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        book = build(args.book)
    except (FileExistsError, RuntimeError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"built {args.book} in {time.perf_counter() - started:.1f} s")
    for line in iter_messages(book):
        print(line)
    book.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
