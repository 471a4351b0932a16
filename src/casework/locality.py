"""The locality a book serves: its names, its level, its case numbers and its local rules files.

A county's justice bureau (司法局) keeps one book. Everything that differs from one locality to
the next is data in the book's ``config.json``, under ``"locality"``, validated when the book is
opened (:meth:`casework.book.Book.locality`)::

    {
      "locality": {
        "name": "清河县",              // the locality's full name
        "level": "县",                 // 市, 县 or 区 (default: the last character of name)
        "short": "清",                 // its one-character short name (default: name's first)
        "government": "清河县人民政府",  // the defaults are derived from name as shown
        "bureau": "清河县司法局",
        "court": "清河县人民法院",
        "procuratorate": "清河县人民检察院",
        "rules": {                      // local rules files, relative to the book folder
          "mediation_subsidy": [{"file": "mediation/subsidy.toml",
                                 "effective_from": "2021-01-01"}]
        }
      },
      "numbering": {"reconsideration": "清政复〔{year}〕{seq}号"}
    }

Every key is optional: a book without settings is a neutral county (``本县``, 全县, 县政府), and
names nothing. ``numbering`` (per kind) overrides a kind's case-number template; a template may use
``{short}`` (the short name), ``{year}`` and ``{seq}``, so a kind declares
``"{short}政复〔{year}〕{seq}号"`` and a book for 清河县 numbers 清政复〔2025〕1号.

Plugins read the settings through ``book.locality`` (a :class:`Locality`): the names, the words a
sentence uses (:attr:`Locality.area` 全县, :attr:`Locality.government_short` 县政府) and
:meth:`Locality.rules_file` for a local rules file in force on a date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from casework.errors import ValidationError
from casework.i18n import tr
from casework.text import normalise, text_problem

if TYPE_CHECKING:
    from casework.workflow import CaseType

LEVELS = ("市", "县", "区")
"""The levels of locality a book may serve: a county-level city, a county or a district."""

RULE_FILES: dict[str, tuple[str, str, str]] = {
    "mediation_subsidy": (
        "mediation/subsidy.toml",
        "以案定补规则(人民调解)",
        "case-based subsidy rules (mediation)",
    ),
    "mediation_dossier": (
        "mediation/dossier.toml",
        "卷宗清单(人民调解)",
        "dossier checklists (mediation)",
    ),
    "legal_aid_closing": (
        "legal_aid/closing.toml",
        "结案立卷与审查期限(法律援助)",
        "closing periods (legal aid)",
    ),
    "commitment_verification": (
        "commitment/verification.toml",
        "事中事后核查期限(告知承诺)",
        "verification period (certification by commitment)",
    ),
    "certificate_rules": (
        "certificate/rules.toml",
        "证件有效期、换证与考试(行政执法证件)",
        "validity, renewal and examination (enforcement certificates)",
    ),
}
"""The local rules files a book may name: key -> (conventional path, zh label, en label).

