import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import YAML from 'yaml';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { packageRoot } from '../paths.js';
import { SIDECAR_VERSION } from '../version.js';
import type { RouteHandler } from './http.js';

/**
 * The Stash plugin source: `/plugin/index.yml` (Settings > Plugins > Available Plugins > Add Source) and the zipped
 * plugin it points at. The manifest in the zip is made for this sidecar: `ui.csp.connect-src` is its public address,
 * `version` is its version, and the bundle starts with the default sidecar address; so a user installs with no YAML
 * edit, and an updated sidecar offers its matching plugin (Stash sees an update by the source's `date`: the bundle's
 * build date).
 */
export const PLUGIN_ID = 'stash-face';
export const INDEX_PATH = '/plugin/index.yml';
export const ZIP_PATH = `/plugin/${PLUGIN_ID}.zip`;

export interface PluginFiles {
  /** plugin/dist: stash-face.js, stash-face.css, build.json (npm run build-plugin) */
  distDir: string;
  /** plugin/stash-face.yml, the manifest template */
  manifestPath: string;
}

export interface PluginPackage {
  publicUrl: string;
  version: string;
  date: string;
  manifest: Record<string, unknown>;
  zip: Uint8Array;
  sha256: string;
  indexYml: string;
}

export function defaultPluginFiles(): PluginFiles {
  const root = packageRoot();
  return { distDir: join(root, 'plugin', 'dist'), manifestPath: join(root, 'plugin', `${PLUGIN_ID}.yml`) };
}

export class PluginNotBuiltError extends Error {}

/** Why the plugin source cannot be served (for `health`), or undefined when the bundle is there. */
export function pluginSourceProblem(files: PluginFiles = defaultPluginFiles()): string | undefined {
  const missing = [`${PLUGIN_ID}.js`, `${PLUGIN_ID}.css`, 'build.json'].filter((f) => !existsSync(join(files.distDir, f)));
  if (missing.length === 0) return undefined;
  return `The Stash plugin is not built (${files.distDir} lacks ${missing.join(', ')}): ${INDEX_PATH} answers 503. Run "npm run build-plugin" (npm install does it when its dev dependencies are installed).`;
}

/** Builds the index and zip for one public address. Deterministic: the same inputs give the same bytes and sha256. */
export function buildPluginPackage(publicUrl: string, files: PluginFiles = defaultPluginFiles(), version = SIDECAR_VERSION): PluginPackage {
  const jsPath = join(files.distDir, `${PLUGIN_ID}.js`);
  const cssPath = join(files.distDir, `${PLUGIN_ID}.css`);
  const buildPath = join(files.distDir, 'build.json');
  const problem = pluginSourceProblem(files);
  if (problem) throw new PluginNotBuiltError(problem);
  const build = JSON.parse(readFileSync(buildPath, 'utf8')) as { date: string };
  const manifest = YAML.parse(readFileSync(files.manifestPath, 'utf8')) as Record<string, unknown> & { ui: Record<string, unknown> };
  manifest.version = version;
  manifest.url = `${publicUrl}/graphql`;
  // A CSP source with a path matches that path only: the origin covers a sidecar under a reverse-proxy prefix.
  manifest.ui = { ...manifest.ui, csp: { ...(manifest.ui.csp as object), 'connect-src': [new URL(publicUrl).origin] } };
  const defaults = { sidecarUrl: publicUrl, version };
  const js = `window.StashFaceDefaults=${JSON.stringify(defaults)};\n${readFileSync(jsPath, 'utf8')}`;
  const mtime = new Date(`${build.date.replace(' ', 'T')}Z`);
  const file = (text: string) => [new TextEncoder().encode(text), { mtime }] as [Uint8Array, { mtime: Date }];
  const zip = zipSync({
    [`${PLUGIN_ID}.yml`]: file(`# Made by the stash-face sidecar ${version} for ${publicUrl}\n${YAML.stringify(manifest, { lineWidth: 0 })}`),
    [`${PLUGIN_ID}.js`]: file(js),
    [`${PLUGIN_ID}.css`]: file(readFileSync(cssPath, 'utf8')),
  });
  const sha256 = createHash('sha256').update(zip).digest('hex');
  const index = [
    {
      id: PLUGIN_ID,
      name: String(manifest.name ?? 'Stash Face'),
      metadata: { description: String(manifest.description ?? '') },
      version,
      date: build.date,
      requires: [],
      path: `${PLUGIN_ID}.zip`,
      sha256,
    },
  ];
  return { publicUrl, version, date: build.date, manifest, zip, sha256, indexYml: YAML.stringify(index) };
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** PUBLIC_URL, else the address the request came to (Stash's view of the sidecar: `health` warns about that). */
export function publicUrlFor(config: Pick<Config, 'publicUrl'>, req: IncomingMessage): string | null {
  if (config.publicUrl) return config.publicUrl;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim();
  const host = first(req.headers['x-forwarded-host']) ?? first(req.headers.host);
  const proto = first(req.headers['x-forwarded-proto']) === 'https' ? 'https' : 'http';
  return host && HOST.test(host) ? `${proto}://${host}` : null;
}

export function pluginSourceRoute(config: Pick<Config, 'publicUrl'>, log?: Logger, files: PluginFiles = defaultPluginFiles()): RouteHandler {
  const cache = new Map<string, { key: string; pkg: PluginPackage }>();
  const packageFor = (publicUrl: string) => {
    // rebuilt when the bundle is rebuilt (npm run build-plugin while the sidecar runs)
    const key = String(statSync(join(files.distDir, 'build.json'), { throwIfNoEntry: false })?.mtimeMs ?? 0);
    const hit = cache.get(publicUrl);
    if (hit && hit.key === key) return hit.pkg;
    const pkg = buildPluginPackage(publicUrl, files);
    cache.set(publicUrl, { key, pkg });
    return pkg;
  };
  return (req, res, url) => {
    if (url.pathname !== INDEX_PATH && url.pathname !== ZIP_PATH) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return true;
    }
    const publicUrl = publicUrlFor(config, req);
    if (!publicUrl) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad Host header; set PUBLIC_URL.\n');
      return true;
    }
    let pkg: PluginPackage;
    try {
      pkg = packageFor(publicUrl);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      log?.error('plugin source unavailable', { error: message });
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
      return true;
    }
    const body = url.pathname === INDEX_PATH ? Buffer.from(pkg.indexYml) : Buffer.from(pkg.zip);
    res.writeHead(200, {
      'Content-Type': url.pathname === INDEX_PATH ? 'text/yaml; charset=utf-8' : 'application/zip',
      'Content-Length': body.length,
      'Cache-Control': 'no-cache',
      ...(url.pathname === ZIP_PATH ? { 'Content-Disposition': `attachment; filename="${PLUGIN_ID}.zip"` } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  };
}
