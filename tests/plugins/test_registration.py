"""Registration is the gate: names and codes belong to the first plugin; declarations checked."""

from __future__ import annotations

import datetime as dt

import pytest
from ep_site import Site, kind_source

import casework
from casework import plugins
from casework.i18n import language

D = dt.date


@pytest.mark.parametrize("entry", ["aaa", "zzz"])
def test_a_third_party_cannot_take_over_a_builtin_kind(site: Site, entry: str) -> None:
    # entry points sorting before and after the built-in ones: neither order may decide
    site.install("casework-aaa", "casework_aaa", kind_source(name="mediation", code="XM"), entry)
    site.reload()
    assert casework.case_type("mediation").label.zh == "人民调解"
    failures = plugins.failures()
    assert "mediation" not in failures  # the built-in is not blamed
    assert "案件类型名 mediation 已由插件 mediation 注册" in failures[entry]
    assert plugins.owner_of("mediation") == "mediation"
    # refused whole: none of its hooks run, and it is not listed as installed
    assert entry not in {p.name for p in plugins.get_plugins()}
    assert entry in plugins.refused()


def test_a_refused_plugin_is_forgotten_once_unregistered(site: Site) -> None:
    site.install("casework-aaa", "casework_aaa", kind_source(name="mediation", code="XM"), "aaa")
    site.reload()
    assert "aaa" in plugins.failures()
    casework.unregister_plugin("aaa")
    assert "aaa" not in plugins.failures()
    assert casework.case_type("mediation").label.zh == "人民调解"


def test_register_plugin_refuses_a_taken_name_at_once(site: Site) -> None:
    site.reload()
    site.install("casework-late", "casework_late", kind_source(name="mediation", code="XM"))
    import casework_late  # type: ignore[import-not-found]

    with pytest.raises(casework.PluginError) as info:
        casework.register_plugin(casework_late, name="late")
    assert "mediation 已由插件 mediation 注册" in info.value.message
    assert "CASEWORK_DISABLE_PLUGINS=late" in str(info.value)
    assert casework.case_type("mediation").label.zh == "人民调解"
    assert "late" not in plugins.failures() and "mediation" not in plugins.failures()
    casework.unregister_plugin("late")
    assert not {"late", "mediation"} & set(plugins.failures())  # no stale failure


def test_the_same_entry_point_name_as_a_builtin_is_reported(site: Site) -> None:
    site.install("casework-other", "casework_other", kind_source(), "mediation")
    site.reload()
    assert casework.case_type("mediation").label.zh == "人民调解"
    assert "letters" not in casework.case_types()
    (name,) = [n for n in plugins.failures() if n.startswith("mediation ")]
    assert "casework-other" in name
    assert "已由 casework 使用" in plugins.failures()[name]


def test_codes_are_unique_first_entry_point_wins(site: Site) -> None:
    site.install("casework-appeal", "casework_appeal", kind_source(name="appeal"))
    site.install("casework-letters", "casework_letters", kind_source(name="letters"))
    site.reload()
    assert casework.case_types()["appeal"].code == "LV"
    assert "letters" not in casework.case_types()
    error = plugins.failures()["casework_letters"]
    assert "案件编号代码 LV 已由插件 casework_appeal 的 appeal 使用" in error
    with language("en"):
        site.reload()
        error = plugins.failures()["casework_letters"]
    assert "case code LV is already used by appeal of plugin casework_appeal" in error


def test_a_plugin_with_code_rc_cannot_lock_reconsideration_out(site: Site, tmp_path) -> None:
    site.install("casework-rc", "casework_rc", kind_source(name="rcx", code="RC"))
    site.reload()
    assert "rcx" not in casework.case_types()
    assert "reconsideration 使用" in plugins.failures()["casework_rc"]
    with casework.open_book(tmp_path / "book") as book:
        case = book.create(
            "reconsideration",
            received_on=D(2024, 3, 1),
            actor="王科员",
            parties=[{"role": "applicant", "name": "张三"}],
            details={"respondent": "某县公安局", "act": {"description": "罚款决定"}},
        )
    assert case.id.startswith("RC2024-")


@pytest.mark.parametrize(
    ("options", "field", "fix"),
    [
        ({"unit": "natrual"}, "clocks[handle].unit", "natural, working, months"),
        ({"number_format": "汾信〔{yaer}〕{seq}号"}, "number_format", "{year} 和 {seq}"),
        ({"name": "信访"}, "name", "小写英文字母"),
        ({"extend_field": "approver: str"}, "clocks[handle].extends_on", "days"),
        ({"code": "X1"}, "code", "大写英文字母"),
    ],
)
def test_declaration_mistakes_are_the_plugins_at_registration(
    site: Site, options: dict[str, str], field: str, fix: str
) -> None:
    site.install("casework-bad", "casework_bad", kind_source(**options))
    site.reload()
    assert not any(t.label.zh == "信访事项" for t in casework.case_types().values())
    error = plugins.failures()["casework_bad"]
    assert error.startswith("插件 casework_bad 未加载")
    assert field in error and fix in error


def test_declaration_errors_in_english(site: Site) -> None:
    site.install("casework-bad", "casework_bad", kind_source(unit="natrual"))
    with language("en"):
        site.reload()
        error = plugins.failures()["casework_bad"]
    assert error.startswith("plugin casework_bad not loaded")
    assert "workflows[V1].clocks[handle].unit: 'natrual' is not a unit" in error


def test_a_good_third_party_kind_loads_beside_the_builtins(site: Site) -> None:
    site.install("casework-letters", "casework_letters", kind_source())
    site.reload()
    assert "casework_letters" not in plugins.failures()
    assert casework.case_type("letters").label.zh == "信访事项"
    assert plugins.owner_of("letters") == "casework_letters"
    info = next(p for p in plugins.get_plugins() if p.name == "casework_letters")
    assert info.distribution == "casework-letters" and info.case_types == ("letters",)


def test_a_code_a_book_already_gave_another_kind_is_refused_in_chinese(
    site: Site, tmp_path
) -> None:
    import shutil

    site.install("casework-appeal", "casework_appeal", kind_source(name="appeal"))
    site.reload()
    petitioner = [{"role": "petitioner", "name": "张三"}]
    with casework.open_book(tmp_path / "book") as book:
        book.create("appeal", received_on=D(2024, 3, 1), actor="王科员", parties=petitioner)
    shutil.rmtree(site.root / "casework_appeal-1.0.dist-info")
    site.install("casework-letters", "casework_letters", kind_source(name="letters"))
    site.reload()
    with (
        casework.open_book(tmp_path / "book") as book,
        pytest.raises(casework.StorageError) as info,
    ):
        book.create("letters", received_on=D(2024, 3, 1), actor="王科员", parties=petitioner)
    assert "案件编号代码 LV(letters)在本案件簿中已由 appeal 使用" in str(info.value)
    assert "请给该案件类型换一个 code" in str(info.value)
