import { createEbay } from '@dropship/ebay';
import { createEbaySimulator } from '@dropship/ebay/testing';
import { createTestServer } from '@dropship/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedRequest, captureRequests, withJsonBody, withoutHeader } from './support/capture-requests.js';
import { contractOrder, contractShipment, contractShipmentCases } from './support/contract-shipments.js';
import { createRestContract, type OpenApiSubset, readContractFile } from './support/rest-contract.js';

// Every request the eBay adapter sends, captured on its real code path against its simulator,
// checked against eBay's Sell Fulfillment API v1 (test/contract/schemas/ebay, sources in that file).
const accessToken = 'v^1.1#CONTRACT-EBAY-TOKEN-0d5e';
const simulator = createEbaySimulator({ accessToken, baseURL: 'https://api.ebay.test' });
const server = createTestServer(...simulator.handlers);
const capture = captureRequests(server.server);
const contract = createRestContract(
  readContractFile<OpenApiSubset>('ebay/sell-fulfillment-v1-shipping-fulfillment.json'),
);
const adapter = createEbay({ accessToken, baseURL: simulator.baseURL, retry: { minDelayMs: 1, maxDelayMs: 5 } });
const checked: CapturedRequest[] = [];

beforeAll(() => server.listen());
afterAll(() => {
  capture.stop();
  server.close();
});

describe('eBay requests match the Sell Fulfillment API specification', () => {
  it.each(contractShipmentCases.map((shipmentCase, index) => [shipmentCase.name, shipmentCase, index] as const))(
    '%s',
    async (_name, shipmentCase, index) => {
      capture.clear();
      const order = contractOrder('ebay', `12-34567-${89_000 + index}`, ['10001234567890', '10001234567891']);
      simulator.addOrder(order);
      const shipment = contractShipment(order, shipmentCase);
      expect((await adapter.pushTracking({ order, shipment })).status).toBe('pushed');
      // A second push of the same package reads and writes nothing new: its request is checked too.
      expect((await adapter.pushTracking({ order, shipment })).status).toBe('already-pushed');
      const requests = await capture.requests();
      const results = requests.map((request) => contract.check(request));
      expect(results.map((result) => result.operationId)).toEqual([
        'getShippingFulfillments',
        'createShippingFulfillment',
        'getShippingFulfillments',
      ]);
      expect(results.flatMap((result) => result.violations)).toEqual([]);
      checked.push(...requests);
    },
  );

  it('checked every request kind the adapter sends', () => {
    expect(checked).toHaveLength(contractShipmentCases.length * 3);
    expect(new Set(checked.map((request) => request.method))).toEqual(new Set(['GET', 'POST']));
  });
});

describe('eBay contract negative controls: a broken request is flagged', () => {
  const post = () => {
    const request = checked.find((candidate) => candidate.method === 'POST');
    if (!request) throw new Error('no POST captured: run the whole file');
    return request;
  };

  it('flags a shippedDate that is not [YYYY]-[MM]-[DD]T[hh]:[mm]:[ss].[sss]Z', () => {
    const broken = withJsonBody(post(), (body) => {
      body.shippedDate = '2026-11-02T08:30:00-07:00';
    });
    expect(contract.check(broken).violations.join('\n')).toMatch(/body\/shippedDate must match pattern/);
  });

  it('flags a line item without its quantity', () => {
    const broken = withJsonBody(post(), (body) => {
      delete (body.lineItems as Record<string, unknown>[])[0]?.quantity;
    });
    expect(contract.check(broken).violations.join('\n')).toMatch(/lineItems\/0 must have required property 'quantity'/);
  });

  it('flags a carrier code eBay does not list (the spelling LaserShip)', () => {
    const broken = withJsonBody(post(), (body) => {
      body.shippingCarrierCode = 'LaserShip';
    });
    expect(contract.check(broken).violations.join('\n')).toMatch(
      /shippingCarrierCode must be equal to one of the allowed values/,
    );
  });

  it('flags an undeclared field, a tracking number with spaces, a missing token and an unknown path', () => {
    const extra = withJsonBody(post(), (body) => {
      body.notifyBuyer = true;
    });
    expect(contract.check(extra).violations.join('\n')).toMatch(/must NOT have additional properties \(notifyBuyer\)/);
    const spaced = withJsonBody(post(), (body) => {
      body.trackingNumber = '1Z 999';
    });
    expect(contract.check(spaced).violations.join('\n')).toMatch(/trackingNumber must match pattern/);
    expect(contract.check(withoutHeader(post(), 'Authorization')).violations.join('\n')).toMatch(
      /must have required property 'authorization'/,
    );
    const wrongPath = {
      ...post(),
      url: new URL(post().url.href.replace('shipping_fulfillment', 'shipping_fulfilment')),
    };
    expect(contract.check(wrongPath).violations).toEqual([
      `POST ${wrongPath.url.pathname} is not an operation of the specification`,
    ]);
  });
});

