import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHARED_DIR } from '../support/fixtures.js';

/**
 * The fake Stash for tests: ../shared/tools/stash-ui's stand-in backend (Stash's real schema, its URL layout, real
 * images from a media folder). Tests describe a library and which photo stands behind each performer/image/scene.
 */
export interface LibrarySpec {
  performers?: Array<{ id: number; name: string; stash_id: string | null; photo?: string }>;
  images?: Array<{ id: number; title: string; photo: string; performers?: number[] }>;
  scenes?: Array<{ id: number; title: string; performers?: number[]; duration?: number; width?: number; height?: number; media?: Record<string, string> }>;
}

export interface StandInStash {
  url: string;
  mediaDir: string;
  /** GraphQL operations received, in order (operationName + variables). */
  operations(): Promise<Array<{ operationName: string | null; variables: unknown }>>;
  mutations(name?: string): Promise<unknown[]>;
  close(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

export async function startStandInStash(spec: LibrarySpec, extraArgs: string[] = []): Promise<StandInStash> {
  const dir = await mkdtemp(join(tmpdir(), 'stand-in-stash-'));
  const mediaDir = join(dir, 'media');
  await mkdir(mediaDir);
  for (const p of spec.performers ?? []) if (p.photo) await copyFile(p.photo, join(mediaDir, `performer-${p.id}.jpg`));
  for (const i of spec.images ?? []) {
    await copyFile(i.photo, join(mediaDir, `image-${i.id}.jpg`));
    await copyFile(i.photo, join(mediaDir, `image-${i.id}_thumb.jpg`));
  }
  for (const s of spec.scenes ?? []) for (const [name, file] of Object.entries(s.media ?? {})) await copyFile(file, join(mediaDir, name));
  const library = {
    performers: (spec.performers ?? []).map(({ id, name, stash_id }) => ({ id, name, stash_id })),
    images: (spec.images ?? []).map(({ id, title, performers }) => ({ id, title, performers: performers ?? [] })),
    scenes: (spec.scenes ?? []).map(({ media: _media, ...s }) => ({ performers: [], duration: 81, width: 1920, height: 1080, ...s })),
  };
  await writeFile(join(dir, 'library.json'), JSON.stringify(library));
  const server = await launchStandIn(join(dir, 'library.json'), mediaDir, extraArgs);
  const { url } = server;
  return {
    ...server,
    mediaDir,
    operations: async () => (await (await fetch(`${url}/__standin/operations`)).json()) as Array<{ operationName: string | null; variables: unknown }>,
    mutations: async (name) => (await (await fetch(`${url}/mutations${name ? `?mutation=${name}` : ''}`)).json()) as unknown[],
  };
}

/**
 * Starts ../shared/tools/stash-ui/stand-in-stash.mjs on a free port (or `port`: a Stash restarted with another
 * library at the same address) with a library file and a media folder.
 */
export async function launchStandIn(libraryPath: string, mediaDir: string, extraArgs: string[] = [], port?: number): Promise<{ url: string; close(): Promise<void> }> {
  port ??= await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [join(SHARED_DIR, 'tools', 'stash-ui', 'stand-in-stash.mjs'), '--port', String(port), '--library', libraryPath, '--media-dir', mediaDir, '--quiet', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  child.stdout?.on('data', (d) => log.push(String(d)));
  child.stderr?.on('data', (d) => log.push(String(d)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (i > 150 || child.exitCode !== null) throw new Error(`stand-in Stash did not start:\n${log.join('')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
