import { PluginApi, servedDefaults } from './pluginApi.js';
import { StashFacePluginConfigDocument } from './generated/stash.js';
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
