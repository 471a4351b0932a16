"""The 信访 section of the annual report: a fold over the facts kept with each matter.

The section never loads a case. The kind declares a projection, :func:`facts`: the few small
values the report reads off a case as it stands (here the channel). casework keeps them with
every case it writes, dated, together with the facts it keeps of every case (state, date
closed, events, clocks, flags), and gives the report each case's facts as they stood on the
report's day: ``context.facts(KIND)``, a list of :class:`casework.facts.CaseFacts`.

Figures (stable keys), over the matters registered in the year unless said otherwise:

- ``registered``: matters registered; ``letter``, ``visit``, ``phone``, ``online``: by channel;
- ``accepted``, ``not_accepted``, ``transferred``: acceptance decisions dated in the year;
- ``answered``: written answers dated in the year; ``answered_in_time``: those given by the last
  day of the handling period (after any extension); ``extended``: extensions in the year;
- ``reviews_requested``, ``reviewed``: review requests and review opinions dated in the year.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from casework import Case, Label, ReportContext, ReportSection
from casework.facts import CaseFacts

from casework_xinfang.codes import CHANNELS, KIND

ORDER = 90
"""Where the section sits in the report (the built-in kinds come first)."""

FACTS_VERSION = 1
"""The version of :func:`facts`: raise it when the projection changes (stored facts are rebuilt)."""

LABELS: dict[str, Label] = {
    "registered": Label("登记信访事项", "matters registered"),
    **{code: Label(label.zh, label.en) for code, label in CHANNELS.items()},
    "accepted": Label("受理", "accepted"),
    "not_accepted": Label("不予受理", "not accepted"),
    "transferred": Label("转送", "transferred"),
    "answered": Label("书面答复", "answered"),
    "answered_in_time": Label("按期答复", "answered in time"),
    "extended": Label("延长办理期限", "extended"),
    "reviews_requested": Label("请求复查", "reviews requested"),
    "reviewed": Label("作出复查意见", "reviewed"),
}


COUNTED = {
    "accept": "accepted",
    "not_accept": "not_accepted",
    "transfer": "transferred",
    "answer": "answered",
    "extend": "extended",
    "request_review": "reviews_requested",
    "review": "reviewed",
}
"""The actions counted when dated in the year, and the figure each adds to."""


def facts(case: Case) -> Iterator[tuple[str, Any]]:
    """What the section reads of a matter as it stands, besides what casework keeps of every case.

    Codes, counts and dates only: never the petitioner, the subject or any other free text.
    """
    yield ("channel", case.details.channel)


def _in_time(case: CaseFacts, year: int) -> bool:
    """Whether the matter's first written answer in ``year`` came by the handling period's end."""
    answers = case.events("answer", year=year)
    clock = case.clock("handling")
    return (
        bool(answers)
        and clock is not None
        and clock.due_on is not None
        and answers[0].on <= clock.due_on
    )


def figures(context: ReportContext) -> dict[str, int]:
    """The figures of ``context.year`` (keys documented in the module)."""
    year = context.year
    prefix = str(year)
    cases = [c for c in context.facts(KIND) if c.touches(year)]
    received = [c for c in cases if c.year == year]
    channels = Counter(c.get("channel") for c in received)
    counts = Counter(
        COUNTED[e.action]
        for c in cases
        for e in c.events()
        if e.action in COUNTED and e.on.startswith(prefix)
    )
    return {
        "registered": len(received),
        **{code: channels.get(code, 0) for code in CHANNELS},
        "accepted": counts["accepted"],
        "not_accepted": counts["not_accepted"],
        "transferred": counts["transferred"],
        "answered": counts["answered"],
        "answered_in_time": sum(1 for c in cases if _in_time(c, year)),
        "extended": counts["extended"],
        "reviews_requested": counts["reviews_requested"],
        "reviewed": counts["reviewed"],
    }


def section(context: ReportContext) -> ReportSection:
    """Count the year's matters and write the report's sentence."""
    values = figures(context)
    zh = (
        f"全年登记信访事项{values['registered']}件,受理{values['accepted']}件,"
        f"书面答复{values['answered']}件,其中按期答复{values['answered_in_time']}件。"
    )
    en = (
        f"{values['registered']} matters were registered and {values['accepted']} accepted; "
        f"{values['answered']} were answered in writing, {values['answered_in_time']} in time."
    )
    return ReportSection(
        kind=KIND,
        title=Label("信访", "Letters and visits"),
        figures=values,
        text_zh=(zh,),
        text_en=(en,),
        labels=LABELS,
        order=ORDER,
    )
