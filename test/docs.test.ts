// The guides in docs/ and the root README stay true: the getting-started script runs and prints
// what the guide says; code samples import only names the packages export, and complete samples
// type-check; the state diagram matches the state machine's table; every relative link resolves.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { purchaseOrderStates, purchaseOrderTransitions } from '@dropship/core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { codeBlocks, headingAnchors, links } from './support/markdown.js';
import { exportEntries, findWorkspacePackages } from './support/package-checks.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const docsDirectory = join(root, 'docs');
const guides = readdirSync(docsDirectory)
  .filter((file) => file.endsWith('.md'))
  .sort();
const documents = ['README.md', ...guides.map((file) => `docs/${file}`)];
const read = (path: string) => readFileSync(join(root, path), 'utf8');

const expectedGuides = [
  'README.md',
  'architecture.md',
  'concepts.md',
  'getting-started.md',
  'operating.md',
  'reliability.md',
  'writing-a-distributor-adapter.md',
  'writing-a-marketplace-adapter.md',
];

describe('root README', () => {
  it('opens with the demo and the test command, each on its own line, right under the title', () => {
    const readme = read('README.md');
    const [title, blank, fence, demo, test, closing] = readme.split('\n');
    expect(title).toBe('# @dropship SDK');
    expect([blank, fence, closing]).toEqual(['', '```sh', '```']);
    expect(demo).toBe('npm i -g pnpm@10.34.9 && pnpm install && pnpm demo');
    expect(test).toBe('npm i -g pnpm@10.34.9 && pnpm install && pnpm test');
  });

  it('lists all 14 packages', () => {
    const readme = read('README.md');
    const missing = findWorkspacePackages(root)
      .map((workspacePackage) => workspacePackage.name)
      .filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });

  it('documents every root script it names with a command that exists', () => {
    const scripts = Object.keys(JSON.parse(read('package.json')).scripts as Record<string, string>);
    const named = [...read('README.md').matchAll(/`pnpm (?:run )?([\w:-]+)[^`]*`/g)]
      .map((match) => match[1] as string)
      .filter((name) => !['install', 'exec', 'add', 'i'].includes(name));
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
    for (const script of ['build', 'test', 'typecheck', 'lint', 'docs', 'bench', 'demo']) {
      expect(named, `README names the ${script} script`).toContain(script);
    }
  });
});

describe('docs/', () => {
  it('holds the guides, and docs/README.md links each of them', () => {
    expect(guides).toEqual(expectedGuides);
    const index = read('docs/README.md');
    const linked = links(index).map((link) => link.target.split('#')[0]);
    expect(guides.filter((guide) => guide !== 'README.md' && !linked.includes(guide))).toEqual([]);
  });

  it.each(documents)('%s: every relative link points at an existing file and heading', (document) => {
    const text = read(document);
    const problems: string[] = [];
    for (const link of links(text)) {
      if (/^[a-z]+:/i.test(link.target)) continue; // https:, mailto:
      const [path = '', anchor] = link.target.split('#');
      const target = path === '' ? join(root, document) : resolve(dirname(join(root, document)), path);
      if (!existsSync(target)) {
        problems.push(`line ${link.line}: ${link.target} → ${relative(root, target)} does not exist`);
        continue;
      }
      if (anchor && target.endsWith('.md') && !headingAnchors(readFileSync(target, 'utf8')).has(anchor)) {
        problems.push(`line ${link.line}: ${link.target} → no heading "#${anchor}" in ${relative(root, target)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the guides name what the packages really are', () => {
  const workspacePackages = findWorkspacePackages(root);

  it('architecture.md lists every package with its folder, and says how many there are', () => {
    const architecture = read('docs/architecture.md');
    const rows = architecture.split('\n').filter((line) => line.startsWith('| `@dropship/'));
    const missing = workspacePackages
      .filter(
        (workspacePackage) =>
          !rows.some((row) =>
            row.startsWith(`| \`${workspacePackage.name}\` | \`${workspacePackage.relativeDirectory}\` |`),
          ),
      )
      .map((workspacePackage) => workspacePackage.name);
    expect(missing).toEqual([]);
    expect(rows).toHaveLength(workspacePackages.length);
    const numbers = [
      'zero',
      'one',
      'two',
      'three',
      'four',
      'five',
      'six',
      'seven',
      'eight',
      'nine',
      'ten',
      'eleven',
      'twelve',
      'thirteen',
      'fourteen',
      'fifteen',
      'sixteen',
      'seventeen',
      'eighteen',
      'nineteen',
      'twenty',
    ];
    const count = numbers[workspacePackages.length] ?? String(workspacePackages.length);
    expect(architecture.toLowerCase()).toContain(`${count} packages`);
  });

  it("operating.md's credentials table names exactly the environment variables each adapter reads", () => {
    const operating = read('docs/operating.md');
    const adapters = workspacePackages.filter((workspacePackage) =>
      /^packages\/(distributors|marketplaces)\//.test(workspacePackage.relativeDirectory),
    );
    expect(adapters.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const adapter of adapters) {
      // The variables an adapter reads are constants named after it: 'WPS_API_TOKEN', 'SHOPIFY_SHOP'.
      const prefix = adapter.relativeDirectory.split('/').at(-1)?.toUpperCase().replace(/-/g, '_') ?? '';
      const variablesRead = new Set<string>();
      // Simulators are not adapters reading the environment (an eBay simulator writes 'EBAY_US' as a marketplace id).
      for (const file of sourceFiles(join(adapter.directory, 'src')).filter((path) => !/simulator/.test(path))) {
        for (const match of readFileSync(file, 'utf8').matchAll(new RegExp(`'(${prefix}_[A-Z0-9_]+)'`, 'g')))
          variablesRead.add(match[1] as string);
      }
      const row = operating.split('\n').find((line) => line.startsWith(`| \`${adapter.name}\` |`));
      if (row === undefined) {
        problems.push(`${adapter.name}: no row in the credentials table`);
        continue;
      }
      const named = new Set([...row.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/g)].map((match) => match[1] as string));
      for (const variable of variablesRead)
        if (!named.has(variable)) problems.push(`${adapter.name} reads ${variable}; the table does not name it`);
      for (const variable of named)
        if (!variablesRead.has(variable))
          problems.push(`${adapter.name}: the table names ${variable}, which its sources do not read`);
    }
    expect(problems).toEqual([]);
  });
});

/** Non-test TypeScript files under a folder (no fixtures). */
function sourceFiles(directory: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === '__fixtures__' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('getting started', () => {
  const guide = read('docs/getting-started.md');
  const script = read('docs/examples/getting-started.ts');

  it('shows docs/examples/getting-started.ts verbatim', () => {
    const shown = codeBlocks(guide).filter((block) => block.language === 'ts');
    expect(shown.map((block) => block.code)).toContain(script.slice(script.indexOf('import {')));
  });

  it('runs, and prints what the guide says it prints', () => {
    const output = execFileSync(
      process.execPath,
      ['--conditions=@dropship/source', '--import', 'tsx', join(root, 'docs/examples/getting-started.ts')],
      { cwd: root, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } },
    );
    const printed = codeBlocks(guide).find((block) => block.language === 'text');
    expect(printed, 'the guide has a ```text block with the output').toBeDefined();
    expect(output).toBe(printed?.code);
  });
});

describe('concepts: the purchase-order state diagram', () => {
  const concepts = read('docs/concepts.md');
  const diagram = codeBlocks(concepts).find(
    (block) => block.language === 'mermaid' && block.code.includes('stateDiagram'),
  );
  const edges = (diagram?.code ?? '')
    .split('\n')
    .map((line) => /^\s*(\S+)\s*-->\s*(\S+?)\s*(?::\s*(.+))?$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({
      from: match[1] ?? '',
      to: match[2] ?? '',
      events: (match[3] ?? '').split(' / ').filter(Boolean),
    }));
  /** Events that only record a fact and keep the state (allowed only in states they lead back to). */
  const marks = purchaseOrderTransitions.filter((rule) => rule.from.every((state) => rule.to.includes(state)));

  it('exists and shows every state', () => {
    expect(diagram).toBeDefined();
    const shown = new Set(edges.flatMap((edge) => [edge.from, edge.to]));
    expect(purchaseOrderStates.filter((state) => !shown.has(state))).toEqual([]);
  });

  it('draws only moves that transition() allows', () => {
    const wrong = edges
      .filter((edge) => edge.from !== '[*]' && edge.to !== '[*]')
      .flatMap((edge) =>
        edge.events
          .filter(
            (event) =>
              !purchaseOrderTransitions.some(
                (rule) =>
                  rule.event === event &&
                  rule.from.some((state) => state === edge.from) &&
                  rule.to.some((state) => state === edge.to),
              ),
          )
          .map((event) => `${edge.from} --> ${edge.to}: ${event}`),
      );
    expect(wrong).toEqual([]);
  });

  it('draws every (state, event) the table allows, except the marks that keep the state', () => {
    const missing = purchaseOrderTransitions
      .filter((rule) => !marks.includes(rule))
      .flatMap((rule) =>
        rule.from
          .filter((state) => !edges.some((edge) => edge.from === state && edge.events.includes(rule.event)))
          .map((state) => `${state}: ${rule.event}`),
      );
    expect(missing).toEqual([]);
  });

  it('names the marks in the text', () => {
    for (const rule of marks) expect(concepts).toContain(`\`${rule.event}\``);
  });
});

/** Source entry of an import specifier such as `@dropship/core/test`, from the exports map. */
function entryOf(specifier: string): string | undefined {
  for (const workspacePackage of findWorkspacePackages(root)) {
    if (specifier !== workspacePackage.name && !specifier.startsWith(`${workspacePackage.name}/`)) continue;
    const subpath = `.${specifier.slice(workspacePackage.name.length)}`;
    const source = exportEntries(workspacePackage.manifest).find((entry) => entry.subpath === subpath)?.source;
    return source === undefined ? undefined : join(workspacePackage.directory, source);
  }
  return undefined;
}

describe('code samples', () => {
  const samples = documents.flatMap((document) =>
    codeBlocks(read(document))
      .filter((block) => ['ts', 'typescript'].includes(block.language))
      .map((block) => ({ document, ...block })),
  );
  const imports = (code: string) =>
    ts
      .createSourceFile('sample.ts', code, ts.ScriptTarget.Latest)
      .statements.filter(ts.isImportDeclaration)
      .map((declaration) => {
        const bindings = declaration.importClause?.namedBindings;
        return {
          specifier: (declaration.moduleSpecifier as ts.StringLiteral).text,
          names:
            bindings && ts.isNamedImports(bindings)
              ? bindings.elements.map((element) => (element.propertyName ?? element.name).text)
              : [],
        };
      });

  it('import only names the @dropship packages export', () => {
    const wanted = samples.flatMap((sample) =>
      imports(sample.code)
        .filter((item) => item.specifier.startsWith('@dropship/'))
        .map((item) => ({ ...item, where: `${sample.document}:${sample.line}` })),
    );
    const entries = [...new Set(wanted.map((item) => entryOf(item.specifier)).filter((entry) => entry !== undefined))];
    const program = ts.createProgram({
      rootNames: entries.filter((entry) => existsSync(entry)),
      options: compilerOptions(),
    });
    const checker = program.getTypeChecker();
    const problems: string[] = [];
    for (const item of wanted) {
      const entry = entryOf(item.specifier);
      const sourceFile = entry === undefined ? undefined : program.getSourceFile(entry);
      const moduleSymbol = sourceFile === undefined ? undefined : checker.getSymbolAtLocation(sourceFile);
      if (moduleSymbol === undefined) {
        problems.push(`${item.where}: ${item.specifier} has no source entry point yet (say "coming in ..." instead)`);
        continue;
      }
      const exported = new Set(checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.getName()));
      for (const name of item.names) {
        if (!exported.has(name)) problems.push(`${item.where}: ${item.specifier} does not export ${name}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('type-check when they are complete (every import is a package, none is relative)', () => {
    const complete = samples.filter((sample) => {
      const specifiers = imports(sample.code).map((item) => item.specifier);
      return specifiers.length > 0 && specifiers.every((specifier) => !specifier.startsWith('.'));
    });
    expect(complete.length).toBeGreaterThan(0);
    const virtualFiles = new Map(
      complete.map((sample, index) => [
        join(root, 'docs', '__samples__', `${sample.document.replace(/[/.]/g, '-')}-${index}.ts`),
        sample,
      ]),
    );
    const options = compilerOptions();
    const host = ts.createCompilerHost(options);
    const fileExists = host.fileExists.bind(host);
    const readFile = host.readFile.bind(host);
    const getSourceFile = host.getSourceFile.bind(host);
    host.fileExists = (file) => virtualFiles.has(file) || fileExists(file);
    host.readFile = (file) => virtualFiles.get(file)?.code ?? readFile(file);
    host.getSourceFile = (file, language, ...rest) => {
      const sample = virtualFiles.get(file);
      return sample ? ts.createSourceFile(file, sample.code, language) : getSourceFile(file, language, ...rest);
    };
    const program = ts.createProgram({ rootNames: [...virtualFiles.keys()], options, host });
    const problems = [...virtualFiles].flatMap(([file, sample]) => {
      const sourceFile = program.getSourceFile(file);
      return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)].map(
        (diagnostic) => {
          const line =
            diagnostic.file && diagnostic.start !== undefined
              ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1
              : 0;
          return `${sample.document}:${sample.line + line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
        },
      );
    });
    expect(problems).toEqual([]);
  });
});

function compilerOptions(): ts.CompilerOptions {
  const configFile = join(root, 'tsconfig.base.json');
  const { config } = ts.readConfigFile(configFile, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent({ ...config, include: [], files: [] }, ts.sys, root);
  return { ...parsed.options, noEmit: true };
}
