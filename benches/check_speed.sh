#!/usr/bin/env bash
# Bench (not a test): wall time of `brygge check`, best of N runs (default 3),
# on a generated 10,000-page bilingual site (5,000 pages per language, see
# benches/gen_site.py) and on the Altinn docs corpus when it is there, with
# `brygge build` on the same sites for comparison. Prints pages per second.
#
# Needs python3 (stdlib). The corpus is ../shared/corpus/altinn-docs
# (override with CORPUS=DIR); it has no images, so its TREE.tsv is passed
# as --assume-files.
#
# Usage: bash benches/check_speed.sh [RUNS]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
corpus="${CORPUS:-$repo/../shared/corpus/altinn-docs}"
work="${WORK:-/tmp/brygge-check-bench}"
pages_per_language="${PAGES_PER_LANGUAGE:-5000}"
runs="${1:-3}"

brygge="$repo/target/release/brygge"
echo "building brygge (release)…" >&2
if ! (cd "$repo" && cargo build --release --quiet); then
  echo "release build failed" >&2
  [ -x "$brygge" ] || exit 2
  echo "using the existing $brygge" >&2
fi

mkdir -p "$work"
site="$work/site"
python3 "$here/gen_site.py" "$site" "$pages_per_language" >&2

now() { date +%s.%N; }

# best_of LABEL CMD...: runs CMD $runs times (exit 0 or 1 both count as
# completed; 2 or worse aborts), prints the best wall time in seconds.
best_of() {
  local best="" start end took status
  for _ in $(seq "$runs"); do
    start=$(now)
    set +e
    "$@" >"$work/last.out" 2>"$work/last.err"
    status=$?
    set -e
    end=$(now)
    if [ "$status" -gt 1 ]; then
      echo "failed (exit $status): $*" >&2
      tail -5 "$work/last.out" "$work/last.err" >&2
      exit 2
    fi
    took=$(echo "$end - $start" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$took < $best" | bc -l)" = 1 ]; then
      best=$took
    fi
  done
  printf '%.3f' "$best"
}

# pages_in JSON_FILE: the page count of a `check --format json` report.
pages_in() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["pages"])' "$1"
}

# summary_of JSON_FILE: errors/warnings/notes of a report, and counts per code.
summary_of() {
  python3 - "$1" <<'PY'
import collections, json, sys
r = json.load(open(sys.argv[1]))
s = r["summary"]
codes = collections.Counter(d["code"] for d in r["diagnostics"])
per_code = ", ".join(f"{c} {n}" for c, n in sorted(codes.items())) or "none"
print(f"{s['errors']} errors, {s['warnings']} warnings, {s['infos']} notes, {s['links']} links; {per_code}")
PY
}

rate() { echo "$1 / $2" | bc -l | xargs printf '%.0f'; }

report() { # LABEL ROOT [CHECK ARGS...]
  local label=$1 root=$2
  shift 2
  "$brygge" check --root "$root" --format json "$@" >"$work/report.json" || true
  local pages
  pages=$(pages_in "$work/report.json")
  local check_time build_time
  check_time=$(best_of "$brygge" check --root "$root" --format json "$@")
  build_time=$(best_of "$brygge" build --root "$root" --out "$work/public" --quiet)
  echo "$label: $pages pages"
  echo "  findings: $(summary_of "$work/report.json")"
  echo "  check: ${check_time} s (best of $runs), $(rate "$pages" "$check_time") pages/s"
  echo "  build: ${build_time} s (best of $runs), $(rate "$pages" "$build_time") pages/s"
}

echo "brygge check speed, $(nproc) CPUs, best of $runs"
report "generated site ($site)" "$site"
if [ -d "$corpus/content" ]; then
  assume=()
  [ -f "$corpus/TREE.tsv" ] && assume=(--assume-files "$corpus/TREE.tsv")
  report "altinn-docs corpus ($corpus)" "$corpus" "${assume[@]}"
else
  echo "corpus not found at $corpus (set CORPUS=DIR); skipped"
fi
rm -rf "$work/public"
