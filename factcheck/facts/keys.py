"""The question a value answers: ``(event, role, subject)`` read from a claim's slots.

A value is keyed by what it is *about*, never by how alike its sentence is to another outlet's:

- a figure by what is counted or measured and of whom: ``count:pirate`` of ``arrest``, ``age`` of
  ``robert-buckley``, ``length`` of the fall of ``robert-buckley``;
- a time or a place by the event it dates or places: ``time`` of ``attack``, ``place`` of ``attack``;
- every key by the event it belongs to: ``main``, or ``background:<when>`` for a value told of a claim whose own
  date lies well away from the story's event (an earlier war, last year's fire, a later stage of a trial).

A value whose question cannot be read (a figure with nothing counted and no owner, a time hanging from a
reporting verb) gets no key: it is never compared.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from factcheck.models import Claim, Place, Quantity, TimeRef
from factcheck.slots.calendar import weekday_in
from factcheck.slots.cues import dates_the_report
from factcheck.slots.events import fold

__all__ = ["Key", "main_date", "event_of", "time_event", "number_key", "time_key", "place_key", "REPORTING"]

# Verbs that date or place a *report* of the event, not the event ("said Tuesday", "told reporters in X").
REPORTING = frozenset({"announce", "add", "write", "quote", "publish", "speak", "ask"})
# Verbs too general to say which event a value belongs to.
_LIGHT = frozenset({"be", "have", "do", "get", "make", "take", "give", "become"})
# Words that make a figure a running total or a record over a period, not a figure of this event.
_CUMULATIVE = re.compile(
    r"\b(so far|in all|a total of|in total|thus far|to date|since (?:19|20)\d\d|this (?:year|season)|career|"
    r"record|all[- ]time|altogether|overall)\b",
    re.IGNORECASE,
)
# A background event is one whose own date is this many days or more from the story's main date.
BACKGROUND_DAYS = 3
# Counted nouns that say nothing of the question by themselves: "12 people" injured or arrested, "three times"
# shot or arrested. For these the event verb and the owner are part of the key; "six rifles" is one question
# whichever verb ("seized", "found", "confiscated") tells it.
GENERIC_COUNTED = frozenset({"person", "people", "man", "woman", "child", "time", "member", "other", "one",
                             "year", "day", "week", "month", "hour", "minute", "second", "case", "incident",
                             "thing", "group", "part", "side", "way"})
_AGO_IN = re.compile(r"\b(ago|earlier|previously)\b", re.IGNORECASE)
_AGO = re.compile(r"^\W{0,3}(ago|earlier|before|later|previously)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Key:
    """What a value answers, from coarse to fine: ``(event, role)``, then the ``head`` it hangs from (the event
    verb, or the noun a figure describes), then its ``owner`` (whose figure, whose death).

    factcheck/facts/table.py starts each row as coarse as the key allows and makes it finer only when the row
    does not hold together: when one document gives two incompatible answers in it (it then mixes questions), or,
    where ``owners_split``, when two named owners give different answers (two people's ages).
    """

    event: str
    role: str
    head: str = ""
    owner: str = ""
    head_optional: bool = False  # the role alone names the question ("six rifles", seized or found)
    owners_split: bool = False  # different named owners are different questions (ages, distances, times)

    def level(self, n: int) -> tuple[str, str, str, str]:
        """The key at refinement level 0 (role only, where the head is optional), 1 (head) or 2 (owner)."""
        head = "" if (n == 0 and self.head_optional) else self.head
        return self.event, self.role, head, self.owner if n >= 2 else ""


def _dated(t: TimeRef) -> bool:
    return t.start_date is not None and t.granularity in ("day", "part_of_day", "minute")


def main_date(claims: Iterable[Claim]) -> dt.date | None:
    """The story's event date: the day most documents give to a non-reporting event, or None."""
    votes: Counter[dt.date] = Counter()
    seen: set[tuple[str, dt.date]] = set()
    for c in claims:
        for t in c.times:
            if not _dated(t) or t.anchor in REPORTING or fold(t.anchor) == "announce":
                continue
            if (c.doc_id, t.start_date) not in seen:
                seen.add((c.doc_id, t.start_date))
                votes[t.start_date] += 1
    if not votes:
        return None
    return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def event_of(c: Claim, main: dt.date | None) -> str:
    """``main``, or ``background:<when>`` when the claim's own times all lie away from the story's date."""
    if main is None:
        return "main"
    far = []
    for t in c.times:
        if t.start_date is None or t.granularity == "week":
            continue
        end = t.end_date or t.start_date
        lo, hi = t.start_date - dt.timedelta(days=BACKGROUND_DAYS), end + dt.timedelta(days=BACKGROUND_DAYS)
        if lo <= main <= hi:
            return "main"
        far.append(t)
    if not far:
        return "main"
    t = far[0]
    when = t.start_date.isoformat() if t.granularity in ("day", "part_of_day", "minute") else str(t.start_date.year)
    return f"background:{when}"


def _entity_ids(c: Claim) -> set[str]:
    return {e.entity_id for e in c.entities if e.entity_id}


def _actor(c: Claim) -> str:
    """The claim's subject when it is a named entity (whose death, whose arrest), else ""."""
    return c.subject if c.subject and c.subject in _entity_ids(c) else ""


def time_event(t: TimeRef, main: dt.date | None, claim_event: str) -> str:
    """The event a date belongs to, read from the date itself: "the 1940s actress" in a sentence about
    yesterday's death dates something else. Dates of other events share one ``background`` key, so that two
    outlets giving 1969 and 1970 for one earlier indictment still meet."""
    if main is None or t.start_date is None:
        return claim_event
    end = t.end_date or t.start_date
    near = t.start_date - dt.timedelta(days=BACKGROUND_DAYS) <= main <= end + dt.timedelta(days=BACKGROUND_DAYS)
    return "main" if near else "background"


def _verb(anchor: str | None, c: Claim) -> str:
    """The event verb of a slot: its anchor, else the claim's content verb; never a reporting verb."""
    for a in (anchor, fold(c.predicate)):
        if a and a not in _LIGHT and a not in REPORTING and a != "announce":
            return a
    return ""


def _bare_age(c: Claim, q: Quantity) -> bool:
    """"Robert Buckley, 32, fell ...": a bare whole number set off by commas after a name is an age."""
    if q.dimension != "count" or q.counted or q.unit or not q.owner or q.ordinal:
        return False
    if not (q.value == int(q.value) and 1 <= q.value <= 110) or not q.text.strip().isdigit():
        return False
    rel = q.start - c.start
    before, after = c.text[max(0, rel - 2) : rel], c.text[rel + len(q.text) : rel + len(q.text) + 1]
    return before.endswith(", ") and after in (",", "")


def number_key(c: Claim, q: Quantity, event: str, named: frozenset[str] = frozenset()) -> Key | None:
    """The question a figure answers, or None when it cannot be told (then the figure is never compared).

    ``named`` holds the story's entity ids; an owner must be one of them (or of the claim's own entities): "the
    man", "the climber" could be any of the story's people.
    """
    if q.ordinal or q.increment:
        return None
    owner = q.owner if q.owner and (q.owner in named or q.owner in _entity_ids(c)) else ""
    if q.dimension == "age" or _bare_age(c, q):
        return Key(event, "age", owner, owner) if owner else None  # whose age is the question itself
    scope = "total:" if _CUMULATIVE.search(c.text) else ""
    verb = _verb(q.anchor, c)
    rel = q.end - c.start
    if q.dimension == "time" and (_AGO.match(c.text[rel:rel + 15]) or _AGO_IN.search(q.text)):
        scope += "ago:"  # "four years ago" dates an earlier event; it is not a duration
    if q.dimension == "count":
        if not q.counted:
            return None
        # "six rifles" is one question whichever verb tells it; "12 people" injured or arrested are two
        # two named people are two questions ("Charles's nine carries", "Luck's 22 carries"); an organisation
        # is often named at several levels ("the Navy", "the ship") for one answer
        person = owner and any(e.entity_id == owner and e.label == "PERSON" for e in c.entities)
        return Key(event, f"{scope}count:{q.counted}", verb, owner,
                   head_optional=q.counted not in GENERIC_COUNTED, owners_split=bool(person))
    if q.dimension in (None, ""):
        return None
    thing = q.of or verb
    if not thing and not owner:
        return None
    if q.dimension == "time" and not scope and not (q.of or owner):
        return None  # "for two weeks", "ten minutes later": a duration is a question only of something or someone
    return Key(event, f"{scope}{q.dimension}", thing, owner, owners_split=True)


def _event_verb(c: Claim, slot) -> str | None:
    a = slot.anchor
    if a in REPORTING or a == "announce":
        return None
    v = _verb(a, c)
    if not v or v in REPORTING or v == "announce":
        return None
    return v


def time_key(c: Claim, t: TimeRef, event: str) -> Key | None:
    """The question a date or time answers: when the event of the verb it hangs from happened."""
    if t.start_date is None and t.time_of_day is None and t.part_of_day is None and weekday_in(t.text) is None:
        return None  # nothing to compare; an unresolved weekday (no publication date) still compares by name
    if dates_the_report(c.text[: max(0, t.start - c.start)]):
        return None  # "said Tuesday" dates the report
    v = _event_verb(c, t)
    if v is None:
        return None
    return Key(event, "time", v, _actor(c), owners_split=True)


def place_key(c: Claim, p: Place, event: str) -> Key | None:
    """The question a place answers: where the event of the verb it hangs from happened (or started, ended)."""
    if p.role not in ("at", "destination", "origin"):
        return None
    v = _event_verb(c, p)
    if v is None:
        return None
    return Key(event, f"place:{p.role}", v, _actor(c), owners_split=True)
