import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import calibration from '../../src/recognition/default-calibration.json' with { type: 'json' };
import type { Calibration, Manifest, ModelPin } from '../../src/database/format.js';
import { writeDatabase } from '../../src/database/writer.js';
import { createTar } from '../../src/distribution/tar.js';
import { findModel, type EmbedderSpec } from '../../src/vision/runtime/catalog.js';

/** The pins of the default embedders, as a sidecar running them reports them. */
export function defaultPins(): ModelPin[] {
  return ['fr_feature', 'dlib_resnet'].map((id) => {
    const spec = findModel(id) as EmbedderSpec;
    return { id, sha256: spec.sha256, dim: spec.dim, preprocessing: spec.preprocessing };
  });
}

function randomUnit(dim: number, seed: number): Float32Array {
  const v = new Float32Array(dim);
  let s = seed * 2654435761 + 1;
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    v[i] = (s / 2 ** 32) * 2 - 1;
    norm += v[i] * v[i];
  }
  for (let i = 0; i < dim; i++) v[i] /= Math.sqrt(norm);
  return v;
}

/** A small valid database with synthetic vectors (no ONNX needed): loads and verifies like a real one. */
export async function synthDatabase(dir: string, version: string, pins: ModelPin[] = defaultPins(), performers = 5): Promise<Manifest> {
  const people = Array.from({ length: performers }, (_, i) => ({
    id: `stashdb.org:00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    name: `Performer ${i}`,
    endpoint: 'https://stashdb.org/graphql',
    face_count: 2,
  }));
  const emb = (seed: number) => Object.fromEntries(pins.map((p, k) => [p.id, randomUnit(p.dim, seed * 7 + k)]));
  return writeDatabase(dir, {
    version,
    sources: [{ endpoint: 'https://stashdb.org/graphql', host: 'stashdb.org', performers: people.length }],
    detector: { id: 'yunet_n', sha256: findModel('yunet_n')!.sha256 },
    models: pins,
    performers: people,
    faces: people.flatMap((p, i) => [0, 1].map((j) => ({ performer_id: p.id, image_id: `img-${i}-${j}`, embeddings: emb(i * 10 + j) }))),
    templates: people.map((p, i) => ({ performer_id: p.id, size_tier: 'full' as const, embeddings: emb(i * 10 + 5) })),
    calibration: calibration as unknown as Calibration,
  });
}

/** Copies a release folder under a new version name (only manifest.json changes; its own checksum is not listed). */
export function copyRelease(from: string, to: string, version: string): void {
  cpSync(from, to, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(to, 'manifest.json'), 'utf8')) as Manifest;
  manifest.version = version;
  writeFileSync(join(to, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

export interface PackedRelease {
  file: string;
  name: string;
  sha256: string;
  size: number;
}

/**
 * Packs a release folder as the builder does (CONTRACTS.md): `stash-face-db-<version>.tar.gz` with the files at its
 * root, `<package>.sha256` beside it. `mutate` may change a file's bytes before packing (to make damaged packages).
 */
export async function packRelease(
  releaseDir: string,
  outDir: string,
  version: string,
  mutate?: (name: string, data: Buffer) => Buffer,
): Promise<PackedRelease> {
  await mkdir(outDir, { recursive: true });
  const names = readdirSync(releaseDir).sort((a, b) => (a === 'manifest.json' ? -1 : b === 'manifest.json' ? 1 : a.localeCompare(b)));
  const entries = names.map((name) => {
    const data = readFileSync(join(releaseDir, name));
    return { name, data: mutate ? mutate(name, data) : data };
  });
  const bytes = gzipSync(createTar(entries));
  const name = `stash-face-db-${version}.tar.gz`;
  const file = join(outDir, name);
  await writeFile(file, bytes);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  await writeFile(`${file}.sha256`, `${sha256}  ${name}\n`);
  return { file, name, sha256, size: bytes.length };
}

/** Publishes latest.json for a packed release in `outDir` (url relative, as the builder writes it). */
export async function publishLatest(outDir: string, version: string, pkg: PackedRelease, overrides: Record<string, unknown> = {}): Promise<void> {
  const latest = {
    version,
    created_at: new Date().toISOString(),
    url: pkg.name,
    sha256: pkg.sha256,
    size: pkg.size,
    format_version: 1,
    min_sidecar_version: '0.1.0',
    ...overrides,
  };
  await writeFile(join(outDir, 'latest.json'), JSON.stringify(latest, null, 2));
}

export interface FileServer {
  url: string;
  server: Server;
  requests: Array<{ path: string; range?: string; ifRange?: string; status: number; bytes: number }>;
  /** Break the connection of the next full or ranged body response after this many bytes. */
  interruptNextAfter(bytes: number): void;
  close(): Promise<void>;
}

/** A static file server with Range/If-Range and ETag support, which can break a download off on purpose. */
export async function startFileServer(root: string): Promise<FileServer> {
  let interruptAt: number | undefined;
  const requests: FileServer['requests'] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const record = { path, range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined, status: 200, bytes: 0 };
    requests.push(record);
    let data: Buffer;
    try {
      data = await readFile(join(root, path.replace(/^\/+/, '')));
    } catch {
      record.status = 404;
      res.writeHead(404).end('not found');
      return;
    }
    const etag = `"${createHash('sha1').update(data).digest('hex')}"`;
    let start = 0;
    const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (m && (!req.headers['if-range'] || req.headers['if-range'] === etag)) {
      start = Number(m[1]);
      if (start >= data.length) {
        record.status = 416;
        res.writeHead(416, { 'Content-Range': `bytes */${data.length}` }).end();
        return;
      }
      record.status = 206;
      res.writeHead(206, { 'Content-Range': `bytes ${start}-${data.length - 1}/${data.length}`, 'Content-Length': data.length - start, ETag: etag, 'Accept-Ranges': 'bytes' });
    } else {
      res.writeHead(200, { 'Content-Length': data.length, ETag: etag, 'Accept-Ranges': 'bytes' });
    }
    const body = data.subarray(start);
    if (interruptAt !== undefined && body.length > interruptAt) {
      const cut = interruptAt;
      interruptAt = undefined;
      record.bytes = cut;
      res.write(body.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    record.bytes = body.length;
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    server,
    requests,
    interruptNextAfter: (bytes) => (interruptAt = bytes),
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
