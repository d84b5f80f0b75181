import { createAmazon } from '@dropship/amazon';
import { createAmazonSimulator } from '@dropship/amazon/testing';
import { createTestServer } from '@dropship/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedRequest, captureRequests, withJsonBody, withoutHeader } from './support/capture-requests.js';
import { contractOrder, contractShipment, contractShipmentCases } from './support/contract-shipments.js';
import {
  type ContractCheck,
  createRestContract,
  type OpenApiParameter,
  type OpenApiSubset,
  readContractFile,
} from './support/rest-contract.js';

// Every request the Amazon adapter sends (the LWA token request and confirmShipment), captured
// on its real code path against its simulator, checked against Amazon's Orders v0 model
// (ordersV0.json, copied subset) and the documented LWA and SP-API request shapes
// (test/contract/schemas/amazon, sources in each file).
const credentials = {
  refreshToken: 'Atzr|CONTRACT-AMAZON-REFRESH-51c2',
  clientId: 'amzn1.application-oa2-client.CONTRACT',
  clientSecret: 'CONTRACT-AMAZON-SECRET-8e4f',
};
const simulator = createAmazonSimulator({
  ...credentials,
  baseURL: 'https://sellingpartnerapi-na.amazon.test',
  tokenURL: 'https://api.amazon.test/auth/o2/token',
  quota: false,
});
const server = createTestServer(...simulator.handlers);
const capture = captureRequests(server.server);
const spApiHeaders = readContractFile<{ parameters: OpenApiParameter[] }>('amazon/sp-api-headers.json').parameters;
const ordersContract = createRestContract(
  readContractFile<OpenApiSubset>('amazon/orders-v0-confirm-shipment.json'),
  spApiHeaders,
);
const tokenContract = createRestContract(readContractFile<OpenApiSubset>('amazon/lwa-token-request.json'));
const listContract = createRestContract(readContractFile<OpenApiSubset>('amazon/orders-v0-list-orders.json'));
const adapter = createAmazon({
  ...credentials,
  baseURL: simulator.baseURL,
  tokenURL: simulator.tokenURL,
  retry: { minDelayMs: 1, maxDelayMs: 5 },
});
const checked: CapturedRequest[] = [];

/**
 * The LWA endpoint and SP-API are different hosts: each request is checked against its own. On
 * SP-API, confirmShipment against Amazon's model, the order listing against our subset.
 */
function check(request: CapturedRequest): ContractCheck {
  if (request.url.origin === new URL(simulator.tokenURL).origin) return tokenContract.check(request);
  const confirm = ordersContract.check(request);
  return confirm.operationId === undefined ? listContract.check(request) : confirm;
}

beforeAll(() => server.listen());
afterAll(() => {
  capture.stop();
  server.close();
});

describe('Amazon requests match the Orders v0 model and the LWA documentation', () => {
  it.each(contractShipmentCases.map((shipmentCase, index) => [shipmentCase.name, shipmentCase, index] as const))(
    '%s',
    async (_name, shipmentCase, index) => {
      capture.clear();
      if (index === contractShipmentCases.length - 1) simulator.expireAccessTokens();
      const order = contractOrder('amazon', `902-1106328-${String(1_059_050 + index)}`, [
        '52986411826454',
        '52986411826455',
      ]);
      simulator.addOrder(order);
      expect((await adapter.pushTracking({ order, shipment: contractShipment(order, shipmentCase) })).status).toBe(
        'pushed',
      );
      const requests = await capture.requests();
      const results = requests.map(check);
      expect(results.map((result) => result.operationId)).toContain('confirmShipment');
      expect(results.flatMap((result) => result.violations)).toEqual([]);
      checked.push(...requests);
    },
  );

  it('checked every request kind the adapter sends (the token request more than once)', () => {
    const operations = checked.map((request) => check(request).operationId);
    // One confirmShipment per case, plus the one the simulator refused with the expired token
    // before the adapter fetched a new one and sent it again.
    expect(operations.filter((operation) => operation === 'confirmShipment')).toHaveLength(
      contractShipmentCases.length + 1,
    );
    expect(operations.filter((operation) => operation === 'requestAccessToken').length).toBeGreaterThanOrEqual(2);
  });
});

