#!/usr/bin/env bash
# The same C program (examples/crunch-c, n=200000) on Chicory's compiler, unmetered and metered,
# and on V8 (Node's node:wasi, bench/v8/crunch.mjs: module compiled once, fresh instance per run),
# two ways:
#  1. JMH rounds: FuelOverheadBenchmark (sampled, one fresh instance per invocation), then the Node
#     harness, alternating; per round the medians and the ratios Chicory / V8.
#  2. Paired rounds (bench/v8/paired.mjs): one live process per engine, ~0.3 s batches in turn,
#     so that what is compared ran within a second; on a machine whose load comes and goes (other
#     builds) these ratios are the ones to quote.
#     Chicory runs on the engine's memory (paged, copy-on-write); the paired rounds also run it on
#     the other memories listed (Chicory's own bytebuffer and bytearray) for their ratio to it.
# Raw outputs go to bench/results/v8-compare-<date>/. About 5 minutes with the defaults.
#   bench/v8-compare.sh [JMH rounds (2)] [paired rounds (60)] [query (n=200000)] [memories (bytebuffer,bytearray)]
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/env.sh"
cd "$WASMHIVE_ROOT"
rounds=${1:-2}
paired_rounds=${2:-60}
query=${3:-n=200000}
memories=${4:-bytebuffer,bytearray}
wasm=crunch-c/crunch.wasm
out="bench/results/v8-compare-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"
java="$JAVA_HOME/bin/java"
node_run=(node --no-warnings --no-turbo-fast-api-calls bench/v8/crunch.mjs "examples/$wasm" "$query")

./mvnw -B -q -DskipTests -pl bench -am package

# Same program result on both engines (the first lines of each output are the guest's stdout).
chicory_says=$("$java" -Dwasmhive.examples=examples -cp bench/target/benchmarks.jar io.wasmhive.bench.ComputeRuns "$wasm?$query" metered 0 0 | grep -v '^chicory ')
v8_says=$("${node_run[@]}" 0 1 | grep -v '^v8 ')
echo "Chicory says: $(echo "$chicory_says" | tail -n 1)"
echo "V8 says:      $(echo "$v8_says" | tail -n 1)"
if [ "$chicory_says" != "$v8_says" ]; then
  echo "The two engines printed different output." >&2
  exit 1
fi

echo "== JMH rounds"
echo "machine: $(nproc) CPUs, $(lscpu | sed -n 's/^Model name: *//p'); $("$java" -version 2>&1 | head -n 1); node $(node --version); load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/machine.txt"
printf '%-6s %12s %12s %12s %13s %11s   %s\n' round unmetered metered v8 unmetered/v8 metered/v8 'p10: unmetered metered v8, ratios' | tee "$out/summary.txt"
for round in $(seq 1 "$rounds"); do
  "$java" -Dwasmhive.examples="$WASMHIVE_ROOT/examples" -jar bench/target/benchmarks.jar FuelOverheadBenchmark \
    -p program="$wasm?$query" -p memory=paged -bm sample -tu ms -f 1 -wi 3 -w 2 -i 4 -r 2 \
    -rf json -rff "$out/jmh-$round.json" > "$out/jmh-$round.txt" 2>&1
  "${node_run[@]}" 5 400 > "$out/v8-$round.txt"
  # A quantile of every sampled invocation (JMH's own percentiles have no p10).
  pct() { jq -r --arg mode "$1" --argjson p "$2" '.[] | select(.params.mode == $mode)
    | [.primaryMetric.rawDataHistogram[][][]] | sort_by(.[0]) as $h | ($h | map(.[1]) | add) as $n
    | reduce $h[] as $e ({c: 0, v: null}; (if .v == null and .c + $e[1] > $p * $n then .v = $e[0] else . end) | .c += $e[1])
    | .v' "$out/jmh-$round.json"; }
  v8() { sed -n "s/^v8 ms\/run.* $1 \([0-9.]*\) .*/\1/p" "$out/v8-$round.txt"; }
  awk -v r="$round" -v u="$(pct unmetered 0.5)" -v m="$(pct metered 0.5)" -v v="$(v8 median)" \
    -v u10="$(pct unmetered 0.1)" -v m10="$(pct metered 0.1)" -v v10="$(v8 p10)" \
    'BEGIN { printf "%-6s %9.2f ms %9.2f ms %9.2f ms %13.2f %11.2f   %.2f %.2f %.2f ms, %.2f %.2f\n",
      r, u, m, v, u / v, m / v, u10, m10, v10, u10 / v10, m10 / v10 }' | tee -a "$out/summary.txt"
done
# The median of the rounds' medians, and its ratios.
awk 'NR > 1 { u[NR-1] = $2; m[NR-1] = $4; v[NR-1] = $6; n = NR - 1 }
  function med(a,   i, j, t, b) { for (i = 1; i <= n; i++) b[i] = a[i]
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (b[j] < b[i]) { t = b[i]; b[i] = b[j]; b[j] = t }
    return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2 }
  END { U = med(u); M = med(m); V = med(v)
    printf "%-6s %9.2f ms %9.2f ms %9.2f ms %13.2f %11.2f\n", "median", U, M, V, U / V, M / V }' "$out/summary.txt" | tee -a "$out/summary.txt"

echo
echo "== paired rounds"
node bench/v8/paired.mjs "$java" bench/target/benchmarks.jar examples "$wasm?$query" "$paired_rounds" 8 "$memories" | tee "$out/paired.txt"
echo "raw outputs: $out"
