import type { Config } from '../config.js';
import type { FaceDatabase } from '../database/loader.js';
import { stashIdOf } from '../database/performer-id.js';
import { AppError, errorMessage } from '../errors.js';
import { ffmpegLocator, safeUrl, type FfmpegLocator } from '../frames/ffmpeg.js';
import { loadSpriteFrames, type SceneFrame } from '../frames/sprite.js';
import { extractFrames, frameTimes, MAX_FRAME_COUNT } from '../frames/stream.js';
import type { Logger } from '../log.js';
import { buildScenePersons, DEFAULT_SCENE_PERSONS, median, type SceneFace } from '../recognition/person.js';
import { meanEmbeddings } from '../vision/vectors.js';
import { sameStashId, type StashClient, type StashIdRef, type StashScene } from '../stash/client.js';
import { guardedFetch, type FetchPolicy } from '../stash/guarded-fetch.js';
import { cropRgb, type RgbImage } from '../vision/decode.js';
import type { DetectOptions } from '../vision/detectors/detection.js';
import type { AnalyzedFace, VisionEngine } from '../vision/engine.js';
import type { Box } from '../vision/geometry.js';
import { qualityRank } from '../vision/quality.js';
import { faceThumbnail } from '../vision/thumbnail.js';
import type { FramesMode, IdentifyRequest, IdentifyResult, MatchResult, PersonResult } from './types.js';

export interface SceneDeps {
  engine: VisionEngine;
  stash?: StashClient;
  config: Config;
  log: Logger;
  fetchPolicy: FetchPolicy;
  ffmpeg?: FfmpegLocator;
}

export interface SceneOptions {
  maxResults: number;
  minConfidence: number;
}

export const DEFAULT_FRAME_COUNT = 40;

/** What a watcher of one scene run is told (the progressive answer, `identifySceneProgress`). */
export interface SceneProgress {
  /** "sprite": the fast answer from the sprite sheet; "frames": full frames being read; "done". */
  stage: 'sprite' | 'frames' | 'done';
  frames_done: number;
  frames_total: number;
  /** true on the last event: `result` is the answer. */
  final: boolean;
  /** The answer so far when it changed (null on progress-only events): the sprite's, then persons from the frames
   * read so far, then the final one. */
  result: IdentifyResult | null;
}

/** Optional hooks of one run: cancel, progress, partial answers. */
export interface SceneHooks {
  signal?: AbortSignal;
  onFrames?(done: number, total: number): void;
  /** Persons from the frames read so far, every `partialEvery` frames. */
  onPartial?(result: IdentifyResult): void;
  partialEvery?: number;
  /** The scene, when the caller has already asked Stash for it. */
  scene?: StashScene;
}
/**
 * Detector score floors. YuNet's default (0.85) was tuned on photos. On the synthetic benchmark's tiles (detector
 * input 320) it finds 78% of the faces, at 0.5 92% (at 0.3, 94% but the first false faces); false faces that real
 * scenes have end up in small persons that are reported as low-evidence, not named. In 1080p frames 0.6 finds 99.8%
 * of the faces (0.85: 97%) with no false ones.
 */
export const SPRITE_MIN_SCORE = 0.5;
export const FRAME_MIN_SCORE = 0.6;
/**
 * Detector input for a tile: twice its long side (320 for Stash's 160x90). Upscaling helps landmarks
 * (RECOGNITION.md); measured on the synthetic sprites, 2x names the same performers as 4x (640) with per-face
 * rank-1 89.9% vs 88.7%, at a third of the detection time; it finds fewer of the 12-14 px faces, which cannot be
 * named anyway.
 */
function tileInputSize(image: RgbImage): number {
  return Math.min(640, Math.max(320, 2 * Math.max(image.width, image.height)));
}
/** Tiles analysed at once: enough for the batching runner to group same-shape detector inputs and face chips. */
const TILE_CONCURRENCY = 16;
/**
 * ffmpeg processes at once: for close frames, each reads one span of them straight through (stream.ts). Measured
 * on the 40-frame 1080p H.264 MP4 scene on 2 cores: 2 and 3 give the same final answer time (8.6-9.2 s), 2 with
 * fewer processes competing with detection.
 */
