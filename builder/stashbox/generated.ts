/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type BodyModificationCriterionInput = {
  description?: string | null | undefined;
  location?: string | null | undefined;
  modifier: CriterionModifier;
};

export type BreastTypeCriterionInput = {
  modifier: CriterionModifier;
  value?: BreastTypeEnum | null | undefined;
};

export type BreastTypeEnum =
  | 'FAKE'
  | 'NA'
  | 'NATURAL';

export type CriterionModifier =
  /** = */
  | 'EQUALS'
  | 'EXCLUDES'
  /** > */
  | 'GREATER_THAN'
  | 'INCLUDES'
  /** INCLUDES ALL */
  | 'INCLUDES_ALL'
  /** IS NULL */
  | 'IS_NULL'
  /** < */
  | 'LESS_THAN'
  /** != */
  | 'NOT_EQUALS'
  /** IS NOT NULL */
  | 'NOT_NULL';

export type DateCriterionInput = {
  modifier: CriterionModifier;
  value: string;
};

export type EthnicityFilterEnum =
  | 'ASIAN'
  | 'BLACK'
  | 'CAUCASIAN'
  | 'INDIAN'
  | 'LATIN'
  | 'MIDDLE_EASTERN'
  | 'MIXED'
  | 'OTHER'
  | 'UNKNOWN';

export type EyeColorCriterionInput = {
  modifier: CriterionModifier;
  value?: EyeColorEnum | null | undefined;
};

export type EyeColorEnum =
  | 'BLUE'
  | 'BROWN'
  | 'GREEN'
  | 'GREY'
  | 'HAZEL'
  | 'RED';

export type GenderEnum =
  | 'FEMALE'
  | 'INTERSEX'
  | 'MALE'
  | 'NON_BINARY'
  | 'TRANSGENDER_FEMALE'
  | 'TRANSGENDER_MALE';

export type GenderFilterEnum =
  | 'FEMALE'
  | 'INTERSEX'
  | 'MALE'
  | 'NON_BINARY'
  | 'TRANSGENDER_FEMALE'
  | 'TRANSGENDER_MALE'
  | 'UNKNOWN';

export type HairColorCriterionInput = {
  modifier: CriterionModifier;
  value?: HairColorEnum | null | undefined;
};

export type HairColorEnum =
  | 'AUBURN'
  | 'BALD'
  | 'BLACK'
  | 'BLONDE'
  | 'BRUNETTE'
  | 'GREY'
  | 'OTHER'
  | 'RED'
  | 'VARIOUS'
  | 'WHITE';

export type IntCriterionInput = {
  modifier: CriterionModifier;
  value: number;
};

export type PerformerQueryInput = {
  age?: IntCriterionInput | null | undefined;
  /** Search aliases only - assumes like query unless quoted */
  alias?: string | null | undefined;
  band_size?: IntCriterionInput | null | undefined;
  birth_year?: IntCriterionInput | null | undefined;
  birthdate?: DateCriterionInput | null | undefined;
  breast_type?: BreastTypeCriterionInput | null | undefined;
  career_end_year?: IntCriterionInput | null | undefined;
  career_start_year?: IntCriterionInput | null | undefined;
  country?: StringCriterionInput | null | undefined;
  cup_size?: StringCriterionInput | null | undefined;
  deathdate?: DateCriterionInput | null | undefined;
  direction?: SortDirectionEnum;
  disambiguation?: StringCriterionInput | null | undefined;
  ethnicity?: EthnicityFilterEnum | null | undefined;
  eye_color?: EyeColorCriterionInput | null | undefined;
  gender?: GenderFilterEnum | null | undefined;
  hair_color?: HairColorCriterionInput | null | undefined;
  height?: IntCriterionInput | null | undefined;
  hip_size?: IntCriterionInput | null | undefined;
  /** Filter by performerfavorite status for the current user */
  is_favorite?: boolean | null | undefined;
  /** Searches name only - assumes like query unless quoted */
  name?: string | null | undefined;
  /** Searches name and disambiguation - assumes like query unless quoted */
  names?: string | null | undefined;
  page?: number;
  per_page?: number;
  /** Filter by a performer they have performed in scenes with */
  performed_with?: string | number | null | undefined;
  piercings?: BodyModificationCriterionInput | null | undefined;
  sort?: PerformerSortEnum;
  /** Filter by a studio */
  studio_id?: string | number | null | undefined;
  tattoos?: BodyModificationCriterionInput | null | undefined;
  /** Filter to search urls - assumes like query unless quoted */
  url?: string | null | undefined;
  waist_size?: IntCriterionInput | null | undefined;
};

