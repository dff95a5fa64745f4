"""Entity mentions and their canonical identity across the documents of one story.

Two stages:

* :func:`entity_mentions` reads named-entity mentions from a spaCy ``Doc`` or ``Span``, trims a leading "the"
  and a possessive, extends a name by a following generic place word ("X region") or facility word
  ("X cosmodrome"), and fixes the small model's common news mislabels with the tables in
  :mod:`factcheck.slots.names` (see :func:`fix_label`).
* :func:`canonicalize` / :class:`Canon` take every ``(doc_id, surface, label)`` mention of a story and give each
  an ``entity_id`` and a ``canonical`` display form. Mentions are one entity when:

  1. their light keys are equal (case, hyphens, possessives, titles, romanisation: "Lee Jae-myung" / "Lee Jae
     Myung", "Habarovsk" / "Khabarovsk"; country alternative names: "Russian Federation" / "Russia");
  2. both are places and their place stems are equal ("Stavropolye region" / "Stavropolsky region");
  3. a one-word mention is the last word (else the first word) of exactly one longer person name in the story
     ("President Macron" -> "Emmanuel Macron");
  4. a one-word organisation is the first word of exactly one longer organisation whose last word is not an
     institution head ("Acme" -> "Acme Wire", but "UN" is not "UN Security Council");
  5. a one-word mention spells the initials of exactly one longer organisation, event or facility
     ("WHO" -> "World Health Organization").

  Rules 3-5 read the groups formed by rules 1-2 all at once, so the result does not depend on the order of
  documents or mentions. Descriptions ("the official news agency", "the spaceport") are not names and are
  not matched: that needs the claim context, not the string.

The display form is the most complete cleaned form (most words), then the most frequent, then the longest,
then the alphabetically first; a country is displayed by its common English name. The id is a slug of the
display form, so ids are content-derived and stable.

Example:
    >>> canon = Canon([("a", "President Emmanuel Macron", "PERSON"), ("b", "Macron", "PERSON")])
    >>> canon.lookup("b", "Macron", "PERSON")
    ('emmanuel-macron', 'Emmanuel Macron')
"""

from __future__ import annotations

import functools

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from factcheck.models import EntityMention, Variant, VariantForm
from factcheck.slots import names
from factcheck.nlp import get_nlp

__all__ = [
    "MentionKey",
    "NAME_LABELS",
    "PLACE_LABELS",
    "Entity",
    "Canon",
    "canonicalize",
    "variants",
    "entity_mentions",
    "fix_label",
    "slug",
    "eval_items",
]

MentionKey = tuple[str, str, str]  # (doc_id, surface text, spaCy label)

# spaCy labels that name something; numeric labels (DATE, CARDINAL, ...) belong to other slots.
NAME_LABELS: frozenset[str] = frozenset(
    "PERSON NORP FAC ORG GPE LOC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE".split()
)
PLACE_LABELS: frozenset[str] = frozenset({"GPE", "LOC", "FAC"})

# Prepositions whose object is a place whatever the model says ("toward X", "into X"); "in" and "at" take
# places too, but also outlets and organisations ("reported in the Times"), so they relabel people only.
_PLACE_PREPS = frozenset({"toward", "towards", "into", "via", "near", "outside", "inside", "through"})
_WEAK_PLACE_PREPS = frozenset({"in", "at"})
_MOTION_VERBS = frozenset(
    {"travel", "go", "head", "fly", "move", "return", "come", "drive", "sail", "march", "flee", "deploy", "bus"}
)
_DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest northern southern eastern western".split()
)
_PLACE_HEAD_NOUNS = frozenset({"city", "town", "village", "capital", "port", "region", "province", "settlement"})
_POSSESSIVE_RE = re.compile(r"(?:['\u2019]s|(?<=s)['\u2019])$", re.IGNORECASE)
_EDGE_JUNK = " \t\n\r,;:!?\"()[]{}\u2022\u00b7*|#'\u2018\u2019\u201c\u201d-"


def slug(text: str) -> str:
    """A lowercase ASCII slug: ``slug("Lee Jae-myung") == "lee-jae-myung"``."""
    s = names._ascii(text).lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s or "x"


