import { scenarioSeed } from './support/prng.js';
import { createReliabilityServer, createReliabilityWorld } from './support/reliability-world.js';
import { addOutcome, emptyFigures, formatFigures, runScenario } from './support/scenario.js';
const lanes = Number(process.env.LANES ?? 4);
const worlds = Array.from({ length: lanes }, (_, lane) => createReliabilityWorld({ timeoutMs: 80, lane }));
const server = createReliabilityServer(worlds);
server.listen();
const figures = emptyFigures(1);
const started = performance.now();
const n = Number(process.env.N ?? 30);
let next = 0;
const c0 = process.cpuUsage();
await Promise.all(worlds.map(async (world) => {
  while (next < n) {
    const index = next++;
    addOutcome(figures, index, await runScenario({ world, seed: scenarioSeed(1, index), raceProbability: Number(process.env.RACE ?? 0) }));
    
  }
}));
figures.seconds = (performance.now() - started) / 1000;
const c = process.cpuUsage(c0);
console.log(formatFigures(figures).split('\n').slice(0, 5).join('\n'), '\ncpu s', (c.user + c.system) / 1e6);
server.close();
import { writeFileSync } from 'node:fs';
writeFileSync('/tmp/rel/failed.json', JSON.stringify(figures.failedScenarios, null, 1));
