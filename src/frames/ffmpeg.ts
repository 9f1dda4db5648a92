import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { AppError, errorMessage } from '../errors.js';
import type { RgbImage } from '../vision/decode.js';

/** Which ffmpeg the sidecar runs, and why not when none works (`health.ffmpeg`). */
export interface FfmpegStatus {
  path: string | null;
  version: string | null;
  error: string | null;
  /** Where it was found: FFMPEG_PATH, the PATH, or the @ffmpeg-installer npm package. */
  source: 'FFMPEG_PATH' | 'PATH' | 'npm' | null;
}

const PROBE_TIMEOUT_MS = 10_000;

/**
 * Finds ffmpeg once per process: FFMPEG_PATH when set (and then only it: a configured binary that fails is
 * reported, not silently replaced), else an `ffmpeg` on the PATH (e.g. Debian's), else the static build from
 * `@ffmpeg-installer/ffmpeg`. Each candidate must answer `-version`.
 */
export class FfmpegLocator {
  private found?: Promise<FfmpegStatus>;

  constructor(private readonly configuredPath?: string) {}

  status(): Promise<FfmpegStatus> {
    this.found ??= locate(this.configuredPath);
    return this.found;
  }

  /** The binary to run, or FFMPEG_FAILED saying why there is none. */
  async require(): Promise<string> {
    const s = await this.status();
    if (!s.path) throw new AppError('FFMPEG_FAILED', `ffmpeg is not available: ${s.error ?? 'not found'}. Use frames_mode SPRITE, or install ffmpeg / set FFMPEG_PATH.`);
    return s.path;
  }
}

const locators = new Map<string, FfmpegLocator>();

/** The process-wide locator for a configured path (health and identify share one probe). */
export function ffmpegLocator(configuredPath?: string): FfmpegLocator {
  const key = configuredPath ?? '';
  let locator = locators.get(key);
  if (!locator) locators.set(key, (locator = new FfmpegLocator(configuredPath)));
  return locator;
}

async function locate(configured?: string): Promise<FfmpegStatus> {
  if (configured) {
    try {
      return { path: configured, version: await ffmpegVersion(configured), error: null, source: 'FFMPEG_PATH' };
    } catch (e) {
      return { path: null, version: null, error: `FFMPEG_PATH=${configured} does not run: ${errorMessage(e)}`, source: null };
    }
  }
  const problems: string[] = [];
  const candidates: Array<[string, FfmpegStatus['source']]> = [];
  const onPath = findOnPath('ffmpeg');
  if (onPath) candidates.push([onPath, 'PATH']);
  const npm = npmFfmpeg();
  if (npm) candidates.push([npm, 'npm']);
  for (const [path, source] of candidates) {
    try {
      return { path, version: await ffmpegVersion(path), error: null, source };
    } catch (e) {
      problems.push(`${path}: ${errorMessage(e)}`);
    }
  }
  return {
    path: null,
    version: null,
    error: problems.length ? `no working ffmpeg (${problems.join('; ')})` : 'no ffmpeg on the PATH and @ffmpeg-installer/ffmpeg is not installed',
    source: null,
  };
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function npmFfmpeg(): string | undefined {
  try {
    const path = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path?: string }).path;
    return path || undefined;
  } catch {
    return undefined;
  }
}

/** `ffmpeg -version`'s version word, e.g. "4.4.2-0+deb11u1" or "N-47683-g0e8eb07980-static". */
export async function ffmpegVersion(path: string): Promise<string> {
  const { stdout, code, stderr } = await runProcess(path, ['-hide_banner', '-version'], PROBE_TIMEOUT_MS, 1 << 20);
  const text = stdout.toString('utf8');
  const m = text.match(/ffmpeg version (\S+)/);
  if (code !== 0 || !m) throw new Error(`-version failed (exit ${code}): ${lastLine(stderr.toString('utf8') || text)}`);
  return m[1];
}

export interface ExtractOptions {
  timeoutMs: number;
  /** Frames are scaled down so the long side is at most this (4K frames cost memory, not accuracy). */
  maxSide?: number;
  /**
   * true: the frame at `seconds` (decodes from the keyframe before it: up to a whole GOP, often 2-10 s of video).
   * false: the keyframe at or before `seconds` (one frame decoded; fast whatever the GOP).
   */
  accurate?: boolean;
  /** Stops ffmpeg at once (the caller went away, or cancelled). */
  signal?: AbortSignal;
}

export interface ExtractedFrame {
  image: RgbImage;
  /** Where in the stream the frame really is, in seconds (a keyframe seek lands before the time asked for). */
  time: number;
}

const DEFAULT_MAX_SIDE = 1920;

/**
 * The arguments every extraction shares. The URL is always the loopback stream relay (stream-relay.ts): no API key,
 * no other host, so only plain HTTP over TCP is allowed (no local files, no other protocols).
 */
