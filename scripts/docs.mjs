#!/usr/bin/env node
// Builds the API reference (typedoc, `entryPointStrategy: packages`) into docs/reference.
//
// Settings live in typedoc.json (root, merged site) and typedoc.base.json (each package's
// typedoc.json extends it): warnings are errors and every exported symbol must have TSDoc.
//
// A package whose entry points (its typedoc.json `entryPoints`) do not all exist yet is a package
// still being written: it is skipped with a notice naming the missing files, so the reference
// builds while packages land one by one (the consistency test in test/ fails for such a package,
// so nothing slips through). `--strict` turns a skipped package into a failure.
// Every other argument is passed to typedoc (for example `--out /tmp/reference`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findWorkspacePackages } from './workspace-packages.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const strict = process.argv.includes('--strict');
const passThrough = process.argv.slice(2).filter((argument) => argument !== '--strict');

/** Entry points of a package as its typedoc.json lists them (default `src/index.ts`). */
const entryPointsOf = (directory) => {
  const configFile = join(directory, 'typedoc.json');
  if (!existsSync(configFile)) return ['src/index.ts'];
  const config = JSON.parse(readFileSync(configFile, 'utf8'));
  return Array.isArray(config.entryPoints) && config.entryPoints.length > 0 ? config.entryPoints : ['src/index.ts'];
};

const included = [];
const skipped = [];
for (const workspacePackage of findWorkspacePackages(root)) {
  const missing = entryPointsOf(workspacePackage.directory).filter(
    (entryPoint) => !existsSync(join(workspacePackage.directory, entryPoint)),
  );
  if (missing.length === 0) included.push(workspacePackage);
  else skipped.push({ workspacePackage, missing });
}

for (const { workspacePackage, missing } of skipped) {
  console.log(
    `docs: ${strict ? 'FAIL' : 'skipping'} ${workspacePackage.name} (${workspacePackage.relativeDirectory}): ` +
      `entry point${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not written yet`,
  );
}
if (strict && skipped.length > 0) process.exit(1);
if (included.length === 0) {
  console.error('docs: no package has its entry points yet; nothing to document');
  process.exit(1);
}

const typedocArguments = included.flatMap((workspacePackage) => ['--entryPoints', workspacePackage.relativeDirectory]);
const result = spawnSync('pnpm', ['exec', 'typedoc', ...typedocArguments, ...passThrough], {
  cwd: root,
  stdio: 'inherit',
});
if (result.status === 0) {
  console.log(
    `docs: documented ${included.length} package(s)${skipped.length > 0 ? `, skipped ${skipped.length} still being written` : ''}`,
  );
}
process.exit(result.status ?? 1);
