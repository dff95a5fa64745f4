"""Tests for the quantity slot: number words, units, extraction, compatibility and the labelled eval file."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.models import Quantity
from factcheck.slots import units
from factcheck.slots.numbers import is_ordinal, parse_number, read_number, render_number
from factcheck.slots.quantities import compatible, eval_items, extract_quantities

EVAL_FILE = Path(__file__).resolve().parent.parent / "fixtures" / "slot_eval" / "quantities.jsonl"


def only(text: str) -> Quantity:
    qs = extract_quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


# --------------------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("seven", 7),
        ("Twenty-one", 21),
        ("a dozen", 12),
        ("two dozen", 24),
        ("1,500", 1500),
        ("1.5 million", 1_500_000),
        ("two thousand", 2000),
        ("one hundred and five", 105),
        ("two and a half", 2.5),
        ("half", 0.5),
        ("8th", 8),
        ("first", 1),
        ("twenty-first", 21),
    ],
)
def test_numbers_parse(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["dozens", "seven seven", "one second", "hundred", "and", "", "twenty eleven"])
def test_numbers_parse_refuses_non_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(("text", "ordinal"), [("8th", True), ("first", True), ("second", True), ("8", False)])
def test_numbers_ordinal_flag(text, ordinal):
    assert is_ordinal(text) is ordinal
    assert read_number(text).ordinal is ordinal


@given(st.integers(min_value=0, max_value=10**9))
def test_numbers_render_parse_round_trip(n):
    assert parse_number(render_number(n)) == n


# --------------------------------------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("alias", "name", "dimension"),
    [
        ("km", "km", "length"),
        ("kilometres", "km", "length"),
        ("Kilometers", "km", "length"),
        ("mi", "mile", "length"),
        ("miles", "mile", "length"),
        ("ft", "ft", "length"),
        ("feet", "ft", "length"),
        ("tonnes", "tonne", "mass"),
        ("mph", "mph", "speed"),
        ("km/h", "km/h", "speed"),
        ("hectares", "hectare", "area"),
        ("barrels", "barrel", "volume"),
        ("per cent", "percent", "ratio"),
        ("%", "percent", "ratio"),
        ("dollars", "usd", "currency"),
        ("euros", "eur", "currency"),
        ("rubles", "rub", "currency"),
        ("yuan", "cny", "currency"),
        ("won", "krw", "currency"),
        ("years", "year", "time"),
    ],
)
def test_units_lookup(alias, name, dimension):
    unit = units.lookup(alias)
    assert unit is not None and (unit.name, unit.dimension) == (name, dimension)


def test_units_short_abbreviations_are_case_sensitive():
    assert units.lookup("m").name == "m"
    assert units.lookup("M") is None


@pytest.mark.parametrize(
    ("value", "src", "dst", "expected"),
    [
        (125, "mile", "km", 201.168),
        (1, "tonne", "kg", 1000),
        (2, "hour", "minute", 120),
        (50, "percent", "fraction", 0.5),
    ],
)
def test_units_convert(value, src, dst, expected):
    assert units.convert(value, src, dst) == pytest.approx(expected)


def test_units_currencies_do_not_convert():
    assert units.convertible("usd", "usd")
    assert not units.convertible("usd", "eur")
    assert units.convert(1, "usd", "rub") is None


def test_units_symbols():
    assert units.lookup_symbol("$").name == "usd"
    assert units.lookup_symbol("€").name == "eur"
    assert units.lookup_symbol("£").name == "gbp"


# --------------------------------------------------------------------------------------------- extraction


@pytest.mark.parametrize(
    ("text", "span", "approx"),
    [
        ("his first visit abroad in more than four years.", "more than four years", "more_than"),
        ("It lies about 1,500 kilometers north.", "about 1,500 kilometers", "about"),
        ("Some 2,000 troops were deployed.", "Some 2,000 troops", "about"),
        ("nearly 40 tonnes of grain", "nearly 40 tonnes", "about"),
        ("an estimated 5 million euros", "an estimated 5 million euros", "about"),
        ("At least 12 people died.", "At least 12 people", "at_least"),
        ("100 or more people were evacuated.", "100 or more people", "at_least"),
        ("It will cut up to 1,200 jobs.", "up to 1,200 jobs", "at_most"),
        ("fewer than 100 residents remained", "fewer than 100 residents", "less_than"),
        ("making only seven trips outside", "only seven trips", "only"),
        ("between 10 and 13 died", "between 10 and 13", "range"),
    ],
)
def test_quantities_approximation_cues(text, span, approx):
    q = [q for q in extract_quantities(text) if q.text == span]
    assert q and q[0].approx == approx


def test_quantities_more_than_bound():
    first, bound = extract_quantities("his first trip in more than four years")
    assert (first.text, first.ordinal) == ("first trip", True)
    assert (bound.value, bound.unit, bound.approx, bound.base_value) == (4, "year", "more_than", 4 * 365.2425 * 86400)


@pytest.mark.parametrize(
    ("text", "value", "upper", "unit"),
    [
        ("10 to 13 people", 10, 13, None),
        ("10-13 inches of rain", 10, 13, "inch"),
        ("between 10 and 13", 10, 13, None),
        ("two or three days", 2, 3, "day"),
        ("from $10 million to $13 million", 10e6, 13e6, "usd"),
        ("between 1 and 2 million people", 1e6, 2e6, None),
    ],
)
def test_quantities_ranges(text, value, upper, unit):
    q = only(text)
    assert (q.value, q.upper, q.unit, q.approx) == (value, upper, unit, "range")


@pytest.mark.parametrize(
    ("text", "counted"),
    [
        ("making only seven trips outside the country", "trip"),
        ("Four of these trips were to China.", "trip"),
        ("the two big leaders met", "leader"),
        ("as two neighboring countries", "country"),
        ("displaced 6 million people", "person"),
        ("the 8 most traded commodities", "commodity"),
        ("a 15-member panel", "member"),
        ("crossing the border twice.", "time"),
    ],
)
def test_quantities_counted_head_noun(text, counted):
    assert only(text).counted == counted


@pytest.mark.parametrize(
    ("text", "unit", "base"),
    [
        ("125 miles", "mile", 201.168),
        ("200 km", "km", 200),
        ("35,000 feet", "ft", 10.668),
        ("12 years in power", "year", 12 * 365.2425 * 86400),
        ("3.5%", "percent", 0.035),
        ("€1.5 billion", "eur", 1.5e9),
        ("$2.3bn", "usd", 2.3e9),
        ("10 billion rubles", "rub", 1e10),
        ("1.2 trillion won", "krw", 1.2e12),
        ("120 km/h", "km/h", 120),
    ],
)
def test_quantities_units_and_base_value(text, unit, base):
    q = only(text)
    assert q.unit == unit and q.base_value == pytest.approx(base)


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("the 8th Eastern Economic Forum in the city", "8th Eastern Economic Forum", 8),
        ("his first visit abroad", "first visit", 1),
        ("for the third time", "third time", 3),
    ],
)
def test_quantities_ordinals(text, span, value):
    q = only(text)
    assert (q.text, q.value, q.ordinal) == (span, value, True)


def test_quantities_ago_is_a_quantity():
    q = only("relations go back to the founding 75 years ago.")
    assert (q.text, q.value, q.unit) == ("75 years ago", 75, "year")


@pytest.mark.parametrize(
    "text",
    [
        "The last meeting took place in April 2019.",
        "His last visit abroad, in 2019, was to Russia.",
        "The entered Russia on September 12.",
        "From September 10 to 13, the city hosts the forum.",
        "date 2023-09-12 The spokesman confirmed it.",
        "The engine failed at 7:09 a.m. and again at 9 p.m.",
        "The vote is set for the 12th of September.",
        "The Kremlin first announced the visit on Monday.",
        "The Covid-19 pandemic and the F-16 jets.",
        "Resolution 2231 was adopted; Windows 11 shipped.",
        "The 5-3 vote was close.",
        "No one was hurt.",
        "Between 2010 and 2015, exports doubled.",
        "He scored twice as many goals.",
        "Growth in the 1990s was steady.",
        "Sales rose in the third quarter.",
    ],
)
def test_quantities_dates_times_and_identifiers_are_not_quantities(text):
    assert extract_quantities(text) == []


_WORDS = st.sampled_from(
    [
        "more than", "about", "seven", "trips", "1,500", "km", "-", "to", "between", "and", "$", "€", "3.5", "%",
        "a dozen", "8th", "first", "the", "years", "ago", "September", "12", "2019", "7:09", "a.m.", "half", "of",
        "twice", "twenty-one", "million", "Forum", "one", " ", ",", ".", "miles", "(", "at least", "up to",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=6)), max_size=25).map(" ".join))
def test_quantities_slot_text_equals_original_at_its_offsets(text):
    qs = extract_quantities(text)
    for q in qs:
        assert text[q.start : q.end] == q.text
        assert q.start < q.end
    starts = [q.start for q in qs]
    assert starts == sorted(starts)


def test_quantities_fast_and_safe_from_backtracking():
    sentence = "In his 12 years in power, he has made only seven trips abroad and about 1,500 kilometers by train."
    t0 = time.perf_counter()
    for _ in range(500):
        extract_quantities(sentence)
    per_sentence = (time.perf_counter() - t0) / 500
    assert per_sentence < 0.002  # aim is < 0.2 ms; the bound leaves room for slow CI machines
    hostile = "one " * 2000 + "1-" * 2000 + "twenty-" * 1000 + "a " * 2000 + "x" * 5000
    t0 = time.perf_counter()
    extract_quantities(hostile)
    assert time.perf_counter() - t0 < 5.0  # linear, not exponential


# --------------------------------------------------------------------------------------------- compatible


def _q(text: str) -> Quantity:
    return only(text)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("more than four years", "4.4 years", True),
        ("more than four years", "four years", True),
        ("about 1,500 km", "1,000 km", False),
        ("about 1,500 km", "1,400 km", True),
        ("125 miles", "200 km", True),
        ("125 miles", "300 km", False),
        ("seven trips", "eight trips", False),
        ("seven trips", "at least five trips", True),
        ("fewer than 100 residents", "150 residents", False),
        ("up to 1,200 jobs", "1,000 jobs", True),
        ("between 10 and 13 people", "12 people", True),
        ("between 10 and 13 people", "15 people", False),
        ("$5 million", "$5.1 million", True),
        ("half of the members", "50 percent", True),
    ],
)
def test_compatible_values(a, b, expected):
    assert compatible(_q(a), _q(b)) is expected
    assert compatible(_q(b), _q(a)) is expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("seven trips", "seven visits"),
        ("$5 million", "€5 million"),
        ("5 km", "5 kg"),
        ("12 years", "12 people"),
        ("the 8th forum", "8 forums"),
    ],
)
def test_compatible_not_comparable(a, b):
    assert compatible(_q(a), _q(b)) is None


# --------------------------------------------------------------------------------------------- eval file


def test_quantities_eval_key_format():
    assert eval_items("She made only seven trips.") == [("only seven trips", "7|unit=|counted=trip|approx=only")]
    assert eval_items("10 to 13 km")[0][1] == "10|upper=13|unit=km|counted=|approx=range"
    assert eval_items("the 8th forum")[0][1] == "8|unit=|counted=forum|approx=exact|ordinal"


def _score() -> tuple[float, float, int]:
    tp = fp = fn = 0
    cases = [json.loads(line) for line in EVAL_FILE.read_text(encoding="utf-8").splitlines() if line.strip()]
    for case in cases:
        for e in case["expected"]:
            assert e["span"] in case["text"]
        expected = [(e["span"], e["key"]) for e in case["expected"]]
        for item in eval_items(case["text"], case["published"]):
            if item in expected:
                expected.remove(item)
                tp += 1
            else:
                fp += 1
        fn += len(expected)
    return tp / max(1, tp + fp), tp / max(1, tp + fn), len(cases)


def test_quantities_eval_file_precision_and_recall():
    precision, recall, n = _score()
    assert n >= 45
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)
    assert not math.isnan(precision)


# ------------------------------------------------------------------ what a number answers: age, area, increments
@pytest.mark.parametrize("text", ["a 38-year-old man", "he was 38 years old", "aged 38, he", "the 38-year-old"])
def test_quantities_age_is_its_own_dimension(text):
    (q,) = extract_quantities(text)
    assert (q.value, q.dimension) == (38.0, "age")


def test_quantities_age_never_compared_with_a_duration():
    age = extract_quantities("a 38-year-old man")[0]
    wait = extract_quantities("about 15 minutes later")[0]
    assert compatible(age, wait) is None
    assert compatible(age, extract_quantities("a 39-year-old woman")[0]) is False


@pytest.mark.parametrize("text, value, unit", [
    ("a 170,000-square-foot building", 170000.0, "sq_ft"),
    ("170,000 square feet of offices", 170000.0, "sq_ft"),
    ("a 2,000 square metre hall", 2000.0, "m2"),
])
def test_quantities_area_read_from_square_units(text, value, unit):
    (q,) = extract_quantities(text)
    assert (q.value, q.dimension, q.unit) == (value, "area", unit)


def test_quantities_areas_in_two_units_compare_in_one_base():
    # 15,800 square metres is 170,000 square feet (the factor is the units table's, for either spelling)
    metric = extract_quantities("a 15,800 square metre plant")[0]
    imperial = extract_quantities("a 170,000-square-foot plant")[0]
    assert compatible(metric, imperial) is True
    assert compatible(metric, extract_quantities("a 90,000-square-foot plant")[0]) is False


@pytest.mark.parametrize("text", ["two extra life sentences", "two additional life sentences",
                                  "another three people", "three more people", "a further 20 troops"])
def test_quantities_increment_flag(text):
    (q,) = extract_quantities(text)
    assert q.increment


def test_quantities_increment_not_compared_with_a_total():
    more = extract_quantities("two additional life sentences")[0]
    total = extract_quantities("three life sentences")[0]
    assert not total.increment
    assert compatible(more, total) is None
