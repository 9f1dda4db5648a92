import type { PerformerRecord, SizeTier } from '../database/format.js';
import type { SearchableGallery } from '../galleries/searchable.js';
import { clusterFaces, faceSimilarity, refineClusters } from './cluster.js';
import { DEFAULT_EVIDENCE, isLowEvidence } from './evidence.js';
import { type MatchOptions, matchEmbedding, type PerformerMatch } from './match.js';
import { meanEmbeddings } from '../vision/vectors.js';

/** One face of a person (a cluster of a scene's faces). */
export interface PersonFace {
  embeddings: Record<string, Float32Array>;
  /** Face width in pixels of its frame or tile. */
  size: number;
}

export type PersonMatchMethod = 'mean' | 'vote';

export interface PersonMatchOptions {
  maxResults: number;
  minConfidence: number;
  method?: PersonMatchMethod;
  /**
   * Calibration tier for a person's mean embedding. `face`: the tier of its median face width (as for one face);
   * a number or `full`: that tier's parameters. buildScenePersons says which it uses and why.
   */
  calibrationTier?: 'face' | SizeTier;
  candidatesPerModel?: number;
  excludePerformers?: MatchOptions['excludePerformers'];
}


export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Performer matches for one person seen in several frames.
 *
 * `mean`: the re-normalised mean of the person's embeddings (per model) is searched against the templates of its
 * median face width, as one face would be; averaging cancels much of the noise of small faces. `vote`: every face is
 * matched alone and the person's confidence for a performer is the mean of its faces' confidences (faces that did
 * not retrieve the performer count 0).
 */
export function matchPerson(db: SearchableGallery, faces: readonly PersonFace[], options: PersonMatchOptions): PerformerMatch[] {
  if (faces.length === 0) return [];
  const method = options.method ?? 'mean';
  const width = median(faces.map((f) => f.size));
  if (method === 'vote') return voteMatches(db, faces, options);
  return searchCalibrated(db, meanEmbeddings(faces.map((f) => f.embeddings)), width, { ...options, evidence: faces.length > 1 ? 'person' : 'face' });
}

/** matchEmbedding, with `calibrationTier: 'face'` meaning the tier of the face width (matchEmbedding's default). */
export function searchCalibrated(
  db: SearchableGallery,
  embeddings: Record<string, Float32Array>,
  faceWidth: number,
  options: PersonMatchOptions & { evidence?: 'face' | 'person' },
): PerformerMatch[] {
  const { calibrationTier, ...rest } = options;
  return matchEmbedding(db, embeddings, faceWidth, { ...rest, calibrationTier: calibrationTier === 'face' ? undefined : calibrationTier });
}

function voteMatches(db: SearchableGallery, faces: readonly PersonFace[], options: PersonMatchOptions): PerformerMatch[] {
  const totals = new Map<string, { performer: PerformerRecord; confidence: number; distance: number; llr: number; n: number }>();
  for (const face of faces) {
    const matches = matchEmbedding(db, face.embeddings, face.size, { maxResults: 5, minConfidence: 0, candidatesPerModel: options.candidatesPerModel, excludePerformers: options.excludePerformers });
    for (const m of matches) {
      const t = totals.get(m.performer.id) ?? { performer: m.performer, confidence: 0, distance: 0, llr: 0, n: 0 };
      t.confidence += m.confidence;
      t.distance += m.distance;
      t.llr += m.llr;
      t.n++;
      totals.set(m.performer.id, t);
    }
  }
  return [...totals.values()]
    .map((t) => ({ performer: t.performer, confidence: t.confidence / faces.length, distance: t.distance / t.n, llr: t.llr / t.n, cosines: {} }))
    .filter((m) => m.confidence >= options.minConfidence)
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, options.maxResults);
}

/** A person of a scene while its performer is decided. */
export interface PersonCandidate {
  /** Frames the person was seen in (faces of one frame are never one person). */
  frames: ReadonlySet<number>;
  faceCount: number;
  matches: PerformerMatch[];
}

/**
 * One performer per person: persons are taken strongest first (top confidence, then more faces), each keeps its
 * matches minus the performers a stronger person already took as its best match. Returns new match lists in the
 * persons' order.
 */
