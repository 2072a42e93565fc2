/**
 * Text from outside (a server's error body, a library's message) can carry a credential: a
 * bearer token echoed back, a query string with a secret, a key. Before such text is shown,
 * logged or journaled, anything credential-shaped is replaced, and so is every secret the
 * caller knows it holds (the exact token or client secret in use).
 */
export function redactSecrets(text: string, known: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  // Longest first, so a secret that contains another is not half replaced.
  for (const secret of [...known].filter((s): s is string => s !== undefined && s.length >= 4).sort((a, b) => b.length - a.length)) {
    out = out.split(secret).join('[redacted]');
  }
  return out
    .replace(/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, '$1 [redacted]')
    .replace(/\b(access_token|refresh_token|id_token|client_secret|assertion|key|code|password|token)(["']?\s*[=:]\s*["']?)[^&\s"',}]+/gi, '$1$2[redacted]')
    .replace(/-----BEGIN [A-Z ]+-----[\s\S]*?(-----END [A-Z ]+-----|$)/g, '[redacted key]');
}
