// js-echo: a wasi:http/incoming-handler written against the raw wasi:http 0.2 API (no fetch event).
// Built with `jco componentize` (see ../build.sh). One component, dispatching on the request path:
//   /echo (and any unknown path)  200, x-echo-* headers describing the request, body = request body
//   /status/<n>                   status n, empty body, x-custom: yes
//   /large/<bytes>                <bytes> bytes: byte i = "0-9a-zA-Z\n"[i % 63], in writes of up to 64 KiB
//   /chunks                       body "bytes=<total> sum=<sum of bytes mod 2^32>"
//   /trailers                     200, body "ok", trailers x-trailer: done (none under jco serve)
//   /outbound?url=<url>           GET <url> via wasi:http/outgoing-handler; upstream status and body,
//                                 or 502 with the error-code's tag
//   /trap                         calls an undefined function (uncaught exception)
//   /loop                         spins forever
//   /alloc                        allocates without bound
//   /env                          "k=v\n" for each environment variable, sorted
import {
  Fields,
  OutgoingBody,
  OutgoingRequest,
  OutgoingResponse,
  ResponseOutparam,
  IncomingBody,
} from 'wasi:http/types@0.2.12';
import { handle as outgoingHandle } from 'wasi:http/outgoing-handler@0.2.12';
import { getEnvironment } from 'wasi:cli/environment@0.2.12';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Reads a whole incoming-body stream, calling onChunk for every chunk read.
// blocking-read returns at most `len` bytes; the stream signals its end with the error `closed`.
function readBody(request, onChunk) {
  const body = request.consume();
  const stream = body.stream();
  for (;;) {
    let chunk;
    try {
      chunk = stream.blockingRead(65536n);
    } catch (e) {
      if (e.payload && e.payload.tag === 'closed') break;
      throw e;
    }
    if (chunk.length > 0) onChunk(chunk);
  }
  stream[Symbol.dispose]();        // the stream is a child of the body: drop it first
  IncomingBody.finish(body)[Symbol.dispose](); // ignore request trailers
}

// Sets the response, then writes `chunks` (Uint8Arrays) to its body and finishes it.
// blocking-write-and-flush accepts at most 4096 bytes per call, so big chunks are split.
function respond(responseOut, status, headerList, chunks, trailers) {
  const headers = Fields.fromList(headerList.map(([k, v]) => [k, encoder.encode(v)]));
  const response = new OutgoingResponse(headers);
  response.setStatusCode(status);
  const body = response.body();
  ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  const stream = body.write();
  for (const chunk of chunks) {
    for (let off = 0; off < chunk.length; off += 4096) {
      stream.blockingWriteAndFlush(chunk.subarray(off, off + 4096));
    }
  }
  stream[Symbol.dispose]();
  if (trailers === undefined) {
    OutgoingBody.finish(body, undefined);
    return;
  }
  try {
    OutgoingBody.finish(body, trailers);
  } catch (e) {
    // jco serve (preview2-shim 0.26.0) rejects any trailers with internal-error "trailers
    // unsupported". The body handle was moved into the call, so it cannot be finished again;
    // returning (instead of trapping) lets jco end the response when the handler returns.
  }
}

function methodName(method) {
  return method.tag === 'other' ? method.val : method.tag.toUpperCase();
}

function echo(request, responseOut) {
  const pathWithQuery = request.pathWithQuery() ?? '';
  const headerList = [
    ['content-type', 'text/plain'],
    ['x-echo-method', methodName(request.method())],
    ['x-echo-path', pathWithQuery],
  ];
  const requestHeaders = request.headers();
  for (const [name, value] of requestHeaders.entries()) {
    headerList.push(['x-echo-h-' + name, decoder.decode(value)]);
  }
  requestHeaders[Symbol.dispose]();
  const chunks = [];
  readBody(request, (chunk) => chunks.push(chunk));
  respond(responseOut, 200, headerList, chunks);
}

