import { describe, expect, it } from 'vitest';
import { graduateGrace } from '../../src/rules/summer-grace.js';

const grace = { from: '06-01', until: '09-01' };

describe('summer grace for graduates (D118: active until September 1st)', () => {
  it('keeps this year\'s class active on June 1, the first day of the window', () => {
    expect(graduateGrace(2026, '2026-06-01', grace)).toEqual({ active: true, reason: 'class of 2026: active through 2026-08-31 (summer grace; suspended from 09-01)', activeUntil: '2026-08-31' });
  });
  it('suspends this year\'s class on May 31, before the window opens', () => {
    expect(graduateGrace(2026, '2026-05-31', grace).active).toBe(false);
    expect(graduateGrace(2026, '2026-05-31', grace).reason).toContain('before the summer grace window');
  });
  it('keeps this year\'s class active on August 31, the last day', () => {
    expect(graduateGrace(2026, '2026-08-31', grace).active).toBe(true);
  });
  it('suspends this year\'s class on September 1 and says the grace ended', () => {
    expect(graduateGrace(2026, '2026-09-01', grace)).toEqual({ active: false, reason: 'class of 2026: grace ended 09-01' });
  });
  it('suspends other classes even inside the window', () => {
    expect(graduateGrace(2025, '2026-07-15', grace)).toEqual({ active: false, reason: 'class of 2025: summer grace is only for the class of 2026' });
    expect(graduateGrace(2027, '2026-07-15', grace).active).toBe(false);
    expect(graduateGrace(null, '2026-07-15', grace).active).toBe(false);
  });
  it('suspends at once when no grace is configured (the default)', () => {
    expect(graduateGrace(2026, '2026-07-15', null).active).toBe(false);
  });
  it('defaults the window start to June 1', () => {
    expect(graduateGrace(2026, '2026-06-01', { until: '09-01' }).active).toBe(true);
    expect(graduateGrace(2026, '2026-05-31', { until: '09-01' }).active).toBe(false);
  });
});
