// The consistency test is only as good as its checks: each one is tried here on a small package
// written to a temporary folder, with the problems it must find and the cases it must accept.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  checkChangeset,
  checkDependencies,
  checkExports,
  checkManifest,
  checkReadme,
  checkTests,
  createProgram,
  findUndocumentedExports,
  findWorkspacePackages,
  importedModules,
  type PackageManifest,
  readChangesets,
  type WorkspacePackage,
} from './package-checks.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const temporaryDirectories: string[] = [];

afterEach(() => {
  for (const directory of temporaryDirectories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Writes `files` (path → content) under a fresh temporary folder and returns the folder. */
function writeTree(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), 'dropship-checks-'));
  temporaryDirectories.push(directory);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), content);
  }
  return directory;
}

const goodManifest: PackageManifest = {
  name: '@dropship/widget',
  description: 'A widget.',
  license: 'MIT',
  type: 'module',
  sideEffects: false,
  exports: {
    '.': { '@dropship/source': './src/index.ts', types: './dist/index.d.ts', import: './dist/index.js' },
  },
  files: ['dist', 'README.md'],
  engines: { node: '>=20.19' },
  repository: { directory: 'packages/widget' },
};

function packageAt(directory: string, manifest: PackageManifest = goodManifest): WorkspacePackage {
  return { name: manifest.name ?? 'unnamed', directory, relativeDirectory: 'packages/widget', manifest };
}

describe('findWorkspacePackages', () => {
  it('finds packages one and two folders deep and skips folders without package.json', () => {
    const directory = writeTree({
      'packages/core/package.json': JSON.stringify({ name: '@dropship/core' }),
      'packages/distributors/wps/package.json': JSON.stringify({ name: '@dropship/wps' }),
      'packages/distributors/notes.txt': '',
      'packages/core/node_modules/x/package.json': JSON.stringify({ name: 'x' }),
    });
    expect(findWorkspacePackages(directory).map((found) => [found.name, found.relativeDirectory])).toEqual([
      ['@dropship/core', 'packages/core'],
      ['@dropship/wps', 'packages/distributors/wps'],
    ]);
  });
});

describe('checkManifest', () => {
  it('accepts a package with the shared hygiene', () => {
    expect(checkManifest(packageAt('/nowhere'), '>=20.19')).toEqual([]);
  });

  it('names every missing or wrong field', () => {
    const manifest: PackageManifest = {
      name: '@dropship/widget',
      type: 'commonjs',
      files: ['lib'],
      engines: { node: '>=18' },
      repository: { directory: 'packages/elsewhere' },
    };
    expect(checkManifest(packageAt('/nowhere', manifest), '>=20.19')).toEqual([
      'package.json "type" is "commonjs", expected "module"',
      'package.json "sideEffects" is undefined, expected false',
      'package.json "files" ["lib"] does not include "dist"',
      'package.json "engines.node" is ">=18", the root says ">=20.19"',
      'package.json has no "description"',
      'package.json has no "license"',
      'package.json "repository.directory" is "packages/elsewhere", expected "packages/widget"',
    ]);
  });
});

describe('checkExports', () => {
  it('accepts entries with the source condition first, built by tsup and documented by typedoc', () => {
    const directory = writeTree({ 'src/index.ts': 'export {};' });
    expect(checkExports(packageAt(directory), ['src/index.ts'], ['src/index.ts'])).toEqual([]);
  });

  it('reports a missing condition, a wrong order, a missing source, a dist mismatch and a missing entry', () => {
    const directory = writeTree({ 'src/index.ts': 'export {};' });
    const manifest: PackageManifest = {
      ...goodManifest,
      exports: {
        '.': { types: './dist/index.d.ts', '@dropship/source': './src/index.ts', import: './dist/main.js' },
        './testing': { '@dropship/source': './src/testing.ts', import: './dist/testing.js' },
      },
    };
    expect(checkExports(packageAt(directory, manifest), ['src/index.ts'], ['src/index.ts', 'src/testing.ts'])).toEqual([
      '"exports"["."]: "@dropship/source" must be the first condition (it is #2)',
      '"exports"["."]["import"] is "./dist/main.js", expected "./dist/index.js" (what tsup emits for ./src/index.ts)',
      '"exports"["./testing"] has no "types" condition',
      '"exports"["./testing"]["@dropship/source"] points at ./src/testing.ts, which does not exist',
      '"exports"["./testing"]: src/testing.ts is not a tsup entry (tsup.config.ts "entry"), so it is never built',
    ]);
  });

  it('reports a package without an exports map', () => {
    const { exports: _exports, ...withoutExports } = goodManifest;
    expect(checkExports(packageAt('/nowhere', withoutExports), [], [])).toEqual([
      'package.json has no "exports" map (an object of subpaths)',
    ]);
  });
});

