import { describe, expect, it } from 'vitest';
import { splitAutomaticDateRange } from './split-automatic-date-range.js';

describe('splitAutomaticDateRange (https://flxpoint-p.helpjuice.com/en_US/automotive-part/automatic-distributor-as-source: at most 365 days per lookup)', () => {
  it('keeps a short range whole', () => {
    expect(splitAutomaticDateRange('2026-01-01', '2026-01-31')).toEqual([
      { startDate: '2026-01-01', endDate: '2026-01-31' },
    ]);
  });

  it('splits a long range into windows of 365 days, inclusive, without gaps', () => {
    expect(splitAutomaticDateRange('2024-01-01', '2026-01-05')).toEqual([
      { startDate: '2024-01-01', endDate: '2024-12-30' },
      { startDate: '2024-12-31', endDate: '2025-12-30' },
      { startDate: '2025-12-31', endDate: '2026-01-05' },
    ]);
  });
});
