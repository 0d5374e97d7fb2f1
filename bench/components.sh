#!/usr/bin/env bash
# wasi-http components, fresh instance per request, side by side with `jco serve` on the same
# component: wrk on loopback against each for the same duration and connections, after a
# warm-up run (the executor's JIT needs about a minute of load to settle).
# Needs a running stack (scripts/quickstart.sh start) and the npm tools of examples/components
# (cd examples/components && npm ci).
#   WASMHIVE_ADMIN_TOKEN=... bench/components.sh [seconds] [connections] [warm-up seconds (60)]
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/env.sh"
cd "$WASMHIVE_ROOT"
api=${WASMHIVE_API:-http://localhost:8080}
executor=${WASMHIVE_EXECUTOR:-http://localhost:8081}
seconds=${1:-10}
connections=${2:-8}
warmup=${3:-60}
: "${WASMHIVE_ADMIN_TOKEN:?set WASMHIVE_ADMIN_TOKEN (scripts/quickstart.sh prints it)}"
jco=examples/components/node_modules/.bin/jco
tenant="bench-$(date +%s)"

curl -fsS -o /dev/null -X POST -H "Authorization: Bearer $WASMHIVE_ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"name\":\"$tenant\",\"quotas\":{\"requestsPerSecond\":100000,\"maxConcurrentRequests\":64,\"maxFuelPerRequest\":10000000000,\"maxTimeoutMillis\":60000}}" \
  "$api/api/v1/tenants"
token=$(curl -fsS -X POST -H "Authorization: Bearer $WASMHIVE_ADMIN_TOKEN" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
  "$api/api/v1/tenants/$tenant/keys" | sed 's/.*"token":"\([^"]*\)".*/\1/')

measure() { # name component-path function-name request-path jco-port
  local name=$1 wasm=$2 fn=$3 path=$4 port=$5
  curl -fsS -o /dev/null -X PUT -H "Authorization: Bearer $token" -H 'Content-Type: application/wasm' \
    --data-binary "@$wasm" "$api/api/v1/tenants/$tenant/functions/$fn"
  curl -fsS -o /dev/null -X PATCH -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"limits":{"fuel":10000000000,"timeoutMillis":60000}}' "$api/api/v1/tenants/$tenant/functions/$fn"
  until curl -fsS -o /dev/null --max-time 300 "$executor/fn/$tenant/$fn$path"; do sleep 1; done # first call compiles
  wrk -t2 -c"$connections" -d"${warmup}s" --timeout 30s "$executor/fn/$tenant/$fn$path" > /dev/null # warm-up: the JIT
  echo "== $name: Wasmhive executor"
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 30s --latency "$executor/fn/$tenant/$fn$path" | grep -E 'Requests/sec|50%|99%|Non-2xx'
  setsid "$jco" serve --host 127.0.0.1 --port $port "$wasm" > /dev/null 2>&1 &
  local pid=$!
  until curl -fsS -o /dev/null "http://127.0.0.1:$port$path" 2>/dev/null; do sleep 0.5; done
  wrk -t2 -c"$connections" -d"${warmup}s" --timeout 30s "http://127.0.0.1:$port$path" > /dev/null # warm-up: V8's JIT
  echo "== $name: jco serve (one shared instance)"
  wrk -t2 -c"$connections" -d"${seconds}s" --timeout 30s --latency "http://127.0.0.1:$port$path" | grep -E 'Requests/sec|50%|99%|Non-2xx'
  kill -- -"$pid" 2>/dev/null || true
  sleep 1
}

measure hello-wat examples/components/hello-wat/hello.wasm hello-wat / 18190
measure js-echo examples/components/js-echo/app.wasm js-echo /echo 18191
