"""Story clustering on ECB+: B-cubed P/R/F1 and topics kept apart, for factcheck.cluster and a baseline.

Gold story = ECB+ subtopic (``t<NN>_ecb`` / ``t<NN>_ecbplus``: two events of the same kind per topic). Articles
are fed in publication order where known (dated articles by date, then the undated ones by id); ``--shuffles N``
adds N random orders to show how much the online clustering depends on arrival order.

The baseline is TF-IDF (scikit-learn's vectoriser, English stop words, sublinear tf) with average-link
agglomerative clustering on cosine distance, cut at the distance that scores best on the same data (so it is an
optimistic baseline).

``--cv`` chooses the clustering settings by two-fold cross-validation over topics (odd / even topic numbers):
a grid is scored on one half alone and the best setting is reported on the other half.

Usage:
    PYTHONPATH=$PWD python scripts/benchmark_stories.py [--data ../shared/ecbplus] [--cv] [--shuffles 3]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

import factcheck
from factcheck.cluster import cluster


def load(data: Path) -> tuple[list[factcheck.Document], dict[str, str]]:
    docs, gold = [], {}
    for sub in sorted(p for p in data.iterdir() if p.is_dir()):
        for f in sorted(sub.glob("*.json")):
            obj = json.loads(f.read_text())
            docs.append(factcheck.Document(id=obj["id"], text=obj["text"], outlet=obj.get("outlet"),
                                           url=obj.get("url"), published=obj.get("published")))
            gold[obj["id"]] = sub.name
    return docs, gold


def publication_order(docs):
    return sorted(docs, key=lambda d: (d.published is None, d.published or "", d.id))


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998), averaged over items."""
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for d, c in pred.items():
        by_pred[c].add(d)
    for d in pred:
        by_gold[gold[d]].add(d)
    p = r = 0.0
    for d in pred:
        same = by_pred[pred[d]] & by_gold[gold[d]]
        p += len(same) / len(by_pred[pred[d]])
        r += len(same) / len(by_gold[gold[d]])
    p, r = p / len(pred), r / len(pred)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def kept_apart(pred: dict[str, str], gold: dict[str, str]) -> tuple[int, int]:
    """Topics whose two subtopics share no predicted story, and the number of topics."""
    topics = defaultdict(lambda: defaultdict(set))  # topic -> predicted story -> subtopics in it
    for d, c in pred.items():
        topic = gold[d].split("_")[0]
        topics[topic][c].add(gold[d])
    apart = sum(1 for t in topics.values() if all(len(subs) == 1 for subs in t.values()))
    return apart, len(topics)


def _cache_features() -> None:
    """Grid searches re-read the same texts many times: remember each text's features (benchmark only)."""
    import functools

    import importlib

    mod = importlib.import_module("factcheck.cluster")

    if not hasattr(mod.features, "cache_info"):
        mod.features = functools.lru_cache(maxsize=None)(mod.features)


def run_ours(docs, gold, config=None):
    stories = cluster(docs, config=config)
    pred = {d: s.id for s in stories for d in s.doc_ids}
    return (*bcubed(pred, gold), *kept_apart(pred, gold))


def run_baseline(docs, gold, thresholds=(0.6, 0.7, 0.75, 0.8, 0.85, 0.9)):
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform([d.text for d in docs]).toarray()
    best = None
    for t in thresholds:
        labels = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                         distance_threshold=t).fit_predict(x)
        pred = {d.id: str(lab) for d, lab in zip(docs, labels)}
        row = (*bcubed(pred, gold), *kept_apart(pred, gold), t)
        if best is None or row[2] > best[2]:
            best = row
    return best


GRID = {
    "story_threshold": [0.22, 0.25, 0.28],
    "story_merge_threshold": [0.45, 1.0],
    "story_lead_weight": [1.0, 2.0],
    "story_name_weight": [0.7],
}


def grid_search(docs, gold):
    _cache_features()
    best = None
    for values in itertools.product(*GRID.values()):
        cfg = dict(zip(GRID, values))
        row = run_ours(docs, gold, cfg)
        key = (row[2], row[3])
        if best is None or key > best[0]:
            best = (key, cfg, row)
    return best[1], best[2]


def fmt(name, row):
    p, r, f, apart, topics = row[:5]
    return f"{name:<34} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  topics kept apart {apart}/{topics}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "ecbplus"))
    ap.add_argument("--cv", action="store_true", help="two-fold cross-validation over topics of the settings grid")
    ap.add_argument("--choose", action="store_true", help="grid-search the settings on all topics (the defaults)")
    ap.add_argument("--shuffles", type=int, default=0, help="also score this many random arrival orders")
    args = ap.parse_args()
    docs, gold = load(Path(args.data))
    docs = publication_order(docs)
    print(f"{len(docs)} articles, {len(set(gold.values()))} gold stories")
    t = time.perf_counter()
    row = run_ours(docs, gold)
    took = time.perf_counter() - t
    print(fmt("factcheck.cluster (defaults)", row) + f"  ({took:.1f} s)")
    base = run_baseline(docs, gold)
    print(fmt(f"TF-IDF average-link (cut {base[5]})", base))
    for seed in range(args.shuffles):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        print(fmt(f"factcheck.cluster, random order {seed}", run_ours(shuffled, gold)))
    if args.choose:
        cfg, row = grid_search(docs, gold)
        print(f"chosen on all topics: {cfg}")
        print(fmt("  on all topics", row))
    if args.cv:
        halves = {
            "odd": [d for d in docs if int(gold[d.id][1:3]) % 2 == 1],
            "even": [d for d in docs if int(gold[d.id][1:3]) % 2 == 0],
        }
        for train, test in (("odd", "even"), ("even", "odd")):
            cfg, train_row = grid_search(halves[train], gold)
            print(f"chosen on {train} topics: {cfg}")
            print(fmt(f"  on {train} topics (train)", train_row))
            print(fmt(f"  on {test} topics (held out)", run_ours(halves[test], gold, cfg)))
            print(fmt(f"  baseline on {test} topics", run_baseline(halves[test], gold)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
