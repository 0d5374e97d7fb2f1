// Records reference answers of `jco serve` for the component fixtures into <name>/answers.json.
// Usage: node record-answers.mjs [js-echo] [hello-wat]   (default: both; see record-answers.sh)
//
// Every request goes on a fresh TCP connection, written byte for byte by this script:
//   <METHOD> <path> HTTP/1.1\r\n  host: 127.0.0.1:<port>\r\n  <request.headers in order>\r\n  \r\n  <body>
// Nothing else is added: when a case has a body, its content-length (or transfer-encoding) header is
// in request.headers. The response is read until its end (content-length, chunked, or none for
// HEAD/204/304), then the connection is closed.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const JCO = join(here, 'node_modules', '.bin', 'jco');

// Headers the jco serve host (Node's http server) adds on its own; they are dropped from answers.
const SERVER_ADDED = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);
const SHORT_BODY = 4096; // bodies up to this size and valid UTF-8 are stored as text

const KiB = 1024;
const MiB = 1024 * 1024;

// ------------------------------------------------------------------------------------------ cases
// request: {method, path, headers:[[k,v]...], body (string) | bodyPattern+bodyBytes, chunkBytes?}
// chunkBytes: send the body with transfer-encoding: chunked in chunks of that size.
// note: where jco serve is known to depart from the wasi:http spec for this case.
// conforming(response): where it does, the answer a conforming host gives, derived from jco's; it is
// recorded as conformingResponse next to jco's response.
function withLength(req) {
  const n = bodyOf(req).length;
  if (req.chunkBytes) return req;
  if (req.body === undefined && req.bodyPattern === undefined) return req;
  return { ...req, headers: [...(req.headers ?? []), ['content-length', String(n)]] };
}

const NOTE_REPEATED =
  'jco serve collapses repeated response header names to the last value (Node writeHead with an ' +
  'object); a conforming host sends every x-echo-h-* line in order';
const NOTE_GROUPED =
  'jco serve hands the guest request headers grouped by name in order of first appearance ' +
  '(Node headersDistinct), not in wire order';

