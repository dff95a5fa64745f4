"""Quantity slots: "more than four years", "about 1,500 kilometers", "only seven trips", "the 8th forum".

:func:`extract_quantities` reads a sentence with regular expressions and small tables only (no parser), because
it runs on every sentence. Each :class:`~factcheck.models.Quantity` covers the approximation cue, the number, and
its unit or the noun it counts, so ``text[q.start:q.end] == q.text``. Calendar dates, years used as dates ("in
2019"), clock times ("7:09 a.m.") and identifiers ("Covid-19", "Apollo 11") are left to other extractors.

:func:`compatible` says whether two quantities can both be true, given their units and approximations.

Example:
    >>> [q.text for q in extract_quantities("His first visit abroad in more than four years.")]
    ['first visit', 'more than four years']
    >>> [k for _, k in eval_items("She made only seven trips.")]
    ['7|unit=|counted=trip|approx=only']
"""

from __future__ import annotations

import datetime as dt
import math
import re

from factcheck.models import Approx, Quantity
from factcheck.slots import units as _units
from factcheck.slots.numbers import CARDINAL_WORDS, ORDINAL_WORDS, SCALE_WORDS, read_number

__all__ = ["extract_quantities", "compatible", "eval_items", "quantity_key"]

# ----------------------------------------------------------------------------------------------- tables

# Approximation cues written before the number, longest first so "just over" wins over "over".
_APPROX_BEFORE: dict[str, Approx] = {
    "more than": "more_than",
    "over": "more_than",
    "above": "more_than",
    "in excess of": "more_than",
    "upwards of": "more_than",
    "greater than": "more_than",
    "just over": "more_than",
    "well over": "more_than",
    "about": "about",
    "around": "about",
    "some": "about",
    "nearly": "about",
    "almost": "about",
    "roughly": "about",
    "approximately": "about",
    "an estimated": "about",
    "estimated": "about",
    "close to": "about",
    "circa": "about",
    "approx.": "about",
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "a minimum of": "at_least",
    "up to": "at_most",
    "at most": "at_most",
    "no more than": "at_most",
    "a maximum of": "at_most",
    "as many as": "at_most",
    "as much as": "at_most",
    "as high as": "at_most",
    "fewer than": "less_than",
    "less than": "less_than",
    "under": "less_than",
    "below": "less_than",
    "just under": "less_than",
    "only": "only",
    "just": "only",
    "a mere": "only",
    "merely": "only",
}

