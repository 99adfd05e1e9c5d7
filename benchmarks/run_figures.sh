#!/usr/bin/env bash
# The hand-run figures of issue 19 ("What it must show"), one after another, each with the load average.
# Run from the checkout root with its venv active:
#     nice bash benchmarks/run_figures.sh OUTDIR [STEP ...]     (steps: scaling deter ensemble commands peer)
# Writes OUTDIR/<step>.*; the table in benchmarks/README.md is read from those files. The 200x100 rows of
# the scaling step take the longest (minutes of CPU); every figure is CPU seconds or /usr/bin/time -v.
set -euo pipefail
out=${1:-/tmp/pactlab-figures}
shift || true
steps=${*:-scaling deter ensemble commands peer}
mkdir -p "$out"
data=${PACTLAB_SHARED_DATA:-$(pwd)/../shared/data}
cop21=$data/negotiation/decide/cop21.csv
step() { echo "== $1  load $(cat /proc/loadavg)  $(date -u +%H:%M:%S)" | tee -a "$out/steps.log"; }
timed() {  # /usr/bin/time -v of one fresh process: wall, user+sys CPU, peak RSS, with the load before it
    local load; load=$(cut -d' ' -f1-3 /proc/loadavg)
    /usr/bin/time -v "$@" >/dev/null 2>"$out/.time" || { tail -5 "$out/.time"; return 1; }
    awk -v load="$load" -v cmd="$*" -F': ' '
      /User time/ {u=$2} /System time/ {s=$2} /Elapsed/ {w=$2} /Maximum resident/ {m=$2}
      END {printf "%s | CPU %.2f s | wall %s | peak RSS %.0f MiB | load %s\n", cmd, u+s, w, m/1024, load}' \
      "$out/.time"
}

scaling() {
python benchmarks/bench_exchange.py --part scaling > "$out/scaling.json" 2> "$out/scaling.rows"
}

deter() {
for n in 100000 1000000 10000000; do
  timed python -m pactlab deter vilnius-2023 --draws $n --json | tee -a "$out/deter.txt"
done
}

ensemble() {
python benchmarks/bench_negotiate.py --skip-peer --skip-exchange > "$out/ensemble.json"
}

commands() {
for i in 1 2 3; do
  timed python -m pactlab --version
  timed python -m pactlab negotiate "$cop21" --model exchange --rounds 10
  timed python -m pactlab deter vilnius-2023
  tmp=$(mktemp -d)
  timed python -m pactlab analyze vilnius-2023 -o "$tmp/brief" --db "sqlite:///$tmp/ledger.db"
  rm -rf "$tmp"
done | tee "$out/commands.txt"
}

peer() {
python benchmarks/bench_exchange.py --part cop21 > "$out/cop21.json"
python benchmarks/bench_exchange.py --part fixtures > "$out/fixtures.json"
}

for s in $steps; do step "$s"; "$s"; done
step done
