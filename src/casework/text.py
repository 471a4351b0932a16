r"""One door for text: what the book accepts, and how text leaves it safely.

**At the door** (:func:`clean_text`, :func:`clean_tree`): every text field of a case (details,
parties, action data, notes, the actor) and of a side table is NFKC-normalised (full-width
letters and digits become ASCII, ``\r\n`` becomes ``\n``) and refused, with the field named, when
it holds

- a control character (C0, DEL, C1): only newline and tab, and only in long text;
- a bidirectional override or isolate, a zero-width or other invisible format character
  (Unicode category Cf), a line or paragraph separator;
- a surrogate or a noncharacter (a character an XLSX file cannot hold);
- more than its length limit: :data:`NAME_CHARS` for names and roles, :data:`ACTOR_CHARS` for
  the actor, :data:`LONG_TEXT_BYTES` (UTF-8) for notes and every other text field.

Workflow and the book call it, so every kind gets it without code of its own; importers report
its problems per row.

**On the way out**: :func:`casework.personal.mask_text` masks personal numbers in free text;
:func:`visible` shows control characters of old data as ``\x1b``-style escapes;
:func:`safe_text` / :func:`safe_markup` / :func:`console` make rich output of user text safe;
:func:`csv_cell` and :func:`xlsx_append` keep spreadsheet cells from being read as formulas
(OWASP's CSV-injection guidance). Plugins call these; none writes its own.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from casework.errors import ValidationError
from casework.i18n import tr
from casework.personal import mask_text

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

NAME_CHARS = 200
"""The longest name, role or code: 200 characters, one line."""
ACTOR_CHARS = 100
"""The longest actor (the person recording an event): 100 characters, one line."""
LONG_TEXT_BYTES = 64 * 1024
"""The longest note or other text field: 64 KiB of UTF-8 (about 21,000 Chinese characters)."""

NAME_FIELDS = frozenset({"role", "name", "actor"})
"""Fields held to the one-line name rules wherever they appear."""
LINE = {"casework.text": "line"}
"""``attrs.field(metadata=LINE)`` marks a details or data field as a one-line name."""

_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
"""Unicode's format characters (category Cf): invisible, they reorder or hide text."""
_NEVER = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 (but tab and newline), DEL, C1
    "\u2028\u2029"  # line and paragraph separators
    "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff" + _FORMAT  # surrogates, noncharacters (not in XML)
)
_REFUSED_LONG = re.compile(f"[{_NEVER}]")
_REFUSED_LINE = re.compile(f"[{_NEVER}\t\n]")
_SHOWN = re.compile(f"[{_NEVER}\r]")
_XLSX_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _describe(char: str) -> str:
    return f"U+{ord(char):04X}"


def text_problem(
    value: str, field: str, *, line: bool = False, limit: int | None = None
) -> str | None:
    """What is wrong with ``value`` (already normalised) as field ``field``, or ``None``.

    ``line`` holds it to one line (no newline or tab); ``limit`` is its most characters (one
    line) or UTF-8 bytes (long text). The message names the field and the character's code
    point, never the value.
    """
    found = (_REFUSED_LINE if line else _REFUSED_LONG).search(value)
    if found is not None:
        char = found.group(0)
        kind = unicodedata.category(char)
        what = {
            "Cc": ("控制字符", "a control character"),
            "Cf": ("不可见的格式字符(如双向覆盖、零宽字符)", "an invisible format character"),
            "Cs": ("无效字符", "an invalid character"),
        }.get(kind, ("不可用的字符", "a character that cannot be stored"))
        if line and char in "\t\n":
            what = ("换行或制表符(此项只能一行)", "a newline or tab (one line only)")
        return tr(
            f"{field}: 含{what[0]} {_describe(char)}(第 {found.start() + 1} 个字符),请删除",
            f"{field}: holds {what[1]} {_describe(char)} at character {found.start() + 1}; "
            "remove it",
        )
    if line:
        most = NAME_CHARS if limit is None else limit
        if len(value) > most:
            return tr(f"{field}: 最多 {most} 个字符", f"{field}: at most {most} characters")
    else:
        most = LONG_TEXT_BYTES if limit is None else limit
        if len(value) * 3 > most and len(value.encode("utf-8", "surrogatepass")) > most:
            return tr(
                f"{field}: 最长 {most // 1024} KiB(约 {most // 3} 个汉字)",
                f"{field}: at most {most // 1024} KiB of text",
            )
    return None


