"""Baselines: accepted discrepancies matched by content, so a run fails only on new ones."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from _handmade import TEXTS, evidence, location, quote, report

from factcheck import baseline
from factcheck.baseline import Baseline, BaselineError, content_key
from factcheck.cli import main
from factcheck.models import Discrepancy, Evidence


def _ev(doc, value, text="x"):
    return Evidence(doc_id=doc, start=0, end=len(text), text=text, value=value)


def _d(did, kind, *pairs, severity="medium"):
    return Discrepancy(id=did, kind=kind, severity=severity, confidence=0.5, summary=f"{kind} {did}",
                       evidence=tuple(_ev(doc, v) for doc, v in pairs))


# ------------------------------------------------------------------------------------------------- keys


def test_baseline_key_ignores_ids_order_case_spacing_and_typography():
    a = _d("d1", "quote", ("a", "We won\u2019t  go."), ("b", "we will go"))
    b = _d("d77", "quote", ("b", "We will go"), ("a", "we won't go"))
    assert content_key(a) == content_key(b)


@pytest.mark.parametrize(
    "other",
    [
        _d("d1", "number", ("a", "5"), ("b", "6")),  # another kind
        _d("d1", "location", ("a", "5"), ("c", "6")),  # another document
        _d("d1", "location", ("a", "5"), ("b", "7")),  # another value
    ],
)
def test_baseline_key_changes_with_content(other):
    assert content_key(other) != content_key(_d("d1", "location", ("a", "5"), ("b", "6")))


def test_baseline_key_uses_text_when_there_is_no_value():
    a = Discrepancy(id="d1", kind="garbled", severity="low", confidence=0.5, summary="s",
                    evidence=(Evidence(doc_id="a", start=0, end=9, text="and and x", value=None),))
    b = a.model_copy(update={"evidence": (Evidence(doc_id="a", start=3, end=12, text="and  AND x"),)})
    assert content_key(a) == content_key(b)


def test_baseline_joined_conflict_is_known_but_a_new_value_is_new():
    b = Baseline.from_report(report(_d("d1", "location", ("a", "Omsk"), ("b", "Tomsk"))))
    joined = _d("d5", "location", ("a", "Omsk"), ("b", "Tomsk"), ("c", "Tomsk"))  # c repeats an accepted value
    new_value = _d("d6", "location", ("a", "Omsk"), ("b", "Tomsk"), ("c", "Perm"))
    changed = _d("d7", "location", ("a", "Omsk"), ("b", "Perm"))  # b now says something else
    stranger = _d("d8", "location", ("c", "Omsk"), ("d", "Tomsk"))  # same values, none of the same documents
    assert b.accepts(joined)
    assert not b.accepts(new_value) and not b.accepts(changed) and not b.accepts(stranger)


# ------------------------------------------------------------------------------------------------- files


def test_baseline_round_trip_with_handmade_reports(tmp_path):
    path = tmp_path / "accepted.json"
    first = report(location(), quote())
    recorded = baseline.record(first, path)
    assert len(recorded.entries) == 2
    # rerun with new ids (detection changes shift ids): still nothing new
    renumbered = report(location("d9"), quote("d3"))
    cmp = baseline.compare(renumbered, path)
    assert cmp.ok and not cmp.fixed and len(cmp.known) == 2
    # an article with a new conflict: only that one is new
    texts = {**TEXTS, "n": "Kim met Putin in Omsk on Wednesday. Talks lasted nine hours."}
    new = Discrepancy(
        id="d4", kind="number", severity="medium", confidence=0.6, summary="Talks: five hours vs nine hours",
        evidence=(evidence("c", "Talks lasted five hours.", "five hours", texts=texts),
                  evidence("n", "Talks lasted nine hours.", "nine hours", texts=texts)),
    )
    grown = report(location("d1"), quote("d2"), new, texts=texts)
    cmp = baseline.compare(grown, path)
    assert [d.id for d in cmp.new] == ["d4"]
    assert "new [medium] number d4" in cmp.describe() and "location" not in cmp.describe()


def test_baseline_file_is_stable_and_readable(tmp_path):
    p1, p2 = tmp_path / "1.json", tmp_path / "2.json"
    baseline.record(report(location(), quote()), p1)
    baseline.record(report(quote("q"), location("l")), p2)
    assert p1.read_text() == p2.read_text()  # no timestamps, sorted: diffs in review show real changes
    data = json.loads(p1.read_text())
    assert data["factcheck_baseline"] == 1 and data["documents"] == ["a", "b", "c"]
    entry = data["entries"][0]
    assert entry["kind"] == "location" and {"doc_id": "b", "value": "vladivostok"} in entry["sides"]


def test_baseline_update_keeps_notes_and_drops_fixed(tmp_path):
    path = tmp_path / "b.json"
    baseline.record(report(location(), quote()), path)
    data = json.loads(path.read_text())
    for e in data["entries"]:
        if e["kind"] == "location":
            e["note"] = "checked with the agency: both places are in the reports"
    path.write_text(json.dumps(data))
    updated = baseline.update(report(location("d7")), path)
    assert [(e.kind, e.note) for e in updated.entries] == [
        ("location", "checked with the agency: both places are in the reports")
    ]
    assert baseline.update(report(location()), tmp_path / "fresh.json").entries  # a missing file is fine


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no baseline at"),
        ("{not json", "cannot read the baseline"),
        ('{"entries": []}', "is not a factcheck baseline"),
        ('{"factcheck_baseline": 1, "entries": [{"kind": "x"}]}', "malformed entry"),
    ],
)
def test_baseline_load_errors_say_what_to_do(tmp_path, content, message):
    path = tmp_path / "b.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(BaselineError, match=message):
        Baseline.load(path)


# ------------------------------------------------------------------------------------------------- CLI


def test_baseline_cli_missing_file_is_a_usage_error(tmp_path, capsys, story_dir):
    rc = main(["check", str(story_dir / "000_57984d62d44e202a.txt"), str(story_dir / "001_eb954cc161481570.txt"),
               "--baseline", str(tmp_path / "none.json")])
    err = capsys.readouterr().err
    assert rc == 2 and "no baseline at" in err and "--update-baseline" in err and "Traceback" not in err


def test_baseline_cli_update_needs_a_file(capsys, story_dir):
    assert main(["check", str(story_dir), "--update-baseline"]) == 2
    assert "--update-baseline needs --baseline" in capsys.readouterr().err


def _newcomer(story_dir) -> str:
    """Another outlet's version of article 000 that places the meeting and the departure differently."""
    text = (story_dir / "000_57984d62d44e202a.txt").read_text(encoding="utf-8")
    return text.replace("Vostochny Cosmodrome", "Khabarovsk airport").replace("Sunday afternoon", "Friday morning")


