#!/usr/bin/env bash
# Create .venv and install factcheck into it (idempotent: a second run only checks what is installed).
# Usage: bash scripts/setup.sh [dev]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PY" -m venv .venv
VPY=.venv/bin/python
extra=""
[ "${1:-}" = "dev" ] && extra="[dev]"
stamp=".venv/.factcheck-installed${extra}"
if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ]; then
  exit 0
fi
$VPY -m pip install -q --disable-pip-version-check --upgrade pip
# torch first, pinned: a bare torch requirement would let pip pull a multi-GB CUDA build.
$VPY -m pip install -q --disable-pip-version-check "torch==2.13.0"
$VPY -m pip install -q --disable-pip-version-check -e ".${extra}"
touch "$stamp"
