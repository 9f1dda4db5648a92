/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type BulkImageUpdateInput = {
  clientMutationId?: string | null | undefined;
  code?: string | null | undefined;
  date?: string | null | undefined;
  details?: string | null | undefined;
  gallery_ids?: BulkUpdateIds | null | undefined;
  ids?: Array<string | number> | null | undefined;
  organized?: boolean | null | undefined;
  performer_ids?: BulkUpdateIds | null | undefined;
  photographer?: string | null | undefined;
  rating100?: number | null | undefined;
  studio_id?: string | number | null | undefined;
  tag_ids?: BulkUpdateIds | null | undefined;
  title?: string | null | undefined;
  /** @deprecated Use urls */
  url?: string | null | undefined;
  urls?: BulkUpdateStrings | null | undefined;
};

export type BulkSceneUpdateInput = {
  clientMutationId?: string | null | undefined;
  code?: string | null | undefined;
  date?: string | null | undefined;
  details?: string | null | undefined;
  director?: string | null | undefined;
  gallery_ids?: BulkUpdateIds | null | undefined;
  group_ids?: BulkUpdateIds | null | undefined;
  ids?: Array<string | number> | null | undefined;
  /** @deprecated Use group_ids */
  movie_ids?: BulkUpdateIds | null | undefined;
  organized?: boolean | null | undefined;
  performer_ids?: BulkUpdateIds | null | undefined;
  rating100?: number | null | undefined;
  studio_id?: string | number | null | undefined;
  tag_ids?: BulkUpdateIds | null | undefined;
  title?: string | null | undefined;
  /** @deprecated Use urls */
  url?: string | null | undefined;
  urls?: BulkUpdateStrings | null | undefined;
};

export type BulkUpdateIdMode =
  | 'ADD'
  | 'REMOVE'
  | 'SET';

export type BulkUpdateIds = {
  ids?: Array<string | number> | null | undefined;
  mode: BulkUpdateIdMode;
};

export type BulkUpdateStrings = {
  mode: BulkUpdateIdMode;
  values?: Array<string> | null | undefined;
};

export type CircumisedEnum =
  | 'CUT'
  | 'UNCUT';

export type CustomFieldsInput = {
  /** If populated, the entire custom fields map will be replaced with this value */
  full?: Record<string, unknown> | null | undefined;
  /** If populated, only the keys in this map will be updated */
  partial?: Record<string, unknown> | null | undefined;
  /** Remove any keys in this list */
  remove?: Array<string> | null | undefined;
};

export type GenderEnum =
  | 'FEMALE'
  | 'INTERSEX'
  | 'MALE'
  | 'NON_BINARY'
  | 'TRANSGENDER_FEMALE'
  | 'TRANSGENDER_MALE';

export type PerformerCreateInput = {
  alias_list?: Array<string> | null | undefined;
  birthdate?: string | null | undefined;
  career_length?: string | null | undefined;
  circumcised?: CircumisedEnum | null | undefined;
  country?: string | null | undefined;
  custom_fields?: Record<string, unknown> | null | undefined;
  death_date?: string | null | undefined;
  details?: string | null | undefined;
  disambiguation?: string | null | undefined;
  ethnicity?: string | null | undefined;
  eye_color?: string | null | undefined;
  fake_tits?: string | null | undefined;
  favorite?: boolean | null | undefined;
  gender?: GenderEnum | null | undefined;
  hair_color?: string | null | undefined;
  height_cm?: number | null | undefined;
  ignore_auto_tag?: boolean | null | undefined;
  /** This should be a URL or a base64 encoded data URL */
  image?: string | null | undefined;
  /** @deprecated Use urls */
  instagram?: string | null | undefined;
  measurements?: string | null | undefined;
  name: string;
  penis_length?: number | null | undefined;
  piercings?: string | null | undefined;
  rating100?: number | null | undefined;
  stash_ids?: Array<StashIdInput> | null | undefined;
  tag_ids?: Array<string | number> | null | undefined;
  tattoos?: string | null | undefined;
  /** @deprecated Use urls */
  twitter?: string | null | undefined;
  /** @deprecated Use urls */
  url?: string | null | undefined;
  urls?: Array<string> | null | undefined;
  weight?: number | null | undefined;
};

