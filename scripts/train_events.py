"""Train the event pair model and the event-noun lexicon from the ECB+ train topics in ../shared/ecbplus.

    PYTHONPATH=$PWD python scripts/train_events.py

Writes ``factcheck/data/event_pairs.npz`` (logistic weights, feature scaling, clustering threshold, and the
tables of how often two mentions with one trigger stem, or with two given stems, name one event) and
``factcheck/data/event_nouns.txt``. Only the standard train topics are read (1, 3, 4, 6-11, 13, 14, 16, 19, 22,
25-33 here; 20 and 24 are withheld from ../shared); the clustering threshold and the regularisation are chosen by
5-fold cross-validation by topic over them, so the dev topics are never looked at. Deterministic: the solver
is exact (lbfgs, no sampling) and the folds are fixed. ECB+: Cybulska & Vossen 2014, CC BY 3.0.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ecbplus_data as E  # noqa: E402

from factcheck.event_coref import SCALARS, EventModel, _pair_key, cluster, pair_features, pair_scores, stems  # noqa: E402

THRESHOLDS = np.round(np.arange(0.20, 0.86, 0.05), 2)


def tables(subs, *, smooth: float = 2.0, min_pairs: int = 3) -> dict:
    """How often two validated mentions with one stem (or with two given stems) name one event, smoothed
    towards the overall rate; stems and stem pairs seen in fewer than ``min_pairs`` pairs are left out."""
    same, same_pos, pair, pair_pos = Counter(), Counter(), Counter(), Counter()
    for s in subs:
        rows = np.flatnonzero(s.validated)
        st = stems([s.features.mentions[r].trigger for r in rows])
        ch = [s.chains[r] for r in rows]
        for a in range(len(rows)):
            for b in range(a + 1, len(rows)):
                hit = ch[a] == ch[b]
                if st[a] == st[b]:
                    same[st[a]] += 1
                    same_pos[st[a]] += hit
                else:
                    k = _pair_key(st[a], st[b])
                    pair[k] += 1
                    pair_pos[k] += hit
    base = sum(same_pos.values()) / max(1, sum(same.values()))
    base_pair = sum(pair_pos.values()) / max(1, sum(pair.values()))
    return {
        "default": round(base, 4),
        "lemma": {w: round((same_pos[w] + smooth * base) / (n + smooth), 4) for w, n in same.items() if n >= min_pairs},
        "pair": {k: round((pair_pos[k] + smooth * base_pair) / (n + smooth), 4) for k, n in pair.items()
                 if n >= min_pairs and pair_pos[k] > 0},
    }


def fold_tables(subs, folds: int) -> dict:
    """Per subtopic, the tables learned from the other folds' topics only, so the model trained on their
    features sees priors as noisy as on unseen topics (no subtopic's own pairs in its priors)."""
    topics = sorted({s.topic for s in subs})
    fold_of = {t: k % folds for k, t in enumerate(topics)}
    per = {k: tables([s for s in subs if fold_of[s.topic] != k]) for k in set(fold_of.values())}
    return {s.name: per[fold_of[s.topic]] for s in subs}


def pairs(subs, *, validated_only: bool, tabs: dict, products):
    xs, ys = [], []
    for s in subs:
        rows = np.flatnonzero(s.validated) if validated_only else np.arange(len(s.chains))
        if len(rows) < 2:
            continue
        f = E.subset(s.features, rows)
        i, j = np.triu_indices(len(rows), 1)
        xs.append(pair_features(f, i, j, tabs[s.name], products=products))
        ch = np.array([s.chains[r] for r in rows])
        ys.append((ch[i] == ch[j]).astype(np.int8))
    return np.concatenate(xs), np.concatenate(ys)


def fit(x: np.ndarray, y: np.ndarray, c: float, tabs: dict | None = None, products=("trig",)) -> EventModel:
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(0), x.std(0)
    scale[scale < 1e-6] = 1.0
    lr = LogisticRegression(C=c, max_iter=2000)
    lr.fit((x - mean) / scale, y)
    return EventModel(weights=lr.coef_[0].astype(np.float64), bias=float(lr.intercept_[0]), mean=mean.astype(np.float64),
                      scale=scale.astype(np.float64), threshold=0.5, tables=tabs,
                      products=tuple(products))


def predict(model: EventModel, subs, thresholds):
    """{threshold: [(name, chains, labels)]} over the validated mentions of ``subs``."""
    out = {t: [] for t in thresholds}
    for s in subs:
        rows = np.flatnonzero(s.validated)
        f = E.subset(s.features, rows)
        p = pair_scores(f, model)
        chains = [s.chains[r] for r in rows]
        for t in thresholds:
            out[t].append((s.name, chains, cluster(p, float(t))))
    return out


def lexicon(subs, min_count: int = 2) -> list[str]:
    counts = Counter(m.trigger for s in subs for m, pos in zip(s.features.mentions, s.features.pos) if pos == "NOUN")
    return sorted(w for w, n in counts.items() if n >= min_count and w.isalpha())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=str(E.ROOT / "factcheck" / "data" / "event_pairs.npz"))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, nargs="+", default=[0.1],
                    help="inverse L2 strengths to compare by cross-validation (0.01-1.0 scored within 0.5 point)")
    ap.add_argument("--products", nargs="+", default=["trig"], choices=("trig", "ctx"),
                    help="vector products after the scalar features (default: the trigger's only)")
    ap.add_argument("--all-mentions", action="store_true", help="train on every gold mention, not only validated")
    args = ap.parse_args()
    t0 = time.time()
    subs = E.load(E.TRAIN)
    topics = sorted({s.topic for s in subs})
    print(f"{len(subs)} train subtopics, topics {topics}; features in {time.time() - t0:.0f} s")
    fold_of = {t: k % args.folds for k, t in enumerate(topics)}
    best = None
    for c in args.c:
        preds = {t: [] for t in THRESHOLDS}
        for k in range(args.folds):
            train = [s for s in subs if fold_of[s.topic] != k]
            x, y = pairs(train, validated_only=not args.all_mentions, tabs=fold_tables(train, args.folds - 1),
                         products=args.products)
            model = fit(x, y, c, tables(train), args.products)
            for t, parts in predict(model, [s for s in subs if fold_of[s.topic] == k], THRESHOLDS).items():
                preds[t].extend(parts)
        for t in THRESHOLDS:
            score = E.micro(preds[t])
            print(f"C={c:<5} threshold={t:.2f}  MUC {score[0]:.3f}  B3 {score[1]:.3f}  CEAF-e {score[2]:.3f}  "
                  f"CoNLL {score[3]:.3f}")
            if best is None or score[3] > best[0]:
                best = (score[3], c, float(t))
    print(f"chosen by {args.folds}-fold topic CV on train: C={best[1]}, threshold={best[2]:.2f} (CoNLL {best[0]:.3f})")
    x, y = pairs(subs, validated_only=not args.all_mentions, tabs=fold_tables(subs, args.folds),
                 products=args.products)
    model = fit(x, y, best[1], products=args.products)
    model = EventModel(weights=model.weights, bias=model.bias, mean=model.mean, scale=model.scale,
                       threshold=best[2], tables=tables(subs), products=tuple(args.products))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    model.save(Path(args.out))
    words = lexicon(subs)
    (Path(args.out).parent / "event_nouns.txt").write_text(
        "# Noun lemmas annotated as event triggers at least twice in the ECB+ train topics\n"
        "# (Cybulska & Vossen 2014, CC BY 3.0); written by scripts/train_events.py.\n" + "\n".join(words) + "\n",
        encoding="utf-8")
    print(f"wrote {args.out} ({len(x)} training pairs, {int(y.sum())} positive) and {len(words)} event nouns "
          f"in {time.time() - t0:.0f} s")
    names = list(SCALARS)
    top = np.argsort(-np.abs(model.weights[: len(names)]))[:8]
    print("largest scalar weights:", ", ".join(f"{names[i]} {model.weights[i]:+.2f}" for i in top))


if __name__ == "__main__":
    main()
