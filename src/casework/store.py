r"""Storage: the protocol the book writes through, and the TinyDB store that is its default.

TinyDB rewrites its whole file on every write and has neither atomic writes nor locking, so the
store designs around it:

- **Shards.** Cases are archived by kind and year of receipt, as paper dossiers are (归档), in
  buckets of :data:`BUCKET` cases: ``cases/<kind>/<year>/<bucket>.json``. A case id
  (``LA2020-0158``) names its shard, so one write rewrites one small file, however large the book.
- **Unit of work.** Changes collect in a :class:`Transaction`; each touched shard is written once
  when it commits (``with book.batch(): ...`` makes many actions one transaction).
- **Atomic commits.** A commit first writes a journal of the changed records, then replaces each
  shard and the index (temp file, ``fsync``, ``os.replace``), then removes the journal. A crash
  leaves either the old state or a journal that the next opener re-applies.
- **One writer at a time.** An OS file lock (``filelock``) is held around every whole
  read-modify-write; a case's ``version`` turns a writer holding a stale copy into
  :class:`~casework.errors.ConflictError`.
- **Readable files.** UTF-8 JSON without ``\\u`` escapes, indented, each with a schema version.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import os
import re
import stat
import threading
import uuid
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol

import attrs
import filelock
import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from casework.errors import (
    ConflictError,
    NotFound,
    StorageError,
    StorageWarning,
    ValidationError,
)
from casework.facts import facts_problem
from casework.i18n import tr

SCHEMA_VERSION = 2
"""The layout of a book: 2 splits the index into a head and one part per kind and year."""
BUCKET = 100
"""Cases per shard in a new book (recorded in its ``book.json``; books made before it hold 500)."""
LEGACY_BUCKET = 500
LOCK_TIMEOUT = 30.0
MAX_RECORD_BYTES = 2 * 1024 * 1024
"""The largest case record a book stores, as JSON (2 MiB; a case of the real kinds is 2-20 KB).

Every later action on a case rewrites its shard, so one huge record slows every write to a
hundred cases; a record over this size is refused with a ValidationError naming the case.
"""
TABLE_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
ID_RE = re.compile(r"^([A-Z][A-Z0-9]*)(\d{4})-(\d{1,9})$")
"""A case id: code, year, then a sequence of at most 9 digits (a shard's file name stays short)."""
SHARD_RE = re.compile(r"^\d{3,}\.json$")
PART_RE = re.compile(r"[^/\\.][^/\\]*/\d{1,9}")
"""An index part's key, ``kind/year``: a folder of the book's ``cases``, never a path out of it."""
BOOK_ID_RE = re.compile(r"^[0-9a-f]{32}$")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
READ_ONLY_ERRNOS = (errno.EROFS, errno.EACCES, errno.EPERM)
"""Errors on creating the lock file that mean the book can only be read."""

Record = dict[str, Any]

MIGRATIONS: dict[int, Callable[[Path], None]] = {}
"""Book layout migrations: ``MIGRATIONS[n](root)`` turns a schema-``n`` book into ``n + 1``."""


def _split_the_index(root: Path) -> None:
    """Schema 1 to 2: the one ``index.json`` becomes a head and one part per kind and year.

    Nothing is converted here: the opener finds an index of schema 1 and rebuilds it from the
    shards, quietly, keeping its case-number counters as the floor (a counter never goes back),
    and writes the parts and the head. An index that a crash left half split is rebuilt the same
    way, so the migration can be cut short at any point.
    """
    del root


MIGRATIONS[1] = _split_the_index


_KEYS = orjson.OPT_NON_STR_KEYS


def dumps(data: Any) -> bytes:
    """Serialize to UTF-8 JSON a person can read: Chinese as is, never escaped.

    A file of tables (a shard's ``cases``, the index's ``open`` rows, a side table's ``rows``)
    is written one record per line: readable and greppable, at the size and speed of compact
    JSON (an indented 500-case shard is 1.8 times larger and slower to write). Other files are
    indented.
    """
    if isinstance(data, dict) and any(isinstance(v, dict) and v for v in data.values()):
        parts = []
        for key, value in data.items():
            head = orjson.dumps(str(key)) + b": "
            if isinstance(value, dict) and value:
                rows = b",\n".join(
                    b"  " + orjson.dumps(str(k)) + b": " + orjson.dumps(v, option=_KEYS)
                    for k, v in value.items()
                )
                parts.append(head + b"{\n" + rows + b"\n}")
            else:
                parts.append(head + orjson.dumps(value, option=_KEYS))
        return b"{\n" + b",\n".join(parts) + b"\n}\n"
    return orjson.dumps(data, option=orjson.OPT_INDENT_2 | _KEYS) + b"\n"


FILE_MODE = 0o600
"""Mode of every file a book creates (its own, temporaries, exports): the owner's alone."""
DIR_MODE = 0o700
"""Mode of every folder a book creates."""


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")


def make_dirs(folder: Path, mode: int = DIR_MODE) -> None:
    """Create ``folder`` and its missing parents with ``mode`` (existing folders are kept)."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for new in reversed(missing):
        with contextlib.suppress(FileExistsError):
            os.mkdir(new, mode)
            os.chmod(new, mode)  # the umask does not narrow what the book asks for


def write_temporary(
    path: Path, data: bytes, mode: int = FILE_MODE, dir_mode: int = DIR_MODE
) -> Path:
    """Write ``data`` beside ``path`` in a new temporary file, ``fsync`` it, and return it.

    The temporary gets the mode of the file it will replace, or ``mode`` for a new file; it is
    created exclusively and never through a symbolic link. On failure nothing is left behind.
    """
    make_dirs(path.parent, dir_mode)
    with contextlib.suppress(FileNotFoundError):
        mode = stat.S_IMODE(os.lstat(path).st_mode)
    tmp = _temporary(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, mode)
    try:
        if hasattr(os, "fchmod"):  # POSIX: the umask does not narrow the mode asked for
            os.fchmod(fd, mode)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    os.close(fd)
    return tmp


def atomic_write(
    path: Path,
    data: bytes,
    *,
    sync_dir: bool = True,
    mode: int = FILE_MODE,
    dir_mode: int = DIR_MODE,
) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new, never a part.

    ``sync_dir=False`` leaves the folder's ``fsync`` to the caller, who syncs each folder once
    after a group of writes. A new file gets ``mode`` (0600); a replaced one keeps its mode.
    """
    tmp = write_temporary(path, data, mode, dir_mode)
    try:
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    if sync_dir:
        _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _clock_problem(clock: Any, where: str) -> str | None:
    if not isinstance(clock, dict):
        return f"{where}: a clock is not an object"
    if not isinstance(clock.get("name"), str) or not isinstance(clock.get("status"), str):
        return f"{where}: a clock lacks its name or status"
    due = clock.get("due_on")
    if due is not None and not _is_date(due):
        return f"{where}: clock {clock['name']} has a bad due date {due!r:.40}"
    return None


def record_problem(record: Any) -> str | None:
    """Return what is wrong with the shape of a stored case record, or ``None``.

    Checks only what the store itself reads (id, kind, state, dates, clocks, event dates); the
    rest is checked when the case is loaded.
    """
    if not isinstance(record, dict):
        return "a case record is not an object"
    rid = record.get("id")
    if not isinstance(rid, str) or parse_id(rid) is None:
        return f"bad case id {rid!r:.40}"
    for key in ("kind", "state"):
        if not isinstance(record.get(key), str):
            return f"{rid}: '{key}' must be text"
    if not _is_date(record.get("received_on")):
        return f"{rid}: 'received_on' must be a date"
    if record.get("closed_on") is not None and not _is_date(record["closed_on"]):
        return f"{rid}: 'closed_on' must be a date"
    if record.get("number") is not None and not isinstance(record["number"], str):
        return f"{rid}: 'number' must be text"
    clocks = record.get("clocks", [])
    events = record.get("events", [])
    if not isinstance(clocks, list) or not isinstance(events, list):
        return f"{rid}: 'clocks' and 'events' must be lists"
    for clock in clocks:
        if problem := _clock_problem(clock, rid):
            return problem
    for event in events:
        if not isinstance(event, dict) or not _is_date(event.get("on")):
            return f"{rid}: an event lacks its date"
    return None


def index_problem(index: Record) -> str | None:
    """Return what is wrong with the shape of ``index.json``, or ``None``."""
    for key in ("seq", "codes", "open"):
        if not isinstance(index.get(key), dict):
            return f"'{key}' must be an object"
    for key in ("numbers", "spans"):
        if not isinstance(index.get(key, {}), dict):
            return f"'{key}' must be an object"
    for key in ("seq", "numbers"):
        for counter, value in index.get(key, {}).items():
            kind, _, year = counter.partition("/")
            if not kind or not year.isdigit() or type(value) is not int or value < 0:
                return f"bad counter {key}.{counter}"
    if not all(isinstance(v, str) for v in index["codes"].values()):
        return "'codes' must map codes to kinds"
    for ids in index.get("spans", {}).values():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            return "'spans' must map to lists of ids"
    if not isinstance(index.get("ticking", {}), dict):
        return "'ticking' must be an object"
    if (tally := index.get("tally")) is not None:
        states, intake = (
            tally.get(k) if isinstance(tally, dict) else None for k in ("states", "intake")
        )
        if not isinstance(states, dict) or not all(
            isinstance(v, dict) and all(type(n) is int for n in v.values()) for v in states.values()
        ):
            return "'tally.states' must count states per kind"
        if not isinstance(intake, dict) or not all(
            isinstance(v, list) and len(v) == 12 and all(type(n) is int for n in v)
            for v in intake.values()
        ):
            return "'tally.intake' must hold twelve months per kind and year"
    rows = [*index["open"].items(), *index.get("ticking", {}).items()]
    for case_id, row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("clocks"), list):
            return f"open row {case_id} is not an object with clocks"
        if not all(isinstance(row.get(k), str) for k in ("kind", "state", "received_on")):
            return f"open row {case_id} lacks its kind, state or date"
        for clock in row["clocks"]:
            if problem := _clock_problem(clock, case_id):
                return problem
    return None


def record_hash(record: Record | None) -> str | None:
    """The SHA-256 of a stored case record as a journal records it (``None`` for no record)."""
    if record is None:
        return None
    return hashlib.sha256(orjson.dumps(record, option=orjson.OPT_SORT_KEYS | _KEYS)).hexdigest()


