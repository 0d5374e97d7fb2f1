#!/usr/bin/env bash
# Builds and runs the JMH benchmarks: bench/run.sh [JMH options, e.g. a benchmark name regex].
# Results go to bench/results/<date>.json; copy the figures into docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/env.sh"
cd "$WASMHIVE_ROOT"
./mvnw -B -q -DskipTests -pl bench -am package
mkdir -p bench/results
"$JAVA_HOME/bin/java" -Dwasmhive.examples="$WASMHIVE_ROOT/examples" -jar bench/target/benchmarks.jar \
  -rf json -rff "bench/results/$(date +%Y%m%d-%H%M%S).json" "$@"