const jsEcho = [
  // methods
  { name: 'get-echo', request: { method: 'GET', path: '/echo' } },
  { name: 'get-root', request: { method: 'GET', path: '/' } },
  { name: 'post-echo-text', request: { method: 'POST', path: '/echo', headers: [['content-type', 'text/plain']], body: 'hello, component' } },
  { name: 'put-echo', request: { method: 'PUT', path: '/echo/item/42', body: '{"id":42}' } },
  { name: 'delete-echo', request: { method: 'DELETE', path: '/echo/item/42' } },
  { name: 'patch-echo', request: { method: 'PATCH', path: '/echo/item/42', headers: [['content-type', 'application/json']], body: '{"op":"x"}' } },
  { name: 'head-echo', request: { method: 'HEAD', path: '/echo' } },
  { name: 'options-echo', request: { method: 'OPTIONS', path: '/echo' } },
  { name: 'custom-method-purge', request: { method: 'PURGE', path: '/echo/cache' },
    note: 'jco serve lower-cases methods outside the wasi:http enum: the guest sees other("purge"), so x-echo-method is "purge"; a conforming host passes other("PURGE")',
    conforming: (r) => setHeaders(r, r.headers.map(([k, v]) => [k, k === 'x-echo-method' ? 'PURGE' : v])) },
  // paths and queries
  { name: 'path-percent-encoded', request: { method: 'GET', path: '/echo/a%20b/c%2Fd/%E2%9C%93' } },
  { name: 'path-unicode-percent-encoded', request: { method: 'GET', path: '/echo/%C3%A9t%C3%A9/%E6%97%A5%E6%9C%AC' } },
  { name: 'path-dot-segments', request: { method: 'GET', path: '/echo/./a/../b//c' } },
  { name: 'query-simple', request: { method: 'GET', path: '/echo?a=1&b=two' } },
  { name: 'query-repeated-and-encoded', request: { method: 'GET', path: '/echo?a=1&a=2&q=%E2%9C%93+x&empty=&flag' } },
  { name: 'query-empty', request: { method: 'GET', path: '/echo?' } },
  { name: 'unknown-path-defaults-to-echo', request: { method: 'GET', path: '/no/such/route?x=y' } },
  // headers
  { name: 'headers-many', request: { method: 'GET', path: '/echo',
    headers: Array.from({ length: 40 }, (_, i) => [`x-h-${String(i).padStart(2, '0')}`, `value-${i}`]) } },
  { name: 'headers-repeated', request: { method: 'GET', path: '/echo',
    headers: [['x-rep', 'one'], ['x-other', 'a'], ['x-rep', 'two'], ['x-rep', 'three']] },
    note: `${NOTE_GROUPED}; ${NOTE_REPEATED}`,
    conforming: (r) => setHeaders(r, [...r.headers.filter(([k]) => !k.startsWith('x-echo-h-')),
      ['x-echo-h-x-rep', 'one'], ['x-echo-h-x-other', 'a'], ['x-echo-h-x-rep', 'two'], ['x-echo-h-x-rep', 'three']]) },
  { name: 'headers-case-and-values', request: { method: 'GET', path: '/echo',
    headers: [['X-Mixed-Case', 'Value With Spaces'], ['x-empty', ''], ['x-commas', 'a, b, c'],
      ['x-quotes', '"quoted" \'single\''], ['accept', 'text/plain;q=0.9, */*;q=0.1']] },
    note: 'header names reach the guest lower-cased' },
  { name: 'header-value-utf8', request: { method: 'GET', path: '/echo', headers: [['x-utf8', 'caf\u00e9 \u2713']] },
    note: 'jco serve decodes request header bytes as latin1 and hands the guest the UTF-8 encoding of that (double-encoded), and writes the guest\'s value back as UTF-8 again: the recorded value is mojibake (response bytes decoded as UTF-8). A conforming host passes the bytes through',
    conforming: (r) => setHeaders(r, r.headers.map(([k, v]) => [k, k === 'x-echo-h-x-utf8' ? 'caf\u00e9 \u2713' : v])) },
  // bodies through /echo (body echoed back)
  { name: 'echo-body-0', request: { method: 'POST', path: '/echo', body: '' } },
  { name: 'echo-body-1', request: { method: 'POST', path: '/echo', body: 'x' } },
  { name: 'echo-body-1KiB', request: { method: 'POST', path: '/echo', bodyPattern: 'abc', bodyBytes: KiB } },
  { name: 'echo-body-1MiB', request: { method: 'POST', path: '/echo', bodyPattern: 'abc', bodyBytes: MiB } },
  { name: 'echo-body-10MiB', request: { method: 'PUT', path: '/echo', bodyPattern: 'abc', bodyBytes: 10 * MiB } },
  { name: 'echo-body-binary-chunked', request: { method: 'POST', path: '/echo',
    headers: [['transfer-encoding', 'chunked']], bodyPattern: '\u0000\u00ff\u0001binary', bodyBytes: 100000, chunkBytes: 7000 } },
  // /chunks: byte count and sum
  { name: 'chunks-0', request: { method: 'POST', path: '/chunks', body: '' } },
  { name: 'chunks-1', request: { method: 'POST', path: '/chunks', body: 'A' } },
  { name: 'chunks-1KiB', request: { method: 'POST', path: '/chunks', bodyPattern: 'xyz', bodyBytes: KiB } },
  { name: 'chunks-1MiB', request: { method: 'POST', path: '/chunks', bodyPattern: 'abc', bodyBytes: MiB } },
  { name: 'chunks-10MiB', request: { method: 'POST', path: '/chunks', bodyPattern: 'abc', bodyBytes: 10 * MiB } },
  { name: 'chunks-chunked-upload', request: { method: 'POST', path: '/chunks',
    headers: [['transfer-encoding', 'chunked']], bodyPattern: '0123456789', bodyBytes: 300000, chunkBytes: 65536 } },
  // guest-chosen statuses and headers
  ...[200, 201, 204, 301, 304, 400, 404, 418, 500, 503, 599].map((n) => (
    { name: `status-${n}`, request: { method: 'GET', path: `/status/${n}` } })),
  // large streamed bodies
  ...[0, 1, 4096, 65536, 65537, 1000000, 10 * MiB].map((n) => (
    { name: `large-${n}`, request: { method: 'GET', path: `/large/${n}` } })),
  { name: 'head-large', request: { method: 'HEAD', path: '/large/1000' },
    note: 'the guest writes 1000 bytes; the host sends no body for HEAD' },
  // trailers
  { name: 'trailers', request: { method: 'GET', path: '/trailers' },
    note: 'jco serve rejects trailers (OutgoingBody.finish throws internal-error "trailers unsupported"); the guest catches it, so jco sends no trailers. A conforming host sends trailer x-trailer: done after the body "ok" (chunked)',
    conforming: (r) => ({ ...r, trailers: [['x-trailer', 'done']] }) },
];

const helloWat = [
  { name: 'get-root', request: { method: 'GET', path: '/' } },
  { name: 'get-path-and-query', request: { method: 'GET', path: '/any/path?with=query', headers: [['x-ignored', '1']] } },
  { name: 'post-unread-body', request: { method: 'POST', path: '/', body: 'ignored' } },
  { name: 'put-unread-1MiB', request: { method: 'PUT', path: '/upload', bodyPattern: 'abc', bodyBytes: MiB } },
  { name: 'head-root', request: { method: 'HEAD', path: '/' } },
  { name: 'delete-root', request: { method: 'DELETE', path: '/' } },
];

