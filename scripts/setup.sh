#!/usr/bin/env bash
# Create .venv and install factcheck into it (idempotent: a second run only checks the install stamp).
# Usage: bash scripts/setup.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
extra=""
# the test setup also takes the Ray extra, so the two-node Ray test runs (79 MB wheel, about 240 MB installed)
[ "${1:-}" = "dev" ] && extra="[dev,ray]"
stamp=".venv/.factcheck-installed${extra}"
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ]; then
  exit 0
fi
[ -x .venv/bin/python ] || "$PY" -m venv .venv
VPY=.venv/bin/python
log=.venv/install.log
echo "factcheck: setting up .venv${extra:+ with the dev and ray extras} (the first run downloads packages; log: $log)" >&2
install() {
  if ! "$VPY" -m pip install -q --disable-pip-version-check "$@" >>"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "factcheck: setup failed while installing: $*" >&2
    exit 1
  fi
}
: >"$log"
install --upgrade pip
# torch first, pinned: a bare torch requirement would let pip pull a multi-GB CUDA build.
install "torch==2.13.0"
install -e ".${extra}"
touch "$stamp"
