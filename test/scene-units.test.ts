import { describe, expect, it } from 'vitest';
import { FfmpegLocator, FramePool, PpmSplitter, safeUrl } from '../src/frames/ffmpeg.js';
import { cutTiles, evenly, spriteImageUrls } from '../src/frames/sprite.js';
import { frameTimes } from '../src/frames/stream.js';
import { parseSpriteVtt } from '../src/frames/vtt.js';
import { SpanTimer } from '../src/identify/timings.js';
import { clusterFaces, refineClusters, type ClusterFace } from '../src/recognition/cluster.js';
import type { PerformerMatch } from '../src/recognition/match.js';
import { assignPerformers, median } from '../src/recognition/person.js';
import type { RgbImage } from '../src/vision/decode.js';
import { cosine, l2normalize } from '../src/vision/vectors.js';

const STASH_VTT = `WEBVTT

00:00:00.000 --> 00:00:12.345
abc_sprite.jpg#xywh=0,0,160,90

00:00:12.345 --> 00:00:24.690
abc_sprite.jpg#xywh=160,0,160,90
`;

describe('sprite VTT', () => {
  it("parses Stash's thumbnails VTT", () => {
    expect(parseSpriteVtt(STASH_VTT)).toEqual([
      { start: 0, end: 12.345, file: 'abc_sprite.jpg', x: 0, y: 0, width: 160, height: 90 },
      { start: 12.345, end: 24.69, file: 'abc_sprite.jpg', x: 160, y: 0, width: 160, height: 90 },
    ]);
  });

  it('accepts cue ids, CRLF, a BOM, NOTE blocks, mm:ss times, cue settings and the pixel: unit', () => {
    const vtt = '\uFEFFWEBVTT - thumbs\r\n\r\nNOTE made by hand\r\n\r\n1\r\n00:01.500 --> 00:03.000 align:start\r\ns.jpg#xywh=pixel:10,20,30,40\r\n';
    expect(parseSpriteVtt(vtt)).toEqual([{ start: 1.5, end: 3, file: 's.jpg', x: 10, y: 20, width: 30, height: 40 }]);
  });

  it('refuses what is not a sprite VTT with the reason', () => {
    expect(() => parseSpriteVtt('<html></html>')).toThrow(/WEBVTT/);
    expect(() => parseSpriteVtt('WEBVTT\n\n')).toThrow(/no cues/);
    expect(() => parseSpriteVtt('WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n')).toThrow(/cue 1 is not a sprite tile/);
    expect(() => parseSpriteVtt('WEBVTT\n\n00:05.000 --> 00:01.000\ns.jpg#xywh=0,0,1,1\n')).toThrow(/invalid time range/);
    expect(() => parseSpriteVtt('WEBVTT\n\nsomething\ns.jpg#xywh=0,0,1,1\n')).toThrow(/no "start --> end"/);
    expect(() => parseSpriteVtt('WEBVTT\n\n00:00.000 --> 00:01.000\ns.jpg#xywh=0,0,0,9\n')).toThrow(/empty tile/);
    for (const bad of ['<html>', 'WEBVTT\n\n']) {
      try {
        parseSpriteVtt(bad);
      } catch (e) {
        expect((e as { extensions: { code: string } }).extensions.code).toBe('BAD_USER_INPUT');
      }
    }
  });

  it('resolves sprite images against the VTT URL, or uses the sprite_url given', () => {
    const cues = parseSpriteVtt(STASH_VTT);
    expect([...spriteImageUrls(cues, 'http://stash:9999/scene/abc_thumbs.vtt').values()]).toEqual(['http://stash:9999/scene/abc_sprite.jpg']);
    expect([...spriteImageUrls(cues, 'http://stash:9999/scene/abc_thumbs.vtt', 'http://stash:9999/x.jpg').values()]).toEqual(['http://stash:9999/x.jpg']);
  });

  it('samples very long VTTs evenly', () => {
    expect(evenly([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5)).toEqual([0, 2, 4, 6, 8]);
    expect(evenly([1, 2], 5)).toEqual([1, 2]);
  });

  it('cuts tiles and refuses a cue outside its sprite', () => {
    const sprite: RgbImage = { data: Buffer.alloc(320 * 90 * 3), width: 320, height: 90 };
    sprite.data[(0 * 320 + 160) * 3] = 255; // first pixel of the second tile
    const tiles = cutTiles(parseSpriteVtt(STASH_VTT), new Map([['abc_sprite.jpg', sprite]]));
    expect(tiles.map((t) => [t.index, t.time, t.image.width, t.image.height])).toEqual([[0, 0, 160, 90], [1, 12.345, 160, 90]]);
    expect(tiles[1].image.data[0]).toBe(255);
    const narrow: RgbImage = { data: Buffer.alloc(200 * 90 * 3), width: 200, height: 90 };
    expect(() => cutTiles(parseSpriteVtt(STASH_VTT), new Map([['abc_sprite.jpg', narrow]]))).toThrow(/cue 2 .* outside the 200x90 sprite/);
  });
});

describe('frames from the stream', () => {
  it('spreads frame times over 5%-95% of the scene', () => {
    frameTimes(100, 5).forEach((t, i) => expect(t).toBeCloseTo([5, 27.5, 50, 72.5, 95][i]));
    expect(frameTimes(100, 1)).toEqual([50]);
    const t = frameTimes(1800, 40);
    expect(t).toHaveLength(40);
    expect(t[0]).toBeCloseTo(90);
    expect(t[39]).toBeCloseTo(1710);
  });

  it('keeps API keys out of messages', () => {
    expect(safeUrl('http://stash:9999/scene/1/stream?apikey=secret')).toBe('http://stash:9999/scene/1/stream');
  });

  it('splits a stream of PPM frames cut anywhere into images', () => {
    const frame = (w: number, h: number, v: number) => Buffer.concat([Buffer.from(`P6\n${w} ${h}\n255\n`), Buffer.alloc(w * h * 3, v)]);
    const stream = Buffer.concat([frame(4, 2, 7), frame(3, 3, 9), frame(1, 1, 1)]);
    for (const cut of [1, 5, 13, 64]) {
      const splitter = new PpmSplitter();
      const images = [];
      for (let i = 0; i < stream.length; i += cut) images.push(...splitter.push(stream.subarray(i, i + cut)));
      expect(images.map((im) => [im.width, im.height, im.data.length, im.data[0]])).toEqual([[4, 2, 24, 7], [3, 3, 27, 9], [1, 1, 3, 1]]);
    }
    expect(() => new PpmSplitter().push(Buffer.from('<html>not a frame at all, certainly not</html>'))).toThrow(/not a PPM/);
  });

  it('fills frames from a pool: a buffer handed back holds a later frame of its size, others get new ones', () => {
    const frame = (w: number, h: number, v: number) => Buffer.concat([Buffer.from(`P6\n${w} ${h}\n255\n`), Buffer.alloc(w * h * 3, v)]);
    const pool = new FramePool();
    const splitter = new PpmSplitter(pool);
    const [a] = splitter.push(frame(4, 2, 7));
    pool.give(a.data);
    const [b, c] = splitter.push(Buffer.concat([frame(4, 2, 8), frame(4, 2, 9)]));
    expect(b.data).toBe(a.data);
    expect(c.data).not.toBe(a.data);
    expect([b.data[0], b.data[23], c.data[0]]).toEqual([8, 8, 9]);
    pool.give(c.data);
    const [d] = splitter.push(frame(3, 3, 5));
    expect(d.data).not.toBe(c.data);
    expect([d.data.length, d.data[26]]).toEqual([27, 5]);
  });

  it('reports a configured ffmpeg that does not run, and finds one otherwise', async () => {
    const broken = await new FfmpegLocator('/nonexistent/ffmpeg').status();
    expect(broken).toMatchObject({ path: null, source: null, error: expect.stringContaining('FFMPEG_PATH=/nonexistent/ffmpeg') });
    await expect(new FfmpegLocator('/nonexistent/ffmpeg').require()).rejects.toMatchObject({ extensions: { code: 'FFMPEG_FAILED' } });
    const found = await new FfmpegLocator().status();
    expect(found.error).toBeNull();
    expect(found.version).toBeTruthy();
    expect(['PATH', 'npm']).toContain(found.source);
  });
});

/** Unit vectors around a few "identities", with noise: faces of person p in frame f. */
function face(person: number, frame: number, noise: number, seed: number): ClusterFace {
  let s = seed * 7919 + person * 104729 + frame;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647) - 0.5;
  const v = new Float32Array(64);
  v[person] = 1;
  for (let i = 0; i < v.length; i++) v[i] += noise * rnd();
  return { frame, embeddings: { m: l2normalize(v) } };
}
const similarity = (a: ClusterFace, b: ClusterFace) => cosine(a.embeddings.m, b.embeddings.m);

