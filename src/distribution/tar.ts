import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import { Readable, pipeline } from 'node:stream';
import { pipeline as pipelineAsync } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { AppError } from '../errors.js';

/**
 * The one tar module. Reading: a small streaming reader for the database package (`stash-face-db-<version>.tar.gz`):
 * POSIX ustar with pax and GNU long-name extensions and GNU base-256 sizes, regular files and folders only. Every
 * path stays inside the destination: absolute names, `..`, links and devices are refused (a package never holds
 * them). Writing (below): ustar, files at the archive root, reproducible bytes.
 */
const BLOCK = 512;

export interface ExtractedFile {
  /** Path relative to the destination, with `/` separators. */
  name: string;
  size: number;
  sha256: string;
}

export interface ExtractOptions {
  /** Stop with an error past this many bytes of file content (a gzip bomb guard). Default 64 GiB. */
  maxBytes?: number;
  /** Called after each file, with the running total of content bytes. */
  onFile?: (file: ExtractedFile, totalBytes: number) => void;
}

function damaged(detail: string): AppError {
  return new AppError('DATABASE_INVALID', `The database package is damaged or not a stash-face package: ${detail}.`);
}

function cString(buf: Buffer, start: number, length: number): string {
  const field = buf.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function parseNumber(buf: Buffer, start: number, length: number, what: string): number {
  const field = buf.subarray(start, start + length);
  if (field[0] & 0x80) {
    // GNU base-256: big-endian, the top bit of the first byte marks it.
    let v = BigInt(field[0] & 0x7f);
    for (let i = 1; i < length; i++) v = (v << 8n) | BigInt(field[i]);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged(`${what} too large`);
    return Number(v);
  }
  const text = field.toString('ascii').replace(/\0.*$/s, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw damaged(`bad ${what} field "${text}"`);
  return parseInt(text, 8);
}

function checksumOk(header: Buffer): boolean {
  const stored = parseNumber(header, 148, 8, 'checksum');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum === stored;
}

/** Pax extended header records: "<len> <key>=<value>\n". */
function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space === -1) break;
    const len = parseInt(data.subarray(at, space).toString('ascii'), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = data.subarray(space + 1, at + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += len;
  }
  return out;
}

/** A name from the archive as a safe relative path, or an error. `./` prefixes are dropped. */
export function safeEntryPath(dest: string, rawName: string): { rel: string; abs: string } {
  const name = rawName.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (name === '' || name === '.') return { rel: '', abs: dest };
  const parts = name.split('/');
  if (isAbsolute(name) || /^[A-Za-z]:/.test(name) || parts.some((p) => p === '..' || p === '') || name.includes('\\') || name.includes('\0')) {
    throw damaged(`unsafe path "${rawName.slice(0, 200)}"`);
  }
  const abs = join(dest, ...parts);
  const rel = relative(dest, abs);
  if (rel.startsWith('..') || isAbsolute(rel)) throw damaged(`unsafe path "${rawName.slice(0, 200)}"`);
  return { rel: rel.split(sep).join('/'), abs };
}

/**
 * Unpacks a .tar.gz (a file path or a byte stream) into `dest`, which should be empty. Returns every file with its
 * size and sha256, computed while writing.
 */
export async function extractTarGz(source: string | Iterable<Buffer> | AsyncIterable<Buffer>, dest: string, options: ExtractOptions = {}): Promise<ExtractedFile[]> {
  const maxBytes = options.maxBytes ?? 64 * 1024 ** 3;
  const gunzip = createGunzip();
  // pipeline() carries a read error into the gunzip stream, where the loop below sees it.
  pipeline(typeof source === 'string' ? createReadStream(source) : Readable.from(source), gunzip, () => undefined);
  const chunks: AsyncIterable<Buffer> = gunzip;
  await mkdir(dest, { recursive: true });

  const files: ExtractedFile[] = [];
  let total = 0;
  let pending: Buffer = Buffer.alloc(0);
  // Entry state.
  let header: Buffer | undefined;
  let remaining = 0;
  let padding = 0;
  let sink: { kind: 'file'; handle: FileHandle; hash: ReturnType<typeof createHash>; name: string; size: number } | { kind: 'meta'; parts: Buffer[]; type: string } | { kind: 'skip' } | undefined;
  let paxPath: string | undefined;
  let paxSize: number | undefined;
  let longName: string | undefined;
  let ended = false;

  const finishEntry = async () => {
    if (!sink) return;
    if (sink.kind === 'file') {
      await sink.handle.close();
      const file = { name: sink.name, size: sink.size, sha256: sink.hash.digest('hex') };
      files.push(file);
      options.onFile?.(file, total);
    } else if (sink.kind === 'meta') {
      const data = Buffer.concat(sink.parts);
      if (sink.type === 'x') {
        const pax = parsePax(data);
        if (pax.path !== undefined) paxPath = pax.path;
        if (pax.size !== undefined) paxSize = Number(pax.size);
      } else if (sink.type === 'L') {
        longName = cString(data, 0, data.length);
      }
    }
    sink = undefined;
  };

  const startEntry = async (h: Buffer) => {
    if (!checksumOk(h)) throw damaged('a tar header checksum does not match');
    const type = String.fromCharCode(h[156] || 0x30);
    const prefix = h.subarray(257, 262).toString('ascii') === 'ustar' ? cString(h, 345, 155) : '';
    let name = cString(h, 0, 100);
    if (prefix) name = `${prefix}/${name}`;
    let size = parseNumber(h, 124, 12, 'size');
    if (type === 'x' || type === 'g' || type === 'L') {
      remaining = size;
      padding = (BLOCK - (size % BLOCK)) % BLOCK;
      if (size > 1024 * 1024) throw damaged('an extended header is too large');
      sink = type === 'g' ? { kind: 'skip' } : { kind: 'meta', parts: [], type };
      return;
    }
    if (type !== 'x' && type !== 'L') {
      if (paxPath !== undefined) name = paxPath;
      else if (longName !== undefined) name = longName;
      if (paxSize !== undefined) size = paxSize;
      paxPath = paxSize = longName = undefined;
    }
    remaining = size;
    padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (type === '5') {
      const { abs } = safeEntryPath(dest, name);
      await mkdir(abs, { recursive: true });
      sink = { kind: 'skip' };
      return;
    }
    if (type !== '0' && type !== '7') {
      const what = { '1': 'a hard link', '2': 'a symbolic link', '3': 'a device', '4': 'a device', '6': 'a FIFO' }[type] ?? `an entry of type "${type}"`;
      throw damaged(`"${name.slice(0, 200)}" is ${what}, which a database package never holds`);
    }
    const { rel, abs } = safeEntryPath(dest, name);
    if (rel === '') throw damaged('a file entry has an empty name');
    await mkdir(dirname(abs), { recursive: true });
    // 'wx': a package naming the same file twice is refused rather than silently overwritten.
    let handle: FileHandle;
    try {
      handle = await open(abs, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw damaged(`"${rel}" appears twice`);
      throw e;
    }
    sink = { kind: 'file', handle, hash: createHash('sha256'), name: rel, size };
  };

  try {
    for await (const chunk of chunks) {
      if (ended) continue; // trailing zero blocks and tar's record padding
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      let at = 0;
      while (!ended) {
        if (sink) {
          if (remaining > 0) {
            const take = Math.min(remaining, pending.length - at);
            if (take === 0) break;
            const piece = pending.subarray(at, at + take);
            if (sink.kind === 'file') {
              total += take;
              if (total > maxBytes) throw damaged(`it unpacks to more than ${maxBytes} bytes`);
              sink.hash.update(piece);
              await sink.handle.write(piece);
            } else if (sink.kind === 'meta') sink.parts.push(Buffer.from(piece));
            remaining -= take;
            at += take;
            if (remaining > 0) break;
          }
          if (padding > 0) {
            const skip = Math.min(padding, pending.length - at);
            padding -= skip;
            at += skip;
            if (padding > 0) break;
          }
          await finishEntry();
          continue;
        }
        if (pending.length - at < BLOCK) break;
        header = pending.subarray(at, at + BLOCK);
        at += BLOCK;
        if (header.every((b) => b === 0)) {
          ended = true;
          break;
        }
        await startEntry(header);
      }
      pending = pending.subarray(at);
    }
  } catch (e) {
    if (sink?.kind === 'file') await sink.handle.close().catch(() => undefined);
    if (e instanceof AppError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR') throw damaged(`gzip data error (${(e as Error).message})`);
    throw e;
  }
  if (sink || !ended) {
    if (sink?.kind === 'file') await sink.handle.close().catch(() => undefined);
    throw damaged('the archive ends in the middle of a file (truncated download?)');
  }
  return files;
}

// ---- Writing: the builder's packages, and tests' archives. ----

/**
 * A POSIX ustar header for a regular file at the archive root: fixed mode 0644, uid/gid 0 and the given mtime, so
 * the same files make the same archive. Sizes of 8 GiB and more take GNU's base-256 form (every modern tar reads it).
 */
export function ustarHeader(name: string, size: number, mtimeSeconds: number): Buffer {
  const header = Buffer.alloc(BLOCK);
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`tar: file name too long for ustar: ${name}`);
  nameBytes.copy(header, 0);
  writeOctal(header, 100, 8, 0o644);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeSize(header, 124, size);
  writeOctal(header, 136, 12, Math.floor(mtimeSeconds));
  header.fill(0x20, 148, 156); // the checksum field counts as spaces while summing
  header.write('0', 156, 'ascii'); // regular file
  header.write('ustar\0', 257, 'ascii');
  header.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return header;
}

function writeOctal(buf: Buffer, offset: number, length: number, value: number): void {
  buf.write(value.toString(8).padStart(length - 1, '0') + '\0', offset, length, 'ascii');
}

function writeSize(buf: Buffer, offset: number, size: number): void {
  if (size < 8 ** 11) return writeOctal(buf, offset, 12, size);
  let v = BigInt(size);
  for (let i = offset + 11; i > offset; i--) {
    buf[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  buf[offset] = 0x80;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

async function* tarStream(files: readonly string[], mtimeSeconds: number): AsyncGenerator<Buffer> {
  for (const path of files) {
    const { size } = await stat(path);
    yield ustarHeader(basename(path), size, mtimeSeconds);
    let written = 0;
    for await (const chunk of createReadStream(path)) {
      written += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    if (written !== size) throw new Error(`tar: ${path} changed while being archived`);
    if (padding(size)) yield Buffer.alloc(padding(size));
  }
  yield Buffer.alloc(BLOCK * 2); // end of archive
}

/** Writes `files` (placed at the archive root under their base names) to a .tar.gz, streaming. */
export async function writeTarGz(out: string, files: readonly string[], mtime: Date): Promise<void> {
  await pipelineAsync(Readable.from(tarStream(files, mtime.getTime() / 1000)), createGzip({ level: 9 }), createWriteStream(out));
}

/** Builds an uncompressed ustar archive in memory (tests, small packages). Names up to 100 bytes. */
export function createTar(entries: ReadonlyArray<{ name: string; data: Uint8Array; mtime?: Date }>): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    blocks.push(ustarHeader(e.name, e.data.length, (e.mtime ?? new Date(0)).getTime() / 1000), Buffer.from(e.data));
    if (padding(e.data.length)) blocks.push(Buffer.alloc(padding(e.data.length)));
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(blocks);
}
