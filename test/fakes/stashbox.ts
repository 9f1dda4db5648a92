import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createSchema, createYoga } from 'graphql-yoga';
import { SHARED_DIR } from '../support/fixtures.js';
import sharp from 'sharp';

/**
 * A stash-box for tests: the real stash-box schema (../shared/schemas/stashbox) served by graphql-yoga on 127.0.0.1,
 * with queryPerformers (offset paging, sort, hiding deleted performers), findPerformer (deleted and merged ones too),
 * the ApiKey header, a request-rate limit that answers 429 with Retry-After, and performer images over plain HTTP
 * (files, failures, garbage, flaky 5xx) with a count of completed downloads per image.
 */

export interface FakeImage {
  id?: string;
  /** A file to serve. */
  file?: string;
  /** Answer this status instead (e.g. 404). */
  status?: number;
  /** Serve these bytes (e.g. something that is not an image). */
  body?: Buffer;
  /** Answer 500 this many times before serving. */
  flaky?: number;
}

export interface FakePerformerInput {
  id?: string;
  name: string;
  disambiguation?: string | null;
  aliases?: string[];
  gender?: string | null;
  country?: string | null;
  images: FakeImage[];
  deleted?: boolean;
}

interface FakePerformer {
  id: string;
  name: string;
  disambiguation: string | null;
  aliases: string[];
  gender: string | null;
  country: string | null;
  images: Array<Required<Pick<FakeImage, 'id'>> & FakeImage & { width: number; height: number }>;
  deleted: boolean;
  merged_ids: string[];
  merged_into_id: string | null;
  created: string;
  updated: string;
}

export interface FakeStashBoxOptions {
  performers: FakePerformerInput[];
  apiKey?: string;
  /** At most `max` GraphQL requests per `windowMs`; more answer 429. */
  rateLimit?: { max: number; windowMs: number };
  /** Delay before each image response (to give a test time to kill the builder mid-run). */
  imageDelayMs?: number;
  maxPerPage?: number;
  schemaDir?: string;
}

