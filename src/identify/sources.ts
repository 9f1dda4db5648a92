import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { SearchableGallery } from '../galleries/searchable.js';
import { safeUrl, type FfmpegLocator } from '../frames/ffmpeg.js';
import { gallerySource } from '../frames/gallery-source.js';
import { imageSource, uploadBytes } from '../frames/image-source.js';
import { frameAtSource, sceneSource, spriteSource, type SceneSourceDeps } from '../frames/scene-source.js';
import type { FrameSource } from '../frames/source.js';
import type { Logger } from '../log.js';
import { sceneFingerprint, type StashClient, type StashScene } from '../stash/client.js';
import { guardedFetch, type FetchPolicy } from '../stash/guarded-fetch.js';
import type { VisionEngine } from '../vision/engine.js';
import { profileDetectOptions } from '../vision/profile.js';
import type { SpanTimer } from './timings.js';
import type { TaggedPerformers } from './annotate.js';
import type { IdentifyRequest } from './types.js';

export const DEFAULT_FRAME_COUNT = 40;

export interface SourceDeps {
  engine: VisionEngine;
  stash?: StashClient;
  config: Config;
  log: Logger;
  fetchPolicy: FetchPolicy;
  ffmpeg: FfmpegLocator;
  /** The client's request: when it goes away, Stash calls, downloads and ffmpeg stop. */
  signal?: AbortSignal;
  /** The scene, when the caller has already asked Stash for it (the progressive answer runs twice). */
  scene?: StashScene;
}

/** A request's pictures, and what Stash says is already on the scene (null when not a scene). */
export interface ResolvedSource {
  source: FrameSource;
  tagged: TaggedPerformers | null;
  /** A Stash scene's file fingerprint. */
  fingerprint?: string | null;
  /** A Stash performer's own image: the Stash performer id, whose local-gallery self is not a candidate. */
  subject?: string;
}

/** The scene-source settings a request's sources share. */
export function sceneSourceDeps(deps: SourceDeps): SceneSourceDeps {
  return {
    fetch: (url: string, what: string) => guardedFetch(url, deps.fetchPolicy, what, deps.signal),
    decode: (bytes: Uint8Array) => deps.engine.decode(bytes),
    ffmpeg: deps.ffmpeg,
    stashUrl: deps.config.stashUrl,
    stashApiKey: deps.config.stashApiKey,
    fetchTimeoutMs: deps.config.fetchTimeoutMs,
    log: deps.log,
    signal: deps.signal,
  };
}

/**
 * The request's one source (the schema's input rules guarantee exactly one) as frames: an image URL or upload, a
 * Stash image or performer (its image), a Stash scene (sprite or stream frames), or a sprite sheet with its VTT.
 */
export async function resolveSource(request: IdentifyRequest, db: SearchableGallery, deps: SourceDeps, timer: SpanTimer): Promise<ResolvedSource> {
  const { engine, config, signal } = deps;
  const decode = (bytes: Uint8Array) => engine.decode(bytes);
  const sceneDeps = sceneSourceDeps(deps);
  // A photo is detected as the database's references were (its vision profile): the same photo gives the same bits.
  const detect = profileDetectOptions(db.profile?.profile ?? engine.profile());
  if (request.scene_id) {
    const stash = requireStash(deps.stash);
    const scene = deps.scene ?? (await timer.span('stash', () => stash.findScene(String(request.scene_id), signal)));
    const tagged: TaggedPerformers = {
      stash_ids: scene.performers.flatMap((p) => p.stash_ids.map((s) => ({ endpoint: s.endpoint, stash_id: s.stash_id }))),
      ids: scene.performers.map((p) => p.id),
    };
    const source =
      request.frame_time !== undefined && request.frame_time !== null
        ? frameAtSource(scene, request.frame_time, detect, sceneDeps)
        : await sceneSource(scene, request.frames_mode ?? 'AUTO', request.frame_count ?? DEFAULT_FRAME_COUNT, sceneDeps);
    return { source, tagged, fingerprint: sceneFingerprint(scene) };
  }
  if (request.gallery) {
    const { gallery } = request;
    const tagged: TaggedPerformers = {
      stash_ids: gallery.performers.flatMap((p) => p.stash_ids.map((s) => ({ endpoint: s.endpoint, stash_id: s.stash_id }))),
      ids: gallery.performers.map((p) => p.id),
    };
    const source = gallerySource({
      pictures: gallery.pictures,
      fetch: (url) => guardedFetch(url, deps.fetchPolicy, 'gallery image', signal),
      decode,
      detect,
      describe: { gallery_id: gallery.id, images: gallery.pictures.length },
      log: deps.log,
    });
    return { source, tagged };
  }
  if (request.sprite_url) {
    if (!request.vtt_url) throw new AppError('BAD_USER_INPUT', 'sprite_url needs vtt_url too (the WebVTT file that maps tiles to times).');
    if (request.frames_mode === 'FRAMES') throw new AppError('BAD_USER_INPUT', 'frames_mode FRAMES needs a scene_id (frames are extracted from the scene stream).');
    return { source: spriteSource({ vttUrl: request.vtt_url, spriteUrl: request.sprite_url }, sceneDeps), tagged: null };
  }
  const image = (bytes: () => Promise<Uint8Array>, describe: Record<string, unknown>): ResolvedSource => ({
    source: imageSource({ bytes, decode, detect, describe }),
    tagged: null,
  });
  if (request.image) {
    const file = request.image;
    return image(() => uploadBytes(file, config.maxImageBytes), { upload: file.name || 'image' });
  }
  if (request.image_url) {
    const url = request.image_url;
    return image(() => guardedFetch(url, deps.fetchPolicy, 'image', signal), { image_url: safeUrl(url) });
  }
  const stash = requireStash(deps.stash);
  if (request.image_id) {
    const id = String(request.image_id);
    return image(async () => guardedFetch(await stash.imageUrl(id, signal), deps.fetchPolicy, 'image', signal), { image_id: id });
  }
  if (request.performer_id) {
    const id = String(request.performer_id);
    const resolved = image(async () => guardedFetch(await stash.performerImageUrl(id, signal), deps.fetchPolicy, 'performer image', signal), { performer_id: id });
    return { ...resolved, subject: id };
  }
  throw new AppError('BAD_USER_INPUT', 'Give one of image_url, image, image_id, performer_id, scene_id, or sprite_url with vtt_url.');
}

function requireStash(stash: StashClient | undefined): StashClient {
  if (!stash) throw new AppError('BAD_USER_INPUT', 'Stash ids need STASH_URL to be configured on the sidecar.');
  return stash;
}
