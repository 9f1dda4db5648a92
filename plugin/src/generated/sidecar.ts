/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type DatabaseInstallState =
  | 'DONE'
  | 'DOWNLOADING'
  | 'FAILED'
  | 'IDLE'
  | 'SWITCHING'
  | 'UNPACKING'
  | 'VERIFYING';

/** Paging and sorting, as in Stash's FindFilterType */
export type FindFilterType = {
  direction?: SortDirectionEnum | null | undefined;
  page?: number | null | undefined;
  /** -1 for all */
  per_page?: number | null | undefined;
  sort?: SuggestionSort | null | undefined;
};

/** Which pictures of a scene to search */
export type FramesMode =
  /** FRAMES when ffmpeg is available, else SPRITE */
  | 'AUTO'
  /** Full-resolution frames extracted with ffmpeg from the stream */
  | 'FRAMES'
  /** The scene's sprite sheet (81 small tiles): fast, but faces are tiny */
  | 'SPRITE';

/** Exactly one source: an image (URL or upload), a Stash image/performer/scene id, or a sprite sheet with its VTT (vtt_url only with sprite_url) */
export type IdentifyInput = {
  /** Frames to extract in FRAMES mode (1 to 200) */
  frame_count?: number | null | undefined;
  /** With scene_id: only the full-resolution frame at this time (seconds; the player's frame on screen), face by face with boxes */
  frame_time?: number | null | undefined;
  frames_mode?: FramesMode | null | undefined;
  /** An uploaded image (multipart request) */
  image?: File | null | undefined;
  /** A Stash image id */
  image_id?: string | number | null | undefined;
  /** An image on STASH_URL's origin or ALLOWED_IMAGE_ORIGINS */
  image_url?: string | null | undefined;
  /** Matches per person, 1 to 50 (default MAX_RESULTS, 3) */
  max_results?: number | null | undefined;
  /** Minimum confidence of a match, 0 to 1 (default MIN_CONFIDENCE, 0.5) */
  min_confidence?: number | null | undefined;
  /** A Stash performer id (its image is searched) */
  performer_id?: string | number | null | undefined;
  /** A Stash scene id */
  scene_id?: string | number | null | undefined;
  /** A sprite sheet (needs vtt_url) */
  sprite_url?: string | null | undefined;
  /** The WebVTT file that maps the sprite tiles to times (needs sprite_url) */
  vtt_url?: string | null | undefined;
};

export type JobStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'FINISHED'
  | 'READY'
  | 'RUNNING'
  | 'STOPPING';

export type LibraryIdentifyInput = {
  /** Analyse again what is already done */
  force?: boolean | null | undefined;
  /** SPRITE (fast) by default for whole libraries */
  frames_mode?: FramesMode | null | undefined;
  /** Pause between items and wait while Stash's own job queue is busy */
  gentle?: boolean | null | undefined;
  image_ids?: Array<string | number> | null | undefined;
  /** Pause between items in a gentle run */
  pause_ms?: number | null | undefined;
  saved_filter_id?: string | number | null | undefined;
  scene_ids?: Array<string | number> | null | undefined;
  scope: LibraryScope;
};

export type LibraryScope =
  /** Every scene */
  | 'ALL'
  /** The scenes and images listed in scene_ids / image_ids */
  | 'IDS'
  /** Every image */
  | 'IMAGES'
  /** Images with no performer yet */
  | 'IMAGES_NO_PERFORMERS'
  /** Scenes with no performer yet */
  | 'NO_PERFORMERS'
  /** A saved Stash scene filter (saved_filter_id) */
  | 'SAVED_FILTER'
  /** Scenes not marked organized */
  | 'UNORGANIZED';

/** Fields left out stay as they are; auto_apply_min_confidence and processed_tag set to null turn them off */
export type LibrarySettingsInput = {
  auto_apply_create_performers?: boolean | null | undefined;
  auto_apply_min_confidence?: number | null | undefined;
  processed_tag?: string | null | undefined;
  watch?: boolean | null | undefined;
  watch_interval_minutes?: number | null | undefined;
};

