"""How well `factcheck check` names the documents of a story that tell another event (Report.off_event).

    PYTHONPATH=$PWD python scripts/benchmark_off_event.py [--topics 2 5 ...] [--devset]

Mixed stories, as the events issue defines them: for each ECB+ topic (dev topics 2, 5, 12, 18, 21, 23, 34, 35 by
default), its ``ecbplus`` half with the first 2 documents (by id) of its ``ecb`` half added, and its ``ecb`` half
with the first 2 of its ``ecbplus`` half added; the two halves are two events of one kind. Each story is checked
as a user would (``factcheck.check`` with the default config) and the documents named in ``off_event`` are
counted: the added ones (should be named) and the others (should not). ``--devset`` also checks each cluster of
../shared/devset with the files its OFF_EVENT lists put back. ECB+: Cybulska & Vossen 2014, CC BY 3.0.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ecbplus_data as E  # noqa: E402

import factcheck  # noqa: E402


def named(docs) -> set[str]:
    return {o.doc_id for o in factcheck.check(docs).off_event}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--topics", type=int, nargs="+", default=list(E.DEV))
    ap.add_argument("--devset", action="store_true", help="also the devset clusters with their OFF_EVENT files")
    args = ap.parse_args()
    warnings.simplefilter("ignore")
    t0 = time.time()
    tot = {"added": 0, "added_named": 0, "other": 0, "other_named": 0}
    print("| story | documents | added named | others named |\n|---|---:|---:|---:|")
    for t in args.topics:
        halves = {h: E.read_folder(E.ECB / f"t{t:02d}_{h}")[0] for h in ("ecb", "ecbplus")}
        for main, other in (("ecbplus", "ecb"), ("ecb", "ecbplus")):
            add = sorted(halves[other], key=lambda d: d.id)[:2]
            docs = halves[main] + add
            got = named(docs)
            added = {d.id for d in add}
            tot["added"] += len(added)
            tot["added_named"] += len(got & added)
            tot["other"] += len(docs) - len(added)
            tot["other_named"] += len(got - added)
            print(f"| t{t:02d}_{main} + 2 {other} | {len(docs)} | {len(got & added)}/{len(added)} | "
                  f"{len(got - added)}/{len(docs) - len(added)} {sorted(got - added) or ''} |", flush=True)
    print(f"\nadded documents named: {tot['added_named']}/{tot['added']} "
          f"({tot['added_named'] / max(1, tot['added']):.2f}); others named: {tot['other_named']}/{tot['other']} "
          f"({tot['other_named'] / max(1, tot['other']):.3f})")
    if args.devset:
        dev = E.ROOT.parent / "shared" / "devset"
        off_hit = off_all = fp = others = 0
        print("\n| devset cluster | OFF_EVENT files named | others named |\n|---|---:|---:|")
        for c in sorted(p for p in dev.iterdir() if (p / "gold.json").is_file()):
            listed = set((c / "OFF_EVENT").read_text().split()) if (c / "OFF_EVENT").is_file() else set()
            docs = factcheck.load(sorted((c / "texts").glob("*.txt")))
            off = {d.id for d in docs if d.id in listed or f"{d.id}.txt" in listed}
            got = named(docs)
            off_hit += len(got & off)
            off_all += len(off)
            fp += len(got - off)
            others += len(docs) - len(off)
            print(f"| {c.name} | {len(got & off)}/{len(off)} | {len(got - off)}/{len(docs) - len(off)} "
                  f"{sorted(got - off) or ''} |", flush=True)
        print(f"\ndevset: OFF_EVENT files named {off_hit}/{off_all}; other files named {fp}/{others}")
    print(f"({time.time() - t0:.0f} s)")


if __name__ == "__main__":
    main()