def _class(label: str) -> str:
    if label == "PERSON":
        return "person"
    if label in PLACE_LABELS:
        return "place"
    if label == "NORP":
        return "norp"
    if label in ("ORG", "EVENT", "FAC", "PRODUCT", "WORK_OF_ART", "LAW"):
        return "org"
    return "other"


def _eff_class(surface: str, label: str) -> str:
    """The class of a mention after the mislabel table (an "ORG" ending in "region" is a place)."""
    return _class(fix_label(surface, label))


def _clean(surface: str, label: str) -> str:
    """The display-ready form of one mention: no "the", possessive or (for non-organisations) titles."""
    return names.strip_name(surface, titles=_eff_class(surface, label) != "org")


@functools.lru_cache(maxsize=65_536)  # pure; Canon.entity scans every node's key for each unseen mention
def _key(surface: str, label: str) -> str:
    key = names.light_key(surface, titles=_eff_class(surface, label) != "org")
    # A string with no letters or digits still needs a stable key of its own.
    return key if key else "\x00" + " ".join(surface.split()).lower()


def _name_words(clean: str) -> list[str]:
    return [w for w in names.tokens(clean) if any(c.isalnum() for c in w)]


@dataclass(frozen=True)
class Entity:
    """One entity of a story: its id, display form, majority label and the cleaned forms seen."""

    entity_id: str
    canonical: str
    label: str
    forms: tuple[str, ...]


class _UnionFind:
    def __init__(self, items: Iterable[Any]) -> None:
        self.parent = {x: x for x in items}

    def find(self, x: Any) -> Any:
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: Any, b: Any) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # Smaller root wins so the structure does not depend on the order of unions.
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