const FFMPEG_CONCURRENCY = 2;
const PROGRESS_EVERY_MS = 1000;

/** A face kept for clustering, with a small crop around it for the person's thumbnail. */
interface FoundFace extends SceneFace {
  time: number;
  face: AnalyzedFace;
  /** The face's surroundings (a tile, or a crop of a full frame) and the face box within it. */
  crop: RgbImage;
  cropBox: Box;
}

/** Identifies the persons of a Stash scene (by id) or of a sprite sheet with its VTT. */
export class SceneIdentifier {
  private readonly ffmpeg: FfmpegLocator;

  constructor(private readonly deps: SceneDeps) {
    this.ffmpeg = deps.ffmpeg ?? ffmpegLocator(deps.config.ffmpegPath);
  }

  /**
   * The progressive answer: the sprite sheet's persons first (about two seconds), then full frames with progress
   * and partial persons, then the final answer. Aborting `signal` stops at once (ffmpeg killed, no more detection).
   * Without ffmpeg or a playable file (or with frames_mode SPRITE) the sprite answer is the final one; without a
   * sprite sheet the frames come straight away.
   */
  async identifyProgressive(request: IdentifyRequest, db: FaceDatabase, options: SceneOptions, emit: (event: SceneProgress) => void, signal: AbortSignal): Promise<void> {
    if (!request.scene_id) throw new AppError('BAD_USER_INPUT', 'The progressive answer needs a scene_id.');
    const scene = await this.requireStash().findScene(String(request.scene_id));
    const requested: FramesMode = request.frames_mode ?? 'AUTO';
    const frames = requested !== 'SPRITE' && (await this.chooseMode(requested, scene)) === 'FRAMES';
    let sprite: IdentifyResult | null = null;
    // The sprite first whatever the mode asked for: seconds to a first answer while the frames are read.
    if (scene.paths.vtt) {
      emit({ stage: 'sprite', frames_done: 0, frames_total: 0, final: false, result: null });
      try {
        sprite = await this.identify({ ...request, frames_mode: 'SPRITE' }, db, options, { signal, scene });
      } catch (e) {
        if (!frames || signal.aborted) throw e;
        this.deps.log.warn('sprite answer failed; going on with frames', { scene_id: scene.id, error: errorMessage(e) });
      }
      if (!frames) {
        emit({ stage: 'done', frames_done: sprite?.frames_used ?? 0, frames_total: sprite?.frames_used ?? 0, final: true, result: sprite });
        return;
      }
      emit({ stage: 'sprite', frames_done: 0, frames_total: 0, final: false, result: sprite });
    }
    let total = 0, done = 0;
    const result = await this.identify({ ...request, frames_mode: 'FRAMES' }, db, options, {
      signal,
      scene,
      partialEvery: 10,
      onFrames: (d, t) => {
        done = d;
        total = t;
        // Progress alone (persons come every few frames, not with each frame: thumbnails weigh kilobytes).
        emit({ stage: 'frames', frames_done: d, frames_total: t, final: false, result: null });
      },
      onPartial: (r) => {
        emit({ stage: 'frames', frames_done: done, frames_total: total, final: false, result: r });
      },
    });
    emit({ stage: 'done', frames_done: result.frames_used, frames_total: total || result.frames_used, final: true, result });
  }

