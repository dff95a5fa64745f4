"""Reports as tables and pictures for notebooks: pandas DataFrames and a matplotlib coverage plot.

pandas and matplotlib are optional extras (``factcheck[pandas]``, ``factcheck[plot]``); they are imported only
when a frame or a plot is asked for, and a missing one raises an ImportError that says what to install.
"""

from __future__ import annotations

import importlib
from typing import Any

from factcheck.models import Report
from factcheck.render import CELL_STATES, coverage

__all__ = ["to_frame", "plot_coverage", "TABLES"]

TABLES = ("discrepancies", "evidence", "coverage", "claims", "documents", "uncorroborated", "facts", "events")


def _need(module: str, extra: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise ImportError(
            f"{module} is needed for this; install it with: pip install 'factcheck[{extra}]'"
        ) from exc


def _outlet(report: Report) -> dict[str, str | None]:
    return {d.id: d.outlet for d in report.documents}


def _rows(report: Report, table: str) -> tuple[list[dict], list[str]]:
    outlet = _outlet(report)
    if table == "discrepancies":
        cols = ["id", "kind", "severity", "confidence", "summary", "group_id", "internal", "doc_ids", "values",
                "diff", "explanation"]
        rows = [
            {
                "id": d.id, "kind": d.kind.value, "severity": d.severity.value, "confidence": d.confidence,
                "summary": d.summary, "group_id": d.group_id, "internal": d.internal,
                "doc_ids": tuple(dict.fromkeys(e.doc_id for e in d.evidence)),
                "values": tuple(e.value for e in d.evidence), "diff": d.diff, "explanation": d.explanation,
            }
            for d in report.discrepancies
        ]
    elif table == "evidence":
        cols = ["discrepancy_id", "kind", "severity", "doc_id", "outlet", "value", "start", "end", "text",
                "claim_id"]
        rows = [
            {
                "discrepancy_id": d.id, "kind": d.kind.value, "severity": d.severity.value, "doc_id": e.doc_id,
                "outlet": outlet.get(e.doc_id), "value": e.value, "start": e.start, "end": e.end, "text": e.text,
                "claim_id": e.claim_id,
            }
            for d in report.discrepancies
            for e in d.evidence
        ]
    elif table == "claims":
        cols = ["id", "doc_id", "outlet", "start", "end", "text", "modality", "negated", "predicate", "subject"]
        rows = [
            {"id": c.id, "doc_id": c.doc_id, "outlet": outlet.get(c.doc_id), "start": c.start, "end": c.end,
             "text": c.text, "modality": c.modality, "negated": c.negated, "predicate": c.predicate,
             "subject": c.subject}
            for c in report.claims
        ]
    elif table == "documents":
        cols = ["id", "outlet", "title", "published", "url", "chars", "off_event"]
        off = {o.doc_id: o.reason for o in report.off_event}
        rows = [
            {"id": d.id, "outlet": d.outlet, "title": d.title, "published": d.published, "url": d.url,
             "chars": len(d.text), "off_event": off.get(d.id)}
            for d in report.documents
        ]
    elif table == "uncorroborated":
        cols = ["reason", "claim_id", "doc_id", "outlet", "start", "end", "text", "detail", "group_id",
                "missing_from"]
        rows = [
            {"reason": u.reason, "claim_id": u.claim_id, "doc_id": u.doc_id, "outlet": outlet.get(u.doc_id),
             "start": u.start, "end": u.end, "text": u.text, "detail": u.detail, "group_id": u.group_id,
             "missing_from": u.missing_from}
            for u in report.uncorroborated
        ]
    elif table == "facts":
        cols = ["fact_id", "question", "kind", "event", "role", "subject", "status", "doc_id", "outlet", "value",
                "normalized", "answer", "answer_text", "start", "end", "text"]
        rows = [
            {"fact_id": f.id, "question": f.question, "kind": f.kind.value, "event": f.event, "role": f.role,
             "subject": f.subject, "status": f.status, "doc_id": v.doc_id, "outlet": outlet.get(v.doc_id),
             "value": v.value, "normalized": v.normalized, "answer": v.answer,
             "answer_text": f.answers[v.answer] if 0 <= v.answer < len(f.answers) else None,
             "start": v.evidence.start, "end": v.evidence.end, "text": v.evidence.text}
            for f in report.facts
            for v in f.values
        ]
    elif table == "events":
        cols = ["event_id", "main", "trigger", "doc_id", "outlet", "sentence", "start", "end", "text"]
        rows = [
            {"event_id": e.id, "main": e.main, "trigger": e.trigger, "doc_id": m.doc_id, "outlet": outlet.get(m.doc_id),
             "sentence": m.sentence, "start": m.start, "end": m.end, "text": m.text}
            for e in report.events
            for m in e.mentions
        ]
    else:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}.")
    return rows, cols