export function assignPerformers(persons: readonly PersonCandidate[]): PerformerMatch[][] {
  const order = persons
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (b.p.matches[0]?.confidence ?? 0) - (a.p.matches[0]?.confidence ?? 0) || b.p.faceCount - a.p.faceCount);
  const taken = new Set<string>();
  const out: PerformerMatch[][] = persons.map(() => []);
  for (const { p, i } of order) {
    out[i] = p.matches.filter((m) => !taken.has(m.performer.id));
    if (out[i][0]) taken.add(out[i][0].performer.id);
  }
  return out;
}

/** One face of a scene, as the person builder needs it. */
export interface SceneFace extends PersonFace {
  frame: number;
}

export interface ScenePersonsOptions extends PersonMatchOptions {
  /** Average-linkage threshold (fused z) of the first, strict clustering pass. */
  clusterThreshold: number;
  /** Mean-to-mean similarity at which large groups merge. */
  mergeThreshold: number;
  /** Face-to-mean similarity at which a face of a small group joins a large one. */
  attachThreshold: number;
  /** Mean-to-mean similarity at which a group joins another whose best performer it shares (see buildScenePersons). */
  guidedMergeThreshold: number;
  /** A person seen in fewer frames is low-evidence. */
  minFrames: number;
  /** Faces narrower than this (median) cannot be named (RECOGNITION.md: under ~12 px): no matches, low-evidence. */
  minFaceSize: number;
  /** Frames the source had (a single image: 1), for the low-evidence rule (evidence.ts); default: many. */
  framesAvailable?: number;
}

export interface ScenePerson {
  /** Indices into the scene's faces. */
  faces: number[];
  frames: number[];
  matches: PerformerMatch[];
  lowEvidence: boolean;
}

/**
 * Measured on the synthetic benchmark (bench/scene.ts; fused z of fr_feature + dlib). Sprite tiles: single-face
 * pairs overlap (same person median 3.6, different people 99th percentile 3.2, max 5.1), so the first pass is
 * strict (2.5: 96% pure groups, 17 of 36 people split). Means of 3+ faces separate far better (same person >= 4.1,
 * different <= 4.5), hence the merge at 4.5 and the attach of single faces at 3.5. Frames (full-size faces): same
 * person >= 2.9 (1st percentile 4.5), different <= 2.85, and 2.5 already gives one pure group per person.
 */
export const DEFAULT_SCENE_PERSONS: Omit<ScenePersonsOptions, 'maxResults' | 'minConfidence'> = {
  // Mean over votes: naming recall on the sprite benchmark 95.8% vs 79.2%, both at 100% precision.
  method: 'mean',
  clusterThreshold: 2.5,
  mergeThreshold: 4.5,
  attachThreshold: 3.5,
  guidedMergeThreshold: 3.5,
  minFrames: 2,
  minFaceSize: 12,
};

/**
 * Faces of a scene -> persons with performer matches: strict clustering, refinement by group means, a search per
 * person, persons matching the same performer merged (when never in one frame together: one person split by
 * pose or size), then one performer per person.
 */
