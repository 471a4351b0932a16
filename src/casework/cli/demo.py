"""``casework demo``: build the Fenyang 2020 sample book, then show its dashboard and 2020 report.

The sample book is fictional data built to reproduce the published figures of 汾阳市's 2020
rule-of-law report (see ``examples/fenyang_2020/README.md``). The builder is the script
``examples/fenyang_2020/build.py``; :func:`load_builder` finds it inside the installed package
(``casework/_examples/fenyang_2020/build.py``, carried by the wheel), else in the source
checkout the package was installed from, else under the current directory.

The command needs no input: it builds the book at ``--book`` when that folder holds no book yet,
never touches an existing book, and then prints the dashboard (as of 31 December 2020) and the
report. With ``--json`` it prints the report as JSON instead.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.console import RenderableType

    from casework.book import Book

YEAR = 2020
BUILDER = Path("fenyang_2020") / "build.py"
MODULE = "casework_fenyang_2020_build"


def builder_paths() -> list[Path]:
    """Where the builder script may be, most specific first."""
    package = Path(__file__).resolve().parents[1]
    return [
        package / "_examples" / BUILDER,
        package.parents[1] / "examples" / BUILDER,
        Path.cwd() / "examples" / BUILDER,
    ]


def load_builder() -> ModuleType:
    """Import the sample book's builder module from the first of :func:`builder_paths` found."""
    if MODULE in sys.modules:
        return sys.modules[MODULE]
    from casework.errors import CaseworkError
    from casework.i18n import tr

    for path in builder_paths():
        if path.is_file():
            spec = importlib.util.spec_from_file_location(MODULE, path)
            if spec is None or spec.loader is None:
                continue
            module = importlib.util.module_from_spec(spec)
            sys.modules[MODULE] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[MODULE]
                raise
            return module
    raise CaseworkError(
        tr("找不到示例案件簿的生成脚本", "the sample book's builder is not installed"),
        hint=tr(
            "在 casework 源码目录中运行,或重新安装 casework",
            "run from the casework source folder, or reinstall casework",
        ),
    )


def holds_book(path: Path | str) -> bool:
    """Whether ``path`` is a casework book folder, or a server book that holds cases."""
    from casework.stores.postgres import is_url

    if is_url(path):
        import casework
        from casework.errors import StorageError

        try:
            with casework.open_book(path, create=False) as book:
                return bool(book.ids())
        except StorageError:
            return False
    return (Path(path) / "book.json").is_file()


def ensure_book(path: Path | str) -> tuple[Book, bool]:
    """Open the book at ``path``, building the sample book first when there is none.

    Returns the book and whether it was built now. A folder that holds other files is refused
    (StorageError), as ``open_book`` refuses it.
    """
    import casework

    if holds_book(path):
        return casework.open_book(path, create=False), False
    if isinstance(path, Path) and path.exists() and (not path.is_dir() or any(path.iterdir())):
        from casework.errors import StorageError
        from casework.i18n import tr

        raise StorageError(
            tr(f"{path} 已有其他文件,不是案件簿", f"{path} is not empty and holds no book"),
            hint=tr("请用 --book 指定一个新文件夹", "give a new folder with --book"),
        )
    book: Book = load_builder().build(path)
    return book, True


def summary(book: Book, lang: str) -> RenderableType:
    """A compact summary of the book: cases per kind and state (when no dashboard view exists)."""
    from rich.table import Table
    from rich.text import Text

    from casework.i18n import Label
    from casework.plugins import case_types

    types = case_types()
    table = Table(title=Label("案件总览", "Cases").get(lang))
    table.add_column(Label("类型", "Kind").get(lang))
    table.add_column(Label("状态", "State").get(lang))
    table.add_column(Label("件数", "Cases").get(lang), justify="right")
    for kind, states in sorted(book.count().items()):
        found = types.get(kind)
        for state, count in sorted(states.items()):
            table.add_row(
                Text(found.label.get(lang) if found else kind),
                Text(found.state_label(state).get(lang) if found else state),
                str(count),
            )
    return table


def dashboard(book: Book, lang: str) -> RenderableType:
    """The CLI's dashboard as of 31 December of the sample year, or :func:`summary`."""
    try:
        from casework.cli import views
        from casework.cli.listing import dashboard_facts
    except ImportError:  # pragma: no cover - the dashboard ships with the CLI
        return summary(book, lang)
    return views.dashboard(dashboard_facts(book, dt.date(YEAR, 12, 31), lang))


@click.command()
def demo() -> None:
    """演示:建立汾阳2020示例案件簿并显示总览和年度报告 / build the sample book, show it.

    The book goes to --book when that folder holds no book yet; an existing book is never
    changed. The sample data is fictional, built to match the published 2020 figures.
    """
    from casework.i18n import tr
    from casework.render import report_json, report_renderable
    from casework.text import console as Console

    root = click.get_current_context().find_root()
    options = root.obj if isinstance(root.obj, dict) else {}
    from casework.stores.postgres import is_url, redact

    given = str(options.get("book", "./casework-book"))
    path: Path | str = given if is_url(given) else Path(given).expanduser()
    shown = redact(given) if is_url(given) else str(path)
    lang = str(options.get("lang", "zh"))
    err = Console(stderr=True, highlight=False)
    if not holds_book(path):
        err.print(tr(f"正在建立示例案件簿 {shown} …", f"building the sample book in {shown} …"))
    started = time.perf_counter()
    book, built = ensure_book(path)
    try:
        if built:
            seconds = time.perf_counter() - started
            err.print(
                tr(
                    f"已建立示例案件簿(虚构数据),用时 {seconds:.1f} 秒",
                    f"sample book built (fictional data) in {seconds:.1f} s",
                )
            )
        report = book.report(YEAR)
        if options.get("json"):
            click.echo(report_json(report, lang), nl=False)
            return
        out = Console(highlight=False)
        out.print(dashboard(book, lang))
        out.print(report_renderable(report, lang))
    finally:
        book.close()


def register(cli: click.Group) -> None:
    """Add the ``demo`` command to the command line."""
    cli.add_command(demo)
