import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockDistributorClient } from '@dropship/core/test';
import { HttpResponse, http } from 'msw';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistributorSimulator, DistributorSimulatorControls } from '../testing-types.js';
import { createSimulatorServer, hasHandlers, readDistributorHarness } from './distributor-harness.js';
import { expectRefusedOption } from './expect-refused-option.js';

/** The controls of a simulator reached over another transport: no handlers, no base URL. */
function controlsOnly(): DistributorSimulatorControls {
  return {
    distributor: 'over-sftp',
    addProduct: () => {},
    setStock: () => {},
    orderCount: () => 0,
    orders: () => [],
    shipOrder: () => '1Z999AA10123456784',
    injectFault: () => {},
    callCount: () => 0,
    reset: () => {},
  };
}

function httpSimulator(): DistributorSimulator {
  return {
    ...controlsOnly(),
    baseURL: 'https://harness.simulator.test',
    handlers: [http.get('https://harness.simulator.test/ping', () => HttpResponse.json({ ok: true }))],
  };
}

const harnessOf = (extra: Record<string, unknown> = {}) => ({
  createSimulator: controlsOnly,
  createClient: () => createMockDistributorClient(),
  ...extra,
});

describe('readDistributorHarness', () => {
  it('defaults to an HTTP distributor: real-time stock, remote look-ups, every fault kind', () => {
    const declared = readDistributorHarness(harnessOf());
    expect(declared).toMatchObject({ realTimeStock: true, remoteLookUps: true, remoteRead: 'check-stock' });
    for (const kind of ['lost-response', 'hostile-answer', 'rate-limit', 'server-error'] as const)
      expect(declared.canInject(kind), kind).toBe(true);
  });

  it('reads the declarations of a client over another transport', () => {
    const edi = readDistributorHarness(harnessOf({ stock: 'none', faults: ['lost-response', 'drop-connection'] }));
    expect(edi).toMatchObject({ realTimeStock: false, remoteLookUps: true, remoteRead: 'find-order' });
    expect(edi.canInject('lost-response')).toBe(true);
    expect(edi.canInject('hostile-answer')).toBe(false);
    const email = readDistributorHarness(harnessOf({ stock: 'none', lookUps: 'recorded', faults: [] }));
    expect(email).toMatchObject({ realTimeStock: false, remoteLookUps: false, remoteRead: undefined });
    expect(email.canInject('lost-response')).toBe(false);
  });

  it('reads the issue-20 declarations: every rejection reason, cancel reasons and stock prices reported by default', () => {
    expect(readDistributorHarness(harnessOf())).toMatchObject({
      rejectionReasons: [
        'out-of-stock',
        'discontinued',
        'not-drop-shippable',
        'address-refused',
        'price-changed',
        'other',
      ],
      reportsCancelReasons: true,
      reportsStockPrices: true,
    });
    expect(
      readDistributorHarness(
        harnessOf({ rejectionReasons: ['out-of-stock', 'other'], cancelReasons: 'none', stockPrices: 'none' }),
      ),
    ).toMatchObject({
      rejectionReasons: ['out-of-stock', 'other'],
      reportsCancelReasons: false,
      reportsStockPrices: false,
    });
  });

  it('refuses an unknown rejection reason, an empty list and a misspelt issue-20 declaration', () => {
    expectRefusedOption(
      () => readDistributorHarness(harnessOf({ rejectionReasons: ['sold-out'] }) as never),
      'rejectionReasons.0',
    );
    expectRefusedOption(() => readDistributorHarness(harnessOf({ rejectionReasons: [] }) as never), 'rejectionReasons');
    expectRefusedOption(() => readDistributorHarness(harnessOf({ cancelReasons: 'some' }) as never), 'cancelReasons');
    expectRefusedOption(() => readDistributorHarness(harnessOf({ stockPrice: 'none' }) as never), 'stockPrice');
  });

  it('refuses a misspelt declaration, an unknown fault kind and a missing factory, naming them', () => {
    expectRefusedOption(() => readDistributorHarness(harnessOf({ lookups: 'recorded' }) as never), 'lookups');
    expectRefusedOption(() => readDistributorHarness(harnessOf({ faults: ['lost-answer'] }) as never), 'faults.0');
    expectRefusedOption(() => readDistributorHarness(harnessOf({ stock: 'feed' }) as never), 'stock');
    expectRefusedOption(
      () => readDistributorHarness({ createClient: () => createMockDistributorClient() } as never),
      'createSimulator',
    );
  });
});

describe('createSimulatorServer: MSW only for a simulator with handlers', () => {
  let local: Server;
  let localURL: string;
  beforeAll(async () => {
    local = createServer((_request, response) => response.end('from the loopback server'));
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    localURL = `http://127.0.0.1:${(local.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => local.close(() => resolve())));

  const fetchLocal = () =>
    fetch(localURL).then(
      (response) => response.text(),
      (error: unknown) => `refused: ${String(error)}`,
    );

  it('starts no MSW server for a simulator without handlers: real requests pass untouched', async () => {
    const simulatorServer = createSimulatorServer();
    expect(hasHandlers(controlsOnly())).toBe(false);
    simulatorServer.attach(controlsOnly());
    expect(await fetchLocal()).toBe('from the loopback server');
    simulatorServer.close();
  });

  it("serves an HTTP simulator's handlers, refusing any other request, until closed", async () => {
    const simulatorServer = createSimulatorServer();
    expect(hasHandlers(httpSimulator())).toBe(true);
    simulatorServer.attach(httpSimulator());
    try {
      expect(await (await fetch('https://harness.simulator.test/ping')).json()).toEqual({ ok: true });
      expect(await fetchLocal()).toMatch(/^refused/);
    } finally {
      simulatorServer.close();
    }
    expect(await fetchLocal()).toBe('from the loopback server');
  });
});
