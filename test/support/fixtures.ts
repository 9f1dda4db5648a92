import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Shared test assets (photos, optional models) live beside the repository; never shipped in the product. */
export const SHARED_DIR = resolve(process.env.SHARED_DIR ?? join(process.cwd(), '..', 'shared'));
export const FACES_DIR = join(SHARED_DIR, 'faces');
export const SHARED_MODELS_DIR = join(SHARED_DIR, 'models');
export const HAVE_SHARED = existsSync(join(FACES_DIR, 'people.json'));

export interface GroundTruthFace {
  box: { x: number; y: number; width: number; height: number };
}

/** dlib's labelled detection set: file -> face boxes. */
export function detectionGroundTruth(): Map<string, GroundTruthFace[]> {
  const xml = readFileSync(join(FACES_DIR, 'detection', 'testing_with_face_landmarks.xml'), 'latin1');
  const out = new Map<string, GroundTruthFace[]>();
  for (const img of xml.matchAll(/<image file='([^']+)'[^>]*>([\s\S]*?)<\/image>/g)) {
    const boxes = [...img[2].matchAll(/<box top='(-?\d+)' left='(-?\d+)' width='(\d+)' height='(\d+)'/g)].map((m) => ({
      box: { x: +m[2], y: +m[1], width: +m[3], height: +m[4] },
    }));
    out.set(img[1], boxes);
  }
  return out;
}

/** people.json: identity -> photo file names, identities sorted. */
export function people(): Array<{ identity: string; files: string[] }> {
  const raw = JSON.parse(readFileSync(join(FACES_DIR, 'people.json'), 'utf8')) as Record<string, string[]>;
  return Object.keys(raw)
    .sort()
    .map((identity) => ({ identity, files: raw[identity].map((f) => join(FACES_DIR, 'people', identity, f)) }));
}

/**
 * The open-set split every test uses (faces/README.md): the last 6 identities are strangers; the others enrol the
 * first half of their photos (rounded up) and probe with the rest.
 */
export function openSetSplit() {
  const all = people();
  const strangers = all.slice(-6);
  const enrolled = all.slice(0, -6).map((p) => {
    const half = Math.ceil(p.files.length / 2);
    return { identity: p.identity, enrol: p.files.slice(0, half), probe: p.files.slice(half) };
  });
  return { enrolled, strangers };
}