describe('checkReadme', () => {
  it('accepts an install section with the install command', () => {
    const directory = writeTree({
      'README.md': '# @dropship/widget\n\n## Install\n\n```sh\nnpm install @dropship/widget\n```\n\n## Use\n',
    });
    expect(checkReadme(packageAt(directory))).toEqual([]);
  });

  it('reports a missing README, a missing section, and a section that installs something else', () => {
    expect(checkReadme(packageAt(writeTree({})))).toEqual(['README.md is missing']);
    expect(checkReadme(packageAt(writeTree({ 'README.md': '# widget\n\nUse it.\n' })))).toEqual([
      'README.md has no install section (a "## Install" heading)',
    ]);
    const otherPackage = writeTree({
      'README.md':
        '# widget\n\n## Installation\n\n```sh\npnpm add @dropship/widget-extra\n```\n\n## Use\n\nnpm i @dropship/widget\n',
    });
    expect(checkReadme(packageAt(otherPackage))).toEqual([
      'README.md install section does not show the install command (for example "npm install @dropship/widget")',
    ]);
  });
});

describe('checkTests', () => {
  it('finds a test file nested under src/ and reports a package without one', () => {
    expect(checkTests(packageAt(writeTree({ 'src/deep/thing.test.ts': '' })))).toEqual([]);
    expect(checkTests(packageAt(writeTree({ 'src/index.ts': '', 'test/thing.test.ts': '' })))).toEqual([
      'no *.test.ts file under src/',
    ]);
  });
});

describe('checkChangeset', () => {
  it('reads quoted and unquoted package names from the front matter, ignoring the README', () => {
    const directory = writeTree({
      'widget-initial.md': '---\n"@dropship/widget": minor\n\'@dropship/gadget\': patch\n---\n\nSummary.\n',
      'README.md': '---\n"@dropship/other": minor\n---\n',
    });
    const changesets = readChangesets(directory);
    expect([...changesets.keys()]).toEqual(['widget-initial.md']);
    expect(checkChangeset(packageAt('/nowhere'), changesets)).toEqual([]);
  });

  it('reports a package no changeset names, and an invalid bump', () => {
    const changesets = readChangesets(writeTree({ 'x.md': '---\n"@dropship/gadget": huge\n---\n' }));
    expect(checkChangeset(packageAt('/nowhere'), changesets)).toEqual([
      'no changeset in .changeset/ names "@dropship/widget" (add .changeset/widget-initial.md with "@dropship/widget": minor)',
    ]);
    const gadget = packageAt('/nowhere', { ...goodManifest, name: '@dropship/gadget' });
    expect(checkChangeset(gadget, changesets)).toEqual([
      '.changeset/x.md gives "@dropship/gadget" the bump "huge", expected major, minor or patch',
    ]);
  });

  it('accepts a released package (its CHANGELOG.md) once its changesets were consumed', () => {
    expect(checkChangeset(packageAt(writeTree({ 'CHANGELOG.md': '# @dropship/widget\n' })), new Map())).toEqual([]);
  });
});