export function buildScenePersons(
  db: SearchableGallery,
  faces: readonly SceneFace[],
  options: ScenePersonsOptions,
  timer: { cluster?: (ms: number) => void; search?: (ms: number) => void } = {},
): ScenePerson[] {
  const t0 = performance.now();
  const calibration = db.manifest.calibration;
  const sim = (a: Record<string, Float32Array>, b: Record<string, Float32Array>) => faceSimilarity(calibration, a, b);
  const strict = clusterFaces(faces, (a, b) => sim(a.embeddings, b.embeddings), { threshold: options.clusterThreshold });
  const groups = refineClusters(faces, strict, sim, {
    mergeThreshold: options.mergeThreshold,
    attachThreshold: options.attachThreshold,
    minSize: Math.max(2, options.minFrames),
  });
  timer.cluster?.(performance.now() - t0);

  const t1 = performance.now();
  // Searched with no minimum: a weak best candidate still says which split group may belong to whom.
  const search = (members: number[]) => {
    const mine = members.map((i) => faces[i]);
    if (median(mine.map((f) => f.size)) < options.minFaceSize) return [];
    return matchPerson(db, mine, {
      ...options,
      // One face: the single-face calibration of its size tier. Several: a mean is a different score distribution.
      // Measured on sprite tiles (strangers' best LLR, 90th percentile / max, for k = 1, 2, 3, 8, 16 faces): under
      // the face's tier it climbs with k (1.4/3.3, 3.1/4.9, 2.9/4.7, 3.2/4.5, 3.2/4.5) as the averaged noise stops
      // hiding the impostor; under the full-size tier it stays put (-0.2/1.6 ... 0.2/2.0) while genuine LLRs
      // still rise with k (median 4.1 at k=2 to 7.1 at k=16). So a person of several faces uses `full`.
      calibrationTier: options.calibrationTier ?? (mine.length === 1 ? 'face' : 'full'),
      maxResults: Math.max(options.maxResults, 5),
      minConfidence: 0,
    });
  };
  const confident = (m: PerformerMatch[]) => (m[0] && m[0].confidence >= options.minConfidence ? m[0].performer.id : undefined);
  const persons = groups.map((members) => ({ members, frames: new Set(members.map((i) => faces[i].frame)), matches: search(members) }));
  // Two groups whose best candidate is the same performer, never seen together: most likely one person split by
  // photo, pose or size. Both confident: merge. One confident: merge when their mean faces are alike too and the
  // merged person still matches that performer confidently. Neither: merge when the merged person matches that
  // performer more confidently than either part, since pooled faces are stronger evidence. Otherwise a person split
  // into weak fragments (sprite faces of 20-50 px) stays unnamed because each fragment falls short. Measured with
  // bench/scene.ts --scale --lfw-cast, 36 scenes: 79.2% of performers named before this case, 83.3% with it; 0
  // wrong both times.
  for (let merged = true; merged; ) {
    merged = false;
    outer: for (let a = 0; a < persons.length; a++) {
      for (let b = a + 1; b < persons.length; b++) {
        const pa = persons[a], pb = persons[b];
        const top = pa.matches[0]?.performer.id;
        if (!top || top !== pb.matches[0]?.performer.id) continue;
        const ca = confident(pa.matches), cb = confident(pb.matches);
        if ([...pb.frames].some((f) => pa.frames.has(f))) continue;
        const members = [...pa.members, ...pb.members];
        if (!ca !== !cb) {
          const likeness = sim(meanEmbeddings(pa.members.map((i) => faces[i].embeddings)), meanEmbeddings(pb.members.map((i) => faces[i].embeddings)));
          if (likeness < options.guidedMergeThreshold) continue;
        }
        const matches = search(members);
        const holds = ca || cb
          ? confident(matches) === top
          : matches[0]?.performer.id === top && matches[0].confidence >= Math.max(pa.matches[0].confidence, pb.matches[0].confidence);
        if (!holds) continue;
        persons[a] = { members, frames: new Set([...pa.frames, ...pb.frames]), matches };
        persons.splice(b, 1);
        merged = true;
        break outer;
      }
    }
  }
  for (const p of persons) p.matches = p.matches.filter((m) => m.confidence >= options.minConfidence);
  const assigned = assignPerformers(persons.map((p) => ({ frames: p.frames, faceCount: p.members.length, matches: p.matches })));
  timer.search?.(performance.now() - t1);
  return persons
    .map((p, i) => {
      const medianFaceSize = median(p.members.map((m) => faces[m].size));
      const rules = { ...DEFAULT_EVIDENCE, minFrames: options.minFrames, minFaceSize: options.minFaceSize };
      return {
        faces: p.members,
        frames: [...p.frames].sort((x, y) => x - y),
        matches: assigned[i].slice(0, options.maxResults),
        lowEvidence: isLowEvidence({ frames: p.frames.size, medianFaceSize }, options.framesAvailable ?? Infinity, rules),
      };
    })
    .sort((a, b) => (b.matches[0]?.confidence ?? 0) - (a.matches[0]?.confidence ?? 0) || b.faces.length - a.faces.length);
}
