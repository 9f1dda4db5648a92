import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import type { RgbImage } from '../../src/vision/decode.js';
import type { VisionEngine } from '../../src/vision/engine.js';
import type { Box } from '../../src/vision/geometry.js';
import { launchStandIn } from '../fakes/stand-in-stash.js';
import { demoPerformerId, demoUuid } from './demo-db.js';
import { analyseLabelled } from './evaluation.js';
import { openSetSplit } from './fixtures.js';

/**
 * Synthetic Stash scenes built from ../shared/faces: 1-3 enrolled people plus one stranger, pasted (probe photos,
 * never enrolment photos) into 81 frames of 1920x1080 at the sizes faces have in real scenes, then
 *  - a 9x9 sprite sheet of 160x90 tiles (JPEG q75) with a WebVTT, as Stash generates them, and
 *  - a 1 fps VP8 WebM of the same 81 frames at 1080p (the "stream"),
 * laid out as the stand-in Stash's --media-dir expects. Deterministic (seeded); cached under .cache/ by version.
 */
export const SCENE_SET_VERSION = 'scenes-v1';
export const SCENE_CACHE_DIR = resolve(process.env.SCENE_CACHE_DIR ?? join(process.cwd(), '.cache', 'scenes', SCENE_SET_VERSION));

export const FRAME_WIDTH = 1920;
export const FRAME_HEIGHT = 1080;
export const TILE_WIDTH = 160;
export const TILE_HEIGHT = 90;
export const GRID = 9;
export const FRAME_COUNT = GRID * GRID;
/** One frame per second: the scene lasts 81 s, each sprite cue one second. */
export const SCENE_DURATION = FRAME_COUNT;
const SPRITE_QUALITY = 75;
const SCALE = FRAME_WIDTH / TILE_WIDTH;

export interface TruthFace {
  identity: string;
  stranger: boolean;
  /** Face box in 1920x1080 frame pixels. */
  box: Box;
}

export interface SceneTruth {
  id: number;
  title: string;
  /** Enrolled identities that appear. */
  enrolled: string[];
  stranger: string;
  /** Enrolled identities already tagged on the scene in the stand-in library. */
  tagged: string[];
  /** Faces per frame (81). */
  frames: TruthFace[][];
  duration: number;
}

export interface SceneSet {
  dir: string;
  libraryPath: string;
  scenes: SceneTruth[];
  /** Stand-in performer id per enrolled identity. */
  performerIds: Record<string, number>;
}

export interface SceneSetOptions {
  /** Scenes 1..count (the first scenes are the same whatever the count). */
  count?: number;
  /** Also encode the WebM streams (slow the first time; cached). */
  video?: boolean;
  /** Also encode 25 fps H.264 MP4s (index at the end, 10 s keyframe interval; slow the first time; cached). */
  mp4?: boolean;
  dir?: string;
  /** Who the scenes show (default: the open-set split of ../shared/faces/people); another cast needs its own `dir`. */
  split?: ReturnType<typeof openSetSplit>;
}

/** Builds (or reuses) scenes 1..count and writes the stand-in library JSON next to them. */
export async function buildSceneSet(engine: VisionEngine, options: SceneSetOptions = {}): Promise<SceneSet> {
  const count = options.count ?? 12;
  const dir = options.dir ?? SCENE_CACHE_DIR;
  await mkdir(dir, { recursive: true });
  const split = options.split ?? openSetSplit();
  const enrolled = split.enrolled.map((p) => p.identity);
  const performerIds = Object.fromEntries(enrolled.map((identity, i) => [identity, i + 1]));
  const photos = new PhotoCache(engine);
  const scenes: SceneTruth[] = [];
  for (let id = 1; id <= count; id++) {
    const truthPath = join(dir, `scene-${id}.json`);
    let truth: SceneTruth;
    let framesOut: RgbImage[] | undefined;
    if (existsSync(truthPath) && existsSync(join(dir, `scene-${id}_sprite.jpg`))) {
      truth = JSON.parse(await readFile(truthPath, 'utf8')) as SceneTruth;
    } else {
      const made = await renderScene(id, split, photos);
      truth = made.truth;
      framesOut = made.frames;
      await writeSprite(dir, id, made.frames);
      await sharp(made.frames[40].data, { raw: { width: FRAME_WIDTH, height: FRAME_HEIGHT, channels: 3 } })
        .jpeg({ quality: 85 })
        .toFile(join(dir, `scene-${id}.jpg`));
      await writeFile(truthPath, JSON.stringify(truth));
    }
    if (options.video && !existsSync(join(dir, `scene-${id}.webm`))) {
      framesOut ??= (await renderScene(id, split, photos)).frames;
      await writeVideo(dir, id, framesOut);
    }
    if (options.mp4 && !existsSync(join(dir, `scene-${id}.mp4`))) {
      framesOut ??= (await renderScene(id, split, photos)).frames;
      await writeMp4(dir, id, framesOut);
    }
    scenes.push(truth);
  }
  const library = {
    performers: [
      ...enrolled.map((identity) => ({ id: performerIds[identity], name: identity, stash_id: demoUuid(identity) })),
      { id: 100, name: 'Local only', stash_id: null },
    ],
    scenes: scenes.map((s) => ({
      id: s.id,
      title: s.title,
      performers: s.tagged.map((identity) => performerIds[identity]),
      duration: s.duration,
      width: FRAME_WIDTH,
      height: FRAME_HEIGHT,
    })),
  };
  const libraryPath = join(dir, `library-${count}.json`);
  await writeFile(libraryPath, JSON.stringify(library, null, 1));
  return { dir, libraryPath, scenes, performerIds };
}

