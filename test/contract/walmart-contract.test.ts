import { createTestServer } from '@dropship/testing';
import { createWalmart } from '@dropship/walmart';
import { createWalmartSimulator } from '@dropship/walmart/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedRequest, captureRequests, withJsonBody, withoutHeader } from './support/capture-requests.js';
import { contractOrder, contractShipment, contractShipmentCases } from './support/contract-shipments.js';
import {
  type ContractCheck,
  createRestContract,
  type OpenApiSubset,
  readContractFile,
} from './support/rest-contract.js';

// Every request the Walmart adapter sends (token, ship order lines, order read, order listing,
// acknowledge), captured on its
// real code path against its simulator, checked against Walmart's Orders and Authentication
// OpenAPI files (test/contract/schemas/walmart, sources in each file).
const credentials = { clientId: 'CONTRACT-WM-CLIENT-4b1d', clientSecret: 'CONTRACT-WM-SECRET-90ae' };
const simulator = createWalmartSimulator({ ...credentials, baseURL: 'https://marketplace.walmartapis.test' });
const server = createTestServer(...simulator.handlers);
const capture = captureRequests(server.server);
const ordersContract = createRestContract(readContractFile<OpenApiSubset>('walmart/orders-subset.json'));
const tokenContract = createRestContract(readContractFile<OpenApiSubset>('walmart/authentication-token.json'));
const adapter = createWalmart({
  ...credentials,
  baseURL: simulator.baseURL,
  retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
});
const checked: CapturedRequest[] = [];
/** Carriers Walmart does not list, with no tracking URL known: the adapter refuses them. */
const refusedCases = new Set(['Amazon Logistics', 'other carrier without a tracking URL']);

function check(request: CapturedRequest): ContractCheck {
  return request.url.pathname === '/v3/token' ? tokenContract.check(request) : ordersContract.check(request);
}

beforeAll(() => server.listen());
afterAll(() => {
  capture.stop();
  server.close();
});

describe('Walmart requests match the Orders and Authentication API specifications', () => {
  it.each(contractShipmentCases.map((shipmentCase, index) => [shipmentCase.name, shipmentCase, index] as const))(
    '%s',
    async (_name, shipmentCase, index) => {
      capture.clear();
      if (index === contractShipmentCases.length - 1) simulator.expireTokens();
      const order = contractOrder('walmart', String(1_796_277_083_000 + index), ['1', '2']);
      simulator.addOrder(order);
      const shipment = contractShipment(order, shipmentCase);
      if (refusedCases.has(shipmentCase.name)) {
        // Walmart needs a trackingURL with otherCarrier: refused before anything is sent.
        await expect(adapter.pushTracking({ order, shipment })).rejects.toThrow(/Walmart needs a tracking URL/);
        expect(await capture.requests()).toEqual([]);
        return;
      }
      expect((await adapter.pushTracking({ order, shipment })).status).toBe('pushed');
      expect((await adapter.pushTracking({ order, shipment })).status).toBe('already-pushed');
      const requests = await capture.requests();
      const results = requests.map(check);
      expect(results.map((result) => result.operationId)).toContain('shippingUpdates');
      expect(results.flatMap((result) => result.violations)).toEqual([]);
      checked.push(...requests);
    },
  );

  it('checked every request kind the adapter sends', () => {
    const operations = new Set(checked.map((request) => check(request).operationId));
    expect(operations).toEqual(new Set(['tokenAPI', 'shippingUpdates', 'getAnOrder']));
  });
});

const intakeChecked: CapturedRequest[] = [];

