import type { PerformerRecord } from '../../database/format.js';
import { stashIdOf } from '../../database/performer-id.js';
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


export const PerformerRef = builder.objectRef<PerformerRecord>('Performer').implement({
  description: 'A performer of the face database, keyed by its stash-box id',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Universal id: <stash-box host>:<uuid>' }),
    stash_id: t.string({ description: 'The id on the stash-box (StashDB uuid)', resolve: (performer) => stashIdOf(performer.id) }),
    endpoint: t.exposeString('endpoint', { description: 'The stash-box GraphQL endpoint' }),
    name: t.exposeString('name'),
    disambiguation: t.exposeString('disambiguation', { nullable: true }),
    country: t.exposeString('country', { nullable: true }),
    gender: t.exposeString('gender', { nullable: true }),
    image_url: t.exposeString('image_url', { nullable: true, description: "The database's reference photo" }),
    stashbox_url: t.exposeString('stashbox_url', { nullable: true, description: "The performer's page on the stash-box site" }),
    local_performer: t.loadable({
      type: LocalPerformerRef,
      nullable: true,
      description: "The user's Stash performer with this stash id, if any (one Stash query per response)",
      load: async (keys: string[], ctx) => {
        if (!ctx.stash) return keys.map(() => null);
        const refs = keys.map((k) => JSON.parse(k) as { endpoint: string; stash_id: string });
        const found = await ctx.stash.findPerformersByStashIds(refs);
        return refs.map((ref) => found.find((p) => p.stash_ids.some((s) => sameStashId(s, ref))) ?? null);
      },
      resolve: (performer) => JSON.stringify({ endpoint: performer.endpoint, stash_id: stashIdOf(performer.id) }),
    }),
  }),
});

