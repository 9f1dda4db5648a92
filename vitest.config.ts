import { defineConfig } from 'vitest/config';

// Tests run real ONNX models on a 2-core CPU: one file at a time keeps timings honest and memory low.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
