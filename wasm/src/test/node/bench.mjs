// bench.mjs MODULE RUNS [ARGS...]: scripts/bench wasm's V8 side. Compiles the module once, then
// instantiates and runs it RUNS times under Node's WASI, printing each run's wall time from
// instantiation to exit, the median, and what the module printed.
import { WASI } from 'node:wasi';
import { readFileSync, openSync, readFileSync as rf, closeSync } from 'node:fs';
import { basename } from 'node:path';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [module, runsText, ...args] = process.argv.slice(2);
const t0 = performance.now();
const compiled = await WebAssembly.compile(readFileSync(module));
console.log(`load+compile: ${(performance.now() - t0).toFixed(1)} ms (v8)`);
const times = [];
let output = '';
for (let i = 0; i < Number(runsText); i++) {
  const outPath = join(tmpdir(), `honk-bench-${process.pid}.out`);
  const fd = openSync(outPath, 'w');
  const start = performance.now();
  const wasi = new WASI({ version: 'preview1', args: [basename(module), ...args], env: {}, stdout: fd, returnOnExit: true });
  const instance = await WebAssembly.instantiate(compiled, wasi.getImportObject());
  const code = wasi.start(instance);
  const ms = performance.now() - start;
  closeSync(fd);
  if (code !== 0) throw new Error(`run ${i} exited ${code}`);
  output = rf(outPath, 'utf8').trim().split('\n').join(' | ');
  times.push(ms);
  console.log(`run ${i + 1}: ${ms.toFixed(1)} ms`);
}
times.sort((a, b) => a - b);
console.log(`median: ${times[Math.floor(times.length / 2)].toFixed(1)} ms`);
console.log(`output: ${output}`);