describe('Walmart order intake requests match the Orders API specification', () => {
  const minute = 60_000;
  const until = Math.floor(Date.now() / minute) * minute - 60 * minute;
  const window = { since: new Date(until - 24 * 60 * minute).toISOString(), until: new Date(until).toISOString() };

  it.each(['all', 'released'] as const)('lists every page (%s orders) and acknowledges each order', async (listing) => {
    capture.clear();
    const intakeAdapter = createWalmart({
      ...credentials,
      baseURL: simulator.baseURL,
      retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
      orders: { pageSize: 2, listing },
    });
    for (let index = 0; index < 3; index++) {
      const order = contractOrder('walmart', String(1_796_277_084_000 + (listing === 'all' ? 0 : 10) + index), [
        '1',
        '2',
      ]);
      simulator.intake.putOrder(
        { ...order, orderedAt: new Date(until - (index + 2) * minute).toISOString() },
        { updatedAt: new Date(until - (index + 2) * minute).toISOString() },
      );
    }
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await intakeAdapter.orders.list({ ...window, ...(cursor ? { cursor } : {}) });
      ids.push(...page.orders.map((entry) => (entry.kind === 'order' ? entry.order.marketplaceOrderId : '')));
      cursor = page.nextCursor;
    } while (cursor);
    const result = await intakeAdapter.orders.acknowledge(ids);
    expect(result.failed).toEqual([]);
    const requests = await capture.requests();
    const results = requests.map(check);
    expect(results.flatMap((each) => each.violations)).toEqual([]);
    expect(new Set(results.map((each) => each.operationId).filter((id) => id !== 'tokenAPI'))).toEqual(
      new Set([listing === 'all' ? 'getAllOrders' : 'getAllReleasedOrders', 'acknowledgeOrders']),
    );
    // Page 2 was asked with the cursor alone, as Walmart sent it.
    expect(requests.some((request) => request.url.search.includes('hasMoreElements=true'))).toBe(true);
    intakeChecked.push(...requests);
  });

  it('flags a limit above 200, a date in another format, an undeclared parameter and an acknowledge on another path', () => {
    const listing = intakeChecked.find(
      (request) => check(request).operationId === 'getAllOrders' && !request.url.search.includes('poIndex'),
    );
    const acknowledge = intakeChecked.find((request) => check(request).operationId === 'acknowledgeOrders');
    if (!listing || !acknowledge) throw new Error('no listing or acknowledge request captured: run the whole file');
    const withQuery = (name: string, value: string) => {
      const url = new URL(listing.url);
      url.searchParams.set(name, value);
      return { ...listing, url };
    };
    expect(check(withQuery('limit', '500')).violations.join('\n')).toMatch(/limit must match pattern/);
    expect(check(withQuery('createdStartDate', '11/19/2026')).violations.join('\n')).toMatch(
      /createdStartDate must match pattern/,
    );
    expect(check(withQuery('pageToken', 'x')).violations.join('\n')).toMatch(
      /must NOT have additional properties \(pagetoken\)|\(pageToken\)/,
    );
    const wrongPath = {
      ...acknowledge,
      url: new URL(acknowledge.url.href.replace('/acknowledge', '/acknowledgement')),
    };
    expect(check(wrongPath).violations.join('\n')).toMatch(/is not an operation of the specification/);
  });
});

describe('Walmart contract negative controls: a broken request is flagged', () => {
  const ship = () => {
    const request = checked.find((candidate) => check(candidate).operationId === 'shippingUpdates');
    if (!request) throw new Error('no ship request captured: run the whole file');
    return request;
  };
  const status = (body: Record<string, unknown>) => {
    const shipment = body.orderShipment as { orderLines: { orderLine: Record<string, unknown>[] } };
    const line = shipment.orderLines.orderLine[0] as {
      orderLineStatuses: { orderLineStatus: Record<string, unknown>[] };
    };
    return line.orderLineStatuses.orderLineStatus[0] as Record<string, Record<string, unknown>>;
  };

  it('flags a ship date sent as an ISO string instead of epoch milliseconds', () => {
    const broken = withJsonBody(ship(), (body) => {
      (status(body).trackingInfo as Record<string, unknown>).shipDateTime = '2026-11-02T15:30:00.000Z';
    });
    expect(check(broken).violations.join('\n')).toMatch(/trackingInfo\/shipDateTime must be integer/);
  });

  it('flags an unknown carrier, a missing quantity and an undeclared field', () => {
    const unknownCarrier = withJsonBody(ship(), (body) => {
      (status(body).trackingInfo as Record<string, unknown>).carrierName = { carrier: 'LaserShip' };
    });
    expect(check(unknownCarrier).violations.join('\n')).toMatch(
      /carrierName\/carrier must be equal to one of the allowed values/,
    );
    const noQuantity = withJsonBody(ship(), (body) => {
      delete status(body).statusQuantity;
    });
    expect(check(noQuantity).violations.join('\n')).toMatch(/must have required property 'statusQuantity'/);
    const extra = withJsonBody(ship(), (body) => {
      (status(body).trackingInfo as Record<string, unknown>).carrierCode = 'UPS';
    });
    expect(check(extra).violations.join('\n')).toMatch(
      /must NOT have additional properties \(carriercode\)|\(carrierCode\)/,
    );
  });

  it('flags a missing WM_QOS.CORRELATION_ID and a token request with a wrong or no grant_type', () => {
    expect(check(withoutHeader(ship(), 'WM_QOS.CORRELATION_ID')).violations.join('\n')).toMatch(
      /must have required property 'wm_qos.correlation_id'/,
    );
    const token = checked.find((candidate) => check(candidate).operationId === 'tokenAPI');
    if (!token) throw new Error('no token request captured');
    const form = new URLSearchParams(token.body);
    form.set('grant_type', 'password');
    expect(check({ ...token, body: form.toString() }).violations.join('\n')).toMatch(
      /grant_type must be equal to one of the allowed values/,
    );
    expect(check({ ...token, body: '' }).violations).toEqual(['body: missing, the operation requires one']);
  });
});
