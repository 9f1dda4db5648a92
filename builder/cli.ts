import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { runBuild, BuildError, type BuildSummary } from './build.js';
import { ConfigError, parseScalar, readConfigFile, resolveConfig, setPath, type BuilderConfig } from './config.js';
import { duration, Progress } from './progress.js';
import { StashBoxError } from './stashbox/client.js';

/**
 * npm run build-db -- --config builder.yaml [--output DIR] [--version V] [--update] [--set path=value ...]
 *
 * Exit codes: 0 built; 1 failed (the state is kept: run the same command again to carry on); 2 bad configuration;
 * 130 interrupted (Ctrl-C; the same command resumes).
 */

/** Flags that set one config value; `*` applies to every stash-box endpoint. */
const FLAG_PATHS: Record<string, { path: string; type: 'string' | 'number' | 'list' }> = {
  output: { path: 'output.directory', type: 'string' },
  version: { path: 'output.version', type: 'string' },
  'min-sidecar-version': { path: 'output.min_sidecar_version', type: 'string' },
  'rate-limit': { path: 'stashboxes.*.rate_limit', type: 'number' },
  'per-page': { path: 'stashboxes.*.per_page', type: 'number' },
  'max-images': { path: 'stashboxes.*.max_images_per_performer', type: 'number' },
  'image-rate-limit': { path: 'stashboxes.*.image_rate_limit', type: 'number' },
  'image-concurrency': { path: 'stashboxes.*.image_concurrency', type: 'number' },
  limit: { path: 'stashboxes.*.limit', type: 'number' },
  'image-size': { path: 'images.size', type: 'string' },
  'image-timeout': { path: 'images.timeout_s', type: 'number' },
  'image-retries': { path: 'images.retries', type: 'number' },
  'api-timeout': { path: 'api.timeout_s', type: 'number' },
  'api-retries': { path: 'api.retries', type: 'number' },
  'image-cache': { path: 'cache.image_directory', type: 'string' },
  'embeddings-cache': { path: 'cache.embeddings_directory', type: 'string' },
  state: { path: 'state_directory', type: 'string' },
  'min-face-size': { path: 'faces.min_face_size', type: 'number' },
  'min-score': { path: 'faces.min_score', type: 'number' },
  'max-faces': { path: 'faces.max_faces_per_performer', type: 'number' },
  'template-tiers': { path: 'faces.template_tiers', type: 'list' },
  'batch-size': { path: 'processing.batch_size', type: 'number' },
  workers: { path: 'processing.workers', type: 'number' },
  'onnx-workers': { path: 'processing.onnx_workers', type: 'number' },
  providers: { path: 'processing.providers', type: 'string' },
  'models-path': { path: 'processing.models_path', type: 'string' },
  embedders: { path: 'processing.embedders', type: 'list' },
  calibration: { path: 'calibration', type: 'string' },
  progress: { path: 'progress.mode', type: 'string' },
  'log-interval': { path: 'progress.interval_s', type: 'number' },
};

const HELP = `Builds the stash-face performer database from stash-box endpoints (StashDB, FansDB, PMVStash, ...).

Usage: npm run build-db -- --config builder.yaml [options]

  --config FILE            YAML or JSON config (see builder/builder_config.example.yaml)
  --url URL                a stash-box GraphQL endpoint, without a config file (api key from --api-key-env)
  --api-key-env NAME       environment variable holding the api key for --url (default STASHDB_API_KEY)
  --update                 page back to the last build only (new, edited, deleted, merged performers)
  --force                  rebuild a version that already exists
  --set PATH=VALUE         any config value, e.g. --set faces.min_face_size=48 --set stashboxes.0.rate_limit=120
${Object.entries(FLAG_PATHS)
  .map(([flag, { path }]) => `  --${flag.padEnd(23)}${path}`)
  .join('\n')}
  --help

Stop it any time (Ctrl-C, kill, a reboot): the same command carries on where it stopped, downloading nothing twice.`;

