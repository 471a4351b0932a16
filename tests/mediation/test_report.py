"""The report section: figures by their documented rules, and the seed's sentence."""

import datetime as dt
from pathlib import Path

import casework
from casework.report import ReportContext
from casework_mediation import report_sections
from casework_mediation.committees import Committee, put_committee

D = dt.date


def mediation_section(book, year):
    """The section through the plugin's hook (the other kinds' sections are not under test)."""
    return report_sections(context=ReportContext(book, year))


def test_figures_count_what_happened_in_the_year(mbook, settle, register):
    # subsidised under the shipped example rules: written general (150) and oral general (80)
    settle(mbook, D(2020, 3, 2), dispute_type="neighbour")
    settle(mbook, D(2020, 4, 2), form="oral", dispute_type="marriage_family", parties=("a", "b"))
    # settled, but the dossier is incomplete: not subsidised
    settle(
        mbook, D(2020, 5, 2), items=["application"], parties=("c", "d"), dispute_type="neighbour"
    )
    # registered in 2019, settled in 2020: counts as settled in 2020, not as registered
    late = register(mbook, D(2019, 12, 20), parties=("e", "f"), dispute_type="contract")
    mbook.act(late.id, "mediate", on=D(2019, 12, 21), actor="a")
    mbook.act(late.id, "succeed", on=D(2020, 1, 5), actor="a", data={"form": "written"})
    mbook.act(late.id, "confirm", on=D(2020, 1, 10), actor="a", data={"step": "applied"})
    mbook.act(late.id, "confirm", on=D(2020, 1, 20), actor="a", data={"step": "granted"})
    failed = register(
        mbook, D(2020, 6, 1), parties=("g", "h"), committee="JD-01", mediators=("陈调解",)
    )
    mbook.act(failed.id, "mediate", on=D(2020, 6, 2), actor="a")
    mbook.act(failed.id, "fail", on=D(2020, 6, 3), actor="a", data={"directed_to": ["litigation"]})
    gone = register(mbook, D(2020, 7, 1), parties=("i", "j"))
    mbook.act(gone.id, "withdraw", on=D(2020, 7, 2), actor="a")
    register(mbook, D(2020, 12, 30), parties=("k", "l"))  # still open at the year's end
    put_committee(
        mbook,
        Committee(
            id="OLD", name="已撤销调委会", type="village", township="甲镇", dissolved=D(2019, 6, 30)
        ),
    )

    section = mediation_section(mbook, 2020)
    figures = section.figures
    assert figures["registered"] == 6
    assert figures["succeeded"] == 4
    assert figures["failed"] == 1
    assert figures["withdrawn"] == 1
    assert figures["success_rate"] == 0.8
    assert figures["written_agreements"] == 3
    assert figures["oral_agreements"] == 1
    assert figures["confirmations"] == 1
    assert figures["confirmations_applied"] == 1
    assert figures["subsidised"] == 2
    assert figures["subsidy_total"] == 230
    assert figures["committees"] == 2
    assert figures["committees_active"] == 2
    assert figures["by_type_neighbour"] == 2
    assert figures["by_type_marriage_family"] == 1
    assert figures["by_type_contract"] == 0
    assert figures["by_type_other"] == 3
    assert section.order == 40
    assert section.label("succeeded", "zh") == "调解成功"
    assert section.text_zh == (
        "全县共有人民调解组织2个。",
        "各级调解委员会成功调解各类矛盾纠纷4件,对其中2件卷宗规范的案件进行以案定补。",
    )
    assert "settled 4 disputes; 2 of them" in section.text_en[1]
    assert "230 yuan" in section.text_en[1]
    towns = section.tables[1].to_dict("zh")
    assert towns["rows"] == [["贾家庄镇", 2, 230]]


def test_seed_sentence_shape_with_its_figures():
    from casework_mediation.report import _sentences

    zh, _en = _sentences(
        {"committees": 323, "succeeded": 982, "subsidised": 847, "subsidy_total": 1}, "全市"
    )
    assert zh == [
        "全市共有人民调解组织323个。",
        "各级调解委员会成功调解各类矛盾纠纷982件,对其中847件卷宗规范的案件进行以案定补。",
    ]
    seed = Path("/work/shared/seed/fenyang-2020-rule-of-law-report.txt").read_text(encoding="utf-8")
    assert zh[1].rstrip("。") in seed


def test_empty_year_has_zero_figures_and_no_sentence():
    with casework.open_book(":memory:") as book:
        section = mediation_section(book, 2021)
    assert section.figures["succeeded"] == 0
    assert section.figures["success_rate"] is None
    assert section.text_zh == ()
    assert set(section.figures) >= {
        "registered",
        "succeeded",
        "failed",
        "success_rate",
        "withdrawn",
        "written_agreements",
        "oral_agreements",
        "confirmations",
        "subsidised",
        "subsidy_total",
        "committees",
        "committees_active",
    }


def test_settled_without_subsidy_says_so(mbook, settle):
    settle(mbook, follow_up=None)
    section = mediation_section(mbook, 2020)
    assert section.text_zh[-1] == "各级调解委员会成功调解各类矛盾纠纷1件。"
