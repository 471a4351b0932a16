"""``import`` and ``export``: cases in and out of CSV, XLSX and JSON files.

Import reads every row, validates each one as the book would (without writing), and writes
nothing if any row is bad: each bad row is printed with its line and field. Likely duplicates
(same kind and the case type's ``duplicate_key``, against the book and earlier rows) are listed
and skipped unless ``--allow-duplicates``. The good rows are written in one ``book.batch()``.
Export writes its file atomically (a temp file in the same folder, then ``os.replace``).

The columns (see docs/cli.md): ``kind``, ``received_on``, ``actor``, ``action``, ``note``;
parties as ``party.N.role``/``name``/``id_number``/``phone`` (or a ``parties`` JSON column);
details as ``details.FIELD`` (or a ``details`` JSON column); entry-action data as
``data.FIELD`` (or ``data``). Export adds columns import ignores: :data:`EXPORT_ONLY`.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import os
import re
import threading
from collections.abc import Callable, Hashable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from casework.cli.context import Env, dumps
from casework.cli.facts import assignee, mask_deep, shown, summary
from casework.cli.inputs import coerce, load_json, parse_date, role_name
from casework.errors import CaseworkError, InvalidAction, ValidationError
from casework.i18n import tr
from casework.model import Case
from casework.personal import mask_text
from casework.serialize import case_to_record
from casework.text import csv_cell, csv_uncell, scrub, xlsx_append

GENERIC = ("kind", "received_on", "actor", "action", "note")
EXPORT_ONLY = (
    "id",
    "number",
    "state",
    "closed_on",
    "regime",
    "assignee",
    "summary",
    "events",
    "last_action",
    "last_on",
)
"""Columns ``export`` writes for people that ``import`` reads past (a new case starts afresh)."""

PARTY_RE = re.compile(r"^party\.(\d+)\.(role|name|id_number|phone|organisation)$")
PARTY_FIELDS = ("role", "name", "id_number", "phone")


# -- writing files atomically ------------------------------------------------------------------


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temp file in the same folder and ``os.replace``."""
    _atomic(path, lambda tmp: tmp.write_bytes(data))


def _atomic(path: Path, write: Callable[[Path], object]) -> None:
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


# -- reading rows ------------------------------------------------------------------------------


Row = tuple[int, dict[str, Any]]
"""A row of an import file: its line (CSV/XLSX) or item number (JSON), and its cells."""


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


def read_rows(path: Path) -> list[Row]:
    """Read the rows of a CSV, XLSX or JSON file; empty cells are left out."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".json":
        return _read_json(path)
    raise ValidationError(
        tr(f"不支持的文件类型 {suffix or '(无扩展名)'}", f"unsupported file type {suffix or '?'}"),
        hint=tr("请用 .csv、.xlsx 或 .json 文件", "use a .csv, .xlsx or .json file"),
    )


def _read_text(path: Path) -> str:
    """Read an import file as UTF-8 (with or without BOM), else GB18030 (Chinese Excel's CSV)."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        tr(f"{path.name} 的编码无法识别", f"{path.name} is neither UTF-8 nor GB18030 text"),
        hint=tr("请另存为 UTF-8 编码的文件", "save it again as UTF-8"),
    )


def _read_csv(path: Path) -> list[Row]:
    text = _read_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows: list[Row] = []
    for record in reader:
        cells = {
            str(k).strip(): csv_uncell(v.strip())
            for k, v in record.items()
            if k is not None and isinstance(v, str) and v.strip()
        }
        if None in record:
            cells["?"] = "too many cells"
        if cells:
            rows.append((reader.line_num, cells))
    return rows


def _read_xlsx(path: Path) -> list[Row]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ValidationError(
            tr(f"无法读取 {path.name}", f"cannot read {path.name}"),
            problems=[f"{type(exc).__name__}: {exc}"],
            hint=tr("请确认是 Excel (.xlsx) 文件", "check that it is an Excel .xlsx file"),
        ) from None
    sheet = workbook.worksheets[0]
    rows: list[Row] = []
    header: list[str] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number == 1:
            header = [str(v).strip() if v is not None else "" for v in values]
            continue
        cells = {
            header[i]: str(_cell(v)).strip()
            for i, v in enumerate(values)
            if i < len(header) and header[i] and v is not None and str(v).strip()
        }
        if cells:
            rows.append((number, cells))
    workbook.close()
    return rows


