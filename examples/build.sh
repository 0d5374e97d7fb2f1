#!/usr/bin/env bash
# Rebuilds every guest binary under examples/ from its source with Debian's toolchain:
#   apt-get install wabt clang-19 lld-19 libclang-rt-19-dev-wasm32 wasi-libc rustc libstd-rust-dev-wasm32 lld
# (Debian's rustc is /usr/bin/rustc; a rustup rustc earlier on PATH has no wasm32-wasi target.)
# The built .wasm files are committed, so tests never need these tools. The wasi-http components
# under components/ are built with npm tools instead: components/build.sh.
set -euo pipefail
cd "$(dirname "$0")"

for wat in hello-wat/*.wat fixtures/*.wat; do
  wat2wasm "$wat" -o "${wat%.wat}.wasm"
done

for c in hello-c/*.c crunch-c/*.c; do
  clang-19 --target=wasm32-wasi --sysroot=/usr -O2 -fuse-ld=lld -Wl,--strip-all -o "${c%.c}.wasm" "$c"
done

for rs in hello-rust/*.rs; do
  /usr/bin/rustc --target wasm32-wasi -O -C strip=symbols -o "${rs%.rs}.wasm" "$rs"
done

ls -l hello-rust/*.wasm crunch-c/*.wasm hello-wat/*.wasm hello-c/*.wasm fixtures/*.wasm
