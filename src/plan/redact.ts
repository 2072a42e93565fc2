/**
 * Redaction: a copy of a plan safe to keep as a CI artifact. Names, addresses, DCIDs, student
 * and teacher numbers and other identifying values become pseudonyms made with an HMAC keyed by
 * a secret, so the same person has the same pseudonym every night (plans still diff night to
 * night) while nobody without the key can tell who it is. School, grade, org units, actions and
 * counts stay: they are what a reviewer of the artifact needs. A redacted plan cannot be
 * applied (its addresses are not real).
 */
import { createHmac } from 'node:crypto';
import { changeId } from './change-id.js';
import { managedPatch } from './patch.js';
import type { Change, ManagedFields, Person, Plan, PlanIssue } from './types.js';

export const REDACT_KEY_ENV = 'ROLLCALL_REDACT_KEY';

export function redactPlan(plan: Plan, key: string): Plan {
  const r = new Redactor(key, plan.domain);
  const changes = plan.changes.map((c) => r.change(c));
  const { integrity: _integrity, ...rest } = plan;
  return {
    ...rest,
    redacted: true,
    issues: plan.issues.map((i) => r.issue(i)),
    changes,
    holds: plan.holds.map((h) => ({ ...h })),
  };
}

class Redactor {
  constructor(
    private readonly key: string,
    private readonly domain: string,
  ) {}

  private token(kind: string, value: string, length = 10): string {
    return createHmac('sha256', this.key).update(`${kind}\u0000${value.toLowerCase()}`).digest('hex').slice(0, length);
  }

  /** Same address, same pseudonym; the domain is kept so a reviewer still sees which domain. */
  address(email: string): string {
    const at = email.lastIndexOf('@');
    return `u-${this.token('address', email)}@${at >= 0 ? email.slice(at + 1) : this.domain}`;
  }

  private name(person: Person): { displayName: string } {
    return { displayName: `Person ${this.token('person', `${person.population}:${person.dcid}`, 6)}` };
  }

  private person(p: Person): Person {
    const out: Person = { ...p, dcid: this.token('dcid', `${p.population}:${p.dcid}`, 8), displayName: this.name(p).displayName };
    if (p.number !== undefined) out.number = this.token('number', `${p.population}:${p.number}`, 8);
    return out;
  }

  /** Values that identify the person are replaced; school numbers, grades and years are kept. */
  private fields(f: ManagedFields, p: Person, secrets: string[]): ManagedFields {
    // Per person and per real value: a rename stays visible as a rename, yet names never show.
    const part = (which: string, real: string) => `${which}-${this.token('name', `${p.population}:${p.dcid}:${which}:${real}`, 6)}`;
    const scrub = (v: string): string =>
      secrets.some((s) => s !== '' && v.toLowerCase() === s.toLowerCase()) || /\d[\d\s().+-]{6,}\d/.test(v) || v.includes('@')
        ? `x-${this.token('value', v, 8)}`
        : v;
    const customSchemas = Object.fromEntries(
      Object.entries(f.customSchemas).map(([schema, fields]) => [schema, Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? scrub(v) : v]))]),
    );
    const out: ManagedFields = {
      primaryEmail: this.address(f.primaryEmail),
      name: { givenName: part('given', f.name.givenName), familyName: part('family', f.name.familyName) },
      orgUnitPath: f.orgUnitPath,
      suspended: f.suspended,
      customSchemas,
    };
    if (f.externalIds) out.externalIds = f.externalIds.map((e) => ({ ...e, value: `x-${this.token('value', e.value, 8)}` }));
    return out;
  }

  /** Replaces every way the person's identity can appear in a reason. */
  private text(s: string, secrets: string[], replacement: Map<string, string>): string {
    let out = s;
    for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
      if (secret.length < 2) continue;
      out = out.split(secret).join(replacement.get(secret) ?? `x-${this.token('value', secret, 8)}`);
    }
    return out;
  }

  change(c: Change): Change {
    const p = c.person;
    const n = this.name(p);
    const addresses = [c.address, ...(c.kind === 'update' ? [c.before.primaryEmail] : []), ...(c.kind !== 'remove-from-group' ? [c.after.primaryEmail] : [])];
    const names =
      c.kind === 'remove-from-group'
        ? [p.displayName]
        : [p.displayName, `${c.after.name.givenName} ${c.after.name.familyName}`, c.after.name.givenName, c.after.name.familyName, ...(c.kind === 'update' ? [`${c.before.name.givenName} ${c.before.name.familyName}`, c.before.name.givenName, c.before.name.familyName] : [])];
    const secrets = [...addresses, ...names, p.dcid, ...(p.number !== undefined ? [p.number] : [])];
    const replacement = new Map<string, string>([...addresses.map((a) => [a, this.address(a)] as const), ...names.map((x) => [x, n.displayName] as const)]);
    const reasons = c.reasons.map((reason) => this.text(reason, secrets, replacement));
    const person = this.person(p);
    const address = this.address(c.address);
    if (c.kind === 'remove-from-group') {
      return { ...c, id: changeId(c.kind, address, { group: c.group }), address, person, reasons };
    }
    const after = this.fields(c.after, p, secrets);
    if (c.kind === 'create') return { ...c, id: changeId(c.kind, address, after), address, person, reasons, after };
    const before = this.fields(c.before, p, secrets);
    const { googleId: _googleId, ...rest } = c;
    return { ...rest, id: changeId(c.kind, before.primaryEmail, after), address, person, reasons, before, after, patch: managedPatch(before, after) };
  }

  /** Issue messages quote source rows (names, numbers): keep where and what, not who. */
  issue(i: PlanIssue): PlanIssue {
    const out: PlanIssue = { ...i, message: `${i.code}${i.file ? ` at ${i.file}${i.row !== undefined ? ` row ${i.row}` : ''}` : ''}${i.field ? `, field ${i.field}` : ''} (details redacted)` };
    if (i.address !== undefined) out.address = this.address(i.address);
    return out;
  }
}
