"""docs/inputs.md: every example in it runs, in order, in a scratch folder (issue 12).

A fenced block marked ``file=NAME`` is written there; ``python`` blocks run in one shared namespace (their
asserts are the checks); ``bash`` blocks run line by line as real processes, ``factcheck`` meaning
``python -m factcheck``, and must exit 0 unless the line ends with ``# exit N``. Any other block fails the test, so
no example on the page goes unrun.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "inputs.md"
_BLOCK = re.compile(r"^```(?P<lang>[\w-]*)(?P<info>[^\n]*)\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def _blocks():
    """(language, info, body) of each fenced block; a body is padded with blank lines so that a failing line's
    number in a traceback is its line in docs/inputs.md."""
    text = DOC.read_text(encoding="utf-8")
    return [(m["lang"], m["info"].strip(), "\n" * text.count("\n", 0, m.start("body")) + m["body"])
            for m in _BLOCK.finditer(text)]


def test_docs_inputs_every_block_is_runnable():
    blocks = _blocks()
    assert len(blocks) >= 10
    for lang, info, _ in blocks:
        assert info.startswith("file=") or (lang in ("python", "bash") and not info), (lang, info)


def _run_bash(line: str, cwd: Path) -> None:
    m = re.search(r"#\s*exit\s+(\d+)\s*$", line)
    expected = int(m[1]) if m else 0
    command = _with_redirections(line)
    if not command:
        return
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == expected, (line, proc.returncode, proc.stderr[-2000:])
    if expected == 2:
        assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr, proc.stderr


def _with_redirections(line: str) -> str:
    """The line without its trailing comment, ``factcheck`` run as ``python -m factcheck`` (redirections kept)."""
    text = re.sub(r"#[^'\"]*$", "", line).strip()
    if text.startswith("factcheck "):
        return f"{shlex.quote(sys.executable)} -m {text}"
    return text


def test_docs_inputs_examples_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "docs_inputs"}
    for lang, info, body in _blocks():
        if info.startswith("file="):
            path = tmp_path / info.removeprefix("file=").strip()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body.lstrip("\n"), encoding="utf-8")
        elif lang == "python":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                exec(compile(body, str(DOC), "exec"), namespace)  # noqa: S102 - the page's own examples
        else:
            for line in body.strip().splitlines():
                _run_bash(line, tmp_path)


def test_docs_fixture_readmes_cite_only_existing_scripts_and_commands():
    """A README under fixtures/ that names a script or a factcheck sub-command names one that exists."""
    from factcheck.cli import _parser

    commands = set(_parser()._subparsers._group_actions[0].choices)
    for readme in (ROOT / "fixtures").glob("**/README*"):
        text = readme.read_text(encoding="utf-8")
        for script in re.findall(r"\b(scripts/[\w./-]+\.(?:py|sh))", text):
            assert (ROOT / script).exists(), (readme, script)
        for command in re.findall(r"`factcheck (\w+)", text):
            assert command in commands, (readme, command)
