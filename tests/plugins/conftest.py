"""Fixtures of the registration tests: a throwaway site of entry-point plugins."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from ep_site import STATE, Site

from casework import plugins


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    saved = {name: getattr(plugins, name) for name in STATE}
    root = tmp_path / "site"
    root.mkdir()
    monkeypatch.syspath_prepend(str(root))
    made = Site(root)
    try:
        yield made
    finally:
        for module in made.modules:
            sys.modules.pop(module, None)
        for name, value in saved.items():
            setattr(plugins, name, value)