describe('checkDependencies', () => {
  const workspace = (directory: string): WorkspacePackage[] => [
    { name: '@dropship/core', directory: join(directory, 'core'), relativeDirectory: 'packages/core', manifest: {} },
    { name: '@dropship/http', directory: join(directory, 'http'), relativeDirectory: 'packages/http', manifest: {} },
    {
      name: '@dropship/wps',
      directory: join(directory, 'wps'),
      relativeDirectory: 'packages/distributors/wps',
      manifest: {},
    },
  ];

  it('accepts declared imports, node built-ins and test-only imports from the root devDependencies', () => {
    const directory = writeTree({
      'http/src/client.ts':
        "import ky from 'ky';\nimport { readFile } from 'node:fs';\nimport type { Offer } from '@dropship/core';\n",
      'http/src/client.test.ts': "import { it } from 'vitest';\nimport { http } from 'msw';\n",
    });
    const http: WorkspacePackage = {
      ...(workspace(directory)[1] as WorkspacePackage),
      manifest: { dependencies: { ky: '^1.14.3', '@dropship/core': 'workspace:*' } },
    };
    expect(checkDependencies(http, workspace(directory), { vitest: '^4', msw: '^2' })).toEqual([]);
  });

  it('reports core depending on another package, a dependency on an adapter, a non-workspace range and undeclared imports', () => {
    const directory = writeTree({
      'core/src/index.ts': "export * from '@dropship/http';\n",
      'http/src/client.ts': "import ky from 'ky';\nimport { z } from 'zod/mini';\n",
      'http/src/client.test.ts': "import { faker } from '@faker-js/faker';\n",
    });
    const [core, http] = workspace(directory) as [WorkspacePackage, WorkspacePackage];
    const coreWithDependency = { ...core, manifest: { dependencies: { '@dropship/http': 'workspace:*' } } };
    expect(checkDependencies(coreWithDependency, workspace(directory), {})).toEqual([
      '@dropship/core must not depend on @dropship/http: core depends on no other @dropship package',
      'src/index.ts imports "@dropship/http": core imports no other @dropship package',
    ]);
    const httpWithAdapter = { ...http, manifest: { dependencies: { '@dropship/wps': '^0.1.0', zod: '^4' } } };
    expect(checkDependencies(httpWithAdapter, workspace(directory), {})).toEqual([
      'depends on the adapter @dropship/wps: dependencies point adapters → http → core, never at an adapter',
      'dependencies["@dropship/wps"] is "^0.1.0", expected "workspace:*"',
      'src/client.test.ts imports "@faker-js/faker" but @faker-js/faker is not in dependencies, devDependencies or the root devDependencies',
      'src/client.ts imports "ky" but ky is not in dependencies or peerDependencies',
    ]);
  });

  it('sees static, type-only, re-exported and dynamic imports', () => {
    expect(
      importedModules(
        "import a from 'a';\nimport type { B } from 'b';\nexport * from 'c';\nconst d = await import('d');\n",
      ),
    ).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('findUndocumentedExports', () => {
  it('follows re-exports and reports exactly the exports and members without TSDoc', () => {
    const directory = writeTree({
      'src/index.ts': [
        '/** Entry. @packageDocumentation */',
        "export * from './things.js';",
        "export { documentedHelper, undocumentedHelper } from './helpers.js';",
        "export type { Shape } from './shape.js';",
        "export * as extras from './extras.js';",
      ].join('\n'),
      'src/things.ts': [
        '/** A documented constant. */',
        'export const documentedConstant = 1;',
        'export const undocumentedConstant = 2;',
        '/** Overloaded, documented once. */',
        'export function overloaded(value: string): string;',
        'export function overloaded(value: number): number;',
        'export function overloaded(value: string | number) { return value; }',
        '/** A service. */',
        'export interface Service {',
        '  /** Documented method. */',
        '  run(): void;',
        '  stop(): void;',
        '  /** A property needs no comment (typedoc does not require it either). */',
        '  name: string;',
        '}',
        '/** A service implementation. */',
        'export class ServiceImplementation implements Service {',
        '  name = "x";',
        '  run(): void {}',
        '  stop(): void {}',
        '  restart(): void {}',
        '  private hidden(): void {}',
        '}',
      ].join('\n'),
      'src/helpers.ts': [
        '/** Helps. */',
        'export function documentedHelper() {}',
        'export function undocumentedHelper() {}',
        'export function notExported() {}',
      ].join('\n'),
      'src/shape.ts': 'export type Shape = { side: number };',
      'src/extras.ts': '/** Extra. */\nexport const extra = 1;\nexport const bare = 2;',
    });
    const entryFile = join(directory, 'src/index.ts');
    const program = createProgram(root, [entryFile]);
    expect(findUndocumentedExports(program, entryFile, directory).sort()).toEqual(
      [
        'src/index.ts exports undocumentedConstant (variable, src/things.ts:3) without a TSDoc comment',
        'src/index.ts exports Service.stop (method, src/things.ts:12) without a TSDoc comment',
        'src/index.ts exports ServiceImplementation.stop (method, src/things.ts:20) without a TSDoc comment',
        'src/index.ts exports ServiceImplementation.restart (method, src/things.ts:21) without a TSDoc comment',
        'src/index.ts exports undocumentedHelper (function, src/helpers.ts:3) without a TSDoc comment',
        'src/index.ts exports Shape (type, src/shape.ts:1) without a TSDoc comment',
        'src/index.ts exports extras.bare (variable, src/extras.ts:3) without a TSDoc comment',
      ].sort(),
    );
  });
});
