import { createDropshipper, createMemoryCatalog, type DropshipperInstance, type DropshipStore } from '@dropship/core';
import { createEbay } from '@dropship/ebay';
import { createEmailNotifier } from '@dropship/email';
import { createWps } from '@dropship/wps';
import type { LoopServices } from './loop-config.js';

/** Retries fast: the tests are about crashes, not about waiting. */
const quickRetry = { retries: 2, minDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 200 };

/**
 * The dropshipper a child process runs: the real WPS client, eBay adapter and email notifier,
 * pointed at the simulators and the SMTP sink its parent serves, on the given store (the
 * durable store of a crash-test run, or the worker store a scale-out queue hands over).
 *
 * @param services - where the simulators answer, the catalog, the email claim lease.
 * @param store - the store; the email notifier keeps its "already emailed" records there too.
 */
export function createLoopDropshipper(services: LoopServices, store: DropshipStore): DropshipperInstance {
  const wps = createWps({
    apiToken: services.wps.apiToken,
    baseURL: services.wps.baseURL,
    timeoutMs: 10_000,
    retry: quickRetry,
    rateLimit: false,
    concurrency: 16,
  });
  const ebay = createEbay({
    accessToken: services.ebay.accessToken,
    baseURL: services.ebay.baseURL,
    notifiesBuyer: services.smtpPort === undefined,
    timeoutMs: 10_000,
    retry: quickRetry,
    rateLimit: false,
  });
  const notifier =
    services.smtpPort === undefined
      ? undefined
      : createEmailNotifier({
          smtp: {
            host: '127.0.0.1',
            port: services.smtpPort,
            ignoreTLS: true,
            connectionTimeoutMs: 5_000,
            socketTimeoutMs: 10_000,
          },
          from: 'Moto Parts Direct <orders@motoparts.example>',
          idempotency: { store, claimLeaseMs: services.emailClaimLeaseMs },
        });
  return createDropshipper({
    distributors: [wps],
    marketplaces: [ebay],
    ...(notifier === undefined ? {} : { notifier }),
    store,
    catalog: createMemoryCatalog(services.offers),
    approval: { mode: 'auto' },
    concurrencyPerDistributor: 16,
  });
}
