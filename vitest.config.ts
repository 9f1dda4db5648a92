import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // graphql 16 has no exports map: Node resolves it to the CJS build for everyone (Pothos, yoga), but vite would
  // give our sources the ESM build ("module" field), and graphql refuses types from "another realm". Same file
  // for all, as under plain Node.
  resolve: { alias: { graphql: require.resolve('graphql') } },
  // The plugin imports its .graphql documents as text (esbuild's text loader in plugin/build.mjs): the same here.
  plugins: [{ name: 'graphql-text', transform: (code, id) => (id.endsWith('.graphql') ? `export default ${JSON.stringify(code)};` : undefined) }],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Tests run real ONNX models on a 2-core CPU: one file at a time keeps memory low and timings honest.
    fileParallelism: false,
    pool: 'forks',
  },
});
