import { AppError } from '../../errors.js';
import { lookalikes } from '../../people/lookalikes.js';
import type { NameOutcome, PeopleService } from '../../people/service.js';
import { groupStashBoxMatches, stashBoxPerformer } from '../../people/stashbox-lookup.js';
import type { PerformerMatch } from '../../recognition/match.js';
import { FACE_GROUP_STATUSES, personKey, type FaceGroup, type MemberView } from '../../people/store.js';
import { builder } from '../builder.js';
import type { GraphQLContext } from '../context.js';
import { PerformerMatchRef } from './identify.js';
import { StashPerformerRef } from './library.js';
import { PerformerRef } from './performer.js';

export function requirePeople(ctx: GraphQLContext): PeopleService {
  if (!ctx.people) throw new AppError('STATE_ERROR', 'The state file could not be opened, so face groups are off: see health.warnings.');
  return ctx.people;
}

type GroupView = FaceGroup & { persons: number; items: number };

const FaceGroupStatusEnum = builder.enumType('FaceGroupStatus', { values: FACE_GROUP_STATUSES });

const FaceGroupPersonRef = builder.objectRef<MemberView>('FaceGroupPerson').implement({
  description: 'One kept person (a person of one scene, image or gallery) in a face group',
  fields: (t) => ({
    id: t.id({ description: 'scene:<id>:<person>, image:<id>:<person> or gallery:<id>:<person> (what faceGroupSplit takes)', resolve: (m) => personKey(m) }),
    scene_id: t.id({ nullable: true, resolve: (m) => (m.kind === 'scene' ? m.item_id : null) }),
    image_id: t.id({ nullable: true, resolve: (m) => (m.kind === 'image' ? m.item_id : null) }),
    gallery_id: t.id({ nullable: true, resolve: (m) => (m.kind === 'gallery' ? m.item_id : null) }),
    person_id: t.exposeID('person_id', { description: "The person's id in the scene's kept result (sceneFaces)" }),
    thumbnail: t.exposeString('thumbnail', { nullable: true, description: 'The best face as a JPEG data URL' }),
    timestamps: t.exposeFloatList('timestamps'),
    face_count: t.exposeInt('face_count'),
    face_size: t.exposeInt('face_size'),
  }),
});

const FaceGroupRef = builder.objectRef<GroupView>('FaceGroup').implement({
  description: 'Kept persons of several scenes and images thought to be one person no performer was matched to',
  fields: (t) => ({
    id: t.id({ resolve: (g) => String(g.id) }),
    status: t.field({ type: FaceGroupStatusEnum, resolve: (g) => g.status }),
    manual: t.exposeBoolean('manual', { description: 'Merged or split by hand: a recluster leaves it as it is' }),
    person_count: t.int({ resolve: (g) => g.persons }),
    item_count: t.int({ description: 'Scenes and images the group appears in', resolve: (g) => g.items }),
    stash_performer_id: t.exposeID('stash_performer_id', { nullable: true, description: 'The Stash performer it was named after' }),
    performer: t.field({ type: PerformerRef, nullable: true, resolve: (g) => g.performer }),
    persons: t.field({
      type: [FaceGroupPersonRef],
      description: 'Its persons, most faces first (the face grid)',
      args: { limit: t.arg.int({ defaultValue: 100 }) },
      resolve: (g, { limit }, ctx) => requirePeople(ctx).members(g.id).slice(0, Math.max(0, limit ?? 100)),
    }),
    created_at: t.exposeString('created_at'),
    updated_at: t.exposeString('updated_at'),
  }),
});

function view(people: PeopleService, g: FaceGroup): GroupView {
  const c = people.store.counts().get(g.id);
  return { ...g, persons: c?.persons ?? 0, items: c?.items ?? 0 };
}

