import { beforeAll, describe, expect, it } from 'vitest';
import type { Match } from '../plugin/src/sidecar.js';

/**
 * The plugin's pure logic in Node: settings parsing, error classification, timestamp runs and the performer a
 * "Create in Stash" click makes (scraped from the user's stash-box, or the face database's own fields). Stash's UI
 * is replaced by a stand-in window.PluginApi whose Apollo client records the scrape query it is asked.
 */
const queries: Array<{ query: unknown; variables: any }> = [];
let scrapeAnswer: () => Promise<unknown> = async () => ({ data: { scrapeSinglePerformer: [] } });

let settings: typeof import('../plugin/src/settings.js');
let stash: typeof import('../plugin/src/stash.js');
let sidecar: typeof import('../plugin/src/sidecar.js');
let format: typeof import('../plugin/src/format.js');

beforeAll(async () => {
  (globalThis as any).window = {
    StashFaceDefaults: { sidecarUrl: 'http://10.0.0.5:8000', version: '1.2.3' },
    PluginApi: {
      libraries: { Bootstrap: {}, Apollo: {} },
      utils: {
        StashService: {
          getClient: () => ({
            query: (o: { query: unknown; variables: any }) => {
              queries.push(o);
              return scrapeAnswer();
            },
          }),
        },
      },
    },
  };
  settings = await import('../plugin/src/settings.js');
  stash = await import('../plugin/src/stash.js');
  sidecar = await import('../plugin/src/sidecar.js');
  format = await import('../plugin/src/format.js');
});

const STASHDB = 'https://stashdb.org/graphql';
const match = (over: Partial<Match['performer']> = {}): Match => ({
  confidence: 0.93,
  already_tagged: null,
  performer: {
    id: 'stashdb.org:11111111-2222-4333-8444-555555555555',
    stash_id: '11111111-2222-4333-8444-555555555555',
    endpoint: STASHDB,
    name: 'Ada Example',
    disambiguation: 'singer',
    country: 'GB',
    gender: 'FEMALE',
    image_url: 'https://cdn.example/ada.jpg',
    stashbox_url: 'https://stashdb.org/performers/11111111-2222-4333-8444-555555555555',
    local_performer: null,
    ...over,
  },
});