export type PerformerUpdateInput = {
  alias_list?: Array<string> | null | undefined;
  birthdate?: string | null | undefined;
  career_length?: string | null | undefined;
  circumcised?: CircumisedEnum | null | undefined;
  country?: string | null | undefined;
  custom_fields?: CustomFieldsInput | null | undefined;
  death_date?: string | null | undefined;
  details?: string | null | undefined;
  disambiguation?: string | null | undefined;
  ethnicity?: string | null | undefined;
  eye_color?: string | null | undefined;
  fake_tits?: string | null | undefined;
  favorite?: boolean | null | undefined;
  gender?: GenderEnum | null | undefined;
  hair_color?: string | null | undefined;
  height_cm?: number | null | undefined;
  id: string | number;
  ignore_auto_tag?: boolean | null | undefined;
  /** This should be a URL or a base64 encoded data URL */
  image?: string | null | undefined;
  /** @deprecated Use urls */
  instagram?: string | null | undefined;
  measurements?: string | null | undefined;
  name?: string | null | undefined;
  penis_length?: number | null | undefined;
  piercings?: string | null | undefined;
  rating100?: number | null | undefined;
  stash_ids?: Array<StashIdInput> | null | undefined;
  tag_ids?: Array<string | number> | null | undefined;
  tattoos?: string | null | undefined;
  /** @deprecated Use urls */
  twitter?: string | null | undefined;
  /** @deprecated Use urls */
  url?: string | null | undefined;
  urls?: Array<string> | null | undefined;
  weight?: number | null | undefined;
};

export type ScrapeSinglePerformerInput = {
  /** Instructs to query by performer id */
  performer_id?: string | number | null | undefined;
  /** Instructs to query by performer fragment */
  performer_input?: ScrapedPerformerInput | null | undefined;
  /** Instructs to query by string */
  query?: string | null | undefined;
};

export type ScrapedPerformerInput = {
  aliases?: string | null | undefined;
  birthdate?: string | null | undefined;
  career_length?: string | null | undefined;
  circumcised?: string | null | undefined;
  country?: string | null | undefined;
  death_date?: string | null | undefined;
  details?: string | null | undefined;
  disambiguation?: string | null | undefined;
  ethnicity?: string | null | undefined;
  eye_color?: string | null | undefined;
  fake_tits?: string | null | undefined;
  gender?: string | null | undefined;
  hair_color?: string | null | undefined;
  height?: string | null | undefined;
  /** @deprecated use urls */
  instagram?: string | null | undefined;
  measurements?: string | null | undefined;
  name?: string | null | undefined;
  penis_length?: string | null | undefined;
  piercings?: string | null | undefined;
  remote_site_id?: string | null | undefined;
  /** Set if performer matched */
  stored_id?: string | number | null | undefined;
  tattoos?: string | null | undefined;
  /** @deprecated use urls */
  twitter?: string | null | undefined;
  /** @deprecated use urls */
  url?: string | null | undefined;
  urls?: Array<string> | null | undefined;
  weight?: string | null | undefined;
};

export type ScraperSourceInput = {
  /** Scraper ID to scrape with. Should be unset if stash_box_endpoint/stash_box_index is set */
  scraper_id?: string | number | null | undefined;
  /** Stash-box endpoint */
  stash_box_endpoint?: string | null | undefined;
  /**
   * Index of the configured stash-box instance to use. Should be unset if scraper_id is set
   * @deprecated use stash_box_endpoint
   */
  stash_box_index?: number | null | undefined;
};

export type StashIdInput = {
  endpoint: string;
  stash_id: string;
  updated_at?: string | null | undefined;
};

