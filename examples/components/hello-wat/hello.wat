;; hello-wat: a wasi:http/proxy component written by hand in the component text format.
;; Exports wasi:http/incoming-handler@0.2.0 `handle`, which answers every request with
;;   200, content-type: text/plain, body "hello from a component\n".
;; It imports only the functions it calls. No WASI preview 1 adapter, no wit-component shims.
;; Build: `jco parse hello.wat -o hello.wasm` (see ../build.sh).
;;
;; Layout: core module $Libc owns the linear memory and cabi_realloc, so the imports can be
;; lowered (they need the memory) before core module $Main, which imports both, is instantiated.
(component
  ;; ---------------------------------------------------------------- imported interfaces
  (import "wasi:io/error@0.2.0" (instance $io-error
    (export "error" (type (sub resource)))
  ))
  (alias export $io-error "error" (type $error))

  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "output-stream" (type $output-stream (sub resource)))
    (alias outer 1 $error (type $error-outer))
    (export "error" (type $error (eq $error-outer)))
    (type $stream-error-def (variant (case "last-operation-failed" (own $error)) (case "closed")))
    (export "stream-error" (type $stream-error (eq $stream-error-def)))
    ;; blocking-write-and-flush: func(contents: list<u8>) -> result<_, stream-error>
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $output-stream)) (param "contents" (list u8))
            (result (result (error $stream-error)))))
  ))
  (alias export $streams "output-stream" (type $output-stream))

  (import "wasi:http/types@0.2.0" (instance $http
    (export "fields" (type $fields (sub resource)))
    (type $string string)
    (export "field-key" (type $field-key (eq $string)))
    (export "field-name" (type $field-name (eq $field-key)))
    (type $bytes (list u8))
    (export "field-value" (type $field-value (eq $bytes)))
    (type $header-error-def (variant (case "invalid-syntax") (case "forbidden") (case "immutable")))
    (export "header-error" (type $header-error (eq $header-error-def)))
    (export "headers" (type $headers (eq $fields)))
    (export "trailers" (type $trailers (eq $fields)))
    (export "incoming-request" (type $incoming-request (sub resource)))
    (export "outgoing-response" (type $outgoing-response (sub resource)))
    (export "outgoing-body" (type $outgoing-body (sub resource)))
    (export "response-outparam" (type $response-outparam (sub resource)))
    (alias outer 1 $output-stream (type $output-stream-outer))
    (export "output-stream" (type $output-stream (eq $output-stream-outer)))
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
    (export "[method]fields.append"
      (func (param "self" (borrow $fields)) (param "name" $field-name) (param "value" $field-value)
            (result (result (error $header-error)))))
    (export "[constructor]outgoing-response"
      (func (param "headers" (own $headers)) (result (own $outgoing-response))))
    (export "[method]outgoing-response.body"
      (func (param "self" (borrow $outgoing-response)) (result (result (own $outgoing-body)))))
    (export "[static]response-outparam.set"
      (func (param "param" (own $response-outparam))
            (param "response" (result (own $outgoing-response) (error $error-code)))))
    (export "[method]outgoing-body.write"
      (func (param "self" (borrow $outgoing-body)) (result (result (own $output-stream)))))
    (export "[static]outgoing-body.finish"
      (func (param "this" (own $outgoing-body)) (param "trailers" (option (own $trailers)))
            (result (result (error $error-code)))))
  ))
  (alias export $http "incoming-request" (type $incoming-request))
  (alias export $http "response-outparam" (type $response-outparam))

  ;; ---------------------------------------------------------------- memory and allocator
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
  )
  (core instance $libc (instantiate $Libc))
  (alias core export $libc "memory" (core memory $mem))
  (alias core export $libc "cabi_realloc" (core func $realloc))

  ;; ---------------------------------------------------------------- lowered imports
  (alias export $http "[constructor]fields" (func $fields.new))
  (alias export $http "[method]fields.append" (func $fields.append))
  (alias export $http "[constructor]outgoing-response" (func $response.new))
  (alias export $http "[method]outgoing-response.body" (func $response.body))
  (alias export $http "[static]response-outparam.set" (func $outparam.set))
  (alias export $http "[method]outgoing-body.write" (func $body.write))
  (alias export $http "[static]outgoing-body.finish" (func $body.finish))
  (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $stream.write))

  (core func $core.fields.new (canon lower (func $fields.new)))
  (core func $core.fields.append (canon lower (func $fields.append) (memory $mem) string-encoding=utf8))
  (core func $core.response.new (canon lower (func $response.new)))
  (core func $core.response.body (canon lower (func $response.body) (memory $mem)))
  (core func $core.outparam.set (canon lower (func $outparam.set) (memory $mem) string-encoding=utf8))
  (core func $core.body.write (canon lower (func $body.write) (memory $mem)))
  (core func $core.body.finish
    (canon lower (func $body.finish) (memory $mem) (realloc $realloc) string-encoding=utf8))
  (core func $core.request.drop (canon resource.drop $incoming-request))
  (core func $core.stream.write (canon lower (func $stream.write) (memory $mem)))
  (core func $core.stream.drop (canon resource.drop $output-stream))

  (core instance $http-core
    (export "[constructor]fields" (func $core.fields.new))
    (export "[method]fields.append" (func $core.fields.append))
    (export "[constructor]outgoing-response" (func $core.response.new))
    (export "[method]outgoing-response.body" (func $core.response.body))
    (export "[static]response-outparam.set" (func $core.outparam.set))
    (export "[method]outgoing-body.write" (func $core.body.write))
    (export "[static]outgoing-body.finish" (func $core.body.finish))
    (export "[resource-drop]incoming-request" (func $core.request.drop))
  )
  (core instance $streams-core
    (export "[method]output-stream.blocking-write-and-flush" (func $core.stream.write))
    (export "[resource-drop]output-stream" (func $core.stream.drop))
  )

  ;; ---------------------------------------------------------------- the handler
  (core module $Main
    ;; Flattened core signatures (canonical ABI). Results of more than one flat value come back
    ;; through a return pointer (the last i32): byte 0 = result discriminant (0 = ok), i32 at +4 = value.
    (import "wasi:http/types@0.2.0" "[constructor]fields" (func $fields.new (result i32)))
    (import "wasi:http/types@0.2.0" "[method]fields.append"
      (func $fields.append (param i32 i32 i32 i32 i32 i32))) ;; self name.ptr name.len value.ptr value.len ret
    (import "wasi:http/types@0.2.0" "[constructor]outgoing-response"
      (func $response.new (param i32) (result i32)))
    (import "wasi:http/types@0.2.0" "[method]outgoing-response.body"
      (func $response.body (param i32 i32)))                 ;; self ret
    ;; param, then result<own<outgoing-response>, error-code> flattened to 8 values
    (import "wasi:http/types@0.2.0" "[static]response-outparam.set"
      (func $outparam.set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
    (import "wasi:http/types@0.2.0" "[method]outgoing-body.write"
      (func $body.write (param i32 i32)))                    ;; self ret
    (import "wasi:http/types@0.2.0" "[static]outgoing-body.finish"
      (func $body.finish (param i32 i32 i32 i32)))           ;; this trailers? trailers ret
    (import "wasi:http/types@0.2.0" "[resource-drop]incoming-request"
      (func $request.drop (param i32)))
    (import "wasi:io/streams@0.2.0" "[method]output-stream.blocking-write-and-flush"
      (func $stream.write (param i32 i32 i32 i32)))          ;; self contents.ptr contents.len ret
    (import "wasi:io/streams@0.2.0" "[resource-drop]output-stream"
      (func $stream.drop (param i32)))
    (import "libc" "memory" (memory 1))

    (data (i32.const 64) "content-type")
    (data (i32.const 80) "text/plain")
    (data (i32.const 96) "hello from a component\n")

    (global $ret i32 (i32.const 16)) ;; return area, 8-aligned

    ;; traps unless the result at the return area is ok
    (func $check
      (if (i32.load8_u (global.get $ret)) (then unreachable)))

    (func (export "wasi:http/incoming-handler@0.2.0#handle") (param $request i32) (param $outparam i32)
      (local $headers i32) (local $response i32) (local $body i32) (local $stream i32)
      (call $request.drop (local.get $request))

      (local.set $headers (call $fields.new))
      (call $fields.append (local.get $headers) (i32.const 64) (i32.const 12) (i32.const 80) (i32.const 10)
                           (global.get $ret))
      (call $check)
      (local.set $response (call $response.new (local.get $headers))) ;; status defaults to 200

      (call $response.body (local.get $response) (global.get $ret))
      (call $check)
      (local.set $body (i32.load offset=4 (global.get $ret)))

      ;; response-outparam.set(outparam, ok(response)); the error-code slots are unused zeros
      (call $outparam.set (local.get $outparam) (i32.const 0) (local.get $response)
                          (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))

      (call $body.write (local.get $body) (global.get $ret))
      (call $check)
      (local.set $stream (i32.load offset=4 (global.get $ret)))
      (call $stream.write (local.get $stream) (i32.const 96) (i32.const 23) (global.get $ret))
      (call $check)
      (call $stream.drop (local.get $stream))    ;; the stream must go before its body is finished

      (call $body.finish (local.get $body) (i32.const 0) (i32.const 0) (global.get $ret)) ;; no trailers
      (call $check))
  )
  (core instance $main (instantiate $Main
    (with "libc" (instance $libc))
    (with "wasi:http/types@0.2.0" (instance $http-core))
    (with "wasi:io/streams@0.2.0" (instance $streams-core))
  ))

  ;; ---------------------------------------------------------------- the export
  (func $handle (param "request" (own $incoming-request)) (param "response-out" (own $response-outparam))
    (canon lift (core func $main "wasi:http/incoming-handler@0.2.0#handle")))
  (instance $incoming-handler
    (export "handle" (func $handle))
  )
  (export "wasi:http/incoming-handler@0.2.0" (instance $incoming-handler))
)
