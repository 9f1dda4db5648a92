/// <reference path="./shims/graphql-text.d.ts" />
// One client library for both APIs: the sidecar gets its own ApolloClient from the UI's Apollo (no bundle cost).
import { PluginApi, type ApolloClientLike, type ApolloErrorLike, type GraphQLErrorLike } from './pluginApi.js';
import {
  StashFaceHealthDocument,
  StashFaceIdentifyDocument,
  StashFaceInstallDatabaseDocument,
  StashFaceInstallProgressDocument,
  StashFaceKeptDocument,
  StashFaceRejectMatchDocument,
  StashFaceStatusDocument,
  type StashFaceKeptFragment,
  type IdentifyInput,
  type StashFaceHealthQuery,
  type StashFaceIdentifyQuery,
  type StashFaceInstallProgressQuery,
  type StashFaceStatusQuery,
  type StashFaceSceneProgressSubscription,
} from './generated/sidecar.js';
import sidecarDocuments from '../documents/sidecar.graphql';
import type { StashFaceSettings } from './settings.js';

export type IdentifyResult = StashFaceIdentifyQuery['identify'];
export type Person = IdentifyResult['persons'][number];
export type Match = Person['matches'][number];
export type Health = StashFaceHealthQuery;

const clients = new Map<string, ApolloClientLike>();

export function sidecarClient(sidecarUrl: string): ApolloClientLike {
  let client = clients.get(sidecarUrl);
  if (!client) {
    const { ApolloClient, HttpLink, InMemoryCache } = PluginApi.libraries.Apollo;
    // The sidecar has no login and allows no credentials (CORS): never send Stash's session cookie there.
    client = new ApolloClient({ link: new HttpLink({ uri: `${sidecarUrl}/graphql`, credentials: 'omit' }), cache: new InMemoryCache() });
    clients.set(sidecarUrl, client);
  }
  return client;
}

/** What went wrong, in words a user can act on. */
export interface SidecarProblem {
  kind: 'unreachable' | 'refused-origin' | 'mixed-content' | 'blocked' | 'no-database' | 'fetch-failed' | 'unsupported' | 'other';
  code?: string;
  message: string;
}

export function describeError(error: unknown, sidecarUrl: string, cspBlocked: boolean): SidecarProblem {
  const e = error as ApolloErrorLike;
  const gql = e?.graphQLErrors?.[0];
  if (gql) {
    const code = gql.extensions?.code;
    if (code === 'DATABASE_NOT_LOADED') return { kind: 'no-database', code, message: gql.message };
    if (code === 'FETCH_FAILED' || code === 'STASH_ERROR' || code === 'FORBIDDEN_ORIGIN') return { kind: 'fetch-failed', code, message: gql.message };
    if (code === 'BAD_USER_INPUT') return { kind: 'unsupported', code, message: gql.message };
    return { kind: 'other', code, message: gql.message };
  }
  // The sidecar's refusal is readable when the browser let the request through (a plain GET, or a preflight cached
  // from before CORS_ORIGINS changed): Apollo keeps the parsed body on the network error.
  const body = (e?.networkError as { result?: { errors?: readonly GraphQLErrorLike[] } } | null | undefined)?.result;
  const refusal = body?.errors?.find((x) => x.extensions?.code === 'CORS_ORIGIN_REFUSED');
  const refused = refusal?.message ?? (error as { refusedOrigin?: string })?.refusedOrigin;
  if (refused) return { kind: 'refused-origin', code: 'CORS_ORIGIN_REFUSED', message: refused };
  if (mixedContent(sidecarUrl)) {
    return { kind: 'mixed-content', message: `This Stash page is served over HTTPS and the browser does not let it call the plain-HTTP sidecar at ${sidecarUrl}.` };
  }
  if (cspBlocked) return { kind: 'blocked', message: `The browser blocked the request to ${sidecarUrl} (Content-Security-Policy).` };
  const status = e?.networkError?.statusCode;
  if (status) return { kind: 'other', message: `The sidecar at ${sidecarUrl} answered HTTP ${status}.` };
  return { kind: 'unreachable', message: e?.networkError?.message ?? e?.message ?? String(error) };
}

