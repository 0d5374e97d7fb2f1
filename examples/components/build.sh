#!/usr/bin/env bash
# Rebuilds the wasi:http (wasi:http/proxy) component fixtures from source:
#   js-echo/app.wasm    from js-echo/app.js + js-echo/wit/  (jco componentize, StarlingMonkey)
#   hello-wat/hello.wasm from hello-wat/hello.wat           (jco parse, hand-written component text)
#   stream-wat/stream.wasm from stream-wat/stream.wat       (jco parse, hand-written component text)
#   echo-wat/echo.wasm   from echo-wat/echo.wat           (jco parse, hand-written component text)
#   resource-wat/resource.wasm from resource-wat/resource.wat (jco parse, hand-written component text)
#   may-leave-wat/may-leave.wasm from may-leave-wat/may-leave.wat (jco parse, hand-written component text)
# Tooling is pinned in package.json/package-lock.json and installed here with `npm ci` (npm registry only;
# componentize-js ships its engine and wizer as npm packages, nothing else is downloaded).
# The built .wasm files are committed, so tests never need npm. After a rebuild, re-record the
# reference answers with ./record-answers.sh.
# Note: app.wasm is not byte-reproducible (componentize embeds a random temp-dir path in the snapshot).
set -euo pipefail
cd "$(dirname "$0")"

[ -d node_modules ] || npm ci --no-audit --no-fund
jco=node_modules/.bin/jco

# --disable all: no stdio/random/clocks/fetch-event support compiled in, so the component imports
# only what app.js uses (plus wasi:cli/stderr, monotonic-clock and io the engine needs).
time "$jco" componentize js-echo/app.js --wit js-echo/wit --world-name echo --disable all -o js-echo/app.wasm

"$jco" parse hello-wat/hello.wat -o hello-wat/hello.wasm
"$jco" parse stream-wat/stream.wat -o stream-wat/stream.wasm
"$jco" parse echo-wat/echo.wat -o echo-wat/echo.wasm
"$jco" parse resource-wat/resource.wat -o resource-wat/resource.wasm
"$jco" parse may-leave-wat/may-leave.wat -o may-leave-wat/may-leave.wasm

ls -l js-echo/app.wasm hello-wat/hello.wasm stream-wat/stream.wasm echo-wat/echo.wasm resource-wat/resource.wasm \
  may-leave-wat/may-leave.wasm
