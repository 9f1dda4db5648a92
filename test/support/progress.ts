import { readdirSync, readFileSync } from 'node:fs';
import { symlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { SceneSet } from './scenes.js';

/** The progressive answer as the plugin asks for it (identifySceneProgress over server-sent events). */
export const PROGRESS_QUERY = `subscription($input: IdentifyInput!) { identifySceneProgress(input: $input) {
  stage frames_done frames_total final
  result { source frames_used persons { id face_count timestamps matches { confidence performer { id name } } } } } }`;

/** This process's running ffmpeg children (the test runs the sidecar in-process). */
export function ffmpegChildren(): number {
  let n = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === process.pid && fields[0] !== 'Z' && stat.includes('(ffmpeg)')) n++;
    } catch {
      // gone
    }
  }
  return n;
}

/** A media folder where scene N's stream is its H.264 MP4 (the stand-in serves `scene-N.webm` whatever it holds). */
export async function mp4Media(set: SceneSet, dir: string, ids: number[]): Promise<SceneSet> {
  for (const id of ids) {
    for (const name of [`scene-${id}.jpg`, `scene-${id}_sprite.jpg`, `scene-${id}_thumbs.vtt`]) await symlink(join(set.dir, name), join(dir, name));
    await symlink(join(set.dir, `scene-${id}.mp4`), join(dir, `scene-${id}.webm`));
  }
  return { ...set, dir };
}

