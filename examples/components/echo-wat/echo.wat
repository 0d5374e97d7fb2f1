;; echo-wat: a wasi:http/proxy component written by hand in the component text format.
;; Exports wasi:http/incoming-handler@0.2.0 `handle`, which echoes the request body as it arrives:
;;   200, content-type: application/octet-stream; sends the head at once, then loops: a
;;   blocking-read of up to 4096 bytes of the request body, a blocking-write-and-flush of them to
;;   the response body, until the request body's stream is closed; then finishes the body.
;;   A read that fails (last-operation-failed: the body went over the limit, the client went away)
;;   traps (`unreachable`), leaving the response cut short.
;;   If the path-with-query starts with "/whole" it reads the whole body first (counting, not
;;   keeping it), and only then answers: "<n> bytes\n", or "<n> bytes, then the read failed\n".
;; Build: `jco parse echo.wat -o echo.wasm` (see ../build.sh).
;;
;; Same layout as hello-wat and stream-wat: core module $Libc owns the memory and cabi_realloc and
;; is instantiated first, the imports are lowered against its memory, then $Main imports both.
;; cabi_realloc is a bump allocator that $Main resets before every read, so each chunk read lands
;; at the same place and one page is enough however long the body is.
(component
  ;; ---------------------------------------------------------------- imported interfaces
  (import "wasi:io/error@0.2.0" (instance $io-error
    (export "error" (type (sub resource)))
  ))
  (alias export $io-error "error" (type $error))

  (import "wasi:io/streams@0.2.0" (instance $streams
    (export "input-stream" (type $input-stream (sub resource)))
    (export "output-stream" (type $output-stream (sub resource)))
    (alias outer 1 $error (type $error-outer))
    (export "error" (type $error (eq $error-outer)))
    (type $stream-error-def (variant (case "last-operation-failed" (own $error)) (case "closed")))
    (export "stream-error" (type $stream-error (eq $stream-error-def)))
    ;; blocking-read: func(len: u64) -> result<list<u8>, stream-error>
    (export "[method]input-stream.blocking-read"
      (func (param "self" (borrow $input-stream)) (param "len" u64)
            (result (result (list u8) (error $stream-error)))))
    ;; blocking-write-and-flush: func(contents: list<u8>) -> result<_, stream-error>
    (export "[method]output-stream.blocking-write-and-flush"
      (func (param "self" (borrow $output-stream)) (param "contents" (list u8))
            (result (result (error $stream-error)))))
  ))
  (alias export $streams "input-stream" (type $input-stream))
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
    (export "incoming-body" (type $incoming-body (sub resource)))
    (export "outgoing-response" (type $outgoing-response (sub resource)))
    (export "outgoing-body" (type $outgoing-body (sub resource)))
    (export "response-outparam" (type $response-outparam (sub resource)))
    (alias outer 1 $input-stream (type $input-stream-outer))
    (export "input-stream" (type $input-stream (eq $input-stream-outer)))
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

    (export "[method]incoming-request.path-with-query"
      (func (param "self" (borrow $incoming-request)) (result (option string))))
    (export "[method]incoming-request.consume"
      (func (param "self" (borrow $incoming-request)) (result (result (own $incoming-body)))))
    (export "[method]incoming-body.stream"
      (func (param "self" (borrow $incoming-body)) (result (result (own $input-stream)))))
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
  (alias export $http "incoming-body" (type $incoming-body))
  (alias export $http "response-outparam" (type $response-outparam))

  ;; ---------------------------------------------------------------- memory and allocator
  (core module $Libc
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    ;; A bump allocator; never frees, but `reset` starts it over.
    (func (export "cabi_realloc") (param $old i32) (param $old-size i32) (param $align i32)
          (param $size i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (global.set $heap (i32.add (local.get $p) (local.get $size)))
      (if (i32.gt_u (global.get $heap) (i32.mul (memory.size) (i32.const 65536)))
        (then unreachable))
      (local.get $p))
    (func (export "reset")
      (global.set $heap (i32.const 1024)))
  )
  (core instance $libc (instantiate $Libc))
  (alias core export $libc "memory" (core memory $mem))
  (alias core export $libc "cabi_realloc" (core func $realloc))

  ;; ---------------------------------------------------------------- lowered imports
  (alias export $http "[method]incoming-request.path-with-query" (func $request.path))
  (alias export $http "[method]incoming-request.consume" (func $request.consume))
  (alias export $http "[method]incoming-body.stream" (func $in-body.stream))
  (alias export $http "[constructor]fields" (func $fields.new))
  (alias export $http "[method]fields.append" (func $fields.append))
  (alias export $http "[constructor]outgoing-response" (func $response.new))
  (alias export $http "[method]outgoing-response.body" (func $response.body))
  (alias export $http "[static]response-outparam.set" (func $outparam.set))
  (alias export $http "[method]outgoing-body.write" (func $body.write))
  (alias export $http "[static]outgoing-body.finish" (func $body.finish))
  (alias export $streams "[method]input-stream.blocking-read" (func $in.read))
  (alias export $streams "[method]output-stream.blocking-write-and-flush" (func $out.write))

  (core func $core.request.path
    (canon lower (func $request.path) (memory $mem) (realloc $realloc) string-encoding=utf8))
  (core func $core.request.consume (canon lower (func $request.consume) (memory $mem)))
  (core func $core.in-body.stream (canon lower (func $in-body.stream) (memory $mem)))
  (core func $core.fields.new (canon lower (func $fields.new)))
  (core func $core.fields.append (canon lower (func $fields.append) (memory $mem) string-encoding=utf8))
  (core func $core.response.new (canon lower (func $response.new)))
  (core func $core.response.body (canon lower (func $response.body) (memory $mem)))
  (core func $core.outparam.set (canon lower (func $outparam.set) (memory $mem) string-encoding=utf8))
  (core func $core.body.write (canon lower (func $body.write) (memory $mem)))
  (core func $core.body.finish
    (canon lower (func $body.finish) (memory $mem) (realloc $realloc) string-encoding=utf8))
  (core func $core.request.drop (canon resource.drop $incoming-request))
  (core func $core.in-body.drop (canon resource.drop $incoming-body))
  (core func $core.in.read (canon lower (func $in.read) (memory $mem) (realloc $realloc)))
  (core func $core.in.drop (canon resource.drop $input-stream))
  (core func $core.out.write (canon lower (func $out.write) (memory $mem)))
  (core func $core.out.drop (canon resource.drop $output-stream))

  (core instance $http-core
    (export "[method]incoming-request.path-with-query" (func $core.request.path))
    (export "[method]incoming-request.consume" (func $core.request.consume))
    (export "[method]incoming-body.stream" (func $core.in-body.stream))
    (export "[constructor]fields" (func $core.fields.new))
    (export "[method]fields.append" (func $core.fields.append))
    (export "[constructor]outgoing-response" (func $core.response.new))
    (export "[method]outgoing-response.body" (func $core.response.body))
    (export "[static]response-outparam.set" (func $core.outparam.set))
    (export "[method]outgoing-body.write" (func $core.body.write))
    (export "[static]outgoing-body.finish" (func $core.body.finish))
    (export "[resource-drop]incoming-request" (func $core.request.drop))
    (export "[resource-drop]incoming-body" (func $core.in-body.drop))
  )
  (core instance $streams-core
    (export "[method]input-stream.blocking-read" (func $core.in.read))
    (export "[resource-drop]input-stream" (func $core.in.drop))
    (export "[method]output-stream.blocking-write-and-flush" (func $core.out.write))
    (export "[resource-drop]output-stream" (func $core.out.drop))
  )

  ;; ---------------------------------------------------------------- the handler
  (core module $Main
    ;; Flattened core signatures (canonical ABI). Results of more than one flat value come back
    ;; through a return pointer (the last i32): byte 0 = discriminant, then the payload at +4 (+8).
    (import "wasi:http/types@0.2.0" "[method]incoming-request.path-with-query"
      (func $request.path (param i32 i32)))                  ;; self ret: some? ptr len
    (import "wasi:http/types@0.2.0" "[method]incoming-request.consume"
      (func $request.consume (param i32 i32)))               ;; self ret: ok? own<incoming-body>
    (import "wasi:http/types@0.2.0" "[method]incoming-body.stream"
      (func $in-body.stream (param i32 i32)))                ;; self ret: ok? own<input-stream>
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
    (import "wasi:http/types@0.2.0" "[resource-drop]incoming-body"
      (func $in-body.drop (param i32)))
    ;; self len ret: ok? then list ptr len, or stream-error case (0 last-operation-failed, 1 closed) at +4
    (import "wasi:io/streams@0.2.0" "[method]input-stream.blocking-read"
      (func $in.read (param i32 i64 i32)))
    (import "wasi:io/streams@0.2.0" "[resource-drop]input-stream" (func $in.drop (param i32)))
    (import "wasi:io/streams@0.2.0" "[method]output-stream.blocking-write-and-flush"
      (func $out.write (param i32 i32 i32 i32)))             ;; self contents.ptr contents.len ret
    (import "wasi:io/streams@0.2.0" "[resource-drop]output-stream" (func $out.drop (param i32)))
    (import "libc" "memory" (memory 1))
    (import "libc" "reset" (func $reset))

    (data (i32.const 64) "content-type")
    (data (i32.const 80) "application/octet-stream")
    (data (i32.const 112) "/whole")
    (data (i32.const 128) " bytes\n")
    (data (i32.const 144) " bytes, then the read failed\n") ;; 29 bytes
    ;; 256..276: the decimal digits of the count, written backwards from 276

    (global $ret i32 (i32.const 16)) ;; return area, 8-aligned

    ;; traps unless the result at the return area is ok
    (func $check
      (if (i32.load8_u (global.get $ret)) (then unreachable)))

    ;; 1 if the request's path-with-query is some and starts with "/whole"
    (func $is-whole (param $request i32) (result i32)
      (local $ptr i32) (local $len i32) (local $i i32)
      (call $request.path (local.get $request) (global.get $ret))
      (if (i32.eqz (i32.load8_u (global.get $ret))) (then (return (i32.const 0)))) ;; none
      (local.set $ptr (i32.load offset=4 (global.get $ret)))
      (local.set $len (i32.load offset=8 (global.get $ret)))
      (if (i32.lt_u (local.get $len) (i32.const 6)) (then (return (i32.const 0))))
      (loop $cmp
        (if (i32.ne (i32.load8_u (i32.add (local.get $ptr) (local.get $i)))
                    (i32.load8_u offset=112 (local.get $i)))
          (then (return (i32.const 0))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $cmp (i32.lt_u (local.get $i) (i32.const 6))))
      (i32.const 1))

    ;; writes $count in decimal to the stream
    (func $write-count (param $stream i32) (param $count i64)
      (local $p i32)
      (local.set $p (i32.const 276))
      (loop $digit
        (local.set $p (i32.sub (local.get $p) (i32.const 1)))
        (i64.store8 (local.get $p) (i64.add (i64.const 48) (i64.rem_u (local.get $count) (i64.const 10))))
        (local.set $count (i64.div_u (local.get $count) (i64.const 10)))
        (br_if $digit (i64.ne (local.get $count) (i64.const 0))))
      (call $out.write (local.get $stream) (local.get $p) (i32.sub (i32.const 276) (local.get $p)) (global.get $ret))
      (call $check))

    (func (export "wasi:http/incoming-handler@0.2.0#handle") (param $request i32) (param $outparam i32)
      (local $whole i32) (local $in-body i32) (local $in i32) (local $headers i32) (local $response i32)
      (local $body i32) (local $out i32) (local $len i32) (local $count i64) (local $failed i32)
      (local.set $whole (call $is-whole (local.get $request)))
      (call $request.consume (local.get $request) (global.get $ret))
      (call $check)
      (local.set $in-body (i32.load offset=4 (global.get $ret)))
      (call $in-body.stream (local.get $in-body) (global.get $ret))
      (call $check)
      (local.set $in (i32.load offset=4 (global.get $ret)))
      (call $request.drop (local.get $request))

      (local.set $headers (call $fields.new))
      (call $fields.append (local.get $headers) (i32.const 64) (i32.const 12) (i32.const 80) (i32.const 24)
                           (global.get $ret))
      (call $check)
      (local.set $response (call $response.new (local.get $headers))) ;; status defaults to 200
      (call $response.body (local.get $response) (global.get $ret))
      (call $check)
      (local.set $body (i32.load offset=4 (global.get $ret)))
      (call $body.write (local.get $body) (global.get $ret))
      (call $check)
      (local.set $out (i32.load offset=4 (global.get $ret)))

      ;; echo: response-outparam.set(outparam, ok(response)) before reading, so the head goes out at once
      (if (i32.eqz (local.get $whole))
        (then (call $outparam.set (local.get $outparam) (i32.const 0) (local.get $response)
                                  (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))))

      (block $done
        (loop $next
          (call $reset) ;; the previous chunk is written: read the next one to the same place
          (call $in.read (local.get $in) (i64.const 4096) (global.get $ret))
          (if (i32.load8_u (global.get $ret))
            (then
              (br_if $done (i32.load8_u offset=4 (global.get $ret))) ;; closed: the body's end
              (if (i32.eqz (local.get $whole)) (then unreachable))   ;; echo: a failed read cuts the response short
              (local.set $failed (i32.const 1))
              (br $done)))
          (local.set $len (i32.load offset=8 (global.get $ret)))
          (local.set $count (i64.add (local.get $count) (i64.extend_i32_u (local.get $len))))
          (if (i32.eqz (local.get $whole))
            (then
              (call $out.write (local.get $out) (i32.load offset=4 (global.get $ret)) (local.get $len)
                               (global.get $ret))
              (call $check)))
          (br $next)))
      (call $in.drop (local.get $in))
      (call $in-body.drop (local.get $in-body))

      (if (local.get $whole)
        (then
          (call $outparam.set (local.get $outparam) (i32.const 0) (local.get $response)
                              (i32.const 0) (i64.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0))
          (call $write-count (local.get $out) (local.get $count))
          (if (local.get $failed)
            (then (call $out.write (local.get $out) (i32.const 144) (i32.const 29) (global.get $ret)))
            (else (call $out.write (local.get $out) (i32.const 128) (i32.const 7) (global.get $ret))))
          (call $check)))

      (call $out.drop (local.get $out)) ;; the stream must go before its body is finished
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
