#!/usr/bin/env node
// The stash-face command: `stash-face [serve] | install-database <url|file> | fetch-model <id> | healthcheck`.
// Runs the compiled code (dist/, as in the container and after `npm run build`) or, in a checkout without a build,
// the TypeScript sources through tsx.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/distribution/cli.js', import.meta.url);
let cli;
if (existsSync(compiled)) {
  cli = await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(new URL('../src/distribution/cli.ts', import.meta.url).href);
}
const code = await cli.main(process.argv.slice(2));
// serve returns -1 and keeps the process alive; everything else exits with its code.
if (code >= 0) process.exit(code);
