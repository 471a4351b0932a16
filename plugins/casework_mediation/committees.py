"""The registry of mediation committees (调委会) and their mediators, kept in the book.

Committees live in the book's side table ``mediation_committees`` (one row per committee id), so
they are written in the same commits as cases. :func:`import_committees` reads a CSV or XLSX file
of one row per mediator (or per committee without mediators), validates every row first and writes
nothing if any row is bad, naming the file, line and column of each problem.

File columns (header row; Chinese or English names; order free)::

    committee_id / 编号        required  the committee's id, e.g. XH-01
    committee / 名称           required  the committee's name
    type / 类型                required  village 村, community 社区, township 乡镇/街道,
                                         enterprise 企事业单位, professional 行业性专业性
    township / 乡镇            required  the township (乡镇/街道) it belongs to
    mediator / 调解员          optional  one mediator per row; blank for none
    id_number / 身份证号       optional  the mediator's ID number (checked, GB 11643)
    phone / 电话               optional  the mediator's phone
    registered / 已登记        optional  是/否: in the 司法行政基层工作管理系统 (default 是)
    established / 成立日期     optional  YYYY-MM-DD
    dissolved / 撤销日期       optional  YYYY-MM-DD

Rows of the same committee must agree on its name, type, township and dates.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from casework.errors import ValidationError
from casework.i18n import tr
from casework.model import Party
from casework.serialize import CONVERTER, structure
from casework.text import clean_cells
from casework_mediation.codes import COMMITTEE_TYPES, check_code, code_from_text

if TYPE_CHECKING:
    from casework.book import Book

TABLE = "mediation_committees"
"""The book's side table holding the registry."""

TYPE_ALIASES: Mapping[str, str] = {
    "村": "village",
    "村委会": "village",
    "社区": "community",
    "居委会": "community",
    "乡镇": "township",
    "街道": "township",
    "乡镇街道": "township",
    "乡镇(街道)": "township",
    "企事业单位": "enterprise",
    "企业": "enterprise",
    "事业单位": "enterprise",
    "行业性专业性": "professional",
    "行业性": "professional",
    "专业性": "professional",
}
"""Short Chinese names accepted for committee types in import files."""


