"""A stream of articles -> stories -> one checked report per story, kept current across runs.

:func:`run_stream` reads articles (folders, JSONL files, or JSON lines on stdin), groups them into stories with
:func:`factcheck.cluster.cluster`, checks every story that has at least two outlets with :func:`factcheck.check`,
and writes into the output folder:

* ``reports/<story id>.json``: the story's report (``Report.to_json()``),
* ``stories.jsonl``: one line per story (one-article stories too): id, doc_ids, outlets, dates, label, counts
  of findings by severity, and whether it changed since the last completed run,
* ``state/``: what the next run resumes from: every article seen (``documents.jsonl``), the clustering state
  (``cluster.json``), and ``checked.json`` (the content fingerprint each written report was made from),
* ``cache/embeddings/``: claim and sentence embeddings by text hash, so a re-check embeds only new sentences;
* ``cache/front/``: each article's spaCy parse and word-piece vectors (``factcheck.frontend.FrontCache``), so a
  changed story is re-checked without parsing or embedding its unchanged articles again.

Running again with new articles re-checks only stories whose articles changed. A run stopped at any point
(killed, or an exception) resumes to the same index and reports: articles are stored before they are clustered,
the clustering state is saved before any check, each report is written atomically with its fingerprint, and
``stories.jsonl`` is replaced only at the end, so ``changed`` is always measured against the last completed run.

An article without an outlet counts as an outlet of its own (nothing says two such articles share one).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from factcheck.cluster import ClusterState, Story
from factcheck.config import Config
from factcheck.engines import SEVERITIES, Engine, LocalEngine, check_story
from factcheck.errors import InputError, SchemaError
from factcheck.models import Document

__all__ = ["run_stream", "StreamResult", "read_inputs", "SEVERITIES", "check_story"]



@dataclass(frozen=True)
class StreamResult:
    """What one run did (the CLI prints it as the summary line)."""

    articles: int  # every article in the index after this run
    new_articles: int
    stories: int
    changed: int
    checked: int  # stories checked in this run
    findings: dict[str, int] = field(default_factory=dict)  # by severity, over all stories in the index
    errors: int = 0  # stories whose check refused its input (the reason is in the index)
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, summed over stories

    def describe(self) -> str:
        f = ", ".join(f"{self.findings.get(s, 0)} {s}" for s in SEVERITIES)
        err = f", {self.errors} could not be checked" if self.errors else ""
        return (f"{self.articles} articles ({self.new_articles} new) in {self.stories} stories, {self.changed} "
                f"changed, {self.checked} checked{err}; findings: {f}; {self.seconds:.1f} s")


# --- input ------------------------------------------------------------------------------------------------------


def _stdin_documents(stream: TextIO) -> list[Document]:
    from factcheck.ingest import json_lines, to_documents

    objs = []
    for n, obj in json_lines(stream, "stdin"):
        if not isinstance(obj, dict):
            raise SchemaError(f"stdin line {n} is a JSON {type(obj).__name__}, not an article object.")
        obj.setdefault("id", f"stdin{n}")
        objs.append(obj)
    return to_documents(objs)


def read_inputs(inputs: Sequence[str], *, stdin: TextIO | None = None) -> list[Document]:
    """Articles from folders, files (``.jsonl``, ``.json``, ``.txt``, ``.html``) and ``-`` (JSON lines on stdin)."""
    from factcheck.ingest import _check_ids, load

    docs: list[Document] = []
    for item in inputs:
        if item == "-":
            docs.extend(_stdin_documents(stdin if stdin is not None else sys.stdin))
        else:
            docs.extend(load(item))
    return _check_ids(docs)


# --- state ------------------------------------------------------------------------------------------------------


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _text_hash(doc: Document) -> str:
    return hashlib.blake2b(doc.model_dump_json().encode("utf-8"), digest_size=12).hexdigest()


def fingerprint(story: Story, docs: dict[str, Document]) -> str:
    """A story's content: its articles, each with a hash of everything it carries (order-free)."""
    h = hashlib.blake2b(digest_size=12)
    for d in sorted(story.doc_ids):
        h.update(f"{d}\0{_text_hash(docs[d])}\n".encode())
    return h.hexdigest()


