import { createShopify } from '@dropship/shopify';
import { createShopifySimulator } from '@dropship/shopify/testing';
import { createTestServer } from '@dropship/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CapturedRequest, captureRequests, withJsonBody, withoutHeader } from './support/capture-requests.js';
import { contractOrder, contractShipment, contractShipmentCases } from './support/contract-shipments.js';
import { createGraphqlContract } from './support/graphql-contract.js';
import { createRestContract, type OpenApiSubset, readContractFile } from './support/rest-contract.js';

// Every request the Shopify adapter sends, captured on its real code path against its simulator:
// the HTTP envelope is checked with ajv (endpoint, version, token header, body fields), the
// document with graphql-js `validate` against the Admin API 2025-01 subset, and the variables
// coerced to the schema's input types (test/contract/schemas/shopify, sources in each file).
const accessToken = 'shpat_CONTRACT0a1b2c3d4e5f';
const simulator = createShopifySimulator({
  accessToken,
  baseURL: 'https://dropship-contract.myshopify.test',
  restoreRate: 100_000,
});
const server = createTestServer(...simulator.handlers);
const capture = captureRequests(server.server);
const endpoint = createRestContract(readContractFile<OpenApiSubset>('shopify/graphql-endpoint.json'));
const graphql = createGraphqlContract('shopify/admin-2025-01-subset.graphql');
const companies = readContractFile<{ anyCountry: string[]; unitedStates: string[]; canada: string[] }>(
  'shopify/tracking-companies-2025-01.json',
);
const listedCompanies = new Set([...companies.anyCountry, ...companies.unitedStates, ...companies.canada]);
const adapter = createShopify({
  accessToken,
  baseURL: simulator.baseURL,
  retry: { retries: 2, minDelayMs: 1, maxDelayMs: 5 },
});
const checked: CapturedRequest[] = [];

interface TrackingInput {
  company?: string;
  number?: string;
  url?: string;
}

/** The tracking input a request sends, read from its raw variables (undefined for the query). */
function trackingOf(request: CapturedRequest): TrackingInput | undefined {
  const body = JSON.parse(request.body) as { variables?: { fulfillment?: { trackingInfo?: TrackingInput } } };
  return body.variables?.fulfillment?.trackingInfo;
}

/** Every violation of one request: envelope, document, variables, and the URL scalar. */
function violationsOf(request: CapturedRequest): string[] {
  const violations = [...endpoint.check(request).violations, ...graphql.check(request).violations];
  const url = trackingOf(request)?.url;
  // Shopify's URL scalar is an RFC 3986 URI; graphql-js treats a custom scalar as any value.
  if (url !== undefined && !URL.canParse(url)) {
    violations.push(`variables: trackingInfo.url ${url} is not an absolute URL (Shopify's URL scalar)`);
  }
  return violations;
}

function operationOf(request: CapturedRequest): string | undefined {
  return graphql.check(request).operation;
}

beforeAll(() => server.listen());
afterAll(() => {
  capture.stop();
  server.close();
});

describe('Shopify requests match the GraphQL Admin API 2025-01 schema', () => {
  it.each(contractShipmentCases.map((shipmentCase, index) => [shipmentCase.name, shipmentCase, index] as const))(
    '%s',
    async (_name, shipmentCase, index) => {
      capture.clear();
      const order = contractOrder('shopify', String(5_512_345_678_000 + index), ['9001', '9002']);
      // Cases of several lines have them in two fulfillment orders, as Shopify splits orders.
      const split = shipmentCase.lines.startsWith('every-line');
      simulator.addOrder(order, split ? { fulfillmentOrders: [{ lineIds: ['9001'] }, { lineIds: ['9002'] }] } : {});
      const shipment = contractShipment(order, shipmentCase);
      expect((await adapter.pushTracking({ order, shipment })).status).toBe('pushed');
      expect((await adapter.pushTracking({ order, shipment })).status).toBe('already-pushed');
      const requests = await capture.requests();
      expect(requests.map(operationOf)).toContain('mutation DropshipFulfillmentCreate');
      expect(requests.flatMap(violationsOf)).toEqual([]);
      // Shopify builds a tracking link only for a company on its list: any other company must
      // come with a URL, unless none is known for the shipment at all.
      const tracking = requests.map(trackingOf).find((input) => input !== undefined);
      expect(tracking?.company).toBeDefined();
      if (
        !listedCompanies.has(tracking?.company ?? '') &&
        shipmentCase.name !== 'other carrier without a tracking URL'
      ) {
        expect(tracking?.url, `${tracking?.company} is not on Shopify's list and has no URL`).toBeDefined();
      }
      checked.push(...requests);
    },
  );

  it('order intake: the orders listing over several pages and the further line items of a large order', async () => {
    capture.clear();
    const base = contractOrder('shopify', '5512345679000', ['9101', '9102']);
    const lines = Array.from({ length: 7 }, (_, index) => ({ ...base.lines[index % 2], lineId: String(9200 + index) }));
    const updatedAt = (minute: number) => `2026-11-02T10:0${minute}:00.000Z`;
    simulator.intake.putOrder({ ...base, lines } as typeof base, { updatedAt: updatedAt(1) });
    simulator.intake.putOrder(contractOrder('shopify', '5512345679001', ['9111', '9112']), { updatedAt: updatedAt(2) });
    simulator.intake.putOrder(contractOrder('shopify', '5512345679002', ['9121', '9122']), { updatedAt: updatedAt(3) });
    const intake = createShopify({
      accessToken,
      baseURL: simulator.baseURL,
      orders: { pageSize: 2, lineItemsPerOrder: 3 },
    });
    const window = { since: '2026-11-02T00:00:00Z', until: '2026-11-03T00:00:00Z' };
    const first = await intake.orders.list(window);
    const second = await intake.orders.list({ ...window, cursor: first.nextCursor as string });
    expect([...first.orders, ...second.orders].map((entry) => entry.kind)).toEqual(['order', 'order', 'order']);
    const requests = await capture.requests();
    expect(requests.map(operationOf)).toEqual([
      'query DropshipOrders',
      'query DropshipOrderLineItems',
      'query DropshipOrders',
    ]);
    expect(requests.flatMap(violationsOf)).toEqual([]);
    checked.push(...requests);
  });

  it('checked every request kind the adapter sends', () => {
    expect(new Set(checked.map(operationOf))).toEqual(
      new Set([
        'query DropshipFulfillmentOrders',
        'mutation DropshipFulfillmentCreate',
        'query DropshipOrders',
        'query DropshipOrderLineItems',
      ]),
    );
  });

  it('sends LaserShip as Shopify lists it ("Lasership"), so Shopify builds the link', () => {
    const companiesSent = checked.map(trackingOf).flatMap((input) => (input?.company ? [input.company] : []));
    expect(companiesSent).toContain('Lasership');
    expect(companiesSent).not.toContain('LaserShip');
    expect(companiesSent).toContain('GLS');
  });
});

