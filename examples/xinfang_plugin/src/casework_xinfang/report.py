"""The 信访 section of the annual report.

Figures (stable keys), over the matters registered in the year unless said otherwise:

- ``registered``: matters registered; ``letter``, ``visit``, ``phone``, ``online``: by channel;
- ``accepted``, ``not_accepted``, ``transferred``: acceptance decisions dated in the year;
- ``answered``: written answers dated in the year; ``answered_in_time``: those given by the last
  day of the handling period (after any extension); ``extended``: extensions in the year;
- ``reviews_requested``, ``reviewed``: review requests and review opinions dated in the year.
"""

from __future__ import annotations

from collections import Counter

from casework import Case, Label, ReportContext, ReportSection

from casework_xinfang.kind import CHANNELS, KIND

ORDER = 90
"""Where the section sits in the report (the built-in kinds come first)."""

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


def _count(context: ReportContext, cases: list[Case], action: str) -> int:
    return sum(1 for c in cases for _ in context.events_in_year(c, action))


def _in_time(context: ReportContext, case: Case) -> bool:
    clock = case.clock("handling")
    answered = next(context.events_in_year(case, "answer"), None)
    return (
        answered is not None
        and clock is not None
        and clock.due_on is not None
        and answered.on <= clock.due_on
    )


def section(context: ReportContext) -> ReportSection:
    """Count the year's matters and write the report's sentence."""
    cases = context.cases(KIND)
    received = context.received(KIND)
    channels = Counter(c.details.channel for c in received)
    figures: dict[str, int] = {
        "registered": len(received),
        **{code: channels.get(code, 0) for code in CHANNELS},
        "accepted": _count(context, cases, "accept"),
        "not_accepted": _count(context, cases, "not_accept"),
        "transferred": _count(context, cases, "transfer"),
        "answered": _count(context, cases, "answer"),
        "answered_in_time": sum(1 for c in cases if _in_time(context, c)),
        "extended": _count(context, cases, "extend"),
        "reviews_requested": _count(context, cases, "request_review"),
        "reviewed": _count(context, cases, "review"),
    }
    zh = (
        f"全年登记信访事项{figures['registered']}件,受理{figures['accepted']}件,"
        f"书面答复{figures['answered']}件,其中按期答复{figures['answered_in_time']}件。"
    )
    en = (
        f"{figures['registered']} matters were registered and {figures['accepted']} accepted; "
        f"{figures['answered']} were answered in writing, {figures['answered_in_time']} in time."
    )
    return ReportSection(
        kind=KIND,
        title=Label("信访", "Letters and visits"),
        figures=figures,
        text_zh=(zh,),
        text_en=(en,),
        labels=LABELS,
        order=ORDER,
    )
