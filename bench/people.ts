/**
 * People grouping time (src/people): 10,000 kept unknown persons in a real SQLite state file, grouped from scratch
 * (the first update is a full recluster), then one library run's worth of new persons added incrementally.
 *
 * Synthetic embeddings with an identity structure like the two default models': per identity a random unit
 * direction per model (fr_feature-like 128-d, dlib-like 128-d with a shared component that puts strangers near
 * 0.85 cosine); each kept person is its identity's direction plus noise sized so same-identity persons score like
 * real ones (fused z ~5-6) and strangers ~0. The calibration (impostor mean/std) is measured on the set itself.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibraryStore } from '../src/library/store.js';
import type { KeptPerson } from '../src/library/types.js';
import { createLogger } from '../src/log.js';
import { groupingQuality } from '../src/people/cluster.js';
import { PeopleService } from '../src/people/service.js';
import { personKey } from '../src/people/store.js';
import { openStateDatabase } from '../src/state/database.js';
import { cosine, l2normalize } from '../src/vision/vectors.js';
import { round } from './util.js';

const PERSONS = Number(process.env.PEOPLE_BENCH_PERSONS ?? 10_000);
const PER_IDENTITY = 5; // appearances of a recurring stranger; a third of persons are one-off strangers
const DIM = 128;

// mulberry32: a seeded generator with a full 2^32 period (a float LCG loses bits and repeats).
let seed = 11;
const rand = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const randomUnit = () => l2normalize(Float32Array.from({ length: DIM }, gauss));
const common = randomUnit();

function direction(shared: number): Float32Array {
  const v = randomUnit();
  return l2normalize(v.map((x, i) => Math.sqrt(1 - shared) * x + Math.sqrt(shared) * common[i]));
}
const noisy = (v: Float32Array, noise: number) => l2normalize(v.map((x) => x + (noise * gauss()) / Math.sqrt(DIM)));

export async function benchPeople() {
  const dir = await mkdtemp(join(tmpdir(), 'people-bench-'));
  try {
    const state = openStateDatabase(dir);
    const library = new LibraryStore(state);
    const identities: string[] = [];
    const persons: Array<{ key: string; identity: string; p: KeptPerson; item: string }> = [];
    const recurring = Math.round((PERSONS * 2) / 3 / PER_IDENTITY);
    const make = (id: string, dirs: { fr: Float32Array; dl: Float32Array }, n: number): KeptPerson => ({
      id: `p${n}`,
      box: null,
      timestamps: [n],
      face_count: 8,
      face_size: 60,
      detection_score: 0.9,
      thumbnail: null,
      low_evidence: false,
      matches: [],
      embeddings: { fr_feature: noisy(dirs.fr, 1.1), dlib_resnet: noisy(dirs.dl, 0.45) },
      search_size: 60,
      faces: 8,
    });
    const dirsOf = () => ({ fr: direction(0), dl: direction(0.85) });
    for (let i = 0; i < recurring; i++) {
      const d = dirsOf();
      for (let a = 0; a < PER_IDENTITY; a++) persons.push({ key: '', identity: `r${i}`, p: make(`r${i}`, d, a), item: '' });
    }
    while (persons.length < PERSONS) persons.push({ key: '', identity: `o${persons.length}`, p: make('', dirsOf(), 0), item: '' });
    // Two persons per scene, shuffled.
    persons.sort(() => rand() - 0.5);
    const calibration = { models: measureImpostors(persons.map((x) => x.p.embeddings)) };
    const incremental = persons.splice(PERSONS - 40);
    const save = (batch: typeof persons, first: number) => {
      state.transaction(() => {
        for (let s = 0; s < batch.length; s += 2) {
          const item = String(first + s / 2);
          const cast = batch.slice(s, s + 2).map((x, k) => ({ ...x, p: { ...x.p, id: `p${k}`, timestamps: [1, 2] } }));
          cast.forEach((x, k) => Object.assign(batch[s + k], { item, key: `scene:${item}:p${k}` }));
          library.saveResult({ kind: 'scene', item_id: item, fingerprint: null, database_version: 'v', vision_profile: 'x', frames_mode: 'SPRITE', source: 'SPRITE', frames_used: 81, tagged: [], persons: cast.map((x) => x.p) });
        }
      })();
    };
    save(persons, 1);
    const people = new PeopleService({ state, calibration: () => calibration, log: createLogger('error') });
    const full = people.update();
    save(incremental, 1_000_000);
    const inc = people.update();
    const all = [...persons, ...incremental];
    const index = new Map(all.map((x, i) => [x.key, i]));
    const groupOf = new Map<number, number>();
    for (const m of people.store.members()) if (m.group_id != null) groupOf.set(index.get(personKey(m))!, m.group_id);
    const q = groupingQuality(all.map((x) => x.identity), groupOf);
    state.close();
    return {
      persons: PERSONS,
      recurring_identities: recurring,
      full_recluster_ms: round(full.ms),
      incremental: { new_persons: inc.new_persons, ms: round(inc.ms), joined: inc.joined, groups_started: inc.groups_started },
      quality: Object.fromEntries(Object.entries(q).map(([k, v]) => [k, round(v, 4)])),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function measureImpostors(sample: ReadonlyArray<Record<string, Float32Array>>) {
  const out: Record<string, { impostor_mean: number; impostor_std: number }> = {};
  for (const model of Object.keys(sample[0])) {
    const xs: number[] = [];
    for (let k = 0; k < 4000; k++) xs.push(cosine(sample[Math.floor(rand() * sample.length)][model], sample[Math.floor(rand() * sample.length)][model]));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    out[model] = { impostor_mean: mean, impostor_std: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length) };
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(JSON.stringify(await benchPeople(), null, 1));
