#!/usr/bin/env bash
# Opens the demo's HTML report in headless Chromium and keeps a screenshot and an A4 PDF beside
# it, so a person can look at what the report looks like printed. Run scripts/demo.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-sgaudit-demo/report}
bash scripts/setup.sh --tests >/dev/null
(cd tests/browser && npm ci --no-audit --no-fund --silent)
node tests/browser/check_report.mjs "$dir/report.html" "$dir"
