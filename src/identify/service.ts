import sharp from 'sharp';
import type { Config } from '../config.js';
import type { DatabaseHolder } from '../database/holder.js';
import { AppError } from '../errors.js';
import type { Logger } from '../log.js';
import { matchEmbedding } from '../recognition/match.js';
import type { StashClient } from '../stash/client.js';
import { guardedFetch, type FetchPolicy } from '../stash/guarded-fetch.js';
import type { RgbImage } from '../vision/decode.js';
import type { VisionEngine } from '../vision/engine.js';
import { profileDetectOptions } from '../vision/profile.js';
import { faceThumbnail } from '../vision/thumbnail.js';
import { SceneIdentifier, type SceneProgress } from './scene.js';
import { StageTimer } from './timings.js';
import type { IdentifiedPerson, IdentifyOutcome, IdentifyRequest, IdentifyResult, PersonResult } from './types.js';

export interface IdentifyDeps {
  engine: VisionEngine;
  holder: DatabaseHolder;
  stash?: StashClient;
  config: Config;
  log: Logger;
}

export interface IdentifyOptions {
  maxResults: number;
  minConfidence: number;
}

/** Turns an identify request into persons with performer matches. */
export class IdentifyService {
  readonly fetchPolicy: FetchPolicy;
  private readonly scenes: SceneIdentifier;

  constructor(private readonly deps: IdentifyDeps) {
    const { config } = deps;
    this.fetchPolicy = {
      stashUrl: config.stashUrl,
      stashApiKey: config.stashApiKey,
      allowedOrigins: config.allowedImageOrigins,
      maxBytes: config.maxImageBytes,
      timeoutMs: config.fetchTimeoutMs,
    };
    this.scenes = new SceneIdentifier({ ...deps, fetchPolicy: this.fetchPolicy });
  }

  async identify(request: IdentifyRequest): Promise<IdentifyResult> {
    return (await this.run(request)).result;
  }

  /** identify, with each person's faces and mean embeddings (for code that hooks in after matching). */
  async run(request: IdentifyRequest): Promise<IdentifyOutcome> {
    const options = this.options(request);
    const sources = (['image_url', 'image', 'image_id', 'performer_id', 'scene_id', 'sprite_url'] as const).filter(
      (k) => request[k] !== undefined && request[k] !== null && request[k] !== '',
    );
    if (request.vtt_url && !request.sprite_url) throw new AppError('BAD_USER_INPUT', 'vtt_url needs sprite_url too.');
    if (sources.length !== 1) {
      throw new AppError(
        'BAD_USER_INPUT',
        sources.length === 0
          ? 'Give one of image_url, image, image_id, performer_id, scene_id, or sprite_url with vtt_url.'
          : `Give only one source; got ${sources.join(' and ')}.`,
      );
    }
    // Taken once: a reload mid-request does not change the database this request searches.
    const db = this.deps.holder.require();
    const atTime = request.scene_id && request.frame_time !== undefined && request.frame_time !== null;
    if (!atTime && (request.scene_id || request.sprite_url)) return { result: await this.scenes.identify(request, db, options), persons: [] };
    const timer = new StageTimer();
    // The frame on screen is searched as a photo is, face by face, with boxes.
    const frame = atTime ? await timer.time('fetch', () => this.scenes.frameAt(String(request.scene_id), request.frame_time!)) : undefined;
    const image = frame ? frame.image : await timer.time('decode', async () => this.deps.engine.decode(await timer.time('fetch', () => this.imageBytes(request))));
    // A photo is detected as the database's references were (its vision profile), so the same photo gives the same bits.
    const profile = db.profile?.profile ?? this.deps.engine.profile();
    const detections = await timer.time('detect', () => this.deps.engine.detect(image, profileDetectOptions(profile)));
    const faces = await timer.time('embed', () => Promise.all(detections.map((d) => this.deps.engine.embed(image, d))));
    faces.sort((a, b) => b.quality.size - a.quality.size);
    const persons: IdentifiedPerson[] = [];
    for (const [i, face] of faces.entries()) {
      const matches = timer.timeSync('search', () => matchEmbedding(db, face.embeddings, face.quality.size, options));
      const result: PersonResult = {
        id: `face-${i + 1}`,
        box: roundBox(face.box),
        face_count: 1,
        timestamps: frame ? [Math.round(frame.time * 100) / 100] : [],
        face_size: Math.round(face.quality.size),
        detection_score: face.score,
        thumbnail: await timer.time('thumbnail', () => faceThumbnail(image, face.box)),
        low_evidence: face.quality.size < 24,
        embeddings: face.embeddings,
        search_size: face.quality.size,
        faces: 1,
        matches: matches.map((m) => ({ performer: m.performer, confidence: m.confidence, distance: m.distance, already_tagged: null })),
      };
      persons.push({ result, faces: [face], embeddings: face.embeddings });
    }
    return {
      result: {
        persons: persons.map((p) => p.result),
        source: frame ? 'FRAMES' : null,
        frames_used: 1,
        database_version: db.version,
        timings: timer.list(),
        frame: frame ? { time: frame.time, width: image.width, height: image.height, image: await frameJpeg(image) } : null,
      },
      persons,
    };
  }

