/**
 * HTTP overhead of `@dropship/http`: 10,000 `checkStock`-like GET calls against a loopback
 * `node:http` server answering with a WPS inventory payload, the SDK client (credentials,
 * limiter, retry policy, zod schema) against raw `fetch` + `JSON.parse`, in the same run.
 * Target: SDK time ≤ 1.2 × raw time.
 *
 * The rounds alternate (raw, SDK, ky, raw, SDK, ky, ...) after a warm-up of every contender, so
 * that JIT warm-up, GC and CPU contention from other processes hit all of them alike. ky (with
 * its retries and timeout off) is measured as well, for the record of why the hot path calls
 * fetch directly (see packages/http/README.md).
 *
 * Run through bench/http.bench.ts: node --conditions=@dropship/source --import tsx bench/http.bench.ts [calls]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpClient } from '@dropship/http';
import ky from 'ky';
import { z } from 'zod';

const totalCalls = Number(process.argv[2] ?? 10_000);
const rounds = 10;
const callsPerRound = Math.ceil(totalCalls / rounds);
const warmUpCalls = 500;
const target = 1.2;

// A realistic WPS answer to `GET /inventory?filter[sku]=...` for a batch of SKUs
// (fields from research/distributor-apis.md §1.3; counts capped at 9 per warehouse).
const warehouses = [
  'ca_warehouse',
  'ga_warehouse',
  'id_warehouse',
  'in_warehouse',
  'pa_warehouse',
  'pa2_warehouse',
  'tx_warehouse',
] as const;
const payload = JSON.stringify({
  data: Array.from({ length: 10 }, (_, index) => {
    const counts = Object.fromEntries(warehouses.map((warehouse, position) => [warehouse, (index + position) % 10]));
    return {
      id: 120_000 + index,
      item_id: 387 + index,
      sku: `015-0${1001 + index}`,
      ...counts,
      total: Object.values(counts).reduce((sum, count) => sum + count, 0),
      created_at: '2023-04-18 09:12:44',
      updated_at: '2026-11-20 06:01:09',
    };
  }),
  meta: { cursor: { current: null, prev: null, next: null, count: 10 } },
});

// The schema an adapter would use: lenient (unknown fields tolerated), every field it reads required.
const warehouseCount = z.number().int().nonnegative();
const inventorySchema = z.object({
  data: z.array(
    z.object({
      id: z.number(),
      item_id: z.number(),
      sku: z.string(),
      ca_warehouse: warehouseCount,
      ga_warehouse: warehouseCount,
      id_warehouse: warehouseCount,
      in_warehouse: warehouseCount,
      pa_warehouse: warehouseCount,
      pa2_warehouse: warehouseCount,
      tx_warehouse: warehouseCount,
      total: warehouseCount,
      updated_at: z.string(),
    }),
  ),
});

const server = createServer((request, response) => {
  if (request.headers.authorization !== 'Bearer bench-token') {
    response.writeHead(401).end();
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  response.end(payload);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;
const baseURL = `http://127.0.0.1:${port}/v4`;
const query = 'filter%5Bsku%5D=015-01001,015-01002,015-01003';

const client = createHttpClient({
  service: 'wps',
  baseURL,
  credentials: { headers: { Authorization: 'Bearer bench-token' } },
});
const kyClient = ky.create({
  prefixUrl: baseURL,
  headers: { Authorization: 'Bearer bench-token' },
  retry: 0,
  timeout: false,
});

type Contender = { name: string; call: () => Promise<number> };
const contenders: Contender[] = [
  {
    name: 'raw fetch + JSON.parse',
    call: async () => {
      const response = await fetch(`${baseURL}/inventory?${query}`, {
        headers: { accept: 'application/json', Authorization: 'Bearer bench-token' },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = JSON.parse(await response.text()) as { data: unknown[] };
      return body.data.length;
    },
  },
  {
    name: '@dropship/http (zod schema)',
    call: async () => {
      const response = await client.request({
        path: '/inventory',
        searchParams: { 'filter[sku]': '015-01001,015-01002,015-01003' },
        schema: inventorySchema,
      });
      return response.data.data.length;
    },
  },
  {
    name: 'ky (reference, no schema)',
    call: async () => {
      const body = await kyClient.get(`inventory?${query}`).json<{ data: unknown[] }>();
      return body.data.length;
    },
  },
];

async function run(contender: Contender, calls: number): Promise<number> {
  const started = performance.now();
  for (let index = 0; index < calls; index += 1) {
    if ((await contender.call()) !== 10) throw new Error(`${contender.name}: wrong answer`);
  }
  return performance.now() - started;
}

for (const contender of contenders) await run(contender, warmUpCalls);

const totals = new Map<string, number>(contenders.map((contender) => [contender.name, 0]));
for (let round = 0; round < rounds; round += 1) {
  // Rotate the order every round so no contender always runs first or last.
  for (let offset = 0; offset < contenders.length; offset += 1) {
    const contender = contenders[(round + offset) % contenders.length] as Contender;
    totals.set(contender.name, (totals.get(contender.name) ?? 0) + (await run(contender, callsPerRound)));
  }
}
server.close();

/** Prints one line of the report. */
function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

const calls = rounds * callsPerRound;
const raw = totals.get('raw fetch + JSON.parse') ?? 0;
const sdk = totals.get('@dropship/http (zod schema)') ?? 0;
print(
  `HTTP overhead: ${calls} GET /inventory calls per contender on loopback, ${rounds} interleaved rounds after ${warmUpCalls} warm-up calls each`,
);
for (const [name, time] of totals) {
  print(
    `  ${name.padEnd(30)} ${time.toFixed(0).padStart(7)} ms   ${((time * 1000) / calls).toFixed(1).padStart(6)} µs/call   ${(time / raw).toFixed(3)}×`,
  );
}
const ratio = sdk / raw;
print(`SDK / raw = ${ratio.toFixed(3)} (target ≤ ${target}×): ${ratio <= target ? 'PASS' : 'FAIL'}`);