def _read_json(path: Path) -> list[Row]:
    data = load_json(_read_text(path), path.name)
    if isinstance(data, dict) and isinstance(data.get("cases"), list):
        data = data["cases"]
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ValidationError(
            tr("JSON 文件应为对象列表", "a JSON import file holds a list of objects"),
            hint=tr('如 [{"kind": ..., "received_on": ...}]', 'e.g. [{"kind": ...}]'),
        )
    return [
        (i, {k: v for k, v in item.items() if v not in (None, "")})
        for i, item in enumerate(data, start=1)
    ]


# -- rows to create() arguments ----------------------------------------------------------------


@attrs.frozen
class Problem:
    """What is wrong with one row: its line, the field and the problem."""

    line: int
    field: str
    problem: str


def _as_json(value: Any, what: str) -> Any:
    return load_json(value, what) if isinstance(value, str) else value


def row_arguments(
    cells: Mapping[str, Any], default_kind: str | None, default_actor: str | None
) -> dict[str, Any]:
    """Turn one row's cells into the keyword arguments of ``Book.create``."""
    from casework.plugins import case_type

    kind = cells.get("kind") or default_kind
    if not kind:
        raise ValidationError(tr("缺少 kind", "kind is missing"), problems=["kind: —"])
    ct = case_type(str(kind))
    actor = cells.get("actor") or default_actor
    if not actor:
        raise ValidationError(
            tr("缺少经办人", "actor is missing"),
            problems=[tr("actor: 填写 actor 列或用 --actor", "actor: fill it or give --actor")],
        )
    if "received_on" not in cells:
        raise ValidationError(tr("缺少收案日期", "no date of receipt"), problems=["received_on: —"])
    parties: dict[int, dict[str, Any]] = {}
    details: dict[str, Any] = {}
    data: dict[str, Any] = {}
    extra_parties: list[Any] = []
    unknown: list[str] = []
    for key, value in cells.items():
        if key in GENERIC or key in EXPORT_ONLY:
            continue
        if key == "?":
            unknown.append(tr("?: 这一行的格子比表头多", "?: more cells than the header"))
        elif key == "parties":
            loaded = _as_json(value, "parties")
            extra_parties.extend(loaded if isinstance(loaded, list) else [loaded])
        elif key in ("details", "data"):
            loaded = _as_json(value, key)
            if not isinstance(loaded, Mapping):
                raise ValidationError(
                    tr(f"{key} 应为对象", f"{key} must be an object"),
                    problems=[
                        tr(f'{key}: 应为 JSON 对象,如 {{"字段": 值}}', f"{key}: a JSON object")
                    ],
                )
            (details if key == "details" else data).update(loaded)
        elif key.startswith("details."):
            details[key.removeprefix("details.")] = value
        elif key.startswith("data."):
            data[key.removeprefix("data.")] = value
        elif match := PARTY_RE.match(key):
            parties.setdefault(int(match.group(1)), {})[match.group(2)] = value
        else:
            unknown.append(tr(f"{key}: 未知的列", f"{key}: unknown column"))
    if unknown:
        raise ValidationError(tr("未知的列", "unknown column"), problems=unknown)
    party_list = [parties[n] for n in sorted(parties)] + extra_parties
    for party in party_list:
        if isinstance(party, dict) and isinstance(party.get("role"), str):
            party["role"] = role_name(party["role"], ct)
        if isinstance(party, dict) and isinstance(party.get("organisation"), str):
            party["organisation"] = party["organisation"].lower() in {"1", "true", "yes", "是"}
    workflow = ct.workflow_for(parse_date(str(cells["received_on"]), "received_on"))
    entry = workflow.action(str(cells["action"])) if cells.get("action") else None
    entry = entry or workflow.entry_actions()[0]
    return {
        "kind": ct.name,
        "received_on": parse_date(str(cells["received_on"]), "received_on"),
        "actor": str(actor),
        "action": str(cells["action"]) if cells.get("action") else None,
        "note": str(cells.get("note", "")),
        "parties": party_list,
        "details": coerce(ct.details, details, "details", case_type=ct),
        "data": (
            coerce(entry.data, data, "data", case_type=ct, action=entry.name)
            if entry.data or data
            else None
        ),
    }


