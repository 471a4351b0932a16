from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


def full_crash(config: pytest.Config) -> bool:
    option = False
    try:
        option = bool(config.getoption("--full-crash"))
    except ValueError:
        option = False
    return option or os.environ.get("CASEWORK_FULL_CRASH") == "1"


@pytest.fixture
def full_run(request: pytest.FixtureRequest) -> bool:
    return full_crash(request.config)
