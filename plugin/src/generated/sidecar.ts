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

/** Which pictures of a scene to search */
export type FramesMode =
  /** FRAMES when ffmpeg is available, else SPRITE */
  | 'AUTO'
  /** Full-resolution frames extracted with ffmpeg from the stream */
  | 'FRAMES'
  /** The scene's sprite sheet (81 small tiles): fast, but faces are tiny */
  | 'SPRITE';

/** Exactly one source: an image (URL or upload), a Stash image/performer/scene id, or a sprite sheet with its VTT */
export type IdentifyInput = {
  /** Frames to extract in FRAMES mode */
  frame_count?: number | null | undefined;
  frames_mode?: FramesMode | null | undefined;
  /** An uploaded image (multipart request) */
  image?: File | null | undefined;
  /** A Stash image id */
  image_id?: string | number | null | undefined;
  /** An image on STASH_URL's origin or ALLOWED_IMAGE_ORIGINS */
  image_url?: string | null | undefined;
  /** Matches per person (default MAX_RESULTS, 3) */
  max_results?: number | null | undefined;
  /** Minimum confidence of a match (default MIN_CONFIDENCE, 0.5) */
  min_confidence?: number | null | undefined;
  /** A Stash performer id (its image is searched) */
  performer_id?: string | number | null | undefined;
  /** A Stash scene id */
  scene_id?: string | number | null | undefined;
  /** A sprite sheet (needs vtt_url) */
  sprite_url?: string | null | undefined;
  /** The WebVTT file that maps the sprite tiles to times */
  vtt_url?: string | null | undefined;
};

export type StashFaceHealthQueryVariables = Exact<{ [key: string]: never; }>;


export type StashFaceHealthQuery = { health: { status: string, version: string, database_loaded: boolean, database_error: string | null, warnings: Array<string> }, database: { sources: Array<{ endpoint: string, host: string }> } };

export type StashFaceMatchFragment = { confidence: number, already_tagged: boolean | null, performer: { id: string, stash_id: string, endpoint: string, name: string, disambiguation: string | null, country: string | null, gender: string | null, image_url: string | null, stashbox_url: string | null, local_performer: { id: string, name: string, disambiguation: string | null, image_path: string | null } | null } };

export type StashFaceIdentifyQueryVariables = Exact<{
  input: IdentifyInput;
}>;


export type StashFaceIdentifyQuery = { identify: { source: FramesMode | null, frames_used: number, database_version: string | null, persons: Array<{ id: string, face_count: number, timestamps: Array<number>, face_size: number, thumbnail: string | null, low_evidence: boolean, box: { x: number, y: number, width: number, height: number } | null, matches: Array<{ confidence: number, already_tagged: boolean | null, performer: { id: string, stash_id: string, endpoint: string, name: string, disambiguation: string | null, country: string | null, gender: string | null, image_url: string | null, stashbox_url: string | null, local_performer: { id: string, name: string, disambiguation: string | null, image_path: string | null } | null } }> }> } };

export type StashFaceInstallFragment = { state: DatabaseInstallState, version: string | null, received_bytes: number, total_bytes: number | null, error: string | null };

export type StashFaceStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type StashFaceStatusQuery = { health: { status: string, version: string, execution_providers: Array<string>, database_loaded: boolean, database_error: string | null, warnings: Array<string> }, database: { version: string | null, performer_count: number, latest_version: string | null, update_available: boolean }, databaseInstall: { state: DatabaseInstallState, version: string | null, received_bytes: number, total_bytes: number | null, error: string | null } };

export type StashFaceInstallDatabaseMutationVariables = Exact<{ [key: string]: never; }>;


export type StashFaceInstallDatabaseMutation = { installDatabase: { version: string | null, performer_count: number } };

export type StashFaceInstallProgressQueryVariables = Exact<{ [key: string]: never; }>;


export type StashFaceInstallProgressQuery = { databaseInstall: { state: DatabaseInstallState, version: string | null, received_bytes: number, total_bytes: number | null, error: string | null } };

