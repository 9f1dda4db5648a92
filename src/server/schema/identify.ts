import { z } from 'zod';
import { MAX_FRAME_COUNT } from '../../frames/stream.js';
import type { FrameInfo, IdentifyRequest, IdentifyResult, MatchResult, PersonResult } from '../../identify/types.js';
import type { GraphQLContext } from '../context.js';
import type { Box } from '../../vision/geometry.js';
import { builder } from '../builder.js';
import { PerformerRef } from './performer.js';

export const FramesModeEnum = builder.enumType('FramesMode', {
  description: 'Which pictures of a scene to search',
  values: {
    SPRITE: { description: "The scene's sprite sheet (81 small tiles): fast, but faces are tiny" },
    FRAMES: { description: 'Full-resolution frames extracted with ffmpeg from the stream' },
    AUTO: { description: 'FRAMES when ffmpeg is available, else SPRITE' },
  } as const,
});

const BoxRef = builder.objectRef<Box>('Box').implement({
  description: 'A face box in pixels of the source image or frame',
  fields: (t) => ({
    x: t.exposeInt('x'),
    y: t.exposeInt('y'),
    width: t.exposeInt('width'),
    height: t.exposeInt('height'),
  }),
});

export const PerformerMatchRef = builder.objectRef<MatchResult>('PerformerMatch').implement({
  fields: (t) => ({
    performer: t.field({ type: PerformerRef, resolve: (m) => m.performer }),
    confidence: t.exposeFloat('confidence', {
      description: 'Calibrated probability (0..1) that this performer is the person, given the database size',
    }),
    distance: t.exposeFloat('distance', { description: "Cosine distance to the performer's template (primary model)" }),
    already_tagged: t.exposeBoolean('already_tagged', {
      nullable: true,
      description: 'For scenes: the performer is already on the scene in Stash',
    }),
  }),
});

export const PersonRef = builder.objectRef<PersonResult>('Person').implement({
  description: 'One face of an image, or one person seen across the frames of a scene (or the images of a gallery)',
  fields: (t) => ({
    id: t.exposeID('id'),
    box: t.field({ type: BoxRef, nullable: true, resolve: (p) => p.box }),
    face_count: t.exposeInt('face_count', { description: 'Frames this person was seen in' }),
    timestamps: t.exposeFloatList('timestamps', { description: 'Seconds into the scene where the person appears' }),
    face_size: t.exposeInt('face_size', { description: 'Face width in source pixels (of the best face)' }),
    detection_score: t.exposeFloat('detection_score'),
    thumbnail: t.exposeString('thumbnail', { nullable: true, description: 'The best face as a JPEG data URL' }),
    image_ids: t.idList({
      nullable: true,
      description: "A gallery's person (galleryFaces): the gallery's images it is in, the image of its best face first; null otherwise",
      resolve: (p) => p.image_ids ?? null,
    }),
    low_evidence: t.exposeBoolean('low_evidence', {
      description: 'Seen in too few frames or too small to name reliably',
    }),
    matches: t.field({
      type: [PerformerMatchRef],
      description: 'Best first; empty = unknown person',
      resolve: (p) => p.matches,
    }),
  }),
});

const StageTimingRef = builder.objectRef<{ stage: string; ms: number }>('StageTiming').implement({
  fields: (t) => ({ stage: t.exposeString('stage'), ms: t.exposeFloat('ms') }),
});

const FrameInfoRef = builder.objectRef<FrameInfo>('FrameInfo').implement({
  description: 'The frame a frame_time request searched; face boxes are in its pixels',
  fields: (t) => ({
    time: t.exposeFloat('time', { description: 'Where the frame is in the scene, in seconds' }),
    width: t.exposeInt('width'),
    height: t.exposeInt('height'),
    image: t.exposeString('image', { description: 'The frame as a JPEG data URL (at most 1280 px wide)' }),
  }),
});

export const IdentifyResultRef = builder.objectRef<IdentifyResult>('IdentifyResult').implement({
  fields: (t) => ({
    persons: t.field({ type: [PersonRef], resolve: (r) => r.persons }),
    source: t.field({ type: FramesModeEnum, nullable: true, resolve: (r) => r.source }),
    frames_used: t.exposeInt('frames_used'),
    database_version: t.exposeString('database_version', { nullable: true }),
    timings: t.field({ type: [StageTimingRef], resolve: (r) => r.timings }),
    frame_step: t.float({
      nullable: true,
      description: 'For scenes: seconds between the sampled pictures (sprite cues or frames); timestamps this far apart are one appearance',
      resolve: (r) => r.frame_step ?? null,
    }),
    frame: t.field({ type: FrameInfoRef, nullable: true, resolve: (r) => r.frame ?? null }),
  }),
});

/** The fields that each name a source; exactly one is given (vtt_url goes with sprite_url). */
export const IDENTIFY_SOURCES = ['image_url', 'image', 'image_id', 'performer_id', 'scene_id', 'sprite_url'] as const;

