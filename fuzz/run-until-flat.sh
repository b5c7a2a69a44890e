#!/usr/bin/env bash
# Fuzzes one target in rounds of ROUND seconds (same corpus, so coverage
# carries over) until a round adds less than 1% edge coverage, or MAX
# seconds pass, or the fuzzer finds a crash or hang. Prints coverage per round.
#   bash fuzz/run-until-flat.sh TARGET [ROUND] [MAX]
set -uo pipefail
cd "$(dirname "$0")"
target=$1; round=${2:-120}; max=${3:-1800}
mkdir -p corpus/$target artifacts/$target logs
dict=()
[ -f $target.dict ] && dict=(-dict=$target.dict)
previous=0; spent=0; n=0
while [ $spent -lt $max ]; do
  n=$((n+1))
  log=logs/$target.$n.log
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O $target corpus/$target -- \
    -max_total_time=$round -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -print_final_stats=1 -artifact_prefix=artifacts/$target/ "${dict[@]}" >"$log" 2>&1
  status=$?
  spent=$((spent+round))
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  cov=${cov:-0}
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{print $2}')
  echo "$(date +%T) $target round $n: cov $cov (was $previous), execs ${execs:-?}, exit $status"
  if [ $status -ne 0 ]; then
    echo "$target: the fuzzer stopped with $status; see $log and artifacts/$target/"
    exit $status
  fi
  if [ $previous -gt 0 ] && [ $((cov - previous)) -lt $((previous / 100)) ]; then
    echo "$target: coverage flat at $cov after ${spent}s"
    exit 0
  fi
  previous=$cov
done
echo "$target: stopped after ${max}s at cov $cov"
