import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, type DropshipStore, type PurchaseOrderRequest } from '@dropship/core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createEdi, type EdiClient } from '../edi-client.js';
import type { EdiOptions } from '../edi-options.js';
import { createEdiPartnerSimulator, type EdiPartnerSimulator } from '../edi-partner-simulator.js';
import type { EdiTransport } from '../edi-transport.js';
import { type SftpTestServer, startSftpTestServer } from '../sftp-test-server.js';
import { createSftpTransport } from '../sftp-transport.js';

/** The SFTP password of the test account: a sentinel that must never show in an error or a log. */
export const sftpPassword = 'SENTINEL-EDI-SFTP-PASSWORD-5d2e';
/** A wrong password, for the failure tests. */
export const wrongPassword = 'SENTINEL-EDI-WRONG-PASSWORD-c81f';

/** A ship-to every check accepts. */
export const shipTo: PurchaseOrderRequest['shipTo'] = {
  name: 'Jordan Rider',
  address1: '1200 W Main St',
  city: 'Boise',
  region: 'ID',
  postalCode: '83702',
  country: 'US',
  phone: '2085550100',
};

let poCounter = 0;
/** A PO number unique in this process. */
export function nextPoNumber(): string {
  poCounter += 1;
  return `EDI${Date.now().toString(36).toUpperCase().slice(-4)}${poCounter}`;
}

/** A PO of two lines. */
export function orderRequest(overrides: Partial<PurchaseOrderRequest> = {}): PurchaseOrderRequest {
  return {
    poNumber: nextPoNumber(),
    shipTo,
    lines: [
      { sku: 'PART-100', quantity: 2, unitCost: 1250 },
      { sku: 'PART-200', quantity: 1, unitCost: 4999 },
    ],
    currency: 'USD',
    ...overrides,
  };
}

/** One SFTP server for the test file, fresh folders, store and partner for each test. */
export interface EdiHarness {
  readonly server: () => SftpTestServer;
  readonly root: () => string;
  readonly store: () => DropshipStore;
  readonly partner: () => EdiPartnerSimulator;
  /** A new SFTP transport to the test server. */
  createTransport(password?: string): EdiTransport;
  /** A new client (a new process or worker) on the same store and folders. */
  createClient(overrides?: Partial<EdiOptions> & { password?: string }): EdiClient;
}

/**
 * Starts the loopback SFTP server for the file and resets folders, store and partner before each
 * test; every client created is closed after the file.
 */
export function useEdiHarness(): EdiHarness {
  let server: SftpTestServer;
  let root: string;
  let store: DropshipStore;
  let partner: EdiPartnerSimulator;
  const transports: EdiTransport[] = [];
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'dropship-edi-'));
    server = await startSftpTestServer({ root, username: 'dealer', password: sftpPassword });
  });
  afterAll(async () => {
    await Promise.all(transports.map((transport) => transport.close()));
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    for (const folder of ['in', 'out']) rmSync(join(root, folder), { recursive: true, force: true });
    for (const folder of ['in', 'out', 'out/archive']) mkdirSync(join(root, folder), { recursive: true });
    store = createMemoryStore();
    partner = createEdiPartnerSimulator({ root, dealerId: 'DEALER01', partnerId: 'ACMEPARTS' });
  });
  const createTransport = (password?: string) => {
    const transport = createSftpTransport(
      {
        host: server.host,
        port: server.port,
        username: 'dealer',
        password: password ?? sftpPassword,
        hostKeySha256: server.hostKeySha256,
        outboundFolder: '/in',
        inboundFolder: '/out',
        archiveFolder: '/out/archive',
        timeoutMs: 5_000,
      },
      'acme-edi',
    );
    transports.push(transport);
    return transport;
  };
  return {
    server: () => server,
    root: () => root,
    store: () => store,
    partner: () => partner,
    createTransport,
    createClient({ password, ...overrides } = {}) {
      const client = createEdi({
        distributor: 'acme-edi',
        partner: { senderId: 'DEALER01', receiverId: 'ACMEPARTS' },
        store,
        transport: createTransport(password),
        inbound: { stableForMs: 0 },
        ...overrides,
      });
      return client;
    },
  };
}
