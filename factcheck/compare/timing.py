"""Time: two linked claims date one event differently ("Sunday" vs "Sunday afternoon" is no conflict).

Named ``timing`` rather than ``time`` so that it is never mistaken for the standard library module.

Two ways to find one: pairwise over linked claims (``_time``, the default detector) or over the rows of
the fact table (``RULE``, with ``Config(detector="facts")``).
"""

from __future__ import annotations

from factcheck.compare._common import Context, _anchors, _participants
from factcheck.compare.rows import RowRule
from factcheck.models import Claim, Fact, Kind, Severity
from factcheck.slots import times as time_slot
from factcheck.slots.calendar import weekday_in
from factcheck.slots.cues import dates_the_report

_REPORT_EVENT = "announce"  # events.fold() of every reporting verb


def _event_times(c: Claim):
    out = []
    for t in c.times:
        if t.start_date is None or t.granularity not in ("day", "part_of_day", "minute"):
            continue
        if t.anchor == _REPORT_EVENT:
            continue  # "reported Tuesday" dates the report, not the event
        if dates_the_report(c.text[: max(0, t.start - c.start)]):
            continue  # "said Tuesday" dates the report, not the event
        out.append(t)
    return out


def _time(a: Claim, b: Claim, cos: float, ctx: Context):
    if cos < 0.45 or not (_participants(a) & _participants(b)):
        return None
    ta, tb = _event_times(a), _event_times(b)
    for x in ta:
        for y in tb:
            shared = _anchors(a, x) & _anchors(b, y)
            if not shared:
                continue
            verdicts = [time_slot.same_time(x2, y2) for x2 in ta for y2 in tb if _anchors(a, x2) & _anchors(b, y2) & shared]
            if any(v is True for v in verdicts):
                continue
            if x.relative and y.relative and x.text.lower() == y.text.lower():
                continue  # the same words ("today"): only the two publication dates differ, not the accounts
            if time_slot.same_time(x, y) is False and _decided_by_text(a, x, b, y, ctx):
                return x.text, y.text, x, y
    return None




def _decided_by_text(a: Claim, x, b: Claim, y, ctx: Context) -> bool:
    """A conflict between two resolved times stands when no guessed publication date resolved either of them, or
    when the words alone conflict: two different weekdays, or the same weekday at different times of day."""
    if not ((x.relative and a.doc_id in ctx.guessed_dates) or (y.relative and b.doc_id in ctx.guessed_dates)):
        return True
    wx, wy = weekday_in(x.text), weekday_in(y.text)
    if wx is None or wy is None:
        return False
    if wx != wy:
        return True
    # the same weekday: one day, whatever week the guess put it in; only the time of day can conflict
    return time_slot.same_time(x, y.model_copy(update={"start_date": x.start_date, "end_date": x.end_date})) is False


# ------------------------------------------------------------------ the fact-table detector (Config.detector)
def severity(f: Fact) -> Severity:
    """When an event of the story happened is medium; the date of a background event low."""
    if f.event != "main":
        return Severity.low
    return Severity.medium


RULE = RowRule(kind=Kind.time, severity=severity, noun="times")
