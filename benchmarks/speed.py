"""Speed benchmark for factcheck: cold CLI, warm check, import, a scaling series, model-only and all-pairs.

Run from the repository root (2 cores, CPU; no network needed)::

    python benchmarks/speed.py                      # everything; prints a table, writes benchmarks/speed.json
    python benchmarks/speed.py --sizes 5,20 --naive 20 --repeats 2   # a quicker subset

What it measures, in one run so that ratios compare like with like on a shared, noisy machine:

- ``import factcheck`` (a fresh interpreter; median of 5);
- the cold CLI, process start to report: ``factcheck check fixtures/kim_putin_2023`` (median of 3);
- a warm ``check()`` of the reference story: models loaded, once with an empty embedding cache and once with
  the story's claims already cached;
- a scaling series of stories of 5, 20, 50, 100 and 200 articles (see :func:`build_story`), each in its own
  process so its peak memory is its own: seconds per stage (clean, segment, extract, embed, align, compare,
  render) and the peak resident memory reached during each stage;
- model-only time: the same (distinct) claim texts embedded by sentence-transformers alone, same batch size;
- an all-pairs reference (every pair of claims from different sentences, scored and run through the same
  comparators, the way SummaC-style checkers score every sentence pair) on the 20- and 50-article stories,
  with its findings set against the pipeline's.

The benchmark data are read from ``/work/shared/benchmarks`` (or ``$FACTCHECK_BENCHMARKS``) and never copied
into the repository: their licences are research-only.
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "fixtures" / "kim_putin_2023"
DATA = Path(os.environ.get("FACTCHECK_BENCHMARKS", "/work/shared/benchmarks"))
STAGES = ("clean", "segment", "extract", "embed", "align", "compare", "render")
PUBLISHED = dt.date(2023, 9, 12)


# ------------------------------------------------------------------------------------------------- the stories


def _fixture_sentences() -> list[list[str]]:
    """Sentences of each reference article after factcheck's own cleaning and segmentation."""
    from factcheck.clean import clean
    from factcheck.segment import segment

    out = []
    for path in sorted(FIXTURE.glob("*.txt")):
        c = clean(path.stem, path.read_text(encoding="utf-8"))
        out.append([s.text for s in segment(c) if len(s.text.split()) >= 4])
    return out


