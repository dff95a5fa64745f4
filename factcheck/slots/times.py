"""Date and time slot: find date/time expressions in a sentence and resolve them against the publication date.

The extractor is a set of small, anchored regular expressions (no nested quantifiers, so no catastrophic
backtracking), one per family of expressions: calendar dates ("Sept. 12, 2023", "12 September", "2023-09-12",
"September 10 to 13"), months and years ("April 2019", "in July", "in 2019", "early last year"), weekdays
("on Tuesday", "Sunday afternoon"), words relative to the publication date ("today", "this morning", "last
week", "two days ago") and clock times ("7:09 a.m. Paris time", "14:30 GMT", "at 10 pm"). Overlapping matches
keep the longest; a clock time next to a day ("10 pm on Tuesday", "Tuesday at 10 pm") becomes one expression.

Choices worth knowing:

* Spans leave out prepositions ("on Tuesday" gives "Tuesday", "in July" gives "July") but keep words that change
  the meaning ("last week", "early last year", "this morning", "mid-September").
* Weekday rule (:func:`resolve_weekday`): a weekday equal to the publication weekday is the publication date
  ("last"/"next" move it a full week). Any other weekday goes to its past occurrence (1-6 days before) unless
  :func:`tense_direction` reads the sentence as future, then to its future occurrence (1-6 days after). So a
  weekday never moves more than 7 days from the publication date.
* A month without a year follows the same tense rule ("in July" in a past sentence is the latest July up to the
  publication month); a month and day without a year take the year that puts them closest to publication.
* "N days/weeks/months/years ago" resolve to the day, ISO week, month or calendar year that lies N units before
  publication ("75 years ago" in 2023 is the year 1948). Durations ("12 years in power", "four years") and
  counts ("seven trips") are not dates and yield nothing, nor do named periods ("the Covid-19 pandemic").
* A clock time or part of day with no day beside it ("at 10 pm", "in the evening") is kept with
  ``start_date=None``; without a publication date, relative expressions are kept with ``start_date=None``.
* Ambiguous numeric dates such as "03/04/2023" (either day or month first) are kept unresolved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Callable, Literal

from factcheck.models import TimeRef
from factcheck.slots import calendar as cal

__all__ = ["clock_minutes", "eval_items", "extract_times", "resolve_weekday", "same_time", "tense_direction"]

Direction = Literal["past", "future"]

# --------------------------------------------------------------------------------------------------- patterns

_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
# Full names need a word end; abbreviations keep their period inside the span ("Sept.").
_MONTH = rf"(?:{_MONTH_FULL}\b|{_MONTH_ABBR}(?:\.|\b))"
_DAY = r"[0-3]?\d(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?:1[89]|20)\d\d(?!\d)"
_RANGE_CONN = r"\s*(?P<conn>-|–|—|to|through|until|and)\s*"

_MONTH_FIRST = re.compile(
    rf"\b(?P<mon>{_MONTH})\s*(?P<d1>{_DAY})"
    rf"(?:{_RANGE_CONN}(?:(?P<mon2>{_MONTH})\s*)?(?P<d2>{_DAY}))?"
    rf"(?:,?\s+(?P<y>{_YEAR}))?"
)
_DAY_FIRST = re.compile(
    rf"(?<![\d,.$£€])\b(?P<d1>{_DAY})(?:{_RANGE_CONN}(?P<d2>{_DAY}))?\s+(?:of\s+)?(?P<mon>{_MONTH})"
    rf"(?:,?\s+(?P<y>{_YEAR}))?"
)
_MONTH_YEAR = re.compile(rf"\b(?:(?P<mod>(?i:early|mid|late))[\s-]+)?(?P<mon>{_MONTH}),?\s+(?:of\s+)?(?P<y>{_YEAR})")
_CONTEXT_WORDS = r"in|since|by|until|till|during|from|through|before|after|of|around|throughout|between|and|to"
_MONTH_ONLY = re.compile(
    rf"\b(?:(?P<mod>(?i:early|mid|late|last|next|this))[\s-]+|(?i:{_CONTEXT_WORDS})\s+"
    rf"(?:(?P<mod2>(?i:early|mid|late))[\s-]+)?)(?P<mon>{_MONTH_FULL})\b(?!\s*\d)"
)
_YEAR_ONLY = re.compile(
    rf"\b(?:(?i:{_CONTEXT_WORDS})\s+(?:(?P<mod>(?i:early|mid|late))[\s-]+)?|(?P<mod2>(?i:early|mid|late))[\s-]+)"
    rf"(?P<y>{_YEAR})(?![\w%-]|[.,]\d)"
)
_DECADE = re.compile(r"\b(?:(?P<mod>(?i:early|mid|late))[\s-]+)?(?P<dec>(?:1[89]|20)\d0)s\b")
_ISO = re.compile(r"(?<![\w/.-])(?P<y>(?:1[89]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![/\d]|-\d)")
_NUMERIC = re.compile(
    r"(?<![\w/.:-])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)(?P<y>(?:1[89]|20)\d\d)(?![\w/]|\.\d)"
)
_WEEKDAY = re.compile(
    r"\b(?:(?P<mod>(?i:last|next|this|early|late))\s+)?"
    r"(?:(?P<wd>(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
    r"|(?P<abbr>Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)(?:\.|\b))"
    r"(?:\s+(?P<part>(?i:morning|afternoon|evening|night|overnight))\b)?"
)
_RELATIVE_DAY = re.compile(
    r"\b(?:(?P<dbfy>the\s+day\s+before\s+yesterday)|(?P<daft>the\s+day\s+after\s+tomorrow)"
    r"|(?:(?P<adv>earlier|later)\s+)?(?P<word>today|tonight|yesterday|tomorrow)"
    r"(?:\s+(?P<part>morning|afternoon|evening|night))?"
    r"|this\s+(?P<part2>morning|afternoon|evening)|(?P<lastnight>last\s+night))\b",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"(?<!\bthe\s)\b(?:(?P<adv>earlier|later|early|late|mid)[\s-]+)?(?P<which>this|last|next)\s+"
    r"(?P<unit>week|weekend|month|year)\b",
    re.IGNORECASE,
)
_THE_WEEKEND = re.compile(r"\b(?:over|during|at|on|for|this|by)\s+(?P<span>the\s+weekend)\b", re.IGNORECASE)
_NUMBER_ALT = "|".join(sorted((re.escape(k) for k in cal.NUMBER_WORDS), key=len, reverse=True))
_AGO = re.compile(
    rf"\b(?P<n>\d{{1,3}}|{_NUMBER_ALT})\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b", re.IGNORECASE
)
_TZ_ALT = "|".join(sorted((re.escape(k) for k in cal.TIMEZONES), key=len, reverse=True))
_TZ = rf"(?:(?:{_TZ_ALT})\b|[A-Z][a-z]+(?: [A-Z][a-z]+)? time\b)"
_CLOCK = re.compile(
    r"(?<![\d:.,])\b(?P<h>[01]?\d|2[0-3])(?:(?P<sep>[:.])(?P<m>[0-5]\d))?(?!\d)"
    r"(?:\s*(?P<ampm>(?i:a\.m\.?|p\.m\.?|am\b|pm\b)))?"
    rf"(?:\s+(?P<tz>{_TZ}))?"
)
_WIRE_CLOCK = re.compile(r"(?<![\d,.])\b(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s?(?P<tz>GMT|UTC|EDT|EST|BST|ET)\b")
_CLOCK_WORDS = re.compile(
    r"\b(?P<h>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?:\s+o['’]clock)?\s+(?:in\s+the\s+(?P<p>morning|afternoon|evening)|at\s+(?P<n>night))\b"
    r"|\b(?P<h2>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+o['’]clock\b",
    re.IGNORECASE,
)
_PART_PHRASE = re.compile(
    r"\b(?:(?:in|during|through)\s+(?P<a>the\s+(?:(?:early|late)\s+)?(?:morning|afternoon|evening|night))\b"
    r"|(?P<b>overnight)\b"
    r"|(?:at|by|before|after|around|until|till|from)\s+(?P<c>dawn|daybreak|dusk|sunrise|sunset|noon|midday"
    r"|midnight|night)\b"
    r"|(?P<d>(?:that|the\s+same|the\s+following|the\s+next|the\s+previous)\s+(?:morning|afternoon|evening|night))\b"
    r"|(?P<e>the\s+(?:morning|afternoon|evening|night))\s+of\b)",
    re.IGNORECASE,
)

_FUTURE_WORDS = frozenset(
    {"will", "would", "could", "might", "shall", "won't", "wouldn't", "couldn't", "next", "upcoming", "tomorrow",
     "later", "soon", "expects", "plans", "planning", "intends", "scheduled", "expected", "due", "set", "going",
     # present-tense verbs of schedules: "the Fed meets on Wednesday", "voting opens on Sunday"
     "begins", "starts", "opens", "closes", "ends", "meets", "resumes", "kicks", "convenes", "reopens", "expires"}
)
# Words that need "to" after them to mean future ("is due to", "plans to"), or "for" ("scheduled for").
_FUTURE_NEEDS_TO = frozenset({"expected", "due", "set", "going", "plans", "planning", "intends", "expects"})
_PAST_WORDS = frozenset(
    {"was", "were", "had", "did", "said", "told", "left", "met", "went", "came", "began", "took", "gave", "made",
     "held", "saw", "spoke", "wrote", "sent", "won", "lost", "fell", "rose", "flew", "ran", "drove", "struck",
     "hit", "shot", "led", "brought", "bought", "sold", "paid", "found", "felt", "kept", "got", "ago", "last",
     "yesterday", "earlier", "wasn't", "weren't", "didn't", "hadn't"}
)
# A "-ed" word counts as a past verb only before one of these (or a capitalised name, or punctuation), so
# adjectives such as "armored train" or "planned meeting" are not read as tense.
_AFTER_PAST_VERB = frozenset(
    {"on", "in", "into", "at", "to", "that", "the", "a", "an", "by", "from", "with", "for", "his", "her", "their",
     "its", "him", "them", "it", "up", "out", "off", "over", "this", "last", "late", "early", "about", "he", "she",
     "they", "we", "after", "before", "across", "through", "via"}
)
_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|[.!?;]")
_SENTENCE_END = re.compile(r"(?<=[a-z]{2}[.!?])[\"”’)]?\s+")
_WINDOW_BEFORE = 15
_WINDOW_AFTER = 8


# --------------------------------------------------------------------------------------------------- tense


def tense_direction(sentence: str, at: int | None = None) -> Direction:
    """Whether an unanchored weekday or month in ``sentence`` points back ("past") or ahead ("future").

    Rule: look at the words before position ``at`` (the expression's offset; the end of the sentence when
    ``None``), up to 15 words inside the sentence, and take the nearest tense cue: a future cue ("will", "would",
    "could", "might", "is expected/due/set/going to", "plans to", "scheduled", "next", "upcoming") or a past
    one ("said", "was", "left", "last", "ago", a "-ed" verb before a preposition, name or punctuation). With
    no cue before it, look at up to 8 words after it. With no cue at all, news reports the past: "past".

    Example:
        >>> tense_direction("The envoy could meet them on Wednesday", 26)
        'future'
        >>> tense_direction("The ministry said on Monday that talks will follow", 19)
        'past'
    """
    if at is None:
        at = len(sentence)
    lo = max(0, at - 300)  # a cue further back than 15 words does not count; keeps long texts linear
    for m in _SENTENCE_END.finditer(sentence, lo, at):
        lo = m.end()
    hi_m = _SENTENCE_END.search(sentence, at)
    hi = hi_m.start() if hi_m else len(sentence)
    before = [(m.group(), m.start()) for m in _TOKEN.finditer(sentence, lo, at)]
    after_tokens = [m.group() for m in _TOKEN.finditer(sentence, at, hi)]
    # Skip the expression's own word(s) after ``at``.
    after = after_tokens[1:]
    words_before = [w for w, _ in before]
    for i in range(len(words_before) - 1, max(-1, len(words_before) - 1 - _WINDOW_BEFORE), -1):
        if words_before[i] in ".!?;":
            break
        nxt = words_before[i + 1] if i + 1 < len(words_before) else (after_tokens[0] if after_tokens else "")
        cue = _cue(words_before[i], nxt, words_before[i - 1] if i > 0 else "")
        if cue:
            return cue
    for i, w in enumerate(after[:_WINDOW_AFTER]):
        if w in ".!?;":
            break
        cue = _cue(w, after[i + 1] if i + 1 < len(after) else "", after[i - 1] if i > 0 else "")
        if cue:
            return cue
    return "past"


def _cue(word: str, nxt: str, prev: str) -> Direction | None:
    if word == "may":  # lower case only: "May" is the month
        return "future"
    w = word.lower().replace("’", "'")
    if w.endswith("'ll"):
        return "future"
    if w in _FUTURE_WORDS:
        if w in _FUTURE_NEEDS_TO and nxt.lower() not in ("to", "for"):
            return None
        if w == "set" and prev.lower() not in ("is", "are", "was", "were", "be", "been"):
            return None
        return "future"
    if prev.lower() in ("be", "been", "being", "is", "are"):
        return None  # a participle after "be" carries no tense of its own ("will be held")
    if w in ("is", "are", "'s"):
        # Present copula before a day points ahead ("the deadline is Friday", "is visiting on Monday"), but
        # not a passive report of the past ("is accused of attacking ... on Monday").
        return None if nxt.lower().endswith("ed") else "future"
    if w in _PAST_WORDS:
        return "past"
    if len(w) > 4 and w.endswith("ed") and (nxt.lower() in _AFTER_PAST_VERB or nxt[:1].isupper() or nxt in ".!?;"
                                            or not nxt):
        return "past"
    return None


def resolve_weekday(
    weekday: int, published: dt.date, direction: Direction = "past", *, modifier: str | None = None
) -> dt.date:
    """The date a weekday name refers to, seen from the publication date.

    Args:
        weekday: 0 for Monday ... 6 for Sunday.
        published: publication date.
        direction: "past" or "future", usually from :func:`tense_direction`.
        modifier: "last" or "next" force the direction (and a full week when the weekday is the publication
            weekday); anything else is ignored.

    Returns:
        A date at most 7 days from ``published``.

    Example:
        >>> resolve_weekday(6, dt.date(2023, 9, 12))  # Sunday, published on a Tuesday
        datetime.date(2023, 9, 10)
    """
    mod = (modifier or "").lower()
    ahead = (weekday - published.weekday()) % 7
    if ahead == 0:
        return published + dt.timedelta(days={"last": -7, "next": 7}.get(mod, 0))
    if mod == "last":
        direction = "past"
    elif mod == "next":
        direction = "future"
    if direction == "future":
        return published + dt.timedelta(days=ahead)
    return published - dt.timedelta(days=7 - ahead)


# --------------------------------------------------------------------------------------------------- candidates


@dataclass(frozen=True)
class _Cand:
    start: int
    end: int
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    granularity: str = "day"
    part: str | None = None
    time: str | None = None
    tz: str | None = None
    relative: bool = False
    dated: bool = True  # names a day or period (resolved or not); False for a bare clock time / part of day
    weekday: bool = False  # a weekday name whose date came from the publication date
    needs_date: bool = False  # only valid when merged with a date that follows ("Sat 12 Sep", "the morning of")

    @property
    def clock(self) -> bool:
        return self.time is not None or self.part is not None


def _day(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _closest_year(
    month: int, day: int, published: dt.date, direction: Callable[[], Direction]
) -> dt.date | None:
    """Year for a month and day written without one.

    The occurrence closest to publication when it lies within 60 days of it (datelines, schedules); otherwise
    the sentence's tense decides: the latest occurrence before publication, or the first one after it.
    """
    options = [d for y in (published.year - 1, published.year, published.year + 1) if (d := _day(y, month, day))]
    if not options:
        return None
    best = min(options, key=lambda d: abs((d - published).days))
    if abs((best - published).days) <= 60:
        return best
    if direction() == "future":
        return min((d for d in options if d >= published), default=best)
    return max((d for d in options if d <= published), default=best)


def _month_num(word: str) -> int:
    return cal.MONTHS[word.lower()]


def _daynum(s: str) -> int:
    return int(s.rstrip("stndrh"))


def _calendar_dates(text: str, published: dt.date | None) -> list[_Cand]:
    out: list[_Cand] = []
    for rx in (_MONTH_FIRST, _DAY_FIRST):
        for m in rx.finditer(text):
            if m.group("conn") == "and" and not text[: m.start()].rstrip().lower().endswith("between"):
                # "on September 12 and 13 people died": "and" joins a range only after "between".
                if rx is _DAY_FIRST:  # keep "13 September" (and its year)
                    out.extend(_one_calendar(text, m.start("d2"), m.end(), m.group("mon"), m.group("d2"), None, None,
                                             m.group("y"), published))
                else:
                    out.extend(_one_calendar(text, m.start(), m.end("d1"), m.group("mon"), m.group("d1"), None, None,
                                             None, published))
                continue
            out.extend(
                _one_calendar(
                    text, m.start(), m.end(), m.group("mon"), m.group("d1"), m.group("d2"),
                    m.groupdict().get("mon2"), m.group("y"), published,
                )
            )
    return out


def _one_calendar(
    text: str, start: int, end: int, mon: str, d1: str, d2: str | None, mon2: str | None, year: str | None,
    published: dt.date | None,
) -> list[_Cand]:
    month = _month_num(mon)
    day1 = _daynum(d1)
    month2 = _month_num(mon2) if mon2 else month
    if year:
        first = _day(int(year), month, day1)
    elif published is not None:
        first = _closest_year(month, day1, published, lambda: tense_direction(text, start))
    else:
        first = None if _day(2000, month, day1) is None else dt.date.min  # valid day, year unknown
    if first is None:
        return []
    last = first
    if d2:
        y2 = first.year + (1 if month2 < month else 0)
        last = _day(y2, month2, _daynum(d2)) if first != dt.date.min else dt.date.min
        if last is None or (first != dt.date.min and last < first):
            return []
    if first == dt.date.min:
        return [_Cand(start, end, dated=True)]
    return [_Cand(start, end, first, last, "day", relative=not year)]


def _months_years(text: str, published: dt.date | None) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _MONTH_YEAR.finditer(text):
        y, mon = int(m.group("y")), _month_num(m.group("mon"))
        a, b = _month_range(y, mon, m.group("mod"))
        out.append(_Cand(m.start(), m.end(), a, b, "month"))
    for m in _MONTH_ONLY.finditer(text):
        mod = (m.group("mod") or m.group("mod2") or "").lower()
        start = m.start("mod") if m.group("mod") else m.start("mod2") if m.group("mod2") else m.start("mon")
        mon = _month_num(m.group("mon"))
        if published is None:
            out.append(_Cand(start, m.end(), granularity="month"))
            continue
        p = published.month
        if mod == "this":
            y = published.year
        elif mod == "last":
            y = published.year if mon < p else published.year - 1
        elif mod == "next":
            y = published.year if mon > p else published.year + 1
        elif tense_direction(text, m.start("mon")) == "future":
            y = published.year if mon >= p else published.year + 1
        else:
            y = published.year if mon <= p else published.year - 1
        a, b = _month_range(y, mon, mod if mod in cal.MONTH_THIRDS else None)
        out.append(_Cand(start, m.end(), a, b, "month", relative=True))
    for m in _YEAR_ONLY.finditer(text):
        mod = (m.group("mod") or m.group("mod2") or "").lower()
        start = m.start("mod") if m.group("mod") else m.start("mod2") if m.group("mod2") else m.start("y")
        a, b = _year_range(int(m.group("y")), mod or None)
        out.append(_Cand(start, m.end(), a, b, "year"))
    for m in _DECADE.finditer(text):
        dec = int(m.group("dec"))
        mod = (m.group("mod") or "").lower()
        lo, hi = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(mod, (0, 9))
        out.append(_Cand(m.start(), m.end(), dt.date(dec + lo, 1, 1), dt.date(dec + hi, 12, 31), "year"))
    return out


def _month_range(y: int, mon: int, mod: str | None) -> tuple[dt.date, dt.date]:
    last = cal.month_end(y, mon)
    if mod and mod.lower() in cal.MONTH_THIRDS:
        lo, hi = cal.MONTH_THIRDS[mod.lower()]
        return dt.date(y, mon, lo), dt.date(y, mon, min(hi, last.day))
    return dt.date(y, mon, 1), last


def _year_range(y: int, mod: str | None) -> tuple[dt.date, dt.date]:
    if mod and mod.lower() in cal.YEAR_THIRDS:
        lo, hi = cal.YEAR_THIRDS[mod.lower()]
        return dt.date(y, lo, 1), cal.month_end(y, hi)
    return dt.date(y, 1, 1), dt.date(y, 12, 31)


def _numeric_dates(text: str) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _ISO.finditer(text):
        d = _day(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if d:
            out.append(_Cand(m.start(), m.end(), d, d))
    for m in _NUMERIC.finditer(text):
        a, b, y = int(m.group("a")), int(m.group("b")), int(m.group("y"))
        if m.group("sep") == ".":  # dotted dates are day-first wherever they are written
            d = _day(y, b, a)
        elif a > 12:
            d = _day(y, b, a)
        elif b > 12:
            d = _day(y, a, b)
        else:
            if a == 0 or b == 0 or (_day(y, a, b) is None and _day(y, b, a) is None):
                continue
            out.append(_Cand(m.start(), m.end()))  # day-first or month-first: cannot tell
            continue
        if d:
            out.append(_Cand(m.start(), m.end(), d, d))
    return out


def _prev_word(text: str, i: int) -> str:
    m = re.search(r"([A-Za-z]+)\W*$", text[max(0, i - 30): i])
    return m.group(1) if m else ""


def _weekdays(text: str, published: dt.date | None) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _WEEKDAY.finditer(text):
        name = m.group("wd") or m.group("abbr")
        key = name.lower()
        wd = cal.WEEKDAYS[key]
        start = m.start("mod") if m.group("mod") else m.start("wd") if m.group("wd") else m.start("abbr")
        name_start = m.start("wd") if m.group("wd") else m.start("abbr")
        prev = _prev_word(text, start)
        if prev.lower() in cal.WEEKDAY_NAME_PREFIXES and prev[:1].isupper():
            continue
        following = text[m.end(): m.end() + 20].lstrip()
        if not m.group("part") and _starts_with_word(following, cal.WEEKDAY_NAME_SUFFIXES, proper=True):
            continue  # "the Sunday Times"
        if not m.group("part") and _starts_with_word(following, cal.WEEKDAY_NOUN_SUFFIXES, proper=False):
            continue  # "a Sunday newspaper"
        needs_date = False
        if m.group("abbr"):
            has_period = text[m.end("abbr") - 1] == "." or text[m.end("abbr"): m.end("abbr") + 1] == "."
            needs_date = key.rstrip(".") in cal.AMBIGUOUS_WEEKDAY_ABBREVIATIONS or not has_period
        mod = (m.group("mod") or "").lower()
        part = cal.PARTS_OF_DAY[m.group("part").lower()] if m.group("part") else None
        gran = "part_of_day" if part else "day"
        if published is None:
            out.append(_Cand(start, m.end(), granularity=gran, part=part, weekday=True, needs_date=needs_date))
            continue
        direction = tense_direction(text, name_start) if mod not in ("last", "next") else "past"
        d = resolve_weekday(wd, published, direction, modifier=mod)
        out.append(_Cand(start, m.end(), d, d, gran, part, relative=True, weekday=True, needs_date=needs_date))
    return out


def _starts_with_word(s: str, words: frozenset[str], *, proper: bool) -> bool:
    if proper and not s[:1].isupper():
        return False
    low = s.lower()
    return any(low.startswith(w) and not low[len(w): len(w) + 1].isalpha() for w in words)


def _proper_name_today(text: str, m: re.Match, word: str) -> bool:
    """'USA Today', 'Science Today': a capitalised relative word right after a capitalised word is a name."""
    if not word[:1].isupper():
        return False
    before = text[max(0, m.start() - 25): m.start()]
    pm = re.search(r"([A-Za-z]+)(\s*)$", before)
    return bool(pm and pm.group(1)[:1].isupper() and pm.group(2) and pm.group(2) != "" and
                not re.search(r"[.!?:\"“]\s*$", before))


def _relative_words(text: str, published: dt.date | None) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _RELATIVE_DAY.finditer(text):
        part = None  # "earlier today" and "later today" are still the publication day
        if m.group("dbfy"):
            off = -2
        elif m.group("daft"):
            off = 2
        elif m.group("lastnight"):
            off, part = -1, "night"
        elif m.group("part2"):
            off, part = 0, m.group("part2").lower()
        else:
            word = m.group("word")
            if _proper_name_today(text, m, m.group("adv") or word):
                continue
            w = word.lower()
            off = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[w]
            part = "night" if w == "tonight" else None
            if m.group("part"):
                part = cal.PARTS_OF_DAY[m.group("part").lower()]
        gran = "part_of_day" if part else "day"
        if published is None:
            out.append(_Cand(m.start(), m.end(), granularity=gran, part=part))
            continue
        d = published + dt.timedelta(days=off)
        out.append(_Cand(m.start(), m.end(), d, d, gran, part, relative=True))
    return out


def _periods(text: str, published: dt.date | None) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _PERIOD.finditer(text):
        unit = m.group("unit").lower()
        gran = "week" if unit in ("week", "weekend") else unit
        if published is None:
            out.append(_Cand(m.start(), m.end(), granularity=gran))
            continue
        a, b = _period_range(published, m.group("which").lower(), unit, (m.group("adv") or "").lower(), text, m.start())
        out.append(_Cand(m.start(), m.end(), a, b, gran, relative=True))
    for m in _THE_WEEKEND.finditer(text):
        if published is None:
            out.append(_Cand(m.start("span"), m.end("span"), granularity="week"))
            continue
        a, b = _weekend(published, tense_direction(text, m.start("span")))
        out.append(_Cand(m.start("span"), m.end("span"), a, b, "week", relative=True))
    for m in _AGO.finditer(text):
        n_word = m.group("n").lower()
        n = int(n_word) if n_word.isdigit() else cal.NUMBER_WORDS[n_word]
        unit = m.group("unit").lower()
        gran = "year" if unit == "decade" else unit
        if published is None:
            out.append(_Cand(m.start(), m.end(), granularity=gran))
            continue
        a, b = _ago(published, n, unit)
        out.append(_Cand(m.start(), m.end(), a, b, gran, relative=True))
    return out


def _weekend(published: dt.date, direction: Direction) -> tuple[dt.date, dt.date]:
    wd = published.weekday()
    if wd >= 5:
        sat = published - dt.timedelta(days=wd - 5)
    elif direction == "future":
        sat = published + dt.timedelta(days=5 - wd)
    else:
        sat = published - dt.timedelta(days=wd + 2)
    return sat, sat + dt.timedelta(days=1)


def _shift_month(y: int, m: int, k: int) -> tuple[int, int]:
    idx = y * 12 + (m - 1) + k
    return idx // 12, idx % 12 + 1


def _period_range(p: dt.date, which: str, unit: str, adv: str, text: str, at: int) -> tuple[dt.date, dt.date]:
    step = {"last": -1, "this": 0, "next": 1}[which]
    if unit in ("week", "weekend"):
        mon, sun = cal.week_of(p + dt.timedelta(days=7 * step))
        if unit == "weekend":
            if which == "this":
                return _weekend(p, tense_direction(text, at))
            return sun - dt.timedelta(days=1), sun
        lo_hi = {"early": (0, 2), "mid": (1, 3), "late": (3, 6)}.get(adv)
        if lo_hi:
            return mon + dt.timedelta(days=lo_hi[0]), mon + dt.timedelta(days=lo_hi[1])
        a, b = mon, sun
    elif unit == "month":
        y, m = _shift_month(p.year, p.month, step)
        a, b = _month_range(y, m, adv if adv in cal.MONTH_THIRDS else None)
    else:
        a, b = _year_range(p.year + step, adv if adv in cal.YEAR_THIRDS else None)
    # "earlier this week/month/year" ends at publication, "later this ..." starts there.
    if adv == "earlier" and step == 0:
        b = p
    elif adv == "later" and step == 0:
        a = p
    return a, b


def _ago(p: dt.date, n: int, unit: str) -> tuple[dt.date, dt.date]:
    if unit == "day":
        d = p - dt.timedelta(days=n)
        return d, d
    if unit == "week":
        return cal.week_of(p - dt.timedelta(days=7 * n))
    if unit == "month":
        y, m = _shift_month(p.year, p.month, -n)
        return _month_range(y, m, None)
    years = n * (10 if unit == "decade" else 1)
    return _year_range(p.year - years, None)


_WORD_HOURS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
               "ten": 10, "eleven": 11, "twelve": 12}


def _clocks(text: str) -> list[_Cand]:
    out: list[_Cand] = []
    for m in _CLOCK.finditer(text):
        h, minute, ampm, sep = int(m.group("h")), m.group("m"), m.group("ampm"), m.group("sep")
        if ampm:
            if not 1 <= h <= 12:
                continue
            h = h % 12 + (12 if ampm.lower().startswith("p") else 0)
        elif sep != ":" or minute is None:
            continue  # a bare number, or "7.30" without a.m./p.m. (a decimal)
        tz = _tz(m.group("tz"))
        end = m.end()
        if not m.group("tz"):
            end = m.end("ampm") if ampm else m.end("m")
        out.append(_Cand(m.start(), end, granularity="minute", time=f"{h:02d}:{int(minute or 0):02d}", tz=tz,
                         dated=False, part=None))
    for m in _WIRE_CLOCK.finditer(text):
        out.append(_Cand(m.start(), m.end(), granularity="minute", time=f"{m.group('h')}:{m.group('m')}",
                         tz=_tz(m.group("tz")), dated=False))
    for m in _CLOCK_WORDS.finditer(text):
        hw = (m.group("h") or m.group("h2")).lower()
        h = int(hw) if hw.isdigit() else _WORD_HOURS[hw]
        if not 1 <= h <= 12:
            continue
        p = (m.group("p") or "").lower()
        if p in ("afternoon", "evening") or (m.group("n") and h >= 6):
            h = h % 12 + 12
        elif p == "morning":
            h = h % 12
        out.append(_Cand(m.start(), m.end(), granularity="minute", time=f"{h:02d}:00", dated=False))
    for m in _PART_PHRASE.finditer(text):
        name = next(g for g in ("a", "b", "c", "d", "e") if m.group(g))
        span = m.span(name)
        word = m.group(name).split()[-1].lower()
        part = cal.PARTS_OF_DAY[word]
        out.append(_Cand(span[0], span[1], granularity="part_of_day", part=part, dated=False, needs_date=name == "e"))
    return out


def _tz(word: str | None) -> str | None:
    if not word:
        return None
    if word in cal.TIMEZONES:
        return cal.TIMEZONES[word][0]
    return word  # "<City> time": kept as written, offset unknown


# --------------------------------------------------------------------------------------------------- assembly

_GAP_DATE_THEN_CLOCK = re.compile(r"\s*,?\s*(?:(?:at|around|about|in)\s+)?")
_GAP_CLOCK_THEN_DATE = re.compile(r"\s*,?\s*(?:(?:on|of)\s+)?")
_GAP_WEEKDAY_THEN_DATE = re.compile(r"\s*,?\s*")


def _merge(a: _Cand, b: _Cand, gap: str) -> _Cand | None:
    """One expression from two neighbours ("Tuesday" + "at 10 pm", "7:09 a.m." + "on Tuesday"), or None."""
    if a.dated and not a.clock and b.clock and not b.dated and not b.needs_date:
        if _GAP_DATE_THEN_CLOCK.fullmatch(gap) and not a.needs_date:
            return _combine(a, b)
    if a.dated and not a.time and b.time and not b.dated and a.part and _GAP_DATE_THEN_CLOCK.fullmatch(gap):
        return _combine(a, b)  # "Tuesday morning at 7:09"
    if a.clock and not a.dated and b.dated and not b.clock and _GAP_CLOCK_THEN_DATE.fullmatch(gap):
        if not b.needs_date and (" of" not in gap or a.needs_date):
            return _combine(b, a, start=a.start, end=b.end)
    if a.weekday and b.dated and not b.weekday and b.granularity == "day" and _GAP_WEEKDAY_THEN_DATE.fullmatch(gap):
        if b.start_date is None or b.start_date == b.end_date:
            # The written date wins over the weekday arithmetic.
            part = a.part or b.part
            gran = "minute" if a.time else "part_of_day" if part else "day"
            return replace(b, start=a.start, part=part, time=a.time, tz=a.tz, granularity=gran)
    return None


def _combine(day: _Cand, clock: _Cand, *, start: int | None = None, end: int | None = None) -> _Cand:
    part = clock.part or day.part
    gran = "minute" if clock.time else "part_of_day" if part else day.granularity
    return _Cand(
        day.start if start is None else start, clock.end if end is None else end,
        day.start_date, day.end_date, gran, part, clock.time, clock.tz, day.relative, dated=True,
        weekday=day.weekday,
    )


def _candidates(text: str, published: dt.date | None) -> list[_Cand]:
    cands = (
        _calendar_dates(text, published) + _months_years(text, published) + _numeric_dates(text)
        + _weekdays(text, published) + _relative_words(text, published) + _periods(text, published) + _clocks(text)
    )
    # Longest match wins; among equals the earlier one.
    cands.sort(key=lambda c: (-(c.end - c.start), c.start))
    taken: list[_Cand] = []
    for c in cands:
        if all(c.end <= t.start or c.start >= t.end for t in taken):
            taken.append(c)
    taken.sort(key=lambda c: c.start)
    merged: list[_Cand] = []
    for c in taken:
        if merged:
            m = _merge(merged[-1], c, text[merged[-1].end: c.start])
            if m is not None:
                merged[-1] = m
                continue
        merged.append(c)
    return [c for c in merged if not c.needs_date]


_SAFE_MIN, _SAFE_MAX = dt.date(100, 1, 1), dt.date(9899, 12, 31)


def extract_times(text: str, *, published: dt.date | None) -> list[TimeRef]:
    """Date and time expressions in ``text``, resolved against the publication date.

    Args:
        text: a sentence (or any text); offsets are relative to it.
        published: the document's publication date, or None (relative expressions then keep
            ``start_date=None``).

    Returns:
        One :class:`~factcheck.models.TimeRef` per expression, in text order, with
        ``text[t.start:t.end] == t.text``.

    Example:
        >>> [t.start_date.isoformat() for t in extract_times("She left on Sunday afternoon.",
        ...                                                   published=dt.date(2023, 9, 12))]
        ['2023-09-10']
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    if published is not None and not _SAFE_MIN <= published <= _SAFE_MAX:
        published = None  # arithmetic would leave the calendar (year 1 or 9999): nothing real is dated there
    out = []
    for c in _candidates(text, published):
        out.append(
            TimeRef(
                start=c.start, end=c.end, text=text[c.start: c.end], start_date=c.start_date, end_date=c.end_date,
                granularity=c.granularity, part_of_day=c.part, time_of_day=c.time, timezone=c.tz,
                relative=c.relative and c.start_date is not None,
            )
        )
    return out