def _facts_digest(facts: Any) -> str:
    return hashlib.sha256(orjson.dumps(facts, option=orjson.OPT_SORT_KEYS | _KEYS)).hexdigest()


def index_digest(index: Record) -> str:
    """The SHA-256 ``index.json`` carries of the rest of its content (so an edit shows)."""
    body = {k: v for k, v in index.items() if k != "digest"}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS | _KEYS)).hexdigest()


PART_KEYS = ("open", "ticking", "spans", "shards")
"""What an index part holds of its kind and year; the head holds the rest."""
HEAD_KEYS = ("schema_version", "seq", "codes", "numbers", "tally")


def _empty_part() -> Record:
    return {key: {} for key in PART_KEYS}


def part_of(case_id: str, kind: str) -> str:
    """The index part (``kind/year`` of receipt) that holds the rows of ``case_id``."""
    parsed = parse_id(case_id)
    return f"{kind}/{parsed[1] if parsed else 0}"


def split_index(index: Record) -> tuple[Record, dict[str, Record]]:
    """Split an index into its head and its parts, one per kind and year of receipt.

    A part holds the open and ticking rows of its cases, the years their events span and the
    stamps of its shards: what grows with the cases. The head holds the counters, the tally and
    each part's check sum: what grows only with kinds and years.
    """
    head = {key: index[key] for key in HEAD_KEYS if key in index}
    parts: dict[str, Record] = {}
    for which in ("open", "ticking"):
        for case_id, row in index.get(which, {}).items():
            key = part_of(case_id, str(row.get("kind")))
            parts.setdefault(key, _empty_part())[which][case_id] = row
    for span, ids in index.get("spans", {}).items():
        kind = span.partition("/")[0]
        for case_id in ids:
            key = part_of(case_id, kind)
            parts.setdefault(key, _empty_part())["spans"].setdefault(span, []).append(case_id)
    for shard, stamp in index.get("shards", {}).items():
        kind, year, _ = shard.split("/")
        parts.setdefault(f"{kind}/{year}", _empty_part())["shards"][shard] = stamp
    return head, parts


def merge_index(head: Record, parts: Iterable[Record]) -> Record:
    """The whole index from its head and parts (the inverse of :func:`split_index`)."""
    index = {key: head[key] for key in (*HEAD_KEYS, "book", "bucket") if key in head}
    for key in PART_KEYS:
        index[key] = {}
    for part in parts:
        for which in ("open", "ticking", "shards"):
            index[which].update(part[which])
        for span, ids in part["spans"].items():
            index["spans"].setdefault(span, []).extend(ids)
    return index


def part_problem(part: Record, key: str) -> str | None:
    """Return what is wrong with the shape of an index part, or ``None``."""
    if part.get("key") != key:
        return f"it is filed as {key} but says {part.get('key')!r:.40}"
    for which in PART_KEYS:
        if not isinstance(part.get(which), dict):
            return f"'{which}' must be an object"
    return None


def file_stamp(path: Path) -> list[Any]:
    """What ``index.json`` records of a shard file: its size, modification time (ns), SHA-256."""
    data = path.read_bytes()
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest()]


def _journal_problem(entries: Any, book_id: str | None) -> str | None:
    if not isinstance(entries, dict):
        return "not an object"
    if book_id is not None and entries.get("book") != book_id:
        return "it belongs to no commit of this book (its book id differs)"
    if not isinstance(entries.get("commit"), str) or not isinstance(entries.get("prior"), dict):
        return "it lacks its commit id or the prior versions of its records"
    records, numbers, tables = (
        entries.get(k, d) for k, d in (("records", []), ("numbers", {}), ("tables", {}))
    )
    if (
        not isinstance(records, list)
        or not isinstance(numbers, dict)
        or not isinstance(tables, dict)
    ):
        return "'records' must be a list, 'numbers' and 'tables' objects"
    for record in records:
        if problem := record_problem(record):
            return problem
        prior = entries["prior"].get(record["id"])
        if (
            not isinstance(prior, list)
            or len(prior) != 2
            or type(prior[0]) is not int
            or not (prior[1] is None or isinstance(prior[1], str))
        ):
            return f"{record['id']}: its prior version and hash are missing"
    if not all(type(v) is int for v in numbers.values()):
        return "bad number counters"
    for name, rows in tables.items():
        if not isinstance(name, str) or not TABLE_RE.match(name) or not isinstance(rows, dict):
            return f"bad side table {name!r:.40}"
    return None


def _shard_problem(data: Record, key: str, bucket: int) -> str | None:
    kind, year, number = key.split("/")
    if not isinstance(data.get("_meta", {}), dict):
        return "'_meta' must be an object"
    for doc_id, record in data.get("cases", {}).items():
        if problem := record_problem(record):
            return problem
        parsed = parse_id(record["id"])
        assert parsed is not None
        if record["kind"] != kind or parsed[1] != int(year) or str(parsed[2]) != doc_id:
            return f"case {record['id']} is filed under the wrong kind, year or number"
        if (int(doc_id) - 1) // bucket != int(number):
            return (
                f"case {record['id']} does not belong in this file with {bucket} cases a file "
                "(was 'bucket' in book.json changed?)"
            )
    return None


def _damaged(path: Path, what: str, hint_zh: str, hint_en: str) -> StorageError:
    return StorageError(
        tr(f"文件 {path} 已损坏: {what}", f"file {path} is damaged: {what}"),
        hint=tr(hint_zh, hint_en),
    )


def _journal_bytes(entry: Record) -> bytes:
    """Serialize a commit's journal, or refuse (before anything is written) what JSON cannot hold."""
    try:
        return orjson.dumps(entry)
    except orjson.JSONEncodeError as exc:
        raise ValidationError(
            tr("数据不能存为 JSON", "a value cannot be stored as JSON"),
            problems=[str(exc)],
            hint=tr(
                "整数须在 64 位范围内,键须为文字,值须为文字、数字、列表或对象",
                "integers must fit in 64 bits, keys must be text, values text, numbers, lists or "
                "objects",
            ),
        ) from None


def _refuse_links(root: Path) -> None:
    """Refuse a book holding a symbolic link: writes through it would land outside the book."""
    for folder, dirs, files in os.walk(root):
        for name in (*dirs, *files):
            path = Path(folder) / name
            if path.is_symlink():
                raise StorageError(
                    tr(
                        f"案件簿中的 {path} 是符号链接,拒绝打开(写入会落到案件簿之外)",
                        f"{path} in the book is a symbolic link: refused (writes through it "
                        "would land outside the book)",
                    ),
                    hint=tr(
                        "删除该链接,或用它指向的文件或文件夹本身替换它",
                        "remove the link, or replace it by the file or folder it points to",
                    ),
                )


def _sweep_temporaries(root: Path) -> None:
    """Remove the temporary files a writer killed inside :func:`atomic_write` left behind.

    Called with the book's lock held: every write happens under that lock, so no temporary file
    found then belongs to a live writer.
    """
    for pattern in (".*.tmp", "tables/.*.tmp", "cases/*/*/.*.tmp"):
        for stale in root.glob(pattern):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()


def parse_id(case_id: str) -> tuple[str, int, int] | None:
    """Split a case id ``LA2020-0158`` into its code, year and sequence number.

    ``None`` for anything else, including a sequence longer than 9 digits: no book numbers that
    many cases, and its shard's file name would be longer than a file system allows.
    """
    match = ID_RE.match(case_id.strip().upper()) if isinstance(case_id, str) else None
    if not match:
        return None
    return match.group(1), int(match.group(2)), int(match.group(3))


def format_id(code: str, year: int, seq: int) -> str:
    """Format a case id from its code, year of receipt and sequence number."""
    return f"{code}{year}-{seq:04d}"


def open_row(record: Record) -> Record:
    """The index row kept for an open case: enough to list and board it without loading.

    With the case's report facts, the row keeps their version and the periods' timeline
    (``facts``: ``{"v": …, "clocks": [[since, until, clock], …]}``, see :mod:`casework.facts`):
    which periods run on any day, lapses to come included, without loading the case.
    """
    row = {
        "kind": record["kind"],
        "state": record["state"],
        "received_on": record["received_on"],
        "number": record.get("number"),
        "last_on": max((str(e["on"]) for e in record.get("events", ())), default=None),
        "clocks": [
            {
                "name": c["name"],
                "due_on": c.get("due_on"),
                "status": c["status"],
                "planning": c.get("planning", False),
            }
            for c in record.get("clocks", ())
            if c["status"] in ("running", "paused")
        ],
    }
    facts = record.get("facts")
    if facts is not None and facts_problem(facts) is None:
        row["facts"] = {
            "v": facts["v"],
            "clocks": [[a, b, value] for a, b, name, value in facts["t"] if name == "clock"],
        }
    return row


def row_matches(stored: Any, want: Record) -> bool:
    """Whether a stored index row says what ``want`` (:func:`open_row`) says.

    A row written before rows kept the date of the latest event (``last_on``) or the periods'
    facts (``facts``) still matches: readers treat such a row as one that may change and load
    its case.
    """
    if stored == want:
        return True
    if not isinstance(stored, dict):
        return False
    older = [k for k in ("last_on", "facts") if k not in stored]  # kept by later versions
    return bool(older) and stored == {k: v for k, v in want.items() if k not in older}


def tally_add(tally: Record, record: Record, sign: int) -> None:
    """Count ``record`` (``sign`` 1) or take it out (``sign`` -1) of ``tally``.

    A tally counts the stored cases of each kind by state (``states``) and by month of receipt
    (``intake``, per kind and year): what the dashboard shows, kept without reading the shards.
    """
    kind, state, received = record["kind"], record["state"], str(record["received_on"])
    states = tally.setdefault("states", {}).setdefault(kind, {})
    count = states.get(state, 0) + sign
    if count:
        states[state] = count
    else:
        states.pop(state, None)
        if not states:
            tally["states"].pop(kind)
    key = f"{kind}/{received[:4]}"
    months = tally.setdefault("intake", {}).setdefault(key, [0] * 12)
    months[int(received[5:7]) - 1] += sign
    if not any(months):
        tally["intake"].pop(key)


def ticking(record: Record) -> bool:
    """Whether a closed case still has a period counting (e.g. handing in the file after closing)."""
    return record.get("closed_on") is not None and any(
        c["status"] in ("running", "paused") for c in record.get("clocks", ())
    )


