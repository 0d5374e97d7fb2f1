// The V8 side of bench/v8-compare.sh: runs a WASI preview1 program with node:wasi the way
// FuelOverheadBenchmark runs it on Chicory: the module is compiled once, every run gets a fresh
// WASI context and a fresh instance, QUERY_STRING carries the input.
//   node --no-warnings --no-turbo-fast-api-calls bench/v8/crunch.mjs <program.wasm> <query> [warm-up seconds] [measured runs]
// Prints the program's output (from one untimed run), then median/p10/p90 ms per run. With "serve"
// instead of the warm-up seconds it reads a number N per line of standard input and answers each
// with the times of N runs in ms on one line (bench/v8/paired.mjs drives it).
// --no-turbo-fast-api-calls: without it Node 20 crashes (SIGSEGV/abort) after a few thousand WASI
// instances: WASI's fast API calls may start a GC mid-call (nodejs/node#46777, #53087). Only the
// handful of WASI calls per run take the slower path; the guest's own code is unaffected.
import { readFileSync, openSync, closeSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { WASI } from 'node:wasi';

const [wasmPath, query, warmupArg, runsArg] = process.argv.slice(2);
if (!wasmPath || query === undefined) {
  console.error('usage: crunch.mjs <program.wasm> <query> [warm-up seconds] [measured runs]');
  process.exit(2);
}
const warmupSeconds = Number(warmupArg ?? 8);
const runs = Number(runsArg ?? 300);

const module = new WebAssembly.Module(readFileSync(wasmPath)); // compiled once, like ours

function runOnce(stdoutFd) {
  const wasi = new WASI({ version: 'preview1', args: ['crunch'], env: { QUERY_STRING: query }, stdout: stdoutFd, returnOnExit: true });
  const instance = new WebAssembly.Instance(module, wasi.getImportObject());
  return wasi.start(instance); // exit code
}

// One untimed run into a file, to compare the output with Chicory's.
const dir = mkdtempSync(join(tmpdir(), 'crunch-'));
const file = join(dir, 'stdout');
let fd = openSync(file, 'w');
const exitCode = runOnce(fd);
closeSync(fd);
process.stdout.write(readFileSync(file, 'utf8'));
rmSync(dir, { recursive: true });
if (exitCode !== 0) {
  console.error(`exit code ${exitCode}`);
  process.exit(1);
}

// The timed runs write to /dev/null (Chicory's side writes into a ByteArrayOutputStream).
fd = openSync('/dev/null', 'w');
if (warmupArg === 'serve') {
  console.log('ready');
  for await (const line of createInterface({ input: process.stdin })) {
    const times = [];
    for (let i = 0; i < Number(line); i++) {
      const start = performance.now();
      runOnce(fd);
      times.push(performance.now() - start);
    }
    console.log(times.join(' '));
  }
  process.exit(0);
}
const warmupEnd = performance.now() + warmupSeconds * 1000;
let warmupRuns = 0;
while (performance.now() < warmupEnd) {
  runOnce(fd);
  warmupRuns++;
}
const times = new Float64Array(runs);
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  runOnce(fd);
  times[i] = performance.now() - start;
}
closeSync(fd);
times.sort();
const at = (q) => times[Math.min(runs - 1, Math.floor(q * runs))];
const mean = times.reduce((a, b) => a + b, 0) / runs;
console.log(`v8 ${process.version}: ${warmupRuns} warm-up runs, ${runs} measured runs`);
console.log(`v8 ms/run median ${at(0.5).toFixed(3)} p10 ${at(0.1).toFixed(3)} p90 ${at(0.9).toFixed(3)} mean ${mean.toFixed(3)}`);
