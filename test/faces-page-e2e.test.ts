import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../plugin/build.mjs';
import type { Sidecar } from '../src/main.js';
import { buildPluginPackage } from '../src/server/plugin-source.js';
import { VisionEngine } from '../src/vision/engine.js';
import { CHROMIUM, openBrowser, screenshot } from './e2e/browser.js';
import { freePort } from './fakes/stand-in-stash.js';
import { buildDemoDatabase, demoUuid } from './support/demo-db.js';
import { HAVE_SHARED, openSetSplit } from './support/fixtures.js';
import { startLibraryStash, startRun, waitForJob } from './support/library-stash.js';
import { buildSceneSet } from './support/scenes.js';
import { gql, startTestSidecar } from './support/sidecar.js';
import { StashClient } from '../src/stash/client.js';

/**
 * The Faces page in the real Stash UI (stand-in backend): reached from the navigation bar, it shows a finished run
 * and the review queue; the keyboard rejects a card, the Rejected tab undoes it. "Find unlinked performers on StashDB"
 * proposes the unlinked "Salley Unlinked" (300, another photo of John Salley) as a link card; Link writes the stash id.
 * Scenes 4-6 show scenes 1-3 again, so each scene's stranger (in no database) recurs and the People tab has groups
 * to name and ignore.
 */
