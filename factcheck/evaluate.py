"""Score a report against a gold annotation in the ``gold.json`` format of the reference story.

The gold file lists ``discrepancies`` (each with ``type``, ``secondary_types``, ``expected_flag`` must / should /
optional / must-not, and verbatim ``spans`` with a ``key_phrase``) and ``claim_groups`` (sentences of several
outlets that state one fact). Matching rules, chosen to be strict enough that a match means "a journalist would
say the checker found it":

- a reported discrepancy *matches* a gold item when its kind is the gold type or one of its secondary types
  (``internal=True`` also counts as kind "internal"), and its evidence overlaps the gold spans in at least
  ``min(2, number of documents in the gold spans)`` documents;
- an omission (``uncorroborated`` with reason ``omission``) matches a gold ``omission-worth-flagging`` item when
  its span overlaps a gold span;
- an *alarm* on a must-not item is any discrepancy whose conflicting values (``evidence.focus``, or
  ``evidence.value`` found in the sentence) overlap the item's key phrases in two or more documents, whatever its
  kind;
- precision counts every reported discrepancy that matches no gold item (of any flag) as false.

Alignment is scored pairwise over the gold ``claim_groups`` members: a gold pair is recalled when some claim of
each sentence share a report group; predicted pairs among annotated sentences are precise when the two sentences
share a gold group.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from pathlib import Path

from factcheck.models import Report

__all__ = ["score", "Score", "load_gold", "format_score", "ClusterScore", "score_cluster", "find_clusters",
           "cluster_paths", "cluster_gold", "micro", "format_clusters"]

_TYPE_TO_KINDS = {
    "location": {"location"},
    "numeric": {"number"},
    "temporal/date-time": {"time"},
    "quote-wording": {"quote"},
    "attribution": {"attribution"},
    "modality/certainty": {"modality"},
    "negation/polarity": {"negation"},
    "entity/name-spelling": {"entity"},
    "garbled/incoherent phrasing": {"garbled"},
    "internal": {"internal"},
    "omission-worth-flagging": {"omission"},
    "other": {"number", "entity", "garbled"},
}


@dataclass
class Score:
    recall: dict[str, float]  # by expected_flag
    found: dict[str, list[str]]
    missed: dict[str, list[str]]
    must_not_alarms: list[str]
    precision: float
    matched_discrepancies: dict[str, list[str]]  # report id -> gold ids
    unmatched_discrepancies: list[str]
    high_found: list[str]
    high_total: list[str]
    align_precision: float
    align_recall: float
    details: dict = field(default_factory=dict)


def load_gold(path: str | Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _doc_map(report: Report, gold: dict) -> dict[str, str]:
    """Gold doc key ("000") -> report document id, via the gold's file names."""
    out = {}
    ids = {d.id for d in report.documents}
    for d in gold.get("documents", []):
        stem = Path(d.get("file", "")).stem
        if stem in ids:
            out[d["doc"]] = stem
        elif d["doc"] in ids:
            out[d["doc"]] = d["doc"]
    return out


def _locate(report: Report, doc_id: str, text: str) -> tuple[int, int] | None:
    body = report.document(doc_id).text
    i = body.find(text)
    return (i, i + len(text)) if i >= 0 else None


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _gold_spans(report: Report, item: dict, dmap: dict[str, str], key: str = "text"):
    out = []
    for s in item.get("spans", item.get("members", [])):
        doc = dmap.get(s["doc"])
        if doc is None:
            continue
        where = _locate(report, doc, s.get(key) or s["text"])
        if where is None and key == "key_phrase":
            where = _locate(report, doc, s["text"])
        if where:
            out.append((doc, where))
    return out


def _kinds(d) -> set[str]:
    k = {d.kind.value}
    if d.internal:
        k.add("internal")
    return k


def _matches(d, item: dict, spans) -> bool:
    allowed = set().union(*(_TYPE_TO_KINDS.get(t, set()) for t in [item["type"], *item.get("secondary_types", [])]))
    if not (_kinds(d) & allowed):
        return False
    gold_docs = {doc for doc, _ in spans}
    hit_docs = {doc for doc, where in spans for e in d.evidence if e.doc_id == doc and _overlap((e.start, e.end), where)}
    return len(hit_docs) >= min(2, len(gold_docs)) and bool(hit_docs)


def _value_spans(report: Report, d):
    for e in d.evidence:
        if e.focus is not None:
            yield e.doc_id, (e.focus.start, e.focus.end)
        elif e.value:
            i = e.text.find(e.value)
            if i >= 0:
                yield e.doc_id, (e.start + i, e.start + i + len(e.value))


