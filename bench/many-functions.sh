#!/usr/bin/env bash
# A node holding many functions: deploys 100 tenants x 10 distinct functions through a running
# platform-api, starts a separate executor with a 1 GB heap (holding at most MAX_LOADED compiled
# modules in memory, default 256; the rest load lazily from its disk cache), calls each function
# once, and prints the executor's heap and memory per loaded function (after a full GC).
#   WASMHIVE_ADMIN_TOKEN=... [MAX_LOADED=256] bench/many-functions.sh [tenants] [functions-per-tenant]
set -euo pipefail
source "$(dirname "$0")/../scripts/lib/env.sh"
cd "$WASMHIVE_ROOT"
api=${WASMHIVE_API:-http://localhost:8080}
tenants=${1:-100}
per=${2:-10}
: "${WASMHIVE_ADMIN_TOKEN:?set WASMHIVE_ADMIN_TOKEN (scripts/quickstart.sh prints it)}"
port=18181
cache=$(mktemp -d)
echo "executor log and caches: $cache"
./mvnw -B -q -DskipTests -pl bench -am package
version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)

SERVER_PORT=$port WASMHIVE_EXECUTOR_MAX_LOADED_MODULES=${MAX_LOADED:-256} WASMHIVE_EXECUTOR_CACHE_DIR=$cache \
  "$JAVA_HOME/bin/java" -Xmx1g -jar "executor/node/target/executor-$version-exec.jar" > "$cache/executor.log" 2>&1 &
executor=$!
trap 'kill $executor 2>/dev/null' EXIT
for _ in $(seq 1 120); do curl -fsS -o /dev/null "http://localhost:$port/.well-known/wasmhive/health" 2>/dev/null && break; sleep 1; done

"$JAVA_HOME/bin/java" -cp bench/target/benchmarks.jar -Dwasmhive.examples="$WASMHIVE_ROOT/examples" \
  io.wasmhive.bench.ManyFunctions "$api" "http://localhost:$port" "$WASMHIVE_ADMIN_TOKEN" "$tenants" "$per" "many-$(date +%s)"

"$JAVA_HOME/bin/jcmd" "$executor" GC.run > /dev/null
sleep 1
loaded=$(curl -fsS "http://localhost:$port/actuator/metrics/wasmhive.modules.loaded" | sed 's/.*"value":\([0-9.E]*\).*/\1/')
heap=$(curl -fsS "http://localhost:$port/actuator/metrics/jvm.memory.used?tag=area:heap" | sed 's/.*"value":\([0-9.E]*\).*/\1/')
python3 -c "l=float('$loaded'); h=float('$heap'); print(f'loaded modules: {l:.0f}, heap in use after GC: {h/2**20:.0f} MiB, per loaded function: {h/l/1024:.0f} KiB')"