export type PerformersFindOnStashBoxInput = {
  /** The stash-box to link to (its GraphQL endpoint); default: the shared database's (StashDB) */
  endpoint?: string | null | undefined;
  /** Only these Stash performers (those already linked are left out); default: every performer */
  performer_ids?: Array<string | number> | null | undefined;
};

export type SortDirectionEnum =
  | 'ASC'
  | 'DESC';

export type SuggestionFilterType = {
  /** Default: every kind (scene and image suggestions, performer links) */
  kinds?: Array<SuggestionKind> | null | undefined;
  min_confidence?: number | null | undefined;
  /** A database performer id (<host>:<uuid>) */
  performer_id?: string | number | null | undefined;
  scene_id?: string | number | null | undefined;
  /** Default: PENDING */
  status?: Array<SuggestionStatus> | null | undefined;
};

export type SuggestionKind =
  /** A performer for a face in an image */
  | 'IMAGE'
  /** A stash-box performer to link to one of your Stash performers (performersFindOnStashBox) */
  | 'PERFORMER'
  /** A performer for a person in a scene */
  | 'SCENE';

export type SuggestionOutcomeStatus =
  | 'ACCEPTED'
  | 'ALREADY_LINKED'
  | 'FAILED'
  | 'NEEDS_LINK'
  | 'PENDING'
  | 'REJECTED'
  | 'SKIPPED';

export type SuggestionSort =
  | 'CONFIDENCE'
  | 'CREATED_AT'
  | 'SCENE';

export type SuggestionStatus =
  | 'ACCEPTED'
  | 'PENDING'
  | 'REJECTED'
  | 'SUPERSEDED';

export type StashFaceJobFragment = { id: string, kind: string, status: JobStatus, paused: boolean, description: string, progress: number | null, rate_per_hour: number | null, eta_seconds: number | null, error: string | null, summary: string | null, counts: { total: number, done: number, skipped: number, failed: number, pending: number }, failures: Array<{ kind: string, id: string, code: string, message: string }> };

export type StashFaceJobQueueQueryVariables = Exact<{ [key: string]: never; }>;


export type StashFaceJobQueueQuery = { jobQueue: Array<{ id: string, kind: string, status: JobStatus, paused: boolean, description: string, progress: number | null, rate_per_hour: number | null, eta_seconds: number | null, error: string | null, summary: string | null, counts: { total: number, done: number, skipped: number, failed: number, pending: number }, failures: Array<{ kind: string, id: string, code: string, message: string }> }> };

export type StashFaceLibraryIdentifyMutationVariables = Exact<{
  input: LibraryIdentifyInput;
}>;


export type StashFaceLibraryIdentifyMutation = { libraryIdentify: string };

export type StashFaceFindOnStashBoxMutationVariables = Exact<{
  input?: PerformersFindOnStashBoxInput | null | undefined;
}>;


export type StashFaceFindOnStashBoxMutation = { performersFindOnStashBox: string };

export type StashFaceStopJobMutationVariables = Exact<{
  id: string | number;
}>;


export type StashFaceStopJobMutation = { stopJob: boolean };

export type StashFaceSuggestionFragment = { id: string, kind: SuggestionKind, scene_id: string | null, image_id: string | null, confidence: number, status: SuggestionStatus, stash_performer_id: string | null, created_performer: boolean, performer: { id: string, name: string, disambiguation: string | null, image_url: string | null, stashbox_url: string | null, local_performer: { id: string, name: string } | null }, person: { id: string, thumbnail: string | null, timestamps: Array<number>, face_count: number } | null, stash_performer: { id: string, name: string, disambiguation: string | null, image_path: string | null } | null };

export type StashFaceSuggestionsQueryVariables = Exact<{
  filter?: FindFilterType | null | undefined;
  suggestion_filter?: SuggestionFilterType | null | undefined;
}>;


