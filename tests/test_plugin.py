"""The pytest plugin, run inside throwaway pytest sessions with ``pytester``."""

from __future__ import annotations

import json

import pytest
from _handmade import TEXTS, evidence, location, quote, report

from factcheck.models import Discrepancy, Kind

pytest_plugins = ["pytester"]

# Hypothesis' plugin costs ~2 s per inner session and plays no part here; the cache would litter the tmp dir.
FAST = ("-p", "no:hypothesispytest", "-p", "no:cacheprovider")

LOAD = """
import pathlib
from factcheck import Report
def load(name="report.json"):
    return Report.model_validate_json((pathlib.Path(__file__).parent / name).read_text())
"""


@pytest.fixture
def project(pytester):
    pytester.makefile(".json", report=report(location(), quote()).to_json())
    pytester.makeconftest(LOAD)
    return pytester


def test_plugin_loads_through_its_entry_point(pytester):
    pytester.makepyfile(
        """
        def test_registered(request):
            pm = request.config.pluginmanager
            plugin = pm.get_plugin("factcheck")
            assert plugin is not None and plugin.__name__ == "factcheck.pytest_plugin"
            assert "factcheck" in [dist.project_name for _, dist in pm.list_plugin_distinfo()]

        def test_fixtures(factcheck_consistent, factcheck_baseline, factcheck_check):
            assert callable(factcheck_consistent) and callable(factcheck_check)
            assert factcheck_baseline.path.name == "test_fixtures.json"
        """
    )
    # a fresh interpreter: the plugin can only come from the installed pytest11 entry point
    result = pytester.runpytest_subprocess(*FAST)
    result.assert_outcomes(passed=2)


def test_plugin_failure_lists_every_finding_readably(project):
    project.makepyfile(
        """
        from conftest import load
        def test_story(factcheck_consistent):
            factcheck_consistent(load(), fail_on="medium")
        """
    )
    result = project.runpytest(*FAST)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*2 discrepancies at or above 'medium' (1 high, 1 medium) among 3 documents*",
        "*[[]HIGH] location d1 (confidence 0.90): Where they met*",
        "*b (Beta Times): 'Vladivostok': Kim met Putin in Vladivostok on Wednesday.*",
        "*to allow it: allow=[[]finding('location', values=[[]'Vostochny Cosmodrome', 'Vladivostok'])]*",
        "*[[]MEDIUM] quote d2*",
    ])
    # the assertion helper's own frames are hidden: the failure points at the test's line
    assert "def assert_consistent" not in result.stdout.str()


def test_plugin_explains_a_missing_finding(project):
    project.makepyfile(
        """
        from conftest import load
        from factcheck.testing import finding
        def test_expect():
            assert finding("location", values=["Omsk"]) in load().discrepancies
        def test_expect_eq():
            assert load().discrepancies[0] == finding("location", severity="=low")
        """
    )
    result = project.runpytest(*FAST)
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines([
        "*no discrepancy fits finding('location', values=[[]'Omsk'])*",
        "*d1 [[]high] location*",
        "*values [[]'Omsk'] not among [[]'Vladivostok', 'Vostochny Cosmodrome']*",
        "*d1 does not fit finding('location', severity='=low')*",
        "*severity is 'high', expected exactly 'low'*",
    ])


def test_plugin_baseline_round_trip(project):
    """Record; rerun passes; a new conflict fails naming only the new one."""
    project.makepyfile(
        """
        from conftest import load
        def test_story(factcheck_consistent):
            factcheck_consistent(load(), fail_on="low")
        """
    )
    result = project.runpytest(*FAST, "--factcheck-update-baselines")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*factcheck: 1 baseline(s) written*", "*test_story.json"])
    written = project.path / "factcheck-baselines" / "test_plugin_baseline_round_trip" / "test_story.json"
    assert len(json.loads(written.read_text())["entries"]) == 2

    project.runpytest(*FAST).assert_outcomes(passed=1)

    texts = {**TEXTS, "n": "Talks lasted nine hours."}
    new = Discrepancy(
        id="d3", kind="number", severity="low", confidence=0.6, summary="Talks: five hours vs nine hours",
        evidence=(evidence("c", "Talks lasted five hours.", "five hours", texts=texts),
                  evidence("n", "Talks lasted nine hours.", "nine hours", texts=texts)),
    )
    # the grown story renumbers the old findings: ids must not matter
    (project.path / "report.json").write_text(report(quote("d1"), location("d2"), new, texts=texts).to_json())
    result = project.runpytest(*FAST)
    result.assert_outcomes(failed=1)
    out = result.stdout.str()
    assert "1 discrepancy at or above 'low' (1 low) among 4 documents not accepted in the baseline" in out
    assert "number d3" in out and "location d" not in out and "quote d" not in out


def test_plugin_ini_and_option_set_fail_on(project):
    project.makeini("[pytest]\nfactcheck_fail_on = high\n")
    project.makepyfile(
        """
        from conftest import load
        def test_story(factcheck_consistent):
            factcheck_consistent(load(), allow=["location"])
        """
    )
    project.runpytest(*FAST).assert_outcomes(passed=1)  # only the medium quote is left, below 'high'
    project.runpytest(*FAST, "--factcheck-fail-on", "medium").assert_outcomes(failed=1)


def test_plugin_check_fixture_caches_per_session(pytester):
    pytester.makeconftest(
        """
        import pytest
        CALLS = []

        @pytest.fixture(autouse=True)
        def fake(monkeypatch):
            from factcheck.models import Document, Report
            def check(docs, *, config=None):
                CALLS.append(len(docs))
                return Report(documents=tuple(docs))
            monkeypatch.setattr("factcheck.pipeline.check", check)
        """
    )
    pytester.makepyfile(
        """
        import conftest
        def test_one(factcheck_check):
            factcheck_check(["Kim arrived.", "Kim left."])
        def test_two(factcheck_check, factcheck_consistent):
            factcheck_consistent(["Kim arrived.", "Kim left."])
            factcheck_check(["Kim arrived.", "Kim stayed."])
            assert conftest.CALLS == [2, 2]
        """
    )
    pytester.runpytest(*FAST).assert_outcomes(passed=2)


def test_plugin_corrupt_baseline_fails_with_one_line(project):
    folder = project.path / "factcheck-baselines" / "test_plugin_corrupt_baseline_fails_with_one_line"
    folder.mkdir(parents=True)
    (folder / "test_story.json").write_text("{oops")
    project.makepyfile(
        """
        from conftest import load
        def test_story(factcheck_consistent):
            factcheck_consistent(load())
        """
    )
    result = project.runpytest(*FAST)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*cannot read the baseline*record it again*"])


def test_plugin_failure_names_the_option_that_records_a_baseline(project):
    """Issue 12: a test that fails for want of a baseline says how to record one."""
    project.makepyfile(
        """
        from conftest import load
        def test_story(factcheck_consistent):
            factcheck_consistent(load(), fail_on="low")
        """
    )
    result = project.runpytest(*FAST)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([
        "*No baseline is recorded for this test (*test_story.json); to accept these findings, run pytest "
        "--factcheck-update-baselines and commit the file.*",
    ])
    project.runpytest(*FAST, "--factcheck-update-baselines").assert_outcomes(passed=1)
    (project.path / "report.json").write_text(report(location(), quote(), location("d3", "g3").model_copy(
        update={"kind": Kind.time})).to_json())
    result = project.runpytest(*FAST)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*To accept these findings into the baseline *test_story.json, run pytest "
                                 "--factcheck-update-baselines*"])
