// Fault injection: a seeded, reproducible run of at least 1,000 small scenarios, each pushing a few
// marketplace orders through the whole loop (createDropshipper with the real WPS, Parts Unlimited,
// Tucker Rocky, Automatic, Walmart and Shopify clients against their simulators, and a buyer
// notifier) while the simulators fail at random and the process crashes or restarts at random
// steps. After a fault-free drain, every scenario checks the promises: one distributor order per
// PO number, every line on a PO or explained, no tracking pushed twice, no email twice, every PO
// settled. See support/scenario.ts for what one scenario does, docs/reliability.md for the figures.
//
// Environment:
//   RELIABILITY_SEED=<n>           run seed (default 20261122, so CI is reproducible)
//   RELIABILITY_SCENARIOS=<n>      scenarios (default 1000)
//   RELIABILITY_SCENARIO_SEED=<n>  replay one scenario alone (printed when one fails)
//   RELIABILITY_RACES=<p>          probability that a scenario has a step where two workers run at
//                                  once on the same store (default 0.2)
//   RELIABILITY_WPS_MULTI_PACKAGE=0  keep WPS to one package per PO (by default every
//                                  distributor, WPS too, ships in several packages: bug 1 is fixed)
//   RELIABILITY_DEBUG=1            print what each drain round found (with a replay)
import { createPostgresStore, type PostgresStore } from '@dropship/postgres';
import { describe, expect, it } from 'vitest';
import { createReliabilityServer, createReliabilityWorld } from './support/reliability-world.js';
import { runScenarios, runSettingsFromEnvironment } from './support/run-scenarios.js';
import { formatFigures, runScenario } from './support/scenario.js';

const settings = runSettingsFromEnvironment({ scenarios: 1_000, seed: 20_261_122, raceProbability: 0.2 });
const scenarioKnobs = {
  raceProbability: settings.raceProbability,
  ...(settings.multiPackageDistributors ? { multiPackageDistributors: settings.multiPackageDistributors } : {}),
};

describe.runIf(settings.replaySeed === undefined)('fault injection', () => {
  it(`keeps every promise through ${settings.scenarios} scenarios of faults, crashes and restarts (in-memory store)`, async () => {
    const figures = await runScenarios({
      runSeed: settings.runSeed,
      scenarios: settings.scenarios,
      lanes: 4,
      timeoutMs: 80,
      scenario: scenarioKnobs,
    });
    console.log(formatFigures(figures, 'fault injection (in-memory store)'));
    expect(figures.scenarios).toBe(settings.scenarios);
    // Every kind of fault was injected, and processes crashed and restarted.
    if (settings.scenarios >= 200) {
      for (const [kind, count] of Object.entries(figures.trouble))
        if (kind !== 'race') expect(count, kind).toBeGreaterThan(0);
    }
    expect(
      figures.failedScenarios.map(
        (failed) => `#${failed.index} RELIABILITY_SCENARIO_SEED=${failed.seed}: ${failed.problems.join('; ')}`,
      ),
    ).toEqual([]);
    expect(figures.duplicates).toBe(0);
    expect(figures.lost).toBe(0);
    expect(figures.untypedErrors).toBe(0);
  }, 600_000);

  it('keeps every promise with the durable PGlite store (@dropship/postgres) shared by every process', async () => {
    const scenarios = Math.min(24, settings.scenarios);
    const figures = await runScenarios({
      runSeed: settings.runSeed + 1,
      scenarios,
      lanes: 2,
      timeoutMs: 200,
      // One in-memory PGlite database per lane, shared by every scenario and process of the lane
      // (order ids come from the scenario seed, so scenarios never collide).
      storeForLane: () => createPostgresStore(),
      closeStore: (store) => (store as PostgresStore).close(),
      scenario: scenarioKnobs,
    });
    console.log(formatFigures(figures, 'fault injection (PGlite store)'));
    expect(figures.scenarios).toBe(scenarios);
    expect(
      figures.failedScenarios.map(
        (failed) => `#${failed.index} RELIABILITY_SCENARIO_SEED=${failed.seed}: ${failed.problems.join('; ')}`,
      ),
    ).toEqual([]);
    expect(figures.duplicates).toBe(0);
    expect(figures.lost).toBe(0);
  }, 600_000);
});

describe.runIf(settings.replaySeed !== undefined)('fault injection: replay', () => {
  it(`replays scenario seed ${settings.replaySeed}`, async () => {
    const world = createReliabilityWorld({ timeoutMs: 80, lane: 0 });
    const server = createReliabilityServer([world]);
    server.listen();
    try {
      const outcome = await runScenario({ world, seed: settings.replaySeed as number, ...scenarioKnobs });
      console.log(JSON.stringify(outcome, null, 2));
      expect(outcome.problems).toEqual([]);
    } finally {
      server.close();
    }
  }, 120_000);
});
