import { AppError } from '../errors.js';

/** One sprite-sheet cue of a WebVTT thumbnails file: a time range and the tile that shows it. */
export interface SpriteCue {
  /** Seconds. */
  start: number;
  end: number;
  /** The image the cue names, as written (relative to the VTT's URL), without the fragment. */
  file: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** More cues than any sprite sheet has (Stash writes 81); protects the sidecar from a huge file. */
export const MAX_CUES = 2000;

const TIME = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:[.,]\d+)?)$/;

/**
 * Parses a WebVTT thumbnails file as Stash writes it:
 *
 *   WEBVTT
 *
 *   00:00:00.000 --> 00:00:12.345
 *   <hash>_sprite.jpg#xywh=0,0,160,90
 *
 * Cue identifiers, NOTE/STYLE blocks, cue settings after the end time and the `pixel:` unit of media fragments are
 * accepted; anything that is not a tile reference is a clear BAD_USER_INPUT naming the cue.
 */
export function parseSpriteVtt(text: string): SpriteCue[] {
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!/^WEBVTT(?:[ \t].*)?(?:\n|$)/.test(body)) {
    throw new AppError('BAD_USER_INPUT', 'The VTT file does not start with "WEBVTT": it is not a WebVTT file.');
  }
  const cues: SpriteCue[] = [];
  const blocks = body.split(/\n{2,}/).slice(1);
  for (const block of blocks) {
    const lines = block.split('\n').map((l) => l.trim()).filter(Boolean);
    if (lines.length === 0 || /^(NOTE|STYLE|REGION)\b/.test(lines[0])) continue;
    const timing = lines.findIndex((l) => l.includes('-->'));
    const number = cues.length + 1;
    if (timing < 0) throw new AppError('BAD_USER_INPUT', `VTT cue ${number} has no "start --> end" time line.`);
    const [startText, rest] = lines[timing].split('-->').map((s) => s.trim());
    const endText = rest.split(/\s+/)[0];
    const start = parseTime(startText), end = parseTime(endText);
    if (start === undefined || end === undefined || end < start) {
      throw new AppError('BAD_USER_INPUT', `VTT cue ${number} has an invalid time range "${lines[timing].slice(0, 80)}".`);
    }
    const payload = lines[timing + 1];
    if (!payload) throw new AppError('BAD_USER_INPUT', `VTT cue ${number} names no sprite tile.`);
    const match = payload.match(/^(.+?)#xywh=(?:pixel:)?(\d+),(\d+),(\d+),(\d+)$/);
    if (!match) {
      throw new AppError('BAD_USER_INPUT', `VTT cue ${number} is not a sprite tile ("file.jpg#xywh=x,y,w,h"): "${payload.slice(0, 80)}".`);
    }
    const [x, y, width, height] = match.slice(2, 6).map(Number);
    if (width === 0 || height === 0) throw new AppError('BAD_USER_INPUT', `VTT cue ${number} has an empty tile (${width}x${height}).`);
    cues.push({ start, end, file: match[1], x, y, width, height });
    if (cues.length > MAX_CUES) throw new AppError('BAD_USER_INPUT', `The VTT file has more than ${MAX_CUES} cues.`);
  }
  if (cues.length === 0) throw new AppError('BAD_USER_INPUT', 'The VTT file has no cues.');
  return cues;
}

function parseTime(text: string): number | undefined {
  const m = text.match(TIME);
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3].replace(',', '.'));
}
