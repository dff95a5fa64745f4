#!/usr/bin/env bash
# Set up and check the bundled reference story, printing a readable report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/factcheck check fixtures/kim_putin_2023 "$@"
