/**
 * The synthetic district's rollcall config: the fixture district's rules (the D118 ones) on a
 * domain of its own, with the default safety limits. Only `google` differs between scenarios.
 */
import fixtureConfig from '../../fixtures/district.config.json' with { type: 'json' };

export const BENCH_DOMAIN = 'bench.example.org';
export const BENCH_TODAY = '2026-11-23';

export function benchConfig(google: Record<string, unknown> = {}, options: { classes?: boolean } = {}): Record<string, unknown> {
  // The fixture's rules as they are; its safety limits give way to the defaults, its $schema
  // path means nothing where the district is written, and its group sets are left out: the
  // bench plans a district without group sets (a generator of the Google side of groups, for a
  // bench with them, is not written yet).
  const { $schema: _schema, safety: _safety, google: fixtureGoogle, powerschool, groups: _groups, ...rules } = fixtureConfig;
  return {
    google: { ...fixtureGoogle, domain: BENCH_DOMAIN, auth: { ...fixtureGoogle.auth, subject: `admin@${BENCH_DOMAIN}` }, ...google },
    powerschool: options.classes ? { ...powerschool, classes: true } : powerschool,
    ...rules,
  };
}
