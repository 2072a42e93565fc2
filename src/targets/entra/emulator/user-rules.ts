/**
 * What Graph checks of a user beyond each property's type: the shape of userPrincipalName
 * (and its domain, when the tenant's verified domains are known), of mailNickname and
 * usageLocation, and the default password policy. Passwords are checked and then dropped:
 * never stored, never in an answer or in the state.
 */
import { badRequest, invalidValue } from './graph-error.js';

/** What Graph allows before the @: letters, digits and . - _ ! # ^ ~ ' (no leading, trailing or double dot). */
const UPN = /^(?!\.)(?!.*\.\.)[A-Za-z0-9.\-_!#^~']{1,64}(?<!\.)@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const MAIL_NICKNAME = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+$/;
const COUNTRY_CODE = /^[A-Z]{2}$/;

export interface UserRules {
  /** Lower-case domains userPrincipalName may use; undefined = any. */
  verifiedDomains: ReadonlySet<string> | undefined;
}

export function checkUserShape(user: Record<string, unknown>, rules: UserRules): void {
  const upn = user.userPrincipalName;
  if (typeof upn === 'string') {
    if (!UPN.test(upn)) throw invalidValue('userPrincipalName', 'User');
    const domain = upn.slice(upn.indexOf('@') + 1).toLowerCase();
    if (rules.verifiedDomains && !rules.verifiedDomains.has(domain)) {
      throw badRequest('The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.');
    }
  }
  if (typeof user.mailNickname === 'string' && !MAIL_NICKNAME.test(user.mailNickname)) throw invalidValue('mailNickname', 'User');
  if (typeof user.usageLocation === 'string' && !COUNTRY_CODE.test(user.usageLocation)) throw invalidValue('usageLocation', 'User');
}

/**
 * Graph's default password policy: 8 to 256 characters, and three of lower case, upper case,
 * digits and symbols. An update may change only the sign-in flags.
 */
export function checkPasswordProfile(profile: unknown, mode: 'create' | 'update'): void {
  if (profile === null || typeof profile !== 'object' || Array.isArray(profile)) throw invalidValue('passwordProfile', 'User');
  const { password, forceChangePasswordNextSignIn, forceChangePasswordNextSignInWithMfa } = profile as Record<string, unknown>;
  for (const flag of [forceChangePasswordNextSignIn, forceChangePasswordNextSignInWithMfa]) {
    if (flag !== undefined && typeof flag !== 'boolean') throw invalidValue('passwordProfile', 'User');
  }
  if (password === undefined && mode === 'update') return;
  if (typeof password !== 'string') throw invalidValue('passwordProfile', 'User');
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((c) => c.test(password)).length;
  if (password.length < 8 || password.length > 256 || classes < 3) {
    throw badRequest('The specified password does not comply with password complexity requirements. Please provide a different password.');
  }
}
