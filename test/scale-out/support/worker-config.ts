import type { DropshipIntakeOptions, DropshipQueueOptions } from '@dropship/postgres';
import type { LoopServices } from '../../crash/support/loop-config.js';

/** The delays and intervals a scale-out run uses (short, so that 2,000 orders finish in a test). */
export type QueueTiming = Pick<
  DropshipQueueOptions,
  | 'syncIntervalSeconds'
  | 'submitCheckSeconds'
  | 'pushCheckSeconds'
  | 'leaseSeconds'
  | 'busyRetrySeconds'
  | 'retryDelaySeconds'
  | 'pollIntervalMs'
  | 'maintenanceIntervalSeconds'
>;

/** What a worker process is given (as a JSON file). */
export interface WorkerConfig {
  connectionString: string;
  schema: string;
  services: LoopServices;
  timing: QueueTiming;
  concurrency: number;
  syncBatchSize: number;
  /** Wait after a sync batch that was not full, ms (see `startWorker`'s `syncGatherMs`). */
  syncGatherMs: number;
  /** Scheduled order intake (the queue's `intake` option); none by default. */
  intake?: DropshipIntakeOptions;
}

/** Delays for runs of a few thousand orders in a minute or two. */
export const fastTiming: QueueTiming = {
  syncIntervalSeconds: 1,
  submitCheckSeconds: 5,
  pushCheckSeconds: 3,
  leaseSeconds: 30,
  busyRetrySeconds: 0.5,
  retryDelaySeconds: 1,
  pollIntervalMs: 250,
  maintenanceIntervalSeconds: 5,
};
