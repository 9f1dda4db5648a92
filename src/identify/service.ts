import type { Config } from '../config.js';
import { AppError, errorMessage } from '../errors.js';
import { ffmpegLocator, type FfmpegLocator } from '../frames/ffmpeg.js';
import { canReadFrames } from '../frames/scene-source.js';
import type { Frame, FrameSource, ProgressSink } from '../frames/source.js';
import type { Galleries } from '../galleries/galleries.js';
import { localOnlyEntries, type SearchableGallery } from '../galleries/searchable.js';
import type { Logger } from '../log.js';
import { buildScenePersons, DEFAULT_SCENE_PERSONS, median, type SceneFace } from '../recognition/person.js';
import type { StashClient, StashScene } from '../stash/client.js';
import { stashFetchPolicy, type FetchPolicy } from '../stash/guarded-fetch.js';
import { cropRgb, type RgbImage } from '../vision/decode.js';
import type { AnalyzedFace, VisionEngine } from '../vision/engine.js';
import type { Box } from '../vision/geometry.js';
import { qualityRank } from '../vision/quality.js';
import { faceThumbnail, frameJpeg, thumbnailSourceStep } from '../vision/thumbnail.js';
import { meanEmbeddings } from '../vision/vectors.js';
import { annotate } from './annotate.js';
import { ProgressReporter } from './progress.js';
import { resolveSource, sceneSourceDeps, type SourceDeps } from './sources.js';
import { SpanTimer } from './timings.js';
import type { IdentifiedPerson, IdentifyOutcome, IdentifyRequest, IdentifyResult, PersonResult, SceneProgress } from './types.js';

export interface IdentifyDeps {
  engine: VisionEngine;
  /** The shared database and the local gallery, searched as one. */
  galleries: Pick<Galleries, 'acquire'>;
  stash?: StashClient;
  config: Config;
  log: Logger;
  ffmpeg?: FfmpegLocator;
}

export interface IdentifyOptions {
  maxResults: number;
  minConfidence: number;
  /** Performers that are no candidate: a Stash performer's own local entry when its own photo is identified. */
  excludePerformers?: ReadonlySet<string>;
}

/** Optional hooks of one run: cancel, progress, partial answers. */
export interface RunHooks {
  /** The client's request: when it goes away the work stops at the next frame (nobody reads the answer). */
  signal?: AbortSignal;
  onFrames?(done: number, total: number): void;
  /** Persons from the frames read so far, every `partialEvery` frames (not after the last one: the answer comes). */
  onPartial?(result: IdentifyResult): void;
  partialEvery?: number;
  /** The scene, when the caller has already asked Stash for it. */
  scene?: StashScene;
}

/** Frames read between two partial answers of the progressive answer (thumbnails weigh kilobytes each). */
const PARTIAL_EVERY = 10;

/** What the frames delivered so far: their faces and times, and the frame itself when the answer carries it. */
interface FramesSeen {
  faces: FoundFace[];
  times: number[];
  frame?: Frame;
}

/** A face found in a frame, with a small crop around it for the person's thumbnail (a 1080p frame is not kept). */
interface FoundFace extends SceneFace {
  time: number;
  face: AnalyzedFace;
  crop: RgbImage;
  cropBox: Box;
}

/**
 * The identify use-case, one pipeline for every source: source -> frames -> faces -> persons -> matches ->
 * annotations. A single image is a one-frame scene: its faces are never one person, each person gets its own
 * performer, and each keeps its box. Input rules live on the schema's IdentifyInput; this gets valid input.
 */
export class IdentifyService {
  readonly fetchPolicy: FetchPolicy;
  private readonly ffmpeg: FfmpegLocator;

  constructor(private readonly deps: IdentifyDeps) {
    const { config } = deps;
    this.fetchPolicy = stashFetchPolicy(config, config.allowedImageOrigins);
    this.ffmpeg = deps.ffmpeg ?? ffmpegLocator(config.ffmpegPath);
  }

  /** `signal`: the client's request; when it goes away the work stops at the next frame (nobody reads the answer). */
  async identify(request: IdentifyRequest, signal?: AbortSignal): Promise<IdentifyResult> {
    return (await this.run(request, { signal })).result;
  }

  /** identify, with each person's faces and mean embeddings (for code that hooks in after matching). */
  async run(request: IdentifyRequest, hooks: RunHooks = {}): Promise<IdentifyOutcome> {
    // Taken once: a reload mid-request does not change (or free) the galleries this request searches.
    const lease = this.deps.galleries.acquire();
    try {
      return await this.runWith(lease.db, request, hooks);
    } finally {
      lease.release();
    }
  }

