/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type CircumcisionCriterionInput = {
  modifier: CriterionModifier;
  value?: Array<CircumisedEnum> | null | undefined;
};

export type CircumisedEnum =
  | 'CUT'
  | 'UNCUT';

export type CriterionModifier =
  /** >= AND <= */
  | 'BETWEEN'
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
  /** MATCHES REGEX */
  | 'MATCHES_REGEX'
  /** < OR > */
  | 'NOT_BETWEEN'
  /** != */
  | 'NOT_EQUALS'
  /** NOT MATCHES REGEX */
  | 'NOT_MATCHES_REGEX'
  /** IS NOT NULL */
  | 'NOT_NULL';

export type CustomFieldCriterionInput = {
  field: string;
  modifier: CriterionModifier;
  value?: Array<unknown> | null | undefined;
};

export type DateCriterionInput = {
  modifier: CriterionModifier;
  value: string;
  value2?: string | null | undefined;
};

export type FileFilterType = {
  AND?: FileFilterType | null | undefined;
  NOT?: FileFilterType | null | undefined;
  OR?: FileFilterType | null | undefined;
  basename?: StringCriterionInput | null | undefined;
  /** Filter by creation time */
  created_at?: TimestampCriterionInput | null | undefined;
  dir?: StringCriterionInput | null | undefined;
  /** Filter files that have an exact match available */
  duplicated?: PHashDuplicationCriterionInput | null | undefined;
  /** Filter by related galleries that meet this criteria */
  galleries_filter?: GalleryFilterType | null | undefined;
  gallery_count?: IntCriterionInput | null | undefined;
  /** find files based on hash */
  hashes?: Array<FingerprintFilterInput> | null | undefined;
  image_count?: IntCriterionInput | null | undefined;
  image_file_filter?: ImageFileFilterInput | null | undefined;
  /** Filter by related images that meet this criteria */
  images_filter?: ImageFilterType | null | undefined;
  /** Filter by modification time */
  mod_time?: TimestampCriterionInput | null | undefined;
  parent_folder?: HierarchicalMultiCriterionInput | null | undefined;
  path?: StringCriterionInput | null | undefined;
  scene_count?: IntCriterionInput | null | undefined;
  /** Filter by related scenes that meet this criteria */
  scenes_filter?: SceneFilterType | null | undefined;
  /** Filter by last update time */
  updated_at?: TimestampCriterionInput | null | undefined;
  video_file_filter?: VideoFileFilterInput | null | undefined;
  zip_file?: MultiCriterionInput | null | undefined;
};

export type FilterMode =
  | 'GALLERIES'
  | 'GROUPS'
  | 'IMAGES'
  | 'MOVIES'
  | 'PERFORMERS'
  | 'SCENES'
  | 'SCENE_MARKERS'
  | 'STUDIOS'
  | 'TAGS';

export type FindFilterType = {
  direction?: SortDirectionEnum | null | undefined;
  page?: number | null | undefined;
  /** use per_page = -1 to indicate all results. Defaults to 25. */
  per_page?: number | null | undefined;
  q?: string | null | undefined;
  sort?: string | null | undefined;
};

export type FingerprintFilterInput = {
  /** Hamming distance - defaults to 0 */
  distance?: number | null | undefined;
  type: string;
  value: string;
};

export type FloatCriterionInput = {
  modifier: CriterionModifier;
  value: number;
  value2?: number | null | undefined;
};

export type FolderFilterType = {
  AND?: FolderFilterType | null | undefined;
  NOT?: FolderFilterType | null | undefined;
  OR?: FolderFilterType | null | undefined;
  /** Filter by creation time */
  created_at?: TimestampCriterionInput | null | undefined;
  /** Filter by files that meet this criteria */
  files_filter?: FileFilterType | null | undefined;
  /** Filter by related galleries that meet this criteria */
  galleries_filter?: GalleryFilterType | null | undefined;
  gallery_count?: IntCriterionInput | null | undefined;
  /** Filter by modification time */
  mod_time?: TimestampCriterionInput | null | undefined;
  parent_folder?: HierarchicalMultiCriterionInput | null | undefined;
  path?: StringCriterionInput | null | undefined;
  /** Filter by last update time */
  updated_at?: TimestampCriterionInput | null | undefined;
  zip_file?: MultiCriterionInput | null | undefined;
};

export type GalleryFilterType = {
  AND?: GalleryFilterType | null | undefined;
  NOT?: GalleryFilterType | null | undefined;
  OR?: GalleryFilterType | null | undefined;
  /** Filter by average image resolution */
  average_resolution?: ResolutionCriterionInput | null | undefined;
  /** Filter by file checksum */
  checksum?: StringCriterionInput | null | undefined;
  /** Filter by studio code */
  code?: StringCriterionInput | null | undefined;
  /** Filter by creation time */
  created_at?: TimestampCriterionInput | null | undefined;
  /** Filter by date */
  date?: DateCriterionInput | null | undefined;
  details?: StringCriterionInput | null | undefined;
  /** Filter by zip-file count */
  file_count?: IntCriterionInput | null | undefined;
  /** Filter by related files that meet this criteria */
  files_filter?: FileFilterType | null | undefined;
  /** Filter by related folders that meet this criteria */
  folders_filter?: FolderFilterType | null | undefined;
  /** Filter to only include galleries that have chapters. `true` or `false` */
  has_chapters?: string | null | undefined;
  id?: IntCriterionInput | null | undefined;
  /** Filter by number of images in this gallery */
  image_count?: IntCriterionInput | null | undefined;
  /** Filter by related images that meet this criteria */
  images_filter?: ImageFilterType | null | undefined;
  /** Filter to only include galleries missing this property */
  is_missing?: string | null | undefined;
  /** Filter to include/exclude galleries that were created from zip */
  is_zip?: boolean | null | undefined;
  /** Filter by organized */
  organized?: boolean | null | undefined;
  /** Filter by path */
  path?: StringCriterionInput | null | undefined;
  /** Filter galleries by performer age at time of gallery */
  performer_age?: IntCriterionInput | null | undefined;
  /** Filter by performer count */
  performer_count?: IntCriterionInput | null | undefined;
  /** Filter galleries that have performers that have been favorited */
  performer_favorite?: boolean | null | undefined;
  /** Filter to only include galleries with performers with these tags */
  performer_tags?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter to only include galleries with these performers */
  performers?: MultiCriterionInput | null | undefined;
  /** Filter by related performers that meet this criteria */
  performers_filter?: PerformerFilterType | null | undefined;
  /** Filter by photographer */
  photographer?: StringCriterionInput | null | undefined;
  rating100?: IntCriterionInput | null | undefined;
  /** Filter to only include galleries with these scenes */
  scenes?: MultiCriterionInput | null | undefined;
  /** Filter by related scenes that meet this criteria */
  scenes_filter?: SceneFilterType | null | undefined;
  /** Filter to only include galleries with this studio */
  studios?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by related studios that meet this criteria */
  studios_filter?: StudioFilterType | null | undefined;
  /** Filter by tag count */
  tag_count?: IntCriterionInput | null | undefined;
  /** Filter to only include galleries with these tags */
  tags?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by related tags that meet this criteria */
  tags_filter?: TagFilterType | null | undefined;
  title?: StringCriterionInput | null | undefined;
  /** Filter by last update time */
  updated_at?: TimestampCriterionInput | null | undefined;
  /** Filter by url */
  url?: StringCriterionInput | null | undefined;
};

