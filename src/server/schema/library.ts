import { AppError } from '../../errors.js';
import type { IdentifyResult, PersonResult } from '../../identify/types.js';
import type { LibraryIdentifyInput } from '../../library/jobs.js';
import type { ReviewOutcome } from '../../library/review.js';
import { LIBRARY_SCOPES } from '../../library/scopes.js';
import { GALLERY_IMAGE_CAP } from '../../library/stash-galleries.js';
import { stashRefOf, type PersonSummary } from '../../library/store.js';
import { SUGGESTION_STATUSES, type ItemKind, type KeptResult, type LinkSubject, type Suggestion, type SuggestionKind } from '../../library/types.js';
import { sameStashId, type NamedPerformer } from '../../stash/client.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { FramesModeEnum, PersonRef } from './identify.js';
import { requireLibrary } from './jobs.js';
import { PerformerRef } from './performer.js';

const LibraryScopeEnum = builder.enumType('LibraryScope', {
  values: {
    NO_PERFORMERS: { description: 'Scenes with no performer yet' },
    UNORGANIZED: { description: 'Scenes not marked organized' },
    ALL: { description: 'Every scene' },
    IDS: { description: 'The scenes, images and galleries listed in scene_ids / image_ids / gallery_ids' },
    SAVED_FILTER: { description: "A saved Stash scene filter (saved_filter_id)" },
    IMAGES: { description: 'Every image' },
    IMAGES_NO_PERFORMERS: { description: 'Images with no performer yet' },
    GALLERIES: {
      description: `Every gallery: its images (up to ${GALLERY_IMAGE_CAP}, spread over the gallery) as one group, one person across them`,
    },
    GALLERIES_NO_PERFORMERS: { description: 'Galleries with no performer yet' },
  } satisfies Record<(typeof LIBRARY_SCOPES)[number], unknown>,
});

const LibraryIdentifyInputRef = builder.inputType('LibraryIdentifyInput', {
  fields: (t) => ({
    scope: t.field({ type: LibraryScopeEnum, required: true }),
    scene_ids: t.idList(),
    image_ids: t.idList(),
    gallery_ids: t.idList({ description: 'Stash gallery ids (scope IDS)' }),
    saved_filter_id: t.id(),
    frames_mode: t.field({
      type: FramesModeEnum,
      defaultValue: 'SPRITE',
      description:
        'SPRITE (fast) by default for whole libraries. A scene kept at least as thoroughly counts as done: any mode covers SPRITE, AUTO or FRAMES cover AUTO, FRAMES (or an AUTO that read frames) covers FRAMES. Images and galleries ignore it',
    }),
    gentle: t.boolean({ defaultValue: false, description: "Pause between items and wait while Stash's own job queue is busy" }),
    pause_ms: t.int({ defaultValue: 2000, description: 'Pause between items in a gentle run' }),
    force: t.boolean({ defaultValue: false, description: 'Analyse again what is already done' }),
  }),
});

builder.mutationField('libraryIdentify', (t) =>
  t.id({
    description: 'Starts a library run (a background job); returns its id for findJob / stopJob, like metadataIdentify',
    args: { input: t.arg({ type: LibraryIdentifyInputRef, required: true }) },
    resolve: (_r, { input }, ctx) =>
      requireLibrary(ctx).libraryIdentify({
        scope: input.scope,
        scene_ids: input.scene_ids?.map(String) ?? null,
        image_ids: input.image_ids?.map(String) ?? null,
        gallery_ids: input.gallery_ids?.map(String) ?? null,
        saved_filter_id: input.saved_filter_id ? String(input.saved_filter_id) : null,
        frames_mode: input.frames_mode ?? 'SPRITE',
        gentle: input.gentle ?? false,
        pause_ms: input.pause_ms ?? 2000,
        force: input.force ?? false,
      } satisfies LibraryIdentifyInput),
  }),
);

/** A kept result as identify would answer it (already_tagged from the performers on it). */
function asIdentifyResult(kept: KeptResult): IdentifyResult & { kept: KeptResult } {
  const persons = kept.persons.map(
    ({ embeddings: _e, search_size: _s, faces: _f, matches, ...p }): PersonResult => ({
      ...p,
      matches: matches.map((m) => ({ ...m, already_tagged: kept.tagged.some((t) => sameStashId(t, stashRefOf(m.performer))) })),
    }),
  );
  return { persons, source: kept.source as IdentifyResult['source'], frames_used: kept.frames_used, database_version: kept.database_version, timings: [], kept };
}

