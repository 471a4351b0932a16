"""A griffe extension: give attrs classes the constructor attrs generates, for the API reference.

griffe reads source statically and knows dataclasses, not attrs; this extension imports each
attrs class and writes its ``__init__`` (the parameters, their annotations and defaults) into
the documentation, so ``CaseType(name, label, details, workflows, code='', ...)`` shows.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

import attrs
import griffe


def _default(field: Any) -> str | None:
    default = field.default
    if default is attrs.NOTHING:
        return None
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        factory = default.factory
        return f"{getattr(factory, '__name__', 'factory')}()"
    return repr(default)


class AttrsInit(griffe.Extension):
    """Write the attrs-generated ``__init__`` of every attrs class into its griffe object."""

    def on_class_members(self, *, cls: griffe.Class, **kwargs: Any) -> None:
        """Add ``__init__`` to ``cls`` when it is an attrs class (found by importing it)."""
        try:
            found = getattr(importlib.import_module(cls.module.path), cls.name)
        except Exception:  # not importable here: leave it as griffe saw it
            return
        if not (inspect.isclass(found) and attrs.has(found)):
            return
        parameters = [griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword)]
        for field in attrs.fields(found):
            if not field.init:
                continue
            annotation = field.type if isinstance(field.type, str) else None
            if field.converter is not None:
                hints = inspect.signature(found.__init__).parameters.get(field.alias)
                if hints is not None and isinstance(hints.annotation, str):
                    annotation = hints.annotation
            parameters.append(
                griffe.Parameter(
                    field.alias,
                    annotation=annotation,
                    kind=griffe.ParameterKind.keyword_only
                    if field.kw_only
                    else griffe.ParameterKind.positional_or_keyword,
                    default=_default(field),
                )
            )
        init = griffe.Function(
            "__init__", parameters=griffe.Parameters(*parameters), returns="None", parent=cls
        )
        cls.set_member("__init__", init)