export type GenderCriterionInput = {
  modifier: CriterionModifier;
  value?: GenderEnum | null | undefined;
  value_list?: Array<GenderEnum> | null | undefined;
};

export type GenderEnum =
  | 'FEMALE'
  | 'INTERSEX'
  | 'MALE'
  | 'NON_BINARY'
  | 'TRANSGENDER_FEMALE'
  | 'TRANSGENDER_MALE';

export type GroupFilterType = {
  AND?: GroupFilterType | null | undefined;
  NOT?: GroupFilterType | null | undefined;
  OR?: GroupFilterType | null | undefined;
  /** Filter by number of containing groups the group has */
  containing_group_count?: IntCriterionInput | null | undefined;
  /** Filter by containing groups */
  containing_groups?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by creation time */
  created_at?: TimestampCriterionInput | null | undefined;
  /** Filter by date */
  date?: DateCriterionInput | null | undefined;
  director?: StringCriterionInput | null | undefined;
  /** Filter by duration (in seconds) */
  duration?: IntCriterionInput | null | undefined;
  /** Filter to only include groups missing this property */
  is_missing?: string | null | undefined;
  name?: StringCriterionInput | null | undefined;
  /** Filter by o-counter */
  o_counter?: IntCriterionInput | null | undefined;
  /** Filter to only include groups where performer appears in a scene */
  performers?: MultiCriterionInput | null | undefined;
  rating100?: IntCriterionInput | null | undefined;
  /** Filter by related scenes that meet this criteria */
  scenes_filter?: SceneFilterType | null | undefined;
  /** Filter to only include groups with this studio */
  studios?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by related studios that meet this criteria */
  studios_filter?: StudioFilterType | null | undefined;
  /** Filter by number of sub-groups the group has */
  sub_group_count?: IntCriterionInput | null | undefined;
  /** Filter by sub groups */
  sub_groups?: HierarchicalMultiCriterionInput | null | undefined;
  synopsis?: StringCriterionInput | null | undefined;
  /** Filter by tag count */
  tag_count?: IntCriterionInput | null | undefined;
  /** Filter to only include groups with these tags */
  tags?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by last update time */
  updated_at?: TimestampCriterionInput | null | undefined;
  /** Filter by url */
  url?: StringCriterionInput | null | undefined;
};

export type HierarchicalMultiCriterionInput = {
  depth?: number | null | undefined;
  excludes?: Array<string | number> | null | undefined;
  modifier: CriterionModifier;
  value?: Array<string | number> | null | undefined;
};

export type ImageFileFilterInput = {
  format?: StringCriterionInput | null | undefined;
  orientation?: OrientationCriterionInput | null | undefined;
  resolution?: ResolutionCriterionInput | null | undefined;
};

export type ImageFilterType = {
  AND?: ImageFilterType | null | undefined;
  NOT?: ImageFilterType | null | undefined;
  OR?: ImageFilterType | null | undefined;
  /** Filter by file checksum */
  checksum?: StringCriterionInput | null | undefined;
  /** Filter by studio code */
  code?: StringCriterionInput | null | undefined;
  /** Filter by creation time */
  created_at?: TimestampCriterionInput | null | undefined;
  /** Filter by date */
  date?: DateCriterionInput | null | undefined;
  details?: StringCriterionInput | null | undefined;
  /** Filter by file count */
  file_count?: IntCriterionInput | null | undefined;
  /** Filter by related files that meet this criteria */
  files_filter?: FileFilterType | null | undefined;
  /** Filter to only include images with these galleries */
  galleries?: MultiCriterionInput | null | undefined;
  /** Filter by related galleries that meet this criteria */
  galleries_filter?: GalleryFilterType | null | undefined;
  /**  Filter by image id */
  id?: IntCriterionInput | null | undefined;
  /** Filter to only include images missing this property */
  is_missing?: string | null | undefined;
  /** Filter by o-counter */
  o_counter?: IntCriterionInput | null | undefined;
  /** Filter by organized */
  organized?: boolean | null | undefined;
  /** Filter by orientation */
  orientation?: OrientationCriterionInput | null | undefined;
  /** Filter by path */
  path?: StringCriterionInput | null | undefined;
  /** Filter images by performer age at time of image */
  performer_age?: IntCriterionInput | null | undefined;
  /** Filter by performer count */
  performer_count?: IntCriterionInput | null | undefined;
  /** Filter images that have performers that have been favorited */
  performer_favorite?: boolean | null | undefined;
  /** Filter to only include images with performers with these tags */
  performer_tags?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter to only include images with these performers */
  performers?: MultiCriterionInput | null | undefined;
  /** Filter by related performers that meet this criteria */
  performers_filter?: PerformerFilterType | null | undefined;
  /** Filter by photographer */
  photographer?: StringCriterionInput | null | undefined;
  rating100?: IntCriterionInput | null | undefined;
  /** Filter by resolution */
  resolution?: ResolutionCriterionInput | null | undefined;
  /** Filter to only include images with this studio */
  studios?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by related studios that meet this criteria */
  studios_filter?: StudioFilterType | null | undefined;
  /** Filter by tag count */
  tag_count?: IntCriterionInput | null | undefined;
  /** Filter to only include images with these tags */
  tags?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by related tags that meet this criteria */
  tags_filter?: TagFilterType | null | undefined;
  title?: StringCriterionInput | null | undefined;
  /** Filter by last update time */
  updated_at?: TimestampCriterionInput | null | undefined;
  /** Filter by url */
  url?: StringCriterionInput | null | undefined;
};

export type IntCriterionInput = {
  modifier: CriterionModifier;
  value: number;
  value2?: number | null | undefined;
};

export type JobStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'FINISHED'
  | 'READY'
  | 'RUNNING'
  | 'STOPPING';