const FaceGroupFilterRef = builder.inputType('FaceGroupFilterType', {
  fields: (t) => ({
    status: t.field({ type: [FaceGroupStatusEnum], description: 'Default: UNNAMED and NAMED (ignored groups only when asked for)' }),
    min_persons: t.int({ description: 'Groups of at least this many persons' }),
    page: t.int({ defaultValue: 1 }),
    per_page: t.int({ defaultValue: 40, description: '-1: all' }),
    update: t.boolean({ defaultValue: true, description: 'Group the persons kept since the last call first (incremental)' }),
  }),
});

const FindFaceGroupsRef = builder.objectRef<{ count: number; groups: GroupView[] }>('FindFaceGroupsResultType').implement({
  fields: (t) => ({ count: t.exposeInt('count'), face_groups: t.field({ type: [FaceGroupRef], resolve: (r) => r.groups }) }),
});

builder.queryField('findFaceGroups', (t) =>
  t.field({
    type: FindFaceGroupsRef,
    description: 'Unknown persons grouped across the library, most scenes first',
    args: { filter: t.arg({ type: FaceGroupFilterRef }) },
    resolve: (_r, { filter }, ctx) => {
      const people = requirePeople(ctx);
      if (filter?.update ?? true) people.update();
      return people.findGroups({ status: filter?.status, min_persons: filter?.min_persons, page: filter?.page, per_page: filter?.per_page });
    },
  }),
);

builder.queryField('findFaceGroup', (t) =>
  t.field({
    type: FaceGroupRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, { id }, ctx) => {
      const people = requirePeople(ctx);
      const g = people.store.group(Number(id));
      return g ? view(people, g) : null;
    },
  }),
);

const GroupingOutcomeRef = builder
  .objectRef<ReturnType<PeopleService['update']>>('FaceGroupingOutcome')
  .implement({
    fields: (t) => ({
      full: t.exposeBoolean('full'),
      new_persons: t.exposeInt('new_persons'),
      joined: t.exposeInt('joined', { description: 'Persons that joined a group' }),
      groups_started: t.exposeInt('groups_started'),
      removed: t.exposeInt('removed', { description: 'Members gone (re-analysed, deleted or now known)' }),
      ms: t.exposeFloat('ms'),
    }),
  });

builder.mutationField('faceGroupsRecluster', (t) =>
  t.field({
    type: GroupingOutcomeRef,
    description: 'Regroups every unknown person; named, ignored and hand-edited groups stay as they are',
    resolve: (_r, _a, ctx) => requirePeople(ctx).update({ full: true }),
  }),
);

const NameInputRef = builder.inputType('FaceGroupNameInput', {
  fields: (t) => ({
    group_id: t.id({ required: true }),
    stash_performer_id: t.id({ description: 'Link to this existing Stash performer' }),
    name: t.string({ description: 'Create a Stash performer of this name (unless one of that name or alias exists: NEEDS_LINK)' }),
    stash_box_performer_id: t.id({
      description:
        'A performer of the shared database (stashdb.org:<uuid>, from faceGroupStashBoxMatches): the Stash performer with that stash id, else one is created from the StashDB record (NEEDS_LINK when one of that name or alias exists; with stash_performer_id, that one is linked and given the stash id)',
    }),
  }),
});

const NameStatusEnum = builder.enumType('FaceGroupNameStatus', { values: ['NAMED', 'NEEDS_LINK'] as const });

const NameOutcomeRef = builder.objectRef<NameOutcome & { view: GroupView }>('FaceGroupNameOutcome').implement({
  fields: (t) => ({
    status: t.field({ type: NameStatusEnum, resolve: (o) => o.status }),
    face_group: t.field({ type: FaceGroupRef, resolve: (o) => o.view }),
    candidates: t.field({ type: [StashPerformerRef], description: 'Performers of that name or alias already in Stash: link one', resolve: (o) => o.candidates }),
    suggestions_created: t.exposeInt('suggestions_created', { description: 'Scenes and images now in the review queue' }),
    created_performer: t.exposeBoolean('created_performer'),
  }),
});