class Canon:
    """Canonical entities of one story, built from every ``(doc_id, surface, label)`` mention in it.

    Args:
        mentions: every entity mention of the story; repeats count towards the display form.

    Example:
        >>> c = Canon([("a", "Acme Wire", "ORG"), ("b", "ACME", "ORG"), ("b", "ACME Wire", "ORG")])
        >>> c.lookup("b", "ACME", "ORG")[0] == c.lookup("a", "Acme Wire", "ORG")[0]
        True
    """

    def __init__(self, mentions: Iterable[MentionKey]) -> None:
        counts: Counter[MentionKey] = Counter((str(d), str(s), str(lab)) for d, s, lab in mentions)
        self._counts = counts
        # mentions of each (surface, label) node, all documents together: _describe reads a group's members
        # only, instead of scanning every mention of the story once per group (quadratic in a long story)
        self._node_counts: Counter[tuple[str, str]] = Counter()
        for (_, s, lab), c in counts.items():
            self._node_counts[(s, lab)] += c
        nodes = sorted({(s, lab) for _, s, lab in counts})
        node_key = {n: _key(*n) for n in nodes}
        uf = _UnionFind(nodes)

        # Rule 1: equal light keys. Rule 2: equal place stems among places.
        by_key: dict[str, list] = defaultdict(list)
        for n in nodes:
            by_key[node_key[n]].append(n)
            if _eff_class(*n) == "place" and not node_key[n].startswith("\x00"):
                by_key["\x01" + names.place_stem(n[0])].append(n)
        for group in by_key.values():
            for other in group[1:]:
                uf.union(group[0], other)

        # Rules 3-5 read a snapshot of the groups so far, so their outcome is order-independent.
        snapshot = {n: uf.find(n) for n in nodes}
        last_word: dict[str, set] = defaultdict(set)
        first_word: dict[str, set] = defaultdict(set)
        org_first: dict[str, set] = defaultdict(set)
        initials: dict[str, set] = defaultdict(set)
        for n in nodes:
            cls = _eff_class(*n)
            words = _name_words(_clean(*n))
            folded = [names.fold_token(w) for w in words]
            # A full name has words separated by spaces: "Biden-Xi" (a pairing) is not a name of "Xi".
            if cls == "person" and len(_clean(*n).split()) >= 2 and not names.is_country(n[0]):
                last_word[folded[-1]].add(snapshot[n])
                first_word[folded[0]].add(snapshot[n])
            if cls == "org" and len(folded) >= 2 and words[-1].lower() not in names.INSTITUTION_HEADS:
                org_first[folded[0]].add(snapshot[n])
            content = [w for w in words if w.lower() not in names.STOPWORDS and w[:1].isalpha()]
            if cls in ("org", "place") and len(content) >= 2:
                initials["".join(w[0] for w in content).lower()].add(snapshot[n])

        for n in nodes:
            surface, label = n
            cls = _eff_class(surface, label)
            words = _name_words(_clean(surface, label))
            if len(words) != 1 or names.is_country(surface) or names.country_of_demonym(surface):
                continue
            token = names.fold_token(words[0])
            if not token:
                continue
            targets: set = set()
            acronym = sum(c.isupper() for c in words[0]) >= 2
            if cls in ("person", "place") and not acronym:
                targets = last_word.get(token, set()) or first_word.get(token, set())
            if cls == "org" and not targets:
                targets = org_first.get(token, set())
            if not targets and 2 <= len(words[0]) <= 6 and words[0].isalpha():
                if words[0].isupper() or len(words[0]) >= 3:
                    targets = initials.get(words[0].lower(), set())
            targets = targets - {snapshot[n]}
            if len(targets) == 1:
                uf.union(n, next(iter(targets)))

        groups: dict[Any, list] = defaultdict(list)
        for n in nodes:
            groups[uf.find(n)].append(n)

        self._node_entity: dict[tuple[str, str], Entity] = {}
        self._by_key: dict[str, Entity] | None = None  # built on the first lookup of an unseen mention
        self._unseen: dict[tuple[str, str], Entity] = {}
        entities = []
        for members in groups.values():
            entities.append((members, self._describe(members)))
        # Ids: slug of the display form; a clash between different entities gets a deterministic suffix.
        entities.sort(key=lambda e: (slug(e[1][0]), sorted(node_key[m] for m in e[0])))
        used: Counter[str] = Counter()
        built = []
        for members, (canonical, label, forms) in entities:
            base = slug(canonical)
            used[base] += 1
            eid = base if used[base] == 1 else f"{base}-{used[base]}"
            ent = Entity(entity_id=eid, canonical=canonical, label=label, forms=forms)
            built.append(ent)
            for m in members:
                self._node_entity[m] = ent
        self.entities: tuple[Entity, ...] = tuple(sorted(built, key=lambda e: e.entity_id))

    def _describe(self, members: list[tuple[str, str]]) -> tuple[str, str, tuple[str, ...]]:
        form_count: Counter[str] = Counter()
        label_count: Counter[str] = Counter()
        for s, lab in set(members):
            c = self._node_counts[(s, lab)]
            form_count[_clean(s, lab)] += c
            label_count[lab] += c
        label = min(label_count, key=lambda lab: (-label_count[lab], lab))
        countries = sorted({c for s, _ in members if (c := names.country_of(s)) is not None})
        if countries:
            canonical = countries[0]
        else:
            canonical = min(
                form_count,
                key=lambda f: (-len(_name_words(f)), -form_count[f], -len(f), f),
            )
        return canonical, label, tuple(sorted(form_count))

    def entity(self, text: str, label: str) -> Entity:
        """The entity of a mention; a mention not seen at build time gets an entity of its own."""
        node = (text, label)
        if node in self._node_entity:
            return self._node_entity[node]
        if node in self._unseen:
            return self._unseen[node]
        if self._by_key is None:
            # first unseen mention: index every known mention by its key once (sorted, so the first wins as before)
            self._by_key = {}
            for (s, lab), ent in sorted(self._node_entity.items()):
                self._by_key.setdefault(_key(s, lab), ent)
        ent = self._by_key.get(_key(text, label))
        if ent is None:
            clean = _clean(text, label) or text
            ent = Entity(entity_id=slug(clean), canonical=clean, label=label, forms=(clean,))
        self._unseen[node] = ent
        return ent

    def lookup(self, doc_id: str, text: str, label: str) -> tuple[str, str]:
        """``(entity_id, canonical)`` of one mention."""
        ent = self.entity(text, label)
        return ent.entity_id, ent.canonical

    def mention(self, start: int, end: int, text: str, label: str) -> EntityMention:
        """An :class:`EntityMention` with its story-level id and display form filled in."""
        ent = self.entity(text, label)
        return EntityMention(
            start=start, end=end, text=text, label=label, entity_id=ent.entity_id, canonical=ent.canonical
        )

    def resolve(self, mention: Any) -> Any:
        """A copy of an ``EntityMention`` or ``Place`` with ``entity_id`` and ``canonical`` filled in."""
        label = getattr(mention, "label", None) or "GPE"
        ent = self.entity(mention.text, label)
        return mention.model_copy(update={"entity_id": ent.entity_id, "canonical": ent.canonical})

    def variants(self) -> list[Variant]:
        """Entities written in more than one way, with the documents using each form."""
        docs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for d, s, lab in self._counts:
            ent = self._node_entity[(s, lab)]
            docs[ent.entity_id][_clean(s, lab)].add(d)
        out = []
        for ent in self.entities:
            forms = docs[ent.entity_id]
            if len(forms) > 1:
                out.append(
                    Variant(
                        entity_id=ent.entity_id,
                        canonical=ent.canonical,
                        label=ent.label,
                        forms=tuple(VariantForm(text=f, doc_ids=tuple(sorted(forms[f]))) for f in sorted(forms)),
                    )
                )
        return out


