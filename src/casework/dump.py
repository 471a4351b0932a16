"""Dump and restore: a whole book as one JSON Lines file, and back, losslessly.

A dump is one JSON object per line:

1. the **header**: ``{"type": "header", "format": "casework-dump", "version": 1, ...}`` with the
   book's id and settings, the casework version, the plugins and case-type versions it was
   written with, and the book's counters (id sequences and case-number counters);
2. one line per **case**: the stored record, with its whole event history, clocks and version;
3. one line per **side table** (mediation committees, rosters, ...): its rows by key;
4. one line per **file** the book keeps in its folder (``config.json``, holiday calendars, the
   locality's rules files);
5. the **end** line with the counts, so that a cut-off file is refused, not half restored.

The dump holds personal data (ID and phone numbers) in clear: it is a copy of the book.

:func:`restore` validates every line first (format, installed kinds, each record loaded as the
book would load it, through the case type's migrations), then writes in one transaction: a case
already present with the same history is skipped, one with a different history is a conflict
and nothing is written. With ``merge=True`` a conflicting case is added under a new id instead,
and every id changed is reported.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Any

import attrs
import orjson

from casework import plugins
from casework.errors import ConflictError, StorageError, UnknownKind, ValidationError
from casework.i18n import tr
from casework.model import Case
from casework.serialize import case_to_record
from casework.store import SCHEMA_VERSION, atomic_write, parse_id, record_problem

if TYPE_CHECKING:
    from casework.book import Book
    from casework.store import Transaction

FORMAT = "casework-dump"
DUMP_VERSION = 1
"""The version of the dump format this casework writes (and the newest it reads)."""

BOOK_TABLE = "casework_book"
"""The side table that holds the book's own id (row ``id``)."""

STORE_FILES = frozenset({"book.json", "index.json", "journal.json"})
STORE_FOLDERS = frozenset({"cases", "tables"})
MAX_FILE_BYTES = 16 * 1024 * 1024


class RestoreConflict(ConflictError):
    """A restore that would overwrite different data: the ids (or tables, files) listed."""

    def __init__(self, message: str, *, conflicts: list[str], hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.conflicts = conflicts


@attrs.frozen
class DumpSummary:
    """What :func:`dump` wrote: counts of cases, side tables and files."""

    cases: int
    tables: int
    files: int
    book_id: str | None


@attrs.frozen
class RestoreResult:
    """What :func:`restore` did.

    ``created`` lists the ids written; ``skipped`` the ids already present with the same history;
    ``renumbered`` maps an incoming id to the id it was given (``merge`` only); ``tables`` and
    ``files`` name what was written; ``kept`` lists the side-table rows and files of this book
    that a merge left as they were although the other book's differ.
    """

    created: tuple[str, ...]
    skipped: tuple[str, ...]
    renumbered: dict[str, str]
    tables: tuple[str, ...]
    files: tuple[str, ...]
    kept: tuple[str, ...]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON-ready data."""
        return {
            "created": list(self.created),
            "skipped": list(self.skipped),
            "renumbered": dict(self.renumbered),
            "tables": list(self.tables),
            "files": list(self.files),
            "kept": list(self.kept),
            "notes": list(self.notes),
        }


# -- dumping ---------------------------------------------------------------------------------------


def book_id(book: Book, *, create: bool = False) -> str | None:
    """Return the book's id (a UUID kept in the side table ``casework_book``), or ``None``.

    ``create`` gives a book without one its id (one small write).
    """
    found = book.table_get(BOOK_TABLE, "id")
    if found is None and create:
        with book._tx() as tx:
            found = tx.table_get(BOOK_TABLE, "id")
            if found is None:
                found = str(uuid.uuid4())
                tx.table_put(BOOK_TABLE, "id", found)
    return found if isinstance(found, str) else None


def _plugins_header() -> tuple[dict[str, str | None], dict[str, dict[str, Any]]]:
    types = plugins.case_types()
    installed = {p.name: p.version for p in plugins.get_plugins()}
    owners = {name: plugins.owner_of(name) for name in types}
    kinds: dict[str, dict[str, Any]] = {
        name: {"version": ct.version, "code": ct.code, "plugin": owners[name]}
        for name, ct in sorted(types.items())
    }
    used = {owner for owner in owners.values() if owner}
    return {name: installed.get(name) for name in sorted(used)}, kinds


def book_files(root: Path | None) -> list[str]:
    """The files a book keeps in its folder besides the store's (settings, calendars, rules)."""
    if root is None or not root.is_dir():
        return []
    out: list[str] = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts):
            continue
        if rel.parts[0] in STORE_FOLDERS or (len(rel.parts) == 1 and rel.name in STORE_FILES):
            continue
        if path.is_file() and not path.is_symlink():
            out.append(rel.as_posix())
    return out


