#!/usr/bin/env node
// The packed-install test: the packages as a user gets them from npm, not as the workspace sees
// them. It
//   1. packs every package under packages/ with `pnpm -r pack` (each package's prepack builds it;
//      pnpm writes the publishConfig overrides and replaces workspace: ranges, as `changeset
//      publish` does) into a temporary folder outside the workspace;
//   2. checks each tarball: no development-only export condition (@dropship/source), no
//      workspace: range, a LICENSE; then publint (--strict) and attw (ESM-only profile);
//   3. installs every tarball with npm into a blank project in that folder (plus msw for the
//      simulators, typescript and @types/node; NOT vitest), type-checks
//      scripts/packed-install/consumer-app.ts there without skipLibCheck under
//      module/moduleResolution nodenext and under bundler, compiles it, and runs it under plain
//      `node`: a dropshipper with WPS, eBay and their simulators and the PostgreSQL store on PGlite;
//   4. installs @dropship/wps for production alone (with @dropship/core, its peer, and
//      @dropship/http, its dependency, as tarballs: they are not on the registry), fails if msw,
//      vitest, vite or @dropship/testing is in the tree, and prints the footprint (packages, MB).
//
// Its last line is `packed-install: PASSED ...` or `packed-install: FAILED: <step>: <why>`; the
// exit code is 0 or 1. .ci/run counts it as one test. Needs the npm registry (steps 3 and 4).
// `--keep` leaves the temporary folder in place for a look.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findWorkspacePackages } from './workspace-packages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const started = Date.now();
/** Packages a production install of an adapter must never pull. */
const testTooling = ['msw', 'vitest', 'vite', '@dropship/testing', '@mswjs/interceptors'];

class StepFailure extends Error {}

function log(line) {
  console.log(`packed-install: ${line}`);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/** Runs a command; throws a StepFailure naming the step, with the command's output, when it fails. */
function run(step, command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? root,
    encoding: 'utf8',
    env: { ...process.env, ...options.env },
    timeout: options.timeoutMs ?? 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    const reason = result.error ? result.error.message : `exit ${result.status ?? `signal ${result.signal}`}`;
    console.error(output);
    throw new StepFailure(`${step}: \`${command} ${args.join(' ')}\` failed (${reason})`);
  }
  return result.stdout ?? '';
}

/** Every installed package folder under a node_modules tree (scoped and nested ones included). */
function installedPackages(nodeModules) {
  const found = [];
  const visit = (directory) => {
    if (!existsSync(directory)) return;
    for (const entry of readdirSync(directory)) {
      if (entry.startsWith('.')) continue;
      const path = join(directory, entry);
      if (entry.startsWith('@')) {
        for (const scoped of readdirSync(path)) visitPackage(join(path, scoped), `${entry}/${scoped}`);
      } else visitPackage(path, entry);
    }
  };
  const visitPackage = (path, name) => {
    if (!existsSync(join(path, 'package.json'))) return;
    found.push({ name, path });
    visit(join(path, 'node_modules'));
  };
  visit(nodeModules);
  return found;
}

/** Bytes on disk of a folder (files counted by size, symbolic links not followed). */
function folderBytes(path) {
  const stats = lstatSync(path);
  if (!stats.isDirectory()) return stats.size;
  let total = 0;
  for (const entry of readdirSync(path)) total += folderBytes(join(path, entry));
  return total;
}

function tarballManifest(tarball) {
  return JSON.parse(run('read tarball', 'tar', ['-xOzf', tarball, 'package/package.json']));
}

