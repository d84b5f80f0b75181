import { ConcurrencyConflictError, ValidationError } from '@dropship/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, purchaseOrder } from '../__fixtures__/store-fixtures.js';
import { createPostgresStore, type PostgresStore } from '../postgres-store.js';
import { createDropshipQueue } from './dropship-queue.js';
import { createJobLeases } from './job-leases.js';
import { createQueueStore, type JobDelays, type JobSender, jobsForWrite, type PlannedJob } from './queue-store.js';

const delays: JobDelays = {
  syncIntervalSeconds: 900,
  submitCheckSeconds: 120,
  pushCheckSeconds: 60,
  retryDelaySeconds: 5,
  failedRetryLimit: 2,
};

describe('jobsForWrite: the jobs a PO write calls for', () => {
  const submitting = advance(purchaseOrder(), 'submitting', 'submit');

  it('a new PO saved submitting calls for a submit check that settles it if its worker dies', () => {
    expect(jobsForWrite(submitting, -1, delays)).toEqual([
      {
        queue: 'dropship-submit',
        data: { poNumber: 'DS-EBAY-1234-WPS', salesOrderId: 'ebay:12-34567-89012' },
        key: 'DS-EBAY-1234-WPS',
        startAfterSeconds: 120,
      },
    ]);
  });

  it('placed calls for the first tracking sync; a recorded shipment for a push check', () => {
    const submitted = advance(submitting, 'submitted', 'submit-succeeded');
    expect(jobsForWrite(submitted, submitting.version, delays)).toEqual([
      expect.objectContaining({ queue: 'dropship-sync', key: submitted.poNumber, startAfterSeconds: 900 }),
    ]);
    const shipped = advance(submitted, 'shipped', 'record-shipment');
    expect(jobsForWrite(shipped, submitted.version, delays)).toEqual([
      expect.objectContaining({ queue: 'dropship-push', data: { poNumber: shipped.poNumber }, startAfterSeconds: 60 }),
    ]);
  });

  it('looks only at the entries the write adds, and calls for nothing on other moves', () => {
    const submitted = advance(submitting, 'submitted', 'submit-succeeded');
    const pushed = advance(advance(submitted, 'shipped', 'record-shipment'), 'shipped', 'mark-tracking-pushed');
    expect(jobsForWrite(pushed, pushed.version - 1, delays)).toEqual([]);
    expect(jobsForWrite(advance(pushed, 'completed', 'complete'), pushed.version, delays)).toEqual([]);
  });

  it('a failed PO has its order placed again later, with backoff, a limited number of times', () => {
    const failedOnce = advance(submitting, 'failed', 'submit-failed');
    expect(jobsForWrite(failedOnce, submitting.version, delays)).toEqual([
      {
        queue: 'dropship-place',
        data: { salesOrderId: failedOnce.salesOrderId },
        key: failedOnce.salesOrderId,
        startAfterSeconds: 5,
      },
    ]);
    const again = advance(failedOnce, 'submitting', 'submit');
    expect(jobsForWrite(again, failedOnce.version, delays).map((job) => job.queue)).toEqual(['dropship-submit']);
    const failedTwice = advance(again, 'failed', 'submit-failed');
    expect(jobsForWrite(failedTwice, again.version, delays)).toEqual([
      expect.objectContaining({ queue: 'dropship-place', startAfterSeconds: 10 }),
    ]);
    const failedThrice = advance(advance(failedTwice, 'submitting', 'submit'), 'failed', 'submit-failed');
    expect(jobsForWrite(failedThrice, failedThrice.version - 1, delays)).toEqual([]);
  });

  it('a PO a distributor refused for what it is has its order planned again (elsewhere); another rejection does not', () => {
    const reason = 'refused (field-length): wps: poNumber is 17 characters, at most 10';
    const refused = { ...advance(submitting, 'rejected', 'reject', reason), lastError: reason };
    expect(jobsForWrite(refused, submitting.version, delays)).toEqual([
      {
        queue: 'dropship-place',
        data: { salesOrderId: refused.salesOrderId },
        key: refused.salesOrderId,
        startAfterSeconds: 5,
      },
    ]);
    const discontinued = { ...advance(submitting, 'rejected', 'reject', 'discontinued'), lastError: 'discontinued' };
    expect(jobsForWrite(discontinued, submitting.version, delays)).toEqual([]);
  });

  it('a cancel a person must make (manual_cancel) and its resolution call for no job; a package after a cancel calls for the push check', () => {
    const submitted = advance(submitting, 'submitted', 'submit-succeeded');
    const manual = advance(submitted, 'manual_cancel', 'request-manual-cancel');
    expect(jobsForWrite(manual, submitted.version, delays)).toEqual([]);
    const cancelled = advance(manual, 'cancelled', 'confirm-cancel');
    expect(jobsForWrite(cancelled, manual.version, delays)).toEqual([]);
    expect(jobsForWrite(advance(manual, 'submitted', 'decline-cancel'), manual.version, delays)).toEqual([]);
    // The distributor shipped anyway: the package is recorded (the PO flagged) and pushed like any other.
    const shippedAfterCancel = {
      ...advance(cancelled, 'shipped', 'record-shipment'),
      flags: ['shipped-after-cancel' as const],
    };
    expect(jobsForWrite(shippedAfterCancel, cancelled.version, delays)).toEqual([
      expect.objectContaining({ queue: 'dropship-push', key: shippedAfterCancel.poNumber, startAfterSeconds: 60 }),
    ]);
  });
});

