"""Figures computed from the shipped example subsidy rules say so, in every report format."""

from __future__ import annotations

import orjson
from county_book import call
from test_county import _texts_of_docx, _texts_of_xlsx

import casework
from casework.locality import parse_locality

MARK = "示例规则"


def test_mediation_figures_from_example_rules_are_marked_in_every_format(county, tmp_path):
    path, _ids = county
    data = orjson.loads(call(path, "--json", "report", "--year", "2021").stdout)
    assert data["mediation"]["rules"] == "example"
    assert data["mediation"]["subsidy_total"] == 150
    section = next(s for s in data["sections"] if s["kind"] == "mediation")
    assert any(MARK in note for note in section["notes"])
    assert MARK in section["labels"]["subsidy_total"]
    texts = {"terminal": call(path, "report", "--year", "2021").output}
    texts["en"] = call(path, "--lang", "en", "report", "--year", "2021").output
    for fmt in ("md", "xlsx", "docx"):
        out = tmp_path / f"r.{fmt}"
        assert (
            call(path, "report", "--year", "2021", "--format", fmt, "--output", str(out)).exit_code
            == 0
        )
        texts[fmt] = (
            _texts_of_xlsx(out)
            if fmt == "xlsx"
            else _texts_of_docx(out)
            if fmt == "docx"
            else out.read_text(encoding="utf-8")
        )
    for fmt, text in texts.items():
        if fmt == "en":
            assert "example rules" in text, fmt
        else:
            assert "注:" in text and MARK in text, fmt


def test_a_locality_with_its_own_rules_has_no_mark(county):
    from casework_mediation.rules import example_rules_path

    path, _ids = county
    own = path / "mediation" / "subsidy.toml"
    own.parent.mkdir(exist_ok=True)
    text = example_rules_path().read_text(encoding="utf-8")
    own.write_text(
        text.replace("example = true", "example = false").replace(
            'locality = "示例规则(非任何地方的真实标准)"', 'locality = "清河县"'
        ),
        encoding="utf-8",
    )
    with casework.open_book(path) as book:
        book.configure(
            parse_locality(
                {
                    "name": "清河县",
                    "rules": {
                        "mediation_subsidy": [
                            {"file": "mediation/subsidy.toml", "effective_from": "2021-01-01"}
                        ]
                    },
                },
                book.root,
            )
        )
        section = book.report(2021).section("mediation")
    assert section is not None
    assert section.figures["rules"] == "local"
    assert section.notes == ()
    assert MARK not in section.label("subsidy_total", "zh")


def test_legal_aid_says_which_rules_it_used(county):
    from casework_legal_aid.subsidy import example_rules, use_rules

    path, _ids = county
    with casework.open_book(path) as book:
        section = book.report(2021).section("legal_aid")
        assert section is not None
        # no rules of the book's own: no amount, and the report says why
        assert section.figures["subsidy_total"] is None
        assert section.figures["rules"] == "none"
        assert any("补贴标准" in n.zh for n in section.notes)
        use_rules(book, example_rules())
        marked = book.report(2021).section("legal_aid")
        assert marked is not None
        assert marked.figures["rules"] == "example"
        assert any(MARK in n.zh for n in marked.notes)
        assert MARK in marked.label("subsidy_total", "zh")