@attrs.frozen
class Problem:
    """One thing ``casework check`` found wrong: where, what, and how to put it right."""

    file: str
    """The file (relative to the book) that holds the problem."""
    problem: str
    """What is wrong."""
    fix: str
    """What to do about it."""
    case: str | None = None
    """The case concerned, when there is one."""
    derived: bool = False
    """Whether ``--repair`` fixes it (it is in a file derived from the case records)."""


def expected_counters(records: Iterable[Record]) -> dict[str, dict[str, int]]:
    """The least id sequences (``seq``) and case-number counters (``numbers``) ``records`` need.

    An id sequence is the highest id of its kind and year; a case-number counter is the count of
    numbers (案号) issued in events of its kind and year. A counter below these would issue an id
    or a number a second time.
    """
    seq: dict[str, int] = {}
    numbers: dict[str, int] = {}
    for record in records:
        parsed = parse_id(str(record.get("id")))
        if parsed is None:
            continue
        key = f"{record.get('kind')}/{parsed[1]}"
        seq[key] = max(seq.get(key, 0), parsed[2])
        for event in record.get("events", ()):
            if isinstance(event, dict) and event.get("number"):
                counter = f"{record.get('kind')}/{str(event.get('on'))[:4]}"
                numbers[counter] = numbers.get(counter, 0) + 1
    return {"seq": seq, "numbers": numbers}


def counter_problems(
    records: list[Record], counters: dict[str, dict[str, int]], where: str
) -> list[Problem]:
    """The counters of ``counters`` that are below what ``records`` need (see above)."""
    out = []
    need = expected_counters(records)
    for kind_of, label in (("seq", ("编号", "id")), ("numbers", ("案号", "case-number"))):
        have = counters.get(kind_of, {})
        for key, least in sorted(need[kind_of].items()):
            if int(have.get(key, 0)) < least:
                out.append(
                    Problem(
                        where,
                        tr(
                            f"{label[0]}计数 {key} 为 {have.get(key)},少于已用的 {least} 个"
                            "(会重复发号)",
                            f"{label[1]} counter {key} is {have.get(key)}, below the {least} "
                            "already issued (one would be issued twice)",
                        ),
                        tr("运行 casework check --repair", "run 'casework check --repair'"),
                        derived=True,
                    )
                )
    return out


class Store(Protocol):
    """What the book needs of a storage backend (TinyDB here; a server database may follow).

    All reads and writes happen inside :meth:`transaction`, which holds the book's lock; writes
    become durable when the outermost transaction exits without an exception.
    """

    def transaction(self) -> contextlib.AbstractContextManager[Transaction]:
        """Lock the book and return the unit of work; commit on clean exit, else roll back."""
        ...

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open (a nested ``transaction()`` joins it)."""
        ...

    def close(self) -> None:
        """Release files and locks."""
        ...

    def check(self) -> tuple[list[Problem], list[tuple[str, Record]]]:
        """Lock the book and read all of it, repairing nothing.

        Returns the problems of the storage itself (unreadable files, a derived index or
        counters that do not match the records, an unfinished or refused journal) and every
        case record that could be read, with the file that holds it.
        """
        ...

    def repair(self) -> list[str]:
        """Rebuild what is derived from the case records (never a record); say what was done."""
        ...


class Transaction(Protocol):
    """The operations available inside :meth:`Store.transaction`."""

    def get(self, case_id: str) -> Record | None:
        """Return the stored record of ``case_id``, or ``None``."""
        ...

    def put(self, record: Record, *, expected_version: int | None) -> None:
        """Store ``record``; raise ConflictError if the stored version is not ``expected``."""
        ...

    def new_id(self, kind: str, code: str, year: int) -> str:
        """Reserve the next case id of ``kind`` for ``year``."""
        ...

    def records(self, *, kind: str | None = None, year: int | None = None) -> Iterator[Record]:
        """Yield stored records, optionally of one kind and year of receipt."""
        ...

    def spanning(self, kind: str, year: int) -> list[str]:
        """Return ids of ``kind`` received before ``year`` with events in ``year``."""
        ...

    def next_number(self, kind: str, year: int) -> int:
        """Take the next case-number (案号) sequence of ``kind`` in ``year``."""
        ...

    def open_rows(self) -> dict[str, Record]:
        """Return the index rows of open cases by id."""
        ...

    def report_facts(self, kind: str, year: int) -> dict[str, Any]:
        """Return the stored report facts of the cases of ``kind`` a report of ``year`` may count.

        Those received in ``year``, and those received earlier that are open or have events in
        ``year`` or later (a lapse in the year may concern them), by id; a case written without
        facts, or whose facts are malformed (:func:`casework.facts.facts_problem`), maps to
        ``None``. See :mod:`casework.facts`.
        """
        ...

    def ticking_rows(self) -> dict[str, Record]:
        """Return the index rows of closed cases whose periods still count, by id."""
        ...

    def tally(self) -> Record:
        """Return the stored cases counted by kind and state, and by kind, year and month.

        ``{"states": {kind: {state: n}}, "intake": {"kind/year": [n per month]}}`` (see
        :func:`tally_add`), as stored: a reader applies what the day changes (a lapse).
        """
        ...

    def ids(self, kind: str | None = None) -> list[str]:
        """Return every case id (of ``kind``, when given)."""
        ...

    def kinds(self) -> list[str]:
        """Return the kinds that have cases in the book."""
        ...

    def event_years(self, kind: str) -> list[int]:
        """Return the years in which cases of ``kind`` were received or had events."""
        ...

    def table_get(self, name: str, key: str) -> Any:
        """Return row ``key`` of side table ``name``, or ``None``."""
        ...

    def table_rows(self, name: str) -> dict[str, Any]:
        """Return every row of side table ``name`` by key (do not modify it)."""
        ...

    def table_put(self, name: str, key: str, value: Any) -> None:
        """Set row ``key`` of side table ``name`` (``None`` deletes it) in this transaction."""
        ...

    def table_names(self) -> list[str]:
        """Return the names of the side tables the book holds."""
        ...

    def counters(self) -> dict[str, dict[str, int]]:
        """Return the id sequences (``seq``) and case-number counters (``numbers``) by kind/year."""
        ...

    def raise_counters(self, numbers: dict[str, int], *, seq: dict[str, int] | None = None) -> None:
        """Raise each case-number counter (and id sequence) to at least the value given.

        A restore calls it after writing cases under their own ids, so that the next number and
        the next id follow the highest restored.
        """
        ...


class _MemoryStorage(Storage):
    """A TinyDB storage holding one shard's data in memory; the store writes it to disk."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.data: dict[str, Any] = data if data is not None else {}
        self.dirty = False

    def read(self) -> dict[str, Any] | None:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True


class _Shard:
    """One shard: a TinyDB database whose table ``cases`` is keyed by sequence number."""

    def __init__(self, path: Path | None, data: dict[str, Any] | None, stamp: Any) -> None:
        self.path = path
        self.stamp = stamp
        self.db = TinyDB(storage=_MemoryStorage, data=data)
        self.table = self.db.table("cases", cache_size=0)

    @property
    def storage(self) -> _MemoryStorage:
        storage = self.db.storage
        assert isinstance(storage, _MemoryStorage)
        return storage


class _Table:
    """A side table: plain rows by key, written with the cases in one commit."""

    def __init__(self, rows: dict[str, Any], stamp: Any) -> None:
        self.rows = rows
        self.stamp = stamp
        self.dirty = False


def _head_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