def _file_line(root: Path, rel: str) -> dict[str, Any]:
    data = (root / rel).read_bytes()
    if len(data) > MAX_FILE_BYTES:
        raise StorageError(
            tr(
                f"{rel} 超过 16 MB,不是案件簿的设置文件",
                f"{rel} is over 16 MB: not a settings file",
            ),
            hint=tr("请把它移出案件簿文件夹", "move it out of the book folder"),
        )
    try:
        return {"type": "file", "path": rel, "text": data.decode("utf-8")}
    except UnicodeDecodeError:
        return {"type": "file", "path": rel, "base64": base64.b64encode(data).decode("ascii")}


def _file_bytes(line: dict[str, Any]) -> bytes:
    if "text" in line:
        return str(line["text"]).encode("utf-8")
    return base64.b64decode(str(line["base64"]), validate=True)


def dump_lines(book: Book) -> Iterator[dict[str, Any]]:
    """Yield the lines of a dump of ``book``, read inside one transaction (a consistent copy)."""
    from casework import __version__

    try:
        ident = book_id(book, create=True)
    except (StorageError, OSError):  # a book that cannot be written to is still dumped
        ident = book_id(book)
    used_plugins, kinds = _plugins_header()
    with book._tx() as tx:
        counters = tx.counters()
        yield {
            "type": "header",
            "format": FORMAT,
            "version": DUMP_VERSION,
            "schema_version": SCHEMA_VERSION,
            "casework": __version__,
            "written_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "book": {"id": ident, "settings": book._config},
            "plugins": used_plugins,
            "kinds": kinds,
            "counters": counters,
        }
        cases = 0
        for record in tx.records():
            cases += 1
            # the report facts are derived from the case; the book that restores derives its own
            yield {"type": "case", "record": {k: v for k, v in record.items() if k != "facts"}}
        from casework.book import CONFIG_KEY, CONFIG_TABLE, FACTS_TABLE, config_bytes

        derived = (BOOK_TABLE, CONFIG_TABLE, FACTS_TABLE)  # the facts marks: derived, per book
        names = [n for n in tx.table_names() if n not in derived]
        for name in names:
            yield {"type": "table", "name": name, "rows": dict(tx.table_rows(name))}
        files = book_files(book.root)
        for rel in files:
            assert book.root is not None
            yield _file_line(book.root, rel)
        settings = tx.table_get(CONFIG_TABLE, CONFIG_KEY) if book.root is None else None
        if isinstance(settings, dict):  # a server book's settings, as a folder's config.json
            files.append("config.json")
            yield {"type": "file", "path": "config.json", "text": config_bytes(settings).decode()}
        yield {"type": "end", "cases": cases, "tables": len(names), "files": len(files)}


def dump(book: Book, fp: IO[bytes] | IO[str]) -> DumpSummary:
    """Write a dump of ``book`` to the open file ``fp`` (binary or text); return the counts."""
    end: dict[str, Any] = {}
    ident = None
    text = isinstance(fp, io.TextIOBase)
    for line in dump_lines(book):
        data = orjson.dumps(line, option=orjson.OPT_NON_STR_KEYS) + b"\n"
        fp.write(data.decode("utf-8") if text else data)  # type: ignore[arg-type]
        if line["type"] == "header":
            ident = line["book"]["id"]
        elif line["type"] == "end":
            end = line
    return DumpSummary(cases=end["cases"], tables=end["tables"], files=end["files"], book_id=ident)


# -- reading a dump --------------------------------------------------------------------------------


