"""利益冲突审查: the conflict check run when a legal-aid case is opened.

Two people are taken to be the same when they have the same ID number, or, when either lacks one,
the same name and the same birth date (given, or read from the ID number). Two ID numbers that
differ are two people, whatever the names. Names are compared folded
(:func:`casework.validators.fold_name`): ``张三`` with a zero-width or no-break space, or in
full-width letters, is ``张三``.

A case conflicts with an earlier case of this office when one of its opposing parties is a person
aided there (``opposes_client``), or its aided person is an opposing party there
(``client_opposed``). "Earlier" is the order in which the cases were opened (creation time, then
id). Refused and withdrawn cases count too: the office learnt their confidences all the same.

The check runs in the ``before_commit`` hook, inside the transaction that opens the case: at the
end of ``book.create``, or when the enclosing ``book.batch()`` ends (in creation order). What it
finds it records with the action ``record_conflict`` (actor ``system``), dated the case's latest
event, in the same commit: a crash can never leave the case stored without its check. The flag
``conflict`` shows then. ``appoint`` and ``close`` are refused until
``acknowledge_conflict`` gives a reason. An appointment made inside the same batch as the creation
comes before the check; the flag then says that the conflict was found after the appointment, and
``close`` stays refused until it is acknowledged.

The people of every case are indexed in memory per book, from committed cases only (the cases the
transaction opens are checked against it and against each other, and join it only once they are
committed, through :meth:`~casework.book.Book.on_commit`; a case's parties never change once it
is opened), so a check costs a few dictionary look-ups rather than a scan of the book, and a bulk
import keeps the index up to date batch by batch without reading its own cases back.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import attrs

from casework.model import Case, Event, Party
from casework.validators import fold_name
from casework_legal_aid import codes
from casework_legal_aid.codes import KIND
from casework_legal_aid.kind import ConflictHit

if TYPE_CHECKING:
    from casework.book import Book

SYSTEM_ACTOR = "system"
"""The actor of the ``record_conflict`` events the check records."""

Identity = tuple[str, str] | tuple[str, str, dt.date]

BULK = 20
"""Above this many unindexed cases, :meth:`PeopleIndex.sync` reads them all in one go."""


def identities(party: Party) -> tuple[Identity, ...]:
    """The keys under which ``party`` is looked up: its ID number, and its name and birth date."""
    keys: list[Identity] = []
    if party.id_number:
        keys.append(("id", party.id_number))
    born = party.born
    if born is not None:
        keys.append(("name", fold_name(party.name), born))
    return tuple(keys)


def same_person(a: Party, b: Party) -> bool:
    """Whether ``a`` and ``b`` are likely the same person (see the module docstring)."""
    if a.id_number and b.id_number:
        return a.id_number == b.id_number
    born_a, born_b = a.born, b.born
    return born_a is not None and born_a == born_b and fold_name(a.name) == fold_name(b.name)


@attrs.frozen
class Entry:
    """One case's people as the index keeps them."""

    case_id: str
    order: tuple[dt.datetime, str]
    aided: tuple[Party, ...]
    adverse: tuple[Party, ...]


def entry_of(case: Case) -> Entry:
    """Index entry of ``case`` (its creation time orders it among the others)."""
    created = case.events[0].at if case.events else dt.datetime.min.replace(tzinfo=dt.UTC)
    return Entry(
        case_id=case.id,
        order=(created, case.id),
        aided=tuple(p for p in case.parties if p.role in codes.AIDED_ROLES),
        adverse=tuple(p for p in case.parties if p.role in codes.ADVERSE_ROLES),
    )


