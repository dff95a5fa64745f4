"""Throughput and peak memory of ``factcheck stream`` against the embedding model's own throughput.

Builds one JSONL stream of every ECB+ article in ../shared/ecbplus (in a temporary folder; the data are never
copied into the repository), in publication order where known, then in the same run:

1. ``factcheck stream all.jsonl --out TMP --no-progress`` in a fresh process with a fresh output folder (cold
   caches): wall time and peak resident memory (``ru_maxrss`` of the child);
2. the model alone, in a fresh process: all-MiniLM-L6-v2 (factcheck's own encoder, same batch size, no cache)
   embedding (a) every sentence of every article, as factcheck segments them, and (b) the claim texts the
   stream's reports hold, each in one pass on ``--threads`` torch threads; then (c) the sentences again as
   factcheck's embedder runs them (``--threads`` worker threads of one torch thread each); articles per second
   for each;
3. the ratio stream / model, in articles per second (the issue's target: at least 70%).

Usage (repository root; ``--threads`` caps torch and BLAS threads in every process)::

    PYTHONPATH=$PWD python benchmarks/stream.py [--data ../shared/ecbplus] [--limit N] [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_EMBED = r"""
import json, sys, time
from factcheck.clean import clean
from factcheck.embed import _load_model
from factcheck.segment import segment
docs = [json.loads(x) for x in open(sys.argv[1])]
claims = json.load(open(sys.argv[2]))
sentences = [s.text for d in docs for s in segment(clean(d["id"], d["text"]))]
model = _load_model(None)
model.encode(["warm up the model once"])
out = {}
for name, texts in (("sentences", sentences), ("claims", claims)):
    t = time.perf_counter()
    model.encode(texts, batch_size=64)
    out[name] = {"texts": len(texts), "seconds": time.perf_counter() - t}
# the same sentences as factcheck's embedder runs them: one worker thread per core, one torch thread each
t = time.perf_counter()
model.work(sentences, batch_size=64, pieces=False).run(int(sys.argv[3]))
out["sentences, one worker per core"] = {"texts": len(sentences), "seconds": time.perf_counter() - t}
print(json.dumps(out))
"""


def build_stream(data: Path, dest: Path, limit: int | None) -> int:
    docs = []
    for sub in sorted(p for p in data.iterdir() if p.is_dir()):
        for f in sorted(sub.glob("*.json")):
            docs.append(json.loads(f.read_text()))
    docs.sort(key=lambda d: (d["published"] is None, d["published"] or "", d["id"]))
    docs = docs[:limit] if limit else docs
    with dest.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps({k: v for k, v in d.items() if v is not None}) + "\n")
    return len(docs)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "ecbplus"))
    ap.add_argument("--limit", type=int, help="only the first N articles (a quick run)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": str(args.threads),
           "OPENBLAS_NUM_THREADS": str(args.threads), "MKL_NUM_THREADS": str(args.threads)}
    with tempfile.TemporaryDirectory(prefix="fc-stream-bench-") as tmp:
        tmp = Path(tmp)
        stream = tmp / "all.jsonl"
        n = build_stream(Path(args.data), stream, args.limit)
        out = tmp / "out"
        t = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "factcheck", "stream", str(stream), "--out", str(out),
                            "--no-progress", "--timings"], env=env, capture_output=True, text=True)
        stream_s = time.perf_counter() - t
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if r.returncode != 0:
            print(r.stderr, file=sys.stderr)
            return 1
        summary, stages = r.stderr.strip().splitlines()[-2:]
        claims = []
        for p in sorted((out / "reports").glob("*.json")):
            claims.extend(c["text"] for c in json.loads(p.read_text())["claims"])
        (tmp / "claims.json").write_text(json.dumps(claims))
        m = subprocess.run([sys.executable, "-c", _EMBED, str(stream), str(tmp / "claims.json"),
                            str(args.threads)], env=env, capture_output=True, text=True)
        if m.returncode != 0:
            print(m.stderr, file=sys.stderr)
            return 1
        model = json.loads(m.stdout)
    rate = n / stream_s
    fig = {
        "date": time.strftime("%Y-%m-%d"), "machine": f"{platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores", "threads": args.threads, "articles": n, "stream_seconds": round(stream_s, 1),
        "stream_articles_per_s": round(rate, 2), "stream_peak_rss_mb": round(peak_mb),
        "stream_summary": summary, "stream_stages": stages, "model": model,
    }
    print(f"{n} articles; factcheck stream: {stream_s:.1f} s = {rate:.2f} articles/s, peak RSS {peak_mb:.0f} MB")
    print(f"  {summary}")
    print(f"  {stages}")
    for name, v in model.items():
        model_rate = n / v["seconds"]
        fig[f"ratio_vs_{name}"] = round(rate / model_rate, 3)
        print(f"model alone on the {v['texts']} {name}: {v['seconds']:.1f} s = {model_rate:.2f} articles/s; "
              f"stream / model = {rate / model_rate:.0%}")
    if args.json:
        Path(args.json).write_text(json.dumps(fig, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
