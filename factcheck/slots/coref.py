"""Different names for one entity that spelling rules cannot join: descriptions and place-named variants.

Two general patterns, both resolved only when exactly one named entity of the story fits:

- a *definite description* ("the spaceport", "the official national news agency", "an annual economic forum")
  names the entity whose name ends in the same head noun (or a synonym from ``HEAD_SYNONYMS``) and contains the
  description's other words, generic adjectives ("official", "annual", "state") aside;
- a *place-named variant* ("Springfield Trade Fair" beside "Northern Trade Fair in Springfield"): two names that
  share their last two or more words, where the story places the second in the place that the first names.

Descriptions are read from the parse of each sentence; offsets are relative to the parsed text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from factcheck.models import Mention

__all__ = ["HEAD_SYNONYMS", "GENERIC_MODIFIERS", "ENTITY_HEADS", "SEATS_OF_POWER", "LEADER_TITLES",
           "descriptions", "resolve_descriptions", "place_named_variants", "resolve_leaders", "acronym_aliases"]

# Head nouns that name a kind of site or body; synonyms are grouped.
_SYNONYM_GROUPS = (
    {"spaceport", "cosmodrome", "launch site"},
    {"airport", "airfield", "aerodrome"},
    {"agency", "news agency", "wire service", "state media"},
    {"forum", "summit", "conference"},
    {"ministry", "department"},
    {"harbour", "harbor", "port", "seaport"},
)
HEAD_SYNONYMS: dict[str, frozenset[str]] = {w: frozenset(g) for g in _SYNONYM_GROUPS for w in g}
ENTITY_HEADS = frozenset(HEAD_SYNONYMS) | frozenset({
    "station", "base", "university", "council", "parliament", "court", "company", "bank", "party", "committee",
    "festival", "fair", "exhibition", "games", "championship", "observatory", "plant", "facility",
})
# Buildings and places that newsrooms use for a government (general knowledge, like country names).
SEATS_OF_POWER: dict[str, str] = {
    "kremlin": "Russia", "white house": "United States", "elysee": "France", "élysée": "France",
    "downing street": "United Kingdom", "blue house": "South Korea", "zhongnanhai": "China",
    "quai d'orsay": "France", "chancellery": "Germany", "pentagon": "United States",
}
# Titles of a head of state or government: "the Elysee leader", "the French president".
LEADER_TITLES = frozenset({"leader", "president", "premier", "prime minister", "chancellor", "head of state"})

# Adjectives a description may add without changing which entity it names.
GENERIC_MODIFIERS = frozenset({
    "official", "state", "state-run", "state-owned", "government", "annual", "main", "national", "international",
    "local", "same", "new", "old", "famous", "major", "large", "big", "small", "main", "key", "top", "nearby",
    "regional", "federal", "central", "public", "private", "biennial", "yearly", "this", "that", "its", "their",
})


def descriptions(doc) -> list[Mention]:
    """Noun phrases of a parsed sentence that describe an entity by its kind ("the spaceport")."""
    out = []
    for chunk in doc.noun_chunks:
        first = chunk[0]
        if first.lower_ not in ("the", "a", "an", "this", "that"):
            continue
        head = chunk.root
        if head.pos_ != "NOUN" or not any(t.is_lower for t in chunk[1:]):
            continue
        two = f"{doc[head.i - 1].lower_} {head.lower_}" if head.i > chunk.start else ""
        if head.lemma_.lower() not in ENTITY_HEADS and two not in ENTITY_HEADS:
            continue
        if any(t.ent_type_ for t in chunk if t.i == head.i):
            continue  # already part of a named entity
        end = head.idx + len(head.text)
        out.append(Mention(start=first.idx, end=end, text=doc.text[first.idx : end]))
    return out


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z][a-z-]*", text.lower())


def _heads(words: Sequence[str]) -> set[str]:
    if not words:
        return set()
    cands = {words[-1]}
    if len(words) >= 2 and " ".join(words[-2:]) in ENTITY_HEADS:
        cands.add(" ".join(words[-2:]))
    out = set()
    for c in cands:
        out |= HEAD_SYNONYMS.get(c, frozenset({c}))
    return out


def _modifiers_fit(mods: Sequence[str], nwords: Sequence[str], demonym_words: set[str]) -> bool:
    """Every modifier is in the name, generic, or part of a nationality whose last word is in the name."""
    ok = [m in nwords or m in GENERIC_MODIFIERS for m in mods]
    if mods and not any(m in nwords for m in mods):
        return False  # "a train station" is not "Central Station": a modifier must come from the name
    for i, m in enumerate(mods):
        # "north korean" before a name containing "Korean": the whole nationality fits
        if m in demonym_words and i + 1 < len(mods) and mods[i + 1] in nwords and mods[i + 1] in demonym_words:
            ok[i] = True
    return all(ok)


def resolve_leaders(texts: Iterable[str], people: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map "the Elysee leader" / "the French president" to the one person the story titles so.

    Args:
        texts: role descriptions ("the Elysee leader").
        people: ``(entity_id, name with its titles)`` ("French President Anna Berg").

    Returns:
        ``{description: entity_id}`` where exactly one person of that country carries a leader's title.
    """
    from factcheck.slots.names import country_of_demonym

    def country(words: str) -> str | None:
        w = words.lower().strip()
        return SEATS_OF_POWER.get(w) or country_of_demonym(words)

    leaders: dict[str, set[str]] = {}
    for eid, titled in people:
        low = titled.lower()
        if not any(re.search(rf"\b{t}\b", low) for t in LEADER_TITLES):
            continue
        for n in (1, 2):
            for m in re.finditer(r"[A-Za-z'-]+" + r"(?: [A-Za-z'-]+)" * (n - 1), titled):
                c = country(m.group(0))
                if c:
                    leaders.setdefault(c, set()).add(eid)
    out = {}
    for text in texts:
        m = re.fullmatch(r"(?:the )?([A-Za-z'é -]+?) (leader|president|premier|prime minister|chancellor)",
                         text.strip(), re.IGNORECASE)
        if not m:
            continue
        c = country(m.group(1))
        if c and len(leaders.get(c, ())) == 1:
            out[text] = next(iter(leaders[c]))
    return out