def score(report: Report, gold: dict) -> Score:
    dmap = _doc_map(report, gold)
    items = gold.get("discrepancies", [])
    flags = ("must", "should", "optional")
    found: dict[str, list[str]] = {f: [] for f in flags}
    missed: dict[str, list[str]] = {f: [] for f in flags}
    matched: dict[str, list[str]] = {}
    alarms: list[str] = []
    omissions = [u for u in report.uncorroborated if u.reason == "omission"]
    for item in items:
        flag = item.get("expected_flag")
        spans = _gold_spans(report, item, dmap)
        if flag == "must-not":
            keys = _gold_spans(report, item, dmap, key="key_phrase")
            for d in report.discrepancies:
                docs = {doc for doc, v in _value_spans(report, d) for kdoc, k in keys if kdoc == doc and _overlap(v, k)}
                if len(docs) >= 2:
                    alarms.append(f"{item['id']} by {d.id}")
            continue
        hit = False
        for d in report.discrepancies:
            if _matches(d, item, spans):
                matched.setdefault(d.id, []).append(item["id"])
                hit = True
        if item["type"] == "omission-worth-flagging" or "omission-worth-flagging" in item.get("secondary_types", []):
            for u in omissions:
                if any(doc == u.doc_id and _overlap((u.start, u.end), where) for doc, where in spans):
                    hit = True
        if flag in found:
            (found if hit else missed)[flag].append(item["id"])
    recall = {f: (len(found[f]) / (len(found[f]) + len(missed[f])) if found[f] or missed[f] else 1.0) for f in flags}
    unmatched = [d.id for d in report.discrepancies if d.id not in matched]
    precision = (1 - len(unmatched) / len(report.discrepancies)) if report.discrepancies else 1.0
    highs = [i["id"] for i in items if i.get("severity") == "high" and i.get("is_real_discrepancy", True)
             and i.get("expected_flag") != "must-not"]
    all_found = set(itertools.chain.from_iterable(found.values()))
    ap, ar = _align_score(report, gold, dmap)
    return Score(recall=recall, found=found, missed=missed, must_not_alarms=alarms, precision=precision,
                 matched_discrepancies=matched, unmatched_discrepancies=unmatched,
                 high_found=[h for h in highs if h in all_found], high_total=highs,
                 align_precision=ap, align_recall=ar)


def _align_score(report: Report, gold: dict, dmap: dict[str, str]) -> tuple[float, float]:
    # Each gold member sentence -> the report claims whose sentence overlaps it.
    members: dict[tuple[str, tuple[int, int]], set[str]] = {}
    group_of: dict[tuple[str, tuple[int, int]], set[str]] = {}
    for g in gold.get("claim_groups", []):
        for doc, where in _gold_spans(report, g, dmap):
            key = (doc, where)
            group_of.setdefault(key, set()).add(g["id"])
            members.setdefault(key, set())
    for c in report.claims:
        for (doc, where) in members:
            if c.doc_id == doc and _overlap((c.sentence_start, c.sentence_end), where):
                members[(doc, where)].add(c.id)
    claim_group: dict[str, set[str]] = {}
    for g in report.groups:
        for cid in g.claim_ids:
            claim_group.setdefault(cid, set()).add(g.id)
    keys = sorted(members)
    tp = fn = fp = 0
    for a, b in itertools.combinations(keys, 2):
        if a == b:
            continue
        gold_same = bool(group_of[a] & group_of[b])
        ga = set().union(*(claim_group.get(c, set()) for c in members[a])) if members[a] else set()
        gb = set().union(*(claim_group.get(c, set()) for c in members[b])) if members[b] else set()
        pred_same = bool(ga & gb)
        if gold_same and pred_same:
            tp += 1
        elif gold_same:
            fn += 1
        elif pred_same:
            fp += 1
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall


def format_score(s: Score, report: Report | None = None) -> str:
    lines = ["expected_flag  recall  found/total  missed"]
    for f in ("must", "should", "optional"):
        total = len(s.found[f]) + len(s.missed[f])
        lines.append(f"{f:<13}  {s.recall[f]:.2f}    {len(s.found[f]):>2}/{total:<2}       {', '.join(s.missed[f])}")
    lines.append(f"high-severity items found: {len(s.high_found)}/{len(s.high_total)} ({', '.join(s.high_found)})")
    lines.append(f"must-not alarms: {len(s.must_not_alarms)} {', '.join(s.must_not_alarms)}")
    n = len(s.matched_discrepancies) + len(s.unmatched_discrepancies)
    lines.append(f"precision: {s.precision:.2f} ({len(s.matched_discrepancies)}/{n} reported discrepancies match a gold item)")
    if report is not None:
        for did in s.unmatched_discrepancies:
            d = next(x for x in report.discrepancies if x.id == did)
            lines.append(f"  unmatched {did}: {d.kind.value}: {d.summary[:140]}")
        for did, gids in sorted(s.matched_discrepancies.items(), key=lambda kv: int(kv[0][1:])):
            lines.append(f"  matched {did} -> {', '.join(gids)}")
    lines.append(f"alignment (gold claim_groups, pairwise): precision {s.align_precision:.2f}, recall {s.align_recall:.2f}")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ clusters