A plugin may look up other keys with :meth:`Locality.rules_file`; these are the ones the built-in
kinds read. When a book names no file for a key, the kind uses the conventional path if the file is
there, else its shipped default (marked as an example where it is one).
"""

_KEYS = ("name", "level", "short", "government", "bureau", "court", "procuratorate", "rules")
_FILE_KEYS = ("file", "effective_from")
MAX_NAME = 40


@attrs.frozen
class RulesFile:
    """One version of a local rules file: its path (relative to the book) and first day in force."""

    file: str
    effective_from: dt.date | None = None


@attrs.frozen
class Locality:
    """The settings of one locality; every derived name follows from ``name`` and ``level``."""

    name: str = ""
    level: str = "县"
    short: str = ""
    government: str = ""
    bureau: str = ""
    court: str = ""
    procuratorate: str = ""
    rules: Mapping[str, tuple[RulesFile, ...]] = attrs.field(factory=dict)
    root: Path | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def configured(self) -> bool:
        """Whether the book names its locality (else every name is the neutral 本县/本市)."""
        return bool(self.name)

    @property
    def display_name(self) -> str:
        """The locality's name, or 本县 (本市, 本区) when none is set."""
        return self.name or f"本{self.level}"

    @property
    def area(self) -> str:
        """全县, 全市 or 全区: how a sentence speaks of the whole locality."""
        return f"全{self.level}"

    @property
    def ours(self) -> str:
        """我县, 我市 or 我区."""
        return f"我{self.level}"

    @property
    def government_short(self) -> str:
        """县政府, 市政府 or 区政府: the government as the locality's own reports name it."""
        return f"{self.level}政府"

    @property
    def government_name(self) -> str:
        """The government's full name: ``government``, else ``<name>人民政府``."""
        return self.government or f"{self.display_name}人民政府"

    @property
    def bureau_name(self) -> str:
        """The justice bureau's full name: ``bureau``, else ``<name>司法局``."""
        return self.bureau or f"{self.display_name}司法局"

    @property
    def court_name(self) -> str:
        """The basic people's court: ``court``, else ``<name>人民法院``."""
        return self.court or f"{self.display_name}人民法院"

    @property
    def procuratorate_name(self) -> str:
        """The people's procuratorate: ``procuratorate``, else ``<name>人民检察院``."""
        return self.procuratorate or f"{self.display_name}人民检察院"

    def rules_file(self, key: str, on: dt.date | None = None) -> Path | None:
        """The rules file ``key`` in force on ``on`` (the latest when ``on`` is ``None``).

        Falls back to the conventional path of :data:`RULE_FILES` when the book names no file
        and that file exists; ``None`` when the book has no such file (the kind's default applies).
        """
        versions = self.rules.get(key, ())
        chosen: RulesFile | None = None
        for version in versions:
            if on is None or version.effective_from is None or version.effective_from <= on:
                chosen = version
        if chosen is not None:
            return (self.root / chosen.file) if self.root is not None else Path(chosen.file)
        conventional = RULE_FILES.get(key)
        if conventional and self.root is not None and (self.root / conventional[0]).is_file():
            return self.root / conventional[0]
        return None

    def to_dict(self) -> dict[str, Any]:
        """The settings as ``config.json`` holds them (derived names written out)."""
        return {
            "name": self.name,
            "level": self.level,
            "short": self.short,
            "government": self.government_name,
            "bureau": self.bureau_name,
            "court": self.court_name,
            "procuratorate": self.procuratorate_name,
            "rules": {
                key: [
                    {"file": v.file}
                    | ({"effective_from": v.effective_from.isoformat()} if v.effective_from else {})
                    for v in versions
                ]
                for key, versions in self.rules.items()
            },
        }


def derive(name: str, level: str | None = None, short: str | None = None) -> tuple[str, str]:
    """Return ``(level, short)`` for locality ``name``: 清河县 -> (县, 清); 汾阳市 -> (市, 汾)."""
    name = name.strip()
    if level is None:
        level = name[-1] if name and name[-1] in LEVELS else "县"
    if short is None:
        stem = name[: -len(level)] if name.endswith(level) and len(name) > 1 else name
        short = stem[:1]
    return level, short


def _text(raw: Mapping[str, Any], key: str, problems: list[str]) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        problems.append(
            tr(f"locality.{key}: 应为文字(加引号)", f"locality.{key}: expected text in quotes")
        )
        return ""
    value = normalise(value).strip()
    problem = text_problem(value, f"locality.{key}", line=True, limit=MAX_NAME)
    if problem is None and any(c in "{}" for c in value):
        problem = tr(f"locality.{key}: 不能含花括号", f"locality.{key}: no braces")
    if problem is not None:
        problems.append(problem)
        return ""
    return value


