;; The smallest WAGI function: writes a CGI header block and a greeting to stdout.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  ;; iovec at 0: pointer and length of the text at 16
  (data (i32.const 0) "\10\00\00\00\36\00\00\00")
  (data (i32.const 16) "Content-Type: text/plain\n\nHello from WAT on Wasmhive!\n")
  (func (export "_start")
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
