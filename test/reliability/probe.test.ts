import { afterAll, beforeAll, expect, it } from 'vitest';
import { scenarioSeed } from './support/prng.js';
import { createReliabilityServer, createReliabilityWorld } from './support/reliability-world.js';
import { addOutcome, emptyFigures, formatFigures, runScenario } from './support/scenario.js';

const lanes = Number(process.env.LANES ?? 4);
const worlds = Array.from({ length: lanes }, (_, lane) => createReliabilityWorld({ timeoutMs: Number(process.env.TMO ?? 80), lane }));
const server = createReliabilityServer(worlds);
beforeAll(() => server.listen());
afterAll(() => server.close());

it('probe', async () => {
  const figures = emptyFigures(1);
  const started = performance.now();
  const n = Number(process.env.N ?? 30);
  let next = 0;
  const c0 = process.cpuUsage();
  await Promise.all(worlds.map(async (world) => {
    while (next < n) {
      const index = next++;
      const outcome = await runScenario({ world, seed: Number(process.env.SEED ?? scenarioSeed(1, index)) });
      addOutcome(figures, index, outcome);
      if (index % 50 === 0) server.clearCalls();
    }
  }));
  figures.seconds = (performance.now() - started) / 1000;
  const c = process.cpuUsage(c0);
  console.log(formatFigures(figures), '\ncpu s', (c.user + c.system) / 1e6);
  expect(true).toBe(true);
}, 600_000);