export const StashFaceMatchFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceMatch"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PerformerMatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"already_tagged"}},{"kind":"Field","name":{"kind":"Name","value":"performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"image_url"}},{"kind":"Field","name":{"kind":"Name","value":"stashbox_url"}},{"kind":"Field","name":{"kind":"Name","value":"local_performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}}]}}]}}]}}]} as unknown as DocumentNode<StashFaceMatchFragment, unknown>;
export const StashFaceInstallFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceInstall"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DatabaseInstallStatus"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"received_bytes"}},{"kind":"Field","name":{"kind":"Name","value":"total_bytes"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]} as unknown as DocumentNode<StashFaceInstallFragment, unknown>;
export const StashFaceHealthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFaceHealth"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"database_loaded"}},{"kind":"Field","name":{"kind":"Name","value":"database_error"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}},{"kind":"Field","name":{"kind":"Name","value":"database"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sources"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"host"}}]}}]}}]}}]} as unknown as DocumentNode<StashFaceHealthQuery, StashFaceHealthQueryVariables>;
export const StashFaceIdentifyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFaceIdentify"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"IdentifyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"identify"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"frames_used"}},{"kind":"Field","name":{"kind":"Name","value":"database_version"}},{"kind":"Field","name":{"kind":"Name","value":"persons"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"face_count"}},{"kind":"Field","name":{"kind":"Name","value":"timestamps"}},{"kind":"Field","name":{"kind":"Name","value":"face_size"}},{"kind":"Field","name":{"kind":"Name","value":"thumbnail"}},{"kind":"Field","name":{"kind":"Name","value":"low_evidence"}},{"kind":"Field","name":{"kind":"Name","value":"box"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"x"}},{"kind":"Field","name":{"kind":"Name","value":"y"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}},{"kind":"Field","name":{"kind":"Name","value":"matches"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceMatch"}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceMatch"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PerformerMatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"confidence"}},{"kind":"Field","name":{"kind":"Name","value":"already_tagged"}},{"kind":"Field","name":{"kind":"Name","value":"performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}},{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"image_url"}},{"kind":"Field","name":{"kind":"Name","value":"stashbox_url"}},{"kind":"Field","name":{"kind":"Name","value":"local_performer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}}]}}]}}]}}]} as unknown as DocumentNode<StashFaceIdentifyQuery, StashFaceIdentifyQueryVariables>;
export const StashFaceStatusDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFaceStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"execution_providers"}},{"kind":"Field","name":{"kind":"Name","value":"database_loaded"}},{"kind":"Field","name":{"kind":"Name","value":"database_error"}},{"kind":"Field","name":{"kind":"Name","value":"warnings"}}]}},{"kind":"Field","name":{"kind":"Name","value":"database"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"performer_count"}},{"kind":"Field","name":{"kind":"Name","value":"latest_version"}},{"kind":"Field","name":{"kind":"Name","value":"update_available"}}]}},{"kind":"Field","name":{"kind":"Name","value":"databaseInstall"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceInstall"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceInstall"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DatabaseInstallStatus"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"received_bytes"}},{"kind":"Field","name":{"kind":"Name","value":"total_bytes"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]} as unknown as DocumentNode<StashFaceStatusQuery, StashFaceStatusQueryVariables>;
export const StashFaceInstallDatabaseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceInstallDatabase"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"installDatabase"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"performer_count"}}]}}]}}]} as unknown as DocumentNode<StashFaceInstallDatabaseMutation, StashFaceInstallDatabaseMutationVariables>;
export const StashFaceInstallProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFaceInstallProgress"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"databaseInstall"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"StashFaceInstall"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"StashFaceInstall"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"DatabaseInstallStatus"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"state"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"received_bytes"}},{"kind":"Field","name":{"kind":"Name","value":"total_bytes"}},{"kind":"Field","name":{"kind":"Name","value":"error"}}]}}]} as unknown as DocumentNode<StashFaceInstallProgressQuery, StashFaceInstallProgressQueryVariables>;