def normalise(value: str) -> str:
    r"""NFKC-normalise ``value`` and turn ``\r\n`` line ends into ``\n``."""
    if value.isascii() and value.isprintable():
        return value
    value = value.replace("\r\n", "\n")
    try:
        return unicodedata.normalize("NFKC", value)
    except UnicodeError:  # pragma: no cover - NFKC takes any str
        return value


_DIGITS = re.compile(r"\d")
_FORMAT_RE = re.compile(f"[{_FORMAT}]")
_SPACES = re.compile(r"\s+")


def fold_digits(text: str) -> str:
    """``text`` with every decimal digit of any script written as ASCII (``٢٠٢٠`` -> ``2020``)."""
    if text.isascii():
        return text
    return _DIGITS.sub(lambda m: str(unicodedata.decimal(m.group(0))), text)


def fold(text: str) -> str:
    """The form in which two texts are compared as "the same": look-alikes folded.

    NFKC, digits of any script as ASCII, invisible format characters (zero-width, bidi) dropped,
    runs of white space as one space, ends stripped. For comparing names (a conflict check), never
    for storing them.
    """
    text = fold_digits(unicodedata.normalize("NFKC", text))
    return _SPACES.sub(" ", _FORMAT_RE.sub("", text)).strip()


def clean_text(value: str, field: str, *, line: bool = False, limit: int | None = None) -> str:
    """Return ``value`` normalised, or raise :class:`ValidationError` naming ``field``."""
    cleaned = normalise(value)
    problem = text_problem(cleaned, field, line=line, limit=limit)
    if problem is not None:
        raise ValidationError(tr("文字无效", "invalid text"), problems=[problem])
    return cleaned


def _line_fields(cls: Any) -> frozenset[str]:
    if not (isinstance(cls, type) and attrs.has(cls)):
        return frozenset()
    return frozenset(f.name for f in attrs.fields(cls) if f.metadata.get("casework.text") == "line")


def clean_tree(
    value: Any, root: str, problems: list[str], *, cls: Any = None, line: bool = False
) -> Any:
    """Return JSON-like ``value`` with every text normalised; add each refusal to ``problems``.

    Mappings and lists are walked (keys are held to the one-line rules), an attrs instance is
    walked as its unstructured form, other values are kept. ``cls`` is the attrs class the data
    is for: its fields marked :data:`LINE`, and any field called ``role``, ``name`` or ``actor``,
    are one-line names. Field paths read ``details.subject``, ``parties[0].name``.
    """
    if isinstance(value, str):
        cleaned = normalise(value)
        problem = text_problem(
            cleaned, root or "$", line=line, limit=ACTOR_CHARS if root == "actor" else None
        )
        if problem is not None:
            problems.append(problem)
        return cleaned
    if attrs.has(type(value)):
        from casework.serialize import unstructure

        return clean_tree(unstructure(value), root, problems, cls=type(value), line=line)
    if isinstance(value, Mapping):
        lines = _line_fields(cls) | NAME_FIELDS
        out: dict[Any, Any] = {}
        for key, item in value.items():
            path = f"{root}.{key}" if root else str(key)
            if isinstance(key, str):
                problem = text_problem(normalise(key), f"{root or '$'}", line=True)
                if problem is not None:
                    problems.append(problem)
                    continue
            out[key] = clean_tree(item, path, problems, line=key in lines)
        return out
    if isinstance(value, list | tuple) and not isinstance(value, str):
        items = [clean_tree(v, f"{root}[{i}]", problems, line=line) for i, v in enumerate(value)]
        return items if isinstance(value, list) else tuple(items)
    return value


def clean_cells(cells: Mapping[str, str], where: str) -> tuple[dict[str, str], list[str]]:
    """The cells of one imported row, each a one-line name: normalised, and the refusals.

    Each refusal reads ``where: column: what is wrong`` (``where`` names the file and line).
    """
    out: dict[str, str] = {}
    problems: list[str] = []
    for key, value in cells.items():
        out[key] = normalise(value)
        problem = text_problem(out[key], f"{where}: {key}", line=True)
        if problem is not None:
            problems.append(problem)
    return out, problems


