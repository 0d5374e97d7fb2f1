// Filters `jco print` output of a component down to its component-level structure: every core
// module body is replaced by a one-line summary (its imports and exports are in IMPORTS.txt).
// Usage: node structure.mjs <printed.wat>   (writes to stdout)
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const lines = createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity });
let indent = null; // indentation of the core module being elided
let n = 0, imports = 0, exports = 0, funcs = 0;
const out = [];
for await (const line of lines) {
  if (indent === null) {
    out.push(line);
    const m = /^(\s*)\(core module /.exec(line);
    if (m) { indent = m[1]; n = imports = exports = funcs = 0; }
    continue;
  }
  if (line === indent + ')') {
    out.push(`${indent}  ;; [body elided: ${n} lines, ${imports} imports, ${exports} exports, ${funcs} funcs; see IMPORTS.txt]`);
    out.push(line);
    indent = null;
    continue;
  }
  n++;
  if (line.startsWith(indent + '  (import')) imports++;
  else if (line.startsWith(indent + '  (export')) exports++;
  else if (line.startsWith(indent + '  (func')) funcs++;
}
process.stdout.write(out.join('\n') + '\n');
