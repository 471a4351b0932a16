"""Benchmark of the PostgreSQL store, side by side with the embedded store's figures.

    CASEWORK_BENCH_PG=postgresql://user@host/db python benchmarks/postgres.py --size 1000000

Loads ``--size`` cases (ten years of the four real kinds, copies of the Fenyang sample's cases
with their whole histories, as ``benchmarks/run.py`` generates them) into a fresh schema through
``PostgresStore.bulk_put`` (COPY), then measures, each figure against the targets of the server
store:

- load: the bulk load of every case (the restore path), and its peak memory;
- act: the median of 300 single actions on open cases, one writer;
- writers: 8 processes acting on different cases for ``--seconds``, acts per second in all, and
  the count of lost updates (every successful act adds one to its case's version: the sum of the
  versions must grow by exactly the number of successes);
- contention: 8 processes acting on the same 10 cases: every refusal a ConflictError, no lost
  update, no deadlock (every process ends);
- report(year) of the last full year, due(within 7) and find(open=True).

Nothing here asserts a time: the figures go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import random
import resource
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402  (benchmarks/run.py: the case generator)

import casework  # noqa: E402

TARGETS = {
    "act_med_ms": ("act median, one writer", 2.0, "<="),
    "writers_acts_s": ("8 writers, different cases (acts/s)", 1000.0, ">="),
    "report_s": ("report(year)", 0.2, "<="),
    "due_s": ("due(within 7)", 0.2, "<="),
    "find_open_s": ("find(open=True)", 0.2, "<="),
    "load_s": ("bulk load (restore, COPY)", 300.0, "<="),
}


def _url(base: str, schema: str) -> str:
    return f"{base}{'&' if '?' in base else '?'}schema={schema}"


def load(url: str, size: int) -> dict[str, Any]:
    temps = run.templates("real")
    t = time.perf_counter()
    book = casework.open_book(url)
    with book.store.transaction() as tx:
        count = tx.bulk_put(run.generate(size, temps))  # type: ignore[attr-defined]
    book.close()
    return {
        "loaded": count,
        "load_s": time.perf_counter() - t,
        "load_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _act_once(book: casework.Book, case_id: str) -> float | None:
    """Act on ``case_id`` with the first action the sample data allows; the act's seconds."""
    case = book.get(case_id)
    for name, data in run._choices(case, "real"):
        t = time.perf_counter()
        try:
            book.act(
                case_id,
                name,
                on=case.events[-1].on,
                actor="王科员",
                data=data,
                expected_version=case.version,
            )
        except casework.ConflictError:
            raise
        except casework.CaseworkError:
            continue
        return time.perf_counter() - t
    return None


def queries(url: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    book = casework.open_book(url)
    t = time.perf_counter()
    out["report_n"] = len(book.report(run.REPORT_YEAR).sections)
    out["report_s"] = time.perf_counter() - t
    t = time.perf_counter()
    out["due_n"] = len(book.due(on=run.DUE_ON, within_days=7))
    out["due_s"] = time.perf_counter() - t
    t = time.perf_counter()
    out["find_open_n"] = len(book.find(open=True))
    out["find_open_s"] = time.perf_counter() - t
    with book.store.transaction() as tx:
        ids = sorted(tx.open_rows())
    random.Random(3).shuffle(ids)
    run._samples("real")
    times = []
    for case_id in ids:
        took = _act_once(book, case_id)
        if took is not None:
            times.append(took)
        if len(times) == 300:
            break
    out["act_n"] = len(times)
    out["act_med_ms"] = statistics.median(times) * 1000 if times else None
    book.close()
    return out


def _writer(url: str, ids: list[str], seconds: float, queue: Any) -> None:
    run._samples("real")
    book = casework.open_book(url)
    done = conflicts = other = 0
    end = time.perf_counter() + seconds
    rng = random.Random(os.getpid())
    while time.perf_counter() < end:
        case_id = rng.choice(ids)
        try:
            if _act_once(book, case_id) is not None:
                done += 1
        except casework.ConflictError:
            conflicts += 1
        except casework.CaseworkError:
            other += 1
    book.close()
    queue.put((done, conflicts, other))


def _versions(url: str, ids: list[str]) -> int:
    with casework.open_book(url) as book, book.store.transaction() as tx:
        return sum(int(tx.get(i)["version"]) for i in ids)  # type: ignore[index]


def writers(url: str, ids: list[str], seconds: float, shared: bool) -> dict[str, Any]:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    before = _versions(url, ids)
    groups = [ids for _ in range(8)] if shared else [ids[i::8] for i in range(8)]
    procs = [context.Process(target=_writer, args=(url, g, seconds, queue)) for g in groups]
    t = time.perf_counter()
    for p in procs:
        p.start()
    results = [queue.get(timeout=seconds + 120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    took = time.perf_counter() - t
    done = sum(r[0] for r in results)
    prefix = "contention" if shared else "writers"
    return {
        f"{prefix}_acts": done,
        f"{prefix}_acts_s": done / took,
        f"{prefix}_conflicts": sum(r[1] for r in results),
        f"{prefix}_lost_updates": _versions(url, ids) - before - done,
        f"{prefix}_all_ended": all(p.exitcode == 0 for p in procs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--keep", action="store_true", help="keep the schema afterwards")
    args = parser.parse_args()
    base = os.environ.get("CASEWORK_BENCH_PG") or os.environ.get("CASEWORK_TEST_PG")
    if not base:
        sys.exit("set CASEWORK_BENCH_PG=postgresql://user@host/db")
    casework.case_types()
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    url = _url(base, schema)
    out: dict[str, Any] = {"size": args.size, "date": dt.date.today().isoformat()}
    try:
        out.update(load(url, args.size))
        out.update(queries(url))
        with casework.open_book(url) as book, book.store.transaction() as tx:
            open_ids = sorted(tx.open_rows())
        random.Random(5).shuffle(open_ids)
        out.update(writers(url, open_ids[10:4010], args.seconds, shared=False))
        out.update(writers(url, open_ids[:10], args.seconds, shared=True))
    finally:
        if not args.keep:
            import psycopg

            with psycopg.connect(base, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    print(f"PostgreSQL store, {args.size:,} cases ({out['date']})")
    for key, (label, target, op) in TARGETS.items():
        value = out.get(key)
        met = value is not None and (value <= target if op == "<=" else value >= target)
        shown = "—" if value is None else f"{value:,.3f}"
        print(f"  {label:<40} {shown:>12}   target {op} {target:g}   {'met' if met else 'MISSED'}")
    for key in ("writers", "contention"):
        print(
            f"  {key}: {out[f'{key}_acts']} acts, {out[f'{key}_conflicts']} conflicts, "
            f"{out[f'{key}_lost_updates']} lost updates, all ended: {out[f'{key}_all_ended']}"
        )
    print(f"  bulk load peak memory {out['load_peak_mb']:.0f} MB")


if __name__ == "__main__":
    main()
