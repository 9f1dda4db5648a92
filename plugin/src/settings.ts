import { PluginApi, servedDefaults } from './pluginApi.js';
import { StashFaceConfigurePluginDocument, StashFacePluginConfigDocument } from './generated/stash.js';
import type { FramesMode } from './generated/sidecar.js';

export const PLUGIN_ID = 'stash-face';
export const PLUGIN_VERSION = servedDefaults.version ?? null;

export interface StashFaceSettings {
  sidecarUrl: string;
  /** 0..1 (the setting is a whole percentage: Stash's NUMBER settings are integers). */
  minConfidence: number;
  maxResults: number;
  framesMode: FramesMode;
}

export interface StashBox {
  endpoint: string;
  name: string;
}

export const DEFAULTS: StashFaceSettings = {
  sidecarUrl: servedDefaults.sidecarUrl ?? 'http://localhost:8000',
  minConfidence: 0.5,
  maxResults: 5,
  framesMode: 'AUTO',
};

const FRAMES_MODES: readonly FramesMode[] = ['AUTO', 'SPRITE', 'FRAMES'];

/** Stash stores only saved keys (absent until the user saves one): merge over the defaults, ignore nonsense. */
export function parseSettings(raw: Record<string, unknown> | undefined): StashFaceSettings {
  const s = { ...DEFAULTS };
  if (!raw) return s;
  if (typeof raw.sidecarUrl === 'string' && /^https?:\/\/[^\s]+$/i.test(raw.sidecarUrl.trim())) {
    s.sidecarUrl = raw.sidecarUrl.trim();
  }
  const pct = Number(raw.minConfidence);
  if (raw.minConfidence != null && raw.minConfidence !== '' && Number.isFinite(pct) && pct >= 0 && pct <= 100) s.minConfidence = pct / 100;
  const max = Number(raw.maxResults);
  if (raw.maxResults != null && raw.maxResults !== '' && Number.isInteger(max) && max >= 1 && max <= 50) s.maxResults = max;
  const mode = typeof raw.framesMode === 'string' ? (raw.framesMode.trim().toUpperCase() as FramesMode) : undefined;
  if (mode && FRAMES_MODES.includes(mode)) s.framesMode = mode;
  s.sidecarUrl = s.sidecarUrl.replace(/\/+$/, '').replace(/\/graphql$/, '');
  return s;
}

/** Reads the settings fresh each time (a change under Settings > Plugins applies without a reload). */
export async function loadSettings(): Promise<{ settings: StashFaceSettings; stashBoxes: StashBox[]; saved: Record<string, unknown> }> {
  const { data } = await PluginApi.utils.StashService.getClient().query({ query: StashFacePluginConfigDocument, fetchPolicy: 'network-only' });
  const saved = (data.configuration.plugins[PLUGIN_ID] as Record<string, unknown> | undefined) ?? {};
  return { settings: parseSettings(saved), stashBoxes: data.configuration.general.stashBoxes, saved };
}

/**
 * Stash shows an unsaved NUMBER setting as 0: the saved map with the defaults filled in, so the settings page shows
 * what the plugin really uses (null when nothing is missing). The sidecar URL stays unsaved: it follows the
 * address the plugin was installed from.
 */
export function withDefaults(saved: Record<string, unknown>): Record<string, unknown> | null {
  const defaults: Record<string, unknown> = {
    minConfidence: Math.round(DEFAULTS.minConfidence * 100),
    maxResults: DEFAULTS.maxResults,
    framesMode: DEFAULTS.framesMode,
  };
  const missing = Object.keys(defaults).filter((k) => saved[k] === undefined || saved[k] === null);
  if (!missing.length) return null;
  return { ...saved, ...Object.fromEntries(missing.map((k) => [k, defaults[k]])) };
}

/**
 * Saved values the plugin cannot use, in words for the status line (parseSettings falls back to the default for
 * each): a setting typed by hand must not be ignored silently.
 */
export function settingsProblems(raw: Record<string, unknown> | undefined): string[] {
  if (!raw) return [];
  const problems: string[] = [];
  const present = (v: unknown) => v !== undefined && v !== null && v !== '';
  if (present(raw.sidecarUrl) && !(typeof raw.sidecarUrl === 'string' && /^https?:\/\/[^\s]+$/i.test(raw.sidecarUrl.trim()))) {
    problems.push(`Sidecar URL "${String(raw.sidecarUrl)}" is not an http:// or https:// address; using ${DEFAULTS.sidecarUrl}.`);
  }
  const pct = Number(raw.minConfidence);
  if (present(raw.minConfidence) && !(Number.isFinite(pct) && pct >= 0 && pct <= 100)) {
    problems.push(`Minimum confidence "${String(raw.minConfidence)}" must be a percentage from 0 to 100; using ${Math.round(DEFAULTS.minConfidence * 100)}.`);
  }
  const max = Number(raw.maxResults);
  if (present(raw.maxResults) && !(Number.isInteger(max) && max >= 1 && max <= 50)) {
    problems.push(`Candidates per person "${String(raw.maxResults)}" must be a whole number from 1 to 50; using ${DEFAULTS.maxResults}.`);
  }
  if (present(raw.framesMode) && !(typeof raw.framesMode === 'string' && FRAMES_MODES.includes(raw.framesMode.trim().toUpperCase() as FramesMode))) {
    problems.push(`Scene frames mode "${String(raw.framesMode)}" must be AUTO, SPRITE or FRAMES; using ${DEFAULTS.framesMode}.`);
  }
  return problems;
}

let defaultsWritten: Promise<void> | undefined;

/**
 * Saves the defaults of unsaved settings once per page load, when the plugin loads (not when a panel first opens):
 * Stash's settings page then shows 50 and 5 rather than 0. The configuration query is refetched so the page sees them.
 */
export function saveDefaultsOnce(): Promise<void> {
  defaultsWritten ??= (async () => {
    const client = PluginApi.utils.StashService.getClient();
    const { data } = await client.query({ query: StashFacePluginConfigDocument, fetchPolicy: 'network-only' });
    const saved = (data.configuration.plugins[PLUGIN_ID] as Record<string, unknown> | undefined) ?? {};
    const filled = withDefaults(saved);
    if (!filled) return;
    // configurePlugin replaces the whole map: the saved keys go back as they were
    await client.mutate({ mutation: StashFaceConfigurePluginDocument, variables: { plugin_id: PLUGIN_ID, input: filled }, refetchQueries: ['Configuration'] });
  })().catch(() => undefined);
  return defaultsWritten;
}
