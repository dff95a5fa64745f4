"""CLI additions: --format html/terminal, the schema command, the progress bar, exit codes without tracebacks."""

from __future__ import annotations

import io
import json
import time

import pytest
from _handmade import report

import factcheck
from factcheck import cli
from factcheck.cli import ExitCode, _Progress, main


@pytest.fixture
def fake_check(monkeypatch):
    """The CLI over a hand-built report: plumbing is tested without the model."""

    def check(docs, *, timings=None, **_):
        return report()

    monkeypatch.setattr("factcheck.check", check)
    monkeypatch.setattr("factcheck.load", lambda paths: ["x", "y"])


@pytest.mark.parametrize(
    "fmt, needle",
    [("html", "<!DOCTYPE html>"), ("markdown", "# factcheck report"), ("json", '"schema_version"'),
     ("text", "[HIGH] location"), ("terminal", "Coverage")],
)
def test_cli_formats(fake_check, capsys, fmt, needle):
    assert main(["check", "a.txt", "b.txt", "--format", fmt]) == ExitCode.OK
    out = capsys.readouterr().out
    assert needle in out and "\x1b[" not in out


def test_cli_default_format_is_plain_text_when_piped(fake_check, capsys):
    assert main(["check", "a.txt", "b.txt"]) == 0
    assert capsys.readouterr().out.startswith("factcheck report: 3 documents")


def test_cli_html_to_file(fake_check, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["check", "a", "b", "--format", "html", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("fail_on, code", [("high", 1), ("medium", 1), (None, 0)])
def test_cli_fail_on(fake_check, fail_on, code):
    args = ["check", "a", "b", "--format", "json"] + (["--fail-on", fail_on] if fail_on else [])
    assert main(args) == code


def test_cli_baseline_round_trip_and_fail_on(fake_check, tmp_path, capsys):
    path = tmp_path / "b.json"
    assert main(["check", "a", "b", "--baseline", str(path), "--update-baseline"]) == 0
    assert "now accepts 2 discrepancies" in capsys.readouterr().err
    assert main(["check", "a", "b", "--baseline", str(path)]) == 0
    path.write_text(json.dumps({"factcheck_baseline": 1, "entries": []}))
    assert main(["check", "a", "b", "--baseline", str(path)]) == 1  # every finding is new now
    assert main(["check", "a", "b", "--baseline", str(path), "--fail-on", "high"]) == 1
    err = capsys.readouterr().err
    assert "2 new, 0 accepted" in err and "new [high] location d1" in err


def test_cli_schema_command(capsys, tmp_path):
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out)["x-factcheck-schema-version"] == factcheck.SCHEMA_VERSION == "3"
    assert main(["schema", "--markdown", "-o", str(tmp_path / "s.md")]) == 0
    assert (tmp_path / "s.md").read_text().startswith("# Report schema")


def test_cli_internal_error_is_one_line(monkeypatch, capsys):
    def boom(*a, **k):
        raise RuntimeError("kaput")

    monkeypatch.setattr("factcheck.load", boom)
    assert main(["check", "a", "b"]) == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "internal error: RuntimeError: kaput" in err


def test_cli_bad_format_is_usage(capsys):
    with pytest.raises(SystemExit) as info:
        main(["check", "a", "--format", "pdf"])
    assert info.value.code == 2 and "Traceback" not in capsys.readouterr().err


class _TTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cli_progress_draws_on_a_terminal_after_the_delay():
    stream, timings = _TTY(), {}
    with _Progress(timings, stream=stream, delay=0.05):
        time.sleep(0.3)
        timings["load"] = 0.1
        time.sleep(0.3)
    assert "factcheck:" in stream.getvalue()


def test_cli_progress_is_silent_off_a_terminal_and_on_short_runs():
    piped = io.StringIO()
    with _Progress({}, stream=piped, delay=0.0):
        time.sleep(0.2)
    assert piped.getvalue() == ""
    tty = _TTY()
    with _Progress({}, stream=tty, delay=5.0):
        time.sleep(0.05)
    assert tty.getvalue() == ""
    off = _TTY()
    with _Progress({}, stream=off, delay=0.0, enabled=False):
        time.sleep(0.2)
    assert off.getvalue() == ""


def test_cli_check_passes_timings_for_the_progress_bar(monkeypatch, capsys):
    seen = {}

    def check(docs, *, timings=None, **_):
        seen["timings"] = timings
        return report()

    monkeypatch.setattr("factcheck.check", check)
    monkeypatch.setattr("factcheck.load", lambda paths: ["x", "y"])
    assert cli.main(["check", "a", "b", "--no-progress"]) == 0
    assert isinstance(seen["timings"], dict)
