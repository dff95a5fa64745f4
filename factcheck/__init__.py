"""factcheck: report where news articles about one event disagree on facts.

Example:
    >>> import factcheck
    >>> report = factcheck.check(factcheck.load("articles/"))  # doctest: +SKIP
    >>> print(report.to_text())  # doctest: +SKIP

The data flows through one module per stage: ingest -> clean -> segment -> claims (slots/) -> embed -> align ->
compare -> report (models) -> render. ``import factcheck`` stays fast: torch, sentence-transformers and spaCy are
imported only when a check first needs them.
"""

from factcheck.config import Config
from factcheck.errors import (
    ConfigError,
    DecodeError,
    DuplicateIdError,
    FactcheckError,
    InputError,
    InputTooLargeError,
    ModelChecksumError,
    ModelError,
    ModelMissingError,
    SchemaError,
    TooFewDocumentsError,
    UnreadableInputError,
)
from factcheck.ingest import FactcheckWarning, load
from factcheck.models import (
    SCHEMA_VERSION,
    Claim,
    Discrepancy,
    Document,
    Evidence,
    Group,
    Kind,
    Report,
    Severity,
    Uncorroborated,
    Variant,
    read_report,
)
from factcheck.pipeline import check
from factcheck.models import Event, EventMention  # noqa: E402  (appended: event coreference)


def events(documents, *, mentions=None, model=None, embedder=None) -> list[EventMention]:
    """The event mentions of ``documents`` clustered into events across documents.

    See :func:`factcheck.event_coref.events` (imported on first call, so ``import factcheck`` stays light).

    Example:
        >>> ms = factcheck.events(factcheck.load("articles/"))  # doctest: +SKIP
        >>> {m.event for m in ms}  # doctest: +SKIP
    """
    from factcheck.event_coref import events as _events

    return _events(documents, mentions=mentions, model=model, embedder=embedder)
from factcheck.cluster import ClusterState, Story, cluster

__version__ = "0.1.0"

__all__ = [
    "check",
    "load",
    "read_report",
    "Config",
    "Document",
    "Report",
    "Claim",
    "Group",
    "Discrepancy",
    "Evidence",
    "Variant",
    "Uncorroborated",
    "Kind",
    "Severity",
    "SCHEMA_VERSION",
    "FactcheckError",
    "InputError",
    "InputTooLargeError",
    "UnreadableInputError",
    "DecodeError",
    "SchemaError",
    "DuplicateIdError",
    "TooFewDocumentsError",
    "ModelError",
    "ModelMissingError",
    "ModelChecksumError",
    "ConfigError",
    "FactcheckWarning",
    "events",
    "Event",
    "EventMention",
    "__version__",
    "cluster",
    "Story",
    "ClusterState",
]
