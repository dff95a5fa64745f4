"""Stage 8: report -> strings (plain text, Markdown, HTML, terminal). Renderers return strings; they never print.

:func:`coverage` computes the outlet x claim-group matrix once for the HTML page, the terminal view,
``Report.to_frame("coverage")`` and ``Report.plot()``. Every view also shows the fact table (``Report.facts``):
the disputed questions with each answer and its outlets, then the questions two or more outlets agree on.
"""

from __future__ import annotations

import html as _html
import io
import re
import textwrap
from dataclasses import dataclass

from factcheck.models import Evidence, Fact, Report

__all__ = [
    "text", "markdown", "html", "terminal", "coverage", "Coverage", "CoverageRow", "focus_span", "diff_parts",
    "FORMATS", "CELL_STATES", "brief", "findings_table",
]

FORMATS = ("text", "terminal", "json", "markdown", "html")
_WS = re.compile(r"\s+")
_SEV_ORDER = {"high": 0, "medium": 1, "low": 2}


def _outlet(report: Report, doc_id: str) -> str:
    d = report.document(doc_id)
    return f"{doc_id} ({d.outlet})" if d.outlet else doc_id


_DIGITS = re.compile(r"(\d+)")


def _natural(ident: str) -> tuple:
    # "d2" before "d10": ids are read by people, who count
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(ident))


def _sorted(report: Report):
    return sorted(report.discrepancies, key=lambda d: (_SEV_ORDER[d.severity.value], _natural(d.id)))


# --------------------------------------------------------------------------------------------------- facts

_FACT_ROWS_SHOWN = 30  # agreed rows the Markdown table lists before "... and N more"


def _fact_key(f: Fact) -> tuple:
    # the main event first, then the questions most outlets answer, then by id as people count
    return (f.event != "main", -len(f.outlets), _natural(f.id))


def _fact_rows(report: Report) -> tuple[list[Fact], list[Fact]]:
    """The rows every view shows: disputed ones, and agreed ones two or more outlets give."""
    disputed = sorted((f for f in report.facts if f.status == "disputed"), key=_fact_key)
    agreed = sorted((f for f in report.facts if f.status == "agreed" and len(f.outlets) >= 2), key=_fact_key)
    return disputed, agreed


def _fact_sides(f: Fact) -> list[tuple[int, str, tuple[str, ...]]]:
    """``(answer index, answer as shown, documents giving it)`` per answer group, most outlets first."""
    groups = sorted(set(range(len(f.answers))) | {v.answer for v in f.values})
    sides = []
    for k in groups:
        docs = f.outlets_of(k)
        if not docs:
            continue
        shown = f.answers[k] if k < len(f.answers) else next(v.value for v in f.values if v.answer == k)
        sides.append((k, shown, docs))
    return sorted(sides, key=lambda s: -len(s[2]))


def _fact_minority(f: Fact) -> set[int]:
    """Answer groups that differ from the row's consensus: all but the one told by strictly the most outlets,
    or every group when no answer has a majority (as :func:`coverage` marks every side of a tie)."""
    if f.status != "disputed":
        return set()
    sides = _fact_sides(f)
    if len(sides) < 2:
        return set()
    if len(sides[0][2]) > len(sides[1][2]):
        return {k for k, _, _ in sides[1:]}
    return {k for k, _, _ in sides}


def _short_names(report: Report) -> dict[str, str]:
    """A short name per document for lists of outlets: the outlet when no other document shares it, else the id."""
    seen: dict[str, int] = {}
    for d in report.documents:
        if d.outlet:
            seen[d.outlet] = seen.get(d.outlet, 0) + 1
    return {d.id: d.outlet if d.outlet and seen[d.outlet] == 1 else d.id for d in report.documents}


def _fact_counts(report: Report, agreed: list[Fact]) -> str:
    n = {k: sum(1 for f in report.facts if f.status == k) for k in ("disputed", "single_source", "ambiguous")}
    return (f"{n['disputed']} disputed, {len(agreed)} agreed by two or more outlets, "
            f"{n['single_source']} single-source, {n['ambiguous']} ambiguous")


def _fact_line(f: Fact, name) -> str:
    """ "question: answer (outlets) vs answer (outlets)" in plain words, ``name`` turning a doc id into a name."""
    sides = " vs ".join(f"{a} ({', '.join(name(d) for d in docs)})" for _, a, docs in _fact_sides(f))
    return f"{_ws(f.question)}: {_ws(sides)}"


def text(report: Report, *, width: int = 100) -> str:
    """A plain-text report for a terminal or a log."""
    s = report.summary()
    lines = [
        f"factcheck report: {s['documents']} documents, {s['claims']} claims, {s['groups']} claim groups",
        f"{_counted(s)}; {_n(s['variants'], 'spelling variant', 'spelling variants')}; "
        f"{s['uncorroborated']} uncorroborated; {_n(s['removed'], 'removed piece', 'removed pieces')}",
        "",
    ]

    def wrap(t: str, ind: str, first: str | None = None) -> str:
        # a bullet ("- ") marks only the first line of an item; its continuation lines are indented under it
        lead = ind + first if first else ind
        return textwrap.fill(t, width=width, initial_indent=lead, subsequent_indent=" " * len(lead))

    for w in report.warnings:
        lines.append(wrap(f"warning: {w}", ""))
    if report.warnings:
        lines.append("")
    if report.off_event:
        lines.append(OFF_EVENT_TITLE + ":")
        for o in report.off_event:
            lines.append(wrap(f"{_outlet(report, o.doc_id)}: {o.reason}", "  ", "- "))
        lines.append("")
    for d in _sorted(report):
        flag = " [internal]" if d.internal else ""
        lines.append(f"[{d.severity.value.upper()}] {d.kind.value}{flag} ({d.id}, confidence {d.confidence:.2f})")
        lines.append(wrap(d.summary, "  "))
        for e in d.evidence:
            val = f" -> {e.value}" if e.value else ""
            lines.append(wrap(f"{_outlet(report, e.doc_id)} [{e.start}:{e.end}]{val}: {' '.join(e.text.split())}",
                              "    ", "- "))
        if d.diff:
            lines.append(wrap("diff: " + d.diff, "    "))
        lines.append("")
    if report.facts:
        disputed, agreed = _fact_rows(report)
        names = _short_names(report)
        lines.append(f"Facts: {_fact_counts(report, agreed)}")
        for f in disputed:
            lines.append(wrap(_fact_line(f, lambda x: names.get(x, x)), "  ", "- "))
        lines.append("")
    if report.variants:
        lines.append("Spelling variants (not discrepancies):")
        for v in report.variants:
            forms = "; ".join(f"{f.text} ({', '.join(f.doc_ids)})" for f in v.forms)
            lines.append(wrap(f"{v.canonical}: {forms}", "  ", "- "))
        lines.append("")
    omissions = [u for u in report.uncorroborated if u.reason == "omission"]
    if omissions:
        lines.append("Details only one outlet gives (omitted by the others):")
        for u in omissions:
            lines.append(wrap(f"{u.doc_id}: {u.detail} (not in {', '.join(u.missing_from)})", "  ", "- "))
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


