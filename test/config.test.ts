import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('has working defaults with an empty environment', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8000, databasePath: './data', workers: 1, executionProviders: 'auto', minConfidence: 0.5, maxResults: 3, logLevel: 'info' });
    expect(c.embedders).toEqual(['fr_feature', 'dlib_resnet']);
    expect(c.corsOrigins).toEqual([]);
  });

  it('derives CORS origins from STASH_URL and PUBLIC_URL unless CORS_ORIGINS says otherwise', () => {
    expect(loadConfig({ STASH_URL: 'http://stash:9999/', PUBLIC_URL: 'http://nas:8000' }).corsOrigins).toEqual(['http://stash:9999', 'http://nas:8000']);
    expect(loadConfig({ STASH_URL: 'http://stash:9999', CORS_ORIGINS: 'http://a:1, http://b:2' }).corsOrigins).toEqual(['http://a:1', 'http://b:2']);
    // the sidecar's own public origin stays allowed (same-origin pages behind a reverse proxy)
    expect(loadConfig({ CORS_ORIGINS: 'http://a:1', PUBLIC_URL: 'https://stash.example/face/' })).toMatchObject({ corsOrigins: ['http://a:1', 'https://stash.example'], basePath: '/face', publicUrl: 'https://stash.example/face' });
    expect(loadConfig({ STASH_URL: 'http://stash:9999/' }).stashUrl).toBe('http://stash:9999');
  });

  it('lists every invalid value in one clear error', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'eighty', STASH_URL: 'stash:9999', EXECUTION_PROVIDERS: 'gpu', MIN_CONFIDENCE: '1.5', LOG_LEVEL: 'loud', WORKERS: '0' });
    } catch (e) {
      message = (e as Error).message;
      expect((e as { code?: string }).code).toBe('CONFIG_INVALID');
    }
    for (const name of ['PORT', 'STASH_URL', 'EXECUTION_PROVIDERS', 'MIN_CONFIDENCE', 'LOG_LEVEL', 'WORKERS']) expect(message).toContain(name);
  });

  it('documents every variable it reads', () => {
    const source = loadConfig.toString();
    for (const name of source.matchAll(/get\('([A-Z_]+)'\)|int\('([A-Z_]+)'|url\('([A-Z_]+)'\)|origins\('([A-Z_]+)'\)/g)) {
      const variable = name.slice(1).find(Boolean)!;
      expect(Object.keys(CONFIG_VARIABLES)).toContain(variable);
    }
  });
});