/** A deterministic UUID from any text (tests need stable ids across runs). */
export function fakeUuid(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function stashBoxTypeDefs(schemaDir: string): string[] {
  return [
    readFileSync(join(schemaDir, 'schema.graphql'), 'utf8'),
    ...readdirSync(join(schemaDir, 'types'))
      .filter((f) => f.endsWith('.graphql'))
      .sort()
      .map((f) => readFileSync(join(schemaDir, 'types', f), 'utf8')),
  ];
}

export class FakeStashBox {
  readonly performers = new Map<string, FakePerformer>();
  /** Completed (200) image downloads per image id. */
  readonly downloads = new Map<string, number>();
  /** Image requests per image id, whatever the answer. */
  readonly imageRequests = new Map<string, number>();
  readonly operations: Record<string, number> = {};
  graphqlRequests = 0;
  rateLimited = 0;
  unauthorised = 0;
  private readonly recent: number[] = [];
  private clock = Date.parse('2025-01-01T00:00:00Z');
  private server!: Server;
  origin = '';
  imageDelayMs: number;

  private constructor(private readonly options: FakeStashBoxOptions) {
    this.imageDelayMs = options.imageDelayMs ?? 0;
  }

  static async start(options: FakeStashBoxOptions): Promise<FakeStashBox> {
    const fake = new FakeStashBox(options);
    for (const p of options.performers) await fake.add(p);
    await fake.listen(options.schemaDir ?? join(SHARED_DIR, 'schemas', 'stashbox'));
    return fake;
  }

  get url(): string {
    return `${this.origin}/graphql`;
  }

  get host(): string {
    return new URL(this.origin).host;
  }

  /** Universal id as the builder writes it. */
  universalId(uuid: string): string {
    return `${this.host}:${uuid}`;
  }

  imageUrl(imageId: string): string {
    return `${this.origin}/images/${imageId}`;
  }

  private tick(): string {
    this.clock += 60_000;
    return new Date(this.clock).toISOString();
  }

  async add(input: FakePerformerInput): Promise<FakePerformer> {
    const id = input.id ?? fakeUuid(`performer:${input.name}`);
    const now = this.tick();
    const performer: FakePerformer = {
      id,
      name: input.name,
      disambiguation: input.disambiguation ?? null,
      aliases: input.aliases ?? [],
      gender: input.gender ?? null,
      country: input.country ?? null,
      images: await Promise.all(input.images.map((img, i) => this.image(img, `${id}:${i}`))),
      deleted: input.deleted ?? false,
      merged_ids: [],
      merged_into_id: null,
      created: now,
      updated: now,
    };
    this.performers.set(id, performer);
    return performer;
  }

  private async image(img: FakeImage, seed: string) {
    let width = 0, height = 0;
    if (img.file) {
      const meta = await sharp(img.file).metadata();
      width = meta.width ?? 0;
      height = meta.height ?? 0;
    }
    return { ...img, id: img.id ?? fakeUuid(`image:${seed}:${img.file ?? img.status ?? 'body'}`), width, height };
  }

  /** An edit: the fields given replace the old ones; `addImages` appends. */
  async edit(id: string, patch: Partial<Omit<FakePerformerInput, 'images'>> & { addImages?: FakeImage[]; images?: FakeImage[] }): Promise<void> {
    const p = this.require(id);
    const { addImages, images, ...fields } = patch;
    Object.assign(p, fields);
    if (images) p.images = await Promise.all(images.map((img, i) => this.image(img, `${id}:edit:${i}`)));
    if (addImages) p.images.push(...(await Promise.all(addImages.map((img, i) => this.image(img, `${id}:add:${p.images.length + i}`)))));
    p.updated = this.tick();
  }

  /** stash-box's merge: the source is deleted and points at the target, which lists it in merged_ids. */
  merge(sourceId: string, targetId: string): void {
    const source = this.require(sourceId), target = this.require(targetId);
    const now = this.tick();
    source.deleted = true;
    source.merged_into_id = targetId;
    source.updated = now;
    target.merged_ids.push(sourceId);
    target.updated = now;
  }

  delete(id: string): void {
    const p = this.require(id);
    p.deleted = true;
    p.updated = this.tick();
  }

  private require(id: string): FakePerformer {
    const p = this.performers.get(id);
    if (!p) throw new Error(`fake stash-box: no performer ${id}`);
    return p;
  }

  private publicPerformer(p: FakePerformer) {
    return { ...p, images: p.images.map((img) => ({ id: img.id, url: this.imageUrl(img.id), width: img.width, height: img.height })) };
  }

  private async listen(schemaDir: string): Promise<void> {
    type QueryInput = { page: number; per_page: number; sort: string; direction: 'ASC' | 'DESC' };
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: stashBoxTypeDefs(schemaDir),
        resolvers: {
          Query: {
            queryPerformers: (_: unknown, { input }: { input: QueryInput }) => {
              const perPage = Math.min(input.per_page, this.options.maxPerPage ?? 100);
              const key = (p: FakePerformer): string =>
                input.sort === 'UPDATED_AT' ? p.updated : input.sort === 'NAME' ? p.name : p.created;
              const sign = input.direction === 'ASC' ? 1 : -1;
              const visible = [...this.performers.values()]
                .filter((p) => !p.deleted)
                .sort((a, b) => sign * (key(a).localeCompare(key(b)) || a.id.localeCompare(b.id)));
              const start = (input.page - 1) * perPage;
              return { count: visible.length, performers: visible.slice(start, start + perPage).map((p) => this.publicPerformer(p)) };
            },
            findPerformer: (_: unknown, { id }: { id: string }) => {
              const p = this.performers.get(id);
              return p ? this.publicPerformer(p) : null;
            },
          },
        },
      }),
      logging: false,
      maskedErrors: false,
      plugins: [
        {
          onParams: ({ params }: { params: { operationName?: string } }) => {
            const name = params.operationName ?? 'anonymous';
            this.operations[name] = (this.operations[name] ?? 0) + 1;
          },
        },
      ],
    });

    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/graphql') return this.graphql(req, res, yoga);
      const image = /^\/images\/([\w-]+)$/.exec(path);
      if (image) return void this.serveImage(image[1], res);
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private graphql(req: IncomingMessage, res: ServerResponse, yoga: ReturnType<typeof createYoga>): void {
    this.graphqlRequests++;
    const limit = this.options.rateLimit;
    if (limit) {
      const now = Date.now();
      while (this.recent.length && now - this.recent[0] >= limit.windowMs) this.recent.shift();
      if (this.recent.length >= limit.max) {
        this.rateLimited++;
        const wait = Math.max(1, Math.ceil((limit.windowMs - (now - this.recent[0])) / 1000));
        res.writeHead(429, { 'retry-after': String(wait), 'content-type': 'text/plain' }).end('Too Many Requests');
        return;
      }
      this.recent.push(now);
    }
    if (this.options.apiKey && req.headers.apikey !== this.options.apiKey) {
      this.unauthorised++;
      res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: 'Unauthorized' }] }));
      return;
    }
    void yoga(req, res);
  }

  private async serveImage(id: string, res: ServerResponse): Promise<void> {
    this.imageRequests.set(id, (this.imageRequests.get(id) ?? 0) + 1);
    const img = [...this.performers.values()].flatMap((p) => p.images).find((i) => i.id === id);
    if (this.imageDelayMs) await new Promise((r) => setTimeout(r, this.imageDelayMs));
    if (!img) return void res.writeHead(404).end();
    if (img.flaky && img.flaky > 0) {
      img.flaky--;
      return void res.writeHead(500).end('try again');
    }
    if (img.status) return void res.writeHead(img.status).end();
    const body = img.body ?? readFileSync(img.file!);
    res.on('finish', () => this.downloads.set(id, (this.downloads.get(id) ?? 0) + 1));
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': body.length }).end(body);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
