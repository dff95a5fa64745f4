"""factcheck.testing: assert_consistent lists every finding; finding() compares like pytest.approx."""

from __future__ import annotations

import pytest
from _handmade import location, quote, report

from factcheck.baseline import Baseline
from factcheck.models import Document, Report, Severity
from factcheck.testing import Finding, InconsistencyError, assert_consistent, finding


def test_testing_assert_consistent_passes_a_clean_report_and_returns_it():
    r = Report(documents=(Document(id="a", text="x"), Document(id="b", text="y")))
    assert assert_consistent(r) is r


def test_testing_assert_consistent_lists_every_finding():
    with pytest.raises(InconsistencyError) as info:
        assert_consistent(report(), fail_on="low")
    err = info.value
    assert isinstance(err, AssertionError)
    assert [d.id for d in err.findings] == ["d1", "d2"]
    msg = str(err)
    assert msg.startswith("2 discrepancies at or above 'low' (1 high, 1 medium) among 3 documents:")
    # every outlet's value and sentence, and a ready-made way to allow it
    assert "b (Beta Times): 'Vladivostok': Kim met Putin in Vladivostok on Wednesday." in msg
    assert "word diff: We [-will-] {+shall+} win" in msg
    assert "allow=[finding('location', values=['Vostochny Cosmodrome', 'Vladivostok'])]" in msg


@pytest.mark.parametrize("fail_on, failing", [("high", ["d1"]), ("medium", ["d1", "d2"]), ("low", ["d1", "d2"])])
def test_testing_fail_on_threshold(fail_on, failing):
    with pytest.raises(InconsistencyError) as info:
        assert_consistent(report(), fail_on=fail_on)
    assert [d.id for d in info.value.findings] == failing


@pytest.mark.parametrize(
    "allow",
    [
        ["location", "quote"],
        [finding("location", values=["Vladivostok"]), finding("quote")],
        [lambda d: True],
        "location",  # a single kind is accepted as is
    ],
)
def test_testing_allow_forms(allow):
    if allow == "location":
        with pytest.raises(InconsistencyError) as info:
            assert_consistent(report(), allow=allow)
        assert [d.id for d in info.value.findings] == ["d2"]
    else:
        assert_consistent(report(), allow=allow)


def test_testing_allow_rejects_unknown_kind_with_a_hint():
    with pytest.raises(ValueError, match=r"not a discrepancy kind .* finding\(kind"):
        assert_consistent(report(), allow=["locaton"])


def test_testing_bad_fail_on():
    with pytest.raises(ValueError, match="fail_on must be"):
        assert_consistent(report(), fail_on="severe")


def test_testing_baseline_accepts_known_findings(tmp_path):
    r = report()
    path = tmp_path / "b.json"
    Baseline.from_report(r, discrepancies=[r.discrepancies[0]]).save(path)
    with pytest.raises(InconsistencyError) as info:
        assert_consistent(r, baseline=path)
    assert [d.id for d in info.value.findings] == ["d2"]
    assert "not accepted in the baseline" in str(info.value)


def test_testing_documents_are_checked(monkeypatch):
    calls = []

    def fake_check(docs, *, config=None):
        calls.append((docs, config))
        return report()

    monkeypatch.setattr("factcheck.pipeline.check", fake_check)
    with pytest.raises(InconsistencyError):
        assert_consistent(["one", "two"], config={"x": 1})
    assert calls == [(["one", "two"], {"x": 1})]


# ------------------------------------------------------------------------------------------------- finding


def test_testing_finding_equality_and_membership():
    r = report()
    assert finding("location") in r.discrepancies
    assert finding("location", values=["vladivostok", "VOSTOCHNY  cosmodrome"]) == r.discrepancies[0]
    assert r.discrepancies[0] == finding("location", doc_ids=["a", "b"], severity="high")
    assert finding("quote", min_severity="medium", summary="words differ") in r.discrepancies
    assert finding("location", values=["Omsk"]) not in r.discrepancies
    assert finding("number") not in r.discrepancies
    assert finding("location", internal=True) not in r.discrepancies
    assert finding("quote", min_severity="high") not in r.discrepancies
    assert finding() != "not a discrepancy"


def test_testing_finding_refuses_truthiness_with_did_you_mean():
    with pytest.raises(TypeError, match=r"Did you mean `assert finding\('location'\) in report.discrepancies`"):
        bool(finding("location"))


def test_testing_finding_refuses_a_bare_string_of_values():
    with pytest.raises(TypeError, match="list of strings"):
        finding("location", values="Omsk")


def test_testing_finding_repr_and_explain():
    f = finding("location", severity="=low", values=["Omsk"], doc_ids=["a"])
    assert repr(f) == "finding('location', severity='=low', values=['Omsk'], doc_ids=['a'])"
    lines = f.explain(report().discrepancies)
    assert lines[0].startswith("no discrepancy fits finding('location'")
    assert any("severity is 'high', expected exactly 'low'" in x for x in lines)
    assert any("values ['Omsk'] not among ['Vladivostok', 'Vostochny Cosmodrome']" in x for x in lines)
    assert Finding().explain([]) == ["finding(): the report has no discrepancies at all"]


def test_testing_finding_is_unhashable():
    with pytest.raises(TypeError):
        hash(finding("location"))


def test_testing_exports():
    import factcheck.testing as t

    for name in t.__all__:
        assert getattr(t, name) is not None
    assert location().id == "d1" and quote().id == "d2"


def test_testing_context_evidence_has_no_also_value_on_the_real_story(story_report):
    """Other outlets' sentences shown as context for an internal conflict carry no made-up "also: X" value, so
    neither baselines nor the suggested ``finding(values=[...])`` line ever contain it (issue 12)."""
    from factcheck.testing import describe

    from collections import Counter

    internal = [d for d in story_report.discrepancies if d.internal and d.kind.value == "location"]
    context = [e for d in internal for e in d.evidence
               if e.doc_id != Counter(x.doc_id for x in d.evidence).most_common(1)[0][0] and e.value is None]
    assert context  # the reference story has internal conflicts with other outlets' sentences as context
    values = [e.value for d in story_report.discrepancies for e in d.evidence if e.value is not None]
    assert not any(v.startswith("also") for v in values)
    hints = [ln for ln in describe(story_report, story_report.discrepancies) if "to allow it" in ln]
    assert hints and not any("also:" in ln for ln in hints)


@pytest.mark.parametrize("spec", ["low", "medium", "high", "=low", "=medium", "=high", ">=medium"])
def test_testing_finding_and_filter_read_severity_by_one_rule(spec):
    """finding(severity=) and Report.filter(severity=) used to disagree ("exactly" vs "at least"; issue 12)."""
    r = report(location("d1"), quote("d2"), quote("d3").model_copy(update={"severity": Severity.low}))
    by_filter = [d.id for d in r.filter(severity=spec)]
    by_finding = [d.id for d in r.discrepancies if finding(severity=spec) == d]
    assert by_filter == by_finding
    expected = {"low": ["d1", "d2", "d3"], "medium": ["d1", "d2"], "high": ["d1"], "=low": ["d3"],
                "=medium": ["d2"], "=high": ["d1"], ">=medium": ["d1", "d2"]}[spec]
    assert by_filter == expected


def test_testing_finding_severity_is_at_least_unless_exact():
    d = location()  # high
    assert finding("location", severity="medium") == d
    assert finding("location", severity="=medium") != d
    assert finding("location", severity="=medium").mismatches(d) == ["severity is 'high', expected exactly 'medium'"]
    with pytest.raises(ValueError, match="'=medium'"):
        finding("location", severity="severe")
