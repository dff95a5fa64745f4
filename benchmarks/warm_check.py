"""Warm check of the reference story: one warm-up check, then N timed checks; prints the median.

Usage (compare two commits in one session, alternating, from each checkout's root):
    PYTHONPATH=$PWD .venv/bin/python benchmarks/warm_check.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings

import factcheck


def main() -> None:
    warnings.simplefilter("ignore")
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    docs = factcheck.load("fixtures/kim_putin_2023")
    factcheck.check(docs)  # models loaded, the story's texts in the embedding cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        factcheck.check(docs)
        times.append(time.perf_counter() - start)
    print(f"median {statistics.median(times):.3f} s over {runs} runs: {[round(t, 3) for t in times]}")


if __name__ == "__main__":
    main()