export type StashFaceSuggestionsQuery = { findSuggestions: { count: number, suggestions: Array<{ id: string, kind: SuggestionKind, scene_id: string | null, image_id: string | null, confidence: number, status: SuggestionStatus, stash_performer_id: string | null, created_performer: boolean, performer: { id: string, name: string, disambiguation: string | null, image_url: string | null, stashbox_url: string | null, local_performer: { id: string, name: string } | null }, person: { id: string, thumbnail: string | null, timestamps: Array<number>, face_count: number } | null, stash_performer: { id: string, name: string, disambiguation: string | null, image_path: string | null } | null }> } };

export type StashFaceOutcomeFragment = { id: string, status: SuggestionOutcomeStatus, message: string | null, created_performer: boolean, candidates: Array<{ id: string, name: string, disambiguation: string | null }> };

export type StashFaceAcceptMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type StashFaceAcceptMutation = { suggestionsAccept: Array<{ id: string, status: SuggestionOutcomeStatus, message: string | null, created_performer: boolean, candidates: Array<{ id: string, name: string, disambiguation: string | null }> }> };

export type StashFaceRejectMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type StashFaceRejectMutation = { suggestionsReject: Array<{ id: string, status: SuggestionOutcomeStatus, message: string | null, created_performer: boolean, candidates: Array<{ id: string, name: string, disambiguation: string | null }> }> };

export type StashFaceUndoMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type StashFaceUndoMutation = { suggestionsUndo: Array<{ id: string, status: SuggestionOutcomeStatus, message: string | null, created_performer: boolean, candidates: Array<{ id: string, name: string, disambiguation: string | null }> }> };

export type StashFaceLinkMutationVariables = Exact<{
  id: string | number;
  performer_id: string | number;
}>;


export type StashFaceLinkMutation = { suggestionLink: { id: string, status: SuggestionOutcomeStatus, message: string | null, created_performer: boolean, candidates: Array<{ id: string, name: string, disambiguation: string | null }> } };

export type StashFaceAcceptAboveMutationVariables = Exact<{
  min: number;
  dry_run: boolean;
  ids?: Array<string | number> | string | number | null | undefined;
}>;


export type StashFaceAcceptAboveMutation = { suggestionsAcceptAbove: { count: number, ids: Array<string>, outcomes: Array<{ id: string, status: SuggestionOutcomeStatus, message: string | null, created_performer: boolean, candidates: Array<{ id: string, name: string, disambiguation: string | null }> }> } };

export type StashFaceLibrarySettingsFragment = { watch: boolean, watch_interval_minutes: number, auto_apply_min_confidence: number | null, auto_apply_create_performers: boolean, processed_tag: string | null, watch_status: { last_poll_at: string | null, last_queued: number, waiting_for_sprite: Array<string>, error: string | null } };

export type StashFaceLibrarySettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type StashFaceLibrarySettingsQuery = { librarySettings: { watch: boolean, watch_interval_minutes: number, auto_apply_min_confidence: number | null, auto_apply_create_performers: boolean, processed_tag: string | null, watch_status: { last_poll_at: string | null, last_queued: number, waiting_for_sprite: Array<string>, error: string | null } } };

export type StashFaceConfigureLibraryMutationVariables = Exact<{
  input: LibrarySettingsInput;
}>;


export type StashFaceConfigureLibraryMutation = { configureLibrary: { watch: boolean, watch_interval_minutes: number, auto_apply_min_confidence: number | null, auto_apply_create_performers: boolean, processed_tag: string | null, watch_status: { last_poll_at: string | null, last_queued: number, waiting_for_sprite: Array<string>, error: string | null } } };

export type StashFaceHealthQueryVariables = Exact<{ [key: string]: never; }>;


export type StashFaceHealthQuery = { health: { status: string, version: string, database_loaded: boolean, database_error: string | null, warnings: Array<string> }, database: { sources: Array<{ endpoint: string, host: string }> } };

