import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../../plugin/build.mjs';
import { loadConfig } from '../../src/config.js';
import { startSidecar, type Sidecar } from '../../src/main.js';
import { buildPluginPackage } from '../../src/server/plugin-source.js';
import { VisionEngine } from '../../src/vision/engine.js';
import { CHROMIUM, openBrowser, screenshot } from '../e2e/browser.js';
import { freePort, startStandInStash, type StandInStash } from '../fakes/stand-in-stash.js';
import { buildDemoDatabase } from '../support/demo-db.js';
import { HAVE_SHARED, openSetSplit } from '../support/fixtures.js';

/**
 * The first-ten-minutes trap, in the real Stash UI: the sidecar reaches Stash by another name than the browser does
 * (STASH_URL=http://localhost:<port>, the browser at http://127.0.0.1:<port>, as with a container name), so the
 * default CORS_ORIGINS refuses the page. The plugin must say so, name the setting, and work once it is set.
 */
describe.skipIf(!HAVE_SHARED || !existsSync(CHROMIUM))('CORS refusal explained in the real Stash UI', () => {
  const people = openSetSplit().enrolled.slice(0, 2);
  let engine: VisionEngine;
  let stash: StandInStash;
  let sidecar: Sidecar | undefined;
  let browser: Browser;
  let page: Page;
  let consoleErrors: string[] = [];
  let failedRequests: string[] = [];
  let port = 0;
  let databasePath = '';

  async function start(env: Record<string, string>) {
    await sidecar?.close(500);
    const stashPort = new URL(stash.url).port;
    const config = loadConfig({ PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error', DATABASE_PATH: databasePath, STASH_URL: `http://localhost:${stashPort}`, PUBLIC_URL: `http://127.0.0.1:${port}`, ...env });
    sidecar = await startSidecar(config, { engine });
  }

  beforeAll(async () => {
    await buildPlugin();
    engine = await VisionEngine.create();
    databasePath = await mkdtemp(join(tmpdir(), 'cors-e2e-db-'));
    await buildDemoDatabase(engine, databasePath, { people: people.map(({ identity, enrol }) => ({ identity, enrol: enrol.slice(0, 2) })) });
    port = await freePort();
    // The plugin as the sidecar's plugin source serves it, unpacked where Stash keeps installed plugins.
    const pluginDir = await mkdtemp(join(tmpdir(), 'cors-e2e-plugins-'));
    await mkdir(join(pluginDir, 'stash-face'));
    for (const [name, bytes] of Object.entries(unzipSync(buildPluginPackage(`http://127.0.0.1:${port}`).zip))) await writeFile(join(pluginDir, 'stash-face', name), bytes);
    stash = await startStandInStash({ images: [{ id: 1, title: 'A face', photo: people[0].probe[0] }] }, ['--plugin-dir', pluginDir]);
    ({ browser, page, consoleErrors, failedRequests } = await openBrowser());
  }, 300_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await sidecar?.close(500);
    await stash?.close();
    await engine?.close();
  });

  it('says the page was refused and names CORS_ORIGINS; works once CORS_ORIGINS is the browser address', async () => {
    await start({});
    await page.goto(`${stash.url}/images/1`, { waitUntil: 'domcontentloaded' });
    const refused = page.getByTestId('stash-face-error-refused-origin').first();
    await refused.waitFor({ timeout: 60_000 }).catch(async (e) => {
      await screenshot(page, 'cors-debug');
      console.log(consoleErrors.slice(0, 10), failedRequests.slice(0, 20));
      throw e;
    });
    const text = await refused.innerText();
    expect(text).toMatch(/refused this page/);
    expect(text).toContain('CORS_ORIGINS');
    expect(text).toContain(stash.url);
    expect(text).not.toMatch(/Can't reach/);
    await refused.scrollIntoViewIfNeeded();
    await screenshot(page, 'cors-1-refused-origin');

    await start({ CORS_ORIGINS: stash.url });
    await page.goto(`${stash.url}/images/1`, { waitUntil: 'domcontentloaded' });
    const statusLine = page.getByTestId('stash-face-status');
    await statusLine.getByText(/database demo-1/).waitFor({ timeout: 60_000 });
    expect(await statusLine.innerText()).toMatch(/stash-face \S+\s*·\s*CPU\s*·\s*database demo-1 \(2 performers\)/);
    await page.getByTestId('stash-face-identify').click();
    await page.locator('[data-testid="stash-face-person"]').first().waitFor({ timeout: 60_000 });
    await statusLine.scrollIntoViewIfNeeded();
    await screenshot(page, 'cors-2-allowed');
  });
});
