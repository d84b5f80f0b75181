// Hygiene checks for one workspace package. Each check is a function that returns the list of
// problems it found, each problem a sentence naming the file and what is missing, so that a
// failing consistency test says exactly which package and what to fix.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/** A package under `packages/` with its parsed package.json. */
export interface WorkspacePackage {
  /** For example `@dropship/wps`. */
  name: string;
  /** Absolute folder path. */
  directory: string;
  /** Folder path from the repository root, for example `packages/distributors/wps`. */
  relativeDirectory: string;
  /** The parsed package.json. */
  manifest: PackageManifest;
}

/** The package.json fields the checks read. */
export interface PackageManifest {
  name?: string;
  type?: string;
  sideEffects?: unknown;
  exports?: unknown;
  files?: unknown;
  engines?: { node?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  repository?: { directory?: string } | string;
  license?: string;
  description?: string;
  private?: boolean;
}

/** The export condition that points workspace consumers at the TypeScript sources. */
export const SOURCE_CONDITION = '@dropship/source';

/** Folders (relative to `packages/`) whose packages are adapters: nothing may depend on them. */
export const ADAPTER_FOLDERS = ['distributors', 'marketplaces', 'notifiers', 'stores'] as const;

/**
 * The only dependencies of an adapter on another adapter, each for a rule the two share (one home
 * per shared rule): `@dropship/email-po` sends purchase orders over SMTP with `@dropship/email`'s
 * SMTP helpers (`mapSmtpError`: which failures may have delivered a message; `createSmtpRedactor`).
 */
export const ADAPTER_DEPENDENCY_EXCEPTIONS: Readonly<Record<string, readonly string[]>> = {
  '@dropship/email-po': ['@dropship/email'],
};

/** Every package under `<root>/packages` (one or two levels deep), sorted by folder. */
export function findWorkspacePackages(root: string): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  const visit = (directory: string, depth: number): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const candidate = join(directory, entry.name);
      const manifestFile = join(candidate, 'package.json');
      if (existsSync(manifestFile)) {
        const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as PackageManifest;
        found.push({
          name: manifest.name ?? relative(root, candidate),
          directory: candidate,
          relativeDirectory: relative(root, candidate),
          manifest,
        });
      } else if (depth < 2) {
        visit(candidate, depth + 1);
      }
    }
  };
  visit(join(root, 'packages'), 1);
  return found.sort((left, right) => left.relativeDirectory.localeCompare(right.relativeDirectory));
}

/** One subpath of the `exports` map, with the source file it points at. */
export interface ExportEntry {
  /** `.`, `./testing`, ... */
  subpath: string;
  /** Source path as written (`./src/index.ts`), or undefined when missing. */
  source: string | undefined;
}

/** The `exports` subpaths whose conditions are objects (what the other checks work from). */
export function exportEntries(manifest: PackageManifest): ExportEntry[] {
  const exportsField = manifest.exports;
  if (typeof exportsField !== 'object' || exportsField === null || Array.isArray(exportsField)) return [];
  return Object.entries(exportsField as Record<string, unknown>).map(([subpath, conditions]) => {
    const source =
      typeof conditions === 'object' && conditions !== null
        ? (conditions as Record<string, unknown>)[SOURCE_CONDITION]
        : undefined;
    return { subpath, source: typeof source === 'string' ? source : undefined };
  });
}

/** Existing source files of the exports map, as absolute paths. */
export function entryPointFiles(workspacePackage: WorkspacePackage): string[] {
  return exportEntries(workspacePackage.manifest)
    .map((entry) => entry.source)
    .filter((source): source is string => source !== undefined)
    .map((source) => join(workspacePackage.directory, source))
    .filter((file) => existsSync(file));
}

/**
 * package.json basics: `type: module`, `sideEffects: false`, `files` with `dist`, `engines.node`
 * (the same range as the root), a description, a license, `repository.directory`.
 */