const given = (v: unknown) => v !== undefined && v !== null && v !== '';

/** Whole-input rules: exactly one source, and vtt_url only with sprite_url. */
const oneSource = z.looseObject({}).superRefine((input, ctx) => {
  if (given(input.vtt_url) && !given(input.sprite_url)) {
    ctx.addIssue({ code: 'custom', message: 'vtt_url needs sprite_url too.', path: ['vtt_url'] });
    return;
  }
  if (given(input.frame_time) && !given(input.scene_id)) {
    ctx.addIssue({ code: 'custom', message: 'frame_time needs scene_id (it is a time in that scene).', path: ['frame_time'] });
    return;
  }
  const sources = IDENTIFY_SOURCES.filter((k) => given(input[k]));
  if (sources.length === 1) return;
  ctx.addIssue({
    code: 'custom',
    message:
      sources.length === 0
        ? 'Give one of image_url, image, image_id, performer_id, scene_id, or sprite_url with vtt_url.'
        : `Give only one source; got ${sources.join(' and ')}.`,
  });
});

/** A whole number in a range, or unset; the message names the field and the range. */
const wholeIn = (field: string, min: number, max: number) =>
  z
    .number()
    .nullish()
    .refine((v) => v === null || v === undefined || (Number.isInteger(v) && v >= min && v <= max), {
      error: (issue) => `${field} must be a whole number from ${min} to ${max} (got ${String(issue.input)}).`,
    });

export const IdentifyInput = builder.inputType('IdentifyInput', {
  description:
    'Exactly one source: an image (URL or upload), a Stash image/performer/scene id, or a sprite sheet with its VTT (vtt_url only with sprite_url)',
  validate: oneSource,
  fields: (t) => ({
    image_url: t.string({ description: "An image on STASH_URL's origin or ALLOWED_IMAGE_ORIGINS" }),
    image: t.field({ type: 'File', description: 'An uploaded image (multipart request)' }),
    image_id: t.id({ description: 'A Stash image id' }),
    performer_id: t.id({ description: "A Stash performer id (its image is searched)" }),
    scene_id: t.id({ description: 'A Stash scene id' }),
    sprite_url: t.string({ description: 'A sprite sheet (needs vtt_url)' }),
    vtt_url: t.string({ description: 'The WebVTT file that maps the sprite tiles to times (needs sprite_url)' }),
    frames_mode: t.field({ type: FramesModeEnum, defaultValue: 'AUTO' }),
    frame_count: t.int({
      defaultValue: 40,
      description: `Frames to extract in FRAMES mode (1 to ${MAX_FRAME_COUNT})`,
      validate: wholeIn('frame_count', 1, MAX_FRAME_COUNT),
    }),
    frame_time: t.float({
      description: "With scene_id: only the full-resolution frame at this time (seconds; the player's frame on screen), face by face with boxes",
      validate: z.number().nullish().refine((v) => v === null || v === undefined || v >= 0, { error: (issue) => `frame_time must be 0 or more seconds (got ${String(issue.input)}).` }),
    }),
    max_results: t.int({ description: 'Matches per person, 1 to 50 (default MAX_RESULTS, 3)', validate: wholeIn('max_results', 1, 50) }),
    min_confidence: t.float({
      description: 'Minimum confidence of a match, 0 to 1 (default MIN_CONFIDENCE, 0.5)',
      validate: z
        .number()
        .nullish()
        .refine((v) => v === null || v === undefined || (v >= 0 && v <= 1), {
          error: (issue) => `min_confidence must be between 0 and 1 (got ${String(issue.input)}).`,
        }),
    }),
  }),
});

builder.queryField('identify', (t) =>
  t.field({
    type: IdentifyResultRef,
    description: 'Finds the faces in an image or scene and names them from the face database',
    args: { input: t.arg({ type: IdentifyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => answered(ctx, input, await ctx.identify.identify(input, ctx.request.signal)),
  }),
);

/**
 * A scene's or image's answer, as the page shows it: kept (the next visit shows it at once; a database update
 * re-matches it; its persons join the review queue) and without the performers the user rejected there.
 */
export async function answered(ctx: GraphQLContext, input: IdentifyRequest, result: IdentifyResult): Promise<IdentifyResult> {
  if (!ctx.library) return result;
  ctx.library.keepIdentified(input, result);
  return withoutRejected(ctx, input, result);
}

/** An answer (or a partial one) without the performers rejected on that scene or image. */
export function withoutRejected(ctx: GraphQLContext, input: IdentifyRequest, result: IdentifyResult): IdentifyResult {
  if (!ctx.library) return result;
  if (input.scene_id != null) return ctx.library.withoutRejected('scene', String(input.scene_id), result);
  if (input.image_id != null) return ctx.library.withoutRejected('image', String(input.image_id), result);
  return result;
}
