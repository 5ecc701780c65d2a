#!/usr/bin/env bash
# The case-file audit's full cycle on the demo council, timed (not a test): for each scale given
# (default 1 10), builds the demo council, draws the sample (sgaudit run case-audit), writes the
# auditors' workbooks (workbook --run), fills in the first five cases of every area with
# openpyxl (grades, one safeguarding concern and one moderated grade per area), collects them
# into the history, writes the report with the grades, and verifies the history. Prints the wall
# time of each step and the report's follow-up actions.
#   bash scripts/case-audit-cycle.sh          # scales 1 and 10
#   bash scripts/case-audit-cycle.sh 1        # one scale
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh sgaudit audit-plugins >/dev/null
sg=$PWD/build/bin/sgaudit
type_cells=$PWD/tests/workbook/type_cells.py
work=$(mktemp -d /var/tmp/sgaudit-cycle.XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
if [ $# -eq 0 ]; then set -- 1 10; fi
timed() {  # label, command...
  local start end
  start=$(date +%s.%N)
  "${@:2}" >"$work/step.log" 2>&1 || { cat "$work/step.log"; exit 1; }
  end=$(date +%s.%N)
  awk -v l="$1" -v s="$start" -v e="$end" 'BEGIN { printf "  %-44s %6.2f s\n", l, e - s }'
}
for scale in "$@"; do
  dir=$work/scale-$scale
  mkdir -p "$dir"
  cd "$dir"
  "$sg" demo --scale "$scale" --out demo >"$dir/demo.log" 2>&1 || { cat "$dir/demo.log"; exit 1; }
  src=sqlite:$dir/demo/council.db
  hist=$dir/audits.db
  echo "scale $scale"
  timed "sample (run case-audit)" "$sg" run case-audit --source "$src" --as-of 2009-03-31 --history "$hist" --out run
  timed "workbooks (workbook --run latest)" "$sg" workbook case-audit --run latest --history "$hist" --source "$src" --out wb
  filled=()
  for f in wb/case-audit-*.xlsx; do
    out=$dir/filled-$(basename "$f")
    /usr/bin/python3 "$type_cells" "$f" "$out" \
      "Cases!G5=text:Ann Auditor" "Cases!H5=text:Inadequate" "Cases!I5=text:Yes" \
      "Cases!G6=text:Ann Auditor" "Cases!H6=text:Good" "Cases!K6=text:Mo Derator" "Cases!L6=text:Adequate" "Cases!M6=text:Plan drifting" \
      "Cases!G7=text:Bob Auditor" "Cases!H7=text:Good" "Cases!G8=text:Bob Auditor" "Cases!H8=text:Adequate" \
      "Cases!G9=text:Bob Auditor" "Cases!H9=text:Outstanding" "Items!F5=text:No" "Items!G5=text:Not on file"
    filled+=("$out")
  done
  timed "collect ${#filled[@]} workbooks (dry run)" "$sg" collect "${filled[@]}" --history "$hist" --source "$src" --as-of 2009-04-03 --dry-run
  timed "collect ${#filled[@]} workbooks" "$sg" collect "${filled[@]}" --history "$hist" --source "$src" --as-of 2009-04-03
  timed "report latest (html, xlsx, json) with grades" "$sg" report latest --history "$hist" --out report --format html,xlsx,json
  timed "history verify" "$sg" history verify --history "$hist"
  /usr/bin/python3 - "$dir/report/report.json" <<'PY'
import json, sys
def find(o, id):
    if isinstance(o, dict):
        if o.get("id") == id and "table" in o: return o
        for v in o.values():
            r = find(v, id)
            if r: return r
    elif isinstance(o, list):
        for v in o:
            r = find(v, id)
            if r: return r
rep = json.load(open(sys.argv[1]))
a = find(rep, "grades/actions")
print("  follow-up actions:", len(a["table"]["rows"]), "- first:", " | ".join(a["table"]["rows"][0][:3]) if a["table"]["rows"] else "none")
print("  not yet returned:", len(find(rep, "grades/not-returned")["table"]["rows"]))
PY
  cd - >/dev/null
done
