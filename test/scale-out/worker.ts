/**
 * A scale-out worker process: `createDropshipQueue` on the PostgreSQL server, with the real WPS
 * client and eBay adapter pointed at the simulators its parent serves. Prints `READY` once it
 * takes jobs; on SIGTERM it finishes the jobs in flight, prints `STOPPED` and exits.
 *
 *   node --conditions=@dropship/source --import tsx test/scale-out/worker.ts <config.json>
 */
import { readFileSync } from 'node:fs';
import { createDropshipQueue } from '@dropship/postgres';
import { createLoopDropshipper } from '../crash/support/loop-dropshipper.js';
import type { WorkerConfig } from './support/worker-config.js';

const config = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as WorkerConfig;
let errors = 0;

const queue = await createDropshipQueue({
  connectionString: config.connectionString,
  schema: config.schema,
  ...config.timing,
  maxConnections: config.concurrency + 4,
  maxJobConnections: 3,
  ...(config.intake === undefined ? {} : { intake: config.intake }),
  createDropshipper: (store) => createLoopDropshipper(config.services, store),
  onEvent(event) {
    if (event.type === 'job-failed' || event.type === 'queue-error') {
      errors += 1;
      if (errors <= 20) process.stderr.write(`worker ${process.pid}: ${JSON.stringify(event)}\n`);
    }
  },
});
const worker = await queue.startWorker({
  concurrency: config.concurrency,
  syncBatchSize: config.syncBatchSize,
  syncGatherMs: config.syncGatherMs,
});
process.stdout.write(`READY ${worker.id}\n`);

process.once('SIGTERM', () => {
  void (async () => {
    await queue.stop();
    process.stdout.write(`STOPPED ${errors}\n`);
    process.exit(0);
  })();
});