export type PerformerSortEnum =
  | 'BIRTHDATE'
  | 'CAREER_START_YEAR'
  | 'CREATED_AT'
  | 'DEATHDATE'
  | 'DEBUT'
  | 'LAST_SCENE'
  | 'NAME'
  | 'POPULARITY'
  | 'SCENE_COUNT'
  | 'UPDATED_AT';

export type SortDirectionEnum =
  | 'ASC'
  | 'DESC';

export type StringCriterionInput = {
  modifier: CriterionModifier;
  value: string;
};

export type FindPerformerQueryVariables = Exact<{
  id: string | number;
}>;


export type FindPerformerQuery = { findPerformer: { id: string, name: string, disambiguation: string | null, aliases: Array<string>, gender: GenderEnum | null, country: string | null, deleted: boolean, merged_ids: Array<string>, merged_into_id: string | null, created: string, updated: string, images: Array<{ id: string, url: string, width: number, height: number }> } | null };

export type ListPerformerIdsQueryVariables = Exact<{
  input: PerformerQueryInput;
}>;


export type ListPerformerIdsQuery = { queryPerformers: { count: number, performers: Array<{ id: string, updated: string }> } };

export type BuilderPerformerFragment = { id: string, name: string, disambiguation: string | null, aliases: Array<string>, gender: GenderEnum | null, country: string | null, deleted: boolean, merged_ids: Array<string>, merged_into_id: string | null, created: string, updated: string, images: Array<{ id: string, url: string, width: number, height: number }> };

export type QueryPerformersQueryVariables = Exact<{
  input: PerformerQueryInput;
}>;


export type QueryPerformersQuery = { queryPerformers: { count: number, performers: Array<{ id: string, name: string, disambiguation: string | null, aliases: Array<string>, gender: GenderEnum | null, country: string | null, deleted: boolean, merged_ids: Array<string>, merged_into_id: string | null, created: string, updated: string, images: Array<{ id: string, url: string, width: number, height: number }> }> } };

export const BuilderPerformerFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BuilderPerformer"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Performer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"merged_ids"}},{"kind":"Field","name":{"kind":"Name","value":"merged_into_id"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}}]}}]} as unknown as DocumentNode<BuilderPerformerFragment, unknown>;
export const FindPerformerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindPerformer"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findPerformer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BuilderPerformer"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BuilderPerformer"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Performer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"merged_ids"}},{"kind":"Field","name":{"kind":"Name","value":"merged_into_id"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}}]}}]} as unknown as DocumentNode<FindPerformerQuery, FindPerformerQueryVariables>;
export const ListPerformerIdsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ListPerformerIds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PerformerQueryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queryPerformers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"performers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}}]}}]}}]}}]} as unknown as DocumentNode<ListPerformerIdsQuery, ListPerformerIdsQueryVariables>;
export const QueryPerformersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"QueryPerformers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PerformerQueryInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"queryPerformers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"performers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BuilderPerformer"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BuilderPerformer"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Performer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"aliases"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}},{"kind":"Field","name":{"kind":"Name","value":"deleted"}},{"kind":"Field","name":{"kind":"Name","value":"merged_ids"}},{"kind":"Field","name":{"kind":"Name","value":"merged_into_id"}},{"kind":"Field","name":{"kind":"Name","value":"created"}},{"kind":"Field","name":{"kind":"Name","value":"updated"}}]}}]} as unknown as DocumentNode<QueryPerformersQuery, QueryPerformersQueryVariables>;