def _problems(line: int, exc: CaseworkError) -> list[Problem]:
    if isinstance(exc, ValidationError) and exc.problems:
        out = []
        for problem in exc.problems:
            field, sep, text = scrub(problem).partition(": ")
            out.append(Problem(line, field if sep else "", text if sep else scrub(problem)))
        return out
    field = "action" if isinstance(exc, InvalidAction) else ""
    return [Problem(line, field, scrub(str(exc)))]


def validate(book: Any, rows: list[Row], kind: str | None, actor: str | None, tick: Any) -> Any:
    """Check every row as ``Book.create`` would; return (arguments, dry cases, problems)."""
    from casework import workflow

    good: list[tuple[int, dict[str, Any], Case]] = []
    problems: list[Problem] = []
    for line, cells in rows:
        try:
            args = row_arguments(cells, kind, actor)
            ct = book.case_type(args["kind"])
            case, _ = workflow.create(
                ct,
                id=f"{ct.code}{args['received_on'].year}-0",
                received_on=args["received_on"],
                actor=args["actor"],
                parties=args["parties"],
                details=args["details"],
                action=args["action"],
                data=args["data"],
                note=args["note"],
                calendar=book.calendar,
            )
            good.append((line, args, case))
        except CaseworkError as exc:
            problems.extend(_problems(line, exc))
        tick()
    return good, problems


def duplicates(book: Any, good: list[tuple[int, dict[str, Any], Case]]) -> dict[int, str]:
    """Lines that are likely duplicates: line -> the case id (or earlier line) they repeat."""
    from casework.plugins import case_type

    known: dict[tuple[str, Hashable], str] = {}
    kinds = {args["kind"] for _, args, _ in good}
    for kind in sorted(kinds):
        key_of = case_type(kind).duplicate_key
        if key_of is None:
            continue
        for case in book.find(kind=kind):
            key = key_of(case)
            if key is not None:
                known.setdefault((kind, key), case.id)
    found: dict[int, str] = {}
    for line, args, case in good:
        key_of = case_type(args["kind"]).duplicate_key
        key = key_of(case) if key_of else None
        if key is None:
            continue
        if (args["kind"], key) in known:
            found[line] = known[(args["kind"], key)]
        else:
            known[(args["kind"], key)] = tr(f"第 {line} 行", f"line {line}")
    return found


