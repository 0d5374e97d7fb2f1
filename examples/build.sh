#!/usr/bin/env bash
# Rebuilds every guest binary under examples/ from its source with Debian's toolchain:
#   apt-get install wabt clang-19 lld-19 libclang-rt-19-dev-wasm32 wasi-libc
# The built .wasm files are committed, so tests never need these tools.
set -euo pipefail
cd "$(dirname "$0")"

for wat in hello-wat/*.wat fixtures/*.wat; do
  wat2wasm "$wat" -o "${wat%.wat}.wasm"
done

for c in hello-c/*.c; do
  clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -fuse-ld=lld -Wl,--strip-all -o "${c%.c}.wasm" "$c"
done

ls -l hello-wat/*.wasm hello-c/*.wasm fixtures/*.wasm
