"""The click group, its global options, error handling and command registration.

Built-in commands live in the modules of :data:`COMMAND_MODULES`, each exposing
``register(cli: click.Group) -> None``; plugins add theirs through the ``register_commands`` hook.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from casework.errors import CaseworkError

COMMAND_MODULES = (
    "casework.cli.commands",
    "casework.cli.demo",
    "casework.cli.scaffold",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--book",
    "book_path",
    envvar="CASEWORK_BOOK",
    default="./casework-book",
    show_default=True,
    help="案件簿文件夹 / the book folder",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="界面语言 / language",
)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON / print JSON for scripts")
@click.option("--debug", is_flag=True, help="出错时显示调用栈 / show tracebacks")
@click.pass_context
def cli(ctx: click.Context, book_path: str, lang: str, as_json: bool, debug: bool) -> None:
    """casework: 行政复议、行政应诉、法律援助、人民调解案件管理."""
    from casework.i18n import set_language

    set_language(lang)
    ctx.obj = {"book": book_path, "lang": lang, "json": as_json, "debug": debug}


def _register_builtin_commands() -> None:
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.register(cli)


def _register_plugin_commands() -> None:
    from casework import plugins

    plugins.call_hook("register_commands", cli=cli)


_register_builtin_commands()
_register_plugin_commands()


def main(argv: list[str] | None = None) -> Any:
    """Run the command line; a :class:`CaseworkError` becomes one red line and exit status 1."""
    try:
        return cli.main(args=argv, prog_name="casework", standalone_mode=True)
    except CaseworkError as exc:  # pragma: no cover - standalone_mode handles exits
        click.secho(str(exc), fg="red", err=True)
        sys.exit(1)
