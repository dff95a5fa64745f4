"""The typed values that flow between stages, all in one place.

Every model is frozen. Every span (``start``/``end``) is a character offset into the *original* input text of
its document (``Document.text``), so ``document.text[start:end] == span.text`` always holds and an editor's tool
can highlight the exact words. Slot extractors in :mod:`factcheck.slots` return offsets relative to the string
they were given; :mod:`factcheck.claims` moves them into document coordinates.

The JSON report contract (``schema_version``) is described in ``docs/schema.md``: fields may be added, never
renamed or removed.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --------------------------------------------------------------------------------------------------- input


class Document(_Frozen):
    """One article as given: ``text`` is the original input, never modified.

    Example:
        >>> Document(id="a", text="Kim arrived on Tuesday.").outlet is None
        True
    """

    id: str = Field(min_length=1)
    text: str
    outlet: str | None = None
    url: str | None = None
    published: dt.date | None = None
    title: str | None = None
    # Set when a field was not given by the input but found or inferred by factcheck (e.g. "published").
    inferred: tuple[str, ...] = ()
    source: str | None = None  # file path the document was read from, if any


# --------------------------------------------------------------------------------------------------- slots


class Mention(_Frozen):
    """A piece of text with offsets (relative to the string handed to an extractor, or to Document.text)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class EntityMention(Mention):
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, FAC, NORP, EVENT ...
    entity_id: str = ""  # canonical key, shared by every variant of one entity in the story
    canonical: str = ""  # display form of the canonical entity


PlaceRole = Literal["at", "origin", "destination", "via", "reference", "container"]


class Place(Mention):
    canonical: str = ""
    entity_id: str = ""
    role: PlaceRole | None = None
    anchor: str | None = None  # the event (folded verb lemma) this place belongs to


Approx = Literal["exact", "about", "more_than", "less_than", "at_least", "at_most", "only", "range"]


class Quantity(Mention):
    value: float
    upper: float | None = None  # for ranges "10 to 13"
    unit: str | None = None  # canonical unit name ("km", "mile", "usd", "percent", "person" ...)
    dimension: str | None = None  # "length", "mass", "currency", "time", "count", ...
    base_value: float | None = None  # value converted to the dimension's base unit (km, kg, seconds ...)
    counted: str | None = None  # what is counted: "trips", "officials" ...
    approx: Approx = "exact"
    ordinal: bool = False


Granularity = Literal["year", "month", "week", "day", "part_of_day", "minute"]


class TimeRef(Mention):
    """A date or time resolved against the document's publication date (``None`` when it cannot be)."""

    start_date: dt.date | None = None
    end_date: dt.date | None = None  # inclusive; equals start_date for one day
    granularity: Granularity = "day"
    part_of_day: str | None = None  # morning / afternoon / evening / night
    time_of_day: str | None = None  # "07:09"
    timezone: str | None = None
    relative: bool = False  # resolved from the publication date ("Tuesday", "last week")
    anchor: str | None = None  # the event (folded verb lemma) this time belongs to


class Quote(Mention):
    """Quoted words (``text`` covers the words without the quote marks)."""

    speaker: str | None = None  # canonical speaker
    speaker_id: str = ""
    speaker_span: Mention | None = None
    direct: bool = True


class Source(Mention):
    canonical: str = ""
    entity_id: str = ""


class Attribution(_Frozen):
    """Who a claim is credited to; ``chain`` lists nested sources outermost first."""

    chain: tuple[Source, ...] = ()
    cue: Mention | None = None  # "according to", "reported", "told"
    doubled: bool = False  # two sources side by side with no nesting ("according to X, Y said")


Modality = Literal["asserted", "reported", "hedged", "conditional", "denied"]


class Oddity(Mention):
    """Phrasing that contradicts itself inside one sentence (see :mod:`factcheck.slots.oddities`)."""

    reason: str  # "duplicated conjunct" | "double recipient"
    key: str = ""  # the repeated word, or the transfer verb's lemma


class Descriptor(Mention):
    """An appositive description that ranks a named entity ("Lagos, Nigeria's second-largest city")."""

    name: Mention  # the name described
    entity_id: str = ""
    ranks: tuple[str, ...] = ()  # superlatives with their ordinal ("second-largest", "most populous")