export type StashFaceMatchFragment = { confidence: number, already_tagged: boolean | null, performer: { id: string, stash_id: string, endpoint: string, name: string, disambiguation: string | null, country: string | null, gender: string | null, image_url: string | null, stashbox_url: string | null, local_performer: { id: string, name: string, disambiguation: string | null, image_path: string | null } | null } };

export type StashFaceResultFragment = { source: FramesMode | null, frames_used: number, frame_step: number | null, database_version: string | null, frame: { time: number, width: number, height: number, image: string } | null, persons: Array<{ id: string, face_count: number, timestamps: Array<number>, face_size: number, thumbnail: string | null, low_evidence: boolean, box: { x: number, y: number, width: number, height: number } | null, matches: Array<{ confidence: number, already_tagged: boolean | null, performer: { id: string, stash_id: string, endpoint: string, name: string, disambiguation: string | null, country: string | null, gender: string | null, image_url: string | null, stashbox_url: string | null, local_performer: { id: string, name: string, disambiguation: string | null, image_path: string | null } | null } }> }> };

export type StashFaceIdentifyQueryVariables = Exact<{
  input: IdentifyInput;
}>;


export type StashFaceIdentifyQuery = { identify: { source: FramesMode | null, frames_used: number, frame_step: number | null, database_version: string | null, frame: { time: number, width: number, height: number, image: string } | null, persons: Array<{ id: string, face_count: number, timestamps: Array<number>, face_size: number, thumbnail: string | null, low_evidence: boolean, box: { x: number, y: number, width: number, height: number } | null, matches: Array<{ confidence: number, already_tagged: boolean | null, performer: { id: string, stash_id: string, endpoint: string, name: string, disambiguation: string | null, country: string | null, gender: string | null, image_url: string | null, stashbox_url: string | null, local_performer: { id: string, name: string, disambiguation: string | null, image_path: string | null } | null } }> }> } };

export type StashFaceSceneProgressSubscriptionVariables = Exact<{
  input: IdentifyInput;
}>;


export type StashFaceSceneProgressSubscription = { identifySceneProgress: { stage: string, frames_done: number, frames_total: number, final: boolean, result: { source: FramesMode | null, frames_used: number, frame_step: number | null, database_version: string | null, frame: { time: number, width: number, height: number, image: string } | null, persons: Array<{ id: string, face_count: number, timestamps: Array<number>, face_size: number, thumbnail: string | null, low_evidence: boolean, box: { x: number, y: number, width: number, height: number } | null, matches: Array<{ confidence: number, already_tagged: boolean | null, performer: { id: string, stash_id: string, endpoint: string, name: string, disambiguation: string | null, country: string | null, gender: string | null, image_url: string | null, stashbox_url: string | null, local_performer: { id: string, name: string, disambiguation: string | null, image_path: string | null } | null } }> }> } | null } };

export type StashFaceInstallFragment = { state: DatabaseInstallState, version: string | null, received_bytes: number, total_bytes: number | null, error: string | null };

export type StashFaceStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type StashFaceStatusQuery = { health: { status: string, version: string, execution_providers: Array<string>, database_loaded: boolean, database_error: string | null, warnings: Array<string> }, database: { version: string | null, performer_count: number, latest_version: string | null, update_available: boolean }, databaseInstall: { state: DatabaseInstallState, version: string | null, received_bytes: number, total_bytes: number | null, error: string | null } };

export type StashFaceInstallDatabaseMutationVariables = Exact<{ [key: string]: never; }>;


export type StashFaceInstallDatabaseMutation = { installDatabase: { version: string | null, performer_count: number } };

export type StashFaceInstallProgressQueryVariables = Exact<{ [key: string]: never; }>;


export type StashFaceInstallProgressQuery = { databaseInstall: { state: DatabaseInstallState, version: string | null, received_bytes: number, total_bytes: number | null, error: string | null } };

