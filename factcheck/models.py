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
import os
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "3"  # 3: Report.off_event, Event.main, events on by default; 2: Report.facts (the fact table)


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
    # Where ``published`` came from: "input" (given: a JSON field, a Document argument), "metadata" (a ``date:``
    # header line of a .txt file, a date meta tag of an HTML page), "text" (a timestamp or dateline in the text),
    # "url" (a /YYYY/MM/DD/ path in the URL) or "story" (not found: guessed as the story's most common date, see
    # ``published_guessed``). None when there is no date, or for a Document built by hand with a date.
    published_from: Literal["input", "metadata", "text", "url", "story"] | None = None

    @property
    def published_guessed(self) -> bool:
        """True when ``published`` was not found for this article but guessed from the other articles' dates.

        A guessed date resolves relative times ("Monday") on a guess: it must never decide a time discrepancy.
        """
        return self.published_from == "story"


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
    increment: bool = False  # "two more", "an additional three": a change, not a total
    anchor: str | None = None  # the event (folded verb lemma) this figure belongs to
    of: str | None = None  # the noun the figure describes ("run" in "an 86-yard run"), lemma
    owner: str | None = None  # whose figure it is: entity id or noun lemma ("Buckley, 32", "Luck threw for 226 yards")


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
    detector: str | None = None  # set when a model, not a slot comparator, made the finding ("nli")


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


def _many(value) -> list:
    """One value or an iterable of them (a string or an enum member is one value)."""
    if isinstance(value, (str, Enum)) or not isinstance(value, Iterable):
        return [value]
    return list(value)


def parse_severity(spec: str | Severity) -> tuple[Severity, bool]:
    """Read a severity argument: ``"medium"`` (at least medium) or ``"=medium"`` (exactly); returns (level, exact).

    Raises:
        ValueError: for anything else, naming the accepted forms.
    """
    if isinstance(spec, Severity):
        return spec, False
    text = str(spec).strip()
    exact = text.startswith("=")
    text = text[1:].strip() if exact else text.removeprefix(">=").strip()
    try:
        return Severity(text), exact
    except ValueError:
        raise ValueError(
            f"severity {spec!r} is not one of 'low', 'medium', 'high' (at least that level) or '=low', '=medium', "
            "'=high' (exactly that level)."
        ) from None


def severity_matches(actual: Severity | str, spec: str | Severity | tuple[Severity, bool]) -> bool:
    """The one severity rule of factcheck: a level means *at least* that level, ``"=level"`` exactly it.

    ``Report.filter(severity=...)``, ``finding(severity=...)``, ``--fail-on`` and ``assert_consistent(fail_on=...)``
    all read a severity this way.

    Example:
        >>> severity_matches("high", "medium"), severity_matches("high", "=medium")
        (True, False)
    """
    level, exact = spec if isinstance(spec, tuple) else parse_severity(spec)
    actual = Severity(actual)
    return actual == level if exact else actual.rank >= level.rank


class Findings(tuple):
    """Discrepancies returned by :meth:`Report.filter`: a tuple whose repr is a short table, not pages of data.

    It is a plain tuple otherwise (index it, iterate it, ``len()`` it, compare it with a tuple).
    """

    __slots__ = ()

    def __repr__(self) -> str:
        from factcheck import render

        return render.findings_table(self)

    def _repr_pretty_(self, p, cycle: bool) -> None:  # IPython's plain-text display
        p.text(repr(self))


class FactValue(_Frozen):
    """One outlet's answer to a fact's question, with the words it uses."""

    doc_id: str
    value: str  # as written ("about 600 metres")
    normalized: str = ""  # comparable form ("600 m", "2013-09-13 morning")
    answer: int = 0  # index of the group of mutually compatible answers this value is in
    evidence: Evidence


# ambiguous: the values may answer different questions (a figure whose owner is not said, in a story with two)
FactStatus = Literal["agreed", "disputed", "single_source", "ambiguous"]


