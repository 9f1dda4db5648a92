import type { LocalGalleryStatus } from '../../galleries/sync.js';
import { AppError } from '../../errors.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';

const OFF: LocalGalleryStatus = {
  enabled: false,
  phase: 'idle',
  done: 0,
  total: 0,
  eta_seconds: null,
  performers_per_second: null,
  stash_performers: 0,
  enrolled_performers: 0,
  without_faces: 0,
  faces: 0,
  version: null,
  last_sync_at: null,
  last_reconcile_at: null,
  last_error: null,
  image_errors: 0,
};

export function localGalleryStatus(ctx: GraphQLContext): LocalGalleryStatus {
  return ctx.localGallery?.status() ?? OFF;
}

export const LocalGalleryStatusRef = builder.objectRef<LocalGalleryStatus>('LocalGalleryStatus').implement({
  description: "The local gallery: your Stash's performers, enrolled on this machine and searched with the shared database",
  fields: (t) => ({
    enabled: t.exposeBoolean('enabled', { description: 'On when STASH_URL is set and LOCAL_GALLERY is not false' }),
    phase: t.exposeString('phase', { description: 'idle, listing, enrolling, reconciling or publishing' }),
    done: t.exposeInt('done', { description: 'Performers processed in the running sync' }),
    total: t.exposeInt('total', { description: 'Performers to process in the running sync' }),
    eta_seconds: t.exposeInt('eta_seconds', { nullable: true, description: 'Time left in the running sync at its rate so far' }),
    performers_per_second: t.exposeFloat('performers_per_second', { nullable: true }),
    stash_performers: t.exposeInt('stash_performers', { description: 'Stash performers the gallery has looked at' }),
    enrolled_performers: t.exposeInt('enrolled_performers', { description: 'Performers with at least one usable face, searched by identify' }),
    without_faces: t.exposeInt('without_faces', { description: 'Performers with no usable face (no image, only group photos, no frontal face)' }),
    faces: t.exposeInt('faces'),
    version: t.exposeString('version', { nullable: true, description: 'The loaded local package' }),
    last_sync_at: t.exposeString('last_sync_at', { nullable: true }),
    last_reconcile_at: t.exposeString('last_reconcile_at', { nullable: true, description: 'Last check for performers deleted or merged in Stash' }),
    last_error: t.exposeString('last_error', { nullable: true }),
    image_errors: t.exposeInt('image_errors', { description: 'Performers with an image that could not be fetched (retried next sync)' }),
  }),
});

builder.mutationField('syncLocalGallery', (t) =>
  t.field({
    type: LocalGalleryStatusRef,
    description:
      'Syncs the local gallery with Stash now (it also syncs every LOCAL_GALLERY_SYNC_MINUTES). `reconcile` also finds performers deleted or merged in Stash; `wait` answers when the sync is done',
    args: { reconcile: t.arg.boolean({ defaultValue: false }), wait: t.arg.boolean({ defaultValue: false }) },
    resolve: async (_r, args, ctx) => {
      if (!ctx.localGallery) {
        throw new AppError('BAD_USER_INPUT', 'The local gallery is off: set STASH_URL (and leave LOCAL_GALLERY unset or true) to enrol your Stash performers.');
      }
      const running = ctx.localGallery.sync({ reconcile: !!args.reconcile });
      if (args.wait) await running;
      else running.catch(() => undefined);
      return ctx.localGallery.status();
    },
  }),
);