class Transfer(Mention):
    """Goods passing between parties, and how firmly it is told ("X's arms sales to Y" presupposes them)."""

    status: Literal["asserted", "presupposed", "hedged", "conditional", "denied"]
    goods: str  # class of goods (slots/transfers.py GOODS): "weapons", "fuel" ...
    recipient: str  # the recipient as written ("" for a mutual exchange)
    recipient_id: str = ""
    giver: str = ""
    mutual: bool = False  # "the two sides exchange weapons": goods go both ways, no single recipient


class Claim(_Frozen):
    """One fact in one document, with its typed slots. ``start``/``end`` cover the claim's words."""

    id: str
    doc_id: str
    start: int
    end: int
    text: str
    sentence_start: int
    sentence_end: int
    sentence_index: int
    predicate: str | None = None  # lemma of the main verb
    subject: str | None = None  # canonical entity id (or lemma) of the subject
    obj: str | None = None
    entities: tuple[EntityMention, ...] = ()
    places: tuple[Place, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeRef, ...] = ()
    quotes: tuple[Quote, ...] = ()
    attribution: Attribution = Attribution()
    modality: Modality = "asserted"
    modality_cue: Mention | None = None
    negated: bool = False
    negation_cue: Mention | None = None
    oddities: tuple[Oddity, ...] = ()
    items: tuple[Mention, ...] = ()  # members of coordinated lists ("shells, artillery systems and missiles")
    descriptors: tuple[Descriptor, ...] = ()  # ranking descriptions of a name ("X, the largest city in Y")
    transfers: tuple[Transfer, ...] = ()  # goods passing between parties, with how firmly it is told


# --------------------------------------------------------------------------------------------------- findings


class Removed(_Frozen):
    """Text the cleaner took out of a document, and why."""

    doc_id: str
    start: int
    end: int
    text: str
    reason: str


class Group(_Frozen):
    """Claims that state the same fact (across outlets, or repeated inside one)."""

    id: str
    claim_ids: tuple[str, ...]
    doc_ids: tuple[str, ...]
    wire_copies: tuple[tuple[str, ...], ...] = ()  # claim ids that are near-verbatim copies of each other
    independent_sources: int = 1


class Kind(str, Enum):
    location = "location"
    number = "number"
    time = "time"
    quote = "quote"
    attribution = "attribution"
    modality = "modality"
    negation = "negation"
    entity = "entity"
    garbled = "garbled"
    internal = "internal"


class Severity(str, Enum):
    high = "high"
    medium = "medium"
    low = "low"

    @property
    def rank(self) -> int:
        return {"low": 1, "medium": 2, "high": 3}[self.value]


class Evidence(_Frozen):
    doc_id: str
    start: int
    end: int
    text: str
    value: str | None = None  # the conflicting value as read from this outlet ("Lyon", "evening")
    claim_id: str | None = None
    focus: Mention | None = None  # the words that carry the value, inside [start, end)


class Discrepancy(_Frozen):
    id: str
    kind: Kind
    severity: Severity
    confidence: float = Field(ge=0.0, le=1.0)
    summary: str
    group_id: str | None = None
    evidence: tuple[Evidence, ...]
    explanation: str = ""
    internal: bool = False  # every piece of evidence comes from one document
    diff: str | None = None  # word-level diff for quotes: "[-a-] {+b+}"


class VariantForm(_Frozen):
    text: str
    doc_ids: tuple[str, ...]
    mentions: tuple[Evidence, ...] = ()


class Variant(_Frozen):
    """Spellings of one entity across outlets. A variant is never a discrepancy."""

    entity_id: str
    canonical: str
    label: str
    forms: tuple[VariantForm, ...]


class Uncorroborated(_Frozen):
    """A claim one outlet makes alone, or a detail one outlet adds to a statement others report without it."""

    reason: Literal["single_source", "omission"]
    claim_id: str
    doc_id: str
    start: int
    end: int
    text: str
    detail: str | None = None  # for omissions: the detail the other outlets leave out
    group_id: str | None = None
    missing_from: tuple[str, ...] = ()  # doc ids that report the statement without the detail


