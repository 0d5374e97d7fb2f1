// Paired rounds on a noisy machine: keeps one process per engine alive (V8 through crunch.mjs,
// Chicory unmetered and metered through ComputeRuns) and asks each in turn for a short batch of
// runs, rotating the order every round, so that the batches compared with each other ran within
// about a second of each other, under the same load. Per round: each engine's median; the ratios
// Chicory / V8 of those medians; at the end the median of the per-round ratios.
//   node bench/v8/paired.mjs <java> <benchmarks.jar> <examples dir> <program?query> [rounds] [warm-up s] [memories]
// Chicory runs on the engine's memory (paged, copy-on-write); [memories], a comma-separated list of
// bytebuffer (Chicory's default) and bytearray (its flat memory), adds two Chicory processes for each
// in the same rounds, and their per-round ratio to the paged memory.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const [java, jar, examples, program, roundsArg, warmupArg, extra] = process.argv.slice(2);
const others = extra ? extra.split(',') : [];
const rounds = Number(roundsArg ?? 60);
const warmupSeconds = Number(warmupArg ?? 8);
const batchMs = 300; // the length of one engine's batch
const [wasm, query] = program.split('?');

function engine(name, command, args) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => (await lines.next()).value;
  return {
    name, child, output: '', perRun: 10,
    async ready() { // the program's output, up to "ready"
      for (let line; (line = await next()) !== 'ready';) {
        if (line === undefined) throw new Error(`${name} ended before it was ready`);
        this.output += line + '\n';
      }
    },
    async batch(runs) {
      child.stdin.write(`${runs}\n`);
      return (await next()).split(' ').map(Number);
    },
  };
}

const chicory = (mode, memory = 'paged') => engine(`chicory ${mode}${memory === 'paged' ? '' : ` ${memory}`}`, java,
  [`-Dwasmhive.examples=${examples}`, '-cp', jar, 'io.wasmhive.bench.ComputeRuns', program, mode, 'serve', '0', memory]);
const engines = [
  engine('v8', 'node', ['--no-warnings', '--no-turbo-fast-api-calls', new URL('crunch.mjs', import.meta.url).pathname,
    `${examples}/${wasm}`, query, 'serve']),
  chicory('unmetered'),
  chicory('metered'),
  ...others.flatMap((memory) => [chicory('unmetered', memory), chicory('metered', memory)]),
];
for (const e of engines) await e.ready();
for (const e of engines.slice(1)) {
  if (e.output !== engines[0].output) throw new Error(`${e.name} printed\n${e.output}but v8 printed\n${engines[0].output}`);
}
process.stdout.write(`all three print: ${engines[0].output.trim().split('\n').at(-1)}\n`);

// Warm-up, one engine after the other; it also sizes each engine's batch to about batchMs.
for (const e of engines) {
  const end = performance.now() + warmupSeconds * 1000;
  let times = [];
  while (performance.now() < end) times = await e.batch(5);
  e.perRun = Math.max(3, Math.round(batchMs / median(times)));
}

const all = new Map(engines.map((e) => [e.name, []]));
const ratios = new Map(engines.slice(1).map((e) => [e.name, []])); // each Chicory engine / v8, per round
const width = (e) => Math.max(18, e.name.length + 2);
console.log('round  ' + engines.map((e) => e.name.padStart(width(e))).join('') + '   unmetered/v8  metered/v8');
for (let round = 1; round <= rounds; round++) {
  const medians = {};
  for (let k = 0; k < engines.length; k++) {
    const e = engines[(round + k) % engines.length];
    const times = await e.batch(e.perRun);
    all.get(e.name).push(...times);
    medians[e.name] = median(times);
  }
  for (const [name, r] of ratios) r.push(medians[name] / medians.v8);
  if (round % 10 === 0 || round === rounds) {
    console.log(String(round).padEnd(7) + engines.map((e) => `${medians[e.name].toFixed(2)} ms`.padStart(width(e))).join('')
      + ratios.get('chicory unmetered').at(-1).toFixed(2).padStart(15) + ratios.get('chicory metered').at(-1).toFixed(2).padStart(12));
  }
}
for (const e of engines) e.child.stdin.end();

console.log(`\nall runs of ${rounds} rounds (batches of ${engines.map((e) => `${e.perRun} ${e.name}`).join(', ')})`);
for (const e of engines) {
  const t = all.get(e.name);
  console.log(`${e.name.padEnd(28)} median ${median(t).toFixed(2)} ms  p10 ${quantile(t, 0.1).toFixed(2)}  p90 ${quantile(t, 0.9).toFixed(2)}  (${t.length} runs)`);
}
for (const [name, r] of ratios) {
  console.log(`${name.replace('chicory ', '')}/v8 per round: median ${median(r).toFixed(2)}  p10 ${quantile(r, 0.1).toFixed(2)}  p90 ${quantile(r, 0.9).toFixed(2)}`);
}
for (const memory of others) {
  for (const mode of ['unmetered', 'metered']) {
    const r = ratios.get(`chicory ${mode} ${memory}`).map((x, i) => x / ratios.get(`chicory ${mode}`)[i]);
    console.log(`${mode}: ${memory}/paged per round: median ${median(r).toFixed(2)}  p10 ${quantile(r, 0.1).toFixed(2)}  p90 ${quantile(r, 0.9).toFixed(2)}`);
  }
}
const m = (name) => median(all.get(name));
console.log(`ratio of all-run medians: unmetered/v8 ${(m('chicory unmetered') / m('v8')).toFixed(2)}, metered/v8 ${(m('chicory metered') / m('v8')).toFixed(2)}, metered/unmetered ${(m('chicory metered') / m('chicory unmetered')).toFixed(2)}`);

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
function median(values) {
  return quantile(values, 0.5);
}
