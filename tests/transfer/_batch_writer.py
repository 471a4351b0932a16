"""A writer process for the backup test (run as a script, not collected).

Usage: ``python _batch_writer.py BOOK SEED``. Registers the toy kind, prints ``ready``, then until
killed commits batches: a few new petitions, an action on an earlier one, and a side-table row
``batches/<token>`` naming the cases of the batch; one line per batch after its commit.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import toykind  # noqa: E402

import casework  # noqa: E402

casework.register_plugin(toykind.PetitionPlugin(), name="petition")


def main() -> None:
    book = casework.open_book(sys.argv[1])
    rng = random.Random(int(sys.argv[2]))
    print("ready", flush=True)
    known: list[str] = []
    while True:
        token = f"{rng.getrandbits(48):012x}"
        with book.batch():
            made = [
                book.create(
                    "petition",
                    received_on=dt.date(2020, rng.randint(1, 12), rng.randint(1, 28)),
                    actor="王科员",
                    details={"subject": f"batch:{token}"},
                ).id
                for _ in range(rng.randint(2, 4))
            ]
            touched = list(made)
            if known:
                old = rng.choice(known)
                if "accept" in [a.name for a in book.allowed_actions(book.get(old))]:
                    book.act(old, "accept", on=book.get(old).received_on, actor="王科员")
                    touched.append(old)
            book.table_put("batches", token, sorted(touched))
        known.extend(made)
        print(token, flush=True)
        time.sleep(0.005)  # an office's pace, not a benchmark's


if __name__ == "__main__":
    main()
