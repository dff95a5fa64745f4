"""A small table of measurement units and currencies, so "125 miles" and "200 km" compare as ~201 km vs 200 km.

Each unit has a canonical name, a dimension and a factor to the dimension's base unit:

=============== ============ ===========================================================
dimension       base unit    units
=============== ============ ===========================================================
length          km           km, m, cm, mm, mile, nautical_mile, ft, yard, inch
mass            kg           kg, g, mg, tonne, short_ton, lb, oz
time            second       second, minute, hour, day, week, month, year, decade, century
speed           km/h         km/h, mph, knot, m/s
area            km2          km2, m2, hectare, acre, sq_mile, sq_ft
volume          litre        litre, ml, m3, gallon, barrel
ratio           fraction     percent, fraction
percentage_point point       percentage_point
magnitude       magnitude    magnitude (earthquakes)
currency        (none)       usd, eur, gbp, rub, cny, krw, jpy, aud, cad, hkd, inr, uah
=============== ============ ===========================================================

Currencies are never converted into one another (rates change daily): a currency's "base value" is the amount
in that same currency, and :func:`convertible` is False between two different currencies. Temperature is left
out (its conversion is not a factor).

Example:
    >>> round(to_base(125, "mile"), 1)
    201.2
    >>> lookup("kilometres").name
    'km'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Unit", "UNITS", "BASE_UNITS", "lookup", "lookup_symbol", "to_base", "convert", "convertible", "aliases"]


@dataclass(frozen=True)
class Unit:
    """One unit: ``factor`` times a value in this unit gives the value in the dimension's base unit."""

    name: str
    dimension: str
    factor: float


BASE_UNITS: dict[str, str | None] = {
    "length": "km",
    "mass": "kg",
    "time": "second",
    "speed": "km/h",
    "area": "km2",
    "volume": "litre",
    "ratio": "fraction",
    "percentage_point": "percentage_point",
    "currency": None,
}

UNITS: dict[str, Unit] = {}
# alias -> canonical name. Word aliases are matched case-insensitively; _CASED ones (short abbreviations such
# as "m" or "t") only as written, so "M" in a name or "T" in "T-72" is not read as a unit.
_ALIASES: dict[str, str] = {}
_CASED: dict[str, str] = {}
_SYMBOLS: dict[str, str] = {}

_DAY = 86400.0


def _add(
    name: str,
    dimension: str,
    factor: float,
    words: tuple[str, ...] = (),
    plurals: tuple[str, ...] = (),
    abbr: tuple[str, ...] = (),
    cased: tuple[str, ...] = (),
) -> None:
    UNITS[name] = Unit(name, dimension, factor)
    for w in words:
        _ALIASES[w] = name
        _ALIASES[w + "s"] = name  # regular plural; irregular ones go in ``plurals``
    for w in (*plurals, *abbr):
        _ALIASES[w.lower()] = name
    for w in cased:
        _CASED[w] = name


# length (base km)
_add("km", "length", 1.0, ("kilometre", "kilometer", "klick"), abbr=("km", "kms"))
_add("m", "length", 1e-3, ("metre", "meter"), cased=("m",))
_add("cm", "length", 1e-5, ("centimetre", "centimeter"), abbr=("cm",))
_add("mm", "length", 1e-6, ("millimetre", "millimeter"), abbr=("mm",))
_add("mile", "length", 1.609344, ("mile", "statute mile"), abbr=("mi",))
_add("nautical_mile", "length", 1.852, ("nautical mile",), abbr=("nmi",))
_add("ft", "length", 0.0003048, ("foot",), plurals=("feet",), abbr=("ft",))
_add("yard", "length", 0.0009144, ("yard",), abbr=("yd", "yds"))
_add("inch", "length", 0.0000254, (), plurals=("inch", "inches"))  # not "in": it is a preposition

# mass (base kg)
_add("kg", "mass", 1.0, ("kilogram", "kilogramme", "kilo"), abbr=("kg", "kgs"))
_add("g", "mass", 1e-3, ("gram", "gramme"), cased=("g",))
_add("mg", "mass", 1e-6, ("milligram",), abbr=("mg",))
# News copy (and translations) mostly mean metric tonnes by "tons"; a US short ton is 9% lighter and must be
# written out as "short tons" to be read as one.
_add("tonne", "mass", 1000.0, ("tonne", "ton", "metric ton"), cased=("t",))
_add("short_ton", "mass", 907.18474, ("short ton",))
_add("lb", "mass", 0.45359237, ("pound",), abbr=("lb", "lbs"))
_add("oz", "mass", 0.028349523125, ("ounce",), abbr=("oz",))

# time, as a duration (base second); month and year are calendar averages
_add("second", "time", 1.0, ("second",), abbr=("sec", "secs"))
_add("minute", "time", 60.0, ("minute",), abbr=("min", "mins"))
_add("hour", "time", 3600.0, ("hour",), abbr=("hr", "hrs"))
_add("day", "time", _DAY, ("day",))
_add("week", "time", 7 * _DAY, ("week",))
_add("fortnight", "time", 14 * _DAY, ("fortnight",))
_add("month", "time", 30.436875 * _DAY, ("month",))
_add("year", "time", 365.2425 * _DAY, ("year",), abbr=("yr", "yrs"))
_add("decade", "time", 3652.425 * _DAY, ("decade",))
_add("century", "time", 36524.25 * _DAY, (), plurals=("century", "centuries"))

