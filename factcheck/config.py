"""One validated, frozen settings object for every threshold and switch.

Each threshold says which data chose it. Unknown keys are rejected, so a typo in a pipeline's settings fails
loudly instead of being ignored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from factcheck.errors import ConfigError

__all__ = ["Config"]


class Config(BaseModel):
    """Settings for :func:`factcheck.check`.

    Example:
        >>> Config(align_threshold=0.6).align_threshold
        0.6
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    # --- embedding -------------------------------------------------------------------------------------------
    # Chosen on a 2-core machine (docs/performance.md): batch sizes 32-64 are equally fast once texts are sorted by
    # length. Threads: torch's default (one per core) embeds the reference story's 97 claims in 0.66 s against 1.30 s
    # with 1 thread when the machine is idle (median of 5, 2026-11-22), but runs 3-7x slower than 1 thread when
    # another process holds a core; a laptop is usually idle, so the default is torch's, and `threads=1` is the
    # setting for shared CI runners. torch.set_num_threads is process-wide.
    batch_size: int = Field(64, ge=1, description="Sentences per forward pass (see docs/performance.md).")
    threads: int | None = Field(None, ge=1, description="torch intra-op threads; None keeps torch's default.")
    cache_dir: Path | None = Field(None, description="Optional on-disk embedding cache (keyed by text hash).")
    front_cache_dir: Path | None = Field(
        None, description="Optional on-disk cache of each document's parse and word pieces (factcheck.frontend)."
    )
    # spaCy's multiprocessing for stories of 1,000+ distinct sentences: on an idle 2-core machine 2 processes parse
    # the 100-article benchmark story's 2,570 sentences in 5.5 s against 7.8-9.1 s (docs/performance.md). Off by
    # default: it forks the process (Linux) or re-imports the caller's main module (spawn, macOS), which a
    # notebook or a threaded server may not expect, and it gains nothing when the second core is busy.
    parse_processes: int = Field(1, ge=1, le=32, description="spaCy processes for large stories (1 = in process).")

    # --- alignment -------------------------------------------------------------------------------------------
    # Cosine of all-MiniLM-L6-v2 above which two claims may state the same fact. Chosen on the reference story's
    # claim_groups (gold.json) and checked against MRPC train (scripts/benchmark_align.py).
    align_threshold: float = Field(0.55, ge=0.0, le=1.0)
    # Claims this close (and sharing an entity) are compared slot by slot; each comparator adds its own guard.
    link_threshold: float = Field(0.4, ge=0.0, le=1.0)
    # Claims whose cosine is this high are grouped even when their slots share no entity.
    align_strong_threshold: float = Field(0.80, ge=0.0, le=1.0)
    # Same speaker: quotes with at least this cosine are taken as two versions of one remark.
    quote_align_threshold: float = Field(0.45, ge=0.0, le=1.0)
    # rapidfuzz token ratio (0-100) above which two claims are near-verbatim copies (wire copy).
    wire_copy_ratio: float = Field(90.0, ge=0.0, le=100.0)

    # --- comparison ------------------------------------------------------------------------------------------
    number_rel_tol: float = Field(0.05, ge=0.0, le=1.0, description="Relative tolerance for equal quantities.")
    # A unit class (dimension, counted noun) with this many distinct figures in a story is ambiguous: its pairs are
    # compared only at this cosine. Chosen on ../shared/devset (8 clusters) + the reference
    # story, 2026-12-01; see the commit that added it for the per-cluster table.
    number_ambiguous_values: int = Field(10, ge=2)
    number_ambiguous_cosine: float = Field(0.6, ge=0.0, le=1.0)
    # On the calibrated confidence. The calibration does not yet rank findings reliably out of cluster
    # (docs/calibration.md), so the default floor only drops what no held-out cluster scored below 0.1
    # (scripts/calibrate.py on ../shared/devset + the reference story, 2026-12-01).
    # Which detector finds figures, times and places: "pairs" compares the slots of linked claims (the default);
    # "facts" reads them off the disputed rows of the fact table (factcheck/facts/), where two values meet only
    # when they answer one question. On the 14 devset clusters (2026-12-07) "facts" had the same precision and
    # less recall (docs/evaluation.md), so it is not the default yet.
    detector: Literal["pairs", "facts"] = Field("pairs", description="Detector for number, time and location.")
    # One article giving two incompatible answers in one fact row (factcheck/compare/rows.py). Off: on the 14
    # devset clusters (2026-12-07) such rows were nearly always two sub-events the key could not tell apart.
    internal_row_disputes: bool = Field(False, description="Report one article's incompatible answers in a row.")
    min_confidence: float = Field(0.1, ge=0.0, le=1.0, description="Discrepancies below this are dropped.")
    # Replace each comparator's own confidence by the calibrated probability that such a finding is real
    # (factcheck/calibrate.py, fitted by scripts/calibrate.py on ../shared/devset and the reference story).
    calibrate: bool = True

    # --- optional natural-language-inference hook -----------------------------------------------------------
    nli_model_dir: Path | None = Field(None, description="Local cross-encoder folder; off when None.")
    # Not tuned: no NLI model can be installed on the development machines (see factcheck/nli.py). 0.9 keeps
    # to confident calls; 0.6 is the cosine above which linked claims usually tell one event on the reference story.
    nli_threshold: float = Field(0.9, ge=0.0, le=1.0, description="P(contradiction) that makes a finding.")
    nli_min_cosine: float = Field(0.6, ge=0.0, le=1.0, description="Only linked pairs this close are scored.")

    # --- events ----------------------------------------------------------------------------------------------
    # On by default: events read the check's own parse and the word pieces of its one embedding pass, so they cost
    # a few tens of milliseconds on the reference story (docs/events.md, "Cost").
    events: bool = Field(True, description="Fill Report.events: event mentions clustered across outlets.")
    # Needs events. A document whose median same-event probability against the others is under the threshold
    # stored with factcheck/data/doc_pairs.npz (chosen by cross-validation on the ECB+ train topics) is named in
    # Report.off_event and left out of the comparison (factcheck/story_event.py).
    off_event: bool = Field(True, description="Name documents about another event and leave them out of the "
                                              "comparison (needs events).")
    # --- story clustering (factcheck.cluster) ----------------------------------------------------------------
    # A story's score for an article is the weighted mean of four IDF-weighted cosines (content words, capitalised
    # names, numbers, headline-and-lead words) minus the date penalties. Threshold, merge threshold, lead and name
    # weights were chosen by `scripts/benchmark_stories.py --choose --cv` on ECB+ (../shared/ecbplus: 31 topics,
    # 62 stories, 730 articles in publication order; 2026-12-01): the grid's best on all topics; chosen on odd
    # topics alone and on even topics alone the same grid picked thresholds 0.22 and 0.25 with the same merge,
    # lead and name settings (held-out F1 0.853 and 0.869; docs/stream.md). Number weight, date and year
    # penalties and the 30-day gap were set by hand on the same data (earlier, wider grids) and not re-tuned.
    story_threshold: float = Field(0.25, ge=0.0, le=1.0, description="Score an article needs to join a story.")
    story_word_weight: float = Field(1.0, ge=0.0, description="Weight of the content-word cosine.")
    story_name_weight: float = Field(0.7, ge=0.0, description="Weight of the capitalised-name cosine.")
    story_number_weight: float = Field(0.5, ge=0.0, description="Weight of the number cosine.")
    story_lead_weight: float = Field(1.0, ge=0.0, description="Weight of the headline-and-lead cosine.")
    story_max_gap_days: int = Field(30, ge=0, description="Days outside a story's date span before the penalty.")
    story_date_penalty: float = Field(1.0, ge=0.0, description="Subtracted when the dates are too far apart.")
    story_year_penalty: float = Field(0.1, ge=0.0, description="Subtracted when the article's year is 2+ off.")
    story_merge_threshold: float = Field(0.45, ge=0.0, le=1.0,
                                         description="Story-to-story score to merge two stories (1 = never).")
    # Live window, in articles: beyond it a story is no longer a candidate (bounds the work per article on an
    # endless stream). Not tuned: ECB+ has 730 articles, far inside it.
    story_live_docs: int = Field(100_000, ge=1, description="A story idle for this many articles stops being live.")

    @classmethod
    def from_mapping(cls, data: dict[str, Any] | None) -> "Config":
        try:
            return cls(**(data or {}))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "config"
            raise ConfigError(f"invalid setting {where!r}: {first['msg']}. See factcheck.Config for the keys.") from None
