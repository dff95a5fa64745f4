"""The aligner's equivalence score and the contradiction comparators on public benchmark data.

Reads the development splits in ../shared/benchmarks (never copied into this repository: licences are research
and non-commercial) and prints:

- MRPC validation F1 and accuracy of "cosine >= threshold", the threshold chosen on MRPC train (best F1);
- Pearson r between cosine and the STS news gold scores (each file and all together);
- SICK trial precision and recall of "factcheck reports a discrepancy" for the CONTRADICTION label, running the
  claim extraction and comparators on each sentence pair as two one-sentence documents.

Usage: .venv/bin/python scripts/benchmark_align.py [--benchmarks PATH] [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _read_tsv(path: Path, *, header: bool) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[1:] if header else rows


def _cosines(embedder, a: list[str], b: list[str]) -> np.ndarray:
    ea, eb = embedder.encode(a), embedder.encode(b)
    return (ea * eb).sum(axis=1)


def _f1(pred: np.ndarray, gold: np.ndarray) -> tuple[float, float]:
    tp = float(np.sum(pred & gold))
    p = tp / max(1.0, float(pred.sum()))
    r = tp / max(1.0, float(gold.sum()))
    return (2 * p * r / (p + r) if p + r else 0.0), float(np.mean(pred == gold))


def mrpc(embedder, bench: Path) -> dict:
    train = [r for r in _read_tsv(bench / "mrpc" / "msr-para-train.tsv", header=True) if len(r) == 5]
    val = [r for r in _read_tsv(bench / "mrpc" / "msr-para-val.tsv", header=True) if len(r) == 5]
    ct = _cosines(embedder, [r[3] for r in train], [r[4] for r in train])
    gt = np.array([r[0] == "1" for r in train])
    best = max((_f1(ct >= t, gt)[0], t) for t in np.arange(0.3, 0.95, 0.005))
    cv = _cosines(embedder, [r[3] for r in val], [r[4] for r in val])
    gv = np.array([r[0] == "1" for r in val])
    f1, acc = _f1(cv >= best[1], gv)
    return {"threshold_from_train": round(float(best[1]), 3), "train_f1": round(best[0], 3),
            "val_f1": round(f1, 3), "val_accuracy": round(acc, 3), "val_pairs": len(val)}


def sts(embedder, bench: Path) -> dict:
    out = {}
    all_c, all_g = [], []
    for f in sorted((bench / "sts_news").glob("*.tsv")):
        rows = [r for r in _read_tsv(f, header=False) if len(r) >= 3 and r[0].strip()]
        c = _cosines(embedder, [r[1] for r in rows], [r[2] for r in rows])
        g = np.array([float(r[0]) for r in rows])
        out[f.stem] = round(float(np.corrcoef(c, g)[0, 1]), 3)
        all_c.append(c)
        all_g.append(g)
    out["all"] = round(float(np.corrcoef(np.concatenate(all_c), np.concatenate(all_g))[0, 1]), 3)
    return out


def sick(bench: Path, embedder) -> dict:
    import factcheck

    rows = [r for r in _read_tsv(bench / "sick" / "SICK_trial.txt", header=True) if len(r) == 5]
    tp = fp = fn = 0
    kinds: dict[str, int] = {}
    for r in rows:
        docs = [factcheck.Document(id="a", text=r[1] if r[1].endswith(".") else r[1] + "."),
                factcheck.Document(id="b", text=r[2] if r[2].endswith(".") else r[2] + ".")]
        report = factcheck.check(docs, embedder=embedder)
        predicted = bool(report.discrepancies)
        gold = r[4] == "CONTRADICTION"
        for d in report.discrepancies:
            kinds[d.kind.value] = kinds.get(d.kind.value, 0) + 1
        tp += predicted and gold
        fp += predicted and not gold
        fn += gold and not predicted
    return {"pairs": len(rows), "contradictions": tp + fn,
            "precision": round(tp / max(1, tp + fp), 3), "recall": round(tp / max(1, tp + fn), 3),
            "kinds_reported": kinds}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--benchmarks", default=str(ROOT.parent / "shared" / "benchmarks"))
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    bench = Path(args.benchmarks)
    if not bench.is_dir():
        print(f"benchmark folder {bench} not found: put shared/ beside the repository or pass --benchmarks",
              file=sys.stderr)
        return 2
    from factcheck.embed import get_embedder

    embedder = get_embedder()
    result = {"mrpc": mrpc(embedder, bench), "sts_news_pearson": sts(embedder, bench), "sick_trial": sick(bench, embedder)}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        m, s, k = result["mrpc"], result["sts_news_pearson"], result["sick_trial"]
        print(f"MRPC val: F1 {m['val_f1']:.3f}, accuracy {m['val_accuracy']:.3f} "
              f"(cosine >= {m['threshold_from_train']}, chosen on train, train F1 {m['train_f1']:.3f})")
        print("STS news Pearson r: " + ", ".join(f"{k2} {v:.3f}" for k2, v in s.items()))
        print(f"SICK trial contradiction: precision {k['precision']:.3f}, recall {k['recall']:.3f} "
              f"({k['contradictions']} of {k['pairs']} pairs; kinds reported {k['kinds_reported']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