# The development-set format (../shared/devset/README.md): a cluster folder holds ``texts/*.txt`` (four header
# lines, then the article), an optional ``OFF_EVENT`` list of files to leave out, and ``gold.json`` with
# ``discrepancies`` (id, kind, severity, summary, spans [{doc, text}]) and ``controls`` (the same without kind and
# severity). The reference story's richer format (``expected/gold.json``) is read too: its must and should items
# count as annotated disagreements, its must-not items as controls, and a finding matching an optional item is
# neither right nor wrong.


@dataclass
class ClusterScore:
    """One cluster's figures, in the development-set scoring rule."""

    name: str
    annotated: int
    found: list[str]
    missed: list[str]
    reported: int
    matched: int
    neutral: int  # findings matching only an optional item (reference format): left out of precision
    controls: int
    alarms: list[str]  # "C3 by d7"
    top5_matched: int
    top5_reported: int
    unmatched: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return len(self.found) / self.annotated if self.annotated else 1.0

    @property
    def precision(self) -> float:
        n = self.reported - self.neutral
        return self.matched / n if n else 1.0


def cluster_paths(folder: str | Path) -> list[Path]:
    """The article files of a cluster folder, without those its ``OFF_EVENT`` file lists."""
    folder = Path(folder)
    texts = folder / "texts" if (folder / "texts").is_dir() else folder
    off = set()
    if (folder / "OFF_EVENT").is_file():
        off = {ln.strip() for ln in (folder / "OFF_EVENT").read_text(encoding="utf-8").splitlines() if ln.strip()}
    return sorted(p for p in texts.iterdir() if p.is_file() and p.suffix in {".txt", ".json", ".html", ".htm"}
                  and p.name not in off)


def find_clusters(folder: str | Path) -> list[Path]:
    """Cluster folders at or directly below ``folder``: those with a ``gold.json`` or ``expected/gold.json``."""
    folder = Path(folder)

    def is_cluster(p: Path) -> bool:
        return (p / "gold.json").is_file() or (p / "expected" / "gold.json").is_file()

    if is_cluster(folder):
        return [folder]
    return sorted(p for p in folder.iterdir() if p.is_dir() and is_cluster(p))


def cluster_gold(folder: str | Path) -> dict:
    folder = Path(folder)
    path = folder / "gold.json" if (folder / "gold.json").is_file() else folder / "expected" / "gold.json"
    return load_gold(path)


def _span_docs(report: Report, item: dict, *, key: str = "text") -> list[tuple[str, tuple[int, int]]]:
    """(doc id, (start, end)) of each annotated span; a document is named by its file name or its stem."""
    ids = {d.id for d in report.documents}
    by_source = {Path(d.source).name: d.id for d in report.documents if d.source}
    out = []
    for s in item.get("spans", []):
        name = s.get("file") or s["doc"]
        doc = by_source.get(name) or (Path(name).stem if Path(name).stem in ids else None)
        if doc is None and s["doc"] in ids:
            doc = s["doc"]
        if doc is None:
            continue
        where = _locate(report, doc, s.get(key) or s["text"])
        if where:
            out.append((doc, where))
    return out


def _hit_docs(d, spans) -> set[str]:
    return {doc for doc, where in spans for e in d.evidence if e.doc_id == doc and _overlap((e.start, e.end), where)}


def _hits(d, spans) -> bool:
    docs = {doc for doc, _ in spans}
    hit = _hit_docs(d, spans)
    return bool(hit) and len(hit) >= min(2, len(docs))


def _alarm(report: Report, d, spans) -> bool:
    """A finding raises an alarm on a control when the words it sets against each other (each evidence's focus or
    value, else its whole span) overlap the control's spans in at least min(2, documents in the control)
    documents: it flags the very difference the annotator says is none. A finding that merely quotes a
    sentence in which a control phrase also stands, about some other value, is not an alarm."""
    own = list(_value_spans(report, d)) or [(e.doc_id, (e.start, e.end)) for e in d.evidence]
    docs = {doc for doc, _ in spans}
    hit = {doc for doc, where in spans for vdoc, v in own if vdoc == doc and _overlap(v, where)}
    return bool(hit) and len(hit) >= min(2, len(docs))


