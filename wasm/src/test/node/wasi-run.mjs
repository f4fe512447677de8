// wasi-run.mjs MODULE DIR [ARGS...]: runs a WASI command under Node's own WASI (preview 1, V8),
// with DIR preopened as /data ('-' for none) and an empty environment; exits with its exit code.
// The peer of honk in the differential test and in scripts/bench wasm.
import { WASI } from 'node:wasi';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const [module, dir, ...args] = process.argv.slice(2);
const wasi = new WASI({
  version: 'preview1',
  args: [basename(module), ...args],
  env: {},
  preopens: dir === '-' ? {} : { '/data': dir },
  returnOnExit: true,
});
const compiled = await WebAssembly.compile(readFileSync(module));
const instance = await WebAssembly.instantiate(compiled, wasi.getImportObject());
process.exitCode = wasi.start(instance);