const KeptResultRef = builder.objectRef<ReturnType<typeof asIdentifyResult>>('SceneFaces').implement({
  description: 'The kept result of a scene (or image, or gallery): shown at once, re-matched when the database changes',
  fields: (t) => ({
    scene_id: t.id({ nullable: true, resolve: (r) => (r.kept.kind === 'scene' ? r.kept.item_id : null) }),
    image_id: t.id({ nullable: true, resolve: (r) => (r.kept.kind === 'image' ? r.kept.item_id : null) }),
    gallery_id: t.id({ nullable: true, resolve: (r) => (r.kept.kind === 'gallery' ? r.kept.item_id : null) }),
    fingerprint: t.string({
      nullable: true,
      description: "What it was analysed for: the scene's or image's file fingerprint; a gallery's images (count and a hash of their ids and checksums)",
      resolve: (r) => r.kept.fingerprint,
    }),
    persons: t.field({ type: [PersonRef], resolve: (r) => r.persons }),
    source: t.field({ type: FramesModeEnum, nullable: true, resolve: (r) => r.source }),
    frames_mode: t.string({ resolve: (r) => r.kept.frames_mode }),
    frames_used: t.exposeInt('frames_used', { description: 'Sprite tiles or frames searched (a gallery: its images searched)' }),
    database_version: t.exposeString('database_version', { nullable: true, description: 'The database its matches come from' }),
    analysed_at: t.string({ resolve: (r) => r.kept.analysed_at }),
    matched_at: t.string({ resolve: (r) => r.kept.matched_at }),
  }),
});

/** sceneFaces, imageFaces, galleryFaces: the kept result (without the performers rejected there), or null. */
function keptAnswer(ctx: GraphQLContext, kind: ItemKind, id: string | number) {
  const kept = requireLibrary(ctx).sceneFaces(kind, String(id));
  return kept ? asIdentifyResult(kept) : null;
}

builder.queryField('sceneFaces', (t) =>
  t.field({
    type: KeptResultRef,
    nullable: true,
    description: 'The kept result of a scene; null when it was never analysed',
    args: { scene_id: t.arg.id({ required: true }) },
    resolve: (_r, { scene_id }, ctx) => keptAnswer(ctx, 'scene', scene_id),
  }),
);

builder.queryField('galleryFaces', (t) =>
  t.field({
    type: KeptResultRef,
    nullable: true,
    description: "The kept result of a gallery (a library run's gallery scope); null when it was never analysed",
    args: { gallery_id: t.arg.id({ required: true }) },
    resolve: (_r, { gallery_id }, ctx) => keptAnswer(ctx, 'gallery', gallery_id),
  }),
);

builder.queryField('imageFaces', (t) =>
  t.field({
    type: KeptResultRef,
    nullable: true,
    args: { image_id: t.arg.id({ required: true }) },
    resolve: (_r, { image_id }, ctx) => keptAnswer(ctx, 'image', image_id),
  }),
);

const SuggestionStatusEnum = builder.enumType('SuggestionStatus', { values: SUGGESTION_STATUSES });

const SUGGESTION_KINDS = { SCENE: 'scene', IMAGE: 'image', GALLERY: 'gallery', PERFORMER: 'performer' } as const satisfies Record<string, SuggestionKind>;
const SuggestionKindEnum = builder.enumType('SuggestionKind', {
  values: {
    SCENE: { description: 'A performer for a person in a scene' },
    IMAGE: { description: 'A performer for a face in an image' },
    GALLERY: { description: "A performer for a person across a gallery's images" },
    PERFORMER: { description: 'A stash-box performer to link to one of your Stash performers (performersFindOnStashBox)' },
  } satisfies Record<keyof typeof SUGGESTION_KINDS, unknown>,
});
const kindName = (kind: SuggestionKind) => (Object.keys(SUGGESTION_KINDS) as Array<keyof typeof SUGGESTION_KINDS>).find((k) => SUGGESTION_KINDS[k] === kind)!;