export type MovieFilterType = {
  AND?: MovieFilterType | null | undefined;
  NOT?: MovieFilterType | null | undefined;
  OR?: MovieFilterType | null | undefined;
  /** Filter by creation time */
  created_at?: TimestampCriterionInput | null | undefined;
  /** Filter by date */
  date?: DateCriterionInput | null | undefined;
  director?: StringCriterionInput | null | undefined;
  /** Filter by duration (in seconds) */
  duration?: IntCriterionInput | null | undefined;
  /** Filter to only include movies missing this property */
  is_missing?: string | null | undefined;
  name?: StringCriterionInput | null | undefined;
  /** Filter to only include movies where performer appears in a scene */
  performers?: MultiCriterionInput | null | undefined;
  rating100?: IntCriterionInput | null | undefined;
  /** Filter by related scenes that meet this criteria */
  scenes_filter?: SceneFilterType | null | undefined;
  /** Filter to only include movies with this studio */
  studios?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by related studios that meet this criteria */
  studios_filter?: StudioFilterType | null | undefined;
  synopsis?: StringCriterionInput | null | undefined;
  /** Filter by tag count */
  tag_count?: IntCriterionInput | null | undefined;
  /** Filter to only include movies with these tags */
  tags?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by last update time */
  updated_at?: TimestampCriterionInput | null | undefined;
  /** Filter by url */
  url?: StringCriterionInput | null | undefined;
};

export type MultiCriterionInput = {
  excludes?: Array<string | number> | null | undefined;
  modifier: CriterionModifier;
  value?: Array<string | number> | null | undefined;
};

export type OrientationCriterionInput = {
  value: Array<OrientationEnum>;
};

export type OrientationEnum =
  /** Landscape */
  | 'LANDSCAPE'
  /** Portrait */
  | 'PORTRAIT'
  /** Square */
  | 'SQUARE';

export type PHashDuplicationCriterionInput = {
  /** Currently unimplemented */
  distance?: number | null | undefined;
  duplicated?: boolean | null | undefined;
};

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

export type PerformerFilterType = {
  AND?: PerformerFilterType | null | undefined;
  NOT?: PerformerFilterType | null | undefined;
  OR?: PerformerFilterType | null | undefined;
  /** Filter by age */
  age?: IntCriterionInput | null | undefined;
  /** Filter by aliases */
  aliases?: StringCriterionInput | null | undefined;
  /** Filter by birth year */
  birth_year?: IntCriterionInput | null | undefined;
  /** Filter by birthdate */
  birthdate?: DateCriterionInput | null | undefined;
  /** Filter by career length */
  career_length?: StringCriterionInput | null | undefined;
  /** Filter by ciricumcision */
  circumcised?: CircumcisionCriterionInput | null | undefined;
  /** Filter by country */
  country?: StringCriterionInput | null | undefined;
  /** Filter by creation time */
  created_at?: TimestampCriterionInput | null | undefined;
  custom_fields?: Array<CustomFieldCriterionInput> | null | undefined;
  /** Filter by death date */
  death_date?: DateCriterionInput | null | undefined;
  /** Filter by death year */
  death_year?: IntCriterionInput | null | undefined;
  details?: StringCriterionInput | null | undefined;
  disambiguation?: StringCriterionInput | null | undefined;
  /** Filter by ethnicity */
  ethnicity?: StringCriterionInput | null | undefined;
  /** Filter by eye color */
  eye_color?: StringCriterionInput | null | undefined;
  /** Filter by fake tits value */
  fake_tits?: StringCriterionInput | null | undefined;
  /** Filter by favorite */
  filter_favorites?: boolean | null | undefined;
  /** Filter by related galleries that meet this criteria */
  galleries_filter?: GalleryFilterType | null | undefined;
  /** Filter by gallery count */
  gallery_count?: IntCriterionInput | null | undefined;
  /** Filter by gender */
  gender?: GenderCriterionInput | null | undefined;
  /** Filter by groups where performer appears in scene */
  groups?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by hair color */
  hair_color?: StringCriterionInput | null | undefined;
  /** Filter by height in cm */
  height_cm?: IntCriterionInput | null | undefined;
  /** Filter by autotag ignore value */
  ignore_auto_tag?: boolean | null | undefined;
  /** Filter by image count */
  image_count?: IntCriterionInput | null | undefined;
  /** Filter by related images that meet this criteria */
  images_filter?: ImageFilterType | null | undefined;
  /** Filter to only include performers missing this property */
  is_missing?: string | null | undefined;
  /** Filter by measurements */
  measurements?: StringCriterionInput | null | undefined;
  name?: StringCriterionInput | null | undefined;
  /** Filter by o count */
  o_counter?: IntCriterionInput | null | undefined;
  /** Filter by penis length value */
  penis_length?: FloatCriterionInput | null | undefined;
  /** Filter by performers where performer appears with another performer in scene/image/gallery */
  performers?: MultiCriterionInput | null | undefined;
  /** Filter by piercings */
  piercings?: StringCriterionInput | null | undefined;
  /** Filter by play count */
  play_count?: IntCriterionInput | null | undefined;
  rating100?: IntCriterionInput | null | undefined;
  /** Filter by scene count */
  scene_count?: IntCriterionInput | null | undefined;
  /** Filter by related scenes that meet this criteria */
  scenes_filter?: SceneFilterType | null | undefined;
  /** Filter by StashID */
  stash_id_endpoint?: StashIdCriterionInput | null | undefined;
  /** Filter by studios where performer appears in scene/image/gallery */
  studios?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by tag count */
  tag_count?: IntCriterionInput | null | undefined;
  /** Filter to only include performers with these tags */
  tags?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by related tags that meet this criteria */
  tags_filter?: TagFilterType | null | undefined;
  /** Filter by tattoos */
  tattoos?: StringCriterionInput | null | undefined;
  /** Filter by last update time */
  updated_at?: TimestampCriterionInput | null | undefined;
  /** Filter by url */
  url?: StringCriterionInput | null | undefined;
  /** Filter by weight */
  weight?: IntCriterionInput | null | undefined;
};

export type PhashDistanceCriterionInput = {
  distance?: number | null | undefined;
  modifier: CriterionModifier;
  value: string;
};

export type ResolutionCriterionInput = {
  modifier: CriterionModifier;
  value: ResolutionEnum;
};

export type ResolutionEnum =
  /** 8K */
  | 'EIGHT_K'
  /** 5K */
  | 'FIVE_K'
  /** 4K */
  | 'FOUR_K'
  /** 1080p */
  | 'FULL_HD'
  /** 8K+ */
  | 'HUGE'
  /** 240p */
  | 'LOW'
  /** 1440p */
  | 'QUAD_HD'
  /** 360p */
  | 'R360P'
  /** 7K */
  | 'SEVEN_K'
  /** 6K */
  | 'SIX_K'
  /** 480p */
  | 'STANDARD'
  /** 720p */
  | 'STANDARD_HD'
  /** 144p */
  | 'VERY_LOW'
  /** 1920p */
  | 'VR_HD'
  /** 540p */
  | 'WEB_HD';

