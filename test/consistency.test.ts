// Every package under packages/ has the same hygiene: ESM, no side effects, an exports map that
// resolves to sources in the workspace and to dist/ once published, a README with an install
// section, tests beside the code, a changeset, TSDoc on every export, and dependencies that
// point one way. Each failure names the package and what is missing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkChangeset,
  checkDependencies,
  checkExports,
  checkManifest,
  checkReadme,
  checkTests,
  createProgram,
  entryPointFiles,
  findUndocumentedExports,
  findWorkspacePackages,
  readChangesets,
  type WorkspacePackage,
} from './support/package-checks.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines?: { node?: string };
  devDependencies?: Record<string, string>;
};
const packages = findWorkspacePackages(root);
const changesets = readChangesets(join(root, '.changeset'));

/** The 16 packages the SDK ships; the folder scan must find each of them. */
const expectedPackages = [
  '@dropship/amazon',
  '@dropship/automatic',
  '@dropship/core',
  '@dropship/ebay',
  '@dropship/edi',
  '@dropship/email',
  '@dropship/email-po',
  '@dropship/feeds',
  '@dropship/http',
  '@dropship/parts-unlimited',
  '@dropship/postgres',
  '@dropship/shopify',
  '@dropship/testing',
  '@dropship/tucker-rocky',
  '@dropship/walmart',
  '@dropship/wps',
];

/** Fails with one line per problem, under the package's name. */
function expectNoProblems(workspacePackage: WorkspacePackage, problems: readonly string[]): void {
  if (problems.length === 0) return;
  const heading = `${workspacePackage.name} (${workspacePackage.relativeDirectory}): ${problems.length} problem${problems.length > 1 ? 's' : ''}`;
  throw new Error(`${heading}\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
}

/** `entry` of the package's tsup.config.ts (an array or a record of entries). */
async function buildEntriesOf(workspacePackage: WorkspacePackage): Promise<string[] | undefined> {
  const configFile = join(workspacePackage.directory, 'tsup.config.ts');
  if (!existsSync(configFile)) return undefined;
  const module = (await import(pathToFileURL(configFile).href)) as { default?: unknown };
  const configs = Array.isArray(module.default) ? module.default : [module.default];
  const entries = configs.flatMap((config) => {
    const entry = typeof config === 'object' && config !== null ? (config as { entry?: unknown }).entry : undefined;
    if (Array.isArray(entry)) return entry.filter((item): item is string => typeof item === 'string');
    if (typeof entry === 'object' && entry !== null)
      return Object.values(entry).filter((item): item is string => typeof item === 'string');
    return [];
  });
  return entries.length > 0 ? entries : undefined;
}

/** `entryPoints` of the package's typedoc.json. */
function documentationEntriesOf(workspacePackage: WorkspacePackage): string[] | undefined {
  const configFile = join(workspacePackage.directory, 'typedoc.json');
  if (!existsSync(configFile)) return undefined;
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as { entryPoints?: unknown };
  return Array.isArray(config.entryPoints) ? config.entryPoints.filter((item) => typeof item === 'string') : undefined;
}

describe('workspace packages', () => {
  it('finds every SDK package under packages/', () => {
    expect(packages.map((workspacePackage) => workspacePackage.name).sort()).toEqual(expectedPackages);
  });

  it('gives every package a unique name', () => {
    const names = packages.map((workspacePackage) => workspacePackage.name);
    expect(names.filter((name, index) => names.indexOf(name) !== index)).toEqual([]);
  });
});

describe.each(packages.map((workspacePackage) => [workspacePackage.name, workspacePackage] as const))(
  '%s',
  (_name, workspacePackage) => {
    it('package.json: type module, sideEffects false, files with dist, engines.node', () => {
      expectNoProblems(workspacePackage, checkManifest(workspacePackage, rootManifest.engines?.node));
    });

    it('exports map: every entry has @dropship/source (an existing src/*.ts), types and import, built and documented', async () => {
      const buildEntries = await buildEntriesOf(workspacePackage);
      expectNoProblems(
        workspacePackage,
        checkExports(workspacePackage, buildEntries, documentationEntriesOf(workspacePackage)),
      );
    });

    it('README.md with an install section', () => {
      expectNoProblems(workspacePackage, checkReadme(workspacePackage));
    });

    it('tests beside the code (*.test.ts under src/)', () => {
      expectNoProblems(workspacePackage, checkTests(workspacePackage));
    });

    it('a changeset in .changeset/ names it', () => {
      expectNoProblems(workspacePackage, checkChangeset(workspacePackage, changesets));
    });

    it('dependencies point one way and every import is declared', () => {
      expectNoProblems(
        workspacePackage,
        checkDependencies(workspacePackage, packages, rootManifest.devDependencies ?? {}),
      );
    });
  },
);

describe('TSDoc on every exported symbol', () => {
  // One program over every entry point of every package (files are listed once, so a file that
  // appears while the suite runs does not make the program and the list disagree).
  const entryFilesByPackage = new Map(
    packages.map((workspacePackage) => [workspacePackage, entryPointFiles(workspacePackage)]),
  );
  let program: ts.Program;
  beforeAll(() => {
    program = createProgram(root, [...entryFilesByPackage.values()].flat());
  });

  it.each(packages.map((workspacePackage) => [workspacePackage.name, workspacePackage] as const))(
    '%s',
    (_name, workspacePackage) => {
      const entryFiles = entryFilesByPackage.get(workspacePackage) ?? [];
      const problems =
        entryFiles.length === 0
          ? ['no entry point exists yet (the exports map points at missing files)']
          : entryFiles.flatMap((entryFile) => findUndocumentedExports(program, entryFile, workspacePackage.directory));
      expectNoProblems(workspacePackage, problems);
    },
  );
});
