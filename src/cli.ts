/**
 * The `stash-face` command (bin/stash-face.mjs):
 *   stash-face [serve]                              start the sidecar
 *   stash-face install-database [<url|file|latest>]  install a database package (default: DATABASE_UPDATE_URL's latest)
 *   stash-face fetch-model <id> [--url <mirror>]    download an optional model into MODELS_PATH
 *   stash-face healthcheck                          ask the running sidecar's `health` (the container HEALTHCHECK)
 *   stash-face build-db --config <file>             build a database from stash-box (a checkout only: the builder)
 * Modules are imported per command, so `healthcheck` stays light.
 */
import { AppError, errorMessage } from './errors.js';
import { describeFetchError } from './util/fetch-error.js';
import type { Logger } from './log.js';

const USAGE = `stash-face: face recognition sidecar for Stash

Usage:
  stash-face [serve]                           Start the sidecar (GraphQL and GraphiQL on PORT, default 8000)
  stash-face install-database [<source>]       Install a face database: a package URL, a latest.json URL,
        [--sha256 <hex>] [--force] [--no-reload]   a local stash-face-db-<version>.tar.gz, or "latest"
                                               (default: the latest release at DATABASE_UPDATE_URL)
  stash-face fetch-model <id> [--url <mirror>] Download an optional model into MODELS_PATH (sha256-checked)
  stash-face fetch-model --list                List the optional models
  stash-face healthcheck [--url <graphql url>] Query the running sidecar's health (exit 0 when it answers)
  stash-face build-db --config <file> [...]    Build a face database from stash-box (from a checkout; see builder/README.md)
  stash-face --version

Configuration comes from environment variables (DATABASE_PATH, MODELS_PATH, DATABASE_UPDATE_URL, PORT, ...):
see docs/deployment.md.`;

interface Parsed {
  command: string;
  args: string[];
  flags: Record<string, string | true>;
}

export function parseArgs(argv: readonly string[]): Parsed {
  const args: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags[a.slice(2, eq)] = a.slice(eq + 1);
      else if (['sha256', 'url'].includes(a.slice(2)) && i + 1 < argv.length) flags[a.slice(2)] = argv[++i];
      else flags[a.slice(2)] = true;
    } else if (a === '-h') flags.help = true;
    else args.push(a);
  }
  const command = args.shift() ?? 'serve';
  return { command, args, flags };
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  const { command, args, flags } = parseArgs(argv);
  // The builder parses its own flags (and has its own --help).
  if (command === 'build-db') return buildDb(argv.slice(argv.indexOf('build-db') + 1)).catch((e) => {
    process.stderr.write(`stash-face build-db: ${errorMessage(e)}\n`);
    return 2;
  });
  if (flags.help || command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (flags.version || command === 'version') {
    const { SIDECAR_VERSION } = await import('./version.js');
    process.stdout.write(`${SIDECAR_VERSION}\n`);
    return 0;
  }
  try {
    switch (command) {
      case 'serve': {
        const { runFromCommandLine } = await import('./main.js');
        await runFromCommandLine();
        return -1; // keeps running; main.ts exits on SIGTERM
      }
      case 'install-database':
        return await installDatabase(args[0], flags);
      case 'fetch-model':
        return await fetchModelCommand(args[0], flags);
      case 'healthcheck':
        return await healthcheck(flags);
      default:
        process.stderr.write(`Unknown command "${command}".\n\n${USAGE}\n`);
        return 2;
    }
  } catch (e) {
    process.stderr.write(`stash-face ${command}: ${errorMessage(e)}\n`);
    return e instanceof AppError && (e.code === 'CONFIG_INVALID' || e.code === 'BAD_USER_INPUT') ? 2 : 1;
  }
}

/** One progress line per 5% (or per 2 s without a known size), rewritten in place on a terminal. */
function progressPrinter(label: string): (received: number, total?: number) => void {
  const tty = process.stderr.isTTY;
  let lastPercent = -1;
  let lastAt = 0;
  return (received, total) => {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    const percent = total ? Math.floor((received / total) * 100) : -1;
    const now = Date.now();
    if (total ? percent < lastPercent + 5 && percent !== 100 : now - lastAt < 2000) return;
    if (percent === lastPercent) return;
    lastPercent = percent;
    lastAt = now;
    const text = `${label}: ${mb(received)} MB${total ? ` of ${mb(total)} MB (${percent}%)` : ''}`;
    process.stderr.write(tty ? `\r${text}${percent === 100 ? '\n' : ''}` : `${text}\n`);
  };
}

