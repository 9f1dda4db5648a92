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
export async function loadSettings(): Promise<{ settings: StashFaceSettings; stashBoxes: StashBox[] }> {
  const { data } = await PluginApi.utils.StashService.getClient().query({ query: StashFacePluginConfigDocument, fetchPolicy: 'network-only' });
  const raw = data.configuration.plugins[PLUGIN_ID] as Record<string, unknown> | undefined;
  return { settings: parseSettings(raw), stashBoxes: data.configuration.general.stashBoxes };
}
