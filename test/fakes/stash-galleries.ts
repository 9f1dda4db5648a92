import { readdirSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { buildSchema, execute, getOperationAST, Kind, parse, print, validate, type FieldNode, type GraphQLSchema } from 'graphql';
import { SHARED_DIR } from '../support/fixtures.js';

/**
 * Galleries for the stand-in Stash. ../shared/tools/stash-ui/stand-in-stash.mjs (read-only, shared by every project)
 * keeps no galleries: `findGalleries` is empty and `bulkGalleryUpdate` is mocked. This puts a small server in front
 * of it that owns a gallery library and answers the gallery operations itself, on Stash's real schema (documents are
 * validated against ../shared/schemas/stash and executed there): `findGallery`, `findGalleries` (ids, performers
 * IS_NULL / NOT_NULL / INCLUDES / EXCLUDES, paging by id), `findImages` with an `image_filter.galleries` criterion
 * (the images themselves, with their real files and fingerprints, come from the stand-in), `galleryUpdate` and
 * `bulkGalleryUpdate` (performer_ids and tag_ids, SET / ADD / REMOVE, as Stash). Every other request (GraphQL and
 * media) goes to the stand-in unchanged, with the Host header kept, so the URLs Stash answers point here.
 *
 * Tests can also make Stash refuse operations: `refuse(['tagCreate'])` answers any document with such a root field
 * with a GraphQL error, as a Stash that rejects the write would.
 */
export interface GallerySpec {
  id: number;
  title: string;
  /** Stand-in image ids, in gallery order. */
  images: number[];
  performers?: number[];
  tags?: number[];
}

export interface GalleryMutation {
  mutation: string;
  args: { input: Record<string, any> };
}

export interface GalleryStash {
  url: string;
  /** Gallery writes received, in order. */
  mutations(name?: string): GalleryMutation[];
  gallery(id: number): { performers: string[]; tags: string[]; images: string[] } | undefined;
  /** Changes a gallery's images (Stash scanned new files into it). */
  setImages(id: number, images: number[]): void;
  /** Root fields Stash answers with an error from now on (none: accept everything again). */
  refuse(fields: string[]): void;
  close(): Promise<void>;
}

interface Gallery {
  id: string;
  title: string;
  images: string[];
  performers: string[];
  tags: string[];
}

const LOCAL = new Set(['findGallery', 'findGalleries', 'galleryUpdate', 'bulkGalleryUpdate']);

let stashSchema: GraphQLSchema | undefined;
function schema(): GraphQLSchema {
  const dir = join(SHARED_DIR, 'schemas', 'stash');
  stashSchema ??= buildSchema(
    [readFileSync(join(dir, 'schema.graphql'), 'utf8'), ...readdirSync(join(dir, 'types')).sort().map((f) => readFileSync(join(dir, 'types', f), 'utf8'))].join('\n'),
    { assumeValidSDL: true },
  );
  return stashSchema;
}

export async function withGalleries(standIn: { url: string; close(): Promise<void> }, specs: GallerySpec[]): Promise<GalleryStash> {
  const target = new URL(standIn.url);
  const galleries = new Map<string, Gallery>(
    specs.map((g) => [String(g.id), { id: String(g.id), title: g.title, images: g.images.map(String), performers: (g.performers ?? []).map(String), tags: (g.tags ?? []).map(String) }]),
  );
  const log: GalleryMutation[] = [];
  let refused = new Set<string>();

  /** A GraphQL request to the stand-in as if it came to us (its answer's URLs then point here). */
  const standInQuery = (host: string, query: string, variables: Record<string, unknown>) =>
    new Promise<any>((resolve, reject) => {
      const body = JSON.stringify({ query, variables });
      const req = httpRequest(
        { hostname: target.hostname, port: target.port, path: '/graphql', method: 'POST', headers: { host, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const answer = JSON.parse(Buffer.concat(chunks).toString('utf8'));
            if (answer.errors?.length) reject(new Error(answer.errors[0].message));
            else resolve(answer.data);
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const galleryObject = (g: Gallery, host: string) => ({
    id: g.id,
    title: g.title,
    code: null,
    urls: [],
    date: null,
    details: null,
    photographer: null,
    rating100: null,
    organized: false,
    created_at: '2024-06-01T00:00:00Z',
    updated_at: '2024-06-01T00:00:00Z',
    files: [],
    folder: null,
    chapters: [],
    scenes: [],
    studio: null,
    image_count: g.images.length,
    tags: async () =>
      g.tags.length ? (await standInQuery(host, `query($ids: [ID!]) { findTags(ids: $ids, filter: { per_page: -1 }) { tags { id name } } }`, { ids: g.tags })).findTags.tags : [],
    performers: async () =>
      g.performers.length
        ? (
            await standInQuery(
              host,
              `query($ids: [ID!]) { findPerformers(ids: $ids, filter: { per_page: -1 }) { performers { id name disambiguation alias_list image_path stash_ids { endpoint stash_id } } } }`,
              { ids: g.performers },
            )
          ).findPerformers.performers
        : [],
  });

  const multi = (ids: string[], crit?: { value?: string[]; modifier: string } | null) => {
    if (!crit) return true;
    const want = (crit.value ?? []).map(String);
    switch (crit.modifier) {
      case 'IS_NULL':
        return ids.length === 0;
      case 'NOT_NULL':
        return ids.length > 0;
      case 'INCLUDES':
        return want.some((x) => ids.includes(x));
      case 'EXCLUDES':
        return !want.some((x) => ids.includes(x));
      default:
        throw new Error(`stand-in galleries: modifier ${crit.modifier} is not supported here`);
    }
  };

  const page = <T>(list: T[], filter?: { page?: number; per_page?: number; direction?: string } | null) => {
    const sorted = filter?.direction === 'DESC' ? [...list].reverse() : list;
    const perPage = filter?.per_page ?? 25;
    const n = Math.max(1, filter?.page ?? 1);
    return perPage < 0 ? sorted : sorted.slice((n - 1) * perPage, n * perPage);
  };

  const update = (mutation: string, input: Record<string, any>, bulk: boolean) => {
    log.push({ mutation, args: { input: JSON.parse(JSON.stringify(input)) } });
    const ids: string[] = (bulk ? input.ids ?? [] : [input.id]).map(String);
    const apply = (current: string[], v: any) => {
      if (v == null) return current;
      if (!bulk) return (v as string[]).map(String);
      const given = (v.ids ?? []).map(String);
      if (v.mode === 'ADD') return [...current, ...given.filter((x: string) => !current.includes(x))];
      if (v.mode === 'REMOVE') return current.filter((x) => !given.includes(x));
      return given;
    };
    const out = [];
    for (const id of ids) {
      const g = galleries.get(id);
      if (!g) throw new Error(`gallery with id ${id} not found`);
      g.performers = apply(g.performers, input.performer_ids);
      g.tags = apply(g.tags, input.tag_ids);
      out.push(g);
    }
    return out;
  };

  const root = (host: string) => ({
    findGallery: ({ id }: { id: string }) => {
      const g = galleries.get(String(id));
      return g ? galleryObject(g, host) : null;
    },
    findGalleries: ({ gallery_filter: f, filter, ids }: { gallery_filter?: any; filter?: any; ids?: string[] }) => {
      let list = [...galleries.values()].sort((a, b) => Number(a.id) - Number(b.id));
      if (ids?.length) list = list.filter((g) => ids.map(String).includes(g.id));
      if (f) list = list.filter((g) => multi(g.performers, f.performers) && multi(g.tags, f.tags));
      return { count: list.length, galleries: page(list, filter).map((g) => galleryObject(g, host)) };
    },
    findImages: async ({ image_filter: f, filter, ids }: { image_filter?: any; filter?: any; ids?: string[] }) => {
      const crit = f?.galleries;
      if (!crit || crit.modifier !== 'INCLUDES') throw new Error('stand-in galleries: findImages here needs image_filter.galleries INCLUDES');
      let members = [...new Set((crit.value ?? []).flatMap((id: string) => galleries.get(String(id))?.images ?? []))] as string[];
      if (ids?.length) members = members.filter((m) => ids.map(String).includes(m));
      members.sort((a, b) => Number(a) - Number(b));
      const chosen = page(members, filter);
      if (chosen.length === 0) return { count: members.length, megapixels: 0, filesize: 0, images: [] };
      const found = await standInQuery(
        host,
        `query($ids: [ID!]) { findImages(ids: $ids, filter: { per_page: -1 }) { images {
          id title organized o_counter created_at updated_at paths { image thumbnail preview } performers { id } tags { id }
          visual_files { __typename ... on ImageFile { id path basename width height size mod_time format fingerprints { type value } }
            ... on VideoFile { id path basename width height size mod_time format fingerprints { type value } } } } } }`,
        { ids: chosen },
      );
      const byId = new Map<string, any>(found.findImages.images.map((i: { id: string }) => [i.id, i]));
      return { count: members.length, megapixels: 0, filesize: 0, images: chosen.map((id) => byId.get(id)).filter(Boolean) };
    },
    galleryUpdate: ({ input }: { input: Record<string, any> }) => galleryObject(update('galleryUpdate', input, false)[0], host),
    bulkGalleryUpdate: ({ input }: { input: Record<string, any> }) => update('bulkGalleryUpdate', input, true).map((g) => galleryObject(g, host)),
  });

  const forward = (req: IncomingMessage, res: ServerResponse, body?: Buffer) => {
    const out = httpRequest(
      { hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, ...(body ? { 'content-length': body.length } : {}) } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', (e) => {
      res.writeHead(502);
      res.end(String(e));
    });
    if (body) out.end(body);
    else req.pipe(out);
  };

  const answer = (res: ServerResponse, payload: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  };

  const server = createServer(async (req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/graphql') || !String(req.headers['content-type'] ?? '').includes('json')) return forward(req, res);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    let request: { query: string; variables?: Record<string, unknown>; operationName?: string };
    let fields: FieldNode[];
    let document;
    try {
      request = JSON.parse(body.toString('utf8'));
      document = parse(request.query);
      const op = getOperationAST(document, request.operationName);
      fields = (op?.selectionSet.selections ?? []).filter((s): s is FieldNode => s.kind === Kind.FIELD);
    } catch {
      return forward(req, res, body);
    }
    const refusedHere = fields.find((f) => refused.has(f.name.value));
    if (refusedHere) return answer(res, { errors: [{ message: `${refusedHere.name.value}: the stand-in Stash refuses this write (test)`, path: [refusedHere.name.value] }], data: null });
    const local = fields.some((f) => LOCAL.has(f.name.value) || (f.name.value === 'findImages' && /\bgalleries\s*:/.test(f.arguments?.map((a) => print(a)).join(' ') ?? '')));
    if (!local) return forward(req, res, body);
    const errors = validate(schema(), document);
    if (errors.length) return answer(res, { errors: errors.map((e) => ({ message: e.message })) });
    const result = await execute({
      schema: schema(),
      document,
      rootValue: root(String(req.headers.host)),
      variableValues: request.variables,
      operationName: request.operationName,
    });
    answer(res, result);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  return {
    url,
    mutations: (name) => log.filter((m) => !name || m.mutation === name),
    gallery: (id) => {
      const g = galleries.get(String(id));
      return g && { performers: [...g.performers], tags: [...g.tags], images: [...g.images] };
    },
    setImages: (id, images) => {
      galleries.get(String(id))!.images = images.map(String);
    },
    refuse: (list) => {
      refused = new Set(list);
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await standIn.close();
    },
  };
}
