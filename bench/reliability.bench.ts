// `pnpm bench reliability`: the fault-injection run of test/reliability/fault-injection.test.ts at
// a larger scale (10,000 scenarios by default, a new run seed each time unless one is given).
// Each scenario pushes a few orders through the whole loop against the simulators while they fail
// at random and the process crashes or restarts; after a fault-free drain it checks the promises.
// Prints the figures (with the table of faults as they fired) and the target: 0 duplicates,
// 0 lost, 0 untyped errors, every fired minimum met. A failing scenario
// is printed with the seed that replays it alone:
//   RELIABILITY_SCENARIO_SEED=<seed> pnpm exec vitest run test/reliability/fault-injection.test.ts
//
// Environment: RELIABILITY_SCENARIOS (default 10000), RELIABILITY_SEED (default random),
// RELIABILITY_LANES (default 4), RELIABILITY_RACES=<probability> (two workers at once; default
// 0.2) and RELIABILITY_WPS_MULTI_PACKAGE=0 (WPS ships one package per PO; by default it ships in
// several, like every distributor, since bug 1 is fixed).
import { missedMinimums } from '../test/reliability/support/fired-faults.js';
import { runScenarios, runSettingsFromEnvironment } from '../test/reliability/support/run-scenarios.js';
import { formatFigures } from '../test/reliability/support/scenario.js';

const settings = runSettingsFromEnvironment({ scenarios: 10_000, raceProbability: 0.2 });
const lanes = Number(process.env.RELIABILITY_LANES ?? 4);
console.log(
  `reliability: ${settings.scenarios} scenarios, run seed ${settings.runSeed} (RELIABILITY_SEED=${settings.runSeed} replays the run), ${lanes} lanes`,
);

let lastReport = Date.now();
const figures = await runScenarios({
  runSeed: settings.runSeed,
  scenarios: settings.scenarios,
  lanes,
  timeoutMs: 80,
  scenario: {
    raceProbability: settings.raceProbability,
    ...(settings.multiPackageDistributors ? { multiPackageDistributors: settings.multiPackageDistributors } : {}),
  },
  onScenario(done, current) {
    if (Date.now() - lastReport < 15_000) return;
    lastReport = Date.now();
    console.log(`  ${done} scenarios, duplicates ${current.duplicates}, lost ${current.lost}`);
  },
});

console.log(formatFigures(figures));
console.log(
  `  ${(figures.scenarios / figures.seconds).toFixed(1)} scenarios/s, ${((figures.cpuSeconds * 1_000) / figures.scenarios).toFixed(1)} ms of CPU per scenario`,
);
// Every (adapter, operation, fault kind) fired at least its minimum (faults counted as they fired).
const missed = missedMinimums(figures.fired, figures.scenarios);
for (const line of missed) console.log(`  fired below its minimum: ${line}`);
const ok =
  figures.duplicates === 0 &&
  figures.lost === 0 &&
  figures.untypedErrors === 0 &&
  figures.failedScenarios.length === 0 &&
  missed.length === 0;
console.log(
  `${ok ? 'ok' : 'FAIL'}: target 0 duplicates, 0 lost, 0 untyped errors, every fired minimum met; got ${figures.duplicates}, ${figures.lost}, ${figures.untypedErrors} (${figures.failedScenarios.length} failing scenarios), ${missed.length} minimums missed`,
);
