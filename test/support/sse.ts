/**
 * A GraphQL subscription over server-sent events as graphql-yoga serves it (POST with Accept: text/event-stream):
 * each `next` event's payload is handed to `onEvent` as it arrives. `abort` closes the request (cancels the work).
 */
export async function subscribe<T = any>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  onEvent: (payload: { data?: T; errors?: Array<{ message: string; extensions?: { code?: string } }> }) => void,
  signal?: AbortSignal,
): Promise<void> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
    signal,
  });
  if (!res.ok || !res.body) throw new Error(`subscription answered HTTP ${res.status}: ${await res.text()}`);
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trimStart()).join('\n');
        if (event === 'complete') return;
        if (data) onEvent(JSON.parse(data));
      }
    }
  } catch (e) {
    if (signal?.aborted) return;
    throw e;
  }
}