describe.skipIf(!HAVE_SHARED || !existsSync(CHROMIUM))('Faces page in the real Stash UI', () => {
  let engine: VisionEngine;
  let sidecar: Sidecar;
  let stash: { url: string; close(): Promise<void> };
  let work: string;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    engine = await VisionEngine.create();
    const set = await buildSceneSet(engine, { count: 3 });
    work = await mkdtemp(join(tmpdir(), 'faces-e2e-'));
    const dbDir = join(work, 'db');
    const pluginDir = join(work, 'plugins');
    await mkdir(pluginDir, { recursive: true });
    const salley = openSetSplit().enrolled.find((p) => p.identity === 'John_Salley')!;
    // The StashDB side of a link card shows the database's reference photo (a data URL here: no StashDB to reach).
    const reference = `data:image/jpeg;base64,${(await sharp(salley.enrol[0]).resize(160).jpeg().toBuffer()).toString('base64')}`;
    await buildDemoDatabase(engine, dbDir, { imageUrl: (identity) => (identity === 'John_Salley' ? reference : null) });
    await mkdir(join(work, 'media'), { recursive: true });
    await writeFile(join(work, 'media', 'performer-300.jpg'), await readFile(salley.probe[0]));
    stash = await startLibraryStash(
      set,
      join(work, 'media'),
      // John Salley is in this Stash only unlinked (the set's library links everyone), so Link has a stash id to write.
      {
        scenes: [1, 2, 3, 4, 5, 6].map((id) => ({ id, from: 1 + ((id - 1) % 3) })),
        dropPerformers: ['John_Salley'],
        extraPerformers: [{ id: 300, name: 'Salley Unlinked', stash_id: null }],
      },
      ['--plugin-dir', pluginDir],
    );
    const port = await freePort();
    const sidecarUrl = `http://127.0.0.1:${port}`;
    sidecar = await startTestSidecar(engine, { PORT: String(port), PUBLIC_URL: sidecarUrl, STASH_URL: stash.url, DATABASE_PATH: dbDir, STATE_PATH: join(work, 'state') });
    const distDir = join(work, 'dist');
    await buildPlugin({ outDir: distDir, minify: false });
    const pkg = buildPluginPackage(sidecarUrl, { distDir, manifestPath: join('plugin', 'stash-face.yml') });
    for (const [name, bytes] of Object.entries(unzipSync(pkg.zip))) {
      const out = join(pluginDir, 'stash-face', name);
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, bytes);
    }
    const job = await waitForJob(sidecar.url, await startRun(sidecar.url, { scope: 'ALL', frames_mode: 'SPRITE' }));
    expect(job.counts.done).toBe(6);
    ({ browser, page, pageErrors } = await openBrowser());
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await sidecar?.close();
    await stash?.close();
    await engine?.close();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('opens from the navigation bar, shows the run and the queue, and works by keyboard', async () => {
    await page.goto(`${stash.url}/scenes`);
    await page.locator('[data-testid=stash-face-nav]:visible').first().click();
    await page.getByTestId('stash-face-faces').waitFor({ timeout: 30_000 });
    expect(page.url()).toContain('/plugin/stash-face/faces');
    const cards = page.getByTestId('stash-face-suggestion');
    await cards.first().waitFor();
    const before = await cards.count();
    expect(before).toBeGreaterThan(0);
    await screenshot(page, 'faces-page-queue');

    await page.getByTestId('stash-face-grid').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('r');
    await expect.poll(() => cards.count(), { timeout: 15_000 }).toBe(before - 1);

    await page.getByTestId('stash-face-tab-rejected').click();
    await page.getByTestId('stash-face-rejected').waitFor();
    await expect.poll(() => page.getByTestId('stash-face-suggestion').count()).toBe(1);
    await screenshot(page, 'faces-page-rejected');
    await page.getByTestId('stash-face-undo').click();
    await expect.poll(() => page.getByTestId('stash-face-suggestion').count(), { timeout: 15_000 }).toBe(0);

    await page.getByTestId('stash-face-tab-run').click();
    await page.getByTestId('stash-face-job').first().waitFor();
    expect(await page.getByTestId('stash-face-job').first().textContent()).toMatch(/6 analysed/);
    await screenshot(page, 'faces-page-runs');

    // The settings row: turning the watch and auto-apply on is saved on the sidecar.
    await page.getByTestId('stash-face-settings').waitFor();
    await page.getByTestId('stash-face-watch').check();
    await page.getByTestId('stash-face-auto-apply').check();
    await page.getByLabel('Auto-apply confidence (percent)').fill('90');
    await page.getByTestId('stash-face-settings-save').click();
    await page.getByTestId('stash-face-watch-status').waitFor();
    const saved = await gql(sidecar.url, `{ librarySettings { watch watch_interval_minutes auto_apply_min_confidence processed_tag } }`);
    expect(saved.data.librarySettings).toEqual({ watch: true, watch_interval_minutes: 10, auto_apply_min_confidence: 0.9, processed_tag: null });
    await screenshot(page, 'faces-page-settings');
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('finds unlinked performers on StashDB and links one from its card', async () => {
    await page.getByTestId('stash-face-tab-review').click();
    await page.getByTestId('stash-face-find-unlinked-start').click();
    await expect.poll(async () => (await gql(sidecar.url, `{ jobQueue { kind status } }`)).data.jobQueue.find((j: { kind: string }) => j.kind === 'find_on_stashbox')?.status, { timeout: 60_000 }).toBe('FINISHED');
    // The queue reloads when the tab is shown again.
    await page.getByTestId('stash-face-tab-run').click();
    await page.getByTestId('stash-face-job').first().waitFor();
    await screenshot(page, 'faces-page-find-unlinked-run');
    await page.getByTestId('stash-face-tab-review').click();
    const card = page.getByTestId('stash-face-link-suggestion');
    await card.first().waitFor({ timeout: 15_000 });
    expect(await card.count()).toBe(1);
    expect(await card.textContent()).toMatch(/Salley Unlinked → John Salley/);
    await screenshot(page, 'faces-page-link-suggestion');
    await card.getByRole('button', { name: 'Link' }).click();
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(0);
    await page.getByTestId('stash-face-tab-rejected').click();
    await page.getByTestId('stash-face-tab-review').click();
    await page.getByTestId('stash-face-grid').waitFor();
    await screenshot(page, 'faces-page-after-link');
    const linked = await gql(stash.url, `{ findPerformer(id: "300") { stash_ids { stash_id } } }`);
    expect(linked.data.findPerformer.stash_ids).toEqual([{ stash_id: demoUuid('John_Salley') }]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it('People tab: lists the recurring strangers as groups, names one (created in Stash, its scenes in review), ignores one', async () => {
    await page.getByTestId('stash-face-tab-people').click();
    await page.getByTestId('stash-face-people').waitFor();
    const cards = page.getByTestId('stash-face-group');
    await cards.first().waitFor({ timeout: 30_000 });
    const before = await cards.count();
    expect(before).toBeGreaterThanOrEqual(2);
    // Biggest first; each group's scenes are links that open the scene at the time the person appears.
    const first = cards.first();
    const scenes = await first.getByTestId('stash-face-group-item').evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
    expect(scenes.length).toBeGreaterThanOrEqual(2);
    for (const href of scenes) expect(href).toMatch(/^\/scenes\/\d+(\?t=\d+)?$/);
    expect(await first.getByTestId('stash-face-group-face').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'faces-page-people');

    // Find on StashDB: the biggest group is scene 1's unknown person, its stranger (strangers are in no database):
    // candidates come back, none of them confident.
    await first.getByTestId('stash-face-group-find').click();
    await first.getByTestId('stash-face-group-matches').waitFor({ timeout: 30_000 });
    const badges = await first.getByTestId('stash-face-group-matches').locator('.badge').allTextContents();
    expect(badges.length).toBeGreaterThan(0);
    expect(badges.every((b) => parseFloat(b) < 50)).toBe(true);
    await screenshot(page, 'faces-page-people-stashdb');

    // Name by keyboard: a new name creates the performer in Stash; the group's scenes go to the review queue.
    await first.getByTestId('stash-face-group-name').focus();
    await page.keyboard.press('Enter');
    await first.getByTestId('stash-face-group-name-input').fill('Recurring Stranger');
    await page.keyboard.press('Enter');
    const notice = page.getByTestId('stash-face-people-notice');
    await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toMatch(new RegExp(`Named Recurring Stranger \\(created in Stash\\): ${scenes.length} scenes`));
    const created = await new StashClient(stash.url).findPerformersNamed('Recurring Stranger');
    expect(created).toHaveLength(1);
    await screenshot(page, 'faces-page-people-named');

    // Ignore another group: it leaves the list, shows under "Show ignored", and Undo brings it back.
    const other = cards.filter({ hasNotText: 'Recurring Stranger' }).first();
    const otherId = await other.getAttribute('data-group-id');
    await other.getByTestId('stash-face-group-ignore').click();
    await expect.poll(() => page.locator(`[data-testid=stash-face-group][data-group-id="${otherId}"]`).count(), { timeout: 15_000 }).toBe(0);
    expect(await notice.textContent()).toMatch(new RegExp(`Group ${otherId} ignored`));
    await page.getByTestId('stash-face-show-ignored').check();
    await page.locator(`[data-testid=stash-face-group][data-group-id="${otherId}"]`).waitFor({ timeout: 15_000 });
    await screenshot(page, 'faces-page-people-ignored');
    await page.getByTestId('stash-face-show-ignored').uncheck();
    await page.getByTestId('stash-face-people-undo').click();
    await page.locator(`[data-testid=stash-face-group][data-group-id="${otherId}"]`).waitFor({ timeout: 15_000 });

    // Merge the first two unnamed groups (selected by their checkboxes; here two persons of scenes 2 and 5 never on
    // screen together, so the merge is allowed), then split two faces back out.
    const unnamed = cards.filter({ hasText: 'Unknown person' });
    const [a, b] = [unnamed.nth(0), unnamed.nth(1)];
    const [idA, idB] = [await a.getAttribute('data-group-id'), await b.getAttribute('data-group-id')];
    const persons = (await a.getByTestId('stash-face-group-face').count()) + (await b.getByTestId('stash-face-group-face').count());
    await a.getByTestId('stash-face-group-select').check();
    await b.getByTestId('stash-face-group-select').check();
    await page.getByTestId('stash-face-merge').click();
    await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toMatch(/Merged 2 groups into group/);
    await expect.poll(() => cards.count(), { timeout: 15_000 }).toBe(before - 1);
    // Into the bigger (first listed) of the two, whose id stays.
    expect(await notice.textContent()).toContain(`into group ${idA}.`);
    expect(await page.locator(`[data-testid=stash-face-group][data-group-id="${idB}"]`).count()).toBe(0);
    const merged = page.locator(`[data-testid=stash-face-group][data-group-id="${idA}"]`);
    expect(await merged.getByTestId('stash-face-group-face').count()).toBe(persons);
    await merged.getByTestId('stash-face-group-face').nth(0).click();
    await merged.getByTestId('stash-face-group-face').nth(1).click();
    await screenshot(page, 'faces-page-people-split');
    await merged.getByTestId('stash-face-group-split').click();
    await expect.poll(() => notice.textContent(), { timeout: 15_000 }).toMatch(/2 faces taken out of group \d+ into group \d+/);
    await expect.poll(() => cards.count(), { timeout: 15_000 }).toBe(before);
    expect(await merged.getByTestId('stash-face-group-face').count()).toBe(persons - 2);

    // The Review tab now holds the named group's scenes.
    await page.getByTestId('stash-face-tab-review').click();
    await page.getByTestId('stash-face-review').waitFor();
    const named = page.getByTestId('stash-face-suggestion').filter({ hasText: 'Recurring Stranger' });
    await expect.poll(() => named.count(), { timeout: 15_000 }).toBe(scenes.length);
    const suggested = await named.locator('a[href^="/scenes/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')!.split('?')[0]));
    expect(new Set(suggested)).toEqual(new Set(scenes.map((h) => h.split('?')[0])));
    // The created performer is the user's Stash performer now, not a "new" one to create again.
    expect(await named.locator('.badge').allTextContents()).toContain('in Stash');
    await screenshot(page, 'faces-page-people-review');
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
