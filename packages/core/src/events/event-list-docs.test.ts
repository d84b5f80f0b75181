import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { dropshipEventNames } from './dropship-events.js';

/**
 * The event lists a user reads (the core README, the getting-started guide, the concepts guide)
 * are `dropshipEventNames`, in its order: a new event cannot be left out of the docs again. Each
 * list sits between `<!-- dropship-event-names:start -->` and `<!-- dropship-event-names:end -->`;
 * on failure, the message holds the list to paste.
 */

const documents = ['packages/core/README.md', 'docs/getting-started.md', 'docs/concepts.md'];
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const start = '<!-- dropship-event-names:start -->';
const end = '<!-- dropship-event-names:end -->';

/** The list as it is written in the docs, wrapped at 100 characters. */
function generatedList(): string {
  const words = dropshipEventNames.map(
    (name, index) => `\`${name}\`${index === dropshipEventNames.length - 1 ? '.' : ','}`,
  );
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 1 + word.length > 100) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.join('\n');
}

/** The event names listed between the markers of `path` (undefined when it has no markers). */
function listedNames(path: string): string[] | undefined {
  const text = readFileSync(`${root}${path}`, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) return undefined;
  return [...text.slice(from + start.length, to).matchAll(/`([a-z-]+)`/g)].map((match) => match[1] as string);
}

describe('the docs list every event, from dropshipEventNames', () => {
  it.each(documents)('%s', (path) => {
    expect(listedNames(path), `${path} must list, between its markers:\n${start}\n${generatedList()}\n${end}`).toEqual([
      ...dropshipEventNames,
    ]);
  });
});
