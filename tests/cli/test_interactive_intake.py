"""A scripted session at the keyboard: one case of each kind, answered in Chinese labels only.

Each session gives one wrong answer (a label that does not exist, an unregistered committee, a
field the book refuses at the end); it is asked again on the spot and every other answer is
kept: the stored case holds every answer given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

import casework
from casework.cli import cli

Session = Callable[..., Result]


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Session]:
    import casework.cli.commands as commands

    monkeypatch.setattr(commands, "stdin_is_tty", lambda: True)
    book = tmp_path / "book"
    with casework.open_book(book) as opened:
        from casework_mediation.committees import Committee, Mediator, put_committee

        put_committee(
            opened,
            Committee(
                id="XH-01",
                name="西河村人民调解委员会",
                type="village",
                township="贾家庄镇",
                mediators=(Mediator.of("李调解", id_number=None, phone=None),),
            ),
        )
    runner = CliRunner()

    def run(kind: str, *answers: str) -> Result:
        result = runner.invoke(
            cli,
            ["--book", str(book), "--json", "new", kind],
            input="\n".join(answers) + "\n",
            env={"COLUMNS": "100", "CASEWORK_ACTOR": None},
        )
        casework.set_language("zh")
        return result

    yield run


def _stored(result: Result) -> dict[str, object]:
    assert result.exit_code == 0, result.stderr
    case: dict[str, object] = orjson.loads(result.stdout)
    return case


def test_reconsideration_by_labels(session: Session) -> None:
    result = session(
        "reconsideration",
        "2020-03-02",  # 收案日期
        "王科员",  # 经办人
        "申请人",  # 当事人身份, by its label
        "张三",
        "",
        "",
        "是",  # another party
        "第三人",
        "李四",
        "",
        "",
        "否",
        "汾阳市公安局",  # 被申请人
        "罚款决定",  # 行为名称及文号
        "是",  # more fields
        "处罚",  # 行为类别: wrong (no such label) …
        "行政处罚",  # … asked again at once
        "2020-02-10",  # 作出日期
        "汾公(治)决字〔2020〕12号",  # 文书编号
        "2020-02-12",  # 知道行政行为之日
        "撤销该处罚决定",  # 复议请求
        "",  # 第三人 (details)
        "",  # 申请期限
    )
    case = _stored(result)
    assert "没有 处罚" in result.stderr and "是否应为 行政处罚" in result.stderr
    details = case["details"]
    assert isinstance(details, dict)
    assert details["respondent"] == "汾阳市公安局"
    assert details["act"] == {
        "description": "罚款决定",
        "category": "penalty",
        "made_on": "2020-02-10",
        "document_number": "汾公(治)决字〔2020〕12号",
    }
    assert details["learned_on"] == "2020-02-12" and details["request"] == "撤销该处罚决定"
    parties = case["parties"]
    assert isinstance(parties, list)
    assert [(p["role"], p["name"]) for p in parties] == [
        ("applicant", "张三"),
        ("third_party", "李四"),
    ]


def test_litigation_by_labels(session: Session) -> None:
    result = session(
        "litigation",
        "2020-08-29",
        "王科员",
        "原告",
        "牛斌",
        "",
        "1381234567",  # a phone number one digit short: refused …
        "13812345678",  # … asked again
        "否",
        "汾阳市人民政府",  # 被告
        "是",  # more fields
        "市政府",  # 被告简称
        "汾阳市人民法院",  # 受诉法院
        "(2020)晋1182行初31号",  # 法院案号
        "基层人民法院",  # 法院层级, by label
        "一审",  # 审级
        "普通程序",  # 审理程序
        "政府信息公开答复",  # 被诉行政行为
        "2020-08-29",  # 立案日期
        "汾阳市自然资源局、汾阳市住建局",  # 共同被告
    )
    case = _stored(result)
    details = case["details"]
    assert isinstance(details, dict)
    assert details["court_level"] == "basic" and details["instance"] == "first"
    assert details["procedure"] == "ordinary" and details["defendant_short"] == "市政府"
    assert details["co_defendants"] == ["汾阳市自然资源局", "汾阳市住建局"]
    assert details["court_number"] == "(2020)晋1182行初31号"
    parties = case["parties"]
    assert isinstance(parties, list) and parties[0]["phone"] is not None
    assert parties[0]["name"] == "牛斌"


def test_legal_aid_refused_at_the_end_keeps_every_answer(session: Session) -> None:
    result = session(
        "legal_aid",
        "2020-03-02",
        "王科员",
        "犯罪嫌疑人、被告人(受援人)",
        "张三",
        "",
        "",
        "否",
        "刑事",  # 案件类别
        "张三涉嫌盗窃罪",  # 案由/事项
        "否",  # no more fields: the stage of a criminal case is left out …
        "受理申请",  # 如何建档
        "审判",  # … the book refuses the case and asks for the stage alone
    )
    case = _stored(result)
    assert "刑事案件请填写诉讼阶段" in result.stderr
    details = case["details"]
    assert isinstance(details, dict)
    assert details["category"] == "criminal" and details["stage"] == "trial"
    assert details["matter"] == "张三涉嫌盗窃罪"
    parties = case["parties"]
    assert isinstance(parties, list) and parties[0]["role"] == "defendant"


def test_mediation_committee_by_name_with_did_you_mean(session: Session) -> None:
    result = session(
        "mediation",
        "2020-03-02",
        "李调解",
        "申请人",
        "张三",
        "",
        "",
        "是",
        "被申请人",
        "李四",
        "",
        "",
        "否",
        "西河村调解委员会",  # a name not registered …
        "西河村人民调解委员会",  # … the registered one, as suggested
        "是",  # more fields
        "李调解",  # 调解员, by name
        "邻里",  # 纠纷类型
        "当事人申请",  # 调解来源
        "",  # 移送委托单位
        "人民调解",  # 调解类别
        "3000",  # 涉及金额
        "宅基地边界纠纷",  # 纠纷简要情况
    )
    case = _stored(result)
    assert "是否应为 西河村人民调解委员会" in result.stderr
    details = case["details"]
    assert isinstance(details, dict)
    assert details["committee"] == "XH-01" and details["mediators"] == ["李调解"]
    assert details["dispute_type"] == "neighbour" and details["origin"] == "application"
    assert details["amount"] == 3000 and details["summary"] == "宅基地边界纠纷"


def test_certificate_by_labels(session: Session) -> None:
    result = session(
        "certificate",
        "2020-03-02",
        "王科员",
        "申领人(执法人员)",
        "李执法",
        "",
        "",
        "否",
        "汾阳市市场监督管理局",  # 执法主体
        "新证",  # 申领类型: wrong …
        "新申领执法证",  # … asked again
        "否",
    )
    case = _stored(result)
    assert "是否应为 新申领执法证" in result.stderr
    details = case["details"]
    assert isinstance(details, dict)
    assert details["body"] == "汾阳市市场监督管理局" and details["cert_type"] == "new"


def test_commitment_by_labels(session: Session) -> None:
    result = session(
        "commitment",
        "2020-03-02",
        "王科员",
        "申请人(承诺人)",
        "赵承诺",
        "",
        "",
        "否",
        "丧葬费",  # 承诺事项: wrong …
        "丧葬费补助金、抚恤费申领、遗属待遇申领",  # … the label suggested
        "汾阳市人力资源和社会保障局",  # 承办部门
        "否",
    )
    case = _stored(result)
    details = case["details"]
    assert isinstance(details, dict)
    assert details["matter"] == "funeral_survivor"
    assert details["department"] == "汾阳市人力资源和社会保障局"


def test_consultation_counts_by_label(session: Session) -> None:
    result = session(
        "consultation",
        "2020-03-02",
        "王科员",
        "公共法律服务中心",  # 坐班地点类型
        "汾阳市公共法律服务中心",  # 坐班地点
        "张律师",  # 坐班人员
        "律师",  # 人员类别
        "登记已坐班次",  # 如何建档
        "劳动:2",  # 咨询人次: no such matter …
        "劳动争议:2、合同债务:1",  # … asked again
        "否",
    )
    case = _stored(result)
    assert "不是可选值" in result.stderr
    events = case["events"]
    assert isinstance(events, list)
    assert events[0]["data"]["matters"] == {"labour": 2, "contract": 1}
    details = case["details"]
    assert isinstance(details, dict) and details["provider"] == "张律师"
