import { createRequire } from 'node:module';
const pg = createRequire(new URL('../../../packages/stores/postgres/package.json', import.meta.url))('pg');
const counts = new Map<string, number>();
const original = pg.Client.prototype.query;
(pg.Client.prototype as any).query = function (this: unknown, ...args: any[]) {
  const text = typeof args[0] === 'string' ? args[0] : args[0]?.text ?? '?';
  const key = text.replace(/\s+/g, ' ').trim().slice(0, 70);
  counts.set(key, (counts.get(key) ?? 0) + 1);
  return (original as any).apply(this, args);
};
process.on('beforeExit', () => {});
(globalThis as any).__queryCounts = counts;
