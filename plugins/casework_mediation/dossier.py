"""The dossier (卷宗) checklist, and the derived rule "standard dossier" (卷宗规范, 一案一卷).

The checklist is data: a list of items, each ``always`` required (必须), ``as_needed`` (按需, never
demanded), or required only when a condition of the case holds:

- ``written_agreement``: the case ended in a written agreement (调解协议书). The template marks
  the 调解协议书 必须, which presumes a written agreement; an oral agreement is recorded in the
  调解记录 instead (PML Art. 30), so it is not demanded then;
- ``followed_up``: a follow-up visit (回访) was recorded, so its record belongs in the file;
- ``confirmation``: 司法确认 was applied for, so its papers belong in the file.

The default list is the 13-item template of ``domain.md`` §4 for every committee type. A book may
replace it, per committee type, with ``mediation/dossier.toml`` in its folder::

    [checklists.default]            # every type without its own list
    items = [
      { code = "application", zh = "申请书或受理登记表", en = "application", required = "always" },
      ...
    ]
    [checklists.professional]       # e.g. 行业性专业性 committees
    items = [ ... ]

A dossier is *standard* when it was filed and every item required for the case is present.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from casework.errors import ValidationError
from casework.i18n import Label, tr
from casework.model import Case
from casework_mediation.codes import COMMITTEE_TYPES

if TYPE_CHECKING:
    from casework.book import Book

CONDITIONS: Mapping[str, Label] = {
    "always": Label("必须", "always"),
    "as_needed": Label("按需", "as needed"),
    "written_agreement": Label("书面协议时必须", "when the agreement is written"),
    "followed_up": Label("已回访时必须", "when a follow-up visit was made"),
    "confirmation": Label("申请司法确认时必须", "when judicial confirmation was sought"),
}
"""When a checklist item is required."""

BOOK_FILE = Path("mediation") / "dossier.toml"
"""Where a book folder keeps its own checklists."""


@attrs.frozen
class DossierItem:
    """One document of the dossier: ``code``, its label, and when it is ``required``."""

    code: str
    label: Label
    required: str = "always"

    def needed(self, case: Case) -> bool:
        """Whether ``case``'s dossier must contain this item."""
        return self.required in conditions(case)


def conditions(case: Case) -> frozenset[str]:
    """The codes of :data:`CONDITIONS` that hold for ``case`` (``as_needed`` never does).

    An item is required when its condition is among them; the 以案定补 report keeps these codes
    among a case's facts, so that a checklist is applied without the case.
    """
    details = case.details
    found = {"always"}
    if details.agreement is not None and details.agreement.form == "written":
        found.add("written_agreement")
    if details.follow_ups:
        found.add("followed_up")
    if details.confirmation is not None:
        found.add("confirmation")
    return frozenset(found)


@attrs.frozen
class Checklist:
    """An ordered list of dossier items."""

    items: tuple[DossierItem, ...]

    def codes(self) -> tuple[str, ...]:
        """Every item code, in filing order."""
        return tuple(i.code for i in self.items)

    def item(self, code: str) -> DossierItem | None:
        """The item called ``code``, if listed."""
        return next((i for i in self.items if i.code == code), None)

    def required(self, case: Case, extra: Sequence[str] = ()) -> tuple[str, ...]:
        """The item codes ``case``'s dossier must contain, plus ``extra`` codes demanded."""
        needed = [i.code for i in self.items if i.needed(case)]
        return (*needed, *(c for c in extra if c not in needed))

    def missing(self, case: Case, extra: Sequence[str] = ()) -> tuple[str, ...]:
        """Required items absent from the filed dossier (all of them if none was filed)."""
        dossier = case.details.dossier
        present = set(dossier.items) if dossier is not None else set()
        return self.lacking(present, conditions(case), extra)

    def lacking(
        self, present: Collection[str], holds: Collection[str], extra: Sequence[str] = ()
    ) -> tuple[str, ...]:
        """Required items absent from ``present``, for a case where the conditions ``holds`` hold.

        What :meth:`missing` gives of a case, from the item codes filed and :func:`conditions`.
        """
        needed = [i.code for i in self.items if i.required in holds]
        required = (*needed, *(c for c in extra if c not in needed))
        return tuple(c for c in required if c not in present)

    def is_standard(self, case: Case, extra: Sequence[str] = ()) -> bool:
        """卷宗规范: the dossier was filed and holds every required item."""
        return case.details.dossier is not None and not self.missing(case, extra)

    def label(self, code: str) -> Label:
        """The label of item ``code`` (the code itself when unknown)."""
        item = self.item(code)
        return item.label if item else Label(code, code)