def _check_type(_: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if (problem := check_code(value, COMMITTEE_TYPES, attribute.name)) is not None:
        raise ValueError(problem)


def _not_blank(_: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    if not value.strip():
        raise ValueError(f"{attribute.name}: must not be empty")


@attrs.frozen
class Mediator:
    """A mediator: the person (a Party, role ``mediator``) and whether they are registered.

    ``registered``: listed in the 司法行政基层工作管理系统 (some rules pay registered mediators only).
    """

    person: Party
    registered: bool = True

    @property
    def name(self) -> str:
        """The mediator's name."""
        return self.person.name

    @classmethod
    def of(
        cls,
        name: str,
        *,
        id_number: str | None = None,
        phone: str | None = None,
        registered: bool = True,
    ) -> Mediator:
        """Make a mediator from a name and optional ID number and phone (validated)."""
        person = structure(
            {"role": "mediator", "name": name, "id_number": id_number, "phone": phone},
            Party,
            what=tr("调解员", "mediator"),
            root="mediator",
        )
        return cls(person=person, registered=registered)


@attrs.frozen
class Committee:
    """A mediation committee: id, name, ``type``, township, mediators, dates.

    ``type`` is a code of :data:`COMMITTEE_TYPES`; ``established`` and ``dissolved`` are optional.
    """

    id: str = attrs.field(validator=_not_blank)
    name: str = attrs.field(validator=_not_blank)
    type: str = attrs.field(validator=_check_type)
    township: str = attrs.field(validator=_not_blank)
    mediators: tuple[Mediator, ...] = ()
    established: dt.date | None = None
    dissolved: dt.date | None = None

    def mediator(self, name: str) -> Mediator | None:
        """Return the mediator called ``name``, if listed."""
        return next((m for m in self.mediators if m.name == name), None)

    def exists_in(self, year: int) -> bool:
        """Whether the committee existed at some time in ``year``."""
        if self.established is not None and self.established.year > year:
            return False
        return not (self.dissolved is not None and self.dissolved.year < year)


def put_committee(book: Book, committee: Committee) -> None:
    """Store ``committee`` in the book's registry (replacing a committee with the same id)."""
    if not isinstance(committee, Committee):
        raise ValidationError(
            tr("应为 Committee 对象", "expected a Committee"),
            problems=[f"committee: {type(committee).__name__}"],
        )
    book.table_put(TABLE, committee.id, CONVERTER.unstructure(committee))


def remove_committee(book: Book, committee_id: str) -> None:
    """Remove committee ``committee_id`` from the registry (its cases keep the id)."""
    book.table_put(TABLE, committee_id, None)


def _load(key: str, row: Any) -> Committee:
    return structure(
        row, Committee, what=tr(f"调委会 {key} 的登记", f"registry row {key}"), root=key
    )


def committees(book: Book) -> dict[str, Committee]:
    """Return the registry: every committee by id, in id order."""
    rows = book.table(TABLE)
    return {key: _load(key, rows[key]) for key in sorted(rows)}


def get_committee(book: Book, committee_id: str) -> Committee | None:
    """Return committee ``committee_id``, or ``None`` if it is not registered."""
    row = book.table_get(TABLE, committee_id)
    return None if row is None else _load(committee_id, row)


def batch_committee(book: Book, committee_id: str) -> Committee | None:
    """Return committee ``committee_id`` as :func:`get_committee` does, read once per batch.

    The registry is read once per batch (:meth:`~casework.book.Book.memo`) and each committee
    is structured once.
    """
    rows, loaded = book.memo(
        "mediation.committees", lambda: (book.table(TABLE), dict[str, Committee]())
    )
    if committee_id not in loaded:
        row = rows.get(committee_id)
        if row is None:
            return None
        loaded[committee_id] = _load(committee_id, row)
    return loaded[committee_id]


# -- import -----------------------------------------------------------------------------------

COLUMNS: Mapping[str, tuple[str, ...]] = {
    "committee_id": ("committee_id", "编号", "调委会编号", "委员会编号"),
    "committee": ("committee", "name", "名称", "调委会名称", "调解委员会"),
    "type": ("type", "类型", "调委会类型"),
    "township": ("township", "乡镇", "所属乡镇", "乡镇街道"),
    "mediator": ("mediator", "调解员", "调解员姓名"),
    "id_number": ("id_number", "身份证号", "身份证号码"),
    "phone": ("phone", "电话", "联系电话"),
    "registered": ("registered", "已登记", "系统登记"),
    "established": ("established", "成立日期"),
    "dissolved": ("dissolved", "撤销日期"),
}
"""Accepted header names of each column of an import file."""

REQUIRED_COLUMNS = ("committee_id", "committee", "type", "township")

_YES = {"是", "y", "yes", "true", "1", "已登记"}
_NO = {"否", "n", "no", "false", "0", "未登记"}


@attrs.frozen
class ImportSummary:
    """What an import stored: committees created and replaced, mediators listed."""

    created: tuple[str, ...]
    replaced: tuple[str, ...]
    mediators: int

    @property
    def committees(self) -> int:
        """How many committees the file held."""
        return len(self.created) + len(self.replaced)


def _read_rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - gb18030 decodes any byte string
            raise ValidationError(tr(f"{path} 编码无法识别", f"{path}: unknown text encoding"))
        return [list(row) for row in csv.reader(text.splitlines())]
    raise ValidationError(
        tr(f"{path}: 不支持的文件类型 {suffix}", f"{path}: unsupported file type {suffix!r}"),
        hint=tr("请使用 .csv 或 .xlsx 文件", "use a .csv or .xlsx file"),
    )


def _read_xlsx(path: Path) -> list[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ValidationError(
            tr(f"{path}: 无法读取 XLSX 文件", f"{path}: cannot read the XLSX file"),
            problems=[f"{type(exc).__name__}: {exc}"],
            hint=tr("请用 Excel 另存为 .xlsx", "save it again as .xlsx"),
        ) from None
    try:
        sheet = workbook.worksheets[0]
        rows: list[list[str]] = []
        for values in sheet.iter_rows(values_only=True):
            rows.append([_cell_text(v) for v in values])
        return rows
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _header(path: Path, header: Sequence[str]) -> tuple[dict[str, int], list[str]]:
    positions: dict[str, int] = {}
    problems: list[str] = []
    lookup = {alias.lower(): key for key, aliases in COLUMNS.items() for alias in aliases}
    for index, name in enumerate(header):
        text = name.strip()
        if not text:
            continue
        key = lookup.get(text.lower())
        if key is None:
            problems.append(
                tr(
                    f"{path}:1: 未知列名 {text!r};可用: {', '.join(COLUMNS)}",
                    f"{path}:1: unknown column {text!r}; known: {', '.join(COLUMNS)}",
                )
            )
        elif key in positions:
            problems.append(tr(f"{path}:1: 列 {key} 重复", f"{path}:1: column {key} given twice"))
        else:
            positions[key] = index
    for key in REQUIRED_COLUMNS:
        if key not in positions:
            problems.append(
                tr(
                    f"{path}:1: 缺少必需列 {key}({COLUMNS[key][1]})",
                    f"{path}:1: missing required column {key} ({COLUMNS[key][1]})",
                )
            )
    return positions, problems


def _date(text: str) -> dt.date | None:
    if not text:
        return None
    return dt.date.fromisoformat(text.replace("/", "-"))


def _parse_row(
    values: Mapping[str, str], where: str
) -> tuple[dict[str, Any] | None, Mediator | None, list[str]]:
    problems: list[str] = []
    kind_text = values.get("type", "")
    kind = TYPE_ALIASES.get(kind_text) or code_from_text(kind_text, COMMITTEE_TYPES)
    if kind is None:
        allowed = ", ".join(f"{c} ({label.zh})" for c, label in COMMITTEE_TYPES.items())
        problems.append(
            tr(
                f"{where}: type: 未知类型 {kind_text!r};可用: {allowed}",
                f"{where}: type: unknown type {kind_text!r}; allowed: {allowed}",
            )
        )
    for key in REQUIRED_COLUMNS:
        if key != "type" and not values.get(key):
            problems.append(tr(f"{where}: {key}: 不能为空", f"{where}: {key}: must not be empty"))
    dates: dict[str, dt.date | None] = {}
    for key in ("established", "dissolved"):
        try:
            dates[key] = _date(values.get(key, ""))
        except ValueError:
            problems.append(
                tr(
                    f"{where}: {key}: {values.get(key)!r} 不是日期,请写作 YYYY-MM-DD",
                    f"{where}: {key}: {values.get(key)!r} is not a date; write YYYY-MM-DD",
                )
            )
    registered = True
    flag = values.get("registered", "").strip().lower()
    if flag in _NO:
        registered = False
    elif flag and flag not in _YES:
        problems.append(
            tr(
                f"{where}: registered: {flag!r} 应为 是/否",
                f"{where}: registered: {flag!r} should be yes/no (是/否)",
            )
        )
    mediator = None
    name = values.get("mediator", "")
    if name:
        try:
            mediator = Mediator.of(
                name,
                id_number=values.get("id_number") or None,
                phone=values.get("phone") or None,
                registered=registered,
            )
        except ValidationError as exc:
            problems.extend(f"{where}: {p}" for p in exc.problems)
    elif values.get("id_number") or values.get("phone"):
        problems.append(
            tr(
                f"{where}: mediator: 填写了身份证号或电话但缺少调解员姓名",
                f"{where}: mediator: an ID number or phone is given without a mediator's name",
            )
        )
    if problems:
        return None, None, problems
    committee = {
        "id": values["committee_id"],
        "name": values["committee"],
        "type": kind,
        "township": values["township"],
        "established": dates["established"],
        "dissolved": dates["dissolved"],
    }
    return committee, mediator, []


def read_committee_file(path: str | Path) -> list[Committee]:
    """Read and validate a committee file; return its committees (nothing is stored).

    Raises :class:`~casework.errors.ValidationError` listing every bad row as ``file:line``
    with the column and the fix.
    """
    source = Path(path)
    if not source.is_file():
        raise ValidationError(
            tr(f"找不到文件 {source}", f"no such file: {source}"),
            hint=tr("请检查路径", "check the path"),
        )
    rows = _read_rows(source)
    if not rows:
        raise ValidationError(tr(f"{source}: 文件为空", f"{source}: the file is empty"))
    positions, problems = _header(source, rows[0])
    found: dict[str, dict[str, Any]] = {}
    members: dict[str, list[Mediator]] = {}
    first_line: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = {key: (row[i].strip() if i < len(row) else "") for key, i in positions.items()}
        where = f"{source}:{number}"
        values, text_problems = clean_cells(values, where)
        if text_problems:
            problems.extend(text_problems)
            continue
        committee, mediator, row_problems = _parse_row(values, where)
        if row_problems or committee is None:
            problems.extend(row_problems)
            continue
        cid = committee["id"]
        if cid in found:
            for key in ("name", "type", "township", "established", "dissolved"):
                if found[cid][key] != committee[key]:
                    problems.append(
                        tr(
                            f"{where}: {key}: 与第 {first_line[cid]} 行的同一调委会 {cid} 不一致",
                            f"{where}: {key}: differs from line {first_line[cid]} of the same "
                            f"committee {cid}",
                        )
                    )
        else:
            found[cid] = committee
            first_line[cid] = number
            members[cid] = []
        if mediator is not None:
            if any(m.name == mediator.name for m in members[cid]):
                problems.append(
                    tr(
                        f"{where}: mediator: {mediator.name} 在调委会 {cid} 中重复",
                        f"{where}: mediator: {mediator.name} is listed twice in {cid}",
                    )
                )
            members[cid].append(mediator)
    if problems:
        raise ValidationError(
            tr(f"{source} 有错误,未导入任何数据", f"{source} has errors; nothing was imported"),
            problems=problems,
            hint=tr("改正所列行后重新导入", "correct the rows listed and import again"),
        )
    result = []
    for cid, data in found.items():
        try:
            result.append(Committee(mediators=tuple(members[cid]), **data))
        except ValueError as exc:  # an attrs validator caught what the row checks did not
            raise ValidationError(
                tr(
                    f"{source}:{first_line[cid]}: 调委会无效",
                    f"{source}:{first_line[cid]}: invalid",
                ),
                problems=[str(exc)],
            ) from None
    return result


def import_committees(book: Book, path: str | Path) -> ImportSummary:
    """Validate the whole file, then store its committees in one commit (all or nothing).

    A committee already registered under the same id is replaced with the file's version.
    """
    loaded = read_committee_file(path)
    existing = book.table(TABLE)
    with book.batch():
        for committee in loaded:
            put_committee(book, committee)
    created = tuple(c.id for c in loaded if c.id not in existing)
    replaced = tuple(c.id for c in loaded if c.id in existing)
    return ImportSummary(
        created=created, replaced=replaced, mediators=sum(len(c.mediators) for c in loaded)
    )


def committee_rows(
    registry: Iterable[Committee], *, unmasked: bool = False
) -> list[dict[str, Any]]:
    """Return JSON-ready rows of ``registry``, mediators' ID numbers and phones masked."""
    rows = []
    for committee in registry:
        mediators = []
        for m in committee.mediators:
            person = (
                {"name": m.name, "id_number": m.person.id_number, "phone": m.person.phone}
                if unmasked
                else {k: m.person.masked()[k] for k in ("name", "id_number", "phone")}
            )
            mediators.append({**person, "registered": m.registered})
        rows.append(
            {
                "id": committee.id,
                "name": committee.name,
                "type": committee.type,
                "type_label": COMMITTEE_TYPES[committee.type].get(),
                "township": committee.township,
                "established": committee.established.isoformat() if committee.established else None,
                "dissolved": committee.dissolved.isoformat() if committee.dissolved else None,
                "mediators": mediators,
            }
        )
    return rows
