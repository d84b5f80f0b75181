import { describe, expect, it } from 'vitest';
import { run } from './main.js';

describe('example 07: an email supplier next to an API distributor', () => {
  it('emails one PO (PDF and CSV) beside an API PO, sends nothing more on a retry, records the supplier answers and pushes both tracking numbers to Walmart', async () => {
    const lines: string[] = [];
    const result = await run({ log: (line) => lines.push(line) });

    expect(result.status).toBe('placed');
    expect(result.emailsAtSupplier).toBe(1);
    expect(result.subject).toBe(`Purchase order ${result.emailPoNumber} from Trail Parts Wholesale`);
    expect(result.attachments).toEqual([
      `purchase-order-${result.emailPoNumber}.pdf`,
      `purchase-order-${result.emailPoNumber}.csv`,
    ]);
    expect(
      result.csvLines[1]?.startsWith(
        `${result.emailPoNumber},1,MSE-2404,Moose Racing aluminum skid plate,1,124.50,124.50,USD,`,
      ),
    ).toBe(true);
    expect(result.emailStateAfterAcknowledgment).toBe('submitted');
    expect(result.sync).toMatchObject({ shipmentsRecorded: 2, trackingPushed: 2, completed: 2, errors: [] });
    expect([...result.walmartTracking].sort()).toEqual(['1Z999AA10123456784', '1ZDS0SIM0313000001']);
    expect(result.states).toEqual(['completed', 'completed']);
    expect(lines.some((line) => line.includes('1 email at Moose'))).toBe(true);
  });
});
