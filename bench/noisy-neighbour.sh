#!/usr/bin/env bash
# Noisy neighbour: tenant A floods (far over its rate quota, plus a function that burns its whole
# fuel budget on every call) while tenant B sends steady traffic; compares B's latency with and
# without A. Needs a running platform (scripts/quickstart.sh) and its operator token:
#   WASMHIVE_ADMIN_TOKEN=... bench/noisy-neighbour.sh [seconds-per-phase] [B-req/s] [A-req/s]
# Traffic goes only to the local executor (http://localhost:8081).
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/env.sh"
cd "$WASMHIVE_ROOT"
api=${WASMHIVE_API:-http://localhost:8080}
executor=${WASMHIVE_EXECUTOR:-http://localhost:8081}
seconds=${1:-20}
rate=${2:-40}
attack=${3:-1000}
: "${WASMHIVE_ADMIN_TOKEN:?set WASMHIVE_ADMIN_TOKEN (scripts/quickstart.sh prints it)}"
suffix=$(date +%s)
a="noisy-$suffix"; b="quiet-$suffix"

call() { curl -fsS -H "Authorization: Bearer $WASMHIVE_ADMIN_TOKEN" "$@"; }
call -X POST "$api/api/v1/tenants" -H 'Content-Type: application/json' \
  -d "{\"name\":\"$a\",\"quotas\":{\"requestsPerSecond\":20,\"maxConcurrentRequests\":2}}" >/dev/null
call -X POST "$api/api/v1/tenants" -H 'Content-Type: application/json' -d "{\"name\":\"$b\"}" >/dev/null
call -X PUT "$api/api/v1/tenants/$a/functions/flood" -H 'Content-Type: application/wasm' --data-binary @examples/hello-wat/hello.wasm >/dev/null
call -X PUT "$api/api/v1/tenants/$a/functions/burn" -H 'Content-Type: application/wasm' --data-binary @examples/fixtures/loop.wasm >/dev/null
call -X PATCH "$api/api/v1/tenants/$a/functions/burn" -H 'Content-Type: application/json' -d '{"limits":{"fuel":20000000}}' >/dev/null
call -X PUT "$api/api/v1/tenants/$b/functions/app" -H 'Content-Type: application/wasm' --data-binary @examples/hello-c/hello.wasm >/dev/null
sleep 2

./mvnw -B -q -DskipTests -pl bench -am package
"$JAVA_HOME/bin/java" -cp bench/target/benchmarks.jar io.wasmhive.bench.NoisyNeighbour \
  "$executor" "/fn/$b/app" "/fn/$a/flood" "/fn/$a/burn" "$seconds" "$rate" "$attack"