def canonicalize(mentions: Iterable[MentionKey]) -> dict[MentionKey, tuple[str, str]]:
    """Map every ``(doc_id, surface, label)`` mention of a story to ``(entity_id, canonical)``.

    Example:
        >>> out = canonicalize([("a", "Lee Jae Myung", "PERSON"), ("b", "Lee Jae-myung's", "PERSON")])
        >>> sorted(set(out.values()))
        [('lee-jae-myung', 'Lee Jae Myung')]
    """
    mentions = list(mentions)
    canon = Canon(mentions)
    return {(str(d), str(s), str(lab)): canon.lookup(str(d), str(s), str(lab)) for d, s, lab in mentions}


def variants(mentions: Iterable[MentionKey]) -> list[Variant]:
    """Per entity with more than one written form: the forms and the doc ids using each."""
    return Canon(mentions).variants()


# --------------------------------------------------------------------------------------------- from spaCy


def fix_label(text: str, label: str) -> str:
    """Correct the small model's common news mislabels from the words of the span alone.

    The table: a span ending in a facility word (cosmodrome, airport, station, port, base ...) is ``FAC``; a
    span ending in a generic place word that is always generic (region, krai, oblast, province ...) is
    ``GPE``; a span opening with a storm word (Hurricane, Typhoon ...) or ending in a gathering word (Forum, Summit,
    Conference ...: held somewhere, so an event, not an organisation) is an ``EVENT``; a country name is
    ``GPE``; an all-capital GPE of four letters or more that is no country is an ``ORG`` (a bloc); a known
    demonym is ``NORP``.

    Example:
        >>> fix_label("Baikonur Cosmodrome", "PERSON")
        'FAC'
    """
    words = text.split()
    if not words:
        return label
    last = words[-1].lower()
    if len(words) > 1 and last in names.FACILITY_WORDS:
        return "FAC"
    if len(words) > 1 and (
        last in names.ALWAYS_GENERIC_PLACE_WORDS or (last in names.PLACE_WORDS and words[-1].islower())
    ):
        return "GPE"
    if words[0].lower() in names.EVENT_WORDS and len(words) > 1 and words[1][:1].isupper():
        return "EVENT"
    if len(words) > 1 and last in names.EVENT_HEADS and label in ("ORG", "PERSON", "GPE", "FAC"):
        return "EVENT"
    if names.is_country(text) and label not in ("GPE", "LOC"):
        return "GPE"
    # A long all-capital "GPE" that is no country is a bloc or an organisation ("BRICS").
    if label == "GPE" and len(text) >= 4 and text.isalpha() and text.isupper():
        return "ORG"
    if names.country_of_demonym(text) and label in ("PERSON", "ORG", "GPE"):
        return "NORP"
    return label


