import type { PurchaseOrderRequest } from '@dropship/core';

/** A drop-ship PO as the Automatic tests send it: two lines, a company, a phone and a note. */
export const automaticPurchaseOrderRequest: PurchaseOrderRequest = {
  poNumber: 'DS-2001',
  currency: 'USD',
  shipTo: {
    name: 'Jane Rider',
    company: 'Rider Racing',
    address1: '12 Main St',
    city: 'Boise',
    region: 'ID',
    postalCode: '83702',
    country: 'US',
    phone: '2085550100',
  },
  lines: [
    { sku: 'AD-1001', quantity: 2 },
    { sku: 'AD-2002', quantity: 1 },
  ],
  note: 'Gate code 1234',
};
