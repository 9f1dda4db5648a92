import type { LibrarySettings } from '../../library/settings.js';
import type { WatchPoll } from '../../library/watch.js';
import { builder } from '../builder.js';
import { requireLibrary } from './jobs.js';

/** The watch as the Faces page shows it: its last poll and the scenes waiting for their sprite. */
interface WatchStatus {
  last_poll_at: string | null;
  last_job_id: string | null;
  last_queued: number;
  error: string | null;
  waiting_for_sprite: string[];
}

const WatchStatusRef = builder.objectRef<WatchStatus>('LibraryWatchStatus').implement({
  fields: (t) => ({
    last_poll_at: t.exposeString('last_poll_at', { nullable: true }),
    last_job_id: t.exposeID('last_job_id', { nullable: true, description: 'The job the last poll queued (null: nothing new)' }),
    last_queued: t.exposeInt('last_queued', { description: 'Scenes the last poll queued' }),
    error: t.exposeString('error', { nullable: true, description: 'Why the last poll failed (the next one tries again)' }),
    waiting_for_sprite: t.exposeIDList('waiting_for_sprite', { description: 'New scenes whose sprite Stash has not generated yet' }),
  }),
});

const LibrarySettingsRef = builder.objectRef<LibrarySettings>('LibrarySettings').implement({
  description: 'How library runs follow the library and what they do after each item (configureLibrary changes it)',
  fields: (t) => ({
    watch: t.exposeBoolean('watch', { description: 'New scenes are queued by polling Stash (once their sprite is generated)' }),
    watch_interval_minutes: t.exposeInt('watch_interval_minutes'),
    auto_apply_min_confidence: t.exposeFloat('auto_apply_min_confidence', {
      nullable: true,
      description: 'Suggestions at or above it are accepted after each scene of a run; null: off',
    }),
    auto_apply_create_performers: t.exposeBoolean('auto_apply_create_performers', {
      description: 'Auto-apply may create a performer missing from Stash (never one whose name or alias is there)',
    }),
    processed_tag: t.exposeString('processed_tag', { nullable: true, description: 'Tag added to every scene a run analyses; null: off' }),
    watch_status: t.field({
      type: WatchStatusRef,
      resolve: (_s, _a, ctx) => {
        const library = requireLibrary(ctx);
        const last = library.settings.lastPoll();
        return {
          last_poll_at: last?.at ?? null,
          last_job_id: last?.job_id ?? null,
          last_queued: last?.queued ?? 0,
          error: last?.error ?? null,
          waiting_for_sprite: library.settings.waiting(),
        };
      },
    }),
  }),
});

const LibrarySettingsInputRef = builder.inputType('LibrarySettingsInput', {
  description: 'Fields left out stay as they are; auto_apply_min_confidence and processed_tag set to null turn them off',
  fields: (t) => ({
    watch: t.boolean(),
    watch_interval_minutes: t.int(),
    auto_apply_min_confidence: t.float(),
    auto_apply_create_performers: t.boolean(),
    processed_tag: t.string(),
  }),
});

const WatchPollRef = builder.objectRef<WatchPoll>('LibraryWatchPoll').implement({
  fields: (t) => ({
    job_id: t.exposeID('job_id', { nullable: true }),
    queued: t.exposeIDList('queued', { description: 'Scenes queued into the job' }),
    waiting: t.exposeIDList('waiting', { description: 'Scenes waiting for their sprite' }),
    error: t.exposeString('error', { nullable: true }),
  }),
});

builder.queryField('librarySettings', (t) =>
  t.field({ type: LibrarySettingsRef, resolve: (_r, _a, ctx) => requireLibrary(ctx).librarySettings() }),
);

builder.mutationField('configureLibrary', (t) =>
  t.field({
    type: LibrarySettingsRef,
    description: "Changes the library settings (like Stash's configureGeneral); they persist across restarts",
    args: { input: t.arg({ type: LibrarySettingsInputRef, required: true }) },
    resolve: (_r, { input }, ctx) =>
      requireLibrary(ctx).configure({
        // Absent and null mean "leave it" for the switches and the interval; null turns auto-apply and the tag off.
        watch: input.watch ?? undefined,
        watch_interval_minutes: input.watch_interval_minutes ?? undefined,
        auto_apply_min_confidence: input.auto_apply_min_confidence,
        auto_apply_create_performers: input.auto_apply_create_performers ?? undefined,
        processed_tag: input.processed_tag,
      }),
  }),
);

builder.mutationField('libraryWatchPoll', (t) =>
  t.field({
    type: WatchPollRef,
    description: 'Looks for new scenes now instead of at the next interval (the watch must be on)',
    resolve: (_r, _a, ctx) => requireLibrary(ctx).pollWatch(),
  }),
);
