import { createReadStream, existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { buildPlugin } from '../plugin/build.mjs';
import { loadConfig } from '../src/config.js';
import { startSidecar, type Sidecar } from '../src/main.js';
import type { RouteHandler } from '../src/server/http.js';
import { VisionEngine } from '../src/vision/engine.js';
import { CHROMIUM, openBrowser, screenshot, SCREENSHOTS } from './e2e/browser.js';
import { ffmpegChildren } from './support/progress.js';
import { stashManifestProblems } from './e2e/stash-manifest.js';
import { freePort, startStandInStash, type StandInStash } from './fakes/stand-in-stash.js';
import { buildDemoDatabase, DEMO_ENDPOINT, demoPerformerId, demoUuid } from './support/demo-db.js';
import { HAVE_SHARED, openSetSplit } from './support/fixtures.js';

// The synthetic scene set (test/support/scenes.ts) comes with the sidecar's scene support, built beside this test:
// loaded by a runtime path so this file type-checks and runs (scene test skipped) in a tree without it.
interface SceneTruth {
  id: number;
  enrolled: string[];
  tagged: string[];
  duration: number;
}
type BuildSceneSet = (engine: VisionEngine, options: { count: number; video: boolean }) => Promise<{ dir: string; scenes: SceneTruth[] }>;
const SCENES_MODULE = './support/scenes.js';
const HAVE_SCENES = existsSync(fileURLToPath(new URL('./support/scenes.ts', import.meta.url)));

/**
 * The plugin in the real Stash UI (the stand-in backend, ../shared/tools/stash-ui), installed from the real sidecar's
 * plugin source, identifying photos and scenes made from ../shared/faces against a demo face database.
 *
 * Library: performer 1 = celeb-person01 (linked to StashDB), 2 = celeb-person03 (no StashDB id: "Find on StashDB"),
 * 3 = John_Shimkus (linked, already on scene 3), 4 = John_Simm (linked, not on scene 3). celeb-person02 and bbt-amy
 * are in the face database but not in the library ("Not in library" / "Create in Stash").
 * Image 1 = celeb-person01 beside celeb-person02; image 2 = a stranger. Scene 3 = the synthetic scene set's scene 3
 * (John_Shimkus, John_Simm, bbt-amy and a stranger).
 */
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const SCENE_ID = 3;

interface Mutation {
  mutation: string;
  args: { input: Record<string, any> };
}

describe.skipIf(!HAVE_SHARED || !HAVE_CHROMIUM)('Stash UI plugin, end to end in the real Stash UI', () => {
  const split = openSetSplit();
  const person = (identity: string) => split.enrolled.find((p) => p.identity === identity)!;
  const A = person('celeb-person01');
  const B = person('celeb-person02');
  const D = person('celeb-person03');
  const stranger = split.strangers.find((s) => s.identity === 'celeb-person10')!;

  let engine: VisionEngine;
  let stash: StandInStash;
  let sidecar: Sidecar | undefined;
  let sidecarPort = 0;
  let sidecarUrl = '';
  let databasePath = '';
  let pluginDir = '';
  let scene: SceneTruth | undefined;
  let sceneDir = '';
  let browser: Browser;
  let page: Page;
  let pageErrors: string[] = [];
  let consoleErrors: string[] = [];
  let failedRequests: string[] = [];

  // reference photos for the database's performers (image_url), as a stash-box image host would serve them
  const referenceRoute: RouteHandler = (_req, res, url) => {
    const m = /^\/__e2e\/reference\/([\w-]+)\.jpg$/.exec(url.pathname);
    const who = m && split.enrolled.find((p) => p.identity === m[1]);
    if (!who) return false;
    res.writeHead(200, { 'Content-Type': 'image/jpeg' });
    createReadStream(who.enrol[0]).pipe(res);
    return true;
  };

  async function startTheSidecar(dbPath: string, env: Record<string, string> = {}) {
    const config = loadConfig({
      ...env,
      PORT: String(sidecarPort),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      DATABASE_PATH: dbPath,
      STASH_URL: stash.url,
      PUBLIC_URL: sidecarUrl,
      CORS_ORIGINS: stash.url,
    });
    sidecar = await startSidecar(config, { engine, routes: [referenceRoute] });
  }

  const mutations = async (name: string) => (await stash.mutations(name)) as Mutation[];
  const card = (performerId: string) => page.locator(`[data-testid="stash-face-person"][data-performer="${performerId}"]`);

  beforeAll(async () => {
    await buildPlugin();
    engine = await VisionEngine.create();
    sidecarPort = await freePort();
    sidecarUrl = `http://127.0.0.1:${sidecarPort}`;
    databasePath = await mkdtemp(join(tmpdir(), 'plugin-e2e-db-'));
    await buildDemoDatabase(engine, databasePath, { imageUrl: (identity) => `${sidecarUrl}/__e2e/reference/${identity}.jpg` });

    sceneDir = '';
    if (HAVE_SCENES) {
      const { buildSceneSet } = (await import(SCENES_MODULE)) as { buildSceneSet: BuildSceneSet };
      const sceneSet = await buildSceneSet(engine, { count: SCENE_ID, video: true });
      sceneDir = sceneSet.dir;
      scene = sceneSet.scenes.find((s) => s.id === SCENE_ID)!;
    }
    const work = await mkdtemp(join(tmpdir(), 'plugin-e2e-'));
    const composite = join(work, 'two-people.jpg');
    const side = async (file: string) => sharp(file).resize({ height: 500, width: 420, fit: 'cover' }).jpeg().toBuffer();
    await sharp({ create: { width: 880, height: 520, channels: 3, background: '#203040' } })
      .composite([
        { input: await side(A.probe[0]), left: 10, top: 10 },
        { input: await side(B.probe[0]), left: 450, top: 10 },
      ])
      .jpeg({ quality: 90 })
      .toFile(composite);
    pluginDir = join(work, 'plugins');
    await mkdir(pluginDir);
    const media = (name: string) => join(sceneDir, name);
    stash = await startStandInStash(
      {
        performers: [
          { id: 1, name: 'celeb person01', stash_id: demoUuid(A.identity), photo: A.enrol[0] },
          { id: 2, name: 'Dana Local', stash_id: null, photo: D.probe[0] },
          { id: 3, name: 'John Shimkus', stash_id: demoUuid('John_Shimkus'), photo: person('John_Shimkus').enrol[0] },
          { id: 4, name: 'John Simm', stash_id: demoUuid('John_Simm'), photo: person('John_Simm').enrol[0] },
        ],
        images: [
          { id: 1, title: 'Two people', photo: composite, performers: [] },
          { id: 2, title: 'A stranger', photo: stranger.files[0], performers: [] },
        ],
        scenes: scene
          ? [
              {
                id: SCENE_ID,
                title: 'Synthetic scene three',
                performers: [3],
                duration: scene.duration,
                media: Object.fromEntries(
                  [`scene-${SCENE_ID}.jpg`, `scene-${SCENE_ID}_sprite.jpg`, `scene-${SCENE_ID}_thumbs.vtt`, `scene-${SCENE_ID}.webm`]
                    .filter((f) => existsSync(media(f)))
                    .map((f) => [f, media(f)]),
                ),
              },
            ]
          : [],
      },
      // the user's stash-box is not StashDB here: "Create in Stash" uses the face database's own fields
      ['--plugin-dir', pluginDir, '--stash-box', 'http://127.0.0.1:9/graphql', '--stash-box-key', 'k'],
    );
    if (scene) {
      expect(scene.tagged).toEqual(['John_Shimkus']);
      expect(scene.enrolled).toEqual(expect.arrayContaining(['John_Shimkus', 'John_Simm', 'bbt-amy']));
    }
    await startTheSidecar(databasePath);
    ({ browser, page, pageErrors, consoleErrors, failedRequests } = await openBrowser());
  });

  afterAll(async () => {
    if (consoleErrors.length) console.log('browser console errors:', consoleErrors.slice(0, 20), 'failed requests:', [...new Set(failedRequests)].slice(0, 20));
    await browser?.close().catch(() => undefined);
    await sidecar?.close();
    await stash?.close();
    await engine?.close();
  });

  it('installs from the sidecar\'s plugin source under Settings > Plugins > Available Plugins', async () => {
    const sourceUrl = `${sidecarUrl}/plugin/index.yml`;
    await page.goto(`${stash.url}/settings?tab=plugins`, { waitUntil: 'domcontentloaded' });
    const available = page.locator('#available-plugins, .setting-section').filter({ hasText: 'Available Plugins' }).last();
    await available.waitFor({ timeout: 60_000 });
    await available.getByRole('button', { name: 'Add Source' }).click();
    const modal = page.locator('.modal-dialog');
    await modal.waitFor();
    await modal.locator('input').nth(0).fill('stash-face');
    await modal.locator('input').nth(1).fill(sourceUrl);
    await modal.getByRole('button', { name: 'Confirm' }).click();
    await page.locator('td.source-name', { hasText: 'stash-face' }).click();
    const row = page.locator('tr', { has: page.locator('.package-id', { hasText: 'stash-face' }) });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.innerText()).toMatch(/Stash Face/);
    await row.locator('input[type=checkbox]').check();
    await screenshot(page, '1-available-plugins');
    await available.getByRole('button', { name: 'Install', exact: true }).click();
    const installed = page.locator('.setting-section').filter({ hasText: 'Installed Plugins' }).first();
    await installed.locator('.package-id, td', { hasText: 'stash-face' }).first().waitFor({ timeout: 30_000 });
    await screenshot(page, '2-installed');

    const files = readdirSync(join(pluginDir, 'stash-face')).sort();
    expect(files).toEqual(['manifest', 'stash-face.css', 'stash-face.js', 'stash-face.yml']);
    const manifest = YAML.parse(readFileSync(join(pluginDir, 'stash-face', 'stash-face.yml'), 'utf8'));
    expect(stashManifestProblems(manifest)).toEqual([]);
    expect(manifest.ui.csp['connect-src']).toEqual([sidecarUrl]);
    expect(manifest.version).toBe(sidecar!.services.version);

    // Stash lists the plugin with its settings (names and descriptions from the manifest)
    await page.reload({ waitUntil: 'domcontentloaded' });
    const settings = page.locator('.setting-group, .card').filter({ hasText: 'Stash Face' }).filter({ hasText: 'Sidecar URL' }).first();
    await settings.waitFor({ timeout: 30_000 });
    expect(await settings.innerText()).toMatch(/Minimum confidence \(%\)[\s\S]*Scene frames mode|Scene frames mode[\s\S]*Minimum confidence/);
    await settings.scrollIntoViewIfNeeded();
    await screenshot(page, '2b-plugin-settings');
  });

  it('image page: identifies both faces, adds the library performer, creates the missing one', async () => {
    await page.goto(`${stash.url}/images/1`, { waitUntil: 'domcontentloaded' });
    const identify = page.getByTestId('stash-face-identify');
    await identify.waitFor({ timeout: 60_000 });
    expect(await page.evaluate(() => (window as unknown as { __stashFaceLoaded?: string }).__stashFaceLoaded)).toBe(sidecar!.services.version);
    await identify.click();
    const a = card(demoPerformerId(A.identity));
    const b = card(demoPerformerId(B.identity));
    await a.waitFor({ timeout: 60_000 });
    await b.waitFor();
    expect(await a.innerText()).toMatch(/celeb person01/);
    expect(await a.innerText()).toMatch(/\d+%/);
    expect(await a.innerText()).toMatch(/Strong match|Needs review/);
    await expect(a.getByTestId('stash-face-add').innerText()).resolves.toBe('Add to image');
    expect(await b.getByTestId('stash-face-not-in-library').isVisible()).toBe(true);
    expect(await b.locator('a.stash-face-stashbox-link').getAttribute('href')).toBe(`https://stashdb.org/performers/${demoUuid(B.identity)}`);
    // both pictures load: the face from the image and the database's reference photo
    await page.waitForFunction(() => [...document.querySelectorAll('.stash-face-photos img')].every((i) => (i as HTMLImageElement).naturalWidth > 0));
    await screenshot(page, '3-image-results');
    // Stash shows unsaved NUMBER settings as 0: the plugin saved its defaults (keeping what was saved)
    const configured = await mutations('configurePlugin');
    expect(configured).toHaveLength(1);
    expect(configured[0].args).toEqual({ plugin_id: 'stash-face', input: { minConfidence: 50, maxResults: 5, framesMode: 'AUTO' } });

    await a.getByTestId('stash-face-add').click();
    await a.getByTestId('stash-face-tagged').waitFor();
    const added = await mutations('bulkImageUpdate');
    expect(added.at(-1)!.args.input).toEqual({ ids: ['1'], performer_ids: { ids: ['1'], mode: 'ADD' } });

    await b.getByTestId('stash-face-create').click();
    await b.getByTestId('stash-face-tagged').waitFor({ timeout: 30_000 });
    const created = await mutations('performerCreate');
    expect(created).toHaveLength(1);
    expect(created[0].args.input).toMatchObject({ name: 'celeb person02', stash_ids: [{ endpoint: DEMO_ENDPOINT, stash_id: demoUuid(B.identity) }] });
    const newId = (await (await fetch(`${stash.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ findPerformers(performer_filter: { name: { value: "celeb person02", modifier: EQUALS } }) { performers { id } } }` }),
    })).json()) as { data: { findPerformers: { performers: Array<{ id: string }> } } };
    const createdId = newId.data.findPerformers.performers[0].id;
    expect((await mutations('bulkImageUpdate')).at(-1)!.args.input).toEqual({ ids: ['1'], performer_ids: { ids: [createdId], mode: 'ADD' } });
    await page.locator('.toast').filter({ hasText: 'Created celeb person02' }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, '4-image-added-and-created');
  });

  it('image page: a stranger is shown as an unknown face or a possible match below the threshold, not a match', async () => {
    await page.goto(`${stash.url}/images/2`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('stash-face-identify').click();
    const shown = page.locator('[data-testid="stash-face-unknown"], [data-testid="stash-face-possible"]').first();
    await shown.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('stash-face-person').count()).toBe(0);
    await shown.locator('summary').click();
    await screenshot(page, '5-image-unknown');
  });

  it('performer page: "Find on StashDB" finds the performer by its image and links the StashDB id', async () => {
    await page.goto(`${stash.url}/performers/2`, { waitUntil: 'domcontentloaded' });
    const find = page.getByTestId('stash-face-find-button');
    await find.waitFor({ timeout: 60_000 });
    expect(await find.innerText()).toBe('Find on StashDB');
    await find.click();
    const candidate = page.getByTestId('stash-face-candidate').first();
    await candidate.waitFor({ timeout: 60_000 });
    expect(await candidate.innerText()).toMatch(/celeb person03/);
    await screenshot(page, '6-performer-candidates');
    await candidate.getByTestId('stash-face-link').click();
    await page.locator('.toast').filter({ hasText: 'Linked Dana Local' }).first().waitFor({ timeout: 15_000 });
    const updates = await mutations('performerUpdate');
    expect(updates.at(-1)!.args.input).toEqual({ id: '2', stash_ids: [{ endpoint: DEMO_ENDPOINT, stash_id: demoUuid(D.identity) }] });
    // the page is in step: the StashDB id shows, and there is nothing left to find
    await find.waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByText(demoUuid(D.identity)).first().waitFor({ timeout: 15_000 });
    await screenshot(page, '7-performer-linked');
  });

  it.skipIf(!HAVE_SCENES)('scene page: "Identify performers" lists each person with timestamps; "Add to scene" sends bulkSceneUpdate ADD', async () => {
    await page.goto(`${stash.url}/scenes/${SCENE_ID}`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('stash-face-tab').click();
    await page.locator('select.stash-face-frames').selectOption('SPRITE');
    await page.getByTestId('stash-face-identify').click();
    const simm = card(demoPerformerId('John_Simm'));
    const shimkus = card(demoPerformerId('John_Shimkus'));
    const amy = card(demoPerformerId('bbt-amy'));
    await simm.waitFor({ timeout: 120_000 });
    expect(await shimkus.getByTestId('stash-face-tagged').innerText()).toMatch(/Already on scene/);
    expect(await amy.getByTestId('stash-face-create').isVisible()).toBe(true);
    expect(await simm.innerText()).toMatch(/Seen in \d+ frames/);
    await page.waitForFunction(() => [...document.querySelectorAll('.stash-face-photos img')].every((i) => (i as HTMLImageElement).naturalWidth > 0));
    await screenshot(page, '8-scene-results');

    // a timestamp seeks the scene player
    const stamp = simm.locator('.stash-face-timestamp[data-seconds]').nth(1);
    const seconds = Number(await stamp.getAttribute('data-seconds'));
    expect(seconds).toBeGreaterThan(0);
    await stamp.click();
    await page.waitForFunction((t) => Math.abs(((document.querySelector('video') as HTMLVideoElement | null)?.currentTime ?? -99) - t) < 1.5, seconds, { timeout: 15_000 });

    const before = await page.locator('.scene-performers .performer-card, .performer-card').count();
    await simm.getByTestId('stash-face-add').click();
    await simm.getByTestId('stash-face-tagged').waitFor();
    const bulk = await mutations('bulkSceneUpdate');
    expect(bulk.at(-1)!.args.input).toEqual({ ids: [String(SCENE_ID)], performer_ids: { ids: ['4'], mode: 'ADD' } });
    // the UI's own Apollo client re-renders the scene with the added performer, no reload
    await page.waitForFunction((n) => document.querySelectorAll('.scene-performers .performer-card, .performer-card').length > n, before, { timeout: 15_000 });
    await screenshot(page, '9-scene-added');
  });

  it.skipIf(!HAVE_SCENES)('scene page: the sprite answer comes first, full frames refine it with visible progress, Cancel stops ffmpeg', async () => {
    await page.goto(`${stash.url}/scenes/${SCENE_ID}`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('stash-face-tab').click();
    await page.locator('select.stash-face-frames').selectOption('FRAMES');
    await page.getByTestId('stash-face-identify').click();
    // The sprite's answer is on screen while the full frames are still being read.
    await page.locator('[data-testid="stash-face-summary"][data-source="SPRITE"]').waitFor({ timeout: 120_000 });
    const progress = page.getByTestId('stash-face-progress');
    await progress.waitFor({ timeout: 60_000 });
    expect(await progress.innerText()).toMatch(/Refining with full frames\s*\d+\/40 frames/);
    // At once (screenshot() waits for the network to settle: the frames would be done by then).
    await page.screenshot({ path: join(SCREENSHOTS, '12-scene-sprite-then-progress.png') });
    // Partial persons from the frames read so far replace the sprite's while reading goes on; then the final answer.
    await page.getByTestId('stash-face-progress').waitFor({ state: 'detached', timeout: 240_000 });
    const summary = page.getByTestId('stash-face-summary');
    expect(await summary.getAttribute('data-source')).toBe('FRAMES');
    expect(await summary.innerText()).toMatch(/in 40 full frames/);
    await screenshot(page, '13-scene-full-frames');
    // Again, and cancel while ffmpeg runs: the sidecar (in this process) has no ffmpeg left at once.
    await page.getByTestId('stash-face-identify').click();
    await page.getByTestId('stash-face-progress').waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => /[1-9]\d*\/40/.test(document.querySelector('[data-testid="stash-face-progress"]')?.textContent ?? ''), undefined, { timeout: 120_000 });
    const running = ffmpegChildren();
    await page.getByTestId('stash-face-cancel').click();
    const cancelledAt = Date.now();
    let left = ffmpegChildren();
    while (left > 0 && Date.now() - cancelledAt < 3000) {
      await new Promise((r) => setTimeout(r, 25));
      left = ffmpegChildren();
    }
    console.log(`ffmpeg processes: ${running} before Cancel, ${left} after ${Date.now() - cancelledAt} ms`);
    expect(running).toBeGreaterThan(0);
    expect(left).toBe(0);
  }, 400_000);

  it.skipIf(!HAVE_SCENES)('scene page: the frame on screen is identified with boxes on the right faces; the threshold slider counts', async () => {
    const truth = JSON.parse(readFileSync(join(sceneDir, `scene-${SCENE_ID}.json`), 'utf8')) as { frames: Array<Array<{ identity: string; stranger: boolean; box: { x: number; y: number; width: number; height: number } }>> };
    const f = truth.frames.findIndex((faces) => faces.length === 2 && faces.every((x) => !x.stranger && x.box.width >= 120));
    expect(f).toBeGreaterThanOrEqual(0);
    await page.evaluate((t) => {
      const v = document.querySelector('video') as HTMLVideoElement;
      v.currentTime = t;
    }, f + 0.5);
    await page.getByTestId('stash-face-frame').click();
    const picture = page.getByTestId('stash-face-picture');
    await picture.waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => (document.querySelector('[data-testid="stash-face-picture"] img') as HTMLImageElement | null)?.naturalWidth);
    const boxes = await page.getByTestId('stash-face-box').evaluateAll((els) =>
      els.map((e) => ({ label: e.textContent ?? '', left: parseFloat((e as HTMLElement).style.left), width: parseFloat((e as HTMLElement).style.width) })),
    );
    expect(boxes).toHaveLength(2);
    for (const face of truth.frames[f]) {
      // The box over this face (by its horizontal position, in % of the frame) is labelled with its name.
      const centre = (100 * (face.box.x + face.box.width / 2)) / 1920;
      const box = boxes.find((b) => centre > b.left && centre < b.left + b.width);
      expect(box?.label, face.identity).toContain(face.identity.replace(/[_-]/g, ' '));
    }
    // Cards in reading order, numbered like their boxes.
    const names = await page.locator('[data-testid="stash-face-person"] .stash-face-number').allInnerTexts();
    expect(names.map((n) => n.trim())).toEqual(['1.', '2.']);
    await page.getByTestId('stash-face-box').first().hover();
    expect(await page.locator('.stash-face-card-on').count()).toBe(1);
    await screenshot(page, '14-frame-on-screen');
    // The slider says how many persons each threshold keeps.
    const kept = page.getByTestId('stash-face-threshold-kept');
    expect(await kept.innerText()).toBe('2');
    await page.getByTestId('stash-face-threshold-input').fill('95');
    const atTop = Number(await kept.innerText());
    expect(atTop).toBeLessThanOrEqual(2);
    expect(await page.getByTestId('stash-face-person').count()).toBe(atTop);
    await page.getByTestId('stash-face-threshold-save').waitFor();
    await screenshot(page, '15-threshold-95');
  });

  it.skipIf(!HAVE_SCENES)('scene page: the last answer shows at once on the next visit; appearance markers; "Not this performer" is remembered', async () => {
    const openScene = async () => {
      await page.goto(`${stash.url}/scenes/${SCENE_ID}`, { waitUntil: 'domcontentloaded' });
      await page.getByTestId('stash-face-tab').click();
      await page.getByTestId('stash-face-kept').waitFor({ timeout: 30_000 });
    };
    await openScene();
    // The full-frame answer of the progressive test, kept by the sidecar: no Identify click, no new run.
    expect(await page.getByTestId('stash-face-kept').innerText()).toMatch(/Last identified .*\(frames\)/);
    expect(await page.getByTestId('stash-face-summary').getAttribute('data-source')).toBe('FRAMES');
    const simm = card(demoPerformerId('John_Simm'));
    const amy = card(demoPerformerId('bbt-amy'));
    await simm.waitFor();
    await amy.waitFor();
    await screenshot(page, '16-scene-kept');

    // One marker per appearance range, with the tag the user names (created once), titled with the performer.
    await page.getByTestId('stash-face-markers').locator('summary').click();
    await page.getByTestId('stash-face-marker-tag').fill('Face appearance');
    await page.getByTestId('stash-face-add-markers').click();
    await page.locator('[data-testid="stash-face-add-markers"]', { hasText: /Added \d+ markers/ }).waitFor({ timeout: 30_000 });
    const tags = await mutations('tagCreate');
    expect(tags.map((m) => m.args.input)).toEqual([{ name: 'Face appearance' }]);
    const markers = (await mutations('sceneMarkerCreate')).map((m) => m.args.input as { scene_id: string; title: string; seconds: number; end_seconds?: number; primary_tag_id: string });
    expect(markers.length).toBeGreaterThanOrEqual(2);
    expect(markers.map((m) => m.title)).toContain('John Simm');
    for (const m of markers) {
      expect(m.scene_id).toBe(String(SCENE_ID));
      expect(m.primary_tag_id).toBeTruthy();
      if (m.end_seconds !== undefined) expect(m.end_seconds).toBeGreaterThan(m.seconds);
      expect(m.seconds).toBeLessThanOrEqual(scene!.duration);
    }
    await screenshot(page, '17-appearance-markers');

    // "Not this performer": the card goes, an undo is offered, and the next visit's kept answer leaves it out.
    await amy.getByTestId('stash-face-reject').click();
    await page.getByTestId('stash-face-rejected').waitFor();
    expect(await amy.count()).toBe(0);
    expect(await page.getByTestId('stash-face-rejected').innerText()).toMatch(/Not suggested here again:\s*bbt amy/i);
    await screenshot(page, '18-not-this-performer');
    await openScene();
    await simm.waitFor();
    expect(await amy.count()).toBe(0);
  });

  it('says what to do when the sidecar is down, has no database, or the Sidecar URL setting is not the installed address', async () => {
    const configure = (input: Record<string, unknown>) =>
      fetch(`${stash.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation ($input: Map!) { configurePlugin(plugin_id: "stash-face", input: $input) }', variables: { input } }),
      });
    const defaults = { minConfidence: 50, maxResults: 5, framesMode: 'AUTO' };
    await configure({ ...defaults, sidecarUrl: 'http://127.0.0.1:1' });
    await page.goto(`${stash.url}/images/1`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('stash-face-identify').click();
    const blocked = page.getByTestId('stash-face-error-blocked');
    await blocked.waitFor({ timeout: 30_000 });
    expect(await blocked.innerText()).toMatch(/Content-Security-Policy/);
    await screenshot(page, '10a-error-csp-blocked');
    await configure(defaults);

    await sidecar!.close();
    sidecar = undefined;
    await page.goto(`${stash.url}/images/1`, { waitUntil: 'domcontentloaded' });
    await page.getByTestId('stash-face-identify').click();
    const down = page.getByTestId('stash-face-error-unreachable');
    await down.waitFor({ timeout: 30_000 });
    expect(await down.innerText()).toMatch(/Can't reach the stash-face sidecar/);
    expect(await down.innerText()).toContain(sidecarUrl);
    await screenshot(page, '10b-error-sidecar-down');

    // No shared database and no local gallery (with one, Stash's own performers are the database).
    await startTheSidecar(await mkdtemp(join(tmpdir(), 'plugin-e2e-empty-')), { LOCAL_GALLERY: 'false' });
    await down.getByRole('button', { name: 'Try again' }).click();
    const noDb = page.getByTestId('stash-face-error-no-database');
    await noDb.waitFor({ timeout: 30_000 });
    expect(await noDb.innerText()).toMatch(/no face database/);
    await screenshot(page, '11-error-no-database');
    expect(pageErrors).toEqual([]);
  });
});