def _rules(raw: Any, root: Path | None, problems: list[str]) -> dict[str, tuple[RulesFile, ...]]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        problems.append(
            tr(
                'locality.rules: 应为对象,如 {"mediation_subsidy": [{"file": "..."}]}',
                'locality.rules: expected an object like {"mediation_subsidy": [{"file": "..."}]}',
            )
        )
        return {}
    out: dict[str, tuple[RulesFile, ...]] = {}
    for key, entries in raw.items():
        where = f"locality.rules.{key}"
        if not isinstance(key, str) or not key.isidentifier():
            problems.append(tr(f"{where}: 键应为英文标识符", f"{where}: not an identifier"))
            continue
        items = [entries] if isinstance(entries, Mapping | str) else entries
        if not isinstance(items, list) or not items:
            problems.append(
                tr(
                    f'{where}: 应为 [{{"file": "...", "effective_from": "2021-01-01"}}]',
                    f'{where}: expected [{{"file": "...", "effective_from": "2021-01-01"}}]',
                )
            )
            continue
        versions: list[RulesFile] = []
        for n, item in enumerate(items):
            at = f"{where}[{n}]"
            if isinstance(item, str):
                item = {"file": item}
            if not isinstance(item, Mapping):
                problems.append(tr(f"{at}: 应为对象", f"{at}: expected an object"))
                continue
            for extra in sorted(set(item) - set(_FILE_KEYS)):
                problems.append(
                    tr(
                        f"{at}.{extra}: 未知的键(可用: file, effective_from)",
                        f"{at}.{extra}: unknown key (known: file, effective_from)",
                    )
                )
            file = item.get("file")
            if not isinstance(file, str) or not file.strip():
                problems.append(tr(f"{at}.file: 须填写文件路径", f"{at}.file: give the file path"))
                continue
            relative = Path(file.strip())
            if relative.is_absolute() or ".." in relative.parts:
                problems.append(
                    tr(
                        f"{at}.file: 应为案件簿文件夹内的相对路径",
                        f"{at}.file: a path inside the book folder, relative to it",
                    )
                )
                continue
            if root is not None and not (root / relative).is_file():
                problems.append(
                    tr(
                        f"{at}.file: 找不到文件 {relative}(请放入案件簿文件夹或改正路径)",
                        f"{at}.file: {relative} does not exist (put it in the book folder or "
                        "fix the path)",
                    )
                )
                continue
            effective: dt.date | None = None
            value = item.get("effective_from")
            if value is not None:
                try:
                    effective = dt.date.fromisoformat(str(value))
                except ValueError:
                    problems.append(
                        tr(
                            f"{at}.effective_from: {str(value)[:30]!r} 不是日期,请写作 2021-01-01",
                            f"{at}.effective_from: {str(value)[:30]!r} is not a date; write "
                            "2021-01-01",
                        )
                    )
                    continue
            versions.append(RulesFile(relative.as_posix(), effective))
        dates = [v.effective_from or dt.date.min for v in versions]
        if len(set(dates)) != len(dates):
            problems.append(
                tr(f"{where}: 两个版本的施行日期相同", f"{where}: two versions share a date")
            )
        out[key] = tuple(sorted(versions, key=lambda v: v.effective_from or dt.date.min))
    return out


