/** Text from outside is redacted before it is shown: credential-shaped pieces, and the exact secrets in use. */
import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../src/secret-text.js';

describe('redactSecrets', () => {
  it('takes out the secrets the caller holds, wherever they appear', () => {
    expect(redactSecrets('proxy said: token was 5f1e-aa-77 (client s3cr3t-value)', ['5f1e-aa-77', 's3cr3t-value', undefined])).toBe('proxy said: token was [redacted] (client [redacted])');
  });

  it('takes out credential-shaped text: bearer and basic headers, secrets in query strings and JSON, keys', () => {
    const text =
      'Authorization: Bearer ya29.abc-DEF Basic dXNlcjpwYXNz ?access_token=xyz&x=1 {"client_secret": "shh", "password":"pw1"} ' +
      '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----';
    const out = redactSecrets(text);
    expect(out).toBe(
      'Authorization: Bearer [redacted] Basic [redacted] ?access_token=[redacted]&x=1 {"client_secret": "[redacted]", "password":"[redacted]"} [redacted key]',
    );
  });

  it('leaves ordinary messages alone', () => {
    const message = 'Resource Not Found: userKey; Invalid Input: INVALID_OU_ID; table students has 30 records';
    expect(redactSecrets(message)).toBe(message);
  });
});