export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { config: BuilderConfig; update: boolean; force: boolean } | 'help' {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {
    config: { type: 'string' },
    url: { type: 'string' },
    'api-key-env': { type: 'string' },
    update: { type: 'boolean' },
    force: { type: 'boolean' },
    help: { type: 'boolean' },
    set: { type: 'string', multiple: true },
  };
  for (const flag of Object.keys(FLAG_PATHS)) options[flag] = { type: 'string' };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: false, strict: true });
  } catch (e) {
    throw new ConfigError(`${(e as Error).message} (see --help)`);
  }
  const v = parsed.values as Record<string, string | boolean | string[] | undefined>;
  if (v.help) return 'help';
  const raw: Record<string, unknown> = v.config ? readConfigFile(String(v.config), env) : {};
  if (v.url) {
    const keyVar = String(v['api-key-env'] ?? 'STASHDB_API_KEY');
    raw.stashboxes = [{ name: new URL(String(v.url)).host, url: String(v.url), api_key: env[keyVar] }];
  }
  for (const [flag, { path, type }] of Object.entries(FLAG_PATHS)) {
    const value = v[flag];
    if (value === undefined) continue;
    const text = String(value);
    const parsedValue = type === 'number' ? Number(text) : type === 'list' ? text.split(',').map((s) => parseScalar(s.trim())) : text;
    if (type === 'number' && !Number.isFinite(parsedValue)) throw new ConfigError(`--${flag} needs a number, not "${text}".`);
    if (path.startsWith('stashboxes.*.')) {
      const list = raw.stashboxes ?? (raw.stashdb ? undefined : []);
      if (Array.isArray(list)) for (const sb of list) (sb as Record<string, unknown>)[path.slice(13)] = parsedValue;
      else if (raw.stashdb) (raw.stashdb as Record<string, unknown>)[path.slice(13)] = parsedValue;
    } else setPath(raw, path, parsedValue);
  }
  for (const assignment of (v.set as string[] | undefined) ?? []) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new ConfigError(`--set needs PATH=VALUE, not "${assignment}".`);
    setPath(raw, assignment.slice(0, eq), parseScalar(assignment.slice(eq + 1)));
  }
  return { config: resolveConfig(raw), update: Boolean(v.update), force: Boolean(v.force) };
}

export function formatSummary(s: BuildSummary): string {
  const counts = (c: Record<string, number>) =>
    Object.entries(c)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  const p = s.performers;
  return [
    `version ${s.version} (run ${s.run}, ${s.mode}${s.resumed ? ', resumed' : ''})`,
    `  package     ${s.package.tarball} (${(s.package.size / 1e6).toFixed(1)} MB, sha256 ${s.package.sha256.slice(0, 16)}…)`,
    `  content     ${s.digest}`,
    `  performers  listed ${p.listed}, new ${p.added}, changed ${p.changed}, removed ${p.removed.deleted} deleted / ${p.removed.merged} merged / ${p.removed.gone} gone, looked up ${p.lookups}`,
    `              processed ${p.processed}${p.reused ? ` (+${p.reused} finished before a restart)` : ''}, errors ${p.errors}; in the package ${p.in_package}, without a usable face ${p.without_faces}`,
    `  images      used ${s.images.used}; this run downloaded ${s.images.downloaded}, from cache ${s.images.from_cache}, failed ${counts(s.images.download_failed)}; analysed ${s.images.analysed} (+${s.images.analysis_cached} cached), unreadable ${s.images.bad}`,
    `  faces       kept ${s.faces.kept}; not kept: ${counts(s.faces.rejected)}`,
    `  api         ${Object.entries(s.api).map(([k, a]) => `${k}: ${a.requests} requests, ${a.retries} retries, ${a.rate_limited} rate-limited`).join('; ')}`,
    `  changes     +${s.changes.added.length} -${s.changes.removed.length} ~${s.changes.changed.length} performers, +${s.changes.faces_added} -${s.changes.faces_removed} faces${s.changes.previous_version ? ` since ${s.changes.previous_version}` : ''}`,
    `  time        ${Object.entries(s.seconds).map(([k, sec]) => `${k} ${duration(sec)}`).join(', ')}`,
  ].join('\n');
}

/** `npm run build-db` and `stash-face build-db`: the arguments after the command. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  let cli: ReturnType<typeof parseCli>;
  try {
    cli = parseCli(argv);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`build-db: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (cli === 'help') {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (name: string) => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    process.stderr.write(`\nbuild-db: ${name}: finishing the performers in flight, then stopping (again to quit at once); the same command resumes\n`);
    controller.abort();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  const progress = Progress.auto(cli.config.progress.mode, cli.config.progress.interval_s * 1000);
  try {
    const summary = await runBuild({ config: cli.config, update: cli.update, force: cli.force, signal: controller.signal, progress });
    progress.close();
    process.stdout.write(formatSummary(summary) + '\n');
    return 0;
  } catch (e) {
    progress.close();
    if (controller.signal.aborted) {
      process.stderr.write('build-db: interrupted; progress is saved\n');
      return 130;
    }
    if (e instanceof BuildError || e instanceof StashBoxError || e instanceof ConfigError) {
      process.stderr.write(`build-db: ${e.message}\n`);
      return e instanceof ConfigError ? 2 : 1;
    }
    process.stderr.write(`build-db: ${(e as Error).stack ?? String(e)}\nbuild-db: progress is saved; run the same command to carry on\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().then((code) => process.exit(code));
}
