#!/usr/bin/env bash
# Writes the ABI descriptions next to each built component:
#   <dir>/IMPORTS.txt    every core module inside the component: size, imports with their flattened
#                        core signatures, exports (core-modules.mjs reads the binary directly; for
#                        js-echo it matches wasm2wat on the core modules of `jco transpile`)
#   <dir>/STRUCTURE.txt  `jco print` of the component; for js-echo with core module bodies elided
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] || npm ci --no-audit --no-fund
jco=node_modules/.bin/jco
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

node core-modules.mjs js-echo/app.wasm > js-echo/IMPORTS.txt
{ echo ";; Component-level structure of js-echo/app.wasm: \`jco print\` with core module bodies elided (structure.mjs)."
  echo ";; Component-level world (jco wit):"
  "$jco" wit js-echo/app.wasm | sed 's/^/;;   /'
  "$jco" print js-echo/app.wasm -o "$tmp/app.wat" >/dev/null
  node structure.mjs "$tmp/app.wat"; } > js-echo/STRUCTURE.txt

node core-modules.mjs hello-wat/hello.wasm > hello-wat/IMPORTS.txt
{ echo ";; hello-wat/hello.wasm as printed back by \`jco print\` (the source is hello.wat)."
  "$jco" print hello-wat/hello.wasm; } > hello-wat/STRUCTURE.txt

ls -l js-echo/IMPORTS.txt js-echo/STRUCTURE.txt hello-wat/IMPORTS.txt hello-wat/STRUCTURE.txt
