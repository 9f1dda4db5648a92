#!/usr/bin/env node
// Bundles the Stash UI plugin into one IIFE (React, Apollo, react-bootstrap come from window.PluginApi) and its CSS:
//   plugin/dist/stash-face.js, plugin/dist/stash-face.css, plugin/dist/build.json ({version, date, bytes})
// The sidecar serves these, with a manifest made for its own address, as a Stash plugin source (/plugin/index.yml).
// SOURCE_DATE_EPOCH (seconds) fixes the build date for reproducible builds; the date is what tells Stash an update is there.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const HERE = dirname(fileURLToPath(import.meta.url));

/** "YYYY-MM-DD HH:MM:SS" in UTC, the date format of Stash plugin sources. */
export function stashDate(date) {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export async function buildPlugin({ outDir = join(HERE, 'dist'), minify = true, date } = {}) {
  mkdirSync(outDir, { recursive: true });
  const js = await esbuild.build({
    entryPoints: [join(HERE, 'src', 'index.tsx')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify,
    legalComments: 'none',
    jsx: 'transform',
    jsxFactory: 'React.createElement',
    jsxFragment: 'React.Fragment',
    alias: { react: join(HERE, 'src', 'shims', 'react.ts') },
    tsconfig: join(HERE, 'tsconfig.json'),
    // The sidecar's GraphQL documents as text: the progressive answer is sent over server-sent events, not Apollo.
    loader: { '.graphql': 'text' },
    write: false,
    logLevel: 'warning',
    metafile: true,
  });
  const css = await esbuild.build({
    entryPoints: [join(HERE, 'src', 'stash-face.css')],
    bundle: true,
    minify,
    write: false,
    logLevel: 'warning',
  });
  const jsText = js.outputFiles[0].text;
  const cssText = css.outputFiles[0].text;
  const external = Object.keys(js.metafile.inputs).filter((f) => f.includes('node_modules'));
  if (external.some((f) => !f.includes('@graphql-typed-document-node'))) {
    throw new Error(`the plugin bundle must not include libraries the Stash UI already has: ${external.join(', ')}`);
  }
  const { version } = JSON.parse(readFileSync(join(HERE, '..', 'package.json'), 'utf8'));
  const when = date ?? (process.env.SOURCE_DATE_EPOCH ? new Date(Number(process.env.SOURCE_DATE_EPOCH) * 1000) : new Date());
  const info = { version, date: stashDate(when), bytes: { js: Buffer.byteLength(jsText), css: Buffer.byteLength(cssText) } };
  writeFileSync(join(outDir, 'stash-face.js'), jsText);
  writeFileSync(join(outDir, 'stash-face.css'), cssText);
  writeFileSync(join(outDir, 'build.json'), `${JSON.stringify(info, null, 2)}\n`);
  return info;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const info = await buildPlugin();
  console.log(`plugin/dist: stash-face.js ${(info.bytes.js / 1024).toFixed(1)} KB, stash-face.css ${(info.bytes.css / 1024).toFixed(1)} KB (version ${info.version}, date ${info.date})`);
}
