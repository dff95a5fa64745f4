#!/usr/bin/env bash
# Set up (with the dev extra) and run the whole test suite. Exit code: pytest's, with 5 (no tests) as failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then echo "no tests were collected" >&2; exit 1; fi
exit "$rc"
