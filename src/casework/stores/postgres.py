"""The PostgreSQL store: one book in one schema of a server database, many writers at once.

Open it with ``casework.open_book("postgresql://user@host/db?schema=casework")`` (or
``--book postgresql://…`` / ``CASEWORK_BOOK``). The password comes from the URL, ``PGPASSWORD``
or ``~/.pgpass`` (libpq's own rules) and never appears in an error, a log line or output.

The tables (``casework init`` creates them; :data:`SCHEMA_VERSION` is recorded in ``meta``):

- ``cases``: one row per case, the whole record as JSONB, with columns for what queries filter on
  (kind, year of receipt, state, open or closed, the next due date) and ``open_row``, the same
  summary the embedded store keeps in ``index.json``.
- ``events``: every recorded event, append-only (an ``act`` inserts its new events only).
- ``counters``: case-id sequences (``seq:<kind>/<year>``) and case-number (案号) sequences
  (``num:<kind>/<year>``); an ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` locks the row until
  the commit, so two writers never take the same number and a committed number is never reused.
- ``codes``: which kind owns each case-id code in this book.
- ``spans``: cases received in one year with events in a later one (for the year's report).
- ``side_tables``: the registries plugins keep (committees, rosters), row by row.

Concurrency is the database's: every write of a case is ``UPDATE … WHERE version = n`` (or an
``INSERT`` that fails on an existing id) and a writer that finds no row to change raises
:class:`~casework.errors.ConflictError`. There is no file lock; a transaction is one database
transaction at READ COMMITTED.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import orjson

from casework.errors import ConflictError, StorageError, ValidationError
from casework.facts import facts_problem
from casework.i18n import tr
from casework.store import (
    TABLE_RE,
    Problem,
    Record,
    counter_problems,
    expected_counters,
    format_id,
    open_row,
    parse_id,
    row_matches,
    ticking,
)

SCHEMA_VERSION = 2
"""The layout version of the tables; a newer casework migrates older schemas on ``init --upgrade``."""

SCHEMA_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

_DDL = """
CREATE TABLE IF NOT EXISTS meta (
    key text PRIMARY KEY,
    value jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS cases (
    id text PRIMARY KEY,
    kind text NOT NULL,
    year integer NOT NULL,
    seq integer NOT NULL,
    state text NOT NULL,
    received_on date NOT NULL,
    closed_on date,
    version integer NOT NULL,
    next_due date,
    open_row jsonb,
    record jsonb NOT NULL,
    facts jsonb GENERATED ALWAYS AS (record->'facts') STORED
);
CREATE INDEX IF NOT EXISTS cases_kind_year ON cases (kind, year, seq);
CREATE INDEX IF NOT EXISTS cases_kind_state ON cases (kind, state);
CREATE INDEX IF NOT EXISTS cases_open ON cases (id) WHERE closed_on IS NULL;
CREATE INDEX IF NOT EXISTS cases_next_due ON cases (next_due) WHERE next_due IS NOT NULL;
CREATE INDEX IF NOT EXISTS cases_kind_open ON cases (kind, year) WHERE closed_on IS NULL;
CREATE TABLE IF NOT EXISTS events (
    case_id text NOT NULL,
    n integer NOT NULL,
    on_date date NOT NULL,
    action text NOT NULL,
    event jsonb NOT NULL,
    PRIMARY KEY (case_id, n)
);
CREATE TABLE IF NOT EXISTS counters (
    name text PRIMARY KEY,
    value integer NOT NULL
);
CREATE TABLE IF NOT EXISTS codes (
    code text PRIMARY KEY,
    kind text NOT NULL
);
CREATE TABLE IF NOT EXISTS spans (
    kind text NOT NULL,
    year integer NOT NULL,
    case_id text NOT NULL,
    PRIMARY KEY (kind, year, case_id)
);
CREATE TABLE IF NOT EXISTS side_tables (
    name text NOT NULL,
    key text NOT NULL,
    value jsonb NOT NULL,
    PRIMARY KEY (name, key)
);
"""

MIGRATIONS: dict[int, str] = {
    1: "ALTER TABLE cases ADD COLUMN IF NOT EXISTS facts jsonb"
    " GENERATED ALWAYS AS (record->'facts') STORED;"
    " CREATE INDEX IF NOT EXISTS cases_kind_open ON cases (kind, year) WHERE closed_on IS NULL;",
}
"""SQL that turns schema version ``n`` into ``n + 1`` (run by ``casework init --upgrade``).

2 keeps each case's report facts in a column of their own (:mod:`casework.facts`), so a report
reads them without the records.
"""


def is_url(path: object) -> bool:
    """Whether ``path`` names a PostgreSQL book (``postgresql://…`` or ``postgres://…``)."""
    return isinstance(path, str) and path.startswith(("postgresql://", "postgres://"))


def redact(url: str) -> str:
    """Return ``url`` with any password replaced by ``***`` (for messages and logs)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, _, host = netloc.rpartition("@")
        if ":" in userinfo:
            userinfo = userinfo.split(":", 1)[0] + ":***"
        netloc = f"{userinfo}@{host}"
    query = urlencode(
        [(k, "***" if k == "password" else v) for k, v in parse_qsl(parts.query)], safe="/"
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def split_url(url: str) -> tuple[str, str]:
    """Split a book URL into the libpq connection string and the schema (default ``casework``)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = "casework"
    rest = []
    for key, value in query:
        if key == "schema":
            schema = value
        else:
            rest.append((key, value))
    if not SCHEMA_RE.match(schema):
        raise StorageError(
            tr(f"模式名 {schema!r:.40} 无效", f"schema name {schema!r:.40} is not valid"),
            hint=tr(
                "模式名只能含小写字母、数字和下划线,如 ?schema=casework",
                "use lower-case letters, digits and _, e.g. ?schema=casework",
            ),
        )
    conninfo = urlunsplit(("postgresql", parts.netloc, parts.path, urlencode(rest), parts.fragment))
    return conninfo, schema


def _dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _next_due(record: Record) -> str | None:
    dues = [
        c["due_on"]
        for c in record.get("clocks", ())
        if c.get("status") == "running" and c.get("due_on") and not c.get("planning")
    ]
    return min(dues) if dues else None


class PostgresStore:
    """A book in one schema of a PostgreSQL database (see the module's text)."""

    def __init__(self, url: str, *, create: bool = True, upgrade: bool = False) -> None:
        try:
            import psycopg
            from psycopg_pool import ConnectionPool
        except ImportError:  # pragma: no cover - depends on the installed extras
            raise StorageError(
                tr("未安装 PostgreSQL 支持", "PostgreSQL support is not installed"),
                hint=tr("pip install 'casework[postgres]'", "pip install 'casework[postgres]'"),
            ) from None
        self.url = redact(url)
        conninfo, self.schema = split_url(url)
        self._psycopg = psycopg
        self._local = threading.local()
        options = f"-c search_path={self.schema}"
        kwargs: dict[str, Any] = {"options": options, "autocommit": False}
        self._pool = ConnectionPool(
            conninfo, min_size=1, max_size=4, open=False, kwargs=kwargs, configure=self._configure
        )
        try:
            # One direct connection first: a wrong host or password fails at once with the
            # server's reason, where the pool would retry until its timeout.
            psycopg.connect(conninfo, connect_timeout=10, options=options).close()
            self._pool.open(wait=True, timeout=10)
        except Exception as exc:
            self._pool.close()
            raise StorageError(
                tr(
                    f"无法连接数据库 {self.url}: {self._reason(exc)}",
                    f"cannot connect to {self.url}: {self._reason(exc)}",
                ),
                hint=tr(
                    "检查服务器地址、用户名和密码(PGPASSWORD 或 ~/.pgpass)",
                    "check the host, user and password (PGPASSWORD or ~/.pgpass)",
                ),
            ) from None
        self._prepare(create=create, upgrade=upgrade)

    # -- connections -----------------------------------------------------------------------------

    def _configure(self, conn: Any) -> None:
        from psycopg.types.json import set_json_loads

        set_json_loads(orjson.loads, conn)

    def _reason(self, exc: BaseException) -> str:
        """The first line of a database error, without the connection string."""
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return redact(text) if "://" in text else text

    def _prepare(self, *, create: bool, upgrade: bool) -> None:
        from psycopg import sql

        with self._pool.connection() as conn:
            exists = conn.execute(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = %s "
                "AND table_name = 'meta'",
                (self.schema,),
            ).fetchone()
            if not exists:
                if not create:
                    raise StorageError(
                        tr(
                            f"{self.url} 的模式 {self.schema} 中没有案件簿",
                            f"schema {self.schema} of {self.url} holds no casework book",
                        ),
                        hint=tr("先运行 init 创建案件簿", "create one with 'init'"),
                    )
                conn.execute(
                    sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema))
                )
                conn.execute(_DDL)
                conn.execute(
                    "INSERT INTO meta (key, value) VALUES ('schema_version', %s), "
                    "('format', '\"casework-book\"') ON CONFLICT DO NOTHING",
                    (str(SCHEMA_VERSION),),
                )
                conn.commit()
                return
            row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = row[0] if row else None
            if type(version) is not int:
                raise StorageError(
                    tr(
                        f"模式 {self.schema} 不是本程序的案件簿",
                        f"schema {self.schema} is not a casework book",
                    ),
                    hint=tr("请换一个模式名", "choose another schema"),
                )
            if version > SCHEMA_VERSION:
                raise StorageError(
                    tr(
                        f"案件簿格式版本 {version} 比本程序新",
                        f"book schema version {version} is newer than this casework",
                    ),
                    hint=tr("请升级 casework", "upgrade casework"),
                )
            if version < SCHEMA_VERSION:
                if not upgrade:
                    raise StorageError(
                        tr(
                            f"案件簿格式版本 {version} 需要升级到 {SCHEMA_VERSION}",
                            f"book schema version {version} needs upgrading to {SCHEMA_VERSION}",
                        ),
                        hint=tr("运行 casework init --upgrade", "run 'casework init --upgrade'"),
                    )
                while version < SCHEMA_VERSION:
                    conn.execute(MIGRATIONS[version])
                    version += 1
                conn.execute(
                    "UPDATE meta SET value = %s WHERE key = 'schema_version'", (str(version),)
                )
                conn.commit()
            conn.rollback()

    # -- transactions --------------------------------------------------------------------------

    @property
    def in_transaction(self) -> bool:
        """Whether this thread is inside :meth:`transaction`."""
        return getattr(self._local, "conn", None) is not None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[PostgresStore]:
        """One database transaction; commit on a clean exit of the outermost, else roll back."""
        if self.in_transaction:
            yield self
            return
        try:
            with self._pool.connection() as conn:
                self._local.conn = conn
                try:
                    yield self
                    conn.commit()
                except BaseException:
                    conn.rollback()
                    raise
                finally:
                    self._local.conn = None
        except self._psycopg.OperationalError as exc:
            raise StorageError(
                tr(
                    f"数据库 {self.url} 出错: {self._reason(exc)}(本次操作未保存)",
                    f"database {self.url} failed: {self._reason(exc)} (nothing was saved)",
                ),
                hint=tr("检查数据库服务器后重试", "check the database server and try again"),
            ) from None

    def _conn(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            raise RuntimeError("store operations must run inside store.transaction()")
        return conn

    def close(self) -> None:
        """Close the connection pool."""
        self._pool.close()

    # -- check and repair ----------------------------------------------------------------------

    def check(self) -> tuple[list[Problem], list[tuple[str, Record]]]:
        """Read every case and compare what is derived from them (see ``Store.check``).

        The rows are whole by the database's own guarantees; what is compared is the counters
        (no id or 案号 issued twice) and each case's ``open_row`` summary.
        """
        with self.transaction():
            records = list(self.records())
            counters = self.counters()
            rows = dict(self._conn().execute("SELECT id, open_row FROM cases").fetchall())
        problems = counter_problems(records, counters, "counters")
        for record in records:
            want = open_row(record) if record.get("closed_on") is None else None
            stored = rows.get(record["id"])
            if not (stored == want or (want is not None and row_matches(stored, want))):
                problems.append(
                    Problem(
                        "cases",
                        tr("open_row 与案件记录不符", "open_row does not match the record"),
                        tr("运行 casework check --repair", "run 'casework check --repair'"),
                        case=str(record["id"]),
                        derived=True,
                    )
                )
        return problems, [("cases", r) for r in records]

    def repair(self) -> list[str]:
        """Raise the counters to what the cases need and rewrite stale ``open_row`` columns."""
        done = []
        with self.transaction():
            records = list(self.records())
            need = expected_counters(records)
            self.raise_counters(need["numbers"], seq=need["seq"])
            done.append(tr("核对并提高了计数", "raised the counters to what the cases need"))
            conn = self._conn()
            for record in records:
                want = open_row(record) if record.get("closed_on") is None else None
                text = _dumps(want) if want is not None else None
                conn.execute(
                    "UPDATE cases SET open_row = %s::jsonb WHERE id = %s"
                    " AND open_row IS DISTINCT FROM %s::jsonb",
                    (text, record["id"], text),
                )
            done.append(tr("重写了 open_row 列", "rewrote the open_row columns"))
        return done

    # -- cases ---------------------------------------------------------------------------------

    def get(self, case_id: str) -> Record | None:
        """Return the stored record of ``case_id``, or ``None``."""
        parsed = parse_id(case_id) if isinstance(case_id, str) else None
        if parsed is None:
            return None
        row = (
            self._conn()
            .execute("SELECT record FROM cases WHERE id = %s", (format_id(*parsed),))
            .fetchone()
        )
        return dict(row[0]) if row else None

    def put(self, record: Record, *, expected_version: int | None) -> None:
        """Write ``record``; raise ConflictError if the stored version is not ``expected``."""
        conn = self._conn()
        parsed = parse_id(record["id"])
        if parsed is None:
            raise ValidationError(f"bad case id {record['id']!r:.40}")
        code, year, seq = parsed
        version = int(record.get("version", 0))
        row = open_row(record) if record.get("closed_on") is None else None
        params = {
            "id": record["id"],
            "kind": record["kind"],
            "year": year,
            "seq": seq,
            "state": record["state"],
            "received_on": record["received_on"],
            "closed_on": record.get("closed_on"),
            "version": version,
            "next_due": _next_due(record),
            "open_row": _dumps(row) if row is not None else None,
            "record": _dumps(record),
            "expected": expected_version,
        }
        previous = 0
        if expected_version == 0:
            cur = conn.execute(
                "INSERT INTO cases (id, kind, year, seq, state, received_on, closed_on, version,"
                " next_due, open_row, record) VALUES (%(id)s, %(kind)s, %(year)s, %(seq)s,"
                " %(state)s, %(received_on)s, %(closed_on)s, %(version)s, %(next_due)s,"
                " %(open_row)s::jsonb, %(record)s::jsonb) ON CONFLICT (id) DO NOTHING",
                params,
            )
            changed = cur.rowcount == 1
        else:
            where = "" if expected_version is None else " AND version = %(expected)s"
            cur = conn.execute(
                "UPDATE cases SET state = %(state)s, closed_on = %(closed_on)s,"
                " version = %(version)s, next_due = %(next_due)s,"
                " open_row = %(open_row)s::jsonb, record = %(record)s::jsonb"
                " WHERE id = %(id)s"
                + where
                + (
                    # a case's version counts its events: the stored ones need no query
                    " RETURNING %(expected)s"
                    if expected_version is not None
                    else " RETURNING (SELECT count(*) FROM events e WHERE e.case_id = %(id)s)"
                ),
                params,
            )
            got = cur.fetchone()
            changed = got is not None
            if got is not None:
                previous = int(got[0])
            elif expected_version is None:
                cur = conn.execute(
                    "INSERT INTO cases (id, kind, year, seq, state, received_on, closed_on,"
                    " version, next_due, open_row, record) VALUES (%(id)s, %(kind)s, %(year)s,"
                    " %(seq)s, %(state)s, %(received_on)s, %(closed_on)s, %(version)s,"
                    " %(next_due)s, %(open_row)s::jsonb, %(record)s::jsonb)",
                    params,
                )
                changed = True
        if not changed:
            stored = conn.execute(
                "SELECT version FROM cases WHERE id = %s", (record["id"],)
            ).fetchone()
            raise ConflictError(
                tr(
                    f"案件 {record['id']} 已被他人修改(版本 {stored[0] if stored else 0},"
                    f"你持有 {expected_version})",
                    f"case {record['id']} was changed by someone else "
                    f"(stored version {stored[0] if stored else 0}, yours {expected_version})",
                ),
                hint=tr("重新读取案件后再操作", "reload the case and act again"),
            )
        events = record.get("events", [])
        if len(events) > previous:
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO events (case_id, n, on_date, action, event) VALUES"
                    " (%s, %s, %s, %s, %s::jsonb) ON CONFLICT DO NOTHING",
                    [
                        (record["id"], n, e["on"], str(e.get("action", "")), _dumps(e))
                        for n, e in enumerate(events[previous:], start=previous + 1)
                    ],
                )
        span_years = {int(e["on"][:4]) for e in events} - {year}
        for event_year in sorted(span_years):
            conn.execute(
                "INSERT INTO spans (kind, year, case_id) VALUES (%s, %s, %s)"
                " ON CONFLICT DO NOTHING",
                (record["kind"], event_year, record["id"]),
            )
        if previous == 0:  # a case new to this book: its code is now taken
            conn.execute(
                "INSERT INTO codes (code, kind) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                (code, record["kind"]),
            )

    def _bump(self, name: str) -> int:
        row = (
            self._conn()
            .execute(
                "INSERT INTO counters (name, value) VALUES (%s, 1) ON CONFLICT (name)"
                " DO UPDATE SET value = counters.value + 1 RETURNING value",
                (name,),
            )
            .fetchone()
        )
        return int(row[0])

    def new_id(self, kind: str, code: str, year: int) -> str:
        """Reserve the next id of ``kind`` in ``year`` (the counter row stays locked until commit)."""
        conn = self._conn()
        conn.execute(
            "INSERT INTO codes (code, kind) VALUES (%s, %s) ON CONFLICT DO NOTHING", (code, kind)
        )
        owner = conn.execute("SELECT kind FROM codes WHERE code = %s", (code,)).fetchone()
        if owner is not None and owner[0] != kind:
            raise StorageError(
                tr(
                    f"案件代码 {code} 已由 {owner[0]} 在本案件簿中使用",
                    f"case code {code} of {kind} is already used by {owner[0]} in this book",
                ),
                hint=tr("请为该案件类型换一个代码", "give the case type another code"),
            )
        return format_id(code, year, self._bump(f"seq:{kind}/{year}"))

    def next_number(self, kind: str, year: int) -> int:
        """Take the next case-number (案号) sequence of ``kind`` in ``year``."""
        return self._bump(f"num:{kind}/{year}")

    def records(self, *, kind: str | None = None, year: int | None = None) -> Iterator[Record]:
        """Yield stored records of ``kind`` and ``year`` of receipt (all when ``None``), by id."""
        conn = self._conn()
        where, params = self._filter(kind, year)
        with conn.cursor(name="casework_records") as cur:
            cur.itersize = 2000
            cur.execute(f"SELECT record FROM cases{where} ORDER BY kind, year, seq", params)
            for (record,) in cur:
                yield dict(record)

    @staticmethod
    def _filter(kind: str | None, year: int | None) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if kind is not None:
            clauses.append("kind = %s")
            params.append(kind)
        if year is not None:
            clauses.append("year = %s")
            params.append(year)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params

    def report_facts(self, kind: str, year: int) -> dict[str, Any]:
        """Return the report facts of ``kind`` a report of ``year`` may count (see the protocol).

        One query: the cases received in ``year``, and the earlier ones still open or with
        events in ``year`` or later.
        """
        rows = (
            self._conn()
            .execute(
                "SELECT id, facts FROM cases WHERE kind = %(kind)s AND (year = %(year)s"
                " OR (year < %(year)s AND (closed_on IS NULL OR id IN (SELECT case_id FROM spans"
                " WHERE kind = %(kind)s AND year >= %(year)s))))",
                {"kind": kind, "year": year},
            )
            .fetchall()
        )
        return {case_id: None if facts_problem(facts) else facts for case_id, facts in rows}

    def spanning(self, kind: str, year: int) -> list[str]:
        """Return ids of ``kind`` received before ``year`` with events in ``year``."""
        rows = (
            self._conn()
            .execute(
                "SELECT case_id FROM spans WHERE kind = %s AND year = %s ORDER BY case_id",
                (kind, year),
            )
            .fetchall()
        )
        return [r[0] for r in rows]

    def event_years(self, kind: str) -> list[int]:
        """Return the years in which cases of ``kind`` were received or had events."""
        rows = (
            self._conn()
            .execute(
                "SELECT DISTINCT year FROM cases WHERE kind = %s UNION "
                "SELECT DISTINCT year FROM spans WHERE kind = %s ORDER BY 1",
                (kind, kind),
            )
            .fetchall()
        )
        return [int(r[0]) for r in rows]

    def open_rows(self) -> dict[str, Record]:
        """Return the summary rows of open cases by id."""
        rows = (
            self._conn()
            .execute("SELECT id, open_row FROM cases WHERE closed_on IS NULL ORDER BY id")
            .fetchall()
        )
        return {r[0]: r[1] for r in rows if r[1] is not None}

    def ticking_rows(self) -> dict[str, Record]:
        """Return the summary rows of closed cases whose periods still count, by id.

        Found by their next due date (kept for every case, closed ones included).
        """
        rows = (
            self._conn()
            .execute(
                "SELECT id, record FROM cases WHERE closed_on IS NOT NULL"
                " AND next_due IS NOT NULL ORDER BY id"
            )
            .fetchall()
        )
        return {r[0]: open_row(dict(r[1])) for r in rows if ticking(dict(r[1]))}

    def tally(self) -> Record:
        """Return the stored cases counted by kind and state, and by month of receipt.

        Counted by the server from the indexed columns; no record is read.
        """
        conn = self._conn()
        tally: Record = {"states": {}, "intake": {}}
        for kind, state, count in conn.execute(
            "SELECT kind, state, count(*) FROM cases GROUP BY kind, state"
        ).fetchall():
            tally["states"].setdefault(kind, {})[state] = int(count)
        for kind, year, month, count in conn.execute(
            "SELECT kind, extract(year FROM received_on)::int, extract(month FROM received_on)::int,"
            " count(*) FROM cases GROUP BY 1, 2, 3"
        ).fetchall():
            months = tally["intake"].setdefault(f"{kind}/{year:04d}", [0] * 12)
            months[month - 1] = int(count)
        return tally

    def ids(self, kind: str | None = None) -> list[str]:
        """Return every case id in the book, or of ``kind``."""
        where, params = self._filter(kind, None)
        rows = (
            self._conn()
            .execute(f"SELECT id FROM cases{where} ORDER BY kind, year, seq", params)
            .fetchall()
        )
        return [r[0] for r in rows]

    def kinds(self) -> list[str]:
        """Return the kinds that have cases in the book."""
        rows = self._conn().execute("SELECT DISTINCT kind FROM cases ORDER BY 1").fetchall()
        return [r[0] for r in rows]

    def counters(self) -> dict[str, dict[str, int]]:
        """Return the id sequences (``seq``) and case-number counters (``numbers``) by kind/year."""
        out: dict[str, dict[str, int]] = {"seq": {}, "numbers": {}}
        for name, value in self._conn().execute("SELECT name, value FROM counters").fetchall():
            prefix, _, key = str(name).partition(":")
            if prefix in ("seq", "num") and key:
                out["seq" if prefix == "seq" else "numbers"][key] = int(value)
        return out

    def raise_counters(self, numbers: dict[str, int], *, seq: dict[str, int] | None = None) -> None:
        """Raise each case-number counter (and id sequence, ``seq``) to at least the value given.

        A restore writes cases under their own ids, which moves no sequence here: it raises them
        to the highest id restored, so that the next ``new_id`` follows it.
        """
        rows = [(f"num:{k}", int(v)) for k, v in numbers.items()]
        rows += [(f"seq:{k}", int(v)) for k, v in (seq or {}).items()]
        with self._conn().cursor() as cur:
            cur.executemany(
                "INSERT INTO counters (name, value) VALUES (%s, %s) ON CONFLICT (name)"
                " DO UPDATE SET value = GREATEST(counters.value, EXCLUDED.value)",
                sorted(rows),
            )

    def bulk_put(self, records: Iterable[Record], *, chunk: int = 5000) -> int:
        """Add cases not yet in the book with ``COPY`` (restore and benchmarks); return the count.

        The fast path for a restore into an empty book: rows, events, spans, codes and counters
        are written in this transaction, ``chunk`` records at a time (memory is bounded by the
        chunk, not the input). Ids must be new to the book (a duplicate fails the whole
        transaction); counters only move forward.
        """
        conn = self._conn()
        counters: dict[str, int] = {}
        codes: dict[str, str] = {}
        spans: set[tuple[str, int, str]] = set()
        count = 0
        batch: list[Record] = []
        for record in records:
            batch.append(record)
            if len(batch) >= chunk:
                count += self._copy(conn, batch, counters, codes, spans)
                batch = []
        count += self._copy(conn, batch, counters, codes, spans)
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO counters (name, value) VALUES (%s, %s) ON CONFLICT (name)"
                " DO UPDATE SET value = GREATEST(counters.value, EXCLUDED.value)",
                sorted(counters.items()),
            )
            cur.executemany(
                "INSERT INTO codes (code, kind) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                sorted(codes.items()),
            )
            cur.executemany(
                "INSERT INTO spans (kind, year, case_id) VALUES (%s, %s, %s)"
                " ON CONFLICT DO NOTHING",
                sorted(spans),
            )
        return count

    @staticmethod
    def _copy(
        conn: Any,
        batch: list[Record],
        counters: dict[str, int],
        codes: dict[str, str],
        spans: set[tuple[str, int, str]],
    ) -> int:
        if not batch:
            return 0
        with conn.cursor() as cur:
            with cur.copy(
                "COPY cases (id, kind, year, seq, state, received_on, closed_on, version,"
                " next_due, open_row, record) FROM STDIN"
            ) as copy:
                for record in batch:
                    parsed = parse_id(record["id"])
                    if parsed is None:
                        raise ValidationError(f"bad case id {record['id']!r:.40}")
                    code, year, seq = parsed
                    kind = record["kind"]
                    row = open_row(record) if record.get("closed_on") is None else None
                    copy.write_row(
                        (
                            record["id"],
                            kind,
                            year,
                            seq,
                            record["state"],
                            record["received_on"],
                            record.get("closed_on"),
                            int(record.get("version", 0)),
                            _next_due(record),
                            _dumps(row) if row is not None else None,
                            _dumps(record),
                        )
                    )
                    key = f"seq:{kind}/{year}"
                    counters[key] = max(counters.get(key, 0), seq)
                    codes[code] = kind
            with cur.copy("COPY events (case_id, n, on_date, action, event) FROM STDIN") as copy:
                for record in batch:
                    kind, year = record["kind"], int(record["received_on"][:4])
                    for n, event in enumerate(record.get("events", ()), start=1):
                        copy.write_row(
                            (
                                record["id"],
                                n,
                                event["on"],
                                str(event.get("action", "")),
                                _dumps(event),
                            )
                        )
                        event_year = int(event["on"][:4])
                        if event_year != year:
                            spans.add((kind, event_year, record["id"]))
                        if event.get("number"):
                            key = f"num:{kind}/{event_year}"
                            counters[key] = counters.get(key, 0) + 1
        return len(batch)

    # -- side tables -----------------------------------------------------------------------------

    def table_names(self) -> list[str]:
        """Return the names of the side tables the book holds."""
        rows = self._conn().execute("SELECT DISTINCT name FROM side_tables ORDER BY 1").fetchall()
        return [r[0] for r in rows]

    @staticmethod
    def _check_table(name: str) -> None:
        if not isinstance(name, str) or not TABLE_RE.match(name):
            raise ValidationError(
                f"bad table name {name!r:.40}", hint="use lower-case letters, digits and _"
            )

    def table_get(self, name: str, key: str) -> Any:
        """Return row ``key`` of side table ``name``, or ``None``."""
        self._check_table(name)
        row = (
            self._conn()
            .execute("SELECT value FROM side_tables WHERE name = %s AND key = %s", (name, key))
            .fetchone()
        )
        return row[0] if row else None

    def table_rows(self, name: str) -> dict[str, Any]:
        """Return every row of side table ``name`` by key."""
        self._check_table(name)
        rows = (
            self._conn()
            .execute("SELECT key, value FROM side_tables WHERE name = %s ORDER BY key", (name,))
            .fetchall()
        )
        return {r[0]: r[1] for r in rows}

    def table_put(self, name: str, key: str, value: Any) -> None:
        """Set row ``key`` of side table ``name`` (``None`` deletes it) in this transaction."""
        self._check_table(name)
        conn = self._conn()
        if value is None:
            conn.execute("DELETE FROM side_tables WHERE name = %s AND key = %s", (name, key))
        else:
            conn.execute(
                "INSERT INTO side_tables (name, key, value) VALUES (%s, %s, %s::jsonb)"
                " ON CONFLICT (name, key) DO UPDATE SET value = EXCLUDED.value",
                (name, key, _dumps(value)),
            )
