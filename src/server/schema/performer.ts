import type { PerformerRecord } from '../../database/format.js';
import { stashIdOf as uuidOf } from '../../database/performer-id.js';
import { isLocalOnlyId } from '../../galleries/ids.js';
import type { PerformerOrigin } from '../../galleries/searchable.js';
import { FindGalleryPerformersDocument } from '../../stash/generated.js';
import { sameStashId, type LocalPerformer } from '../../stash/client.js';
import { builder } from '../builder.js';

export const LocalPerformerRef = builder.objectRef<LocalPerformer>('LocalPerformer').implement({
  description: "The performer in the user's own Stash that is linked to this stash-box performer",
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    disambiguation: t.exposeString('disambiguation', { nullable: true }),
    image_path: t.exposeString('image_path', { nullable: true }),
  }),
});

export const PerformerOriginEnum = builder.enumType('PerformerOrigin', {
  description: 'Which gallery a performer was found in',
  values: {
    SHARED: { description: 'The shared face database (stash-box performers)' },
    LOCAL: { description: "Your library: the local gallery enrolled from your Stash's performers" },
    BOTH: { description: 'Both: a performer of your Stash linked to a stash-box performer of the shared database' },
  } as const,
});

/** `<host>:<uuid>` -> the uuid on the stash-box; empty for a performer known only to the user's Stash. */
export function stashIdOf(performer: PerformerRecord): string {
  return isLocalOnlyId(performer.id) ? '' : uuidOf(performer.id);
}

type LocalKey = { local_id: string } | { endpoint: string; stash_id: string };

export const PerformerRef = builder.objectRef<PerformerRecord & { origin?: PerformerOrigin }>('Performer').implement({
  description: 'A performer of the face database or of your local gallery',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Universal id: <stash-box host>:<uuid>, or local:<Stash performer id> for a performer on no stash-box' }),
    stash_id: t.string({ description: 'The id on the stash-box (StashDB uuid); empty for a performer known only to your Stash', resolve: stashIdOf }),
    endpoint: t.exposeString('endpoint', { description: 'The stash-box GraphQL endpoint; empty for a performer known only to your Stash' }),
    origin: t.field({
      type: PerformerOriginEnum,
      description: 'Where it was found: the shared database, your library (local gallery), or both',
      resolve: (p) => p.origin ?? (p.local_id ? 'LOCAL' : 'SHARED'),
    }),
    name: t.exposeString('name'),
    face_count: t.exposeInt('face_count', { description: 'Reference faces the galleries hold for this performer (both galleries together)' }),
    disambiguation: t.exposeString('disambiguation', { nullable: true }),
    country: t.exposeString('country', { nullable: true }),
    gender: t.exposeString('gender', { nullable: true }),
    image_url: t.exposeString('image_url', { nullable: true, description: "The database's reference photo" }),
    stashbox_url: t.exposeString('stashbox_url', { nullable: true, description: "The performer's page on the stash-box site" }),
    local_performer: t.loadable({
      type: LocalPerformerRef,
      nullable: true,
      description:
        "The user's Stash performer: the one the local gallery enrolled, else the one with this stash id (one Stash query per kind per response)",
      load: async (keys: string[], ctx) => {
        if (!ctx.stash) return keys.map(() => null);
        const parsed = keys.map((k) => JSON.parse(k) as LocalKey);
        const ids = parsed.flatMap((k) => ('local_id' in k ? [k.local_id] : []));
        const refs = parsed.flatMap((k) => ('local_id' in k ? [] : [k]));
        const [byId, byStashId] = await Promise.all([
          ids.length ? ctx.stash.request(FindGalleryPerformersDocument, { ids }).then((d) => d.findPerformers.performers) : [],
          ctx.stash.findPerformersByStashIds(refs),
        ]);
        return parsed.map((k) =>
          'local_id' in k ? byId.find((p) => p.id === k.local_id) ?? null : byStashId.find((p) => p.stash_ids.some((s) => sameStashId(s, k))) ?? null,
        );
      },
      resolve: (performer) =>
        JSON.stringify(performer.local_id ? { local_id: performer.local_id } : { endpoint: performer.endpoint, stash_id: stashIdOf(performer) }),
    }),
  }),
});
