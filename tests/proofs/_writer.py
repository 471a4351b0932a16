"""A writer process for the crash and concurrency proofs (run as a script, not collected).

Usage: ``python _writer.py BOOK SEED MODE [COUNT]``. It registers the toy kind "petition", opens the
book, prints ``ready`` and then performs random ``create`` / ``act`` / ``batch`` operations, printing
one JSON line per case *after* the operation returned (that is: after the commit), flushed at
once. A line therefore means "this was reported committed".

MODE ``crash``: run until killed. MODE ``count``: act ``COUNT`` times on the ids given on stdin
(one per line, cycled), retrying on ConflictError, and print each committed version.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import toykind  # noqa: E402

import casework  # noqa: E402
from casework import ConflictError  # noqa: E402

casework.register_plugin(toykind.PetitionPlugin(), name="petition")

PARTY = {"role": "applicant", "name": "张三", "id_number": "11010519491231002X"}


def line(case: casework.Case, op: str, batch: str | None = None) -> None:
    row = {
        "op": op,
        "id": case.id,
        "v": case.version,
        "acts": [e.action for e in case.events],
        "batch": batch,
    }
    sys.stdout.write(json.dumps(row) + "\n")
    sys.stdout.flush()


def next_action(book: casework.Book, case: casework.Case, rng: random.Random) -> tuple[str, dict]:
    names = [a.name for a in book.allowed_actions(case)]
    if not names:
        return "", {}  # a final state without reopening (rejected)
    name = rng.choice(names)
    data: dict = {}
    if name == "decide":
        data = {"outcome": rng.choice(["upheld", "revoked"])}
    elif name == "suspend":
        data = {"ground": "等待鉴定"}
    elif name == "extend":
        clock = case.clock("decision")
        if clock is None or clock.extended_days or clock.status not in ("running", "paused"):
            return next_action(book, case, rng) if len(names) > 1 else ("", {})
        data = {"days": 10, "approver": "李局长"}
    return name, data


def day_after(case: casework.Case) -> dt.date:
    return case.events[-1].on


def crash_loop(book: casework.Book, rng: random.Random) -> None:
    known = book.ids()
    counter = 0
    while True:
        counter += 1
        roll = rng.random()
        if roll < 0.3 or not known:
            case = book.create(
                "petition",
                received_on=dt.date(
                    rng.randint(2019, 2021), rng.randint(1, 12), rng.randint(1, 28)
                ),
                actor="王科员",
                parties=[PARTY],
                details={"subject": "罚款" * rng.randint(1, 40)},
            )
            known.append(case.id)
            line(case, "create")
        elif roll < 0.8:
            case = book.get(rng.choice(known))
            name, data = next_action(book, case, rng)
            if not name:
                continue
            try:
                case = book.act(case.id, name, on=day_after(case), actor="王科员", data=data)
            except casework.InvalidAction:
                continue  # e.g. an expired period that can no longer be extended
            line(case, "act")
        else:
            token = f"{rng.getrandbits(48):012x}"
            touched: list[casework.Case] = []
            with book.batch():
                for _ in range(rng.randint(2, 8)):
                    touched.append(
                        book.create(
                            "petition",
                            received_on=dt.date(rng.randint(2019, 2021), 6, 1),
                            actor="王科员",
                            details={"subject": f"batch:{token}"},
                        )
                    )
                for old in rng.sample(known, min(len(known), rng.randint(0, 4))):
                    case = book.get(old)
                    name, data = next_action(book, case, rng)
                    if name:
                        with contextlib.suppress(casework.InvalidAction):
                            touched.append(
                                book.act(old, name, on=day_after(case), actor="王科员", data=data)
                            )
                book.table_put("batches", token, sorted({c.id for c in touched}))
            known.extend(c.id for c in touched if c.version == 1)
            for case in touched:
                line(case, "batch", token)


def count_loop(book: casework.Book, ids: list[str], count: int, rng: random.Random) -> None:
    """Act ``count`` times, retrying each act after a conflict (read, then write with version)."""
    for i in range(count):
        case_id = ids[i % len(ids)]
        while True:
            case = book.get(case_id)
            note = f"{sys.argv[2]}:{i}"
            # "extend"-free loop: alternate suspend/resume, always allowed from accepted/suspended
            name = "suspend" if case.state == "accepted" else "resume"
            data = {"ground": "等待鉴定"} if name == "suspend" else None
            try:
                case = book.act(
                    case_id,
                    name,
                    on=day_after(case),
                    actor="王科员",
                    data=data,
                    note=note,
                    expected_version=case.version,
                )
            except ConflictError:
                print("conflict", flush=True)
                continue
            break
        print(json.dumps({"id": case_id, "v": case.version, "note": note}), flush=True)


def main() -> None:
    path, seed, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    rng = random.Random(seed)
    with casework.open_book(path) as book:
        print("ready", flush=True)
        if mode == "crash":
            crash_loop(book, rng)
        elif mode == "count":
            ids = [s.strip() for s in sys.stdin.read().split() if s.strip()]
            count_loop(book, ids, int(sys.argv[4]), rng)


if __name__ == "__main__":
    main()
