from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


def pytest_addoption(parser: pytest.Parser) -> None:
    # Registered only when tests/proofs is named on the command line (pytest tests/proofs
    # --full-crash); CASEWORK_FULL_CRASH=1 works from anywhere.
    parser.addoption(
        "--full-crash",
        action="store_true",
        default=False,
        help="run the long crash proof (at least 200 SIGKILLs)",
    )


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
