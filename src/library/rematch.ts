import type { SearchableGallery } from '../galleries/searchable.js';
import { assignPerformers, DEFAULT_SCENE_PERSONS, searchCalibrated } from '../recognition/person.js';
import type { ItemKind, KeptPerson } from './types.js';

export interface RematchOptions {
  maxResults: number;
  minConfidence: number;
}

/**
 * New matches for kept persons from their stored mean embeddings: no image is fetched and no model runs. The same
 * search identify made (the mean at its median face width; a one-face person with its size tier's calibration, a
 * mean with the full-size one, as buildScenePersons decides), then, for a scene, one performer per person.
 * What it cannot redo without faces: merging two groups that a new database now names alike.
 */
export function rematchPersons(db: SearchableGallery, kind: ItemKind, persons: readonly KeptPerson[], options: RematchOptions): Array<KeptPerson['matches']> {
  const found = persons.map((p) => {
    if (Object.keys(p.embeddings).length === 0 || p.search_size < DEFAULT_SCENE_PERSONS.minFaceSize) return [];
    return searchCalibrated(db, p.embeddings, p.search_size, {
      maxResults: Math.max(options.maxResults, 5),
      minConfidence: 0,
      calibrationTier: p.faces > 1 ? 'full' : 'face',
    }).filter((m) => m.confidence >= options.minConfidence);
  });
  // Scenes and galleries: one performer per person, as identify assigned them across the group.
  const assigned = kind !== 'image' ? assignPerformers(persons.map((p, i) => ({ frames: new Set<number>(), faceCount: p.faces, matches: found[i] }))) : found;
  return assigned.map((matches) =>
    matches.slice(0, options.maxResults).map((m) => ({ performer: m.performer, confidence: m.confidence, distance: m.distance })),
  );
}
