/**
 * Builds a small demo face database from ../shared/faces (test photos; never shipped) into DATABASE_PATH:
 *   npm run demo-db -- [--out ./data] [--version demo-1]
 * Real databases come from the builder (`npm run build-db`) or a release (`stash-face install-database`).
 */
import { VisionEngine } from '../src/vision/engine.js';
import { buildDemoDatabase } from '../test/support/demo-db.js';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const out = arg('--out') ?? process.env.DATABASE_PATH ?? './data';
const engine = await VisionEngine.create({ modelsPath: process.env.MODELS_PATH });
const dir = await buildDemoDatabase(engine, out, { version: arg('--version') });
console.log(`demo database written to ${dir} (current.json updated)`);
await engine.close();