describe('plugin logic', () => {
  it('merges saved settings over the served defaults; minConfidence is a whole percentage', () => {
    expect(settings.parseSettings(undefined)).toEqual({ sidecarUrl: 'http://10.0.0.5:8000', minConfidence: 0.5, maxResults: 5, framesMode: 'AUTO' });
    expect(settings.PLUGIN_VERSION).toBe('1.2.3');
    expect(settings.parseSettings({ minConfidence: 70, maxResults: 3, framesMode: 'sprite', sidecarUrl: 'http://faces:8000/graphql/' })).toEqual({
      sidecarUrl: 'http://faces:8000',
      minConfidence: 0.7,
      maxResults: 3,
      framesMode: 'SPRITE',
    });
    // nonsense keeps the defaults
    expect(settings.parseSettings({ minConfidence: 250, maxResults: 0, framesMode: 'ALL', sidecarUrl: 'faces' })).toEqual(settings.parseSettings({}));
    expect(settings.parseSettings({ minConfidence: 0 }).minConfidence).toBe(0);
  });

  it('fills in the unsaved defaults for the settings page, keeping saved values', () => {
    expect(settings.withDefaults({})).toEqual({ minConfidence: 50, maxResults: 5, framesMode: 'AUTO' });
    expect(settings.withDefaults({ minConfidence: 70, sidecarUrl: 'http://x:1' })).toEqual({ minConfidence: 70, sidecarUrl: 'http://x:1', maxResults: 5, framesMode: 'AUTO' });
    expect(settings.withDefaults({ minConfidence: 0, maxResults: 3, framesMode: 'SPRITE' })).toBeNull();
  });

  it('classifies failures into what the user should do', () => {
    const gql = (code: string) => ({ graphQLErrors: [{ message: `m-${code}`, extensions: { code } }] });
    expect(sidecar.describeError(gql('DATABASE_NOT_LOADED'), 'u', false).kind).toBe('no-database');
    expect(sidecar.describeError(gql('FETCH_FAILED'), 'u', false).kind).toBe('fetch-failed');
    expect(sidecar.describeError(gql('BAD_USER_INPUT'), 'u', false)).toEqual({ kind: 'unsupported', code: 'BAD_USER_INPUT', message: 'm-BAD_USER_INPUT' });
    expect(sidecar.describeError({ networkError: new TypeError('Failed to fetch') }, 'u', false).kind).toBe('unreachable');
    expect(sidecar.describeError({ networkError: new TypeError('Failed to fetch') }, 'http://x:1', true)).toMatchObject({ kind: 'blocked' });
    expect(sidecar.describeError({ networkError: Object.assign(new Error('bad'), { statusCode: 502 }) }, 'http://x:1', false).message).toMatch(/HTTP 502/);
  });

  it('tells a refused origin and an https page calling an http sidecar from an unreachable sidecar', () => {
    const down = { networkError: new TypeError('Failed to fetch') };
    expect(sidecar.describeError({ ...down, refusedOrigin: 'refused: add it to CORS_ORIGINS' }, 'http://x:1', false)).toMatchObject({ kind: 'refused-origin', message: expect.stringContaining('CORS_ORIGINS') });
    const readable = { networkError: Object.assign(new Error('403'), { statusCode: 403, result: { errors: [{ message: 'refused origin: add it to CORS_ORIGINS', extensions: { code: 'CORS_ORIGIN_REFUSED' } }] } }) };
    expect(sidecar.describeError(readable, 'http://x:1', false)).toMatchObject({ kind: 'refused-origin', message: expect.stringContaining('CORS_ORIGINS') });
    expect(sidecar.mixedContent('http://192.168.1.5:8000', 'https:')).toBe(true);
    expect(sidecar.mixedContent('http://localhost:8000', 'https:')).toBe(false);
    expect(sidecar.mixedContent('https://stash.example/face', 'https:')).toBe(false);
    expect(sidecar.mixedContent('http://192.168.1.5:8000', 'http:')).toBe(false);
  });

  it('reports saved settings it cannot use instead of ignoring them', () => {
    expect(settings.settingsProblems({ minConfidence: 70, maxResults: 3, framesMode: 'sprite', sidecarUrl: 'http://faces:8000' })).toEqual([]);
    const problems = settings.settingsProblems({ minConfidence: 250, maxResults: 0, framesMode: 'ALL', sidecarUrl: 'faces:8000' });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/Sidecar URL "faces:8000" is not an http/);
    expect(problems[3]).toMatch(/AUTO, SPRITE or FRAMES/);
  });

  it('shows timestamps as runs of neighbouring frames', () => {
    expect(format.appearances([13, 14, 15, 16, 17, 59, 60, 61, 90])).toEqual([
      { start: 13, end: 17 },
      { start: 59, end: 61 },
      { start: 90, end: 90 },
    ]);
    // 40 frames over half an hour: every frame is its own appearance unless neighbours
    expect(format.appearances([45, 90, 135, 400])).toEqual([{ start: 45, end: 135 }, { start: 400, end: 400 }]);
    expect(format.appearances([])).toEqual([]);
    expect(format.formatTime(75)).toBe('1:15');
    expect(format.formatTime(3725)).toBe('1:02:05');
    expect(format.percent(0.876)).toBe('88%');
  });

  it('merges appearances by the real frame spacing, sorts faces in reading order, and tiers matches by the threshold', () => {
    // Two frames 1.8 s apart are one appearance; without the step the smallest gap (here 45 s) would merge 0:45-2:15.
    expect(format.appearanceText([5, 6.8, 8.6, 21, 62, 63.8, 74], 1.8)).toBe('0:05-0:08, 0:21, 1:02-1:03, 1:14');
    expect(format.appearanceText([45, 90, 135], 1.8)).toBe('0:45, 1:30, 2:15');
    // Appearance markers: one per merged range, titled with the performer (point markers for a single sample).
    const named = (name: string, timestamps: number[]) => ({ timestamps, matches: [{ performer: { name } }] });
    expect(format.markerPlan([named('B', [5, 6.8, 8.6, 21]), named('A', [6.8]), { timestamps: [1], matches: [] }], 1.8)).toEqual([
      { title: 'B', seconds: 5, end_seconds: 8.6 },
      { title: 'A', seconds: 6.8 },
      { title: 'B', seconds: 21 },
    ]);
    const box = (x: number, y: number) => ({ box: { x, y, width: 100, height: 100 }, id: `${x},${y}` });
    // A group photo: two rows, the second row's faces a little higher or lower than each other.
    const order = format.readingOrder([box(600, 420), box(50, 60), box(300, 380), box(400, 40), box(20, 400), { box: null, id: 'none' }]);
    expect(order.map((p) => p.id)).toEqual(['50,60', '400,40', '20,400', '300,380', '600,420', 'none']);
    const p = (c?: number, low = false) => ({ matches: c === undefined ? [] : [{ confidence: c }], low_evidence: low });
    expect([p(0.92), p(0.92, true), p(0.6), p(0.3), p()].map((x) => format.tierOf(x, 0.5))).toEqual(['strong', 'weak', 'weak', 'possible', 'unknown']);
    expect(format.tierOf(p(0.85), 0.9)).toBe('possible');
    const persons = [p(0.92), p(0.6), p(0.3), p()];
    expect([0.2, 0.5, 0.7, 0.95].map((t) => format.keptCount(persons, t))).toEqual([3, 2, 1, 0]);
  });

  it('maps Stash genders and labels stash-boxes', () => {
    expect(stash.genderOf('Transgender Female')).toBe('TRANSGENDER_FEMALE');
    expect(stash.genderOf('Non-Binary')).toBe('NON_BINARY');
    expect(stash.genderOf('female')).toBe('FEMALE');
    expect(stash.genderOf('robot')).toBeUndefined();
    expect(stash.boxLabel(STASHDB)).toBe('StashDB');
    expect(stash.boxLabel('https://fansdb.cc/graphql')).toBe('fansdb.cc');
    expect(stash.sameEndpoint('https://StashDB.org/graphql/', STASHDB)).toBe(true);
  });

  it('"Create in Stash" scrapes the performer by its id from the stash-box with the same endpoint', async () => {
    queries.length = 0;
    const m = match();
    scrapeAnswer = async () => ({
      data: {
        scrapeSinglePerformer: [
          {
            name: 'Ada Example', disambiguation: 'singer', gender: 'Female', urls: ['https://x.example/ada'], birthdate: '1990-04-12',
            ethnicity: 'Caucasian', country: 'GB', eye_color: 'Green', height: '168', measurements: '34B-26-36', fake_tits: 'No',
            career_length: '2010 -', tattoos: null, piercings: '', aliases: 'Ada E, A. Example', images: ['https://box.example/ada.jpg'],
            details: 'About Ada', death_date: null, hair_color: 'Brown', weight: '55', remote_site_id: m.performer.stash_id,
          },
        ],
      },
    });
    const out = await stash.performerCreateInput(m, [{ endpoint: 'https://stashdb.org/graphql/', name: 'StashDB' }]);
    expect(queries).toHaveLength(1);
    expect(queries[0].variables).toEqual({ source: { stash_box_endpoint: 'https://stashdb.org/graphql/' }, input: { query: m.performer.stash_id } });
    expect(out.scraped).toBe(true);
    expect(out.input).toEqual({
      name: 'Ada Example', disambiguation: 'singer', gender: 'FEMALE', urls: ['https://x.example/ada'], birthdate: '1990-04-12',
      death_date: undefined, ethnicity: 'Caucasian', country: 'GB', eye_color: 'Green', hair_color: 'Brown', height_cm: 168, weight: 55,
      measurements: '34B-26-36', fake_tits: 'No', career_length: '2010 -', tattoos: undefined, piercings: undefined,
      alias_list: ['Ada E', 'A. Example'], details: 'About Ada', image: 'https://box.example/ada.jpg',
      stash_ids: [{ endpoint: STASHDB, stash_id: m.performer.stash_id }],
    });
  });

  it('falls back to the face database\'s fields when no stash-box matches or it fails', async () => {
    queries.length = 0;
    const m = match();
    const basic = { name: 'Ada Example', disambiguation: 'singer', country: 'GB', gender: 'FEMALE', image: 'https://cdn.example/ada.jpg', stash_ids: [{ endpoint: STASHDB, stash_id: m.performer.stash_id }] };
    const none = await stash.performerCreateInput(m, [{ endpoint: 'https://fansdb.cc/graphql', name: 'FansDB' }]);
    expect(queries).toHaveLength(0);
    expect(none).toEqual({ input: basic, scraped: false, note: 'StashDB is not configured in Stash' });
    scrapeAnswer = async () => {
      throw new Error('stash-box unreachable');
    };
    const failed = await stash.performerCreateInput(m, [{ endpoint: STASHDB, name: 'StashDB' }]);
    expect(failed.input).toEqual(basic);
    expect(failed.note).toMatch(/could not be reached/);
    scrapeAnswer = async () => ({ data: { scrapeSinglePerformer: [] } });
    expect((await stash.performerCreateInput(m, [{ endpoint: STASHDB, name: 'StashDB' }])).note).toMatch(/did not return/);
  });
  it('"Create in Stash" offers a performer of the same name or alias first, and links it without losing its stash ids', async () => {
    const fans = { endpoint: 'https://fansdb.cc/graphql', stash_id: 'f-1' };
    scrapeAnswer = async () => ({
      data: {
        findPerformers: {
          performers: [
            { id: '7', name: 'Ada', disambiguation: null, alias_list: ['ada  example'], stash_ids: [fans] },
            { id: '8', name: 'Ada Example', disambiguation: null, alias_list: [], stash_ids: [{ endpoint: STASHDB, stash_id: 'someone-else' }] },
            { id: '9', name: 'Ada Examples', disambiguation: null, alias_list: [], stash_ids: [] },
          ],
        },
      },
    });
    queries.length = 0;
    const found = await stash.existingPerformers(match());
    // Same name by alias (spacing and case aside); not one already linked to another StashDB performer; not a mere substring.
    expect(found.map((p) => p.id)).toEqual(['7']);
    expect(queries[0].variables).toEqual({ q: 'Ada Example' });
    expect(stash.linkInput(found[0], match())).toEqual({
      id: '7',
      stash_ids: [fans, { endpoint: STASHDB, stash_id: '11111111-2222-4333-8444-555555555555' }],
    });
  });
});