class PeopleIndex:
    """The people of every committed legal-aid case of one book, by identity key."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self._aided: dict[Identity, list[tuple[Entry, Party]]] = {}
        self._adverse: dict[Identity, list[tuple[Entry, Party]]] = {}

    def add(self, entry: Entry) -> None:
        """Index ``entry`` (once)."""
        if entry.case_id in self.entries:
            return
        self.entries[entry.case_id] = entry
        for party in entry.aided:
            for key in identities(party):
                self._aided.setdefault(key, []).append((entry, party))
        for party in entry.adverse:
            for key in identities(party):
                self._adverse.setdefault(key, []).append((entry, party))

    def add_all(self, entries: Iterable[Entry]) -> None:
        """Index each of ``entries`` (once): the cases a transaction opened, once committed."""
        for entry in entries:
            self.add(entry)

    def sync(self, book: Book, pending: frozenset[str] = frozenset()) -> None:
        """Index the cases of ``book`` not indexed yet, but those of ``pending`` (not committed)."""
        missing = [i for i in book.ids(KIND) if i not in self.entries and i not in pending]
        if len(missing) > BULK:
            for case in book.find(kind=KIND):  # one read instead of many
                if case.id not in pending:
                    self.add(entry_of(case))
        else:
            with book.batch():  # one transaction for all the reads
                for case_id in missing:
                    self.add(entry_of(book.get(case_id)))

    def conflicts(self, case: Case) -> tuple[ConflictHit, ...]:
        """The likely conflicts of ``case`` with cases opened before it."""
        mine = entry_of(case)
        hits: dict[tuple[str, str, str], ConflictHit] = {}

        def scan(
            people: Iterable[Party],
            table: dict[Identity, list[tuple[Entry, Party]]],
            relation: str,
        ) -> None:
            for person in people:
                for key in identities(person):
                    for other, theirs in table.get(key, ()):
                        if other.order >= mine.order or not same_person(person, theirs):
                            continue
                        hit = ConflictHit(
                            case_id=other.case_id, name=person.name, relation=relation
                        )
                        hits.setdefault((hit.case_id, hit.name, hit.relation), hit)

        scan(mine.adverse, self._aided, "opposes_client")
        scan(mine.aided, self._adverse, "client_opposed")
        return tuple(sorted(hits.values(), key=lambda h: (h.case_id, h.name, h.relation)))


_INDEXES: weakref.WeakKeyDictionary[Book, PeopleIndex] = weakref.WeakKeyDictionary()


def index_of(book: Book, pending: frozenset[str] = frozenset()) -> PeopleIndex:
    """The people index of ``book``, brought up to date with its committed cases.

    ``pending`` names the cases the running transaction opens: they are left out, so that a
    transaction that is rolled back leaves no trace in the index.
    """
    index = _INDEXES.get(book)
    if index is None:
        index = _INDEXES[book] = PeopleIndex()
    index.sync(book, pending)
    return index


def check(book: Book, case: Case) -> tuple[ConflictHit, ...]:
    """Return the likely conflicts of ``case`` (stored in ``book``) with earlier committed cases."""
    return index_of(book, frozenset({case.id})).conflicts(case)


def before_commit(book: Book, changes: Sequence[tuple[Case, Event]]) -> None:
    """Check each legal-aid case the transaction opens; record what is found in the same commit.

    Each is checked against the committed cases and against those opened before it in the same
    transaction.
    """
    opened = [case for case, event in changes if case.kind == KIND and event.init is not None]
    if not opened:
        return
    committed = index_of(book, frozenset(c.id for c in opened))
    earlier = PeopleIndex()
    entries = [entry_of(case) for case in opened]
    book.on_commit(lambda: committed.add_all(entries))
    for case in opened:
        hits = sorted(
            set(committed.conflicts(case)) | set(earlier.conflicts(case)),
            key=lambda h: (h.case_id, h.name, h.relation),
        )
        earlier.add(entry_of(case))
        if not hits:
            continue
        current = book.get(case.id)
        book.act(
            case.id,
            "record_conflict",
            on=current.events[-1].on,
            actor=SYSTEM_ACTOR,
            data={"hits": [attrs.asdict(h) for h in hits]},
            expected_version=current.version,
        )
