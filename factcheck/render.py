"""Stage 8: report -> strings (plain text and Markdown). Renderers return strings; they never print."""

from __future__ import annotations

import textwrap

from factcheck.models import Report

__all__ = ["text", "markdown", "FORMATS"]

FORMATS = ("text", "json", "markdown")
_SEV_ORDER = {"high": 0, "medium": 1, "low": 2}


def _outlet(report: Report, doc_id: str) -> str:
    d = report.document(doc_id)
    return f"{doc_id} ({d.outlet})" if d.outlet else doc_id


def _sorted(report: Report):
    return sorted(report.discrepancies, key=lambda d: (_SEV_ORDER[d.severity.value], d.id))


def text(report: Report, *, width: int = 100) -> str:
    """A plain-text report for a terminal or a log."""
    s = report.summary()
    lines = [
        f"factcheck report: {s['documents']} documents, {s['claims']} claims, {s['groups']} claim groups",
        f"{s['discrepancies']} discrepancies "
        + (", ".join(f"{n} {k}" for k, n in s["by_severity"].items()) if s["by_severity"] else "")
        + f"; {s['variants']} spelling variants; {s['uncorroborated']} uncorroborated; {s['removed']} removed pieces",
        "",
    ]
    wrap = lambda t, ind: textwrap.fill(t, width=width, initial_indent=ind, subsequent_indent=ind)  # noqa: E731
    for d in _sorted(report):
        flag = " [internal]" if d.internal else ""
        lines.append(f"[{d.severity.value.upper()}] {d.kind.value}{flag} ({d.id}, confidence {d.confidence:.2f})")
        lines.append(wrap(d.summary, "  "))
        for e in d.evidence:
            val = f" -> {e.value}" if e.value else ""
            lines.append(wrap(f"{_outlet(report, e.doc_id)} [{e.start}:{e.end}]{val}: {' '.join(e.text.split())}", "    - "))
        if d.diff:
            lines.append(wrap("diff: " + d.diff, "    "))
        lines.append("")
    if report.variants:
        lines.append("Spelling variants (not discrepancies):")
        for v in report.variants:
            forms = "; ".join(f"{f.text} ({', '.join(f.doc_ids)})" for f in v.forms)
            lines.append(wrap(f"{v.canonical}: {forms}", "  - "))
        lines.append("")
    omissions = [u for u in report.uncorroborated if u.reason == "omission"]
    if omissions:
        lines.append("Details only one outlet gives (omitted by the others):")
        for u in omissions:
            lines.append(wrap(f"{u.doc_id}: {u.detail} (not in {', '.join(u.missing_from)})", "  - "))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md_escape(t: str) -> str:
    out = " ".join(t.split())
    for ch in "\\`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    return out


def markdown(report: Report) -> str:
    """A Markdown report for pull requests, tickets and Jupyter."""
    s = report.summary()
    lines = [
        "# factcheck report",
        "",
        f"{s['documents']} documents, {s['claims']} claims, {s['groups']} claim groups, "
        f"**{s['discrepancies']} discrepancies**, {s['variants']} spelling variants.",
        "",
    ]
    if report.discrepancies:
        lines += ["| id | severity | kind | summary |", "|---|---|---|---|"]
        for d in _sorted(report):
            lines.append(f"| {d.id} | {d.severity.value} | {d.kind.value} | {_md_escape(d.summary)} |")
        lines.append("")
        for d in _sorted(report):
            lines.append(f"## {d.id}: {d.kind.value} ({d.severity.value})")
            lines.append("")
            lines.append(_md_escape(d.summary))
            lines.append("")
            for e in d.evidence:
                val = f" (**{_md_escape(e.value)}**)" if e.value else ""
                lines.append(f"- `{_md_escape(_outlet(report, e.doc_id))}`{val}: {_md_escape(e.text)}")
            if d.diff:
                lines += ["", f"Word diff: {_md_escape(d.diff)}"]
            lines.append("")
    if report.variants:
        lines += ["## Spelling variants (not discrepancies)", ""]
        for v in report.variants:
            forms = "; ".join(f"{_md_escape(f.text)} ({', '.join(f.doc_ids)})" for f in v.forms)
            lines.append(f"- **{_md_escape(v.canonical)}**: {forms}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