def test_baseline_cli_round_trip_on_the_real_model(tmp_path, capsys, story_dir, story_report):
    """Record; rerun passes; add an article with a new conflict; the run fails naming only the new one."""
    articles = tmp_path / "story"
    articles.mkdir()
    for name in ("000_57984d62d44e202a.txt", "001_eb954cc161481570.txt"):
        shutil.copy(story_dir / name, articles / name)
    accepted = tmp_path / "accepted.json"

    assert main(["check", str(articles), "--baseline", str(accepted), "--update-baseline", "--format", "json"]) == 0
    capsys.readouterr()
    assert accepted.exists()

    assert main(["check", str(articles), "--baseline", str(accepted), "--format", "json"]) == 0
    assert re.search(r"baseline: 0 new, \d+ accepted", capsys.readouterr().err)

    (articles / "newcomer.txt").write_text(_newcomer(story_dir), encoding="utf-8")
    assert main(["check", str(articles), "--baseline", str(accepted), "--format", "json"]) == 1
    out, err = capsys.readouterr()
    report_json = json.loads(out)
    new_lines = [line for line in err.splitlines() if line.strip().startswith("new [")]
    assert new_lines, err
    by_id = {d["id"]: d for d in report_json["discrepancies"]}
    for line in new_lines:
        did = re.search(r"new \[\w+\] \w+ (\S+):", line).group(1)
        assert "newcomer" in {e["doc_id"] for e in by_id[did]["evidence"]}, line


def test_baseline_describe_names_each_value_once():
    """The summary already lists the values; the new-discrepancy line must not repeat them (issue 12)."""
    d = location()
    line = Baseline().compare(report(d)).describe().splitlines()[1]
    assert line.count("Vladivostok") == 1 and line.count("Vostochny Cosmodrome") == 1
    q = quote().model_copy(update={"summary": "Kim is quoted in different words by a and b"})
    q = Baseline().compare(report(q)).describe().splitlines()[1]
    assert "a: We will win" in q and "b: We shall win" in q  # values the summary does not name are added