export function checkManifest(workspacePackage: WorkspacePackage, rootEnginesNode: string | undefined): string[] {
  const { manifest, relativeDirectory } = workspacePackage;
  const problems: string[] = [];
  if (!manifest.name?.startsWith('@dropship/'))
    problems.push(`package.json "name" is ${JSON.stringify(manifest.name)}, expected "@dropship/<name>"`);
  if (manifest.type !== 'module')
    problems.push(`package.json "type" is ${JSON.stringify(manifest.type)}, expected "module"`);
  if (manifest.sideEffects !== false)
    problems.push(`package.json "sideEffects" is ${JSON.stringify(manifest.sideEffects)}, expected false`);
  if (!Array.isArray(manifest.files)) problems.push('package.json has no "files" array');
  else if (!manifest.files.some((entry) => entry === 'dist' || entry === 'dist/' || entry === './dist'))
    problems.push(`package.json "files" ${JSON.stringify(manifest.files)} does not include "dist"`);
  if (!manifest.engines?.node) problems.push('package.json has no "engines.node"');
  else if (rootEnginesNode && manifest.engines.node !== rootEnginesNode)
    problems.push(
      `package.json "engines.node" is ${JSON.stringify(manifest.engines.node)}, the root says ${JSON.stringify(rootEnginesNode)}`,
    );
  if (!manifest.description) problems.push('package.json has no "description"');
  if (!manifest.license) problems.push('package.json has no "license"');
  const repositoryDirectory = typeof manifest.repository === 'object' ? manifest.repository.directory : undefined;
  if (repositoryDirectory !== relativeDirectory)
    problems.push(
      `package.json "repository.directory" is ${JSON.stringify(repositoryDirectory)}, expected ${JSON.stringify(relativeDirectory)}`,
    );
  if (manifest.private === true)
    problems.push('package.json says "private": true, but packages/ holds published packages');
  return problems;
}

/**
 * The `exports` map: every subpath is an object whose first condition is `@dropship/source`
 * (TypeScript and Node take the first matching condition, so it must precede `types`), pointing
 * at an existing `src/*.ts`, with `types` and `import` pointing at the matching files in `dist/`.
 * Each source is also a tsup entry (so it is built) and a typedoc entry point (so it is documented).
 */
