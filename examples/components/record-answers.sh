#!/usr/bin/env bash
# Records the reference answers of `jco serve` for the component fixtures:
#   js-echo/answers.json and hello-wat/answers.json (see record-answers.mjs for the cases and format).
# Needs the npm tooling of this folder: `npm ci` here first (build.sh does it when node_modules is missing).
# Usage: ./record-answers.sh [js-echo] [hello-wat]
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] || npm ci --no-audit --no-fund
exec node record-answers.mjs "$@"
