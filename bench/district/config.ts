/**
 * The synthetic district's rollcall config: the fixture district's rules (the D118 ones) on a
 * domain of its own, with the default safety limits. Only `google` differs between scenarios.
 */
import fixtureConfig from '../../fixtures/district.config.json' with { type: 'json' };

export const BENCH_DOMAIN = 'bench.example.org';
export const BENCH_TODAY = '2026-11-23';

/**
 * `classes`: powerschool.classes on (the class tables read with every plan). `groups`: the
 * fixture's group sets too (classes, building students and staff, class-of), for a district
 * generated with the Google side of its groups (generate-groups.ts).
 */
export function benchConfig(google: Record<string, unknown> = {}, options: { classes?: boolean; groups?: boolean } = {}): Record<string, unknown> {
  // The fixture's rules as they are; its safety limits give way to the defaults (a config with
  // groups gets the group limits' defaults), and its $schema path means nothing where the
  // district is written. Its group sets only where the district's Google side has groups.
  const { $schema: _schema, safety: _safety, google: fixtureGoogle, powerschool, groups, ...rules } = fixtureConfig;
  return {
    google: { ...fixtureGoogle, domain: BENCH_DOMAIN, auth: { ...fixtureGoogle.auth, subject: `admin@${BENCH_DOMAIN}` }, ...google },
    powerschool: options.classes || options.groups ? { ...powerschool, classes: true } : powerschool,
    ...rules,
    ...(options.groups ? { groups } : {}),
  };
}
