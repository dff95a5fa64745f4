"""No network (issue 7): a check loads its models and runs with every socket refused.

The bundled models load from installed packages (embed.py reads the weights itself; spaCy loads from its package),
so nothing should ever try to connect. The subprocess test disables sockets *before* factcheck is imported, so it
also covers first-time model loading, which the in-process test may not (the session may have loaded them).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import factcheck

ROOT = Path(__file__).resolve().parents[1]


class NetworkBlocked(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Every way to open a connection raises; the list of attempts is returned for the test to inspect."""
    attempts: list[str] = []

    def refuse(name):
        def _refuse(*args, **kwargs):
            attempts.append(f"{name}{args[1:2] or args[:1]}")
            raise NetworkBlocked(f"network access attempted: {name}")

        return _refuse

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    return attempts


def test_offline_check_with_sockets_disabled(no_network, story_docs):
    report = factcheck.check(story_docs)  # the real model (loaded now or earlier in the session)
    assert report.claims and report.groups
    assert no_network == []


_SCRIPT = r"""
import json, socket, sys, warnings
attempts = []
def refuse(name):
    def _refuse(*args, **kwargs):
        attempts.append(name)
        raise OSError(f"network access attempted: {name}")
    return _refuse
socket.socket.connect = refuse("socket.connect")
socket.socket.connect_ex = refuse("socket.connect_ex")
socket.create_connection = refuse("socket.create_connection")
socket.getaddrinfo = refuse("socket.getaddrinfo")
warnings.simplefilter("ignore")
import factcheck
report = factcheck.check(factcheck.load(sys.argv[1:]))
print(json.dumps({"attempts": attempts, "claims": len(report.claims), "groups": len(report.groups)}))
"""


def test_offline_first_model_load_in_a_fresh_process(story_dir):
    files = [str(p) for p in sorted(story_dir.glob("*.txt"))[:2]]
    proc = subprocess.run([sys.executable, "-c", _SCRIPT, *files], capture_output=True, text=True, timeout=300,
                          cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["attempts"] == [] and result["claims"] > 0