class Report(_Frozen):
    """Everything factcheck found in one set of documents; see docs/schema.md for the JSON contract."""

    schema_version: str = SCHEMA_VERSION
    documents: tuple[Document, ...]
    claims: tuple[Claim, ...] = ()
    groups: tuple[Group, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    variants: tuple[Variant, ...] = ()
    uncorroborated: tuple[Uncorroborated, ...] = ()
    removed: tuple[Removed, ...] = ()
    warnings: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()  # filled when Config.events is on (factcheck/event_coref.py)

    # ------------------------------------------------------------------------------------------ access

    def document(self, doc_id: str) -> Document:
        for d in self.documents:
            if d.id == doc_id:
                return d
        raise KeyError(doc_id)

    def claim(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(claim_id)

    def filter(
        self,
        *,
        kind: str | Kind | None = None,
        severity: str | Severity | None = None,
        outlet: str | None = None,
    ) -> tuple[Discrepancy, ...]:
        """Discrepancies of one kind, at or above a severity, or involving one outlet (or document id)."""
        min_rank = Severity(severity).rank if severity is not None else 0
        docs = None
        if outlet is not None:
            docs = {d.id for d in self.documents if outlet in (d.id, d.outlet)}
        out = []
        for d in self.discrepancies:
            if kind is not None and d.kind != Kind(kind):
                continue
            if d.severity.rank < min_rank:
                continue
            if docs is not None and not docs.intersection(e.doc_id for e in d.evidence):
                continue
            out.append(d)
        return tuple(out)

    def summary(self) -> dict[str, object]:
        """Counts a reader wants first: documents, claims, groups, discrepancies by kind and severity."""
        by_kind: dict[str, int] = {}
        by_sev: dict[str, int] = {}
        for d in self.discrepancies:
            by_kind[d.kind.value] = by_kind.get(d.kind.value, 0) + 1
            by_sev[d.severity.value] = by_sev.get(d.severity.value, 0) + 1
        return {
            "documents": len(self.documents),
            "claims": len(self.claims),
            "groups": len(self.groups),
            "discrepancies": len(self.discrepancies),
            "by_kind": dict(sorted(by_kind.items())),
            "by_severity": {k: by_sev[k] for k in ("high", "medium", "low") if k in by_sev},
            "variants": len(self.variants),
            "uncorroborated": len(self.uncorroborated),
            "removed": len(self.removed),
        }

    # ------------------------------------------------------------------------------------------ output

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    def to_dict(self) -> dict:
        return self.model_dump(mode="json")

    def to_markdown(self) -> str:
        from factcheck import render

        return render.markdown(self)

    def to_text(self, *, width: int = 100) -> str:
        from factcheck import render

        return render.text(self, width=width)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()

    # ------------------------------------------------------------------------------------------ where people work

    def to_html(self, *, title: str = "factcheck report") -> str:
        """One self-contained HTML page (no scripts, no external assets); see :func:`factcheck.render.html`."""
        from factcheck import render

        return render.html(self, title=title)

    def _repr_html_(self) -> str:
        # Jupyter: a fragment whose styles are scoped to itself, so the notebook's own look is left alone.
        from factcheck import render

        return render.html(self, include_articles=False, fragment=True)

    def to_frame(self, table: str = "discrepancies"):
        """The report as a pandas DataFrame (needs the ``pandas`` extra: ``pip install 'factcheck[pandas]'``).

        Args:
            table: ``"discrepancies"`` (one row each), ``"evidence"`` (one row per outlet's evidence of each
                discrepancy), ``"coverage"`` (claim groups by outlet: agree / disagree / absent), ``"claims"``,
                ``"documents"`` or ``"uncorroborated"``.

        Example:
            >>> report.to_frame("evidence").groupby("outlet").size()  # doctest: +SKIP
        """
        from factcheck.frame import to_frame

        return to_frame(self, table)

    def plot_coverage(self, *, ax=None):
        """Plot the outlet by claim-group matrix (needs the ``plot`` extra); returns the matplotlib Axes."""
        from factcheck.frame import plot_coverage

        return plot_coverage(self, ax=ax)


# --------------------------------------------------------------------------------------------------- events


class EventMention(_Frozen):
    """A word or phrase that names an event ("struck", "quake", "verdict"), with what the parse attaches to it.

    ``trigger`` is the lemma of the mention's head word; ``sentence`` the index of its sentence in the document
    (as :func:`factcheck.event_coref.sentences` splits it); the argument fields list the named entities, times and
    figures inside the clause or phrase the trigger heads. ``event`` is the id of the event it was clustered
    into (None before clustering).
    """

    doc_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    trigger: str = ""
    sentence: int = Field(0, ge=0)
    who: tuple[str, ...] = ()
    where: tuple[str, ...] = ()
    when: tuple[str, ...] = ()
    quantities: tuple[str, ...] = ()
    event: str | None = None


class Event(_Frozen):
    """One real event and every mention of it, across documents (``outlets``: doc id -> its mentions' count)."""

    id: str
    trigger: str
    mentions: tuple[EventMention, ...]
    outlets: dict[str, int]


Report.model_rebuild()  # Report names Event, defined after it