@attrs.define
class Parsed:
    """A dump read and checked for shape: its header, records, side tables and files."""

    header: dict[str, Any]
    records: list[dict[str, Any]]
    tables: dict[str, dict[str, Any]]
    files: dict[str, bytes]


def _bad(problems: list[str]) -> ValidationError:
    return ValidationError(
        tr("转储文件无效,未恢复任何内容", "the dump is not valid: nothing was restored"),
        problems=problems[:20] + ([f"… {len(problems) - 20} more"] if len(problems) > 20 else []),
        hint=tr(
            "请使用 casework dump 或 backup 写出的完整文件",
            "use a whole file written by casework dump or backup",
        ),
    )


def _safe_path(rel: Any) -> str | None:
    if not isinstance(rel, str) or not rel or "\\" in rel or "\x00" in rel:
        return None
    pure = PurePosixPath(rel)
    if pure.is_absolute() or any(p in ("", ".", "..") or p.startswith(".") for p in pure.parts):
        return None
    if pure.parts[0] in STORE_FOLDERS or (len(pure.parts) == 1 and pure.name in STORE_FILES):
        return None
    return pure.as_posix()


def read_dump(fp: IO[bytes] | IO[str] | Iterable[bytes | str]) -> Parsed:
    """Read every line of a dump and check its shape; raise one ValidationError listing all."""
    problems: list[str] = []
    header: dict[str, Any] | None = None
    end: dict[str, Any] | None = None
    records: list[dict[str, Any]] = []
    tables: dict[str, dict[str, Any]] = {}
    files: dict[str, bytes] = {}
    seen: set[str] = set()
    for number, raw in enumerate(fp, start=1):
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        if not raw.strip():
            continue
        try:
            line = orjson.loads(raw)
        except orjson.JSONDecodeError as exc:
            problems.append(
                tr(f"第 {number} 行: 不是 JSON ({exc})", f"line {number}: not JSON ({exc})")
            )
            continue
        kind = line.get("type") if isinstance(line, dict) else None
        if end is not None:
            problems.append(
                tr(f"第 {number} 行: 在结束行之后", f"line {number}: after the end line")
            )
        elif header is None and kind != "header":
            problems.append(
                tr(
                    f"第 {number} 行: 第一行应为转储文件头(format casework-dump)",
                    f"line {number}: the first line must be the dump header (format casework-dump)",
                )
            )
            break
        if kind == "header":
            if header is not None:
                problems.append(
                    tr(f"第 {number} 行: 第二个文件头", f"line {number}: a second header")
                )
            header = line
            problems.extend(_header_problems(line))
            if problems:
                break
        elif kind == "case":
            record = line.get("record")
            if problem := record_problem(record):
                problems.append(f"line {number}: {problem}")
            elif record["id"] in seen:
                problems.append(f"line {number}: case {record['id']} appears twice")
            else:
                seen.add(record["id"])
                records.append(record)
        elif kind == "table":
            name, rows = line.get("name"), line.get("rows")
            if not isinstance(name, str) or not isinstance(rows, dict) or name in tables:
                problems.append(f"line {number}: a side table needs a new 'name' and its 'rows'")
            else:
                tables[name] = rows
        elif kind == "file":
            rel = _safe_path(line.get("path"))
            if rel is None:
                problems.append(
                    tr(
                        f"第 {number} 行: 文件路径 {line.get('path')!r:.60} 不在案件簿文件夹内",
                        f"line {number}: file path {line.get('path')!r:.60} is not inside a book",
                    )
                )
                continue
            try:
                files[rel] = _file_bytes(line)
            except (KeyError, ValueError):
                problems.append(f"line {number}: file {rel} has neither 'text' nor valid 'base64'")
        elif kind == "end":
            end = line
        elif header is not None:
            problems.append(f"line {number}: unknown line type {kind!r:.40}")
    if header is None and not problems:
        problems.append(tr("文件是空的", "the file is empty"))
    elif header is not None and end is None and not problems:
        problems.append(
            tr(
                "文件不完整:没有结束行(复制或下载被中断?)",
                "the file is cut short: no end line (an interrupted copy or download?)",
            )
        )
    elif end is not None and (
        end.get("cases"),
        end.get("tables"),
        end.get("files"),
    ) != (len(records), len(tables), len(files)):
        problems.append(
            tr(
                f"结束行记有 {end.get('cases')} 件案件,文件中有 {len(records)} 件",
                f"the end line counts {end.get('cases')} cases, {end.get('tables')} tables, "
                f"{end.get('files')} files; the file holds {len(records)}, {len(tables)}, "
                f"{len(files)}",
            )
        )
    if problems:
        raise _bad(problems)
    assert header is not None
    return Parsed(header=header, records=records, tables=tables, files=files)