  async identify(request: IdentifyRequest, db: FaceDatabase, options: SceneOptions, hooks: SceneHooks = {}): Promise<IdentifyResult> {
    const frameCount = request.frame_count ?? DEFAULT_FRAME_COUNT;
    if (!Number.isInteger(frameCount) || frameCount < 1 || frameCount > MAX_FRAME_COUNT) {
      throw new AppError('BAD_USER_INPUT', `frame_count must be a whole number from 1 to ${MAX_FRAME_COUNT} (got ${frameCount}).`);
    }
    const requested: FramesMode = request.frames_mode ?? 'AUTO';
    const timer = new SpanTimer();
    const progress = new Progress(this.deps.log, request.scene_id ? { scene_id: request.scene_id } : { vtt_url: safeUrl(request.vtt_url ?? '') });
    try {
      const faces: FoundFace[] = [];
      let mode: FramesMode;
      let framesUsed: number;
      let tagged: StashIdRef[] | null = null;
      if (request.scene_id) {
        const stash = this.requireStash();
        const scene = hooks.scene ?? (await timer.span('stash', () => stash.findScene(String(request.scene_id))));
        tagged = scene.performers.flatMap((p) => p.stash_ids.map((s) => ({ endpoint: s.endpoint, stash_id: s.stash_id })));
        mode = await this.chooseMode(requested, scene);
        progress.set({ mode });
        if (mode === 'FRAMES') {
          try {
            framesUsed = await this.analyseStream(scene, frameCount, timer, progress, faces, {
              ...hooks,
              onPartial: hooks.onPartial && (async () => hooks.onPartial!(await this.partialResult(db, faces, options, tagged, 'FRAMES'))),
            });
          } catch (e) {
            if (requested !== 'AUTO' || !(e instanceof AppError) || e.code !== 'FFMPEG_FAILED' || hooks.signal?.aborted) throw e;
            this.deps.log.warn('scene frames could not be extracted; using the sprite sheet', { scene_id: scene.id, reason: e.message });
            mode = 'SPRITE';
            faces.length = 0;
            framesUsed = await this.analyseSprite(this.sceneSprite(scene), timer, progress, faces, hooks.signal);
          }
        } else {
          framesUsed = await this.analyseSprite(this.sceneSprite(scene), timer, progress, faces, hooks.signal);
        }
      } else {
        if (!request.vtt_url) throw new AppError('BAD_USER_INPUT', 'sprite_url needs vtt_url too (the WebVTT file that maps tiles to times).');
        if (requested === 'FRAMES') throw new AppError('BAD_USER_INPUT', 'frames_mode FRAMES needs a scene_id (frames are extracted from the scene stream).');
        mode = 'SPRITE';
        framesUsed = await this.analyseSprite({ vttUrl: request.vtt_url, spriteUrl: request.sprite_url ?? undefined }, timer, progress, faces, hooks.signal);
      }
      hooks.signal?.throwIfAborted();
      progress.set({ stage: 'cluster', faces: faces.length });
      const persons = await this.persons(db, faces, options, tagged, timer);
      const elapsed = progress.elapsed();
      if (elapsed >= PROGRESS_EVERY_MS) {
        this.deps.log.info('scene identified', { ...progress.fields(), persons: persons.length, ms: Math.round(elapsed) });
      }
      const frameStep = progress.fields().frame_step as number | undefined;
      return { persons, source: mode, frames_used: framesUsed, frame_step: frameStep ?? null, database_version: db.version, timings: timer.list(), tagged: tagged ?? undefined };
    } finally {
      progress.stop();
    }
  }

  /**
   * The full-resolution frame at `time` of a scene (the frame on screen): one exact seek through the stream relay,
   * as FRAMES mode reads frames.
   */
  async frameAt(sceneId: string, time: number, signal?: AbortSignal): Promise<{ image: RgbImage; time: number }> {
    const scene = await this.requireStash().findScene(sceneId);
    const duration = scene.files[0]?.duration ?? 0;
    if (!scene.paths.stream || !(duration > 0)) throw new AppError('BAD_USER_INPUT', `Scene ${scene.id} has no video file to take a frame from.`);
    if (!(time >= 0 && time <= duration)) throw new AppError('BAD_USER_INPUT', `frame_time must be between 0 and the scene's ${duration.toFixed(1)} s (got ${time}).`);
    const ffmpeg = await this.ffmpeg.require();
    let found: { image: RgbImage; time: number } | undefined;
    await extractFrames(ffmpeg, this.onStash(scene.paths.stream), [Math.min(time, Math.max(0, duration - 0.05))], {
      concurrency: 1,
      signal,
      timeoutMs: this.deps.config.fetchTimeoutMs,
      relay: { origin: this.deps.config.stashUrl ? new URL(this.deps.config.stashUrl).origin : '', apiKey: this.deps.config.stashApiKey },
      exact: true,
      onFrame: async (frame) => void (found = frame),
    });
    if (!found) throw new AppError('NOT_FOUND', `Scene ${scene.id} has no frame at ${time.toFixed(2)} s.`);
    return found;
  }