// /large/<n>: uses check-write + write + blocking-flush with 64 KiB writes (the other write path).
const PATTERN = encoder.encode('0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\n');
function large(responseOut, total) {
  // byte i of the body is PATTERN[i % 63], whatever sizes check-write permits
  const block = new Uint8Array(65536 + PATTERN.length);
  for (let i = 0; i < block.length; i++) block[i] = PATTERN[i % PATTERN.length];
  const response = new OutgoingResponse(
    Fields.fromList([['content-type', encoder.encode('application/octet-stream')]]));
  const body = response.body();
  ResponseOutparam.set(responseOut, { tag: 'ok', val: response });
  const stream = body.write();
  let left = total;
  while (left > 0) {
    let permitted = Number(stream.checkWrite());
    if (permitted === 0) {
      const pollable = stream.subscribe();
      pollable.block();
      pollable[Symbol.dispose]();
      continue;
    }
    const n = Math.min(left, permitted, 65536);
    const start = (total - left) % PATTERN.length;
    stream.write(block.subarray(start, start + n));
    left -= n;
  }
  stream.blockingFlush();
  stream[Symbol.dispose]();
  OutgoingBody.finish(body, undefined);
}

function chunksSummary(request, responseOut) {
  let total = 0;
  let sum = 0;
  readBody(request, (chunk) => {
    total += chunk.length;
    for (let i = 0; i < chunk.length; i++) sum = (sum + chunk[i]) >>> 0;
  });
  respond(responseOut, 200, [['content-type', 'text/plain']],
    [encoder.encode(`bytes=${total} sum=${sum}\n`)]);
}

function trailers(responseOut) {
  const t = Fields.fromList([['x-trailer', encoder.encode('done')]]);
  respond(responseOut, 200, [['content-type', 'text/plain']], [encoder.encode('ok')], t);
}

function outbound(responseOut, target) {
  let status, chunks = [];
  try {
    const url = new URL(target);
    const req = new OutgoingRequest(new Fields());
    req.setMethod({ tag: 'get' });
    req.setScheme({ tag: url.protocol === 'https:' ? 'HTTPS' : 'HTTP' });
    req.setAuthority(url.host);
    req.setPathWithQuery(url.pathname + url.search);
    OutgoingBody.finish(req.body(), undefined);
    const future = outgoingHandle(req, undefined); // throws the error-code on err
    const pollable = future.subscribe();
    pollable.block();
    pollable[Symbol.dispose]();
    // get: option<result<result<incoming-response, error-code>, _>>
    const outer = future.get();
    if (outer.tag === 'err') throw new Error('future already consumed');
    if (outer.val.tag === 'err') throw { payload: outer.val.val };
    const upstream = outer.val.val;
    status = upstream.status();
    readBody(upstream, (chunk) => chunks.push(chunk));
    upstream[Symbol.dispose]();
    future[Symbol.dispose]();
  } catch (e) {
    status = 502;
    const tag = e && e.payload && e.payload.tag ? e.payload.tag : String(e);
    chunks = [encoder.encode(tag)];
  }
  respond(responseOut, status, [['content-type', 'text/plain']], chunks);
}

function env(responseOut) {
  const lines = getEnvironment().map(([k, v]) => `${k}=${v}\n`).sort();
  respond(responseOut, 200, [['content-type', 'text/plain']], [encoder.encode(lines.join(''))]);
}

export const incomingHandler = {
  handle(request, responseOut) {
    const pathWithQuery = request.pathWithQuery() ?? '/';
    const q = pathWithQuery.indexOf('?');
    const path = q < 0 ? pathWithQuery : pathWithQuery.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : pathWithQuery.slice(q + 1));
    let m;
    if ((m = /^\/status\/(\d+)$/.exec(path))) {
      respond(responseOut, Number(m[1]), [['x-custom', 'yes']], []);
    } else if ((m = /^\/large\/(\d+)$/.exec(path))) {
      large(responseOut, Number(m[1]));
    } else if (path === '/chunks') {
      chunksSummary(request, responseOut);
    } else if (path === '/trailers') {
      trailers(responseOut);
    } else if (path === '/outbound') {
      outbound(responseOut, query.get('url') ?? '');
    } else if (path === '/trap') {
      globalThis.noSuchFunction(); // TypeError, never caught
    } else if (path === '/loop') {
      for (;;) {}
    } else if (path === '/alloc') {
      const hog = [];
      for (;;) hog.push(new Array(1 << 20).fill(hog.length));
    } else if (path === '/env') {
      env(responseOut);
    } else {
      echo(request, responseOut);
    }
  },
};
