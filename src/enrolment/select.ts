import type { AnalyzedFace } from '../vision/engine.js';
import { qualityRank } from '../vision/quality.js';
import { cosine, meanEmbedding } from '../vision/vectors.js';
import type { SelectionRules } from './rules.js';

/** One of a performer's images after analysis, in stash-box's order (portrait-like first). */
export interface CandidateImage {
  image_id: string;
  sha256: string;
  faces: AnalyzedFace[];
}

export interface KeptFace {
  image_id: string;
  sha256: string;
  /** Position of the face in its image's analysis. */
  face_index: number;
  face: AnalyzedFace;
}

export interface Selection {
  kept: KeptFace[];
  /** Why faces or images were not kept: reason -> count. */
  rejected: Record<string, number>;
}

/**
 * Chooses a performer's reference faces from its analysed images:
 * - an image with the same bytes as an earlier one adds nothing (`duplicate_image`);
 * - the anchor is the face that most other images agree with (a face at least `consistency_threshold` similar);
 *   with no agreement at all, the dominant face of the first usable image (stash-box lists portraits first);
 * - every image then gives its face most similar to the mean of the agreeing faces, if it is similar enough
 *   (`inconsistent` otherwise: someone else, or a group photo without the performer);
 * - a lone multi-face image keeps its largest face only if clearly dominant (`ambiguous`);
 * - near-duplicates of a better face go (`duplicate`), then the best faces up to the cap (`over_cap`).
 * Deterministic: the same images in the same order give the same faces.
 */
export function selectFaces(images: readonly CandidateImage[], model: string, rules: SelectionRules): Selection {
  const rejected: Record<string, number> = {};
  const reject = (reason: string, n = 1) => n > 0 && (rejected[reason] = (rejected[reason] ?? 0) + n);
  const seen = new Set<string>();
  const usable: CandidateImage[] = [];
  for (const img of images) {
    if (seen.has(img.sha256)) {
      reject('duplicate_image', img.faces.length);
      continue;
    }
    seen.add(img.sha256);
    if (img.faces.length === 0) reject('no_face');
    else usable.push(img);
  }
  if (usable.length === 0) return { kept: [], rejected };

  const vec = (f: AnalyzedFace) => f.embeddings[model];
  const dominant = (img: CandidateImage): number | undefined => {
    if (img.faces.length === 1) return 0;
    const sizes = img.faces.map((f) => f.quality.size);
    const order = sizes.map((_, i) => i).sort((a, b) => sizes[b] - sizes[a]);
    return sizes[order[0]] >= rules.dominance_ratio * sizes[order[1]] ? order[0] : undefined;
  };

  let anchor: { image: number; face: number } | undefined;
  if (usable.length > 1) {
    let best = { agree: 0, sum: 0 };
    usable.forEach((img, i) =>
      img.faces.forEach((f, k) => {
        let agree = 0, sum = 0;
        usable.forEach((other, j) => {
          if (j === i) return;
          const s = Math.max(...other.faces.map((g) => cosine(vec(f), vec(g))));
          if (s >= rules.consistency_threshold) (agree++, (sum += s));
        });
        // Ties go to the earlier image (the loop order) and then to the larger face (faces are largest first).
        if (agree > best.agree || (agree === best.agree && agree > 0 && sum > best.sum + 1e-9)) {
          best = { agree, sum };
          anchor = { image: i, face: k };
        }
      }),
    );
  }
  if (!anchor) {
    for (let i = 0; i < usable.length && !anchor; i++) {
      const k = dominant(usable[i]);
      if (k !== undefined) anchor = { image: i, face: k };
    }
  }
  if (!anchor) {
    for (const img of usable) reject('ambiguous', img.faces.length);
    return { kept: [], rejected };
  }

  // Two passes: pick against the anchor, then against the mean of what was picked (steadier than any one face).
  let centre = vec(usable[anchor.image].faces[anchor.face]);
  let picks: Array<{ image: number; face: number; sim: number } | undefined> = [];
  for (let pass = 0; pass < 2; pass++) {
    picks = usable.map((img, i) => {
      if (pass === 0 && i === anchor!.image) return { image: i, face: anchor!.face, sim: 1 };
      let bestFace = -1, bestSim = -Infinity;
      img.faces.forEach((f, k) => {
        const s = cosine(centre, vec(f));
        if (s > bestSim) (bestSim = s), (bestFace = k);
      });
      return bestSim >= rules.consistency_threshold ? { image: i, face: bestFace, sim: bestSim } : undefined;
    });
    const chosen = picks.filter((p) => p !== undefined);
    if (chosen.length === 0) break;
    centre = meanEmbedding(chosen.map((p) => vec(usable[p.image].faces[p.face])));
  }
  const kept: KeptFace[] = [];
  picks.forEach((p, i) => {
    const img = usable[i];
    if (!p) return reject('inconsistent', img.faces.length);
    reject('other_person', img.faces.length - 1);
    kept.push({ image_id: img.image_id, sha256: img.sha256, face_index: p.face, face: img.faces[p.face] });
  });

  // Near-duplicates: keep the better of two almost identical faces (the same photo re-uploaded or re-cropped).
  const byQuality = kept
    .map((k, order) => ({ k, order, rank: qualityRank(k.face.quality) }))
    .sort((a, b) => b.rank - a.rank || a.order - b.order);
  const distinct: typeof byQuality = [];
  for (const c of byQuality) {
    if (distinct.some((d) => cosine(vec(d.k.face), vec(c.k.face)) >= rules.duplicate_threshold)) reject('duplicate');
    else distinct.push(c);
  }
  reject('over_cap', Math.max(0, distinct.length - rules.max_faces_per_performer));
  const final = distinct.slice(0, rules.max_faces_per_performer).sort((a, b) => a.order - b.order).map((c) => c.k);
  return { kept: final, rejected };
}
