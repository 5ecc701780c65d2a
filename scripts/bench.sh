#!/usr/bin/env bash
# Performance figures: builds, then runs the data-quality audit on synthetic councils of the
# given scales (default 1 and 10; scale 1 is ~2,400 children and ~360 plans).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh >/dev/null
work=$(mktemp -d /tmp/sgaudit-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
for scale in "${@:-1 10}"; do
  for s in $scale; do ./build/tests/sgaudit_bench "$s" "$work"; done
done
