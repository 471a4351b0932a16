"""The book: the facade an embedding developer holds.

>>> import casework, datetime as dt
>>> book = casework.open_book(":memory:")

A book is a folder (or ``":memory:"``) of cases of every installed kind. Every method that writes
runs as one transaction under the book's lock; ``with book.batch():`` makes many writes one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import warnings
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import orjson

from casework import plugins, workflow
from casework.deadlines import Calendar
from casework.errors import (
    CaseworkWarning,
    ConflictError,
    InvalidAction,
    PluginError,
    StorageError,
    UnknownKind,
    ValidationError,
)
from casework.i18n import tr
from casework.model import Case, Clock, Event, Party
from casework.report import Report, ReportContext, ReportSection
from casework.serialize import case_from_record, case_to_record
from casework.store import Store, TinyDBStore, Transaction, not_found
from casework.workflow import Action, CaseType


def open_book(path: str | Path, *, create: bool = True) -> Book:
    """Open the book in folder ``path`` (created if missing), or ``":memory:"`` for tests.

    Holiday files in ``<path>/calendar/*.json`` extend the calendar for years the installed
    ``chinese_calendar`` does not know; ``<path>/config.json`` may set ``numbering`` formats per
    kind. Raises :class:`~casework.errors.StorageError` for a folder that is not a book.
    """
    if str(path) == ":memory:":
        return Book(TinyDBStore(None), Calendar(), root=None)
    from casework.stores import postgres

    if postgres.is_url(path):
        return Book(postgres.PostgresStore(str(path), create=create), Calendar(), root=None)
    root = Path(path).expanduser()
    if root.exists() and not root.is_dir():
        raise StorageError(
            tr(f"{root} 是文件,不是案件簿文件夹", f"{root} is a file, not a book folder"),
            hint=tr("请指定一个文件夹", "give a folder"),
        )
    store = TinyDBStore(root, create=create)
    calendar_dir = root / "calendar"
    files = sorted(calendar_dir.glob("*.json")) if calendar_dir.is_dir() else []
    return Book(store, Calendar.from_files(files), root=root)


class Book:
    """A book of cases. Create it with :func:`open_book`.

    A book is a context manager: ``with casework.open_book(path) as book:`` closes it (drops its
    caches) when the block ends; every write is already on disk by then.
    """

    def __init__(self, store: Store, calendar: Calendar, *, root: Path | None) -> None:
        self.store = store
        self.calendar = calendar
        self.root = root
        self._after: list[tuple[Case, Event]] = []
        self._config = self._read_config()

    # -- lifecycle -----------------------------------------------------------------------------

    @property
    def location(self) -> str:
        """Where the book lives, for messages: its folder, the server URL (no password), or memory."""
        if self.root is not None:
            return str(self.root)
        return str(getattr(self.store, "url", ":memory:"))

    def __enter__(self) -> Book:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the book's caches (every write is already on disk)."""
        self.store.close()

    def _read_config(self) -> dict[str, Any]:
        if self.root is None or not (self.root / "config.json").exists():
            return {}
        try:
            config = orjson.loads((self.root / "config.json").read_bytes())
        except orjson.JSONDecodeError as exc:
            raise StorageError(
                tr(f"config.json 格式错误: {exc}", f"config.json is not valid JSON: {exc}"),
                hint=tr("请修正 config.json", "repair config.json"),
            ) from None
        if not isinstance(config, dict):
            raise StorageError("config.json must hold an object", hint='write {"numbering": {}}')
        return config

    # -- types ---------------------------------------------------------------------------------

    @staticmethod
    def case_type(kind: str) -> CaseType:
        """Return the case type ``kind`` (raises UnknownKind)."""
        if not isinstance(kind, str):
            raise UnknownKind(
                tr(
                    f"案件类型应为文字,收到 {kind!r:.60}",
                    f"a case kind is a name, not {kind!r:.60}",
                ),
                hint=tr(
                    f"已安装: {', '.join(sorted(plugins.case_types())) or '无'}",
                    f"installed: {', '.join(sorted(plugins.case_types())) or 'none'}",
                ),
            )
        return plugins.case_type(kind)

    def allowed_actions(self, case: Case) -> list[Action]:
        """The actions an officer may take on ``case`` now."""
        return self.case_type(case.kind).workflow(case.regime).allowed(case.state)

    def number_format(self, kind: str) -> str | None:
        """The case-number (案号) format of ``kind``: the book's config, else the type's."""
        numbering = self._config.get("numbering", {})
        configured = numbering.get(kind) if isinstance(numbering, dict) else None
        return configured if isinstance(configured, str) else self.case_type(kind).number_format

    # -- transactions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def batch(self) -> Iterator[Book]:
        """Make every write inside the block one transaction: all stored, or none."""
        with self._tx():
            yield self

    @contextlib.contextmanager
    def _tx(self) -> Iterator[Transaction]:
        outer = not self.store.in_transaction
        try:
            with self.store.transaction() as tx:
                yield tx
        except BaseException:
            if outer:
                self._after.clear()
            raise
        if outer and self._after:
            queued, self._after = self._after, []
            for case, event in queued:
                self._notify(case, event)

    def _notify(self, case: Case, event: Event) -> None:
        try:
            plugins.call_hook("after_action", book=self, case=case, event=event)
        except Exception as exc:
            raise PluginError(
                tr(
                    f"插件在操作 {event.action} 之后出错: {exc}(该操作已保存)",
                    f"a plugin failed after {event.action}: {exc} (the action was saved)",
                )
            ) from exc

    def _veto(
        self, case: Case | None, kind: str, action: str, data: Any, on: dt.date, actor: str
    ) -> None:
        reasons = plugins.call_hook(
            "before_action",
            book=self,
            case=case,
            kind=kind,
            action=action,
            data=data,
            on=on,
            actor=actor,
        )
        reasons = [r for r in reasons if r]
        if reasons:
            raise InvalidAction(
                tr(
                    f"操作 {action} 被拒绝: {'; '.join(reasons)}",
                    f"{action} refused: {'; '.join(reasons)}",
                ),
                state=case.state if case else workflow.NEW,
            )

    # -- loading -------------------------------------------------------------------------------

    def _load(self, record: Mapping[str, Any]) -> Case:
        try:
            return self._load_record(record)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StorageError(
                tr(
                    f"案件 {record.get('id')} 的存储记录无效: {exc!r:.200}",
                    f"stored record of case {record.get('id')} is invalid: {exc!r:.200}",
                ),
                hint=tr("请从备份恢复该分片文件", "restore its shard from a backup"),
            ) from None

    def _load_record(self, record: Mapping[str, Any]) -> Case:
        kind = str(record.get("kind"))
        try:
            case_type = self.case_type(kind)
        except UnknownKind:
            raise plugins.unavailable(kind) from None
        raw = dict(record)
        version = int(raw.get("type_version", 1))
        while version < case_type.version:
            migrate = case_type.migrations.get(version)
            if migrate is None:
                raise StorageError(
                    f"{case_type.name} cannot migrate a record of type version {version}",
                    hint="install the plugin version that provides the migration",
                )
            raw = migrate(raw)
            version += 1
            raw["type_version"] = version
        try:
            return case_from_record(raw, lambda k: self.case_type(k).details)
        except ValidationError as exc:
            raise StorageError(
                tr(
                    f"案件 {record.get('id')} 的存储记录无效: {exc.message}",
                    f"stored record of case {record.get('id')} is invalid: {exc.message}",
                ),
                hint=tr("请从备份恢复该分片文件", "restore its shard from a backup"),
            ) from None

    @staticmethod
    def _readable(kind: object, skipped: Counter[str], types: Mapping[str, CaseType]) -> bool:
        """Whether cases of ``kind`` can be loaded (it is in ``types``); else count it as skipped."""
        if kind in types:
            return True
        skipped[str(kind)] += 1
        return False

    @staticmethod
    def _warn_skipped(skipped: Counter[str]) -> None:
        """One warning for every case left out because its kind's plugin is not loaded."""
        if not skipped:
            return
        parts = [f"{kind} × {n}" for kind, n in sorted(skipped.items())]
        reasons = "; ".join(plugins.unavailable(kind).message for kind in sorted(skipped))
        warnings.warn(
            CaseworkWarning(
                tr(
                    f"已跳过插件未载入的案件({', '.join(parts)}): {reasons}",
                    f"skipped cases whose plugin is not loaded ({', '.join(parts)}): {reasons}",
                )
            ),
            stacklevel=3,
        )

    def unavailable_kinds(self) -> dict[str, int]:
        """The kinds with cases in the book that no loaded plugin provides, with their counts.

        Such cases stay readable with :meth:`record`; ``find``, ``due`` and ``lapse`` skip them
        with one :class:`~casework.errors.CaseworkWarning`, ``get`` and ``act`` raise
        :class:`~casework.errors.KindUnavailable` naming the plugin's load error.
        """
        types = plugins.case_types()
        with self._tx() as tx:
            return {k: len(tx.ids(k)) for k in tx.kinds() if k not in types}

    def record(self, case_id: str) -> dict[str, Any]:
        """Return the stored record of case ``case_id`` as plain data, whatever its kind.

        Works when the kind's plugin is not loaded (the record is not interpreted). Raises
        NotFound.
        """
        with self._tx() as tx:
            found = tx.get(case_id) if isinstance(case_id, str) else None
            if found is None:
                raise not_found(str(case_id), tx.ids())
            loaded: dict[str, Any] = orjson.loads(orjson.dumps(found))
            return loaded

    # -- the public API ------------------------------------------------------------------------

    def create(
        self,
        kind: str,
        *,
        received_on: dt.date | str,
        parties: Sequence[Party | Mapping[str, Any]] = (),
        details: Any = None,
        actor: str,
        action: str | None = None,
        data: Any = None,
        note: str = "",
    ) -> Case:
        """Open a case of ``kind`` received on ``received_on``; return it with its new id.

        ``received_on`` is a date or an ISO date string (``"2020-03-02"``).

        ``action`` picks the entry action when the kind has several (e.g. legal aid's ``apply``
        or ``notify``); ``data`` is that action's data. Raises ValidationError, InvalidAction or
        UnknownKind; nothing is stored then.
        """
        case_type = self.case_type(kind)
        if isinstance(parties, str | bytes | Mapping) or not isinstance(parties, Sequence):
            raise ValidationError(
                tr("当事人无效", "invalid parties"),
                problems=[tr("parties: 应为当事人列表", "parties: expected a list of parties")],
            )
        if isinstance(received_on, str):
            with contextlib.suppress(ValueError):
                received_on = dt.date.fromisoformat(received_on.strip())
        if not isinstance(received_on, dt.date) or isinstance(received_on, dt.datetime):
            raise ValidationError(
                tr("收案日期无效", "invalid date of receipt"),
                problems=[tr("received_on: 应为日期", "received_on: expected a date")],
            )
        with self._tx() as tx:
            entry = action or case_type.workflow_for(received_on).entry_actions()[0].name
            self._veto(None, kind, entry, data, received_on, actor)
            case_id = tx.new_id(kind, case_type.code, received_on.year)
            chosen = case_type.workflow_for(received_on).action(entry)
            number = self._number(tx, case_type, received_on) if chosen and chosen.numbers else None
            case, event = workflow.create(
                case_type,
                id=case_id,
                received_on=received_on,
                actor=actor,
                parties=parties,
                details=details,
                action=action,
                data=data,
                note=note,
                calendar=self.calendar,
                number=number,
            )
            tx.put(case_to_record(case), expected_version=0)
            self._after.append((case, event))
        return case

    def _number(self, tx: Transaction, case_type: CaseType, on: dt.date) -> str | None:
        fmt = self.number_format(case_type.name)
        if not fmt:
            return None
        seq = tx.next_number(case_type.name, on.year)
        try:
            return fmt.format(year=on.year, seq=seq)
        except (KeyError, IndexError, ValueError) as exc:
            raise ValidationError(
                tr(f"案号格式 {fmt!r} 无效", f"case number format {fmt!r} is invalid"),
                problems=[str(exc)],
                hint=tr("只能使用 {year} 和 {seq}", "use only {year} and {seq}"),
            ) from None

    def act(
        self,
        case_id: str,
        action: str,
        *,
        on: dt.date | str,
        actor: str,
        data: Any = None,
        note: str = "",
        expected_version: int | None = None,
    ) -> Case:
        """Apply ``action`` to case ``case_id`` on ``on``; return the case as stored.

        ``on`` is a date or an ISO date string (``"2020-03-05"``).

        Expired periods whose lapse has a legal effect (e.g. 视为受理) are recorded first, as
        system events. ``expected_version`` (the version the caller read) turns a concurrent
        change into ConflictError. Raises NotFound, InvalidAction, ValidationError.
        """
        with self._tx() as tx:
            case = self._get(tx, case_id)
            if expected_version is not None and case.version != expected_version:
                raise ConflictError(
                    tr(
                        f"案件 {case.id} 已被他人修改(现为第 {case.version} 版,你持有第 "
                        f"{expected_version} 版)",
                        f"case {case.id} changed since you read it (now version {case.version}, "
                        f"yours {expected_version})",
                    ),
                    hint=tr("重新读取案件后再操作", "reload the case and act again"),
                )
            stored_version = case.version
            case_type = self.case_type(case.kind)
            day = workflow.check_date(on)
            self._veto(case, case.kind, action, data, day, actor)
            case, lapsed = workflow.lapse(
                case_type,
                case,
                day,
                calendar=self.calendar,
                numberer=functools.partial(self._number, tx, case_type),
            )
            chosen = case_type.workflow(case.regime).action(action)
            number = None
            if (
                chosen is not None
                and chosen.numbers
                and case.number is None
                and case.state in chosen.sources
            ):
                number = self._number(tx, case_type, day)
            case, event = workflow.apply(
                case_type,
                case,
                action,
                on=day,
                actor=actor,
                data=data,
                note=note,
                calendar=self.calendar,
                number=number,
            )
            tx.put(case_to_record(case), expected_version=stored_version)
            self._after.extend((case, e) for e in (*lapsed, event))
        return case

    def lapse(self, *, on: dt.date) -> list[Event]:
        """Record, for every open case, the legal effect of periods that expired before ``on``."""
        added: list[Event] = []
        skipped: Counter[str] = Counter()
        types = plugins.case_types()
        with self._tx() as tx:
            rows = tx.open_rows()
            for case_id in sorted(rows):  # sorted ids visit each shard once
                if not self._readable(rows[case_id]["kind"], skipped, types):
                    continue
                case = self._get(tx, case_id)
                stored = case.version
                case_type = self.case_type(case.kind)
                case, events = workflow.lapse(
                    case_type,
                    case,
                    on,
                    calendar=self.calendar,
                    numberer=functools.partial(self._number, tx, case_type),
                )
                if events:
                    tx.put(case_to_record(case), expected_version=stored)
                    self._after.extend((case, e) for e in events)
                    added.extend(events)
        self._warn_skipped(skipped)
        return added

    def _get(self, tx: Transaction, case_id: str) -> Case:
        record = tx.get(case_id) if isinstance(case_id, str) else None
        if record is None:
            raise not_found(str(case_id), tx.ids())
        return self._load(record)

    def get(self, case_id: str) -> Case:
        """Return case ``case_id`` (raises NotFound, with the closest ids as suggestions)."""
        with self._tx() as tx:
            return self._get(tx, case_id)

    def history(self, case_id: str) -> tuple[Event, ...]:
        """Return the events of case ``case_id``, creation first."""
        return self.get(case_id).events

    def find(
        self,
        *,
        kind: str | None = None,
        state: str | None = None,
        year: int | None = None,
        open: bool | None = None,
    ) -> list[Case]:
        """Return the cases matching every filter given, ordered by date of receipt then id.

        ``year`` is the year of receipt; ``open`` selects cases not yet (or already) closed.
        """
        if kind is not None:
            self.case_type(kind)
        problems = []
        if state is not None and not isinstance(state, str):
            problems.append(
                tr(f"state: 应为状态名,收到 {state!r:.60}", f"state: not a state: {state!r:.60}")
            )
        if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
            problems.append(
                tr(f"year: 应为年份,收到 {year!r:.60}", f"year: not a year: {year!r:.60}")
            )
        if open is not None and not isinstance(open, bool):
            problems.append(
                tr(
                    f"open: 应为 true/false,收到 {open!r:.60}",
                    f"open: not true/false: {open!r:.60}",
                )
            )
        if problems:
            raise ValidationError(tr("查询条件无效", "invalid filter"), problems=problems)
        skipped: Counter[str] = Counter()
        types = plugins.case_types()
        with self._tx() as tx:
            if open is True:
                rows = tx.open_rows()
                ids = [
                    i
                    for i, row in rows.items()
                    if (kind is None or row["kind"] == kind)
                    and self._readable(row["kind"], skipped, types)
                    and (state is None or row["state"] == state)
                    and (year is None or row["received_on"].startswith(f"{year:04d}-"))
                ]
                cases = [self._get(tx, i) for i in sorted(ids)]  # shard by shard
            else:
                cases = [
                    self._load(record)
                    for record in tx.records(kind=kind, year=year)
                    if (state is None or record["state"] == state)
                    and (open is None or (record.get("closed_on") is None) == open)
                    and self._readable(record.get("kind"), skipped, types)
                ]
        cases.sort(key=lambda c: (c.received_on, c.kind, c.id))
        self._warn_skipped(skipped)
        return cases

    def due(
        self,
        *,
        on: dt.date,
        within_days: int = 0,
        kind: str | None = None,
        include_planning: bool = False,
    ) -> list[tuple[Case, Clock]]:
        """Return ``(case, clock)`` for running periods due by ``on + within_days``, most urgent first.

        Overdue periods come first. Periods that bind another body (a court's) are left out
        unless ``include_planning``.
        """
        if isinstance(on, str):
            with contextlib.suppress(ValueError):
                on = dt.date.fromisoformat(on.strip())
        problems = []
        if not isinstance(on, dt.date) or isinstance(on, dt.datetime):
            problems.append(
                tr(f"on: 应为日期,收到 {on!r:.60}", f"on: expected a date, got {on!r:.60}")
            )
        if (
            not isinstance(within_days, int)
            or isinstance(within_days, bool)
            or not (0 <= within_days <= 3660)
        ):
            problems.append(
                tr(
                    f"within_days: 应为0至3660的整数,收到 {within_days!r:.60}",
                    f"within_days: a whole number from 0 to 3660, got {within_days!r:.60}",
                )
            )
        if kind is not None:
            self.case_type(kind)
        if problems:
            raise ValidationError(tr("期限查询无效", "invalid deadline query"), problems=problems)
        limit = (on + dt.timedelta(days=within_days)).isoformat()
        out: list[tuple[Case, Clock]] = []
        skipped: Counter[str] = Counter()
        types = plugins.case_types()
        with self._tx() as tx:
            for case_id, row in sorted(tx.open_rows().items()):
                if kind is not None and row["kind"] != kind:
                    continue
                if not self._readable(row["kind"], skipped, types):
                    continue
                hits = [
                    c
                    for c in row["clocks"]
                    if c["status"] == "running"
                    and c.get("due_on")
                    and c["due_on"] <= limit
                    and (include_planning or not c.get("planning"))
                ]
                if not hits:
                    continue
                case = self._get(tx, case_id)
                names = {c["name"] for c in hits}
                out.extend((case, clock) for clock in case.clocks if clock.name in names)
        out.sort(key=lambda pair: (pair[1].due_on or dt.date.max, pair[0].id, pair[1].name))
        self._warn_skipped(skipped)
        return out

    def _report_cases(self, kind: str, year: int) -> list[Case]:
        with self._tx() as tx:
            cases = [self._load(r) for r in tx.records(kind=kind, year=year)]
            for case_id in sorted(tx.spanning(kind, year)):
                record = tx.get(case_id)
                if record is not None and int(record["received_on"][:4]) < year:
                    cases.append(self._load(record))
        cases.sort(key=lambda c: (c.received_on, c.id))
        return cases

    def open_at(self, kind: str, day: dt.date) -> list[Case]:
        """Return the cases of ``kind`` that were open at the end of ``day``.

        That is, received on or before ``day`` and not closed by then (closed later, or still
        open). Read from the open-case index, ``day``'s year and the cases with events in later
        years, not from the whole archive.
        """
        self.case_type(kind)
        with self._tx() as tx:
            ids = {i for i, row in tx.open_rows().items() if row["kind"] == kind}
            for year in tx.event_years(kind):
                if year >= day.year:
                    ids.update(tx.spanning(kind, year))
            found = {r["id"]: r for r in tx.records(kind=kind, year=day.year)}
            for case_id in sorted(ids - found.keys()):  # shard by shard
                record = tx.get(case_id)
                if record is not None:
                    found[case_id] = record
            cases = [self._load(r) for r in found.values() if r["received_on"] <= day.isoformat()]
        cases = [c for c in cases if c.closed_on is None or c.closed_on > day]
        cases.sort(key=lambda c: (c.received_on, c.id))
        return cases

    def report(self, year: int) -> Report:
        """Build the annual report of ``year``: one section per kind, from the plugins."""
        if not isinstance(year, int) or not 1949 < year < 10000:
            raise ValidationError(
                tr("年份无效", "invalid year"),
                problems=[f"year: {year!r}"],
                hint=tr("如 2020", "e.g. 2020"),
            )
        context = ReportContext(self, year)
        sections: list[ReportSection] = []
        for _plugin, result in plugins.call_each("report_sections", context=context):
            if result is None:
                continue
            sections.extend([result] if isinstance(result, ReportSection) else list(result))
        sections.sort(key=lambda s: (s.order, s.kind))
        types = plugins.case_types()
        monthly: dict[str, tuple[int, ...]] = {}
        for section in sections:
            months = [0] * 12
            for case in context.received(section.kind) if section.kind in types else ():
                months[case.received_on.month - 1] += 1
            monthly[section.kind] = tuple(months)
        labels = {k: t.label for k, t in types.items()}
        with self._tx() as tx:
            absent = [k for k in tx.kinds() if k not in types and year in tx.event_years(k)]
        missing = {k: plugins.unavailable(k).message for k in sorted(absent)}
        return Report(
            year=year,
            sections=tuple(sections),
            monthly=monthly,
            kind_labels=labels,
            missing=missing,
        )

    def count(self) -> dict[str, dict[str, int]]:
        """Return case counts per kind and state (a full scan: for dashboards)."""
        counts: dict[str, dict[str, int]] = {}
        with self._tx() as tx:
            for record in tx.records():
                per_kind = counts.setdefault(record["kind"], {})
                per_kind[record["state"]] = per_kind.get(record["state"], 0) + 1
        return counts

    # -- side tables ---------------------------------------------------------------------------

    def table(self, name: str) -> dict[str, Any]:
        """Return a copy of side table ``name``: rows by key (e.g. a plugin's registry).

        Side tables hold what a plugin keeps beside its cases, such as the mediation committees;
        they live in ``tables/<name>.json`` and are written in the same commits as cases.
        """
        with self._tx() as tx:
            return {k: v for k, v in tx.table_rows(name).items()}

    def table_get(self, name: str, key: str) -> Any:
        """Return row ``key`` of side table ``name``, or ``None``."""
        with self._tx() as tx:
            return tx.table_get(name, key)

    def table_put(self, name: str, key: str, value: Any) -> None:
        """Set row ``key`` of side table ``name`` to JSON-ready ``value`` (``None`` deletes it).

        Inside ``book.batch()`` the write commits with the batch. Its text passes the same door
        as a case's (:mod:`casework.text`): normalised, and refused by field when it holds
        control characters or is too long.
        """
        from casework.text import door

        (value,) = door(
            tr(f"表 {name} 的文字无效", f"invalid text in {name}"), [(str(name), value, None)]
        )
        try:
            orjson.dumps(value)
        except TypeError as exc:
            raise ValidationError(
                tr(f"表 {name} 的行 {key} 不能存为 JSON", f"row {key} of {name} is not JSON-ready"),
                problems=[str(exc)],
            ) from None
        with self._tx() as tx:
            tx.table_put(name, str(key), value)

    def ids(self, kind: str | None = None) -> list[str]:
        """Return every case id in the book, or only those of ``kind``."""
        with self._tx() as tx:
            return tx.ids(kind)


__all__ = ["Book", "open_book"]