  /** Persons from the faces found so far (a copy: extraction goes on adding to `faces`). */
  private async partialResult(db: FaceDatabase, faces: FoundFace[], options: SceneOptions, tagged: StashIdRef[] | null, mode: FramesMode): Promise<IdentifyResult> {
    const snapshot = faces.slice();
    const timer = new SpanTimer();
    const persons = await this.persons(db, snapshot, options, tagged, timer);
    return { persons, source: mode, frames_used: new Set(snapshot.map((f) => f.frame)).size, database_version: db.version, timings: timer.list() };
  }

  private requireStash(): StashClient {
    if (!this.deps.stash) throw new AppError('BAD_USER_INPUT', 'Stash ids need STASH_URL to be configured on the sidecar.');
    return this.deps.stash;
  }

  private async chooseMode(requested: FramesMode, scene: StashScene): Promise<FramesMode> {
    if (requested === 'SPRITE') return 'SPRITE';
    const file = scene.files[0];
    const playable = !!scene.paths.stream && !!file && file.duration > 0;
    if (requested === 'FRAMES') {
      if (!playable) throw new AppError('BAD_USER_INPUT', `Scene ${scene.id} has no video file with a duration to extract frames from.`);
      await this.ffmpeg.require();
      return 'FRAMES';
    }
    return playable && (await this.ffmpeg.status()).path ? 'FRAMES' : 'SPRITE';
  }

  private sceneSprite(scene: StashScene): { vttUrl: string; spriteUrl?: string; sceneId: string } {
    if (!scene.paths.vtt) throw new AppError('NOT_FOUND', `Scene ${scene.id} has no sprite sheet in Stash (Tasks > Generate > Sprites).`);
    return { vttUrl: this.onStash(scene.paths.vtt), spriteUrl: scene.paths.sprite ? this.onStash(scene.paths.sprite) : undefined, sceneId: scene.id };
  }

  /**
   * Stash writes absolute URLs with the host it believes it has; the sidecar may reach it under another name
   * (a container network). Paths on another origin are taken to be Stash's own and moved onto STASH_URL.
   */
  private onStash(url: string): string {
    const base = this.deps.config.stashUrl;
    if (!base) return url;
    try {
      const u = new URL(url, base);
      const b = new URL(base);
      if (u.origin === b.origin) return u.toString();
      const prefix = b.pathname.replace(/\/+$/, '');
      return new URL(`${prefix}${u.pathname.startsWith(prefix + '/') ? u.pathname.slice(prefix.length) : u.pathname}${u.search}`, b.origin).toString();
    } catch {
      return url;
    }
  }

  private async analyseSprite(
    source: { vttUrl: string; spriteUrl?: string; sceneId?: string },
    timer: SpanTimer,
    progress: Progress,
    out: FoundFace[],
    signal?: AbortSignal,
  ): Promise<number> {
    progress.set({ stage: 'fetch' });
    const frames = await loadSpriteFrames(
      source,
      {
        fetch: async (url, what) => {
          try {
            return await guardedFetch(url, this.deps.fetchPolicy, what);
          } catch (e) {
            // Stash answers 404 until sprites are generated for the scene.
            if (source.sceneId && e instanceof AppError && e.code === 'FETCH_FAILED' && e.extensions.status === 404) {
              throw new AppError('NOT_FOUND', `Scene ${source.sceneId} has no ${what} in Stash yet (Tasks > Generate > Sprites).`);
            }
            throw e;
          }
        },
        decode: (bytes) => this.deps.engine.decode(bytes),
      },
      { fetch: (ms) => timer.add('fetch', ms), decode: (ms) => timer.add('decode', ms) },
    );
    progress.set({ stage: 'detect', frames_total: frames.length, frames_done: 0, frame_step: medianStep(frames.map((f) => f.time)) });
    let next = 0, done = 0;
    const worker = async () => {
      while (next < frames.length) {
        signal?.throwIfAborted();
        const frame = frames[next++];
        for (const face of await this.analyseFrame(frame, { minScore: SPRITE_MIN_SCORE, inputSize: tileInputSize(frame.image) }, timer)) {
          out.push({ ...face, crop: frame.image, cropBox: face.face.box });
        }
        progress.set({ frames_done: ++done, faces: out.length });
      }
    };
    await Promise.all(Array.from({ length: TILE_CONCURRENCY }, worker));
    return frames.length;
  }