export function checkExports(
  workspacePackage: WorkspacePackage,
  buildEntries: readonly string[] | undefined,
  documentationEntries: readonly string[] | undefined,
): string[] {
  const { manifest, directory } = workspacePackage;
  const problems: string[] = [];
  const exportsField = manifest.exports;
  if (typeof exportsField !== 'object' || exportsField === null || Array.isArray(exportsField)) {
    return ['package.json has no "exports" map (an object of subpaths)'];
  }
  const subpaths = Object.entries(exportsField as Record<string, unknown>);
  if (!subpaths.some(([subpath]) => subpath === '.')) problems.push('"exports" has no "." entry');
  const normalise = (path: string) => path.replace(/^\.\//, '');
  for (const [subpath, conditions] of subpaths) {
    const where = `"exports"["${subpath}"]`;
    if (!subpath.startsWith('.')) {
      problems.push(`${where}: subpath must start with "." (conditions belong inside a subpath object)`);
      continue;
    }
    if (typeof conditions !== 'object' || conditions === null || Array.isArray(conditions)) {
      problems.push(`${where} is ${JSON.stringify(conditions)}, expected { "${SOURCE_CONDITION}", "types", "import" }`);
      continue;
    }
    const record = conditions as Record<string, unknown>;
    const keys = Object.keys(record);
    for (const required of [SOURCE_CONDITION, 'types', 'import']) {
      if (typeof record[required] !== 'string') problems.push(`${where} has no "${required}" condition`);
    }
    if (keys.includes(SOURCE_CONDITION) && keys[0] !== SOURCE_CONDITION)
      problems.push(
        `${where}: "${SOURCE_CONDITION}" must be the first condition (it is #${keys.indexOf(SOURCE_CONDITION) + 1})`,
      );
    if (keys.includes('require')) problems.push(`${where} has a "require" condition, but packages ship ESM only`);
    const source = record[SOURCE_CONDITION];
    if (typeof source !== 'string') continue;
    const match = /^\.\/src\/(.+)\.ts$/.exec(source);
    if (!match || source.endsWith('.d.ts') || source.endsWith('.test.ts')) {
      problems.push(`${where}["${SOURCE_CONDITION}"] is "${source}", expected "./src/<name>.ts"`);
      continue;
    }
    if (!existsSync(join(directory, source)))
      problems.push(`${where}["${SOURCE_CONDITION}"] points at ${source}, which does not exist`);
    const stem = match[1];
    const expectedTypes = `./dist/${stem}.d.ts`;
    const expectedImport = `./dist/${stem}.js`;
    if (typeof record.types === 'string' && record.types !== expectedTypes)
      problems.push(
        `${where}["types"] is "${record.types}", expected "${expectedTypes}" (what tsup emits for ${source})`,
      );
    if (typeof record.import === 'string' && record.import !== expectedImport)
      problems.push(
        `${where}["import"] is "${record.import}", expected "${expectedImport}" (what tsup emits for ${source})`,
      );
    if (buildEntries === undefined) problems.push('tsup.config.ts is missing or has no "entry" array');
    else if (!buildEntries.map(normalise).includes(normalise(source)))
      problems.push(
        `${where}: ${normalise(source)} is not a tsup entry (tsup.config.ts "entry"), so it is never built`,
      );
    if (documentationEntries === undefined) problems.push('typedoc.json is missing or has no "entryPoints" array');
    else if (!documentationEntries.map(normalise).includes(normalise(source)))
      problems.push(
        `${where}: ${normalise(source)} is not a typedoc entry point (typedoc.json "entryPoints"), so it is not documented`,
      );
  }
  return [...new Set(problems)];
}

/** A README.md with an install section showing how to install this package. */
export function checkReadme(workspacePackage: WorkspacePackage): string[] {
  const readmeFile = join(workspacePackage.directory, 'README.md');
  if (!existsSync(readmeFile)) return ['README.md is missing'];
  const lines = readFileSync(readmeFile, 'utf8').split('\n');
  const headingIndex = lines.findIndex((line) => /^#{1,3}\s+.*install/i.test(line));
  if (headingIndex === -1) return ['README.md has no install section (a "## Install" heading)'];
  const level = /^(#+)/.exec(lines[headingIndex] ?? '')?.[1]?.length ?? 2;
  const nextHeading = lines.findIndex(
    (line, index) => index > headingIndex && new RegExp(`^#{1,${level}}\\s`).test(line),
  );
  const section = lines.slice(headingIndex + 1, nextHeading === -1 ? undefined : nextHeading).join('\n');
  const name = escapeRegExp(workspacePackage.name);
  if (!new RegExp(`(npm (i|install)|pnpm (add|install|i)|yarn add)\\b[^\\n]*${name}(?![\\w-])`).test(section))
    return [
      `README.md install section does not show the install command (for example "npm install ${workspacePackage.name}")`,
    ];
  return [];
}

/** At least one `*.test.ts` beside the code under `src/`. */
export function checkTests(workspacePackage: WorkspacePackage): string[] {
  const sourceDirectory = join(workspacePackage.directory, 'src');
  if (!existsSync(sourceDirectory)) return ['src/ does not exist'];
  const testFiles = listFiles(sourceDirectory).filter((file) => file.endsWith('.test.ts'));
  return testFiles.length === 0 ? ['no *.test.ts file under src/'] : [];
}

/** Packages named by each pending changeset in `.changeset/`, keyed by file name. */
export function readChangesets(changesetDirectory: string): Map<string, Map<string, string>> {
  const changesets = new Map<string, Map<string, string>>();
  if (!existsSync(changesetDirectory)) return changesets;
  for (const file of readdirSync(changesetDirectory)) {
    if (!file.endsWith('.md') || file.toLowerCase() === 'readme.md') continue;
    const text = readFileSync(join(changesetDirectory, file), 'utf8');
    const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? '';
    const releases = new Map<string, string>();
    for (const line of frontMatter.split(/\r?\n/)) {
      const release = /^\s*["']?([^"':\s]+)["']?\s*:\s*(\S+)\s*$/.exec(line);
      if (release?.[1] && release[2]) releases.set(release[1], release[2]);
    }
    changesets.set(file, releases);
  }
  return changesets;
}

/**
 * A pending changeset naming the package with a valid bump, or a CHANGELOG.md (the package was
 * released through changesets, which consumed its changesets).
 */
export function checkChangeset(
  workspacePackage: WorkspacePackage,
  changesets: Map<string, Map<string, string>>,
): string[] {
  const problems: string[] = [];
  let mentioned = false;
  for (const [file, releases] of changesets) {
    const bump = releases.get(workspacePackage.name);
    if (bump === undefined) continue;
    mentioned = true;
    if (!['major', 'minor', 'patch'].includes(bump))
      problems.push(
        `.changeset/${file} gives "${workspacePackage.name}" the bump "${bump}", expected major, minor or patch`,
      );
  }
  if (!mentioned && !existsSync(join(workspacePackage.directory, 'CHANGELOG.md'))) {
    const shortName = workspacePackage.name.replace(/^@dropship\//, '');
    problems.push(
      `no changeset in .changeset/ names "${workspacePackage.name}" (add .changeset/${shortName}-initial.md with "${workspacePackage.name}": minor)`,
    );
  }
  return problems;
}

/**
 * Dependency direction and declared imports:
 * - `@dropship/core` depends on no other `@dropship` package, and its sources import none;
 * - no package depends on an adapter (`distributors/`, `marketplaces/`, `notifiers/`, `stores/`);
 * - workspace dependencies use the `workspace:` protocol;
 * - every package a source file imports is declared (`dependencies`/`peerDependencies` for the
 *   published code; for tests and fixtures also `devDependencies` or the root's devDependencies),
 *   so the package still works once installed from the registry.
 */
export function checkDependencies(
  workspacePackage: WorkspacePackage,
  allPackages: readonly WorkspacePackage[],
  rootDevDependencies: Readonly<Record<string, string>>,
): string[] {
  const { manifest, name } = workspacePackage;
  const problems: string[] = [];
  const runtime = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
  const development = { ...runtime, ...manifest.devDependencies, ...rootDevDependencies };
  const adapterNames = new Set(
    allPackages
      .filter((other) => ADAPTER_FOLDERS.some((folder) => other.relativeDirectory.startsWith(`packages/${folder}/`)))
      .map((other) => other.name),
  );
  const workspaceNames = new Set(allPackages.map((other) => other.name));

  for (const dependency of Object.keys(runtime)) {
    if (name === '@dropship/core' && dependency.startsWith('@dropship/'))
      problems.push(`@dropship/core must not depend on ${dependency}: core depends on no other @dropship package`);
    else if (
      adapterNames.has(dependency) &&
      dependency !== name &&
      !(ADAPTER_DEPENDENCY_EXCEPTIONS[name] ?? []).includes(dependency)
    )
      problems.push(
        `depends on the adapter ${dependency}: dependencies point adapters → http → core, never at an adapter`,
      );
  }
  for (const field of ['dependencies', 'peerDependencies', 'devDependencies'] as const) {
    for (const [dependency, range] of Object.entries(manifest[field] ?? {})) {
      if (workspaceNames.has(dependency) && !range.startsWith('workspace:'))
        problems.push(`${field}["${dependency}"] is "${range}", expected "workspace:*"`);
    }
  }

  const sourceDirectory = join(workspacePackage.directory, 'src');
  if (!existsSync(sourceDirectory)) return problems;
  for (const file of listFiles(sourceDirectory).filter((path) => /\.(m?ts|tsx)$/.test(path))) {
    const relativeFile = relative(workspacePackage.directory, file);
    const isTestCode =
      /\.test\.tsx?$/.test(file) || /(^|\/)__fixtures__\//.test(relativeFile) || /(^|\/)__tests__\//.test(relativeFile);
    for (const specifier of importedModules(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) continue;
      const dependency = packageNameOf(specifier);
      if (dependency === name) continue;
      if (name === '@dropship/core' && dependency.startsWith('@dropship/') && !isTestCode) {
        problems.push(`${relativeFile} imports "${specifier}": core imports no other @dropship package`);
        continue;
      }
      if (isTestCode ? !(dependency in development) : !(dependency in runtime)) {
        problems.push(
          `${relativeFile} imports "${specifier}" but ${dependency} is not in ${isTestCode ? 'dependencies, devDependencies or the root devDependencies' : 'dependencies or peerDependencies'}`,
        );
      }
    }
  }
  return [...new Set(problems)];
}

/** Module specifiers a file imports or re-exports (static, dynamic and type-only). */
export function importedModules(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((reference) => reference.fileName);
}

/** A program over the given entry files, with the repository's compiler options (source condition included). */
export function createProgram(root: string, entryFiles: readonly string[]): ts.Program {
  const configFile = join(root, 'tsconfig.base.json');
  const { config, error } = ts.readConfigFile(configFile, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent({ ...config, include: [], files: [] }, ts.sys, dirname(configFile));
  return ts.createProgram({ rootNames: [...entryFiles], options: { ...parsed.options, noEmit: true } });
}

/**
 * Exported symbols of an entry point (re-exports followed) without a TSDoc comment, and the
 * methods and accessors of exported classes and interfaces without one (typedoc's
 * `requiredToBeDocumented` kinds). A class member that implements a documented interface or
 * overrides a documented base member inherits its comment, as in typedoc.
 */
export function findUndocumentedExports(program: ts.Program, entryFile: string, packageDirectory: string): string[] {
  const checker = program.getTypeChecker();
  const sourceFile = program.getSourceFile(entryFile);
  const entryName = relative(packageDirectory, entryFile);
  if (!sourceFile) return [`${entryName} is not part of the TypeScript program`];
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  if (!moduleSymbol) return [];

  const problems: string[] = [];
  const seenModules = new Set<ts.Symbol>();
  const location = (node: ts.Node) => {
    const file = node.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    return `${relative(packageDirectory, file.fileName)}:${line + 1}`;
  };
  const isExternal = (node: ts.Node) => {
    const file = node.getSourceFile();
    return program.isSourceFileFromExternalLibrary(file) || file.fileName.includes('/node_modules/');
  };

  const visitModule = (module: ts.Symbol, prefix: string) => {
    if (seenModules.has(module)) return;
    seenModules.add(module);
    for (const exported of checker.getExportsOfModule(module)) {
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const exportName = `${prefix}${exported.getName()}`;
      const declarations = (target.declarations ?? []).filter((declaration) => !isExternal(declaration));
      if (declarations.length === 0) continue;
      const namespaceSource = declarations.find(ts.isSourceFile);
      if (namespaceSource) {
        visitModule(target, `${exportName}.`);
        continue;
      }
      // Overloads and declaration merging: one documented declaration per kind is enough.
      const byKind = new Map<string, ts.Declaration[]>();
      for (const declaration of declarations) {
        const kind = declarationKind(declaration);
        byKind.set(kind, [...(byKind.get(kind) ?? []), declaration]);
      }
      for (const [kind, group] of byKind) {
        if (!group.some(hasDocumentation)) {
          const first = group[0] as ts.Declaration;
          problems.push(`${entryName} exports ${exportName} (${kind}, ${location(first)}) without a TSDoc comment`);
        }
      }
      for (const declaration of declarations) {
        if (ts.isClassDeclaration(declaration) || ts.isInterfaceDeclaration(declaration)) {
          problems.push(...undocumentedMembers(checker, declaration, exportName, entryName, location));
        }
      }
    }
  };
  visitModule(moduleSymbol, '');
  return problems;
}

function undocumentedMembers(
  checker: ts.TypeChecker,
  declaration: ts.ClassDeclaration | ts.InterfaceDeclaration,
  exportName: string,
  entryName: string,
  location: (node: ts.Node) => string,
): string[] {
  const groups = new Map<string, ts.ClassElement[] | ts.TypeElement[]>();
  for (const member of declaration.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>) {
    const isMethod = ts.isMethodDeclaration(member) || ts.isMethodSignature(member);
    const isAccessor = ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member);
    if (!isMethod && !isAccessor) continue;
    if (!member.name || ts.isPrivateIdentifier(member.name)) continue;
    const modifiers = ts.canHaveModifiers(member) ? (ts.getModifiers(member) ?? []) : [];
    if (modifiers.some((modifier) => modifier.kind === ts.SyntaxKind.PrivateKeyword)) continue;
    const memberName = member.name.getText();
    const group = groups.get(memberName) ?? [];
    (group as ts.Node[]).push(member);
    groups.set(memberName, group);
  }
  const problems: string[] = [];
  for (const [memberName, members] of groups) {
    if ((members as ts.Node[]).some(hasDocumentation)) continue;
    if (inheritsDocumentation(checker, declaration, memberName)) continue;
    const first = members[0] as ts.Node;
    const kind = ts.isGetAccessorDeclaration(first) || ts.isSetAccessorDeclaration(first) ? 'accessor' : 'method';
    problems.push(
      `${entryName} exports ${exportName}.${memberName} (${kind}, ${location(first)}) without a TSDoc comment`,
    );
  }
  return problems;
}

function inheritsDocumentation(
  checker: ts.TypeChecker,
  declaration: ts.ClassDeclaration | ts.InterfaceDeclaration,
  memberName: string,
): boolean {
  for (const clause of declaration.heritageClauses ?? []) {
    for (const typeNode of clause.types) {
      const property = checker.getTypeAtLocation(typeNode).getProperty(memberName);
      if (property && property.getDocumentationComment(checker).length > 0) return true;
    }
  }
  return false;
}

function declarationKind(declaration: ts.Declaration): string {
  if (ts.isFunctionDeclaration(declaration)) return 'function';
  if (ts.isClassDeclaration(declaration)) return 'class';
  if (ts.isInterfaceDeclaration(declaration)) return 'interface';
  if (ts.isTypeAliasDeclaration(declaration)) return 'type';
  if (ts.isEnumDeclaration(declaration)) return 'enum';
  if (ts.isVariableDeclaration(declaration)) return 'variable';
  if (ts.isModuleDeclaration(declaration)) return 'namespace';
  if (ts.isExportAssignment(declaration)) return 'default export';
  return ts.SyntaxKind[declaration.kind] ?? 'declaration';
}

/** True when the node (or, for a variable, its statement) carries a TSDoc comment with text or tags. */
export function hasDocumentation(node: ts.Node): boolean {
  return ts.getJSDocCommentsAndTags(node).some((jsDoc) => {
    if (ts.isJSDoc(jsDoc)) {
      return (ts.getTextOfJSDocComment(jsDoc.comment) ?? '').trim().length > 0 || (jsDoc.tags?.length ?? 0) > 0;
    }
    return true;
  });
}

function listFiles(directory: string): string[] {
  const files: string[] = [];
  const entries = readdirSync(directory, { withFileTypes: true }).sort((left, right) =>
    left.name.localeCompare(right.name),
  );
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...listFiles(path));
    else files.push(path);
  }
  return files;
}

function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function isBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
