"""Baselines: the discrepancies a team has looked at and accepted, kept in a JSON file.

A pipeline that checks the same kind of input every day should fail on *new* disagreements only. Discrepancy ids
(``d-0007``) shift whenever detection changes, so entries are matched by a content key instead: the kind plus,
for each piece of evidence, the document id and the normalised conflicting value (the evidence text when there
is no value). Two more rules keep a baseline useful as stories grow:

* a discrepancy that an added article *joins* (it repeats one of the accepted values) is still the accepted one;
* a discrepancy that brings a value the entry never had is new, even when its kind and documents are known.

Example:
    >>> from factcheck import baseline
    >>> baseline.record(report, "factcheck-baseline.json")  # doctest: +SKIP
    >>> baseline.compare(report, "factcheck-baseline.json").new  # doctest: +SKIP
    ()
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.errors import InputError
from factcheck.models import Discrepancy, Report

__all__ = ["Baseline", "Entry", "Comparison", "BaselineError", "content_key", "record", "update", "compare",
           "load", "FORMAT_VERSION"]

FORMAT_VERSION = 1

# Typographic variants that outlets (and scrapers) use interchangeably; a baseline must not care which one.
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                       "\u00a0": " "})
_EDGE_PUNCT = " \t\n\"'.,;:!?()[]{}«»"


class BaselineError(InputError):
    """A baseline file that cannot be read, is not JSON, or is not a factcheck baseline."""

    code = "E110"


def _norm(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    return " ".join(t.split()).strip(_EDGE_PUNCT)


def _short(text: str, limit: int = 80) -> str:
    t = " ".join(text.split())
    return t if len(t) <= limit else t[: limit - 1].rstrip() + "…"


def sides(d: Discrepancy) -> tuple[tuple[str, str], ...]:
    """The ``(doc_id, normalised value)`` pairs of one discrepancy, sorted and without repeats."""
    return tuple(sorted({(e.doc_id, _norm(e.value if e.value is not None else e.text)) for e in d.evidence}))


def content_key(d: Discrepancy) -> str:
    """A key that stays the same while the discrepancy says the same thing, whatever its id.

    Example:
        >>> from factcheck.models import Discrepancy, Evidence
        >>> ev = lambda doc, v: Evidence(doc_id=doc, start=0, end=1, text="x", value=v)
        >>> d1 = Discrepancy(id="d1", kind="number", severity="low", confidence=1, summary="",
        ...                  evidence=(ev("a", "5"), ev("b", "6")))
        >>> d2 = d1.model_copy(update={"id": "d9", "evidence": (ev("b", " 6."), ev("a", "5"))})
        >>> content_key(d1) == content_key(d2)
        True
    """
    payload = json.dumps([d.kind.value, sides(d)], ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("ascii")).hexdigest()[:20]


@dataclass(frozen=True)
class Entry:
    """One accepted discrepancy: its content key, and enough of it for a person reading the file."""

    key: str
    kind: str
    sides: tuple[tuple[str, str], ...]
    severity: str = ""
    summary: str = ""
    note: str = ""  # why it was accepted; kept when the baseline is updated

    @classmethod
    def of(cls, d: Discrepancy, *, note: str = "") -> Entry:
        return cls(content_key(d), d.kind.value, sides(d), d.severity.value, d.summary, note)

    def matches(self, d: Discrepancy) -> bool:
        """Same kind and either the same key, or the same conflict joined by more documents."""
        if d.kind.value != self.kind:
            return False
        if content_key(d) == self.key:
            return True
        mine = set(self.sides)
        docs = {doc for doc, _ in self.sides}
        values = {v for _, v in self.sides}
        theirs = sides(d)
        shared = [s for s in theirs if s[0] in docs]
        return bool(shared) and all(s in mine for s in shared) and all(v in values for _, v in theirs)

    def to_json(self) -> dict:
        return {"key": self.key, "kind": self.kind, "severity": self.severity, "summary": self.summary,
                "sides": [{"doc_id": doc, "value": v} for doc, v in self.sides], "note": self.note}


@dataclass(frozen=True)
class Comparison:
    """A report measured against a baseline: what is new, what was accepted before, what has gone away."""

    new: tuple[Discrepancy, ...]
    known: tuple[Discrepancy, ...]
    fixed: tuple[Entry, ...]

    @property
    def ok(self) -> bool:
        """True when nothing new was found."""
        return not self.new

    def describe(self) -> str:
        """A few lines for a log or a test failure, naming each new discrepancy."""
        lines = [f"{len(self.new)} new, {len(self.known)} accepted in the baseline, {len(self.fixed)} gone"]
        for d in self.new:
            # the summary usually lists each outlet's value already; add only the values it does not name
            shown = dict.fromkeys(f"{e.doc_id}: {_short(e.value if e.value is not None else e.text)}"
                                  for e in d.evidence)
            missing = [v for v in shown if v.split(": ", 1)[1] not in d.summary]
            tail = f" ({'; '.join(missing)})" if missing else ""
            lines.append(f"  new [{d.severity.value}] {d.kind.value} {d.id}: {d.summary}{tail}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Baseline:
    """A set of accepted discrepancies; :meth:`compare` splits a report into new and known findings."""

    entries: tuple[Entry, ...] = ()
    documents: tuple[str, ...] = field(default=())

    @classmethod
    def from_report(cls, report: Report, *, discrepancies: Iterable[Discrepancy] | None = None,
                    notes: dict[str, str] | None = None) -> Baseline:
        found = report.discrepancies if discrepancies is None else tuple(discrepancies)
        notes = notes or {}
        by_key: dict[str, Entry] = {}
        for d in found:
            k = content_key(d)
            by_key.setdefault(k, Entry.of(d, note=notes.get(k, "")))
        return cls(tuple(sorted(by_key.values(), key=lambda e: (e.kind, e.key))),
                   tuple(sorted(doc.id for doc in report.documents)))

    def accepts(self, d: Discrepancy) -> bool:
        return any(e.matches(d) for e in self.entries)

    def compare(self, report: Report) -> Comparison:
        new, known, used = [], [], set()
        for d in report.discrepancies:
            hits = [e.key for e in self.entries if e.matches(d)]
            (known if hits else new).append(d)
            used.update(hits)
        return Comparison(tuple(new), tuple(known), tuple(e for e in self.entries if e.key not in used))

    def updated(self, report: Report) -> Baseline:
        """The baseline for this report: every current discrepancy, keeping the notes of entries still found."""
        notes = {}
        for d in report.discrepancies:
            for e in self.entries:
                if e.note and e.matches(d):
                    notes.setdefault(content_key(d), e.note)
        return Baseline.from_report(report, notes=notes)

    # -------------------------------------------------------------------------------------------- files

    def to_json(self) -> str:
        data = {"factcheck_baseline": FORMAT_VERSION, "documents": list(self.documents),
                "entries": [e.to_json() for e in self.entries]}
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

    def save(self, path: str | os.PathLike) -> Path:
        p = Path(path)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            tmp = p.with_name(p.name + ".tmp")
            tmp.write_text(self.to_json(), encoding="utf-8")
            tmp.replace(p)  # never leave a half-written baseline behind
        except OSError as exc:
            raise BaselineError(f"cannot write the baseline {str(p)!r} ({exc.strerror}).") from None
        return p

    @classmethod
    def load(cls, path: str | os.PathLike) -> Baseline:
        p = Path(path)
        where = repr(str(p))
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(
                f"no baseline at {where}; record one with `factcheck check ... --baseline {p} --update-baseline`."
            ) from None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise BaselineError(f"cannot read the baseline {where} ({exc}); record it again.") from None
        if not isinstance(data, dict) or data.get("factcheck_baseline") != FORMAT_VERSION:
            raise BaselineError(f"{where} is not a factcheck baseline (format {FORMAT_VERSION}); record it again.")
        try:
            entries = tuple(
                Entry(key=str(e["key"]), kind=str(e["kind"]),
                      sides=tuple((str(s["doc_id"]), str(s["value"])) for s in e["sides"]),
                      severity=str(e.get("severity", "")), summary=str(e.get("summary", "")),
                      note=str(e.get("note", "")))
                for e in data.get("entries", [])
            )
        except (KeyError, TypeError) as exc:
            raise BaselineError(f"{where} has a malformed entry ({exc!r}); record it again.") from None
        return cls(entries, tuple(str(x) for x in data.get("documents", [])))


def load(path: str | os.PathLike) -> Baseline:
    """Read a baseline file (raises :class:`BaselineError` when it is missing or malformed)."""
    return Baseline.load(path)


def record(report: Report, path: str | os.PathLike) -> Baseline:
    """Accept every discrepancy of ``report``: write them to ``path`` (replacing what was there)."""
    b = Baseline.from_report(report)
    b.save(path)
    return b


def update(report: Report, path: str | os.PathLike) -> Baseline:
    """Like :func:`record`, but keeps the notes of entries that are still found (a missing file is fine)."""
    try:
        old = Baseline.load(path)
    except BaselineError:
        if Path(path).exists():
            raise
        old = Baseline()
    b = old.updated(report)
    b.save(path)
    return b


def compare(report: Report, path_or_baseline: str | os.PathLike | Baseline) -> Comparison:
    """Split the report's discrepancies into new and known ones against a baseline file or object."""
    b = path_or_baseline if isinstance(path_or_baseline, Baseline) else Baseline.load(path_or_baseline)
    return b.compare(report)