def parse_locality(raw: Any, root: Path | None = None) -> Locality:
    """Validate the ``"locality"`` object of ``config.json``; raise one error listing each problem.

    ``root`` is the book folder: rules files must exist inside it.
    """
    if raw is None:
        return Locality(root=root)
    problems: list[str] = []
    if not isinstance(raw, Mapping):
        raise ValidationError(
            tr("config.json 的 locality 应为对象", "locality in config.json must be an object"),
            problems=[
                tr('locality: 写作 {"name": "清河县"}', 'locality: write {"name": "清河县"}')
            ],
            hint=tr("修正 config.json", "repair config.json"),
        )
    for extra in sorted(set(raw) - set(_KEYS)):
        problems.append(
            tr(
                f"locality.{extra}: 未知的键(可用: {', '.join(_KEYS)})",
                f"locality.{extra}: unknown key (known: {', '.join(_KEYS)})",
            )
        )
    name = _text(raw, "name", problems)
    given_level = _text(raw, "level", problems) or None
    given_short = _text(raw, "short", problems) or None
    if given_level is not None and given_level not in LEVELS:
        problems.append(
            tr(
                f"locality.level: {given_level!r} 无效,应为 市、县 或 区",
                f"locality.level: {given_level!r} is not one of 市, 县, 区",
            )
        )
        given_level = None
    level, short = derive(name, given_level, given_short)
    if len(short) > 4:
        problems.append(
            tr("locality.short: 简称不超过4个字", "locality.short: at most 4 characters")
        )
    values = {k: _text(raw, k, problems) for k in ("government", "bureau", "court")}
    procuratorate = _text(raw, "procuratorate", problems)
    rules = _rules(raw.get("rules"), root, problems)
    if problems:
        raise ValidationError(
            tr("config.json 中的本地设置有错误", "the locality settings in config.json are wrong"),
            problems=problems,
            hint=tr(
                "按所列字段修正 config.json;格式见 docs/locality.md",
                "fix each field listed in config.json; the format is in docs/locality.md",
            ),
        )
    return Locality(
        name=name,
        level=level,
        short=short,
        procuratorate=procuratorate,
        rules=rules,
        root=root,
        **values,
    )


def from_options(
    name: str,
    *,
    level: str | None = None,
    short: str | None = None,
    government: str | None = None,
    bureau: str | None = None,
    court: str | None = None,
    procuratorate: str | None = None,
) -> Locality:
    """Build (and validate) settings from a name and optional overrides, as ``init`` does."""
    raw: dict[str, Any] = {"name": name}
    for key, value in (
        ("level", level),
        ("short", short),
        ("government", government),
        ("bureau", bureau),
        ("court", court),
        ("procuratorate", procuratorate),
    ):
        if value:
            raw[key] = value
    return parse_locality(raw)


def number_format(template: str | None, locality: Locality) -> str | None:
    """Fill ``{short}`` of a kind's case-number template, leaving ``{year}`` and ``{seq}``."""
    if template is None:
        return None
    return template.replace("{short}", locality.short)


def read_rules_toml(path: str | Path | None, env: str) -> tuple[dict[str, Any], str] | None:
    """Read a kind's local rules: TOML file ``path`` (a book's rules file), else ``$env``.

    Returns the parsed table and the file's name, or ``None`` when neither is given (the kind's
    defaults apply). A file that cannot be read or parsed is one ValidationError naming it, with
    the fix: the book's setting for a book's file, the environment variable otherwise (the
    process-wide fallback a kind keeps for books that name no file).
    """
    import os
    import tomllib

    from casework.errors import ValidationError
    from casework.i18n import tr

    chosen = path if path is not None else os.environ.get(env)
    if not chosen:
        return None
    file = Path(chosen)
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        hint = (
            tr("修正该文件,或改正案件簿设置中的文件名", "repair the file or the book's setting")
            if path is not None
            else tr(f"修正该文件,或取消环境变量 {env}", f"repair the file or unset {env}")
        )
        raise ValidationError(
            tr(f"无法读取本地规则文件 {file}: {exc}", f"cannot read local rules {file}: {exc}"),
            hint=hint,
        ) from None
    return raw, str(file)


def from_rules_file(
    key: str, rebuild: Callable[[Path], CaseType]
) -> Callable[[Locality], CaseType | None]:
    """A ``CaseType.localize`` for a kind whose local rules are one file of the book's settings.

    A book whose locality names a ``key`` rules file gets ``rebuild(path)``; any other book keeps
    the type as registered::

        localize=from_rules_file("legal_aid_closing", lambda p: make_case_type(load_rules(p)))
    """

    def localize(locality: Locality) -> CaseType | None:
        path = locality.rules_file(key)
        return rebuild(path) if path is not None else None

    return localize


__all__ = [
    "LEVELS",
    "RULE_FILES",
    "Locality",
    "RulesFile",
    "derive",
    "from_options",
    "from_rules_file",
    "number_format",
    "parse_locality",
    "read_rules_toml",
]
