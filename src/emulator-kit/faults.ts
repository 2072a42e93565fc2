/**
 * Injected failures. Each request is offered to the rules in order; the first live rule that
 * matches decides. A `before` failure leaves the directory untouched; an `after` failure lets
 * the request take effect and then answers the error, like a response lost on the way back
 * (the case where a retried create meets 409 or 400). Each emulator turns the rule into its
 * own API's error body.
 */
import { ErrorCodes, RollcallError } from '../errors.js';

export interface FaultRule {
  /** 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET' ...; undefined = any. */
  method?: string;
  /** Substring or regex source matched against the URL path (raw or decoded). */
  pathPattern?: string;
  /** 403 | 429 | 500 | 503 ... */
  status: number;
  /** Google: the error reason ('userRateLimitExceeded', 'backendError'...); Graph: the error code ('TooManyRequests'...). Default by status. */
  reason?: string;
  /** 'before': fail without applying; 'after': apply the request, then answer the error. */
  when: 'before' | 'after';
  /** How many matching requests fail (default 1); then the rule is spent. */
  times?: number;
  /** Alternatively fail every Nth matching request. */
  every?: number;
  /** Adds a Retry-After header. */
  retryAfterSeconds?: number;
}

interface LiveRule {
  rule: FaultRule;
  regex: RegExp | undefined;
  matched: number;
  failed: number;
}

export interface FaultDecision {
  when: 'before' | 'after';
  rule: FaultRule;
}

function checkRule(rule: FaultRule, index: number): void {
  const bad = (why: string): never => {
    throw new RollcallError(ErrorCodes.USAGE, `fault rule ${index + 1}: ${why}`, { details: { rule: index + 1 } });
  };
  if (!Number.isInteger(rule.status) || rule.status < 400 || rule.status > 599) bad(`status must be 400..599, got ${rule.status}`);
  if (rule.when !== 'before' && rule.when !== 'after') bad(`when must be 'before' or 'after'`);
  for (const key of ['times', 'every', 'retryAfterSeconds'] as const) {
    const v = rule[key];
    if (v !== undefined && (!Number.isInteger(v) || v < (key === 'retryAfterSeconds' ? 0 : 1))) bad(`${key} must be a positive integer`);
  }
}

function compile(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined) return undefined;
  try {
    return new RegExp(pattern);
  } catch {
    // Not a valid regex: the pattern is then only a substring.
    return undefined;
  }
}

export class FaultInjector {
  private rules: LiveRule[] = [];

  constructor(rules: readonly FaultRule[] = []) {
    this.set(rules);
  }

  /** Replaces every rule; counts start again. */
  set(rules: readonly FaultRule[]): void {
    rules.forEach(checkRule);
    this.rules = rules.map((rule) => ({ rule: { ...rule }, regex: compile(rule.pathPattern), matched: 0, failed: 0 }));
  }

  private matches(live: LiveRule, method: string, path: string): boolean {
    const { rule } = live;
    if (rule.method !== undefined && rule.method.toUpperCase() !== method) return false;
    if (rule.pathPattern === undefined) return true;
    if (path.includes(rule.pathPattern)) return true;
    let decoded = path;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      // keep the raw path
    }
    return decoded.includes(rule.pathPattern) || (live.regex?.test(path) ?? false) || (live.regex?.test(decoded) ?? false);
  }

  /** Whether this request fails, and how. Counts the request against the matching rule. */
  decide(method: string, path: string): FaultDecision | undefined {
    for (const live of this.rules) {
      const { rule } = live;
      // `every` rules run forever unless `times` caps them; other rules fail `times` (1) requests.
      const limit = rule.times ?? (rule.every === undefined ? 1 : Infinity);
      if (live.failed >= limit) continue;
      if (!this.matches(live, method, path)) continue;
      live.matched++;
      if (rule.every !== undefined && live.matched % rule.every !== 0) continue;
      live.failed++;
      return { when: rule.when, rule };
    }
    return undefined;
  }
}
