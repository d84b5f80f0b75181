import './count.js';
import { createDropshipQueue } from '@dropship/postgres';
import { createLoopDropshipper } from '../../crash/support/loop-dropshipper.js';
import { createServedWorld } from '../../crash/support/served-world.js';
import { scaleOutProducts } from '../support/scale-out-run.js';
import { fastTiming } from '../support/worker-config.js';

const url = process.env.DROPSHIP_TEST_DATABASE_URL as string;
const schema = `dropship_prof_${Date.now()}`;
const world = await createServedWorld({ products: scaleOutProducts, email: false, wpsOrdersPageSize: 500 });
console.log('world');
const queue = await createDropshipQueue({ onEvent: (e) => { if (e.type !== 'job-completed' && e.type !== 'job-postponed') console.log(JSON.stringify(e)); }, connectionString: url, schema, ...fastTiming, createDropshipper: (store) => createLoopDropshipper(world.services, store) });
const n = Number(process.env.N ?? 300);
const orders = Array.from({ length: n }, (_, index) => ({
  marketplace: 'ebay', marketplaceOrderId: `12-prof-${index}`, orderedAt: new Date().toISOString(), currency: 'USD',
  buyer: { name: 'R', email: 'r@example.com' }, shipTo: { name: 'R', address1: '1 A', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
  lines: [{ lineId: 'L1', sku: scaleOutProducts[index % 4]!.sku, quantity: 1, unitPrice: scaleOutProducts[index % 4]!.cost * 2 }], shippingPaid: 0,
}));
world.addOrders(orders as never);
for (const order of orders) await queue.enqueueOrder(order as never);
console.log('enqueued');
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const worker = await queue.startWorker({ concurrency: Number(process.env.C ?? 4), syncBatchSize: 250 });
for (;;) {
  const { rows } = await queue.store.query<{ done: number; outcomes: number }>(`SELECT (SELECT count(*)::int FROM "${schema}".purchase_orders WHERE state='completed') done, (SELECT count(*)::int FROM "${schema}".order_outcomes) outcomes`);
  if (rows[0]!.done === n) break;
  if (process.env.V) console.log(JSON.stringify(rows[0]), JSON.stringify(await queue.jobCounts()));
  await new Promise((r) => setTimeout(r, 200));
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
console.log(`${n} orders in ${seconds.toFixed(1)} s = ${(n / seconds).toFixed(1)}/s; cpu ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s = ${((cpu.user + cpu.system) / 1e3 / n).toFixed(1)} ms/order`);
await worker.stop();
await queue.store.query(`DROP SCHEMA "${schema}" CASCADE`); await queue.store.query(`DROP SCHEMA "${schema}_jobs" CASCADE`);
await queue.stop(); await world.close();
const counts = [...((globalThis as any).__queryCounts as Map<string, number>)].sort((a, b) => b[1] - a[1]);
console.log('queries per order', (counts.reduce((a, [, v]) => a + v, 0) / n).toFixed(1));
for (const [k, v] of counts.slice(0, 30)) console.log((v / n).toFixed(2).padStart(6), k);
