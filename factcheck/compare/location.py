"""Location: two linked claims put one event in different places (a city inside its region is no conflict).

Two ways to find one: pairwise over linked claims (``_location``, the default detector) or over the
rows of the fact table (``RULE``, with ``Config(detector="facts")``).
"""

from __future__ import annotations

from factcheck.compare._common import (Context, _anchors, _compatible_participants, _event_places,
                                       _participants)
from factcheck.compare.rows import RowRule
from factcheck.models import Claim, Fact, Kind, Severity


def _places_agree(x, y, ctx: Context) -> bool:
    if x.entity_id == y.entity_id:
        return True
    if (x.entity_id, y.entity_id) in ctx.containment or (y.entity_id, x.entity_id) in ctx.containment:
        return True
    # "the Springfield space facility"-style names: a site named after a place lies in that place.
    nx, ny = (x.canonical or x.text).lower(), (y.canonical or y.text).lower()
    return nx.startswith(ny + " ") or ny.startswith(nx + " ")


def _location(a: Claim, b: Claim, cos: float, ctx: Context):
    if a.negated or b.negated:
        return None
    # the same place as where one outlet says the travel started and where another says it is, or ended
    if cos >= 0.5 and (_participants(a) & _participants(b) or a.doc_id == b.doc_id):
        for x in a.places:
            for y in b.places:
                if x.entity_id != y.entity_id or not (_anchors(a, x) & _anchors(b, y)):
                    continue
                roles = {x.role, y.role}
                if "origin" in roles and roles & {"at", "destination"}:
                    show = {"origin": "from", "at": "in", "destination": "into"}
                    name = x.canonical or x.text
                    return f"{show[x.role]} {name}", f"{show[y.role]} {name}", x, y
    if cos < 0.45 or not _compatible_participants(a, b):
        return None
    if cos < 0.5 and not (_participants(a) & _participants(b)):
        return None  # nobody named on one side: only a close paraphrase tells the same event
    pa, pb = _event_places(a), _event_places(b)
    for x in pa:
        for y in pb:
            shared = _anchors(a, x) & _anchors(b, y)
            if not shared or _places_agree(x, y, ctx):
                continue
            # another place the two claims give for the same event may agree ("in Springfield, at the port")
            if any(_places_agree(x2, y2, ctx) for x2 in pa for y2 in pb
                   if _anchors(a, x2) & _anchors(b, y2) & shared):
                continue
            return x.canonical or x.text, y.canonical or y.text, x, y
    return None


# ------------------------------------------------------------------ the fact-table detector (Config.detector)
def severity(f: Fact) -> Severity:
    """Where the main event happened is high; where it started or ended medium; another event's place low."""
    if f.event != "main":
        return Severity.low
    return Severity.high if f.role == "place:at" else Severity.medium


RULE = RowRule(kind=Kind.location, severity=severity, noun="places")
