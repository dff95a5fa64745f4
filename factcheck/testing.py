"""Assertions for pipelines and test suites: fail when outlets disagree, and say exactly where.

:func:`assert_consistent` checks documents (or takes a ready report) and raises one :class:`InconsistencyError`
(an ``AssertionError``) listing *every* finding at or above a severity, in the manner of pandera's lazy
validation. :func:`finding` builds an expected-value object in the manner of ``pytest.approx``: it compares equal
to any discrepancy that fits, so a test reads as a sentence::

    from factcheck.testing import assert_consistent, finding

    report = assert_consistent(articles, fail_on="high", allow=["quote"])
    assert finding("location", values=["Lyon"]) in report.discrepancies

The pytest plugin (:mod:`factcheck.pytest_plugin`, loaded automatically) adds fixtures and explains a failed
``finding(...) in ...`` by listing the nearest discrepancies.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any, Union

from factcheck.baseline import Baseline, _norm
from factcheck.models import Discrepancy, Kind, Report, Severity, parse_severity, severity_matches

__all__ = ["assert_consistent", "finding", "Finding", "InconsistencyError", "describe"]

Allowed = Union[str, Kind, "Finding", Callable[[Discrepancy], bool]]


class InconsistencyError(AssertionError):
    """Raised by :func:`assert_consistent`; carries the report and every finding that failed the check."""

    def __init__(self, message: str, *, findings: tuple[Discrepancy, ...], report: Report) -> None:
        super().__init__(message)
        self.findings = findings
        self.report = report


class Finding:
    """An expected discrepancy; equal to every :class:`~factcheck.Discrepancy` that fits all given fields.

    Build it with :func:`finding`. Values and document ids are compared as sets: every one given must appear in
    the discrepancy's evidence (values ignore case, spacing and typographic quotes), more may appear. A severity
    follows the one rule of :meth:`Report.filter <factcheck.Report.filter>`: ``"medium"`` is *at least* medium,
    ``"=medium"`` exactly medium.
    """

    __slots__ = ("kind", "severity", "min_severity", "_levels", "values", "doc_ids", "summary", "internal")

    def __init__(self, kind: str | Kind | None = None, *, severity: str | Severity | None = None,
                 min_severity: str | Severity | None = None, values: Iterable[str] | None = None,
                 doc_ids: Iterable[str] | None = None, summary: str | None = None,
                 internal: bool | None = None) -> None:
        if isinstance(values, str) or isinstance(doc_ids, str):
            raise TypeError("values and doc_ids take a list of strings, e.g. values=['Lyon'].")
        self.kind = Kind(kind) if kind is not None else None
        # kept as given (for the repr) and parsed once (a bad level fails here, not at comparison time)
        self.severity = severity.value if isinstance(severity, Severity) else severity
        self.min_severity = min_severity.value if isinstance(min_severity, Severity) else min_severity
        self._levels = [parse_severity(x) for x in (severity, min_severity) if x is not None]
        self.values = tuple(values) if values is not None else None
        self.doc_ids = tuple(doc_ids) if doc_ids is not None else None
        self.summary = summary
        self.internal = internal

    def mismatches(self, d: Discrepancy) -> list[str]:
        """Why ``d`` does not fit, one reason per field (empty when it fits)."""
        why = []
        if self.kind is not None and d.kind != self.kind:
            why.append(f"kind is {d.kind.value!r}, expected {self.kind.value!r}")
        for level, exact in self._levels:
            if not severity_matches(d.severity, (level, exact)):
                how = "exactly" if exact else "at least"
                why.append(f"severity is {d.severity.value!r}, expected {how} {level.value!r}")
        if self.values is not None:
            have = {_norm(e.value) for e in d.evidence if e.value is not None}
            missing = [v for v in self.values if _norm(v) not in have]
            if missing:
                shown = sorted({e.value for e in d.evidence if e.value is not None})
                why.append(f"values {missing} not among {shown}")
        if self.doc_ids is not None:
            have_docs = {e.doc_id for e in d.evidence}
            missing = [x for x in self.doc_ids if x not in have_docs]
            if missing:
                why.append(f"documents {missing} not among {sorted(have_docs)}")
        if self.summary is not None and self.summary.casefold() not in d.summary.casefold():
            why.append(f"summary {d.summary!r} does not contain {self.summary!r}")
        if self.internal is not None and d.internal != self.internal:
            why.append(f"internal is {d.internal}, expected {self.internal}")
        return why

    def matches(self, d: Discrepancy) -> bool:
        return isinstance(d, Discrepancy) and not self.mismatches(d)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Discrepancy):
            return self.matches(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal to many discrepancies: not usable as a key

    def __call__(self, d: Discrepancy) -> bool:  # lets a Finding be used wherever a predicate is
        return self.matches(d)

    def __bool__(self) -> bool:
        raise TypeError(
            f"{self!r} has no truth value. Did you mean `assert {self!r} in report.discrepancies`?"
        )

    def __repr__(self) -> str:
        args = [repr(self.kind.value)] if self.kind is not None else []
        for name in ("severity", "min_severity"):
            v = getattr(self, name)
            if v is not None:
                args.append(f"{name}={v!r}")
        for name in ("values", "doc_ids"):
            v = getattr(self, name)
            if v is not None:
                args.append(f"{name}={list(v)!r}")
        if self.summary is not None:
            args.append(f"summary={self.summary!r}")
        if self.internal is not None:
            args.append(f"internal={self.internal!r}")
        return f"finding({', '.join(args)})"

    def explain(self, discrepancies: Iterable[Discrepancy], *, limit: int = 5) -> list[str]:
        """Lines saying why no discrepancy fits: the nearest ones first, with what differs."""
        found = list(discrepancies)
        if not found:
            return [f"{self!r}: the report has no discrepancies at all"]
        ranked = sorted(found, key=lambda d: (len(self.mismatches(d)), d.id))
        lines = [f"no discrepancy fits {self!r}; the nearest of {len(found)}:"]
        for d in ranked[:limit]:
            lines.append(f"  {d.id} [{d.severity.value}] {d.kind.value}: {d.summary}")
            lines.extend(f"      - {why}" for why in self.mismatches(d))
        return lines


def finding(kind: str | Kind | None = None, **fields: Any) -> Finding:
    """An expected discrepancy, compared with ``==`` or ``in`` like ``pytest.approx``.

    Args:
        kind: the discrepancy kind (``"location"``, ``"number"`` ...).
        **fields: ``severity`` (``"medium"``: at least medium, as in ``Report.filter`` and ``fail_on``;
            ``"=medium"``: exactly medium), ``min_severity`` (the same as ``severity="medium"``, kept for old
            tests), ``values`` (conflicting values that must all appear), ``doc_ids``, ``summary`` (a substring),
            ``internal``.

    Example:
        >>> from factcheck.models import Discrepancy, Evidence
        >>> d = Discrepancy(id="d1", kind="location", severity="high", confidence=0.9, summary="where",
        ...                 evidence=(Evidence(doc_id="a", start=0, end=3, text="Oslo", value="Oslo"),))
        >>> finding("location", values=["oslo"]) == d
        True
        >>> finding("location", severity="medium") in [d], finding("location", severity="=medium") in [d]
        (True, False)
    """
    return Finding(kind, **fields)


def _severity(fail_on: str | Severity) -> Severity:
    try:
        return Severity(fail_on)
    except ValueError:
        raise ValueError(f"fail_on must be 'low', 'medium' or 'high', not {fail_on!r}.") from None


def _allow_predicates(allow: Allowed | Iterable[Allowed] | None) -> list[Callable[[Discrepancy], bool]]:
    if allow is None:
        return []
    items = [allow] if isinstance(allow, (str, Kind, Finding)) or callable(allow) else list(allow)
    preds: list[Callable[[Discrepancy], bool]] = []
    for item in items:
        if isinstance(item, Finding) or (callable(item) and not isinstance(item, (str, Kind))):
            preds.append(item)
            continue
        try:
            kind = Kind(item)
        except ValueError:
            kinds = ", ".join(k.value for k in Kind)
            raise ValueError(
                f"allow={item!r} is not a discrepancy kind ({kinds}); to allow one finding use "
                f"finding(kind, values=[...]) or a function of the discrepancy."
            ) from None
        preds.append(lambda d, kind=kind: d.kind == kind)
    return preds


def describe(report: Report, found: Iterable[Discrepancy]) -> list[str]:
    """Readable lines for discrepancies: severity, kind, summary, each outlet's value and sentence."""
    lines = []
    outlets = {d.id: d.outlet for d in report.documents}
    for d in found:
        lines.append(f"[{d.severity.value.upper()}] {d.kind.value} {d.id} (confidence {d.confidence:.2f}): "
                     f"{d.summary}")
        for e in d.evidence:
            who = f"{e.doc_id} ({outlets[e.doc_id]})" if outlets.get(e.doc_id) else e.doc_id
            sentence = " ".join(e.text.split())
            if len(sentence) > 160:
                sentence = sentence[:159] + "…"
            val = f"{e.value!r}: " if e.value is not None else ""
            lines.append(f"    {who}: {val}{sentence}")
        if d.diff:
            lines.append(f"    word diff: {d.diff}")
        values = [e.value for e in d.evidence if e.value is not None]
        hint = finding(d.kind, values=list(dict.fromkeys(values))) if values else finding(d.kind, doc_ids=sorted(
            {e.doc_id for e in d.evidence}))
        lines.append(f"    to allow it: allow=[{hint!r}]")
    return lines


