#!/usr/bin/env node
// The stash-face command: `stash-face [serve] | install-database <url|file> | fetch-model <id> | healthcheck | build-db`.
// In a checkout it runs the TypeScript sources through tsx (so a stale dist/ never runs); where there are no sources
// (the container image) it runs the compiled dist/.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli.ts', import.meta.url);
const compiled = new URL('../dist/src/cli.js', import.meta.url);
let cli;
if (existsSync(source) && process.env.STASH_FACE_COMPILED !== '1') {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(source.href);
} else {
  cli = await import(compiled.href);
}
const code = await cli.main(process.argv.slice(2));
// serve returns -1 and keeps the process alive; everything else exits with its code.
if (code >= 0) process.exit(code);
