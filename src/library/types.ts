import type { PerformerRecord } from '../database/format.js';
import type { PersonResult } from '../identify/types.js';
import type { StashIdRef } from '../stash/client.js';

/** What a library run analyses: a scene, a single image, or a Stash gallery (its images as one group). */
export type ItemKind = 'scene' | 'image' | 'gallery';
/** What a suggestion is about: a person in a scene, image or gallery, or (`performer`) a Stash performer to link to a stash-box. */
export type SuggestionKind = ItemKind | 'performer';

/** The Stash performer a link suggestion would link, as it was when looked up (shown beside the stash-box photo). */
export interface LinkSubject {
  id: string;
  name: string;
  disambiguation: string | null;
  image_path: string | null;
}

/** A person as kept: what identify returned, plus what a re-match needs (no detection: the embeddings). */
export interface KeptPerson extends Omit<PersonResult, 'matches' | 'embeddings'> {
  matches: Array<{ performer: PerformerRecord; confidence: number; distance: number }>;
  /** Per-model mean embedding of the person's faces (float16 in the file). */
  embeddings: Record<string, Float32Array>;
  /** Face width the search used (median of the person's faces). */
  search_size: number;
  /** Faces averaged into the embeddings (1: searched as one face; more: as a mean). */
  faces: number;
}

/** The kept result of one scene, image or gallery. */
export interface KeptResult {
  kind: ItemKind;
  item_id: string;
  fingerprint: string | null;
  database_version: string | null;
  vision_profile: string;
  frames_mode: string;
  source: string | null;
  frames_used: number;
  /** Stash ids of the performers on the item (when analysed, plus accepted since). */
  tagged: StashIdRef[];
  analyses: number;
  analysed_at: string;
  matched_at: string;
  persons: KeptPerson[];
}

export const SUGGESTION_STATUSES = ['PENDING', 'ACCEPTED', 'REJECTED', 'SUPERSEDED'] as const;
export type SuggestionStatus = (typeof SUGGESTION_STATUSES)[number];

export interface Suggestion {
  id: string;
  kind: SuggestionKind;
  item_id: string;
  person_id: string;
  performer: PerformerRecord;
  confidence: number;
  distance: number;
  database_version: string | null;
  status: SuggestionStatus;
  stash_performer_id: string | null;
  created_performer: boolean;
  created_at: string;
  decided_at: string | null;
  /** Link suggestions: the Stash performer (item_id) to link. */
  subject: LinkSubject | null;
}
