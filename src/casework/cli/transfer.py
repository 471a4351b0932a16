"""``import`` and ``export``: cases in and out of CSV, XLSX and JSON files.

Import reads every row, validates each one as the book would (without writing), and writes
nothing if any row is bad: each bad row is printed with its line and field. Likely duplicates
(same kind and the case type's ``duplicate_key``, against the book and earlier rows) are listed
and skipped unless ``--allow-duplicates``. The good rows are written one ``book.batch()`` per
:data:`IMPORT_BATCH` rows, the file read as it is walked (twice: to check, then to write).
Export writes its file atomically (a temp file in the same folder, then ``os.replace``).

The columns (see docs/cli.md): ``kind``, ``received_on``, ``actor``, ``action``, ``note``;
parties as ``party.N.role``/``name``/``id_number``/``phone`` (or a ``parties`` JSON column);
details as ``details.FIELD`` (or a ``details`` JSON column); entry-action data as
``data.FIELD`` (or ``data``). Export adds columns import ignores: :data:`EXPORT_ONLY`.

A row an export wrote carries the case's ``id``. Importing it into a book that holds the same case
skips it (counted as already present). With its history (``export --with-history``: a
``history`` column; a JSON export always has ``events``) the case is re-created with its state
by replaying its recorded actions; without it, the row is refused (its state would be lost).
A file with masked ID numbers or phones is refused whole. The columns the JSON export writes
that follow from the history (:data:`DERIVED`) are read past, and the summary says so.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import os
import re
import stat
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
DERIVED = ("clocks", "flags", "regime", "state", "type_version", "version", "closed_on", "number")
"""Keys of a JSON export that follow from a case's history: read past, and named in the summary."""
HISTORY = "history"
"""The column ``export --with-history`` adds: the case's events as JSON (creation first)."""

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
        # An export holds personal data: the owner's alone (0600), or the mode of the file it
        # replaces.
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o600)
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
    return list(iter_rows(path))


