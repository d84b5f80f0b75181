// Discovers the workspace's publishable packages: every folder under `packages/` (one or two
// levels deep, as in pnpm-workspace.yaml) that holds a package.json. Shared by the docs script,
// the consistency test and anything else that must see "every package".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * @typedef {object} WorkspacePackage
 * @property {string} name        the package name, for example `@dropship/core`
 * @property {string} directory   absolute path of the package folder
 * @property {string} relativeDirectory  path from the repository root, for example `packages/core`
 * @property {Record<string, unknown>} manifest  the parsed package.json
 */

/**
 * Every package under `<root>/packages` (depth 1 and 2), sorted by folder.
 *
 * @param {string} root repository root
 * @returns {WorkspacePackage[]}
 */
export function findWorkspacePackages(root) {
  const packagesDirectory = join(root, 'packages');
  const found = [];
  const visit = (directory, depth) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const candidate = join(directory, entry.name);
      const manifestFile = join(candidate, 'package.json');
      if (existsSync(manifestFile)) {
        const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
        found.push({
          name: manifest.name,
          directory: candidate,
          relativeDirectory: relative(root, candidate),
          manifest,
        });
      } else if (depth < 2) {
        visit(candidate, depth + 1);
      }
    }
  };
  visit(packagesDirectory, 1);
  return found.sort((left, right) => left.relativeDirectory.localeCompare(right.relativeDirectory));
}