const LinkSubjectRef = builder.objectRef<LinkSubject>('SuggestionStashPerformer').implement({
  description: 'The Stash performer a link suggestion would link, as it was when looked up',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    disambiguation: t.exposeString('disambiguation', { nullable: true }),
    image_path: t.exposeString('image_path', { nullable: true, description: "Its profile image in Stash (null when it has none)" }),
  }),
});

const SuggestionPersonRef = builder.objectRef<PersonSummary>('SuggestionPerson').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    thumbnail: t.exposeString('thumbnail', { nullable: true, description: 'The best face as a JPEG data URL' }),
    timestamps: t.exposeFloatList('timestamps', { description: 'Seconds into the scene where the person appears' }),
    image_ids: t.exposeIDList('image_ids', {
      nullable: true,
      description: "A gallery's person: the gallery's images it is in, the image of its best face (the thumbnail) first; null otherwise",
    }),
    face_count: t.exposeInt('face_count'),
    face_size: t.exposeInt('face_size'),
    low_evidence: t.exposeBoolean('low_evidence'),
  }),
});

const SuggestionRef = builder.objectRef<Suggestion>('Suggestion').implement({
  description: 'A proposed (scene, image or gallery, person, performer) in the review queue',
  fields: (t) => ({
    id: t.exposeID('id'),
    kind: t.field({ type: SuggestionKindEnum, resolve: (s) => kindName(s.kind) }),
    scene_id: t.id({ nullable: true, resolve: (s) => (s.kind === 'scene' ? s.item_id : null) }),
    image_id: t.id({ nullable: true, resolve: (s) => (s.kind === 'image' ? s.item_id : null) }),
    gallery_id: t.id({ nullable: true, resolve: (s) => (s.kind === 'gallery' ? s.item_id : null) }),
    stash_performer: t.field({
      type: LinkSubjectRef,
      nullable: true,
      description: 'Link suggestions (kind PERFORMER): your Stash performer that accepting gives the stash id',
      resolve: (s) => (s.kind === 'performer' ? s.subject : null),
    }),
    person: t.field({
      type: SuggestionPersonRef,
      nullable: true,
      resolve: (s, _a, ctx) => (s.kind === 'performer' ? null : (requireLibrary(ctx).store.personSummary(s.kind, s.item_id, s.person_id) ?? null)),
    }),
    performer: t.field({ type: PerformerRef, description: 'With local_performer: whether it is in your Stash', resolve: (s) => s.performer }),
    confidence: t.exposeFloat('confidence'),
    distance: t.exposeFloat('distance'),
    status: t.field({ type: SuggestionStatusEnum, resolve: (s) => s.status }),
    database_version: t.exposeString('database_version', { nullable: true }),
    stash_performer_id: t.exposeID('stash_performer_id', { nullable: true, description: 'The Stash performer added on accept (a link: the one linked)' }),
    created_performer: t.exposeBoolean('created_performer', { description: 'Accepting created the performer in Stash' }),
    created_at: t.exposeString('created_at'),
    decided_at: t.exposeString('decided_at', { nullable: true }),
  }),
});

const FindSuggestionsResultRef = builder
  .objectRef<{ count: number; suggestions: Suggestion[] }>('FindSuggestionsResultType')
  .implement({
    fields: (t) => ({
      count: t.exposeInt('count'),
      suggestions: t.field({ type: [SuggestionRef], resolve: (r) => r.suggestions }),
    }),
  });

const SortDirectionEnum = builder.enumType('SortDirectionEnum', { values: ['ASC', 'DESC'] as const });
const SuggestionSortEnum = builder.enumType('SuggestionSort', { values: ['CONFIDENCE', 'CREATED_AT', 'SCENE'] as const });

const FindFilterInput = builder.inputType('FindFilterType', {
  description: "Paging and sorting, as in Stash's FindFilterType",
  fields: (t) => ({
    page: t.int({ defaultValue: 1 }),
    per_page: t.int({ defaultValue: 40, description: '-1 for all' }),
    sort: t.field({ type: SuggestionSortEnum, defaultValue: 'CONFIDENCE' }),
    direction: t.field({ type: SortDirectionEnum, defaultValue: 'DESC' }),
  }),
});