export type TagCreateInput = {
  aliases?: Array<string> | null | undefined;
  child_ids?: Array<string | number> | null | undefined;
  description?: string | null | undefined;
  favorite?: boolean | null | undefined;
  ignore_auto_tag?: boolean | null | undefined;
  /** This should be a URL or a base64 encoded data URL */
  image?: string | null | undefined;
  name: string;
  parent_ids?: Array<string | number> | null | undefined;
  /** Value that does not appear in the UI but overrides name for sorting */
  sort_name?: string | null | undefined;
  stash_ids?: Array<StashIdInput> | null | undefined;
};

export type StashFacePluginConfigQueryVariables = Exact<{ [key: string]: never; }>;


export type StashFacePluginConfigQuery = { configuration: { plugins: Record<string, unknown>, general: { stashBoxes: Array<{ endpoint: string, name: string }> } } };

export type StashFaceScrapePerformerQueryVariables = Exact<{
  source: ScraperSourceInput;
  input: ScrapeSinglePerformerInput;
}>;


export type StashFaceScrapePerformerQuery = { scrapeSinglePerformer: Array<{ name: string | null, disambiguation: string | null, gender: string | null, urls: Array<string> | null, birthdate: string | null, ethnicity: string | null, country: string | null, eye_color: string | null, height: string | null, measurements: string | null, fake_tits: string | null, career_length: string | null, tattoos: string | null, piercings: string | null, aliases: string | null, images: Array<string> | null, details: string | null, death_date: string | null, hair_color: string | null, weight: string | null, remote_site_id: string | null }> };

export type StashFaceBulkSceneUpdateMutationVariables = Exact<{
  input: BulkSceneUpdateInput;
}>;


export type StashFaceBulkSceneUpdateMutation = { bulkSceneUpdate: Array<{ id: string }> | null };

export type StashFaceBulkImageUpdateMutationVariables = Exact<{
  input: BulkImageUpdateInput;
}>;


export type StashFaceBulkImageUpdateMutation = { bulkImageUpdate: Array<{ id: string }> | null };

export type StashFacePerformerCreateMutationVariables = Exact<{
  input: PerformerCreateInput;
}>;


export type StashFacePerformerCreateMutation = { performerCreate: { id: string, name: string } | null };

export type StashFacePerformerUpdateMutationVariables = Exact<{
  input: PerformerUpdateInput;
}>;


export type StashFacePerformerUpdateMutation = { performerUpdate: { id: string } | null };

export type StashFaceConfigurePluginMutationVariables = Exact<{
  plugin_id: string | number;
  input: Record<string, unknown>;
}>;


export type StashFaceConfigurePluginMutation = { configurePlugin: Record<string, unknown> };

export type StashFaceFindPerformersByNameQueryVariables = Exact<{
  q: string;
}>;


export type StashFaceFindPerformersByNameQuery = { findPerformers: { performers: Array<{ id: string, name: string, disambiguation: string | null, alias_list: Array<string>, stash_ids: Array<{ endpoint: string, stash_id: string }> }> } };

export type StashFaceFindTagsByNameQueryVariables = Exact<{
  q: string;
}>;


export type StashFaceFindTagsByNameQuery = { findTags: { tags: Array<{ id: string, name: string }> } };

export type StashFaceTagCreateMutationVariables = Exact<{
  input: TagCreateInput;
}>;


export type StashFaceTagCreateMutation = { tagCreate: { id: string, name: string } | null };

export type StashFaceSceneMarkerCreateMutationVariables = Exact<{
  title: string;
  seconds: number;
  end_seconds?: number | null | undefined;
  scene_id: string | number;
  primary_tag_id: string | number;
  tag_ids?: Array<string | number> | string | number | null | undefined;
}>;


export type StashFaceSceneMarkerCreateMutation = { sceneMarkerCreate: { id: string } | null };


