/**
 * Enrolment: a person's photos -> chosen faces -> templates (per-model mean and degraded-size copies). One library
 * for the builder (stash-box performers) and the sidecar (local performers, accepted faces); it uses the vision
 * engine with a pinned vision profile, so references and probes are embedded alike.
 */
export { enrolPerson, type Enrolment } from './enrol.js';
export { analysePhoto, type PhotoAnalysis } from './photo.js';
export { DEFAULT_ENROLMENT_RULES, type EnrolmentRules, type PhotoRules, type SelectionRules } from './rules.js';
export { selectFaces, type CandidateImage, type KeptFace, type Selection } from './select.js';
export { DEFAULT_DEGRADED_TIERS, degradedEmbedding, performerTemplates, type ReferenceFace, type Template } from './templates.js';