export type SceneFilterType = {
  AND?: SceneFilterType | null | undefined;
  NOT?: SceneFilterType | null | undefined;
  OR?: SceneFilterType | null | undefined;
  /** Filter by audio codec */
  audio_codec?: StringCriterionInput | null | undefined;
  /** Filter by bit rate */
  bitrate?: IntCriterionInput | null | undefined;
  /** Filter by captions */
  captions?: StringCriterionInput | null | undefined;
  /** Filter by file checksum */
  checksum?: StringCriterionInput | null | undefined;
  code?: StringCriterionInput | null | undefined;
  /** Filter by creation time */
  created_at?: TimestampCriterionInput | null | undefined;
  /** Filter by date */
  date?: DateCriterionInput | null | undefined;
  details?: StringCriterionInput | null | undefined;
  director?: StringCriterionInput | null | undefined;
  /** Filter Scenes that have an exact phash match available */
  duplicated?: PHashDuplicationCriterionInput | null | undefined;
  /** Filter by duration (in seconds) */
  duration?: IntCriterionInput | null | undefined;
  /** Filter by file count */
  file_count?: IntCriterionInput | null | undefined;
  /** Filter by related files that meet this criteria */
  files_filter?: FileFilterType | null | undefined;
  /** Filter by frame rate */
  framerate?: IntCriterionInput | null | undefined;
  /** Filter to only include scenes with this gallery */
  galleries?: MultiCriterionInput | null | undefined;
  /** Filter by related galleries that meet this criteria */
  galleries_filter?: GalleryFilterType | null | undefined;
  /** Filter to only include scenes with this group */
  groups?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by related groups that meet this criteria */
  groups_filter?: GroupFilterType | null | undefined;
  /** Filter to only include scenes which have markers. `true` or `false` */
  has_markers?: string | null | undefined;
  id?: IntCriterionInput | null | undefined;
  /** Filter by interactive */
  interactive?: boolean | null | undefined;
  /** Filter by InteractiveSpeed */
  interactive_speed?: IntCriterionInput | null | undefined;
  /** Filter to only include scenes missing this property */
  is_missing?: string | null | undefined;
  /** Filter by scene last played time */
  last_played_at?: TimestampCriterionInput | null | undefined;
  /** Filter by related markers that meet this criteria */
  markers_filter?: SceneMarkerFilterType | null | undefined;
  /**
   * Filter to only include scenes with this movie
   * @deprecated use groups instead
   */
  movies?: MultiCriterionInput | null | undefined;
  /**
   * Filter by related movies that meet this criteria
   * @deprecated use groups_filter instead
   */
  movies_filter?: MovieFilterType | null | undefined;
  /** Filter by o-counter */
  o_counter?: IntCriterionInput | null | undefined;
  /** Filter by organized */
  organized?: boolean | null | undefined;
  /** Filter by orientation */
  orientation?: OrientationCriterionInput | null | undefined;
  /** Filter by file oshash */
  oshash?: StringCriterionInput | null | undefined;
  /** Filter by path */
  path?: StringCriterionInput | null | undefined;
  /** Filter scenes by performer age at time of scene */
  performer_age?: IntCriterionInput | null | undefined;
  /** Filter by performer count */
  performer_count?: IntCriterionInput | null | undefined;
  /** Filter scenes that have performers that have been favorited */
  performer_favorite?: boolean | null | undefined;
  /** Filter to only include scenes with performers with these tags */
  performer_tags?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter to only include scenes with these performers */
  performers?: MultiCriterionInput | null | undefined;
  /** Filter by related performers that meet this criteria */
  performers_filter?: PerformerFilterType | null | undefined;
  /**
   * Filter by file phash
   * @deprecated Use phash_distance instead
   */
  phash?: StringCriterionInput | null | undefined;
  /** Filter by file phash distance */
  phash_distance?: PhashDistanceCriterionInput | null | undefined;
  /** Filter by play count */
  play_count?: IntCriterionInput | null | undefined;
  /** Filter by play duration (in seconds) */
  play_duration?: IntCriterionInput | null | undefined;
  rating100?: IntCriterionInput | null | undefined;
  /** Filter by resolution */
  resolution?: ResolutionCriterionInput | null | undefined;
  /** Filter by resume time */
  resume_time?: IntCriterionInput | null | undefined;
  /** Filter by StashID */
  stash_id_endpoint?: StashIdCriterionInput | null | undefined;
  /** Filter to only include scenes with this studio */
  studios?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by related studios that meet this criteria */
  studios_filter?: StudioFilterType | null | undefined;
  /** Filter by tag count */
  tag_count?: IntCriterionInput | null | undefined;
  /** Filter to only include scenes with these tags */
  tags?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by related tags that meet this criteria */
  tags_filter?: TagFilterType | null | undefined;
  title?: StringCriterionInput | null | undefined;
  /** Filter by last update time */
  updated_at?: TimestampCriterionInput | null | undefined;
  /** Filter by url */
  url?: StringCriterionInput | null | undefined;
  /** Filter by video codec */
  video_codec?: StringCriterionInput | null | undefined;
};

export type SceneMarkerFilterType = {
  /** Filter by creation time */
  created_at?: TimestampCriterionInput | null | undefined;
  /** Filter by duration (in seconds) */
  duration?: FloatCriterionInput | null | undefined;
  /** Filter to only include scene markers with these performers */
  performers?: MultiCriterionInput | null | undefined;
  /** Filter by cscene reation time */
  scene_created_at?: TimestampCriterionInput | null | undefined;
  /** Filter by scene date */
  scene_date?: DateCriterionInput | null | undefined;
  /** Filter by related scenes that meet this criteria */
  scene_filter?: SceneFilterType | null | undefined;
  /** Filter to only include scene markers attached to a scene with these tags */
  scene_tags?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by lscene ast update time */
  scene_updated_at?: TimestampCriterionInput | null | undefined;
  /** Filter to only include scene markers from these scenes */
  scenes?: MultiCriterionInput | null | undefined;
  /** Filter to only include scene markers with these tags */
  tags?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by last update time */
  updated_at?: TimestampCriterionInput | null | undefined;
};

export type SortDirectionEnum =
  | 'ASC'
  | 'DESC';

export type StashIdCriterionInput = {
  /**
   * If present, this value is treated as a predicate.
   * That is, it will filter based on stash_ids with the matching endpoint
   */
  endpoint?: string | null | undefined;
  modifier: CriterionModifier;
  stash_id?: string | null | undefined;
};

export type StashIdInput = {
  endpoint: string;
  stash_id: string;
  updated_at?: string | null | undefined;
};

export type StringCriterionInput = {
  modifier: CriterionModifier;
  value: string;
};