  /** A scene's progressive answer (sprite first, then full frames): see SceneIdentifier.identifyProgressive. */
  identifyProgressive(request: IdentifyRequest, emit: (event: SceneProgress) => void, signal: AbortSignal): Promise<void> {
    const options = this.options(request);
    const db = this.deps.holder.require();
    return this.scenes.identifyProgressive(request, db, options, emit, signal);
  }

  private options(request: IdentifyRequest): IdentifyOptions {
    const maxResults = request.max_results ?? this.deps.config.maxResults;
    const minConfidence = request.min_confidence ?? this.deps.config.minConfidence;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50) {
      throw new AppError('BAD_USER_INPUT', `max_results must be a whole number from 1 to 50 (got ${maxResults}).`);
    }
    if (!(minConfidence >= 0 && minConfidence <= 1)) {
      throw new AppError('BAD_USER_INPUT', `min_confidence must be between 0 and 1 (got ${minConfidence}).`);
    }
    return { maxResults, minConfidence };
  }

  private async imageBytes(request: IdentifyRequest): Promise<Uint8Array> {
    if (request.image) {
      if (request.image.size > this.deps.config.maxImageBytes) {
        throw new AppError('IMAGE_TOO_LARGE', `The upload is ${request.image.size} bytes, above the ${this.deps.config.maxImageBytes}-byte limit (MAX_IMAGE_BYTES).`);
      }
      return new Uint8Array(await request.image.arrayBuffer());
    }
    if (request.image_url) return guardedFetch(request.image_url, this.fetchPolicy);
    const stash = this.requireStash();
    if (request.image_id) return guardedFetch(await stash.imageUrl(request.image_id), this.fetchPolicy);
    if (request.performer_id) return guardedFetch(await stash.performerImageUrl(request.performer_id), this.fetchPolicy, 'performer image');
    throw new AppError('BAD_USER_INPUT', 'Scenes and sprite sheets are not supported by this sidecar yet.');
  }

  requireStash(): StashClient {
    if (!this.deps.stash) throw new AppError('BAD_USER_INPUT', 'Stash ids need STASH_URL to be configured on the sidecar.');
    return this.deps.stash;
  }
}

/** The frame for the panel to draw its boxes on: 1280 px wide at most (boxes are scaled by the frame's width). */
async function frameJpeg(image: RgbImage): Promise<string> {
  const jpeg = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize({ width: Math.min(1280, image.width) })
    .jpeg({ quality: 80 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
}

function roundBox(b: { x: number; y: number; width: number; height: number }) {
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) };
}
