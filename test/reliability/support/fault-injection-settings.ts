import { expect } from 'vitest';
import { type RunOptions, runSettingsFromEnvironment } from './run-scenarios.js';
import type { RunFigures } from './scenario.js';

// What the fault-injection test files share: the settings read from the environment, the replay
// line they print, and the promises checked on a run's figures.

/** The run settings (`RELIABILITY_SEED`, `RELIABILITY_SCENARIOS`, ...; see fault-injection.test.ts). */
export const settings = runSettingsFromEnvironment({ scenarios: 1_000, raceProbability: 0.2 });

/** The scenario knobs every run of the files passes through. */
export const scenarioKnobs: RunOptions['scenario'] = {
  raceProbability: settings.raceProbability,
  ...(settings.multiPackageDistributors ? { multiPackageDistributors: settings.multiPackageDistributors } : {}),
};

/**
 * A whole number from the environment, or the fallback.
 *
 * @param name - the variable.
 * @param fallback - its default.
 */
export function environmentCount(name: string, fallback: number): number {
  const value = process.env[name];
  const parsed = value === undefined || value.trim() === '' ? fallback : Number(value);
  if (!Number.isSafeInteger(parsed) || parsed < 0) throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

/**
 * Prints how to replay a run, before it starts (so that a run killed by a timeout still says).
 *
 * @param label - which run.
 * @param replay - the environment and file that replay it, after `RELIABILITY_SEED=<seed>`.
 * @param runSeed - the run's seed.
 * @param scenarios - its scenarios.
 */
export function announce(label: string, replay: string, runSeed: number, scenarios: number): void {
  console.log(
    `${label}: run seed ${runSeed}, ${scenarios} scenarios; replay the run with RELIABILITY_SEED=${runSeed} ${replay}`,
  );
}

/**
 * The promises, checked on a run's figures (each failing scenario listed with its replay seed).
 *
 * @param figures - the run's figures.
 * @param scenarios - how many scenarios it had to run.
 */
export function expectPromisesKept(figures: RunFigures, scenarios: number): void {
  expect(figures.scenarios).toBe(scenarios);
  expect(
    figures.failedScenarios.map(
      (failed) => `#${failed.index} RELIABILITY_SCENARIO_SEED=${failed.seed}: ${failed.problems.join('; ')}`,
    ),
  ).toEqual([]);
  expect(figures.duplicates).toBe(0);
  expect(figures.lost).toBe(0);
  expect(figures.untypedErrors).toBe(0);
}