/** Which identities scene `id` shows: 1, 2 or 3 enrolled people (rotating through all 20) and one stranger. */
export function sceneCast(id: number, split = openSetSplit()): { enrolled: string[]; stranger: string } {
  const names = split.enrolled.map((p) => p.identity);
  const k = 1 + ((id - 1) % 3);
  let start = 0;
  for (let i = 1; i < id; i++) start += 1 + ((i - 1) % 3);
  const enrolled = Array.from({ length: k }, (_, j) => names[(start + j) % names.length]);
  return { enrolled, stranger: split.strangers[(id - 1) % split.strangers.length].identity };
}

// ---------------------------------------------------------------------------------------------------------------

interface Photo {
  image: RgbImage;
  face: Box;
}

/** Probe photos with their central face box, detected once. */
class PhotoCache {
  private readonly photos = new Map<string, Photo>();
  constructor(private readonly engine: VisionEngine) {}

  async get(file: string): Promise<Photo | undefined> {
    if (!this.photos.has(file)) {
      const { faces } = await analyseLabelled(this.engine, [{ identity: '', file }], 1);
      if (faces[0]) this.photos.set(file, { image: faces[0].image, face: faces[0].face.box });
    }
    return this.photos.get(file);
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Placement {
  identity: string;
  stranger: boolean;
  photo: string;
  /** Face width in tile pixels (x12 in the frame). */
  tileWidth: number;
  cx: number;
  cy: number;
}

interface Segment {
  start: number;
  length: number;
  background: number;
  people: Placement[];
}

function planScene(id: number, cast: { enrolled: string[]; stranger: string }, probes: Map<string, string[]>): Segment[] {
  const rng = mulberry32(0x5ce7e + id * 7919);
  const members = [...cast.enrolled.map((identity) => ({ identity, stranger: false })), { identity: cast.stranger, stranger: true }];
  const photoTurn = new Map<string, number>();
  for (let attempt = 0; attempt < 200; attempt++) {
    const segments: Segment[] = [];
    for (let t = 0; t < FRAME_COUNT; ) {
      const length = Math.min(FRAME_COUNT - t, 3 + Math.floor(rng() * 8));
      const segment: Segment = { start: t, length, background: Math.floor(rng() * 3), people: [] };
      if (rng() >= 0.07) {
        const two = members.length >= 2 && rng() < 0.35;
        const weights = members.map((m) => (m.stranger ? 0.6 : 1));
        const chosen: typeof members = [];
        while (chosen.length < (two ? 2 : 1)) {
          let r = rng() * weights.reduce((s, w) => s + w, 0);
          let i = 0;
          while (r > weights[i]) r -= weights[i++];
          if (!chosen.includes(members[i])) chosen.push(members[i]);
        }
        chosen.forEach((m, slot) => {
          const files = probes.get(m.identity)!;
          const turn = photoTurn.get(m.identity) ?? Math.floor(rng() * files.length);
          photoTurn.set(m.identity, turn + 1);
          // Tile face widths 12..40 px, median ~21 (RECOGNITION.md: sprites have 10-30 px faces, close-ups 40-50).
          let tileWidth = 12 + 28 * rng() ** 1.6;
          if (two) tileWidth = Math.min(tileWidth, 26);
          const cx = two ? (slot === 0 ? 0.22 + 0.1 * rng() : 0.68 + 0.1 * rng()) : 0.3 + 0.4 * rng();
          segment.people.push({ ...m, photo: files[turn % files.length], tileWidth, cx, cy: 0.32 + 0.25 * rng() });
        });
      }
      segments.push(segment);
      t += length;
    }
    // Everyone must be seen in enough frames inside the 5%-95% window FRAMES mode samples.
    const seen = new Map<string, number>();
    for (const s of segments) {
      for (const p of s.people) {
        for (let f = s.start; f < s.start + s.length; f++) if (f >= 5 && f <= 75) seen.set(p.identity, (seen.get(p.identity) ?? 0) + 1);
      }
    }
    if (members.every((m) => (seen.get(m.identity) ?? 0) >= (m.stranger ? 5 : 8))) return segments;
  }
  throw new Error(`could not plan scene ${id}`);
}

async function renderScene(
  id: number,
  split: ReturnType<typeof openSetSplit>,
  photos: PhotoCache,
): Promise<{ truth: SceneTruth; frames: RgbImage[] }> {
  const cast = sceneCast(id, split);
  const probes = new Map<string, string[]>([
    ...split.enrolled.map((p): [string, string[]] => [p.identity, p.probe]),
    ...split.strangers.map((p): [string, string[]] => [p.identity, p.files]),
  ]);
  // Only photos where a face is found can be placed; drop the others from the plan's choices.
  for (const [identity, files] of probes) {
    if (identity !== cast.stranger && !cast.enrolled.includes(identity)) continue;
    const usable: string[] = [];
    for (const f of files) if (await photos.get(f)) usable.push(f);
    if (usable.length === 0) throw new Error(`no usable probe photo for ${identity}`);
    probes.set(identity, usable);
  }
  const segments = planScene(id, cast, probes);
  const rng = mulberry32(0xbac6 + id * 104729);
  const backgrounds = await Promise.all([0, 1, 2].map((b) => background(mulberry32(id * 31 + b))));
  const frames: RgbImage[] = [];
  const truthFrames: TruthFace[][] = [];
  for (const segment of segments) {
    for (let f = 0; f < segment.length; f++) {
      const base = backgrounds[segment.background];
      const frame: RgbImage = { data: Buffer.from(base.data), width: base.width, height: base.height };
      const faces: TruthFace[] = [];
      for (const p of segment.people) {
        const photo = (await photos.get(p.photo))!;
        const jitter = 1 + (rng() - 0.5) * 0.12;
        const faceWidth = p.tileWidth * SCALE * jitter;
        const cx = p.cx * FRAME_WIDTH + (rng() - 0.5) * 50;
        const cy = p.cy * FRAME_HEIGHT + (rng() - 0.5) * 40;
        faces.push({ identity: p.identity, stranger: p.stranger, box: await pasteFace(frame, photo, faceWidth, cx, cy) });
      }
      frames.push(frame);
      truthFrames.push(faces);
    }
  }
  const tagged = id % 2 === 1 ? [cast.enrolled[0]] : [];
  return {
    truth: { id, title: `Synthetic scene ${id}`, enrolled: cast.enrolled, stranger: cast.stranger, tagged, frames: truthFrames, duration: SCENE_DURATION },
    frames,
  };
}

/** A "set": smooth colour blobs with sensor-like noise. */
async function background(rng: () => number): Promise<RgbImage> {
  const gw = 16, gh = 9;
  const grid = Buffer.alloc(gw * gh * 3);
  const tint = [rng(), rng(), rng()].map((v) => 60 + v * 140);
  for (let i = 0; i < gw * gh; i++) for (let c = 0; c < 3; c++) grid[i * 3 + c] = Math.max(0, Math.min(255, tint[c] + (rng() - 0.5) * 120));
  const { data } = await sharp(grid, { raw: { width: gw, height: gh, channels: 3 } })
    .resize(FRAME_WIDTH, FRAME_HEIGHT, { kernel: 'cubic' })
    .blur(20)
    .raw()
    .toBuffer({ resolveWithObject: true });
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, Math.min(255, data[i] + (rng() - 0.5) * 16));
  return { data, width: FRAME_WIDTH, height: FRAME_HEIGHT };
}

/**
 * Pastes the head (a region around the photo's face box) so the face is `faceWidth` px wide with its centre at
 * (cx, cy), feathered with an elliptical mask so no hard photo edges remain. Returns the face box in the frame.
 */
async function pasteFace(frame: RgbImage, photo: Photo, faceWidth: number, cx: number, cy: number): Promise<Box> {
  const b = photo.face;
  const side = 2.4 * b.width;
  const fcx = b.x + b.width / 2, fcy = b.y + b.height / 2 + 0.15 * b.height;
  const x0 = Math.max(0, Math.round(fcx - side / 2)), y0 = Math.max(0, Math.round(fcy - side / 2));
  const x1 = Math.min(photo.image.width, Math.round(fcx + side / 2)), y1 = Math.min(photo.image.height, Math.round(fcy + side / 2));
  const scale = faceWidth / b.width;
  const w = Math.max(1, Math.round((x1 - x0) * scale)), h = Math.max(1, Math.round((y1 - y0) * scale));
  const { data: patch } = await sharp(photo.image.data, { raw: { width: photo.image.width, height: photo.image.height, channels: 3 } })
    .extract({ left: x0, top: y0, width: x1 - x0, height: y1 - y0 })
    .resize(w, h, { kernel: 'lanczos3', fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  // Where the photo's face centre lands in the frame.
  const left = Math.round(cx - (b.x + b.width / 2 - x0) * scale);
  const top = Math.round(cy - (b.y + b.height / 2 - y0) * scale);
  const ecx = w / 2, ecy = h / 2;
  for (let y = 0; y < h; y++) {
    const fy = top + y;
    if (fy < 0 || fy >= frame.height) continue;
    for (let x = 0; x < w; x++) {
      const fx = left + x;
      if (fx < 0 || fx >= frame.width) continue;
      const r = Math.hypot((x - ecx) / (w / 2), (y - ecy) / (h / 2));
      const alpha = r <= 0.72 ? 1 : r >= 1 ? 0 : 1 - (r - 0.72) / 0.28;
      if (alpha === 0) continue;
      const s = (y * w + x) * 3, d = (fy * frame.width + fx) * 3;
      for (let c = 0; c < 3; c++) frame.data[d + c] = Math.round(alpha * patch[s + c] + (1 - alpha) * frame.data[d + c]);
    }
  }
  return { x: left + (b.x - x0) * scale, y: top + (b.y - y0) * scale, width: b.width * scale, height: b.height * scale };
}

/** 9x9 sheet of 160x90 tiles (JPEG q75) and its VTT, both named as the stand-in Stash expects. */
async function writeSprite(dir: string, id: number, frames: RgbImage[]): Promise<void> {
  const tiles = await Promise.all(
    frames.map((f) =>
      sharp(f.data, { raw: { width: f.width, height: f.height, channels: 3 } }).resize(TILE_WIDTH, TILE_HEIGHT, { kernel: 'cubic' }).raw().toBuffer(),
    ),
  );
  const sheetW = TILE_WIDTH * GRID, sheetH = TILE_HEIGHT * GRID;
  const sheet = Buffer.alloc(sheetW * sheetH * 3);
  tiles.forEach((tile, i) => {
    const tx = (i % GRID) * TILE_WIDTH, ty = Math.floor(i / GRID) * TILE_HEIGHT;
    for (let y = 0; y < TILE_HEIGHT; y++) tile.copy(sheet, ((ty + y) * sheetW + tx) * 3, y * TILE_WIDTH * 3, (y + 1) * TILE_WIDTH * 3);
  });
  await sharp(sheet, { raw: { width: sheetW, height: sheetH, channels: 3 } })
    .jpeg({ quality: SPRITE_QUALITY })
    .toFile(join(dir, `scene-${id}_sprite.jpg`));
  const step = SCENE_DURATION / FRAME_COUNT;
  const cues = frames.map((_, i) => {
    const x = (i % GRID) * TILE_WIDTH, y = Math.floor(i / GRID) * TILE_HEIGHT;
    return `${vttTime(i * step)} --> ${vttTime((i + 1) * step)}\nscene-${id}_sprite.jpg#xywh=${x},${y},${TILE_WIDTH},${TILE_HEIGHT}`;
  });
  await writeFile(join(dir, `scene-${id}_thumbs.vtt`), `WEBVTT\n\n${cues.join('\n\n')}\n`);
}

function vttTime(seconds: number): string {
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(3).padStart(6, '0')}`;
}

/** The ffmpeg tests and the generator use: FFMPEG_PATH, else the npm static build. */
export function testFfmpegPath(): string {
  return process.env.FFMPEG_PATH ?? (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
}

/** 1 fps VP8 WebM at 1080p, a keyframe every 10 s (input seeking decodes from the keyframe before). */
async function writeVideo(dir: string, id: number, frames: RgbImage[]): Promise<void> {
  const tmp = join(dir, `tmp-frames-${id}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await Promise.all(
    frames.map((f, i) =>
      sharp(f.data, { raw: { width: f.width, height: f.height, channels: 3 } }).jpeg({ quality: 92 }).toFile(join(tmp, `frame${String(i).padStart(3, '0')}.jpg`)),
    ),
  );
  const out = join(dir, `scene-${id}.webm`);
  const partial = `${out}.partial.webm`;
  await run(testFfmpegPath(), [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-framerate', '1', '-i', join(tmp, 'frame%03d.jpg'),
    '-c:v', 'libvpx', '-b:v', '3M', '-crf', '10', '-g', '10', '-deadline', 'good', '-cpu-used', '4', '-threads', '2',
    '-pix_fmt', 'yuv420p', '-an', partial,
  ]);
  await rename(partial, out);
  await rm(tmp, { recursive: true, force: true });
}

/**
 * The scene as most Stash libraries hold it: H.264 in MP4 at 25 fps with its index (moov) at the end (ffmpeg's
 * default without +faststart) and x264's default 10 s keyframe interval; each 1 s frame held for 25 video frames
 * with light moving grain, so the decoder does real work on every frame as in filmed video.
 */
async function writeMp4(dir: string, id: number, frames: RgbImage[]): Promise<void> {
  const tmp = join(dir, `tmp-mp4-frames-${id}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await Promise.all(
    frames.map((f, i) =>
      sharp(f.data, { raw: { width: f.width, height: f.height, channels: 3 } }).jpeg({ quality: 92 }).toFile(join(tmp, `frame${String(i).padStart(3, '0')}.jpg`)),
    ),
  );
  const out = join(dir, `scene-${id}.mp4`);
  const partial = `${out}.partial.mp4`;
  await run(testFfmpegPath(), [
    '-hide_banner', '-loglevel', 'error', '-y',
    '-framerate', '1', '-i', join(tmp, 'frame%03d.jpg'),
    '-vf', 'fps=25,noise=alls=5:allf=t', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-g', '250',
    '-pix_fmt', 'yuv420p', '-threads', '2', '-an', '-f', 'mp4', partial,
  ]);
  await rename(partial, out);
  await rm(tmp, { recursive: true, force: true });
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(`${command} exited ${code}: ${err.slice(-500)}`))));
  });
}

/** Face boxes of one frame scaled into its 160x90 sprite tile. */
export function tileBoxes(faces: readonly TruthFace[]): TruthFace[] {
  return faces.map((f) => ({ ...f, box: { x: f.box.x / SCALE, y: f.box.y / SCALE, width: f.box.width / SCALE, height: f.box.height / SCALE } }));
}

/** The stand-in Stash serving a scene set straight from its folder (its --media-dir; nothing copied). */
export function startSceneStash(set: SceneSet): Promise<{ url: string; close(): Promise<void> }> {
  return launchStandIn(set.libraryPath, set.dir);
}

/** A person as identify returns it (the fields the scene tests and the bench read). */
export interface IdentifiedPerson {
  face_count: number;
  timestamps: number[];
  low_evidence: boolean;
  matches: Array<{ confidence: number; already_tagged: boolean | null; performer: { id: string; name: string } }>;
}

/** Performer-level scoring of one scene answer: each person's best match is a claim that the performer is in it. */
export function scoreScene(truth: SceneTruth, persons: readonly IdentifiedPerson[]) {
  const expected = new Set(truth.enrolled.map(demoPerformerId));
  const claimed = new Set(persons.filter((p) => p.matches[0]).map((p) => p.matches[0].performer.id));
  const found = [...claimed].filter((id) => expected.has(id));
  return {
    scene: truth.id,
    expected: expected.size,
    claimed: claimed.size,
    correct: found.length,
    missed: [...expected].filter((id) => !claimed.has(id)).length,
    wrong: claimed.size - found.length,
  };
}

export const SCENE_IDENTIFY_QUERY = `query($input: IdentifyInput!) { identify(input: $input) {
  source frames_used database_version timings { stage ms }
  persons { id face_count timestamps face_size low_evidence thumbnail box { x y }
    matches { confidence distance already_tagged performer { id name stash_id } } } } }`;

/**
 * Extra media for error cases, next to symlinks of the given scenes: a scene with no face at all (noise sprite, a
 * test-pattern WebM), one whose stream is not a video, one whose VTT is not WebVTT, one whose VTT points outside
 * its sprite, one whose sprite is not an image. Returns the library (ids 90-94 added) and the media folder.
 */
export async function errorCaseMedia(set: SceneSet, dir: string, sceneIds: readonly number[]): Promise<SceneSet> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const { symlink } = await import('node:fs/promises');
  for (const id of sceneIds) {
    for (const name of [`scene-${id}.jpg`, `scene-${id}_sprite.jpg`, `scene-${id}_thumbs.vtt`, `scene-${id}.webm`]) {
      if (existsSync(join(set.dir, name))) await symlink(join(set.dir, name), join(dir, name));
    }
  }
  const rng = mulberry32(90);
  const noise = Buffer.alloc(TILE_WIDTH * GRID * TILE_HEIGHT * GRID * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = 90 + Math.floor(rng() * 60);
  const noiseSprite = await sharp(noise, { raw: { width: TILE_WIDTH * GRID, height: TILE_HEIGHT * GRID, channels: 3 } }).jpeg({ quality: 75 }).toBuffer();
  const vtt = (id: number, tile = (i: number) => `${(i % GRID) * TILE_WIDTH},${Math.floor(i / GRID) * TILE_HEIGHT},${TILE_WIDTH},${TILE_HEIGHT}`) =>
    `WEBVTT\n\n${Array.from({ length: FRAME_COUNT }, (_, i) => `${vttTime(i)} --> ${vttTime(i + 1)}\nscene-${id}_sprite.jpg#xywh=${tile(i)}`).join('\n\n')}\n`;
  // 90: no faces anywhere.
  await writeFile(join(dir, 'scene-90_sprite.jpg'), noiseSprite);
  await writeFile(join(dir, 'scene-90_thumbs.vtt'), vtt(90));
  await run(testFfmpegPath(), [
    '-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=1920x1080:rate=1:duration=20',
    '-c:v', 'libvpx', '-b:v', '1M', '-g', '5', '-deadline', 'realtime', '-cpu-used', '8', '-pix_fmt', 'yuv420p', join(dir, 'scene-90.webm'),
  ]);
  // 91: a stream that is not a video (the sprite is fine).
  await symlink(join(set.dir, `scene-${sceneIds[0]}_sprite.jpg`), join(dir, 'scene-91_sprite.jpg'));
  await writeFile(join(dir, 'scene-91_thumbs.vtt'), vtt(91));
  await writeFile(join(dir, 'scene-91.webm'), Buffer.from('this is not a video '.repeat(5000)));
  // 92: a VTT that is not WebVTT.
  await writeFile(join(dir, 'scene-92_sprite.jpg'), noiseSprite);
  await writeFile(join(dir, 'scene-92_thumbs.vtt'), '00:00.000 --> 00:01.000\nscene-92_sprite.jpg#xywh=0,0,160,90\n');
  // 93: cues pointing outside the sprite.
  await writeFile(join(dir, 'scene-93_sprite.jpg'), noiseSprite);
  await writeFile(join(dir, 'scene-93_thumbs.vtt'), vtt(93, (i) => `${i * TILE_WIDTH},0,${TILE_WIDTH},${TILE_HEIGHT}`));
  // 94: a sprite that is not an image.
  await writeFile(join(dir, 'scene-94_sprite.jpg'), Buffer.from('<html>not a sprite</html>'));
  await writeFile(join(dir, 'scene-94_thumbs.vtt'), vtt(94));
  const library = JSON.parse(await readFile(set.libraryPath, 'utf8')) as { performers: unknown[]; scenes: Array<Record<string, unknown>> };
  library.scenes = library.scenes.filter((s) => sceneIds.includes(s.id as number));
  for (const id of [90, 91, 92, 93, 94]) library.scenes.push({ id, title: `Error case ${id}`, performers: [], duration: id === 90 ? 20 : 81, width: 1920, height: 1080 });
  const libraryPath = join(dir, 'library.json');
  await writeFile(libraryPath, JSON.stringify(library));
  return { ...set, dir, libraryPath, scenes: set.scenes.filter((s) => sceneIds.includes(s.id)) };
}