describe('Shopify contract negative controls: a broken request is flagged', () => {
  const mutation = () => {
    const request = checked.find((candidate) => operationOf(candidate) === 'mutation DropshipFulfillmentCreate');
    if (!request) throw new Error('no fulfillmentCreate captured: run the whole file');
    return request;
  };
  const fulfillmentOf = (body: Record<string, unknown>) =>
    (body.variables as { fulfillment: Record<string, unknown> }).fulfillment;

  it('flags an undeclared input field and a missing required one', () => {
    const extra = withJsonBody(mutation(), (body) => {
      (fulfillmentOf(body).trackingInfo as Record<string, unknown>).carrier = 'UPS';
    });
    expect(violationsOf(extra).join('\n')).toMatch(/Field "carrier" is not defined by type "FulfillmentTrackingInput"/);
    const missing = withJsonBody(mutation(), (body) => {
      delete fulfillmentOf(body).lineItemsByFulfillmentOrder;
    });
    expect(violationsOf(missing).join('\n')).toMatch(
      /Field "lineItemsByFulfillmentOrder" of required type .* was not provided/,
    );
  });

  it('flags an orders listing with a sort key Shopify does not have, a field it does not have, a page size that is not an Int', () => {
    const listing = checked.find((candidate) => operationOf(candidate) === 'query DropshipOrders');
    if (!listing) throw new Error('no orders listing captured: run the whole file');
    const broken = withJsonBody(listing, (body) => {
      body.query = String(body.query)
        .replace('sortKey: UPDATED_AT', 'sortKey: LAST_UPDATED')
        .replace('countryCodeV2', 'countryIsoCode');
      (body.variables as Record<string, unknown>).first = '25';
    });
    const violations = violationsOf(broken).join('\n');
    expect(violations).toMatch(/Value "LAST_UPDATED" does not exist in "OrderSortKeys" enum/);
    expect(violations).toMatch(/Cannot query field "countryIsoCode" on type "MailingAddress"/);
    expect(violations).toMatch(/Int cannot represent non-integer value: "25"/);
  });

  it('flags a quantity that is not an Int and a tracking URL that is not a URL', () => {
    const broken = withJsonBody(mutation(), (body) => {
      const groups = fulfillmentOf(body).lineItemsByFulfillmentOrder as {
        fulfillmentOrderLineItems: { quantity: unknown }[];
      }[];
      const first = groups[0]?.fulfillmentOrderLineItems[0];
      if (first) first.quantity = '1';
      (fulfillmentOf(body).trackingInfo as Record<string, unknown>).url = 'not a url';
    });
    const violations = violationsOf(broken).join('\n');
    expect(violations).toMatch(/Int cannot represent non-integer value: "1"/);
    expect(violations).toMatch(/trackingInfo.url not a url is not an absolute URL/);
  });

  it('flags a field the schema does not have, an undeclared variable, a missing token and a wrong version', () => {
    const badDocument = withJsonBody(mutation(), (body) => {
      body.query = String(body.query).replace('userErrors { field message }', 'userErrors { field message code }');
      (body.variables as Record<string, unknown>).notify = true;
    });
    const violations = violationsOf(badDocument).join('\n');
    expect(violations).toMatch(/Cannot query field "code" on type "UserError"/);
    expect(violations).toMatch(/\$notify is not declared/);
    expect(violationsOf(withoutHeader(mutation(), 'X-Shopify-Access-Token')).join('\n')).toMatch(
      /must have required property 'x-shopify-access-token'/,
    );
    const wrongVersion = {
      ...mutation(),
      url: new URL(mutation().url.href.replace(/\/api\/[^/]+\//, '/api/2025-13/')),
    };
    expect(violationsOf(wrongVersion).join('\n')).toMatch(/path\/version must match pattern/);
  });
});
