import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { buildPlugin } from '../plugin/build.mjs';
import { buildPluginPackage, defaultPluginFiles, INDEX_PATH, pluginSourceRoute, ZIP_PATH, type PluginFiles } from '../src/server/plugin-source.js';
import { SIDECAR_VERSION } from '../src/version.js';
import { sourceEntryProblems, stashManifestProblems } from './e2e/stash-manifest.js';

/** The plugin source route alone, on a bare HTTP server (the e2e test serves it from the real sidecar). */
async function serve(publicUrl: string | undefined, files?: PluginFiles): Promise<{ url: string; server: Server }> {
  const route = pluginSourceRoute({ publicUrl }, undefined, files);
  const server = createServer(async (req, res) => {
    if (!(await route(req, res, new URL(req.url ?? '/', 'http://x')))) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('plugin bundle and Stash plugin source', () => {
  const servers: Server[] = [];
  let info: Awaited<ReturnType<typeof buildPlugin>>;

  beforeAll(async () => {
    info = await buildPlugin();
  });
  afterAll(() => servers.forEach((s) => s.close()));

  it('bundles one IIFE without React, Apollo or react-bootstrap, within the size goal (150 KB)', () => {
    const js = readFileSync(join(defaultPluginFiles().distDir, 'stash-face.js'), 'utf8');
    console.log(`plugin bundle: ${(info.bytes.js / 1024).toFixed(1)} KB js + ${(info.bytes.css / 1024).toFixed(1)} KB css`);
    expect(info.bytes.js).toBeLessThanOrEqual(150 * 1024);
    expect(js.startsWith('"use strict";(()=>{') || js.startsWith('(()=>{')).toBe(true);
    expect(js).not.toMatch(/\bimport\s*[{(*]|\bexport\s*{/); // a classic script, not a module
    expect(js).not.toContain('react.production');
    expect(js).not.toContain('ApolloClient.prototype');
    expect(js).toContain('PluginApi');
    expect(info.date).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });

  it('keeps the checked-in manifest valid for Stash (no key its strict decoder rejects)', () => {
    const manifest = YAML.parse(readFileSync(defaultPluginFiles().manifestPath, 'utf8'));
    expect(stashManifestProblems(manifest)).toEqual([]);
    expect(Object.keys(manifest.settings).sort()).toEqual(['framesMode', 'maxResults', 'minConfidence', 'sidecarUrl']);
    expect(manifest.settings.minConfidence.type).toBe('NUMBER');
  });

  it('serves index.yml as Stash expects, and the zip it names with a matching sha256 and a manifest for PUBLIC_URL', async () => {
    const publicUrl = 'http://192.168.1.10:8000';
    const { url, server } = await serve(publicUrl);
    servers.push(server);
    const indexRes = await fetch(`${url}${INDEX_PATH}`);
    expect(indexRes.status).toBe(200);
    expect(indexRes.headers.get('content-type')).toMatch(/yaml/);
    const index = YAML.parse(await indexRes.text());
    expect(Array.isArray(index)).toBe(true);
    expect(index).toHaveLength(1);
    const [entry] = index;
    expect(sourceEntryProblems(entry)).toEqual([]);
    expect(entry).toMatchObject({ id: 'stash-face', name: 'Stash Face', version: SIDECAR_VERSION, date: info.date, requires: [] });
    expect(entry.metadata.description).toMatch(/faces/);

    // Stash resolves `path` against the index URL
    const zipUrl = new URL(entry.path, `${url}${INDEX_PATH}`).toString();
    expect(zipUrl).toBe(`${url}${ZIP_PATH}`);
    const zipRes = await fetch(zipUrl);
    expect(zipRes.status).toBe(200);
    const zip = new Uint8Array(await zipRes.arrayBuffer());
    expect(createHash('sha256').update(zip).digest('hex')).toBe(entry.sha256);

    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['stash-face.css', 'stash-face.js', 'stash-face.yml']);
    const manifest = YAML.parse(strFromU8(files['stash-face.yml']));
    expect(stashManifestProblems(manifest)).toEqual([]);
    expect(manifest.version).toBe(SIDECAR_VERSION);
    expect(manifest.ui.csp['connect-src']).toEqual([publicUrl]);
    expect(manifest.ui.javascript).toEqual(['stash-face.js']);
    expect(manifest.ui.css).toEqual(['stash-face.css']);
    const js = strFromU8(files['stash-face.js']);
    expect(js.split('\n')[0]).toBe(`window.StashFaceDefaults=${JSON.stringify({ sidecarUrl: publicUrl, version: SIDECAR_VERSION })};`);

    // the same bytes every time: Stash compares the sha256 of what it downloads with the index
    const again = new Uint8Array(await (await fetch(zipUrl)).arrayBuffer());
    expect(Buffer.from(again).equals(Buffer.from(zip))).toBe(true);
  });

  it('without PUBLIC_URL names the address the request came to (and https behind a proxy)', async () => {
    const { url, server } = await serve(undefined);
    servers.push(server);
    const zip = async (headers: Record<string, string>) => {
      const index = YAML.parse(await (await fetch(`${url}${INDEX_PATH}`, { headers })).text());
      const bytes = new Uint8Array(await (await fetch(`${url}${ZIP_PATH}`, { headers })).arrayBuffer());
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(index[0].sha256);
      return YAML.parse(strFromU8(unzipSync(bytes)['stash-face.yml']));
    };
    expect((await zip({})).ui.csp['connect-src']).toEqual([url]);
    expect((await zip({ 'X-Forwarded-Host': 'faces.example.org', 'X-Forwarded-Proto': 'https' })).ui.csp['connect-src']).toEqual(['https://faces.example.org']);
  });

  it('refuses a Host header that could inject into the manifest', async () => {
    const { url, server } = await serve(undefined);
    servers.push(server);
    const port = new URL(url).port;
    const res = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: INDEX_PATH, headers: { Host: 'evil.example" x: [' } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(res).toBe(400);
  });

  it('changes date and sha256 when the plugin is rebuilt (how Stash sees an update), and says so when it is not built', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plugin-dist-'));
    const files = { ...defaultPluginFiles(), distDir: dir };
    await buildPlugin({ outDir: dir, date: new Date('2030-01-02T03:04:05Z') });
    const a = buildPluginPackage('http://h:8000', files, '9.9.9');
    expect(a.date).toBe('2030-01-02 03:04:05');
    expect(YAML.parse(a.indexYml)[0].version).toBe('9.9.9');
    await buildPlugin({ outDir: dir, date: new Date('2030-02-02T03:04:05Z') });
    const b = buildPluginPackage('http://h:8000', files, '9.9.9');
    expect(b.date).toBe('2030-02-02 03:04:05');
    expect(b.sha256).not.toBe(a.sha256);

    const { url, server } = await serve('http://h:8000', { ...files, distDir: join(dir, 'missing') });
    servers.push(server);
    const res = await fetch(`${url}${INDEX_PATH}`);
    expect(res.status).toBe(503);
    expect(await res.text()).toMatch(/npm run build-plugin/);
  });
});