export const StashFacePluginConfigDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFacePluginConfig"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"configuration"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"plugins"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"include"},"value":{"kind":"ListValue","values":[{"kind":"StringValue","value":"stash-face","block":false}]}}]},{"kind":"Field","name":{"kind":"Name","value":"general"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stashBoxes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<StashFacePluginConfigQuery, StashFacePluginConfigQueryVariables>;
export const StashFaceScrapePerformerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFaceScrapePerformer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"source"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ScraperSourceInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ScrapeSinglePerformerInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"scrapeSinglePerformer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"source"},"value":{"kind":"Variable","name":{"kind":"Name","value":"source"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"urls"}},{"kind":"Field","name":{"kind":"Name","value":"birthdate"}},{"kind":"Field","name":{"kind":"Name","value":"ethnicity"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"eye_color"}},{"kind":"Field","name":{"kind":"Name","value":"height"}},{"kind":"Field","name":{"kind":"Name","value":"measurements"}},{"kind":"Field","name":{"kind":"Name","value":"fake_tits"}},{"kind":"Field","name":{"kind":"Name","value":"career_length"}},{"kind":"Field","name":{"kind":"Name","value":"tattoos"}},{"kind":"Field","name":{"kind":"Name","value":"piercings"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"images"}},{"kind":"Field","name":{"kind":"Name","value":"details"}},{"kind":"Field","name":{"kind":"Name","value":"death_date"}},{"kind":"Field","name":{"kind":"Name","value":"hair_color"}},{"kind":"Field","name":{"kind":"Name","value":"weight"}},{"kind":"Field","name":{"kind":"Name","value":"remote_site_id"}}]}}]}}]} as unknown as DocumentNode<StashFaceScrapePerformerQuery, StashFaceScrapePerformerQueryVariables>;
export const StashFaceBulkSceneUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceBulkSceneUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BulkSceneUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bulkSceneUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<StashFaceBulkSceneUpdateMutation, StashFaceBulkSceneUpdateMutationVariables>;
export const StashFaceBulkImageUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceBulkImageUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"BulkImageUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bulkImageUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<StashFaceBulkImageUpdateMutation, StashFaceBulkImageUpdateMutationVariables>;
export const StashFacePerformerCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFacePerformerCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PerformerCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"performerCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<StashFacePerformerCreateMutation, StashFacePerformerCreateMutationVariables>;
export const StashFacePerformerUpdateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFacePerformerUpdate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PerformerUpdateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"performerUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<StashFacePerformerUpdateMutation, StashFacePerformerUpdateMutationVariables>;
export const StashFaceConfigurePluginDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceConfigurePlugin"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"plugin_id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Map"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"configurePlugin"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"plugin_id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"plugin_id"}}},{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}]}]}}]} as unknown as DocumentNode<StashFaceConfigurePluginMutation, StashFaceConfigurePluginMutationVariables>;
export const StashFaceFindPerformersByNameDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFaceFindPerformersByName"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"q"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findPerformers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"q"},"value":{"kind":"Variable","name":{"kind":"Name","value":"q"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"per_page"},"value":{"kind":"IntValue","value":"10"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"performers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"alias_list"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<StashFaceFindPerformersByNameQuery, StashFaceFindPerformersByNameQueryVariables>;
export const StashFaceFindTagsByNameDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashFaceFindTagsByName"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"q"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findTags"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"q"},"value":{"kind":"Variable","name":{"kind":"Name","value":"q"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"per_page"},"value":{"kind":"IntValue","value":"20"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<StashFaceFindTagsByNameQuery, StashFaceFindTagsByNameQueryVariables>;
export const StashFaceTagCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceTagCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"TagCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tagCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<StashFaceTagCreateMutation, StashFaceTagCreateMutationVariables>;
export const StashFaceSceneMarkerCreateDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StashFaceSceneMarkerCreate"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"title"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"seconds"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"end_seconds"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Float"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scene_id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"primary_tag_id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tag_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},"defaultValue":{"kind":"ListValue","values":[]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sceneMarkerCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"title"},"value":{"kind":"Variable","name":{"kind":"Name","value":"title"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"seconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"seconds"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"end_seconds"},"value":{"kind":"Variable","name":{"kind":"Name","value":"end_seconds"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"scene_id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scene_id"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"primary_tag_id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"primary_tag_id"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"tag_ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tag_ids"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<StashFaceSceneMarkerCreateMutation, StashFaceSceneMarkerCreateMutationVariables>;