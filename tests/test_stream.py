"""`factcheck stream`: the index, re-checking only changed stories, and resuming an interrupted run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from factcheck.stream import run_stream

from _streamdocs import interleaved


def _line(d) -> str:
    return json.dumps({"id": d.id, "outlet": d.outlet, "published": str(d.published), "text": d.text}) + "\n"


def _jsonl(docs, path: Path) -> Path:
    path.write_text("".join(_line(d) for d in docs), encoding="utf-8")
    return path


def _run(*args, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "factcheck", "stream", *args], capture_output=True, text=True,
                          input=stdin, timeout=300)


def _index(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / "stories.jsonl").read_text().splitlines()]


def _snapshot(out: Path) -> dict[str, str]:
    files = {"stories.jsonl": (out / "stories.jsonl").read_text()}
    files.update({f"reports/{p.name}": p.read_text() for p in sorted((out / "reports").glob("*.json"))})
    return files


def test_stream_cli_index_then_rerun_checks_only_the_changed_story(tmp_path):
    docs = interleaved()
    late = next(d for d in docs if d.id == "b3")
    first = _jsonl([d for d in docs if d.id != "b3"], tmp_path / "first.jsonl")
    out = tmp_path / "out"
    r = _run(str(first), "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert "7 articles (7 new) in 3 stories, 3 changed, 3 checked" in r.stderr
    assert "\x1b" not in r.stderr  # no progress bar into a pipe
    index = {tuple(row["doc_ids"]): row for row in _index(out)}
    assert set(index) == {("a1", "a2", "a3"), ("b1", "b2"), ("c1", "c2")}
    for row in index.values():
        assert row["changed"] and row["checked"] and set(row["findings"]) == {"high", "medium", "low"}
        report = json.loads((out / row["report"]).read_text())
        assert sorted(d["id"] for d in report["documents"]) == sorted(row["doc_ids"])
        assert len(row["outlets"]) == 2 or len(row["outlets"]) == 3
    untouched = {row["id"]: (out / row["report"]).stat().st_mtime_ns for row in index.values()}

    # the late article arrives on stdin: only its story changes and is checked again
    r = _run("-", "--out", str(out), stdin=_line(late))
    assert r.returncode == 0, r.stderr
    assert "8 articles (1 new) in 3 stories, 1 changed, 1 checked" in r.stderr
    rows = {tuple(row["doc_ids"]): row for row in _index(out)}
    assert rows[("b1", "b2", "b3")]["changed"] and rows[("b1", "b2", "b3")]["id"] == index[("b1", "b2")]["id"]
    assert not rows[("a1", "a2", "a3")]["changed"] and not rows[("c1", "c2")]["changed"]
    for key in (("a1", "a2", "a3"), ("c1", "c2")):
        assert (out / rows[key]["report"]).stat().st_mtime_ns == untouched[rows[key]["id"]]

    # the same input again changes nothing
    r = _run(str(first), "--out", str(out))
    assert r.returncode == 0 and "8 articles (0 new) in 3 stories, 0 changed, 0 checked" in r.stderr


def test_stream_cli_one_article_story_is_indexed_not_checked(tmp_path):
    doc = interleaved()[0]
    out = tmp_path / "out"
    r = _run("-", "--out", str(out), stdin=_line(doc))
    assert r.returncode == 0, r.stderr
    (row,) = _index(out)
    assert row["doc_ids"] == [doc.id] and row["checked"] is False and row["report"] is None
    assert row["findings"] == {"high": 0, "medium": 0, "low": 0}


@pytest.mark.parametrize("stdin, message", [
    ("not json\n", "stdin line 1 is not valid JSON"),
    ("[1, 2]\n", "not an article object"),
])
def test_stream_cli_bad_input_is_one_line(tmp_path, stdin, message):
    r = _run("-", "--out", str(tmp_path / "out"), stdin=stdin)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_stream_changed_article_under_an_old_id_is_refused(tmp_path):
    docs = interleaved()[:2]
    run_stream(docs, tmp_path / "out")
    edited = docs[0].model_copy(update={"text": docs[0].text + " More."})
    from factcheck.errors import InputError

    with pytest.raises(InputError, match="other content"):
        run_stream([edited], tmp_path / "out")


class _Stop(Exception):
    pass


def test_stream_interrupted_run_resumes_to_the_same_index_and_reports(tmp_path):
    docs = interleaved()
    whole = tmp_path / "whole"
    run_stream(docs, whole)

    cut = tmp_path / "cut"
    done: list[str] = []

    def stop_after_one(story_id: str) -> None:
        done.append(story_id)
        if len(done) == 1:  # one of three stories checked: stop as a crash would
            raise _Stop

    with pytest.raises(_Stop):
        run_stream(docs, cut, on_checked=stop_after_one)
    assert not (cut / "stories.jsonl").exists()
    result = run_stream(docs, cut)
    assert result.checked == 2 and result.new_articles == 0
    assert _snapshot(cut) == _snapshot(whole)


def test_stream_engines_import_no_circle_and_any_engine_object_is_called():
    # the stream calls an engine; an engine never imports the stream (issue 19's structure line)
    code = ("import sys, factcheck.stream_ray, factcheck.engines; "
            "assert 'factcheck.stream' not in sys.modules, 'an engine imported the stream'")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).returncode == 0


def test_stream_with_an_engine_object_writes_what_the_local_engine_writes(tmp_path):
    from factcheck.engines import LocalEngine

    class Counting(LocalEngine):
        calls = 0

        def check(self, stories, config):
            Counting.calls += 1
            yield from super().check(stories, config)

    docs = interleaved()
    run_stream(docs, tmp_path / "local")
    run_stream(docs, tmp_path / "object", engine=Counting())
    assert Counting.calls == 1
    assert _snapshot(tmp_path / "object") == _snapshot(tmp_path / "local")


def test_stream_rerun_parses_only_the_new_article(tmp_path, monkeypatch):
    from factcheck import claims

    docs = interleaved()
    late = next(d for d in docs if d.id == "b3")
    out = tmp_path / "out"
    run_stream([d for d in docs if d.id != "b3"], out)
    assert len(list((out / "cache" / "front").glob("*.npz"))) == 7  # one file per article of a checked story
    parsed: list[str] = []
    real = claims.parse
    monkeypatch.setattr(claims, "parse", lambda ds, **kw: (parsed.extend(d.clean.doc_id for d in ds), real(ds, **kw)))
    result = run_stream([late], out)
    assert result.checked == 1
    assert parsed == ["b3"]  # b1 and b2 come from the stream's parse cache