const COMPONENTS = {
  'js-echo': { wasm: 'js-echo/app.wasm', cases: jsEcho },
  'hello-wat': { wasm: 'hello-wat/hello.wasm', cases: helloWat },
};

function setHeaders(response, headers) {
  return { ...response, headers };
}

// -------------------------------------------------------------------------------- request bodies
function bodyOf(req) {
  if (req.body !== undefined) return Buffer.from(req.body, 'utf8');
  if (req.bodyPattern !== undefined) {
    const pattern = Buffer.from(req.bodyPattern, 'utf8');
    const out = Buffer.alloc(req.bodyBytes);
    for (let off = 0; off < out.length; off += pattern.length) pattern.copy(out, off);
    return out;
  }
  return Buffer.alloc(0);
}

function encodeRequest(req, port) {
  let head = `${req.method} ${req.path} HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\n`;
  for (const [k, v] of req.headers ?? []) head += `${k}: ${v}\r\n`;
  const parts = [Buffer.from(head + '\r\n', 'utf8')];
  const body = bodyOf(req);
  if (req.chunkBytes) {
    for (let off = 0; off < body.length; off += req.chunkBytes) {
      const chunk = body.subarray(off, off + req.chunkBytes);
      parts.push(Buffer.from(chunk.length.toString(16) + '\r\n'), chunk, Buffer.from('\r\n'));
    }
    parts.push(Buffer.from('0\r\n\r\n'));
  } else {
    parts.push(body);
  }
  return parts;
}

// ----------------------------------------------------------------------- a minimal HTTP/1.1 client
// Parses one response incrementally. Header names/values are kept as raw bytes (Buffer).
class ResponseParser {
  constructor(isHead) {
    this.isHead = isHead;
    this.buf = Buffer.alloc(0);
    this.state = 'head';
    this.bodyParts = [];
    this.bodyLength = 0;
    this.trailers = [];
    this.done = false;
  }
  push(data) {
    this.buf = this.buf.length ? Buffer.concat([this.buf, data]) : data;
    this.step();
  }
  line() { // returns a line without CRLF, or null if incomplete
    const i = this.buf.indexOf('\r\n');
    if (i < 0) return null;
    const l = this.buf.subarray(0, i);
    this.buf = this.buf.subarray(i + 2);
    return l;
  }
  body(n) {
    const take = Math.min(n, this.buf.length);
    if (take > 0) {
      this.bodyParts.push(Buffer.from(this.buf.subarray(0, take)));
      this.bodyLength += take;
      this.buf = this.buf.subarray(take);
    }
    return take;
  }
  step() {
    for (;;) {
      if (this.state === 'head') {
        const end = this.buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const lines = this.buf.subarray(0, end).toString('latin1').split('\r\n');
        this.buf = this.buf.subarray(end + 4);
        const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0]);
        if (!m) throw new Error('bad status line: ' + lines[0]);
        this.status = Number(m[1]);
        this.reason = m[2] ?? '';
        this.headers = lines.slice(1).map(parseHeaderLine);
        if (this.status >= 100 && this.status < 200) { this.state = 'head'; continue; }
        const get = (n) => this.headers.find(([k]) => k.toString('latin1').toLowerCase() === n)?.[1]?.toString('latin1');
        const te = get('transfer-encoding');
        const cl = get('content-length');
        if (this.isHead || this.status === 204 || this.status === 304) { this.state = 'done'; }
        else if (te && /chunked/i.test(te)) { this.state = 'chunk-size'; }
        else if (cl !== undefined) { this.remaining = Number(cl); this.state = 'fixed'; }
        else { this.state = 'until-close'; }
      } else if (this.state === 'fixed') {
        this.remaining -= this.body(this.remaining);
        if (this.remaining > 0) return;
        this.state = 'done';
      } else if (this.state === 'until-close') {
        this.body(this.buf.length);
        return;
      } else if (this.state === 'chunk-size') {
        const l = this.line();
        if (l === null) return;
        this.remaining = parseInt(l.toString('latin1').split(';')[0], 16);
        this.state = this.remaining === 0 ? 'trailers' : 'chunk-data';
      } else if (this.state === 'chunk-data') {
        this.remaining -= this.body(this.remaining);
        if (this.remaining > 0) return;
        this.state = 'chunk-crlf';
      } else if (this.state === 'chunk-crlf') {
        if (this.buf.length < 2) return;
        this.buf = this.buf.subarray(2);
        this.state = 'chunk-size';
      } else if (this.state === 'trailers') {
        const l = this.line();
        if (l === null) return;
        if (l.length === 0) { this.state = 'done'; continue; }
        this.trailers.push(parseHeaderLine(l.toString('latin1')));
      } else if (this.state === 'done') {
        this.done = true;
        return;
      }
    }
  }
}

