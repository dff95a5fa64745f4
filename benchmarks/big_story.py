"""One large story: every article of ../shared/devset checked as one story; time, stages and peak memory.

Usage (from the repository root):
    PYTHONPATH=$PWD .venv/bin/python benchmarks/big_story.py [on|off]

``on`` (the default) checks with the default config (events and off-event detection on); ``off`` with
``events=False``. Document ids get their cluster's topic number in front, since file names repeat across clusters.
"""

from __future__ import annotations

import resource
import sys
import time
import warnings
from pathlib import Path

import factcheck


def main() -> None:
    warnings.simplefilter("ignore")
    events = (sys.argv[1] if len(sys.argv) > 1 else "on") == "on"
    paths = sorted(Path(__file__).resolve().parents[1].parent.glob("shared/devset/*/texts/*.txt"))
    docs = []
    for p in paths:
        d = factcheck.load([p])[0]
        docs.append(d.model_copy(update={"id": f"{p.parts[-3][8:11]}_{d.id}"}))
    stages: dict[str, float] = {}
    start = time.perf_counter()
    report = factcheck.check(docs, config={"events": events}, timings=stages)
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"events {'on' if events else 'off'}: {len(docs)} articles in {took:.1f} s, peak {peak:,.0f} MB; "
          f"stages over 0.5 s: {', '.join(f'{k} {v:.1f} s' for k, v in stages.items() if v > 0.5)}; "
          f"{len(report.events)} events, {len(report.off_event)} articles named off-event")


if __name__ == "__main__":
    main()
