"""`factcheck events` and factcheck.events() on the real models: ECB+ folders as they are, and hand-made articles."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import factcheck

ECB = Path(__file__).resolve().parents[1].parent / "shared" / "ecbplus"
SUBTOPIC = ECB / "t05_ecb"  # 13 short articles, 33 event mentions


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.run([sys.executable, "-m", "factcheck", "events", *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=300)


@pytest.mark.skipif(not (SUBTOPIC / "mentions.jsonl").is_file(), reason="../shared/ecbplus (ECB+ export) is absent")
def test_events_cli_prints_one_line_per_gold_event_mention_in_order():
    gold = [json.loads(x) for x in (SUBTOPIC / "mentions.jsonl").read_text().splitlines() if x.strip()]
    gold = [g for g in gold if g["type"] == "event"]
    out = _run(str(SUBTOPIC), "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    assert [(r["doc_id"], r["start"], r["end"], r["text"]) for r in rows] == \
        [(g["doc_id"], g["start"], g["end"], g["text"]) for g in gold]
    assert all(set(r) == {"doc_id", "start", "end", "text", "cluster"} for r in rows)
    # the subtopic is one story: its gold chains are mostly shared across articles, and so are the clusters
    by_cluster = {}
    for r in rows:
        by_cluster.setdefault(r["cluster"], set()).add(r["doc_id"])
    assert max(len(d) for d in by_cluster.values()) >= 3


def test_events_cli_detects_mentions_without_a_mentions_file(tmp_path):
    (tmp_path / "a.txt").write_text("A strong earthquake struck the coast of Peru on Monday, killing five people.")
    (tmp_path / "b.txt").write_text("Five people died when an earthquake hit Peru on Monday.\n"
                                    "Voters will elect a new mayor in March.")
    out = _run(str(tmp_path), "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(x) for x in out.stdout.splitlines()]
    texts = {(r["doc_id"], r["text"]) for r in rows}
    assert {("a", "struck"), ("a", "killing"), ("b", "died"), ("b", "hit"), ("b", "elect")} <= texts
    cl = {(r["doc_id"], r["text"]): r["cluster"] for r in rows}
    assert cl[("a", "earthquake")] == cl[("b", "earthquake")]
    assert cl[("b", "elect")] not in {cl[("a", "earthquake")], cl[("a", "killing")]}
    for r in rows:  # offsets point into the article
        assert (tmp_path / f"{r['doc_id']}.txt").read_text()[r["start"]:r["end"]] == r["text"]


def test_events_cli_bad_mentions_file_is_one_line_exit_2(tmp_path):
    (tmp_path / "a.txt").write_text("A quake struck.")
    (tmp_path / "mentions.jsonl").write_text('{"doc_id": "a", "start": 2, "end": 7, "text": "WRONG"}\n')
    out = _run(str(tmp_path))
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and "does not match" in out.stderr


def test_events_api_clusters_given_mentions_and_keeps_their_order():
    docs = [factcheck.Document(id="a", text="The earthquake killed five people."),
            factcheck.Document(id="b", text="Five died in the earthquake, officials said.")]
    given = [{"doc_id": "b", "start": 17, "end": 27, "text": "earthquake"},
             {"doc_id": "a", "start": 4, "end": 14, "text": "earthquake"},
             {"doc_id": "a", "start": 15, "end": 21, "text": "killed"}]
    ms = factcheck.events(docs, mentions=given)
    assert [(m.doc_id, m.text) for m in ms] == [("b", "earthquake"), ("a", "earthquake"), ("a", "killed")]
    assert ms[0].event == ms[1].event
    assert ms[2].trigger == "kill" and ms[2].quantities == ("five",)


@pytest.mark.parametrize(("sentence", "word", "expected"), [
    ("Ellen DeGeneres will host the Oscars next year.", "host", "future"),
    ("A strong quake struck the coast on Monday.", "struck", "past"),
    ("Police have arrested the driver.", "arrested", "past"),
    ("The company announces a new phone.", "announces", "present"),
])
def test_event_tense_reads_the_clause(sentence, word, expected):
    from factcheck.event_coref import _tense
    from factcheck.nlp import get_nlp

    doc = get_nlp()(sentence)
    assert _tense(next(t for t in doc if t.text == word)) == expected


def test_detect_finds_verbs_event_nouns_and_participles_but_not_auxiliaries():
    text = "The earthquake was felt in Lima, where five people were injured and rescuers have begun a search."
    from factcheck.event_coref import detect

    found = {m.text for m in detect([text])}
    assert {"earthquake", "felt", "injured", "begun", "search"} <= found
    assert not {"was", "were", "have"} & found


def test_check_fills_report_events_by_default_and_not_when_turned_off():
    docs = ["A strong earthquake struck the coast of Peru on Monday, killing five people.",
            "Five people died when an earthquake hit Peru on Monday."]
    assert factcheck.check(docs, config={"events": False}).events == ()
    report = factcheck.check(docs)
    quake = next(e for e in report.events if any(m.text == "earthquake" for m in e.mentions))
    assert set(quake.outlets) == {"doc1", "doc2"}
    assert quake.main  # named in the opening of both articles
    assert json.loads(report.to_json())["events"][0]["mentions"]
