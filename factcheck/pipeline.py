"""The runner: documents -> front end -> claims -> embed -> events -> align -> facts -> compare -> report.

The front end (``factcheck/frontend.py``) cleans, segments and parses one story's documents, and starts the
embedding model on their sentences in the background meanwhile; the back end below builds the story's claims,
reads back the sentence vectors and embeds the claims in one pass, and goes on. The events stage
(``event_coref``, ``story_event``) reads the claims' parse and the word pieces of that embedding pass;
documents it names as telling another event keep their claims in the report and are left out of align, facts
and compare.

Each stage is a function in its own module; this file only calls them in order, checks what they return, and
records how long each took (pass ``timings={}`` to :func:`check` to read them).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from factcheck.config import Config
from factcheck.errors import TooFewDocumentsError
from factcheck.models import Document, OffEvent, Report, Uncorroborated

__all__ = ["check"]


class _Timer:
    def __init__(self, sink: dict[str, float] | None) -> None:
        self.sink = sink

    def __call__(self, name: str):
        timer = self

        class _Stage:
            def __enter__(self):
                self.t = time.perf_counter()

            def __exit__(self, *exc):
                if timer.sink is not None:
                    timer.sink[name] = timer.sink.get(name, 0.0) + time.perf_counter() - self.t

        return _Stage()


def _infer_published(docs: list[Document]) -> list[Document]:
    """A document with no date gets the story's most common date, marked as guessed.

    The guess is kept apart from a found date: ``published_from == "story"`` (``Document.published_guessed``) and
    "published" in ``inferred``; :func:`_guess_notes` names it in the report's warnings, because a relative time
    ("Monday") in that article is resolved on a guess. A date that the input, a header, a meta tag or the text
    gives is never replaced.
    """
    dates = Counter(d.published for d in docs if d.published is not None and not d.published_guessed)
    if not dates:
        return docs
    common = sorted(dates.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return [
        d if d.published is not None
        else d.model_copy(update={"published": common, "published_from": "story",
                                  "inferred": tuple(sorted({*d.inferred, "published"}))})
        for d in docs
    ]


def _guess_notes(docs: list[Document], read: set[str]) -> list[str]:
    """One warning per document read for claims whose publication date is a guess."""
    return [
        f"document {d.id!r}: no publication date found (give one: a 'date:' header line, a 'published' field or "
        f"a dateline); guessed as {d.published.isoformat()}, the date most other articles give, so its relative "
        "times ('Monday', 'last week') rest on a guess."
        for d in docs if d.published_guessed and d.id in read
    ]


def _calibrated(discrepancies, claims, floor: float):
    """Calibrated confidences, findings below ``floor`` dropped, the rest most confident first (ids d1, d2 ...)."""
    from factcheck.calibrate import calibrate

    kept = [d for d in calibrate(discrepancies, claims) if d.confidence >= floor]
    kept.sort(key=lambda d: (-d.confidence, d.evidence[0].doc_id, d.evidence[0].start, d.kind.value, d.summary))
    return [d.model_copy(update={"id": f"d{k}"}) for k, d in enumerate(kept, 1)]


def check(
    documents: Iterable[Any],
    *,
    config: Config | dict | None = None,
    embedder=None,
    timings: dict[str, float] | None = None,
) -> Report:
    """Check several articles about one event and report where they disagree.

    Args:
        documents: ``factcheck.Document`` objects, article strings, dicts with a ``text`` field, or paths.
        config: a :class:`factcheck.Config` (or a dict of its fields); defaults are tuned on development data.
        embedder: anything with ``encode(texts) -> unit vectors``; defaults to the bundled all-MiniLM-L6-v2. The
            event stage needs word-piece vectors (``encode_with_pieces``, as ``MiniLMEmbedder`` has): with an
            embedder without them, the bundled model reads the sentences for the events.
        timings: if given, filled with seconds spent per stage.

    Returns:
        A :class:`factcheck.Report`, with ``events`` (events across outlets) and ``off_event`` (documents about
        another event, left out of the comparison) unless ``Config(events=False)``.

    Raises:
        FactcheckError: for bad input (fewer than two documents, duplicate ids, bad schema, an article over
            ``factcheck.ingest.MAX_CHARS`` characters, a story over :data:`MAX_SENTENCES` sentences) or a missing
            model. A document that does not look like English gives no claims and a line in ``Report.warnings``.

    Example:
        >>> report = factcheck.check(factcheck.load("articles/"))  # doctest: +SKIP
        >>> report.filter(kind="location")  # doctest: +SKIP
    """
    from factcheck.ingest import to_documents

    cfg = config if isinstance(config, Config) else Config.from_mapping(config)
    timer = _Timer(timings)
    with timer("load"):
        docs = to_documents(documents)
    if len(docs) < 2:
        raise TooFewDocumentsError(
            f"got {len(docs)} document; comparing outlets needs at least two: pass two or more articles."
        )
    load_notes = list(getattr(docs, "notes", ()))  # files in a folder that were skipped as unreadable
    docs = _infer_published(docs)

    from factcheck.embed import get_embedder

    if embedder is None:
        embedder = get_embedder(batch_size=cfg.batch_size, threads=cfg.threads, cache_dir=cfg.cache_dir)
    try:
        return _check(docs, cfg, embedder, timer, load_notes)
    except BaseException:
        if hasattr(embedder, "cancel"):  # no background embedding outlives a failed check
            embedder.cancel()
        raise


def _check(docs: list[Document], cfg: Config, embedder, timer: _Timer, load_notes: list[str]) -> Report:
    """The front end (``factcheck.frontend``) and the back end of :func:`check`, in order."""
    from factcheck import align as align_stage
    from factcheck import claims as claim_stage
    from factcheck import compare as compare_stage
    from factcheck import frontend
    from factcheck.embed import get_embedder

    front = frontend.prepare(docs, cfg, embedder=embedder, timer=timer)
    ordered, cleaned, parsed = front.ordered, front.cleaned, front.parsed
    # documents emptied by the guard (not English) give no claims, so a guessed date changes nothing there
    notes = _guess_notes(docs, {p.clean.doc_id for p in parsed if p.sentences}) + front.notes
    with timer("extract"):
        claims, variants, containment = claim_stage.extract_claims(parsed)
    claim_texts = [claim_stage.resolved_text(c) for c in claims]
    mentions = None
    with timer("embed"):
        if cfg.events:
            from factcheck import event_coref

            sent_texts = event_coref.check_sentences(parsed)
            if hasattr(embedder, "encode_with_pieces"):  # one pass gives claims, sentences and word pieces
                both, pieces = embedder.encode_with_pieces(claim_texts + sent_texts, sent_texts)
                emb, sent_vecs = both[: len(claims)], both[len(claims):]
            else:  # an embedder without word pieces: the bundled model reads the sentences for the events
                emb = embedder.encode(claim_texts) if claims else None
                sent_vecs, pieces = get_embedder(batch_size=cfg.batch_size, threads=cfg.threads).encode_with_pieces(
                    sent_texts, sent_texts)
        else:
            emb = embedder.encode(claim_texts) if claims else None
        if not claims:
            emb = None
    if cfg.front_cache_dir:  # the parses and word pieces of this story's documents, for the next check
        frontend.FrontCache(cfg.front_cache_dir).save(parsed, cfg, dict(zip(sent_texts, pieces)) if cfg.events else {})
    off: list[dict] = []
    if cfg.events:
        with timer("events"):
            units, left = event_coref.within_budget(event_coref.check_units(parsed, sent_vecs, pieces))
            if left:
                notes.append(f"the story names more events than one check clusters "
                             f"(event_coref.MAX_MENTIONS = {event_coref.MAX_MENTIONS:,} mentions): events were "
                             f"read from the articles' openings down; {left:,} later sentences were left out of "
                             "Report.events and of the off-event test.")
            mentions = event_coref.cluster_units(units)
            from factcheck import story_event

            ps = story_event.profiles(
                units, mentions, event_coref.stem_map([m.trigger for m in mentions]),
                texts={d.id: d.text for d in ordered},
                dates={d.id: None if d.published_guessed else d.published for d in ordered})
            off = story_event.off_event(ps) if cfg.off_event else []
    all_claims = claims
    gone = {o["doc_id"] for o in off}  # documents about another event: kept in the report, out of the comparison
    if gone:
        keep = [k for k, c in enumerate(claims) if c.doc_id not in gone]
        claims = [claims[k] for k in keep]
        emb = emb[keep] if emb is not None and keep else None
    with timer("align"):
        groups = align_stage.align(claims, emb, config=cfg) if claims else []
        groups = align_stage.mark_wire_copies(groups, {c.id: c for c in claims}, config=cfg)
        links = align_stage.links(claims, emb, config=cfg) if claims else []
    with timer("facts"):
        from factcheck.facts import Story, build

        texts = {d.id: d.text for d in ordered}
        guessed = {d.id for d in ordered if d.published_guessed}
        texts = {k: v for k, v in texts.items() if k not in gone}
        facts = build(claims, texts, Story(containment=containment, guessed_dates=guessed,
                                           rel_tol=cfg.number_rel_tol),
                      same_fact=[g.claim_ids for g in groups])
    with timer("compare"):
        ctx = compare_stage.Context(
            config=cfg, claims={c.id: c for c in claims}, documents=texts,
            containment=containment, claim_emb=emb, index={c.id: i for i, c in enumerate(claims)},
            guessed_dates=guessed, facts=facts,
        )
        nli = None
        if cfg.nli_model_dir is not None:
            from factcheck.nli import load_nli

            nli = load_nli(cfg.nli_model_dir)
        discrepancies, omissions = compare_stage.compare(groups, links, ctx, emb_of=embedder.encode, nli=nli)
        if cfg.calibrate:
            discrepancies = _calibrated(discrepancies, ctx.claims, cfg.min_confidence)

    grouped = {cid for g in groups if len(g.doc_ids) > 1 for cid in g.claim_ids}
    single = [
        Uncorroborated(reason="single_source", claim_id=c.id, doc_id=c.doc_id, start=c.start, end=c.end,
                       text=c.text)
        for c in claims
        if c.id not in grouped
    ]
    events = ()
    if mentions is not None:
        events = tuple(event_coref.group(mentions, main_docs={d.id for d in ordered} - gone))
    with timer("report"):
        report = Report(
            documents=tuple(docs),
            claims=tuple(all_claims),
            groups=tuple(groups),
            discrepancies=tuple(discrepancies),
            variants=tuple(variants),
            uncorroborated=tuple(omissions + single),
            removed=tuple(r for c in cleaned for r in c.removed),
            warnings=tuple(load_notes + notes),
            events=events,
            facts=tuple(facts),
            off_event=tuple(OffEvent(doc_id=o["doc_id"], reason=o["reason"], score=o["score"]) for o in off),
        )
    return report