def _header_problems(header: dict[str, Any]) -> list[str]:
    if header.get("format") != FORMAT:
        return [f"format: {header.get('format')!r:.40} is not {FORMAT}"]
    version = header.get("version")
    if type(version) is not int or version < 1:
        return [f"version: {version!r:.40} is not a dump format version"]
    if version > DUMP_VERSION:
        return [
            tr(
                f"version: 转储格式版本 {version} 比本程序新(本程序读到 {DUMP_VERSION}),请升级 casework",
                f"version: dump format {version} is newer than this casework reads "
                f"({DUMP_VERSION}): upgrade casework",
            )
        ]
    problems = []
    if not isinstance(header.get("kinds", {}), dict):
        problems.append("kinds: must be an object")
    counters = header.get("counters", {})
    if not isinstance(counters, dict) or not all(
        isinstance(counters.get(k, {}), dict)
        and all(type(v) is int and v >= 0 for v in counters.get(k, {}).values())
        for k in ("seq", "numbers")
    ):
        problems.append("counters: 'seq' and 'numbers' must map kind/year to whole numbers")
    book = header.get("book", {})
    if not isinstance(book, dict) or not isinstance(book.get("id"), str | None):
        problems.append("book: must be an object with an 'id'")
    return problems


# -- restoring -------------------------------------------------------------------------------------


def _missing_kinds(parsed: Parsed) -> list[str]:
    """One line per kind in the dump that no installed plugin registers."""
    installed = plugins.case_types()
    counts: dict[str, int] = {}
    for record in parsed.records:
        if record["kind"] not in installed:
            counts[record["kind"]] = counts.get(record["kind"], 0) + 1
    lines = []
    declared = parsed.header.get("kinds", {})
    for kind, count in sorted(counts.items()):
        info = declared.get(kind) if isinstance(declared.get(kind), dict) else {}
        plugin = info.get("plugin") or "?"
        version = parsed.header.get("plugins", {}).get(plugin)
        lines.append(
            tr(
                f"{kind}: {count} 件案件属于插件 {plugin}"
                + (f" {version}" if version else "")
                + ",本机未安装",
                f"{kind}: {count} case(s) of plugin {plugin}"
                + (f" {version}" if version else "")
                + ", which is not installed here",
            )
        )
    return lines


def _load_all(book: Book, parsed: Parsed) -> list[tuple[dict[str, Any], Case]]:
    """Load every record as the book would (migrations included); list every record that fails."""
    problems: list[str] = []
    loaded: list[tuple[dict[str, Any], Case]] = []
    installed = plugins.case_types()
    for record in parsed.records:
        case_type = installed[record["kind"]]
        parsed_id = parse_id(record["id"])
        assert parsed_id is not None
        if parsed_id[0] != case_type.code:
            problems.append(
                tr(
                    f"{record['id']}: 编号前缀不是 {record['kind']} 的代码 {case_type.code}",
                    f"{record['id']}: the id's code is not {record['kind']}'s code "
                    f"{case_type.code}",
                )
            )
            continue
        if int(record["received_on"][:4]) != parsed_id[1]:
            problems.append(f"{record['id']}: the id's year is not the year of receipt")
            continue
        try:
            case = book._load(record)
        except (StorageError, UnknownKind) as exc:
            problems.append(f"{record['id']}: {exc.message}")
            continue
        migrated = int(record.get("type_version", 1)) < case_type.version
        loaded.append((case_to_record(case) if migrated else dict(record), case))
    if problems:
        raise _bad(problems)
    return loaded


