"""The ``report`` command: the annual report on screen, as JSON, or written to a file.

The renderers live in :mod:`casework.render` (``report_renderable``, ``write_report``); while
that module is not installed, the screen shows a plain table of figures and sentences and files
can be written as JSON or Markdown only.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

from casework.cli.context import Env, dumps
from casework.cli.transfer import atomic_write_bytes
from casework.errors import ValidationError
from casework.i18n import tr
from casework.report import Report

FORMATS = {".md": "md", ".json": "json", ".xlsx": "xlsx", ".docx": "docx"}


def renderers() -> ModuleType | None:
    """The report renderers module, if installed."""
    try:
        return importlib.import_module("casework.render")
    except ModuleNotFoundError as exc:
        if exc.name in ("casework.render",):
            return None
        raise


def run_report(e: Env, year: int, fmt: str | None, output: str | None) -> None:
    """Build the report of ``year`` and show it, print it as JSON, or write it to ``output``."""
    report = e.book().report(year)
    if output is None and fmt is not None:
        raise ValidationError(
            tr("缺少输出文件", "no output file"),
            problems=["--output"],
            hint=tr("用 --output 文件名 指定", "give --output PATH"),
        )
    if output is not None:
        path = Path(output)
        chosen = fmt or FORMATS.get(path.suffix.lower())
        if chosen is None:
            raise ValidationError(
                tr("无法判断文件格式", "cannot tell the file format"),
                problems=[f"--output {output}"],
                hint=tr("用 --format md|json|xlsx|docx", "give --format md|json|xlsx|docx"),
            )
        written = write(report, path, chosen, e.lang)
        if e.as_json:
            e.emit({"year": year, "format": chosen, "output": str(written)})
        else:
            e.note(tr(f"已写入 {written}", f"written: {written}"))
        return
    if e.as_json:
        e.emit(report.to_dict(e.lang))
        return
    render = renderers()
    if render is not None:
        e.show(render.report_renderable(report, e.lang))
    else:
        from casework.cli.views import report_view

        e.show(report_view(report.to_dict(e.lang), e.lang))


def write(report: Report, path: Path, fmt: str, lang: str) -> Path:
    """Write ``report`` to ``path`` in ``fmt`` through the renderers (JSON/Markdown without)."""
    render = renderers()
    if render is not None:
        written: Any = render.write_report(report, path, fmt)
        return Path(written)
    if fmt == "json":
        atomic_write_bytes(path, dumps(report.to_dict(lang)).encode("utf-8") + b"\n")
        return path
    if fmt == "md":
        atomic_write_bytes(path, _markdown(report, lang).encode("utf-8"))
        return path
    raise ValidationError(
        tr(f"暂不能写 {fmt} 格式", f"cannot write {fmt} yet"),
        hint=tr("报告渲染模块未安装,请用 md 或 json", "the renderers are missing: use md or json"),
    )


def _markdown(report: Report, lang: str) -> str:
    lines = [tr(f"# {report.year} 年度报告", f"# Annual report {report.year}"), ""]
    for section in report.sections:
        lines += [f"## {section.title.get(lang)}", ""]
        lines += [*section.text(lang), ""]
        lines += [f"| {tr('项目', 'figure')} | {tr('数值', 'value')} |", "| --- | ---: |"]
        lines += [f"| {section.label(k, lang)} | {v} |" for k, v in section.figures.items()]
        lines.append("")
    return "\n".join(lines)