function inputArgs(url: string, seconds: number, timeoutMs: number, accurate: boolean, referencedOnly = false): string[] {
  return [
    '-hide_banner', '-nostdin',
    // Info level for showinfo's frame times; each line tagged with its level so errors can be told apart.
    '-loglevel', 'level+info',
    '-protocol_whitelist', 'http,tcp',
    '-rw_timeout', String(Math.round(timeoutMs * 1000)),
    ...(accurate ? [] : ['-noaccurate_seek']),
    // One decoder thread: a few frames per process, and several processes at once (measured: -20% CPU).
    '-threads', '1',
    ...(referencedOnly ? REFERENCED_ONLY : []),
    '-ss', seconds.toFixed(3),
    '-i', url,
    '-map', '0:v:0', '-an', '-sn', '-dn',
  ];
}

/**
 * Decode only the frames other frames refer to (skip_frame noref): a non-reference frame is never needed to decode
 * another, so the ones kept are exact, and a span's steps (seconds apart) land on the next decoded frame, a few
 * hundredths of a second later at most. Measured on the 81 s 1080p H.264 MP4 (x264, B-frames): a 37 s span 3.3 ->
 * 2.3 ffmpeg CPU-seconds. Skipping the deblocking filter or every B-frame saved more but degrades or corrupts frames.
 */
const REFERENCED_ONLY = ['-skip_frame', 'noref'];

/**
 * The frame's time, logged by showinfo (stderr). It goes before the scale, which also converts to the PPM's RGB:
 * showinfo checksums every frame it sees, and the decoder's YUV 4:2:0 is half the bytes of RGB (a 4K frame's YUV is
 * more than its scaled RGB, but decoding it costs far more than that). Measured on a 20-frame span of the 1080p
 * MP4: ffmpeg 1.62-1.74 -> 1.55 CPU-seconds (medians of 5), the same times.
 */
const SHOW_INFO = 'showinfo';

function scaleFilter(maxSide: number): string {
  return `scale=w='if(gte(iw,ih),min(iw,${maxSide}),-2)':h='if(gte(iw,ih),-2,min(ih,${maxSide}))'`;
}

/**
 * One full-resolution frame near `seconds` from an http stream: ffmpeg seeks on the input (HTTP range requests),
 * writes one PPM (raw pixels with their size: nothing to encode or decode) to a pipe, and `showinfo` says the
 * frame's real time. Resolves undefined when the stream has no frame there (past the end); FFMPEG_FAILED when
 * ffmpeg cannot read the stream.
 */
export async function extractFrame(ffmpeg: string, url: string, seconds: number, options: ExtractOptions): Promise<ExtractedFrame | undefined> {
  const frames = await runExtraction(ffmpeg, url, seconds, options, ['-frames:v', '1', '-vf', `${SHOW_INFO},${scaleFilter(options.maxSide ?? DEFAULT_MAX_SIDE)}`]);
  return frames[0];
}

export interface SpanOptions extends Omit<ExtractOptions, 'accurate'> {
  /**
   * Called with each frame as soon as ffmpeg has written it, one at a time. The pixels are lent: once the returned
   * promise fulfils their buffer holds a later frame, so whatever must outlive the call is copied (a face crop).
   */
  onFrame(frame: ExtractedFrame): Promise<void> | void;
}

/**
 * Frames at `start`, `start + step`, ... (`count` of them) from ONE ffmpeg process decoding the stream straight
 * through from the keyframe before `start`: one process start, one probe (the MP4 index, which most files keep at
 * their end, is read once), one seek. For frames closer together than the keyframes this decodes fewer frames than
 * a seek per frame does (each of which decodes from its keyframe). A `select` filter keeps the first frame at or
 * after each step, so no frame is encoded that is not wanted. Returns how many frames were delivered.
 */
export async function extractSpan(ffmpeg: string, url: string, span: { start: number; step: number; count: number }, options: SpanOptions): Promise<number> {
  const { start, step, count } = span;
  const duration = step * (count - 1) + Math.max(0.5, step / 2);
  // ld(0) is the next wanted time (relative to `start`: input seeking makes timestamps start there). A frame at or
  // past it is kept and moves it to the first step after the frame (a gap in the stream skips the steps it covers).
  const select = `select='if(gte(t,ld(0)),st(0,${step.toFixed(6)}*(floor(t/${step.toFixed(6)}+1e-6)+1)),0)'`;
  const frames = await runExtraction(ffmpeg, url, start, { ...options, accurate: true, referencedOnly: true }, [
    '-t', duration.toFixed(3),
    '-vf', `${select},${SHOW_INFO},${scaleFilter(options.maxSide ?? DEFAULT_MAX_SIDE)}`,
  ], options.onFrame, count, new FramePool());
  return frames.length;
}

