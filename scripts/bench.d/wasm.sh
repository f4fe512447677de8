#!/usr/bin/env bash
#   scripts/bench wasm [MB] [RUNS]     a compute-bound C module (SHA-256 over MB MiB, default 16) under
#                                      Chicory compiled, Chicory's interpreter and Node's V8, same module,
#                                      same run; medians of RUNS (default 5; the interpreter 3) and ratios.
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
MB="${1:-16}"; RUNS="${2:-5}"
find_jdk; need_cmd mvn maven; need_cmd node nodejs; need_wasm_toolchain
CP="$(bench_classpath)"
MOD="$HONK_ROOT/wasm/target/modules/bin/hashbench.wasm"
echo "machine: $(nproc) cores, $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); JDK $("$JAVA_HOME/bin/java" -version 2>&1 | head -1 | cut -d'"' -f2), node $(node --version)"
echo "module: hashbench.wasm $MB (SHA-256 over $MB MiB made in memory), $(stat -c %s "$MOD") bytes, clang -O2 --target=wasm32-wasi"
median() { grep '^median:' | sed -E 's/median: ([0-9.]+) ms/\1/'; }
LOG="$(mktemp -d)"
for engine in compiled interpreter; do
  n=$RUNS; [[ $engine == interpreter ]] && n=$(( RUNS < 3 ? RUNS : 3 ))
  echo "== chicory $engine ($n runs) =="
  "$JAVA_HOME/bin/java" --sun-misc-unsafe-memory-access=allow -cp "$CP" honk.bench.WasmBench "$MOD" "$engine" "$n" "$MB" | tee "$LOG/$engine.txt"
done
# One node process per run: a single process running several 16 MiB WASI instances in a row crashed
# (SIGSEGV in Node 20.20's WASI), so each run is its own process; the compile (a few ms) is timed apart.
echo "== node $(node --version) V8 ($RUNS runs, one process each) =="
for _ in $(seq "$RUNS"); do
  node --no-warnings "$HONK_ROOT/wasm/src/test/node/bench.mjs" "$MOD" 1 "$MB" | tee -a "$LOG/v8-runs.txt"
done
grep '^run 1:' "$LOG/v8-runs.txt" | sed -E 's/run 1: ([0-9.]+) ms/\1/' | sort -n |
  awk '{v[NR]=$1} END {printf "median: %s ms\n", v[int((NR+1)/2)]}' | tee "$LOG/v8.txt"
grep '^output:' "$LOG/v8-runs.txt" | tail -1 >>"$LOG/v8.txt"
C=$(median <"$LOG/compiled.txt"); I=$(median <"$LOG/interpreter.txt"); V=$(median <"$LOG/v8.txt")
for f in compiled interpreter v8; do grep '^output:' "$LOG/$f.txt"; done | sort -u | wc -l | grep -qx 1 ||
  { echo "the engines disagree on the module's output" >&2; exit 1; }
python3 - "$C" "$I" "$V" <<'PY'
import sys
c, i, v = map(float, sys.argv[1:])
print(f"medians: chicory compiled {c:.0f} ms, chicory interpreter {i:.0f} ms, node V8 {v:.0f} ms")
print(f"ratios:  compiled / V8 = {c / v:.1f}x, interpreter / V8 = {i / v:.1f}x, interpreter / compiled = {i / c:.1f}x")
PY