class _Store:
    """The output folder's ``state/``: every article seen, the clustering state and the checked fingerprints."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.dir = out / "state"
        self.reports = out / "reports"
        for d in (self.dir, self.reports):
            d.mkdir(parents=True, exist_ok=True)
        self.docs_file = self.dir / "documents.jsonl"
        self.cluster_file = self.dir / "cluster.json"
        self.checked_file = self.dir / "checked.json"
        self.index_file = out / "stories.jsonl"

    def documents(self) -> dict[str, Document]:
        docs: dict[str, Document] = {}
        if self.docs_file.exists():
            with self.docs_file.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.endswith("\n"):  # a line cut by a crash was never acknowledged: drop it
                        d = Document.model_validate_json(line)
                        docs[d.id] = d
        return docs

    def append_documents(self, docs: list[Document]) -> None:
        if not docs:
            return
        with self.docs_file.open("a", encoding="utf-8") as fh:
            fh.write("".join(d.model_dump_json() + "\n" for d in docs))
            fh.flush()
            os.fsync(fh.fileno())

    def cluster_state(self) -> ClusterState:
        return ClusterState.load(self.cluster_file) if self.cluster_file.exists() else ClusterState()

    def checked(self) -> dict[str, str]:
        return json.loads(self.checked_file.read_text()) if self.checked_file.exists() else {}

    def previous_index(self) -> dict[str, dict]:
        if not self.index_file.exists():
            return {}
        return {r["id"]: r for r in (json.loads(x) for x in self.index_file.read_text().splitlines() if x)}


# --- the run ----------------------------------------------------------------------------------------------------


def _outlet_count(story: Story, docs: dict[str, Document]) -> int:
    return len({docs[d].outlet or f"\0{d}" for d in story.doc_ids})


def run_stream(
    inputs: Sequence[str] | Iterable[Document],
    out: str | os.PathLike,
    *,
    config: Config | dict | None = None,
    engine: str | Engine = "local",
    address: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    on_checked: Callable[[str], None] | None = None,
    stdin: TextIO | None = None,
) -> StreamResult:
    """Cluster new articles into stories, check the stories that changed, and rewrite the index.

    Args:
        inputs: paths (folders, files, ``-`` for stdin) or Documents.
        out: the output folder (created; its ``state/`` makes the next run incremental).
        config: :class:`factcheck.Config` or a dict; the embedding cache goes to ``out/cache/embeddings``
            unless ``cache_dir`` is set, the parses and word pieces to ``out/cache/front`` unless
            ``front_cache_dir`` is set.
        engine: ``"local"`` (this process), ``"ray"`` (see :mod:`factcheck.stream_ray`), or any
            :class:`factcheck.engines.Engine`.
        address: a Ray cluster address for ``engine="ray"``; a private local cluster when None.
        progress: called with (stories done, stories to check) as checks finish.
        on_checked: called with each story id once its report is on disk (tests use it to interrupt a run).
        stdin: the stream ``-`` reads (default ``sys.stdin``).

    Returns:
        A :class:`StreamResult`.
    """
    t0 = time.perf_counter()
    stage: dict[str, float] = {}
    cfg = config if isinstance(config, Config) else Config.from_mapping(config)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {str(out)!r} is a file; give a folder (it is created if missing).")
    store = _Store(out)
    if cfg.cache_dir is None:
        cfg = cfg.model_copy(update={"cache_dir": out / "cache" / "embeddings"})
    if cfg.front_cache_dir is None:
        cfg = cfg.model_copy(update={"front_cache_dir": (out / "cache" / "front").resolve()})  # Ray workers too

    given = list(inputs)
    new_docs = given if given and isinstance(given[0], Document) else read_inputs(given, stdin=stdin)
    known = store.documents()
    fresh: list[Document] = []
    for d in new_docs:
        old = known.get(d.id)
        if old is None:
            fresh.append(d)
            known[d.id] = d
        elif _text_hash(old) != _text_hash(d):
            raise InputError(f"article id {d.id!r} was seen in an earlier run with other content: give a "
                             "changed article a new id (stories keep every article they were given).")
    # Store first, then cluster: a crash in between leaves stored articles that the next run clusters.
    store.append_documents(fresh)
    state = store.cluster_state()
    pending = [d for d in known.values() if d.id not in state.seen]
    stage["read"] = time.perf_counter() - t0
    if pending:
        t = time.perf_counter()
        for d in pending:
            state.add(d, cfg)
        state.save(store.cluster_file)
        stage["cluster"] = time.perf_counter() - t
    stories = state.stories_out()

    previous = store.previous_index()
    checked = store.checked()
    prints = {s.id: fingerprint(s, known) for s in stories}
    todo = [s for s in stories if _outlet_count(s, known) >= 2 and checked.get(s.id) != prints[s.id]]
    runner: Engine
    if not isinstance(engine, str):  # an Engine object (factcheck/engines.py)
        runner = engine
    elif engine == "ray":
        from factcheck.stream_ray import RayEngine

        runner = RayEngine(address=address)
    elif engine == "local":
        runner = LocalEngine(timings=stage)
    else:
        raise InputError(f"unknown engine {engine!r}: use 'local' or 'ray'.")
    results_iter = runner.check([[known[d] for d in s.doc_ids] for s in todo], cfg)
    meta_file = store.dir / "results.json"
    results: dict[str, dict] = json.loads(meta_file.read_text()) if meta_file.exists() else {}
    for i, (story, (report, counts, error)) in enumerate(zip(todo, results_iter), 1):
        path = store.reports / f"{story.id}.json"
        if report is not None:
            _atomic_write(path, report)
        elif path.exists():
            path.unlink()
        results[story.id] = {"findings": counts, "error": error}
        checked[story.id] = prints[story.id]
        # the results, then the fingerprint that says the report on disk is current
        _atomic_write(meta_file, json.dumps(results, sort_keys=True))
        _atomic_write(store.checked_file, json.dumps(checked, sort_keys=True))
        if progress:
            progress(i, len(todo))
        if on_checked:
            on_checked(story.id)

    live = {s.id for s in stories}
    for stale in sorted(set(checked) - live):  # a story merged into an older one leaves no report behind
        (store.reports / f"{stale}.json").unlink(missing_ok=True)
        checked.pop(stale)
        results.pop(stale, None)
    lines, findings, n_changed, errors = [], {s: 0 for s in SEVERITIES}, 0, 0
    for s in stories:
        fp = prints[s.id]
        was = previous.get(s.id)
        changed = was is None or was.get("fingerprint") != fp
        n_changed += changed
        res = results.get(s.id) if checked.get(s.id) == fp else None
        counts = (res or {}).get("findings") or {}
        for k in SEVERITIES:
            findings[k] += counts.get(k, 0)
        errors += bool(res and res.get("error"))
        row: dict[str, Any] = {
            "id": s.id, "doc_ids": list(s.doc_ids), "outlets": list(s.outlets),
            "first_date": s.first_date.isoformat() if s.first_date else None,
            "last_date": s.last_date.isoformat() if s.last_date else None,
            "label": s.label, "articles": len(s.doc_ids),
            "checked": bool(res and not res.get("error")),
            "report": f"reports/{s.id}.json" if res and not res.get("error") else None,
            "findings": {k: counts.get(k, 0) for k in SEVERITIES},
            "error": (res or {}).get("error"),
            "changed": changed, "fingerprint": fp,
        }
        lines.append(json.dumps(row, sort_keys=True))
    _atomic_write(store.checked_file, json.dumps(checked, sort_keys=True))
    _atomic_write(meta_file, json.dumps(results, sort_keys=True))
    _atomic_write(store.index_file, "".join(line + "\n" for line in lines))
    return StreamResult(
        articles=len(known), new_articles=len(fresh), stories=len(stories), changed=n_changed, checked=len(todo),
        findings=findings, errors=errors, seconds=time.perf_counter() - t0, timings=stage,
    )
