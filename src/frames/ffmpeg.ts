import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import { AppError, errorMessage } from '../errors.js';
import { decodeImage, type RgbImage } from '../vision/decode.js';

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
  /** HTTP headers for the stream request (the Stash API key). */
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Frames are scaled down so the long side is at most this (4K frames cost memory, not accuracy). */
  maxSide?: number;
  /**
   * true: the frame at `seconds` (decodes from the keyframe before it: up to a whole GOP, often 2-10 s of video).
   * false: the keyframe at or before `seconds` (one frame decoded; fast whatever the GOP).
   */
  accurate?: boolean;
}

export interface ExtractedFrame {
  image: RgbImage;
  /** Where in the stream the frame really is, in seconds (a keyframe seek lands before the time asked for). */
  time: number;
}

const DEFAULT_MAX_SIDE = 1920;

/**
 * One full-resolution frame near `seconds` from an http(s) stream: ffmpeg seeks on the input (HTTP range requests),
 * writes one JPEG to a pipe, and `showinfo` says the frame's real time. Resolves undefined when the stream has no
 * frame there (past the end); FFMPEG_FAILED when ffmpeg cannot read the stream.
 */
export async function extractFrame(ffmpeg: string, url: string, seconds: number, options: ExtractOptions): Promise<ExtractedFrame | undefined> {
  const maxSide = options.maxSide ?? DEFAULT_MAX_SIDE;
  const headerArgs = options.headers && Object.keys(options.headers).length
    ? ['-headers', Object.entries(options.headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')]
    : [];
  const args = [
    '-hide_banner', '-nostdin',
    // Info level for showinfo's frame times; each line tagged with its level so errors can be told apart.
    '-loglevel', 'level+info',
    // Only network input: a scene's stream URL must never make ffmpeg read local files.
    '-protocol_whitelist', 'http,https,tcp,tls',
    '-rw_timeout', String(Math.round(options.timeoutMs * 1000)),
    ...headerArgs,
    ...(options.accurate === false ? ['-noaccurate_seek'] : []),
    // One decoder thread: a few frames per process, and several processes at once (measured: -20% CPU).
    '-threads', '1',
    '-ss', seconds.toFixed(3),
    '-i', url,
    '-map', '0:v:0', '-frames:v', '1', '-an', '-sn', '-dn', '-vsync', 'passthrough',
    '-vf', `scale=w='if(gte(iw,ih),min(iw,${maxSide}),-2)':h='if(gte(iw,ih),-2,min(ih,${maxSide}))',showinfo`,
    // A near-lossless JPEG (q2; the video's own chroma subsampling): 25x fewer bytes through the pipe than raw
    // pixels, and sharp decodes it off the main thread, which also runs the models (measured: -1 s per 40 frames).
    '-f', 'image2pipe', '-c:v', 'mjpeg', '-q:v', '2', 'pipe:1',
  ];
  const maxBytes = maxSide * maxSide * 3 + 64;
  const { stdout, stderr, code, timedOut } = await runProcess(ffmpeg, args, options.timeoutMs, maxBytes);
  const where = safeUrl(url);
  const log = stderr.toString('utf8');
  if (timedOut) throw new AppError('FFMPEG_FAILED', `ffmpeg took longer than ${options.timeoutMs} ms to read a frame at ${seconds.toFixed(1)} s from ${where}.`);
  if (code !== 0) {
    throw new AppError('FFMPEG_FAILED', `ffmpeg could not read the scene's stream ${where} at ${seconds.toFixed(1)} s: ${lastError(log) || `exit ${code}`}.`);
  }
  if (stdout.length === 0) return undefined;
  // Timestamps after an input seek are relative to the seek point (negative for a keyframe before it).
  const pts = log.match(/\bn:\s*0\s+pts:\s*-?\d+\s+pts_time:(-?[\d.]+)/);
  const time = pts ? Math.max(0, seconds + Number(pts[1])) : seconds;
  return { image: await decodeImage(stdout), time };
}

interface ProcessResult {
  stdout: Buffer;
  stderr: Buffer;
  code: number | null;
  timedOut: boolean;
}

function runProcess(command: string, args: string[], timeoutMs: number, maxStdout: number): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      reject(e);
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0, errBytes = 0, timedOut = false, overflow = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > maxStdout) {
        overflow = true;
        child.kill('SIGKILL');
        return;
      }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      // Keep the last few kB: the reason for a failure is at the end.
      err.push(chunk);
      errBytes += chunk.length;
      while (errBytes > 65_536 && err.length > 1) errBytes -= err.shift()!.length;
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (overflow) {
        reject(new AppError('FFMPEG_FAILED', `ffmpeg wrote more than ${maxStdout} bytes for one frame.`));
        return;
      }
      resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), code, timedOut });
    });
  });
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