const SuggestionFilterInput = builder.inputType('SuggestionFilterType', {
  fields: (t) => ({
    status: t.field({ type: [SuggestionStatusEnum], description: 'Default: PENDING' }),
    kinds: t.field({ type: [SuggestionKindEnum], description: 'Default: every kind (scene, image and gallery suggestions, performer links)' }),
    min_confidence: t.float(),
    scene_id: t.id(),
    gallery_id: t.id(),
    performer_id: t.id({ description: 'A database performer id (<host>:<uuid>)' }),
  }),
});

builder.queryField('findSuggestions', (t) =>
  t.field({
    type: FindSuggestionsResultRef,
    args: { filter: t.arg({ type: FindFilterInput }), suggestion_filter: t.arg({ type: SuggestionFilterInput }) },
    resolve: (_r, { filter, suggestion_filter: f }, ctx) => {
      if (f?.scene_id && f?.gallery_id) throw new AppError('BAD_USER_INPUT', 'Filter by scene_id or gallery_id, not both.');
      return requireLibrary(ctx).findSuggestions({
        status: f?.status ?? ['PENDING'],
        kinds: f?.kinds?.map((k) => SUGGESTION_KINDS[k]) ?? null,
        min_confidence: f?.min_confidence ?? null,
        item_kind: f?.scene_id ? 'scene' : f?.gallery_id ? 'gallery' : null,
        item_id: f?.scene_id ? String(f.scene_id) : f?.gallery_id ? String(f.gallery_id) : null,
        performer_id: f?.performer_id ? String(f.performer_id) : null,
        page: filter?.page ?? 1,
        per_page: Math.min(filter?.per_page ?? 40, 1000),
        sort: ({ CONFIDENCE: 'confidence', CREATED_AT: 'created_at', SCENE: 'item' } as const)[filter?.sort ?? 'CONFIDENCE'],
        direction: filter?.direction ?? 'DESC',
      });
    },
  }),
);

const ReviewStatusEnum = builder.enumType('SuggestionOutcomeStatus', {
  values: ['ACCEPTED', 'REJECTED', 'PENDING', 'NEEDS_LINK', 'ALREADY_LINKED', 'SKIPPED', 'FAILED'] as const,
});

export const StashPerformerRef = builder.objectRef<NamedPerformer>('StashPerformerCandidate').implement({
  description: 'A performer already in your Stash: same name or alias (link to it instead of creating one), or holding the same stash id',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    disambiguation: t.exposeString('disambiguation', { nullable: true }),
    alias_list: t.exposeStringList('alias_list'),
    image_path: t.exposeString('image_path', { nullable: true }),
  }),
});

const OutcomeRef = builder.objectRef<ReviewOutcome>('SuggestionOutcome').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: ReviewStatusEnum, resolve: (o) => o.status }),
    message: t.exposeString('message', { nullable: true }),
    suggestion: t.field({ type: SuggestionRef, nullable: true, resolve: (o) => o.suggestion }),
    candidates: t.field({ type: [StashPerformerRef], resolve: (o) => o.candidates }),
    created_performer: t.exposeBoolean('created_performer'),
  }),
});

builder.mutationField('suggestionsAccept', (t) =>
  t.field({
    type: [OutcomeRef],
    description:
      'Adds each performer to its scene (bulkSceneUpdate ADD) or gallery (bulkGalleryUpdate ADD). A performer not in Stash by stash id is created, unless Stash has one ' +
      'with that name or alias: then NEEDS_LINK with the candidates (suggestionLink). A link suggestion (kind PERFORMER) adds the ' +
      'stash id to the Stash performer (performerUpdate), unless another Stash performer has it: then ALREADY_LINKED, naming it in candidates.',
    args: { ids: t.arg.idList({ required: true }), create: t.arg.boolean({ defaultValue: true }) },
    resolve: (_r, { ids, create }, ctx) => requireLibrary(ctx).review.accept(ids.map(String), { create: create ?? true }),
  }),
);

