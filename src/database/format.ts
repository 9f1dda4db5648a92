import type { VisionProfile } from '../vision/profile.js';

/**
 * The face-database package: the contract between the builder that writes it and the sidecar that serves it.
 * `manifest.json` pins the exact models every index was built with and the sha256 of every other file.
 */

export const FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const PERFORMERS_FILE = 'performers.json';
export const FACES_FILE = 'faces.json';
export const TEMPLATES_FILE = 'templates.json';

/** A performer as the database knows it; `id` is universal: `<stash-box host>:<uuid>`. */
export interface PerformerRecord {
  id: string;
  name: string;
  disambiguation?: string | null;
  country?: string | null;
  gender?: string | null;
  aliases?: string[];
  /** The stash-box GraphQL endpoint, e.g. https://stashdb.org/graphql. */
  endpoint: string;
  /** Reference photo shown beside the face from the scene. */
  image_url?: string | null;
  /** The performer's page on the stash-box site. */
  stashbox_url?: string | null;
  face_count: number;
}

export interface SourceRecord {
  endpoint: string;
  host: string;
  performers: number;
}

/** One reference face: which performer, from which image (label = position in `faces.json`). */
export interface FaceLabel {
  performer_id: string;
  image_id: string;
}

export interface ModelPin {
  id: string;
  sha256: string;
  dim: number;
  preprocessing?: string;
}

/** `full`: templates from full-size faces; a number: templates that include copies degraded to that face width. */
export type SizeTier = 'full' | number;

export interface IndexEntry {
  file: string;
  sha256: string;
  model: ModelPin;
  kind: 'face' | 'template';
  size_tier: SizeTier;
  count: number;
  space: 'cosine';
  M: number;
  ef_construction: number;
  /** The label table: position -> performer (and image, for faces). */
  labels: string;
}

/**
 * Per model: mean/std of impostor cosine scores (z-normalisation), and per size tier the logistic model of the
 * log-likelihood ratio genuine vs impostor over the z-scores (see recognition/calibration.ts).
 */
export interface Calibration {
  method: 'logistic-llr';
  /** Where the parameters were fitted, e.g. "lfw: 265 people, 1661 photos". */
  fitted_on: string;
  models: Record<string, { impostor_mean: number; impostor_std: number }>;
  tiers: Array<{ size_tier: SizeTier; weights: Record<string, number>; bias: number }>;
  /** Prior probability that a probed face belongs to someone in the database. */
  prior_enrolled: number;
  /**
   * How the best impostor score grows with the database size (recognition/calibration.ts): when present, confidence
   * comes from it; manifests written before it (no `open_set`) keep the likelihood-ratio posterior.
   */
  open_set?: OpenSetCalibration;
}

/** One fused-score model per template tier and kind of evidence, fitted on a gallery of thousands of performers. */
export interface OpenSetCalibration {
  fitted_on: string;
  tiers: OpenSetTier[];
}

export interface OpenSetTier {
  /** Template tier searched. */
  size_tier: SizeTier;
  /** `face`: one face; `person`: the mean embedding of a person's several faces. */
  evidence: 'face' | 'person';
  /** Fused score (the calibration tier's LLR) of the right performer: normal. */
  genuine: { mean: number; std: number };
  /**
   * Best fused score among N impostors: Gumbel, location a + b ln N and scale c + d ln N (fitted over N from tens to
   * thousands, so it extrapolates to StashDB's 100,000 performers).
   */
  max_impostor: { location: [number, number]; scale: [number, number] };
}

export interface Manifest {
  format_version: number;
  version: string;
  created_at: string;
  counts: { performers: number; faces: number; templates: number; images: number };
  sources: SourceRecord[];
  detector: { id: string; sha256: string };
  models: ModelPin[];
  /**
   * How the references were detected and embedded (detector size and threshold, alignment, preprocessing). The
   * sidecar refuses a database whose profile it cannot follow and adopts the rest (vision/profile.ts). Absent in
   * packages written before profiles: those were detected at 640 px.
   */
  vision_profile?: VisionProfile;
  indexes: IndexEntry[];
  calibration: Calibration;
  /** sha256 of every file in the package other than the manifest and the indexes (which carry their own). */
  files: Record<string, string>;
}

/** The labels of a template index: position -> performer id. */
export type TemplateLabels = string[];

/** A release package's file name without extension: `stash-face-db-<version>` (.tar.gz, .tar.gz.sha256 beside it). */
export const packageBaseName = (version: string) => `stash-face-db-${version}`;

/**
 * `latest.json`, published next to the newest package (CONTRACTS.md): the builder writes it, the sidecar's update
 * check reads it. `url` is relative to latest.json as published (the sidecar resolves it).
 */
export interface ReleaseMetadata {
  version: string;
  created_at: string;
  url: string;
  sha256: string;
  size: number;
  format_version: number;
  min_sidecar_version: string;
}
