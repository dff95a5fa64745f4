"""Tests for the date/time slot (factcheck.slots.times) and its calendar tables."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.models import TimeRef
from factcheck.slots import calendar as cal
from factcheck.slots.times import eval_items, extract_times, resolve_weekday, same_time, tense_direction

PUB = dt.date(2023, 9, 12)  # a Tuesday
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "slot_eval" / "times.jsonl"


def _one(text: str, published: dt.date | None = PUB) -> TimeRef:
    refs = extract_times(text, published=published)
    assert len(refs) == 1, refs
    return refs[0]


def _ref(start: dt.date | None, end: dt.date | None = None, **kw) -> TimeRef:
    return TimeRef(start=0, end=1, text="x", start_date=start, end_date=end or start, **kw)


# --------------------------------------------------------------------------------------------------- calendar


@pytest.mark.parametrize(
    ("word", "month"), [("Sept.", 9), ("Sep", 9), ("Aug.", 8), ("september", 9), ("Dec", 12), ("May", 5)]
)
def test_calendar_month_names_and_abbreviations(word, month):
    assert cal.MONTHS[word.lower()] == month


@pytest.mark.parametrize(("word", "day"), [("Tuesday", 1), ("Tues.", 1), ("Thurs", 3), ("Sun.", 6)])
def test_calendar_weekday_names_and_abbreviations(word, day):
    assert cal.WEEKDAYS[word.lower()] == day


@pytest.mark.parametrize(
    ("word", "part"), [("overnight", "night"), ("noon", "midday"), ("midday", "midday"), ("dawn", "dawn")]
)
def test_calendar_parts_of_day_are_canonical(word, part):
    assert cal.PARTS_OF_DAY[word] == part
    assert part in cal.PART_HOURS


def test_calendar_afternoon_and_evening_do_not_overlap():
    assert not cal.part_hours("afternoon") & cal.part_hours("evening")
    assert cal.part_hours("evening") & cal.part_hours("night")
    assert 3 in cal.part_hours("night")


@pytest.mark.parametrize(("word", "canon"), [("GMT", "UTC"), ("UTC", "UTC"), ("ET", "ET"), ("local time", "local")])
def test_calendar_timezone_words(word, canon):
    assert cal.TIMEZONES[word][0] == canon


def test_calendar_week_and_month_helpers():
    assert cal.week_of(dt.date(2023, 9, 17)) == (dt.date(2023, 9, 11), dt.date(2023, 9, 17))
    assert cal.month_end(2023, 2) == dt.date(2023, 2, 28)


# --------------------------------------------------------------------------------------------------- must-haves


@pytest.mark.parametrize(
    ("text", "span", "start", "end", "part"),
    [
        ("Kim left on Sunday afternoon", "Sunday afternoon", "2023-09-10", "2023-09-10", "afternoon"),
        ("Kim arrived in Russia on Tuesday", "Tuesday", "2023-09-12", "2023-09-12", None),
        ("Kim could meet Putin at the cosmodrome on Wednesday", "Wednesday", "2023-09-13", "2023-09-13", None),
        ("The train reached the border this morning", "this morning", "2023-09-12", "2023-09-12", "morning"),
        ("From September 10 to 13, the city hosts a forum", "September 10 to 13", "2023-09-10", "2023-09-13", None),
        ("They last met in April 2019", "April 2019", "2019-04-01", "2019-04-30", None),
        ("The president in July praised the plan", "July", "2023-07-01", "2023-07-31", None),
        ("The newspaper reported last week that he would go", "last week", "2023-09-04", "2023-09-10", None),
    ],
)
def test_times_must_have_cases(text, span, start, end, part):
    ref = _one(text)
    assert ref.text == span == text[ref.start: ref.end]
    assert (ref.start_date.isoformat(), ref.end_date.isoformat(), ref.part_of_day) == (start, end, part)
    assert ref.relative is ("2019" not in span)  # only a written year makes the date absolute


def test_times_month_granularity():
    assert _one("They last met in April 2019").granularity == "month"


# --------------------------------------------------------------------------------------------------- weekdays


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister resigned on Friday", "2023-09-08"),
        ("Officials said Monday that talks had stalled", "2023-09-11"),
        ("Kim left Pyongyang on Sunday", "2023-09-10"),
        ("Monday's attack killed 12 people", "2023-09-11"),
    ],
)
def test_times_weekday_resolves_to_past_occurrence(text, expected):
    assert _one(text).start_date.isoformat() == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The bank will decide on Thursday", "2023-09-14"),
        ("He is expected to arrive on Friday", "2023-09-15"),
        ("The vote would take place on Saturday", "2023-09-16"),
        ("Talks are due to resume on Monday", "2023-09-18"),
        ("She plans to travel Sunday", "2023-09-17"),
        ("The talks will be held on Thursday", "2023-09-14"),
    ],
)
def test_times_weekday_resolves_to_future_occurrence(text, expected):
    assert _one(text).start_date.isoformat() == expected


def test_times_weekday_equal_to_publication_weekday_is_publication_date():
    assert _one("He will speak on Tuesday").start_date == PUB
    assert _one("He spoke on Tuesday").start_date == PUB


@pytest.mark.parametrize(("mod", "expected"), [("last", "2023-09-05"), ("next", "2023-09-19")])
def test_times_weekday_last_next_move_a_full_week_on_publication_weekday(mod, expected):
    assert _one(f"They met {mod} Tuesday").start_date.isoformat() == expected


@pytest.mark.parametrize(
    ("sentence", "at", "direction"),
    [
        ("Kim could meet Putin on Wednesday", 24, "future"),
        ("The ministry said on Monday that talks will follow", 19, "past"),
        ("Kim, who left on Sunday, will meet Putin", 16, "past"),
        ("Nothing to see here", None, "past"),
        ("The Fed meets on Wednesday", 16, "future"),
    ],
)
def test_times_tense_direction_rule(sentence, at, direction):
    assert tense_direction(sentence, at) == direction


@pytest.mark.parametrize(
    "text", ["the Sunday Times reported", "Black Friday sales", "a Sunday newspaper", "he sat down", "the Sun rose"]
)
def test_times_weekday_names_that_are_not_dates(text):
    assert extract_times(text, published=PUB) == []


def test_times_weekday_without_publication_date_is_kept_unresolved():
    ref = _one("They met on Sunday afternoon", published=None)
    assert (ref.start_date, ref.granularity, ref.part_of_day, ref.relative) == (None, "part_of_day", "afternoon", False)


# --------------------------------------------------------------------------------------------------- other forms


@pytest.mark.parametrize(
    ("text", "span", "start", "end"),
    [
        ("Posted 2023-09-12 by staff", "2023-09-12", "2023-09-12", "2023-09-12"),
        ("It opened on Sept. 12, 2023 downtown", "Sept. 12, 2023", "2023-09-12", "2023-09-12"),
        ("It opened on 12 September 2023", "12 September 2023", "2023-09-12", "2023-09-12"),
        ("The fair runs from 10 to 13 September", "10 to 13 September", "2023-09-10", "2023-09-13"),
        ("It happened in 2019", "2019", "2019-01-01", "2019-12-31"),
        ("since its invasion early last year", "early last year", "2022-01-01", "2022-04-30"),
        ("warned earlier this month that", "earlier this month", "2023-09-01", "2023-09-12"),
        ("warned this month that", "this month", "2023-09-01", "2023-09-30"),
        ("sales fell last month", "last month", "2023-08-01", "2023-08-31"),
        ("rates rose last year", "last year", "2022-01-01", "2022-12-31"),
        ("they will meet next week", "next week", "2023-09-18", "2023-09-24"),
        ("a video shared yesterday", "yesterday", "2023-09-11", "2023-09-11"),
        ("regarding tomorrow's talks", "tomorrow", "2023-09-13", "2023-09-13"),
        ("he spoke today", "today", "2023-09-12", "2023-09-12"),
        ("the state was founded 75 years ago", "75 years ago", "1948-01-01", "1948-12-31"),
        ("prices peaked in mid-September", "mid-September", "2023-09-11", "2023-09-20"),
        ("WASHINGTON, March 3 (Reuters) -", "March 3", "2023-03-03", "2023-03-03"),
        ("It was signed on 25/12/2022", "25/12/2022", "2022-12-25", "2022-12-25"),
        ("It was signed on 12.09.2023", "12.09.2023", "2023-09-12", "2023-09-12"),
    ],
)
def test_times_dates_resolve(text, span, start, end):
    published = dt.date(2023, 3, 3) if "March 3" in text else PUB
    ref = _one(text, published)
    assert ref.text == span
    assert (ref.start_date.isoformat(), ref.end_date.isoformat()) == (start, end)


@pytest.mark.parametrize(
    ("text", "span", "time_", "tz"),
    [
        ("The quake struck at 7:09 a.m. Moscow time", "7:09 a.m. Moscow time", "07:09", "Moscow time"),
        ("Polls close at 10 pm", "10 pm", "22:00", None),
        ("Trading halted at 14:30 GMT", "14:30 GMT", "14:30", "UTC"),
        ("Forces moved at 0200 GMT", "0200 GMT", "02:00", "UTC"),
        ("Kickoff is at 8pm ET", "8pm ET", "20:00", "ET"),
        ("The bells rang at 3 o'clock in the afternoon", "3 o'clock in the afternoon", "15:00", None),
    ],
)
def test_times_clock_times(text, span, time_, tz):
    ref = _one(text)
    assert (ref.text, ref.time_of_day, ref.timezone, ref.granularity, ref.start_date) == (
        span, time_, tz, "minute", None)


def test_times_clock_time_merges_with_day():
    ref = _one("The polls will close at 10 pm on Friday")
    assert (ref.text, ref.start_date, ref.time_of_day) == ("10 pm on Friday", dt.date(2023, 9, 15), "22:00")
    ref = _one("It starts Thursday at 9:30 a.m.")
    assert (ref.text, ref.start_date, ref.time_of_day) == ("Thursday at 9:30 a.m.", dt.date(2023, 9, 14), "09:30")


def test_times_weekday_with_written_date_takes_the_written_date():
    ref = _one("The agency reported the figures on Monday, 11 September 2023.")
    assert (ref.text, ref.start_date, ref.relative) == ("Monday, 11 September 2023", dt.date(2023, 9, 11), False)


def test_times_part_of_day_without_day_is_unresolved():
    ref = _one("Officials said in the evening that the toll rose")
    assert (ref.text, ref.part_of_day, ref.start_date) == ("the evening", "evening", None)
    assert ref.granularity == "part_of_day"


@pytest.mark.parametrize(
    "text",
    [
        "In his 12 years in power, he made only seven trips outside the country.",
        "He has not travelled since the beginning of the Covid-19 pandemic.",
        "The spaceport lies about 1,500 kilometers north of the city.",
        "The score was 2:1 after the G20 summit, worth $20 million, pages 10-13.",
        "His first trip abroad in four years",
        "May I ask whether he will march on?",
        "See https://example.com/2023/09/12/story for details.",
        "Russia Today broadcast the footage.",
    ],
)
def test_times_quantities_and_named_periods_yield_nothing(text):
    assert extract_times(text, published=PUB) == []


# --------------------------------------------------------------------------------------------------- same_time

SUN, TUE = dt.date(2023, 9, 10), dt.date(2023, 9, 12)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (_ref(SUN), _ref(SUN, part_of_day="afternoon", granularity="part_of_day"), True),
        (_ref(SUN, part_of_day="afternoon"), _ref(SUN, part_of_day="evening"), False),
        (_ref(SUN), _ref(TUE), False),
        (_ref(TUE, part_of_day="morning"), _ref(TUE, part_of_day="morning"), True),
        (_ref(dt.date(2023, 9, 11), dt.date(2023, 9, 17)), _ref(TUE), True),
        (_ref(None), _ref(TUE), None),
        (_ref(SUN, part_of_day="evening"), _ref(SUN, part_of_day="night"), True),
        (_ref(TUE, time_of_day="07:09"), _ref(TUE, part_of_day="morning"), True),
        (_ref(TUE, time_of_day="19:00"), _ref(TUE, part_of_day="morning"), False),
        (_ref(TUE, time_of_day="14:30", timezone="UTC"), _ref(TUE, time_of_day="17:30", timezone="MSK"), True),
        (_ref(TUE, time_of_day="14:30", timezone="UTC"), _ref(TUE, time_of_day="14:30", timezone="local"), True),
        (_ref(None, time_of_day="07:09"), _ref(None, time_of_day="07:30"), False),
        (_ref(None, time_of_day="07:09", timezone="UTC"), _ref(None, time_of_day="07:09", timezone="local"), None),
    ],
)
def test_times_same_time(a, b, expected):
    assert same_time(a, b) is expected
    assert same_time(b, a) is expected


def test_times_same_time_weekday_equals_calendar_date_and_this_morning():
    tue = _one("Kim arrived in Russia on Tuesday")
    date = _one("The ministry said he entered Russia on September 12")
    assert same_time(tue, date) is True
    assert same_time(_one("the train reached the city this morning"), _one("Kim arrived on Tuesday morning")) is True
    assert same_time(_one("Kim left on Sunday afternoon"), _one("it left the station on Sunday evening")) is False


# --------------------------------------------------------------------------------------------------- eval_items


def test_times_eval_items_key_format():
    assert eval_items("Kim left on Sunday afternoon.", PUB) == [
        ("Sunday afternoon", "2023-09-10|2023-09-10|part_of_day=afternoon|time=|tz=")
    ]


def test_times_eval_fixture_precision_and_recall():
    tp = fp = fn = 0
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 45
    for line in lines:
        case = json.loads(line)
        assert case["slot"] == "time"
        published = dt.date.fromisoformat(case["published"]) if case["published"] else None
        got = Counter(eval_items(case["text"], published))
        exp = Counter((e["span"], e["key"]) for e in case["expected"])
        for span, _ in exp:
            assert span in case["text"]
        hit = sum((got & exp).values())
        tp, fp, fn = tp + hit, fp + sum(got.values()) - hit, fn + sum(exp.values()) - hit
    assert tp / (tp + fp) >= 0.9
    assert tp / (tp + fn) >= 0.9


@pytest.mark.parametrize("published", [dt.date.min, dt.date.max])
def test_times_extreme_publication_dates_do_not_crash(published):
    text = "Yesterday, next week, on Monday, March 3, in July, 3 years ago, tomorrow"
    assert all(r.start_date is None for r in extract_times(text, published=published) if r.relative)


def test_times_is_fast():
    sentence = ("Kim left Pyongyang accompanied by military officials on Sunday afternoon, according to state "
                "media, and could meet Putin on Wednesday at 10 pm Moscow time, his first trip in four years.")
    extract_times(sentence, published=PUB)
    n = 200
    t0 = time.perf_counter()
    for _ in range(n):
        extract_times(sentence, published=PUB)
    # Generous bound for slow CI machines; typical is well under 0.5 ms.
    assert (time.perf_counter() - t0) / n < 0.005


# --------------------------------------------------------------------------------------------------- properties

_pub_dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2060, 12, 31))
_words = st.sampled_from(
    ["said", "will", "could", "on", "last", "next", "this", "morning", "the", "was", "expected", "to", "meet",
     "at", "in", "Kim", "arrived", "plans", ",", "."]
)


@given(st.text(max_size=200), st.dates() | st.none())
@settings(max_examples=300, deadline=None)
def test_times_never_crash_and_spans_match_text(text, published):
    for ref in extract_times(text, published=published):
        assert text[ref.start: ref.end] == ref.text
        if ref.start_date and ref.end_date:
            assert ref.start_date <= ref.end_date


_calendarish = st.lists(
    st.sampled_from(
        ["Tuesday", "Sept.", "12", ",", "2023", "at", "7:09", "a.m.", "GMT", "on", "morning", "last", "week", "in",
         "July", "from", "to", "13", "September", "yesterday", "ago", "two", "days", "Sun", "the", "of", "evening",
         "noon", "-", "03/04/2023", "2023-02-29", "31", "Feb"]
    ),
    max_size=14,
).map(" ".join)


@given(_calendarish, _pub_dates | st.none())
@settings(max_examples=400, deadline=None)
def test_times_calendar_like_text_spans_match(text, published):
    for ref in extract_times(text, published=published):
        assert text[ref.start: ref.end] == ref.text


@given(
    st.integers(0, 6), _pub_dates, st.sampled_from(["past", "future"]), st.sampled_from([None, "last", "next", "this"])
)
def test_times_resolve_weekday_moves_at_most_seven_days(weekday, published, direction, modifier):
    d = resolve_weekday(weekday, published, direction, modifier=modifier)
    assert d.weekday() == weekday
    assert abs((d - published).days) <= 7


@given(st.lists(_words, max_size=8).map(" ".join), st.sampled_from(cal.WEEKDAY_NAMES), _pub_dates)
def test_times_weekday_in_sentence_moves_at_most_seven_days(prefix, weekday, published):
    text = f"{prefix} {weekday}"
    refs = [r for r in extract_times(text, published=published) if weekday in r.text]
    assert refs
    for ref in refs:
        assert abs((ref.start_date - published).days) <= 7
        assert ref.start_date.weekday() == cal.WEEKDAYS[weekday.lower()]