OFF_EVENT_TITLE = "Articles about another event (left out of the comparison)"


def _n(count: int, one: str, many: str) -> str:
    """ "1 removed piece", "2 removed pieces", "0 removed pieces"."""
    return f"{count} {one if count == 1 else many}"


def _counted(s: dict) -> str:
    """ "3 discrepancies (1 high, 2 medium)", or "0 discrepancies": never a dangling separator."""
    n = s["discrepancies"]
    noun = "discrepancy" if n == 1 else "discrepancies"
    sev = ", ".join(f"{count} {level}" for level, count in s["by_severity"].items())
    return f"{n} {noun} ({sev})" if sev else f"{n} {noun}"


def _md_code(t: str) -> str:
    """A Markdown code span: its content is literal (escapes would show), so fence it with enough backticks."""
    t = " ".join(t.split())
    run = max((len(m) for m in re.findall(r"`+", t)), default=0)
    fence = "`" * (run + 1)
    pad = " " if t.startswith("`") or t.endswith("`") else ""
    return f"{fence}{pad}{t}{pad}{fence}"


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
    if report.warnings:
        lines += [f"> **Warning:** {_md_escape(w)}" for w in report.warnings] + [""]
    if report.off_event:
        lines += [f"**{OFF_EVENT_TITLE}:**", ""]
        lines += [f"- {_md_code(o.doc_id)}: {_md_escape(o.reason)}" for o in report.off_event] + [""]
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
                lines.append(f"- {_md_code(_outlet(report, e.doc_id))}{val}: {_md_escape(e.text)}")
            if d.diff:
                lines += ["", f"Word diff: {_md_escape(d.diff)}"]
            lines.append("")
    if report.facts:
        lines += _md_facts(report)
    if report.variants:
        lines += ["## Spelling variants (not discrepancies)", ""]
        for v in report.variants:
            forms = "; ".join(f"{_md_escape(f.text)} ({', '.join(f.doc_ids)})" for f in v.forms)
            lines.append(f"- **{_md_escape(v.canonical)}**: {forms}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _md_facts(report: Report) -> list[str]:
    """The fact table in Markdown: disputed rows with every answer and its outlets, then agreed rows as a table."""
    disputed, agreed = _fact_rows(report)
    names = _short_names(report)

    def outlets(docs) -> str:
        return ", ".join(_md_escape(names.get(d, d)) for d in docs)

    lines = ["## Facts", "", "One row per question the articles answer (`report.facts`).", ""]
    lines += ["### Disputed", ""]
    if not disputed:
        lines += ["No question gets incompatible answers from different outlets.", ""]
    for f in disputed:
        lines.append(f"- **{_md_escape(f.question)}** ({f.kind.value})")
        for _, answer, docs in _fact_sides(f):
            n = len(docs)
            lines.append(f"  - {_md_escape(answer)}: {outlets(docs)} ({n} {'outlet' if n == 1 else 'outlets'})")
    if disputed:
        lines.append("")
    lines += ["### Agreed by two or more outlets", ""]
    if agreed:
        lines += ["| question | answer | outlets |", "|---|---|---|"]
        for f in agreed[:_FACT_ROWS_SHOWN]:
            answer = _fact_sides(f)[0][1]
            n = len(f.outlets)
            lines.append(f"| {_md_escape(f.question)} | {_md_escape(answer)} | {n}: {outlets(f.outlets)} |")
        if len(agreed) > _FACT_ROWS_SHOWN:
            more = len(agreed) - _FACT_ROWS_SHOWN
            lines += ["", f"... and {more} more agreed rows (all of them in `report.facts`)."]
    else:
        lines.append("No question is answered alike by two or more outlets.")
    single = sum(1 for f in report.facts if f.status == "single_source")
    ambiguous = sum(1 for f in report.facts if f.status == "ambiguous")
    lines += ["", f"Not shown: {single} single-source {'row' if single == 1 else 'rows'} (one outlet answers) and "
              f"{ambiguous} ambiguous {'row' if ambiguous == 1 else 'rows'} (the values may answer different "
              "questions).", ""]
    return lines


# --------------------------------------------------------------------------------------------------- coverage


@dataclass(frozen=True)
class CoverageRow:
    """One claim group across every document: ``cells[i]`` belongs to ``Coverage.doc_ids[i]``."""

    group_id: str
    label: str
    cells: tuple[str, ...]  # "agree" | "disagree" | "absent"
    discrepancy_ids: tuple[str, ...]


@dataclass(frozen=True)
class Coverage:
    """Who tells which fact: claim groups (rows) by document (columns)."""

    doc_ids: tuple[str, ...]
    outlets: tuple[str, ...]  # display name per column: the outlet, or the document id when unknown
    rows: tuple[CoverageRow, ...]


CELL_STATES = ("agree", "disagree", "absent")


def _one_line(t: str, limit: int) -> str:
    t = " ".join(t.split())
    return t if len(t) <= limit else t[: limit - 1].rstrip() + "…"


def coverage(report: Report, *, min_documents: int = 2, label_chars: int = 90) -> Coverage:
    """Build the outlet x claim-group matrix shown by the HTML report, ``to_frame`` and the plot.

    A document *disagrees* on a group when it tells a value that differs from the group's consensus in one of
    the group's discrepancies (every side disagrees when no value has a majority), *agrees* when it makes a
    claim of the group and is not on a dissenting side, and is *absent* when it makes no claim of the group.
    Groups told by fewer than ``min_documents`` documents are left out unless they carry a discrepancy (an
    article contradicting itself).

    Example:
        >>> from factcheck.models import Document, Report
        >>> coverage(Report(documents=(Document(id="a", text=""), Document(id="b", text="")))).doc_ids
        ('a', 'b')
    """
    doc_ids = tuple(d.id for d in report.documents)
    outlets = tuple(d.outlet or d.id for d in report.documents)
    by_group: dict[str, list] = {}
    for d in report.discrepancies:
        if d.group_id is not None:
            by_group.setdefault(d.group_id, []).append(d)
    claims = {c.id: c for c in report.claims}
    rows = []
    for g in report.groups:
        found = by_group.get(g.id, [])
        if len(set(g.doc_ids)) < min_documents and not found:
            continue
        disagree = {doc for d in found for doc in _dissenters(d)}
        present = set(g.doc_ids)
        cells = tuple(
            "disagree" if doc in disagree else "agree" if doc in present else "absent" for doc in doc_ids
        )
        first = next((claims[c] for c in g.claim_ids if c in claims), None)
        label = _one_line(first.text, label_chars) if first is not None else g.id
        rows.append(CoverageRow(g.id, label, cells, tuple(d.id for d in found)))
    return Coverage(doc_ids, outlets, tuple(rows))


def _dissenters(d) -> set[str]:
    """Documents on the losing side of one discrepancy.

    When one value is told by strictly more documents than any other, its documents are the consensus and only
    the others dissent; on a tie (one against one) nobody is the consensus and every side dissents.
    """
    values: dict[str, set[str]] = {}
    for e in d.evidence:
        key = " ".join((e.value if e.value is not None else e.text).casefold().split())
        values.setdefault(key, set()).add(e.doc_id)
    every = {e.doc_id for e in d.evidence}
    ranked = sorted(values.values(), key=len, reverse=True)
    if d.internal or len(ranked) < 2 or len(ranked[0]) == len(ranked[1]):
        return every
    return every - ranked[0]


# --------------------------------------------------------------------------------------------------- spans


def focus_span(report: Report, evidence: Evidence) -> tuple[int, int] | None:
    """Where the conflicting words lie inside ``evidence.text``, as offsets into that string.

    ``Evidence.focus`` is normally in document coordinates inside ``[start, end)``; a focus relative to the
    evidence text, or only a ``value`` to look for, is accepted too, because the highlight should never be lost
    to a coordinate slip in an upstream stage.
    """
    t = evidence.text
    f = evidence.focus
    if f is not None and f.text:
        if evidence.start <= f.start and f.end <= evidence.end and t[f.start - evidence.start : f.end - evidence.start] == f.text:
            return f.start - evidence.start, f.end - evidence.start
        if f.end <= len(t) and t[f.start : f.end] == f.text:
            return f.start, f.end
        i = t.find(f.text)
        if i >= 0:
            return i, i + len(f.text)
    if evidence.value:
        i = t.casefold().find(evidence.value.casefold())
        # casefold can change lengths (ß -> ss); only trust the match where it did not
        if i >= 0 and len(t.casefold()) == len(t):
            return i, i + len(evidence.value)
    return None


def diff_parts(diff: str) -> list[tuple[str, str]]:
    """Split a word diff (``"a [-b-] {+c+} d"``) into ``("", text)``, ``("-", removed)``, ``("+", added)`` parts.

    A hand-written scanner rather than a regex: linear on any input, unclosed markers stay plain text.

    Example:
        >>> diff_parts("we [-will-] {+shall+} go")
        [('', 'we '), ('-', 'will'), ('', ' '), ('+', 'shall'), ('', ' go')]
    """
    parts: list[tuple[str, str]] = []
    i, n, plain = 0, len(diff), []
    closers = {"[-": ("-", "-]"), "{+": ("+", "+}")}
    unclosed: set[str] = set()  # once a closer is missing to the end, never search for it again
    while i < n:
        two = diff[i : i + 2]
        if two in closers and two not in unclosed:
            op, close = closers[two]
            j = diff.find(close, i + 2)
            if j < 0:
                unclosed.add(two)
            else:
                if plain:
                    parts.append(("", "".join(plain)))
                    plain = []
                parts.append((op, diff[i + 2 : j]))
                i = j + 2
                continue
        plain.append(diff[i])
        i += 1
    if plain:
        parts.append(("", "".join(plain)))
    return parts


# --------------------------------------------------------------------------------------------------- html

_CSS = """
.fc{--fg:#1d232b;--muted:#5a6472;--bg:#fff;--card:#f6f7f9;--line:#d8dce2;--mark:#ffe08a;
--high:#b42318;--medium:#b54708;--low:#3e6ba8;--agree:#1f7a3f;--disagree:#b42318;--absent:#c9ced6;
--del:#fbe0de;--ins:#dcf3e3;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg);
margin:0 auto;max-width:72rem;padding:1.5rem}
@media (prefers-color-scheme:dark){.fc{--fg:#e6e9ee;--muted:#a2abb8;--bg:#15181d;--card:#1e232a;--line:#343b45;
--mark:#7a5d00;--del:#5a2320;--ins:#1d4a2c;--absent:#3b424c}}
body.fc-page{margin:0;background:#fff}
@media (prefers-color-scheme:dark){body.fc-page{background:#15181d}}
.fc *{box-sizing:border-box}
.fc h1{font-size:1.6rem;margin:0 0 .25rem}
.fc h2{font-size:1.25rem;margin:2rem 0 .5rem;border-bottom:1px solid var(--line)}
.fc h3{font-size:1.05rem;margin:0 0 .25rem}
.fc .muted{color:var(--muted)}
.fc table{border-collapse:collapse;width:100%;margin:.5rem 0}
.fc th,.fc td{border-bottom:1px solid var(--line);padding:.3rem .5rem;text-align:left;vertical-align:top}
.fc .sev{display:inline-block;border-radius:.25rem;padding:0 .4rem;color:#fff;font-size:.8rem;font-weight:600;
text-transform:uppercase}
.fc .sev-high{background:var(--high)}.fc .sev-medium{background:var(--medium)}.fc .sev-low{background:var(--low)}
.fc .finding{border:1px solid var(--line);border-radius:.5rem;padding:1rem;margin:1rem 0}
.fc .sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(15rem,1fr));gap:.75rem;margin-top:.75rem}
.fc .side{background:var(--card);border-radius:.4rem;padding:.6rem .75rem}
.fc .side .who,.fc .side .val{font-weight:600}
.fc .sentence{white-space:pre-wrap;overflow-wrap:anywhere}
.fc mark{background:var(--mark);color:inherit;padding:0 .1rem;border-radius:.15rem}
.fc .diff{margin-top:.75rem;overflow-wrap:anywhere}
.fc del{background:var(--del);text-decoration:line-through}.fc ins{background:var(--ins);text-decoration:none}
.fc .scroll{max-width:100%;overflow-x:auto;margin:.5rem 0}
.fc .scroll>table{margin:0}
.fc .articles td.title{min-width:12rem}
.fc .articles td.id{white-space:nowrap}
.fc .articles td.link a{display:inline-block;max-width:10rem;overflow:hidden;text-overflow:ellipsis;
white-space:nowrap;vertical-align:bottom}
.fc .matrix,.fc .facts{width:auto;min-width:100%}
.fc .matrix td.group,.fc .facts td.group{min-width:16rem;max-width:36rem;position:sticky;left:0;
background:var(--bg)}
.fc .matrix td.cell{text-align:center;font-weight:700;width:2.2rem;padding:.3rem .2rem}
.fc .cell-agree{color:var(--agree)}.fc .cell-disagree{color:var(--disagree)}.fc .cell-absent{color:var(--absent)}
.fc .matrix th.doc,.fc .facts th.doc{font-size:.85rem;font-weight:600;vertical-align:bottom;text-align:center;
padding:.3rem .2rem}
.fc .matrix th.doc span,.fc .facts th.doc span{display:inline-block;writing-mode:vertical-rl;
transform:rotate(180deg);white-space:nowrap;max-height:12rem;overflow:hidden;text-overflow:ellipsis}
.fc .facts td.fv{font-size:.85rem;min-width:5.5rem;max-width:12rem;overflow-wrap:anywhere}
.fc .facts td.fv span{display:block}
.fc .facts td.fv-none{color:var(--absent);text-align:center}
.fc .facts td.fv-minority,.fc .facts td.fv .minority{background:var(--del);font-weight:600}
.fc .facts tr.fact-disputed td.group{border-left:.25rem solid var(--disagree)}
.fc .facts tbody.agreed tr:first-child td{border-top:2px solid var(--line)}
.fc .tag{display:inline-block;border:1px solid currentColor;border-radius:.25rem;padding:0 .35rem;font-size:.75rem;
font-weight:600;text-transform:uppercase}
.fc .tag-disputed{color:var(--disagree)}
.fc .excerpt{white-space:pre-wrap}
.fc details.whole{margin:.25rem 0 0}.fc details.whole summary{color:var(--muted);cursor:pointer;font-size:.85rem}
.fc .article{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--card);padding:.75rem;border-radius:.4rem;
max-height:30rem;overflow:auto}
.fc details{margin:.5rem 0}
"""

_CELL_SYMBOL = {"agree": "✓", "disagree": "✗", "absent": "·"}
_SAFE_URL = ("http://", "https://")
_SHOWN_URL = re.compile(r"^https?://(www\.)?", re.IGNORECASE)  # the link text starts at the site's name


def _e(t: object) -> str:
    return _html.escape(str(t), quote=True)


def _anchor(prefix: str, ident: str) -> str:
    # ids come from the report, not from article text, but keep them to characters safe in any attribute
    return prefix + "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in ident)


def _doc_name(report: Report, doc_id: str) -> str:
    try:
        d = report.document(doc_id)
    except KeyError:
        return doc_id
    return f"{d.outlet} ({doc_id})" if d.outlet else doc_id


# A sentence longer than this shows only a window around the conflicting words (CONTEXT characters each side,
# cut at spaces) and keeps the whole sentence behind a <details> control: one 1,000-character "sentence" (a
# scraped page with no full stops) would otherwise fill the screen and hide the other outlets' sides.
_EXCERPT_ABOVE = 320
_CONTEXT = 100


def _marked(t: str, span: tuple[int, int] | None, lo: int = 0, hi: int | None = None) -> str:
    """``t[lo:hi]`` escaped, with the part of ``span`` inside it in <mark>."""
    hi = len(t) if hi is None else hi
    if span is None or span[1] <= lo or span[0] >= hi:
        return _e(t[lo:hi])
    a, b = max(span[0], lo), min(span[1], hi)
    return f"{_e(t[lo:a])}<mark>{_e(t[a:b])}</mark>{_e(t[b:hi])}"


def _window(t: str, span: tuple[int, int] | None) -> tuple[int, int]:
    """Where the excerpt of a long sentence starts and ends: the value with some context, cut at spaces."""
    a, b = span if span is not None else (0, 0)
    lo = max(0, a - _CONTEXT)
    hi = min(len(t), b + _CONTEXT, lo + 4 * _CONTEXT)  # a very long value is cut too
    if lo > 0:
        j = t.find(" ", lo, a)
        lo = j + 1 if j >= 0 else lo
    if hi < len(t):
        j = t.rfind(" ", max(b, lo + 1), hi)
        hi = j if j > 0 else hi
    return lo, hi


def _html_sentence(report: Report, e: Evidence) -> str:
    span = focus_span(report, e)
    t = e.text
    if len(t) <= _EXCERPT_ABOVE:
        return _marked(t, span)
    lo, hi = _window(t, span)
    excerpt = ("…" if lo > 0 else "") + _marked(t, span, lo, hi) + ("…" if hi < len(t) else "")
    return (f'<span class="excerpt">{excerpt}</span><details class="whole"><summary>whole sentence '
            f"({len(t):,} characters)</summary>{_marked(t, span)}</details>")


def _html_diff(diff: str) -> str:
    out = []
    for op, t in diff_parts(diff):
        out.append(f"<del>{_e(t)}</del>" if op == "-" else f"<ins>{_e(t)}</ins>" if op == "+" else _e(t))
    return "".join(out)


def _html_finding(report: Report, d) -> str:
    sev = d.severity.value
    flag = " · internal (one article contradicts itself)" if d.internal else ""
    out = [
        f'<section class="finding" id="{_anchor("d-", d.id)}">',
        f'<h3><span class="sev sev-{sev}">{sev}</span> {_e(d.kind.value)} '
        f'<span class="muted">{_e(d.id)} · confidence {d.confidence:.2f}{flag}</span></h3>',
        f"<p>{_e(d.summary)}</p>",
    ]
    if d.explanation:
        out.append(f'<p class="muted">{_e(d.explanation)}</p>')
    out.append('<div class="sides">')
    for e in d.evidence:
        val = f'<div>value: <span class="val">{_e(e.value)}</span></div>' if e.value else ""
        out.append(
            f'<div class="side"><div class="who">{_e(_doc_name(report, e.doc_id))}</div>{val}'
            f'<div class="sentence">{_html_sentence(report, e)}</div>'
            f'<div class="muted">characters {e.start}–{e.end}</div></div>'
        )
    out.append("</div>")
    if d.diff:
        out.append(f'<div class="diff"><strong>Word by word:</strong> {_html_diff(d.diff)}</div>')
    out.append("</section>")
    return "\n".join(out)


def _html_matrix(report: Report) -> str:
    cov = coverage(report)
    if not cov.rows:
        return '<p class="muted">No claim is told by two or more articles.</p>'
    # rotated names: a column stays narrow and a name never breaks inside a word (the title holds the full name)
    head = "".join(f'<th class="doc" title="{_e(o)} ({_e(i)})"><span>{_e(o)}</span></th>'
                   for i, o in zip(cov.doc_ids, cov.outlets))
    rows = []
    for r in cov.rows:
        links = " ".join(f'<a href="#{_anchor("d-", x)}">{_e(x)}</a>' for x in r.discrepancy_ids)
        cells = "".join(
            f'<td class="cell cell-{c}" title="{_e(o)}: {c}">{_CELL_SYMBOL[c]}<span hidden> {c}</span></td>'
            for c, o in zip(r.cells, cov.outlets)
        )
        rows.append(f"<tr><td class='group'>{_e(r.label)} <span class='muted'>{_e(r.group_id)}</span> {links}</td>"
                    f"{cells}</tr>")
    return (
        '<p class="muted">✓ agrees with the consensus · ✗ tells a different value (every side, when there is no majority) · · does not report it</p>'
        f'<div class="scroll"><table class="matrix"><thead><tr><th>claim group</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _html_facts(report: Report) -> str:
    """The fact x outlet table: disputed rows first (marked, the answers that differ from the consensus
    highlighted), then rows two or more outlets agree on; a cell holds that outlet's values as written."""
    disputed, agreed = _fact_rows(report)
    names = _short_names(report)
    counts = f'<p class="muted">{_e(_fact_counts(report, agreed))}.'
    if not disputed and not agreed:
        return counts + " No question is answered by two or more articles.</p>"
    counts += (" A row is a question, a column an article; each cell holds the article's answers as written. "
               "Highlighted: an answer that differs from the one most outlets give (every answer, when none has "
               "a majority). · does not answer.</p>")
    docs = [d.id for d in report.documents]
    head = "".join(f'<th class="doc" title="{_e(_doc_name(report, i))}"><span>{_e(names[i])}</span></th>'
                   for i in docs)

    def row(f: Fact) -> str:
        minority = _fact_minority(f)
        sides = _fact_sides(f)
        if f.status == "disputed":
            label = (f'<span class="tag tag-disputed">disputed</span> <strong>{_e(f.question)}</strong> '
                     f'<span class="muted">{_e(f.id)} · {_e(f.kind.value)}</span><br><span class="muted">'
                     + " vs ".join(f"{_e(a)} ({len(d)})" for _, a, d in sides) + "</span>")
        else:
            label = (f'<strong>{_e(f.question)}</strong> <span class="muted">{_e(f.id)} · {_e(f.kind.value)}'
                     f"</span><br><span class=\"muted\">{_e(sides[0][1] if sides else '')} "
                     f"({len(f.outlets)} outlets)</span>")
        by_doc: dict[str, list] = {}
        for v in f.values:
            by_doc.setdefault(v.doc_id, []).append(v)
        cells = []
        for doc in docs:
            vals = by_doc.get(doc, [])
            if not vals:
                cells.append(f'<td class="fv fv-none" title="{_e(names[doc])}: does not answer">·</td>')
                continue
            shown: dict[tuple[str, bool], str] = {}  # one span per distinct wording and side
            for v in vals:
                key = (" ".join(v.value.split()), v.answer in minority)
                shown.setdefault(key, v.normalized)
            odd = [m for _, m in shown]
            cls = "fv fv-minority" if all(odd) else "fv"  # a mixed cell highlights only its differing values
            mark = ' class="minority"'
            spans = "".join(f"<span{mark if m and not all(odd) else ''}>{_e(t)}</span>" for t, m in shown)
            tip = "; ".join(f"{t} (read as {n})" if n and n != t else t for (t, _), n in shown.items())
            cells.append(f'<td class="{cls}" title="{_e(names[doc])}: {_e(tip)}">{spans}</td>')
        cls = ' class="fact-disputed"' if f.status == "disputed" else ""
        return f"<tr{cls}><td class='group'>{label}</td>{''.join(cells)}</tr>"

    bodies = []
    if disputed:
        bodies.append(f'<tbody class="disputed">{"".join(row(f) for f in disputed)}</tbody>')
    if agreed:
        bodies.append(f'<tbody class="agreed">{"".join(row(f) for f in agreed)}</tbody>')
    return (
        f'{counts}<div class="scroll"><table class="facts"><thead><tr><th>question</th>{head}</tr></thead>'
        f"{''.join(bodies)}</table></div>"
    )


def html(report: Report, *, title: str = "factcheck report", include_articles: bool = True,
         fragment: bool = False) -> str:
    """One self-contained HTML page: no scripts, no external assets, every piece of article text escaped.

    A Content-Security-Policy forbids any script or network fetch, as a second line of defence behind escaping.

    Args:
        report: the report to render.
        title: the page title.
        include_articles: append each article's full original text (collapsed) for reference.
        fragment: return only a ``<div>`` with its own scoped styles, for embedding in another page (Jupyter):
            every style rule is scoped under ``.fc`` so the host page is left alone.

    Example:
        >>> from factcheck.models import Document, Report
        >>> "&lt;b&gt;" in html(Report(documents=(Document(id="a", text="<b>"), Document(id="b", text=""))))
        True
    """
    s = report.summary()
    sev = ", ".join(f"{n} {k}" for k, n in s["by_severity"].items())
    head = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
        "img-src data:; form-action 'none'; base-uri 'none'\">",
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{_e(title)}</title></head><body class=\"fc-page\">",
    ]
    parts = [
        *([] if fragment else head),
        f'<div class="fc"><style>{_CSS}</style>',
        f"<header><h1>{_e(title)}</h1>",
        f'<p>{s["documents"]} articles, {s["claims"]} claims, {s["groups"]} claim groups: '
        f'<strong>{_counted({**s, "by_severity": {}})}</strong>{" (" + sev + ")" if sev else ""}, '
        f'{_n(s["variants"], "spelling variant", "spelling variants")}, {s["uncorroborated"]} uncorroborated, '
        f'{_n(s["removed"], "removed piece", "removed pieces")}. '
        f'<span class="muted">Report schema {_e(report.schema_version)}.</span></p></header>',
        '<h2>Articles</h2><div class="scroll"><table class="articles"><thead><tr><th>id</th><th>outlet</th>'
        "<th>title</th><th>published</th><th>link</th></tr></thead><tbody>",
    ]
    for d in report.documents:
        url = ""
        if d.url:
            # only plain web links become links; anything else (javascript:, data:) is shown as text
            url = (
                f'<a href="{_e(d.url)}" title="{_e(d.url)}" rel="noopener noreferrer nofollow">'
                f"{_e(_SHOWN_URL.sub('', d.url))}</a>"
                if d.url.lower().startswith(_SAFE_URL)
                else f"<code>{_e(d.url)}</code>"
            )
        pub = _e(d.published.isoformat()) if d.published else ""
        if d.published and d.published_guessed:  # a date found in the header, text or URL is not a guess
            pub += (' <span class="muted" title="no date found in this article: the story&#x27;s most common date">'
                    "(guessed)</span>")
        parts.append(
            f"<tr><td class='id'>{_e(d.id)}</td><td class='outlet'>{_e(d.outlet or '')}</td>"
            f"<td class='title'>{_e(d.title or '')}"
            f"</td><td>{pub}</td><td class='link'>{url}</td></tr>"
        )
    parts.append("</tbody></table></div>")
    parts.append("<h2>Discrepancies</h2>")
    found = _sorted(report)
    if found:
        parts.append("<table><thead><tr><th>id</th><th>severity</th><th>kind</th><th>summary</th></tr></thead><tbody>")
        for d in found:
            parts.append(
                f'<tr><td><a href="#{_anchor("d-", d.id)}">{_e(d.id)}</a></td>'
                f'<td><span class="sev sev-{d.severity.value}">{d.severity.value}</span></td>'
                f"<td>{_e(d.kind.value)}</td><td>{_e(d.summary)}</td></tr>"
            )
        parts.append("</tbody></table>")
        parts.extend(_html_finding(report, d) for d in found)
    else:
        parts.append('<p class="muted">No discrepancies found.</p>')
    if report.facts:
        parts.append('<h2 id="facts">Facts: what each outlet says</h2>')
        parts.append(_html_facts(report))
    parts.append("<h2>Coverage: who reports what</h2>")
    parts.append(_html_matrix(report))
    if report.variants:
        parts.append("<h2>Spelling variants (not discrepancies)</h2><ul>")
        for v in report.variants:
            forms = "; ".join(f"{_e(f.text)} <span class='muted'>({_e(', '.join(f.doc_ids))})</span>" for f in v.forms)
            parts.append(f"<li><strong>{_e(v.canonical)}</strong>: {forms}</li>")
        parts.append("</ul>")
    omissions = [u for u in report.uncorroborated if u.reason == "omission"]
    singles = [u for u in report.uncorroborated if u.reason == "single_source"]
    if omissions or singles:
        parts.append("<h2>Uncorroborated</h2>")
    if omissions:
        parts.append("<h3>Details only one outlet gives</h3><ul>")
        for u in omissions:
            parts.append(
                f"<li>{_e(_doc_name(report, u.doc_id))}: <mark>{_e(u.detail or '')}</mark> "
                f"<span class='muted'>(not in {_e(', '.join(u.missing_from))})</span> — {_e(u.text)}</li>"
            )
        parts.append("</ul>")
    if singles:
        parts.append(f"<details><summary>{len(singles)} claims only one outlet makes</summary><ul>")
        parts.extend(f"<li>{_e(_doc_name(report, u.doc_id))}: {_e(u.text)}</li>" for u in singles)
        parts.append("</ul></details>")
    if report.off_event:
        parts.append(f"<h2>{_e(OFF_EVENT_TITLE)}</h2><ul>")
        parts.extend(f"<li>{_e(_doc_name(report, o.doc_id))}: {_e(o.reason)}</li>" for o in report.off_event)
        parts.append("</ul>")
    if report.warnings:
        parts.append("<h2>Warnings</h2><ul>")
        parts.extend(f"<li>{_e(w)}</li>" for w in report.warnings)
        parts.append("</ul>")
    if report.removed:
        parts.append(f"<details><summary>{len(report.removed)} pieces of text removed by the cleaner</summary><ul>")
        parts.extend(
            f"<li>{_e(r.doc_id)} [{r.start}:{r.end}] <span class='muted'>{_e(r.reason)}</span>: "
            f"{_e(_one_line(r.text, 200))}</li>"
            for r in report.removed
        )
        parts.append("</ul></details>")
    if include_articles:
        parts.append("<h2>Articles as given</h2>")
        for d in report.documents:
            parts.append(
                f"<details><summary>{_e(_doc_name(report, d.id))}{': ' + _e(d.title) if d.title else ''}</summary>"
                f'<div class="article">{_e(d.text)}</div></details>'
            )
    parts.append('<footer><p class="muted">Generated by factcheck.</p></footer></div>')
    if not fragment:
        parts.append("</body></html>")
    return "\n".join(parts) + "\n"


# --------------------------------------------------------------------------------------------------- terminal


def _ws(t: str) -> str:
    return _WS.sub(" ", t)


def _letter(i: int) -> str:
    """Column key for the i-th document: A, B, ... Z, AA, AB ... (outlet names do not fit 80 columns)."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(65 + r) + out
    return out


def terminal(report: Report, *, width: int = 80, color: bool = False) -> str:
    """A terminal view with tables (and colour when ``color``), laid out for ``width`` columns.

    Uses ``rich`` when it is installed (it comes with spaCy) and falls back to :func:`text` otherwise. Article
    text is handed to rich as plain text, never as markup, so brackets in an article cannot restyle the output.

    Example:
        >>> from factcheck.models import Document, Report
        >>> "0 discrepancies" in terminal(Report(documents=(Document(id="a", text=""), Document(id="b", text=""))))
        True
    """
    try:
        from rich import box
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text
    except ImportError:  # pragma: no cover - rich ships with spaCy's dependencies
        return text(report, width=width)

    buf = io.StringIO()
    con = Console(
        file=buf, width=width, force_terminal=color, color_system="standard" if color else None,
        no_color=not color, highlight=False, emoji=False, markup=False,
    )
    sev_style = {"high": "bold white on red", "medium": "bold black on yellow", "low": "bold white on blue"}
    s = report.summary()
    con.print(Text("factcheck report", style="bold"))
    con.print(Text(
        f"{s['documents']} articles, {s['claims']} claims, {s['groups']} claim groups, "
        f"{s['discrepancies']} discrepancies, {s['variants']} spelling variants, "
        f"{s['uncorroborated']} uncorroborated"
    ))
    letters = {d.id: _letter(i) for i, d in enumerate(report.documents)}
    docs = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    docs.add_column("", no_wrap=True)
    docs.add_column("article", overflow="fold")
    docs.add_column("outlet", overflow="fold")
    for d in report.documents:
        docs.add_row(letters[d.id], Text(d.id), Text(d.outlet or "-"))
    con.print(docs)
    if report.off_event:
        con.print(Text(OFF_EVENT_TITLE, style="bold"))
        for o in report.off_event:
            con.print(Text(f"  {letters.get(o.doc_id, '?')} {o.doc_id}: {o.reason}"))
    for d in _sorted(report):
        con.print()
        head = Text()
        head.append(f" {d.severity.value.upper()} ", style=sev_style[d.severity.value])
        head.append(f" {d.kind.value}", style="bold")
        head.append(f"  {d.id} · confidence {d.confidence:.2f}" + (" · internal" if d.internal else ""), style="dim")
        con.print(head)
        con.print(Text(d.summary))
        t = Table(box=box.SIMPLE, show_edge=False, pad_edge=False, expand=True)
        t.add_column("", no_wrap=True, width=2)
        t.add_column("value", ratio=1, overflow="fold")
        t.add_column("sentence", ratio=3, overflow="fold")
        for e in d.evidence:
            sent = Text()
            span = focus_span(report, e)
            if span is None:
                sent.append(_ws(e.text).strip())
            else:
                a, b = span
                sent.append(_ws(e.text[:a]).lstrip())
                sent.append(_ws(e.text[a:b]), style="bold reverse")
                sent.append(_ws(e.text[b:]).rstrip())
            t.add_row(letters.get(e.doc_id, "?"), Text(e.value or "-", style="bold"), sent)
        con.print(t)
        if d.diff:
            diff = Text("word diff: ")
            for op, part in diff_parts(d.diff):
                if op == "-":
                    diff.append(f"[-{part}-]", style="red strike")
                elif op == "+":
                    diff.append(f"{{+{part}+}}", style="green")
                else:
                    diff.append(part)
            con.print(diff)
    if not report.discrepancies:
        con.print(Text("No discrepancies found.", style="green"))
    if report.facts:
        disputed, agreed = _fact_rows(report)
        con.print()
        con.print(Text("Facts", style="bold"))
        con.print(Text(_fact_counts(report, agreed)))
        for f in disputed:
            line = Text("  ")
            line.append(_ws(f.question), style="bold")
            line.append(": " + " vs ".join(
                f"{_ws(a)} ({', '.join(letters.get(x, x) for x in docs)})" for _, a, docs in _fact_sides(f)))
            con.print(line)
    cov = coverage(report)
    if cov.rows:
        con.print()
        con.print(Text("Coverage (✓ agrees, ✗ differs from the consensus, · absent)", style="bold"))
        m = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=True)
        m.add_column("claim group", ratio=1, overflow="ellipsis", no_wrap=True)
        for doc in cov.doc_ids:
            m.add_column(letters[doc], justify="center", no_wrap=True)
        styles = {"agree": "green", "disagree": "bold red", "absent": "dim"}
        for r in cov.rows:
            m.add_row(Text(r.label), *(Text(_CELL_SYMBOL[c], style=styles[c]) for c in r.cells))
        con.print(m)
    if report.variants:
        con.print()
        con.print(Text("Spelling variants (not discrepancies)", style="bold"))
        for v in report.variants:
            forms = "; ".join(f"{f.text} ({', '.join(letters.get(x, x) for x in f.doc_ids)})" for f in v.forms)
            con.print(Text(f"  {v.canonical}: {forms}"))
    return buf.getvalue()


# --------------------------------------------------------------------------------------------------- repr


def _cut(t: str, limit: int) -> str:
    t = " ".join(t.split())
    return t if len(t) <= limit else t[: max(limit - 1, 0)].rstrip() + "…"


def findings_table(found, *, limit: int = 20, width: int = 100) -> str:
    """A few lines for a REPL: how many discrepancies, by severity, then one row each (most severe first).

    Example:
        >>> print(findings_table([]))
        0 discrepancies
    """
    found = sorted(found, key=lambda d: (_SEV_ORDER[d.severity.value], _natural(d.id)))
    by_sev: dict[str, int] = {}
    for d in found:
        by_sev[d.severity.value] = by_sev.get(d.severity.value, 0) + 1
    counts = {"discrepancies": len(found), "by_severity": {k: by_sev[k] for k in _SEV_ORDER if k in by_sev}}
    lines = [_counted(counts)]
    shown = found[:limit]
    if shown:
        wid = max(len(d.id) for d in shown)
        wkind = max(len(d.kind.value) + (9 if d.internal else 0) for d in shown)
        for d in shown:
            kind = d.kind.value + (" internal" if d.internal else "")
            head = f"  {d.id:<{wid}}  {d.severity.value:<6}  {kind:<{wkind}}  "
            lines.append(head + _cut(d.summary, max(width - len(head), 20)))
    if len(found) > limit:
        lines.append(f"  … and {len(found) - limit} more")
    return "\n".join(lines)


def brief(report: Report, *, top: int = 5, width: int = 100) -> str:
    """A short summary of a report for ``repr()`` in a REPL or notebook (the full data: ``.model_dump()``).

    Example:
        >>> from factcheck.models import Document, Report
        >>> print(brief(Report(documents=(Document(id="a", text=""), Document(id="b", text="")))))
        factcheck Report: 2 articles, 0 claims, 0 claim groups, 0 discrepancies
          outlets: a, b
          .filter(kind=, severity=, outlet=) selects findings; .to_text() reads them; .model_dump() has all the data
    """
    s = report.summary()
    lines = [f"factcheck Report: {s['documents']} articles, {s['claims']} claims, {s['groups']} claim groups, "
             f"{_counted(s)}"]
    names = [f"{d.outlet} ({d.id})" if d.outlet else d.id for d in report.documents]
    outlets = ", ".join(names[:8]) + (f", … {len(names) - 8} more" if len(names) > 8 else "")
    lines.append("  outlets: " + _cut(outlets, width - 11))
    if s["by_kind"]:
        lines.append("  by kind: " + ", ".join(f"{k} {n}" for k, n in s["by_kind"].items()))
    if report.discrepancies:
        table = findings_table(report.discrepancies, limit=top, width=width - 2).splitlines()[1:]
        lines.append(f"  top {min(top, len(report.discrepancies))}:")
        lines.extend("  " + ln for ln in table)
    extra = [_n(s[k], one, many) for k, one, many in (("variants", "spelling variant", "spelling variants"),
                                                     ("uncorroborated", "uncorroborated claim", "uncorroborated claims"),
                                                     ("removed", "removed piece", "removed pieces")) if s[k]]
    if report.off_event:
        extra.append(_n(len(report.off_event), "article about another event", "articles about another event")
                     + " (left out)")
    if report.warnings:
        extra.append(f"{len(report.warnings)} warnings")
    if extra:
        lines.append("  " + ", ".join(extra))
    lines.append("  .filter(kind=, severity=, outlet=) selects findings; .to_text() reads them; "
                 ".model_dump() has all the data")
    return "\n".join(lines)
