"""click's own messages in Chinese: a gettext catalog for click's message ids.

click marks every message it prints with ``gettext`` (``from gettext import gettext as _`` in
each of its modules) and formats it afterwards, so translating the message *ids* translates
"Error: Missing option '--year'.", "Aborted!", the help's "Usage:"/"Options:" and the rest.
:func:`installed` points those names at :func:`gettext`/:func:`ngettext` here, which look a
message up in :data:`CATALOG` when the language in force is zh and return it unchanged in en
(or when the catalog lacks it).

click's placeholders in help and usage lines (``TEXT``, ``INTEGER``, ``[OPTIONS]``, an argument's
name such as ``CASE_ID``) are not messages: click builds them from type and parameter names. Within
the same block, :func:`metavar` puts each through :data:`METAVARS` (文字, 整数, [选项], 案件编号) in zh.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from casework.i18n import get_language

CATALOG: dict[str, str] = {
    "Error: {message}": "错误: {message}",
    "Try '{command} {option}' for help.": "用 '{command} {option}' 查看帮助。",
    "Usage:": "用法:",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Aborted!": "已取消。",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数: {param_name}",
    "Missing command.": "缺少命令。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Did you mean {possibility}?": "是否应为 {possibility}?",
    "(Did you mean one of: {possibilities}?)": "(是否应为其中之一: {possibilities}?)",
    "Got unexpected extra argument ({args})": "多余的参数 ({args})",
    "Got unexpected extra arguments ({args})": "多余的参数 ({args})",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Invalid value: {message}": "值无效: {message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效: {message}",
    "{value!r} is not {choice}.": "{value!r} 不是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值 {choices} 之一。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的{number_type}。",
    "integer": "整数",
    "float": "数字",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats}。",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是文件夹。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 不可读。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 不可写。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}: {message}",
    "unknown error": "未知错误",
    "env var: {var}": "环境变量: {var}",
    "default: {default}": "默认: {default}",
    "required": "必填",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Repeat for confirmation": "再输入一次确认",
    "Error: The value you entered was invalid.": "错误: 输入的值无效。",
    "Error: {e.message}": "错误: {e.message}",
    "Error: invalid input": "错误: 输入无效",
    "Press any key to continue...": "按任意键继续……",
}
"""click's message ids and their Chinese text."""

METAVARS: dict[str, str] = {
    "TEXT": "文字",
    "INTEGER": "整数",
    "INTEGER RANGE": "整数",
    "FLOAT": "数字",
    "FLOAT RANGE": "数字",
    "BOOLEAN": "是/否",
    "FILENAME": "文件",
    "FILE": "文件",
    "DIRECTORY": "文件夹",
    "PATH": "路径",
    "OPTIONS": "选项",
    "COMMAND": "命令",
    "ARGS": "参数",
    "CASE_ID": "案件编号",
    "KIND": "案件类型",
    "ACTION": "操作",
    "NAME": "名称",
    "DEST": "目标",
}
"""click's placeholders (type names, argument names, usage words) and their Chinese text."""

_PLACEHOLDER = re.compile(r"\b[A-Z][A-Z0-9_]*(?: RANGE)?\b")


def metavar(text: str) -> str:
    """``text`` (a placeholder or usage piece) with its placeholders in Chinese when zh is in force.

    ``TEXT`` becomes 文字, ``[OPTIONS]`` [选项], ``COMMAND [ARGS]...`` 命令 [参数]...; a placeholder
    not in :data:`METAVARS` (a plugin's argument) is kept; in en everything is kept.
    """
    if get_language() != "zh":
        return text
    return _PLACEHOLDER.sub(lambda m: METAVARS.get(m.group(0), m.group(0)), text)


def _translating(original: Any) -> Any:
    """``original`` (a ``make_metavar``) with its result put through :func:`metavar`."""

    def make_metavar(self: Any, *args: Any, **kwargs: Any) -> str:
        return metavar(original(self, *args, **kwargs))

    return make_metavar


def _translating_pieces(original: Any) -> Any:
    """``original`` (a ``collect_usage_pieces``) with each piece put through :func:`metavar`."""

    def collect_usage_pieces(self: Any, ctx: Any) -> list[str]:
        return [metavar(piece) for piece in original(self, ctx)]

    return collect_usage_pieces


CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.shell_completion",
    "click.termui",
    "click.types",
    "click.utils",
)


def gettext(message: str) -> str:
    """``message`` in Chinese when the language in force is zh (unchanged otherwise)."""
    if get_language() == "zh":
        return CATALOG.get(message, message)
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for ``n``, in Chinese when the language is zh."""
    return gettext(singular if n == 1 else plural)


@contextmanager
def installed() -> Iterator[None]:
    """Within the block, click's modules look their messages up here; restored afterwards.

    Only casework's own command line runs with the catalog, so another click program in the
    same process keeps click's messages. Parameters' placeholders and the usage line's pieces go
    through :func:`metavar` for the same block.
    """
    import click

    saved: list[tuple[Any, str, Any]] = []
    for owner, attr, wrap in (
        (click.Parameter, "make_metavar", _translating),
        (click.Argument, "make_metavar", _translating),
        (click.Command, "collect_usage_pieces", _translating_pieces),
        (click.Group, "collect_usage_pieces", _translating_pieces),
    ):
        original = owner.__dict__.get(attr)
        if original is not None:
            saved.append((owner, attr, original))
            setattr(owner, attr, wrap(original))
    for name in CLICK_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        for attr, replacement in (("_", gettext), ("ngettext", ngettext)):
            if hasattr(module, attr):
                saved.append((module, attr, getattr(module, attr)))
                setattr(module, attr, replacement)
    try:
        yield
    finally:
        for module, attr, original in reversed(saved):
            setattr(module, attr, original)