/** An https: page calling an http: sidecar that is not on this machine: browsers block it (mixed content). */
export function mixedContent(sidecarUrl: string, pageProtocol = globalThis.location?.protocol): boolean {
  try {
    const u = new URL(sidecarUrl);
    return pageProtocol === 'https:' && u.protocol === 'http:' && !['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}

/**
 * A failed call looks the same to a page whether the sidecar is down or refused this page's origin (CORS). The
 * sidecar answers a plain GET from a refused origin with a readable 403 naming the setting: ask once, and return its
 * message when that is what happened.
 */
export async function refusedOriginMessage(sidecarUrl: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${sidecarUrl}/graphql?query=%7B__typename%7D`, { credentials: 'omit', cache: 'no-store' });
    if (res.status !== 403) return undefined;
    const body = (await res.json()) as { errors?: Array<{ message: string; extensions?: { code?: string } }> };
    const error = body.errors?.[0];
    return error?.extensions?.code === 'CORS_ORIGIN_REFUSED' ? error.message : undefined;
  } catch {
    return undefined; // unreachable indeed (or an older sidecar)
  }
}

/** Runs a sidecar request and notes whether the page's CSP blocked it (a fetch error alone cannot tell). */
async function withCspWatch<T>(sidecarUrl: string, run: () => Promise<T>): Promise<T> {
  let blocked = false;
  const origin = new URL(sidecarUrl).origin;
  const onViolation = (ev: SecurityPolicyViolationEvent) => {
    if (ev.blockedURI && ev.blockedURI.startsWith(origin)) blocked = true;
  };
  document.addEventListener('securitypolicyviolation', onViolation);
  try {
    return await run();
  } catch (error) {
    // the violation event is queued as a task: let it arrive before deciding
    await new Promise((r) => setTimeout(r, 0));
    const e = error as ApolloErrorLike;
    const networkOnly = !e?.graphQLErrors?.length && !e?.networkError?.statusCode;
    // A failed fetch without a status: ask whether the sidecar refused this page's origin.
    const refusedOrigin = networkOnly && !blocked ? await refusedOriginMessage(sidecarUrl) : undefined;
    throw Object.assign(error as object, { cspBlocked: blocked, refusedOrigin });
  } finally {
    setTimeout(() => document.removeEventListener('securitypolicyviolation', onViolation), 0);
  }
}

export function wasCspBlocked(error: unknown): boolean {
  return !!(error as { cspBlocked?: boolean })?.cspBlocked;
}

export async function identify(settings: StashFaceSettings, input: IdentifyInput): Promise<IdentifyResult> {
  const client = sidecarClient(settings.sidecarUrl);
  const { data } = await withCspWatch(settings.sidecarUrl, () =>
    client.query({
      query: StashFaceIdentifyDocument,
      // results are one-off: person ids ("face-1") repeat between calls, so nothing is cached
      variables: { input: { max_results: settings.maxResults, min_confidence: settings.minConfidence, ...input } },
      fetchPolicy: 'no-cache',
    }),
  );
  return data.identify;
}

/** The kept result of a scene or image, as an answer the panel shows, with when it was made. */
export type KeptAnswer = IdentifyResult & { kept: Pick<StashFaceKeptFragment, 'analysed_at' | 'frames_mode'> };

/**
 * The last answer for this scene or image (a page identify or a library run), or null when there is none. A sidecar
 * whose state is off answers an error: the panel then simply starts empty.
 */
export async function keptAnswer(settings: StashFaceSettings, kind: 'scene' | 'image', id: string): Promise<KeptAnswer | null> {
  const client = sidecarClient(settings.sidecarUrl);
  const { data } = await client.query({ query: StashFaceKeptDocument, variables: { id, scene: kind === 'scene' }, fetchPolicy: 'no-cache' });
  const kept = kind === 'scene' ? data.sceneFaces : data.imageFaces;
  if (!kept) return null;
  const { analysed_at, frames_mode, persons, source, frames_used, database_version } = kept;
  return { persons, source, frames_used, database_version, frame_step: null, frame: null, kept: { analysed_at, frames_mode } };
}

/** "Not this performer" for a person of this scene or image (remembered by the sidecar); `undo` takes it back. */
export async function rejectMatch(settings: StashFaceSettings, kind: 'scene' | 'image', id: string, personId: string, performerId: string, undo = false): Promise<void> {
  await sidecarClient(settings.sidecarUrl).mutate({
    mutation: StashFaceRejectMatchDocument,
    variables: { input: { [kind === 'scene' ? 'scene_id' : 'image_id']: id, person_id: personId, performer_id: performerId }, undo },
  });
}

export type SceneProgress = StashFaceSceneProgressSubscription['identifySceneProgress'];

/**
 * A scene's progressive answer (identifySceneProgress) over server-sent events, as graphql-yoga serves
 * subscriptions: `onEvent` gets the sprite answer, then progress and partial persons, then the final answer.
 * Aborting `signal` closes the request, which stops the sidecar's work (ffmpeg) at once.
 */
export async function sceneProgress(settings: StashFaceSettings, input: IdentifyInput, onEvent: (event: SceneProgress) => void, signal: AbortSignal): Promise<void> {
  await withCspWatch(settings.sidecarUrl, async () => {
    const res = await fetch(`${settings.sidecarUrl}/graphql`, {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({
        query: sidecarDocuments,
        operationName: 'StashFaceSceneProgress',
        variables: { input: { max_results: settings.maxResults, min_confidence: settings.minConfidence, ...input } },
      }),
      signal,
    });
    if (!res.ok || !res.body) throw Object.assign(new Error(`The sidecar answered HTTP ${res.status}.`), { networkError: { statusCode: res.status } });
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (e) {
        if (signal.aborted) return;
        throw e;
      }
      if (chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^event: complete$/m.test(block)) return;
        const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
        if (!data) continue;
        const payload = JSON.parse(data) as { data?: StashFaceSceneProgressSubscription; errors?: Array<{ message: string; extensions?: { code?: string } }> };
        // Shaped like an Apollo error, so describeError words it as for a query.
        if (payload.errors?.length) throw Object.assign(new Error(payload.errors[0].message), { graphQLErrors: payload.errors });
        if (payload.data) onEvent(payload.data.identifySceneProgress);
      }
    }
  });
}

export async function health(settings: StashFaceSettings): Promise<Health> {
  const client = sidecarClient(settings.sidecarUrl);
  const { data } = await withCspWatch(settings.sidecarUrl, () => client.query({ query: StashFaceHealthDocument, fetchPolicy: 'no-cache' }));
  return data;
}

export type Status = StashFaceStatusQuery;
export type InstallProgress = StashFaceInstallProgressQuery['databaseInstall'];

/** What runs: sidecar version, providers, database and any install in progress (the status line). */
export async function status(settings: StashFaceSettings): Promise<Status> {
  const client = sidecarClient(settings.sidecarUrl);
  const { data } = await withCspWatch(settings.sidecarUrl, () => client.query({ query: StashFaceStatusDocument, fetchPolicy: 'no-cache' }));
  return data;
}

/** Install database / Update: the sidecar's installDatabase without a url (its DATABASE_UPDATE_URL's latest release). */
export async function installDatabase(settings: StashFaceSettings): Promise<void> {
  const client = sidecarClient(settings.sidecarUrl);
  await withCspWatch(settings.sidecarUrl, () => client.mutate({ mutation: StashFaceInstallDatabaseDocument, fetchPolicy: 'no-cache' }));
}

export async function installProgress(settings: StashFaceSettings): Promise<InstallProgress> {
  const client = sidecarClient(settings.sidecarUrl);
  const { data } = await client.query({ query: StashFaceInstallProgressDocument, fetchPolicy: 'no-cache' });
  return data.databaseInstall;
}