def _history_key(case: Case) -> bytes:
    """What a case is apart from its id: kind and every event (the creation's id left out)."""
    record = case_to_record(case)
    events = []
    for event in record["events"]:
        init = event.get("init")
        if isinstance(init, dict) and "id" in init:
            event = {**event, "init": {k: v for k, v in init.items() if k != "id"}}
        events.append(event)
    return orjson.dumps([record["kind"], events], option=orjson.OPT_NON_STR_KEYS)


def _with_id(record: dict[str, Any], new_id: str) -> dict[str, Any]:
    out = dict(record, id=new_id)
    events = []
    for event in record.get("events", []):
        init = event.get("init")
        if isinstance(init, dict) and "id" in init:
            event = {**event, "init": {**init, "id": new_id}}
        events.append(event)
    out["events"] = events
    return out


def _numbers_taken(
    tx: Transaction, loaded: list[tuple[dict[str, Any], Case]]
) -> dict[tuple[str, str], str]:
    """The case numbers (案号) this book has issued in the kinds the dump numbers: -> the id."""
    kinds = {record["kind"] for record, _ in loaded if record.get("number")}
    return {
        (kind, str(r["number"])): str(r["id"])
        for kind in sorted(kinds)
        for r in tx.records(kind=kind)
        if r.get("number")
    }


