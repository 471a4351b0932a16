"""The click group, its global options, error handling and command registration.

Built-in commands live in the modules of :data:`COMMAND_MODULES`, each exposing
``register(cli: click.Group) -> None``; plugins add theirs through the ``register_commands`` hook.

Every :class:`~casework.errors.CaseworkError` raised by any command (plugin commands included)
becomes one red line on standard error, "what is wrong (what to do)", and exit status 1; usage
errors exit 2 (click's own handling). A traceback is shown only with ``--debug``.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, cast

import click

from casework.errors import CaseworkError, CaseworkWarning

COMMAND_MODULES = (
    "casework.cli.commands",
    "casework.cli.demo",
    "casework.cli.checking",
    "casework.cli.scaffold",
    "casework.cli.dumping",
)


def _debug(ctx: click.Context) -> bool:
    obj = ctx.find_root().obj
    return bool(isinstance(obj, dict) and obj.get("debug"))


def report_error(message: str, data: dict[str, Any] | None = None) -> None:
    """Print ``message`` as one red line on standard error.

    Scrubbed first (:func:`casework.text.scrub`: personal numbers masked, control characters
    made visible) and escaped: an error never repeats a clear number or an escape code. Under
    ``--json`` the error is one JSON object on standard error instead: ``error`` (the
    reference, e.g. ``case-not-found``, or ``usage``), ``message``, and ``hint``/``problems``,
    scrubbed the same way.
    """
    from casework.text import scrub

    if _json_wanted():
        from casework.cli.context import dumps

        payload = {"error": "error", "message": message, **(data or {})}
        click.echo(scrub(dumps(payload)), err=True)
        return
    from rich.markup import escape

    from casework.text import console

    console(stderr=True, highlight=False, soft_wrap=True).print(
        f"[bold red]{escape(scrub(message))}[/]"
    )


def report_traceback(exc: BaseException) -> None:
    """Print the traceback of ``exc`` (``--debug``) on standard error, scrubbed like errors."""
    import traceback

    from casework.text import scrub

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    sys.stderr.write(scrub(text))
    sys.stderr.flush()


def _json_wanted() -> bool:
    ctx = click.get_current_context(silent=True)
    if ctx is not None:
        obj = ctx.find_root().obj
        if isinstance(obj, dict) and obj.get("json"):
            return True
    return _ARGS_JSON[0]


_ARGS_JSON = [False]


def _error_data(exc: CaseworkError) -> dict[str, Any]:
    data: dict[str, Any] = {"error": exc.reference, "message": exc.message}
    if exc.hint:
        data["hint"] = exc.hint
    problems = getattr(exc, "problems", None)
    if problems:
        data["problems"] = [str(p) for p in problems]
    return data


@contextmanager
def _warnings_as_lines() -> Iterator[None]:
    """Show each distinct :class:`CaseworkWarning` once, as a yellow line on standard error."""
    seen: list[str] = []
    original = warnings.showwarning

    def show(message: Any, category: Any, *args: Any, **kwargs: Any) -> None:
        if isinstance(message, CaseworkWarning) or category is CaseworkWarning:
            if str(message) not in seen:
                seen.append(str(message))
            return
        original(message, category, *args, **kwargs)

    with warnings.catch_warnings():
        warnings.simplefilter("always", CaseworkWarning)
        warnings.showwarning = show
        try:
            yield
        finally:
            if seen:
                from casework.text import console as safe_console
                from casework.text import safe_markup

                console = safe_console(stderr=True, highlight=False, soft_wrap=True)
                for line in seen:
                    console.print(f"[yellow]{safe_markup(line)}[/]")


def _local_json(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if value:
        root = ctx.find_root()
        if isinstance(root.obj, dict):
            root.obj["json"] = True


def _local_no_pager(ctx: click.Context, _: click.Parameter, value: bool) -> None:
    if value:
        root = ctx.find_root()
        if isinstance(root.obj, dict):
            root.obj["no_pager"] = True


def _accept_json_anywhere(command: click.Command) -> None:
    """Let ``--json`` and ``--no-pager`` follow the subcommand too (``report --year 2020 --json``).

    Every command also gets the casework context (help headings in the language in force).
    """
    command.context_class = CaseworkContext
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _accept_json_anywhere(sub)
    if any("--json" in getattr(p, "opts", ()) for p in command.params):
        return
    command.params.append(
        click.Option(
            ["--no-pager"],
            is_flag=True,
            expose_value=False,
            callback=_local_no_pager,
            help="不经分页程序 / never page the output",
        )
    )
    command.params.append(
        click.Option(
            ["--json"],
            is_flag=True,
            expose_value=False,
            callback=_local_json,
            help="输出 JSON / print JSON for scripts",
        )
    )


class ChineseHelpFormatter(click.HelpFormatter):
    """click's help formatter; its headings come through :mod:`casework.cli.clickzh`."""


