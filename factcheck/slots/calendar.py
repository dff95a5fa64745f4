"""Small calendar tables used by the date/time extractor (:mod:`factcheck.slots.times`).

Everything here is general knowledge about English date writing: weekday and month names with their usual
news abbreviations, parts of the day with rough hour ranges, time-zone words, and number words. Nothing knows
about a particular story.

Example:
    >>> MONTHS["sept."], WEEKDAYS["tues."], PARTS_OF_DAY["noon"]
    (9, 1, 'midday')
"""

from __future__ import annotations

import datetime as dt
import re

# Weekday index as in ``datetime.date.weekday()`` (Monday = 0). Keys are lower case.
WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "mon.": 0,
    "tue.": 1,
    "tues.": 1,
    "wed.": 2,
    "thu.": 3,
    "thur.": 3,
    "thurs.": 3,
    "fri.": 4,
    "sat.": 5,
    "sun.": 6,
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}

WEEKDAY_NAMES: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_WORD = re.compile(r"\b(" + "|".join(WEEKDAY_NAMES) + r")\b", re.IGNORECASE)


def weekday_in(text: str) -> int | None:
    """The weekday (Monday = 0) of the first full weekday name in ``text``, or None.

    Example:
        >>> weekday_in("early Tuesday morning"), weekday_in("the weekend")
        (1, None)
    """
    m = _WEEKDAY_WORD.search(text)
    return WEEKDAY_NAMES.index(m.group(1).capitalize()) if m else None

# Abbreviations that are also ordinary English words ("he sat", "the sun", "they wed"): the extractor only
# accepts them when a calendar date follows.
AMBIGUOUS_WEEKDAY_ABBREVIATIONS: frozenset[str] = frozenset({"sat", "sun", "wed", "mon"})

# Words that turn a weekday into the name of something else ("Black Friday" is a date, but a named one whose
# meaning does not come from the publication date; "the Sunday Times" is a newspaper).
WEEKDAY_NAME_PREFIXES: frozenset[str] = frozenset(
    {"black", "good", "super", "bloody", "ash", "palm", "easter", "cyber", "giving", "holy", "maundy", "shrove"}
)
WEEKDAY_NAME_SUFFIXES: frozenset[str] = frozenset(
    {"times", "telegraph", "mirror", "express", "post", "herald", "observer", "star", "mail", "independent",
     "sport", "school", "service", "night live", "league", "club", "market"}
)
# Lower-case nouns that make a weekday an adjective ("a Sunday newspaper", "Friday prayers" is still a day).
WEEKDAY_NOUN_SUFFIXES: frozenset[str] = frozenset(
    {"newspaper", "newspapers", "paper", "papers", "edition", "editions", "supplement", "school", "roast",
     "brunch", "best", "league"}
)

MONTHS: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# Same keys with the abbreviation period, so a matched span can be looked up as written.
MONTHS.update({k + ".": v for k, v in list(MONTHS.items()) if len(k) <= 4 and k != "may"})

MONTH_NAMES: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

# Canonical part of the day for each word. Canonical parts are the keys of PART_HOURS.
PARTS_OF_DAY: dict[str, str] = {
    "morning": "morning",
    "afternoon": "afternoon",
    "evening": "evening",
    "night": "night",
    "overnight": "night",
    "tonight": "night",
    "midday": "midday",
    "noon": "midday",
    "dawn": "dawn",
    "daybreak": "dawn",
    "sunrise": "dawn",
    "dusk": "evening",
    "sunset": "evening",
    "midnight": "midnight",
}

# Rough local hour ranges [start, end) for each canonical part; hours past 24 run into the next day. Morning,
# afternoon and evening do not overlap, so "Sunday afternoon" and "Sunday evening" conflict; evening and night
# share 21:00-22:00 because reporters use them interchangeably for late evening.
PART_HOURS: dict[str, tuple[int, int]] = {
    "dawn": (4, 7),
    "morning": (5, 12),
    "midday": (11, 14),
    "afternoon": (12, 17),
    "evening": (17, 22),
    "night": (21, 29),
    "midnight": (23, 25),
}

# Time-zone words -> (canonical name, fixed offset from UTC in minutes, or None when it changes with the season
# or is not a fixed zone). Keys are matched case-sensitively after a clock time.
TIMEZONES: dict[str, tuple[str, int | None]] = {
    "GMT": ("UTC", 0),
    "UTC": ("UTC", 0),
    "Greenwich Mean Time": ("UTC", 0),
    "Coordinated Universal Time": ("UTC", 0),
    "BST": ("BST", 60),
    "CET": ("CET", 60),
    "CEST": ("CEST", 120),
    "EET": ("EET", 120),
    "EEST": ("EEST", 180),
    "MSK": ("MSK", 180),
    "EST": ("EST", -300),
    "EDT": ("EDT", -240),
    "ET": ("ET", None),
    "Eastern Time": ("ET", None),
    "Eastern Standard Time": ("EST", -300),
    "Eastern Daylight Time": ("EDT", -240),
    "CDT": ("CDT", -300),
    "CT": ("CT", None),
    "Central Time": ("CT", None),
    "MST": ("MST", -420),
    "MDT": ("MDT", -360),
    "MT": ("MT", None),
    "PST": ("PST", -480),
    "PDT": ("PDT", -420),
    "PT": ("PT", None),
    "Pacific Time": ("PT", None),
    "JST": ("JST", 540),
    "KST": ("KST", 540),
    "HKT": ("HKT", 480),
    "SGT": ("SGT", 480),
    "AEST": ("AEST", 600),
    "AEDT": ("AEDT", 660),
    "local time": ("local", None),
}

# Small number words, for "two days ago".
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "a hundred": 100,
}

# Which months "early", "mid" and "late" cover inside a year, and which days inside a month.
YEAR_THIRDS: dict[str, tuple[int, int]] = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
MONTH_THIRDS: dict[str, tuple[int, int]] = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def month_end(year: int, month: int) -> dt.date:
    """Last day of a month.

    Example:
        >>> month_end(2024, 2)
        datetime.date(2024, 2, 29)
    """
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday..Sunday week containing ``day`` (ISO weeks, as news calendars use).

    Example:
        >>> week_of(dt.date(2023, 9, 12))
        (datetime.date(2023, 9, 11), datetime.date(2023, 9, 17))
    """
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def part_hours(part: str) -> frozenset[int]:
    """Hours of the day (0-23) a canonical part of the day covers, wrapping past midnight.

    Example:
        >>> sorted(part_hours("night"))
        [0, 1, 2, 3, 4, 21, 22, 23]
    """
    lo, hi = PART_HOURS[part]
    return frozenset(h % 24 for h in range(lo, hi))
