"""`factcheck stream --engine ray` on a real two-node Ray cluster (head and worker as separate processes).

The cluster lives only for this module: both nodes are given node address 127.0.0.1 (Ray 2.60 still listens on
every interface; docs/stream.md), use a token of their own, send no usage statistics, and are started as
``ray start --block`` in sessions of their own; tearing down kills each node's process group and every process it
started, and nothing else on the machine (never ``ray stop``, which ends every Ray process).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install factcheck[ray]); the Ray engine is optional")

from _streamdocs import interleaved  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ray_exe() -> str:
    exe = Path(sys.executable).with_name("ray")
    return str(exe) if exe.exists() else (shutil.which("ray") or "ray")


class _Node:
    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log.open("w")
        self.proc = subprocess.Popen([_ray_exe(), "start", "--block", *args], env=env, stdout=self.log,
                                     stderr=subprocess.STDOUT, start_new_session=True)

    def busy(self) -> bool:
        """True while a process of this node runs a story check (Ray titles it ``ray::_check``)."""
        return any(_cmdline(pid).startswith(b"ray::_check") for pid in self.descendants())

    def descendants(self) -> list[int]:
        """Every live process this node's `ray start` started, at any depth (Ray workers run in process groups of
        their own, so the node's process group alone misses them)."""
        children: dict[int, list[int]] = {}
        for proc in Path("/proc").iterdir():
            if proc.name.isdigit():
                try:
                    ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(ppid, []).append(int(proc.name))
        out, todo = [], [self.proc.pid]
        while todo:
            for child in children.get(todo.pop(), []):
                out.append(child)
                todo.append(child)
        return out

    def kill(self) -> None:
        """Kill the node as a crash would: its `ray start` and every process it started, nothing else."""
        victims = self.descendants()
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(timeout=30)
        self.log.close()


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _wait_for_nodes(address: str, env: dict[str, str], n: int, timeout: float = 60) -> None:
    code = ("import ray, sys; ray.init(address=sys.argv[1], logging_level='ERROR', log_to_driver=False); "
            "print(sum(1 for x in ray.nodes() if x['Alive']))")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = subprocess.run([sys.executable, "-c", code, address], env=env, capture_output=True, text=True,
                           timeout=60)
        if r.returncode == 0 and r.stdout.strip().isdigit() and int(r.stdout.strip()) >= n:
            return
        time.sleep(1)
    raise AssertionError(f"the Ray cluster at {address} did not reach {n} nodes in {timeout} s")


@pytest.fixture(scope="module")
def cluster():
    tmp = Path(tempfile.mkdtemp(prefix="fcray"))  # short: Ray's socket paths must stay under 107 characters
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "RAY_USAGE_STATS_ENABLED": "0", "RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": secrets.token_hex(32),
           "OMP_NUM_THREADS": "1"}
    common = ["--node-ip-address", "127.0.0.1", "--num-cpus", "1", "--object-store-memory", str(80 * 1024 ** 2),
              "--disable-usage-stats"]
    head = _Node(["--head", "--port", str(port), "--include-dashboard", "false", "--temp-dir", str(tmp / "r"),
                  *common], env, tmp / "head.log")
    nodes = [head]
    try:
        address = f"127.0.0.1:{port}"
        _wait_for_nodes(address, env, 1)
        worker = _Node(["--address", address, *common], env, tmp / "worker.log")
        nodes.append(worker)
        _wait_for_nodes(address, env, 2)
        yield {"address": address, "env": env, "worker": worker, "tmp": tmp}
    finally:
        for node in reversed(nodes):
            node.kill()
        shutil.rmtree(tmp, ignore_errors=True)


def _jsonl(path: Path) -> Path:
    import json

    path.write_text("".join(json.dumps({"id": d.id, "outlet": d.outlet, "published": str(d.published),
                                        "text": d.text}) + "\n" for d in interleaved()))
    return path


def _stream(inp: Path, out: Path, env: dict[str, str], *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "factcheck", "stream", str(inp), "--out", str(out),
                             "--no-progress", *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _snapshot(out: Path) -> dict[str, str]:
    files = {"stories.jsonl": (out / "stories.jsonl").read_text()}
    files.update({p.name: p.read_text() for p in sorted((out / "reports").glob("*.json"))})
    return files


def test_stream_ray_two_nodes_equals_local_and_survives_a_killed_worker(cluster, tmp_path):
    env = cluster["env"]
    inp = _jsonl(tmp_path / "in.jsonl")
    local = _stream(inp, tmp_path / "local", env)
    on_ray = _stream(inp, tmp_path / "ray", env, "--engine", "ray", "--address", cluster["address"])
    for p in (local, on_ray):
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    assert "3 checked" in err
    expected = _snapshot(tmp_path / "local")
    assert len(expected) == 4  # the index and three reports
    assert _snapshot(tmp_path / "ray") == expected

    # again on a fresh output folder, killing the worker node while it is checking a story
    out = tmp_path / "faulty"
    run = _stream(inp, out, env, "--engine", "ray", "--address", cluster["address"])
    worker = cluster["worker"]
    deadline = time.monotonic() + 240
    while not worker.busy() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert run.poll() is None and worker.busy(), "the worker node never ran a story while the run was in flight"
    worker.kill()
    _, err = run.communicate(timeout=300)
    assert run.returncode == 0, err
    assert _snapshot(out) == expected


def test_stream_ray_private_cluster_equals_local_and_leaves_no_token_file(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    env["HOME"] = str(tmp_path / "home")  # Ray would write ~/.ray/auth_token here if factcheck let it
    inp = _jsonl(tmp_path / "in.jsonl")
    for out, extra in ((tmp_path / "local", ()), (tmp_path / "ray", ("--engine", "ray"))):
        p = _stream(inp, out, env, *extra)
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    assert _snapshot(tmp_path / "ray") == _snapshot(tmp_path / "local")
    assert not (tmp_path / "home" / ".ray").exists()
