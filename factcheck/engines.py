"""The engines ``factcheck stream`` hands its stories to: an engine checks a list of stories and yields one result
per story, in the order given.

An engine is anything with ``check(stories, config) -> iterator of (report JSON, findings by severity, error)``
(:class:`Engine`). Two ship: :class:`LocalEngine` (this process) and the Ray engine
(:class:`factcheck.stream_ray.RayEngine`, across a cluster). Both run :func:`check_story`, so both write the same
bytes. The stream (``factcheck/stream.py``) calls an engine and never the other way round: this module imports
neither the stream nor Ray.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from factcheck.config import Config
from factcheck.errors import FactcheckError
from factcheck.models import Document

__all__ = ["Engine", "LocalEngine", "check_story", "SEVERITIES", "Result"]

SEVERITIES = ("high", "medium", "low")

# (the report as JSON or None, findings by severity, the error message or None)
Result = tuple[str | None, dict[str, int], str | None]


class Engine(Protocol):
    def check(self, stories: Sequence[Sequence[Document]], config: Config) -> Iterator[Result]:
        """Check each story (its documents); yield one result per story, in the order given."""
        ...


def check_story(docs: Sequence[Document], config: Config, *, timings: dict[str, float] | None = None) -> Result:
    """Check one story; return (report JSON, findings by severity, error message).

    ``timings``, if given, accumulates the seconds of each stage of :func:`factcheck.check`.
    """
    import warnings

    import factcheck
    from factcheck.ingest import FactcheckWarning

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FactcheckWarning)
            report = factcheck.check(list(docs), config=config, timings=timings)
    except FactcheckError as exc:
        return None, {}, str(exc)
    counts = {s: 0 for s in SEVERITIES}
    for d in report.discrepancies:
        counts[d.severity.value] += 1
    return report.to_json(), counts, None


class LocalEngine:
    """Checks stories one after another in this process; ``timings`` accumulates the stages' seconds."""

    def __init__(self, timings: dict[str, float] | None = None) -> None:
        self.timings = timings

    def check(self, stories: Sequence[Sequence[Document]], config: Config) -> Iterator[Result]:
        from factcheck.embed import get_embedder
        from factcheck.frontend import prefetch

        embedder = get_embedder(batch_size=config.batch_size, threads=config.threads, cache_dir=config.cache_dir)
        try:
            for k, docs in enumerate(stories):
                # the next story's sentences are embedded in the background while this one is checked
                prefetch(stories[k: k + 2] if k == 0 else stories[k + 1: k + 2], config, embedder)
                yield check_story(docs, config, timings=self.timings)
        finally:
            embedder.cancel()  # a run stopped early leaves no job running
