import { AppError } from '../../errors.js';
import { JOB_STATUSES, type JobCounts, type JobFailure, type JobView } from '../../jobs/types.js';
import type { LibraryService } from '../../library/service.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';

/** The library use-case, or a clear error when the state file could not be opened. */
export function requireLibrary(ctx: GraphQLContext): LibraryService {
  if (!ctx.library) {
    throw new AppError('STATE_ERROR', 'The state file could not be opened, so library runs and the review queue are off: see health.warnings.');
  }
  return ctx.library;
}

const JobStatusEnum = builder.enumType('JobStatus', { values: JOB_STATUSES });

const JobCountsRef = builder.objectRef<JobCounts>('JobCounts').implement({
  fields: (t) => ({
    total: t.exposeInt('total', { description: 'Items in the run (known once the scope is listed)' }),
    done: t.exposeInt('done', { description: 'Items analysed in this run' }),
    skipped: t.exposeInt('skipped', { description: 'Items already done for the same file, database, vision profile and frames mode' }),
    failed: t.exposeInt('failed'),
    pending: t.exposeInt('pending'),
    warnings: t.exposeInt('warnings', { description: 'Items analysed whose follow-up failed (processed tag, auto-apply): see Job.warnings' }),
  }),
});

const JobFailureRef = builder.objectRef<JobFailure>('JobFailure').implement({
  description: 'One item that failed (or, in Job.warnings, whose follow-up failed), with the error code a client can branch on',
  fields: (t) => ({
    kind: t.exposeString('kind'),
    id: t.exposeID('id'),
    code: t.exposeString('code'),
    message: t.exposeString('message'),
  }),
});

export const JobRef = builder.objectRef<JobView>('Job').implement({
  description: "A background job, in the shape of Stash's Job",
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.exposeString('kind', { description: 'library_identify, rematch or find_on_stashbox' }),
    status: t.field({ type: JobStatusEnum, resolve: (j) => j.status }),
    paused: t.exposeBoolean('paused'),
    description: t.exposeString('description'),
    progress: t.exposeFloat('progress', { nullable: true, description: '0..1; null while the scope is being listed' }),
    counts: t.field({ type: JobCountsRef, resolve: (j) => j.counts }),
    rate_per_hour: t.exposeFloat('rate', { nullable: true, description: 'Items analysed per hour (skips excluded)' }),
    eta_seconds: t.exposeInt('eta_seconds', { nullable: true }),
    error: t.exposeString('error', { nullable: true, description: 'Why the whole job failed' }),
    summary: t.exposeString('summary', { nullable: true, description: 'How it ended, in a sentence' }),
    failures: t.field({
      type: [JobFailureRef],
      args: { limit: t.arg.int({ defaultValue: 50 }), offset: t.arg.int({ defaultValue: 0 }) },
      resolve: (j, args, ctx) => requireLibrary(ctx).jobs.store.failures(Number(j.id), Math.min(500, Math.max(0, args.limit ?? 50)), Math.max(0, args.offset ?? 0)),
    }),
    warnings: t.field({
      type: [JobFailureRef],
      description: 'Items analysed and kept whose follow-up in Stash failed (processed tag, auto-apply), with the error code',
      args: { limit: t.arg.int({ defaultValue: 50 }), offset: t.arg.int({ defaultValue: 0 }) },
      resolve: (j, args, ctx) => requireLibrary(ctx).jobs.store.warnings(Number(j.id), Math.min(500, Math.max(0, args.limit ?? 50)), Math.max(0, args.offset ?? 0)),
    }),
    add_time: t.exposeString('created_at'),
    start_time: t.exposeString('start_time', { nullable: true }),
    end_time: t.exposeString('end_time', { nullable: true }),
  }),
});

builder.queryField('findJob', (t) =>
  t.field({
    type: JobRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, { id }, ctx) => requireLibrary(ctx).jobs.find(String(id)),
  }),
);

builder.queryField('jobQueue', (t) =>
  t.field({
    type: [JobRef],
    description: 'Queued and running jobs, and the last ten that ended',
    resolve: (_r, _a, ctx) => requireLibrary(ctx).jobs.queue(),
  }),
);

builder.mutationField('stopJob', (t) =>
  t.boolean({
    description: 'Stops a job after the item in flight (a queued job is cancelled at once); false when it had already ended',
    args: { job_id: t.arg.id({ required: true }) },
    resolve: (_r, { job_id }, ctx) => requireLibrary(ctx).jobs.stop(String(job_id)),
  }),
);

builder.mutationField('pauseJob', (t) =>
  t.boolean({
    description: 'Pauses a job between items (resumeJob carries on); it stays paused across restarts',
    args: { job_id: t.arg.id({ required: true }) },
    resolve: (_r, { job_id }, ctx) => requireLibrary(ctx).jobs.setPaused(String(job_id), true),
  }),
);

builder.mutationField('resumeJob', (t) =>
  t.boolean({
    args: { job_id: t.arg.id({ required: true }) },
    resolve: (_r, { job_id }, ctx) => requireLibrary(ctx).jobs.setPaused(String(job_id), false),
  }),
);
