import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedFetch, type FetchPolicy } from '../src/stash/guarded-fetch.js';

/** Two real local servers: one plays Stash, one another allowed image host; both record what they receive. */
describe('guardedFetch', () => {
  const seen: Array<{ server: string; url: string; headers: IncomingHttpHeaders }> = [];
  let stash: Server, other: Server;
  let stashUrl = '', otherUrl = '';

  const serve = (name: string) =>
    createServer((req, res) => {
      seen.push({ server: name, url: req.url!, headers: req.headers });
      if (req.url === '/to-other') return res.writeHead(302, { Location: `${otherUrl}/img` }).end();
      if (req.url === '/to-stash') return res.writeHead(301, { Location: `${stashUrl}/img` }).end();
      if (req.url === '/loop') return res.writeHead(302, { Location: '/loop' }).end();
      if (req.url === '/big') return res.writeHead(200).end(Buffer.alloc(5000));
      if (req.url === '/slow') return setTimeout(() => res.writeHead(200).end('late'), 2000);
      res.writeHead(200).end(`${name}-bytes`);
    });

  beforeAll(async () => {
    stash = serve('stash');
    other = serve('other');
    await new Promise<void>((r) => stash.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    stashUrl = `http://127.0.0.1:${(stash.address() as { port: number }).port}`;
    otherUrl = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
  });
  afterAll(() => {
    stash.close();
    other.close();
  });

  const policy = (over: Partial<FetchPolicy> = {}): FetchPolicy => ({
    stashUrl,
    stashApiKey: 'k3y',
    allowedOrigins: [otherUrl],
    maxBytes: 1000,
    timeoutMs: 1000,
    ...over,
  });

  it('sends the API key to Stash only, including across redirects', async () => {
    expect(String(await guardedFetch(`${stashUrl}/img`, policy()))).toBe('stash-bytes');
    expect(seen.at(-1)!.headers.apikey).toBe('k3y');
    expect(String(await guardedFetch(`${otherUrl}/img`, policy()))).toBe('other-bytes');
    expect(seen.at(-1)!.headers.apikey).toBeUndefined();
    expect(String(await guardedFetch(`${stashUrl}/to-other`, policy()))).toBe('other-bytes');
    expect(seen.at(-1)!.headers.apikey).toBeUndefined();
    expect(String(await guardedFetch(`${otherUrl}/to-stash`, policy()))).toBe('stash-bytes');
    expect(seen.at(-1)!.headers.apikey).toBe('k3y');
    await guardedFetch(`${stashUrl}/img`, policy({ stashApiKey: undefined }));
    expect(seen.at(-1)!.headers.apikey).toBeUndefined();
  });

  it('refuses origins that are not allowed, also behind a redirect', async () => {
    await expect(guardedFetch(`${otherUrl}/img`, policy({ allowedOrigins: [] }))).rejects.toMatchObject({ code: 'FORBIDDEN_ORIGIN' });
    await expect(guardedFetch(`${stashUrl}/to-other`, policy({ allowedOrigins: [] }))).rejects.toMatchObject({ code: 'FORBIDDEN_ORIGIN' });
    await expect(guardedFetch('file:///etc/passwd', policy())).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('enforces redirect, size and time limits', async () => {
    await expect(guardedFetch(`${stashUrl}/loop`, policy())).rejects.toMatchObject({ code: 'FETCH_FAILED', message: expect.stringMatching(/redirects/) });
    await expect(guardedFetch(`${stashUrl}/big`, policy())).rejects.toMatchObject({ code: 'IMAGE_TOO_LARGE' });
    await expect(guardedFetch(`${stashUrl}/slow`, policy({ timeoutMs: 200 }))).rejects.toMatchObject({ code: 'FETCH_FAILED', message: expect.stringMatching(/longer than 200 ms|timed out/) });
  });
});
