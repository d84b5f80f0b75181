import { describe, expect, it } from 'vitest';
import { run } from './main.js';

describe('example 06: an EDI supplier next to an API distributor', () => {
  it('sends one 850 over SFTP beside an API PO, reads the 997/855/856/810 back, and pushes both tracking numbers to Walmart', async () => {
    const lines: string[] = [];
    const result = await run({ log: (line) => lines.push(line) });

    expect(result.status).toBe('placed');
    expect(result.ediOrdersAtPartner).toBe(1);
    const [beg, shipTo, line] = result.purchaseOrderSegments;
    expect(beg).toMatch(new RegExp(`^BEG\\*00\\*DS\\*${result.ediPoNumber}\\*\\*\\d{8}~$`));
    expect([shipTo, line]).toEqual([
      'N1*ST*Sam Trail*92*DROPSHIP CUSTOMER~',
      'PO1*1*1*EA*299*PE*VP*W101025*MG*101025~',
    ]);
    expect(result.sync).toMatchObject({ shipmentsRecorded: 2, trackingPushed: 2, completed: 2, errors: [] });
    expect([...result.walmartTracking].sort()).toEqual(['1Z999AA10123456784', '1ZDS0SIM0313000001']);
    expect(result.states).toEqual(['completed', 'completed']);
    expect(result.invoiceTotal).toBe(29_900);
    expect(lines.some((line) => line.includes('as an 850 over SFTP'))).toBe(true);
  });
});
