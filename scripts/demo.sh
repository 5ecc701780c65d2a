#!/usr/bin/env bash
# The README's first command: set up, build, load the sample council into an embedded SQLite
# file and run every installed audit on it as of 31 March 2009.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
out=${SGAUDIT_DEMO_DIR:-sgaudit-demo}
mkdir -p "$out"
chmod 700 "$out"
rm -f "$out/council.db"
./build/bin/sgaudit --quiet db init --source "sqlite:$out/council.db"
./build/bin/sgaudit --quiet db import scripts/sample-data --source "sqlite:$out/council.db"
set +e
./build/bin/sgaudit run --source "sqlite:$out/council.db" --as-of 2009-03-31 --out "$out/report"
rc=$?
set -e
echo "Demo data: $out/council.db"
exit $rc
