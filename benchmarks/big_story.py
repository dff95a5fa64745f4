"""One large story: every article of ../shared/devset checked as one story, against the model alone on its
sentences; time, stages and peak memory.

Usage (from the repository root):
    PYTHONPATH=$PWD .venv/bin/python benchmarks/big_story.py [on|off] [--repeat N]

``on`` (the default) checks with the default config (events and off-event detection on); ``off`` with
``events=False``. Document ids get their cluster's topic number in front, since file names repeat across clusters.
In one process: the models are loaded first (a two-article check), then N times, back to back: the check with a
fresh embedder (empty caches, so every sentence and claim goes through the model), and the model alone
(``_MiniLM.encode``, batch 64, torch's default threads) on the story's sentences as factcheck segments them. The
ratio check / model is printed for each round, and the median of the rounds.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
import warnings
from pathlib import Path

import factcheck
from factcheck.clean import clean
from factcheck.embed import MiniLMEmbedder, _load_model
from factcheck.segment import segment


def main() -> None:
    warnings.simplefilter("ignore")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("events", nargs="?", default="on", choices=("on", "off"))
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    events = args.events == "on"
    paths = sorted(Path(__file__).resolve().parents[1].parent.glob("shared/devset/*/texts/*.txt"))
    docs = []
    for p in paths:
        d = factcheck.load([p])[0]
        docs.append(d.model_copy(update={"id": f"{p.parts[-3][8:11]}_{d.id}"}))
    sentences = [s.text for d in docs for s in segment(clean(d.id, d.text))]
    factcheck.check(docs[:2], embedder=MiniLMEmbedder())  # load spaCy and the model
    model = _load_model(None)
    ratios = []
    for _ in range(args.repeat):
        stages: dict[str, float] = {}
        start = time.perf_counter()
        report = factcheck.check(docs, config={"events": events}, embedder=MiniLMEmbedder(), timings=stages)
        took = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        start = time.perf_counter()
        model.encode(sentences, batch_size=64)
        alone = time.perf_counter() - start
        ratios.append(took / alone)
        print(f"events {'on' if events else 'off'}: {len(docs)} articles in {took:.1f} s, peak {peak:,.0f} MB; "
              f"stages over 0.5 s: {', '.join(f'{k} {v:.1f} s' for k, v in stages.items() if v > 0.5)}; "
              f"{len(report.events)} events, {len(report.off_event)} articles named off-event; model alone on the "
              f"{len(sentences):,} sentences {alone:.1f} s; check / model {took / alone:.2f}x", flush=True)
    print(f"median check / model over {len(ratios)} rounds: {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()
