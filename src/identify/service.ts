import type { Config } from '../config.js';
import { ffmpegLocator, type FfmpegLocator } from '../frames/ffmpeg.js';
import type { Frame, FrameSource } from '../frames/source.js';
import type { Galleries } from '../galleries/galleries.js';
import type { SearchableGallery } from '../galleries/searchable.js';
import type { Logger } from '../log.js';
import { buildScenePersons, DEFAULT_SCENE_PERSONS, median, type SceneFace } from '../recognition/person.js';
import type { StashClient } from '../stash/client.js';
import type { FetchPolicy } from '../stash/guarded-fetch.js';
import { cropRgb, type RgbImage } from '../vision/decode.js';
import type { AnalyzedFace, VisionEngine } from '../vision/engine.js';
import type { Box } from '../vision/geometry.js';
import { qualityRank } from '../vision/quality.js';
import { faceThumbnail } from '../vision/thumbnail.js';
import { meanEmbeddings } from '../vision/vectors.js';
import { annotate } from './annotate.js';
import { ProgressReporter } from './progress.js';
import { resolveSource } from './sources.js';
import { SpanTimer } from './timings.js';
import type { IdentifiedPerson, IdentifyOutcome, IdentifyRequest, IdentifyResult, PersonResult } from './types.js';

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
    this.fetchPolicy = {
      stashUrl: config.stashUrl,
      stashApiKey: config.stashApiKey,
      allowedOrigins: config.allowedImageOrigins,
      maxBytes: config.maxImageBytes,
      timeoutMs: config.fetchTimeoutMs,
    };
    this.ffmpeg = deps.ffmpeg ?? ffmpegLocator(config.ffmpegPath);
  }

  /** `signal`: the client's request; when it goes away the work stops at the next frame (nobody reads the answer). */
  async identify(request: IdentifyRequest, signal?: AbortSignal): Promise<IdentifyResult> {
    return (await this.run(request, signal)).result;
  }

  /** identify, with each person's faces and mean embeddings (for code that hooks in after matching). */
  async run(request: IdentifyRequest, signal?: AbortSignal): Promise<IdentifyOutcome> {
    const options: IdentifyOptions = {
      maxResults: request.max_results ?? this.deps.config.maxResults,
      minConfidence: request.min_confidence ?? this.deps.config.minConfidence,
    };
    // Taken once: a reload mid-request does not change (or free) the galleries this request searches.
    const lease = this.deps.galleries.acquire();
    try {
      return await this.runWith(lease.db, request, options, signal);
    } finally {
      lease.release();
    }
  }

  private async runWith(db: SearchableGallery, request: IdentifyRequest, options: IdentifyOptions, signal?: AbortSignal): Promise<IdentifyOutcome> {
    const timer = new SpanTimer();
    let { source, tagged } = await resolveSource(request, db, { ...this.deps, fetchPolicy: this.fetchPolicy, ffmpeg: this.ffmpeg, signal }, timer);
    const progress = new ProgressReporter(this.deps.log, source.describe);
    let persons: IdentifiedPerson[] = [];
    try {
      let faces: FoundFace[] = [];
      let framesUsed: number;
      try {
        framesUsed = await this.findFaces(source, faces, timer, progress, signal);
      } catch (e) {
        const fallback = source.fallback?.(e);
        if (!fallback) throw e;
        source = fallback;
        faces = [];
        progress.set(source.describe);
        framesUsed = await this.findFaces(source, faces, timer, progress, signal);
      }
      progress.set({ stage: 'cluster', faces: faces.length });
      persons = await this.persons(db, source, faces, framesUsed, options, timer);
      annotate(persons, { tagged });
      const result: IdentifyResult = {
        persons: persons.map((p) => p.result),
        source: source.mode,
        frames_used: framesUsed,
        database_version: db.version,
        timings: timer.list(),
        ...(tagged ? { tagged: tagged.stash_ids } : {}),
      };
      return { result, persons };
    } finally {
      progress.finish({ persons: persons.length });
    }
  }

  /** Frames -> faces: detect (as the source says) and embed every face of every frame the source delivers. */
  private findFaces(source: FrameSource, out: FoundFace[], timer: SpanTimer, progress: ProgressReporter, signal?: AbortSignal): Promise<number> {
    const { engine } = this.deps;
    let done = 0;
    return source.run(
      async (frame: Frame) => {
        signal?.throwIfAborted();
        const detections = await timer.span('detect', () => engine.detect(frame.image, source.detectOptions(frame)));
        if (detections.length > 0) {
          const faces = await timer.span('embed', () => Promise.all(detections.map((d) => engine.embed(frame.image, d))));
          for (const face of faces) {
            const { crop, box } = thumbnailCrop(frame.image, face.box);
            out.push({ frame: frame.index, time: frame.time, embeddings: face.embeddings, size: face.quality.size, face, crop, cropBox: box });
          }
        }
        progress.set({ frames_done: ++done, faces: out.length });
      },
      timer,
      progress,
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
    // A single image lists its faces largest first, as before (face-1 is the biggest face); a scene strongest first.
    if (!source.timed) shaped.sort((a, b) => b.best.face.quality.size - a.best.face.quality.size);
    return timer.span('thumbnail', () =>
      Promise.all(
        shaped.map(async ({ person, mine, best }, i): Promise<IdentifiedPerson> => {
          const result: PersonResult = {
            id: source.timed ? `person-${i + 1}` : `face-${i + 1}`,
            box: source.timed ? null : roundBox(best.face.box),
            face_count: person.frames.length,
            timestamps: source.timed ? [...new Set(mine.map((f) => roundTime(f.time)))].sort((a, b) => a - b) : [],
            face_size: Math.round(best.face.quality.size),
            detection_score: best.face.score,
            thumbnail: await faceThumbnail(best.crop, best.cropBox),
            low_evidence: person.lowEvidence,
            matches: person.matches.map((m) => ({ performer: m.performer, confidence: m.confidence, distance: m.distance, already_tagged: null })),
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

function roundBox(b: Box): Box {
  return { x: Math.round(b.x), y: Math.round(b.y), width: Math.round(b.width), height: Math.round(b.height) };
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
