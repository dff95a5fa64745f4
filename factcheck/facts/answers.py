"""When two answers to one question can both be true: figures, times and places.

Each function returns True (compatible), False (they cannot both be true) or None (nothing to say, treated as
compatible). What agrees: a unit conversion, "about" and rounding, "more than four" and "4.4" (figures); a
coarser time containing a finer one, a weekday and its date (times); a place inside another, a country or region
against a city in it, a site named after its town (places).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from factcheck.models import Place, Quantity, TimeRef
from factcheck.slots import names
from factcheck.slots import quantities as quantity_slot
from factcheck.slots import times as time_slot
from factcheck.slots.calendar import weekday_in

__all__ = ["BACKGROUND_NEAR_MISS_YEARS", "Story", "as_age", "numbers_agree", "places_agree", "times_agree",
           "years_apart"]


@dataclass
class Story:
    """What the answers of a story are read against."""

    containment: set[tuple[str, str]] = field(default_factory=set)  # (inner, outer) entity ids the texts state
    guessed_dates: set[str] = field(default_factory=set)  # documents whose publication date is a guess
    rel_tol: float = 0.05


def as_age(q: Quantity) -> Quantity:
    """A bare "Name, 32," read as an age, so it compares with "32-year-old"."""
    if q.dimension == "age":
        return q
    return q.model_copy(update={"dimension": "age", "unit": "year", "base_value": q.value, "counted": None})


def numbers_agree(a: Quantity, b: Quantity, story: Story) -> bool | None:
    return quantity_slot.compatible(a, b, rel_tol=story.rel_tol)


def times_agree(a: TimeRef, b: TimeRef, story: Story, a_doc: str = "", b_doc: str = "") -> bool | None:
    """Times conflict only when the words decide it: a time resolved on a guessed publication date conflicts only
    through two different weekdays, or one weekday at different times of day."""
    if a.start_date is None and b.start_date is None and not (a.time_of_day or b.time_of_day):
        wa, wb = weekday_in(a.text), weekday_in(b.text)
        if wa is not None and wb is not None:  # no publication date to resolve them: the weekday names alone
            return wa == wb
    verdict = time_slot.same_time(a, b)
    if verdict is not False:
        return verdict
    if _near_clock(a, b):
        return True
    if (_loose(a) or _loose(b)) and _gap_days(a, b) <= 3:
        return None  # "this weekend" and "Friday", "this week" and "last Sunday": loose words, not a conflict
    if a.relative and b.relative and a.text.lower() == b.text.lower():
        return True  # the same words ("today"): only the publication dates differ
    wa, wb = weekday_in(a.text), weekday_in(b.text)
    if wa is not None and wb is not None and wa != wb:
        return False  # the words themselves differ: "Friday" against "Thursday"
    if (a.relative or b.relative) and a.start_date != b.start_date and _gap_days(a, b) <= 1:
        return None  # "yesterday" a day off: a publication date known only to the day, or a reused report
    guessed = (a.relative and a_doc in story.guessed_dates) or (b.relative and b_doc in story.guessed_dates)
    if not guessed:
        return False
    if wa is None or wb is None:
        return None
    return time_slot.same_time(a, b.model_copy(update={"start_date": a.start_date, "end_date": a.end_date}))


# Clock times this close are one time told with different rounding ("3:30" and "3:33", "8.39am" and "about
# 8.40am"); "about" widens it. Chosen by reading the devset's controls (2026-12-07), not fitted.
CLOCK_SLACK_MIN, CLOCK_ABOUT_SLACK_MIN = 10, 15
_ABOUT = re.compile(r"\b(about|around|approximately|roughly|some|nearly|almost|just (?:before|after))\b", re.I)


def _near_clock(a: TimeRef, b: TimeRef) -> bool:
    """One clock time told with different rounding: close, and one side round (a multiple of five minutes) or
    marked "about". Two unrounded times ("7:41", "7:42") are two answers."""
    if not (a.time_of_day and b.time_of_day) or (a.start_date and b.start_date and a.start_date != b.start_date):
        return False
    ca, cb = time_slot.clock_minutes(a), time_slot.clock_minutes(b)
    if a.timezone and b.timezone and a.timezone != b.timezone:
        return False
    about = bool(_ABOUT.search(a.text) or _ABOUT.search(b.text))
    if not (about or ca % 5 == 0 or cb % 5 == 0):
        return False
    slack = CLOCK_ABOUT_SLACK_MIN if about else CLOCK_SLACK_MIN
    gap = abs(ca - cb) % 1440
    return min(gap, 1440 - gap) <= slack


# Two dates of earlier events this many years apart or more are taken as two events ("arrested in 1969",
# "convicted in 1997"); closer ones as one event told with different dates (1969 against 1970).
BACKGROUND_NEAR_MISS_YEARS = 2


def years_apart(a: TimeRef, b: TimeRef) -> float:
    return _gap_days(a, b) / 365.25


def _gap_days(a: TimeRef, b: TimeRef) -> int:
    if a.start_date is None or b.start_date is None:
        return 0
    gap = max(a.start_date, b.start_date) - min(a.end_date or a.start_date, b.end_date or b.start_date)
    return gap.days


def _loose(t: TimeRef) -> bool:
    if t.start_date is None:
        return False
    span = ((t.end_date or t.start_date) - t.start_date).days
    return t.granularity == "week" or 0 < span <= 7  # "this weekend", "this week"; not a month or a year




_COMPASS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
                      "far", "northeast", "northwest", "southeast", "southwest", "upstate", "downstate"})


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip()


@functools.lru_cache(maxsize=1)
def _subdivisions() -> frozenset[str]:
    """Names of the world's states, provinces, counties and regions (ISO 3166-2, from pycountry), folded."""
    import pycountry

    out = set()
    for sub in pycountry.subdivisions:
        for name in sub.name.split(";"):
            out.add(_ascii(re.sub(r"\s*\(.*?\)", "", name)))
    return frozenset(out)


