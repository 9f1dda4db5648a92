import { builder } from '../builder.js';
import { requireLibrary } from './jobs.js';

const FindOnStashBoxInputRef = builder.inputType('PerformersFindOnStashBoxInput', {
  fields: (t) => ({
    performer_ids: t.idList({ description: 'Only these Stash performers (those already linked are left out); default: every performer' }),
    endpoint: t.string({ description: "The stash-box to link to (its GraphQL endpoint); default: the shared database's (StashDB)" }),
  }),
});

builder.mutationField('performersFindOnStashBox', (t) =>
  t.id({
    description:
      'Starts a job that looks every Stash performer with no stash id for the stash-box up in the shared database (its ' +
      'local-gallery faces, else its profile image; never itself) and proposes confident answers as link suggestions ' +
      '(findSuggestions kinds: [PERFORMER]). Returns the job id for findJob / stopJob; a second run skips what was looked up ' +
      'against the same database version.',
    args: { input: t.arg({ type: FindOnStashBoxInputRef }) },
    resolve: (_r, { input }, ctx) =>
      requireLibrary(ctx).findOnStashBox({ performer_ids: input?.performer_ids?.map(String) ?? null, endpoint: input?.endpoint ?? null }),
  }),
);