class TinyDBStore:
    """The embedded default store: sharded TinyDB files under one folder, or ``None`` for memory."""

    CACHE_SHARDS = 32
    MAX_BATCH_SHARDS = 2000
    """The most shards one transaction may change (about 200,000 cases; a few GB of memory).

    A transaction holds every shard it changes in memory until it commits, and is all or nothing,
    so it is never split behind the caller's back: one that would change more is refused (and
    rolled back) with a :class:`~casework.errors.StorageError` asking for smaller batches.
    """

    def __init__(self, root: Path | None, *, create: bool = True) -> None:
        self.root = root
        self._shards: OrderedDict[str, _Shard] = OrderedDict()
        self._index: Record = {
            "schema_version": SCHEMA_VERSION,
            "seq": {},
            "codes": {},
            "open": {},
            "ticking": {},
        }
        self._index_stamp: Any = "unread"  # the bytes of index.json as last read or written
        self._parts: dict[str, Record] = {}  # the index's parts by kind/year, as on disk
        self._part_digests: dict[str, str] = {}  # each part's check sum, kept in the head
        self._dirty_parts: set[str] = set()  # parts this transaction changed
        self._depth = 0
        self._thread_lock = threading.RLock()
        self._pending: dict[str, Record] = {}
        self._reserved: dict[str, int] = {}
        self._undo: dict[str, Record | None] = {}
        self._numbers_undo: dict[str, int] | None = None
        self._tables: dict[str, _Table] = {}
        self._pending_tables: dict[str, dict[str, Any]] = {}
        self._tables_undo: dict[str, dict[str, Any]] = {}
        self._lock: filelock.BaseFileLock | None = None
        self.bucket = BUCKET
        self.book_id: str | None = None
        self.file_mode = FILE_MODE
        self.dir_mode = DIR_MODE
        self.read_only = False
        self._torn = False
        self._counted: dict[str, int] = {}  # case numbers seen while rebuilding the index
        self._paths: dict[str, Path] = {}  # shard key -> file
        if root is not None:
            self._prepare(root, create)

    # -- opening -------------------------------------------------------------------------------

    def _prepare(self, root: Path, create: bool) -> None:
        meta_path = root / "book.json"
        if not meta_path.exists():
            if not create:
                raise StorageError(
                    tr(f"{root} 不是案件簿", f"{root} holds no casework book"),
                    hint=tr("先运行 init 创建案件簿", "create one with 'init'"),
                )
            if root.exists() and any(p for p in root.iterdir() if not p.name.startswith(".")):
                raise StorageError(
                    tr(f"{root} 已有其他文件,不是案件簿", f"{root} is not empty and holds no book"),
                    hint=tr("请选择空文件夹", "choose an empty or new folder"),
                )
            make_dirs(root)
        _refuse_links(root)
        self._lock = filelock.FileLock(str(root / ".lock"), timeout=LOCK_TIMEOUT, mode=FILE_MODE)
        if meta_path.exists() and not os.access(root, os.W_OK):
            self._read_only()
        try:
            self._lock_and_open(root, meta_path)
        except OSError as exc:
            if exc.errno not in READ_ONLY_ERRNOS or not meta_path.exists() or self.read_only:
                raise self._disk_error(exc) from None
            self._read_only()  # read-only media, or a folder this user may only read
            self._lock_and_open(root, meta_path)

    def _read_only(self) -> None:
        """Open for reading only: no lock file (none can be made), any write refused."""
        self.read_only = True
        self._lock = None

    def _lock_and_open(self, root: Path, meta_path: Path) -> None:
        with self._locked():
            if not meta_path.exists():
                meta = {
                    "schema_version": SCHEMA_VERSION,
                    "format": "casework-book",
                    "bucket": BUCKET,
                    "id": uuid.uuid4().hex,
                }
                atomic_write(meta_path, dumps(meta))
                self.book_id, self.bucket = str(meta["id"]), BUCKET
                self._save_index(self._index)
            self._migrate(root, meta_path)
            if not self.read_only:
                _sweep_temporaries(root)

    def _migrate(self, root: Path, meta_path: Path) -> None:
        meta = self._read_json(meta_path)
        bucket = meta.get("bucket", LEGACY_BUCKET)
        if type(bucket) is not int or bucket < 1:
            raise _damaged(
                meta_path,
                f"bucket {bucket!r:.40} is not a number of cases per shard",
                "请从备份恢复 book.json",
                "restore book.json from a backup",
            )
        self.bucket = bucket
        book_id = meta.get("id")
        if book_id is not None and (not isinstance(book_id, str) or not BOOK_ID_RE.match(book_id)):
            raise _damaged(
                meta_path,
                f"id {book_id!r:.40} is not a book id",
                "请从备份恢复 book.json",
                "restore book.json from a backup",
            )
        version = meta.get("schema_version")
        if type(version) is not int or version < 0:
            raise _damaged(
                meta_path,
                f"schema_version {version!r:.40} is not a version of the book format",
                "请从备份恢复 book.json",
                "restore book.json from a backup",
            )
        if version > SCHEMA_VERSION:
            raise StorageError(
                tr(
                    f"案件簿格式版本 {version} 比本程序新",
                    f"book schema version {version} is newer than this casework",
                ),
                hint=tr("请升级 casework", "upgrade casework"),
            )
        while version < SCHEMA_VERSION and not self.read_only:  # read-only: read as it is
            migrate = MIGRATIONS.get(version)
            if migrate is None:
                raise _damaged(
                    meta_path,
                    f"no migration from schema version {version}",
                    "请从备份恢复 book.json",
                    "restore book.json from a backup",
                )
            migrate(root)
            version += 1
            meta["schema_version"] = version
            atomic_write(meta_path, dumps(meta))
        if book_id is None and not self.read_only:  # a book made before ids: give it one
            meta["id"] = book_id = uuid.uuid4().hex
            atomic_write(meta_path, dumps(meta))
        self.book_id = book_id
        for key, default in (("file_mode", FILE_MODE), ("dir_mode", DIR_MODE)):
            value = meta.get(key, oct(default)[2:])
            if not isinstance(value, str) or not re.fullmatch(r"0?[0-7]{3}", value):
                raise _damaged(
                    meta_path,
                    f"{key} {value!r:.40} is not an octal mode such as 0600",
                    f"把 {key} 写成八进制权限,如 0600(文件)或 0700(文件夹)",
                    f"write {key} as an octal mode, e.g. 0600 for files, 0700 for folders",
                )
            setattr(self, key, int(value, 8))

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        if self._lock is None:
            yield
            return
        try:
            self._lock.acquire()
        except filelock.Timeout:
            raise StorageError(
                tr("案件簿正被其他程序占用", "the book is locked by another process"),
                hint=tr(f"{LOCK_TIMEOUT:.0f}秒后仍未释放,请稍后重试", "try again in a moment"),
            ) from None
        try:
            yield
        finally:
            self._lock.release()

    def _read_json(self, path: Path) -> Record:
        try:
            data = orjson.loads(path.read_bytes())
        except FileNotFoundError:
            return {}
        except orjson.JSONDecodeError as exc:
            raise StorageError(
                tr(f"文件 {path} 已损坏: {exc}", f"file {path} is damaged: {exc}"),
                hint=tr(
                    "请从备份恢复该文件,或修正其 JSON 格式",
                    "restore it from a backup or repair its JSON",
                ),
            ) from None
        if not isinstance(data, dict):
            raise StorageError(
                tr(f"文件 {path} 已损坏: 应为 JSON 对象", f"file {path} is damaged: not an object"),
                hint=tr("请从备份恢复该文件", "restore it from a backup"),
            )
        return data

    # -- transactions --------------------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is open (a nested ``transaction()`` joins it)."""
        return self._depth > 0

    @contextlib.contextmanager
    def transaction(self) -> Iterator[TinyDBStore]:
        """Hold the lock; commit the changes on a clean exit of the outermost transaction."""
        with self._thread_lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self
                finally:
                    self._depth -= 1
                return
            with self._locked():
                self._depth = 1
                try:
                    try:
                        self._refresh()
                    except OSError as exc:
                        raise self._disk_error(exc) from None
                    yield self
                    try:
                        self._commit()
                    except OSError as exc:
                        raise self._disk_error(exc) from None
                except BaseException:
                    self._rollback()
                    raise
                finally:
                    self._depth = 0
                    self._pending.clear()
                    self._reserved.clear()
                    self._undo.clear()
                    self._numbers_undo = None
                    self._pending_tables = {}
                    self._tables_undo = {}

    def _refresh(self) -> None:
        if self.root is None:
            return
        journal = self.root / "journal.json"
        if journal.exists():
            self._recover(journal)
        # The head is small, so its bytes are compared, not its stamp: a head rewritten within
        # the file system's timestamp tick, on a reused inode, at the same size, still shows.
        stamp = _head_bytes(self.root / "index.json")
        if stamp != self._index_stamp:
            self._index = self._load_index()

    # -- the derived index, verified against the shards ----------------------------------------

    def _shard_files(self) -> dict[str, Path]:
        assert self.root is not None
        base = self.root / "cases"
        return {
            f"{path.parent.parent.name}/{path.parent.name}/{path.stem}": path
            for path in (base.glob("*/*/*.json") if base.is_dir() else ())
            if SHARD_RE.match(path.name)
        }

    def _part_path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / "cases" / key / "index.json"

    def _read_disk_index(
        self,
    ) -> tuple[Record | None, tuple[str, bool] | None, Any, dict[str, Record]]:
        """Read the index's head and parts: the whole index, why it is stale, its counters.

        The head (``index.json``) carries the check sum of each part (``cases/<kind>/<year>/index.json``),
        each part its own and the stamps of its shards: a part edited, lost or put back from
        yesterday shows as surely as an edit of the head. Returns the index (``None`` when there
        is none), why it does not summarise the shards (and whether to warn) or ``None``, the
        case-number counters it holds (the floor of a rebuild), and the parts as read.
        """
        assert self.root is not None
        path = self.root / "index.json"
        try:
            head = self._read_json(path) if path.exists() else {}
        except StorageError:
            return None, (tr("不是有效的 JSON", "not valid JSON"), True), None, {}
        if not head:
            return None, ("missing", False), None, {}
        floor = head.get("numbers")
        if "parts" not in head and (
            "digest" not in head
            or (head.get("schema_version") == 1 and head["digest"] == index_digest(head))
        ):  # one index file, as a book of schema version 1 (read-only, or not yet migrated) has
            return None, (tr("旧版本所写", "written by an older casework"), False), floor, {}
        if head.get("digest") != index_digest(head) or "parts" not in head:
            return (
                None,
                (
                    tr("被手工修改(校验和不符)", "edited by hand (its check sum does not match)"),
                    True,
                ),
                floor,
                {},
            )
        recorded = head["parts"]
        if not isinstance(recorded, dict) or not all(
            isinstance(k, str) and PART_RE.fullmatch(k) is not None and isinstance(v, str)
            for k, v in recorded.items()
        ):
            return (
                None,
                (
                    tr(
                        "parts 应列出每个类型/年份的校验和",
                        "'parts' must map each kind/year to a check sum",
                    ),
                    True,
                ),
                floor,
                {},
            )
        parts: dict[str, Record] = {}
        for key, digest in recorded.items():
            part_path = self._part_path(key)
            try:
                part = self._read_json(part_path)
            except StorageError:
                return (
                    None,
                    (tr(f"{part_path} 不是有效的 JSON", f"{part_path} is not valid JSON"), True),
                    floor,
                    {},
                )
            if not part:
                return None, (tr(f"{part_path} 缺失", f"{part_path} is missing"), True), floor, {}
            if part.get("digest") != digest or index_digest(part) != digest:
                return (
                    None,
                    (
                        tr(
                            f"{part_path} 被手工修改或换回旧版",
                            f"{part_path} was edited or put back by hand",
                        ),
                        True,
                    ),
                    floor,
                    {},
                )
            if (problem := part_problem(part, key)) or part.get("book") != head.get("book"):
                return (
                    None,
                    (
                        f"{part_path}: {problem or tr('属于另一个案件簿', 'written for another book')}",
                        True,
                    ),
                    floor,
                    {},
                )
            parts[key] = part
        index = merge_index(head, parts.values())
        return index, self._stale(index), floor, parts

    def _stale(self, index: Record) -> tuple[str, bool] | None:
        """Why the whole ``index`` does not summarise the shards on disk (and whether to warn)."""
        if problem := index_problem(index):
            return problem, True
        if self.book_id is not None and index.get("book") != self.book_id:
            return tr("属于另一个案件簿", "written for another book"), True
        if index.get("bucket") != self.bucket:
            assert self.root is not None
            raise StorageError(
                tr(
                    f"book.json 的 bucket 为 {self.bucket},但本案件簿的分片每个存放 "
                    f"{index.get('bucket')} 件",
                    f"book.json says {self.bucket} cases a shard file, but this book's shards "
                    f"hold {index.get('bucket')}",
                ),
                hint=tr(
                    f"把 {self.root / 'book.json'} 中的 bucket 改回 {index.get('bucket')}",
                    f"set bucket in {self.root / 'book.json'} back to {index.get('bucket')}",
                ),
            )
        recorded = index["shards"]
        files = self._shard_files()
        if set(files) != set(recorded):
            changed = sorted(set(files) ^ set(recorded))
            return (
                tr(
                    f"此后有分片文件被添加或删除: {changed[:3]}",
                    f"shard files were added or removed since it was written: {changed[:3]}",
                ),
                True,
            )
        for key, path in files.items():
            stamp = recorded[key]
            st = path.stat()
            if not isinstance(stamp, list) or len(stamp) != 3 or stamp[0] != st.st_size:
                return tr(f"{path} 此后被改动", f"{path} changed since it was written"), True
            if stamp[1] != st.st_mtime_ns and file_stamp(path)[2] != stamp[2]:
                return tr(f"{path} 此后被改动", f"{path} changed since it was written"), True
        return None

    def _load_index(self, *, quiet: bool = False) -> Record:
        """Read the index (head and parts); rebuild it from the shards when stale.

        ``quiet`` (while a journal is replayed, when the index may lag the shards) rebuilds
        without a warning.
        """
        assert self.root is not None
        path = self.root / "index.json"
        stamp = _head_bytes(path)
        index, why, floor, parts = self._read_disk_index()
        if why is None:
            assert index is not None
            self._index_stamp = stamp
            self._parts = {
                key: {which: part[which] for which in PART_KEYS} for key, part in parts.items()
            }
            self._part_digests = {key: part["digest"] for key, part in parts.items()}
            self._dirty_parts = set()
            return index
        reason, loud = why
        rebuilt = self._rebuild_index(floor if isinstance(floor, dict) else None)
        if loud and not quiet:
            warnings.warn(
                StorageWarning(
                    tr(
                        f"{path} 与分片不符({reason}),已由分片重建",
                        f"{path} did not match the shards ({reason}); rebuilt from them",
                    )
                ),
                stacklevel=2,
            )
        try:
            self._save_index(rebuilt)
        except OSError:  # a read-only book: use the rebuilt index without storing it
            self._index_stamp = stamp
        return rebuilt

    def _seal_part(self, key: str) -> bytes:
        """Seal part ``key`` (book id, key, check sum), note its check sum, return its bytes."""
        body: Record = {"schema_version": SCHEMA_VERSION, "book": self.book_id, "key": key}
        body.update(self._parts[key])
        body["digest"] = digest = index_digest(body)
        self._part_digests[key] = digest
        return dumps(body)

    def _seal_index(self, index: Record) -> bytes:
        """Seal the head of ``index`` (book id, bucket, parts, check sum): ``index.json``'s bytes."""
        index["book"] = self.book_id
        index["bucket"] = self.bucket
        index.setdefault("shards", {})
        head = {key: index[key] for key in HEAD_KEYS if key in index}
        head.update(
            book=self.book_id, bucket=self.bucket, parts=dict(sorted(self._part_digests.items()))
        )
        head["digest"] = index_digest(head)
        return dumps(head)

    def _save_index(self, index: Record) -> None:
        """Write the whole of ``index``: every part, then the head that seals them.

        A part no longer in the index is deleted after the head no longer names it.
        """
        assert self.root is not None
        index["book"], index["bucket"] = self.book_id, self.bucket
        index.setdefault("shards", {})
        _, self._parts = split_index(index)
        self._part_digests, self._dirty_parts = {}, set()
        folders = set()
        for key in sorted(self._parts):
            part_path = self._part_path(key)
            atomic_write(
                part_path,
                self._seal_part(key),
                sync_dir=False,
                mode=self.file_mode,
                dir_mode=self.dir_mode,
            )
            folders.add(part_path.parent)
        for folder in sorted(folders):
            _fsync_dir(folder)
        path = self.root / "index.json"
        head = self._seal_index(index)
        atomic_write(path, head, sync_dir=False, mode=self.file_mode)
        self._index_stamp = head
        for old in self.root.glob("cases/*/*/index.json"):
            if f"{old.parent.parent.name}/{old.parent.name}" not in self._parts:
                old.unlink(missing_ok=True)

    # -- journal recovery ----------------------------------------------------------------------

    def _set_aside(self, journal: Path, reason: str) -> None:
        """Move a journal that is not this book's out of the way, unapplied, and say so."""
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        target = journal.with_name(f"journal.refused-{stamp}.json")
        os.replace(journal, target)
        _fsync_dir(journal.parent)
        warnings.warn(
            StorageWarning(
                tr(
                    f"{journal} 不是本案件簿的提交记录({reason}),未应用,已移至 {target.name}",
                    f"{journal} is no commit of this book ({reason}); not applied, moved to "
                    f"{target.name}",
                )
            ),
            stacklevel=3,
        )

    def _recover(self, journal: Path) -> None:
        try:
            entries = orjson.loads(journal.read_bytes())
        except orjson.JSONDecodeError:
            self._set_aside(journal, "not whole JSON")
            return
        if problem := _journal_problem(entries, self.book_id):
            self._set_aside(journal, problem)
            return
        assert self.root is not None
        self._index = self._load_index(quiet=True)
        for record in entries.get("records", []):
            current = self.get(record["id"])
            now = [int(current.get("version", 0)), record_hash(current)] if current else [0, None]
            if now != entries["prior"][record["id"]] and record_hash(current) != record_hash(
                record
            ):
                self._set_aside(
                    journal,
                    f"{record['id']} is stored at version {now[0]}, not the one it changed",
                )
                return
        self._index_stamp = "unread"
        numbers = self._index.setdefault("numbers", {})
        for key, value in entries.get("numbers", {}).items():
            numbers[key] = max(int(value), int(numbers.get(key, 0)))
        for record in entries.get("records", []):
            self._stage(record)
        for table, rows in entries.get("tables", {}).items():
            for key, value in rows.items():
                self._table_stage(table, key, value)
        self._write_out()
        journal.unlink()
        _fsync_dir(self.root)

    def _disk_error(self, exc: OSError) -> StorageError:
        """The error a user sees when the disk refuses a read or write of the book."""
        where = Path(exc.filename).parent if exc.filename else self.root
        cause = os.strerror(exc.errno) if exc.errno else str(exc)
        hints = {
            errno.ENOSPC: (
                "磁盘已满:腾出空间后重试",
                "the disk is full: free some space and retry",
            ),
            errno.EROFS: ("磁盘只读:换到可写的磁盘", "the disk is read-only: use a writable one"),
            errno.EACCES: (
                "没有权限:以案件簿所有者的身份运行",
                "no permission: run as the book's owner",
            ),
            errno.EIO: ("磁盘读写错误:检查磁盘后重试", "the disk failed: check it and retry"),
        }
        zh, en = hints.get(exc.errno or 0, ("检查磁盘后重试", "check the disk and retry"))
        if self._torn:
            zh += ";提交未完成,磁盘恢复后打开案件簿即补完"
            en += "; the commit is incomplete and is completed when the book is next opened"
        else:
            zh += ";本次操作未保存"
            en += "; nothing of this operation was stored"
        return StorageError(
            tr(
                f"无法读写案件簿文件夹 {where}: {cause}",
                f"cannot use the book folder {where}: {cause}",
            ),
            hint=tr(zh, en),
        )

    def _rollback(self) -> None:
        self._torn = False
        self._dirty_parts.clear()
        if self.root is not None:
            self._shards.clear()  # a failed write may have left any of them behind the disk
            self._index_stamp = "unread"
        else:
            for record_id, previous in reversed(self._undo.items()):  # last made, first undone
                if previous is not None:
                    self._stage(previous)
                else:
                    self._unstage(record_id)
            for shard in self._shards.values():
                shard.storage.dirty = False
            for table in self._tables.values():
                table.dirty = False
            if self._numbers_undo is not None:
                self._index["numbers"] = self._numbers_undo
            for name, rows in self._tables_undo.items():
                self._tables[name].rows = rows
                self._tables[name].dirty = False
        if self.root is not None:
            self._tables.clear()
        self._undo.clear()

    def _unstage(self, record_id: str) -> None:
        parsed = parse_id(record_id)
        kind = self._index.get("codes", {}).get(parsed[0]) if parsed else None
        if parsed is None or kind is None:
            return
        _, year, seq = parsed
        shard = self._shard(self._shard_key(kind, year, seq), create=False)
        dropped = shard.storage.data.get("cases", {}).pop(str(seq), None) if shard else None
        if shard is not None and dropped:
            shard.storage.dirty = True
            if isinstance(dropped, dict):
                tally_add(self._tally(), dropped, -1)
        self._index.get("open", {}).pop(record_id, None)
        self._index.get("ticking", {}).pop(record_id, None)
        key = f"{kind}/{year}"
        seqs = self._index.get("seq", {})
        if seqs.get(key) == seq:
            if seq > 1:
                seqs[key] = seq - 1
            else:
                seqs.pop(key)

    def _commit(self) -> None:
        if not self._pending and self._numbers_undo is None and not self._pending_tables:
            return
        if self.root is not None:
            journal = self.root / "journal.json"
            entry = {
                "book": self.book_id,
                "commit": uuid.uuid4().hex,
                "prior": {
                    case_id: [
                        int(before.get("version", 0)) if before else 0,
                        record_hash(before),
                    ]
                    for case_id in self._pending
                    for before in [self._undo.get(case_id)]
                },
                "records": list(self._pending.values()),
                "numbers": self._index.get("numbers", {}),
                "tables": self._pending_tables,
            }
            if self.read_only:
                raise StorageError(
                    tr(f"案件簿 {self.root} 只读,不能写入", f"the book {self.root} is read-only"),
                    hint=tr(
                        "在可写的磁盘上、以有写权限的用户打开它",
                        "open it on a writable disk as a user who may write to it",
                    ),
                )
            data = _journal_bytes(entry)
            try:
                atomic_write(journal, data, mode=self.file_mode, dir_mode=self.dir_mode)
                self._write_out()
            except Exception:
                # The old files are back: this commit must never be applied later.
                if not self._torn:
                    journal.unlink(missing_ok=True)
                    with contextlib.suppress(OSError):
                        _fsync_dir(self.root)
                raise
            # Not fsynced: should the removal be lost in a crash, the journal is replayed, which
            # rewrites the same records (idempotent); the next commit's journal write syncs it.
            journal.unlink()
        else:
            _journal_bytes({"records": list(self._pending.values())})  # what a disk book refuses
            for shard in self._shards.values():
                shard.storage.dirty = False

    def _write_out(self) -> None:
        """Replace every changed file, all or none: a disk that fails leaves the old files.

        Every new file is first written and ``fsync``ed beside its target; only then are they
        renamed over the old ones (the old ones kept as hard links until the end), and each
        folder ``fsync``ed once. A failure while writing removes the new files; a failure while
        renaming puts the old files back. Only a process killed in between leaves a mixture,
        which the journal (still in place) completes on the next open.
        """
        assert self.root is not None
        files: list[tuple[Path, bytes]] = []
        for name, table in self._tables.items():
            if table.dirty:
                data = dumps({"schema_version": SCHEMA_VERSION, "rows": table.rows})
                files.append((self._table_path(name), data))
        stamps = self._index.setdefault("shards", {})
        shards = [(k, s) for k, s in self._shards.items() if s.storage.dirty and s.path]
        for _, shard in shards:
            assert shard.path is not None
            files.append((shard.path, dumps(shard.storage.data)))
        staged: list[tuple[Path, Path]] = []
        kept: dict[Path, Path] = {}
        replaced: list[Path] = []
        try:
            for path, data in files:
                staged.append((write_temporary(path, data, self.file_mode, self.dir_mode), path))
            for key, shard in shards:  # the index records the shards as they will be
                assert shard.path is not None
                data = next(d for p, d in files if p == shard.path)
                tmp = next(t for t, p in staged if p == shard.path)
                st = tmp.stat()
                stamps[key] = [st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest()]
                part = key.rpartition("/")[0]
                self._part(part)["shards"][key] = stamps[key]
            for part in sorted(self._dirty_parts):  # only the parts this commit changed
                part_path = self._part_path(part)
                staged.append(
                    (
                        write_temporary(
                            part_path, self._seal_part(part), self.file_mode, self.dir_mode
                        ),
                        part_path,
                    )
                )
            index_path = self.root / "index.json"
            head = self._seal_index(self._index)
            staged.append(
                (write_temporary(index_path, head, self.file_mode, self.dir_mode), index_path)
            )
            for _, path in staged:
                if path.exists():
                    link = path.with_name(f".{path.name}.{os.getpid()}.old.tmp")
                    with contextlib.suppress(FileNotFoundError):
                        link.unlink()
                    os.link(path, link)
                    kept[path] = link
            for tmp, path in staged:
                os.replace(tmp, path)
                replaced.append(path)
            for folder in sorted({path.parent for _, path in staged}):
                _fsync_dir(folder)
        except Exception:
            for path in reversed(replaced):  # put the old files back
                try:
                    if path in kept:
                        os.replace(kept.pop(path), path)
                    else:
                        path.unlink()
                except OSError:
                    self._torn = True
            with contextlib.suppress(OSError):
                for folder in sorted({path.parent for path in replaced}):
                    _fsync_dir(folder)
            raise
        finally:
            for tmp, _ in staged:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            for link in kept.values():
                with contextlib.suppress(OSError):
                    link.unlink()
        for name, table in self._tables.items():
            if table.dirty:
                table.dirty = False
                table.stamp = _stamp(self._table_path(name))
        for _, shard in shards:
            assert shard.path is not None
            shard.storage.dirty = False
            shard.stamp = _stamp(shard.path)
        self._dirty_parts.clear()
        self._index_stamp = head
        for key, shard in shards:
            self._write_facts(key, shard.storage.data, stamps[key][2])

    # -- report facts: a verified copy of each shard's facts, for reports ----------------------

    def _facts_path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / "cases" / f"{key}.facts.json"

    def _write_facts(self, key: str, data: Record, source: str) -> None:
        """Write beside shard ``key`` the report facts of its cases (see :mod:`casework.facts`).

        The file is a copy the store can always make again: it names the shard's check sum it
        was made from and carries its own, and a reader that finds either wrong reads the shard
        instead. So it is written after the commit, without a journal or ``fsync``; a failure to
        write it costs the next report some speed, never a figure.
        """
        facts = {r["id"]: r.get("facts") for r in data.get("cases", {}).values()}
        body = {
            "schema_version": SCHEMA_VERSION,
            "shard": key,
            "source": source,
            "digest": _facts_digest(facts),
            "facts": facts,
        }
        path = self._facts_path(key)
        tmp = _temporary(path)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, self.file_mode)
            try:
                os.write(fd, dumps(body))
            finally:
                os.close(fd)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def _read_facts(self, key: str) -> dict[str, Any] | None:
        """The facts of shard ``key`` by case id, if its facts file is sound and current."""
        stamp = self._index.get("shards", {}).get(key)
        if not isinstance(stamp, list) or len(stamp) != 3:
            return None
        try:
            data = orjson.loads(self._facts_path(key).read_bytes())
        except (OSError, orjson.JSONDecodeError):
            return None
        if (
            not isinstance(data, dict)
            or data.get("shard") != key
            or data.get("source") != stamp[2]
            or not isinstance(data.get("facts"), dict)
            or data.get("digest") != _facts_digest(data["facts"])
        ):
            return None
        facts: dict[str, Any] = data["facts"]
        return facts

    def _shard_facts(self, key: str) -> dict[str, Any]:
        """The report facts of the cases of shard ``key`` by case id (``{}``: no shard).

        From the shard when it is cached and unchanged, else from its facts file when that is
        sound and current, else from the shard read afresh.
        """
        cached = self._shards.get(key)
        if self.root is not None and (cached is None or cached.storage.dirty is False):
            path = self._paths.get(key) or self.root / "cases" / f"{key}.json"
            if cached is None or cached.stamp != _stamp(path):
                found = self._read_facts(key)
                if found is not None:
                    return found
        shard = self._shard(key, create=False)
        if shard is None:
            return {}
        return {  # a shard may have been edited by hand: its facts are checked, not trusted
            r["id"]: None if facts_problem(r.get("facts")) else r.get("facts")
            for r in shard.storage.data.get("cases", {}).values()
        }

    # -- shards --------------------------------------------------------------------------------

    def _part(self, key: str) -> Record:
        """The in-memory index part ``kind/year``, marked as changed by this transaction."""
        self._dirty_parts.add(key)
        part = self._parts.get(key)
        if part is None:
            part = self._parts[key] = _empty_part()
        return part

    def _shard_key(self, kind: str, year: int, seq: int) -> str:
        return f"{kind}/{year}/{(seq - 1) // self.bucket:03d}"

    def _shard(self, key: str, *, create: bool) -> _Shard | None:
        shard = self._shards.get(key)
        path = self._paths.get(key)
        if path is None and self.root is not None:
            path = self._paths[key] = self.root / "cases" / f"{key}.json"
        if shard is not None and (
            path is None or shard.storage.dirty or shard.stamp == _stamp(path)
        ):
            self._shards.move_to_end(key)
            return shard
        if path is None:
            if not create:
                return None
            shard = _Shard(None, None, None)
        else:
            stamp = _stamp(path)
            if stamp is None and not create:
                return None
            data = self._read_json(path) if stamp is not None else None
            if data is not None and not isinstance(data.get("cases", {}), dict):
                raise StorageError(
                    tr(
                        f"文件 {path} 已损坏: cases 应为对象",
                        f"file {path} is damaged: bad 'cases'",
                    ),
                    hint=tr("请从备份恢复该文件", "restore it from a backup"),
                )
            if data is not None and (problem := _shard_problem(data, key, self.bucket)):
                raise _damaged(path, problem, "请从备份恢复该文件", "restore it from a backup")
            shard = _Shard(path, data, stamp)
            if data is None:
                kind, year, _ = key.split("/")
                shard.db.table("_meta").insert(
                    {"schema_version": SCHEMA_VERSION, "kind": kind, "year": int(year)}
                )
        self._evict(keep=key)
        self._shards[key] = shard
        return shard

    def _evict(self, *, keep: str) -> None:
        """Drop the least recently used clean shards until the cache has room for ``keep``.

        A dirty shard is never dropped: it holds writes of the open transaction that only the
        commit saves. So a transaction that changes more shards than the cache holds keeps them
        all until it ends, and the cache shrinks back afterwards.
        """
        if self.root is None:
            return
        excess = len(self._shards) + 1 - self.CACHE_SHARDS
        if excess <= 0:
            return
        clean = [k for k, s in self._shards.items() if k != keep and not s.storage.dirty]
        for stale in clean[:excess]:
            del self._shards[stale]

    def _stage(self, record: Record) -> None:
        parsed = parse_id(record["id"])
        if parsed is None:
            raise ValidationError(f"bad case id {record['id']!r}")
        code, year, seq = parsed
        key = self._shard_key(record["kind"], year, seq)
        shard = self._shard(key, create=True)
        assert shard is not None
        tally = self._tally()
        previous = shard.storage.data.get("cases", {}).get(str(seq))
        if isinstance(previous, dict):
            tally_add(tally, previous, -1)
        tally_add(tally, record, 1)
        # Straight into the shard's data: TinyDB's insert/update re-key the whole table (500
        # cases) on every call, which made a bulk import quadratic in the shard size.
        shard.storage.data.setdefault("cases", {})[str(seq)] = dict(record)
        shard.storage.dirty = True
        counter_key = f"{record['kind']}/{year}"
        seqs = self._index.setdefault("seq", {})
        seqs[counter_key] = max(seqs.get(counter_key, 0), seq)
        self._index.setdefault("codes", {})[code] = record["kind"]
        opened = self._index.setdefault("open", {})
        if record.get("closed_on") is None:
            opened[record["id"]] = open_row(record)
        else:
            opened.pop(record["id"], None)
        if not isinstance(self._index.get("ticking"), dict):  # written before these rows
            self._index["ticking"] = self._rebuild_index()["ticking"]
        counting = self._index["ticking"]
        if ticking(record):
            counting[record["id"]] = open_row(record)
        else:
            counting.pop(record["id"], None)
        self._note_span(record, year)
        if self.root is not None:  # the part of the index this case's rows live in
            part = self._part(f"{record['kind']}/{year}")
            for which, rows in (("open", opened), ("ticking", counting)):
                if record["id"] in rows:
                    part[which][record["id"]] = rows[record["id"]]
                else:
                    part[which].pop(record["id"], None)
            for event_year in {int(e["on"][:4]) for e in record.get("events", ())} - {year}:
                ids = part["spans"].setdefault(f"{record['kind']}/{event_year}", [])
                if record["id"] not in ids:
                    ids.append(record["id"])

    def _note_span(self, record: Record, year: int) -> None:
        spans = self._index.setdefault("spans", {})
        for event_year in {int(e["on"][:4]) for e in record.get("events", ())} - {year}:
            ids = spans.setdefault(f"{record['kind']}/{event_year}", [])
            if record["id"] not in ids:
                ids.append(record["id"])

    def _rebuild_index(self, floor: dict[str, Any] | None = None) -> Record:
        """The index as the shards say it is.

        A case-number (案号) counter never goes back: it is the largest of the count of numbers
        the shards hold, the counter in memory and ``floor`` (the stale index's counters).
        """
        numbers: dict[str, int] = {}
        for source in (self._index.get("numbers", {}), floor or {}):
            for key, value in source.items():
                if isinstance(key, str) and type(value) is int:
                    numbers[key] = max(numbers.get(key, 0), value)
        index: Record = {
            "schema_version": SCHEMA_VERSION,
            "seq": {},
            "codes": {},
            "open": {},
            "ticking": {},
            "tally": {"states": {}, "intake": {}},
            "numbers": numbers,
        }
        saved, self._index = self._index, index
        self._counted = {}
        try:
            for record in self.records():
                self._stage_index_only(record)
        finally:
            self._index = saved
        if self.root is not None:
            index["shards"] = {key: file_stamp(p) for key, p in self._shard_files().items()}
        return index

    def _stage_index_only(self, record: Record) -> None:
        parsed = parse_id(record["id"])
        if parsed is None:
            return
        code, year, seq = parsed
        key = f"{record['kind']}/{year}"
        self._index["seq"][key] = max(self._index["seq"].get(key, 0), seq)
        self._index["codes"][code] = record["kind"]
        if record.get("closed_on") is None:
            self._index["open"][record["id"]] = open_row(record)
        elif ticking(record):
            self._index["ticking"][record["id"]] = open_row(record)
        tally_add(self._index["tally"], record, 1)
        self._note_span(record, year)
        numbers = self._index["numbers"]
        for event in record.get("events", ()):
            if event.get("number"):  # a case number (案号) taken in the event's year
                counter = f"{record['kind']}/{event['on'][:4]}"
                self._counted[counter] = self._counted.get(counter, 0) + 1
                numbers[counter] = max(numbers.get(counter, 0), self._counted[counter])

    def rebuild_index(self) -> None:
        """Rebuild ``index.json`` from the shards (after a shard was restored by hand)."""
        with self.transaction():
            self._index = self._rebuild_index()
            if self.root is not None:
                self._save_index(self._index)
                _fsync_dir(self.root)

    # -- Transaction API -----------------------------------------------------------------------

    def _require_tx(self) -> None:
        if not self._depth:
            raise RuntimeError("store operations must run inside store.transaction()")

    def get(self, case_id: str) -> Record | None:
        """Return the stored record of ``case_id``, or ``None``."""
        self._require_tx()
        parsed = parse_id(case_id)
        if parsed is None:
            return None
        code, year, seq = parsed
        kind = self._index.get("codes", {}).get(code)
        if kind is None:
            return None
        shard = self._shard(self._shard_key(kind, year, seq), create=False)
        if shard is None:
            return None
        doc = shard.table.get(doc_id=seq)
        return dict(doc) if doc is not None else None

    def put(self, record: Record, *, expected_version: int | None) -> None:
        """Stage ``record``; raise ConflictError if the stored version differs from expected.

        A record over :data:`MAX_RECORD_BYTES` is refused with a ValidationError.
        """
        self._require_tx()
        size = len(_journal_bytes(record))
        if size > MAX_RECORD_BYTES:
            raise ValidationError(
                tr(
                    f"案件 {record.get('id')} 的记录将有 {size // 1024} KiB,超过上限 "
                    f"{MAX_RECORD_BYTES // 1024} KiB,未保存",
                    f"case {record.get('id')} would be {size // 1024} KiB, over the limit of "
                    f"{MAX_RECORD_BYTES // 1024} KiB: not stored",
                ),
                hint=tr(
                    "大段文字或附件请存放在案件簿之外,案件中只记其文号或存放位置",
                    "keep long texts and attachments outside the book; record their reference "
                    "or location in the case",
                ),
            )
        current = self.get(record["id"])
        if expected_version is not None:
            stored = 0 if current is None else int(current.get("version", 0))
            if stored != expected_version:
                raise ConflictError(
                    tr(
                        f"案件 {record['id']} 已被他人修改(版本 {stored},你持有 {expected_version})",
                        f"case {record['id']} was changed by someone else "
                        f"(stored version {stored}, yours {expected_version})",
                    ),
                    hint=tr("重新读取案件后再操作", "reload the case and act again"),
                )
        if record["id"] not in self._undo:
            self._undo[record["id"]] = current
        self._stage(record)
        self._pending[record["id"]] = record
        if self.root is not None and len(self._shards) > self.MAX_BATCH_SHARDS:
            dirty = sum(1 for shard in self._shards.values() if shard.storage.dirty)
            if dirty > self.MAX_BATCH_SHARDS:
                raise StorageError(
                    tr(
                        f"一次批量写入涉及的分片超过 {self.MAX_BATCH_SHARDS} 个,已全部撤销",
                        f"one batch changes more than {self.MAX_BATCH_SHARDS} shards: "
                        "nothing of it was stored",
                    ),
                    hint=tr(
                        "请分成几批写入(如将导入文件分成几个)",
                        "write it in several batches (e.g. split the import file)",
                    ),
                )

    def new_id(self, kind: str, code: str, year: int) -> str:
        """Reserve the next id of ``kind`` in ``year`` (kept when the transaction commits)."""
        self._require_tx()
        codes = self._index.setdefault("codes", {})
        owner = codes.get(code)
        if owner is not None and owner != kind:
            raise StorageError(
                tr(
                    f"案件编号代码 {code}({kind})在本案件簿中已由 {owner} 使用",
                    f"case code {code} of {kind} is already used by {owner} in this book",
                ),
                hint=tr("请给该案件类型换一个 code", "give the case type another code"),
            )
        key = f"{kind}/{year}"
        seq = max(self._index.get("seq", {}).get(key, 0), self._reserved.get(key, 0)) + 1
        self._reserved[key] = seq
        return format_id(code, year, seq)

    def _keys(self, kind: str | None, year: int | None) -> list[str]:
        keys: set[str] = set()
        for counter, top in self._index.get("seq", {}).items():
            k, y = counter.split("/")
            if (kind is None or k == kind) and (year is None or int(y) == year):
                keys.update(f"{k}/{y}/{b:03d}" for b in range((top - 1) // self.bucket + 1))
        if self.root is not None and not self._index.get("seq"):
            base = self.root / "cases"
            for path in base.glob("*/*/*.json") if base.exists() else ():
                if not SHARD_RE.match(path.name):
                    continue
                k, y = path.parent.parent.name, path.parent.name
                if (kind is None or k == kind) and (year is None or y == str(year)):
                    keys.add(f"{k}/{y}/{path.stem}")
        keys.update(
            key
            for key in self._shards
            if (kind is None or key.split("/")[0] == kind)
            and (year is None or key.split("/")[1] == str(year))
        )
        return sorted(keys)

    def records(self, *, kind: str | None = None, year: int | None = None) -> Iterator[Record]:
        """Yield stored records of ``kind`` and ``year`` of receipt (all when ``None``)."""
        self._require_tx()
        for key in self._keys(kind, year):
            shard = self._shard(key, create=False)
            if shard is None:
                continue
            yield from shard.table.all()

    def report_facts(self, kind: str, year: int) -> dict[str, Any]:
        """Return the report facts of ``kind`` a report of ``year`` may count (see the protocol).

        Read from each shard's facts file (verified, see :meth:`_write_facts`), not the shards.
        """
        self._require_tx()
        found: dict[str, Any] = {}
        ids = {i for i, r in self._index.get("open", {}).items() if r["kind"] == kind}
        for later in self.event_years(kind):
            if later >= year:
                ids.update(self.spanning(kind, later))
        wanted: dict[str, set[str] | None] = {}
        for case_id in ids:
            parsed = parse_id(case_id)
            if parsed is not None and parsed[1] < year:
                key = self._shard_key(kind, parsed[1], parsed[2])
                chosen = wanted.setdefault(key, set())
                assert chosen is not None
                chosen.add(case_id)
        for key in self._keys(kind, year):
            wanted[key] = None  # every case of the year
        for key in sorted(wanted):
            chosen = wanted[key]
            for case_id, facts in self._shard_facts(key).items():
                if chosen is None or case_id in chosen:
                    found[case_id] = facts
        return found

    def spanning(self, kind: str, year: int) -> list[str]:
        """Return ids of ``kind`` received before ``year`` with events in ``year``."""
        self._require_tx()
        return list(self._index.get("spans", {}).get(f"{kind}/{year}", ()))

    def event_years(self, kind: str) -> list[int]:
        """Return the years in which cases of ``kind`` were received or had events."""
        self._require_tx()
        years = {
            int(k.split("/")[1]) for k in self._index.get("seq", {}) if k.startswith(f"{kind}/")
        }
        years |= {
            int(k.split("/")[1]) for k in self._index.get("spans", {}) if k.startswith(f"{kind}/")
        }
        return sorted(years)

    def next_number(self, kind: str, year: int) -> int:
        """Take the next case-number (案号) sequence of ``kind`` in ``year``."""
        self._require_tx()
        numbers = self._index.setdefault("numbers", {})
        if self._numbers_undo is None:
            self._numbers_undo = dict(numbers)
        key = f"{kind}/{year}"
        numbers[key] = numbers.get(key, 0) + 1
        return int(numbers[key])

    # -- side tables: registries a plugin keeps in the book (e.g. mediation committees) ---------

    def _table_path(self, name: str) -> Path:
        assert self.root is not None
        return self.root / "tables" / f"{name}.json"

    def _table(self, name: str) -> _Table:
        if not isinstance(name, str) or not TABLE_RE.match(name):
            raise ValidationError(
                f"bad table name {name!r}", hint="use lower-case letters, digits and _"
            )
        table = self._tables.get(name)
        if self.root is None:
            if table is None:
                table = self._tables[name] = _Table({}, None)
            return table
        path = self._table_path(name)
        stamp = _stamp(path)
        if table is not None and (table.dirty or table.stamp == stamp):
            return table
        rows = self._read_json(path).get("rows", {}) if stamp is not None else {}
        if not isinstance(rows, dict):
            raise StorageError(
                tr(f"文件 {path} 已损坏: rows 应为对象", f"file {path} is damaged: bad 'rows'"),
                hint=tr("请从备份恢复该文件", "restore it from a backup"),
            )
        table = self._tables[name] = _Table(rows, stamp)
        return table

    def _table_stage(self, name: str, key: str, value: Any) -> None:
        table = self._table(name)
        if value is None:
            table.rows.pop(key, None)
        else:
            table.rows[key] = value
        table.dirty = True

    def table_get(self, name: str, key: str) -> Any:
        """Return row ``key`` of side table ``name``, or ``None``."""
        self._require_tx()
        return self._table(name).rows.get(key)

    def table_rows(self, name: str) -> dict[str, Any]:
        """Return every row of side table ``name`` by key (do not modify it)."""
        self._require_tx()
        return self._table(name).rows

    def table_put(self, name: str, key: str, value: Any) -> None:
        """Set row ``key`` of side table ``name`` (``None`` deletes it) in this transaction."""
        self._require_tx()
        table = self._table(name)
        if name not in self._tables_undo:
            self._tables_undo[name] = dict(table.rows)
        self._table_stage(name, key, value)
        self._pending_tables.setdefault(name, {})[key] = value

    def ticking_rows(self) -> dict[str, Record]:
        """Return the index rows of closed cases whose periods still count, by id.

        An index written before these rows were kept is completed from the shards once.
        """
        self._require_tx()
        if not isinstance(self._index.get("ticking"), dict):
            self._index["ticking"] = self._rebuild_index()["ticking"]
        rows: dict[str, Record] = self._index["ticking"]
        return rows

    def _tally(self) -> Record:
        """The index's tally; an index written before tallies were kept is completed once."""
        tally = self._index.get("tally")
        if not isinstance(tally, dict):
            tally = self._index["tally"] = self._rebuild_index()["tally"]
        return tally

    def tally(self) -> Record:
        """Return the stored cases counted by kind and state, and by month of receipt."""
        self._require_tx()
        return self._tally()

    def open_rows(self) -> dict[str, Record]:
        """Return the index rows of open cases by id."""
        self._require_tx()
        rows: dict[str, Record] = self._index.get("open", {})
        return rows

    def ids(self, kind: str | None = None) -> list[str]:
        """Return every case id in the book, or of ``kind`` (derived from the id counters)."""
        self._require_tx()
        code_of = {k: code for code, k in self._index.get("codes", {}).items()}
        out: list[str] = []
        for counter, top in self._index.get("seq", {}).items():
            counted, year = counter.split("/")
            if kind is not None and counted != kind:
                continue
            if counted in code_of:
                out.extend(format_id(code_of[counted], int(year), n) for n in range(1, top + 1))
        return out

    def kinds(self) -> list[str]:
        """Return the kinds that have cases in the book (from the id counters)."""
        self._require_tx()
        return sorted({counter.split("/")[0] for counter in self._index.get("seq", {})})

    def table_names(self) -> list[str]:
        """Return the names of the side tables the book holds (on disk or written in memory)."""
        self._require_tx()
        names = {n for n, t in self._tables.items() if t.rows or t.dirty}
        if self.root is not None and (self.root / "tables").is_dir():
            names.update(
                p.stem for p in (self.root / "tables").glob("*.json") if TABLE_RE.match(p.stem)
            )
        return sorted(names)

    def counters(self) -> dict[str, dict[str, int]]:
        """Return the id sequences (``seq``) and case-number counters (``numbers``) by kind/year."""
        self._require_tx()
        return {
            "seq": dict(self._index.get("seq", {})),
            "numbers": dict(self._index.get("numbers", {})),
        }

    def raise_counters(self, numbers: dict[str, int], *, seq: dict[str, int] | None = None) -> None:
        """Raise each case-number counter to at least the value given; kept on commit.

        ``seq`` is accepted and needs nothing here: each id sequence follows the highest id
        stored, which ``put`` keeps.
        """
        self._require_tx()
        current = self._index.setdefault("numbers", {})
        if self._numbers_undo is None:
            self._numbers_undo = dict(current)
        for key, value in numbers.items():
            current[key] = max(int(current.get(key, 0)), int(value))

    def close(self) -> None:
        """Drop caches; the lock is only ever held inside a transaction."""
        self._shards.clear()

    # -- check and repair ----------------------------------------------------------------------

    def check(self) -> tuple[list[Problem], list[tuple[str, Record]]]:
        """Lock the book and read all of it, repairing nothing (see :meth:`Store.check`)."""
        if self.root is None:
            with self.transaction():
                return [], [(":memory:", r) for r in self.records()]
        with self._thread_lock, self._locked():
            return self._check(self.root)

    def _check(self, root: Path) -> tuple[list[Problem], list[tuple[str, Record]]]:
        problems: list[Problem] = []
        restore = tr("从备份恢复该文件", "restore the file from a backup")

        def rel(path: Path) -> str:
            return str(path.relative_to(root))

        if (root / "journal.json").exists():
            problems.append(
                Problem(
                    "journal.json",
                    tr("有一次未完成的提交", "a commit was interrupted"),
                    tr(
                        "运行 casework check --repair(或任一命令)即补完或搁置它",
                        "run 'casework check --repair' (or any command): it is completed or set "
                        "aside",
                    ),
                    derived=True,
                )
            )
        for refused in sorted(root.glob("journal.refused-*.json")):
            problems.append(
                Problem(
                    rel(refused),
                    tr(
                        "一份不属于本案件簿的日志,未应用",
                        "a journal of no commit of this book, not applied",
                    ),
                    tr("查看后删除它", "look at it, then delete it"),
                )
            )
        for stale in sorted(root.rglob(".*.tmp")):
            problems.append(
                Problem(
                    rel(stale),
                    tr("中断的写入留下的临时文件", "a temporary file an interrupted write left"),
                    tr("运行 casework check --repair 删除", "run 'casework check --repair'"),
                    derived=True,
                )
            )
        records: list[tuple[str, Record]] = []
        for key, path in sorted(self._shard_files().items()):
            try:
                data = self._read_json(path)
                problem = (
                    "'cases' must be an object"
                    if not isinstance(data.get("cases", {}), dict)
                    else _shard_problem(data, key, self.bucket)
                )
            except StorageError as exc:
                problem = exc.message
            if problem:
                problems.append(Problem(rel(path), problem, restore))
                continue
            records.extend((rel(path), r) for r in data.get("cases", {}).values())
        tables = root / "tables"
        for path in sorted(tables.glob("*.json")) if tables.is_dir() else ():
            try:
                rows = self._read_json(path).get("rows", {})
                if not isinstance(rows, dict):
                    problems.append(Problem(rel(path), "'rows' must be an object", restore))
            except StorageError as exc:
                problems.append(Problem(rel(path), exc.message, restore))
        problems.extend(self._check_index(root, [r for _, r in records]))
        return problems, records

    def _check_index(self, root: Path, records: list[Record]) -> list[Problem]:
        rebuild = tr("运行 casework check --repair 由分片重建", "run 'casework check --repair'")
        path = root / "index.json"
        try:
            index = self._read_json(path)
        except StorageError as exc:
            return [Problem("index.json", exc.message, rebuild, derived=True)]
        if not index:
            return [Problem("index.json", tr("缺失", "missing"), rebuild, derived=True)]
        try:
            whole, why, _, _ = self._read_disk_index()
        except StorageError as exc:
            return [Problem("book.json", exc.message, exc.hint or "")]
        out = []
        if why is not None:
            out.append(Problem("index.json", why[0], rebuild, derived=True))
        listed = index.get("parts")
        named: dict[str, Any] = listed if isinstance(listed, dict) else {}
        for part_path in sorted(root.glob("cases/*/*/index.json")):
            if f"{part_path.parent.parent.name}/{part_path.parent.name}" not in named:
                out.append(
                    Problem(
                        str(part_path.relative_to(root)),
                        tr("index.json 未列出的索引分部", "an index part index.json does not name"),
                        rebuild,
                        derived=True,
                    )
                )
        if whole is not None:
            index = whole
        elif isinstance(head_parts := index.get("parts"), dict):  # compare what can be read
            parts = []
            for key in head_parts:
                with contextlib.suppress(StorageError):
                    part = self._read_json(self._part_path(str(key)))
                    if part_problem(part, str(key)) is None:
                        parts.append(part)
            index = merge_index(index, parts)
        fresh: Record = {
            "seq": {},
            "codes": {},
            "open": {},
            "ticking": {},
            "tally": {"states": {}, "intake": {}},
            "numbers": {},
        }
        saved, self._index = self._index, fresh
        self._counted = {}
        try:
            for record in records:
                self._stage_index_only(record)
        finally:
            self._index = saved
        for key in ("seq", "codes", "open", "ticking", "tally"):
            stored = index.get(key, {})
            if key in ("open", "ticking"):
                same = isinstance(stored, dict) and stored.keys() == fresh[key].keys()
                same = same and all(row_matches(stored[i], r) for i, r in fresh[key].items())
            else:
                same = stored == fresh[key] or (key == "tally" and key not in index)
            if not same:
                out.append(
                    Problem(
                        "index.json",
                        tr(f"{key} 与分片不符", f"'{key}' does not match the shards"),
                        rebuild,
                        derived=True,
                    )
                )
        out.extend(
            counter_problems(
                records,
                {
                    key: dict(value) if isinstance(value := index.get(key), dict) else {}
                    for key in ("seq", "numbers")
                },
                "index.json",
            )
        )
        return out

    def repair(self) -> list[str]:
        """Rebuild what is derived (see :meth:`Store.repair`): the index, counters, temporaries."""
        if self.root is None:
            return []
        done: list[str] = []
        with self.transaction():  # an interrupted commit is completed or set aside first
            stale = list(self.root.rglob(".*.tmp"))
            _sweep_temporaries(self.root)
            for path in stale:
                if not path.exists():
                    done.append(tr(f"删除了 {path.name}", f"removed {path.name}"))
            self._index = self._rebuild_index(self._index.get("numbers"))
            self._save_index(self._index)
            _fsync_dir(self.root)
            done.append(tr("由分片重建了 index.json", "rebuilt index.json from the shards"))
        return done


def not_found(case_id: str, known: list[str]) -> NotFound:
    """Build the NotFound error for ``case_id`` with the closest known ids."""
    import difflib

    wanted = case_id.strip().upper() if isinstance(case_id, str) else str(case_id)
    suggestions = difflib.get_close_matches(wanted, known, n=3, cutoff=0.5)
    from casework.text import scrub

    shown = scrub(str(case_id))[:60]
    return NotFound(
        tr(f"没有案件 {shown}", f"no case {shown}"),
        suggestions=suggestions,
        hint=tr(
            f"是否应为 {'、'.join(suggestions)}?" if suggestions else "用 list 查看案件编号",
            f"did you mean {', '.join(suggestions)}?" if suggestions else "see the ids with 'list'",
        ),
    )
