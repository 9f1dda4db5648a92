import type { RgbImage } from '../vision/decode.js';
import type { VisionEngine } from '../vision/engine.js';
import type { EnrolmentRules } from './rules.js';
import { selectFaces, type CandidateImage, type KeptFace } from './select.js';
import { performerTemplates, type Template } from './templates.js';

export interface Enrolment {
  /** The reference faces chosen, in the photos' order. */
  kept: KeptFace[];
  /** Mean template (`full`) and the degraded-size ones; empty when no face was kept. */
  templates: Template[];
  /** Faces or photos not kept, by reason. */
  rejected: Record<string, number>;
}

/**
 * A person's analysed photos -> chosen faces -> templates. The faces are chosen on the engine's first (primary)
 * embedder; `image` gives a kept face's decoded photo for its degraded copies (the caller may still hold it, or
 * decode it again from its cache).
 */
export async function enrolPerson(
  engine: VisionEngine,
  photos: readonly CandidateImage[],
  rules: EnrolmentRules,
  image: (sha256: string) => Promise<RgbImage>,
): Promise<Enrolment> {
  const selection = selectFaces(photos, engine.embedderSpecs[0].id, rules);
  if (selection.kept.length === 0) return { kept: [], templates: [], rejected: selection.rejected };
  const references = [];
  for (const k of selection.kept) references.push({ image: await image(k.sha256), face: k.face });
  return { kept: selection.kept, templates: await performerTemplates(engine, references, rules.template_tiers), rejected: selection.rejected };
}
