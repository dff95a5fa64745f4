"""The public surface: fast import with no heavy modules, a complete __all__, config validation."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

import factcheck


def test_api_import_is_light_and_fast():
    code = (
        "import sys, time; t = time.perf_counter(); import factcheck; dt = time.perf_counter() - t; "
        "heavy = [m for m in ('torch', 'sentence_transformers', 'spacy', 'transformers') if m in sys.modules]; "
        "print(dt, heavy)"
    )
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        seconds, heavy = out.split(" ", 1)
        assert heavy.strip() == "[]"
        runs.append(float(seconds))
    assert sorted(runs)[1] < 1.0


@pytest.mark.parametrize("name", factcheck.__all__)
def test_api_every_name_in_all_imports(name):
    assert getattr(factcheck, name) is not None


def test_api_config_rejects_unknown_keys():
    with pytest.raises(factcheck.ConfigError, match="align_treshold"):
        factcheck.check(["a.", "b."], config={"align_treshold": 0.5})


def test_api_config_is_frozen():
    cfg = factcheck.Config()
    with pytest.raises(Exception):
        cfg.align_threshold = 0.1  # type: ignore[misc]


def test_api_warnings_shown_in_text_and_markdown():
    report = factcheck.Report(documents=(factcheck.Document(id="a", text="x"),), warnings=("'a' looks French",))
    assert "warning: 'a' looks French" in report.to_text()
    assert "**Warning:** 'a' looks French" in report.to_markdown()