# Words that end a counted noun phrase: prepositions, determiners, pronouns, conjunctions, auxiliaries and the
# commonest reporting verbs and adverbs. Kept general: nothing here is about one story.
_STOP = frozenset(
    """
    of in on at to from for with by into onto over under across after before during since until till per than
    through between among against near along around about ago toward towards via without within outside inside
    beyond behind above below upon despite amid amongst like as
    the a an this that these those his her its their our my your whose which who whom what where when while why
    how it they them he she we you i me him us
    and or but nor so yet if because though although whereas
    is are was were be been being am have has had having will would could should may might must can shall did
    do does done said says say told tell reported announced according added stated
    ago later earlier abroad overseas home apiece each more less fewer old long away back already also
    still only just now then there here too very not never ever again together alone
    met held took made went came left got gave saw won lost spent fell rose began became seemed sent kept led paid
    sold remain remained face faced agree agreed meet want wanted need plan planned hope seem appear continue
    struck fled fought grew flew stood shot hit hits strikes
    """.split()
)
_DETERMINERS = frozenset("the a an this that these those his her its their our my your whose which".split())
_PARTITIVE_DETS = frozenset("the these those his her its their our my your whose which".split())
# Words that look like adverbs by their ending but are nouns often counted.
_LY_NOUNS = frozenset("family ally rally assembly supply reply belly bully fly italy july anomaly".split())
_IRREGULAR = {
    "people": "person",
    "persons": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "geese": "goose",
    "lives": "life",
    "wives": "wife",
    "knives": "knife",
    "leaves": "leaf",
    "halves": "half",
    "thieves": "thief",
    "wolves": "wolf",
    "crises": "crisis",
    "analyses": "analysis",
    "theses": "thesis",
    "series": "series",
    "species": "species",
    "news": "news",
    "data": "data",
    "criteria": "criterion",
    "phenomena": "phenomenon",
    "police": "police",
    "personnel": "personnel",
    "staff": "staff",
    "aircraft": "aircraft",
    "sheep": "sheep",
    "fish": "fish",
    "deer": "deer",
    "cattle": "cattle",
    "troops": "troop",
    "times": "time",
}
_PLURAL_HEADS = frozenset(
    {k for k in _IRREGULAR if k not in ("series", "species", "news", "data", "fish", "deer", "sheep")}
    | {"series", "species"}
)
_MONTH = (
    r"(?-i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# Ordinals over these name calendar periods ("the second quarter", "the 21st century"): dates, not counts.
_CALENDAR_PARTS = frozenset({"quarter", "half", "century", "millennium"})
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25}
_SCALES = {**SCALE_WORDS, "hundred": 100, "bn": 10**9, "mn": 10**6, "tn": 10**12, "m": 10**6, "k": 10**3}


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_CARD = _alt([w for w in CARDINAL_WORDS] + ["hundred", "dozen", *SCALE_WORDS])
_ORDW = _alt(ORDINAL_WORDS)
_AND = r"(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))[ \t]+and[ \t]+"
# Each repetition must consume a separator and then a whole number word, so the pattern cannot backtrack
# exponentially (separators and words share no characters).
_WSEQ = (
    rf"(?:an?[ \t]+)?(?:{_CARD})(?:(?:[ \t]+|-|{_AND})(?:{_CARD})\b){{0,12}}(?:(?:[ \t]+|-)(?:{_ORDW})\b)?"
    rf"(?:[ \t]+and[ \t]+a[ \t]+half\b)?|(?:{_ORDW})"
)
_CUR = (
    r"(?-i:US|AU?|CA?|HK)?\$|[€£₽₩¥₹₴]"
    r"|\b(?-i:USD|EUR|GBP|RUB|CNY|KRW|JPY|INR|UAH|AUD|CAD|HKD)(?=[ \t]?\d)"
)
_MASTER = re.compile(
    rf"""
    (?:(?P<cur>{_CUR})[ \t]?)?
    (?:
        (?<![\w.,])(?P<num>(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)(?P<ordsuf>st|nd|rd|th)?
        (?:[ \t]*(?P<scale>hundred|thousand|million|billion|trillion|bn|mn|tn|m|k)\b)?
      | \b(?P<frac>(?:one|two|three|a)[ \t-](?:thirds?|quarters?)(?=[ \t]+of\b)
          |(?:one|two)-thirds|(?:one|three)-quarters|half)\b
      | \b(?P<times>twice|thrice)\b
      | \b(?P<words>{_WSEQ})\b
    )
    """,
    re.I | re.X,
)
_APPROX_RE = re.compile(rf"(?<![\w])(?P<a>{_alt(_APPROX_BEFORE)})[ \t]+$", re.I)
_BETWEEN_RE = re.compile(r"(?:^|(?<=[^\w]))(?P<b>between|from)[ \t]+$", re.I)
_JOIN_RE = re.compile(r"[ \t]*(?P<j>-|–|—|to\b|or\b|and\b)[ \t]*", re.I)
_AFTER_APPROX_RE = re.compile(r"[ \t]+or[ \t]+(?P<a>more|so)\b|(?P<plus>\+|-plus\b)", re.I)
_MONTH_BEFORE_RE = re.compile(rf"\b{_MONTH}\.?[ \t]+$")
_MONTH_AFTER_RE = re.compile(rf"(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?{_MONTH}\b")
_CLOCK_AFTER_RE = re.compile(
    r"(?::\d|[ \t]?(?:a\.m\.|p\.m\.|am\b|pm\b|o['’]clock|(?-i:GMT|UTC|BST|EST|EDT|PST|PDT|CET|CEST|MSK|KST|JST)\b)"
    r"|[-/]\d{1,2}[-/]\d|/\d)",
    re.I,
)
_PREV_WORD_RE = re.compile(r"(?P<w>[A-Za-z][\w'’.]*)[ \t]+$")
_NUMBER_SIGN_RE = re.compile(r"(?:\bno\.|#|\bnumber)[ \t]*$", re.I)
_ONE_PRONOUN_BEFORE = frozenset("no the this that any every each which such someone one".split())
_ONE_PRONOUN_AFTER_RE = re.compile(r"[ \t]+another\b|-on-|['’]s\b|[ \t]+by[ \t]+one\b", re.I)
_TIMES_NOT_RE = re.compile(r"[ \t]+(?:as|the|a|an|that|more|less|over)\b", re.I)
_WORD_RE = re.compile(r"[ \t]+(?P<w>[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z])")
_PARTITIVE_RE = re.compile(r"[ \t]+of[ \t]+(?P<d>[A-Za-z]+)(?=[ \t])", re.I)
_COMPOUND_RE = re.compile(r"-(?P<w>[A-Za-z]{2,})(?:-(?P<w2>old|long|strong|plus)\b)?")
_HALF_OBJ_RE = re.compile(r"[ \t]+(?:an?[ \t]+)?(?P<w>[A-Za-z]+)\b", re.I)
_UNIT_BEFORE_RE = re.compile(r"(?<![\w-])(?P<u>magnitude)[ \t]+$", re.I)
_UNIT_TAIL_RE = re.compile(r"[ \t]+(?P<t>ago|old)\b", re.I)


