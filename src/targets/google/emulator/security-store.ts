/**
 * Each account's sign-in security, by user id: the OAuth tokens it granted applications, its
 * application-specific passwords, its unused backup verification codes, and the sign-outs an
 * administrator made. Suspending an account leaves all of it in place, as Google does (which is
 * why offboarding revokes each); deleting the account drops it.
 */

/** An OAuth token a user granted an application, as `tokens.list` returns it (without kind, etag, userKey). */
export interface OAuthToken {
  clientId: string;
  displayText?: string;
  scopes?: string[];
  anonymous?: boolean;
  nativeApp?: boolean;
}

/**
 * An application-specific password, as `asps.list` returns it (without kind, etag, userKey);
 * times are milliseconds since 1970 as text, `"0"` when unknown, as Google gives them.
 */
export interface AppPassword {
  codeId: number;
  name: string;
  creationTime: string;
  lastTimeUsed: string;
}

/** A seed's sign-in security for one account; app passwords without `codeId` are numbered from 1. */
export interface UserSecuritySeed {
  tokens?: OAuthToken[];
  asps?: Array<Partial<AppPassword> & { name: string }>;
  /** Backup verification codes not used yet. */
  verificationCodes?: string[];
}

/** One account's sign-in security now. */
export interface UserSecurity {
  tokens: OAuthToken[];
  asps: AppPassword[];
  verificationCodes: string[];
  /** How many times users.signOut was called for the account. */
  signOuts: number;
  /** When the last users.signOut was made (the emulator's clock). */
  lastSignOutTime?: string;
}

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