export type StudioFilterType = {
  AND?: StudioFilterType | null | undefined;
  NOT?: StudioFilterType | null | undefined;
  OR?: StudioFilterType | null | undefined;
  /** Filter by studio aliases */
  aliases?: StringCriterionInput | null | undefined;
  /** Filter by subsidiary studio count */
  child_count?: IntCriterionInput | null | undefined;
  /** Filter by creation time */
  created_at?: TimestampCriterionInput | null | undefined;
  details?: StringCriterionInput | null | undefined;
  /** Filter by favorite */
  favorite?: boolean | null | undefined;
  /** Filter by related galleries that meet this criteria */
  galleries_filter?: GalleryFilterType | null | undefined;
  /** Filter by gallery count */
  gallery_count?: IntCriterionInput | null | undefined;
  /** Filter by autotag ignore value */
  ignore_auto_tag?: boolean | null | undefined;
  /** Filter by image count */
  image_count?: IntCriterionInput | null | undefined;
  /** Filter by related images that meet this criteria */
  images_filter?: ImageFilterType | null | undefined;
  /** Filter to only include studios missing this property */
  is_missing?: string | null | undefined;
  name?: StringCriterionInput | null | undefined;
  /** Filter to only include studios with this parent studio */
  parents?: MultiCriterionInput | null | undefined;
  rating100?: IntCriterionInput | null | undefined;
  /** Filter by scene count */
  scene_count?: IntCriterionInput | null | undefined;
  /** Filter by related scenes that meet this criteria */
  scenes_filter?: SceneFilterType | null | undefined;
  /** Filter by StashID */
  stash_id_endpoint?: StashIdCriterionInput | null | undefined;
  /** Filter by tag count */
  tag_count?: IntCriterionInput | null | undefined;
  /** Filter to only include studios with these tags */
  tags?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by last update time */
  updated_at?: TimestampCriterionInput | null | undefined;
  /** Filter by url */
  url?: StringCriterionInput | null | undefined;
};

export type TagFilterType = {
  AND?: TagFilterType | null | undefined;
  NOT?: TagFilterType | null | undefined;
  OR?: TagFilterType | null | undefined;
  /** Filter by tag aliases */
  aliases?: StringCriterionInput | null | undefined;
  /** Filter by number f child tags the tag has */
  child_count?: IntCriterionInput | null | undefined;
  /** Filter by child tags */
  children?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by creation time */
  created_at?: TimestampCriterionInput | null | undefined;
  /** Filter by tag description */
  description?: StringCriterionInput | null | undefined;
  /** Filter by favorite */
  favorite?: boolean | null | undefined;
  /** Filter by related galleries that meet this criteria */
  galleries_filter?: GalleryFilterType | null | undefined;
  /** Filter by number of galleries with this tag */
  gallery_count?: IntCriterionInput | null | undefined;
  /** Filter by number of group with this tag */
  group_count?: IntCriterionInput | null | undefined;
  /** Filter by autotag ignore value */
  ignore_auto_tag?: boolean | null | undefined;
  /** Filter by number of images with this tag */
  image_count?: IntCriterionInput | null | undefined;
  /** Filter by related images that meet this criteria */
  images_filter?: ImageFilterType | null | undefined;
  /** Filter to only include tags missing this property */
  is_missing?: string | null | undefined;
  /** Filter by number of markers with this tag */
  marker_count?: IntCriterionInput | null | undefined;
  /** Filter by number of movies with this tag */
  movie_count?: IntCriterionInput | null | undefined;
  /** Filter by tag name */
  name?: StringCriterionInput | null | undefined;
  /** Filter by number of parent tags the tag has */
  parent_count?: IntCriterionInput | null | undefined;
  /** Filter by parent tags */
  parents?: HierarchicalMultiCriterionInput | null | undefined;
  /** Filter by number of performers with this tag */
  performer_count?: IntCriterionInput | null | undefined;
  /** Filter by number of scenes with this tag */
  scene_count?: IntCriterionInput | null | undefined;
  /** Filter by related scenes that meet this criteria */
  scenes_filter?: SceneFilterType | null | undefined;
  /** Filter by tag sort_name */
  sort_name?: StringCriterionInput | null | undefined;
  /** Filter by StashID */
  stash_id_endpoint?: StashIdCriterionInput | null | undefined;
  /** Filter by number of studios with this tag */
  studio_count?: IntCriterionInput | null | undefined;
  /** Filter by last update time */
  updated_at?: TimestampCriterionInput | null | undefined;
};

export type TimestampCriterionInput = {
  modifier: CriterionModifier;
  value: string;
  value2?: string | null | undefined;
};

export type VideoFileFilterInput = {
  audio_codec?: StringCriterionInput | null | undefined;
  bitrate?: IntCriterionInput | null | undefined;
  captions?: StringCriterionInput | null | undefined;
  /** in seconds */
  duration?: IntCriterionInput | null | undefined;
  format?: StringCriterionInput | null | undefined;
  framerate?: IntCriterionInput | null | undefined;
  interactive?: boolean | null | undefined;
  interactive_speed?: IntCriterionInput | null | undefined;
  orientation?: OrientationCriterionInput | null | undefined;
  resolution?: ResolutionCriterionInput | null | undefined;
  video_codec?: StringCriterionInput | null | undefined;
};

export type GalleryPerformerFieldsFragment = { id: string, name: string, disambiguation: string | null, alias_list: Array<string>, gender: GenderEnum | null, country: string | null, image_path: string | null, updated_at: string, stash_ids: Array<{ endpoint: string, stash_id: string }> };

export type ListGalleryPerformersQueryVariables = Exact<{
  page: number;
  per_page: number;
}>;


export type ListGalleryPerformersQuery = { findPerformers: { count: number, performers: Array<{ id: string, name: string, disambiguation: string | null, alias_list: Array<string>, gender: GenderEnum | null, country: string | null, image_path: string | null, updated_at: string, stash_ids: Array<{ endpoint: string, stash_id: string }> }> } };

export type ListPerformerIdsQueryVariables = Exact<{
  page: number;
  per_page: number;
}>;


export type ListPerformerIdsQuery = { findPerformers: { count: number, performers: Array<{ id: string }> } };

export type FindGalleryPerformersQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type FindGalleryPerformersQuery = { findPerformers: { performers: Array<{ id: string, name: string, disambiguation: string | null, alias_list: Array<string>, gender: GenderEnum | null, country: string | null, image_path: string | null, updated_at: string, stash_ids: Array<{ endpoint: string, stash_id: string }> }> } };

export type FindPerformerSoloImagesQueryVariables = Exact<{
  performer: string | number;
  per_page: number;
}>;


export type FindPerformerSoloImagesQuery = { findImages: { count: number, images: Array<{ id: string, paths: { image: string | null }, performers: Array<{ id: string }> }> } };

export type FindImagePerformersQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type FindImagePerformersQuery = { findImages: { images: Array<{ id: string, performers: Array<{ id: string }> }> } };

export type FindImageForIdentifyQueryVariables = Exact<{
  id: string | number;
}>;


export type FindImageForIdentifyQuery = { findImage: { id: string, title: string | null, paths: { image: string | null } } | null };

