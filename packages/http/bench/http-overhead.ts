/**
 * HTTP overhead of `@dropship/http` against bare ky doing the same work: 10,000 `checkStock`-like
 * GET calls against a loopback `node:http` server answering with a WPS inventory payload. Both
 * sides send the same credential header, use the same retry limit (2) and per-attempt timeout
 * (30 s), and parse the body with the same zod schema; the SDK adds what it is for (the shared
 * per-credential limiter and throttle gate, redaction, the streamed and size-capped body read,
 * the strict UTF-8 check, same-origin redirects, typed errors). Target: SDK time ≤ 1.15 × bare ky
 * time, in CPU time of the process (wall time printed too), as the median of the per-round ratios. Raw `fetch` + `JSON.parse` + the schema is printed
 * for information.
 *
 * The rounds alternate (ky, SDK, raw, ky, SDK, raw, ...) after a warm-up of every contender, so
 * that JIT warm-up, GC and CPU contention from other processes hit all of them alike.
 *
 * Run: `pnpm bench http` (or node --conditions=@dropship/source --import tsx bench/http.bench.ts [calls])
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
const target = 1.15;
/** The SDK's defaults, given to bare ky too. */
const retries = 2;
const timeoutMs = 30_000;

// A realistic WPS answer to `GET /inventory?filter[sku]=...` for a batch of SKUs
// (fields from https://www.wps-inc.com/data-depot/v4/api/services/inventory; counts capped at 9 per warehouse).
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
  retry: { retries },
  timeoutMs,
});
const kyClient = ky.create({
  prefixUrl: baseURL,
  headers: { accept: 'application/json', Authorization: 'Bearer bench-token' },
  retry: { limit: retries },
  timeout: timeoutMs,
});

type Contender = { name: string; call: () => Promise<number> };
const contenders: Contender[] = [
  {
    name: 'bare ky (zod schema)',
    call: async () => {
      const body = inventorySchema.parse(
        await kyClient.get('inventory', { searchParams: { 'filter[sku]': '015-01001,015-01002,015-01003' } }).json(),
      );
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
    name: 'raw fetch (zod schema)',
    call: async () => {
      const response = await fetch(`${baseURL}/inventory?${query}`, {
        headers: { accept: 'application/json', Authorization: 'Bearer bench-token' },
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return inventorySchema.parse(JSON.parse(await response.text())).data.length;
    },
  },
];

/**
 * Runs `calls` calls one after the other and returns the CPU time this process spent (user +
 * system, in ms; the loopback server runs in it too, alike for every contender) and the wall time.
 * CPU time is what decides: on a shared machine, wall time mostly measures the other processes.
 */
async function run(contender: Contender, calls: number): Promise<{ cpuMs: number; wallMs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let index = 0; index < calls; index += 1) {
    if ((await contender.call()) !== 10) throw new Error(`${contender.name}: wrong answer`);
  }
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - started };
}

for (const contender of contenders) await run(contender, warmUpCalls);

const totals = new Map<string, { cpuMs: number; wallMs: number }>(
  contenders.map((contender) => [contender.name, { cpuMs: 0, wallMs: 0 }]),
);
/** The SDK's CPU time over bare ky's, per round: the two run back to back, under the same load. */
const roundRatios: number[] = [];
for (let round = 0; round < rounds; round += 1) {
  const times = new Map<string, number>();
  // Rotate the order every round so no contender always runs first or last.
  for (let offset = 0; offset < contenders.length; offset += 1) {
    const contender = contenders[(round + offset) % contenders.length] as Contender;
    const time = await run(contender, callsPerRound);
    times.set(contender.name, time.cpuMs);
    const total = totals.get(contender.name) ?? { cpuMs: 0, wallMs: 0 };
    totals.set(contender.name, { cpuMs: total.cpuMs + time.cpuMs, wallMs: total.wallMs + time.wallMs });
  }
  roundRatios.push((times.get('@dropship/http (zod schema)') ?? 0) / (times.get('bare ky (zod schema)') ?? 1));
}
server.close();

/** Prints one line of the report. */
function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

const calls = rounds * callsPerRound;
const bareKy = totals.get('bare ky (zod schema)')?.cpuMs ?? 0;
const sdk = totals.get('@dropship/http (zod schema)')?.cpuMs ?? 0;
print(
  `HTTP overhead: ${calls} GET /inventory calls per contender on loopback (retries ${retries}, timeout ${timeoutMs} ms, one zod schema), ${rounds} interleaved rounds after ${warmUpCalls} warm-up calls each; CPU time of the process (client and server), wall time for information`,
);
for (const [name, time] of totals) {
  print(
    `  ${name.padEnd(30)} CPU ${((time.cpuMs * 1000) / calls).toFixed(1).padStart(6)} µs/call   ${(time.cpuMs / bareKy).toFixed(3)}× bare ky   (wall ${((time.wallMs * 1000) / calls).toFixed(1)} µs/call)`,
  );
}
const ratio = sdk / bareKy;
const sorted = [...roundRatios].sort((left, right) => left - right);
const medianRatio = ((sorted[(rounds - 1) >> 1] ?? 0) + (sorted[rounds >> 1] ?? 0)) / 2;
print(
  `@dropship/http / bare ky (CPU time): ${ratio.toFixed(3)} over all calls; per round ${sorted.map((value) => value.toFixed(2)).join(' ')}`,
);
// The median of the per-round ratios decides: a burst of load from another process during one
// round (the machine is shared) moves the totals but not the median.
print(
  `@dropship/http / bare ky = ${medianRatio.toFixed(3)} (CPU time, median of ${rounds} rounds; target ≤ ${target}×): ${medianRatio <= target ? 'PASS' : 'FAIL'}`,
);
