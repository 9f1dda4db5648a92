import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VisionEngine } from '../src/vision/engine.js';
import { iou } from '../src/vision/geometry.js';
import { detectionGroundTruth, FACES_DIR, SHARED_MODELS_DIR } from '../test/support/fixtures.js';
const det = process.env.DET ?? 'yunet_n';
const engine = await VisionEngine.create({ embedders: ['fr_feature'], modelsPath: SHARED_MODELS_DIR, detector: det });
const gt = detectionGroundTruth();
gt.set('dogs.jpg', []);
const all: Array<{ score: number; tp: boolean }> = [];
let total = 0;
for (const size of [640, 960]) {
  all.length = 0; total = 0;
  for (const [file, faces] of gt) {
    const image = await engine.decode(await readFile(join(FACES_DIR, 'detection', file)));
    const found = await engine.detect(image, { minScore: 0.3, inputSize: size });
    total += faces.length;
    const used = new Set<number>();
    for (const d of found) {
      let best = -1, bestIou = 0.4;
      faces.forEach((f, i) => { const v = iou(f.box, d.box); if (!used.has(i) && v >= bestIou) { best = i; bestIou = v; } });
      if (best >= 0) used.add(best);
      all.push({ score: d.score, tp: best >= 0 });
    }
  }
  for (const th of [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9]) {
    const kept = all.filter((a) => a.score >= th);
    console.log(det, size, th, 'recall', kept.filter((a) => a.tp).length, '/', total, 'false', kept.filter((a) => !a.tp).length);
  }
  console.log(all.filter(a=>!a.tp).map(a=>a.score.toFixed(2)).join(' '));
}