def _unit_regex() -> re.Pattern[str]:
    loose, cased, _ = _units.aliases()
    words = sorted(loose, key=len, reverse=True)
    alts = [r"[ \t]?%"] + [
        r"[ \t]?" + re.escape(w).replace(r"\ ", r"[ \t]+") if not w[0].isalpha() or len(w) <= 3
        else r"[ \t]+" + re.escape(w).replace(r"\ ", r"[ \t]+")
        for w in words if w != "%"
    ]
    cased_alts = [rf"[ \t]?(?-i:{re.escape(w)})" for w in sorted(cased, key=len, reverse=True)]
    body = "|".join(alts + cased_alts)
    return re.compile(rf"(?P<u>{body})(?![\w/²³])", re.I)


_UNIT_RE = _unit_regex()


# ----------------------------------------------------------------------------------------------- helpers


def _singular(word: str) -> str:
    """A lower-case, roughly singular form of a counted noun ("trips" -> "trip", "people" -> "person")."""
    w = word.lower().replace("’", "'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if len(w) > 3 and w.endswith("ies") and not w.endswith("eies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith(("ches", "shes", "sses", "xes", "zzes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s")):
        return w[:-1]
    return w


def _looks_plural(word: str) -> bool:
    w = word.lower()
    return w in _PLURAL_HEADS or (len(w) > 2 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s")))


def _noun_phrase(text: str, pos: int, *, max_words: int = 4) -> tuple[str, int] | None:
    """The head noun of the words after ``pos`` and where it ends, or None when no noun follows."""
    words: list[tuple[str, int]] = []
    while len(words) < max_words:
        m = _WORD_RE.match(text, pos)
        if not m:
            break
        w = m.group("w")
        lw = w.lower()
        adverb = lw.endswith("ly") and len(lw) > 4 and lw not in _LY_NOUNS
        if lw in _STOP or lw.split("-")[0] in CARDINAL_WORDS or adverb:
            break
        words.append((w, m.end()))
        pos = m.end()
        if _looks_plural(w):  # a plural noun ends an English noun phrase
            break
    # A participle left at the end ("three killed", "one soldier wounded") is a verb, not the head.
    while words and words[-1][0].lower().endswith(("ed", "ing")) and not _looks_plural(words[-1][0]):
        words.pop()
    if not words:
        return None
    return _singular(words[-1][0]), words[-1][1]


def _partitive(text: str, pos: int) -> tuple[str | None, int, bool]:
    """(counted, span end, found) for "of the/these/his ... NOUN" after a number ("four of these trips")."""
    pm = _PARTITIVE_RE.match(text, pos)
    if not pm or pm.group("d").lower() not in _PARTITIVE_DETS:
        return None, pos, False
    inner = _MASTER.match(text, pm.end() + 1)
    if inner is not None and inner.group("num", "words") != (None, None):
        # "one of the four reactors": the span stops at "one" so "four reactors" is its own slot.
        np_ = _noun_phrase(text, inner.end())
        return (np_[0] if np_ else None), pos, True
    np_ = _noun_phrase(text, pm.end())
    return (np_[0], np_[1], True) if np_ else (None, pos, True)


def _value_of_words(text: str, start: int, end: int) -> tuple[float, bool, int] | None:
    """Read the number words in text[start:end], dropping words from the end until they form one number."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"[A-Za-z]+", text[start:end])]
    for k in range(len(spans), 0, -1):
        stop = start + spans[k - 1][1]
        parsed = read_number(text[start:stop])
        if parsed is not None:
            return parsed.value, parsed.ordinal, stop
    return None


def _fmt(x: float) -> str:
    """A canonical number: 1500 (not 1,500.0), 4.4, 0.333333."""
    x = round(x, 6)
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return format(x, ".12g")


# ----------------------------------------------------------------------------------------------- extraction


def extract_quantities(text: str) -> list[Quantity]:
    """Quantities in one sentence, with offsets into ``text``.

    Args:
        text: a sentence (or any short text).

    Returns:
        One :class:`Quantity` per number that counts or measures something, in text order.

    Example:
        >>> q = extract_quantities("The spaceport is about 1,500 kilometers north.")[0]
        >>> q.text, q.value, q.unit, q.approx
        ('about 1,500 kilometers', 1500.0, 'km', 'about')
    """
    out: list[Quantity] = []
    pos = 0
    n = len(text)
    while pos < n:
        m = _MASTER.search(text, pos)
        if m is None:
            break
        q, resume = _build(text, m)
        pos = max(resume, m.start() + 1)
        if q is not None:
            out.append(_refine(text, q))
    return out


# What a number answers, read from the words around it: an age is not a duration ("a 38-year-old" vs "38
# years"), "a 170,000-square-foot building" is an area (the unit written as one compound with the number), and
# "two more" / "an additional two" is a change, not a total.
_AGE = re.compile(r"[\s-]*(?:years?|yrs?)[\s-]*old\b", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\baged\s*$", re.IGNORECASE)
_AREA = re.compile(r"[\s-]*(?:square|sq\.?)[\s-]*([a-z]+)", re.IGNORECASE)
_INCREMENT_INSIDE = re.compile(r"\b(?:extra|additional|more|further|another|other)\b", re.IGNORECASE)
_INCREMENT_BEFORE = re.compile(r"\b(?:another|a further|an additional|an extra)\s*$", re.IGNORECASE)
_INCREMENT_AFTER = re.compile(r"^\s*(?:extra|additional|more|further)\b", re.IGNORECASE)


def _number_end(q: Quantity) -> int:
    """Length of the number itself at the start of ``q.text`` (digits and separators)."""
    m = re.match(r"[\d.,\s]*\d", q.text)
    return m.end() if m else len(q.text)


def _refine(text: str, q: Quantity) -> Quantity:
    update: dict = {}
    before = text[max(0, q.start - 20) : q.start]
    rest = text[q.start + _number_end(q) : q.end + 30]  # the words after the number, the match's own included
    area = _AREA.match(rest)
    unit = _units.lookup(f"square {area.group(1)}") if area else None
    if q.dimension in ("time", "count", None) and q.unit in ("year", None) and (
            _AGE.match(rest) or (q.unit is None and _AGE_BEFORE.search(before))):
        update.update(dimension="age", unit="year", base_value=q.value, counted=None)
    elif unit is not None and unit.dimension == "area" and q.dimension in ("count", None):
        update.update(dimension="area", unit=unit.name, base_value=_units.to_base(q.value, unit.name), counted=None)
    if (_INCREMENT_BEFORE.search(before) or _INCREMENT_AFTER.match(text[q.end : q.end + 30])
            or (q.dimension == "count" and _INCREMENT_INSIDE.search(q.text))):
        update["increment"] = True
    return q.model_copy(update=update) if update else q


def _core_value(text: str, m: re.Match[str]) -> tuple[float, bool, int, str | None, str | None] | None:
    """(value, ordinal, end, currency unit, fixed unit) of one number match, or None to skip it."""
    cur = _units.lookup_symbol(m.group("cur")).name if m.group("cur") else None
    if m.group("num") is not None:
        raw = m.group("num")
        value = float(raw.replace(",", ""))
        ordinal = m.group("ordsuf") is not None
        if ordinal and ("." in raw or "," in raw):
            return None
        end = m.end("ordsuf") if ordinal else m.end("num")
        scale = m.group("scale")
        if scale and not ordinal:
            s = scale.lower()
            # "5m" / "5k" is a length or a distance without a currency; "$5m" is five million dollars.
            if s not in ("m", "k") or cur:
                value *= _SCALES[s]
                end = m.end("scale")
        return value, ordinal, end, cur, None
    if m.group("frac") is not None:
        words = m.group("frac").lower().replace("-", " ").split()
        value = _FRACTIONS[words[-1]]
        if len(words) == 2:
            value *= 1 if words[0] == "a" else CARDINAL_WORDS[words[0]]
        return value, False, m.end("frac"), cur, "fraction"
    if m.group("times") is not None:
        return (2.0 if m.group("times").lower() == "twice" else 3.0), False, m.end("times"), None, "time"
    got = _value_of_words(text, m.start("words"), m.end("words"))
    if got is None:
        return None
    value, ordinal, end = got
    # "two million dollars": a scale word written after digits-free words is already inside the match.
    return value, ordinal, end, cur, None


def _build(text: str, m: re.Match[str]) -> tuple[Quantity | None, int]:
    core = _core_value(text, m)
    if core is None:
        return None, m.end()
    value, ordinal, end, unit, fixed = core
    start = m.start()
    is_numeral = m.group("num") is not None
    lead = text[max(0, start - 40) : start]

    # Identifier or part of a date/code: "Covid-19", "F-16", "2023-09-12", "7:09", "No. 5".
    if is_numeral and not unit and start > 0:
        prev = text[start - 1]
        if prev in "-/:.–" and start > 1 and text[start - 2].isalnum():
            return None, end
        if _NUMBER_SIGN_RE.search(lead):
            return None, end
    if m.group("words") is not None and m.group("words").lower() == "one" and not ordinal:
        pw = _PREV_WORD_RE.search(lead)
        if (pw and pw.group("w").lower() in _ONE_PRONOUN_BEFORE) or _ONE_PRONOUN_AFTER_RE.match(text, end):
            return None, end
    if fixed == "time" and _TIMES_NOT_RE.match(text, end):  # "twice as many" is a ratio, not a count
        return None, end

    # Ranges: "10 to 13", "10-13", "between 10 and 13", "two or three".
    upper = None
    approx: Approx = "exact"
    between = _BETWEEN_RE.search(lead)
    j = _JOIN_RE.match(text, end)
    if j and not ordinal and fixed is None:
        m2 = _MASTER.match(text, j.end())
        joiner = j.group("j").lower()
        if m2 is not None and m2.group("frac") is None and m2.group("times") is None and (
            joiner != "and" or (between and between.group("b").lower() == "between")
        ):
            core2 = _core_value(text, m2)
            if core2 is not None and not core2[1]:
                v2, _, end2, unit2, _ = core2
                scale2 = _SCALES.get((m2.group("scale") or "").lower())
                if scale2 and not m.group("scale") and is_numeral and value < v2 / scale2:
                    value *= scale2  # "between 1 and 2 million"
                if v2 > value and (unit2 is None or unit is None or unit2 == unit):
                    upper, end, unit, approx = v2, end2, unit or unit2, "range"
                    if between:
                        start = between.start("b") + (start - len(lead))
                elif joiner in ("-", "–", "—") and is_numeral:
                    return None, end2  # "2-1" is a score, "2023-09" part of a date: neither is a quantity

    # Dates and times of day belong to another extractor.
    if _MONTH_BEFORE_RE.search(lead) or _MONTH_AFTER_RE.match(text, end):
        return None, end
    if is_numeral and _CLOCK_AFTER_RE.match(text, end):
        return None, end
    if is_numeral and end < len(text) and text[end] in "sS" and not text[end + 1 : end + 2].isalpha():
        return None, end + 1  # a decade: "the 1990s"

    # A unit written before the number: "a magnitude 6.1 earthquake".
    pre = _UNIT_BEFORE_RE.search(text, max(0, start - 20), start) if is_numeral and not unit else None
    if pre:
        unit, start = _units.lookup(pre.group("u")).name, pre.start("u")

    # Approximation written before the number.
    a = _APPROX_RE.search(text, max(0, start - 40), start)
    if a and approx == "exact":
        approx = _APPROX_BEFORE[a.group("a").lower()]
        start = a.start("a")

    # What the number measures or counts, read after any "or more" / "or so" ("100 or more people").
    counted: str | None = None
    tail_end = end
    after = _AFTER_APPROX_RE.match(text, end)
    if after and approx == "exact" and not after.group("plus"):
        approx = "at_least" if after.group("a").lower() == "more" else "about"
        tail_end = after.end()
    year_like = (
        is_numeral
        and not unit
        and not ordinal
        and re.fullmatch(r"\d{4}", m.group("num")) is not None
        and 1000 <= value <= 2100
        and (upper is None or 1000 <= upper <= 2100)  # "between 2010 and 2015" is a span of dates
    )
    plural_noun = False
    if fixed == "time":
        counted = "time"
    elif fixed == "fraction":
        unit = "fraction"
        if m.group("frac").lower() == "half":
            h = _HALF_OBJ_RE.match(text, tail_end)
            hw = h.group("w").lower() if h else ""
            if h and (hw in SCALE_WORDS or hw == "dozen"):
                value *= SCALE_WORDS.get(hw, 12)
                unit, tail_end = None, h.end()
            elif h and _units.lookup(hw) and _units.lookup(hw).dimension != "currency":
                unit, tail_end = _units.lookup(hw).name, h.end()
            elif not re.match(r"[ \t]+(?:of|the)\b", text[tail_end:], re.I):
                return None, end  # "half" as an adjective or adverb ("half-hearted", "cut in half")
        if unit == "fraction":
            counted, tail_end, _ = _partitive(text, tail_end)
    else:
        # "5%", "5 per cent"; "10-year-old", "200-km"; "1,500 kilometers", "$5 million", "3 million pounds".
        um = None if ordinal else _UNIT_RE.match(text, tail_end)
        cm = _COMPOUND_RE.match(text, tail_end)
        if um is not None:
            u = _units.lookup(um.group("u").strip()) or _units.lookup("%")
            name = u.name
            if name == "lb" and m.group("scale") and m.group("scale").lower() not in ("m", "k"):
                name = "gbp"  # "3 million pounds" in news copy is money
            if u.dimension == "currency" and unit and unit != name:
                name = unit  # "$5 million dollars": the symbol already said it
            unit, tail_end = name, um.end()
            t = _UNIT_TAIL_RE.match(text, tail_end)
            if t and _units.UNITS[unit].dimension == "time":
                tail_end = t.end()
        elif cm is not None and not ordinal and tail_end == end:
            w = cm.group("w")
            u = _units.lookup(w)
            if w.lower() in ("plus", "odd"):  # "100-plus", "20-odd"
                approx = ("at_least" if w.lower() == "plus" else "about") if approx == "exact" else approx
                tail_end = cm.end("w")
            elif w.lower() == "strong":  # "a 2,000-strong force" counts members, not "strong"
                tail_end = cm.end("w")
            elif u is not None:
                unit, tail_end = (unit or u.name) if u.dimension == "currency" else u.name, cm.end()
            elif not w[0].isupper():
                counted, tail_end = _singular(w), cm.end("w")  # "a 10-member delegation" counts members
            else:
                return None, cm.end()
        elif unit is None:
            counted, tail_end, found = _partitive(text, tail_end)
            if found:
                plural_noun = counted is not None
            else:
                np_ = _noun_phrase(text, tail_end)
                if np_:
                    counted, np_end = np_
                    last = text[:np_end].split()[-1]
                    plural_noun = _looks_plural(last)
                    tail_end = np_end

    # Words that cannot stand for a quantity without something counted or measured.
    if ordinal and (counted is None or counted in _CALENDAR_PARTS):
        return None, end  # "on the 12th", "the third quarter" are dates; "finished 8th" says too little
    if m.group("words") is not None and ordinal:
        pw = _PREV_WORD_RE.search(text, max(0, start - 40), start)
        prev_word = pw.group("w").lower() if pw else ""
        # An ordinal word is a position only after a determiner ("his first visit"); "first announced" is not.
        if not (prev_word in _DETERMINERS or prev_word.endswith(("'s", "’s"))):
            return None, end
    if year_like and unit is None and not plural_noun:
        return None, end  # "in 2019", "the 2019 summit"
    if m.group("words") is not None and value == 1 and not ordinal and unit is None and counted is None:
        return None, end  # "one" alone is usually a pronoun ("one could argue")
    if is_numeral and unit is None and not plural_noun:
        pw = _PREV_WORD_RE.search(text, max(0, start - 40), start)
        if pw and pw.group("w")[0].isupper() and pw.group("w").lower().rstrip(".") not in _STOP:
            return None, end  # "Apollo 11", "Resolution 2231", "Writing 2.0", "a Category 4 storm"
    if is_numeral and unit is None and counted is None:
        pw = _PREV_WORD_RE.search(text, max(0, start - 40), start)
        if pw and pw.group("w").lower() == "at" and value <= 24 and upper is None:
            return None, end  # "at 7" is a clock time
    if is_numeral and end < len(text) and text[end].isalpha() and unit is None and tail_end == end:
        return None, end  # glued to letters: "5G", "3D"

    # Approximations written after: "100 or more", "4 years or so", "100+", "100-plus".
    after = _AFTER_APPROX_RE.match(text, tail_end)
    if after and approx == "exact":
        approx = "at_least" if (after.group("a") or "").lower() == "more" or after.group("plus") else "about"
        tail_end = after.end()

    dimension = _units.UNITS[unit].dimension if unit in _units.UNITS else "count"
    base = _units.to_base(value, unit) if unit in _units.UNITS else (value if dimension == "count" else None)
    return (
        Quantity(
            start=start,
            end=tail_end,
            text=text[start:tail_end],
            value=value,
            upper=upper,
            unit=unit,
            dimension=dimension,
            base_value=base,
            counted=counted,
            approx=approx,
            ordinal=ordinal,
        ),
        tail_end,
    )


# ----------------------------------------------------------------------------------------------- comparison

_ABOUT_TOL = 0.2  # "about 1,500 km" allows 1,200-1,800: wider than rounding, narrower than a different claim


def _interval(q: Quantity, rel_tol: float, about_tol: float) -> tuple[float, float]:
    v = q.base_value if q.base_value is not None else q.value
    scale = v / q.value if q.value else 1.0
    hi_v = (q.upper * scale) if q.upper is not None else v
    # Measured amounts and converted units are rounded when written; whole counts are exact.
    tol = 0.0 if (q.dimension == "count" and q.approx != "about") else rel_tol
    if q.approx == "about":
        tol = max(tol, about_tol)
    lo, hi = v - abs(v) * tol, hi_v + abs(hi_v) * tol
    eps = 1e-9 * max(1.0, abs(v))
    if q.approx == "more_than":
        return v + (eps if tol == 0 else -abs(v) * tol), math.inf
    if q.approx == "at_least":
        return lo, math.inf
    if q.approx == "less_than":
        return -math.inf, v - (eps if tol == 0 else -abs(v) * tol)
    if q.approx == "at_most":
        return -math.inf, hi
    return lo, hi


def compatible(a: Quantity, b: Quantity, *, rel_tol: float = 0.05, about_tol: float = _ABOUT_TOL) -> bool | None:
    """Whether two quantities can both be true, or None when they do not measure the same thing.

    Args:
        a, b: quantities, usually of one fact told by two outlets.
        rel_tol: slack for measured amounts and unit conversion (125 miles = 201 km vs "200 km").
        about_tol: slack around a value marked "about", "nearly", "some" ...

    Returns:
        None for different dimensions, currencies, counted nouns, or ordinal vs cardinal; True when some
        value satisfies both ("more than four years" and "4.4 years"); False otherwise.

    Example:
        >>> a, b = extract_quantities("125 miles")[0], extract_quantities("200 km")[0]
        >>> compatible(a, b)
        True
    """
    if a.dimension != b.dimension or a.ordinal != b.ordinal or a.increment != b.increment:
        return None
    if a.dimension == "currency" and a.unit != b.unit:
        return None  # exchange rates move; amounts in two currencies are not compared
    if a.dimension == "count" and (a.counted is None or b.counted is None or a.counted != b.counted):
        return None
    if a.dimension not in ("count", "currency") and (a.base_value is None or b.base_value is None):
        return None
    if a.ordinal:
        return a.value == b.value
    if a.dimension == "age":  # ages are told in whole years: 38 and 39 are two ages, not a rounding
        rel_tol = 0.0
    lo_a, hi_a = _interval(a, rel_tol, about_tol)
    lo_b, hi_b = _interval(b, rel_tol, about_tol)
    return max(lo_a, lo_b) <= min(hi_a, hi_b)


# ----------------------------------------------------------------------------------------------- evaluation


def quantity_key(q: Quantity) -> str:
    """The canonical key of a quantity; see :func:`eval_items`."""
    upper = f"|upper={_fmt(q.upper)}" if q.upper is not None else ""
    ordinal = "|ordinal" if q.ordinal else ""
    return f"{_fmt(q.value)}{upper}|unit={q.unit or ''}|counted={q.counted or ''}|approx={q.approx}{ordinal}"


def eval_items(text: str, published: dt.date | str | None = None) -> list[tuple[str, str]]:
    """(span text, key) for each quantity in ``text``, for scoring against ``fixtures/slot_eval/quantities.jsonl``.

    The key is ``VALUE[|upper=UPPER]|unit=UNIT|counted=COUNTED|approx=APPROX[|ordinal]`` where VALUE and UPPER are
    the numbers as stated, in the stated unit (1500, 4.4, 1500000 for "1.5 million"; never "1,500.0"), UNIT is the
    canonical unit name ("km", "year", "usd", "percent"; empty for plain counts), COUNTED the singular lower-case
    head noun ("trip"; empty when a unit is given or nothing is named), APPROX one of exact, about, more_than,
    less_than, at_least, at_most, only, range, and ``|ordinal`` marks positions ("8th", "first").
    ``published`` is accepted for a uniform slot interface; quantities do not depend on it.

    Example:
        >>> eval_items("In his 12 years in power, he made seven trips.")
        [('12 years', '12|unit=year|counted=|approx=exact'), ('seven trips', '7|unit=|counted=trip|approx=exact')]
    """
    return [(q.text, quantity_key(q)) for q in extract_quantities(text)]