# --------------------------------------------------------------------------------------------------- comparison


def clock_minutes(t: TimeRef) -> int:
    """Minutes after midnight of a time with a clock time, as written (zone offsets are applied by the caller)."""
    h, m = (int(x) for x in t.time_of_day.split(":"))  # type: ignore[union-attr]
    return h * 60 + m


def _offset(tz: str | None) -> int | None:
    for canon, off in cal.TIMEZONES.values():
        if canon == tz:
            return off
    return None


def _times_agree(a: TimeRef, b: TimeRef) -> bool | None:
    """Compare the clock layer: exact times, a time inside a part of the day, or overlapping parts."""
    if a.time_of_day and b.time_of_day:
        ma, mb = clock_minutes(a), clock_minutes(b)
        if a.timezone != b.timezone and a.timezone and b.timezone:
            oa, ob = _offset(a.timezone), _offset(b.timezone)
            if oa is None or ob is None:
                return None
            ma, mb = ma - oa, mb - ob
        return (ma - mb) % 1440 == 0
    if a.time_of_day or b.time_of_day:
        t, other = (a, b) if a.time_of_day else (b, a)
        if not other.part_of_day or (t.timezone and other.timezone and t.timezone != other.timezone):
            return None
        return clock_minutes(t) // 60 in cal.part_hours(other.part_of_day)
    if a.part_of_day and b.part_of_day:
        return bool(cal.part_hours(a.part_of_day) & cal.part_hours(b.part_of_day))
    return None


