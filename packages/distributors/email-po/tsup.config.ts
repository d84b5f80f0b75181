import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/testing.ts'],
  format: ['esm'],
  // Other @dropship packages' types come from their built dist/*.d.ts (pnpm -r builds in
  // dependency order), not from their sources: about 3x faster, and it checks what consumers get.
  dts: { compilerOptions: { customConditions: [] } },
  clean: true,
  sourcemap: true,
  target: 'node20',
});