describe('clustering faces into persons', () => {
  it('groups the faces of each person across frames', () => {
    const faces = [0, 1, 2, 3, 4, 5].flatMap((frame) => [face(0, frame, 0.3, 1), face(1, frame, 0.3, 2)]);
    const clusters = clusterFaces(faces, similarity, { threshold: 0.5 });
    expect(clusters).toHaveLength(2);
    for (const c of clusters) expect(new Set(c.map((i) => i % 2)).size).toBe(1);
  });

  it('never puts two faces of one frame into one person', () => {
    // Twins: the same identity twice in every frame.
    const faces = [0, 1, 2].flatMap((frame) => [face(0, frame, 0.05, 1), face(0, frame, 0.05, 2)]);
    const clusters = clusterFaces(faces, similarity, { threshold: 0.5 });
    expect(clusters).toHaveLength(2);
    for (const c of clusters) expect(new Set(c.map((i) => faces[i].frame)).size).toBe(c.length);
  });

  it('leaves a face alike to nobody alone', () => {
    const faces = [face(0, 0, 0.1, 1), face(0, 1, 0.1, 1), face(3, 2, 0.1, 1)];
    expect(clusterFaces(faces, similarity, { threshold: 0.5 }).map((c) => c.length)).toEqual([2, 1]);
    expect(clusterFaces([], similarity, { threshold: 0.5 })).toEqual([]);
  });

  it('merges split groups by their means and attaches stray faces', () => {
    const faces = [0, 1, 2, 3, 4, 5, 6].map((frame) => face(0, frame, 0.4, 3));
    const split = [[0, 1, 2], [3, 4, 5], [6]];
    const sim = (a: Record<string, Float32Array>, b: Record<string, Float32Array>) => cosine(a.m, b.m);
    expect(refineClusters(faces, split, sim, { mergeThreshold: 0.65, attachThreshold: 0.5, minSize: 2 }).map((c) => c.sort((a, b) => a - b))).toEqual([[0, 1, 2, 3, 4, 5, 6]]);
    // Groups that share a frame stay apart.
    const clash = [face(0, 0, 0.1, 1), face(0, 1, 0.1, 1), face(0, 1, 0.1, 2), face(0, 2, 0.1, 2)];
    expect(refineClusters(clash, [[0, 1], [2, 3]], sim, { mergeThreshold: 0.5, attachThreshold: 0.5, minSize: 2 })).toHaveLength(2);
  });
});

describe('one performer per person', () => {
  const match = (id: string, confidence: number) => ({ performer: { id }, confidence }) as unknown as PerformerMatch;
  it('gives a performer claimed by two persons to the stronger one', () => {
    const out = assignPerformers([
      { frames: new Set([1]), faceCount: 3, matches: [match('a', 0.7), match('b', 0.6)] },
      { frames: new Set([2]), faceCount: 9, matches: [match('a', 0.95)] },
      { frames: new Set([3]), faceCount: 2, matches: [] },
    ]);
    expect(out.map((m) => m.map((x) => x.performer.id))).toEqual([['b'], ['a'], []]);
  });

  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('stage timings', () => {
  it('counts overlapping spans of one stage once', async () => {
    const timer = new SpanTimer();
    const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await Promise.all([timer.span('detect', () => wait(60)), timer.span('detect', () => wait(60))]);
    const list = timer.list();
    const detect = list.find((s) => s.stage === 'detect')!.ms;
    expect(detect).toBeGreaterThanOrEqual(55);
    expect(detect).toBeLessThan(110);
    expect(list.at(-1)!.stage).toBe('total');
  });
});