/**
 * Runs one extraction, parsing PPM frames from stdout and their times from showinfo on stderr as they come, and
 * hands each (frame, time) pair to `onFrame` in order. With a `pool`, each frame's buffer goes back to it once
 * `onFrame` has fulfilled (not when it fails: the consumer may still be reading it), for the next frames.
 */
async function runExtraction(
  ffmpeg: string,
  url: string,
  seconds: number,
  options: ExtractOptions & { referencedOnly?: boolean },
  outputArgs: string[],
  onFrame?: (frame: ExtractedFrame) => Promise<void> | void,
  maxFrames = 1,
  pool?: FramePool,
): Promise<ExtractedFrame[]> {
  const maxSide = options.maxSide ?? DEFAULT_MAX_SIDE;
  const args = [
    ...inputArgs(url, seconds, options.timeoutMs, options.accurate !== false, options.referencedOnly),
    ...outputArgs,
    '-vsync', 'passthrough', '-f', 'image2pipe', '-c:v', 'ppm', 'pipe:1',
  ];
  const images = new PpmSplitter(pool);
  const times: number[] = [];
  const delivered: ExtractedFrame[] = [];
  // Frames are handed over one at a time, in order, whichever of the picture and its log line came last.
  let chain: Promise<void> = Promise.resolve();
  let consumerError: unknown;
  const pending: RgbImage[] = [];
  const deliver = () => {
    while (pending.length && times.length > delivered.length) {
      const frame = { image: pending.shift()!, time: Math.max(0, seconds + times[delivered.length]) };
      delivered.push(frame);
      if (onFrame) {
        chain = chain
          .then(() => onFrame(frame))
          .then(() => pool?.give(frame.image.data))
          .catch((e) => void (consumerError ??= e));
      }
    }
  };
  const { code, timedOut, stderr } = await runProcess(ffmpeg, args, {
    // A span of many frames may take long on a busy machine: the limit is on the wait for the next frame.
    timeoutMs: options.timeoutMs,
    resetOnOutput: true,
    maxStdout: maxFrames * (maxSide * maxSide * 3 + 64),
    signal: options.signal,
    onStdout: (chunk) => {
      pending.push(...images.push(chunk));
      deliver();
    },
    onStderrLine: (line) => {
      // Timestamps after an input seek are relative to the seek point (negative for a keyframe before it).
      const m = line.match(/\bn:\s*\d+\s+pts:\s*-?\d+\s+pts_time:(-?[\d.]+)/);
      if (m) {
        times.push(Number(m[1]));
        deliver();
      }
    },
  });
  await chain;
  if (consumerError) throw consumerError;
  const where = 'the stream';
  const log = stderr.toString('utf8');
  if (timedOut) throw new AppError('FFMPEG_FAILED', `ffmpeg waited longer than ${options.timeoutMs} ms for a frame after ${seconds.toFixed(1)} s from ${where}.`);
  if (code !== 0) throw new AppError('FFMPEG_FAILED', `ffmpeg could not read the scene's stream at ${seconds.toFixed(1)} s: ${lastError(log) || `exit ${code}`}.`);
  return delivered;
}

/**
 * Frame buffers for one extraction, handed back once their frame has been looked at: a span's 1080p frames are
 * 6 MB each, and a fresh buffer per frame costs its page faults again every time (measured on the 40-frame scene:
 * ~70k page faults, ~20k with reuse). Buffers of another size than the one asked for are dropped.
 */
export class FramePool {
  private readonly free: Buffer[] = [];

  constructor(private readonly keep = 4) {}

  /** A buffer of `size` bytes, its contents unspecified (the splitter overwrites all of them). */
  take(size: number): Buffer {
    const i = this.free.findIndex((b) => b.length === size);
    return i >= 0 ? this.free.splice(i, 1)[0] : Buffer.allocUnsafeSlow(size);
  }

  /** A buffer nobody refers to any more. */
  give(buffer: Buffer): void {
    if (this.free.length < this.keep) this.free.push(buffer);
  }
}

const PPM_HEADER = /^P6\s+(\d+)\s+(\d+)\s+255\s/;
/** Longer than any header ffmpeg writes ("P6\n<w> <h>\n255\n"): without one by then, it is not a PPM stream. */
const PPM_HEADER_MAX = 40;

/**
 * Splits ffmpeg's `-c:v ppm` image2pipe output ("P6\n<w> <h>\n255\n" + w*h*3 bytes, repeated) into images. Pixels
 * are copied once, from each chunk straight into their frame's buffer (from `pool` when given, else a new one).
 */
