import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

/**
 * A minimal POSIX ustar writer: regular files at the archive root, gzip-compressed. Entries are written in the
 * given order with a fixed mtime, mode 0644 and uid/gid 0, so the same files make the same archive.
 */
const BLOCK = 512;

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

/** Sizes of 8 GiB and more take GNU's base-256 form (every modern tar reads it). */
function writeSize(buf: Buffer, offset: number, size: number): void {
  if (size < 8 ** 11) return writeOctal(buf, offset, 12, size);
  let v = BigInt(size);
  for (let i = offset + 11; i > offset; i--) {
    buf[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  buf[offset] = 0x80;
}

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
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    if (pad) yield Buffer.alloc(pad);
  }
  yield Buffer.alloc(BLOCK * 2); // end of archive
}

/** Writes `files` (placed at the archive root under their base names) to a .tar.gz. */
export async function writeTarGz(out: string, files: readonly string[], mtime: Date): Promise<void> {
  await pipeline(Readable.from(tarStream(files, mtime.getTime() / 1000)), createGzip({ level: 9 }), createWriteStream(out));
}

/** Reads the entries of a plain (already gunzipped) ustar archive: for tests and self-checks. */
export function readTar(archive: Buffer): Array<{ name: string; data: Buffer }> {
  const out: Array<{ name: string; data: Buffer }> = [];
  for (let offset = 0; offset + BLOCK <= archive.length; ) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const size = header[124] & 0x80
      ? Number(header.subarray(125, 136).reduce((v, b) => (v << 8n) | BigInt(b), 0n))
      : parseInt(header.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8);
    out.push({ name, data: archive.subarray(offset + BLOCK, offset + BLOCK + size) });
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}
