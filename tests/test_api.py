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


# ------------------------------------------------------------------------------------------------- issue 12


def test_api_read_report_round_trips_a_saved_report(tmp_path, story_report):
    path = tmp_path / "report.json"
    path.write_text(story_report.to_json(), encoding="utf-8")
    assert factcheck.read_report(path) == story_report
    assert factcheck.read_report(str(path)) == story_report
    assert factcheck.Report.from_json(path.read_text(encoding="utf-8")) == story_report
    assert factcheck.Report.from_json(path) == story_report


@pytest.mark.parametrize(
    "content, error, needle",
    [
        (None, factcheck.UnreadableInputError, "no report at"),
        ("{not json", factcheck.SchemaError, "is not a factcheck report: Invalid JSON"),
        ('{"documents": 3}', factcheck.SchemaError, "at documents"),
        ('{"schema_version": "9", "documents": [], "new_field": 1}', factcheck.SchemaError, "schema_version '9'"),
    ],
)
def test_api_read_report_refuses_what_is_not_a_report(tmp_path, content, error, needle):
    path = tmp_path / "r.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(error, match=needle):
        factcheck.read_report(path)


def _two_findings():
    from _handmade import report

    return report()


def test_api_report_repr_is_a_short_summary():
    r = _two_findings()
    text = repr(r)
    assert text == str(r)
    lines = text.splitlines()
    assert lines[0] == ("factcheck Report: 3 articles, 6 claims, 2 claim groups, "
                        "2 discrepancies (1 high, 1 medium)")
    assert "outlets: Alpha News (a), Beta Times (b), Gamma Wire (c)" in text
    assert "by kind: location 1, quote 1" in text
    assert "d1  high    location  Where they met" in text  # top findings, most severe first
    assert ".model_dump()" in text
    assert len(text) < 1500 and "Kim met Putin" not in text  # no article text, no claims


def test_api_report_repr_stays_short_on_the_real_story(story_report):
    assert len(repr(story_report)) < 2000 < len(story_report.to_json())
    assert "… and" in repr(story_report)  # more findings than the top few: says how many are left out


def test_api_report_pretty_printers_use_the_summary():
    from IPython.lib.pretty import pretty
    from rich.pretty import pretty_repr

    r = _two_findings()
    assert pretty(r) == repr(r)
    assert "Kim met Putin" not in pretty_repr([r]) and "factcheck Report" in pretty_repr([r])
    assert "<table" in r._repr_html_()  # Jupyter still gets the HTML view


def test_api_filter_takes_lists_and_returns_a_readable_collection():
    r = _two_findings()
    both = r.filter(kind=["location", "quote"])
    assert [d.id for d in both] == ["d1", "d2"]
    assert both == r.discrepancies and isinstance(both, tuple)
    assert repr(both).splitlines() == [
        "2 discrepancies (1 high, 1 medium)",
        "  d1  high    location  Where they met: Vostochny Cosmodrome (a, c) vs Vladivostok (b)",
        "  d2  medium  quote     Kim's words differ: 'We will win' vs 'We shall win'",
    ]
    assert [d.id for d in r.filter(severity=["=high", "=low"])] == ["d1"]
    assert [d.id for d in r.filter(severity="=medium")] == ["d2"]
    assert [d.id for d in r.filter(outlet=["Beta Times"], kind="quote")] == ["d2"]
    assert repr(r.filter(kind="number")) == "0 discrepancies"
    with pytest.raises(ValueError, match="exactly that level"):
        r.filter(severity="severe")


@pytest.mark.parametrize("isolated", [True, False], ids=["no-site-packages", "venv"])
def test_api_clone_named_factcheck_says_it_shadows_the_package(tmp_path, isolated):
    """A clone named ``factcheck`` and a script run from the folder above it: say so, not AttributeError."""
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    (tmp_path / "factcheck").symlink_to(root, target_is_directory=True)  # the clone, as the folder above sees it
    (tmp_path / "run.py").write_text("import factcheck\nprint(factcheck.load)\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    flags = ["-S", "-E"] if isolated else []  # -S: no site-packages; otherwise the venv's editable install
    r = subprocess.run([sys.executable, *flags, "run.py"], cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode != 0
    assert "AttributeError" not in r.stderr, r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError:") and "not the package inside it" in last and "rename the clone" in last