builder.mutationField('suggestionsReject', (t) =>
  t.field({
    type: [OutcomeRef],
    description: '"Not this performer": never proposed again for that scene (a link: for that Stash performer), across runs, restarts and database updates',
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_r, { ids }, ctx) => requireLibrary(ctx).review.reject(ids.map(String)),
  }),
);

const SceneFacesRejectInputRef = builder.inputType('SceneFacesRejectInput', {
  description: 'A match on a scene or image page: the person (Person.id) and the performer (Performer.id) it was matched to',
  fields: (t) => ({
    scene_id: t.id(),
    image_id: t.id(),
    person_id: t.id({ required: true }),
    performer_id: t.id({ required: true, description: 'A database performer id (<host>:<uuid> or local:<id>)' }),
  }),
});

builder.mutationField('sceneFacesReject', (t) =>
  t.boolean({
    description:
      '"Not this performer" from a scene or image page: remembered like a rejected suggestion (never proposed or shown for that scene again); undo: true forgets it',
    args: { input: t.arg({ type: SceneFacesRejectInputRef, required: true }), undo: t.arg.boolean({ defaultValue: false }) },
    resolve: async (_r, { input, undo }, ctx) => {
      if ((input.scene_id == null) === (input.image_id == null)) throw new AppError('BAD_USER_INPUT', 'Give scene_id or image_id (one of them).');
      const kind = input.scene_id != null ? 'scene' : 'image';
      const itemId = String(input.scene_id ?? input.image_id);
      await requireLibrary(ctx).review.rejectMatch({ kind, item_id: itemId, person_id: String(input.person_id), performer_id: String(input.performer_id) }, undo ?? false);
      return true;
    },
  }),
);

builder.mutationField('suggestionsUndo', (t) =>
  t.field({
    type: [OutcomeRef],
    description:
      'Back to pending: a rejection is forgotten; an accept removes the performer from the scene or gallery again (a link: the stash id from the Stash performer)',
    args: { ids: t.arg.idList({ required: true }) },
    resolve: (_r, { ids }, ctx) => requireLibrary(ctx).review.undo(ids.map(String)),
  }),
);

builder.mutationField('suggestionLink', (t) =>
  t.field({
    type: OutcomeRef,
    description: "Link to existing: this Stash performer gets the stash-box id, and is added to the suggestion's scene or gallery",
    args: { id: t.arg.id({ required: true }), performer_id: t.arg.id({ required: true, description: 'A Stash performer id' }) },
    resolve: (_r, { id, performer_id }, ctx) => requireLibrary(ctx).review.link(String(id), String(performer_id)),
  }),
);

const AcceptAboveRef = builder.objectRef<{ count: number; ids: string[]; outcomes: ReviewOutcome[] }>('SuggestionsAcceptAboveResult').implement({
  fields: (t) => ({
    count: t.exposeInt('count', { description: 'Dry run: how many it would apply; else how many it accepted' }),
    ids: t.exposeIDList('ids', { description: 'The suggestions it covers (pass them back to apply exactly these)' }),
    outcomes: t.field({ type: [OutcomeRef], resolve: (r) => r.outcomes }),
  }),
});

builder.mutationField('suggestionsAcceptAbove', (t) =>
  t.field({
    type: AcceptAboveRef,
    description: 'Accept every pending suggestion at or above min_confidence. dry_run (default) only counts; applying with the ids a dry run returned applies exactly those',
    args: {
      min_confidence: t.arg.float({ required: true }),
      dry_run: t.arg.boolean({ defaultValue: true }),
      ids: t.arg.idList({ description: "The dry run's ids" }),
    },
    resolve: (_r, args, ctx) => requireLibrary(ctx).acceptAbove(args.min_confidence, args.dry_run ?? true, args.ids?.map(String) ?? null),
  }),
);

builder.queryField('exportDecisions', (t) =>
  t.string({
    description: 'Your accept and reject decisions as JSON, to carry across reinstalls (importDecisions)',
    resolve: (_r, _a, ctx) => requireLibrary(ctx).exportDecisions(),
  }),
);

builder.mutationField('importDecisions', (t) =>
  t.int({
    description: 'Remembers the decisions of an export; returns how many were read',
    args: { json: t.arg.string({ required: true }) },
    resolve: (_r, { json }, ctx) => requireLibrary(ctx).importDecisions(json),
  }),
);