  /**
   * A scene's progressive answer: the sprite sheet's persons first (about two seconds), then full frames with
   * progress and partial persons, then the final answer. Aborting `signal` stops at once (ffmpeg killed, no more
   * detection). Without ffmpeg or a playable file (or with frames_mode SPRITE) the sprite answer is the final one;
   * without a sprite sheet the frames come straight away.
   */
  async identifyProgressive(request: IdentifyRequest, emit: (event: SceneProgress) => void, signal: AbortSignal): Promise<void> {
    if (!request.scene_id) throw new AppError('BAD_USER_INPUT', 'The progressive answer needs a scene_id.');
    if (!this.deps.stash) throw new AppError('BAD_USER_INPUT', 'Stash ids need STASH_URL to be configured on the sidecar.');
    const scene = await this.deps.stash.findScene(String(request.scene_id), signal);
    const requested = request.frames_mode ?? 'AUTO';
    const frames = requested === 'FRAMES' || (requested === 'AUTO' && (await canReadFrames(scene, sceneSourceDeps(this.sourceDeps(signal)))));
    let sprite: IdentifyResult | null = null;
    // The sprite first whatever the mode asked for: seconds to a first answer while the frames are read.
    if (scene.paths.vtt) {
      emit({ stage: 'sprite', frames_done: 0, frames_total: 0, final: false, result: null });
      try {
        sprite = (await this.run({ ...request, frames_mode: 'SPRITE' }, { signal, scene })).result;
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
    let result: IdentifyResult;
    try {
      ({ result } = await this.run(
        { ...request, frames_mode: 'FRAMES' },
        {
          signal,
          scene,
          partialEvery: PARTIAL_EVERY,
          onFrames: (d, t) => {
            done = d;
            total = t;
            // Progress alone (persons come every few frames, not with each frame).
            emit({ stage: 'frames', frames_done: d, frames_total: t, final: false, result: null });
          },
          onPartial: (r) => emit({ stage: 'frames', frames_done: done, frames_total: total, final: false, result: r }),
        },
      ));
    } catch (e) {
      // AUTO keeps the sprite answer when ffmpeg cannot read the file (as a one-shot AUTO run falls back to it).
      if (requested !== 'AUTO' || !sprite || signal.aborted || !(e instanceof AppError) || e.code !== 'FFMPEG_FAILED') throw e;
      this.deps.log.warn('scene frames could not be extracted; the sprite answer stands', { scene_id: scene.id, reason: e.message });
      result = sprite;
    }
    emit({ stage: 'done', frames_done: result.frames_used, frames_total: total || result.frames_used, final: true, result });
  }

  private sourceDeps(signal?: AbortSignal, scene?: StashScene): SourceDeps {
    return { ...this.deps, fetchPolicy: this.fetchPolicy, ffmpeg: this.ffmpeg, signal, scene };
  }

  private async runWith(db: SearchableGallery, request: IdentifyRequest, hooks: RunHooks): Promise<IdentifyOutcome> {
    const timer = new SpanTimer();
    const resolved = await resolveSource(request, db, this.sourceDeps(hooks.signal, hooks.scene), timer);
    let { source } = resolved;
    const { tagged, fingerprint } = resolved;
    const options: IdentifyOptions = {
      maxResults: request.max_results ?? this.deps.config.maxResults,
      minConfidence: request.min_confidence ?? this.deps.config.minConfidence,
      excludePerformers: resolved.subject ? localOnlyEntries(db, resolved.subject) : undefined,
    };
    const progress = new ProgressReporter(this.deps.log, source.describe);
    let persons: IdentifiedPerson[] = [];
    const partial = hooks.onPartial
      ? async (snapshot: FramesSeen, framesSoFar: number) => {
          const found = await this.persons(db, source, snapshot.faces, framesSoFar, options, new SpanTimer());
          annotate(found, { tagged });
          hooks.onPartial!({
            persons: found.map((p) => p.result),
            source: source.mode,
            frames_used: framesSoFar,
            frame_step: medianStep(snapshot.times) ?? null,
            database_version: db.version,
            timings: [],
          });
        }
      : undefined;
    try {
      let seen: FramesSeen = { faces: [], times: [] };
      let framesUsed: number;
      try {
        framesUsed = await this.findFaces(source, seen, timer, progress, hooks, partial);
      } catch (e) {
        const fallback = hooks.signal?.aborted ? undefined : source.fallback?.(e);
        if (!fallback) throw e;
        source = fallback;
        seen = { faces: [], times: [] };
        progress.set(source.describe);
        framesUsed = await this.findFaces(source, seen, timer, progress, hooks, partial);
      }
      hooks.signal?.throwIfAborted();
      progress.set({ stage: 'cluster', faces: seen.faces.length });
      persons = await this.persons(db, source, seen.faces, framesUsed, options, timer);
      annotate(persons, { tagged });
      const frame = seen.frame;
      const result: IdentifyResult = {
        persons: persons.map((p) => p.result),
        source: source.mode,
        frames_used: framesUsed,
        frame_step: source.timed ? (medianStep(seen.times) ?? null) : null,
        database_version: db.version,
        timings: timer.list(),
        frame: frame ? { time: frame.time, width: frame.image.width, height: frame.image.height, image: await frameJpeg(frame.image) } : null,
        ...(tagged ? { tagged: tagged.stash_ids } : {}),
        ...(fingerprint ? { fingerprint } : {}),
      };
      return { result, persons };
    } finally {
      progress.finish({ persons: persons.length });
    }
  }

  /** Frames -> faces: detect (as the source says) and embed every face of every frame the source delivers. */
  private findFaces(
    source: FrameSource,
    seen: FramesSeen,
    timer: SpanTimer,
    progress: ProgressReporter,
    hooks: RunHooks,
    partial?: (snapshot: FramesSeen, framesSoFar: number) => Promise<void>,
  ): Promise<number> {
    const { engine } = this.deps;
    const out = seen.faces;
    let done = 0, total = 0;
    // The source says how many frames it will deliver once it knows (after the VTT, or the frame times).
    const sink: ProgressSink = {
      set: (fields) => {
        if (typeof fields.frames_total === 'number') total = fields.frames_total;
        progress.set(fields);
      },
    };
    return source.run(
      async (frame: Frame) => {
        hooks.signal?.throwIfAborted();
        seen.times.push(frame.time);
        if (source.returnsFrame) seen.frame = frame;
        const detections = await timer.span('detect', () => engine.detect(frame.image, source.detectOptions(frame)));
        if (detections.length > 0) {
          const faces = await timer.span('embed', () => Promise.all(detections.map((d) => engine.embed(frame.image, d))));
          for (const face of faces) {
            const { crop, box } = thumbnailCrop(frame.image, face.box);
            out.push({ frame: frame.index, time: frame.time, embeddings: face.embeddings, size: face.quality.size, face, crop, cropBox: box });
          }
        }
        progress.set({ frames_done: ++done, faces: out.length });
        hooks.onFrames?.(done, total);
        // A copy: extraction goes on adding faces while the partial persons are built.
        if (partial && hooks.partialEvery && done % hooks.partialEvery === 0 && done < total) {
          await partial({ faces: out.slice(), times: seen.times.slice() }, done);
        }
      },
      timer,
      sink,
    );
  }

  /** Faces -> persons -> matches (one performer per person), shaped for the answer. */
  private async persons(
    db: SearchableGallery,
    source: FrameSource,
    faces: readonly FoundFace[],
    framesUsed: number,
    options: IdentifyOptions,
    timer: SpanTimer,
  ): Promise<IdentifiedPerson[]> {
    const found = buildScenePersons(db, faces, { ...DEFAULT_SCENE_PERSONS, ...options, framesAvailable: framesUsed }, {
      cluster: (ms) => timer.add('cluster', ms),
      search: (ms) => timer.add('search', ms),
    });
    const shaped = found.map((person) => {
      const mine = person.faces.map((k) => faces[k]);
      const best = mine.reduce((a, b) => (qualityRank(b.face.quality) > qualityRank(a.face.quality) ? b : a));
      return { person, mine, best };
    });
    // A scene's or a gallery's frames are one group: persons across them, no box (each frame has its own).
    const grouped = source.timed || !!source.pictures;
    // A single image lists its faces largest first, as before (face-1 is the biggest face); a scene strongest first.
    if (!grouped) shaped.sort((a, b) => b.best.face.quality.size - a.best.face.quality.size);
    return timer.span('thumbnail', () =>
      Promise.all(
        shaped.map(async ({ person, mine, best }, i): Promise<IdentifiedPerson> => {
          const result: PersonResult = {
            id: grouped ? `person-${i + 1}` : `face-${i + 1}`,
            box: grouped ? null : roundBox(best.face.box),
            face_count: person.frames.length,
            timestamps: source.timed ? [...new Set(mine.map((f) => roundTime(f.time)))].sort((a, b) => a - b) : [],
            face_size: Math.round(best.face.quality.size),
            detection_score: best.face.score,
            thumbnail: await faceThumbnail(best.crop, best.cropBox),
            low_evidence: person.lowEvidence,
            matches: person.matches.map((m) => ({ performer: m.performer, confidence: m.confidence, distance: m.distance, already_tagged: null })),
            ...(source.pictures ? { image_ids: picturesOf(source.pictures, best.frame, mine) } : {}),
          };
          const embeddings = meanEmbeddings(mine.map((f) => f.embeddings));
          // Kept results re-match with these alone after a database update (library runs).
          Object.assign(result, { embeddings, search_size: median(mine.map((f) => f.size)), faces: mine.length });
          return { result, faces: mine.map((f) => f.face), embeddings };
        }),
      ),
    );
  }
}

/** The pictures a person's faces are in: the best face's first (its thumbnail comes from there), then gallery order. */
function picturesOf(pictures: readonly string[], bestFrame: number, faces: ReadonlyArray<{ frame: number }>): string[] {
  const frames = [...new Set(faces.map((f) => f.frame))].filter((f) => f !== bestFrame).sort((a, b) => a - b);
  return [bestFrame, ...frames].map((f) => pictures[f]);
}

function roundBox(b: Box): Box {
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) };
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
  // Every face of every frame keeps one until the persons are known: a large face's is subsampled to about twice
  // the resolution its thumbnail needs, not held at the frame's (1 MB per face for a 300 px face in full frames).
  const step = thumbnailSourceStep(Math.max(box.width, box.height));
  const crop = cropRgb(image, x, y, side, side, step);
  return { crop, box: { x: (box.x - x) / step, y: (box.y - y) / step, width: box.width / step, height: box.height / step } };
}
