;; may-leave-wat: a wasi:http/proxy component whose cabi_realloc or post-return calls an import or
;; a resource built-in, which the canonical ABI forbids (the instance's may_leave flag is clear while
;; they run): the host must trap. Exports wasi:http/incoming-handler@0.2.0 `handle`, which reads the path and answers 200
;; with no body. The second character of the path picks what else happens:
;;   /realloc      the path is read a second time, and the realloc that lowering calls calls
;;                 wasi:clocks/monotonic-clock.now first
;;   /post-return  the handler's post-return calls monotonic-clock.now
;;   /drop         the handler makes a `fields`, and its post-return drops it (canon resource.drop)
;;   anything else nothing: realloc and post-return run, but call no import
;; The mode is kept at address 8 of the memory $Libc and $Main share, the `fields` at address 12.
;; Build: `jco parse may-leave.wat -o may-leave.wasm` (see ../build.sh).
;;
;; Layout as hello-wat, but $Libc imports the lowered `now`, which needs no memory, so that its
;; realloc can call it.
(component
  ;; ---------------------------------------------------------------- imported interfaces
  (import "wasi:clocks/monotonic-clock@0.2.0" (instance $clock
    (type $u64 u64)
    (export "instant" (type $instant (eq $u64)))
    (export "now" (func (result $instant)))
  ))

  (import "wasi:http/types@0.2.0" (instance $http
    (export "fields" (type $fields (sub resource)))
    (export "headers" (type $headers (eq $fields)))
    (export "incoming-request" (type $incoming-request (sub resource)))
    (export "outgoing-response" (type $outgoing-response (sub resource)))
    (export "response-outparam" (type $response-outparam (sub resource)))
    ;; error-code must be spelled out in full: response-outparam.set uses it.
    (type $DNS-error-payload-def
      (record (field "rcode" (option string)) (field "info-code" (option u16))))
    (export "DNS-error-payload" (type $DNS-error-payload (eq $DNS-error-payload-def)))
    (type $TLS-alert-received-payload-def
      (record (field "alert-id" (option u8)) (field "alert-message" (option string))))
    (export "TLS-alert-received-payload"
      (type $TLS-alert-received-payload (eq $TLS-alert-received-payload-def)))
    (type $field-size-payload-def
      (record (field "field-name" (option string)) (field "field-size" (option u32))))
    (export "field-size-payload" (type $field-size-payload (eq $field-size-payload-def)))
    (type $error-code-def (variant
      (case "DNS-timeout")
      (case "DNS-error" $DNS-error-payload)
      (case "destination-not-found")
      (case "destination-unavailable")
      (case "destination-IP-prohibited")
      (case "destination-IP-unroutable")
      (case "connection-refused")
      (case "connection-terminated")
      (case "connection-timeout")
      (case "connection-read-timeout")
      (case "connection-write-timeout")
      (case "connection-limit-reached")
      (case "TLS-protocol-error")
      (case "TLS-certificate-error")
      (case "TLS-alert-received" $TLS-alert-received-payload)
      (case "HTTP-request-denied")
      (case "HTTP-request-length-required")
      (case "HTTP-request-body-size" (option u64))
      (case "HTTP-request-method-invalid")
      (case "HTTP-request-URI-invalid")
      (case "HTTP-request-URI-too-long")
      (case "HTTP-request-header-section-size" (option u32))
      (case "HTTP-request-header-size" (option $field-size-payload))
      (case "HTTP-request-trailer-section-size" (option u32))
      (case "HTTP-request-trailer-size" $field-size-payload)
      (case "HTTP-response-incomplete")
      (case "HTTP-response-header-section-size" (option u32))
      (case "HTTP-response-header-size" $field-size-payload)
      (case "HTTP-response-body-size" (option u64))
      (case "HTTP-response-trailer-section-size" (option u32))
      (case "HTTP-response-trailer-size" $field-size-payload)
      (case "HTTP-response-transfer-coding" (option string))
      (case "HTTP-response-content-coding" (option string))
      (case "HTTP-response-timeout")
      (case "HTTP-upgrade-failed")
      (case "HTTP-protocol-error")
      (case "loop-detected")
      (case "configuration-error")
      (case "internal-error" (option string))))
    (export "error-code" (type $error-code (eq $error-code-def)))
    (export "[method]incoming-request.path-with-query"
      (func (param "self" (borrow $incoming-request)) (result (option string))))
    (export "[constructor]fields" (func (result (own $fields))))
    (export "[constructor]outgoing-response"
      (func (param "headers" (own $headers)) (result (own $outgoing-response))))
    (export "[static]response-outparam.set"
      (func (param "param" (own $response-outparam))
            (param "response" (result (own $outgoing-response) (error $error-code)))))
  ))
  (alias export $http "incoming-request" (type $incoming-request))
  (alias export $http "response-outparam" (type $response-outparam))
  (alias export $http "fields" (type $fields))

  ;; ---------------------------------------------------------------- the clock, lowered first
  (alias export $clock "now" (func $now))
  (core func $core.now (canon lower (func $now)))
  (core instance $clock-core
    (export "now" (func $core.now))
  )

  ;; ---------------------------------------------------------------- memory and allocator
  (core module $Libc
    (import "wasi:clocks/monotonic-clock@0.2.0" "now" (func $now (result i64)))
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    ;; A bump allocator; never frees. In mode 1 it first calls an import, which must trap.
    (func (export "cabi_realloc") (param $old i32) (param $old-size i32) (param $align i32)
          (param $size i32) (result i32)
      (local $p i32)
      (if (i32.eq (i32.load (i32.const 8)) (i32.const 1))
        (then (drop (call $now))))
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (global.set $heap (i32.add (local.get $p) (local.get $size)))
      (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
        (then unreachable))
      (local.get $p))
  )
  (core instance $libc (instantiate $Libc
    (with "wasi:clocks/monotonic-clock@0.2.0" (instance $clock-core))
  ))
  (alias core export $libc "memory" (core memory $mem))
  (alias core export $libc "cabi_realloc" (core func $realloc))

  ;; ---------------------------------------------------------------- lowered imports
  (alias export $http "[method]incoming-request.path-with-query" (func $request.path))
  (alias export $http "[constructor]fields" (func $fields.new))
  (alias export $http "[constructor]outgoing-response" (func $response.new))
  (alias export $http "[static]response-outparam.set" (func $outparam.set))

  (core func $core.request.path
    (canon lower (func $request.path) (memory $mem) (realloc $realloc) string-encoding=utf8))
  (core func $core.fields.new (canon lower (func $fields.new)))
  (core func $core.response.new (canon lower (func $response.new)))
  (core func $core.outparam.set (canon lower (func $outparam.set) (memory $mem) string-encoding=utf8))
  (core func $core.fields.drop (canon resource.drop $fields))

  (core instance $http-core
    (export "[method]incoming-request.path-with-query" (func $core.request.path))
    (export "[constructor]fields" (func $core.fields.new))
    (export "[constructor]outgoing-response" (func $core.response.new))
    (export "[static]response-outparam.set" (func $core.outparam.set))
    (export "[resource-drop]fields" (func $core.fields.drop))
  )

  ;; ---------------------------------------------------------------- the handler
  (core module $Main
    (import "wasi:http/types@0.2.0" "[method]incoming-request.path-with-query"
      (func $request.path (param i32 i32)))                  ;; self ret
    (import "wasi:http/types@0.2.0" "[constructor]fields" (func $fields.new (result i32)))
    (import "wasi:http/types@0.2.0" "[constructor]outgoing-response"
      (func $response.new (param i32) (result i32)))
    ;; param, then result<own<outgoing-response>, error-code> flattened to 8 values
    (import "wasi:http/types@0.2.0" "[static]response-outparam.set"
      (func $outparam.set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (import "wasi:http/types@0.2.0" "[resource-drop]fields" (func $fields.drop (param i32)))
    (import "wasi:clocks/monotonic-clock@0.2.0" "now" (func $now (result i64)))
    (import "libc" "memory" (memory 1))

    (global $mode i32 (i32.const 8))
    (global $fields i32 (i32.const 12))
    (global $ret i32 (i32.const 16)) ;; return area: option<string> is tag, then ptr and len

    (func (export "wasi:http/incoming-handler@0.2.0#handle") (param $request i32) (param $outparam i32)
      (local $second i32)
      (call $request.path (local.get $request) (global.get $ret))
      (if (i32.and (i32.load8_u (global.get $ret)) (i32.ge_u (i32.load offset=8 (global.get $ret)) (i32.const 2)))
        (then (local.set $second (i32.load8_u offset=1 (i32.load offset=4 (global.get $ret))))))
      (if (i32.eq (local.get $second) (i32.const 0x72)) ;; 'r': read the path again, realloc calling the clock
        (then
          (i32.store (global.get $mode) (i32.const 1))
          (call $request.path (local.get $request) (global.get $ret))
          (i32.store (global.get $mode) (i32.const 0))))
      (if (i32.eq (local.get $second) (i32.const 0x70)) ;; 'p': post-return calls the clock
        (then (i32.store (global.get $mode) (i32.const 2))))
      (if (i32.eq (local.get $second) (i32.const 0x64)) ;; 'd': post-return drops a fields
        (then
          (i32.store (global.get $mode) (i32.const 3))
          (i32.store (global.get $fields) (call $fields.new))))
      ;; response-outparam.set(outparam, ok(response)); the error-code slots are unused zeros
      (call $outparam.set (local.get $outparam) (i32.const 0) (call $response.new (call $fields.new))
                          (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))

    (func (export "cabi_post_wasi:http/incoming-handler@0.2.0#handle")
      (if (i32.eq (i32.load (global.get $mode)) (i32.const 2))
        (then (drop (call $now))))
      (if (i32.eq (i32.load (global.get $mode)) (i32.const 3))
        (then (call $fields.drop (i32.load (global.get $fields))))))
  )
  (core instance $main (instantiate $Main
    (with "libc" (instance $libc))
    (with "wasi:http/types@0.2.0" (instance $http-core))
    (with "wasi:clocks/monotonic-clock@0.2.0" (instance $clock-core))
  ))
  (alias core export $main "cabi_post_wasi:http/incoming-handler@0.2.0#handle" (core func $handle.post-return))

  ;; ---------------------------------------------------------------- the export
  (func $handle (param "request" (own $incoming-request)) (param "response-out" (own $response-outparam))
    (canon lift (core func $main "wasi:http/incoming-handler@0.2.0#handle")
      (post-return $handle.post-return)))
  (instance $incoming-handler
    (export "handle" (func $handle))
  )
  (export "wasi:http/incoming-handler@0.2.0" (instance $incoming-handler))
)
