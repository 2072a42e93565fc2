/**
 * Redaction: a copy of a plan safe to keep as a CI artifact. Names, addresses, DCIDs, student
 * and teacher numbers and other identifying values become pseudonyms made with an HMAC keyed by
 * a secret, so the same person has the same pseudonym every night (plans still diff night to
 * night) while nobody without the key can tell who it is. School, grade, placement (org units),
 * actions and counts stay: they are what a reviewer of the artifact needs. A redacted plan cannot be
 * applied (its addresses are not real).
 */
import { createHmac } from 'node:crypto';
import { contentId } from './change-id.js';
import { managedPatch } from './patch.js';
import { isGroupChange, type AccountFields, type Change, type GroupChange, type MemberChange, type Person, type Plan, type PlanIssue } from './types.js';

export const REDACT_KEY_ENV = 'ROLLCALL_REDACT_KEY';

export function redactPlan(plan: Plan, key: string): Plan {
  const r = new Redactor(key, plan.target.identity);
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
    /** The target's identity: the domain an address without one is shown in. */
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
  private fields(f: AccountFields, p: Person, secrets: string[]): AccountFields {
    // Per person and per real value: a rename stays visible as a rename, yet names never show.
    const part = (which: string, real: string) => `${which}-${this.token('name', `${p.population}:${p.dcid}:${which}:${real}`, 6)}`;
    const scrub = (v: string): string =>
      secrets.some((s) => s !== '' && v.toLowerCase() === s.toLowerCase()) || /\d[\d\s().+-]{6,}\d/.test(v) || v.includes('@')
        ? `x-${this.token('value', v, 8)}`
        : v;
    return {
      address: this.address(f.address),
      name: { given: part('given', f.name.given), family: part('family', f.name.family) },
      enabled: f.enabled,
      placement: [...f.placement],
      attributes: Object.fromEntries(Object.entries(f.attributes).map(([k, v]) => [k, scrub(v)])),
    };
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
    if (isGroupChange(c)) return this.groupChange(c);
    const p = c.person;
    const n = this.name(p);
    const fields = [...('before' in c ? [c.before] : []), ...('after' in c ? [c.after] : [])];
    // A deletion's reasons also name the account its files go to.
    const addresses = [c.address, ...fields.map((f) => f.address), ...(c.kind === 'delete-account' && c.transferTo !== undefined ? [c.transferTo] : [])];
    const names = [p.displayName, ...fields.flatMap((f) => [`${f.name.given} ${f.name.family}`, f.name.given, f.name.family])];
    const secrets = [...addresses, ...names, p.dcid, ...(p.number !== undefined ? [p.number] : [])];
    const replacement = new Map<string, string>([...addresses.map((a) => [a, this.address(a)] as const), ...names.map((x) => [x, n.displayName] as const)]);
    const reasons = c.reasons.map((reason) => this.text(reason, secrets, replacement));
    const person = this.person(p);
    const address = this.address(c.address);
    const redacted = ((): Change => {
      switch (c.kind) {
        case 'remove-from-group':
          return { ...c, address, person, reasons };
        case 'assign-licence':
        case 'remove-licence': {
          const { accountId: _accountId, ...rest } = c;
          return { ...rest, address, person, reasons };
        }
        case 'delete-account': {
          const { accountId: _accountId, ...rest } = c;
          return { ...rest, address, person, reasons, before: this.fields(c.before, p, secrets), ...(c.transferTo !== undefined ? { transferTo: this.address(c.transferTo) } : {}) };
        }
        case 'create':
          return { ...c, address, person, reasons, after: this.fields(c.after, p, secrets) };
        case 'update': {
          const before = this.fields(c.before, p, secrets);
          const after = this.fields(c.after, p, secrets);
          const { accountId: _accountId, ...rest } = c;
          return { ...rest, address, person, reasons, before, after, patch: managedPatch(before, after) };
        }
      }
    })();
    return { ...redacted, id: contentId(redacted) };
  }

  /**
   * A group change: the member is a pseudonym (and the person, when there is one); a new group's
   * name and description too, since a set may name groups after their teacher. The group's
   * address and set stay: they say which class or building, which a reviewer needs.
   */
  private groupChange(c: GroupChange): GroupChange {
    if (c.kind === 'create-group') {
      const redacted = { ...c, name: `group ${this.token('group-name', c.name, 8)}`, description: c.description === '' ? '' : `description ${this.token('group-description', c.description, 8)}` };
      return { ...redacted, id: contentId(redacted) };
    }
    if (c.kind === 'delete-group') return { ...c };
    const p = 'person' in c ? c.person : undefined;
    const secrets = [c.member, ...(p !== undefined ? [p.displayName, p.dcid, ...(p.number !== undefined ? [p.number] : [])] : [])];
    const replacement = new Map<string, string>([[c.member, this.address(c.member)], ...(p !== undefined ? [[p.displayName, this.name(p).displayName] as const] : [])]);
    const reasons = c.reasons.map((reason) => this.text(reason, secrets, replacement));
    const member = this.address(c.member);
    const redacted = { ...c, member, reasons, ...(p !== undefined ? { person: this.person(p) } : {}) } as MemberChange;
    return { ...redacted, id: contentId(redacted) };
  }

  /** Issue messages quote source rows (names, numbers): keep where and what, not who. */
  issue(i: PlanIssue): PlanIssue {
    const out: PlanIssue = { ...i, message: `${i.code}${i.file ? ` at ${i.file}${i.row !== undefined ? ` row ${i.row}` : ''}` : ''}${i.field ? `, field ${i.field}` : ''} (details redacted)` };
    if (i.address !== undefined) out.address = this.address(i.address);
    return out;
  }
}
