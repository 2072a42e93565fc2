/** The model's own rules: placement compared the same way for every directory, and the lines a directory's state is digested by. */
import { describe, expect, it } from 'vitest';
import type { ActualAccount } from '../../src/model/account.js';
import { attributeKeyOf, attributePath } from '../../src/model/field-path.js';
import { compileContainerPatterns, normaliseContainer, samePlacement } from '../../src/model/placement.js';
import { accountFromLine, accountLine, membershipLine, stateDigest } from '../../src/model/state-lines.js';
import { LineDigest } from '../../src/util/line-digest.js';

const account = (overrides: Partial<ActualAccount> = {}): ActualAccount => ({
  address: 'ada@example.org',
  id: '42',
  name: { given: 'Ada', family: 'Lovelace' },
  enabled: true,
  placement: ['/Staff/North'],
  attributes: { 'customSchemas.S.A': '1', 'externalIds.organization': 'T1' },
  otherAddresses: [],
  ...overrides,
});

describe('placement', () => {
  it('compares containers trimmed, without a trailing slash, ignoring case, and placements as sets', () => {
    expect(normaliseContainer(' /Staff/North/ ')).toBe('/Staff/North');
    expect(normaliseContainer('')).toBe('/');
    expect(samePlacement(['/staff/NORTH/'], ['/Staff/North'])).toBe(true);
    expect(samePlacement(['AU West', 'Teachers'], ['teachers', 'au west'])).toBe(true);
    expect(samePlacement(['AU West'], ['AU West', 'Teachers'])).toBe(false);
  });

  it('matches a pattern against any container of a placement: the container and everything below it', () => {
    const frozen = compileContainerPatterns(['**/Restricted', '/Temporary Reactivation']);
    expect(frozen(['/Students/WHS Students/Restricted/Lab'])).toBe('**/Restricted');
    expect(frozen(['Teachers', '/temporary reactivation'])).toBe('/Temporary Reactivation');
    expect(frozen(['/Students/Restricted Access Pilot'])).toBeNull();
    expect(compileContainerPatterns([])(['/anything'])).toBeNull();
  });

  it('names an attribute by a JSON pointer segment, escaped as RFC 6901 says', () => {
    expect(attributePath('customSchemas.S.A')).toBe('/attributes/customSchemas.S.A');
    expect(attributeKeyOf(attributePath('a/b~c'))).toBe('a/b~c');
    expect(attributeKeyOf('/placement')).toBeNull();
  });
});

describe('state lines', () => {
  it('reads an account back from its line, whatever order its attributes were built in', () => {
    const a = account({ keys: { 'externalIds.organization': ['T1', 'T2'] }, archived: true, otherAddresses: ['ada.alias@example.org'] });
    expect(accountFromLine(JSON.parse(accountLine(a)))).toEqual(a);
    const reordered = account({ attributes: { 'externalIds.organization': 'T1', 'customSchemas.S.A': '1' } });
    expect(accountLine(reordered)).toBe(accountLine(account()));
    const withoutId = account({ id: undefined });
    delete withoutId.id;
    expect(accountFromLine(JSON.parse(accountLine(withoutId)))).toEqual(withoutId);
  });

  it('digests a state whatever the order of its accounts, and partial digests add up', () => {
    const a = account();
    const b = account({ address: 'bob@example.org', id: '43', enabled: false });
    const state = { accounts: [a, b], containers: ['/Staff', '/Staff/North'] };
    expect(stateDigest(state).value()).toBe(stateDigest({ accounts: [b, a], containers: ['/Staff/North', '/Staff'] }).value());
    expect(stateDigest({ ...state, accounts: [a, { ...b, enabled: true }] }).value()).not.toBe(stateDigest(state).value());
    const whole = stateDigest(state);
    whole.add(membershipLine({ group: 'g@example.org', member: 'ada@example.org', role: 'member' }));
    const parts = new LineDigest(stateDigest(state).state());
    const memberships = new LineDigest();
    memberships.add(membershipLine({ group: 'g@example.org', member: 'ada@example.org', role: 'member' }));
    parts.merge(memberships);
    expect(parts.value()).toBe(whole.value());
  });
});