def to_frame(report: Report, table: str = "discrepancies"):
    """A pandas DataFrame of one part of the report; see :meth:`factcheck.Report.to_frame`.

    Args:
        report: the report.
        table: one of :data:`TABLES`: ``"discrepancies"`` (one row each), ``"evidence"`` (one row per outlet's
            evidence of each discrepancy), ``"coverage"`` (claim groups by outlet: agree / disagree / absent),
            ``"claims"``, ``"documents"`` (with ``off_event``: why a document was left out), ``"uncorroborated"``,
            ``"events"`` (one row per event mention), or ``"facts"``: the fact table
            (``Report.facts``), one row per (fact, value) with the columns ``fact_id``, ``question``, ``kind``,
            ``event``, ``role``, ``subject``, ``status`` (agreed, disputed, single_source, ambiguous),
            ``doc_id``, ``outlet``, ``value`` (as written), ``normalized``, ``answer`` (the index of the
            value's group of compatible answers), ``answer_text`` (that group's display form) and the
            evidence's ``start``, ``end`` and ``text``.

    Example:
        >>> facts = report.to_frame("facts")  # doctest: +SKIP
        >>> facts[facts.status == "disputed"].pivot_table(  # doctest: +SKIP
        ...     index="question", columns="doc_id", values="value", aggfunc="first")
    """
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}.")
    pd = _need("pandas", "pandas")
    if table == "coverage":
        cov = coverage(report)
        frame = pd.DataFrame(
            [list(r.cells) for r in cov.rows],
            index=pd.Index([r.group_id for r in cov.rows], name="group_id"),
            columns=pd.Index(list(cov.doc_ids), name="doc_id"),
            dtype=pd.CategoricalDtype(list(CELL_STATES)),
        )
        frame.insert(0, "claim", pd.Series([r.label for r in cov.rows], index=frame.index, dtype=object))
        return frame
    rows, cols = _rows(report, table)
    return pd.DataFrame(rows, columns=cols)


def plot_coverage(report: Report, *, ax=None, label_chars: int = 48):
    """Draw the claim-group by outlet matrix (green agrees, red differs, grey absent); returns the Axes."""
    _need("matplotlib", "plot")
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    cov = coverage(report, label_chars=label_chars)
    if ax is None:
        import matplotlib.pyplot as plt

        height = max(2.5, 0.32 * len(cov.rows) + 1.5)
        _, ax = plt.subplots(figsize=(max(5.0, 1.1 * len(cov.doc_ids) + 4.5), height), layout="constrained")
    code = {state: i for i, state in enumerate(CELL_STATES)}
    colours = ("#2e8b57", "#c0392b", "#d9dde3")
    data = [[code[c] for c in r.cells] for r in cov.rows] or [[code["absent"]] * max(1, len(cov.doc_ids))]
    ax.imshow(data, cmap=ListedColormap(colours), vmin=0, vmax=len(CELL_STATES) - 1, aspect="auto",
              interpolation="nearest")
    ax.set_xticks(range(len(cov.doc_ids)), labels=list(cov.outlets), rotation=30, ha="right")
    ax.set_yticks(range(len(cov.rows)), labels=[r.label for r in cov.rows])
    ax.set_xlabel("outlet")
    ax.set_title("Who reports what: claim groups by outlet")
    ax.legend(handles=[Patch(color=c, label=s) for c, s in zip(colours, CELL_STATES)],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    return ax