def door(
    what: str, fields: Iterable[tuple[str, Any, Any]], *, hint: str | None = None
) -> list[Any]:
    """Clean several inputs at once: ``(root, value, cls)`` each; one error lists every field.

    Returns the cleaned values in order. Raises :class:`ValidationError` (``what`` is its
    message) naming each refused field.
    """
    problems: list[str] = []
    out = [
        clean_tree(value, root, problems, cls=cls, line=root in NAME_FIELDS)
        for root, value, cls in fields
    ]
    if problems:
        raise ValidationError(
            what,
            problems=problems,
            hint=hint
            or tr(
                "删除控制字符、双向覆盖和零宽字符,或缩短过长的文字",
                "remove control, bidi and zero-width characters, or shorten the text",
            ),
        )
    return out


# -- on the way out ------------------------------------------------------------------------------


def _escape_char(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    r"""``text`` with every refused character (and CR) shown as an escape like ``\x1b``."""
    return _SHOWN.sub(_escape_char, text)


def shown(value: Any, *, unmask: bool = False) -> str:
    """User text as a view may show it: control characters made visible, numbers masked."""
    text = visible("" if value is None else str(value))
    return text if unmask else mask_text(text)


def safe_markup(value: Any, *, unmask: bool = False) -> str:
    """User text to put inside rich markup: :func:`shown`, then markup escaped."""
    from rich.markup import escape

    return escape(shown(value, unmask=unmask))


def safe_text(value: Any, style: str = "", *, unmask: bool = False) -> Text:
    """User text as a rich :class:`~rich.text.Text` (never parsed as markup): :func:`shown`."""
    from rich.text import Text

    return Text(shown(value, unmask=unmask), style=style)


def console(**kwargs: Any) -> Console:
    r"""A rich console that never writes a control character it did not make itself.

    Every segment of text is passed through :func:`visible` before rich adds its own styling,
    so an escape code stored in a case (or put in a renderable by a plugin) reaches the
    terminal as ``\x1b``, not as a command. Plugin commands print through one of these.
    """
    return _safe_console_class()(**kwargs)


@functools.cache
def _safe_console_class() -> type[Console]:
    from rich.console import Console as RichConsole
    from rich.segment import Segment

    class SafeConsole(RichConsole):
        """A rich console whose text segments pass :func:`visible` before styling."""

        def _render_buffer(self, buffer: Iterable[Segment]) -> str:
            return super()._render_buffer(
                segment if segment.control else Segment(visible(segment.text), segment.style)
                for segment in buffer
            )

    return SafeConsole


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code > 0xFFFF:
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def json_safe(text: str) -> str:
    r"""JSON ``text`` with every refused character written as a ``\uXXXX`` escape (same data)."""
    return _REFUSED_LONG.sub(_json_escape, text)


def scrub(text: str) -> str:
    """Text for an error message or a log line: numbers masked, control characters visible."""
    return mask_text(visible(text))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell that no spreadsheet reads as a formula.

    Text beginning with ``=``, ``+``, ``-``, ``@``, tab or CR gets a leading ``'`` (OWASP);
    other values are returned as they are.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_uncell(value: str) -> str:
    """Undo :func:`csv_cell` on a cell read back from a CSV file casework wrote."""
    if value.startswith("'") and value[1:2] and value[1:].startswith(_FORMULA_START):
        return value[1:]
    return value


def xlsx_value(value: Any) -> Any:
    """Text as an XLSX cell can hold it: characters XML cannot carry shown as escapes."""
    if isinstance(value, str) and _XLSX_ILLEGAL.search(value):
        return _XLSX_ILLEGAL.sub(_escape_char, value)
    return value


def xlsx_append(sheet: Any, values: Sequence[Any]) -> None:
    """Append a row to an openpyxl sheet (normal or write-only) with every text as text.

    openpyxl stores text beginning with ``=`` as a formula; here such a cell's type is set to
    string, so the workbook holds the text and no spreadsheet evaluates it.
    """
    from openpyxl.cell import WriteOnlyCell

    row: list[Any] = []
    for value in values:
        value = xlsx_value(value)
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    sheet.append(row)


__all__ = [
    "ACTOR_CHARS",
    "LINE",
    "LONG_TEXT_BYTES",
    "NAME_CHARS",
    "NAME_FIELDS",
    "clean_cells",
    "clean_text",
    "clean_tree",
    "console",
    "csv_cell",
    "csv_uncell",
    "door",
    "fold",
    "fold_digits",
    "json_safe",
    "mask_text",
    "normalise",
    "safe_markup",
    "safe_text",
    "scrub",
    "shown",
    "text_problem",
    "visible",
    "xlsx_append",
    "xlsx_value",
]
