"""Personal data: 身份证号 (GB 11643) and phones are validated, and masked in every output.

Property tests check the check digit (a valid number passes; any one digit changed, or two
adjacent digits swapped, fails), phone validation and masking. The render tests run every view,
export and report format of the command line on a book whose parties have ID and mobile numbers
and grep the output with :func:`casework.personal.find_unmasked`: no clear number unless
``--unmask`` was given (and then the numbers are there, so the grep is not blind). They run on
the toy kind and on each of the four real kinds.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from realkinds import CODES, KINDS, put, register_committee, seed

import casework
import casework.serialize
from casework import ValidationError
from casework.personal import (
    find_unmasked,
    id_check_digit,
    id_number_problem,
    mask_id_number,
    mask_phone,
    normalize_phone,
    phone_problem,
)
from casework.serialize import structure

D = dt.date


@st.composite
def id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.from_regex(r"\A[1-8][0-9]{5}\Z"))
    born = draw(st.dates(min_value=D(1900, 1, 1), max_value=D.today()))
    seq = draw(st.integers(0, 999))
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    return first17 + id_check_digit(first17)


mobiles = st.from_regex(r"\A1[3-9][0-9]{9}\Z")


@given(id_numbers())
def test_generated_id_number_is_valid(number: str) -> None:
    assert id_number_problem(number) is None
    party = casework.Party(role="applicant", name="张三", id_number=number.lower())
    assert party.id_number == number


@given(id_numbers(), st.integers(0, 17), st.sampled_from("0123456789X"))
def test_any_single_change_is_caught(number: str, position: int, char: str) -> None:
    if position < 17 and char == "X":
        char = "0"
    changed = number[:position] + char + number[position + 1 :]
    if changed == number:
        return
    assert id_number_problem(changed) is not None
    with pytest.raises(ValidationError, match="id_number"):
        structure(
            {"role": "applicant", "name": "张三", "id_number": changed},
            casework.Party,
            what="party",
        )


def test_id_number_digits_must_be_ascii() -> None:
    fullwidth = "11010519491231002X".translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert id_number_problem(fullwidth) is not None


@given(id_numbers(), st.integers(0, 15))
def test_adjacent_swap_is_caught(number: str, position: int) -> None:
    a, b = number[position], number[position + 1]
    if a == b:
        return
    swapped = number[:position] + b + a + number[position + 2 :]
    assert id_number_problem(swapped) is not None


@given(st.text(max_size=20))
def test_garbage_is_never_a_valid_id(text: str) -> None:
    if re.fullmatch(r"\d{17}[\dX]", text):
        return
    assert id_number_problem(text) is not None


@given(id_numbers(), mobiles, st.text(max_size=30), st.text(max_size=30))
def test_masked_numbers_are_not_found_and_clear_ones_are(
    number: str, phone: str, before: str, after: str
) -> None:
    before, after = re.sub(r"[\dXx]", "", before), re.sub(r"[\dXx]", "", after)
    masked = mask_id_number(number)
    assert masked[:6] == number[:6] and masked[-4:] == number[-4:] and len(masked) == 18
    assert mask_phone(phone) == phone[:3] + "****" + phone[-4:]
    text = f"{before}{masked}{after}{mask_phone(phone)}"
    assert find_unmasked(text) == []
    clear = f"{before}{number}，{after}电话{phone}"
    assert sorted(find_unmasked(clear)) == sorted([number, phone])


@given(mobiles)
def test_mobile_numbers(phone: str) -> None:
    assert phone_problem(phone) is None
    assert normalize_phone(f"+86 {phone[:3]} {phone[3:]}") == phone
    assert phone_problem(phone[:-1]) is not None
    assert phone_problem("2" + phone[1:]) is not None


@pytest.mark.parametrize("bad", ["1381234567", "138123456789", "12812345678", "abc", "0358-12"])
def test_bad_phones_are_refused_by_the_book(bad: str, petition: None) -> None:
    book = casework.open_book(":memory:")
    with pytest.raises(ValidationError, match="phone"):
        book.create(
            "petition",
            received_on=D(2020, 3, 2),
            actor="王科员",
            details={"subject": "罚款"},
            parties=[{"role": "applicant", "name": "张三", "phone": bad}],
        )


# -- every renderer ------------------------------------------------------------------------------

PEOPLE = [
    {
        "role": "applicant",
        "name": "张三",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
    },
    {
        "role": "respondent",
        "name": "李四",
        "id_number": "142301199001011235",
        "phone": "0358-7221234",
    },
]
CLEAR = ["11010519491231002X", "142301199001011235", "13812345678"]


def _text_of(path: Path) -> str:
    data = path.read_bytes()
    if data[:2] == b"PK":  # xlsx, docx: the XML parts, tags removed
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = " ".join(
                archive.read(n).decode("utf-8", "replace")
                for n in archive.namelist()
                if n.endswith(".xml")
            )
        return re.sub(r"<[^>]+>", " ", xml)
    return data.decode("utf-8")


@pytest.fixture
def people_book(tmp_path: Path, petition: None) -> Path:
    root = tmp_path / "book"
    with casework.open_book(root) as book:
        for month in (3, 4):
            case = book.create(
                "petition",
                received_on=D(2020, month, 2),
                actor="王科员",
                details={"subject": "罚款"},
                parties=PEOPLE,
                note="申请人 11010519491231002X 来电 13812345678",
            )
            book.act(case.id, "accept", on=D(2020, month, 3), actor="王科员")
    return root


def _outputs(
    root: Path, tmp_path: Path, unmask: bool, case_id: str = "PT2020-0001"
) -> dict[str, str]:
    from casework.cli import cli

    runner = CliRunner()
    flag = ["--unmask"] if unmask else []
    out: dict[str, str] = {}
    views = {
        "show": ["show", case_id, "--on", "2020-04-05", *flag],
        "list": ["list", "--on", "2020-04-05", *flag],
        "due": ["due", "--on", "2020-04-05", "--within", "400", *flag],
    }
    if not unmask:
        views["dashboard"] = ["dashboard", "--on", "2020-04-05"]
        views["report"] = ["report", "--year", "2020"]
    for lang in ("zh", "en"):
        for json_flag in ([], ["--json"]):
            for name, args in views.items():
                result = runner.invoke(
                    cli, ["--book", str(root), "--lang", lang, *json_flag, *args]
                )
                assert result.exit_code == 0, (name, result.output)
                out[f"{name} {lang} {json_flag}"] = result.output
    for fmt in ("json", "csv", "xlsx"):
        target = tmp_path / f"export-{unmask}.{fmt}"
        result = runner.invoke(cli, ["--book", str(root), "export", "--output", str(target), *flag])
        assert result.exit_code == 0, result.output
        out[f"export {fmt}"] = _text_of(target)
    if not unmask:
        for fmt in ("md", "json", "xlsx", "docx"):
            target = tmp_path / f"report.{fmt}"
            args = ["report", "--year", "2020", "--format", fmt, "--output", str(target)]
            result = runner.invoke(cli, ["--book", str(root), *args])
            assert result.exit_code == 0, result.output
            out[f"report {fmt}"] = _text_of(target)
    return out


def test_every_view_and_export_masks_personal_numbers(people_book: Path, tmp_path: Path) -> None:
    outputs = _outputs(people_book, tmp_path, unmask=False)
    leaks = {name: find_unmasked(text) for name, text in outputs.items() if find_unmasked(text)}
    assert leaks == {}
    # the masked forms are there: the views did show the parties
    assert any("110105********002X" in text for text in outputs.values())


def test_unmask_shows_the_numbers(people_book: Path, tmp_path: Path) -> None:
    outputs = _outputs(people_book, tmp_path, unmask=True)
    for name in ("show zh []", "export json", "export csv", "export xlsx"):
        found = find_unmasked(outputs[name])
        assert set(CLEAR) <= set(found), (name, found)


def test_report_renderers_mask_what_a_plugin_wrote(tmp_path: Path) -> None:
    from casework import Label, Report, ReportSection, ReportTable
    from casework.render import report_json, report_markdown, write_report

    leak = "受援人 11010519491231002X,电话 13812345678"
    section = ReportSection(
        kind="petition",
        title=Label("测试", "test"),
        figures={"cases": 1, "who": leak},
        text_zh=(leak,),
        text_en=(leak,),
        tables=(ReportTable(Label("表", "table"), (Label("人", "who"),), ((leak,),)),),
    )
    report = Report(year=2020, sections=(section,), monthly={"petition": (1,) * 12})
    assert find_unmasked(report_markdown(report)) == []
    assert find_unmasked(json.dumps(json.loads(report_json(report)), ensure_ascii=False)) == []
    for fmt in ("md", "json", "xlsx", "docx"):
        target = tmp_path / f"r.{fmt}"
        write_report(report, target, fmt)
        assert find_unmasked(_text_of(target)) == [], fmt


# -- the four real kinds -------------------------------------------------------------------------

FREE_TEXT = {
    "reconsideration": ("details", "request"),
    "litigation": ("details", "contested_act"),
    "legal_aid": ("details", "matter"),
    "mediation": ("data", "summary"),
}
"""A free-text details field of each real kind, to hold numbers written inside longer text."""


@pytest.fixture(params=KINDS)
def real_book(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    kind = request.param
    root = tmp_path / "book"
    with casework.open_book(root) as book:
        register_committee(book)
        for month in (3, 4):
            args = seed(kind)
            parties = [dict(p) for p in args["parties"]]
            parties[0].update(id_number=PEOPLE[0]["id_number"], phone=PEOPLE[0]["phone"])
            args = put(args, FREE_TEXT[kind], "联系人 142301199001011235,电话 0358-7221234")
            case = book.create(
                kind,
                received_on=D(2020, month, 2),
                **{**args, "parties": parties},
                note="申请人 11010519491231002X 来电 13812345678",
            )
            stored = casework.serialize.unstructure(case.details)
            assert "142301199001011235" in stored[FREE_TEXT[kind][-1]]
    return root, f"{CODES[kind]}2020-0001"


def test_real_kinds_mask_personal_numbers(real_book: tuple[Path, str], tmp_path: Path) -> None:
    root, case_id = real_book
    outputs = _outputs(root, tmp_path, unmask=False, case_id=case_id)
    leaks = {name: find_unmasked(text) for name, text in outputs.items() if find_unmasked(text)}
    assert leaks == {}
    assert any("110105********002X" in text for text in outputs.values())
    assert any("142301********1235" in text for text in outputs.values())


def test_real_kinds_unmask_shows_the_numbers(real_book: tuple[Path, str], tmp_path: Path) -> None:
    root, case_id = real_book
    outputs = _outputs(root, tmp_path, unmask=True, case_id=case_id)
    for name in ("show zh []", "export json", "export csv", "export xlsx"):
        found = find_unmasked(outputs[name])
        assert set(CLEAR) <= set(found), (name, found)
