// The vitest configuration Stryker runs each mutant with: the repository's, limited to the unit
// tests of the packages (the end-to-end suites under test/ take minutes a run; CI runs them
// against the fixed promise mutations of scripts/promise-mutation-list.mjs instead).
//
// Stryker runs in a sandbox copy (.stryker-tmp/) whose node_modules is a link to the repository's:
// through it `@dropship/*` would resolve to the UNMUTATED packages of the working tree. Each
// `@dropship/*` entry point is therefore aliased to its source in the folder of this file (the
// sandbox), so that a mutant in one package is seen by the tests of the packages that import it.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findWorkspacePackages } from './scripts/workspace-packages.mjs';
import base from './vitest.config.ts';

const root = dirname(fileURLToPath(import.meta.url));

/** `@dropship/<name>[/<subpath>]` → the source file its `@dropship/source` export names. */
const sourceAliases = findWorkspacePackages(root).flatMap((workspacePackage) =>
  Object.entries(workspacePackage.manifest.exports ?? {}).flatMap(([subpath, conditions]) => {
    const source = typeof conditions === 'object' && conditions !== null ? conditions['@dropship/source'] : undefined;
    if (typeof source !== 'string') return [];
    const specifier = `${workspacePackage.name}${subpath === '.' ? '' : subpath.slice(1)}`;
    return [
      {
        find: new RegExp(`^${specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
        replacement: `${workspacePackage.directory}/${source.replace(/^\.\//, '')}`,
      },
    ];
  }),
);

/**
 * The test files: every package's unit tests, or the comma-separated globs of
 * `DROPSHIP_MUTATION_TESTS` (to afford a subset on a small machine).
 */
const include = process.env.DROPSHIP_MUTATION_TESTS?.split(',').filter(Boolean) ?? ['packages/**/src/**/*.test.ts'];

export default {
  ...base,
  resolve: { ...base.resolve, alias: sourceAliases },
  test: { ...base.test, include },
};
