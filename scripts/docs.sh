#!/usr/bin/env bash
# Regenerate the generated parts of docs/: the report schema (JSON and Markdown), the rendered reference-story
# report (HTML) and its screenshot (PNG, taken with Debian's headless chromium).
# Usage: bash scripts/docs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh dev
FC=.venv/bin/factcheck
$FC schema -o docs/schema.json
$FC schema --markdown -o docs/schema.md
$FC check fixtures/kim_putin_2023 --format html -o docs/reference-report.html --no-progress 2>/dev/null
if [ -x /usr/bin/chromium ]; then
  profile="$(mktemp -d)"
  trap 'rm -rf "$profile"' EXIT
  /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$profile" \
    --window-size=1200,2200 --screenshot="$PWD/docs/reference-report.png" \
    "file://$PWD/docs/reference-report.html" >/dev/null 2>&1
  echo "wrote docs/reference-report.png"
else
  echo "no /usr/bin/chromium: screenshot not taken (apt-get install chromium)" >&2
fi
