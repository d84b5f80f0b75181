// Stryker mutation testing (issue 13 item 9a): `pnpm mutate` mutates the code that carries the
// promises and runs the unit tests of the packages (stryker.vitest.config.mjs) against each mutant.
// Not in CI (hours on the whole list); CI runs the fixed promise mutations instead
// (scripts/promise-mutations.mjs). Run a subset with `--mutate`, for example:
//
//   pnpm mutate --mutate packages/http/src/submit-idempotently.ts,packages/http/src/create-redactor.ts
//
// The report: reports/mutation/index.html (ignored by git). See docs/reliability.md, "Mutation testing".

/** The files that carry the promises (globs from the repository root). */
const promiseCarryingFiles = [
  // The distributor clients' submit and look-up paths, and the one home of their idempotent submit.
  'packages/distributors/wps/src/wps-client.ts',
  'packages/distributors/parts-unlimited/src/parts-unlimited-client.ts',
  'packages/distributors/tucker-rocky/src/tucker-rocky-client.ts',
  'packages/distributors/automatic/src/automatic-client.ts',
  'packages/http/src/submit-idempotently.ts',
  // The dropshipper's place, recover and sync steps.
  'packages/core/src/dropshipper/place/**/*.ts',
  'packages/core/src/dropshipper/recover/**/*.ts',
  'packages/core/src/dropshipper/sync/**/*.ts',
  // The marketplace push adapters.
  'packages/marketplaces/ebay/src/ebay-adapter.ts',
  'packages/marketplaces/amazon/src/amazon-adapter.ts',
  'packages/marketplaces/walmart/src/walmart-client.ts',
  'packages/marketplaces/shopify/src/shopify-client.ts',
  // The HTTP client's redaction.
  'packages/http/src/create-redactor.ts',
  '!**/*.test.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'pnpm',
  testRunner: 'vitest',
  vitest: { configFile: 'stryker.vitest.config.mjs', related: true },
  plugins: ['@stryker-mutator/vitest-runner'],
  mutate: promiseCarryingFiles,
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // What the sandbox copy leaves out: build output, scratch files other runs write into the working
  // tree while Stryker copies it (the promise mutations' .test-results/), and the folders no unit
  // test of the packages reads (the end-to-end suites, the bench, the examples, the docs).
  ignorePatterns: [
    'dist',
    'coverage',
    '*.tgz',
    '/.test-results',
    '/.dropship-data',
    '/test',
    '/bench',
    '/examples',
    '/docs',
  ],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
