import { createTestServer } from '@dropship/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { amazonOrderFixture } from './__fixtures__/amazon-order.js';
import { createAmazonSimulator } from './amazon-simulator.js';

// The simulator must refuse what SP-API refuses (https://developer-docs.amazon.com/sp-api/reference/confirmshipment), so that
// adapter tests against it mean something.
const simulator = createAmazonSimulator({ quota: false });
const server = createTestServer(...simulator.handlers);
const order = amazonOrderFixture();
const [airFilter] = order.lines as [(typeof order.lines)[0]];
const url = `${simulator.baseURL}/orders/v0/orders/${order.marketplaceOrderId}/shipmentConfirmation`;
let accessToken = '';

const valid = {
  marketplaceId: 'ATVPDKIKX0DER',
  packageDetail: {
    packageReferenceId: '1',
    carrierCode: 'FedEx',
    trackingNumber: '986578788855',
    shipDate: '2022-02-11T01:00:00.000Z',
    orderItems: [{ orderItemId: airFilter.lineId, quantity: 1 }],
  },
};

function confirm(body: unknown, token = accessToken): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'x-amz-access-token': token, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function token(form: Record<string, string>): Promise<Response> {
  return fetch(simulator.tokenURL, { method: 'POST', body: new URLSearchParams(form) });
}

const grant = {
  grant_type: 'refresh_token',
  refresh_token: simulator.credentials.refreshToken,
  client_id: simulator.credentials.clientId,
  client_secret: simulator.credentials.clientSecret,
};

beforeAll(() => server.listen());
afterAll(() => server.close());
beforeEach(async () => {
  simulator.reset({ all: true });
  simulator.addOrder(order);
  accessToken = ((await (await token(grant)).json()) as { access_token: string }).access_token;
});

describe('Amazon simulator', () => {
  it('issues LWA tokens and refuses a wrong client (401 invalid_client) or refresh token (400 invalid_grant)', async () => {
    expect(accessToken).toMatch(/^Atza\|/);
    const badClient = await token({ ...grant, client_secret: 'wrong' });
    expect([badClient.status, ((await badClient.json()) as { error: string }).error]).toEqual([401, 'invalid_client']);
    const badGrant = await token({ ...grant, refresh_token: 'wrong' });
    expect([badGrant.status, ((await badGrant.json()) as { error: string }).error]).toEqual([400, 'invalid_grant']);
  });

  it('confirms with 204 and no body', async () => {
    const response = await confirm(valid);
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });

  it.each([
    ['a ship date that is not ISO 8601 (the sandbox example)', { ...valid.packageDetail, shipDate: '02/21/2022' }],
    ['Other without carrierName', { ...valid.packageDetail, carrierCode: 'Other' }],
    ['a non-numeric packageReferenceId', { ...valid.packageDetail, packageReferenceId: 'PKG-1' }],
    ['a zero packageReferenceId', { ...valid.packageDetail, packageReferenceId: '0' }],
    ['a carrier code not in the list', { ...valid.packageDetail, carrierCode: 'Pigeon Post' }],
    ['an unknown order item', { ...valid.packageDetail, orderItems: [{ orderItemId: '1', quantity: 1 }] }],
    ['more than ordered', { ...valid.packageDetail, orderItems: [{ orderItemId: airFilter.lineId, quantity: 4 }] }],
  ])('rejects %s with 400 Invalid Input', async (_name, packageDetail) => {
    const response = await confirm({ ...valid, packageDetail });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('Invalid Input');
    expect(simulator.packages(order.marketplaceOrderId)).toHaveLength(0);
  });

  it('accepts Other with a carrier name', async () => {
    expect(
      (
        await confirm({
          ...valid,
          packageDetail: { ...valid.packageDetail, carrierCode: 'Other', carrierName: 'Speedee' },
        })
      ).status,
    ).toBe(204);
  });

  it('edits the package with the same packageReferenceId instead of adding one', async () => {
    await confirm(valid);
    // The edit's quantity replaces the package's (2 of 3), it is not added to it.
    await confirm({
      ...valid,
      packageDetail: {
        ...valid.packageDetail,
        carrierCode: 'UPS',
        orderItems: [{ orderItemId: airFilter.lineId, quantity: 2 }],
      },
    });
    expect(simulator.packages(order.marketplaceOrderId)).toEqual([
      expect.objectContaining({
        carrierCode: 'UPS',
        confirmations: 2,
        orderItems: [{ orderItemId: airFilter.lineId, quantity: 2 }],
      }),
    ]);
    await confirm({
      ...valid,
      packageDetail: {
        ...valid.packageDetail,
        packageReferenceId: '2',
        orderItems: [{ orderItemId: airFilter.lineId, quantity: 1 }],
      },
    });
    expect(simulator.packages(order.marketplaceOrderId)).toHaveLength(2);
  });

  it('refuses an unknown or expired access token with 403 Unauthorized', async () => {
    expect((await confirm(valid, 'Atza|unknown')).status).toBe(403);
    simulator.expireAccessTokens();
    const response = await confirm(valid);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('Unauthorized');
  });

  it('answers 429 QuotaExceeded beyond its quota', async () => {
    const limited = createAmazonSimulator({ quota: { requests: 1, intervalMs: 60_000, burst: 2, toleranceMs: 0 } });
    server.use(...limited.handlers);
    limited.addOrder(order);
    const issued = (
      (await (await token({ ...grant, refresh_token: limited.credentials.refreshToken })).json()) as {
        access_token: string;
      }
    ).access_token;
    const statuses = [];
    for (const id of ['1', '2', '3']) {
      statuses.push(
        (
          await confirm(
            { ...valid, packageDetail: { ...valid.packageDetail, packageReferenceId: id, trackingNumber: `T${id}` } },
            issued,
          )
        ).status,
      );
    }
    expect(statuses).toEqual([204, 204, 429]);
    expect(limited.quotaRejections()).toBe(1);
  });
});