TEMPLATE = Checklist(
    (
        DossierItem("application", Label("申请书或受理登记表", "application or registration form")),
        DossierItem("rights_notice", Label("权利义务告知书", "notice of rights and duties")),
        DossierItem("identity", Label("身份证明", "proof of identity")),
        DossierItem("authorisation", Label("授权委托书", "power of attorney"), "as_needed"),
        DossierItem("investigation", Label("调查记录", "investigation record"), "as_needed"),
        DossierItem("evidence", Label("证据", "evidence"), "as_needed"),
        DossierItem("session_record", Label("调解记录", "mediation record")),
        DossierItem("agreement", Label("调解协议书", "written agreement"), "written_agreement"),
        DossierItem("performance_proof", Label("履行凭证", "proof of performance"), "as_needed"),
        DossierItem("follow_up_record", Label("回访记录", "follow-up record"), "followed_up"),
        DossierItem(
            "confirmation_papers",
            Label("司法确认材料", "judicial confirmation papers"),
            "confirmation",
        ),
        DossierItem("dossier_note", Label("卷宗情况说明", "note on the dossier"), "as_needed"),
        DossierItem("back_cover", Label("封底", "back cover")),
    )
)
"""The 13-item template (domain.md §4): 必须 items ``always``, 按需 items by condition."""


def default_checklists() -> dict[str, Checklist]:
    """The template for every committee type."""
    return dict.fromkeys(COMMITTEE_TYPES, TEMPLATE)


def _problem(path: Path, key: str, message: str) -> str:
    return f"{path}: {key}: {message}"


def _items(path: Path, key: str, raw: Any, problems: list[str]) -> Checklist | None:
    if not isinstance(raw, Mapping) or set(raw) != {"items"}:
        problems.append(_problem(path, key, tr("应只含 items 列表", "must hold only `items`")))
        return None
    entries = raw["items"]
    if not isinstance(entries, list) or not entries:
        problems.append(_problem(path, f"{key}.items", tr("应为非空列表", "a non-empty list")))
        return None
    items: list[DossierItem] = []
    for n, entry in enumerate(entries):
        where = f"{key}.items[{n}]"
        if not isinstance(entry, Mapping) or not {"code", "zh", "en"} <= set(entry):
            problems.append(_problem(path, where, tr("须有 code、zh、en", "needs code, zh, en")))
            continue
        extra = set(entry) - {"code", "zh", "en", "required"}
        if extra:
            problems.append(_problem(path, where, f"unknown key(s) {sorted(extra)}"))
        required = entry.get("required", "always")
        if required not in CONDITIONS:
            problems.append(
                _problem(path, f"{where}.required", f"{required!r}; use one of {list(CONDITIONS)}")
            )
            continue
        if not all(isinstance(entry[k], str) and entry[k].strip() for k in ("code", "zh", "en")):
            problems.append(_problem(path, where, tr("code/zh/en 须为文字", "code/zh/en are text")))
            continue
        if any(i.code == entry["code"] for i in items):
            problems.append(_problem(path, f"{where}.code", f"{entry['code']!r} listed twice"))
            continue
        items.append(DossierItem(entry["code"], Label(entry["zh"], entry["en"]), required))
    return Checklist(tuple(items))


def load_checklists(path: str | Path) -> dict[str, Checklist]:
    """Read a checklist file; types it does not name keep the template.

    Raises :class:`~casework.errors.ValidationError` naming the file, the key and the fix.
    """
    source = Path(path)
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(
            tr(f"无法读取 {source}", f"cannot read {source}"), problems=[str(exc)]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ValidationError(
            tr(f"{source} 不是有效的 TOML", f"{source} is not valid TOML"),
            problems=[str(exc)],
            hint=tr("改正所示行列", "fix the line and column shown"),
        ) from None
    problems: list[str] = []
    if set(data) != {"checklists"} or not isinstance(data["checklists"], Mapping):
        raise ValidationError(
            tr(f"{source}: 应只含 [checklists.<类型>] 表", f"{source}: holds [checklists.<type>]"),
            hint=f"types: default, {', '.join(COMMITTEE_TYPES)}",
        )
    found = default_checklists()
    default: Checklist | None = None
    for name, raw in data["checklists"].items():
        key = f"checklists.{name}"
        if name != "default" and name not in COMMITTEE_TYPES:
            problems.append(
                _problem(source, key, f"unknown type; use default, {', '.join(COMMITTEE_TYPES)}")
            )
            continue
        checklist = _items(source, key, raw, problems)
        if checklist is None:
            continue
        if name == "default":
            default = checklist
        else:
            found[name] = checklist
    if problems:
        raise ValidationError(tr(f"{source} 有错误", f"{source} has errors"), problems=problems)
    if default is not None:
        named = set(data["checklists"]) - {"default"}
        found = {t: (found[t] if t in named else default) for t in COMMITTEE_TYPES}
    return found


def book_checklists(book: Book) -> dict[str, Checklist]:
    """The book's checklists: its ``mediation_dossier`` rules file, else the template.

    The file is the one the book's locality settings name (:mod:`casework.locality`), else
    ``<book>/mediation/dossier.toml`` when present.
    """
    path = book.locality.rules_file("mediation_dossier")
    if path is not None:
        return load_checklists(path)
    return default_checklists()