async function installDatabase(source: string | undefined, flags: Parsed['flags']): Promise<number> {
  const { loadConfig } = await import('./config.js');
  const { createLogger } = await import('./log.js');
  const { findModel } = await import('./vision/runtime/catalog.js');
  const { DatabaseInstaller } = await import('./distribution/install.js');
  const config = loadConfig();
  const log = config.logLevel === 'debug' ? createLogger('debug') : quietLogger();
  // The pins a package must match: the embedders this sidecar is configured to run (their catalog sha256).
  const models = config.embedders.map((id) => {
    const spec = findModel(id);
    if (!spec || spec.task !== 'embed') throw new AppError('CONFIG_INVALID', `EMBEDDERS names "${id}", which is not an embedder in the catalog.`);
    return { id: spec.id, sha256: spec.sha256, dim: spec.dim };
  });
  const installer = new DatabaseInstaller({ databasePath: config.databasePath, models, log, updateUrl: config.databaseUpdateUrl });
  const target = source ?? 'latest';
  const print = progressPrinter('downloading');
  let lastState = '';
  const result = await installer.install({
    source: target,
    sha256: typeof flags.sha256 === 'string' ? flags.sha256 : undefined,
    force: flags.force === true,
    onProgress: (s) => {
      if (s.state === 'downloading' && s.received_bytes > 0) print(s.received_bytes, s.total_bytes);
      if (s.state !== lastState && ['verifying', 'unpacking', 'switching'].includes(s.state)) process.stderr.write(`${s.state}…\n`);
      lastState = s.state;
    },
  });
  if (result.already) {
    process.stdout.write(`Database ${result.version} is already installed and current (use --force to install it again).\n`);
    return 0;
  }
  process.stdout.write(`Installed database ${result.version}${result.previous ? ` (previous: ${result.previous}, kept for rollback)` : ''} in ${result.dir}.\n`);
  if (flags['no-reload'] === true) return 0;
  // A sidecar running beside this command (e.g. `docker exec`) loads it now; otherwise it loads it when it starts.
  const url = sidecarGraphqlUrl(config.host, config.port);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { reloadDatabase { version } }' }),
      signal: AbortSignal.timeout(15 * 60_000),
    });
    const body = (await response.json()) as { data?: { reloadDatabase?: { version: string } }; errors?: Array<{ message: string }> };
    if (body.data?.reloadDatabase) {
      process.stdout.write(`The running sidecar at ${url} now serves ${body.data.reloadDatabase.version}.\n`);
      return 0;
    }
    process.stderr.write(`The running sidecar at ${url} could not load it: ${body.errors?.[0]?.message ?? `HTTP ${response.status}`}\n`);
    return 1;
  } catch {
    process.stdout.write(`No sidecar answers at ${url}: it loads ${result.version} when it starts.\n`);
    return 0;
  }
}

async function fetchModelCommand(id: string | undefined, flags: Parsed['flags']): Promise<number> {
  const { optionalModels, fetchModel } = await import('./distribution/models.js');
  if (flags.list === true || !id) {
    for (const m of optionalModels()) {
      process.stdout.write(`${m.id}\t${m.task}\t${m.downloadUrl ? 'download known' : 'no download URL: copy the file by hand'}\t${m.licence}\n  ${m.description}\n`);
    }
    if (!id && flags.list !== true) {
      process.stderr.write('Name a model: stash-face fetch-model <id>\n');
      return 2;
    }
    return 0;
  }
  const { loadConfig } = await import('./config.js');
  const config = loadConfig();
  const print = progressPrinter(`downloading ${id}`);
  const result = await fetchModel(id, {
    modelsPath: config.modelsPath,
    url: typeof flags.url === 'string' ? flags.url : undefined,
    onProgress: (p) => print(p.received, p.total),
  });
  process.stdout.write(
    result.already
      ? `${id} is already in ${result.path} (sha256 verified).\n`
      : `Fetched ${id} into ${result.path} (sha256 ${result.sha256} verified). Use it with DETECTOR/EMBEDDERS and restart the sidecar.\n`,
  );
  return 0;
}

/** For the commands: warnings as plain lines; errors are reported once, by the command. */
function quietLogger(): Logger {
  const noop = () => undefined;
  const log: Logger = {
    debug: noop,
    info: noop,
    warn: (msg, fields) => process.stderr.write(`warning: ${msg}${fields ? ` ${JSON.stringify(fields)}` : ''}\n`),
    error: noop,
    child: () => log,
  };
  return log;
}

function sidecarGraphqlUrl(host: string | undefined, port: number | undefined): string {
  const h = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return `http://${h}:${port || 8000}/graphql`;
}

/** Exit 0 when the sidecar answers `health` (even "degraded": no database is a state to show, not a crash). */
async function healthcheck(flags: Parsed['flags']): Promise<number> {
  const port = Number(process.env.PORT?.trim() || 8000);
  const url = typeof flags.url === 'string' ? flags.url : sidecarGraphqlUrl(process.env.HOST?.trim(), port);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ health { status version database_loaded database_version execution_providers warnings } }' }),
      signal: AbortSignal.timeout(8000),
    });
    const body = (await response.json()) as { data?: { health?: { status: string } } };
    if (!response.ok || !body.data?.health) {
      process.stderr.write(`unhealthy: ${url} answered HTTP ${response.status}\n`);
      return 1;
    }
    process.stdout.write(JSON.stringify(body.data.health) + '\n');
    return flags.strict === true && body.data.health.status !== 'ok' ? 1 : 0;
  } catch (e) {
    process.stderr.write(`unhealthy: ${url}: ${describeFetchError(e)}\n`);
    return 1;
  }
}

/** The builder ships in a checkout, not in the container image (tsconfig.image.json compiles src/ only). */
async function buildDb(argv: readonly string[]): Promise<number> {
  const builderCli = '../builder/cli.js';
  let builder: { main(argv: readonly string[]): Promise<number> };
  try {
    builder = (await import(builderCli)) as typeof builder;
  } catch {
    throw new AppError('BAD_USER_INPUT', 'build-db runs from a checkout of stash-face (npm run build-db); this installation has no builder.');
  }
  return builder.main(argv);
}