describe('job leases (PGlite)', () => {
  let store: PostgresStore;
  beforeAll(async () => {
    store = await createPostgresStore();
  });
  afterAll(async () => {
    await store.close();
  });

  it('gives a key to one owner at a time, takes over an expired lease, and releases only its own', async () => {
    const leases = createJobLeases(store, '"dropship"');
    expect(await leases.acquire(['order:1', 'order:2'], 'worker-a', 60_000)).toEqual(['order:1', 'order:2']);
    expect(await leases.acquire(['order:1', 'order:3'], 'worker-b', 60_000)).toEqual(['order:3']);
    // the holder may take it again (a retried job of the same worker)
    expect(await leases.acquire(['order:1'], 'worker-a', 60_000)).toEqual(['order:1']);

    await leases.release(['order:1'], 'worker-b'); // not b's: nothing happens
    expect(await leases.acquire(['order:1'], 'worker-b', 60_000)).toEqual([]);

    expect(await leases.acquire(['order:9'], 'worker-a', 1)).toEqual(['order:9']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await leases.renew(['order:9'], 'worker-b', 60_000)).toEqual([]);
    expect(await leases.acquire(['order:9'], 'worker-b', 60_000)).toEqual(['order:9']); // expired: taken over
    expect(await leases.renew(['order:9', 'order:2'], 'worker-a', 60_000)).toEqual(['order:2']);

    await leases.release(['order:1', 'order:2'], 'worker-a');
    expect(await leases.acquire(['order:1', 'order:2'], 'worker-b', 60_000)).toEqual(['order:1', 'order:2']);
  });
});

