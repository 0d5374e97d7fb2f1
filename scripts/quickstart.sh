#!/usr/bin/env bash
# Builds Wasmhive and starts platform-api (:8080) and one executor (:8081) against the local
# Postgres, creating its database on first use. `scripts/quickstart.sh stop` stops both.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
cd "$WASMHIVE_ROOT"

state=.wasmhive
mkdir -p "$state/logs"

stop() {
  for app in platform-api executor; do
    if [ -f "$state/$app.pid" ] && kill -0 "$(cat "$state/$app.pid")" 2>/dev/null; then
      kill "$(cat "$state/$app.pid")"
      while kill -0 "$(cat "$state/$app.pid")" 2>/dev/null; do sleep 0.2; done
      echo "stopped $app"
    fi
    rm -f "$state/$app.pid"
  done
}

if [ "${1:-}" = "stop" ]; then
  stop
  exit 0
fi
stop

ensure_postgres
ensure_database

echo "Building (first run downloads Maven and the dependencies) ..."
./mvnw -B -q -DskipTests install

if [ -z "${WASMHIVE_ADMIN_TOKEN:-}" ]; then
  [ -s "$state/admin-token" ] || head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > "$state/admin-token"
  WASMHIVE_ADMIN_TOKEN="$(cat "$state/admin-token")"
fi
export WASMHIVE_ADMIN_TOKEN
export WASMHIVE_PUBLIC_URL="${WASMHIVE_PUBLIC_URL:-http://localhost:8081}"
export SPRING_DATASOURCE_URL="${SPRING_DATASOURCE_URL:-jdbc:postgresql://localhost:5432/wasmhive}"

version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)
start() { # name jar port health-path
  SERVER_PORT=$3 nohup "$JAVA_HOME/bin/java" -Xmx1g -jar "$2" > "$state/logs/$1.log" 2>&1 &
  echo $! > "$state/$1.pid"
}
start platform-api "platform-api/target/platform-api-$version-exec.jar" 8080
start executor "executor/node/target/executor-$version-exec.jar" 8081

wait_healthy() { # name url
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$2" 2>/dev/null && return 0
    kill -0 "$(cat "$state/$1.pid")" 2>/dev/null || break
    sleep 1
  done
  echo "$1 did not start; see $state/logs/$1.log" >&2
  tail -n 30 "$state/logs/$1.log" >&2
  exit 1
}
wait_healthy platform-api http://localhost:8080/actuator/health
wait_healthy executor http://localhost:8081/.well-known/wasmhive/health

cat <<MSG

Wasmhive is running.
  platform-api   http://localhost:8080/api/v1   (API docs: http://localhost:8080/api/docs, console: /console/)
  executor       http://localhost:8081/fn/{tenant}/{function}/
  operator token $WASMHIVE_ADMIN_TOKEN
  logs           $state/logs/   stop: scripts/quickstart.sh stop

Try it:
  export WASMHIVE_API=http://localhost:8080 WASMHIVE_ADMIN_TOKEN=$WASMHIVE_ADMIN_TOKEN
MSG
