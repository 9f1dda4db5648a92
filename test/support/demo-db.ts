import { createHash } from 'node:crypto';

import calibration from '../../src/recognition/default-calibration.json' with { type: 'json' };
import type { Calibration, PerformerRecord } from '../../src/database/format.js';
import { releaseDir, setCurrentVersion } from '../../src/database/store.js';
import { profilePins, writeDatabase, type FaceEntry, type TemplateEntry } from '../../src/database/writer.js';
import { performerTemplates } from '../../src/enrolment/templates.js';
import type { VisionEngine } from '../../src/vision/engine.js';
import { analyseLabelled } from './evaluation.js';
import { openSetSplit } from './fixtures.js';

export const DEMO_ENDPOINT = 'https://stashdb.org/graphql';

/** A stable fake StashDB uuid for a test identity. */
export function demoUuid(identity: string): string {
  const h = createHash('sha1').update(`stash-face-demo:${identity}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function demoPerformerId(identity: string): string {
  return `stashdb.org:${demoUuid(identity)}`;
}

export interface DemoOptions {
  version?: string;
  /** Identities and their enrolment photos; default: the enrolled half of the open-set split. */
  people?: Array<{ identity: string; enrol: string[] }>;
  /** Reference photo URL per identity (e.g. served by a fake Stash). */
  imageUrl?: (identity: string) => string | null;
  /** Performers enrolled elsewhere (e.g. the scale test bed's thousands), written into the same package. */
  extra?: { performers: PerformerRecord[]; faces: FaceEntry[]; templates: TemplateEntry[] };
}

/**
 * Builds a small database from ../shared/faces for tests and demos: each enrolled identity becomes a "StashDB"
 * performer with the templates the real builder would make. Returns the release directory.
 */
export async function buildDemoDatabase(engine: VisionEngine, databasePath: string, options: DemoOptions = {}): Promise<string> {
  const version = options.version ?? 'demo-1';
  const people = options.people ?? openSetSplit().enrolled.map(({ identity, enrol }) => ({ identity, enrol }));
  const performers: PerformerRecord[] = [];
  const faces: FaceEntry[] = [];
  const templates: TemplateEntry[] = [];
  for (const person of people) {
    const { faces: found } = await analyseLabelled(engine, person.enrol.map((file) => ({ identity: person.identity, file })));
    if (found.length === 0) continue;
    const id = demoPerformerId(person.identity);
    performers.push({
      id,
      name: person.identity.replace(/[_-]/g, ' '),
      disambiguation: null,
      country: null,
      endpoint: DEMO_ENDPOINT,
      image_url: options.imageUrl?.(person.identity) ?? null,
      stashbox_url: `https://stashdb.org/performers/${demoUuid(person.identity)}`,
      face_count: found.length,
    });
    for (const f of found) faces.push({ performer_id: id, image_id: f.file.split('/').pop()!, embeddings: f.face.embeddings });
    for (const t of await performerTemplates(engine, found.map((f) => ({ image: f.image, face: f.face })))) {
      templates.push({ performer_id: id, ...t });
    }
  }
  if (options.extra) {
    performers.push(...options.extra.performers);
    faces.push(...options.extra.faces);
    templates.push(...options.extra.templates);
  }
  const dir = releaseDir(databasePath, version);
  await writeDatabase(dir, {
    version,
    sources: [{ endpoint: DEMO_ENDPOINT, host: 'stashdb.org', performers: performers.length }],
    ...profilePins(engine.profile()),
    performers,
    faces,
    templates,
    calibration: calibration as unknown as Calibration,
  });
  await setCurrentVersion(databasePath, version);
  return dir;
}

