"""Per-slot precision and recall on the labelled slot set in fixtures/slot_eval/*.jsonl.

Each line: {"slot": ..., "text": ..., "published": "YYYY-MM-DD" | null, "expected": [{"span", "key"}], "source"}.
A predicted item is a true positive when an expected item of the same case has the same key and overlapping span
text (one contains the other); each expected item is matched at most once.

Usage: .venv/bin/python scripts/slot_eval.py [--verbose]
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = {
    "quantity": "factcheck.slots.quantities",
    "time": "factcheck.slots.times",
    "quote": "factcheck.slots.quotes",
    "attribution": "factcheck.slots.attribution",
    "modality": "factcheck.slots.modality",
    "negation": "factcheck.slots.modality",
    "entity": "factcheck.slots.entities",
    "place": "factcheck.slots.places",
}


def _predict(slot: str, text: str, published):
    module = importlib.import_module(MODULES[slot])
    fn = getattr(module, f"eval_items_{slot}", None) or module.eval_items
    return fn(text, published)


def _same_span(a: str, b: str) -> bool:
    return a == b or (a and b and (a in b or b in a))


def evaluate(verbose: bool = False) -> dict[str, dict[str, float]]:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn
    for f in sorted((ROOT / "fixtures" / "slot_eval").glob("*.jsonl")):
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            case = json.loads(line)
            slot = case["slot"]
            pub = dt.date.fromisoformat(case["published"]) if case.get("published") else None
            predicted = list(_predict(slot, case["text"], pub))
            expected = list(case["expected"])
            used = [False] * len(expected)
            for span, key in predicted:
                hit = next((i for i, e in enumerate(expected)
                            if not used[i] and e["key"] == key and _same_span(e["span"], span)), None)
                if hit is None:
                    counts[slot][1] += 1
                    if verbose:
                        print(f"FP {f.name}:{n} {span!r} {key}")
                else:
                    used[hit] = True
                    counts[slot][0] += 1
            for i, e in enumerate(expected):
                if not used[i]:
                    counts[slot][2] += 1
                    if verbose:
                        print(f"FN {f.name}:{n} {e['span']!r} {e['key']}")
    table = {}
    for slot, (tp, fp, fn) in sorted(counts.items()):
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        table[slot] = {"precision": p, "recall": r, "tp": tp, "fp": fp, "fn": fn, "labels": tp + fn}
    return table


def main() -> int:
    table = evaluate(verbose="--verbose" in sys.argv)
    print(f"{'slot':<12} {'labels':>6} {'precision':>9} {'recall':>7}")
    for slot, row in table.items():
        print(f"{slot:<12} {row['labels']:>6} {row['precision']:>9.3f} {row['recall']:>7.3f}")
    total = sum(r["labels"] for r in table.values())
    print(f"{'total':<12} {total:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