class Fact(_Frozen):
    """One question about one event, every outlet's answer, answers grouped into compatible values.

    The row's key says what is asked: ``(event, role, subject)``, for example ``("main", "count:person",
    "kill")`` for "people killed", ``("main", "age", "robert-buckley")`` for "age of Robert Buckley". Two values
    are only ever compared inside one row (factcheck/facts/).
    """

    id: str
    kind: Kind  # the kind of discrepancy a dispute in this row is (number, time, location)
    event: str  # "main", or "background:<when>" for another event told in the story
    role: str  # what is asked: "count:person", "age", "length", "time", "place" ...
    subject: str  # of whom or what: an entity id, a noun or the event verb
    question: str  # the question in words: "people killed", "age of Robert Buckley"
    values: tuple[FactValue, ...]
    answers: tuple[str, ...] = ()  # one display form per group of compatible values
    status: FactStatus = "single_source"
    outlets: tuple[str, ...] = ()  # documents that answer

    def outlets_of(self, answer: int) -> tuple[str, ...]:
        """Documents giving an answer of group ``answer``."""
        return tuple(sorted({v.doc_id for v in self.values if v.answer == answer}))


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
    events: tuple[Event, ...] = ()  # filled when Config.events is on, the default (factcheck/event_coref.py)
    facts: tuple[Fact, ...] = ()  # the fact table: one row per question (factcheck/facts/)
    off_event: tuple[OffEvent, ...] = ()  # documents about another event, left out of the comparison

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
        kind: str | Kind | Iterable[str | Kind] | None = None,
        severity: str | Severity | Iterable[str | Severity] | None = None,
        outlet: str | Iterable[str] | None = None,
    ) -> Findings:
        """Discrepancies of some kinds, at some severities, involving some outlets (or document ids).

        Each argument takes one value or a list (a list matches any of its values). ``severity`` follows the
        one rule of factcheck (see :func:`severity_matches`): ``"medium"`` means *at least* medium, as ``--fail-on``
        does; ``"=medium"`` means exactly medium.

        Example:
            >>> report.filter(kind=["location", "time"], severity="=medium")  # doctest: +SKIP
            2 discrepancies (2 medium)
              d1  medium  time      Time: different time for the same event (...)
              d4  medium  location  Location: different place for the same event (...)
        """
        kinds = None if kind is None else {Kind(k) for k in _many(kind)}
        severities = None if severity is None else [parse_severity(x) for x in _many(severity)]
        docs = None
        if outlet is not None:
            wanted = set(_many(outlet))
            docs = {d.id for d in self.documents if d.id in wanted or d.outlet in wanted}
        out = []
        for d in self.discrepancies:
            if kinds is not None and d.kind not in kinds:
                continue
            if severities is not None and not any(severity_matches(d.severity, x) for x in severities):
                continue
            if docs is not None and not docs.intersection(e.doc_id for e in d.evidence):
                continue
            out.append(d)
        return Findings(out)

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
            "off_event": len(self.off_event),
        }

    # ------------------------------------------------------------------------------------------ output

    def to_json(self, *, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, source: str | bytes | os.PathLike) -> Report:
        """Read a saved report back: JSON text (what :meth:`to_json` and ``factcheck check --format json`` write),
        or the path of a file holding it. The inverse of :meth:`to_json`: ``Report.from_json(r.to_json()) == r``.

        A ``str`` that starts with ``{`` is JSON text; any other ``str`` or a ``Path`` is a file path.

        Raises:
            UnreadableInputError: the file does not exist or cannot be read.
            SchemaError: the text is not JSON, or not a factcheck report of this schema version.

        Example:
            >>> r = Report(documents=(Document(id="a", text="x"),))
            >>> Report.from_json(r.to_json()) == r
            True
        """
        from pydantic import ValidationError

        from factcheck.errors import SchemaError, UnreadableInputError

        where = "the report text"
        if isinstance(source, os.PathLike) or (isinstance(source, str) and not source.lstrip().startswith("{")):
            where = repr(str(source))
            try:
                source = Path(source).read_bytes()
            except OSError as exc:
                raise UnreadableInputError(
                    f"cannot read the report {where} ({exc.strerror or exc}); write one with "
                    "`factcheck check ... --format json -o FILE` or `report.to_json()`."
                ) from None
        try:
            return cls.model_validate_json(source)
        except ValidationError as exc:
            first = exc.errors()[0]
            at = ".".join(str(x) for x in first.get("loc", ())) or "the top level"
            version = ""
            if first.get("type") != "json_invalid":
                import json

                try:
                    found = json.loads(source).get("schema_version")
                except (ValueError, AttributeError):
                    found = None
                if found is not None and found != SCHEMA_VERSION:
                    version = f" (it has schema_version {found!r}; this factcheck reads {SCHEMA_VERSION!r})"
            raise SchemaError(
                f"{where} is not a factcheck report{version}: {first.get('msg')} at {at}. Reports are the JSON "
                "that `factcheck check --format json` and `report.to_json()` write."
            ) from None

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

    # A report holds every article and claim: its default pydantic repr runs to hundreds of kilobytes. Show a
    # summary instead, as pandas and rich objects do; the data stays in .model_dump() / .to_json().
    def __repr__(self) -> str:
        from factcheck import render

        return render.brief(self)

    __str__ = __repr__

    def _repr_pretty_(self, p, cycle: bool) -> None:  # IPython / Jupyter plain-text display
        p.text(repr(self))

    def __rich_repr__(self):  # rich.pretty: None makes rich fall back to repr() instead of listing every field
        return None

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
                ``"documents"``, ``"uncorroborated"`` or ``"facts"`` (one row per outlet's answer in each row of
                the fact table, docs/facts.md).

        Example:
            >>> report.to_frame("evidence").groupby("outlet").size()  # doctest: +SKIP
        """
        from factcheck.frame import to_frame

        return to_frame(self, table)

    def plot_coverage(self, *, ax=None):
        """Plot the outlet by claim-group matrix (needs the ``plot`` extra); returns the matplotlib Axes."""
        from factcheck.frame import plot_coverage

        return plot_coverage(self, ax=ax)


def read_report(path: str | os.PathLike) -> Report:
    """Read a report saved as JSON (``factcheck check --format json -o FILE`` or ``report.to_json()``).

    Example:
        >>> report = factcheck.read_report("report.json")  # doctest: +SKIP
        >>> report.filter(severity="high")  # doctest: +SKIP
    """
    from factcheck.errors import UnreadableInputError

    p = Path(path)
    if not p.is_file():
        raise UnreadableInputError(
            f"no report at {str(p)!r}; write one with `factcheck check ... --format json -o {p}` or "
            "`Path(...).write_text(report.to_json())`."
        )
    return Report.from_json(p)


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
    main: bool = False  # named in the openings of at least half the documents that tell the story's event


class OffEvent(_Frozen):
    """A document whose own main event is not the story's (``factcheck/story_event.py``): it is kept in the report
    with its claims, and left out of alignment and comparison."""

    doc_id: str
    reason: str
    score: float = Field(ge=0.0, le=1.0)  # its median same-event probability against the other documents


Report.model_rebuild()  # Report names Event and OffEvent, defined after it