def restore(
    book: Book, fp: IO[bytes] | IO[str] | Iterable[bytes | str], *, merge: bool = False
) -> RestoreResult:
    """Restore the dump in ``fp`` into ``book``: all of it, or nothing.

    Every line is checked first; then, in one transaction, each case is written under its id,
    skipped when the book holds it with the same history, or (a different history) counted as a
    conflict, which refuses the whole restore with :class:`RestoreConflict` listing the ids.
    ``merge=True`` adds such a case under the next free id instead, and reports the change.
    A book that holds no case takes the dump's book id and counters as they were.
    """
    parsed = read_dump(fp)
    if missing := _missing_kinds(parsed):
        raise UnknownKind(
            tr(
                "转储中有本机未安装的案件类型,未恢复任何内容",
                "the dump holds kinds whose plugin is not installed here: nothing was restored",
            )
            + ": "
            + "; ".join(missing),
            hint=tr(
                "安装相应插件后重新恢复(用 casework plugins 查看已安装的插件)",
                "install the plugin and restore again (see the installed ones with "
                "'casework plugins')",
            ),
        )
    loaded = _load_all(book, parsed)
    root = book.root
    conflicts: list[str] = []
    kept: list[str] = []
    notes: list[str] = []
    new_files: dict[str, bytes] = {}
    previous: dict[Path, bytes | None] = {}
    created: list[str] = []
    skipped: list[str] = []
    renumbered: dict[str, str] = {}
    tables_written: list[str] = []
    try:
        with book._tx() as tx:
            empty = not tx.counters()["seq"]
            settings_moved = False
            for rel, data in parsed.files.items():
                target = root / rel if root is not None else None
                if target is None and rel == "config.json":
                    # a server book keeps what a folder's config.json holds in a side table
                    from casework.book import CONFIG_KEY, CONFIG_TABLE

                    stored = tx.table_get(CONFIG_TABLE, CONFIG_KEY)
                    settings = orjson.loads(data)
                    if stored == settings:
                        continue
                    if stored is None or empty:
                        tx.table_put(CONFIG_TABLE, CONFIG_KEY, settings)
                        settings_moved = True
                    elif merge:
                        kept.append(f"file {rel}")
                    else:
                        conflicts.append(f"file {rel}")
                elif target is None:
                    notes.append(
                        tr(
                            f"此案件簿不是文件夹,文件 {rel} 未恢复",
                            f"this book is not a folder: file {rel} was not restored",
                        )
                    )
                elif not target.resolve().is_relative_to(root.resolve()):  # type: ignore[union-attr]
                    conflicts.append(f"file {rel} (a link out of the book)")
                elif target.is_file() and target.read_bytes() == data:
                    continue
                elif not target.exists() or (empty and target.is_file()):
                    # a book without cases takes the dump's settings (those 'init' wrote)
                    new_files[rel] = data
                elif merge:
                    kept.append(f"file {rel}")
                else:
                    conflicts.append(f"file {rel}")
            taken = _numbers_taken(tx, loaded) if merge else {}
            moved: list[tuple[dict[str, Any], Case]] = []
            known: dict[tuple[str, int], dict[bytes, str]] = {}
            for record, case in loaded:
                current = tx.get(case.id)
                if current is None:
                    tx.put(dict(record, facts=book.case_facts(case)), expected_version=0)
                    created.append(case.id)
                elif book._load(current) == case:
                    skipped.append(case.id)
                elif merge:
                    moved.append((record, case))
                else:
                    conflicts.append(case.id)
            highest: dict[str, int] = {}
            for record, _case in loaded:
                parsed_id = parse_id(record["id"])
                assert parsed_id is not None
                shelf_key = f"{record['kind']}/{parsed_id[1]}"
                highest[shelf_key] = max(highest.get(shelf_key, 0), parsed_id[2])
            tx.raise_counters({}, seq=highest)  # a store that counts ids apart from the cases
            for record, case in moved:  # new ids come after every id kept
                shelf = (case.kind, case.year)
                if shelf not in known:
                    known[shelf] = {
                        _history_key(book._load(r)): r["id"]
                        for r in tx.records(kind=case.kind, year=case.year)
                    }
                if (same := known[shelf].get(_history_key(case))) is not None:
                    skipped.append(same)
                    continue
                new_id = tx.new_id(case.kind, book.case_type(case.kind).code, case.year)
                facts = book.case_facts(case)
                tx.put(dict(_with_id(record, new_id), facts=facts), expected_version=0)
                renumbered[case.id] = new_id
                created.append(new_id)
            for name, rows in parsed.tables.items():
                present = tx.table_rows(name)
                changed = False
                for row, value in rows.items():
                    have = present.get(row)
                    if have is None:
                        tx.table_put(name, row, value)
                        changed = True
                    elif have != value:
                        (kept if merge else conflicts).append(f"table {name}/{row}")
                if changed:
                    tables_written.append(name)
            if conflicts:
                raise RestoreConflict(
                    tr(
                        f"{len(conflicts)} 项与案件簿中的不同,未恢复任何内容: "
                        + "、".join(conflicts[:20]),
                        f"{len(conflicts)} item(s) differ from what the book holds; nothing was "
                        "restored: " + ", ".join(conflicts[:20]),
                    )
                    + (" …" if len(conflicts) > 20 else ""),
                    conflicts=conflicts,
                    hint=tr(
                        "恢复到空文件夹,或用 --merge 把另一案件簿的案件并入(冲突的案件取新编号)",
                        "restore into an empty folder, or --merge another book's cases in "
                        "(a conflicting case gets a new id)",
                    ),
                )
            for record, _case in loaded:
                number = record.get("number")
                holder = taken.get((record["kind"], number)) if number else None
                if holder is not None:
                    added = renumbered.get(record["id"], record["id"])
                    if added in created:
                        notes.append(
                            tr(
                                f"案号 {number} 在两本案件簿中都有:本簿的 {holder} 与并入的 {added}"
                                "(各保留原案号)",
                                f"case number {number} is in both books: this book's {holder} "
                                f"and the merged {added} (each keeps it)",
                            )
                        )
            numbers = parsed.header.get("counters", {}).get("numbers", {})
            tx.raise_counters({str(k): int(v) for k, v in numbers.items()})
            ident = parsed.header.get("book", {}).get("id")
            if empty and ident and tx.table_get("casework_book", "id") != ident:
                tx.table_put(BOOK_TABLE, "id", ident)
            for rel, data in new_files.items():
                assert root is not None
                path = root / rel
                previous[path] = path.read_bytes() if path.is_file() else None
                atomic_write(path, data)
    except BaseException:
        for path, old in previous.items():
            if old is None:
                path.unlink(missing_ok=True)
            else:
                atomic_write(path, old)
        raise
    if previous or settings_moved:
        book._reload_settings()
    return RestoreResult(
        created=tuple(created),
        skipped=tuple(skipped),
        renumbered=renumbered,
        tables=tuple(tables_written),
        files=tuple(new_files),
        kept=tuple(kept),
        notes=tuple(notes),
    )


__all__ = [
    "DUMP_VERSION",
    "FORMAT",
    "DumpSummary",
    "RestoreConflict",
    "RestoreResult",
    "book_id",
    "dump",
    "read_dump",
    "restore",
]
