"""The committee registry: stored in the book, imported from CSV/XLSX all or nothing."""

import datetime as dt

import openpyxl
import pytest

import casework
from casework import ValidationError
from casework_mediation.committees import (
    Committee,
    committee_rows,
    committees,
    get_committee,
    import_committees,
    remove_committee,
)

GOOD_CSV = """编号,名称,类型,乡镇,调解员,身份证号,电话,已登记
XH-01,西河村人民调解委员会,村,贾家庄镇,李调解,11010519491231002X,13812345678,是
XH-01,西河村人民调解委员会,村,贾家庄镇,王调解,,,否
SQ-02,南关社区人民调解委员会,community,文峰街道,,,,
YL-01,医疗纠纷人民调解委员会,行业性专业性,汾阳市,周调解,,0358-7221234,
"""


def test_registry_roundtrip_on_disk(tmp_path):
    path = tmp_path / "b"
    with casework.open_book(path) as book:
        summary = import_committees(book, _write(tmp_path / "c.csv", GOOD_CSV))
    assert summary.created == ("XH-01", "SQ-02", "YL-01")
    assert summary.mediators == 3
    with casework.open_book(path) as book:
        found = committees(book)
        assert list(found) == ["SQ-02", "XH-01", "YL-01"]
        xh = found["XH-01"]
        assert xh.type == "village" and xh.township == "贾家庄镇"
        assert [m.name for m in xh.mediators] == ["李调解", "王调解"]
        assert xh.mediator("王调解").registered is False
        assert xh.mediator("李调解").person.id_number == "11010519491231002X"
        assert found["YL-01"].type == "professional"
        remove_committee(book, "SQ-02")
        assert get_committee(book, "SQ-02") is None


def test_reimport_replaces_a_committee(tmp_path):
    with casework.open_book(":memory:") as book:
        import_committees(book, _write(tmp_path / "a.csv", GOOD_CSV))
        again = "committee_id,committee,type,township,mediator\nXH-01,西河村调委会,village,贾家庄镇,孙调解\n"
        summary = import_committees(book, _write(tmp_path / "b.csv", again))
        assert summary.replaced == ("XH-01",) and summary.created == ()
        assert [m.name for m in get_committee(book, "XH-01").mediators] == ["孙调解"]


def test_bad_rows_are_all_reported_and_nothing_is_written(tmp_path):
    bad = (
        "编号,名称,类型,乡镇,调解员,身份证号\n"
        "A-1,甲村调委会,村,甲镇,甲某,\n"
        "B-1,乙村调委会,农场,乙镇,,\n"
        "C-1,丙村调委会,村,,丙某,110105194912310021\n"
        "A-1,甲村调委会,社区,甲镇,乙某,\n"
    )
    path = _write(tmp_path / "bad.csv", bad)
    with casework.open_book(":memory:") as book:
        with pytest.raises(ValidationError) as caught:
            import_committees(book, path)
        assert committees(book) == {}
    problems = caught.value.problems
    assert any(f"{path}:3: type" in p and "village" in p for p in problems)
    assert any(f"{path}:4: township" in p for p in problems)
    assert any(f"{path}:4" in p and "校验位" in p for p in problems)
    assert any(f"{path}:5: type" in p and "第 2 行" in p for p in problems)
    assert "nothing was imported" in caught.value.message or "未导入" in caught.value.message


def test_header_problems(tmp_path):
    path = _write(tmp_path / "h.csv", "编号,名称,颜色\nA,甲,红\n")
    with pytest.raises(ValidationError) as caught, casework.open_book(":memory:") as book:
        import_committees(book, path)
    text = caught.value.message
    assert "颜色" in text and "type" in text and "township" in text
    with pytest.raises(ValidationError, match="csv"), casework.open_book(":memory:") as book:
        import_committees(book, _write(tmp_path / "x.ods", "a"))


def test_gbk_csv_from_excel_is_read(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes(GOOD_CSV.encode("gb18030"))
    with casework.open_book(":memory:") as book:
        assert import_committees(book, path).mediators == 3


def test_xlsx_import(tmp_path):
    path = tmp_path / "c.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in GOOD_CSV.strip().splitlines():
        sheet.append(line.split(","))
    sheet.append(["ZZ-9", "成立较晚调委会", "村", "甲镇", "", "", "", "", ""])
    sheet["I1"] = "成立日期"
    sheet["I6"] = dt.datetime(2021, 5, 1)
    workbook.save(path)
    with casework.open_book(":memory:") as book:
        summary = import_committees(book, path)
        assert summary.committees == 4
        late = get_committee(book, "ZZ-9")
    assert late.established == dt.date(2021, 5, 1)
    assert not late.exists_in(2020) and late.exists_in(2021)


def test_rows_mask_personal_data(tmp_path):
    with casework.open_book(":memory:") as book:
        import_committees(book, _write(tmp_path / "c.csv", GOOD_CSV))
        registry = list(committees(book).values())
    rows = committee_rows(registry)
    li = next(r for r in rows if r["id"] == "XH-01")["mediators"][0]
    assert li["id_number"] == "110105********002X" and li["phone"] == "138****5678"
    clear = committee_rows(registry, unmasked=True)
    assert next(r for r in clear if r["id"] == "XH-01")["mediators"][0]["phone"] == "13812345678"


def test_committee_validates_its_type():
    with pytest.raises(ValueError, match="village"):
        Committee(id="a", name="b", type="farm", township="c")


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path
