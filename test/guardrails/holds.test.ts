import { describe, expect, it } from 'vitest';
import { limitHolds, limitsInForce } from '../../src/guardrails/limits.js';
import { schoolDropHolds } from '../../src/guardrails/school-drop.js';
import { summarise } from '../../src/plan/summary.js';
import type { PlanSummary } from '../../src/plan/types.js';
import { makeConfig, rows, student } from '../builders.js';
import { desiredGoogle, googleDiffTarget, googleIndex, state, userFromDesired } from '../google-builders.js';
import type { GoogleState } from '../../src/targets/google/directory-types.js';
import type { DesiredAccount } from '../../src/model/account.js';
import type { Config } from '../../src/config/types.js';

function summary(counts: { create?: number; suspend?: number; move?: number }, matched: number): PlanSummary {
  const s = summarise([], [], { desired: matched, matched, unmanaged: 0, absentInactive: 0, skipped: 0, frozen: 0, inSync: matched });
  return { ...s, create: counts.create ?? 0, actions: { ...s.actions, suspend: counts.suspend ?? 0, move: counts.move ?? 0 } };
}

describe('safety limits', () => {
  const safety = makeConfig({
    safety: {
      limits: { suspend: { count: 20, percent: 5 }, move: { percent: 25 }, create: { count: 100 } },
      windows: [
        { name: 'summer rollover', from: '06-15', until: '09-15', limits: { suspend: { percent: 40 }, move: { percent: 100 } } },
        { name: 'winter break', from: '12-20', until: '01-05', limits: { create: { count: 0 } } },
      ],
    },
  }).safety;

  it('holds a plan over a count or a percent, the stricter winning, and says by how much', () => {
    expect(limitHolds(summary({ suspend: 10 }, 1000), safety, '2026-11-23')).toEqual([]);
    const overPercent = limitHolds(summary({ suspend: 10 }, 100), safety, '2026-11-23');
    expect(overPercent).toEqual([
      { code: 'LIMIT_EXCEEDED', action: 'suspend', count: 10, message: '10 suspend changes (10.0% of 100 managed accounts) exceed the term-time limit: at most 20 and 5% of 100 managed accounts (5)' },
    ]);
    expect(limitHolds(summary({ suspend: 21 }, 10_000), safety, '2026-11-23').map((h) => h.action)).toEqual(['suspend']);
  });

  it('applies a dated window\'s looser limits action by action', () => {
    expect(limitsInForce(safety, '2026-08-01').window).toBe('summer rollover');
    expect(limitHolds(summary({ suspend: 300, move: 1000 }, 1000), safety, '2026-08-01')).toEqual([]);
    // The window replaces only the limits it names: the term-time create limit still holds.
    expect(limitHolds(summary({ create: 101 }, 1000), safety, '2026-08-01').map((h) => h.action)).toEqual(['create']);
    expect(limitHolds(summary({ suspend: 300 }, 1000), safety, '2026-09-15')[0]?.message).toContain('term-time limit');
  });

  it('handles windows across the year end', () => {
    expect(limitsInForce(safety, '2026-12-31').window).toBe('winter break');
    expect(limitsInForce(safety, '2027-01-04').window).toBe('winter break');
    expect(limitsInForce(safety, '2027-01-05').window).toBeNull();
  });

  it('holds a first run, where everything is a create (percent of at least one account)', () => {
    const firstRun = makeConfig().safety;
    expect(limitHolds(summary({ create: 500 }, 0), firstRun, '2026-11-23')[0]).toMatchObject({ action: 'create', count: 500 });
  });
});

describe('school drop', () => {
  const config = makeConfig({ safety: { schoolDrop: { percent: 50, minAccounts: 3 } } });
  const whs = Array.from({ length: 6 }, (_, i) => student({ studentNumber: String(700 + i), schoolId: 301 }));
  const cms = Array.from({ length: 4 }, (_, i) => student({ studentNumber: String(800 + i), schoolId: 201, gradeLevel: 7 }));
  const everyone = desiredGoogle(rows({ students: [...whs, ...cms] }), config, '2026-11-23').accounts;
  const google = state(everyone.map((d) => userFromDesired(d)));
  /** The guard as a plan for the Google target runs it: Google's accounts, its building OUs. */
  const schoolDrop = (desired: DesiredAccount[], g: GoogleState, cfg: Config) =>
    schoolDropHolds(desired, googleIndex(g, cfg).accounts, cfg.safety.schoolDrop, googleDiffTarget(cfg));

  it('does not hold when PowerSchool still places the school\'s people', () => {
    expect(schoolDrop(everyone, google, config)).toEqual([]);
  });

  it('holds when a school\'s rows vanish from PowerSchool while it has accounts', () => {
    const withoutWhs = desiredGoogle(rows({ students: cms }), config, '2026-11-23').accounts;
    expect(schoolDrop(withoutWhs, google, config)).toEqual([
      expect.objectContaining({ code: 'SCHOOL_DROP', container: '/Students/WHS Students', count: 0, message: expect.stringContaining('6 active student accounts in Google but 0 active students') }),
    ]);
  });

  it('holds when a school falls below the configured share, as when everyone turns inactive', () => {
    const mostlyGone = desiredGoogle(rows({ students: [...whs.slice(0, 2), ...whs.slice(2).map((s) => ({ ...s, enrollStatus: 2 })), ...cms] }), config, '2026-11-23').accounts;
    expect(schoolDrop(mostlyGone, google, config).map((h) => h.container)).toEqual(['/Students/WHS Students']);
  });

  it('holds every school when the source is empty', () => {
    expect(schoolDrop([], google, config).map((h) => h.container)).toEqual(['/Students/CMS Students', '/Students/WHS Students']);
  });

  it('ignores small buildings and suspended accounts', () => {
    const small = makeConfig({ safety: { schoolDrop: { minAccounts: 5 } } });
    expect(schoolDrop([], google, small).map((h) => h.container)).toEqual(['/Students/WHS Students']);
    const suspended = state(everyone.map((d) => userFromDesired(d, { suspended: true })));
    expect(schoolDrop([], suspended, config)).toEqual([]);
  });

});
