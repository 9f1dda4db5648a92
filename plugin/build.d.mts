export interface PluginBuildInfo {
  version: string;
  /** "YYYY-MM-DD HH:MM:SS" UTC */
  date: string;
  bytes: { js: number; css: number };
}
export function stashDate(date: Date): string;
export function buildPlugin(options?: { outDir?: string; minify?: boolean; date?: Date }): Promise<PluginBuildInfo>;
