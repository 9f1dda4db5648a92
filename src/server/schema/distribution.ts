import type { InstallStatus } from '../../distribution/install.js';
import { AppError } from '../../errors.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { DatabaseInfoRef } from './status.js';

const InstallStateEnum = builder.enumType('DatabaseInstallState', {
  values: ['IDLE', 'DOWNLOADING', 'VERIFYING', 'UNPACKING', 'SWITCHING', 'DONE', 'FAILED'] as const,
});

const InstallStatusRef = builder.objectRef<InstallStatus>('DatabaseInstallStatus').implement({
  description: 'Progress of the database install in progress, or how the last one ended',
  fields: (t) => ({
    state: t.field({ type: InstallStateEnum, resolve: (s) => s.state.toUpperCase() as 'IDLE' }),
    source: t.string({ nullable: true, resolve: (s) => s.source ?? null }),
    version: t.string({ nullable: true, resolve: (s) => s.version ?? null }),
    received_bytes: t.float({ resolve: (s) => s.received_bytes }),
    total_bytes: t.float({ nullable: true, resolve: (s) => s.total_bytes ?? null }),
    error: t.string({ nullable: true, resolve: (s) => s.error ?? null }),
    started_at: t.string({ nullable: true, resolve: (s) => s.started_at ?? null }),
    finished_at: t.string({ nullable: true, resolve: (s) => s.finished_at ?? null }),
  }),
});

builder.queryField('databaseInstall', (t) =>
  t.field({
    type: InstallStatusRef,
    description: 'Progress of a database install started by installDatabase (poll it while the mutation runs)',
    resolve: (_r, _a, ctx) => ctx.installer.status,
  }),
);

builder.mutationField('installDatabase', (t) =>
  t.field({
    type: DatabaseInfoRef,
    description:
      'Downloads (resuming), verifies and installs a database package, then swaps it in like reloadDatabase. Without url: the latest ' +
      'release at DATABASE_UPDATE_URL (the "Update" action). A url must be on the same site as DATABASE_UPDATE_URL; other sources ' +
      'are installed with the `stash-face install-database` command. A bad package is refused and the old database keeps serving.',
    args: { url: t.arg.string({ required: false, description: "A package's or a latest.json's URL" }) },
    resolve: async (_r, { url }, ctx) => {
      const updateUrl = ctx.config.databaseUpdateUrl;
      if (!url && !updateUrl) {
        throw new AppError('BAD_USER_INPUT', 'DATABASE_UPDATE_URL is not set: there is no release to install. Set it, or install a package with `stash-face install-database <url|file>`.');
      }
      if (url) {
        // The sidecar has no login: a web page must not make it download from anywhere it names.
        let origin: string;
        try {
          origin = new URL(url).origin;
        } catch {
          throw new AppError('BAD_USER_INPUT', `"${url.slice(0, 200)}" is not a URL.`);
        }
        if (!updateUrl || origin !== new URL(updateUrl).origin) {
          throw new AppError(
            'FORBIDDEN_ORIGIN',
            `installDatabase only downloads from DATABASE_UPDATE_URL's site (${updateUrl ? new URL(updateUrl).origin : 'not set'}); install other packages with \`stash-face install-database <url|file>\`.`,
          );
        }
      }
      const result = await ctx.installer.install({ source: url ?? updateUrl! });
      const db = result.database ?? ctx.holder.current;
      return { manifest: db?.manifest, error: ctx.holder.lastError, ctx };
    },
  }),
);