export const StashFaceJobFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceJob"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"paused"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rate_per_hour"}},{"kind":"Field","name":{"kind":"Name","value":"eta_seconds"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"failures"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<StashFaceJobFragment, unknown>;
export const StashFaceSuggestionFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceSuggestion"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Suggestion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"scene_id"}},{"kind":"Field","name":{"kind":"Name","value":"image_id"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"stash_performer_id"}},{"kind":"Field","name":{"kind":"Name","value":"created_performer"}},{"kind":"Field","name":{"kind":"Name","value":"performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"image_url"}},{"kind":"Field","name":{"kind":"Name","value":"stashbox_url"}},{"kind":"Field","name":{"kind":"Name","value":"local_performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnail"}},{"kind":"Field","name":{"kind":"Name","value":"timestamps"}},{"kind":"Field","name":{"kind":"Name","value":"face_count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stash_performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}}]}}]}}]} as unknown as DocumentNode<StashFaceSuggestionFragment, unknown>;
export const StashFaceOutcomeFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceOutcome"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SuggestionOutcome"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"created_performer"}},{"kind":"Field","name":{"kind":"Name","value":"candidates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}}]}}]}}]} as unknown as DocumentNode<StashFaceOutcomeFragment, unknown>;
export const StashFaceLibrarySettingsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceLibrarySettings"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LibrarySettings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"watch"}},{"kind":"Field","name":{"kind":"Name","value":"watch_interval_minutes"}},{"kind":"Field","name":{"kind":"Name","value":"auto_apply_min_confidence"}},{"kind":"Field","name":{"kind":"Name","value":"auto_apply_create_performers"}},{"kind":"Field","name":{"kind":"Name","value":"processed_tag"}},{"kind":"Field","name":{"kind":"Name","value":"watch_status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"last_poll_at"}},{"kind":"Field","name":{"kind":"Name","value":"last_queued"}},{"kind":"Field","name":{"kind":"Name","value":"waiting_for_sprite"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]} as unknown as DocumentNode<StashFaceLibrarySettingsFragment, unknown>;
export const StashFaceMatchFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceMatch"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PerformerMatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"already_tagged"}},{"kind":"Field","name":{"kind":"Name","value":"performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"image_url"}},{"kind":"Field","name":{"kind":"Name","value":"stashbox_url"}},{"kind":"Field","name":{"kind":"Name","value":"local_performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}}]}}]}}]}}]} as unknown as DocumentNode<StashFaceMatchFragment, unknown>;
export const StashFaceResultFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceResult"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IdentifyResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"frames_used"}},{"kind":"Field","name":{"kind":"Name","value":"frame_step"}},{"kind":"Field","name":{"kind":"Name","value":"database_version"}},{"kind":"Field","name":{"kind":"Name","value":"frame"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"time"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}},{"kind":"Field","name":{"kind":"Name","value":"image"}}]}},{"kind":"Field","name":{"kind":"Name","value":"persons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"face_count"}},{"kind":"Field","name":{"kind":"Name","value":"timestamps"}},{"kind":"Field","name":{"kind":"Name","value":"face_size"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnail"}},{"kind":"Field","name":{"kind":"Name","value":"low_evidence"}},{"kind":"Field","name":{"kind":"Name","value":"box"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}},{"kind":"Field","name":{"kind":"Name","value":"matches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceMatch"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceMatch"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PerformerMatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"already_tagged"}},{"kind":"Field","name":{"kind":"Name","value":"performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"image_url"}},{"kind":"Field","name":{"kind":"Name","value":"stashbox_url"}},{"kind":"Field","name":{"kind":"Name","value":"local_performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}}]}}]}}]}}]} as unknown as DocumentNode<StashFaceResultFragment, unknown>;
export const StashFaceInstallFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceInstall"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DatabaseInstallStatus"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"received_bytes"}},{"kind":"Field","name":{"kind":"Name","value":"total_bytes"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]} as unknown as DocumentNode<StashFaceInstallFragment, unknown>;
export const StashFaceJobQueueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFaceJobQueue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobQueue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceJob"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceJob"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Job"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"paused"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"progress"}},{"kind":"Field","name":{"kind":"Name","value":"counts"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"done"}},{"kind":"Field","name":{"kind":"Name","value":"skipped"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"pending"}}]}},{"kind":"Field","name":{"kind":"Name","value":"rate_per_hour"}},{"kind":"Field","name":{"kind":"Name","value":"eta_seconds"}},{"kind":"Field","name":{"kind":"Name","value":"error"}},{"kind":"Field","name":{"kind":"Name","value":"summary"}},{"kind":"Field","name":{"kind":"Name","value":"failures"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"limit"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}}]}}]}}]} as unknown as DocumentNode<StashFaceJobQueueQuery, StashFaceJobQueueQueryVariables>;
export const StashFaceLibraryIdentifyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceLibraryIdentify"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LibraryIdentifyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"libraryIdentify"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}]}]}}]} as unknown as DocumentNode<StashFaceLibraryIdentifyMutation, StashFaceLibraryIdentifyMutationVariables>;
export const StashFaceFindOnStashBoxDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceFindOnStashBox"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"PerformersFindOnStashBoxInput"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"performersFindOnStashBox"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}]}]}}]} as unknown as DocumentNode<StashFaceFindOnStashBoxMutation, StashFaceFindOnStashBoxMutationVariables>;
export const StashFaceStopJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceStopJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stopJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"job_id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<StashFaceStopJobMutation, StashFaceStopJobMutationVariables>;
export const StashFaceSuggestionsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFaceSuggestions"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FindFilterType"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"suggestion_filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SuggestionFilterType"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findSuggestions"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"suggestion_filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"suggestion_filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"suggestions"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceSuggestion"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceSuggestion"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Suggestion"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"scene_id"}},{"kind":"Field","name":{"kind":"Name","value":"image_id"}},{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"stash_performer_id"}},{"kind":"Field","name":{"kind":"Name","value":"created_performer"}},{"kind":"Field","name":{"kind":"Name","value":"performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"image_url"}},{"kind":"Field","name":{"kind":"Name","value":"stashbox_url"}},{"kind":"Field","name":{"kind":"Name","value":"local_performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"person"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnail"}},{"kind":"Field","name":{"kind":"Name","value":"timestamps"}},{"kind":"Field","name":{"kind":"Name","value":"face_count"}}]}},{"kind":"Field","name":{"kind":"Name","value":"stash_performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}}]}}]}}]} as unknown as DocumentNode<StashFaceSuggestionsQuery, StashFaceSuggestionsQueryVariables>;
export const StashFaceAcceptDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceAccept"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suggestionsAccept"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceOutcome"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceOutcome"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SuggestionOutcome"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"created_performer"}},{"kind":"Field","name":{"kind":"Name","value":"candidates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}}]}}]}}]} as unknown as DocumentNode<StashFaceAcceptMutation, StashFaceAcceptMutationVariables>;
export const StashFaceRejectDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceReject"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suggestionsReject"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceOutcome"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceOutcome"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SuggestionOutcome"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"created_performer"}},{"kind":"Field","name":{"kind":"Name","value":"candidates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}}]}}]}}]} as unknown as DocumentNode<StashFaceRejectMutation, StashFaceRejectMutationVariables>;
export const StashFaceUndoDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceUndo"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suggestionsUndo"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceOutcome"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceOutcome"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SuggestionOutcome"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"created_performer"}},{"kind":"Field","name":{"kind":"Name","value":"candidates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}}]}}]}}]} as unknown as DocumentNode<StashFaceUndoMutation, StashFaceUndoMutationVariables>;
export const StashFaceLinkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceLink"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"performer_id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suggestionLink"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"performer_id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"performer_id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceOutcome"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceOutcome"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SuggestionOutcome"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"created_performer"}},{"kind":"Field","name":{"kind":"Name","value":"candidates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}}]}}]}}]} as unknown as DocumentNode<StashFaceLinkMutation, StashFaceLinkMutationVariables>;
export const StashFaceAcceptAboveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceAcceptAbove"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"min"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"dry_run"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Boolean"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suggestionsAcceptAbove"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"min_confidence"},"value":{"kind":"Variable","name":{"kind":"Name","value":"min"}}},{"kind":"Argument","name":{"kind":"Name","value":"dry_run"},"value":{"kind":"Variable","name":{"kind":"Name","value":"dry_run"}}},{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"ids"}},{"kind":"Field","name":{"kind":"Name","value":"outcomes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceOutcome"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceOutcome"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"SuggestionOutcome"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"created_performer"}},{"kind":"Field","name":{"kind":"Name","value":"candidates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}}]}}]}}]} as unknown as DocumentNode<StashFaceAcceptAboveMutation, StashFaceAcceptAboveMutationVariables>;
export const StashFaceLibrarySettingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFaceLibrarySettings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"librarySettings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceLibrarySettings"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceLibrarySettings"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LibrarySettings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"watch"}},{"kind":"Field","name":{"kind":"Name","value":"watch_interval_minutes"}},{"kind":"Field","name":{"kind":"Name","value":"auto_apply_min_confidence"}},{"kind":"Field","name":{"kind":"Name","value":"auto_apply_create_performers"}},{"kind":"Field","name":{"kind":"Name","value":"processed_tag"}},{"kind":"Field","name":{"kind":"Name","value":"watch_status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"last_poll_at"}},{"kind":"Field","name":{"kind":"Name","value":"last_queued"}},{"kind":"Field","name":{"kind":"Name","value":"waiting_for_sprite"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]} as unknown as DocumentNode<StashFaceLibrarySettingsQuery, StashFaceLibrarySettingsQueryVariables>;
export const StashFaceConfigureLibraryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceConfigureLibrary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"LibrarySettingsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"configureLibrary"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceLibrarySettings"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceLibrarySettings"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"LibrarySettings"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"watch"}},{"kind":"Field","name":{"kind":"Name","value":"watch_interval_minutes"}},{"kind":"Field","name":{"kind":"Name","value":"auto_apply_min_confidence"}},{"kind":"Field","name":{"kind":"Name","value":"auto_apply_create_performers"}},{"kind":"Field","name":{"kind":"Name","value":"processed_tag"}},{"kind":"Field","name":{"kind":"Name","value":"watch_status"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"last_poll_at"}},{"kind":"Field","name":{"kind":"Name","value":"last_queued"}},{"kind":"Field","name":{"kind":"Name","value":"waiting_for_sprite"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]}}]} as unknown as DocumentNode<StashFaceConfigureLibraryMutation, StashFaceConfigureLibraryMutationVariables>;
export const StashFaceHealthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFaceHealth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"database_loaded"}},{"kind":"Field","name":{"kind":"Name","value":"database_error"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}},{"kind":"Field","name":{"kind":"Name","value":"database"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"host"}}]}}]}}]}}]} as unknown as DocumentNode<StashFaceHealthQuery, StashFaceHealthQueryVariables>;
export const StashFaceIdentifyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFaceIdentify"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IdentifyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"identify"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceResult"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceMatch"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PerformerMatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"already_tagged"}},{"kind":"Field","name":{"kind":"Name","value":"performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"image_url"}},{"kind":"Field","name":{"kind":"Name","value":"stashbox_url"}},{"kind":"Field","name":{"kind":"Name","value":"local_performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceResult"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IdentifyResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"frames_used"}},{"kind":"Field","name":{"kind":"Name","value":"frame_step"}},{"kind":"Field","name":{"kind":"Name","value":"database_version"}},{"kind":"Field","name":{"kind":"Name","value":"frame"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"time"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}},{"kind":"Field","name":{"kind":"Name","value":"image"}}]}},{"kind":"Field","name":{"kind":"Name","value":"persons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"face_count"}},{"kind":"Field","name":{"kind":"Name","value":"timestamps"}},{"kind":"Field","name":{"kind":"Name","value":"face_size"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnail"}},{"kind":"Field","name":{"kind":"Name","value":"low_evidence"}},{"kind":"Field","name":{"kind":"Name","value":"box"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}},{"kind":"Field","name":{"kind":"Name","value":"matches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceMatch"}}]}}]}}]}}]} as unknown as DocumentNode<StashFaceIdentifyQuery, StashFaceIdentifyQueryVariables>;
export const StashFaceSceneProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"StashFaceSceneProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IdentifyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"identifySceneProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stage"}},{"kind":"Field","name":{"kind":"Name","value":"frames_done"}},{"kind":"Field","name":{"kind":"Name","value":"frames_total"}},{"kind":"Field","name":{"kind":"Name","value":"final"}},{"kind":"Field","name":{"kind":"Name","value":"result"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceResult"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceMatch"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PerformerMatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"already_tagged"}},{"kind":"Field","name":{"kind":"Name","value":"performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"image_url"}},{"kind":"Field","name":{"kind":"Name","value":"stashbox_url"}},{"kind":"Field","name":{"kind":"Name","value":"local_performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceResult"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"IdentifyResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"frames_used"}},{"kind":"Field","name":{"kind":"Name","value":"frame_step"}},{"kind":"Field","name":{"kind":"Name","value":"database_version"}},{"kind":"Field","name":{"kind":"Name","value":"frame"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"time"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}},{"kind":"Field","name":{"kind":"Name","value":"image"}}]}},{"kind":"Field","name":{"kind":"Name","value":"persons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"face_count"}},{"kind":"Field","name":{"kind":"Name","value":"timestamps"}},{"kind":"Field","name":{"kind":"Name","value":"face_size"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnail"}},{"kind":"Field","name":{"kind":"Name","value":"low_evidence"}},{"kind":"Field","name":{"kind":"Name","value":"box"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}},{"kind":"Field","name":{"kind":"Name","value":"matches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceMatch"}}]}}]}}]}}]} as unknown as DocumentNode<StashFaceSceneProgressSubscription, StashFaceSceneProgressSubscriptionVariables>;
export const StashFaceStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFaceStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"execution_providers"}},{"kind":"Field","name":{"kind":"Name","value":"database_loaded"}},{"kind":"Field","name":{"kind":"Name","value":"database_error"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}},{"kind":"Field","name":{"kind":"Name","value":"database"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"performer_count"}},{"kind":"Field","name":{"kind":"Name","value":"latest_version"}},{"kind":"Field","name":{"kind":"Name","value":"update_available"}}]}},{"kind":"Field","name":{"kind":"Name","value":"databaseInstall"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceInstall"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceInstall"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DatabaseInstallStatus"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"received_bytes"}},{"kind":"Field","name":{"kind":"Name","value":"total_bytes"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]} as unknown as DocumentNode<StashFaceStatusQuery, StashFaceStatusQueryVariables>;
export const StashFaceInstallDatabaseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceInstallDatabase"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"installDatabase"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"performer_count"}}]}}]}}]} as unknown as DocumentNode<StashFaceInstallDatabaseMutation, StashFaceInstallDatabaseMutationVariables>;
export const StashFaceInstallProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFaceInstallProgress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"databaseInstall"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceInstall"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceInstall"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DatabaseInstallStatus"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"received_bytes"}},{"kind":"Field","name":{"kind":"Name","value":"total_bytes"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]} as unknown as DocumentNode<StashFaceInstallProgressQuery, StashFaceInstallProgressQueryVariables>;