describe('eBay getOrders requests match the specification', () => {
  const ordersContract = createRestContract(
    readContractFile<OpenApiSubset>('ebay/sell-fulfillment-v1-get-orders.json'),
  );
  const listed: CapturedRequest[] = [];
  // A fixed clock: the windows below are in the simulator's past.
  const clock = Date.parse('2026-11-10T00:00:00.000Z');
  const listingSimulator = createEbaySimulator({
    accessToken,
    baseURL: 'https://api-orders.ebay.test',
    now: () => clock,
  });
  const listingServer = createTestServer(...listingSimulator.handlers);
  const listingCapture = captureRequests(listingServer.server);

  beforeAll(() => listingServer.listen());
  afterAll(() => {
    listingCapture.stop();
    listingServer.close();
  });

  it.each([
    ['every page of a window, default settings', {}],
    [
      'pages of 2 with a fulfillment-status combination',
      { pageSize: 2, fulfillmentStatus: 'NOT_STARTED|IN_PROGRESS' as const },
    ],
  ])('%s', async (_name, orders) => {
    listingCapture.clear();
    listingSimulator.reset({ all: true });
    for (let index = 0; index < 5; index++) {
      const order = contractOrder('ebay', `12-34567-${89_100 + index}`, ['10001234567890', '10001234567891']);
      listingSimulator.intake.putOrder(order, { updatedAt: `2026-11-01T0${index}:00:00.000Z` });
    }
    const ebay = createEbay({
      accessToken,
      baseURL: listingSimulator.baseURL,
      retry: { minDelayMs: 1, maxDelayMs: 5 },
      orders: { ...orders, rateLimit: false },
    });
    let cursor: string | undefined;
    let entries = 0;
    do {
      const page = await ebay.orders.list({
        since: '2026-10-31T22:00:00-02:00',
        until: '2026-11-02T00:00:00Z',
        ...(cursor ? { cursor } : {}),
      });
      entries += page.orders.length;
      cursor = page.nextCursor;
    } while (cursor);
    expect(entries).toBe(5);
    const requests = await listingCapture.requests();
    const results = requests.map((request) => ordersContract.check(request));
    expect(new Set(results.map((result) => result.operationId))).toEqual(new Set(['getOrders']));
    expect(results.flatMap((result) => result.violations)).toEqual([]);
    // eBay requires [ ] { | } percent-encoded in the query string.
    for (const request of requests) expect(request.url.search).not.toMatch(/[[\]{}|]/);
    listed.push(...requests);
  });

  it('flags a limit over 200, a lone NOT_STARTED, a filter with a local-time offset and an undeclared parameter', () => {
    const [request] = listed;
    if (!request) throw new Error('no getOrders request captured: run the whole file');
    const withQuery = (name: string, value: string) => {
      const url = new URL(request.url.href);
      url.searchParams.set(name, value);
      return { ...request, url };
    };
    const violations = (broken: CapturedRequest) => ordersContract.check(broken).violations.join('\n');
    expect(violations(withQuery('limit', '201'))).toMatch(/query\/limit must match pattern/);
    expect(
      violations(
        withQuery('filter', 'lastmodifieddate:[2026-11-01T00:00:00.000Z..],orderfulfillmentstatus:{NOT_STARTED}'),
      ),
    ).toMatch(/query\/filter must match pattern/);
    expect(violations(withQuery('filter', 'lastmodifieddate:[2026-11-01T00:00:00+02:00..]'))).toMatch(
      /query\/filter must match pattern/,
    );
    expect(violations(withQuery('cursor', '3'))).toMatch(/must NOT have additional properties \(cursor\)/);
  });
});
