/** Vision engine speed on this CPU: decode, detect, embed at batch 1/8/32, faces/s at concurrency 1 and 8. */
import { readFile } from 'node:fs/promises';
import { VisionEngine } from '../src/vision/engine.js';
import { people } from '../test/support/fixtures.js';
import { percentile, photo1080p, round, timeIt } from './util.js';

async function facesPerSecond(engine: VisionEngine, image: Buffer, concurrency: number, seconds: number) {
  let faces = 0;
  const until = performance.now() + seconds * 1000;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        // Read the count after the await: `faces += await ...` would add to a stale total under concurrency.
        const found = (await engine.analyzeImage(image)).faces.length;
        faces += found;
      }
    }),
  );
  return round(faces / ((performance.now() - start) / 1000));
}

export async function benchVision() {
  const engine = await VisionEngine.create();
  const single = await VisionEngine.create({ maxBatchSize: 1 });
  try {
    const jpeg = await photo1080p();
    const image = await engine.decode(jpeg);
    const runs = 30;
    for (let i = 0; i < 3; i++) await engine.analyzeImage(jpeg); // warm-up
    const decode: number[] = [], detect: number[] = [], embed: number[] = [], pipeline: number[] = [], withDecode: number[] = [];
    for (let i = 0; i < runs; i++) {
      decode.push((await timeIt(() => engine.decode(jpeg)))[0]);
      const [d, found] = await timeIt(() => engine.detect(image));
      detect.push(d);
      embed.push((await timeIt(() => engine.embed(image, found[0])))[0]);
      pipeline.push((await timeIt(() => engine.analyze(image)))[0]);
      withDecode.push((await timeIt(() => engine.analyzeImage(jpeg)))[0]);
    }
    // Embedding cost per face with batches of 1, 8 and 32 faces submitted together.
    const photos = people().flatMap((p) => p.files).slice(0, 32);
    const faces = [];
    for (const f of photos) {
      const img = await engine.decode(await readFile(f));
      faces.push({ img, det: (await engine.detect(img))[0] });
    }
    const perFace: Record<string, number> = {};
    for (const batch of [1, 8, 32]) {
      const times: number[] = [];
      for (let rep = 0; rep < 5; rep++) {
        const group = faces.slice(0, batch);
        const [ms] = await timeIt(() => Promise.all(group.map((f) => engine.embed(f.img, f.det))));
        times.push(ms / batch);
      }
      perFace[`batch_${batch}`] = round(percentile(times, 50), 2);
    }
    const seconds = 6;
    const throughput = {
      batched_concurrency_1: await facesPerSecond(engine, jpeg, 1, seconds),
      batched_concurrency_8: await facesPerSecond(engine, jpeg, 8, seconds),
      batch_size_1_concurrency_8: await facesPerSecond(single, jpeg, 8, seconds),
    };
    return {
      photo: '1920x1080 JPEG, one face',
      decode_ms_p50: round(percentile(decode, 50)),
      detect_ms_p50: round(percentile(detect, 50)),
      align_embed_one_face_ms_p50: round(percentile(embed, 50)),
      detect_align_embed_one_face_ms_p50: round(percentile(pipeline, 50)),
      decode_detect_align_embed_ms_p50: round(percentile(withDecode, 50)),
      embed_ms_per_face_both_models: perFace,
      faces_per_second: throughput,
      batching_gain_at_concurrency_8: round(throughput.batched_concurrency_8 / throughput.batch_size_1_concurrency_8, 2),
    };
  } finally {
    await engine.close();
    await single.close();
  }
}
