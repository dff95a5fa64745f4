"""Score cross-document event coreference on the ECB+ dev topics in ../shared/ecbplus.

    PYTHONPATH=$PWD python scripts/benchmark_events.py [--topics 2 5 ...] [--no-end-to-end]

Table 1, gold mentions: MUC, B-cubed, CEAF-e and CoNLL F1 (factcheck/eventscore.py), micro-averaged over the
subtopics (the subtopics scored as one corpus, clustering within each), over the event mentions in validated
sentences (the standard setting) and over all event mentions; beside the singleton and same-head (lowercased
last token) baselines scored by the same code. Per-subtopic CoNLL follows.
Table 2, end-to-end: the mentions `factcheck.check` detects (its own cleaned and segmented sentences, its parse
and its embedding pass) are clustered (all sentences of every document); each
gold mention takes the cluster of the detected mention on its head word (or any word of it); a gold mention
that no detected mention covers is a singleton. Detected mentions that are not gold are left out of the score;
mention recall is the share of gold mentions covered. ECB+: Cybulska & Vossen 2014, CC BY 3.0.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ecbplus_data as E  # noqa: E402

from factcheck.event_coref import _head, cluster, load_model, pair_scores, read_units, same_head, story_units  # noqa: E402


def gold_tables(subs, model):
    rows = {}
    per = []
    for setting in ("validated", "all"):
        parts = {"factcheck": [], "same head": [], "singletons": []}
        for s in subs:
            idx = np.flatnonzero(s.validated) if setting == "validated" else np.arange(len(s.chains))
            f = E.subset(s.features, idx)
            chains = [s.chains[r] for r in idx]
            ours = cluster(pair_scores(f, model), model.threshold)
            head = same_head(f.mentions)
            parts["factcheck"].append((s.name, chains, ours))
            parts["same head"].append((s.name, chains, head))
            parts["singletons"].append((s.name, chains, list(range(len(idx)))))
            if setting == "validated":
                per.append((s.name, len(idx), E.micro([(s.name, chains, ours)])[3],
                            E.micro([(s.name, chains, head)])[3]))
        rows[setting] = {k: E.micro(v) for k, v in parts.items()}
    return rows, per


def end_to_end(topics, model):
    from factcheck.nlp import get_nlp

    out = {"validated": [[], 0, 0], "all": [[], 0, 0]}
    for folder in E.subtopics(topics):
        docs, gold, validated = E.read_folder(folder)
        cache = E.CACHE / f"{folder.name}-detected-check-{E.FEATURES}.pkl"
        if cache.is_file():
            f = pickle.loads(cache.read_bytes())
        else:  # what factcheck.check reads: its cleaned, segmented, parsed and embedded sentences
            f = read_units(story_units(docs))
            cache.write_bytes(pickle.dumps(f))
        labels = cluster(pair_scores(f, model), model.threshold)
        at = {}
        for m, lab in zip(f.mentions, labels):
            at[(m.doc_id, m.start)] = lab
        by_doc = {}
        for m, lab in zip(f.mentions, labels):
            by_doc.setdefault(m.doc_id, []).append((m.start, m.end, lab))
        nlp = get_nlp()
        text = {d.id: d.text for d in docs}
        for setting in ("validated", "all"):
            chains, pred = [], []
            found = 0
            for k, (g, ok) in enumerate(zip(gold, validated)):
                if setting == "validated" and not ok:
                    continue
                cands = [(s, e, lab) for s, e, lab in by_doc.get(g["doc_id"], []) if s < g["end"] and e > g["start"]]
                lab = None
                if len(cands) > 1:  # a multi-word gold mention: the detected mention on its head word
                    sd = nlp(text[g["doc_id"]][g["start"]:g["end"]])
                    h = _head(sd, 0, len(sd.text))
                    hs = g["start"] + h.idx if h is not None else None
                    lab = next((c[2] for c in cands if c[0] == hs), cands[0][2])
                elif cands:
                    lab = cands[0][2]
                if lab is None:
                    pred.append(("missed", k))
                else:
                    found += 1
                    pred.append(lab)
                chains.append(g["chain"])
            out[setting][0].append((folder.name, chains, pred))
            out[setting][1] += found
            out[setting][2] += len(chains)
    return {k: (E.micro(v[0]), v[1] / max(1, v[2]), v[1], v[2], sum(len(x) for x in [])) for k, v in out.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--topics", type=int, nargs="+", default=list(E.DEV))
    ap.add_argument("--no-end-to-end", action="store_true")
    args = ap.parse_args()
    t0 = time.time()
    subs = E.load(args.topics)
    model = load_model()
    rows, per = gold_tables(subs, model)
    print(f"ECB+ topics {args.topics}: {len(subs)} subtopics, gold event mentions "
          f"(F1, micro over subtopics, clustering within each subtopic; threshold {model.threshold:.2f})\n")
    print("| mentions | system | MUC | B-cubed | CEAF-e | CoNLL F1 |\n|---|---|---:|---:|---:|---:|")
    for setting, by in rows.items():
        n = sum(int(s.validated.sum()) if setting == "validated" else len(s.chains) for s in subs)
        for name, sc in by.items():
            print(f"| {setting} ({n}) | {name} | " + " | ".join(f"{100 * x:.1f}" for x in sc) + " |")
    print("\n| subtopic | validated event mentions | factcheck CoNLL | same head CoNLL |\n|---|---:|---:|---:|")
    for name, n, a, b in per:
        print(f"| {name} | {n} | {100 * a:.1f} | {100 * b:.1f} |")
    if not args.no_end_to_end:
        e2e = end_to_end(args.topics, model)
        print("\nEnd-to-end (mentions detected by factcheck; missed gold mentions are singletons)\n")
        print("| gold mentions | mention recall | MUC | B-cubed | CEAF-e | CoNLL F1 |\n|---|---:|---:|---:|---:|---:|")
        for setting, (sc, rec, found, total, _) in e2e.items():
            print(f"| {setting} ({total}) | {rec:.3f} ({found}/{total}) | "
                  + " | ".join(f"{100 * x:.1f}" for x in sc) + " |")
    print(f"\n({time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
