"""attrs validators that case-type plugins share: codes from a table, text that is not blank.

A plugin's details and action-data classes store enumerations as plain codes (``"upheld"``) so
that the command line and importers can pass them; :func:`code_in` refuses any other code with a
message listing the allowed ones, in the language in force::

    decision: str = attrs.field(validator=code_in(DECISIONS))
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from casework.i18n import Label, tr

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def _zh(value: Any) -> str:
    label = getattr(value, "label", value)
    return label.zh if isinstance(label, Label) else str(label)


def listed_codes(table: Mapping[str, Any]) -> str:
    """The choices of ``table``, label first with the code in parentheses: ``维持(upheld)、撤销(revoked)``."""
    return "、".join(f"{_zh(entry)}({code})" for code, entry in table.items())


def code_problem(table: Mapping[str, Any], value: object, field: str) -> str | None:
    """Return why ``value`` is not one of ``table``'s codes (naming ``field`` and the codes).

    ``None`` when it is one. Importers and rules-file loaders use it directly; attrs classes use
    :func:`code_in`.
    """
    if isinstance(value, str) and value in table:
        return None
    return tr(
        f"{field}: 不是可选值,可选: {listed_codes(table)}",
        f"{field}: not a valid code; use one of: {', '.join(table)}",
    )


@attrs.frozen
class CodeIn:
    """The validator :func:`code_in` returns, keeping its ``table`` readable.

    Views and prompts read the table to label the field's codes and to accept their labels (see
    :mod:`casework.labels`).
    """

    table: Mapping[str, Any]
    many: bool = False

    def __call__(self, _: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        """Refuse a value (or, for ``many``, an item) that is not one of the table's codes."""
        if value is None:
            return
        for item in value if self.many else (value,):
            if problem := code_problem(self.table, item, attribute.name):
                raise ValueError(problem)


def code_in(table: Mapping[str, Any]) -> Validator:
    """Validate that a field holds one of ``table``'s codes (``None`` passes: use a default).

    ``table`` maps each code to its :class:`~casework.i18n.Label` (or to an object with a
    ``label``); the error names the field and lists the codes with their Chinese labels. The
    table stays readable on the validator, so the command line offers the codes by label.
    """
    return CodeIn(table)


def codes_in(table: Mapping[str, Any]) -> Validator:
    """Validate that every item of a list field is one of ``table``'s codes."""
    return CodeIn(table, many=True)


def not_blank(_: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    """Validate that a text field is not empty or only spaces."""
    if not value.strip():
        raise ValueError(tr(f"{attribute.name}: 不能为空", f"{attribute.name}: must not be empty"))


def fold_name(name: str) -> str:
    """Fold a person's or body's name for comparison (never for display or storage).

    NFKC (full-width letters and digits, compatibility forms, the no-break space become their
    plain forms), digits of any script as ASCII, invisible format characters (Unicode category
    ``Cf``: zero-width spaces and joiners, the BOM, direction marks) dropped, and runs of white
    space collapsed into one space, trimmed: ``fold_name(" 张三\u200b ") == "张三"``. It is
    :func:`casework.text.fold`, the one folding of look-alikes, under the name plugins use.
    """
    from casework.text import fold

    return fold(name)
