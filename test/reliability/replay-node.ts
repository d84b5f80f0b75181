import { createReliabilityServer, createReliabilityWorld } from './support/reliability-world.js';
import { runScenario } from './support/scenario.js';
const world = createReliabilityWorld({ timeoutMs: 80, lane: 0 });
const server = createReliabilityServer([world], { record: true });
server.listen();
const outcome = await runScenario({ world, seed: Number(process.env.SEED), raceProbability: Number(process.env.RACE ?? 0) });
console.log(JSON.stringify(outcome, null, 1));
if (process.env.CALLS) for (const call of server.recorder!.calls()) console.log(call.method, call.url.replace(/https:\/\/([a-z-]+)\.lane0\.reliability\.test/, '$1'), call.body?.slice(0, 100) ?? '');
server.close();
