import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { startSidecar, type Sidecar } from '../../src/main.js';
import type { VisionEngine } from '../../src/vision/engine.js';

/**
 * Starts the real sidecar on a free port with the given environment (tests share one engine to save start-up). The
 * local gallery is off unless a test turns it on (LOCAL_GALLERY: 'true'): other tests' stand-in libraries stay out of
 * their answers.
 */
export async function startTestSidecar(engine: VisionEngine, env: Record<string, string>): Promise<Sidecar> {
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', LOCAL_GALLERY: 'false', ...env });
  return startSidecar(config, { engine });
}

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export async function gql<T = any>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as GraphQLResponse<T>;
}

/** A GraphQL multipart request (the spec yoga implements) uploading one file as `$image`. */
export async function gqlUpload<T = any>(url: string, query: string, file: string | Buffer, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
  const bytes = typeof file === 'string' ? await readFile(file) : file;
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables: { ...variables, image: null } }));
  form.append('map', JSON.stringify({ 0: ['variables.image'] }));
  form.append('0', new Blob([new Uint8Array(bytes)]), typeof file === 'string' ? basename(file) : 'upload.jpg');
  const res = await fetch(`${url}/graphql`, { method: 'POST', body: form, headers: { 'GraphQL-Require-Preflight': '1' } });
  return (await res.json()) as GraphQLResponse<T>;
}

export const IDENTIFY_FIELDS = `
  database_version frames_used
  persons {
    id face_size detection_score low_evidence thumbnail box { x y width height }
    matches { confidence distance performer { id stash_id endpoint name stashbox_url local_performer { id name } } }
  }
  timings { stage ms }`;