class CaseworkContext(click.Context):
    """The context of every casework command: help headings in the language in force."""

    formatter_class = ChineseHelpFormatter


def _lang_in(argv: Sequence[str]) -> str:
    """The language asked for by ``--lang`` in ``argv``, else ``CASEWORK_LANG``, else zh."""
    import os

    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in ("zh", "en") else "zh"
        if arg.startswith("--lang="):
            value = arg.partition("=")[2]
            return value if value in ("zh", "en") else "zh"
        if arg == "--":
            break
    env = os.environ.get("CASEWORK_LANG", "zh")
    return env if env in ("zh", "en") else "zh"


def _show_click_error(exc: click.ClickException) -> None:
    """Show a click error: usage and hint, then the message (or JSON under ``--json``)."""
    if _ARGS_JSON[0]:
        from casework.cli.context import dumps
        from casework.text import scrub

        kind = "usage" if isinstance(exc, click.UsageError) else "error"
        click.echo(scrub(dumps({"error": kind, "message": exc.format_message()})), err=True)
        return
    exc.show()


class CaseworkGroup(click.Group):
    """A click group that turns casework errors into one red line and exit status 1.

    Every command added to it (plugin commands included) also accepts ``--json`` after its name.
    """

    context_class = CaseworkContext

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Add ``cmd`` and give it (and its subcommands) a local ``--json`` flag."""
        _accept_json_anywhere(cmd)
        super().add_command(cmd, name)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line with click's own messages in the chosen language.

        Usage errors exit 2 and casework errors 1, as plain lines or, under ``--json``, as one
        JSON object on standard error.
        """
        from casework.cli.clickzh import installed
        from casework.i18n import set_language

        argv = list(sys.argv[1:] if args is None else args)
        set_language(_lang_in(argv))
        _ARGS_JSON[0] = "--json" in argv
        with installed():
            return self._main(argv, prog_name, complete_var, standalone_mode, **extra)

    def _main(
        self,
        argv: list[str],
        prog_name: str | None,
        complete_var: str | None,
        standalone_mode: bool,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, False, **extra)
        try:
            result = super().main(argv, prog_name, complete_var, False, **extra)
        except click.ClickException as exc:
            _show_click_error(exc)
            sys.exit(exc.exit_code)
        except click.Abort:
            from casework.i18n import tr

            if _ARGS_JSON[0]:
                report_error(tr("已取消", "aborted"), {"error": "aborted"})
            else:
                click.echo(tr("已取消。", "Aborted!"), err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the subcommand; a CaseworkError (or an unexpected error) exits 1 without traceback.

        A :class:`~casework.errors.CaseworkWarning` (a :class:`~casework.errors.StorageWarning`
        among them: what the store repaired by itself) is one yellow line on standard error.
        """
        try:
            with _warnings_as_lines():
                return super().invoke(ctx)
        except click.ClickException as exc:  # usage errors repeat the value: scrub it
            from casework.text import scrub

            cast(Any, exc).message = scrub(exc.message)
            raise
        except (click.exceptions.Exit, click.Abort):
            raise
        except EOFError:  # the answers to a prompt ran out
            raise click.Abort() from None
        except CaseworkError as exc:
            if _debug(ctx):
                report_traceback(exc)
                ctx.exit(1)
            report_error(_error_line(exc), _error_data(exc))
            ctx.exit(1)
        except Exception as exc:
            if _debug(ctx):
                report_traceback(exc)
                ctx.exit(1)
            from casework.i18n import tr

            report_error(
                tr(
                    f"内部错误 {type(exc).__name__}: {exc}(加 --debug 查看调用栈并报告此问题)",
                    f"internal error {type(exc).__name__}: {exc} "
                    "(run again with --debug for the traceback and report it)",
                ),
                {"error": "internal-error"},
            )
            ctx.exit(1)


_DEFAULT_HINTS = {
    "invalid-input": ("修正所列字段后重试", "correct the fields named and try again"),
    "invalid-action": ("用 show 查看当前可用的操作", "see the actions allowed now with 'show'"),
    "case-not-found": ("用 list 查看案件编号", "see the case ids with 'list'"),
    "unknown-kind": ("用 kinds 查看已安装的案件类型", "see the installed kinds with 'kinds'"),
    "version-conflict": ("重新读取案件后再操作", "reload the case and act again"),
    "storage-error": ("检查 --book 指向的文件夹", "check the folder --book names"),
    "plugin-error": ("用 plugins 查看插件状态", "see the plugins' state with 'plugins'"),
}


def _error_line(exc: CaseworkError) -> str:
    """The one line for ``exc``: its message and what to do (a default hint when it has none)."""
    from casework.i18n import tr

    if exc.hint:
        return str(exc)
    zh, en = _DEFAULT_HINTS.get(exc.reference, ("详见 --help", "see --help"))
    return f"{exc.message}({tr(zh, en)})"


GROUP_HELP = (
    "casework: 行政复议、行政应诉、法律援助、人民调解等法治工作案件管理.\n\n"
    "\b\n"
    "环境变量 / environment:\n"
    "  CASEWORK_BOOK          案件簿文件夹或 postgresql://… / the book (--book)\n"
    "  CASEWORK_LANG          界面语言 zh|en / language (--lang)\n"
    "  CASEWORK_ACTOR         经办人 / who acts (--actor)\n"
    "  CASEWORK_LOAD_PLUGINS  只加载这些插件(逗号分隔,空则不加载)/ plugins to load\n"
)
"""The group's help: what casework is, and the environment variables it reads."""


@click.group(
    cls=CaseworkGroup,
    help=GROUP_HELP,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--book",
    "book_path",
    envvar="CASEWORK_BOOK",
    show_envvar=True,
    default="./casework-book",
    show_default=True,
    help="案件簿文件夹 / the book folder",
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    envvar="CASEWORK_LANG",
    show_envvar=True,
    default="zh",
    show_default=True,
    help="界面语言 / language",
)
@click.option("--json", "as_json", is_flag=True, help="输出 JSON / print JSON for scripts")
@click.option(
    "--no-pager", is_flag=True, help="长输出不经分页程序 / never page long output at a terminal"
)
@click.option("--debug", is_flag=True, help="出错时显示调用栈 / show tracebacks")
@click.version_option(
    package_name="casework",
    prog_name="casework",
    message="%(prog)s %(version)s",
    help="显示版本 / show the version",
)
@click.pass_context
def cli(
    ctx: click.Context, book_path: str, lang: str, as_json: bool, no_pager: bool, debug: bool
) -> None:
    """casework: 行政复议、行政应诉、法律援助、人民调解案件管理 (the group of every command)."""
    from casework.i18n import set_language

    set_language(lang)
    ctx.obj = {
        "book": book_path,
        "lang": lang,
        "json": as_json,
        "no_pager": no_pager,
        "debug": debug,
    }


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

    for impl in plugins.hookimpls("register_commands"):
        kwargs = {name: cli for name in impl.argnames if name == "cli"}
        try:
            impl.function(**kwargs)
        except Exception as exc:  # one broken plugin must not take the command line down
            plugins.record_failure(impl.plugin_name, f"{type(exc).__name__}: {exc}")


_register_builtin_commands()
_register_plugin_commands()


def main(argv: list[str] | None = None) -> Any:
    """Run the command line; a :class:`CaseworkError` becomes one red line and exit status 1."""
    try:
        return cli.main(args=argv, prog_name="casework", standalone_mode=True)
    except CaseworkError as exc:  # raised outside a command, e.g. while parsing options
        if "--debug" in (argv if argv is not None else sys.argv[1:]):
            report_traceback(exc)
            sys.exit(1)
        report_error(_error_line(exc))
        sys.exit(1)