builder.mutationField('faceGroupName', (t) =>
  t.field({
    type: NameOutcomeRef,
    description: 'Names a group after a Stash performer (linked or created, never duplicated); its scenes go to the review queue',
    args: { input: t.arg({ type: NameInputRef, required: true }) },
    resolve: async (_r, { input }, ctx) => {
      const people = requirePeople(ctx);
      people.require(String(input.group_id)); // an unknown group says so before a missing database does
      const box = input.stash_box_performer_id ? stashBoxPerformer(ctx.holder.require(), String(input.stash_box_performer_id)) : null;
      const o = await people.name({ group_id: String(input.group_id), stash_performer_id: input.stash_performer_id ? String(input.stash_performer_id) : null, name: input.name, stash_box_performer: box });
      return { ...o, view: view(people, o.group) };
    },
  }),
);

builder.mutationField('faceGroupIgnore', (t) =>
  t.field({
    type: [FaceGroupRef],
    description: 'Hides groups for good (ignored: false shows them again)',
    args: { ids: t.arg.idList({ required: true }), ignored: t.arg.boolean({ defaultValue: true }) },
    resolve: (_r, { ids, ignored }, ctx) => {
      const people = requirePeople(ctx);
      return people.ignore(ids.map(String), ignored ?? true).map((g) => view(people, g));
    },
  }),
);

builder.mutationField('faceGroupMerge', (t) =>
  t.field({
    type: FaceGroupRef,
    args: { source: t.arg.idList({ required: true }), destination: t.arg.id({ required: true }) },
    resolve: (_r, { source, destination }, ctx) => {
      const people = requirePeople(ctx);
      return view(people, people.merge(source.map(String), String(destination)));
    },
  }),
);

builder.mutationField('faceGroupSplit', (t) =>
  t.field({
    type: FaceGroupRef,
    description: 'Takes persons out of a group into a new group; returns the new group',
    args: { id: t.arg.id({ required: true }), person_ids: t.arg.idList({ required: true, description: 'FaceGroupPerson ids' }) },
    resolve: (_r, { id, person_ids }, ctx) => {
      const people = requirePeople(ctx);
      return view(people, people.split(String(id), person_ids.map(String)));
    },
  }),
);

builder.queryField('faceGroupStashBoxMatches', (t) =>
  t.field({
    type: [PerformerMatchRef],
    description:
      "A face group looked up on StashDB by its faces: its best persons searched together against the shared database only, best first (name the group with faceGroupName's stash_box_performer_id)",
    args: { id: t.arg.id({ required: true }), limit: t.arg.int({ defaultValue: 5 }) },
    resolve: (_r, { id, limit }, ctx) => {
      const people = requirePeople(ctx);
      people.require(String(id)); // an unknown group says so before a missing database does
      const found = groupStashBoxMatches(ctx.holder.require(), people, String(id), Math.min(20, Math.max(1, limit ?? 5)));
      return found.map((m) => ({ performer: m.performer, confidence: m.confidence, distance: m.distance, already_tagged: null }));
    },
  }),
);

const LookalikeRef = builder.objectRef<PerformerMatch>('Lookalike').implement({
  description: 'A performer whose template is near another performer\'s',
  fields: (t) => ({
    performer: t.field({ type: PerformerRef, resolve: (m) => m.performer }),
    confidence: t.exposeFloat('confidence', { description: "Calibrated confidence, as if the performer's template were a probe face" }),
    distance: t.exposeFloat('distance'),
  }),
});

builder.queryField('lookalikes', (t) =>
  t.field({
    type: [LookalikeRef],
    description: 'Performers of the loaded database nearest to a performer (a database id like stashdb.org:<uuid>, or a Stash performer id)',
    args: { performer_id: t.arg.id({ required: true }), limit: t.arg.int({ defaultValue: 10 }) },
    resolve: (_r, { performer_id, limit }, ctx) =>
      lookalikes(ctx.galleries.require(), String(performer_id), Math.min(50, Math.max(1, limit ?? 10)), ctx.stash),
  }),
);
