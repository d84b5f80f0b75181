// Fault injection with the durable store: the scenarios of fault-injection.test.ts (see there and
// support/scenario.ts) on `@dropship/postgres` over in-memory PGlite, one database per lane shared
// by every scenario and process of the lane. A file of its own, so that it runs in a worker of its
// own beside the in-memory run. A new run seed each run (printed, with the line that replays it).
//
// Environment: RELIABILITY_SEED=<n> (run seed), RELIABILITY_PGLITE_SCENARIOS=<n> (default 150),
// RELIABILITY_RACES, RELIABILITY_WPS_MULTI_PACKAGE (as in fault-injection.test.ts).
import { createPostgresStore, type PostgresStore } from '@dropship/postgres';
import { describe, expect, it } from 'vitest';
import {
  announce,
  environmentCount,
  expectPromisesKept,
  scenarioKnobs,
  settings,
} from './support/fault-injection-settings.js';
import { missedMinimums } from './support/fired-faults.js';
import { runScenarios } from './support/run-scenarios.js';
import { formatFigures } from './support/scenario.js';

const pgliteScenarios = environmentCount('RELIABILITY_PGLITE_SCENARIOS', 150);

describe('fault injection with the durable store', () => {
  it(`keeps every promise through ${pgliteScenarios} scenarios with the durable PGlite store (@dropship/postgres) shared by every process`, async () => {
    announce(
      'fault injection (PGlite store)',
      `RELIABILITY_PGLITE_SCENARIOS=${pgliteScenarios} pnpm exec vitest run test/reliability/fault-injection-pglite.test.ts`,
      settings.runSeed,
      pgliteScenarios,
    );
    const figures = await runScenarios({
      runSeed: settings.runSeed,
      scenarios: pgliteScenarios,
      lanes: 4,
      timeoutMs: 200,
      // One in-memory PGlite database per lane, shared by every scenario and process of the lane
      // (order ids come from the scenario seed, so scenarios never collide).
      storeForLane: () => createPostgresStore(),
      closeStore: (store) => (store as PostgresStore).close(),
      scenario: scenarioKnobs,
    });
    console.log(formatFigures(figures, 'fault injection (PGlite store)'));
    expect(missedMinimums(figures.fired, figures.scenarios)).toEqual([]);
    expectPromisesKept(figures, pgliteScenarios);
  }, 900_000);
});
