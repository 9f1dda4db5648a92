import { renameSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';

/**
 * The one atomic file write: readers see the old content or the new, never a part (write a temporary file beside
 * it, then rename over it; a rename within one folder is atomic). The temporary name is unique per process and call,
 * so two writers of the same file never share one.
 */
let counter = 0;
const tmpName = (path: string) => `${path}.${process.pid}.${++counter}.tmp`;

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = tmpName(path);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** The same, for the builder's journal and caches, which write synchronously between awaits. */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const tmp = tmpName(path);
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