def _context_label(span: Any, label: str) -> str:
    """Relabel a person or outlet as a place when its syntax says it is one ("toward X", "city of X")."""
    if label in PLACE_LABELS or names.country_of_demonym(span.text):
        return label
    root = span.root
    head = root.head
    if root.dep_ == "nsubj" and head.lemma_ == "host" and label in ("PERSON", "NORP"):
        return "GPE"
    if root.dep_ == "pobj":
        prep = head.lower_
        if prep in _PLACE_PREPS:
            return "GPE"
        if prep in _WEAK_PLACE_PREPS and label in ("PERSON", "NORP") and len(span) == 1:
            return "GPE"
        if prep == "to" and head.head.lemma_ in _MOTION_VERBS:
            return "GPE"
        if prep == "of" and (head.head.lower_ in _DIRECTIONS or head.head.lower_ in _PLACE_HEAD_NOUNS):
            return "GPE"
    return label


def _doc_text(doc: Any) -> str:
    """``doc.text``, built once per Doc (spaCy joins every token each time it is read)."""
    text = doc.user_data.get("factcheck.text")
    if text is None:
        text = doc.user_data["factcheck.text"] = doc.text
    return text


def _trim(doc: Any, start: int, end: int) -> tuple[int, int]:
    """Character bounds without edge punctuation, a leading "the" or a trailing possessive."""
    text = _doc_text(doc)
    while start < end and text[start] in _EDGE_JUNK:
        start += 1
    m = re.match(r"(?:the|The|THE)\s+", text[start:end])
    if m and end - start > m.end():
        start += m.end()
    m = _POSSESSIVE_RE.search(text[start:end])
    if m and m.start() > 0:
        end = start + m.start()
    while end > start and (text[end - 1] in _EDGE_JUNK or _final_period(text[start:end])):
        end -= 1
    return start, end


def _final_period(s: str) -> bool:
    """A final period that ends a sentence, not an abbreviation ("U.S.", "N.", "Jr.")."""
    if not s.endswith("."):
        return False
    return not re.search(r"(?:^|[\s.])[A-Za-z]\.$|\b(?:Jr|Sr|St|Co|Inc|Ltd|Corp|Gen|Dr|Mr|Mrs|Ms)\.$", s)


def entity_mentions(sent: Any) -> list[EntityMention]:
    """Named-entity mentions of a spaCy ``Doc`` or ``Span``, trimmed, extended and relabelled.

    Offsets are relative to the text of the underlying ``Doc``. ``entity_id`` and ``canonical`` hold the
    mention's own cleaned form; :class:`Canon` gives story-level ones.
    """
    doc = sent.doc if hasattr(sent, "doc") else sent
    key = ("factcheck.entity_mentions", sent.start if sent is not doc else 0, sent.end if sent is not doc else len(doc))
    cached = doc.user_data.get(key)
    if cached is None:
        cached = doc.user_data[key] = tuple(_entity_mentions(sent))
    return list(cached)


