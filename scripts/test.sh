#!/usr/bin/env bash
# Runs every test: unit, slice, Postgres-backed and full-stack system tests.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
ensure_postgres
cd "$WASMHIVE_ROOT"
exec ./mvnw -B verify "$@"
