"""Time building the Fenyang 2020 sample book and rendering its report (target: under 10 s).

Run from the repository root: ``python benchmarks/fenyang.py``. Wall-clock and CPU time are
printed for each step; CPU time shows the cost when other programs share the machine.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def timed(label: str, step: Callable[[], T], totals: list[float]) -> T:
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    totals[0] += wall
    totals[1] += cpu
    print(f"{label:<28} {wall:6.2f} s wall {cpu:6.2f} s cpu")
    return result


def main() -> int:
    from rich.console import Console

    from casework.cli.demo import load_builder
    from casework.render import report_cases, report_renderable, write_report

    builder = load_builder()
    totals = [0.0, 0.0]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        book = timed("build the book", lambda: builder.build(root / "book"), totals)
        report = timed("Book.report(2020)", lambda: book.report(2020), totals)
        console = Console(file=io.StringIO(), width=100, color_system=None)
        timed("terminal", lambda: console.print(report_renderable(report)), totals)
        for fmt in ("md", "json", "docx"):
            timed(fmt, lambda f=fmt: write_report(report, root / f"2020.{f}", f), totals)  # type: ignore[misc]
        cases = timed("report_cases (case list)", lambda: report_cases(book, 2020), totals)
        timed(
            f"xlsx with {len(cases)} cases",
            lambda: write_report(report, root / "2020.xlsx", "xlsx", cases=cases),
            totals,
        )
        book.close()
    print(f"{'total':<28} {totals[0]:6.2f} s wall {totals[1]:6.2f} s cpu (target: under 10 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
