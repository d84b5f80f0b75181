import { ResponseParseError } from '@dropship/core';
import { describe, expect, it } from 'vitest';
import { readAllWpsPages } from './follow-wps-cursor.js';

/** Pages served by cursor: `undefined` is the first page. */
function pages(byCursor: Record<string, { data: number[]; next: string | null }>) {
  const asked: (string | undefined)[] = [];
  return {
    asked,
    fetchPage: async (cursor: string | undefined) => {
      asked.push(cursor);
      const page = byCursor[cursor ?? 'first'];
      if (page === undefined) throw new Error(`no page ${cursor}`);
      return { data: page.data, meta: { cursor: { next: page.next } } };
    },
  };
}

describe('readAllWpsPages (cursor paging)', () => {
  it('follows meta.cursor.next until it is empty, every item once, in order', async () => {
    const served = pages({
      first: { data: [1, 2], next: 'B' },
      B: { data: [3], next: 'C' },
      C: { data: [], next: null },
    });
    expect(await readAllWpsPages('/items', served.fetchPage)).toEqual([1, 2, 3]);
    expect(served.asked).toEqual([undefined, 'B', 'C']);
  });

  it('reads one page when there is no meta at all', async () => {
    expect(await readAllWpsPages('/orders', async () => ({ data: [7] }))).toEqual([7]);
  });

  it('refuses a cursor that comes back: a ResponseParseError naming the path, not a list cut short', async () => {
    const served = pages({ first: { data: [1], next: 'A' }, A: { data: [2], next: 'A' } });
    const error = await readAllWpsPages('/orders', served.fetchPage).catch((caught: unknown) => caught);
    expect(ResponseParseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('GET /orders');
    expect(served.asked).toEqual([undefined, 'A']);
  });
});
