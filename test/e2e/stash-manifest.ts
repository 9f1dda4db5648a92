/**
 * Stash's plugin manifest rules (pkg/plugin/config.go: yaml.v2 decoder with SetStrict(true)): a key the Config struct
 * does not have stops the plugin loading. Returns the problems found; [] = Stash would load it.
 */
const TOP = new Set(['name', 'description', 'url', 'version', 'ui', 'interface', 'exec', 'errLog', 'tasks', 'hooks', 'settings']);
const UI = new Set(['requires', 'javascript', 'css', 'csp', 'assets']);
const CSP = new Set(['script-src', 'style-src', 'connect-src']);
const SETTING = new Set(['displayName', 'description', 'type']);
const SETTING_TYPES = new Set(['STRING', 'NUMBER', 'BOOLEAN']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringList = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');

export function stashManifestProblems(manifest: unknown): string[] {
  const out: string[] = [];
  if (!isObject(manifest)) return ['the manifest is not a mapping'];
  for (const k of Object.keys(manifest)) if (!TOP.has(k)) out.push(`unknown key "${k}"`);
  if (typeof manifest.name !== 'string' || !manifest.name) out.push('name must be a non-empty string');
  for (const k of ['description', 'url', 'version'] as const) {
    if (manifest[k] !== undefined && typeof manifest[k] !== 'string') out.push(`${k} must be a string (got ${typeof manifest[k]})`);
  }
  if (manifest.interface !== undefined && !['raw', 'rpc', 'js'].includes(String(manifest.interface))) out.push('interface must be raw, rpc or js');
  const ui = manifest.ui;
  if (ui !== undefined) {
    if (!isObject(ui)) out.push('ui must be a mapping');
    else {
      for (const k of Object.keys(ui)) if (!UI.has(k)) out.push(`unknown key "ui.${k}"`);
      for (const k of ['requires', 'javascript', 'css'] as const) if (ui[k] !== undefined && !isStringList(ui[k])) out.push(`ui.${k} must be a list of strings`);
      if (ui.csp !== undefined) {
        if (!isObject(ui.csp)) out.push('ui.csp must be a mapping');
        else
          for (const [k, v] of Object.entries(ui.csp)) {
            if (!CSP.has(k)) out.push(`unknown key "ui.csp.${k}"`);
            else if (!isStringList(v)) out.push(`ui.csp.${k} must be a list of strings`);
          }
      }
      if (ui.assets !== undefined && !isObject(ui.assets)) out.push('ui.assets must be a mapping');
    }
  }
  if (manifest.settings !== undefined) {
    if (!isObject(manifest.settings)) out.push('settings must be a mapping');
    else
      for (const [name, s] of Object.entries(manifest.settings)) {
        if (!isObject(s)) {
          out.push(`settings.${name} must be a mapping`);
          continue;
        }
        for (const k of Object.keys(s)) if (!SETTING.has(k)) out.push(`unknown key "settings.${name}.${k}"`);
        if (!SETTING_TYPES.has(String(s.type))) out.push(`settings.${name}.type must be STRING, NUMBER or BOOLEAN`);
      }
  }
  return out;
}

/** A plugin source entry as Stash's package manager reads it (pkg/pkgmgr RemotePackage). */
export function sourceEntryProblems(entry: unknown): string[] {
  const out: string[] = [];
  if (!isObject(entry)) return ['the entry is not a mapping'];
  const allowed = new Set(['id', 'name', 'metadata', 'version', 'date', 'requires', 'path', 'sha256']);
  for (const k of Object.keys(entry)) if (!allowed.has(k)) out.push(`unexpected key "${k}"`);
  for (const k of ['id', 'name', 'version', 'date', 'path', 'sha256'] as const) if (typeof entry[k] !== 'string' || !entry[k]) out.push(`${k} must be a string`);
  if (typeof entry.date === 'string' && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(entry.date)) out.push(`date must be "YYYY-MM-DD HH:MM:SS" (got ${entry.date})`);
  if (typeof entry.sha256 === 'string' && !/^[0-9a-f]{64}$/.test(entry.sha256)) out.push('sha256 must be 64 hex digits');
  if (entry.requires !== undefined && !isStringList(entry.requires)) out.push('requires must be a list of ids');
  if (entry.metadata !== undefined && !isObject(entry.metadata)) out.push('metadata must be a mapping');
  return out;
}