def _entity_mentions(sent: Any) -> list[EntityMention]:
    doc = sent.doc if hasattr(sent, "doc") else sent
    sent_start, sent_end = (sent.start, sent.end) if sent is not doc else (0, len(doc))
    out: list[EntityMention] = []
    covered: set[int] = set()
    for ent in sent.ents:
        if ent.label_ not in NAME_LABELS:
            continue
        end_tok = ent.end
        # "X region", "X cosmodrome": the following descriptor is part of the place's name.
        if end_tok < len(doc) and end_tok < sent_end:
            nxt = doc[end_tok]
            low = nxt.lower_
            # Always-generic words always; "city", "district" ... only right after a bare name ("Kherson
            # city"), not in "the Far East city", which is a city in the Far East.
            bare = ent.start == 0 or doc[ent.start - 1].lower_ not in ("the", "a", "an")
            if (
                low in names.ALWAYS_GENERIC_PLACE_WORDS
                or low in names.FACILITY_WORDS
                or (low in names.PLACE_WORDS and nxt.is_lower and bare and ent.label_ != "LOC")
            ) and not names.country_of_demonym(ent.text) and not names.is_country(ent.text):
                end_tok += 1
            # "X space facility", "X naval base": a name modifying a facility noun names the facility.
            elif (
                end_tok + 1 < len(doc) and end_tok + 1 < sent_end and nxt.is_lower and nxt.pos_ in ("NOUN", "ADJ")
                and doc[end_tok + 1].lower_ in names.FACILITY_WORDS
            ):
                end_tok += 2
        start_tok = ent.start
        # Headline case makes the model swallow a verb: "Ministry Confirms", "X Arrives".
        while end_tok - start_tok > 1 and doc[end_tok - 1].pos_ in ("VERB", "AUX") and end_tok == ent.end:
            end_tok -= 1
        span = doc[start_tok:end_tok]
        label = _context_label(ent, ent.label_)
        covered.update(range(ent.start, end_tok))
        # "World Health Organization (WHO)": the long form and the acronym are two mentions.
        paren = next((t for t in span if t.text == "("), None)
        if paren is not None and paren.i > span.start:
            out.append(_make(doc, doc[span.start : paren.i], label))
            inner = doc[paren.i + 1 : span.end]
            if len(inner):
                out.append(_make(doc, inner, label))
            continue
        out.append(_make(doc, span, label))
    # A proper noun the model missed, followed by a generic place word: "the Tver region".
    for tok in sent:
        if (
            tok.i not in covered
            and tok.pos_ == "PROPN"
            and tok.text[:1].isupper()
            and tok.i + 1 < sent_end
            and (doc[tok.i + 1].lower_ in names.PLACE_WORDS or doc[tok.i + 1].lower_ in names.FACILITY_WORDS)
            and (doc[tok.i + 1].is_lower or doc[tok.i + 1].lower_ in names.FACILITY_WORDS)
            and (tok.i + 1) not in covered
        ):
            start = tok.i
            while start - 1 >= sent_start and doc[start - 1].pos_ == "PROPN" and (start - 1) not in covered:
                start -= 1
            covered.update(range(start, tok.i + 2))
            label = "FAC" if doc[tok.i + 1].lower_ in names.FACILITY_WORDS else "GPE"
            out.append(_make(doc, doc[start : tok.i + 2], label))
    # An all-capital proper noun the model left untagged is an acronym: an organisation, or a country.
    for tok in sent:
        if (
            tok.i not in covered
            and tok.pos_ == "PROPN"
            and tok.is_alpha
            and tok.is_upper
            and len(tok) >= 2
            and not all(t.is_upper or not t.is_alpha for t in sent)
        ):
            covered.add(tok.i)
            out.append(_make(doc, doc[tok.i : tok.i + 1], "GPE" if names.is_country(tok.text) else "ORG"))
    # "Russian Railways": a national adjective followed by capitalised words the model left untagged is an
    # organisation's name, unless those words are titles ("Russian President").
    for i, m in enumerate(out):
        if m.label != "NORP":
            continue
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        j = span.end
        while (
            j < sent_end
            and j not in covered
            and doc[j].pos_ == "PROPN"
            and doc[j].text[:1].isupper()
            and doc[j].lower_.rstrip(".") not in names.TITLES
        ):
            j += 1
        if j > span.end:
            covered.update(range(span.end, j))
            out[i] = _make(doc, doc[span.start : j], "ORG")
    # Names are capitalised: a lowercase "state" tagged ORG is not a name.
    out = [m for m in out if m.text and any(c.isupper() for c in m.text)]
    out.sort(key=lambda m: (m.start, m.end))
    return out


def _make(doc: Any, span: Any, label: str) -> EntityMention:
    start, end = _trim(doc, span.start_char, span.end_char)
    text = _doc_text(doc)[start:end]
    label = fix_label(text, label)
    clean = _clean(text, label) or text
    return EntityMention(start=start, end=end, text=text, label=label, entity_id=slug(clean), canonical=clean)


# --------------------------------------------------------------------------------------------- model + eval



def eval_items(text: str, published: Any = None) -> list[tuple[str, str]]:
    """Entity mentions of ``text`` as ``(surface, "label=<LABEL>")`` pairs, for the slot evaluation.

    ``published`` is accepted for a uniform interface and unused.
    """
    doc = get_nlp()(text)
    return [(m.text, f"label={m.label}") for m in entity_mentions(doc)]