def iter_rows(path: Path) -> Iterator[Row]:
    """Yield the rows of a CSV, XLSX or JSON file one by one; empty cells are left out.

    A CSV or XLSX file is read as it is walked (memory does not grow with the file); a JSON file
    is one value and is read whole.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix == ".json":
        return iter(_read_json(path))
    raise ValidationError(
        tr(f"不支持的文件类型 {suffix or '(无扩展名)'}", f"unsupported file type {suffix or '?'}"),
        hint=tr("请用 .csv、.xlsx 或 .json 文件", "use a .csv, .xlsx or .json file"),
    )


def _read_text(path: Path) -> str:
    """Read an import file as UTF-8 (with or without BOM), else GB18030 (Chinese Excel's CSV)."""
    return path.read_bytes().decode(_encoding(path))


def _encoding(path: Path) -> str:
    """The encoding of an import file: UTF-8 (with or without BOM), else GB18030.

    Tried by decoding the file piece by piece, without holding it.
    """
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as fp:
                while chunk := fp.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ValidationError(
        tr(f"{path.name} 的编码无法识别", f"{path.name} is neither UTF-8 nor GB18030 text"),
        hint=tr("请另存为 UTF-8 编码的文件", "save it again as UTF-8"),
    )


def _read_csv(path: Path) -> Iterator[Row]:
    encoding = _encoding(path)
    with path.open(encoding=encoding, newline="") as fp:
        reader = csv.DictReader(fp)
        for record in reader:
            cells = {
                str(k).strip(): csv_uncell(v.strip())
                for k, v in record.items()
                if k is not None and isinstance(v, str) and v.strip()
            }
            if None in record:
                cells["?"] = "too many cells"
            if cells:
                yield (reader.line_num, cells)


def _read_xlsx(path: Path) -> Iterator[Row]:
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
    header: list[str] = []
    try:
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
                yield (number, cells)
    finally:
        workbook.close()


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
        if key in GENERIC or key in EXPORT_ONLY or key in DERIVED or key == HISTORY:
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


Keyed = tuple[int, str, Hashable]
"""A row's line, kind and duplicate key (the case type's ``duplicate_key`` of its dry case)."""


def duplicate_key(line: int, kind: str, case: Case) -> Keyed | None:
    """The duplicate key of the row at ``line`` whose dry case is ``case``, if its type has one."""
    from casework.plugins import case_type

    key_of = case_type(kind).duplicate_key
    key = key_of(case) if key_of else None
    return None if key is None else (line, kind, key)


def duplicates(book: Any, keyed: list[Keyed]) -> dict[int, str]:
    """Lines that are likely duplicates: line -> the case id (or earlier line) they repeat."""
    from casework.plugins import case_type

    known: dict[tuple[str, Hashable], str] = {}
    for kind in sorted({kind for _, kind, _ in keyed}):
        key_of = case_type(kind).duplicate_key
        if key_of is None:
            continue
        for case in book.find(kind=kind):
            key = key_of(case)
            if key is not None:
                known.setdefault((kind, key), case.id)
    found: dict[int, str] = {}
    for line, kind, key in sorted(keyed, key=lambda k: k[0]):
        if (kind, key) in known:
            found[line] = known[(kind, key)]
        else:
            known[(kind, key)] = tr(f"第 {line} 行", f"line {line}")
    return found


@attrs.frozen
class Exported:
    """A row that an export wrote: the case's id, kind and (when exported) its history."""

    line: int
    id: str
    kind: str
    cells: dict[str, Any]
    history: list[dict[str, Any]] | None


def _row_kind(cells: Mapping[str, Any], default_kind: str | None) -> str:
    from casework.plugins import case_type

    kind = cells.get("kind") or default_kind
    if not kind:
        raise ValidationError(tr("缺少 kind", "kind is missing"), problems=["kind: —"])
    return case_type(str(kind)).name


def _same_as_stored(case: Case, cells: Mapping[str, Any]) -> bool:
    """Whether a row exported without history describes ``case`` as it is stored."""
    shown = {
        "kind": case.kind,
        "received_on": case.received_on.isoformat(),
        "state": case.state,
        "events": str(len(case.events)),
        "last_action": case.events[-1].action if case.events else "",
        "last_on": case.events[-1].on.isoformat() if case.events else "",
        "closed_on": case.closed_on.isoformat() if case.closed_on else "",
        "number": case.number or "",
    }
    return all(str(cells[k]) == v for k, v in shown.items() if k in cells)


class _Signatures:
    """The signatures of the book's cases, read per kind and year of receipt when first asked."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.known: dict[tuple[str, int], dict[bytes, str]] = {}

    def find(self, kind: str, year: int, sig: bytes) -> str | None:
        from casework.cli.roundtrip import case_signature

        if (kind, year) not in self.known:
            self.known[(kind, year)] = {
                case_signature(c): c.id for c in self.book.find(kind=kind, year=year)
            }
        return self.known[(kind, year)].get(sig)


def sort_rows(
    book: Any,
    rows: list[Row],
    kind: str | None,
    *,
    signatures: _Signatures | None = None,
    in_file: dict[bytes, int] | None = None,
) -> tuple[list[Row], list[Exported], list[dict[str, Any]], list[Problem]]:
    """Sort rows into intake rows, exported rows to replay, rows already present, and problems.

    A row with an ``id`` was written by an export: with its history it is replayed unless the
    book holds a case with the same history; without it, it must describe a case the book holds
    as stored (skipped), else it is refused, since a new case would lose its state.
    """
    from casework.cli.roundtrip import history_of, signature

    intake: list[Row] = []
    exported: list[Exported] = []
    present: list[dict[str, Any]] = []
    problems: list[Problem] = []
    signatures = _Signatures(book) if signatures is None else signatures
    in_file = {} if in_file is None else in_file
    for line, cells in rows:
        try:
            history = history_of(cells)
            if history is None and not cells.get("id"):
                intake.append((line, cells))
                continue
            row_kind = _row_kind(cells, kind)
        except CaseworkError as exc:
            problems.extend(_problems(line, exc))
            continue
        row_id = str(cells.get("id") or "")
        if history is not None:
            year = int(str(history[0]["init"].get("received_on") or history[0]["on"])[:4])
            sig = signature(row_kind, history)
            same = signatures.find(row_kind, year, sig)
            if same is not None:
                present.append({"line": line, "id": same})
            elif sig in in_file:  # the same case twice in one file: taken once
                present.append(
                    {"line": line, "id": tr(f"第 {in_file[sig]} 行", f"line {in_file[sig]}")}
                )
            else:
                in_file[sig] = line
                exported.append(Exported(line, row_id, row_kind, dict(cells), history))
            continue
        stored = None
        with contextlib.suppress(CaseworkError):
            stored = book.get(row_id)
        if stored is not None and _same_as_stored(stored, cells):
            present.append({"line": line, "id": stored.id})
            continue
        problems.append(
            Problem(
                line,
                "id",
                tr(
                    f"{row_id} 是导出的案件,但文件中没有其操作记录,作为新案件导入会丢失其状态:"
                    "请用 export --unmask --with-history 导出,或用 dump/restore 迁移;"
                    "要作为新收案件登记,请删去 id 列",
                    f"{row_id} is an exported case without its history; as a new case it would "
                    "lose its state: export it with --unmask --with-history, or move the book "
                    "with dump and restore; to file it as a new case, delete the id column",
                ),
            )
        )
    return intake, exported, present, problems


def _dry_history(book: Any, item: Exported) -> tuple[dict[str, Any], Case]:
    """Check the creation of a history as ``Book.create`` would; the case for duplicates."""
    from casework import workflow
    from casework.cli.roundtrip import creation_arguments

    args = creation_arguments(item.kind, item.history or [])
    ct = book.case_type(item.kind)
    case, _ = workflow.create(
        ct,
        id=f"{ct.code}{args['received_on'].year}-0",
        calendar=book.calendar,
        **{k: v for k, v in args.items() if k != "kind"},
    )
    return args, case


class _DryRun(Exception):
    """Raised inside the batch of a dry run, so that the replayed cases are rolled back."""


def _ignored_columns(rows: list[Row]) -> list[str]:
    read_past = (set(EXPORT_ONLY) | set(DERIVED)) - {"id"}
    return sorted(
        {
            key
            for _, cells in rows
            for key, value in cells.items()
            if key in read_past and not (key == "events" and isinstance(value, list))
        }
    )


IMPORT_BATCH = 1000
"""Rows read, checked and written together: memory is bounded by a batch, not by the file."""


def _chunks(rows: Iterator[Row], size: int) -> Iterator[list[Row]]:
    chunk: list[Row] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run_import(
    e: Env,
    file: str,
    kind: str | None,
    actor: str | None,
    allow_duplicates: bool,
    dry_run: bool,
) -> None:
    """The ``import`` command: check every row, then write the good ones batch by batch.

    Intake rows become new cases; rows an export wrote are skipped when the book holds the
    case, or re-created from their history; the summary counts each. The file is read twice,
    :data:`IMPORT_BATCH` rows at a time: first to check every row (nothing is written if one is
    bad), then to write, one ``book.batch()`` per :data:`IMPORT_BATCH` rows, each reported as it
    commits. A progress bar shows at a terminal (on stderr; none with ``--json``).
    """
    from casework.book import gc_frozen

    with gc_frozen():
        _run_import(e, file, kind, actor, allow_duplicates, dry_run)


def _run_import(
    e: Env,
    file: str,
    kind: str | None,
    actor: str | None,
    allow_duplicates: bool,
    dry_run: bool,
) -> None:
    import gc

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from casework.cli import views
    from casework.cli.roundtrip import history_of, masked_error, masked_fields, replay

    book = e.book()
    if kind is not None:
        book.case_type(kind)
    path = Path(file)

    def bar() -> Progress:
        return Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=e.err,
            transient=True,
            disable=e.as_json or not e.err.is_terminal,
        )

    # first pass: check every row; keep per row only what writing needs (its line, its key)
    masked: list[tuple[int, str]] = []
    ignored_set: set[str] = set()
    present: list[dict[str, Any]] = []
    problems: list[Problem] = []
    keyed: list[Keyed] = []
    replays: dict[int, str] = {}  # line -> the id the export gave it
    good_lines: list[int] = []
    total = 0
    signatures = _Signatures(book)
    in_file: dict[bytes, int] = {}
    with bar() as progress:
        task = progress.add_task(tr("校验", "validating"), total=None)
        for chunk in _chunks(iter_rows(path), IMPORT_BATCH):
            total += len(chunk)
            masked.extend(masked_fields(chunk))
            if masked:
                continue
            ignored_set.update(_ignored_columns(chunk))
            intake, exported, here, found = sort_rows(
                book, chunk, kind, signatures=signatures, in_file=in_file
            )
            present.extend(here)
            problems.extend(found)
            good, intake_problems = validate(book, intake, kind, actor, lambda: None)
            problems.extend(intake_problems)
            for line, args, case in good:
                good_lines.append(line)
                if (k := duplicate_key(line, args["kind"], case)) is not None:
                    keyed.append(k)
            for item in exported:
                try:
                    args, case = _dry_history(book, item)
                except CaseworkError as exc:
                    problems.extend(_problems(item.line, exc))
                    continue
                good_lines.append(item.line)
                replays[item.line] = item.id
                if (k := duplicate_key(item.line, item.kind, case)) is not None:
                    keyed.append(k)
            progress.advance(task, len(chunk))
    if masked:
        raise masked_error(masked)
    ignored = sorted(ignored_set)
    result: dict[str, Any] = {
        "file": str(path),
        "rows": total,
        "imported": [],
        "replayed": [],
        "already_present": present,
        "ignored_columns": ignored,
        "duplicates": [],
        "skipped_duplicates": [],
        "errors": [],
        "batches": [],
    }

    def refuse(problems: list[Problem]) -> ValidationError:
        problems = sorted(problems, key=lambda p: p.line)
        bad = [attrs.asdict(p) for p in problems]
        if e.as_json:
            e.emit({**result, "errors": bad})
        else:
            e.show(views.problems_table(bad, tr("有误的行", "Bad rows")))
        return ValidationError(
            tr(
                f"{len({p.line for p in problems})} 行有误,未导入任何案件",
                f"{len({p.line for p in problems})} bad row(s): nothing was imported",
            ),
            hint=tr("修正上列各行后重新导入", "correct the rows listed and import again"),
        )

    if problems:
        raise refuse(problems)
    dupes = duplicates(book, keyed)
    skipped = [] if allow_duplicates else [{"line": n, "duplicate_of": i} for n, i in dupes.items()]
    chosen = {line for line in good_lines if allow_duplicates or line not in dupes}
    del good_lines, keyed
    created: list[str] = []
    replayed: list[dict[str, Any]] = []
    batches: list[dict[str, Any]] = result["batches"]
    if chosen and (not dry_run or replays.keys() & chosen):
        # second pass: write the chosen rows, one batch per IMPORT_BATCH of them
        many = len(chosen) > IMPORT_BATCH
        with bar() as progress:
            task = progress.add_task(tr("写入", "writing"), total=len(chosen))
            wanted = (row for row in iter_rows(path) if row[0] in chosen)
            for chunk in _chunks(wanted, IMPORT_BATCH):
                made: list[str] = []
                with contextlib.suppress(_DryRun), book.batch():
                    for line, cells in chunk:
                        history = history_of(cells)
                        if line not in replays:
                            made.append(book.create(**row_arguments(cells, kind, actor)).id)
                        else:
                            try:
                                case = replay(book, _row_kind(cells, kind), history or [])
                            except CaseworkError as exc:
                                raise refuse(_problems(line, exc)) from None
                            made.append(case.id)
                            replayed.append(
                                {"line": line, "from": replays[line] or None, "id": case.id}
                            )
                        progress.advance(task)
                    if dry_run:
                        raise _DryRun
                gc.collect()  # what cycles kept in this batch, before the next
                if dry_run:
                    continue
                created.extend(made)
                batch = {"lines": [chunk[0][0], chunk[-1][0]], "cases": len(made)}
                batches.append(batch)
                if many and not e.as_json:
                    e.note(
                        tr(
                            f"第 {len(batches)} 批已写入: 第 {chunk[0][0]}–{chunk[-1][0]} 行,"
                            f"{len(made)} 件",
                            f"batch {len(batches)} stored: lines {chunk[0][0]}–{chunk[-1][0]}, "
                            f"{len(made)} cases",
                        )
                    )
    if dry_run:
        created, replayed = [], []
    result.update(
        imported=created,
        replayed=replayed,
        would_import=len(chosen) if dry_run else None,
        duplicates=[{"line": n, "duplicate_of": i} for n, i in dupes.items()],
        skipped_duplicates=skipped,
    )
    if e.as_json:
        e.emit(result)
        return
    if ignored:
        e.note(
            tr(
                f"以下列是导出时由案件算出的,未读入: {', '.join(ignored)}",
                f"read past (the export computes them from the case): {', '.join(ignored)}",
            ),
            "yellow",
        )
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
    moved = [r for r in replayed if r["from"] != r["id"]]
    if moved:
        e.show(
            views.problems_table(
                [{"line": r["line"], "field": r["from"] or "", "problem": r["id"]} for r in moved],
                tr("按操作记录重建,编号已改", "Replayed under a new id"),
            )
        )
    if dry_run:
        e.note(
            tr(
                f"校验通过,可导入 {len(chosen)} 件(未写入)",
                f"{len(chosen)} rows valid; nothing written",
            )
        )
        return
    parts = [tr(f"已导入 {len(created)} 件", f"imported {len(created)} cases")]
    if replayed:
        parts.append(
            tr(f"其中按操作记录重建 {len(replayed)} 件", f"{len(replayed)} replayed from history")
        )
    if present:
        parts.append(
            tr(
                f"已存在(相同)跳过 {len(present)} 件",
                f"{len(present)} already present (same history), skipped",
            )
        )
    if skipped:
        parts.append(
            tr(f"疑似重复跳过 {len(skipped)} 件", f"{len(skipped)} likely duplicates skipped")
        )
    e.note(tr(";", "; ").join(parts))


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
    e: Env,
    kind: str | None,
    year: int | None,
    fmt: str | None,
    output: str,
    unmask: bool,
    with_history: bool = False,
) -> None:
    """The ``export`` command: write the selected cases, masked unless ``unmask``.

    ``with_history`` adds a ``history`` column (each case's events as JSON), from which
    ``import`` re-creates the case with its state; a JSON export always carries the events.
    """
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
        # the stored records (a lapse not yet recorded stays out), for a faithful round trip
        records = [case_to_record(book.stored(c.id)) for c in cases]
        data = records if unmask else [mask_deep(r) for r in records]
        atomic_write_bytes(path, dumps(data).encode("utf-8") + b"\n")
    else:
        header, rows = export_rows(cases, unmask)
        if with_history:
            _add_history(header, rows, cases, unmask, xlsx=chosen == "xlsx")
        if chosen == "csv":
            text = "".join(_iter_csv(header, rows))
            atomic_write_bytes(path, ("\ufeff" + text).encode("utf-8"))
        else:
            _atomic(path, lambda tmp: _write_xlsx(tmp, header, rows))
    if e.as_json:
        e.emit({"output": str(path), "format": chosen, "cases": len(cases), "masked": not unmask})
    else:
        e.note(tr(f"已导出 {len(cases)} 件到 {path}", f"exported {len(cases)} cases to {path}"))


XLSX_CELL_LIMIT = 32767
"""The most characters an Excel cell holds; a longer history would be cut when opened."""


def _add_history(
    header: list[str], rows: list[dict[str, str]], cases: list[Case], unmask: bool, *, xlsx: bool
) -> None:
    """Add the ``history`` column: each case's events, as stored, as JSON."""
    header.append(HISTORY)
    for row, case in zip(rows, cases, strict=True):
        events = case_to_record(case)["events"]
        row[HISTORY] = _flat(events if unmask else mask_deep(events))
        if xlsx and len(row[HISTORY]) > XLSX_CELL_LIMIT:
            raise ValidationError(
                tr(
                    f"{case.id} 的操作记录超过 Excel 单元格的 {XLSX_CELL_LIMIT} 字",
                    f"the history of {case.id} is longer than an Excel cell holds",
                ),
                problems=[f"{HISTORY}: {case.id}"],
                hint=tr("请导出为 CSV 或 JSON,或使用 dump", "export as CSV or JSON, or use dump"),
            )


def _write_xlsx(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("cases")
    xlsx_append(sheet, header)
    for row in rows:
        xlsx_append(sheet, [row.get(h, "") for h in header])
    workbook.save(str(path))
