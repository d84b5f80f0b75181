import { readFileSync, readdirSync } from 'node:fs';
import { startScaleOutRun } from '../support/scale-out-run.js';

const url = process.env.DROPSHIP_TEST_DATABASE_URL as string;
const tick = 100;
function cpuOf(pid: number): number {
  try { const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' '); return (Number(f[11]) + Number(f[12])) / tick; } catch { return 0; }
}
function ppidOf(pid: number): number { try { return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]); } catch { return -1; } }
const postmaster = Number(readFileSync('/tmp/dropship-helper6-postgres/cluster/postmaster.pid', 'utf8').split('\n')[0]);
function pgCpu(): number { let t = cpuOf(postmaster); for (const d of readdirSync('/proc')) { const pid = Number(d); if (pid && ppidOf(pid) === postmaster) t += cpuOf(pid); } return t; }

const n = Number(process.env.N ?? 600);
if (process.env.PROF) process.env.DROPSHIP_CHILD_NODE_ARGUMENTS = '--cpu-prof --cpu-prof-dir=/tmp/h6prof/w';
const run = await startScaleOutRun({ connectionString: url, workers: Number(process.env.W ?? 3), concurrency: Number(process.env.C ?? 4) });
try {
  const orders = run.makeOrders(n, 50);
  const p0 = process.cpuUsage(); const w0 = run.workers.map((w) => cpuOf(w.process.pid!)); const g0 = pgCpu();
  const t0 = Date.now();
  await run.enqueue(orders, { every: 20, extraCopies: 2 });
  const t1 = Date.now();
  const settled = await run.waitUntilSettled(orders, 300_000);
  const p = process.cpuUsage(p0); const w = run.workers.map((wk, i) => cpuOf(wk.process.pid!) - w0[i]!); const g = pgCpu() - g0;
  const s = (settled - t0) / 1000;
  console.log(`${n} orders: enqueue ${((t1 - t0) / 1000).toFixed(1)} s, settled ${s.toFixed(1)} s = ${(n / s).toFixed(1)}/s`);
  console.log(`cpu s: parent ${((p.user + p.system) / 1e6).toFixed(1)}, workers ${w.map((x) => x.toFixed(1)).join(' ')}, postgres ${g.toFixed(1)}; per order ms: parent ${((p.user + p.system) / 1e3 / n).toFixed(1)} workers ${(w.reduce((a, b) => a + b, 0) * 1000 / n).toFixed(1)} pg ${(g * 1000 / n).toFixed(1)}`);
} finally { await run.close(); }