describe('the worker store (PGlite): a PO write and the jobs it calls for, in one transaction', () => {
  let store: PostgresStore;
  beforeAll(async () => {
    store = await createPostgresStore({ schema: 'queue_store' });
  });
  afterAll(async () => {
    await store.close();
  });

  /** A sender that records what it was asked to send (and through which executor), or fails. */
  function recordingSender() {
    const sent: { inTransaction: boolean; jobs: PlannedJob[] }[] = [];
    const state = { fail: false };
    const send: JobSender = async (executor, jobs) => {
      sent.push({ inTransaction: executor !== store, jobs: [...jobs] });
      if (state.fail) throw new Error('the job could not be sent');
    };
    return { sent, state, send };
  }

  it('sends the job a write calls for inside the transaction of the write, and nothing for a write that calls for none', async () => {
    const { sent, send } = recordingSender();
    const queueStore = createQueueStore(store, send, delays);
    const submitting = await queueStore.createPurchaseOrder(
      advance(purchaseOrder({ poNumber: 'PO-QS-1' }), 'submitting', 'submit'),
    );
    expect(sent).toEqual([
      { inTransaction: true, jobs: [expect.objectContaining({ queue: 'dropship-submit', key: 'PO-QS-1' })] },
    ]);
    await queueStore.createPurchaseOrder(purchaseOrder({ poNumber: 'PO-QS-2' })); // a draft: no job
    expect(sent).toHaveLength(1);
    await queueStore.updatePurchaseOrder(advance(submitting, 'submitted', 'submit-succeeded'), submitting.version);
    expect(sent.at(-1)).toEqual({
      inTransaction: true,
      jobs: [expect.objectContaining({ queue: 'dropship-sync', key: 'PO-QS-1' })],
    });
  });

  it('writes nothing when the send fails, sends nothing for a stale or malformed write', async () => {
    const { sent, state, send } = recordingSender();
    const queueStore = createQueueStore(store, send, delays);
    state.fail = true;
    await expect(
      queueStore.createPurchaseOrder(advance(purchaseOrder({ poNumber: 'PO-QS-3' }), 'submitting', 'submit')),
    ).rejects.toThrow('the job could not be sent');
    expect(await store.getPurchaseOrder('PO-QS-3')).toBeNull();

    state.fail = false;
    const submitting = await queueStore.createPurchaseOrder(
      advance(purchaseOrder({ poNumber: 'PO-QS-3' }), 'submitting', 'submit'),
    );
    const calls = sent.length;
    await expect(
      queueStore.updatePurchaseOrder(advance(submitting, 'submitted', 'submit-succeeded'), submitting.version - 1),
    ).rejects.toBeInstanceOf(ConcurrencyConflictError);
    expect((await store.getPurchaseOrder('PO-QS-3'))?.state).toBe('submitting');
    await expect(queueStore.createPurchaseOrder({ poNumber: 'PO-QS-4' } as never)).rejects.toBeInstanceOf(
      ValidationError,
    );
    // the stale write fails before its job is sent, the malformed one before anything
    expect(sent.length).toBe(calls);
    expect(await store.getPurchaseOrder('PO-QS-4')).toBeNull();
  });
});

describe('createDropshipQueue: options', () => {
  it('needs a PostgreSQL server (pg-boss does not run on PGlite) and says so, without echoing secrets', async () => {
    const error = await createDropshipQueue({}).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).message).toMatch(/needs a PostgreSQL server/);

    const secret = 'mysql://dropship:s3cr3t-password@db/dropship';
    const bad = await createDropshipQueue({ connectionString: secret, syncIntervalSeconds: -1 }).catch(
      (caught: unknown) => caught,
    );
    expect(ValidationError.isInstance(bad)).toBe(true);
    expect((bad as ValidationError).issues.map((issue) => issue.path).sort()).toEqual([
      'connectionString',
      'syncIntervalSeconds',
    ]);
    expect(JSON.stringify(bad)).not.toContain('s3cr3t-password');
    expect(String((bad as Error).message)).not.toContain('s3cr3t-password');
  });

  it('refuses a misspelt option and options that are not an object, before connecting', async () => {
    // Port 1 on loopback: nothing listens there, so a queue that tried to connect would fail
    // with a raw connection error instead of the ValidationError the options deserve.
    const misspelt = await createDropshipQueue({
      connectionString: 'postgres://dropship@127.0.0.1:1/dropship',
      syncIntervalSecs: 60,
    } as never).catch((caught: unknown) => caught);
    expect(ValidationError.isInstance(misspelt)).toBe(true);
    expect((misspelt as ValidationError).message).toMatch(/syncIntervalSecs/);
    for (const options of [null, 'postgres://dropship@127.0.0.1:1/dropship']) {
      const error = await createDropshipQueue(options as never).catch((caught: unknown) => caught);
      expect(ValidationError.isInstance(error)).toBe(true);
    }
  });
});
