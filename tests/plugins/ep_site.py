"""Real third-party plugins for the registration tests, installed through entry points.

:class:`Site` writes a throwaway package and its ``*.dist-info`` (``METADATA`` and
``entry_points.txt``) into a temporary folder put on ``sys.path``, so ``importlib.metadata``
finds it exactly as it finds an installed distribution. :meth:`Site.reload` then makes casework
load its plugins afresh (the built-in kinds and the throwaway ones); the fixture restores the
plugin manager as it was after the test.
"""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path

import pluggy

from casework import hookspecs, plugins

STATE = ("pm", "_loaded", "_failures", "_refused", "_dists", "_case_types", "_owners", "_rank")

KIND = """
from __future__ import annotations

import datetime as dt

import attrs

from casework import Action, CaseType, ClockRule, Expiry, Label, State, Workflow, hookimpl


@attrs.frozen
class Details:
    matter: str = ""


@attrs.frozen
class Extend:
    {extend_field}


STATES = [
    State("open", Label("办理中", "open")),
    State("done", Label("已办结", "done"), final=True),
]
ACTIONS = [
    Action("receive", Label("登记", "receive"), sources="@new", target="open"),
    Action("extend", Label("延长", "extend"), sources="open", data=Extend),
    Action("lapse", Label("视为办结", "deemed done"), sources="open", target="done", system=True),
    Action("close", Label("办结", "close"), sources="open", target="done"),
]
CLOCKS = [
    ClockRule(
        "handle",
        Label("办理期限", "handling period"),
        60,
        "{unit}",
        starts_on="receive",
        stops_on="close",
        extends_on="extend",
        max_extension=30,
        expiry=Expiry(Label("视为办结", "deemed done"), action="lapse"),
    )
]
KIND = CaseType(
    name="{name}",
    label=Label("{label}", "appeal"),
    details=Details,
    code="{code}",
    number_format={number_format!r},
    roles={{"petitioner": Label("信访人", "petitioner")}},
    required_roles={{"petitioner": 1}},
    workflows=[Workflow("V1", dt.date(2000, 1, 1), STATES, ACTIONS, CLOCKS)],
)


@hookimpl
def register_case_types(register):
    register(KIND)
"""


def kind_source(
    *,
    name: str = "letters",
    label: str = "信访事项",
    code: str = "LV",
    unit: str = "natural",
    number_format: str | None = "汾信〔{year}〕{seq}号",
    extend_field: str = "days: int",
) -> str:
    """The source of a plugin module declaring one petition-like kind (a 60-day period)."""
    return KIND.format(
        name=name,
        label=label,
        code=code,
        unit=unit,
        number_format=number_format,
        extend_field=extend_field,
    )


class Site:
    """A folder on ``sys.path`` holding throwaway distributions with ``casework`` entry points."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.modules: set[str] = set()

    def install(self, dist: str, module: str, source: str, entry: str | None = None) -> None:
        """Write package ``module`` and distribution ``dist`` with entry point ``entry``."""
        package = self.root / module
        package.mkdir(exist_ok=True)
        (package / "__init__.py").write_text(textwrap.dedent(source), encoding="utf-8")
        info = self.root / f"{dist.replace('-', '_')}-1.0.dist-info"
        info.mkdir(exist_ok=True)
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n", encoding="utf-8"
        )
        (info / "entry_points.txt").write_text(
            f"[casework]\n{entry or module} = {module}\n", encoding="utf-8"
        )
        self.modules.add(module)

    def reload(self) -> None:
        """Forget every loaded plugin; the next use loads the entry points again."""
        for module in self.modules:
            sys.modules.pop(module, None)
        importlib.invalidate_caches()
        fresh = pluggy.PluginManager(plugins.GROUP)
        fresh.add_hookspecs(hookspecs)
        plugins.pm = fresh
        plugins._loaded = False
        plugins._case_types = None
        for name in ("_failures", "_refused", "_dists", "_owners", "_rank"):
            setattr(plugins, name, {})
        plugins.load_plugins()