function parseHeaderLine(line) {
  const i = line.indexOf(':');
  return [Buffer.from(line.slice(0, i), 'latin1'), Buffer.from(line.slice(i + 1).trim(), 'latin1')];
}

function send(port, req, timeoutMs = 180_000) {
  return new Promise((resolve, reject) => {
    const parser = new ResponseParser(req.method === 'HEAD');
    const socket = net.connect(port, '127.0.0.1');
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('timeout')); }, timeoutMs);
    const finish = () => { clearTimeout(timer); socket.destroy(); resolve(parser); };
    socket.on('connect', () => { for (const p of encodeRequest(req, port)) socket.write(p); });
    socket.on('data', (d) => {
      try { parser.push(d); } catch (e) { clearTimeout(timer); socket.destroy(); reject(e); return; }
      if (parser.done) finish();
    });
    socket.on('end', () => {
      if (parser.state === 'until-close') { parser.done = true; }
      if (parser.done) finish();
      else { clearTimeout(timer); reject(new Error(`connection closed in state ${parser.state}`)); }
    });
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}

// ---------------------------------------------------------------------------------- recording
function utf8OrNull(buf) {
  try { return new TextDecoder('utf-8', { fatal: true }).decode(buf); } catch { return null; }
}

function describeResponse(p) {
  const body = Buffer.concat(p.bodyParts);
  const addedSeen = new Set();
  const headers = [];
  for (const [k, v] of p.headers) {
    const name = k.toString('latin1');
    if (SERVER_ADDED.has(name.toLowerCase())) { addedSeen.add(name); continue; }
    headers.push([name, utf8OrNull(v) ?? v.toString('latin1')]);
  }
  const out = { status: p.status, headers };
  const text = body.length <= SHORT_BODY ? utf8OrNull(body) : null;
  if (text !== null) out.body = text;
  else { out.bodySha256 = createHash('sha256').update(body).digest('hex'); out.bodyBytes = body.length; }
  if (p.trailers.length) out.trailers = p.trailers.map(([k, v]) => [k.toString('latin1'), utf8OrNull(v)]);
  return { out, addedSeen };
}

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitUp(port, child, deadlineMs = 120_000) {
  const start = Date.now();
  while (Date.now() - start < deadlineMs) {
    if (child.exitCode !== null) throw new Error(`jco serve exited with ${child.exitCode}`);
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.on('connect', () => { s.destroy(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('jco serve did not come up');
}

async function record(name) {
  const { wasm, cases } = COMPONENTS[name];
  const port = await freePort();
  // detached: jco serve runs in its own process group; it spawns a second node process, so the
  // whole group is killed at the end.
  const child = spawn(JCO, ['serve', '--host', '127.0.0.1', '--port', String(port), join(here, wasm)],
    { cwd: here, detached: true, stdio: ['ignore', 'inherit', 'inherit'] });
  const stop = () => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } };
  process.on('exit', stop);
  try {
    await waitUp(port, child);
    const answers = [];
    const added = new Set();
    for (const c of cases) {
      const request = withLength(c.request);
      const t0 = Date.now();
      const p = await send(port, request);
      const { out, addedSeen } = describeResponse(p);
      addedSeen.forEach((h) => added.add(h));
      const r = { method: request.method, path: request.path, headers: request.headers ?? [] };
      if (request.body !== undefined) r.body = request.body;
      if (request.bodyPattern !== undefined) Object.assign(r, { bodyPattern: request.bodyPattern, bodyBytes: request.bodyBytes });
      if (request.chunkBytes) r.chunkBytes = request.chunkBytes;
      const entry = { name: c.name, request: r, response: out };
      if (c.note) entry.note = c.note;
      if (c.conforming) entry.conformingResponse = c.conforming(out);
      answers.push(entry);
      console.error(`${name} ${c.name}: ${out.status} ${out.bodyBytes ?? Buffer.byteLength(out.body ?? '')} B in ${Date.now() - t0} ms`);
    }
    const file = join(here, name, 'answers.json');
    // one line per [name, value] pair
    const json = JSON.stringify(answers, null, 2)
      .replace(/\[\s+("(?:[^"\\]|\\.)*"),\s+("(?:[^"\\]|\\.)*")\s+\]/g, '[$1, $2]');
    writeFileSync(file, json + '\n');
    console.error(`${name}: ${answers.length} answers -> ${file}; server-added headers dropped: ${[...added].join(', ')}`);
  } finally {
    stop();
    process.off('exit', stop);
  }
}

const names = process.argv.slice(2);
for (const n of names.length ? names : Object.keys(COMPONENTS)) {
  if (!COMPONENTS[n]) throw new Error(`unknown component ${n}`);
  await record(n);
}