def run_import(
    e: Env,
    file: str,
    kind: str | None,
    actor: str | None,
    allow_duplicates: bool,
    dry_run: bool,
) -> None:
    """The ``import`` command: validate every row, then write the good ones in one batch."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from casework.cli import views

    book = e.book()
    if kind is not None:
        book.case_type(kind)
    path = Path(file)
    rows = read_rows(path)

    def bar() -> Progress:
        return Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=e.err,
            transient=True,
            disable=e.as_json or not e.err.is_terminal,
        )

    with bar() as progress:
        task = progress.add_task(tr("校验", "validating"), total=len(rows))
        good, problems = validate(book, rows, kind, actor, lambda: progress.advance(task))
    bad = [attrs.asdict(p) for p in problems]
    if problems:
        if e.as_json:
            e.emit({"file": str(path), "rows": len(rows), "imported": [], "errors": bad})
        else:
            e.show(views.problems_table(bad, tr("有误的行", "Bad rows")))
        raise ValidationError(
            tr(
                f"{len({p.line for p in problems})} 行有误,未导入任何案件",
                f"{len({p.line for p in problems})} bad row(s): nothing was imported",
            ),
            hint=tr("修正上列各行后重新导入", "correct the rows listed and import again"),
        )
    dupes = duplicates(book, good)
    skipped = [] if allow_duplicates else [{"line": n, "duplicate_of": i} for n, i in dupes.items()]
    chosen = [(line, args) for line, args, _ in good if allow_duplicates or line not in dupes]
    created: list[str] = []
    if not dry_run and chosen:
        with bar() as progress:
            task = progress.add_task(tr("写入", "writing"), total=len(chosen))
            with book.batch():
                for _, args in chosen:
                    created.append(book.create(**args).id)
                    progress.advance(task)
    result = {
        "file": str(path),
        "rows": len(rows),
        "imported": created,
        "would_import": len(chosen) if dry_run else None,
        "duplicates": [{"line": n, "duplicate_of": i} for n, i in dupes.items()],
        "skipped_duplicates": skipped,
        "errors": [],
    }
    if e.as_json:
        e.emit(result)
        return
    if dupes:
        e.show(
            views.problems_table(
                [
                    {"line": n, "field": "", "problem": tr(f"疑似重复 {i}", f"likely repeats {i}")}
                    for n, i in dupes.items()
                ],
                tr("疑似重复", "Likely duplicates")
                + (
                    tr("(已导入)", " (imported)")
                    if allow_duplicates
                    else tr("(已跳过)", " (skipped)")
                ),
            )
        )
    if dry_run:
        e.note(
            tr(
                f"校验通过,可导入 {len(chosen)} 件(未写入)",
                f"{len(chosen)} rows valid; nothing written",
            )
        )
    else:
        e.note(tr(f"已导入 {len(created)} 件", f"imported {len(created)} cases"))


# -- export ------------------------------------------------------------------------------------


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return dumps(value).replace("\n", " ")
    return str(value)


def export_rows(cases: list[Case], unmask: bool) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a flat export: generic columns, parties, details, last event."""
    rows: list[dict[str, str]] = []
    party_count = max((len(c.parties) for c in cases), default=0)
    detail_names: list[str] = []
    for case in cases:
        record = case_to_record(case)
        if not unmask:
            record = mask_deep(record)
        row = {
            "id": case.id,
            "kind": case.kind,
            "number": case.number or "",
            "state": case.state,
            "received_on": case.received_on.isoformat(),
            "closed_on": case.closed_on.isoformat() if case.closed_on else "",
            "regime": case.regime,
            "assignee": shown(assignee(case) or "", unmask),
            "summary": summary(case, unmask),
            "events": str(len(case.events)),
            "last_action": case.events[-1].action if case.events else "",
            "last_on": case.events[-1].on.isoformat() if case.events else "",
        }
        for n, party in enumerate(record["parties"], start=1):
            for field in PARTY_FIELDS:
                row[f"party.{n}.{field}"] = _flat(party.get(field))
        for name, value in (record["details"] or {}).items():
            if name not in detail_names:
                detail_names.append(name)
            row[f"details.{name}"] = _flat(value) if unmask else mask_text(_flat(value))
        rows.append(row)
    header = [
        *("id", "kind", "number", "state", "received_on", "closed_on", "regime"),
        *("assignee", "summary", "events", "last_action", "last_on"),
        *(f"party.{n}.{f}" for n in range(1, party_count + 1) for f in PARTY_FIELDS),
        *(f"details.{name}" for name in detail_names),
    ]
    return header, rows


def _iter_csv(header: list[str], rows: list[dict[str, str]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    yield buffer.getvalue()


def run_export(
    e: Env, kind: str | None, year: int | None, fmt: str | None, output: str, unmask: bool
) -> None:
    """The ``export`` command: write the selected cases, masked unless ``unmask``."""
    book = e.book()
    path = Path(output)
    chosen = fmt or {".json": "json", ".csv": "csv", ".xlsx": "xlsx"}.get(path.suffix.lower())
    if chosen is None:
        raise ValidationError(
            tr("无法判断文件格式", "cannot tell the file format"),
            problems=[f"--output {output}"],
            hint=tr("用 --format json|csv|xlsx", "give --format json|csv|xlsx"),
        )
    cases = book.find(kind=kind, year=year)
    if chosen == "json":
        records = [case_to_record(c) for c in cases]
        data = records if unmask else [mask_deep(r) for r in records]
        atomic_write_bytes(path, dumps(data).encode("utf-8") + b"\n")
    else:
        header, rows = export_rows(cases, unmask)
        if chosen == "csv":
            text = "".join(_iter_csv(header, rows))
            atomic_write_bytes(path, ("\ufeff" + text).encode("utf-8"))
        else:
            _atomic(path, lambda tmp: _write_xlsx(tmp, header, rows))
    if e.as_json:
        e.emit({"output": str(path), "format": chosen, "cases": len(cases), "masked": not unmask})
    else:
        e.note(tr(f"已导出 {len(cases)} 件到 {path}", f"exported {len(cases)} cases to {path}"))


def _write_xlsx(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("cases")
    xlsx_append(sheet, header)
    for row in rows:
        xlsx_append(sheet, [row.get(h, "") for h in header])
    workbook.save(str(path))
