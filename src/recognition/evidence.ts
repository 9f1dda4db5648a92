/**
 * The one definition of low evidence: a person identify cannot name reliably. A scene person seen in fewer than
 * `minFrames` frames (or in fewer than the source has, for a one-frame source), one whose faces are too small to be
 * named at all, or a person of a single face below `minSingleFaceSize` (one small face, no other frame to confirm it).
 */
export interface EvidenceRules {
  minFrames: number;
  /** Median face width under which a person cannot be named (RECOGNITION.md: under ~12 px); no matches either. */
  minFaceSize: number;
  /** A single face narrower than this is low-evidence (recognition falls off below ~24 px). */
  minSingleFaceSize: number;
}

export const DEFAULT_EVIDENCE: EvidenceRules = { minFrames: 2, minFaceSize: 12, minSingleFaceSize: 24 };

export function isLowEvidence(
  person: { frames: number; medianFaceSize: number },
  framesAvailable: number,
  rules: EvidenceRules = DEFAULT_EVIDENCE,
): boolean {
  return (
    person.frames < Math.min(rules.minFrames, framesAvailable) ||
    person.medianFaceSize < rules.minFaceSize ||
    (person.frames === 1 && person.medianFaceSize < rules.minSingleFaceSize)
  );
}