export type FindGalleriesForLibraryQueryVariables = Exact<{
  gallery_filter?: GalleryFilterType | null | undefined;
  ids?: Array<string | number> | string | number | null | undefined;
  filter?: FindFilterType | null | undefined;
}>;


export type FindGalleriesForLibraryQuery = { findGalleries: { count: number, galleries: Array<{ id: string, image_count: number }> } };

export type FindGalleryImagesQueryVariables = Exact<{
  id: string | number;
  filter?: FindFilterType | null | undefined;
}>;


export type FindGalleryImagesQuery = { findGallery: { id: string, title: string | null, performers: Array<{ id: string, stash_ids: Array<{ endpoint: string, stash_id: string }> }> } | null, findImages: { count: number, images: Array<{ id: string, paths: { image: string | null }, visual_files: Array<
        | { fingerprints: Array<{ type: string, value: string }> }
        | { fingerprints: Array<{ type: string, value: string }> }
      > }> } };

export type AddPerformersToGalleriesMutationVariables = Exact<{
  gallery_ids?: Array<string | number> | string | number | null | undefined;
  performer_ids?: Array<string | number> | string | number | null | undefined;
}>;


export type AddPerformersToGalleriesMutation = { bulkGalleryUpdate: Array<{ id: string }> | null };

export type RemovePerformersFromGalleriesMutationVariables = Exact<{
  gallery_ids?: Array<string | number> | string | number | null | undefined;
  performer_ids?: Array<string | number> | string | number | null | undefined;
}>;


export type RemovePerformersFromGalleriesMutation = { bulkGalleryUpdate: Array<{ id: string }> | null };

export type AddTagsToGalleriesMutationVariables = Exact<{
  gallery_ids?: Array<string | number> | string | number | null | undefined;
  tag_ids?: Array<string | number> | string | number | null | undefined;
}>;


export type AddTagsToGalleriesMutation = { bulkGalleryUpdate: Array<{ id: string }> | null };

export type FindScenesForLibraryQueryVariables = Exact<{
  scene_filter?: SceneFilterType | null | undefined;
  scene_ids?: Array<number> | number | null | undefined;
  filter?: FindFilterType | null | undefined;
}>;


export type FindScenesForLibraryQuery = { findScenes: { count: number, scenes: Array<{ id: string, files: Array<{ fingerprints: Array<{ type: string, value: string }> }>, performers: Array<{ id: string, stash_ids: Array<{ endpoint: string, stash_id: string }> }> }> } };

export type FindSavedSceneFilterQueryVariables = Exact<{
  id: string | number;
}>;


export type FindSavedSceneFilterQuery = { findSavedFilter: { id: string, mode: FilterMode, name: string, object_filter: Record<string, unknown> | null, find_filter: { q: string | null } | null } | null };

export type StashJobQueueQueryVariables = Exact<{ [key: string]: never; }>;


export type StashJobQueueQuery = { jobQueue: Array<{ id: string, status: JobStatus, description: string }> | null };

export type AddPerformersToScenesMutationVariables = Exact<{
  scene_ids?: Array<string | number> | string | number | null | undefined;
  performer_ids?: Array<string | number> | string | number | null | undefined;
}>;


export type AddPerformersToScenesMutation = { bulkSceneUpdate: Array<{ id: string }> | null };

export type RemovePerformersFromScenesMutationVariables = Exact<{
  scene_ids?: Array<string | number> | string | number | null | undefined;
  performer_ids?: Array<string | number> | string | number | null | undefined;
}>;


export type RemovePerformersFromScenesMutation = { bulkSceneUpdate: Array<{ id: string }> | null };

export type FindPerformersNamedQueryVariables = Exact<{
  name: string;
}>;


export type FindPerformersNamedQuery = { byName: { performers: Array<{ id: string, name: string, disambiguation: string | null, alias_list: Array<string>, image_path: string | null, stash_ids: Array<{ endpoint: string, stash_id: string }> }> }, byAlias: { performers: Array<{ id: string, name: string, disambiguation: string | null, alias_list: Array<string>, image_path: string | null, stash_ids: Array<{ endpoint: string, stash_id: string }> }> } };

export type NamedPerformerFieldsFragment = { id: string, name: string, disambiguation: string | null, alias_list: Array<string>, image_path: string | null, stash_ids: Array<{ endpoint: string, stash_id: string }> };

export type CreatePerformerFromDatabaseMutationVariables = Exact<{
  input: PerformerCreateInput;
}>;


export type CreatePerformerFromDatabaseMutation = { performerCreate: { id: string, name: string, disambiguation: string | null, alias_list: Array<string>, image_path: string | null, stash_ids: Array<{ endpoint: string, stash_id: string }> } | null };

export type SetPerformerStashIdsMutationVariables = Exact<{
  id: string | number;
  stash_ids?: Array<StashIdInput> | StashIdInput | null | undefined;
}>;


export type SetPerformerStashIdsMutation = { performerUpdate: { id: string, name: string, disambiguation: string | null, alias_list: Array<string>, image_path: string | null, stash_ids: Array<{ endpoint: string, stash_id: string }> } | null };

export type FindPerformerForLinkQueryVariables = Exact<{
  id: string | number;
}>;


export type FindPerformerForLinkQuery = { findPerformer: { id: string, name: string, disambiguation: string | null, alias_list: Array<string>, image_path: string | null, stash_ids: Array<{ endpoint: string, stash_id: string }> } | null };

export type FindScenesForWatchQueryVariables = Exact<{
  scene_ids?: Array<number> | number | null | undefined;
  filter?: FindFilterType | null | undefined;
}>;


export type FindScenesForWatchQuery = { findScenes: { count: number, scenes: Array<{ id: string, created_at: string, paths: { vtt: string | null } }> } };

export type ImageFileFingerprintsFragment = { visual_files: Array<
    | { fingerprints: Array<{ type: string, value: string }> }
    | { fingerprints: Array<{ type: string, value: string }> }
  > };

export type FindImagesForLibraryQueryVariables = Exact<{
  image_filter?: ImageFilterType | null | undefined;
  filter?: FindFilterType | null | undefined;
}>;


export type FindImagesForLibraryQuery = { findImages: { count: number, images: Array<{ id: string, visual_files: Array<
        | { fingerprints: Array<{ type: string, value: string }> }
        | { fingerprints: Array<{ type: string, value: string }> }
      > }> } };

export type FindTagsNamedQueryVariables = Exact<{
  name: string;
}>;


export type FindTagsNamedQuery = { findTags: { tags: Array<{ id: string, name: string }> } };

export type CreateProcessedTagMutationVariables = Exact<{
  name: string;
}>;


export type CreateProcessedTagMutation = { tagCreate: { id: string, name: string } | null };