def _split_gold(gold: dict) -> tuple[list[dict], list[dict], list[dict]]:
    """(disagreements, controls, neutral items) of a gold file in either format."""
    items = gold.get("discrepancies", [])
    if "controls" in gold or not any("expected_flag" in i for i in items):
        return items, gold.get("controls", []), []
    real = [i for i in items if i.get("expected_flag") in ("must", "should")]
    controls = [i for i in items if i.get("expected_flag") == "must-not"]
    neutral = [i for i in items if i.get("expected_flag") == "optional"]
    return real, controls, neutral


def score_cluster(report: Report, gold: dict, *, name: str = "", top: int = 5) -> ClusterScore:
    """Score one report against one cluster's gold by the development-set rule (see the module docstring)."""
    real, controls, neutral = _split_gold(gold)
    spans = {i["id"]: _span_docs(report, i) for i in real + neutral}
    # a control is the difference between its key phrases where the annotation gives them (reference format)
    spans.update({i["id"]: _span_docs(report, i, key="key_phrase") for i in controls})
    found, missed, alarms = [], [], []
    matched_ids: set[str] = set()
    neutral_ids: set[str] = set()
    for item in real:
        hit = [d.id for d in report.discrepancies if _hits(d, spans[item["id"]])]
        (found if hit else missed).append(item["id"])
        matched_ids.update(hit)
    for item in neutral:
        neutral_ids.update(d.id for d in report.discrepancies if _hits(d, spans[item["id"]]))
    neutral_ids -= matched_ids
    for item in controls:
        alarms += [f"{item['id']} by {d.id}" for d in report.discrepancies if _alarm(report, d, spans[item["id"]])]
    ranked = sorted(report.discrepancies, key=lambda d: -d.confidence)
    topk = [d for d in ranked if d.id not in neutral_ids][:top]
    return ClusterScore(
        name=name, annotated=len(real), found=found, missed=missed, reported=len(report.discrepancies),
        matched=len(matched_ids), neutral=len(neutral_ids), controls=len(controls), alarms=alarms,
        top5_matched=sum(d.id in matched_ids for d in topk), top5_reported=len(topk),
        unmatched=[d.id for d in report.discrepancies if d.id not in matched_ids | neutral_ids])


def micro(scores: list[ClusterScore]) -> dict[str, float]:
    """Micro-averaged figures over clusters."""
    ann = sum(s.annotated for s in scores)
    rep = sum(s.reported - s.neutral for s in scores)
    ctl = sum(s.controls for s in scores)
    t5 = sum(s.top5_reported for s in scores)
    return {
        "recall": sum(len(s.found) for s in scores) / ann if ann else 1.0,
        "found": sum(len(s.found) for s in scores), "annotated": ann,
        "precision": sum(s.matched for s in scores) / rep if rep else 1.0,
        "matched": sum(s.matched for s in scores), "reported": rep,
        "alarms": sum(len(s.alarms) for s in scores), "controls": ctl,
        "alarm_rate": sum(len(s.alarms) for s in scores) / ctl if ctl else 0.0,
        "top5_precision": sum(s.top5_matched for s in scores) / t5 if t5 else 1.0,
    }


def format_clusters(scores: list[ClusterScore]) -> str:
    """A per-cluster table and its micro average, as plain text."""
    head = f"{'cluster':<48} {'recall':>13} {'precision':>13} {'alarms':>8} {'top-5':>7}"
    lines = [head]
    for s in scores:
        p_n = s.reported - s.neutral
        # a cluster with nothing annotated has no recall, and one with no finding no precision: "n/a", not 1.00
        recall = f"{s.recall:5.2f}" if s.annotated else "  n/a"
        precision = f"{s.precision:5.2f}" if p_n else "  n/a"
        lines.append(f"{s.name[:48]:<48} {recall} {len(s.found):>3}/{s.annotated:<3} "
                     f"{precision} {s.matched:>3}/{p_n:<3} {len(s.alarms):>3}/{s.controls:<4} "
                     f"{s.top5_matched}/{s.top5_reported}")
    m = micro(scores)
    lines.append(f"{'micro':<48} {m['recall']:5.2f} {m['found']:>3}/{m['annotated']:<3} "
                 f"{m['precision']:5.2f} {m['matched']:>3}/{m['reported']:<3} "
                 f"{m['alarms']:>3}/{m['controls']:<4} {m['top5_precision']:.2f}")
    return "\n".join(lines)