def _pairs() -> list[tuple[str, str]]:
    """Sentence pairs from different outlets about one news item: MRPC (train, val), then STS news."""
    pairs = []
    for name in ("msr-para-train.tsv", "msr-para-val.tsv"):
        with open(DATA / "mrpc" / name, encoding="utf-8-sig", newline="") as fh:
            for row in list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]:
                if len(row) >= 5:
                    pairs.append((row[3].strip(), row[4].strip()))
    for path in sorted((DATA / "sts_news").glob("*.tsv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) >= 3 and len(row[1].split()) >= 8 and len(row[2].split()) >= 8:
                    pairs.append((row[1].strip(), row[2].strip()))
    return pairs


def build_story(n: int, *, seed: int = 0) -> list[dict]:
    """A story of ``n`` articles of 500-1,000 words, built from real news text.

    Article ``k`` opens with a random 60% of the sentences of reference article ``k mod 5`` (kept in order), so
    every article tells the reference event and each of its facts is told by about ``0.6 n / 5`` outlets, partly
    in identical words, as wire copy is. It is then filled to a word count drawn uniformly from 500-1,000 with
    sentence pairs from MRPC and STS news: the first sentence of a pair goes to article ``k``, the second to
    the next article that still has room, so the filler also holds sentences that two outlets tell of one news
    item (paraphrases, and figures or dates that differ). Sentences go in paragraphs of 2-4. Every filler
    sentence is used once; the pool (about 4,500 pairs) covers 200 articles.
    """
    rng = random.Random(seed)
    fixture = _fixture_sentences()
    pool = _pairs()
    rng.shuffle(pool)
    targets = [rng.randint(500, 950) for _ in range(n)]
    bodies: list[list[str]] = []
    for k in range(n):
        src = fixture[k % len(fixture)]
        keep = sorted(rng.sample(range(len(src)), max(1, round(0.6 * len(src)))))
        bodies.append([src[i] for i in keep])
    words = [sum(len(s.split()) for s in b) for b in bodies]
    pending: list[list[str]] = [[] for _ in range(n)]  # second sentences waiting for a later article
    it = iter(pool)
    for k in range(n):
        bodies[k].extend(pending[k])  # already counted in words[k]
        while words[k] < targets[k]:
            try:
                a, b = next(it)
            except StopIteration:
                raise SystemExit(f"the benchmark sentence pool ran out at article {k} of {n}") from None
            bodies[k].append(a)
            words[k] += len(a.split())
            partner = next((j for j in range(k + 1, n) if words[j] < targets[j]), None)
            if partner is not None:
                pending[partner].append(b)
                words[partner] += len(b.split())
    docs = []
    for k, body in enumerate(bodies):
        paras, i = [], 0
        while i < len(body):
            step = rng.randint(2, 4)
            paras.append(" ".join(body[i : i + step]))
            i += step
        docs.append({"id": f"a{k:03d}", "outlet": f"outlet {k}", "published": PUBLISHED.isoformat(),
                     "text": "\n\n".join(paras)})
    return docs


# ------------------------------------------------------------------------------------------------- measuring


class _Sampler:
    """Resident memory sampled every few milliseconds, with timestamps, to find each stage's peak."""

    def __init__(self, every: float = 0.005) -> None:
        import psutil

        self.proc = psutil.Process()
        self.every = every
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.samples.append((time.perf_counter(), self.proc.memory_info().rss))
            self._stop.wait(self.every)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()

    def peak(self, t0: float, t1: float) -> int:
        inside = [r for t, r in self.samples if t0 <= t <= t1]
        return max(inside) if inside else 0


def _mb(b: float) -> float:
    return round(b / 2**20, 1)


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def _render(report) -> float:
    t = time.perf_counter()
    report.to_json()
    report.to_text()
    report.to_markdown()
    report.to_html()
    return time.perf_counter() - t


def _finding_keys(discrepancies) -> set[tuple]:
    """A finding as the reader sees it: its kind and the claims (document spans) it quotes."""
    return {(d.kind.value, tuple(sorted((e.doc_id, e.start, e.end) for e in d.evidence))) for d in discrepancies}


class _TimedEmbedder:
    """A fresh embedder (empty cache) that adds up the seconds spent in ``encode``."""

    def __init__(self, cfg) -> None:
        from factcheck.embed import MiniLMEmbedder

        self.inner = MiniLMEmbedder(batch_size=cfg.batch_size, threads=cfg.threads)
        self.seconds = 0.0

    def encode(self, texts):
        t = time.perf_counter()
        try:
            return self.inner.encode(texts)
        finally:
            self.seconds += time.perf_counter() - t


def _one_check(docs, cfg, *, sampler: _Sampler | None):
    import factcheck

    embedder = _TimedEmbedder(cfg)  # empty cache: embed every time
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    report = factcheck.check(docs, config=cfg, embedder=embedder, timings=timings)
    t_check = time.perf_counter()
    timings["render"] = _render(report)
    # compare embeds the quotes it pairs; that is model time spent inside the compare stage
    timings["compare_embedding"] = max(0.0, embedder.seconds - timings.get("embed", 0.0))
    t_end = time.perf_counter()
    peaks = {}
    if sampler is not None:
        # The runner reports durations; stages run back to back in this order, so each window follows the last.
        t = t0
        for name in ("load", "clean", "segment", "extract", "embed", "align", "compare", "report"):
            d = timings.get(name, 0.0)
            if name in STAGES:
                peaks[name] = _mb(sampler.peak(t, t + d + 0.01))
            t += d
        peaks["render"] = _mb(sampler.peak(t_check, t_end))
    return report, timings, t_check - t0, t_end - t0, embedder.inner.encoded, peaks


def naive_compare(report, embedder, cfg) -> tuple[float, list]:
    """The all-pairs reference: every pair of claims from different sentences, scored and compared.

    The same comparators as the pipeline (:func:`factcheck.compare.compare`), given every pair instead of the
    aligned candidates, with a cosine computed pair by pair. Returns ``(seconds, discrepancies)``.
    """
    import numpy as np

    from factcheck import claims as claim_stage
    from factcheck import compare as compare_stage

    claims = list(report.claims)
    t = time.perf_counter()
    emb = embedder.encode([claim_stage.resolved_text(c) for c in claims])
    pairs = []
    for i, a in enumerate(claims):
        for j in range(i + 1, len(claims)):
            b = claims[j]
            if a.doc_id == b.doc_id and a.sentence_index == b.sentence_index:
                continue
            pairs.append((a.id, b.id, float(np.dot(emb[i], emb[j]))))
    ctx = compare_stage.Context(
        config=cfg, claims={c.id: c for c in claims}, documents={d.id: d.text for d in report.documents},
        claim_emb=emb, index={c.id: i for i, c in enumerate(claims)},
    )
    found, _ = compare_stage.compare([], pairs, ctx, emb_of=embedder.encode)
    return time.perf_counter() - t, found


def worker(n: int, repeats: int, naive: bool, out: Path) -> None:
    """One story size, in its own process: stage times, peaks, model-only time and (optionally) all-pairs."""
    import warnings

    warnings.simplefilter("ignore")
    import factcheck
    from factcheck import claims as claim_stage
    from factcheck.embed import MiniLMEmbedder

    cfg = factcheck.Config()
    import factcheck.pipeline as pipeline_module

    # The runner refuses stories over MAX_SENTENCES (5,000): 200 articles of 500-1,000 words hold about 7,000.
    # The benchmark measures what such a story costs, so it lifts the guard for its own process only.
    if hasattr(pipeline_module, "MAX_SENTENCES"):
        pipeline_module.MAX_SENTENCES = max(pipeline_module.MAX_SENTENCES, 100_000)
    docs = build_story(n)
    words = [len(d["text"].split()) for d in docs]
    # Load both models first (outside the timed runs) with a throwaway check of the reference story.
    factcheck.check(factcheck.load(sorted(FIXTURE.glob("*.txt"))), config=cfg,
                    embedder=MiniLMEmbedder(batch_size=cfg.batch_size, threads=cfg.threads))
    runs = []
    model_times: list[float] = []
    st = None
    peak = 0
    with _Sampler() as sampler:
        for rep in range(repeats):
            report, timings, check_s, total_s, encoded, peaks = _one_check(docs, cfg, sampler=sampler)
            runs.append({"check_s": check_s, "total_s": total_s, "timings": timings, "encoded": encoded,
                         "peaks_mb": peaks if rep == 0 else {}})
            if rep == 0:
                # peak memory of the pipeline alone, before sentence-transformers is imported for model-only
                peak = _peak_rss()
                texts = list(dict.fromkeys(claim_stage.resolved_text(c) for c in report.claims))
                from sentence_transformers import SentenceTransformer

                from factcheck.embed import model_path

                st = SentenceTransformer(str(model_path()), device="cpu")
                st.encode(texts[:8], batch_size=cfg.batch_size)
            # Model-only, right after each check so both see the same load on a shared machine: the same
            # distinct claim texts embedded by sentence-transformers alone, same batch size.
            t = time.perf_counter()
            st.encode(texts, batch_size=cfg.batch_size, normalize_embeddings=True, convert_to_numpy=True,
                      show_progress_bar=False)
            model_times.append(time.perf_counter() - t)
    result = {
        "articles": n, "words_min": min(words), "words_max": max(words), "words_total": sum(words),
        "claims": len(report.claims), "distinct_claim_texts": len(texts), "encoded": runs[-1]["encoded"],
        "groups": len(report.groups), "discrepancies": len(report.discrepancies), "repeats": repeats,
        "check_s": statistics.median(r["check_s"] for r in runs),
        "total_s": statistics.median(r["total_s"] for r in runs),
        "stages_s": {s: statistics.median(r["timings"].get(s, 0.0) for r in runs)
                     for s in (*STAGES, "compare_embedding")},
        "stage_peak_mb": runs[0]["peaks_mb"],
        "peak_rss_mb": _mb(peak),
        "model_only_s": statistics.median(model_times),
        "ratio_to_model": statistics.median(r["check_s"] / m for r, m in zip(runs, model_times)),
        "runs": [{"check_s": r["check_s"], "model_only_s": m, "stages_s": r["timings"]}
                 for r, m in zip(runs, model_times)],
    }
    if naive:
        embedder = MiniLMEmbedder(batch_size=cfg.batch_size, threads=cfg.threads)
        embedder.encode(texts)  # the reference gets the claim embeddings for free: only the pair work is timed
        secs, found = naive_compare(report, embedder, cfg)
        pair_stage = result["stages_s"]["align"] + result["stages_s"]["compare"]
        fast, ref = _finding_keys(report.discrepancies), _finding_keys(found)
        shared_stages = sum(result["stages_s"][s] for s in ("clean", "segment", "extract", "embed"))
        result["naive"] = {
            "pairs_s": secs, "pair_stage_s": pair_stage, "speedup_pair_stage": secs / pair_stage,
            "speedup_end_to_end": (shared_stages + secs) / result["check_s"],
            "findings_pipeline": len(fast), "findings_all_pairs": len(ref), "same": len(fast & ref),
            "only_pipeline": sorted(map(list, fast - ref))[:20], "only_all_pairs": sorted(map(list, ref - fast))[:20],
            "kinds_all_pairs_only": dict(collections.Counter(k for k, _ in ref - fast)),
        }
    out.write_text(json.dumps(result, indent=1))


# ------------------------------------------------------------------------------------------------- small figures


def _run(cmd: list[str], **kw) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, **kw)
    return time.perf_counter() - t


def import_time(repeats: int = 5) -> dict:
    code = "import time; t = time.perf_counter(); import factcheck; print(time.perf_counter() - t)"
    inside = [float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True,
                                   cwd=ROOT).stdout) for _ in range(repeats)]
    bare = [_run([sys.executable, "-c", "pass"]) for _ in range(repeats)]
    whole = [_run([sys.executable, "-c", "import factcheck"]) for _ in range(repeats)]
    return {"import_s": statistics.median(inside), "process_with_import_s": statistics.median(whole),
            "bare_python_s": statistics.median(bare)}


