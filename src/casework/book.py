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
import gc
import warnings
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import attrs
import orjson

from casework import facts as facts_mod
from casework import plugins, workflow
from casework.deadlines import Calendar
from casework.errors import (
    CaseworkError,
    CaseworkWarning,
    ConflictError,
    InvalidAction,
    NotFound,
    PluginError,
    StorageError,
    UnknownKind,
    ValidationError,
)
from casework.i18n import tr
from casework.locality import RULE_FILES, Locality, number_format, parse_locality
from casework.model import Case, Clock, Event, Party, now
from casework.report import Report, ReportContext, ReportSection
from casework.serialize import case_from_record, case_to_record
from casework.store import Problem, Store, TinyDBStore, Transaction, atomic_write, not_found
from casework.workflow import Action, CaseType

T = TypeVar("T")

if TYPE_CHECKING:
    from casework.dump import DumpSummary, RestoreResult


@attrs.frozen
class CheckResult:
    """What :meth:`Book.check` found: the problems, what it repaired, how many cases it read."""

    problems: tuple[Problem, ...]
    """Every problem found, each with its file and its fix (empty: the book is sound)."""
    repaired: tuple[str, ...] = ()
    """What ``repair=True`` rebuilt before checking."""
    cases: int = 0
    """The number of case records read."""


@contextlib.contextmanager
def gc_frozen() -> Iterator[None]:
    """Keep the cyclic garbage collector out of a bulk read or write.

    A report or an import makes millions of small objects that live until it ends; the collector
    would walk them again and again (most of a report's time at 100,000 cases). Inside the block
    the objects alive at its start are frozen (never scanned) and collection is off; both are
    undone at the end, whatever happens. Nested blocks leave it to the outermost. Reference
    counting still frees what is dropped; a long bulk write calls ``gc.collect()`` between its
    batches to bound what cycles keep.
    """
    if not gc.isenabled():
        yield
        return
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


F = TypeVar("F", bound=Callable[..., Any])