export class PpmSplitter {
  // The header being read (a few bytes, possibly over several chunks), then the frame being filled.
  private header = Buffer.alloc(0);
  private frame?: Buffer;
  private filled = 0;
  private width = 0;
  private height = 0;

  constructor(private readonly pool?: FramePool) {}

  push(chunk: Buffer): RgbImage[] {
    const out: RgbImage[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (!this.frame) {
        // Enough of the chunk for any header, joined to what came before it (only ever a few bytes).
        const take = Math.min(chunk.length - at, PPM_HEADER_MAX);
        const head = this.header.length ? Buffer.concat([this.header, chunk.subarray(at, at + take)]) : chunk.subarray(at, at + take);
        const m = PPM_HEADER.exec(head.toString('latin1'));
        if (!m) {
          if (head.length >= PPM_HEADER_MAX) throw new AppError('FFMPEG_FAILED', 'ffmpeg wrote something that is not a PPM frame.');
          this.header = Buffer.from(head);
          return out;
        }
        at += m[0].length - this.header.length;
        this.header = Buffer.alloc(0);
        this.width = Number(m[1]);
        this.height = Number(m[2]);
        const size = this.width * this.height * 3;
        this.frame = this.pool ? this.pool.take(size) : Buffer.allocUnsafe(size);
        this.filled = 0;
      }
      const n = Math.min(chunk.length - at, this.frame.length - this.filled);
      chunk.copy(this.frame, this.filled, at, at + n);
      this.filled += n;
      at += n;
      if (this.filled === this.frame.length) {
        out.push({ data: this.frame, width: this.width, height: this.height });
        this.frame = undefined;
      }
    }
    return out;
  }
}

interface ProcessResult {
  stdout: Buffer;
  stderr: Buffer;
  code: number | null;
  timedOut: boolean;
}

interface RunOptions {
  /** Killed after this long; with `resetOnOutput`, after this long without a byte on stdout. */
  timeoutMs: number;
  resetOnOutput?: boolean;
  maxStdout: number;
  /** Kills the process at once (SIGKILL) when aborted; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Streamed output: stdout chunks are handed over instead of collected. */
  onStdout?(chunk: Buffer): void;
  /** Each complete stderr line, as it comes. */
  onStderrLine?(line: string): void;
}

function runProcess(command: string, args: string[], timeoutMs: number, maxStdout: number): Promise<ProcessResult>;
function runProcess(command: string, args: string[], options: RunOptions): Promise<ProcessResult>;
function runProcess(command: string, args: string[], a: number | RunOptions, b?: number): Promise<ProcessResult> {
  const options: RunOptions = typeof a === 'number' ? { timeoutMs: a, maxStdout: b! } : a;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(abortReason(options.signal));
      return;
    }
    let child;
    try {
      child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      reject(e);
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0, errBytes = 0, timedOut = false, overflow = false, aborted = false, partialLine = '';
    const expire = () => {
      timedOut = true;
      child.kill('SIGKILL');
    };
    let timer = setTimeout(expire, options.timeoutMs);
    const onAbort = () => {
      aborted = true;
      child.kill('SIGKILL');
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > options.maxStdout) {
        overflow = true;
        child.kill('SIGKILL');
        return;
      }
      if (options.resetOnOutput) {
        clearTimeout(timer);
        timer = setTimeout(expire, options.timeoutMs);
      }
      if (options.onStdout) options.onStdout(chunk);
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // Keep the last few kB: the reason for a failure is at the end.
      err.push(chunk);
      errBytes += chunk.length;
      while (errBytes > 65_536 && err.length > 1) errBytes -= err.shift()!.length;
      if (options.onStderrLine) {
        const lines = (partialLine + chunk.toString('utf8')).split('\n');
        partialLine = lines.pop()!;
        for (const line of lines) options.onStderrLine(line);
      }
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (partialLine && options.onStderrLine) options.onStderrLine(partialLine);
      if (aborted) {
        reject(abortReason(options.signal!));
        return;
      }
      if (overflow) {
        reject(new AppError('FFMPEG_FAILED', `ffmpeg wrote more than ${options.maxStdout} bytes.`));
        return;
      }
      resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), code, timedOut });
    });
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new Error('aborted');
}

function lastLine(text: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return redact(lines.at(-1) ?? '');
}

/** The last error ffmpeg logged (lines tagged [error] or [fatal] by `-loglevel level+...`). */
function lastError(text: string): string {
  const lines = text.split('\n').filter((l) => /\[(error|fatal|panic)\]/.test(l));
  return redact((lines.at(-1) ?? lastLine(text)).replace(/^.*\[(error|fatal|panic)\]\s*/, ''));
}

function redact(line: string): string {
  return line.trim().replace(/(apikey=)[^&\s]+/gi, '$1***').slice(0, 300);
}

/** A URL for messages and logs: no query (Stash puts the API key there). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
