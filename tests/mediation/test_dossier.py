"""卷宗规范 is derived from the checklist, never typed in."""

import datetime as dt

import pytest

import casework
from casework import ValidationError
from casework_mediation.dossier import TEMPLATE, book_checklists, load_checklists

D = dt.date


def test_template_follows_the_thirteen_items():
    assert len(TEMPLATE.items) == 13
    always = [i.code for i in TEMPLATE.items if i.required == "always"]
    assert always == ["application", "rights_notice", "identity", "session_record", "back_cover"]
    assert TEMPLATE.item("agreement").label.zh == "调解协议书"
    assert TEMPLATE.item("agreement").required == "written_agreement"


def test_written_agreement_needs_the_agreement_document(mbook, settle):
    case = settle(
        mbook,
        items=[
            "application",
            "rights_notice",
            "identity",
            "session_record",
            "follow_up_record",
            "back_cover",
        ],
    )
    assert TEMPLATE.missing(case) == ("agreement",)
    assert not TEMPLATE.is_standard(case)


def test_oral_agreement_is_standard_without_agreement_document(mbook, settle):
    case = settle(mbook, form="oral")
    assert "agreement" not in case.details.dossier.items
    assert TEMPLATE.is_standard(case)


def test_follow_up_and_confirmation_records_are_needed_once_they_happened(mbook, settle, register):
    quiet = settle(mbook, follow_up=None)
    assert TEMPLATE.is_standard(quiet)
    visited = settle(
        mbook,
        items=[
            "application",
            "rights_notice",
            "identity",
            "session_record",
            "agreement",
            "back_cover",
        ],
    )
    assert TEMPLATE.missing(visited) == ("follow_up_record",)
    case = register(mbook)
    mbook.act(case.id, "mediate", on=D(2020, 3, 3), actor="a")
    mbook.act(case.id, "succeed", on=D(2020, 3, 4), actor="a", data={"form": "written"})
    case = mbook.act(case.id, "confirm", on=D(2020, 3, 5), actor="a", data={"step": "applied"})
    assert "confirmation_papers" in TEMPLATE.required(case)
    assert TEMPLATE.required(case, extra=["evidence"])[-1] == "evidence"


def test_unfiled_dossier_is_not_standard(mbook, register):
    case = register(mbook)
    assert not TEMPLATE.is_standard(case)
    assert "application" in TEMPLATE.missing(case)


def test_book_checklist_file_replaces_the_template(tmp_path):
    book_dir = tmp_path / "b"
    casework.open_book(book_dir).close()
    (book_dir / "mediation").mkdir()
    (book_dir / "mediation" / "dossier.toml").write_text(
        """
[checklists.default]
items = [
  { code = "application", zh = "受理登记表", en = "registration form" },
  { code = "session_record", zh = "调解记录", en = "record" },
]
[checklists.professional]
items = [
  { code = "application", zh = "受理登记表", en = "registration form" },
  { code = "expert_opinion", zh = "专家意见", en = "expert opinion", required = "as_needed" },
]
""",
        encoding="utf-8",
    )
    with casework.open_book(book_dir) as book:
        lists = book_checklists(book)
    assert lists["village"].codes() == ("application", "session_record")
    assert lists["professional"].codes() == ("application", "expert_opinion")
    with casework.open_book(":memory:") as memory:
        assert book_checklists(memory)["village"] == TEMPLATE


def test_bad_checklist_file_names_file_and_key(tmp_path):
    path = tmp_path / "dossier.toml"
    path.write_text(
        '[checklists.farm]\nitems = [{code="a", zh="甲", en="a"}]\n'
        '[checklists.village]\nitems = [{code="a", zh="甲", en="a", required="often"}]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError) as caught:
        load_checklists(path)
    message = caught.value.message
    assert "checklists.farm" in message
    assert "checklists.village.items[0].required" in message
    assert "as_needed" in message
    path.write_text("[checklists\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="line 1"):
        load_checklists(path)