def _bulk(method: F) -> F:
    """Run ``method`` inside :func:`gc_frozen` (for the reads that may touch many cases)."""

    @functools.wraps(method)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with gc_frozen():
            return method(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def replay_problem(case_type: CaseType, case: Case, calendar: Calendar) -> str | None:
    """Return how ``case`` differs from its history replayed through its workflow, or ``None``."""
    try:
        replayed = workflow.replay(case_type, case.events, calendar=calendar)
    except Exception as exc:  # any refusal of the workflow is the finding
        message = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
        return tr(f"事件记录无法重放: {message}", f"the history does not replay: {message}")
    for field in ("state", "closed_on", "number", "version", "received_on"):
        if getattr(replayed, field) != getattr(case, field):
            return tr(
                f"重放事件得出 {field} = {getattr(replayed, field)},记录为 {getattr(case, field)}",
                f"replaying the history gives {field} = {getattr(replayed, field)}, the record "
                f"says {getattr(case, field)}",
            )
    return None


def case_problem(case_type: CaseType, case: Case) -> str | None:
    """Return how a loaded case contradicts itself, or ``None``.

    Its state must exist in its rule set; its version must count its events, numbered from 1;
    the history must start with the creation event and each event must leave the case in the
    state the next one starts from, ending in the stored state. (``Book.check`` also replays
    the history through the workflow.)
    """
    try:
        rules = case_type.workflow(case.regime)
    except ValidationError as exc:
        return exc.message
    if not rules.has_state(case.state):
        return tr(
            f"状态 {case.state!r:.40} 不在 {case_type.name} 的规则 {case.regime} 中",
            f"state {case.state!r:.40} is not a state of {case_type.name} ({case.regime})",
        )
    if case.version != len(case.events):
        return tr(
            f"版本 {case.version} 与事件数 {len(case.events)} 不符",
            f"version {case.version} does not count its {len(case.events)} events",
        )
    previous: str | None = None
    for n, event in enumerate(case.events, 1):
        if event.seq != n:
            return tr(f"第 {n} 个事件的序号为 {event.seq}", f"event {n} is numbered {event.seq}")
        if (n == 1) != (event.init is not None) or event.from_state != previous:
            return tr(
                f"第 {n} 个事件 {event.action} 不接续上一个事件",
                f"event {n} ({event.action}) does not follow from the one before",
            )
        previous = event.to_state
    if previous is not None and previous != case.state:
        return tr(
            f"事件止于状态 {previous},而记录为 {case.state}",
            f"the events end in state {previous}, the record says {case.state}",
        )
    return None


def open_book(path: str | Path, *, create: bool = True, allow_future: bool = False) -> Book:
    """Open the book in folder ``path`` (created if missing), or ``":memory:"`` for tests.

    Holiday files in ``<path>/calendar/*.json`` extend the calendar for years the installed
    ``chinese_calendar`` does not know; ``<path>/config.json`` holds the locality's settings
    (:mod:`casework.locality`) and may set ``numbering`` formats per kind. Raises
    :class:`~casework.errors.StorageError` for a folder that is not a book, and
    :class:`~casework.errors.ValidationError` naming each wrong field of ``config.json``.
    A book refuses to record anything dated after today unless ``allow_future`` (for simulations
    and tests).
    """
    if str(path) == ":memory:":
        return Book(TinyDBStore(None), Calendar(), root=None, allow_future=allow_future)
    from casework.stores import postgres

    if postgres.is_url(path):
        return Book(
            postgres.PostgresStore(str(path), create=create),
            Calendar(),
            root=None,
            allow_future=allow_future,
        )
    root = Path(path).expanduser()
    if root.exists() and not root.is_dir():
        raise StorageError(
            tr(f"{root} 是文件,不是案件簿文件夹", f"{root} is a file, not a book folder"),
            hint=tr("请指定一个文件夹", "give a folder"),
        )
    store = TinyDBStore(root, create=create)
    calendar_dir = root / "calendar"
    files = sorted(calendar_dir.glob("*.json")) if calendar_dir.is_dir() else []
    return Book(store, Calendar.from_files(files), root=root, allow_future=allow_future)


CONFIG_TABLE, CONFIG_KEY = "casework_config", "config"
"""Where a book without a folder keeps what ``config.json`` holds for a folder."""


FACTS_TABLE = "casework_facts"
"""The side table that records, per kind, the facts version its cases were last brought to."""
FACTS_BATCH = 1000
"""Cases per transaction when :meth:`Book.refresh_facts` stores facts."""


def config_bytes(config: Mapping[str, Any]) -> bytes:
    """The text of ``config.json`` for ``config``: indented, keys sorted, UTF-8.

    Sorted keys make the file the same whichever store held the settings (a database may keep
    an object's keys in its own order), so a dump of a folder book and of a server book agree.
    """
    return orjson.dumps(config, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"


class Book:
    """A book of cases. Create it with :func:`open_book`.

    A book is a context manager: ``with casework.open_book(path) as book:`` closes it (drops its
    caches) when the block ends; every write is already on disk by then.

    Every read sees the book *as of* a day (default today): a case as it stands in law on that
    day, the lapses of its periods included (:func:`casework.workflow.as_of`). Reads never write.
    """

    def __init__(
        self,
        store: Store,
        calendar: Calendar,
        *,
        root: Path | None,
        allow_future: bool = False,
    ) -> None:
        self.store = store
        self.calendar = calendar
        self.root = root
        self.allow_future = allow_future
        self._after: list[tuple[Case, Event]] = []
        self._memo: dict[str, Any] = {}
        self._on_commit: list[Callable[[], None]] = []
        self._config = self._read_config()
        self._locality = parse_locality(self._config.get("locality"), root)
        self._types: dict[str, tuple[CaseType, CaseType]] = {}
        self._marked: set[str] = set()

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
        if self.root is None:  # a server book keeps its settings in a side table
            stored = self.table_get(CONFIG_TABLE, CONFIG_KEY)
            return dict(stored) if isinstance(stored, dict) else {}
        if not (self.root / "config.json").exists():
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

    # -- settings ------------------------------------------------------------------------------

    @property
    def locality(self) -> Locality:
        """The locality this book serves: names, level, short name and local rules files.

        Read from ``config.json`` (validated when the book is opened); a book without settings
        is a neutral county. Plugins take every name and word of a sentence from here, e.g.
        ``book.locality.area`` (全县/全市) or ``book.locality.rules_file("mediation_subsidy")``.
        """
        return self._locality

    @property
    def numbering(self) -> dict[str, str]:
        """The case-number formats ``config.json`` sets per kind (a copy)."""
        numbering = self._config.get("numbering", {})
        return {k: v for k, v in numbering.items() if isinstance(v, str)}

    def configure(self, locality: Locality, numbering: Mapping[str, str] | None = None) -> None:
        """Store ``locality`` (and per-kind ``numbering`` formats) in the book's ``config.json``.

        The settings are validated first; other keys of ``config.json`` are kept. A book without
        a folder (PostgreSQL) keeps them in its side table ``casework_config``; rules files are
        then read relative to the working folder.
        """
        config = dict(self._config)
        config["locality"] = locality.to_dict()
        if numbering is not None:
            merged = dict(self.numbering)
            merged.update(numbering)
            config["numbering"] = merged
        checked = parse_locality(config["locality"], self.root)
        if self.root is not None:
            atomic_write(self.root / "config.json", config_bytes(config))
        else:
            self.table_put(CONFIG_TABLE, CONFIG_KEY, config)
        self._config = config
        self._locality = checked
        self._types.clear()
        self._memo.pop("facts_basis", None)
        self._memo.pop("facts_stamps", None)

    # -- types ---------------------------------------------------------------------------------

    def case_type(self, kind: str) -> CaseType:
        """Return the case type ``kind`` as this book's locality has it (raises UnknownKind).

        A kind whose rules depend on local files (``CaseType.localize``) is rebuilt once per book
        from :attr:`locality`; the others are the registered type itself.
        """
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
        base = plugins.case_type(kind)
        if base.localize is None:
            return base
        hit = self._types.get(kind)
        if hit is None or hit[0] is not base:  # a plugin registered again: localize again
            hit = (base, base.localize(self._locality) or base)
            self._types[kind] = hit
        return hit[1]

    def allowed_actions(self, case: Case, on: dt.date | None = None) -> list[Action]:
        """The actions an officer may take on ``case`` on day ``on`` (default today).

        The case is first taken as it stands on that day (a lapsed review is 视为受理 whether
        or not the lapse was recorded); an action that cannot succeed that day whatever its data
        (an extension of a period that already ended) is not offered.
        """
        day = self.day(on)
        view = self.view(case, day)
        return workflow.offered(self.case_type(view.kind), view, day)

    # -- time ----------------------------------------------------------------------------------

    @staticmethod
    def today() -> dt.date:
        """Today in China Standard Time (the offices' calendar)."""
        return now().date()

    def _door(self, value: Any, field: str) -> dt.date:
        """A date to be recorded: in 1949–2100 and, unless ``allow_future``, not after today."""
        return workflow.check_day(value, field, today=None if self.allow_future else self.today())

    def day(self, value: Any = None, field: str = "on") -> dt.date:
        """A day to read the book as of: ``value`` checked (1949–2100), or today when ``None``."""
        return self.today() if value is None else workflow.check_day(value, field)

    def view(self, case: Case, on: dt.date | None = None) -> Case:
        """``case`` as it stands on ``on`` (default today); raises NotFound if not yet received."""
        day = self.day(on)
        seen = workflow.as_of(self.case_type(case.kind), case, day, calendar=self.calendar)
        if seen is None:
            raise NotFound(
                tr(
                    f"案件 {case.id} 于 {case.received_on} 收案,{day} 时尚不存在",
                    f"case {case.id} was received on {case.received_on}: not yet on {day}",
                ),
                hint=tr("换一个日期", "choose a later day"),
            )
        return seen

    def number_format(self, kind: str) -> str | None:
        """The case-number (案号) format of ``kind``: the book's config, else the type's template.

        A template's ``{short}`` is the locality's short name (:attr:`locality`).
        """
        numbering = self._config.get("numbering", {})
        configured = numbering.get(kind) if isinstance(numbering, dict) else None
        template = configured if isinstance(configured, str) else self.case_type(kind).number_format
        return number_format(template, self._locality)

    # -- transactions --------------------------------------------------------------------------

    @contextlib.contextmanager
    def batch(self) -> Iterator[Book]:
        """Make every write inside the block one transaction: all stored, or none."""
        with self._tx():
            yield self

    def memo(self, key: str, build: Callable[[], T]) -> T:
        """Return ``build()``, built once for the current batch (:meth:`batch`) and kept in it.

        For what a plugin derives from the book for every case of a bulk write, such as a
        registry it checks each case against: inside one ``book.batch()`` the value is built
        once, whatever the number of cases; outside a batch, once per call. A write to a side
        table (:meth:`table_put`) and the end of the batch drop every kept value, so a value
        never outlives what it was built from. ``key`` names the value (prefix it with the
        plugin's name).
        """
        if not self.store.in_transaction:
            return build()
        if key not in self._memo:
            self._memo[key] = build()
        value: T = self._memo[key]
        return value

    def on_commit(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the current transaction has committed; never if it is undone.

        For what a plugin keeps in memory beside the book (e.g. an index of the people of the
        cases it checked in ``before_commit``): it learns what was stored without reading it
        back. Outside a transaction the callback runs at once.
        """
        if not self.store.in_transaction:
            callback()
            return
        self._on_commit.append(callback)

    @contextlib.contextmanager
    def _tx(self) -> Iterator[Transaction]:
        outer = not self.store.in_transaction
        try:
            with self.store.transaction() as tx:
                yield tx
                if outer and self._after:
                    self._before_commit()
        except BaseException:
            if outer:
                self._after.clear()
                self._on_commit.clear()
            raise
        finally:
            if outer:
                self._memo.clear()
        if outer and self._on_commit:
            committed, self._on_commit = self._on_commit, []
            for callback in committed:
                callback()
        if outer and self._after:
            queued, self._after = self._after, []
            failed: PluginError | None = None
            # what the listeners write is one transaction, not one per event: a bulk import's
            # duplicate flags then rewrite the index once, not once per flagged case
            with self._tx():
                for case, event in queued:
                    try:
                        self._notify(case, event)
                    except PluginError as exc:  # keep what the listeners before it wrote
                        failed = exc
                        break
            if failed is not None:
                raise failed

    BEFORE_COMMIT_ROUNDS = 8
    """How many times ``before_commit`` may be called again for the changes hooks made."""

    def _before_commit(self) -> None:
        """Run ``before_commit`` on the transaction's changes, then on those the hooks made."""
        seen = 0
        for _ in range(self.BEFORE_COMMIT_ROUNDS):
            if seen == len(self._after):
                return
            changes, seen = tuple(self._after[seen:]), len(self._after)
            try:
                reasons = plugins.call_hook("before_commit", book=self, changes=changes)
            except CaseworkError:
                raise
            except Exception as exc:
                raise PluginError(
                    tr(
                        f"插件在提交前检查时出错: {exc}(未保存任何内容)",
                        f"a plugin failed while checking the commit: {exc} (nothing was stored)",
                    )
                ) from exc
            reasons = [r for r in reasons if r]
            if reasons:
                raise InvalidAction(
                    tr(
                        f"提交被拒绝(未保存任何内容): {'; '.join(reasons)}",
                        f"the change was refused (nothing was stored): {'; '.join(reasons)}",
                    ),
                    state=changes[-1][0].state,
                )
        raise PluginError(
            tr(
                "插件在提交前不断追加操作,已放弃提交(未保存任何内容)",
                "plugins kept adding actions before the commit; it was abandoned (nothing stored)",
            )
        )

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

    # -- report facts --------------------------------------------------------------------------

    def _facts_basis(self) -> bytes:
        """What every case's facts depend on besides the case: settings, rules and calendar files."""
        found = self._memo.get("facts_basis")
        if isinstance(found, bytes):
            return found
        parts = [config_bytes(self._config)]
        paths: set[Path] = set(self.calendar.files.values())
        for key, versions in self._locality.rules.items():
            for version in versions:
                paths.add(self.root / version.file if self.root else Path(version.file))
            if (path := self._locality.rules_file(key)) is not None:
                paths.add(path)
        for key in RULE_FILES:
            if (path := self._locality.rules_file(key)) is not None:
                paths.add(path)
        for path in sorted(paths):
            with contextlib.suppress(OSError):
                parts.append(str(path).encode() + b"\0" + path.read_bytes())
        basis = b"\0".join(parts)
        self._memo["facts_basis"] = basis
        return basis

    def facts_stamp(self, kind: str) -> str:
        """The version the stored facts of ``kind`` must carry in this book (see :mod:`casework.facts`)."""
        case_type = self.case_type(kind)
        stamps = self._memo.setdefault("facts_stamps", {})
        found = stamps.get(kind)
        if found is None or found[0] is not case_type:
            found = stamps[kind] = (case_type, facts_mod.stamp(case_type, self._facts_basis()))
        return str(found[1])

    def case_facts(self, case: Case, *, before: tuple[Case, Any] | None = None) -> dict[str, Any]:
        """The facts record kept with ``case``: its dated fact timeline (see :mod:`casework.facts`).

        ``before`` is the case as it was stored and the facts stored with it: a write then
        replays only what it adds.
        """
        prior, stored = before if before is not None else (None, None)
        return facts_mod.derive(
            self.case_type(case.kind),
            case,
            self.facts_stamp(case.kind),
            calendar=self.calendar,
            before=prior,
            stored=stored if isinstance(stored, dict) else None,
        )

    def stale_facts(self) -> list[str]:
        """Kinds of this book whose stored facts may be out of date, so a report derives them.

        A kind is current when :meth:`refresh_facts` last went through its cases under the
        version in force (:meth:`facts_stamp`, kept in the side table ``casework_facts``);
        a kind whose plugin changed its projection, or a book whose rules changed, is stale
        until it runs again. Kinds whose plugin is not loaded are left out.
        """
        types = plugins.case_types()
        with self._tx() as tx:
            kinds = [k for k in tx.kinds() if k in types]
            marks = tx.table_rows(FACTS_TABLE)
        return [k for k in kinds if marks.get(k) != self.facts_stamp(k)]

    def refresh_facts(
        self,
        kinds: Sequence[str] | None = None,
        *,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> int:
        """Store the facts of every case of ``kinds`` (default: :meth:`stale_facts`) that lacks them.

        Goes through the cases a thousand at a time, each batch one transaction; a case whose
        stored facts are current is read, not written. ``progress(kind, done, total)`` is
        called after each batch. Returns how many cases were written. Nothing else of a case
        changes, not even its version.
        """
        written = 0
        for kind in self.stale_facts() if kinds is None else list(kinds):
            stamp = self.facts_stamp(kind)
            with self._tx() as tx:
                ids = tx.ids(kind)
            for start in range(0, len(ids), FACTS_BATCH):
                with self._tx() as tx:
                    for case_id in ids[start : start + FACTS_BATCH]:
                        record = tx.get(case_id)
                        if record is None:
                            continue
                        stored = record.get("facts")
                        if (
                            isinstance(stored, dict)
                            and facts_mod.facts_problem(stored) is None
                            and stored["v"] == stamp
                        ):
                            continue
                        fresh = dict(record, facts=self.case_facts(self._load(record)))
                        tx.put(fresh, expected_version=int(record.get("version", 0)))
                        written += 1
                if progress is not None:
                    progress(kind, min(start + FACTS_BATCH, len(ids)), len(ids))
            with self._tx() as tx:
                tx.table_put(FACTS_TABLE, kind, stamp)
        return written

    def _record(self, case: Case, *, before: tuple[Case, Any] | None = None) -> dict[str, Any]:
        """``case`` as the store keeps it: its record and, beside it, its report facts."""
        record = case_to_record(case)
        record["facts"] = self.case_facts(case, before=before)
        return record

    # -- loading -------------------------------------------------------------------------------

    def _load(self, record: Mapping[str, Any]) -> Case:
        try:
            case = self._load_record(record)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise StorageError(
                tr(
                    f"案件 {record.get('id')} 的存储记录无效: {exc!r:.200}",
                    f"stored record of case {record.get('id')} is invalid: {exc!r:.200}",
                ),
                hint=tr("请从备份恢复该分片文件", "restore its shard from a backup"),
            ) from None
        if problem := case_problem(self.case_type(case.kind), case):
            raise StorageError(
                tr(
                    f"案件 {case.id} 的存储记录自相矛盾,拒绝读取: {problem}",
                    f"stored record of case {case.id} contradicts itself and is refused: {problem}",
                ),
                hint=tr(
                    "请从备份恢复该案件所在的分片文件;运行 casework check 查看全部问题",
                    "restore its shard from a backup; run 'casework check' to list every problem",
                ),
            )
        return case

    def _load_record(self, record: Mapping[str, Any]) -> Case:
        kind = str(record.get("kind"))
        try:
            case_type = self.case_type(kind)
        except UnknownKind:
            raise plugins.unavailable(kind) from None
        raw = dict(record)
        raw.pop("facts", None)  # derived from the case, kept for the report
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
        received_on = self._door(received_on, "received_on")
        with self._tx() as tx:
            entry = action or case_type.workflow_for(received_on).entry_actions()[0].name
            self._veto(None, kind, entry, data, received_on, actor)
            if kind not in self._marked:  # a kind's first case: its facts are current
                if tx.table_get(FACTS_TABLE, kind) is None and not tx.ids(kind):
                    tx.table_put(FACTS_TABLE, kind, self.facts_stamp(kind))
                self._marked.add(kind)
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
            tx.put(self._record(case), expected_version=0)
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
            record = tx.get(case_id) if isinstance(case_id, str) else None
            if record is None:
                raise not_found(str(case_id), tx.ids())
            case = self._load(record)
            before = (case, record.get("facts"))
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
            day = self._door(on, "on")
            last = case.events[-1].on if case.events else case.received_on
            if day < last:
                raise ValidationError(
                    tr("日期早于上一事件", "date before the previous event"),
                    problems=[
                        tr(
                            f"on: {day} 早于案件的上一事件({last})",
                            f"on: {day} is before the case's last event ({last})",
                        )
                    ],
                    hint=tr("事件须按时间顺序登记", "record events in date order"),
                )
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
                chosen is not None and chosen.numbers and case.number is None
            ) and case.state in chosen.sources:
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
            tx.put(self._record(case, before=before), expected_version=stored_version)
            self._after.extend((case, e) for e in (*lapsed, event))
        return case

    def lapse(self, *, on: dt.date | None = None) -> list[Event]:
        """Record, for every open case, the legal effect of periods that expired before ``on``.

        ``on`` defaults to today. Reads already show these effects (a review that ran out is
        视为受理 in every view); recording them makes them part of the stored history, e.g. from
        a host's nightly job, so that other programs reading the files see them too.
        """
        on = self._door(self.today() if on is None else on, "on")
        added: list[Event] = []
        skipped: Counter[str] = Counter()
        types = plugins.case_types()
        with self._tx() as tx:
            rows = tx.open_rows()
            for case_id in sorted(rows):  # sorted ids visit each shard once
                if not self._readable(rows[case_id]["kind"], skipped, types):
                    continue
                record = tx.get(case_id)
                if record is None:
                    continue
                case = self._load(record)
                before = (case, record.get("facts"))
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
                    tx.put(self._record(case, before=before), expected_version=stored)
                    self._after.extend((case, e) for e in events)
                    added.extend(events)
        self._warn_skipped(skipped)
        return added

    def _get(self, tx: Transaction, case_id: str) -> Case:
        record = tx.get(case_id) if isinstance(case_id, str) else None
        if record is None:
            raise not_found(str(case_id), tx.ids())
        return self._load(record)

    def get(self, case_id: str, on: dt.date | None = None) -> Case:
        """Return case ``case_id`` as it stands on ``on`` (default today).

        Raises NotFound, with the closest ids as suggestions (also for a case received after
        ``on``). Periods that ran out before ``on`` show their legal effect (e.g. a
        ``deem_accept`` event) whether or not it was recorded; events after ``on`` are left out.
        """
        day = self.day(on)
        with self._tx() as tx:
            case = self._get(tx, case_id)
        return self.view(case, day)

    def stored(self, case_id: str) -> Case:
        """Return case ``case_id`` exactly as stored (no lapse applied): for tools and checks."""
        with self._tx() as tx:
            return self._get(tx, case_id)

    def history(self, case_id: str) -> tuple[Event, ...]:
        """Return the events of case ``case_id``, creation first."""
        return self.get(case_id).events

    @_bulk
    def find(
        self,
        *,
        kind: str | None = None,
        state: str | None = None,
        year: int | None = None,
        open: bool | None = None,
        on: dt.date | None = None,
    ) -> list[Case]:
        """Return the cases matching every filter given, ordered by date of receipt then id.

        ``year`` is the year of receipt; ``open`` selects cases not yet (or already) closed.
        Every case is taken, and filtered, as it stands on ``on`` (default today).
        """
        day = self.day(on)
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
            if open is True and day >= self.today() and not self.allow_future:
                # nothing is dated after today: a case closed by now is closed on ``day`` too
                rows = tx.open_rows()
                ids = [
                    i
                    for i, row in rows.items()
                    if (kind is None or row["kind"] == kind)
                    and self._readable(row["kind"], skipped, types)
                    and (year is None or row["received_on"].startswith(f"{year:04d}-"))
                ]
                loaded = [self._get(tx, i) for i in sorted(ids)]  # shard by shard
            else:
                loaded = [
                    self._load(record)
                    for record in tx.records(kind=kind, year=year)
                    if record["received_on"] <= day.isoformat()
                    and (
                        state is None or record["state"] == state or record_may_change(record, day)
                    )
                    and self._readable(record.get("kind"), skipped, types)
                ]
        cases = [self.view(c, day) for c in loaded]
        cases = [
            c
            for c in cases
            if (state is None or c.state == state) and (open is None or c.open == open)
        ]
        cases.sort(key=lambda c: (c.received_on, c.kind, c.id))
        self._warn_skipped(skipped)
        return cases

    @_bulk
    def due(
        self,
        *,
        on: dt.date | None = None,
        within_days: int = 0,
        kind: str | None = None,
        include_planning: bool = False,
    ) -> list[tuple[Case, Clock]]:
        """Return ``(case, clock)`` for running periods due by ``on + within_days``, most urgent first.

        ``on`` defaults to today; each case is taken as it stands on ``on``, so a review that ran
        out shows the periods its lapse started, not the review. Closed cases whose periods still
        count (e.g. handing in the file after closing) are included; each case's state says which
        stage the period belongs to. Overdue periods come first. Periods that bind another body
        (a court's) are left out unless ``include_planning``.
        """
        problems: list[str] = []
        try:
            day = self.day(on)
        except ValidationError as exc:
            problems.extend(exc.problems)
            day = self.today()
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
        limit = day + dt.timedelta(days=within_days)
        mark, horizon = day.isoformat(), limit.isoformat()

        def may_hit(clocks: Any) -> bool:
            # a lapse needs a period ended before ``day``: without a running period due by the
            # horizon, the case shows nothing due on ``day`` either
            return any(
                c["status"] == "running" and c.get("due_on") and c["due_on"] <= horizon
                for c in clocks
            )

        out: list[tuple[Case, Clock]] = []
        skipped: Counter[str] = Counter()
        types = plugins.case_types()
        with self._tx() as tx:
            rows = {**tx.ticking_rows(), **tx.open_rows()}
            rows = {i: r for i, r in rows.items() if kind is None or r["kind"] == kind}
            ids = set(rows)
            past = day < self.today() or self.allow_future
            if past:  # cases open on ``day`` may have closed since, or have later events
                # closed now, their facts may not be pooled; a kind without its plugin is counted
                closed = tx.ticking_rows()
                ids = {i for i in ids if i in closed or rows[i]["kind"] not in types}
                for name in [kind] if kind is not None else sorted(types):
                    ids |= self._due_from_facts(name, day, horizon, include_planning)
            for case_id in sorted(ids):  # sorted ids visit each shard once
                row = rows.get(case_id)
                if row is not None and not self._readable(row["kind"], skipped, types):
                    continue
                if (
                    not past
                    and row is not None
                    and not self._row_may_be_due(row, day, horizon, include_planning, may_hit)
                ):
                    continue
                record = tx.get(case_id)
                if record is None or record["received_on"] > mark:
                    continue
                if row is None and not self._readable(record.get("kind"), skipped, types):
                    continue
                later = any(str(e["on"]) > mark for e in record.get("events", ()))
                if not later and not may_hit(record.get("clocks", ())):
                    continue
                seen = self.view(self._load(record), day)
                out.extend(
                    (seen, clock)
                    for clock in seen.clocks
                    if clock.running
                    and clock.due_on is not None
                    and clock.due_on <= limit
                    and (include_planning or not clock.planning)
                )
        out.sort(key=lambda pair: (pair[1].due_on or dt.date.max, pair[0].id, pair[1].name))
        self._warn_skipped(skipped)
        return out

    def _row_may_be_due(
        self,
        row: Mapping[str, Any],
        day: dt.date,
        horizon: str,
        include_planning: bool,
        may_hit: Callable[[Any], bool],
    ) -> bool:
        """Whether the case of index ``row`` may have a period running on ``day``, due by ``horizon``.

        From the periods' facts the row keeps (current ones: what the case holds on ``day``,
        lapses included), else from its stored periods (a lapse may start new ones: load it).
        """
        facts = row.get("facts")
        if not isinstance(facts, dict) or facts.get("v") != self.facts_stamp(str(row["kind"])):
            return may_hit(row["clocks"])
        mark = day.isoformat()
        return any(
            since <= mark
            and (until is None or until > mark)
            and facts_mod.ClockFact(*clock).due_by(horizon, include_planning)
            for since, until, clock in facts["clocks"]
        )

    def _due_from_facts(
        self, kind: str, day: dt.date, horizon: str, include_planning: bool
    ) -> set[str]:
        """Ids of ``kind`` with a period running on ``day`` and due by ``horizon``, from the facts.

        The cases a report of ``day``'s year may count (received in that year, or earlier and
        open, or with events in that year or later) hold every period that may run on ``day``;
        their facts on ``day`` say which ran and when each was due, without loading a case.
        """
        found: set[str] = set()
        for case_id, stored in self.report_facts(kind, day.year).items():
            seen = facts_mod.on_day(case_id, stored, day)
            if seen is not None and any(
                clock.due_by(horizon, include_planning) for clock in seen.clocks()
            ):
                found.add(case_id)
        return found

    def _report_pool(self, kind: str, year: int) -> list[Case]:
        """Stored cases of ``kind`` a report of ``year`` may count, by date of receipt and id.

        Those received in ``year``, and those received earlier with events in ``year`` or later
        or still open (a lapse in the year, recorded or not, may concern them).
        """
        with self._tx() as tx:  # the store chooses them, as for the report's facts
            records = [tx.get(i) for i in sorted(tx.report_facts(kind, year))]
            loaded = [self._load(r) for r in records if r is not None]
        loaded.sort(key=lambda c: (c.received_on, c.id))
        return loaded

    def report_facts(self, kind: str, year: int) -> dict[str, dict[str, Any]]:
        """The stored facts of the cases of ``kind`` a report of ``year`` may count, by id.

        Read from the facts kept with each case, never from the cases themselves; a case whose
        facts are missing, malformed or of another version (see :meth:`facts_stamp`) has them
        derived here, from its record (:meth:`refresh_facts` stores them).
        :func:`casework.facts.on_day` gives a case's facts on a day.
        """
        stamp = self.facts_stamp(kind)
        out: dict[str, dict[str, Any]] = {}
        with self._tx() as tx:
            for case_id, stored in tx.report_facts(kind, year).items():
                if stored is None or stored["v"] != stamp:  # the store checked their shape
                    record = tx.get(case_id)
                    if record is None:
                        continue
                    stored = self.case_facts(self._load(record))
                out[case_id] = stored
        return out

    @_bulk
    def open_at(self, kind: str, day: dt.date) -> list[Case]:
        """Return the cases of ``kind`` that were open at the end of ``day``.

        That is, received on or before ``day`` and not closed by then (closed later, or still
        open), each as it stands on ``day``. Read from the open-case index, ``day``'s year and
        the cases with events in later years, not from the whole archive.
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
            loaded = [self._load(r) for r in found.values() if r["received_on"] <= day.isoformat()]
        cases = [self.view(c, day) for c in loaded]
        cases = [c for c in cases if c.open]
        cases.sort(key=lambda c: (c.received_on, c.id))
        return cases

    @_bulk
    def report(self, year: int, as_of: dt.date | None = None) -> Report:
        """Build the annual report of ``year``: one section per kind, from the plugins.

        The report counts what stood on ``as_of``: by default 31 December of a past year, today
        for the current year (the report then says "截至…"). ``as_of`` must fall in ``year`` and
        not after today.
        """
        if (
            not isinstance(year, int)
            or isinstance(year, bool)
            or not workflow.FIRST_YEAR <= year <= workflow.LAST_YEAR
        ):
            raise ValidationError(
                tr("年份无效", "invalid year"),
                problems=[
                    tr(
                        f"year: {year!r:.20} 不在 {workflow.FIRST_YEAR}年至"
                        f"{workflow.LAST_YEAR}年之间",
                        f"year: {year!r:.20} is not between {workflow.FIRST_YEAR} and "
                        f"{workflow.LAST_YEAR}",
                    )
                ],
                hint=tr("如 2020", "e.g. 2020"),
            )
        end = dt.date(year, 12, 31)
        default = end if self.allow_future else min(end, self.today())
        day = default if as_of is None else self._door(as_of, "as_of")
        if not dt.date(year, 1, 1) <= day <= end:
            raise ValidationError(
                tr("统计截止日期无效", "invalid as-of date"),
                problems=[
                    tr(
                        f"as_of: {day} 不在{year}年内",
                        f"as_of: {day} is not in {year}",
                    )
                ],
                hint=tr(
                    f"年度报告截至{year}年内某日,且不晚于今天",
                    f"a report of {year} is as of a day in {year}, not after today",
                ),
            )
        context = ReportContext(self, year, as_of=day)
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
            for facts in context.facts(section.kind) if section.kind in types else ():
                if facts.year == year:
                    months[int(facts.received_on[5:7]) - 1] += 1
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
            locality=self._locality.name,
            as_of=day,
        )

    def count(self) -> dict[str, dict[str, int]]:
        """Return case counts per kind and state as of today (a full scan: for dashboards)."""
        counts: dict[str, dict[str, int]] = {}
        day = self.today()
        with self._tx() as tx:
            for record in tx.records():
                state = record["state"]
                if record_may_change(record, day):
                    state = self.view(self._load(record), day).state
                per_kind = counts.setdefault(record["kind"], {})
                per_kind[state] = per_kind.get(state, 0) + 1
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
            self._memo.clear()
            tx.table_put(name, str(key), value)

    def check(self, *, repair: bool = False) -> CheckResult:
        """Read every file and replay every history; return each problem with its file and fix.

        Compares the index, its counters and the case numbers (no 案号 twice) with the records.
        ``repair`` first rebuilds what is derived from the records (the index and its counters,
        temporaries of interrupted writes); it never changes a case record.
        """
        repaired = tuple(self.store.repair()) if repair else ()
        problems, records = self.store.check()
        found = list(problems)
        restore = tr("从备份恢复该案件所在的文件", "restore the file that holds it from a backup")
        issued: dict[str, str] = {}
        for file, record in records:
            case_id = str(record.get("id"))
            try:
                case = self._load(record)
                problem = replay_problem(self.case_type(case.kind), case, self.calendar)
            except CaseworkError as exc:
                problem, case = exc.message, None
            if problem:
                found.append(Problem(file, problem, restore, case=case_id))
            if case is not None and case.number:
                if case.number in issued:
                    found.append(
                        Problem(
                            file,
                            tr(
                                f"案号 {case.number} 已由 {issued[case.number]} 使用",
                                f"case number {case.number} is also that of {issued[case.number]}",
                            ),
                            tr(
                                "核对两案的决定书;更正后从备份恢复错误的一方",
                                "compare the two cases' papers; restore the wrong one from a "
                                "backup",
                            ),
                            case=case_id,
                        )
                    )
                else:
                    issued[case.number] = case_id
        return CheckResult(problems=tuple(found), repaired=repaired, cases=len(records))

    def ids(self, kind: str | None = None) -> list[str]:
        """Return every case id in the book, or only those of ``kind``."""
        with self._tx() as tx:
            return tx.ids(kind)

    # -- dump and restore ----------------------------------------------------------------------

    def dump(self, fp: IO[bytes] | IO[str]) -> DumpSummary:
        """Write the whole book to the open file ``fp`` as JSON Lines (see :mod:`casework.dump`).

        Read in one transaction, so the copy is consistent while others write. The dump holds
        personal data in clear: keep it as the book itself is kept.
        """
        from casework.dump import dump

        return dump(self, fp)

    def restore(self, fp: IO[bytes] | IO[str], *, merge: bool = False) -> RestoreResult:
        """Restore a dump read from ``fp``: every line checked first, then one transaction.

        A case already present with the same history is skipped; a different history is a
        conflict (:class:`casework.dump.RestoreConflict`, nothing written) unless ``merge``,
        which gives it the next free id and reports the change.
        """
        from casework.dump import restore

        return restore(self, fp, merge=merge)

    def _reload_settings(self) -> None:
        """Read ``config.json`` and the holiday files again (after a restore wrote them)."""
        self._config = self._read_config()
        self._locality = parse_locality(self._config.get("locality"), self.root)
        self._types.clear()
        if self.root is not None:
            folder = self.root / "calendar"
            files = sorted(folder.glob("*.json")) if folder.is_dir() else []
            self.calendar = Calendar.from_files(files)


def record_may_change(record: Mapping[str, Any], day: dt.date) -> bool:
    """Whether the stored record may differ from the case as of ``day``.

    Only an event dated on or after ``day`` (left out, or a lapse not yet in force) or a running
    period that ended before ``day`` (its lapse) can make them differ.
    """
    mark = day.isoformat()
    return any(str(e.get("on", "")) >= mark for e in record.get("events", ())) or any(
        c.get("status") == "running" and c.get("due_on") and str(c["due_on"]) < mark
        for c in record.get("clocks", ())
    )


def row_may_change(
    row: Mapping[str, Any], day: dt.date, lapses: Callable[[str, str], bool] | None = None
) -> bool:
    """Whether the case behind an index row (:func:`casework.store.open_row`) may differ on ``day``.

    The same test as :func:`record_may_change`, on the row's latest event date and periods; a
    row that does not keep that date (written by an older casework) may always change. With
    ``lapses(kind, period)`` (:func:`lapsing_periods`), a period that ran out counts only when
    its expiry has a legal effect: an overdue period without one changes nothing on ``day``.
    """
    mark = day.isoformat()
    last = row.get("last_on")
    return (
        not isinstance(last, str)
        or last >= mark
        or any(
            c.get("status") == "running"
            and c.get("due_on")
            and str(c["due_on"]) < mark
            and (lapses is None or lapses(str(row.get("kind")), str(c.get("name"))))
            for c in row.get("clocks", ())
        )
    )


def lapsing_periods(types: Mapping[str, CaseType]) -> Callable[[str, str], bool]:
    """Whether a period of a kind has, in any of the kind's rule sets, an expiry with an action.

    Only such a period can lapse (:func:`casework.workflow.lapse`); a kind not in ``types`` is
    taken to lapse.
    """
    found = {
        (name, rule.name)
        for name, case_type in types.items()
        for flow in case_type.workflows
        for rule in flow.clocks
        if rule.expiry is not None and rule.expiry.action
    }
    return lambda kind, period: kind not in types or (kind, period) in found


def index_tells(book: Book, day: dt.date) -> bool:
    """Whether the index can answer for ``day``: nothing is dated after it.

    True when ``day`` is today or later in a book that records nothing after today: every stored
    event is then dated by ``day``, so a closed case is closed on ``day`` and only a lapse (seen
    by :func:`row_may_change`) can make an open case differ from its row.
    """
    return not book.allow_future and day >= book.today()


__all__ = ["Book", "gc_frozen", "open_book"]