def assert_consistent(
    documents_or_report: Report | Iterable[Any],
    *,
    fail_on: str | Severity = "medium",
    allow: Allowed | Iterable[Allowed] | None = None,
    baseline: Baseline | str | os.PathLike | None = None,
    config: Any = None,
) -> Report:
    """Fail unless the outlets agree: raise one error listing every discrepancy at or above ``fail_on``.

    Args:
        documents_or_report: a :class:`~factcheck.Report`, or anything :func:`factcheck.check` accepts.
        fail_on: the lowest severity that fails (``"low"``, ``"medium"``, ``"high"``).
        allow: discrepancies to tolerate: kind names, :func:`finding` objects, or functions of a discrepancy.
        baseline: a :class:`~factcheck.baseline.Baseline` or a baseline file; its accepted findings never fail.
        config: passed to :func:`factcheck.check` when documents are given.

    Returns:
        The report, so a test can go on asserting on it.

    Raises:
        InconsistencyError: an ``AssertionError`` whose message lists every failing finding and how to allow it.
        FactcheckError: for bad documents, as :func:`factcheck.check` does.

    Example:
        >>> from factcheck.models import Document, Report
        >>> r = Report(documents=(Document(id="a", text=""), Document(id="b", text="")))
        >>> assert_consistent(r) is r
        True
    """
    __tracebackhide__ = True  # pytest: show the caller's line, not this function's internals
    level = _severity(fail_on)
    preds = _allow_predicates(allow)
    if isinstance(documents_or_report, Report):
        report = documents_or_report
    else:
        from factcheck.pipeline import check

        report = check(documents_or_report, config=config)
    accepted: Baseline | None
    if baseline is None or isinstance(baseline, Baseline):
        accepted = baseline
    else:
        accepted = Baseline.load(baseline)
    failing = tuple(
        d
        for d in report.discrepancies
        if d.severity.rank >= level.rank
        and not any(p(d) for p in preds)
        and not (accepted is not None and accepted.accepts(d))
    )
    if not failing:
        return report
    by_sev: dict[str, int] = {}
    for d in failing:
        by_sev[d.severity.value] = by_sev.get(d.severity.value, 0) + 1
    counts = ", ".join(f"{by_sev[s]} {s}" for s in ("high", "medium", "low") if s in by_sev)
    noun = "discrepancy" if len(failing) == 1 else "discrepancies"
    head = (f"{len(failing)} {noun} at or above {level.value!r} ({counts}) "
            f"among {len(report.documents)} documents")
    if accepted is not None:
        head += " not accepted in the baseline"
    order = {"high": 0, "medium": 1, "low": 2}
    body = describe(report, sorted(failing, key=lambda d: (order[d.severity.value], d.id)))
    raise InconsistencyError("\n".join([head + ":", *body]), findings=failing, report=report)

