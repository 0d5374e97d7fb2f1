# Shared by the scripts: finds a JDK 25 and makes sure the local Postgres is up with Wasmhive's
# database. Source it; it exports JAVA_HOME and WASMHIVE_ROOT.

WASMHIVE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export WASMHIVE_ROOT

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }

find_jdk25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    if [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate")" -ge 25 ] 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "No JDK 25 found: install one (for example Temurin 25) or set JAVA_HOME to it." >&2
  return 1
}

JAVA_HOME="$(find_jdk25)" || exit 1
export JAVA_HOME

# Starts the local Postgres cluster if it is installed but not running.
ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432; then
    return 0
  fi
  if ! command -v pg_ctlcluster >/dev/null; then
    echo "Postgres is not running on 127.0.0.1:5432 and no local cluster is installed (apt-get install postgresql)." >&2
    return 1
  fi
  echo "Starting the local Postgres cluster ..."
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && return 0
    sleep 1
  done
  echo "Postgres did not come up on 127.0.0.1:5432." >&2
  return 1
}

# Runs SQL as the Postgres superuser: over TCP where trust allows it, else as the postgres OS user.
psql_admin() {
  if psql -h 127.0.0.1 -U postgres -d postgres -tAc "select 1" >/dev/null 2>&1; then
    psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -tAq "$@"
  else
    (cd / && su postgres -c "psql -d postgres -v ON_ERROR_STOP=1 -tAq $(printf '%q ' "$@")")
  fi
}

# Creates the wasmhive role and database unless they exist.
ensure_database() {
  if [ "$(psql_admin -c "select 1 from pg_roles where rolname = 'wasmhive'")" != "1" ]; then
    psql_admin -c "create role wasmhive login password 'wasmhive'"
  fi
  if [ "$(psql_admin -c "select 1 from pg_database where datname = 'wasmhive'")" != "1" ]; then
    psql_admin -c "create database wasmhive owner wasmhive"
  fi
}

# What the browser tests need: Debian's Chromium and its chromedriver (no test downloads a browser).
ensure_browser() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    return 0
  fi
  echo "Installing Chromium and chromedriver from Debian for the console tests ..."
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium chromium-driver
}
