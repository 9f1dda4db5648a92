import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../src/util/atomic-write.js';

/**
 * An append-only JSON-lines file. Each append is one synchronous write, so a killed process (SIGKILL included)
 * leaves every completed record behind; a torn last line is skipped on reading.
 */
export class Journal<T> {
  constructor(readonly path: string) {}

  append(record: T): void {
    appendFileSync(this.path, JSON.stringify(record) + '\n');
  }

  appendMany(records: readonly T[]): void {
    if (records.length) appendFileSync(this.path, records.map((r) => JSON.stringify(r) + '\n').join(''));
  }

  /** Every complete record, oldest first. */
  read(): T[] {
    if (!existsSync(this.path)) return [];
    const out: T[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line) continue;
      try {
        out.push(JSON.parse(line) as T);
      } catch {
        // A line cut short by a kill: everything before it is intact.
      }
    }
    return out;
  }

  /** Replaces the whole journal with these records (write + rename). */
  rewrite(records: readonly T[]): void {
    writeFileAtomicSync(this.path, records.map((r) => JSON.stringify(r) + '\n').join(''));
  }
}
