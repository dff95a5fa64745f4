"""Fit the confidence model (factcheck/calibrate.py) on annotated clusters and write factcheck/_calibration.py.

Usage:
    .venv/bin/python scripts/calibrate.py [--clusters ../shared/devset fixtures/kim_putin_2023] [--write]

It checks every cluster once with calibration off and no confidence floor (reports cached under
.factcheck-cache/calibration/, keyed by the commit's comparator output), labels each finding by the
development-set rule (matches an annotated disagreement or not; findings matching only an "optional" item of the
reference story are left out), and fits a logistic model. The figures it prints are leave-one-cluster-out: each
cluster's findings are scored by a model fitted on the other clusters, so no cluster is judged by a model that saw
it. ``--write`` stores the model fitted on all clusters, with the confidence floor chosen on the cross-validated
figures, in factcheck/_calibration.py.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import factcheck  # noqa: E402
from factcheck.calibrate import FEATURES, MODEL_FEATURES, features  # noqa: E402
from factcheck.evaluate import cluster_gold, cluster_paths, find_clusters, score_cluster  # noqa: E402
from factcheck.models import Report  # noqa: E402

SEED = 0
C = 0.5  # L2 strength; a few hundred findings and 19 features


def reports(paths: list[str], cache: Path, refresh: bool) -> list[tuple[str, Report, dict]]:
    cache.mkdir(parents=True, exist_ok=True)
    out = []
    cfg = factcheck.Config(calibrate=False, min_confidence=0.0)
    for path in paths:
        for folder in find_clusters(path):
            f = cache / f"{folder.name}.json"
            if f.exists() and not refresh:
                report = Report.model_validate_json(f.read_text())
            else:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    report = factcheck.check(factcheck.load(cluster_paths(folder)), config=cfg)
                f.write_text(report.model_dump_json())
            out.append((folder.name, report, cluster_gold(folder)))
    return out


def table(name_rows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from factcheck.claims import resolved_text
    from factcheck.embed import get_embedder

    embedder = get_embedder()
    X, y, g = [], [], []
    for k, (name, report, gold) in enumerate(name_rows):
        s = score_cluster(report, gold, name=name)
        claims = {c.id: c for c in report.claims}
        emb = embedder.encode([resolved_text(c) for c in report.claims])  # as the pipeline embeds them
        index = {c.id: i for i, c in enumerate(report.claims)}

        def similarity(a: str, b: str, emb=emb, index=index) -> float:
            return float(emb[index[a]] @ emb[index[b]])

        real = _matched_ids(report, gold, name)
        neutral = {d.id for d in report.discrepancies} - set(s.unmatched) - real
        for d in report.discrepancies:
            if d.id in neutral:
                continue
            X.append(features(d, claims, similarity))
            y.append(1 if d.id in real else 0)
            g.append(k)
    return np.array(X), np.array(y), np.array(g)


def _matched_ids(report: Report, gold: dict, name: str) -> set[str]:
    """Ids of findings that match an annotated disagreement (not only a neutral item)."""
    from factcheck.evaluate import _hits, _span_docs, _split_gold

    real, _, _ = _split_gold(gold)
    spans = [_span_docs(report, i) for i in real]
    return {d.id for d in report.discrepancies if any(_hits(d, sp) for sp in spans)}


def fit(X: np.ndarray, y: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=2000, random_state=SEED).fit(X, y)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clusters", nargs="+", default=[str(ROOT.parent / "shared" / "devset"),
                                                      str(ROOT / "fixtures" / "kim_putin_2023")])
    ap.add_argument("--cache", default=str(ROOT / ".factcheck-cache" / "calibration"))
    ap.add_argument("--refresh", action="store_true", help="re-run the checks instead of reading the cache")
    ap.add_argument("--write", action="store_true", help="write factcheck/_calibration.py")
    args = ap.parse_args()
    rows = reports(args.clusters, Path(args.cache), args.refresh)
    X, y, g = table(rows)
    X = X[:, [FEATURES.index(n) for n in MODEL_FEATURES]]
    print(f"{len(y)} findings in {len(rows)} clusters, {int(y.sum())} real ({y.mean():.2f})")
    cv = np.zeros(len(y))
    for k in range(len(rows)):
        test = g == k
        if test.all() or not test.any():
            continue
        cv[test] = fit(X[~test], y[~test]).predict_proba(X[test])[:, 1]
    print("\nreliability, leave-one-cluster-out (confidence bin: findings, share real)")
    bins = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0001]
    reliability = []
    for lo, hi in zip(bins, bins[1:]):
        m = (cv >= lo) & (cv < hi)
        if m.any():
            reliability.append((lo, min(hi, 1.0), int(m.sum()), float(y[m].mean()), float(cv[m].mean())))
            print(f"  [{lo:.1f}, {min(hi, 1.0):.1f})  {int(m.sum()):>4}  real {y[m].mean():.2f}  mean conf {cv[m].mean():.2f}")
    print("\nfloor: findings kept, precision of kept (leave-one-cluster-out)")
    for floor in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
        m = cv >= floor
        print(f"  {floor:.1f}  {int(m.sum()):>4}  {y[m].mean() if m.any() else 0:.2f}")
    from sklearn.metrics import roc_auc_score

    print(f"\nleave-one-cluster-out: AUC {roc_auc_score(y, cv):.3f}; Brier {((cv - y) ** 2).mean():.4f} "
          f"(a constant {y.mean():.2f}: {((y.mean() - y) ** 2).mean():.4f})")
    model = fit(X, y)
    weights = {n: round(float(w), 4) for n, w in zip(MODEL_FEATURES, model.coef_[0]) if abs(w) > 1e-6}
    print("\nweights (all clusters):", json.dumps(weights))
    if args.write:
        out = ROOT / "factcheck" / "_calibration.py"
        out.write_text(
            '"""Weights of the confidence model (factcheck/calibrate.py). Generated by scripts/calibrate.py; do not '
            'edit."""\n\n'
            f"WEIGHTS: dict[str, float] = {json.dumps(weights, indent=4)}\n"
            f"BIAS: float = {round(float(model.intercept_[0]), 4)}\n"
            f"# leave-one-cluster-out reliability on {len(rows)} clusters: (from, to, findings, share real, mean conf)\n"
            f"RELIABILITY = {json.dumps([list(r) for r in reliability])}\n"
        )
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