def cold_cli(repeats: int = 3) -> dict:
    exe = Path(sys.executable).parent / "factcheck"
    cmd = [str(exe) if exe.exists() else sys.executable, *([] if exe.exists() else ["-m", "factcheck"]),
           "check", str(FIXTURE.relative_to(ROOT))]
    times = [_run(cmd) for _ in range(repeats)]
    return {"command": "factcheck check fixtures/kim_putin_2023", "cold_cli_s": statistics.median(times),
            "runs_s": times}


def warm_check(repeats: int = 5) -> dict:
    """Reference story, models loaded: with an empty embedding cache, and with every claim already cached."""
    import warnings

    warnings.simplefilter("ignore")
    import factcheck
    from factcheck.embed import MiniLMEmbedder

    docs = factcheck.load(sorted(FIXTURE.glob("*.txt")))
    cfg = factcheck.Config()
    factcheck.check(docs, config=cfg)  # load spaCy and the embedding model
    fresh, cached, stages = [], [], []
    shared = MiniLMEmbedder(batch_size=cfg.batch_size, threads=cfg.threads)
    factcheck.check(docs, config=cfg, embedder=shared)
    for _ in range(repeats):
        timings: dict[str, float] = {}
        t = time.perf_counter()
        factcheck.check(docs, config=cfg, embedder=MiniLMEmbedder(batch_size=cfg.batch_size, threads=cfg.threads),
                        timings=timings)
        fresh.append(time.perf_counter() - t)
        stages.append(timings)
        t = time.perf_counter()
        factcheck.check(docs, config=cfg, embedder=shared)
        cached.append(time.perf_counter() - t)
    return {"warm_check_s": statistics.median(fresh), "warm_check_cached_s": statistics.median(cached),
            "stages_s": {k: statistics.median(s.get(k, 0.0) for s in stages) for k in stages[0]}}


