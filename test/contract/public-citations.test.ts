import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// READMEs, docs and source comments cite public sources (a URL, or repository@commit:path): a
// user of a published package cannot follow a citation of the project's private research notes.
// This guard fails when such a citation comes back.

const root = fileURLToPath(new URL('../..', import.meta.url));
const scanned = ['README.md', 'packages', 'docs', 'examples', 'test', 'bench', 'scripts', '.changeset'];
const skippedFolders = new Set(['node_modules', 'dist', '.git', 'coverage', 'reference']);
const extensions = /\.(md|ts|mts|mjs|js)$/;
const noteNames = [
  'distributor-apis',
  'marketplace-apis',
  'marketplace-orders',
  'marketplace-inventory',
  'edi-and-email-po',
];
// Built from parts so that this file does not match itself.
// The word alone is fine in prose; what is refused is a citation of the notes: a path into them,
// "the research notes", or "research" followed by one of their section numbers.
const forbidden = [
  new RegExp(`\\b${'re'}search(/|\\s+notes?\\b|\\s*§)`, 'i'),
  new RegExp(`(${noteNames.join('|')})\\.md`),
  new RegExp(`shared/${'re'}search`),
];

function filesUnder(path: string): string[] {
  const entries = readdirSync(path, { withFileTypes: true });
  return entries.flatMap((entry) => {
    if (entry.isDirectory()) return skippedFolders.has(entry.name) ? [] : filesUnder(join(path, entry.name));
    return extensions.test(entry.name) ? [join(path, entry.name)] : [];
  });
}

// The notes' section numbers (`§2.6`) cited bare; a standard's own section (`RFC 6749 §6`) is fine.
const bareSection = /(?<!RFC\s?\d{3,5}\s*)§\s*\d/g;

/** Every line of the scanned files that cites the research notes, as `path:line: text`. */
function findNoteCitations(files: readonly string[]): string[] {
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    const where = (index: number, line: string) => `${relative(root, file)}:${index + 1}: ${line.trim()}`;
    const cited = lines.flatMap((line, index) =>
      forbidden.some((pattern) => pattern.test(line)) ? [where(index, line)] : [],
    );
    const bare = [...text.matchAll(bareSection)].map((match) => {
      const index = text.slice(0, match.index).split('\n').length - 1;
      return where(index, lines[index] ?? '');
    });
    return [...cited, ...bare];
  });
}

describe('citations are public', () => {
  const files = scanned.flatMap((entry) => {
    const path = join(root, entry);
    return entry.endsWith('.md') ? [path] : filesUnder(path);
  });
  const self = fileURLToPath(import.meta.url);

  it('no README, doc, example or source file cites the project research notes', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(findNoteCitations(files.filter((file) => file !== self))).toEqual([]);
  });

  it('flags the citation forms that were in the repository (negative control)', () => {
    const samples = [
      `(${'re'}search/marketplace-apis.md §1.3)`,
      `(${'re'}search §2.6)`,
      `project's ${'re'}search notes (\`distributor-apis.md\`)`,
    ];
    for (const sample of samples) expect(forbidden.some((pattern) => pattern.test(sample))).toBe(true);
    expect('verified (§1.6 DOC)'.match(bareSection)).not.toBeNull();
    expect('RFC 6749 §6 and RFC 6749\n§2.2'.match(bareSection)).toBeNull();
    expect(
      forbidden.some((pattern) => pattern.test('https://developer.walmart.com/us-marketplace/docs/authentication')),
    ).toBe(false);
    expect(forbidden.some((pattern) => pattern.test(`the ${'re'}search that went into this adapter`))).toBe(false);
  });
});