@functools.lru_cache(maxsize=65536)
def _coarse_name(text: str) -> bool:
    """A country, a state, county or region, or a part of a country ("Russian Far East", "South Wales")."""
    if names.is_coarse_place(text):
        return True
    if _ascii(text.removeprefix("the ")) in _subdivisions():
        return True
    words = text.replace("-", " ").split()
    return len(words) >= 2 and any(w in _COMPASS for w in words) and any(
        names.is_country(w) or names.country_of_demonym(w) for w in words)


_GENERIC = frozenset({"the", "a", "an", "of", "in", "at", "on", "near", "and", "mt", "mount", "st", "saint"})


# Words that make a place a site inside a town (a street, a building), finer than the town itself: the names
# module's facility words (airport, prison, hospital ...) and streets and buildings.
_SITE_TYPES = names.FACILITY_WORDS | frozenset({
    "street", "st", "road", "rd", "avenue", "ave", "lane", "boulevard", "university", "college", "school", "hotel",
    "court", "beach", "building", "house", "hall", "club", "market", "mall", "unit", "factory", "store", "shop",
    "restaurant", "bank", "office", "park",
})
# Words that name a kind of place, not a place: sharing one says nothing ("Newton Street", "Oxford Street").
_PLACE_TYPES = _SITE_TYPES | frozenset({
    "national", "river", "lake", "bay", "gulf", "sea", "ocean", "island", "islands", "mountain", "mountains",
    "valley", "hill", "hills", "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "new", "upper", "lower", "great", "little", "city", "county", "state", "district", "province",
    "region",
})


def _site(words: frozenset[str]) -> bool:
    return bool(words & _SITE_TYPES)


def _words(name: str) -> frozenset[str]:
    """The distinctive words of a place name ("Mt Cook" and "Mount Cook" both give {"cook"})."""
    return frozenset(w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in _GENERIC)


def coarse(p: Place) -> bool:
    """A country, region or area: too coarse to contradict a city or a site inside it."""
    return any(_coarse_name(name.lower()) for name in {p.canonical or p.text, p.text})


def places_agree(a: Place, b: Place, story: Story) -> bool | None:
    if a.entity_id and a.entity_id == b.entity_id:
        return True
    if (a.entity_id, b.entity_id) in story.containment or (b.entity_id, a.entity_id) in story.containment:
        return True
    wa, wb = _words(a.canonical or a.text), _words(b.canonical or b.text)
    if not wa or not wb or wa <= wb or wb <= wa or (wa & wb) - _PLACE_TYPES:
        return True  # "the Springfield plant" lies in Springfield; "the camp" and "the refugee camp"
    if coarse(a) or coarse(b) or wa <= _PLACE_TYPES or wb <= _PLACE_TYPES:
        return None  # precision, not a conflict: a region against a place that may lie in it
    if _site(wa) != _site(wb):
        return None  # a street or a building against a town: the town may hold it
    return False
