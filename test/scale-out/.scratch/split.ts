import { startScaleOutRun } from '../support/scale-out-run.js';
const url = process.env.DROPSHIP_TEST_DATABASE_URL as string;
const n = Number(process.env.N ?? 2000);
const run = await startScaleOutRun({ connectionString: url, workers: 3, concurrency: 4, syncBatchSize: Number(process.env.B ?? 250) });
try {
  const orders = run.makeOrders(n, 50);
  const p0 = process.cpuUsage();
  const t0 = Date.now();
  await run.enqueue(orders, { every: 20, extraCopies: 2 });
  const settled = await run.waitUntilSettled(orders, 300_000);
  const p = process.cpuUsage(p0);
  console.log(`${n} orders settled in ${((settled - t0) / 1000).toFixed(1)} s; parent cpu ${((p.user + p.system) / 1e6).toFixed(1)} s; wps calls: total ${run.world.wps.callCount()}, shipments ${run.world.wps.callCount('shipments')}, stock ${run.world.wps.callCount('stock')}, submit ${run.world.wps.callCount('submit')}`);
} finally { await run.close(); }
