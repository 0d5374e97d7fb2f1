// Lists the core modules inside a component binary: size, imports with their flattened core
// signatures, exports, memories and tables. Reads the binary directly (no external tools).
// Usage: node core-modules.mjs <component.wasm>
import { readFileSync } from 'node:fs';

const VALTYPES = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

class Reader {
  constructor(buf, pos = 0, end = buf.length) { this.buf = buf; this.pos = pos; this.end = end; }
  byte() { return this.buf[this.pos++]; }
  u32() {
    let result = 0, shift = 0, b;
    do { b = this.byte(); result |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    return result >>> 0;
  }
  name() { const n = this.u32(); const s = this.buf.toString('utf8', this.pos, this.pos + n); this.pos += n; return s; }
  bytes(n) { const b = this.buf.subarray(this.pos, this.pos + n); this.pos += n; return b; }
  done() { return this.pos >= this.end; }
  valtype() { const b = this.byte(); const t = VALTYPES[b]; if (!t) throw new Error(`valtype 0x${b.toString(16)}`); return t; }
  limits() {
    const flags = this.byte();
    const is64 = flags & 0x04;
    const min = is64 ? this.u64() : this.u32();
    const max = flags & 0x01 ? (is64 ? this.u64() : this.u32()) : undefined;
    return `${min}${max !== undefined ? ' ' + max : ''}${flags & 0x02 ? ' shared' : ''}${is64 ? ' i64' : ''}`;
  }
  u64() { let r = 0n, s = 0n, b; do { b = this.byte(); r |= BigInt(b & 0x7f) << s; s += 7n; } while (b & 0x80); return r; }
}

function sig(t) {
  const p = t.params.length ? ` (param ${t.params.join(' ')})` : '';
  const r = t.results.length ? ` (result ${t.results.join(' ')})` : '';
  return `(func${p}${r})`;
}

function parseCoreModule(buf) {
  const r = new Reader(buf, 8);
  const types = [], imports = [], exports = [], funcTypes = [], memories = [], tables = [], customs = [];
  let importedFuncs = 0, codeBytes = 0, dataBytes = 0;
  while (!r.done()) {
    const id = r.byte();
    const size = r.u32();
    const s = new Reader(buf, r.pos, r.pos + size);
    r.pos += size;
    if (id === 0) { customs.push(`${s.name()} (${size} B)`); }
    else if (id === 1) {
      for (let n = s.u32(); n > 0; n--) {
        const form = s.byte();
        if (form !== 0x60) throw new Error(`type form 0x${form.toString(16)} not supported`);
        const params = []; for (let k = s.u32(); k > 0; k--) params.push(s.valtype());
        const results = []; for (let k = s.u32(); k > 0; k--) results.push(s.valtype());
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let n = s.u32(); n > 0; n--) {
        const module = s.name(), field = s.name(), kind = s.byte();
        let desc;
        if (kind === 0) { const t = s.u32(); desc = sig(types[t]); funcTypes.push(t); importedFuncs++; }
        else if (kind === 1) { const rt = s.valtype(); desc = `(table ${s.limits()} ${rt})`; tables.push(`imported ${module}.${field}`); }
        else if (kind === 2) { desc = `(memory ${s.limits()})`; memories.push(`imported ${module}.${field}`); }
        else if (kind === 3) { const vt = s.valtype(); desc = s.byte() ? `(global (mut ${vt}))` : `(global ${vt})`; }
        else throw new Error(`import kind ${kind}`);
        imports.push({ module, field, desc });
      }
    } else if (id === 3) { for (let n = s.u32(); n > 0; n--) funcTypes.push(s.u32()); }
    else if (id === 4) { for (let n = s.u32(); n > 0; n--) { const rt = s.valtype(); tables.push(`(table ${s.limits()} ${rt})`); } }
    else if (id === 5) { for (let n = s.u32(); n > 0; n--) memories.push(`(memory ${s.limits()})`); }
    else if (id === 7) {
      for (let n = s.u32(); n > 0; n--) {
        const name = s.name(), kind = s.byte(), idx = s.u32();
        const desc = kind === 0 ? sig(types[funcTypes[idx]]) : ['func', 'table', 'memory', 'global', 'tag'][kind] + ` ${idx}`;
        exports.push({ name, desc });
      }
    } else if (id === 10) { codeBytes = size; }
    else if (id === 11) { dataBytes = size; }
  }
  return { types, imports, exports, definedFuncs: funcTypes.length - importedFuncs, importedFuncs, memories, tables, codeBytes, dataBytes, customs };
}

// Walks a component (and nested components), collecting core modules in order.
function walkComponent(buf, start, end, path, out) {
  const r = new Reader(buf, start + 8, end);
  const names = new Map();
  const found = [];
  let coreModuleIndex = 0, componentIndex = 0;
  while (!r.done()) {
    const id = r.byte();
    const size = r.u32();
    const at = r.pos;
    r.pos += size;
    if (id === 1) {
      found.push({ index: coreModuleIndex++, start: at, size });
    } else if (id === 4) {
      walkComponent(buf, at, at + size, `${path}component[${componentIndex++}]/`, out);
    } else if (id === 0) {
      const s = new Reader(buf, at, at + size);
      if (s.name() !== 'component-name') continue;
      while (!s.done()) {
        const sub = s.byte(), subSize = s.u32(), subEnd = s.pos + subSize;
        if (sub === 1) {
          const sort = s.byte();
          const coreSort = sort === 0 ? s.byte() : undefined;
          if (sort === 0 && coreSort === 0x11) {
            for (let n = s.u32(); n > 0; n--) { const idx = s.u32(); names.set(idx, s.name()); }
          }
        }
        s.pos = subEnd;
      }
    }
  }
  for (const m of found) {
    out.push({ path: `${path}core module ${m.index}${names.has(m.index) ? ' $' + names.get(m.index) : ''}`,
      size: m.size, ...parseCoreModule(buf.subarray(m.start, m.start + m.size)) });
  }
}

const file = process.argv[2];
const buf = readFileSync(file);
const modules = [];
walkComponent(buf, 0, buf.length, '', modules);

const lines = [];
lines.push(`Core modules of ${file} (${buf.length} bytes), in component order`);
lines.push(`(generated by core-modules.mjs; signatures are the flattened canonical-ABI core types)`);
lines.push('');
for (const m of modules) {
  lines.push(`${m.path}: ${m.size} bytes; ${m.importedFuncs} imported + ${m.definedFuncs} defined funcs; code ${m.codeBytes} B, data ${m.dataBytes} B`);
}
for (const m of modules) {
  lines.push('', '='.repeat(100), `${m.path}  (${m.size} bytes)`, '='.repeat(100));
  lines.push(`memories: ${m.memories.join(', ') || 'none'}`);
  lines.push(`tables:   ${m.tables.join(', ') || 'none'}`);
  if (m.customs.length) lines.push(`custom sections: ${m.customs.join(', ')}`);
  lines.push(`imports (${m.imports.length}):`);
  let last;
  for (const i of m.imports) {
    if (i.module !== last) { lines.push(`  "${i.module}"`); last = i.module; }
    lines.push(`    "${i.field}" ${i.desc}`);
  }
  lines.push(`exports (${m.exports.length}):`);
  for (const e of m.exports) lines.push(`    "${e.name}" ${e.desc}`);
}
console.log(lines.join('\n'));