def same_time(a: TimeRef, b: TimeRef) -> bool | None:
    """Whether two time references can describe the same moment.

    A coarser reference contains a finer one ("Sunday" and "Sunday afternoon" agree; "this week" and
    "Tuesday" agree), disjoint date ranges conflict, and on the same day parts of the day and clock times must
    overlap ("Sunday afternoon" and "Sunday evening" conflict). Times in zones with known fixed offsets are
    compared in UTC; a zone given on one side only is assumed to be the same zone.

    Returns:
        True when compatible, False when they conflict, None when they cannot be compared (an unresolved date
        and no clock information on both sides, or clock times in zones of unknown offset).

    Example:
        >>> d = dt.date(2023, 9, 10)
        >>> same_time(TimeRef(start=0, end=6, text="Sunday", start_date=d, end_date=d),
        ...           TimeRef(start=0, end=16, text="Sunday afternoon", start_date=d, end_date=d,
        ...                   granularity="part_of_day", part_of_day="afternoon"))
        True
    """
    dated = a.start_date is not None and b.start_date is not None
    if dated:
        a_end, b_end = a.end_date or a.start_date, b.end_date or b.start_date
        if a_end < b.start_date or b_end < a.start_date:  # type: ignore[operator]
            return False
        one_day = a.start_date == a_end == b.start_date == b_end
        if not one_day:
            return True  # overlapping ranges: the clock layer cannot refine a multi-day range
        clock = _times_agree(a, b)
        return True if clock is None else clock
    clock = _times_agree(a, b)
    return clock


# --------------------------------------------------------------------------------------------------- evaluation


def _key(t: TimeRef) -> str:
    return (
        f"{t.start_date.isoformat() if t.start_date else ''}|{t.end_date.isoformat() if t.end_date else ''}"
        f"|part_of_day={t.part_of_day or ''}|time={t.time_of_day or ''}|tz={t.timezone or ''}"
    )


def eval_items(text: str, published: dt.date | None) -> list[tuple[str, str]]:
    """(span text, key) per extracted expression, for ``scripts/slot_eval.py``.

    The key is ``"<start_date>|<end_date>|part_of_day=<part>|time=<HH:MM>|tz=<zone>"`` with ISO dates and
    empty fields for missing values, e.g. ``"2023-09-10|2023-09-10|part_of_day=afternoon|time=|tz="``.

    Example:
        >>> eval_items("It happened at 14:30 GMT.", None)
        [('14:30 GMT', '||part_of_day=|time=14:30|tz=UTC')]
    """
    return [(t.text, _key(t)) for t in extract_times(text, published=published)]