  private async analyseStream(
    scene: StashScene,
    count: number,
    timer: SpanTimer,
    progress: Progress,
    out: FoundFace[],
    hooks: Omit<SceneHooks, 'onPartial'> & { onPartial?: () => Promise<void> } = {},
  ): Promise<number> {
    const ffmpeg = await this.ffmpeg.require();
    const url = this.onStash(scene.paths.stream!);
    const stashOrigin = this.deps.config.stashUrl ? new URL(this.deps.config.stashUrl).origin : '';
    const times = frameTimes(scene.files[0].duration, count);
    progress.set({ stage: 'extract', frames_total: times.length, frames_done: 0, frame_step: medianStep(times) });
    let done = 0;
    const extractStarts = new Map<number, number>();
    const delivered = await extractFrames(ffmpeg, url, times, {
      concurrency: FFMPEG_CONCURRENCY,
      signal: hooks.signal,
      timeoutMs: this.deps.config.fetchTimeoutMs,
      // ffmpeg reads through a loopback relay that alone holds the key and stays on Stash's origin.
      relay: { origin: stashOrigin, apiKey: this.deps.config.stashApiKey },
      onStart: (index) => extractStarts.set(index, performance.now()),
      onFrame: async (frame) => {
        hooks.signal?.throwIfAborted();
        timer.record('fetch', extractStarts.get(frame.index) ?? performance.now(), performance.now());
        const found = await this.analyseFrame(frame, { minScore: FRAME_MIN_SCORE }, timer);
        for (const face of found) {
          const { crop, box } = thumbnailCrop(frame.image, face.face.box);
          out.push({ ...face, crop, cropBox: box });
        }
        progress.set({ frames_done: ++done, faces: out.length });
        hooks.onFrames?.(done, times.length);
        if (hooks.onPartial && hooks.partialEvery && done % hooks.partialEvery === 0 && done < times.length) await hooks.onPartial();
      },
      onError: (time, e) => this.deps.log.warn('frame extraction failed', { scene_id: scene.id, time, error: errorMessage(e) }),
    });
    return delivered;
  }

  /** Detects and embeds the faces of one frame or tile. */
  private async analyseFrame(frame: SceneFrame, detect: DetectOptions, timer: SpanTimer): Promise<Array<Omit<FoundFace, 'crop' | 'cropBox'>>> {
    const detections = await timer.span('detect', () => this.deps.engine.detect(frame.image, detect));
    if (detections.length === 0) return [];
    const faces = await timer.span('embed', () => Promise.all(detections.map((d) => this.deps.engine.embed(frame.image, d))));
    return faces.map((face) => ({ frame: frame.index, time: frame.time, embeddings: face.embeddings, size: face.quality.size, face }));
  }

