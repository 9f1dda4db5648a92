import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../src/config.js';

/**
 * Static checks of the deployment files: what can be verified without Docker (the CPU image itself is built and run
 * by scripts/container-test.sh; the CUDA target cannot be built here, so its recipe is checked line by line).
 */

/** Set by the image (paths, port, ffmpeg), not by a user: no template entry needed. */
const FIXED_BY_IMAGE = new Set(['DATABASE_PATH', 'MODELS_PATH', 'PORT', 'HOST', 'FFMPEG_PATH']);
/** Read by the NVIDIA container runtime, not by the sidecar: allowed in the CUDA template only. */
const NVIDIA_RUNTIME = new Set(['NVIDIA_VISIBLE_DEVICES', 'NVIDIA_DRIVER_CAPABILITIES']);

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  text: string;
}

/** A strict little XML reader for the template: checks nesting and escaping, returns the elements. */
function readXml(xml: string): XmlElement[] {
  const out: XmlElement[] = [];
  const stack: XmlElement[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '');
  const re = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < body.length && (m = re.exec(body))) {
    at = re.lastIndex;
    if (m[5] !== undefined) {
      if (/&(?!amp;|lt;|gt;|quot;|apos;|#\d+;)/.test(m[5])) throw new Error(`unescaped & in text: ${m[5].slice(0, 60)}`);
      if (stack.length) stack[stack.length - 1].text += m[5];
      continue;
    }
    const [, closing, name, rawAttrs, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rawAttrs.matchAll(/([\w.-]+)="([^"]*)"/g)) {
      if (/&(?!amp;|lt;|gt;|quot;|apos;|#\d+;)/.test(a[2])) throw new Error(`unescaped & in ${name}@${a[1]}`);
      attrs[a[1]] = a[2];
    }
    const el = { name, attrs, text: '' };
    out.push(el);
    if (!selfClosing) stack.push(el);
  }
  if (at !== body.length) throw new Error(`XML syntax error near: ${body.slice(at, at + 80)}`);
  if (stack.length) throw new Error(`<${stack[stack.length - 1].name}> is not closed`);
  return out;
}

describe.each(['stash-face.xml', 'stash-face-cuda.xml'])('Unraid template %s', (file) => {
  const els = readXml(readFileSync(join('unraid', file), 'utf8'));
  const one = (name: string) => els.find((e) => e.name === name)?.text.trim();
  const configs = els.filter((e) => e.name === 'Config');
  const variables = configs.filter((c) => c.attrs.Type === 'Variable');
  const cuda = file.includes('cuda');

  it('has the fields Community Applications shows', () => {
    expect(els[0].name).toBe('Container');
    expect(els[0].attrs.version).toBe('2');
    for (const field of ['Name', 'Repository', 'Registry', 'Network', 'Support', 'Project', 'Overview', 'Category', 'WebUI', 'TemplateURL', 'Icon']) {
      expect(one(field), field).toBeTruthy();
    }
    expect(one('WebUI')).toBe('http://[IP]:[PORT:8000]/graphql');
    expect(one('Repository')).toMatch(cuda ? /:cuda$/ : /:latest$/);
    expect(existsSync(join('unraid', 'stash-face.png'))).toBe(true);
    for (const c of configs) {
      for (const attr of ['Name', 'Target', 'Default', 'Mode', 'Description', 'Type', 'Display', 'Required', 'Mask']) expect(c.attrs[attr], `${c.attrs.Target} ${attr}`).toBeDefined();
    }
  });

  it('maps the port and /data', () => {
    expect(configs.filter((c) => c.attrs.Type === 'Port').map((c) => [c.attrs.Target, c.attrs.Mode])).toEqual([['8000', 'tcp']]);
    expect(configs.filter((c) => c.attrs.Type === 'Path').map((c) => [c.attrs.Target, c.attrs.Mode])).toEqual([['/data', 'rw']]);
  });

  it('names only variables the sidecar reads, and every one a user sets', () => {
    for (const v of variables) {
      const known = v.attrs.Target in CONFIG_VARIABLES || (cuda && NVIDIA_RUNTIME.has(v.attrs.Target));
      expect(known, `${v.attrs.Target} is not in CONFIG_VARIABLES`).toBe(true);
    }
    const targets = variables.map((v) => v.attrs.Target);
    expect(new Set(targets).size).toBe(targets.length);
    const userSet = Object.keys(CONFIG_VARIABLES).filter((k) => !FIXED_BY_IMAGE.has(k));
    expect(userSet.filter((k) => !targets.includes(k)), 'variables missing from the template').toEqual([]);
    const byTarget = Object.fromEntries(variables.map((v) => [v.attrs.Target, v]));
    expect(byTarget.STASH_API_KEY.attrs.Mask).toBe('true');
    expect(byTarget.STASH_URL.attrs.Required).toBe('true');
    expect(byTarget.PUBLIC_URL.attrs.Required).toBe('true');
    expect(variables.filter((v) => v.attrs.Mask === 'true').map((v) => v.attrs.Target)).toEqual(['STASH_API_KEY']);
  });

  it(cuda ? 'runs with the NVIDIA runtime and refuses a CPU fallback by default' : 'needs no NVIDIA runtime', () => {
    const extra = one('ExtraParams') ?? '';
    const providers = variables.find((v) => v.attrs.Target === 'EXECUTION_PROVIDERS')!;
    if (cuda) {
      expect(extra).toContain('--runtime=nvidia');
      expect(variables.map((v) => v.attrs.Target)).toEqual(expect.arrayContaining([...NVIDIA_RUNTIME]));
      expect(providers.text).toBe('cuda');
    } else {
      expect(extra).not.toContain('nvidia');
      expect(providers.text).toBe('auto');
    }
    // Docker's stop timeout leaves room for SHUTDOWN_TIMEOUT_MS.
    const stop = Number(/--stop-timeout (\d+)/.exec(extra)?.[1]);
    const grace = Number(variables.find((v) => v.attrs.Target === 'SHUTDOWN_TIMEOUT_MS')!.text) / 1000;
    expect(stop).toBeGreaterThan(grace);
  });
});

describe('compose.yaml', () => {
  const compose = parseYaml(readFileSync('compose.yaml', 'utf8'), { merge: true }) as {
    services: Record<string, {
      image: string; build: { context: string; target?: string }; profiles?: string[]; restart: string; ports: string[]; volumes: string[];
      environment: Record<string, string>; healthcheck: { test: string[] }; stop_grace_period: string;
      deploy?: { resources: { reservations: { devices: Array<{ driver: string; capabilities: string[] }> } } };
    }>;
  };
  const cpu = compose.services['stash-face'];
  const gpu = compose.services['stash-face-gpu'];

  it('runs the CPU sidecar by default and the GPU one when named', () => {
    expect(cpu.profiles).toBeUndefined();
    expect(gpu.profiles).toEqual(['gpu']);
    expect(cpu.build.target).toBeUndefined();
    expect(gpu.build.target).toBe('cuda');
    expect(gpu.deploy!.resources.reservations.devices).toEqual([expect.objectContaining({ driver: 'nvidia', capabilities: ['gpu'] })]);
    expect(cpu.deploy).toBeUndefined();
  });

  it.each(['stash-face', 'stash-face-gpu'])('%s: volume, port, restart, health check, known variables', (name) => {
    const s = compose.services[name];
    expect(s.restart).toBe('unless-stopped');
    expect(s.ports).toEqual(['8000:8000']);
    expect(s.volumes.some((v) => v.endsWith(':/data'))).toBe(true);
    expect(s.healthcheck.test).toEqual(['CMD', 'node', '/app/bin/stash-face.mjs', 'healthcheck']);
    expect(parseInt(s.stop_grace_period, 10)).toBeGreaterThan(30);
    for (const key of Object.keys(s.environment)) expect(key in CONFIG_VARIABLES, key).toBe(true);
    expect(Object.keys(s.environment)).toEqual(expect.arrayContaining(['STASH_URL', 'STASH_API_KEY', 'PUBLIC_URL', 'DATABASE_UPDATE_URL']));
  });
});

describe('Dockerfile', () => {
  const text = readFileSync('Dockerfile', 'utf8').replace(/\\\n/g, ' ');
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages: Array<{ from: string; name: string; lines: string[] }> = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ from: from[1], name: from[2] ?? '', lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  const stage = (name: string) => stages.find((s) => s.name === name)!;
  const args = Object.fromEntries([...text.matchAll(/^ARG (\w+)=(\S+)/gm)].map((m) => [m[1], m[2]]));

  it('builds the CPU image by default, on node:24-bookworm-slim', () => {
    expect(stages.at(-1)).toMatchObject({ from: 'node:24-bookworm-slim', name: 'cpu' });
    expect(stage('build').from).toBe('node:24-bookworm-slim');
  });

  it.each(['cpu', 'cuda'])('%s runtime: non-root node user, /data, port 8000, a node health check, no compilers or curl', (name) => {
    const s = stage(name).lines.join('\n');
    expect(s).toMatch(/^USER node$/m);
    expect(s).toMatch(/^VOLUME \/data$/m);
    expect(s).toMatch(/^EXPOSE 8000$/m);
    expect(s).toMatch(/^HEALTHCHECK .*CMD \["node", "\/app\/bin\/stash-face\.mjs", "healthcheck"\]$/m);
    expect(s).toMatch(/^CMD \["node", "\/app\/bin\/stash-face\.mjs", "serve"\]$/m);
    expect(s).toMatch(/DATABASE_PATH=\/data MODELS_PATH=\/data\/models/);
    expect(s).not.toMatch(/apt-get install|curl|wget|g\+\+/);
  });

  it('compiles native addons in the build stage only, with the install scripts package.json allows', () => {
    expect(stage('build').lines.join('\n')).toMatch(/apt-get install -y --no-install-recommends python3 make g\+\+/);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts: Record<string, boolean>; bin: Record<string, string> };
    expect(pkg.allowScripts).toMatchObject({ 'hnswlib-node': true, 'onnxruntime-node': false });
    expect(pkg.bin['stash-face']).toBe('./bin/stash-face.mjs');
    expect(stage('build').lines.join('\n')).toMatch(/container-prune\.sh/);
    // The plugin the sidecar serves is built into every image, or the build fails.
    expect(stage('build').lines.join('\n')).toMatch(/npm run build-plugin\s+&& test -s plugin\/dist\/stash-face\.js/);
  });

  it('cuda: CUDA 12 + cuDNN 9 runtime, node from the official image, the CUDA provider that runtime/session.ts looks for', () => {
    expect(stage('cuda').from).toBe('${CUDA_IMAGE}');
    expect(args.CUDA_IMAGE).toMatch(/^nvidia\/cuda:12\.\d+\.\d+-cudnn-runtime-ubuntu24\.04$/); // cudnn = cuDNN 9 for CUDA 12.x
    expect(stage('cuda').lines.join('\n')).toMatch(/COPY --from=node-binary \/usr\/local\/bin\/node \/usr\/local\/bin\/node/);
    expect(stage('node-binary').from).toBe('node:24-bookworm-slim');
    const install = stage('build-cuda').lines.join('\n');
    expect(stage('build-cuda').from).toBe('build');
    expect(install).toMatch(/ONNXRUNTIME_NODE_INSTALL=cuda12 node script\/install\.js/);
    expect(install).toMatch(/test -f bin\/napi-v6\/linux\/x64\/libonnxruntime_providers_cuda\.so/);
    // The installed onnxruntime-node really offers cuda12 for linux/x64, into the folder runtime/session.ts checks.
    const req = createRequire(import.meta.url);
    const ortRoot = dirname(req.resolve('onnxruntime-node/package.json'));
    const metadata = req(join(ortRoot, 'script', 'install-metadata.js')) as {
      requirements: Record<string, string[]>;
      manifests: Record<string, Record<string, unknown>>;
    };
    expect(metadata.requirements['linux/x64']).toContain('cuda12');
    expect(Object.keys(metadata.manifests['linux/x64:cuda12'])).toContain('./libonnxruntime_providers_cuda.so');
    expect(readFileSync('src/vision/runtime/session.ts', 'utf8')).toMatch(/join\(root, 'bin', 'napi-v6', process\.platform, process\.arch\)[\s\S]*libonnxruntime_providers_cuda\.so/);
    // Ubuntu's uid 1000 user gives way to node, as in the CPU image.
    expect(stage('cuda').lines.join('\n')).toMatch(/userdel -r ubuntu[\s\S]*useradd --uid 1000 --gid node/);
  });

  it('every package the compiled sidecar imports is a production dependency (the image prunes the others)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    const missing = new Set<string>();
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    for (const file of walk('src')) {
      const code = readFileSync(file, 'utf8');
      // Value imports and re-exports (type-only ones are erased), and dynamic imports.
      const specs = [
        ...[...code.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^;]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]),
        ...[...code.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]),
        ...[...code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]),
      ];
      for (const spec of specs) {
        if (spec.startsWith('.') || spec.startsWith('node:')) continue;
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        // generated.ts imports TypedDocumentNode as a value-less type; tsc elides it.
        if (name === '@graphql-typed-document-node/core') continue;
        if (!(name in pkg.dependencies)) missing.add(`${name} (${file})`);
      }
    }
    expect([...missing]).toEqual([]);
  });

  it('keeps the build context small', () => {
    const ignore = readFileSync('.dockerignore', 'utf8').split('\n');
    for (const p of ['.*', '**/node_modules', 'dist', 'test']) expect(ignore).toContain(p);
  });
});