export type AddTagsToScenesMutationVariables = Exact<{
  scene_ids?: Array<string | number> | string | number | null | undefined;
  tag_ids?: Array<string | number> | string | number | null | undefined;
}>;


export type AddTagsToScenesMutation = { bulkSceneUpdate: Array<{ id: string }> | null };

export type LocalPerformerFieldsFragment = { id: string, name: string, disambiguation: string | null, image_path: string | null, stash_ids: Array<{ endpoint: string, stash_id: string }> };

export type FindPerformersByStashIdQueryVariables = Exact<{
  filter: PerformerFilterType;
}>;


export type FindPerformersByStashIdQuery = { findPerformers: { performers: Array<{ id: string, name: string, disambiguation: string | null, image_path: string | null, stash_ids: Array<{ endpoint: string, stash_id: string }> }> } };

export type FindPerformerImageQueryVariables = Exact<{
  id: string | number;
}>;


export type FindPerformerImageQuery = { findPerformer: { id: string, name: string, disambiguation: string | null, image_path: string | null, stash_ids: Array<{ endpoint: string, stash_id: string }> } | null };

export type FindSceneForIdentifyQueryVariables = Exact<{
  id: string | number;
}>;


export type FindSceneForIdentifyQuery = { findScene: { id: string, title: string | null, paths: { screenshot: string | null, stream: string | null, sprite: string | null, vtt: string | null }, files: Array<{ duration: number, width: number, height: number, frame_rate: number, fingerprints: Array<{ type: string, value: string }> }>, performers: Array<{ id: string, name: string, stash_ids: Array<{ endpoint: string, stash_id: string }> }> } | null };