const workDirectory = mkdtempSync(join(tmpdir(), 'dropship-packed-'));
let step = 'start';
try {
  const packages = findWorkspacePackages(root).filter((workspacePackage) => workspacePackage.manifest.private !== true);
  const tarballDirectory = join(workDirectory, 'tarballs');
  mkdirSync(tarballDirectory);

  step = 'pack';
  let since = Date.now();
  run(step, 'pnpm', ['-r', '--filter', './packages/**', 'pack', '--pack-destination', tarballDirectory], {
    timeoutMs: 900_000,
  });
  const tarballs = new Map();
  for (const file of readdirSync(tarballDirectory).filter((name) => name.endsWith('.tgz'))) {
    const path = join(tarballDirectory, file);
    tarballs.set(tarballManifest(path).name, path);
  }
  const missing = packages.map((workspacePackage) => workspacePackage.name).filter((name) => !tarballs.has(name));
  if (missing.length > 0) throw new StepFailure(`pack: no tarball for ${missing.join(', ')}`);
  log(`packed ${tarballs.size} packages in ${seconds(since)}`);

  step = 'tarball manifests';
  const problems = [];
  for (const [name, tarball] of tarballs) {
    const manifest = tarballManifest(tarball);
    const text = JSON.stringify(manifest);
    if (text.includes('@dropship/source'))
      problems.push(`${name}: the published manifest keeps the @dropship/source condition`);
    if (text.includes('workspace:')) problems.push(`${name}: the published manifest keeps a workspace: range`);
    const listing = run(step, 'tar', ['-tzf', tarball]).split('\n');
    if (!listing.includes('package/LICENSE')) problems.push(`${name}: no LICENSE in the tarball`);
    if (!listing.includes('package/dist/index.js')) problems.push(`${name}: no dist/index.js in the tarball`);
  }
  if (problems.length > 0) throw new StepFailure(`${step}:\n  - ${problems.join('\n  - ')}`);

  step = 'publint and attw';
  since = Date.now();
  for (const [name, tarball] of tarballs) {
    step = `publint ${name}`;
    run(step, 'pnpm', ['exec', 'publint', 'run', tarball, '--strict']);
    step = `attw ${name}`;
    run(step, 'pnpm', ['exec', 'attw', tarball, '--profile', 'esm-only', '--format', 'ascii']);
  }
  log(`publint (strict) and attw (ESM-only) clean for ${tarballs.size} tarballs in ${seconds(since)}`);

  step = 'consumer install';
  since = Date.now();
  const consumer = join(workDirectory, 'consumer');
  mkdirSync(consumer);
  writeFileSync(
    join(consumer, 'package.json'),
    `${JSON.stringify({ name: 'dropship-consumer', private: true, type: 'module' }, null, 2)}\n`,
  );
  const npmQuiet = ['--no-audit', '--no-fund', '--loglevel=error'];
  run(step, 'npm', ['install', ...npmQuiet, ...tarballs.values(), 'msw@^2.15.0'], { cwd: consumer });
  // @types/emscripten: PGlite's own declarations use its global `Emscripten` namespace without
  // referencing it (upstream; @dropship/postgres exposes PGlite through its `pglite` option).
  run(
    step,
    'npm',
    ['install', ...npmQuiet, '--save-dev', 'typescript@~6.0.3', '@types/node@^20.19.0', '@types/emscripten@^1.41.0'],
    { cwd: consumer },
  );
  if (existsSync(join(consumer, 'node_modules', 'vitest')))
    throw new StepFailure(`${step}: npm installed vitest, which is only an optional peer of @dropship/testing`);
  log(`installed the ${tarballs.size} tarballs with npm into a blank project in ${seconds(since)}`);

  step = 'consumer type-check';
  since = Date.now();
  copyFileSync(join(root, 'scripts', 'packed-install', 'consumer-app.ts'), join(consumer, 'consumer-app.ts'));
  // The DOM lib: msw's declarations use fetch's DOM types (RequestMode, BodyInit) and PGlite's use
  // the `WebAssembly` namespace, which @types/node 20 does not declare (both upstream).
  const strict = {
    target: 'ES2022',
    lib: ['ES2023', 'DOM'],
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: false,
    types: ['node', 'emscripten'],
  };
  const configurations = {
    'tsconfig.nodenext.json': { ...strict, module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out' },
    'tsconfig.bundler.json': { ...strict, module: 'esnext', moduleResolution: 'bundler', noEmit: true },
  };
  for (const [file, compilerOptions] of Object.entries(configurations)) {
    writeFileSync(
      join(consumer, file),
      `${JSON.stringify({ compilerOptions, files: ['consumer-app.ts'] }, null, 2)}\n`,
    );
    step = `consumer type-check (${file}, skipLibCheck false)`;
    run(step, join(consumer, 'node_modules', '.bin', 'tsc'), ['-p', file], { cwd: consumer });
  }
  log(`tsc without skipLibCheck passed under nodenext and bundler in ${seconds(since)}`);

  step = 'consumer run under plain node';
  since = Date.now();
  const output = run(step, process.execPath, [join('out', 'consumer-app.js')], { cwd: consumer, timeoutMs: 180_000 });
  for (const line of output.trim().split('\n')) log(line);
  log(`the consumer script ran under plain node in ${seconds(since)}`);

  step = 'production install of @dropship/wps';
  since = Date.now();
  const production = join(workDirectory, 'wps-production');
  mkdirSync(production);
  writeFileSync(
    join(production, 'package.json'),
    `${JSON.stringify({ name: 'wps-production', private: true, type: 'module' }, null, 2)}\n`,
  );
  const wpsTarballs = ['@dropship/wps', '@dropship/core', '@dropship/http'].map((name) => tarballs.get(name));
  run(step, 'npm', ['install', ...npmQuiet, '--omit=dev', ...wpsTarballs], { cwd: production });
  const installed = installedPackages(join(production, 'node_modules'));
  const pulled = installed.filter((entry) => testTooling.includes(entry.name)).map((entry) => entry.name);
  if (pulled.length > 0)
    throw new StepFailure(`${step}: test tooling in a production install: ${[...new Set(pulled)].join(', ')}`);
  const megabytes = folderBytes(join(production, 'node_modules')) / 1_000_000;
  run(step, process.execPath, ['--input-type=module', '-e', "await import('@dropship/wps');"], { cwd: production });
  log(
    `production install of @dropship/wps (with @dropship/core): ${installed.length} packages, ${megabytes.toFixed(1)} MB, no ${testTooling.join(', ')} (${seconds(since)})`,
  );

  log(`PASSED (${tarballs.size} packages packed, installed, type-checked and run; ${seconds(started)})`);
} catch (error) {
  const message = error instanceof StepFailure ? error.message : `${step}: ${error?.stack ?? error}`;
  log(`FAILED: ${message}`);
  process.exitCode = 1;
} finally {
  if (keep) log(`kept ${workDirectory}`);
  else rmSync(workDirectory, { recursive: true, force: true });
}
