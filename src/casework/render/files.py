"""Writing the report to a file, atomically, and gathering the cases for its case list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from casework.errors import ValidationError
from casework.i18n import tr
from casework.model import Case
from casework.render.common import FORMATS
from casework.render.text import report_json, report_markdown
from casework.report import Report, ReportContext
from casework.store import atomic_write

if TYPE_CHECKING:
    from casework.book import Book

_SUFFIXES = {".md": "md", ".markdown": "md", ".json": "json", ".xlsx": "xlsx", ".docx": "docx"}


def guess_format(path: Path | str) -> str | None:
    """The format named by ``path``'s suffix (``.md``, ``.json``, ``.xlsx``, ``.docx``), if any."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def _check_format(fmt: str) -> str:
    chosen = fmt.lower().lstrip(".") if isinstance(fmt, str) else ""
    chosen = "md" if chosen == "markdown" else chosen
    if chosen not in FORMATS:
        raise ValidationError(
            tr(f"不支持的报告格式 {fmt!r}", f"unsupported report format {fmt!r}"),
            hint=tr(f"可选: {', '.join(FORMATS)}", f"choose one of {', '.join(FORMATS)}"),
        )
    return chosen


def report_bytes(
    report: Report, fmt: str, lang: str | None = None, cases: Iterable[Case] | None = None
) -> bytes:
    """The report rendered as the bytes of a ``fmt`` file (``md``, ``json``, ``xlsx``, ``docx``).

    ``cases`` adds a case-list sheet to an XLSX workbook (the other formats ignore it).
    """
    chosen = _check_format(fmt)
    if chosen == "md":
        return report_markdown(report, lang).encode("utf-8")
    if chosen == "json":
        return report_json(report, lang).encode("utf-8")
    from casework.render.office import docx_bytes, xlsx_bytes

    if chosen == "xlsx":
        return xlsx_bytes(report, lang, cases)
    return docx_bytes(report, lang)


def write_report(
    report: Report,
    path: Path,
    fmt: str,
    lang: str | None = None,
    *,
    cases: Iterable[Case] | None = None,
) -> Path:
    """Write the report to ``path`` as ``fmt`` and return the path.

    The file is rendered in memory first, then written to a temporary file in the same folder
    and moved over ``path`` with ``os.replace``: a reader, or a crash, never meets half a file,
    and an existing file is replaced only by a complete one. ``cases`` (e.g.
    :func:`report_cases`) adds a case-list sheet to an XLSX workbook. Raises ValidationError
    for an unknown format or a ``path`` that is a folder.
    """
    target = Path(path).expanduser()
    data = report_bytes(report, fmt, lang, cases)
    if target.is_dir():
        raise ValidationError(
            tr(f"{target} 是文件夹", f"{target} is a folder"),
            hint=tr("请给出文件名,如 2020.xlsx", "give a file name, e.g. 2020.xlsx"),
        )
    atomic_write(target, data)
    return target


def report_cases(
    book: Book, year: int, kinds: Sequence[str] | None = None, as_of: dt.date | None = None
) -> list[Case]:
    """The cases the report of ``year`` counts: received in the year, or earlier and acted on in it.

    ``kinds`` limits the list (default: every installed kind); cases come kind by kind, each by
    date of receipt, as they stood on ``as_of`` (the report's day; default the year's end).
    """
    from casework.plugins import case_types

    context = ReportContext(book, year, as_of=as_of)
    chosen = list(kinds) if kinds is not None else sorted(case_types())
    return [case for kind in chosen for case in context.cases(kind)]