  private async persons(
    db: FaceDatabase,
    faces: FoundFace[],
    options: SceneOptions,
    tagged: StashIdRef[] | null,
    timer: SpanTimer,
  ): Promise<PersonResult[]> {
    const found = buildScenePersons(db, faces, { ...DEFAULT_SCENE_PERSONS, ...options }, {
      cluster: (ms) => timer.add('cluster', ms),
      search: (ms) => timer.add('search', ms),
    });
    return timer.span('thumbnail', () =>
      Promise.all(
        found.map(async (person, i): Promise<PersonResult> => {
          const mine = person.faces.map((k) => faces[k]);
          const best = mine.reduce((a, b) => (qualityRank(b.face.quality) > qualityRank(a.face.quality) ? b : a));
          const times = [...new Set(mine.map((f) => roundTime(f.time)))].sort((a, b) => a - b);
          return {
            id: `person-${i + 1}`,
            box: null,
            face_count: person.frames.length,
            timestamps: times,
            face_size: Math.round(best.face.quality.size),
            detection_score: best.face.score,
            thumbnail: await faceThumbnail(best.crop, best.cropBox),
            low_evidence: person.lowEvidence,
            embeddings: meanEmbeddings(mine.map((f) => f.embeddings)),
            search_size: median(mine.map((f) => f.size)),
            faces: mine.length,
            matches: person.matches.map(
              (m): MatchResult => ({
                performer: m.performer,
                confidence: m.confidence,
                distance: m.distance,
                already_tagged: tagged ? tagged.some((t) => sameStashId(t, { endpoint: m.performer.endpoint, stash_id: stashIdOf(m.performer.id) })) : null,
              }),
            ),
          };
        }),
      ),
    );
  }
}

/** The spacing of the sampled times (sprite cues or frame steps): how far apart one appearance's frames are. */
function medianStep(times: readonly number[]): number | undefined {
  const sorted = [...times].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((t, i) => t - sorted[i]).filter((g) => g > 0).sort((a, b) => a - b);
  return gaps.length ? Math.round(gaps[Math.floor(gaps.length / 2)] * 1000) / 1000 : undefined;
}

function roundTime(t: number): number {
  return Math.round(t * 100) / 100;
}

/** The region a thumbnail shows (faceThumbnail's margin and then some), so a 1080p frame need not be kept. */
function thumbnailCrop(image: RgbImage, box: Box): { crop: RgbImage; box: Box } {
  const side = Math.max(box.width, box.height) * 2;
  const x = Math.max(0, Math.floor(box.x + box.width / 2 - side / 2));
  const y = Math.max(0, Math.floor(box.y + box.height / 2 - side / 2));
  const crop = cropRgb(image, x, y, side, side);
  return { crop, box: { x: box.x - x, y: box.y - y, width: box.width, height: box.height } };
}

/**
 * Wall-clock time per stage when stages overlap (tiles and frames are analysed concurrently): the length of the
 * union of the intervals spent in each stage, so "detect" says how long detection held up the request.
 */
export class SpanTimer {
  private readonly intervals = new Map<string, Array<[number, number]>>();
  private readonly started = performance.now();

  async span<T>(stage: string, fn: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      this.record(stage, start, performance.now());
    }
  }

  /** A stage that ran alone for `ms` until now. */
  add(stage: string, ms: number): void {
    const end = performance.now();
    this.record(stage, end - ms, end);
  }

  record(stage: string, start: number, end: number): void {
    const list = this.intervals.get(stage) ?? [];
    list.push([start, end]);
    this.intervals.set(stage, list);
  }

  list(): Array<{ stage: string; ms: number }> {
    const out = [...this.intervals].map(([stage, list]) => ({ stage, ms: round(unionLength(list)) }));
    out.push({ stage: 'total', ms: round(performance.now() - this.started) });
    return out;
  }
}

function unionLength(list: Array<[number, number]>): number {
  const sorted = [...list].sort((a, b) => a[0] - b[0]);
  let total = 0, end = -Infinity;
  for (const [s, e] of sorted) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** Logs where a scene identify stands once a second while it runs (long scenes take several seconds). */
class Progress {
  private readonly state: Record<string, unknown> = {};
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly log: Logger, base: Record<string, unknown>) {
    Object.assign(this.state, base);
    this.timer = setInterval(() => this.log.info('identifying scene', this.fields()), PROGRESS_EVERY_MS);
    this.timer.unref();
  }

  set(fields: Record<string, unknown>): void {
    Object.assign(this.state, fields);
  }

  elapsed(): number {
    return performance.now() - this.started;
  }

  fields(): Record<string, unknown> {
    return { ...this.state, elapsed_ms: Math.round(this.elapsed()) };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
