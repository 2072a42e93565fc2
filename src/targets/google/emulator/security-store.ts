/**
 * Each account's sign-in security, by user id: the OAuth tokens it granted applications, its
 * application-specific passwords, its unused backup verification codes, and the sign-outs an
 * administrator made. Suspending an account leaves all of it in place, as Google does (which is
 * why offboarding revokes each); deleting the account drops it.
 */
import type { AppPassword, OAuthToken, UserSecurity, UserSecuritySeed } from './lifecycle-types.js';

export interface StoredSecurity {
  tokens: Map<string, OAuthToken>;
  asps: Map<number, AppPassword>;
  verificationCodes: string[];
  signOuts: number;
  lastSignOutTime?: string;
}

const empty = (): StoredSecurity => ({ tokens: new Map(), asps: new Map(), verificationCodes: [], signOuts: 0 });

export class SecurityStore {
  private readonly byUser = new Map<string, StoredSecurity>();

  /** A user's security, created empty on first use. */
  of(userId: string): StoredSecurity {
    let security = this.byUser.get(userId);
    if (!security) this.byUser.set(userId, (security = empty()));
    return security;
  }

  /**
   * Takes a seed's tokens, app passwords and codes; `problem` names what a tenant could not hold
   * (a token or app password listed twice).
   */
  seed(userId: string, given: UserSecuritySeed, problem: (what: string) => never): void {
    const security = this.of(userId);
    for (const token of given.tokens ?? []) {
      if (typeof token.clientId !== 'string' || token.clientId === '') problem('a token without clientId');
      if (security.tokens.has(token.clientId)) problem(`token ${token.clientId} listed twice`);
      security.tokens.set(token.clientId, structuredClone(token));
    }
    let next = 1;
    for (const asp of given.asps ?? []) {
      const codeId = asp.codeId ?? next;
      if (!Number.isInteger(codeId) || codeId < 1) problem(`app password codeId ${String(asp.codeId)}`);
      if (security.asps.has(codeId)) problem(`app password ${codeId} listed twice`);
      security.asps.set(codeId, { codeId, name: asp.name, creationTime: asp.creationTime ?? '0', lastTimeUsed: asp.lastTimeUsed ?? '0' });
      next = Math.max(next, codeId + 1);
    }
    security.verificationCodes.push(...(given.verificationCodes ?? []));
  }

  drop(userId: string): void {
    this.byUser.delete(userId);
  }

  /** A copy of a user's security in state() form, or undefined when there is nothing to show. */
  view(userId: string): UserSecurity | undefined {
    const s = this.byUser.get(userId);
    if (!s || (s.tokens.size === 0 && s.asps.size === 0 && s.verificationCodes.length === 0 && s.signOuts === 0)) return undefined;
    return {
      tokens: [...s.tokens.values()].sort((a, b) => (a.clientId < b.clientId ? -1 : 1)).map((t) => structuredClone(t)),
      asps: [...s.asps.values()].sort((a, b) => a.codeId - b.codeId).map((a) => ({ ...a })),
      verificationCodes: [...s.verificationCodes],
      signOuts: s.signOuts,
      ...(s.lastSignOutTime !== undefined ? { lastSignOutTime: s.lastSignOutTime } : {}),
    };
  }

  userIds(): IterableIterator<string> {
    return this.byUser.keys();
  }
}
