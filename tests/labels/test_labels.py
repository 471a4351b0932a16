"""Labels for everything a user sees: each built-in kind labels its fields and code values."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import pytest

from casework import plugins
from casework.i18n import Label, language
from casework.labels import (
    code_table,
    field_label,
    field_types,
    record_class,
    resolve_code,
    show_value,
)
from casework.workflow import CaseType

KINDS = (
    "reconsideration",
    "litigation",
    "legal_aid",
    "mediation",
    "commitment",
    "certificate",
    "consultation",
)


def _paths(cls: type, prefix: str = "") -> Iterator[str]:
    for field in attrs.fields(cls):
        path = prefix + field.name
        yield path
        inner = record_class(field_types(cls)[field.name])
        if inner is not None:
            yield from _paths(inner, path + ".")


def _labelled(label: Label, path: str) -> bool:
    name = path.rpartition(".")[2]
    return name not in label.zh and label.en != "" and label.zh != ""


@pytest.mark.parametrize("kind", KINDS)
def test_every_details_and_data_field_has_a_label(kind: str) -> None:
    case_type = plugins.case_type(kind)
    missing = [p for p in _paths(case_type.details) if not _labelled(field_label(case_type, p), p)]
    for workflow in case_type.workflows:
        for action in workflow.actions:
            if action.data is not None:
                missing += [
                    f"{action.name}:{p}"
                    for p in _paths(action.data)
                    if not _labelled(field_label(case_type, p, action=action.name), p)
                ]
    assert missing == []


def test_an_action_data_field_has_its_own_label_not_the_details_one() -> None:
    # 法律援助: details ``notice`` holds the organ; the data of ``notify`` names it directly
    legal_aid = plugins.case_type("legal_aid")
    assert field_label(legal_aid, "organ", action="notify").zh == "通知机关"
    # 行政复议: ``refer``'s organ is the competent organ, not the respondent
    rc = plugins.case_type("reconsideration")
    assert field_label(rc, "organ", action="refer").zh == "有权机关"
    # 人民调解: withdraw's reason is a code of its own table
    md = plugins.case_type("mediation")
    assert field_label(md, "reason", action="withdraw").zh == "撤回原因"


def test_a_kind_declares_labels_for_its_action_data_fields() -> None:
    @attrs.frozen
    class Details:
        organ: str = ""

    @attrs.frozen
    class Visit:
        organ: str
        way: str = "visit"

    from casework.workflow import Action, State, Workflow

    workflow = Workflow(
        "W",
        __import__("datetime").date(2000, 1, 1),
        states=(State("open", Label("办理中", "open")),),
        actions=(Action("receive", Label("登记", "receive"), "@new", "open", data=Visit),),
    )
    kind = CaseType(
        name="xf",
        label=Label("信访", "petition"),
        details=Details,
        workflows=(workflow,),
        fields={"organ": Label("被反映单位", "organ complained of")},
        data_fields={"organ": Label("转交单位", "organ referred to")},
        codes={"way": {"visit": Label("来访", "visit"), "letter": Label("来信", "letter")}},
    )
    assert field_label(kind, "organ", action="receive").zh == "转交单位"
    assert field_label(kind, "organ").zh == "被反映单位"
    assert show_value(kind, "way", "visit", action="receive") == "来访"
    with language("en"):
        assert show_value(kind, "way", "visit", action="receive") == "visit"
    table = code_table(kind, "way", action="receive")
    assert table is not None and resolve_code("来信", table[0]) == "letter"


@pytest.mark.parametrize(
    ("kind", "path", "action", "typed", "code"),
    [
        ("mediation", "dispute_type", "register", "邻里", "neighbour"),
        ("reconsideration", "type", "decide", "维持", "upheld"),
        ("reconsideration", "act.category", None, "行政处罚", "penalty"),
        ("litigation", "court_level", None, "基层人民法院", "basic"),
        ("litigation", "category", "attend_hearing", "工作人员", "staff"),
        ("legal_aid", "category", None, "刑事", "criminal"),
    ],
)
def test_a_code_is_found_from_its_code_or_either_label(
    kind: str, path: str, action: str | None, typed: str, code: str
) -> None:
    case_type = plugins.case_type(kind)
    found = code_table(case_type, path, action=action)
    assert found is not None, path
    table, _ = found
    assert table[code].zh == typed
    assert resolve_code(typed, table) == code
    assert resolve_code(code, table) == code
    assert resolve_code(table[code].en.upper(), table) == code
    assert resolve_code("没有这个", table) is None


def test_values_read_as_labels_never_as_a_python_repr() -> None:
    rc = plugins.case_type("reconsideration")
    assert show_value(rc, "procedure", "ordinary") == "普通程序"
    assert show_value(rc, "redo", False) == "否"
    shown = show_value(rc, "act", {"description": "罚款决定", "category": "penalty"})
    assert shown == "行为名称及文号: 罚款决定;行为类别: 行政处罚"
    lt = plugins.case_type("litigation")
    appearances = [{"name": "张某", "post": "副局长", "category": "deputy_head"}]
    line = show_value(lt, "appearances", appearances, action="attend_hearing")
    assert "{" not in line and "'" not in line and "张某" in line and "deputy_head" not in line
    md = plugins.case_type("mediation")
    assert show_value(md, "mediators", ["赵调解员", "钱调解员"]) == "赵调解员、钱调解员"
    with language("en"):
        assert show_value(rc, "redo", True) == "yes"
        assert show_value(rc, "procedure", "ordinary") == "ordinary procedure"