describe('Amazon contract negative controls: a broken request is flagged', () => {
  const confirm = () => {
    const request = checked.find((candidate) => check(candidate).operationId === 'confirmShipment');
    if (!request) throw new Error('no confirmShipment captured: run the whole file');
    return request;
  };
  const token = () => {
    const request = checked.find((candidate) => check(candidate).operationId === 'requestAccessToken');
    if (!request) throw new Error('no token request captured: run the whole file');
    return request;
  };
  const packageDetail = (body: Record<string, unknown>) => body.packageDetail as Record<string, unknown>;

  it('flags a ship date that is not an ISO 8601 date-time', () => {
    const broken = withJsonBody(confirm(), (body) => {
      packageDetail(body).shipDate = '11/02/2026';
    });
    expect(check(broken).violations.join('\n')).toMatch(/packageDetail\/shipDate must match format "date-time"/);
  });

  it('flags a missing required field (marketplaceId) and an order item quantity that is not an integer', () => {
    const broken = withJsonBody(confirm(), (body) => {
      delete body.marketplaceId;
      (packageDetail(body).orderItems as Record<string, unknown>[])[0] = { orderItemId: '1', quantity: '2' };
    });
    const violations = check(broken).violations.join('\n');
    expect(violations).toMatch(/body must have required property 'marketplaceId'/);
    expect(violations).toMatch(/orderItems\/0\/quantity must be integer/);
  });

  it('flags an undeclared field and a missing x-amz-access-token', () => {
    const broken = withJsonBody(confirm(), (body) => {
      packageDetail(body).carrier = 'UPS';
    });
    expect(check(broken).violations.join('\n')).toMatch(/must NOT have additional properties \(carrier\)/);
    expect(check(withoutHeader(confirm(), 'x-amz-access-token')).violations.join('\n')).toMatch(
      /must have required property 'x-amz-access-token'/,
    );
  });

  it('flags a token request sent as JSON or without its client secret (the adapter relies on the documented form)', () => {
    const form = new URLSearchParams(token().body);
    const asJson: CapturedRequest = {
      ...token(),
      headers: { ...token().headers, 'content-type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(form)),
    };
    expect(check(asJson).violations.join('\n')).toMatch(/content type "application\/json" is not one of/);
    form.delete('client_secret');
    const withoutSecret = { ...token(), body: form.toString() };
    expect(check(withoutSecret).violations.join('\n')).toMatch(/must have required property 'client_secret'/);
  });
});

describe('Amazon order-listing requests match the Orders v0 and Tokens models', () => {
  const listed: CapturedRequest[] = [];
  const lister = createAmazon({
    ...credentials,
    baseURL: simulator.baseURL,
    tokenURL: simulator.tokenURL,
    retry: { minDelayMs: 1, maxDelayMs: 5 },
    orders: { pageSize: 1, rateLimits: { getOrders: false, getOrderItems: false, createRestrictedDataToken: false } },
  });
  const hour = 3_600_000;
  const until = new Date(Math.floor(Date.now() / hour) * hour - hour);
  const window = { since: new Date(until.getTime() - 24 * hour).toISOString(), until: until.toISOString() };
  const listedRequest = (operation: string) => {
    const request = listed.find((candidate) => check(candidate).operationId === operation);
    if (!request) throw new Error(`no ${operation} captured: run the whole describe`);
    return request;
  };
  const withQuery = (request: CapturedRequest, name: string, value: string | undefined): CapturedRequest => {
    const url = new URL(request.url);
    if (value === undefined) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
    return { ...request, url };
  };

  it('getOrders (two pages, NextToken), getOrderItems per order and createRestrictedDataToken are each valid', async () => {
    capture.clear();
    for (let index = 0; index < 2; index += 1) {
      const order = contractOrder('amazon', `902-1106328-${String(1_059_150 + index)}`, [
        '52986411826454',
        '52986411826455',
      ]);
      simulator.intake.putOrder(order, { updatedAt: new Date(until.getTime() - (2 - index) * hour).toISOString() });
    }
    const first = await lister.orders.list(window);
    expect(first.nextCursor).toBeDefined();
    await lister.orders.list({ ...window, cursor: first.nextCursor as string });
    const requests = (await capture.requests()).filter(
      (request) => request.url.origin !== new URL(simulator.tokenURL).origin,
    );
    const results = requests.map(check);
    expect(results.map((result) => result.operationId).sort()).toEqual([
      'createRestrictedDataToken',
      'getOrderItems',
      'getOrderItems',
      'getOrders',
      'getOrders',
    ]);
    expect(results.flatMap((result) => result.violations)).toEqual([]);
    listed.push(...requests);
  });

  it('flags a page over 100, a date that is not ISO 8601, a fulfillment channel Amazon does not know, no MarketplaceIds, no access token', () => {
    const getOrders = listedRequest('getOrders');
    expect(check(withQuery(getOrders, 'MaxResultsPerPage', '101')).violations.join('\n')).toMatch(/MaxResultsPerPage/);
    expect(check(withQuery(getOrders, 'LastUpdatedAfter', '11/09/2026')).violations.join('\n')).toMatch(
      /LastUpdatedAfter/,
    );
    expect(check(withQuery(getOrders, 'FulfillmentChannels', 'SELLER')).violations.join('\n')).toMatch(
      /FulfillmentChannels/,
    );
    expect(check(withQuery(getOrders, 'MarketplaceIds', undefined)).violations.join('\n')).toMatch(
      /required property 'MarketplaceIds'/,
    );
    expect(check(withQuery(getOrders, 'MaxResults', '10')).violations.join('\n')).toMatch(/additional properties/);
    expect(check(withoutHeader(getOrders, 'x-amz-access-token')).violations.join('\n')).toMatch(
      /required property 'x-amz-access-token'/,
    );
  });

  it('flags a Restricted Data Token request for a data element Amazon does not define, or without a path', () => {
    const broken = withJsonBody(listedRequest('createRestrictedDataToken'), (body) => {
      const [resource] = body.restrictedResources as Record<string, unknown>[];
      (resource as Record<string, unknown>).dataElements = ['shippingAddress', 'buyerPhone'];
      delete (resource as Record<string, unknown>).path;
    });
    const violations = check(broken).violations.join('\n');
    expect(violations).toMatch(/dataElements\/1 must be equal to one of the allowed values/);
    expect(violations).toMatch(/must have required property 'path'/);
  });
});
