import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/simulator.ts', 'src/reference/index.ts'],
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'node20',
});