export const GalleryPerformerFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"GalleryPerformerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Performer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"alias_list"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}},{"kind":"Field","name":{"kind":"Name","value":"updated_at"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]} as unknown as DocumentNode<GalleryPerformerFieldsFragment, unknown>;
export const NamedPerformerFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NamedPerformerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Performer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"alias_list"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]} as unknown as DocumentNode<NamedPerformerFieldsFragment, unknown>;
export const ImageFileFingerprintsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImageFileFingerprints"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Image"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"visual_files"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImageFile"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fingerprints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VideoFile"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fingerprints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ImageFileFingerprintsFragment, unknown>;
export const LocalPerformerFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LocalPerformerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Performer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]} as unknown as DocumentNode<LocalPerformerFieldsFragment, unknown>;
export const ListGalleryPerformersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ListGalleryPerformers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"per_page"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findPerformers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"per_page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"per_page"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"sort"},"value":{"kind":"StringValue","value":"updated_at","block":false}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"DESC"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"performers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"GalleryPerformerFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"GalleryPerformerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Performer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"alias_list"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}},{"kind":"Field","name":{"kind":"Name","value":"updated_at"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]} as unknown as DocumentNode<ListGalleryPerformersQuery, ListGalleryPerformersQueryVariables>;
export const ListPerformerIdsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ListPerformerIds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"page"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"per_page"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findPerformers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"page"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"per_page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"per_page"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"sort"},"value":{"kind":"StringValue","value":"id","block":false}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"ASC"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"performers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]} as unknown as DocumentNode<ListPerformerIdsQuery, ListPerformerIdsQueryVariables>;
export const FindGalleryPerformersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindGalleryPerformers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findPerformers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"per_page"},"value":{"kind":"IntValue","value":"-1"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"performers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"GalleryPerformerFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"GalleryPerformerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Performer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"alias_list"}},{"kind":"Field","name":{"kind":"Name","value":"gender"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}},{"kind":"Field","name":{"kind":"Name","value":"updated_at"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]} as unknown as DocumentNode<FindGalleryPerformersQuery, FindGalleryPerformersQueryVariables>;
export const FindPerformerSoloImagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindPerformerSoloImages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"performer"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"per_page"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findImages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"image_filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"performers"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"value"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"performer"}}]}},{"kind":"ObjectField","name":{"kind":"Name","value":"modifier"},"value":{"kind":"EnumValue","value":"INCLUDES"}}]}},{"kind":"ObjectField","name":{"kind":"Name","value":"performer_count"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"value"},"value":{"kind":"IntValue","value":"1"}},{"kind":"ObjectField","name":{"kind":"Name","value":"modifier"},"value":{"kind":"EnumValue","value":"EQUALS"}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"per_page"},"value":{"kind":"Variable","name":{"kind":"Name","value":"per_page"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"sort"},"value":{"kind":"StringValue","value":"id","block":false}},{"kind":"ObjectField","name":{"kind":"Name","value":"direction"},"value":{"kind":"EnumValue","value":"ASC"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"paths"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"}}]}},{"kind":"Field","name":{"kind":"Name","value":"performers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FindPerformerSoloImagesQuery, FindPerformerSoloImagesQueryVariables>;
export const FindImagePerformersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindImagePerformers"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findImages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"per_page"},"value":{"kind":"IntValue","value":"-1"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"performers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FindImagePerformersQuery, FindImagePerformersQueryVariables>;
export const FindImageForIdentifyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindImageForIdentify"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findImage"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"paths"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"}}]}}]}}]}}]} as unknown as DocumentNode<FindImageForIdentifyQuery, FindImageForIdentifyQueryVariables>;
export const FindGalleriesForLibraryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindGalleriesForLibrary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"gallery_filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"GalleryFilterType"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FindFilterType"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findGalleries"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"gallery_filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"gallery_filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"galleries"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"image_count"}}]}}]}}]}}]} as unknown as DocumentNode<FindGalleriesForLibraryQuery, FindGalleriesForLibraryQueryVariables>;
export const FindGalleryImagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindGalleryImages"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FindFilterType"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findGallery"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"performers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"findImages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"image_filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"galleries"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"value"},"value":{"kind":"ListValue","values":[{"kind":"Variable","name":{"kind":"Name","value":"id"}}]}},{"kind":"ObjectField","name":{"kind":"Name","value":"modifier"},"value":{"kind":"EnumValue","value":"INCLUDES"}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"paths"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"image"}}]}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImageFileFingerprints"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImageFileFingerprints"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Image"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"visual_files"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImageFile"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fingerprints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VideoFile"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fingerprints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FindGalleryImagesQuery, FindGalleryImagesQueryVariables>;
export const AddPerformersToGalleriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddPerformersToGalleries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"gallery_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"performer_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bulkGalleryUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"gallery_ids"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"performer_ids"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"performer_ids"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"mode"},"value":{"kind":"EnumValue","value":"ADD"}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<AddPerformersToGalleriesMutation, AddPerformersToGalleriesMutationVariables>;
export const RemovePerformersFromGalleriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemovePerformersFromGalleries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"gallery_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"performer_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bulkGalleryUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"gallery_ids"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"performer_ids"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"performer_ids"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"mode"},"value":{"kind":"EnumValue","value":"REMOVE"}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<RemovePerformersFromGalleriesMutation, RemovePerformersFromGalleriesMutationVariables>;
export const AddTagsToGalleriesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddTagsToGalleries"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"gallery_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tag_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bulkGalleryUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"gallery_ids"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"tag_ids"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tag_ids"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"mode"},"value":{"kind":"EnumValue","value":"ADD"}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<AddTagsToGalleriesMutation, AddTagsToGalleriesMutationVariables>;
export const FindScenesForLibraryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindScenesForLibrary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scene_filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"SceneFilterType"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scene_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FindFilterType"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findScenes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"scene_filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scene_filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"scene_ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scene_ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"scenes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"files"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fingerprints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"performers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<FindScenesForLibraryQuery, FindScenesForLibraryQueryVariables>;
export const FindSavedSceneFilterDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindSavedSceneFilter"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findSavedFilter"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"mode"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"object_filter"}},{"kind":"Field","name":{"kind":"Name","value":"find_filter"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"q"}}]}}]}}]}}]} as unknown as DocumentNode<FindSavedSceneFilterQuery, FindSavedSceneFilterQueryVariables>;
export const StashJobQueueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StashJobQueue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"jobQueue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"description"}}]}}]}}]} as unknown as DocumentNode<StashJobQueueQuery, StashJobQueueQueryVariables>;
export const AddPerformersToScenesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddPerformersToScenes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scene_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"performer_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bulkSceneUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scene_ids"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"performer_ids"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"performer_ids"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"mode"},"value":{"kind":"EnumValue","value":"ADD"}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<AddPerformersToScenesMutation, AddPerformersToScenesMutationVariables>;
export const RemovePerformersFromScenesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RemovePerformersFromScenes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scene_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"performer_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bulkSceneUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scene_ids"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"performer_ids"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"performer_ids"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"mode"},"value":{"kind":"EnumValue","value":"REMOVE"}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<RemovePerformersFromScenesMutation, RemovePerformersFromScenesMutationVariables>;
export const FindPerformersNamedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindPerformersNamed"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","alias":{"kind":"Name","value":"byName"},"name":{"kind":"Name","value":"findPerformers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"performer_filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"name"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"value"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"modifier"},"value":{"kind":"EnumValue","value":"EQUALS"}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"per_page"},"value":{"kind":"IntValue","value":"-1"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"performers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"NamedPerformerFields"}}]}}]}},{"kind":"Field","alias":{"kind":"Name","value":"byAlias"},"name":{"kind":"Name","value":"findPerformers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"performer_filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"aliases"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"value"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"modifier"},"value":{"kind":"EnumValue","value":"EQUALS"}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"per_page"},"value":{"kind":"IntValue","value":"-1"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"performers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"NamedPerformerFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NamedPerformerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Performer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"alias_list"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]} as unknown as DocumentNode<FindPerformersNamedQuery, FindPerformersNamedQueryVariables>;
export const CreatePerformerFromDatabaseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreatePerformerFromDatabase"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PerformerCreateInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"performerCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"NamedPerformerFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NamedPerformerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Performer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"alias_list"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]} as unknown as DocumentNode<CreatePerformerFromDatabaseMutation, CreatePerformerFromDatabaseMutationVariables>;
export const SetPerformerStashIdsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SetPerformerStashIds"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"stash_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StashIDInput"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"performerUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"stash_ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"stash_ids"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"NamedPerformerFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NamedPerformerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Performer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"alias_list"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]} as unknown as DocumentNode<SetPerformerStashIdsMutation, SetPerformerStashIdsMutationVariables>;
export const FindPerformerForLinkDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindPerformerForLink"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findPerformer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"NamedPerformerFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"NamedPerformerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Performer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"alias_list"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]} as unknown as DocumentNode<FindPerformerForLinkQuery, FindPerformerForLinkQueryVariables>;
export const FindScenesForWatchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindScenesForWatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scene_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FindFilterType"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findScenes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"scene_ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scene_ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"scenes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"created_at"}},{"kind":"Field","name":{"kind":"Name","value":"paths"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"vtt"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FindScenesForWatchQuery, FindScenesForWatchQueryVariables>;
export const FindImagesForLibraryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindImagesForLibrary"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"image_filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ImageFilterType"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"FindFilterType"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findImages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"image_filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"image_filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"images"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"FragmentSpread","name":{"kind":"Name","value":"ImageFileFingerprints"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ImageFileFingerprints"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Image"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"visual_files"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ImageFile"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fingerprints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"VideoFile"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"fingerprints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FindImagesForLibraryQuery, FindImagesForLibraryQueryVariables>;
export const FindTagsNamedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindTagsNamed"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findTags"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"q"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"per_page"},"value":{"kind":"IntValue","value":"-1"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tags"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]} as unknown as DocumentNode<FindTagsNamedQuery, FindTagsNamedQueryVariables>;
export const CreateProcessedTagDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateProcessedTag"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"name"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tagCreate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"name"},"value":{"kind":"Variable","name":{"kind":"Name","value":"name"}}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<CreateProcessedTagMutation, CreateProcessedTagMutationVariables>;
export const AddTagsToScenesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddTagsToScenes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"scene_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"tag_ids"}},"type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"bulkSceneUpdate"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"scene_ids"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"tag_ids"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"tag_ids"}}},{"kind":"ObjectField","name":{"kind":"Name","value":"mode"},"value":{"kind":"EnumValue","value":"ADD"}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}}]}}]} as unknown as DocumentNode<AddTagsToScenesMutation, AddTagsToScenesMutationVariables>;
export const FindPerformersByStashIdDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindPerformersByStashId"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PerformerFilterType"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findPerformers"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"performer_filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"per_page"},"value":{"kind":"IntValue","value":"5"}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"performers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LocalPerformerFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LocalPerformerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Performer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]} as unknown as DocumentNode<FindPerformersByStashIdQuery, FindPerformersByStashIdQueryVariables>;
export const FindPerformerImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindPerformerImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findPerformer"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"LocalPerformerFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"LocalPerformerFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Performer"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"disambiguation"}},{"kind":"Field","name":{"kind":"Name","value":"image_path"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]} as unknown as DocumentNode<FindPerformerImageQuery, FindPerformerImageQueryVariables>;
export const FindSceneForIdentifyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FindSceneForIdentify"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"findScene"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"paths"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"screenshot"}},{"kind":"Field","name":{"kind":"Name","value":"stream"}},{"kind":"Field","name":{"kind":"Name","value":"sprite"}},{"kind":"Field","name":{"kind":"Name","value":"vtt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"files"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"duration"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}},{"kind":"Field","name":{"kind":"Name","value":"frame_rate"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprints"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"performers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"stash_ids"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"endpoint"}},{"kind":"Field","name":{"kind":"Name","value":"stash_id"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FindSceneForIdentifyQuery, FindSceneForIdentifyQueryVariables>;