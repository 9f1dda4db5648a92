import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The one sha256 helper: hex digest of bytes or text (package files, models, images, fingerprints). */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Hex sha256 of a file, streamed (packages and indexes may be large). */
export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