_PAREN_ACRONYM = re.compile(r"((?:[A-Z][\w'-]*\s){1,6}[A-Z][\w'-]*)\s\(([A-Za-z]{2,8})\)")


def acronym_aliases(text: str) -> list[tuple[str, int, int]]:
    """``(long name, start, end)`` of each short form in "Long Name (LN)" that spells the name's initials.

    ``start``/``end`` locate the short form (inside the brackets) in ``text``.
    """
    out = []
    skip = ("of", "the", "and", "for")
    for m in _PAREN_ACRONYM.finditer(text):
        words = m.group(1).split()
        short = m.group(2)
        for k in range(len(words), 1, -1):
            tail = words[-k:]
            if tail[0].lower() in skip:
                continue
            if "".join(w[0] for w in tail if w.lower() not in skip).lower() == short.lower():
                out.append((" ".join(tail), m.start(2), m.end(2)))
                break
    return out


def resolve_descriptions(
    texts: Iterable[str], named: Iterable[tuple[str, str]], *, demonyms: Iterable[str] = ()
) -> dict[str, str]:
    """Map each description to the one named entity it fits.

    Args:
        texts: description strings ("the official North Korean news agency").
        named: ``(entity_id, name)`` pairs of the story's named entities.
        demonyms: words for nationalities, which match a name when their last word is in it.

    Returns:
        ``{description: entity_id}`` for descriptions with exactly one fitting entity.
    """
    demonym_words = {w.lower() for d in demonyms for w in d.split()}
    named = list({(eid, name) for eid, name in named})
    out: dict[str, str] = {}
    for text in texts:
        words = [w for w in _words(text) if w not in ("the", "a", "an", "this", "that")]
        heads = _heads(words)
        fits = set()
        for eid, name in named:
            nwords = _words(name)
            if not nwords or not (heads & ({nwords[-1]} | ({" ".join(nwords[-2:])} if len(nwords) > 1 else set()))):
                continue
            head_len = 2 if len(words) >= 2 and " ".join(words[-2:]) in ENTITY_HEADS else 1
            mods = words[:-head_len]
            if _modifiers_fit(mods, nwords, demonym_words):
                fits.add(eid)
        if len(fits) == 1:
            out[text] = fits.pop()
    return out


def place_named_variants(named: Iterable[tuple[str, str]], located: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Join "P Rest" to "Q Rest" when the story places "Q Rest" in P.

    Args:
        named: ``(entity_id, name)`` of events, bodies and sites.
        located: ``(entity_id, place name)`` pairs read from the story ("Q Rest in P").

    Returns:
        ``{entity_id: entity_id}`` aliases from the place-named form to the other one.
    """
    named = sorted(set(named))
    where = {}
    for eid, place in located:
        where.setdefault(eid, set()).add(place.lower())
    aliases: dict[str, str] = {}
    for eid_a, name_a in named:
        wa = name_a.split()
        if len(wa) < 3:
            continue
        for eid_b, name_b in named:
            wb = name_b.split()
            if eid_a == eid_b or len(wb) < 2:
                continue
            for k in range(min(len(wa), len(wb)) - 1, 1, -1):
                if [w.lower() for w in wa[-k:]] == [w.lower() for w in wb[-k:]]:
                    place = " ".join(wa[:-k]).lower()
                    if place in where.get(eid_b, ()):
                        aliases[eid_a] = eid_b
                    break
    return aliases
