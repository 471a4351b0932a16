"""The PostgreSQL server the tests may use, and where each kind of test book lives."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_ENV = "CASEWORK_TEST_PG"


def _pg_server() -> str:
    """The URL of the PostgreSQL database the tests may use, or skip with the reason."""
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(
            f"no PostgreSQL server: set {PG_ENV}=postgresql://user@host/db to run this test "
            "(.ci/run starts one)"
        )
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception as exc:
        if os.environ.get("CASEWORK_REQUIRE_PG") == "1":
            raise
        pytest.skip(f"PostgreSQL at {PG_ENV} is not reachable: {type(exc).__name__}")
    return url


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A book URL in a fresh schema of the test server, dropped afterwards."""
    import uuid

    import psycopg

    server = _pg_server()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    sep = "&" if "?" in server else "?"
    try:
        yield f"{server}{sep}schema={schema}"
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def book_path(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str | Path:
    """Where a test book of ``kind`` (memory, disk, postgres) lives."""
    if kind == "memory":
        return ":memory:"
    if kind == "disk":
        return tmp_path / "book"
    return str(request.getfixturevalue("pg_url"))
