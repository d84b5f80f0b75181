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
const adapter = createAmazon({
  ...credentials,
  baseURL: simulator.baseURL,
  tokenURL: simulator.tokenURL,
  retry: { minDelayMs: 1, maxDelayMs: 5 },
});
const checked: CapturedRequest[] = [];

/** The LWA endpoint and SP-API are different hosts: each request is checked against its own. */
function check(request: CapturedRequest): ContractCheck {
  return request.url.origin === new URL(simulator.tokenURL).origin
    ? tokenContract.check(request)
    : ordersContract.check(request);
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
