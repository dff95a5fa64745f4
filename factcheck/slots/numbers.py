"""Number words and numerals: read "twenty-one", "1,500", "1.5 million", "a dozen", "8th"; write words back.

Only general English number knowledge lives here (a small table of words and a grammar check), so that
"one second" is read as one plus a unit, not as an ordinal, and "seven seven" is refused rather than summed.

Example:
    >>> parse_number("two thousand and ten")
    2010.0
    >>> read_number("twenty-first")
    ParsedNumber(value=21.0, ordinal=True)
    >>> render_number(1500)
    'one thousand five hundred'
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

__all__ = [
    "ParsedNumber",
    "read_number",
    "parse_number",
    "is_ordinal",
    "render_number",
    "CARDINAL_WORDS",
    "ORDINAL_WORDS",
    "SCALE_WORDS",
]

_SMALL = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_SCALE_LIST = (("thousand", 10**3), ("million", 10**6), ("billion", 10**9), ("trillion", 10**12))

CARDINAL_WORDS: dict[str, int] = {w: i for i, w in enumerate(_SMALL)}
CARDINAL_WORDS.update({w: 20 + 10 * i for i, w in enumerate(_TENS)})
SCALE_WORDS: dict[str, int] = dict(_SCALE_LIST)

_ORD_SMALL = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
ORDINAL_WORDS: dict[str, int] = {w: i for i, w in enumerate(_ORD_SMALL) if i}
ORDINAL_WORDS.update({w[:-1] + "ieth": 20 + 10 * i for i, w in enumerate(_TENS)})
ORDINAL_WORDS.update({"hundredth": 100, "thousandth": 1000, "millionth": 10**6, "billionth": 10**9})

_NUMERAL_RE = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")
_ORD_SUFFIX_RE = re.compile(r"(st|nd|rd|th)")
_SPLIT_RE = re.compile(r"[\s\-–]+")


class ParsedNumber(NamedTuple):
    """A number read from text; ``ordinal`` is True for "8th", "first", "twenty-first"."""

    value: float
    ordinal: bool = False


def _kind(n: int) -> str:
    if n < 10:
        return "unit"
    if n < 20:
        return "teen"
    if n < 100:
        return "ten"
    return "hundred" if n == 100 else "scale"


def _parse_words(tokens: list[str]) -> ParsedNumber | None:
    """Grammar-checked reading of number-word tokens (already lower-cased, split on spaces and hyphens)."""
    if not tokens:
        return None
    # "and a half" / "a half" / "half" are the only fractions read here; everything else is whole.
    half = 0.0
    if tokens[-1] == "half":
        if tokens[-3:-1] == ["and", "a"] and len(tokens) > 3:
            tokens, half = tokens[:-3], 0.5
        elif tokens in (["half"], ["a", "half"]):
            return ParsedNumber(0.5)
        else:
            return None
    if tokens[0] in ("a", "an"):
        # "a hundred", "a dozen", "a million": the article stands for one.
        if len(tokens) < 2 or not (tokens[1] in ("hundred", "dozen") or tokens[1] in SCALE_WORDS):
            return None
        tokens = ["one", *tokens[1:]]
    if tokens == ["zero"]:
        return ParsedNumber(0.0 + half)
    total, group, last, last_scale, ordinal = 0, 0, None, math.inf, False
    for i, tok in enumerate(tokens):
        if ordinal:  # an ordinal word can only come last
            return None
        if tok in ORDINAL_WORDS:
            if half:
                return None
            n, ordinal = ORDINAL_WORDS[tok], True
            kind = _kind(n)
        elif tok in CARDINAL_WORDS and tok != "zero":
            n = CARDINAL_WORDS[tok]
            kind = _kind(n)
        elif tok == "hundred":
            n, kind = 100, "hundred"
        elif tok in SCALE_WORDS:
            n, kind = SCALE_WORDS[tok], "scale"
        elif tok == "dozen":
            n, kind = 12, "dozen"
        elif tok == "and":
            # British "one hundred and five", "two thousand and ten": only after hundred or a scale word.
            if last not in ("hundred", "scale") or i == len(tokens) - 1:
                return None
            last = "and"
            continue
        else:
            return None
        if kind in ("unit", "teen", "ten"):
            if last in ("unit", "teen") or (last == "ten" and kind != "unit") or last == "dozen":
                return None
            group += n
        elif kind == "hundred":
            if last not in ("unit", "teen", "ten") or group >= 100 or group == 0:
                return None
            group *= 100
        elif kind == "dozen":
            if last not in ("unit", "teen", "ten", None) or group >= 100:
                return None
            group = max(group, 1) * 12
        else:  # thousand, million ...
            if last in (None, "and") or group == 0 or n >= last_scale:
                return None
            total += group * n
            group, last_scale = 0, n
        last = kind
    if last in (None, "and"):
        return None
    return ParsedNumber(float(total + group) + half, ordinal)


def read_number(s: str) -> ParsedNumber | None:
    """Read one number written in words, digits or both, telling ordinals apart.

    Args:
        s: the number alone, e.g. "seven", "twenty-one", "1,500", "1.5 million", "a dozen", "8th", "first".

    Returns:
        The value and whether it is ordinal, or None when ``s`` is not one number ("dozens", "seven seven").

    Example:
        >>> read_number("8th")
        ParsedNumber(value=8.0, ordinal=True)
    """
    text = s.strip().lower()
    if not text:
        return None
    m = _NUMERAL_RE.match(text)
    if m:
        value = float(m.group().replace(",", ""))
        rest = text[m.end() :]
        if not rest:
            return ParsedNumber(value)
        suf = _ORD_SUFFIX_RE.fullmatch(rest)
        if suf and "." not in m.group() and "," not in m.group():
            return ParsedNumber(value, True)
        words = [w for w in _SPLIT_RE.split(rest) if w]
        # "1.5 million", "2 thousand", "3 dozen": digits times one scale word.
        if len(words) == 1:
            scale = SCALE_WORDS.get(words[0]) or {"hundred": 100, "dozen": 12}.get(words[0])
            if scale:
                return ParsedNumber(value * scale)
        return None
    tokens = [w for w in _SPLIT_RE.split(text.replace(",", " ")) if w]
    return _parse_words(tokens)


def parse_number(s: str) -> float | None:
    """The value of a number written in words or digits; ordinals give their position ("8th" -> 8.0).

    Example:
        >>> parse_number("a dozen"), parse_number("1,500"), parse_number("dozens")
        (12.0, 1500.0, None)
    """
    parsed = read_number(s)
    return parsed.value if parsed else None


def is_ordinal(s: str) -> bool:
    """True when ``s`` is an ordinal number ("first", "8th", "twenty-first")."""
    parsed = read_number(s)
    return bool(parsed and parsed.ordinal)


def _under_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [_SMALL[hundreds], "hundred"]
    if rest >= 20:
        tens, unit = divmod(rest, 10)
        words.append(_TENS[tens - 2] + (f"-{_SMALL[unit]}" if unit else ""))
    elif rest:
        words.append(_SMALL[rest])
    return words


def render_number(x: float) -> str:
    """Write a whole number in English words ("twenty-one"); other numbers as plain digits ("1.5").

    Example:
        >>> render_number(2_000_021)
        'two million twenty-one'
    """
    if isinstance(x, float) and not x.is_integer():
        return repr(x)
    n = int(x)
    if n < 0:
        return "minus " + render_number(-n)
    if n == 0:
        return "zero"
    words: list[str] = []
    for name, scale in reversed(_SCALE_LIST):
        count, n = divmod(n, scale)
        if count:
            if count >= 1000:  # beyond the largest scale word: fall back to digits
                return str(int(x))
            words += [*_under_thousand(count), name]
    words += _under_thousand(n)
    return " ".join(words)