# speed (base km/h)
_add(
    "km/h",
    "speed",
    1.0,
    (),
    plurals=("kilometres per hour", "kilometers per hour", "kilometres an hour", "kilometers an hour"),
    abbr=("km/h", "kph", "kmh", "km/hr"),
)
_add("mph", "speed", 1.609344, (), plurals=("miles per hour", "miles an hour"), abbr=("mph",))
_add("knot", "speed", 1.852, ("knot",))
_add("m/s", "speed", 3.6, (), plurals=("metres per second", "meters per second"), abbr=("m/s",))

# area (base km2)
_add(
    "km2",
    "area",
    1.0,
    ("square kilometre", "square kilometer"),
    abbr=("km2", "km²", "sq km", "sq. km", "sq km.", "square km"),
)
_add("m2", "area", 1e-6, ("square metre", "square meter"), abbr=("m2", "m²", "sq m"))
_add("hectare", "area", 0.01, ("hectare",), abbr=("ha",))
_add("acre", "area", 0.004046856422, ("acre",))
_add("sq_mile", "area", 2.589988110336, ("square mile",), abbr=("sq mi", "sq. mi."))
_add("sq_ft", "area", 9.290304e-8, ("square foot",), plurals=("square feet",), abbr=("sq ft", "sq. ft.", "sq. ft"))

# volume (base litre)
_add("litre", "volume", 1.0, ("litre", "liter"))
_add("ml", "volume", 1e-3, ("millilitre", "milliliter"), abbr=("ml",))
_add("m3", "volume", 1000.0, ("cubic metre", "cubic meter"), abbr=("m3", "m³"))
_add("gallon", "volume", 3.785411784, ("gallon",))  # US gallon
_add("barrel", "volume", 158.987294928, ("barrel",), abbr=("bbl",))  # oil barrel

# ratios: percent and fractions share one dimension, so "half" and "50%" compare
_add("percent", "ratio", 0.01, (), plurals=("percent", "per cent", "pct", "%"))
_add("fraction", "ratio", 1.0)
_add("percentage_point", "percentage_point", 1.0, ("percentage point",))

# earthquake magnitude (written "magnitude 6.1" or "6.1-magnitude"); a scale, not convertible to anything else
_add("magnitude", "magnitude", 1.0, ("magnitude",))

# currencies: factor 1 within each currency; never converted across currencies
_add("usd", "currency", 1.0, ("dollar", "us dollar", "u.s. dollar", "american dollar"), abbr=("usd",))
_add("eur", "currency", 1.0, ("euro",), abbr=("eur",))
_add("gbp", "currency", 1.0, (), plurals=("pound sterling", "pounds sterling", "sterling"), abbr=("gbp",))
_add("rub", "currency", 1.0, ("ruble", "rouble"), abbr=("rub",))
_add("cny", "currency", 1.0, (), plurals=("yuan", "renminbi"), abbr=("cny", "rmb"))
_add("krw", "currency", 1.0, (), plurals=("won", "korean won", "south korean won"), abbr=("krw",))
_add("jpy", "currency", 1.0, (), plurals=("yen",), abbr=("jpy",))
_add("aud", "currency", 1.0, ("australian dollar",), abbr=("aud",))
_add("cad", "currency", 1.0, ("canadian dollar",), abbr=("cad",))
_add("hkd", "currency", 1.0, ("hong kong dollar",), abbr=("hkd",))
_add("inr", "currency", 1.0, ("rupee", "indian rupee"), abbr=("inr",))
_add("uah", "currency", 1.0, ("hryvnia",), plurals=("hryvnia", "hryvnya"), abbr=("uah",))

# Symbols written before the amount. "¥" is read as yen, its commonest meaning in English copy.
_SYMBOLS.update(
    {
        "$": "usd",
        "US$": "usd",
        "A$": "aud",
        "AU$": "aud",
        "C$": "cad",
        "CA$": "cad",
        "HK$": "hkd",
        "€": "eur",
        "£": "gbp",
        "₽": "rub",
        "₩": "krw",
        "¥": "jpy",
        "₹": "inr",
        "₴": "uah",
    }
)


def lookup(alias: str) -> Unit | None:
    """The unit an alias names ("kilometres", "km", "mi", "tonnes", "%", "dollars"), or None.

    Example:
        >>> lookup("miles").name, lookup("Feet").dimension
        ('mile', 'length')
    """
    name = _CASED.get(alias) or _ALIASES.get(" ".join(alias.lower().split()))
    return UNITS[name] if name else None


def lookup_symbol(symbol: str) -> Unit | None:
    """The currency a symbol written before an amount stands for ("$", "US$", "€", "£")."""
    name = _SYMBOLS.get(symbol.replace(" ", ""))
    return UNITS[name] if name else None


def aliases() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Copies of (case-insensitive aliases, case-sensitive aliases, symbols), each mapping to a canonical name."""
    return dict(_ALIASES), dict(_CASED), dict(_SYMBOLS)


def to_base(value: float, unit: str) -> float | None:
    """``value`` in ``unit`` converted to its dimension's base unit; for a currency, the amount itself."""
    u = UNITS.get(unit)
    return value * u.factor if u else None


def convertible(a: str, b: str) -> bool:
    """True when amounts in units ``a`` and ``b`` can be compared (same dimension; same currency)."""
    ua, ub = UNITS.get(a), UNITS.get(b)
    if ua is None or ub is None or ua.dimension != ub.dimension:
        return False
    return ua.dimension != "currency" or ua.name == ub.name


def convert(value: float, src: str, dst: str) -> float | None:
    """``value`` in unit ``src`` expressed in unit ``dst``, or None when they are not convertible.

    Example:
        >>> round(convert(200, "km", "mile"), 1)
        124.3
    """
    if not convertible(src, dst):
        return None
    return value * UNITS[src].factor / UNITS[dst].factor
