import type { Manifest } from '../../database/format.js';
import { AppError, errorMessage } from '../../errors.js';
import type { LoadedModelInfo } from '../../vision/engine.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { localGalleryStatus, LocalGalleryStatusRef } from './galleries.js';

const ModelStatusRef = builder.objectRef<LoadedModelInfo>('ModelStatus').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    task: t.exposeString('task'),
    sha256: t.exposeString('sha256'),
    dim: t.exposeInt('dim', { nullable: true }),
    provider: t.exposeString('provider', { description: 'The execution provider this model really runs on' }),
    fallback_reason: t.exposeString('fallbackReason', {
      nullable: true,
      description: 'Why CUDA is not used, when it was asked for or could have been',
    }),
  }),
});

interface FfmpegStatus { path: string | null; version: string | null; error: string | null }
const FfmpegStatusRef = builder.objectRef<FfmpegStatus>('FfmpegStatus').implement({
  fields: (t) => ({
    path: t.exposeString('path', { nullable: true }),
    version: t.exposeString('version', { nullable: true }),
    error: t.exposeString('error', { nullable: true }),
  }),
});

interface Health {
  status: 'ok' | 'degraded';
  ctx: GraphQLContext;
}

const HealthRef = builder.objectRef<Health>('Health').implement({
  fields: (t) => ({
    status: t.string({ description: 'ok, or degraded (no database, or a problem listed in warnings)', resolve: (h) => h.status }),
    version: t.string({ resolve: (h) => h.ctx.version }),
    execution_providers: t.stringList({
      description: 'Providers the loaded models run on',
      resolve: (h) => [...new Set(h.ctx.engine.models.map((m) => m.provider))],
    }),
    models: t.field({ type: [ModelStatusRef], resolve: (h) => [...h.ctx.engine.models] }),
    database_loaded: t.boolean({ description: 'The shared database is loaded', resolve: (h) => !!h.ctx.holder.current }),
    local_gallery: t.field({ type: LocalGalleryStatusRef, resolve: (h) => localGalleryStatus(h.ctx) }),
    searched_performers: t.int({
      description: 'Distinct performers identify searches: the shared database and the local gallery together',
      resolve: (h) => h.ctx.galleries.current?.performerCount ?? 0,
    }),
    database_version: t.string({ nullable: true, resolve: (h) => h.ctx.holder.current?.version ?? null }),
    database_error: t.string({
      nullable: true,
      description: 'Why no database is loaded, or why the last reload failed',
      resolve: (h) => h.ctx.holder.lastError ?? null,
    }),
    ffmpeg: t.field({
      type: FfmpegStatusRef,
      nullable: true,
      resolve: (h) => (h.ctx.ffmpeg ? h.ctx.ffmpeg() : null),
    }),
    stash_url: t.string({ nullable: true, resolve: (h) => h.ctx.config.stashUrl ?? null }),
    warnings: t.stringList({ resolve: (h) => h.ctx.warnings }),
  }),
});

builder.queryField('health', (t) =>
  t.field({
    type: HealthRef,
    // ok when identify can name someone: the shared database or a synced local gallery.
    resolve: (_r, _a, ctx): Health => ({ status: (ctx.galleries.current?.performerCount ?? 0) > 0 && ctx.warnings.length === 0 ? 'ok' : 'degraded', ctx }),
  }),
);

export interface DatabaseView {
  manifest?: Manifest;
  error?: string;
  ctx: GraphQLContext;
}

const SourceRef = builder.objectRef<Manifest['sources'][number]>('DatabaseSource').implement({
  fields: (t) => ({
    endpoint: t.exposeString('endpoint'),
    host: t.exposeString('host'),
    performers: t.exposeInt('performers'),
  }),
});

const DatabaseModelRef = builder.objectRef<Manifest['models'][number]>('DatabaseModel').implement({
  fields: (t) => ({
    id: t.exposeString('id'),
    sha256: t.exposeString('sha256'),
    dim: t.exposeInt('dim'),
  }),
});

export const DatabaseInfoRef = builder.objectRef<DatabaseView>('DatabaseInfo').implement({
  fields: (t) => ({
    loaded: t.boolean({ resolve: (d) => !!d.manifest }),
    version: t.string({ nullable: true, resolve: (d) => d.manifest?.version ?? null }),
    created_at: t.string({ nullable: true, resolve: (d) => d.manifest?.created_at ?? null }),
    format_version: t.int({ nullable: true, resolve: (d) => d.manifest?.format_version ?? null }),
    performer_count: t.int({ resolve: (d) => d.manifest?.counts.performers ?? 0 }),
    face_count: t.int({ resolve: (d) => d.manifest?.counts.faces ?? 0 }),
    image_count: t.int({ resolve: (d) => d.manifest?.counts.images ?? 0 }),
    sources: t.field({ type: [SourceRef], resolve: (d) => d.manifest?.sources ?? [] }),
    models: t.field({ type: [DatabaseModelRef], resolve: (d) => d.manifest?.models ?? [] }),
    calibration: t.string({ nullable: true, description: 'Where the confidence calibration was fitted', resolve: (d) => d.manifest?.calibration.fitted_on ?? null }),
    error: t.string({ nullable: true, resolve: (d) => d.error ?? null }),
    local_gallery: t.field({ type: LocalGalleryStatusRef, description: 'The local gallery searched with this database', resolve: (d) => localGalleryStatus(d.ctx) }),
    searched_performers: t.int({
      description: 'Distinct performers identify searches: this database and the local gallery together (a performer in both counts once)',
      resolve: (d) => d.ctx.galleries.current?.performerCount ?? 0,
    }),
    latest_version: t.string({
      nullable: true,
      description: 'Newest release at DATABASE_UPDATE_URL (checked at most daily)',
      resolve: async (d) => (d.ctx.updates ? (await d.ctx.updates.latest()).latest_version : null),
    }),
    update_available: t.boolean({
      resolve: async (d) => (d.ctx.updates ? (await d.ctx.updates.latest()).update_available : false),
    }),
  }),
});

builder.queryField('database', (t) =>
  t.field({
    type: DatabaseInfoRef,
    resolve: (_r, _a, ctx) => ({ manifest: ctx.holder.current?.manifest, error: ctx.holder.lastError, ctx }),
  }),
);

builder.mutationField('reloadDatabase', (t) =>
  t.field({
    type: DatabaseInfoRef,
    description: 'Loads the database files again (verified beside the old ones, then swapped); on failure the old database keeps serving',
    resolve: async (_r, _a, ctx) => {
      try {
        const db = await ctx.holder.reload();
        return { manifest: db.manifest, ctx };
      } catch (e) {
        if (e instanceof AppError) throw e;
        throw new AppError('DATABASE_INVALID', errorMessage(e));
      }
    },
  }),
);
