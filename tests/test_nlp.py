"""The spaCy pipeline's speed settings: numpy's BLAS, one BLAS thread while parsing, nothing else changed."""

from __future__ import annotations

import pytest

from factcheck.nlp import get_nlp, one_blas_thread


def test_layers_use_numpy_blas_not_blis():
    nlp = get_nlp()
    layers = [n for _, pipe in nlp.pipeline if getattr(pipe, "model", None) is not None for n in pipe.model.walk()]
    assert layers
    # the parser's and NER's output layer keep thinc's default; every layer built at load time uses numpy
    assert sum(1 for n in layers if getattr(n.ops, "use_blis", False)) <= 2
    assert sum(1 for n in layers if getattr(n.ops, "use_blis", True) is False) > 100


def test_one_blas_thread_limits_and_restores():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    import os

    import numpy

    # numpy's own BLAS, the one spaCy's layers call; libraries that other packages (torch, scipy) load later
    # in the process are not spaCy's and are not limited
    home = os.path.dirname(os.path.dirname(numpy.__file__))

    def numpy_blas():
        return [i["num_threads"] for i in threadpoolctl.threadpool_info()
                if i["user_api"] == "blas" and i["filepath"].startswith(os.path.join(home, "numpy"))]

    before = numpy_blas()
    if not before:
        pytest.skip("no numpy BLAS library that threadpoolctl can see")
    with one_blas_thread():
        inside = numpy_blas()
        assert inside and all(n == 1 for n in inside)
    assert numpy_blas() == before


def test_parse_is_the_same_with_either_blas():
    """OpenBLAS and BLIS give the same tags, parse and entities (checked on the whole benchmark story too)."""
    from thinc.api import use_ops

    import importlib

    text = ("Officials said on Tuesday that the delegation of 40 people arrived in the capital by train, "
            "while the ministry denied reports of a second visit planned for March.")
    nlp = get_nlp()
    with use_ops("numpy", use_blis=True):
        blis = importlib.import_module(nlp.meta["lang"] + "_" + nlp.meta["name"]).load()
    with one_blas_thread():
        ours = nlp(text)
    theirs = blis(text)
    sig = lambda d: [(t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_) for t in d]  # noqa: E731
    assert sig(ours) == sig(theirs)
