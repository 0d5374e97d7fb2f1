;; resource-wat: a wasi:http/proxy component that defines a resource of its own, with a destructor.
;; Exports wasi:http/incoming-handler@0.2.0 `handle`, which makes a `thing` (canon resource.new with
;; the representation 204), drops it at once (canon resource.drop) and answers with the status the
;; destructor recorded: 204 when the host ran it, 500 when it did not. Its body is empty.
;; The destructor first spins a loop of 100,000 iterations (about 500,000 instructions), so that a
;; test can see that its work is metered.
;; Build: `jco parse resource.wat -o resource.wasm` (see ../build.sh).
;;
;; Layout: the destructor must exist before the resource type that names it, and the type before the
;; canon built-ins that $Main imports, so the destructor lives in $Libc, instantiated first, and
;; reports to $Main through the memory they share.
(component
  ;; ---------------------------------------------------------------- imported interface
  (import "wasi:http/types@0.2.0" (instance $http
    (export "fields" (type $fields (sub resource)))
    (export "headers" (type $headers (eq $fields)))
    (export "trailers" (type $trailers (eq $fields)))
    (export "incoming-request" (type $incoming-request (sub resource)))
    (export "outgoing-response" (type $outgoing-response (sub resource)))
    (export "outgoing-body" (type $outgoing-body (sub resource)))
    (export "response-outparam" (type $response-outparam (sub resource)))
    (type $u16 u16)
    (export "status-code" (type $status-code (eq $u16)))
    ;; error-code must be spelled out in full: response-outparam.set and outgoing-body.finish use it.
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

    (export "[constructor]fields" (func (result (own $fields))))
    (export "[constructor]outgoing-response"
      (func (param "headers" (own $headers)) (result (own $outgoing-response))))
    (export "[method]outgoing-response.set-status-code"
      (func (param "self" (borrow $outgoing-response)) (param "status-code" $status-code) (result (result))))
    (export "[method]outgoing-response.body"
      (func (param "self" (borrow $outgoing-response)) (result (result (own $outgoing-body)))))
    (export "[static]outgoing-body.finish"
      (func (param "this" (own $outgoing-body)) (param "trailers" (option (own $trailers)))
            (result (result (error $error-code)))))
    (export "[static]response-outparam.set"
      (func (param "param" (own $response-outparam))
            (param "response" (result (own $outgoing-response) (error $error-code)))))
  ))
  (alias export $http "incoming-request" (type $incoming-request))
  (alias export $http "response-outparam" (type $response-outparam))

  ;; ---------------------------------------------------------------- memory, allocator, destructor
  (core module $Libc
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    ;; A bump allocator; never frees. Only called if the host has to return an error-code string.
    (func (export "cabi_realloc") (param $old i32) (param $old-size i32) (param $align i32)
          (param $size i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (global.set $heap (i32.add (local.get $p) (local.get $size)))
      (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
        (then unreachable))
      (local.get $p))
    (data (i32.const 8) "\f4\01\00\00") ;; the status at address 8: 500 until a destructor records another
    (func (export "thing-dtor") (param $rep i32)
      (local $i i32)
      (local.set $i (i32.const 100000))
      (loop $spin
        (br_if $spin (local.tee $i (i32.sub (local.get $i) (i32.const 1)))))
      (i32.store (i32.const 8) (local.get $rep)))
  )
  (core instance $libc (instantiate $Libc))
  (alias core export $libc "memory" (core memory $mem))
  (alias core export $libc "cabi_realloc" (core func $realloc))
  (alias core export $libc "thing-dtor" (core func $thing-dtor))

  ;; ---------------------------------------------------------------- the component's own resource
  (type $thing (resource (rep i32) (dtor (core func $thing-dtor))))
  (core func $core.thing.new (canon resource.new $thing))
  (core func $core.thing.drop (canon resource.drop $thing))

  ;; ---------------------------------------------------------------- lowered imports
  (alias export $http "[constructor]fields" (func $fields.new))
  (alias export $http "[constructor]outgoing-response" (func $response.new))
  (alias export $http "[method]outgoing-response.set-status-code" (func $response.set-status))
  (alias export $http "[static]response-outparam.set" (func $outparam.set))
  (alias export $http "[method]outgoing-response.body" (func $response.body))
  (alias export $http "[static]outgoing-body.finish" (func $body.finish))

  (core func $core.fields.new (canon lower (func $fields.new)))
  (core func $core.response.new (canon lower (func $response.new)))
  (core func $core.response.set-status (canon lower (func $response.set-status)))
  (core func $core.outparam.set (canon lower (func $outparam.set) (memory $mem) string-encoding=utf8))
  (core func $core.response.body (canon lower (func $response.body) (memory $mem)))
  (core func $core.body.finish
    (canon lower (func $body.finish) (memory $mem) (realloc $realloc) string-encoding=utf8))
  (core func $core.request.drop (canon resource.drop $incoming-request))

  (core instance $http-core
    (export "[constructor]fields" (func $core.fields.new))
    (export "[constructor]outgoing-response" (func $core.response.new))
    (export "[method]outgoing-response.set-status-code" (func $core.response.set-status))
    (export "[static]response-outparam.set" (func $core.outparam.set))
    (export "[method]outgoing-response.body" (func $core.response.body))
    (export "[static]outgoing-body.finish" (func $core.body.finish))
    (export "[resource-drop]incoming-request" (func $core.request.drop))
  )
  (core instance $thing-core
    (export "[resource-new]thing" (func $core.thing.new))
    (export "[resource-drop]thing" (func $core.thing.drop))
  )

  ;; ---------------------------------------------------------------- the handler
  (core module $Main
    (import "wasi:http/types@0.2.0" "[constructor]fields" (func $fields.new (result i32)))
    (import "wasi:http/types@0.2.0" "[constructor]outgoing-response"
      (func $response.new (param i32) (result i32)))
    (import "wasi:http/types@0.2.0" "[method]outgoing-response.set-status-code"
      (func $response.set-status (param i32 i32) (result i32))) ;; self status -> result discriminant
    ;; param, then result<own<outgoing-response>, error-code> flattened to 8 values
    (import "wasi:http/types@0.2.0" "[static]response-outparam.set"
      (func $outparam.set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (import "wasi:http/types@0.2.0" "[method]outgoing-response.body"
      (func $response.body (param i32 i32)))                 ;; self ret
    (import "wasi:http/types@0.2.0" "[static]outgoing-body.finish"
      (func $body.finish (param i32 i32 i32 i32)))           ;; this trailers? trailers ret
    (import "wasi:http/types@0.2.0" "[resource-drop]incoming-request"
      (func $request.drop (param i32)))
    (import "[export]thing" "[resource-new]thing" (func $thing.new (param i32) (result i32)))
    (import "[export]thing" "[resource-drop]thing" (func $thing.drop (param i32)))
    (import "libc" "memory" (memory 1))

    (global $ret i32 (i32.const 16)) ;; return area, 8-aligned

    ;; traps unless the result at the return area is ok
    (func $check
      (if (i32.load8_u (global.get $ret)) (then unreachable)))

    (func (export "wasi:http/incoming-handler@0.2.0#handle") (param $request i32) (param $outparam i32)
      (local $response i32) (local $body i32)
      (call $request.drop (local.get $request))

      ;; a thing is made and dropped at once: its destructor records 204 at address 8
      (call $thing.drop (call $thing.new (i32.const 204)))

      (local.set $response (call $response.new (call $fields.new)))
      (if (call $response.set-status (local.get $response) (i32.load (i32.const 8)))
        (then unreachable))
      (call $response.body (local.get $response) (global.get $ret))
      (call $check)
      (local.set $body (i32.load offset=4 (global.get $ret)))
      ;; response-outparam.set(outparam, ok(response)); the error-code slots are unused zeros
      (call $outparam.set (local.get $outparam) (i32.const 0) (local.get $response)
                          (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
      (call $body.finish (local.get $body) (i32.const 0) (i32.const 0) (global.get $ret)) ;; no trailers
      (call $check))
  )
  (core instance $main (instantiate $Main
    (with "libc" (instance $libc))
    (with "wasi:http/types@0.2.0" (instance $http-core))
    (with "[export]thing" (instance $thing-core))
  ))

  ;; ---------------------------------------------------------------- the export
  (func $handle (param "request" (own $incoming-request)) (param "response-out" (own $response-outparam))
    (canon lift (core func $main "wasi:http/incoming-handler@0.2.0#handle")))
  (instance $incoming-handler
    (export "handle" (func $handle))
  )
  (export "wasi:http/incoming-handler@0.2.0" (instance $incoming-handler))
)