def machine() -> dict:
    model = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                  if ln.startswith("model name")), platform.processor())
    import psutil

    return {"nproc": os.cpu_count(), "cpu": model, "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "date": dt.date.today().isoformat(),
            "load_avg_at_start": os.getloadavg()}


def markdown(result: dict) -> str:
    """The series as a Markdown table (for docs/performance.md)."""
    head = ("| articles | words | claims | check s | extract | embed | align | compare (quote emb.) | render | "
            "model-only s | check / model | peak MB | stage peaks MB (extract / embed / compare) |")
    rows = [head, "|" + "|".join(["---"] * (head.count("|") - 1)) + "|"]
    for r in result["series"]:
        st, pk = r["stages_s"], r.get("stage_peak_mb", {})
        rows.append(
            f"| {r['articles']} | {r['words_min']}-{r['words_max']} | {r['claims']} | {r['check_s']:.2f} | "
            f"{st['extract']:.2f} | {st['embed']:.2f} | {st['align']:.2f} | {st['compare']:.2f} "
            f"({st.get('compare_embedding', 0):.2f}) | {st['render']:.2f} | {r['model_only_s']:.2f} | "
            f"{r['ratio_to_model']:.2f} | {r['peak_rss_mb']:.0f} | {pk.get('extract', 0):.0f} / "
            f"{pk.get('embed', 0):.0f} / {pk.get('compare', 0):.0f} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="5,20,50,100,200", help="story sizes (articles), comma-separated")
    p.add_argument("--naive", default="20,50", help="sizes that also run the all-pairs reference")
    p.add_argument("--repeats", type=int, default=3, help="runs per figure below 100 articles (median)")
    p.add_argument("--repeats-large", type=int, default=1, help="runs per figure at 100 articles or more")
    p.add_argument("--skip-small", action="store_true", help="skip import / cold CLI / warm check")
    p.add_argument("--json", default=str(ROOT / "benchmarks" / "speed.json"), help="where to write the JSON")
    p.add_argument("--markdown", metavar="JSON", help="print the series of an earlier run as a Markdown table")
    p.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    p.add_argument("--worker-naive", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--worker-out", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.markdown:
        print(markdown(json.loads(Path(a.markdown).read_text())))
        return 0
    if a.worker:
        worker(a.worker, a.repeats, a.worker_naive, Path(a.worker_out))
        return 0

    result: dict = {"machine": machine(), "command": "python benchmarks/speed.py " + " ".join(argv or sys.argv[1:])}
    if not a.skip_small:
        result["import"] = import_time()
        print(f"import factcheck: {result['import']['import_s']:.3f} s", flush=True)
        result["cold_cli"] = cold_cli()
        print(f"cold CLI: {result['cold_cli']['cold_cli_s']:.2f} s", flush=True)
        result["warm"] = warm_check()
        print(f"warm check: {result['warm']['warm_check_s']:.2f} s (cached: "
              f"{result['warm']['warm_check_cached_s']:.2f} s) {result['warm']['stages_s']}", flush=True)
    naive = {int(x) for x in a.naive.split(",") if x}
    series = []
    for n in [int(x) for x in a.sizes.split(",") if x]:
        out = Path(a.json).with_suffix(f".{n}.tmp.json")
        reps = a.repeats if n < 100 else a.repeats_large
        cmd = [sys.executable, __file__, "--worker", str(n), "--repeats", str(reps), "--worker-out", str(out)]
        if n in naive:
            cmd.append("--worker-naive")
        subprocess.run(cmd, check=True, cwd=ROOT)
        r = json.loads(out.read_text())
        out.unlink()
        series.append(r)
        st = r["stages_s"]
        line = (f"{n:4d} articles, {r['claims']:5d} claims: check {r['check_s']:7.2f} s, model-only "
                f"{r['model_only_s']:6.2f} s (x{r['ratio_to_model']:.2f}), peak {r['peak_rss_mb']:.0f} MB | "
                + " ".join(f"{s} {st[s]:.2f}" for s in STAGES))
        if "naive" in r:
            nv = r["naive"]
            line += (f" | all-pairs {nv['pairs_s']:.2f} s: x{nv['speedup_pair_stage']:.1f} pair stage, "
                     f"x{nv['speedup_end_to_end']:.2f} end to end; findings {nv['findings_pipeline']} vs "
                     f"{nv['findings_all_pairs']}, {nv['same']} shared")
        print(line, flush=True)
        result["series"] = series
        Path(a.json).write_text(json.dumps(result, indent=1))  # after every size, so a late failure keeps the rest
    result["series"] = series
    Path(a.json).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
