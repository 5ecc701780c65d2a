#!/usr/bin/env bash
# The plugin's test: builds it, loads the fixture (fixture/*.csv: two periods of care that began on
# 5 January 2009; CA1 seen after 42 days, CA2 after 43) and audits it on 30 March 2009, expecting
# CA1 to pass and CA2 to fail the 6-weekly rule; then the conformance suite.
#   SGAUDIT=/where/sgaudit/is/installed/bin/sgaudit bash test.sh
set -euo pipefail
cd "$(dirname "$0")"
sgaudit=${SGAUDIT:-sgaudit}
prefix=$(cd "$(dirname "$(command -v "$sgaudit")")/.." && pwd)
cmake -S . -B build -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build build >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$sgaudit" db init --source "sqlite:$work/fixture.db" >/dev/null
"$sgaudit" db import fixture --source "sqlite:$work/fixture.db" >/dev/null
opts=(--plugin-dir build/bin/plugins --rules-dir rules)
"$sgaudit" "${opts[@]}" run @NAME@ --source "sqlite:$work/fixture.db" --as-of 2009-03-30 --no-history --format csv --out "$work/out" >/dev/null
failed=0
expect() {  # expect CASE OUTCOME
  if grep -q "^@NAME@,@NAME@\.visits,[a-z]*,period_of_care,$1,[^,]*,[^,]*,[^,]*,$2," "$work/out/report.csv"; then echo "ok    $1 $2"
  else echo "FAIL  $1: expected $2"; failed=1; fi
}
expect CA1 pass
expect CA2 fail
"$sgaudit" "${opts[@]}" plugins check @NAME@
exit $failed
